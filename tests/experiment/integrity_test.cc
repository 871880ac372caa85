// The journal's integrity (issue 14, item 2): framed records with a checksum that covers the
// index and the length as well as the body, and a fingerprint of the files a run reads.
#include "clustersim/experiment/integrity.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace clustersim {
namespace {

TEST(IntegrityTest, RecordsRoundTrip) {
  const std::string text =
      "head\n" + FrameRecord("point", 3, "a,b\nc\n") + FrameRecord("point", 0, "");
  const RecordScan scan = ScanRecords(text, 5, "point");
  EXPECT_TRUE(scan.clean());
  ASSERT_EQ(scan.records.size(), 2u);
  EXPECT_EQ(scan.records.at(3), "a,b\nc\n");
  EXPECT_EQ(scan.records.at(0), "");
  EXPECT_EQ(scan.end, text.size());
}

TEST(IntegrityTest, AnyChangedByteIsFound) {
  const std::string good = FrameRecord("point", 12, "0.99951,3,[zone-a]\n");
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = bad[i] == '7' ? '8' : '7';
    const RecordScan scan = ScanRecords(bad, 0, "point");
    // Either the header no longer parses (the tail is unreadable) or the checksum fails; the
    // record is never taken as good, under any index.
    EXPECT_TRUE(scan.records.empty()) << "byte " << i << ": " << bad;
    EXPECT_FALSE(scan.clean()) << "byte " << i;
  }
}

TEST(IntegrityTest, ADamagedRecordIsSkippedAndTheNextOnesKept) {
  std::string text = FrameRecord("point", 1, "one\n") + FrameRecord("point", 2, "two\n") +
                     FrameRecord("point", 3, "three\n");
  text[text.find("two")] = 'T';
  const RecordScan scan = ScanRecords(text, 0, "point");
  EXPECT_EQ(scan.damaged, std::vector<uint64_t>{2});
  EXPECT_EQ(scan.records.size(), 2u);
  EXPECT_TRUE(scan.records.count(1) && scan.records.count(3));
  EXPECT_FALSE(scan.unreadable_tail);
}

TEST(IntegrityTest, ACutOffTailIsUnreadable) {
  const std::string whole = FrameRecord("point", 1, "one\n");
  const std::string text = whole + FrameRecord("point", 2, "two\n").substr(0, 12);
  const RecordScan scan = ScanRecords(text, 0, "point");
  EXPECT_EQ(scan.records.size(), 1u);
  EXPECT_TRUE(scan.unreadable_tail);
  EXPECT_EQ(scan.end, whole.size());
}

TEST(IntegrityTest, TheFingerprintFollowsAFilesBytes) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const std::string path = (dir / ("clustersim-fp-" + std::to_string(getpid()))).string();
  auto of = [&](const std::string& text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    Fingerprint f;
    f.AddFile(path);
    return f.Hex();
  };
  const std::string a = of("30d\n"), b = of("31d\n"), again = of("30d\n");
  EXPECT_NE(a, b);
  EXPECT_EQ(a, again);
  std::filesystem::remove(path);
  Fingerprint missing;
  missing.AddFile(path);
  EXPECT_NE(missing.Hex(), a);
  EXPECT_EQ(missing.Hex().size(), 16u);
}

}  // namespace
}  // namespace clustersim
