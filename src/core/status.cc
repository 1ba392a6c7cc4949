#include "winnow/status.h"

#include <cstring>

namespace winnow {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "ok";
    case ErrorCode::kInvalidArgument: return "invalid argument";
    case ErrorCode::kNotFound: return "not found";
    case ErrorCode::kIoError: return "i/o error";
    case ErrorCode::kDataError: return "data error";
    case ErrorCode::kResourceExhausted: return "resource exhausted";
    case ErrorCode::kInternal: return "internal error";
  }
  return "unknown error";
}

std::string Status::ToString() const { return ok() ? "ok" : message_; }

Status Status::WithPrefix(std::string_view prefix) const {
  if (ok()) return *this;
  return Status(code_, std::string(prefix) + ": " + message_);
}

Status ErrnoError(std::string_view what, int errnum) {
  char buf[256];
  // GNU strerror_r returns the message pointer.
  const char* msg = strerror_r(errnum, buf, sizeof buf);
  return IoError(std::string(what) + ": " + msg);
}

}  // namespace winnow
