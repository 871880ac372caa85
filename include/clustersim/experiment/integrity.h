// Integrity of what a run keeps between invocations: the sweep journal now, shards and their
// merge later. Two mechanisms, used together:
//   - a fingerprint of everything the kept results depend on (the scenario text, the overrides,
//     every file the scenario reads, the output format), so that results of one input are never
//     mixed with those of an edited one;
//   - records framed with their length and a checksum ("TAG INDEX LENGTH CHECKSUM\n", the body,
//     "\n"), so that a record cut short by a crash, or damaged on disk, is recognised, dropped and
//     computed again instead of being trusted.
// Both use 64-bit FNV-1a: any change of a single byte always changes it (each step is a
// bijection of the state), and other damage goes unnoticed with probability 2^-64. It is not a
// defence against someone forging a journal, which nothing here needs.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace clustersim {

uint64_t Checksum(std::string_view bytes);

// 16 lower-case hex digits.
std::string HexOf(uint64_t value);

class Fingerprint {
 public:
  // Adds `s` with a separator, so that ("ab", "c") and ("a", "bc") differ.
  void Add(std::string_view s);
  // Adds the file's path and its bytes; a file that cannot be read adds the reason instead, so
  // that a file that appears or goes away changes the fingerprint too.
  void AddFile(const std::string& path);
  uint64_t value() const { return h_; }
  std::string Hex() const { return HexOf(h_); }

 private:
  uint64_t h_ = 14695981039346656037ULL;
};

// One framed record: "TAG INDEX LENGTH CHECKSUM\n" + body + "\n"; the checksum covers the tag,
// the index and the length as well as the body.
std::string FrameRecord(const std::string& tag, uint64_t index, std::string_view body);

// The records tagged `tag` found in `text` from byte `start` on. Records tagged one of `others`
// are stepped over (a journal may interleave kinds of records, each scanned for on its own);
// any other tag ends the scan like a damaged header.
struct RecordScan {
  std::map<uint64_t, std::string> records;  // the intact ones, by index (a later one wins)
  std::vector<uint64_t> damaged;            // indices of records whose checksum failed
  bool unreadable_tail = false;             // the text ends in something that is not a whole record
  size_t end = 0;                           // where the last intact or damaged record ends
  bool clean() const { return damaged.empty() && !unreadable_tail; }
};
RecordScan ScanRecords(std::string_view text, size_t start, const std::string& tag,
                       const std::vector<std::string>& others = {});

}  // namespace clustersim
