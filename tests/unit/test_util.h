// Helpers shared by the unit tests: temporary directories and files.
#ifndef WINNOW_TESTS_UNIT_TEST_UTIL_H_
#define WINNOW_TESTS_UNIT_TEST_UTIL_H_

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace winnow::testing {

// A directory removed with everything in it when the object goes away.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/winnow-test-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  // Writes `bytes` to `name` and returns its path.
  std::string Write(const std::string& name, const std::string& bytes) const {
    std::string p = File(name);
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }

 private:
  std::string path_;
};

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline std::string TestData(const std::string& rel) {
  return std::string(WINNOW_TEST_DATA) + "/" + rel;
}

}  // namespace winnow::testing

#endif  // WINNOW_TESTS_UNIT_TEST_UTIL_H_
