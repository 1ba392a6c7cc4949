// The one-rank Communicator: every collective is a copy or a no-op.
#include <cstdio>
#include <cstdlib>

#include "winnow/dist.h"

namespace winnow {
namespace {

class SoloCommunicator : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  int local_size() const override { return 1; }
  Status AllToAll(std::vector<std::string>* send,
                  std::vector<std::string>* recv) override {
    recv->resize(1);
    (*recv)[0].clear();
    (*recv)[0].swap((*send)[0]);
    return OkStatus();
  }
  Status AllReduce(uint64_t*, size_t, Op) override { return OkStatus(); }
  Status Send(int dest, std::string_view bytes) override {
    if (dest != 0) return InternalError("Send to rank " + std::to_string(dest) + " of 1");
    queue_.emplace_back(bytes);
    return OkStatus();
  }
  Status Recv(int source, std::string* bytes) override {
    if (source != 0 || queue_.empty()) {
      return InternalError("Recv with nothing sent");
    }
    *bytes = std::move(queue_.front());
    queue_.erase(queue_.begin());
    return OkStatus();
  }
  Status Barrier() override { return OkStatus(); }
  [[noreturn]] void Abort(const std::string& message, int code) override {
    std::fprintf(stderr, "winnow: rank 0 of 1: %s\n", message.c_str());
    std::exit(code);
  }

 private:
  std::vector<std::string> queue_;
};

}  // namespace

std::unique_ptr<Communicator> MakeSoloCommunicator() {
  return std::make_unique<SoloCommunicator>();
}

}  // namespace winnow
