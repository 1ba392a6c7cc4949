// Regression: `-o /dev/null` (any device or pipe) must be written in place.
// Renaming the finished temporary file over it replaced the device with a
// regular file. Tested on a FIFO of our own, so that a regression cannot
// damage the machine's /dev/null.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "winnow/writer.h"

namespace winnow {
namespace {

TEST(OutputFileDevice, APipeIsWrittenInPlaceNotReplaced) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("winnow-fifo-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string fifo = (dir / "out.fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // A reader first, so that opening the FIFO for writing does not block.
  int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  {
    auto out = OutputFile::Create(fifo);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_TRUE((*out)->Write("records\n").ok());
    ASSERT_TRUE((*out)->Commit().ok());
  }
  char buf[16] = {};
  EXPECT_EQ(::read(reader, buf, sizeof buf), 8);
  EXPECT_STREQ(buf, "records\n");
  ::close(reader);
  struct stat st {};
  ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace winnow
