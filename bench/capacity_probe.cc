// capacity_probe: one kind of work, for bench/dedup/machine_capacity.sh,
// which runs it alone on one core and then twice at once on two: how much
// faster two cores finish two jobs than one core finishes one, for work
// that needs only the core (spin), work that streams memory (copy), and
// work that writes new files through the page cache (write). A 2-rank job
// cannot beat what two independent processes get for the same kinds of
// work; this says what the machine offers them at the moment.
//   capacity_probe spin|copy|write [PATH]   prints the seconds it took
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: capacity_probe spin|copy|write [PATH]\n");
    return 2;
  }
  const std::string mode = argv[1];
  const auto start = std::chrono::steady_clock::now();
  uint64_t sink = 0;
  if (mode == "spin") {
    // A chain of multiplies in registers: no memory traffic at all.
    uint64_t x = 1;
    for (uint64_t i = 0; i < 3000000000ull; ++i) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
    }
    sink = x;
  } else if (mode == "copy") {
    // 10 GiB copied between two 512 MiB buffers (touched first, so that
    // the time is the copies', not the first page faults').
    const size_t n = size_t{512} << 20;
    std::vector<char> a(n, 1), b(n, 2);
    for (int i = 0; i < 20; ++i) {
      std::memcpy(b.data(), a.data(), n);
      a[static_cast<size_t>(i)]++;
    }
    sink = static_cast<unsigned char>(b[7]);
  } else if (mode == "write" && argc > 2) {
    // 2 GiB written to a new file in 1 MiB writes, then removed.
    const int fd = ::open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
      std::perror(argv[2]);
      return 1;
    }
    std::vector<char> buf(size_t{1} << 20, 'x');
    for (int i = 0; i < 2048; ++i) {
      if (::write(fd, buf.data(), buf.size()) !=
          static_cast<ssize_t>(buf.size())) {
        std::perror(argv[2]);
        return 1;
      }
    }
    ::close(fd);
    ::unlink(argv[2]);
  } else {
    std::fprintf(stderr, "usage: capacity_probe spin|copy|write [PATH]\n");
    return 2;
  }
  const double s = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  std::printf("%.3f\n", s);
  return sink == 42 ? 3 : 0;  // keeps `sink` alive
}
