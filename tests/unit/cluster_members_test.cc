// Cluster members (src/dedup/cluster_members.cc): records survive a round
// trip through bytes, members in any order come out of sorted runs merged
// in (cluster, ordinal) order whatever the budget, and the clusters file's
// lines group them as one process writes them.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "dedup/cluster_members.h"
#include "test_util.h"

namespace winnow::dedup {
namespace {

using testing::TempDir;

Member Make(uint32_t cluster, uint32_t ord, std::string id) {
  Member m;
  m.cluster = cluster;
  m.ord = ord;
  m.sim = 0.5f + static_cast<float>(ord % 7) / 16;
  m.flags = ord % 3 == 0 ? 4u : 0u;  // kDocExact on some
  m.id = std::move(id);
  return m;
}

auto Key(const Member& m) {
  return std::make_tuple(m.cluster, m.ord, m.sim, m.flags, m.id);
}

TEST(ClusterMembers, RecordsRoundTripAndPartialOnesAreRefused) {
  std::string bytes;
  std::vector<Member> in = {Make(3, 3, "a"), Make(3, 9, ""),
                            Make(12, 40, std::string(300, 'x'))};
  for (const Member& m : in) AppendMemberRecord(m, &bytes);
  std::vector<Member> out;
  ASSERT_TRUE(ForEachMemberRecord(bytes, [&](Member& m) {
                out.push_back(m);
                return OkStatus();
              }).ok());
  ASSERT_EQ(out.size(), in.size());
  for (size_t i = 0; i < in.size(); ++i) EXPECT_EQ(Key(out[i]), Key(in[i]));
  Status st = ForEachMemberRecord(bytes.substr(0, bytes.size() - 1),
                                  [](Member&) { return OkStatus(); });
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("a partial member record of 319 bytes"),
            std::string::npos)
      << st.message();
}

// Members shuffled at random, through runs of every size from one member
// each to all in one: the merge yields them sorted, none lost.
TEST(ClusterMembers, RunsMergeInClusterOrderWhateverTheBudget) {
  std::mt19937 rng(7);
  std::vector<Member> all;
  for (uint32_t c = 0; c < 300; c += 1 + rng() % 5) {
    const uint32_t size = 2 + rng() % 6;
    for (uint32_t k = 0; k < size; ++k) {
      const uint32_t ord = k == 0 ? c : c + 1 + rng() % 5000;
      all.push_back(Make(c, ord, "d" + std::to_string(ord)));
    }
  }
  std::vector<Member> sorted = all;
  std::sort(sorted.begin(), sorted.end(),
            [](const Member& x, const Member& y) {
              return std::tie(x.cluster, x.ord) < std::tie(y.cluster, y.ord);
            });
  std::shuffle(all.begin(), all.end(), rng);
  for (uint64_t budget : {uint64_t{1}, uint64_t{500}, uint64_t{10000},
                          uint64_t{1} << 30}) {
    TempDir dir;
    MemberRuns runs(dir.File("run-"), budget);
    // Half as records in bytes, half one by one.
    std::string bytes;
    for (size_t i = 0; i < all.size(); ++i) {
      if (i % 2) {
        ASSERT_TRUE(runs.Add(all[i]).ok());
      } else {
        bytes.clear();
        AppendMemberRecord(all[i], &bytes);
        ASSERT_TRUE(runs.Add(std::string_view(bytes)).ok());
      }
    }
    auto paths = runs.Finish();
    ASSERT_TRUE(paths.ok());
    if (budget == 1) {
      EXPECT_EQ(paths->size(), all.size());
    }
    if (budget == uint64_t{1} << 30) {
      EXPECT_EQ(paths->size(), 1u);
    }
    auto merge = MemberMerge::Open(*paths);
    ASSERT_TRUE(merge.ok()) << merge.status().message();
    std::vector<Member> out;
    for (const Member* m; (m = (*merge)->head()) != nullptr;
         (*merge)->Advance()) {
      out.push_back(*m);
    }
    ASSERT_TRUE((*merge)->status().ok());
    ASSERT_EQ(out.size(), sorted.size()) << "budget " << budget;
    for (size_t i = 0; i < out.size(); ++i) {
      ASSERT_EQ(Key(out[i]), Key(sorted[i])) << "budget " << budget;
    }
  }
}

TEST(ClusterMembers, NothingAddedIsNoRunAndNoLine) {
  TempDir dir;
  MemberRuns runs(dir.File("run-"), 100);
  auto paths = runs.Finish();
  ASSERT_TRUE(paths.ok());
  EXPECT_TRUE(paths->empty());
  auto merge = MemberMerge::Open(*paths);
  ASSERT_TRUE(merge.ok());
  int lines = 0;
  ASSERT_TRUE(FormatClusters(**merge, [&](std::string_view) {
                ++lines;
                return OkStatus();
              }).ok());
  EXPECT_EQ(lines, 0);
}

// One line per cluster, members in input order, the representative (the
// member whose ordinal is the cluster's id) named and marked.
TEST(ClusterMembers, LinesGroupEachClusterInInputOrder) {
  TempDir dir;
  MemberRuns runs(dir.File("run-"), 1);  // every member its own run
  for (Member m : {Make(5, 9, "n9"), Make(2, 7, "n7"), Make(5, 5, "n5"),
                   Make(2, 2, "n2")}) {
    ASSERT_TRUE(runs.Add(std::move(m)).ok());
  }
  auto paths = runs.Finish();
  ASSERT_TRUE(paths.ok());
  auto merge = MemberMerge::Open(*paths);
  ASSERT_TRUE(merge.ok());
  std::string text;
  ASSERT_TRUE(FormatClusters(**merge, [&](std::string_view line) {
                text += line;
                return OkStatus();
              }).ok());
  EXPECT_EQ(text,
            "{\"cluster\":2,\"size\":2,\"representative\":\"n2\",\"members\":["
            "{\"id\":\"n2\",\"ordinal\":2,\"similarity\":1.0,"
            "\"representative\":true},"
            "{\"id\":\"n7\",\"ordinal\":7,\"similarity\":0.5}]}\n"
            "{\"cluster\":5,\"size\":2,\"representative\":\"n5\",\"members\":["
            "{\"id\":\"n5\",\"ordinal\":5,\"similarity\":1.0,"
            "\"representative\":true},"
            "{\"id\":\"n9\",\"ordinal\":9,\"similarity\":0.625,"
            "\"exact\":true}]}\n");
}

}  // namespace
}  // namespace winnow::dedup
