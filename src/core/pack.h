// pack.h (private) — fixed-size values in byte strings, and a 64-bit mix:
// what the binary work files and the ranks' messages are made of.
// Little-endian, as written by the machines winnow runs on.
#ifndef WINNOW_SRC_CORE_PACK_H_
#define WINNOW_SRC_CORE_PACK_H_

#include <cstdint>
#include <cstring>
#include <string>

namespace winnow {

// Appends the bytes of `v` to `out`.
template <typename T>
void PutRaw(std::string* out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out->append(b, sizeof(T));
}

// Reads a T from `p` (which holds sizeof(T) bytes).
template <typename T>
T GetRaw(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

// The finalizer of MurmurHash3 (A. Appleby): every input bit reaches every
// output bit, so that values of any spread can pick ranks evenly.
inline uint64_t MurmurMix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

}  // namespace winnow

#endif  // WINNOW_SRC_CORE_PACK_H_
