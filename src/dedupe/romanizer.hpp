// Internal: per-thread conversion of any script to the keys matching compares: Han to
// simplified characters (OpenCC t2s) and to tone-less pinyin (ICU Han-Latin), every other
// script to lower-case ASCII (ICU Any-Latin; Latin-ASCII). Results are cached per code
// point, so ICU and OpenCC run once per distinct character, not once per record.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace clientele::matching {

class Romanizer {
public:
    Romanizer();
    ~Romanizer();
    Romanizer(const Romanizer&) = delete;
    Romanizer& operator=(const Romanizer&) = delete;

    /// The simplified form of a Han code point (itself when it has none).
    char32_t simplified(char32_t cp);
    /// Lower-case ASCII letters/digits for one code point: pinyin syllable without tone
    /// for Han, a transliteration for other scripts, "" for marks and symbols.
    const std::string& ascii(char32_t cp);
    /// NFKC + case folding of a whole string (full-width forms, ligatures, case).
    std::string fold(std::string_view s);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

bool is_han(char32_t cp);

}  // namespace clientele::matching
