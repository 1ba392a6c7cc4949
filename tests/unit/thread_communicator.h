// thread_communicator.h — the ranks of a distributed job as threads of one
// process, for unit tests: a distributed algorithm runs on 2 to 4 "ranks"
// under GoogleTest, without mpirun.
//
//   winnow::testing::RunRanks(3, [&](winnow::Communicator& comm) {
//     auto index = CombineRepeatCounts(comm, counters[comm.rank()].get(),
//     4096);
//     ...
//   });
//
// Obviously correct rather than fast. Synchronization: one mutex guards all
// the shared state (the slots of the collective in progress, the mailboxes)
// and one condition variable signals every change; a thread only touches
// shared state while it holds the mutex, and waits only through the
// condition variable with a predicate. A collective is two meetings (a
// generation-counting barrier): at the first every rank has put its
// contribution in its slot; then each reads the others' slots; at the
// second every rank has read, so no slot is overwritten by the next
// collective while someone still reads it. AllToAll's slot points to the
// sender's own `send` vector, which stays valid because the sender cannot
// leave the collective before the second meeting.
//
// Misuse is reported, not hung on: ranks entering different collectives
// (or AllReduce with different lengths) get an InternalError, and a rank
// waiting longer than the timeout (a rank that returned early and will
// never come) breaks the world: that call and every later one on any rank
// fail with an InternalError. Abort prints and aborts the process.
#ifndef WINNOW_TESTS_UNIT_THREAD_COMMUNICATOR_H_
#define WINNOW_TESTS_UNIT_THREAD_COMMUNICATOR_H_

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "winnow/dist.h"

namespace winnow::testing {

class ThreadWorld {
 public:
  explicit ThreadWorld(
      int ranks, std::chrono::milliseconds timeout = std::chrono::seconds(60))
      : n_(ranks), timeout_(timeout), slots_(ranks), mail_(ranks * ranks) {}

  // The communicator of rank `r`; the world must outlive it.
  std::unique_ptr<Communicator> Rank(int r);

 private:
  friend class ThreadCommunicator;
  enum class Kind { kAllToAll, kAllReduce, kBarrier };
  static const char* Name(Kind k) {
    switch (k) {
      case Kind::kAllToAll:
        return "AllToAll";
      case Kind::kAllReduce:
        return "AllReduce";
      case Kind::kBarrier:
        return "Barrier";
    }
    return "?";
  }
  struct Slot {
    Kind kind = Kind::kBarrier;
    std::vector<std::string>* send = nullptr;  // AllToAll
    std::vector<uint64_t> values;              // AllReduce
    Communicator::Op op = Communicator::Op::kSum;
  };

  Status Broken() const {
    return InternalError("ThreadWorld: broken (a rank waited " +
                         std::to_string(timeout_.count()) +
                         " ms for the others)");
  }

  // The barrier: returns when every rank has called it (or on timeout).
  Status Meet(std::unique_lock<std::mutex>& lock) {
    if (broken_) return Broken();
    const uint64_t gen = generation_;
    if (++arrived_ == n_) {
      arrived_ = 0;
      ++generation_;
      cv_.notify_all();
      return OkStatus();
    }
    if (!cv_.wait_for(lock, timeout_,
                      [&] { return generation_ != gen || broken_; })) {
      broken_ = true;
      cv_.notify_all();
    }
    return broken_ ? Broken() : OkStatus();
  }

  // One collective: `slot` in, meet, `read` every slot, meet.
  Status Collective(int rank, Slot slot,
                    const std::function<Status(std::vector<Slot>&)>& read) {
    std::unique_lock<std::mutex> lock(mu_);
    slots_[rank] = std::move(slot);
    WINNOW_RETURN_IF_ERROR(Meet(lock));
    Status st;
    for (int r = 0; r < n_ && st.ok(); ++r) {
      if (slots_[r].kind != slots_[rank].kind ||
          slots_[r].values.size() != slots_[rank].values.size()) {
        st = InternalError(
            std::string("ThreadWorld: rank ") + std::to_string(rank) +
            " called " + Name(slots_[rank].kind) + " while rank " +
            std::to_string(r) + " called " + Name(slots_[r].kind));
      }
    }
    if (st.ok()) st = read(slots_);
    Status met = Meet(lock);
    return st.ok() ? met : st;
  }

  Status Send(int from, int to, std::string_view bytes) {
    if (to < 0 || to >= n_) return InternalError("Send to a rank not here");
    std::lock_guard<std::mutex> lock(mu_);
    mail_[from * n_ + to].emplace_back(bytes);
    cv_.notify_all();
    return OkStatus();
  }

