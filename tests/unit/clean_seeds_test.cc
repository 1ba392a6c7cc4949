// The seed pair: the print capture of 000 cleans to the photo caption plus
// the nine body paragraphs that the web capture 001 has on its first nine
// lines, byte for byte.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "winnow/byte_source.h"
#include "winnow/clean.h"

namespace winnow {
namespace {

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t nl = s.find('\n', pos);
    if (nl == std::string::npos) nl = s.size();
    out.push_back(s.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return out;
}

TEST(CleanSeeds, PrintCaptureBecomesCaptionPlusNineWebParagraphs) {
  const std::string dir = std::string(WINNOW_SHARED_DIR) + "/seeds";
  if (!std::filesystem::exists(dir)) {
    GTEST_SKIP() << "seed folder " << dir << " is absent";
  }
  auto print = ReadWholeFile(dir + "/000_686b4e63baf677cf.txt");
  auto web = ReadWholeFile(dir + "/001_68847ea854be56bd.txt");
  ASSERT_TRUE(print.ok()) << print.status().ToString();
  ASSERT_TRUE(web.ok()) << web.status().ToString();

  CleanResult a, b;
  CleanText(*print, {}, &a);
  CleanText(*web, {}, &b);
  EXPECT_TRUE(a.wrap.wrapped);
  EXPECT_FALSE(b.wrap.wrapped);

  std::vector<std::string> pa = Lines(a.text);
  std::vector<std::string> web_lines = Lines(*web);
  ASSERT_EQ(pa.size(), 10u) << a.text;
  EXPECT_EQ(pa[0],
            "North Korean leader Kim Jong Un attends a meeting of the ruling "
            "Workers' Party's Central Military Commission at its headquarters "
            "in Pyongyang, April 10, 2023. Korean Central News Agency/Korea "
            "News Service via AP/TASS");
  ASSERT_GE(web_lines.size(), 9u);
  for (size_t i = 0; i < 9; ++i) {
    EXPECT_EQ(pa[i + 1], web_lines[i]) << "paragraph " << i + 1;
  }
  // The web capture is already one paragraph per line: left alone.
  EXPECT_EQ(b.text, *web);
}

}  // namespace
}  // namespace winnow
