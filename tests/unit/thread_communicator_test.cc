// The test-only Communicator of ranks on threads (thread_communicator.h):
// its collectives give what MPI's would, and misuse ends in an error, not a
// hang.
#include "thread_communicator.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace winnow {
namespace {

TEST(ThreadCommunicator, CollectivesAndMessagesOnFourRanks) {
  std::vector<Status> errors(4);
  testing::RunRanks(4, [&](Communicator& comm) {
    const int r = comm.rank(), n = comm.size();
    Status& st = errors[r];
    for (int round = 0; round < 50 && st.ok(); ++round) {
      std::vector<std::string> out(n), in;
      for (int d = 0; d < n; ++d) {
        out[d] = std::to_string(r) + ">" + std::to_string(d) + "#" +
                 std::to_string(round);
      }
      st = comm.AllToAll(&out, &in);
      if (!st.ok()) break;
      EXPECT_TRUE(out[r].empty());
      for (int s = 0; s < n; ++s) {
        EXPECT_EQ(in[s], std::to_string(s) + ">" + std::to_string(r) + "#" +
                             std::to_string(round));
        if (s != r) {  // the others' buffers are left as they were
          EXPECT_EQ(out[s], std::to_string(r) + ">" + std::to_string(s) + "#" +
                                std::to_string(round));
        }
      }
      uint64_t v[3] = {static_cast<uint64_t>(r + 1),
                       static_cast<uint64_t>(r + 1),
                       static_cast<uint64_t>(r + round)};
      st = comm.AllReduce(v, 1, Communicator::Op::kSum);
      if (st.ok()) st = comm.AllReduce(v + 1, 1, Communicator::Op::kMax);
      if (st.ok()) st = comm.AllReduce(v + 2, 1, Communicator::Op::kMin);
      EXPECT_EQ(v[0], 10u);
      EXPECT_EQ(v[1], 4u);
      EXPECT_EQ(v[2], static_cast<uint64_t>(round));
    }
    // A ring of messages, two from each rank, received in order.
    if (st.ok()) st = comm.Send((r + 1) % n, "first from " + std::to_string(r));
    if (st.ok()) st = comm.Send((r + 1) % n, "then " + std::to_string(r));
    std::string a, b;
    if (st.ok()) st = comm.Recv((r + n - 1) % n, &a);
    if (st.ok()) st = comm.Recv((r + n - 1) % n, &b);
    EXPECT_EQ(a, "first from " + std::to_string((r + n - 1) % n));
    EXPECT_EQ(b, "then " + std::to_string((r + n - 1) % n));
    if (st.ok()) st = comm.Barrier();
  });
  for (const Status& st : errors) EXPECT_TRUE(st.ok()) << st.ToString();
}

TEST(ThreadCommunicator, DifferentCollectivesAreAnError) {
  std::vector<Status> errors(2);
  testing::RunRanks(2, [&](Communicator& comm) {
    if (comm.rank() == 0) {
      errors[0] = comm.Barrier();
    } else {
      uint64_t v = 1;
      errors[1] = comm.AllReduce(&v, 1, Communicator::Op::kSum);
    }
  });
  for (const Status& st : errors) {
    EXPECT_EQ(st.code(), ErrorCode::kInternal);
    EXPECT_NE(st.message().find("while rank"), std::string::npos)
        << st.message();
  }
}

TEST(ThreadCommunicator, ARankThatNeverComesBreaksTheWorld) {
  std::vector<Status> errors(3);
  testing::RunRanks(
      3,
      [&](Communicator& comm) {
        if (comm.rank() == 2) return;  // returns early
        errors[comm.rank()] = comm.Barrier();
        std::string s;
        if (comm.rank() == 0) errors[2] = comm.Recv(2, &s);
      },
      std::chrono::milliseconds(200));
  for (const Status& st : errors) {
    EXPECT_EQ(st.code(), ErrorCode::kInternal);
    EXPECT_NE(st.message().find("broken"), std::string::npos) << st.message();
  }
}

}  // namespace
}  // namespace winnow
