#include "mpi_session.h"

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "common.h"

namespace winnow::cli {
namespace {

std::unique_ptr<Communicator>& Session() {
  static std::unique_ptr<Communicator> session;
  return session;
}

}  // namespace

Communicator* MpiSession() {
  static bool tried = false;
  if (!tried) {
    tried = true;
    auto c = ConnectLauncher();
    if (!c.ok()) {
      std::fprintf(stderr, "winnow: cannot join the MPI job: %s\n",
                   c.status().message().c_str());
      std::exit(kExitError);
    }
    Session() = std::move(*c);
  }
  return Session().get();
}

int EndMpiSession(int code) {
  Session().reset();
  return code;
}

int ReportRunError(const Status& status) {
  Communicator* c = Session().get();
  if (c == nullptr) return ReportError(status);
  const int code = status.code() == ErrorCode::kInvalidArgument ? kExitUsage
                                                                : kExitError;
  c->Abort(status.message(), code);
  return code;  // not reached
}

}  // namespace winnow::cli