  Status Recv(int from, int to, std::string* bytes) {
    if (from < 0 || from >= n_)
      return InternalError("Recv from a rank not here");
    std::unique_lock<std::mutex> lock(mu_);
    std::deque<std::string>& box = mail_[from * n_ + to];
    if (!cv_.wait_for(lock, timeout_,
                      [&] { return !box.empty() || broken_; })) {
      broken_ = true;
      cv_.notify_all();
    }
    if (box.empty()) return Broken();
    *bytes = std::move(box.front());
    box.pop_front();
    return OkStatus();
  }

  const int n_;
  const std::chrono::milliseconds timeout_;
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t generation_ = 0;  // meetings completed
  int arrived_ = 0;          // ranks waiting in the current meeting
  bool broken_ = false;
  std::vector<Slot> slots_;
  std::vector<std::deque<std::string>> mail_;  // [from * n + to]
};

class ThreadCommunicator : public Communicator {
 public:
  ThreadCommunicator(ThreadWorld* world, int rank)
      : world_(world), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return world_->n_; }
  int local_size() const override { return world_->n_; }

  Status AllToAll(std::vector<std::string>* send,
                  std::vector<std::string>* recv) override {
    const int n = world_->n_;
    if (static_cast<int>(send->size()) != n) {
      return InternalError("AllToAll: " + std::to_string(send->size()) +
                           " buffers for " + std::to_string(n) + " ranks");
    }
    ThreadWorld::Slot slot;
    slot.kind = ThreadWorld::Kind::kAllToAll;
    slot.send = send;
    return world_->Collective(rank_, std::move(slot), [&](auto& slots) {
      recv->assign(n, std::string());
      for (int s = 0; s < n; ++s) {
        if (s != rank_) (*recv)[s] = (*slots[s].send)[rank_];
      }
      // As MPI's: what a rank sends itself is moved (the others do not
      // read (*send)[rank_]).
      (*recv)[rank_].swap((*send)[rank_]);
      (*send)[rank_].clear();
      return OkStatus();
    });
  }

  Status AllReduce(uint64_t* v, size_t n, Op op) override {
    ThreadWorld::Slot slot;
    slot.kind = ThreadWorld::Kind::kAllReduce;
    slot.values.assign(v, v + n);
    slot.op = op;
    return world_->Collective(rank_, std::move(slot), [&](auto& slots) {
      for (const auto& s : slots) {
        if (s.op != op) return InternalError("AllReduce: different ops");
      }
      for (size_t i = 0; i < n; ++i) {
        uint64_t x = slots[0].values[i];
        for (size_t r = 1; r < slots.size(); ++r) {
          const uint64_t y = slots[r].values[i];
          x = op == Op::kSum   ? x + y
              : op == Op::kMin ? std::min(x, y)
                               : std::max(x, y);
        }
        v[i] = x;
      }
      return OkStatus();
    });
  }

  Status Send(int dest, std::string_view bytes) override {
    return world_->Send(rank_, dest, bytes);
  }
  Status Recv(int source, std::string* bytes) override {
    return world_->Recv(source, rank_, bytes);
  }

  Status Barrier() override {
    return world_->Collective(rank_, ThreadWorld::Slot(),
                              [](auto&) { return OkStatus(); });
  }

  [[noreturn]] void Abort(const std::string& message, int code) override {
    std::fprintf(stderr, "winnow: rank %d of %d: %s\n", rank_, world_->n_,
                 message.c_str());
    std::abort();
  }

 private:
  ThreadWorld* world_;
  int rank_;
};

inline std::unique_ptr<Communicator> ThreadWorld::Rank(int r) {
  return std::make_unique<ThreadCommunicator>(this, r);
}

// Runs body(comm) for every rank of a new world of `ranks`, each on its own
// thread, and returns when all have returned.
inline void RunRanks(
    int ranks, const std::function<void(Communicator&)>& body,
    std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
  ThreadWorld world(ranks, timeout);
  std::vector<std::thread> threads;
  for (int r = 0; r < ranks; ++r) {
    threads.emplace_back([&world, &body, r] {
      auto comm = world.Rank(r);
      body(*comm);
    });
  }
  for (std::thread& t : threads) t.join();
}

}  // namespace winnow::testing

#endif  // WINNOW_TESTS_UNIT_THREAD_COMMUNICATOR_H_
