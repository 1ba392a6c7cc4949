#include "winnow/charset.h"

#include <errno.h>
#include <iconv.h>

#include <cstring>
#include <memory>
#include <unordered_map>

#include "winnow/utf8.h"

namespace winnow {
namespace {

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && (IsSpace(s.front()) || s.front() == '"' ||
                        s.front() == '\'')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (IsSpace(s.back()) || s.back() == '"' ||
                        s.back() == '\'')) {
    s.remove_suffix(1);
  }
  std::string out;
  for (char c : s) out.push_back(Lower(c));
  return out;
}

// Reads a charset value starting at s[i] (after "charset="): an optional
// quote, then up to a quote, space, ';' or '>'.
std::string ReadCharsetValue(std::string_view s, size_t i) {
  while (i < s.size() && IsSpace(s[i])) ++i;
  if (i < s.size() && (s[i] == '"' || s[i] == '\'')) ++i;
  size_t j = i;
  while (j < s.size() && !IsSpace(s[j]) && s[j] != '"' && s[j] != '\'' &&
         s[j] != ';' && s[j] != '>' && s[j] != '/' && j - i < 40) {
    ++j;
  }
  return Trimmed(s.substr(i, j - i));
}

// One iconv descriptor per charset and thread, opened on first use.
class IconvCache {
 public:
  ~IconvCache() {
    for (auto& [name, cd] : cds_) {
      if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
    }
  }
  iconv_t Get(const std::string& name) {
    auto it = cds_.find(name);
    if (it != cds_.end()) return it->second;
    iconv_t cd = iconv_open("UTF-8", name.c_str());
    cds_.emplace(name, cd);
    return cd;
  }

 private:
  std::unordered_map<std::string, iconv_t> cds_;
};

// The iconv name of a canonical charset.
std::string IconvName(const std::string& canonical) {
  if (canonical == "windows-31j") return "CP932";
  if (canonical == "windows-949") return "CP949";
  return canonical;
}

// Converts with iconv; invalid input bytes become U+FFFD one at a time.
// Returns false if iconv does not know the charset.
bool Convert(std::string_view in, const std::string& canonical,
             std::string* out, uint64_t* invalid) {
  thread_local IconvCache cache;
  iconv_t cd = cache.Get(IconvName(canonical));
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset shift state
  out->clear();
  out->resize(in.size() * 2 + 16);
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  size_t used = 0;
  while (src_left > 0) {
    char* dst = out->data() + used;
    size_t dst_left = out->size() - used;
    size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
    used = out->size() - dst_left;
    if (r != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) {
      out->resize(out->size() * 2);
      continue;
    }
    // EILSEQ or EINVAL (truncated at the end): replace one byte.
    if (out->size() - used < 8) out->resize(out->size() * 2);
    out->resize(used);
    AppendUtf8(out, kReplacementChar);
    used = out->size();
    out->resize(used + src_left * 2 + 16);
    ++*invalid;
    ++src;
    --src_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  out->resize(used);
  return true;
}

}  // namespace

std::string_view CharsetSourceName(CharsetSource s) {
  switch (s) {
    case CharsetSource::kBom: return "bom";
    case CharsetSource::kHttp: return "http";
    case CharsetSource::kMeta: return "meta";
    case CharsetSource::kDetected: return "detected";
  }
  return "?";
}

std::string CanonicalCharset(std::string_view label) {
  std::string l = Trimmed(label);
  if (l.empty()) return "";
  static const auto* aliases = new std::unordered_map<std::string, std::string>{
      {"utf8", "utf-8"}, {"unicode-1-1-utf-8", "utf-8"},
      {"x-unicode20utf8", "utf-8"}, {"unicode20utf8", "utf-8"},
      {"iso-8859-1", "windows-1252"}, {"iso8859-1", "windows-1252"},
      {"iso_8859-1", "windows-1252"}, {"latin1", "windows-1252"},
      {"l1", "windows-1252"}, {"us-ascii", "windows-1252"},
      {"ascii", "windows-1252"}, {"cp1252", "windows-1252"},
      {"x-cp1252", "windows-1252"}, {"cp819", "windows-1252"},
      {"ansi_x3.4-1968", "windows-1252"}, {"iso-ir-100", "windows-1252"},
      {"gb2312", "gb18030"}, {"gbk", "gb18030"}, {"x-gbk", "gb18030"},
      {"cp936", "gb18030"}, {"chinese", "gb18030"},
      {"shift_jis", "windows-31j"}, {"shift-jis", "windows-31j"},
      {"sjis", "windows-31j"}, {"x-sjis", "windows-31j"},
      {"ms_kanji", "windows-31j"}, {"cp932", "windows-31j"},
      {"euc-kr", "windows-949"}, {"ks_c_5601-1987", "windows-949"},
      {"cp949", "windows-949"}, {"iso-8859-9", "windows-1254"},
      {"latin5", "windows-1254"}, {"tis-620", "windows-874"},
      {"iso-8859-11", "windows-874"}, {"big5-hkscs", "big5-hkscs"},
      {"x-x-big5", "big5"}, {"cp1251", "windows-1251"},
      {"cp1250", "windows-1250"}, {"utf-16", "utf-16le"},
  };
  auto it = aliases->find(l);
  return it == aliases->end() ? l : it->second;
}

