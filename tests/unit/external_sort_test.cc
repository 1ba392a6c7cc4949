// External sorting: runs and the k-way merge against std::sort, and the
// work-file checks.
#include "winnow/external_sort.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace winnow {
namespace {

struct Rec {
  uint32_t key;
  uint32_t value;
};
struct RecLess {
  bool operator()(const Rec& a, const Rec& b) const {
    return a.key != b.key ? a.key < b.key : a.value < b.value;
  }
};

class ExternalSortTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("winnow-xsort-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(ExternalSortTest, MergedRunsEqualOneSort) {
  std::mt19937 rng(3);
  for (size_t budget_records : {3, 7, 100, 100000}) {
    SCOPED_TRACE(budget_records);
    std::vector<Rec> all;
    std::string prefix = "t";
    prefix += std::to_string(budget_records);
    ExternalSorter<Rec, RecLess> sorter(dir_.string(), prefix,
                                        budget_records * sizeof(Rec));
    for (int i = 0; i < 1200; ++i) {
      Rec r{static_cast<uint32_t>(rng() % 300), static_cast<uint32_t>(rng())};
      all.push_back(r);
      ASSERT_TRUE(sorter.Add(r).ok());
    }
    ASSERT_TRUE(sorter.Flush().ok());
    // Never more than kMaxRuns runs to merge: earlier ones were compacted.
    const size_t spills = (1200 + budget_records - 1) / budget_records;
    // (A full set of kMaxRuns becomes one run before the next is added.)
    const size_t max = sorter.kMaxRuns;
    EXPECT_EQ(sorter.runs().size(),
              spills <= max ? spills : 2 + (spills - max - 1) % (max - 1));
    std::sort(all.begin(), all.end(), RecLess());
    auto merged = MergeReader<Rec, RecLess>::Open(sorter.runs(), 64);
    ASSERT_TRUE(merged.ok()) << merged.status().ToString();
    EXPECT_EQ((*merged)->total(), 1200u);
    Rec r;
    size_t i = 0;
    while ((*merged)->Next(&r)) {
      ASSERT_LT(i, all.size());
      ASSERT_EQ(r.key, all[i].key);
      ASSERT_EQ(r.value, all[i].value);
      ++i;
    }
    EXPECT_TRUE((*merged)->status().ok());
    EXPECT_EQ(i, all.size());
  }
}

TEST_F(ExternalSortTest, EmptyInputMergesToNothing) {
  ExternalSorter<Rec, RecLess> sorter(dir_.string(), "empty", 1 << 20);
  ASSERT_TRUE(sorter.Flush().ok());
  EXPECT_TRUE(sorter.runs().empty());
  auto merged = MergeReader<Rec, RecLess>::Open(sorter.runs(), 64);
  ASSERT_TRUE(merged.ok());
  Rec r;
  EXPECT_FALSE((*merged)->Next(&r));
}

TEST_F(ExternalSortTest, RecordReaderReadsAtAnIndexAndInBlocks) {
  std::vector<uint64_t> v(1000);
  for (size_t i = 0; i < v.size(); ++i) v[i] = i * i;
  const std::string path = (dir_ / "table.bin").string();
  ASSERT_TRUE(WriteTable(path, v).ok());
  auto r = RecordReader::Open(path, sizeof(uint64_t), 80);
  ASSERT_TRUE(r.ok());
  uint64_t x[2];
  ASSERT_TRUE((*r)->ReadAt(500, x, 2).ok());
  EXPECT_EQ(x[0], 250000u);
  EXPECT_EQ(x[1], 501u * 501u);
  size_t seen = 0;
  const void* p;
  size_t n;
  while ((n = (*r)->NextBlock(&p, 7)) > 0) {
    for (size_t i = 0; i < n; ++i) {
      ASSERT_EQ(static_cast<const uint64_t*>(p)[i], seen * seen);
      ++seen;
    }
  }
  EXPECT_EQ(seen, 1000u);
  EXPECT_FALSE((*r)->ReadAt(999, x, 2).ok());
}

TEST_F(ExternalSortTest, AnUncommittedWriterLeavesNoFile) {
  const std::string path = (dir_ / "gone.bin").string();
  {
    auto w = RecordWriter::Create(path, 4);
    ASSERT_TRUE(w.ok());
    uint32_t v = 1;
    ASSERT_TRUE((*w)->Append(&v, 1).ok());
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(std::filesystem::is_empty(dir_));
}

TEST_F(ExternalSortTest, TruncatedOrForeignFilesAreDataErrors) {
  const std::string path = (dir_ / "t.bin").string();
  std::vector<uint32_t> v = {1, 2, 3};
  ASSERT_TRUE(WriteTable(path, v).ok());
  std::filesystem::resize_file(path, kWorkHeaderBytes + 8);
  auto r = RecordReader::Open(path, 4);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kDataError);
  EXPECT_EQ(r.status().message(),
            path + ": work file is 40 bytes, its header says 44");

  const std::string other = (dir_ / "o.bin").string();
  std::ofstream(other) << "not a work file at all, not at all, no.";
  auto o = RecordReader::Open(other, 4);
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().message(), other + ": not a winnow work file (bad header)");

  auto wrong = RecordReader::Open(path.substr(0, path.size() - 5) + "x.bin", 4);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), ErrorCode::kIoError);

  std::vector<uint64_t> w = {1};
  ASSERT_TRUE(WriteTable(path, w).ok());
  auto size = RecordReader::Open(path, 4);
  ASSERT_FALSE(size.ok());
  EXPECT_EQ(size.status().message(),
            path + ": work file holds 8-byte records, expected 4");
}

}  // namespace
}  // namespace winnow
