#include "clustersim/experiment/integrity.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "clustersim/scenario/input_files.h"

namespace clustersim {
namespace {

constexpr uint64_t kPrime = 1099511628211ULL;

uint64_t Fnv(uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= kPrime;
  }
  return h;
}

// A file a run depends on may be large (a trace of years), but not without bound.
constexpr int64_t kMaxFingerprintedBytes = int64_t{1} << 32;

// A record's checksum covers its tag, index and length too: a damaged index must not move a
// point's result to another point.
uint64_t RecordChecksum(const std::string& tag, uint64_t index, std::string_view body) {
  const std::string head = tag + " " + std::to_string(index) + " " + std::to_string(body.size());
  return Fnv(Fnv(14695981039346656037ULL, head), body);
}

}  // namespace

uint64_t Checksum(std::string_view bytes) { return Fnv(14695981039346656037ULL, bytes); }

std::string HexOf(uint64_t value) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, value);
  return buf;
}

void Fingerprint::Add(std::string_view s) {
  h_ = Fnv(h_, s);
  h_ ^= 0xff;
  h_ *= kPrime;
}

void Fingerprint::AddFile(const std::string& path) {
  Add(path);
  std::string text;
  ReadProblem problem;
  if (ReadInputFile(path, kMaxFingerprintedBytes, &text, &problem)) {
    Add(text);
  } else {
    Add("unreadable: " + problem.Describe("'" + path + "'", "a file"));
  }
}

std::string FrameRecord(const std::string& tag, uint64_t index, std::string_view body) {
  std::string out = tag + " " + std::to_string(index) + " " + std::to_string(body.size()) + " " +
                    HexOf(RecordChecksum(tag, index, body)) + "\n";
  out.append(body);
  out += '\n';
  return out;
}

RecordScan ScanRecords(std::string_view text, size_t start, const std::string& tag,
                       const std::vector<std::string>& others) {
  RecordScan scan;
  scan.end = start;
  size_t at = start;
  while (at < text.size()) {
    const size_t eol = text.find('\n', at);
    if (eol == std::string_view::npos) break;
    // "TAG INDEX LENGTH CHECKSUM": exactly, so that a damaged header is not half-trusted.
    const std::string header(text.substr(at, eol - at));
    char tag_buf[32] = {0}, hex[17] = {0};
    unsigned long long index = 0, length = 0;
    int used = 0;
    if (std::sscanf(header.c_str(), "%31s %llu %llu %16[0-9a-f]%n", tag_buf, &index, &length, hex,
                    &used) != 4 ||
        static_cast<size_t>(used) != header.size() || std::string_view(hex).size() != 16) {
      break;
    }
    const std::string found = tag_buf;
    const bool mine = found == tag;
    if ((!mine && std::find(others.begin(), others.end(), found) == others.end()) ||
        header != found + " " + std::to_string(index) + " " + std::to_string(length) + " " + hex) {
      break;
    }
    const size_t body = eol + 1;
    if (length > text.size() || body + length + 1 > text.size() || text[body + length] != '\n') {
      break;
    }
    const std::string_view content = text.substr(body, length);
    if (mine) {
      if (HexOf(RecordChecksum(tag, index, content)) == hex) {
        scan.records[index] = std::string(content);
      } else {
        scan.damaged.push_back(index);
      }
    }
    at = body + length + 1;
    scan.end = at;
  }
  scan.unreadable_tail = scan.end < text.size();
  return scan;
}

}  // namespace clustersim