std::string CharsetFromContentType(std::string_view ct) {
  std::string lower;
  for (char c : ct) lower.push_back(Lower(c));
  size_t p = lower.find("charset");
  while (p != std::string::npos) {
    size_t i = p + 7;
    while (i < lower.size() && IsSpace(lower[i])) ++i;
    if (i < lower.size() && lower[i] == '=') {
      return ReadCharsetValue(lower, i + 1);
    }
    p = lower.find("charset", p + 7);
  }
  return "";
}

std::string MetaCharset(std::string_view head) {
  head = head.substr(0, 4096);
  std::string lower;
  lower.reserve(head.size());
  for (char c : head) lower.push_back(Lower(c));
  size_t p = 0;
  while ((p = lower.find("<meta", p)) != std::string::npos) {
    size_t end = lower.find('>', p);
    if (end == std::string::npos) break;
    std::string_view tag = std::string_view(lower).substr(p, end - p);
    size_t c = tag.find("charset");
    while (c != std::string_view::npos) {
      size_t i = c + 7;
      while (i < tag.size() && IsSpace(tag[i])) ++i;
      if (i < tag.size() && tag[i] == '=') {
        std::string v = ReadCharsetValue(tag, i + 1);
        if (!v.empty()) return v;
      }
      c = tag.find("charset", c + 7);
    }
    p = end;
  }
  return "";
}

void DecodeHtml(std::string_view bytes, std::string_view content_type,
                std::string* utf8, CharsetInfo* info) {
  *info = CharsetInfo();
  std::string charset;
  // 1. Byte order mark.
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
    charset = "utf-8";
    info->source = CharsetSource::kBom;
  } else if (bytes.substr(0, 2) == "\xFF\xFE") {
    bytes.remove_prefix(2);
    charset = "utf-16le";
    info->source = CharsetSource::kBom;
  } else if (bytes.substr(0, 2) == "\xFE\xFF") {
    bytes.remove_prefix(2);
    charset = "utf-16be";
    info->source = CharsetSource::kBom;
  }
  // 2. HTTP header, 3. meta tag.
  if (charset.empty()) {
    std::string declared = CanonicalCharset(CharsetFromContentType(content_type));
    if (!declared.empty()) {
      charset = declared;
      info->source = CharsetSource::kHttp;
    } else {
      declared = CanonicalCharset(MetaCharset(bytes));
      if (declared.rfind("utf-16", 0) == 0) declared = "utf-8";
      if (!declared.empty()) {
        charset = declared;
        info->source = CharsetSource::kMeta;
      }
    }
  }
  if (charset == "utf-8") {
    info->charset = "utf-8";
    info->invalid = RepairUtf8(bytes, utf8);
    return;
  }
  if (!charset.empty()) {
    info->charset = charset;
    info->converted = true;
    if (Convert(bytes, charset, utf8, &info->invalid)) return;
    info->unknown_label = true;
    info->converted = false;
    info->invalid = 0;
  }
  // 4. Detection.
  info->source = CharsetSource::kDetected;
  if (IsValidUtf8(bytes)) {
    info->charset = "utf-8";
    utf8->assign(bytes);
    return;
  }
  info->charset = "windows-1252";
  info->converted = true;
  if (!Convert(bytes, "windows-1252", utf8, &info->invalid)) {
    info->charset = "utf-8";
    info->converted = false;
    info->invalid = RepairUtf8(bytes, utf8);
  }
}

}  // namespace winnow
