// name_table.h (internal) — a fixed table from names to values, built at
// compile time.
//
// The DOM conversion looks up every element's tag name (TagFromName) and
// every word of every class and id attribute (cues.cc): a few million
// lookups a second, of short names. The table is an open-addressing array
// (linear probing, at most half full) indexed by the FNV-1a hash of the
// name; a probe compares the stored name only when its length matches, and
// a name longer than any in the table is not looked up at all.
// Built by a constexpr constructor, it needs no start-up work or locking.
// A name listed twice does not compile.
//
//   constexpr NameTable<int, 8>::Entry kEntries[] = {{"a", 1}, {"b", 2}};
//   constexpr NameTable<int, 8> kTable(kEntries);
//   const int* v = kTable.Find("b");  // 2; Find("c") is nullptr
#ifndef WINNOW_HTML_NAME_TABLE_H_
#define WINNOW_HTML_NAME_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace winnow::html {

template <typename V, size_t kSlots>
class NameTable {
  static_assert((kSlots & (kSlots - 1)) == 0, "kSlots is a power of two");

 public:
  struct Entry {
    std::string_view name;
    V value;
  };

  constexpr NameTable() = default;

  template <size_t N>
  constexpr explicit NameTable(const Entry (&entries)[N]) {
    for (const Entry& e : entries) Insert(e.name, e.value);
  }

  // Adds `name`. In a constant expression a full table or a name already
  // present does not compile (the throw is not a constant expression).
  constexpr void Insert(std::string_view name, V value) {
    if ((size_ + 1) * 2 > kSlots) throw "table more than half full";
    size_t i = SlotOf(name);
    while (slots_[i].used) {
      if (slots_[i].entry.name == name) throw "duplicate name";
      i = (i + 1) & (kSlots - 1);
    }
    slots_[i] = Slot{Entry{name, value}, true};
    ++size_;
    if (name.size() > longest_) longest_ = name.size();
  }

  // The value for `name`, or nullptr when it is not in the table.
  constexpr const V* Find(std::string_view name) const {
    if (name.size() > longest_) return nullptr;  // not worth hashing
    for (size_t i = SlotOf(name); slots_[i].used; i = (i + 1) & (kSlots - 1)) {
      const std::string_view key = slots_[i].entry.name;
      if (key.size() == name.size() && key == name) {
        return &slots_[i].entry.value;
      }
    }
    return nullptr;
  }

 private:
  // FNV-1a, its high half folded in: the low bits of FNV alone see only
  // the low bits of the bytes.
  static constexpr size_t SlotOf(std::string_view s) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001b3ull;
    }
    return static_cast<size_t>(h ^ (h >> 32)) & (kSlots - 1);
  }

  struct Slot {
    Entry entry{};
    bool used = false;
  };
  Slot slots_[kSlots] = {};
  size_t size_ = 0;
  size_t longest_ = 0;  // the longest name's length
};

}  // namespace winnow::html

#endif  // WINNOW_HTML_NAME_TABLE_H_
