// status.h — errors as values.
//
// Every fallible call in libwinnow returns a Status or a Result<T>. Nothing
// throws across the library's public API, and the library never prints or
// exits: a bad input record is a normal, documented outcome that the caller
// decides what to do with (stop, or skip and keep the record aside).
//
// A Status is either ok, or an ErrorCode plus a message. Messages name the
// place the problem was found, in the form users' editors understand:
//
//   corpus.jsonl:17: text field "text" is missing
//   dump.jsonl.gz: byte 1048576: truncated gzip stream
//
// Result<T> holds a T or a non-ok Status:
//
//   winnow::Result<int> ParsePort(std::string_view s);
//   auto port = ParsePort("80");
//   if (!port.ok()) return port.status();
//   Use(*port);
//
// The two macros below shorten the common propagation patterns.
//
// Cost: an ok Status is one byte plus an empty string (no allocation).
#ifndef WINNOW_STATUS_H_
#define WINNOW_STATUS_H_

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace winnow {

enum class ErrorCode : unsigned char {
  kOk = 0,
  kInvalidArgument,  // the caller asked for something impossible (usage)
  kNotFound,         // a named file or field does not exist
  kIoError,          // the operating system refused a read or a write
  kDataError,        // the input is malformed: bad JSON, truncated stream, ...
  kResourceExhausted,  // a configured budget (memory, record size) was hit
  kInternal,         // a bug in winnow
};

// Short lowercase name of a code, e.g. "data error".
std::string_view ErrorCodeName(ErrorCode code);

class Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "ok", or the message alone: messages already say where and what.
  std::string ToString() const;

  // Returns a copy whose message is "prefix: message".
  Status WithPrefix(std::string_view prefix) const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

inline Status OkStatus() { return Status(); }
inline Status InvalidArgument(std::string m) {
  return Status(ErrorCode::kInvalidArgument, std::move(m));
}
inline Status NotFound(std::string m) {
  return Status(ErrorCode::kNotFound, std::move(m));
}
inline Status IoError(std::string m) {
  return Status(ErrorCode::kIoError, std::move(m));
}
inline Status DataError(std::string m) {
  return Status(ErrorCode::kDataError, std::move(m));
}
inline Status ResourceExhausted(std::string m) {
  return Status(ErrorCode::kResourceExhausted, std::move(m));
}
inline Status InternalError(std::string m) {
  return Status(ErrorCode::kInternal, std::move(m));
}

// IoError built from errno: "<what>: <strerror(errnum)>".
Status ErrnoError(std::string_view what, int errnum);

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok() && "Result needs a value or an error");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace winnow

#define WINNOW_CONCAT_INNER_(a, b) a##b
#define WINNOW_CONCAT_(a, b) WINNOW_CONCAT_INNER_(a, b)

// Returns from the calling function if `expr` (a Status) is not ok.
#define WINNOW_RETURN_IF_ERROR(expr)            \
  do {                                          \
    ::winnow::Status winnow_status_ = (expr);   \
    if (!winnow_status_.ok()) return winnow_status_; \
  } while (0)

// `lhs` = the value of `rexpr` (a Result<T>), or return its error.
#define WINNOW_ASSIGN_OR_RETURN(lhs, rexpr)                             \
  auto WINNOW_CONCAT_(winnow_result_, __LINE__) = (rexpr);              \
  if (!WINNOW_CONCAT_(winnow_result_, __LINE__).ok())                   \
    return WINNOW_CONCAT_(winnow_result_, __LINE__).status();           \
  lhs = std::move(WINNOW_CONCAT_(winnow_result_, __LINE__)).value()

#endif  // WINNOW_STATUS_H_
