// dist_files.h — moving files between the ranks of a distributed job
// (dist.h), for the joins that bring every rank's share of an output to
// rank 0. Internal to the library (the dedup and run jobs).
#ifndef WINNOW_SRC_DEDUP_DIST_FILES_H_
#define WINNOW_SRC_DEDUP_DIST_FILES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "winnow/dist.h"
#include "winnow/status.h"

namespace winnow::dedup {

// The chunk a file travels in.
inline constexpr size_t kFileChunk = size_t{4} << 20;

// Sends bytes [begin, end) of `path` to `dest` in chunks of 4 MiB, then an
// empty message (the end).
Status SendFileRange(Communicator& comm, int dest, const std::string& path,
                     uint64_t begin, uint64_t end);

// Receives what SendFileRange sends from `source`, chunk by chunk, passing
// each to `write`.
Status RecvInto(Communicator& comm, int source,
                const std::function<Status(std::string_view)>& write);

// RecvInto a new file at `path`.
Status RecvFile(Communicator& comm, int source, const std::string& path);

// Copies the first `size` bytes of `from` into `fd` at `offset` (`to` names
// it): in the kernel (copy_file_range), else through a buffer.
Status CopyRange(const std::string& from, uint64_t size, int fd,
                 uint64_t offset, const std::string& to);

// Passes the bytes of the file at `path` to `write`, 4 MiB at a time.
Status ForEachFileChunk(const std::string& path,
                        const std::function<Status(std::string_view)>& write);

// The size of `path`, 0 when it cannot be read.
uint64_t FileSize(const std::string& path);

}  // namespace winnow::dedup

#endif  // WINNOW_SRC_DEDUP_DIST_FILES_H_
