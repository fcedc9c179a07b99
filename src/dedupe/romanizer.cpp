#include "dedupe/romanizer.hpp"

#include <opencc/SimpleConverter.hpp>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include "text/utf8.hpp"

namespace clientele::matching {

bool is_han(char32_t cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

struct Romanizer::Impl {
    std::unique_ptr<icu::Transliterator> han;    // Han-Latin; Latin-ASCII; Lower
    std::unique_ptr<icu::Transliterator> other;  // Any-Latin; Latin-ASCII; Lower
    std::unique_ptr<opencc::SimpleConverter> t2s;
    const icu::Normalizer2* nfkc_cf = nullptr;
    std::unordered_map<char32_t, char32_t> simple;
    std::unordered_map<char32_t, std::string> latin;

    static std::unique_ptr<icu::Transliterator> make(const char* id) {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::Transliterator> t(
            icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, status));
        if (U_FAILURE(status)) t.reset();
        return t;
    }
};

Romanizer::Romanizer() : impl_(std::make_unique<Impl>()) {
    impl_->han = Impl::make("Han-Latin; Latin-ASCII; Lower");
    impl_->other = Impl::make("Any-Latin; Latin-ASCII; Lower");
    // Without the OpenCC data files traditional characters are still romanized (pinyin of
    // 張 and 张 is the same); only the exact-character comparison loses them.
    try {
        impl_->t2s = std::make_unique<opencc::SimpleConverter>("t2s.json");
    } catch (...) {
        impl_->t2s.reset();
    }
    UErrorCode status = U_ZERO_ERROR;
    impl_->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) impl_->nfkc_cf = nullptr;
}

Romanizer::~Romanizer() = default;

char32_t Romanizer::simplified(char32_t cp) {
    if (!is_han(cp) || !impl_->t2s) return cp;
    auto it = impl_->simple.find(cp);
    if (it != impl_->simple.end()) return it->second;
    std::string in;
    text::append_utf8(in, cp);
    char32_t out = cp;
    try {
        std::string s = impl_->t2s->Convert(in);
        std::size_t i = 0;
        char32_t c = text::next_code_point(s, i);
        if (i == s.size() && c != 0xFFFD) out = c;
    } catch (...) {
    }
    impl_->simple.emplace(cp, out);
    return out;
}

const std::string& Romanizer::ascii(char32_t cp) {
    auto it = impl_->latin.find(cp);
    if (it != impl_->latin.end()) return it->second;
    icu::UnicodeString u(static_cast<UChar32>(cp));
    icu::Transliterator* t = is_han(cp) ? impl_->han.get() : impl_->other.get();
    if (t) t->transliterate(u);
    std::string raw, out;
    u.toUTF8String(raw);
    for (char c : raw) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
    }
    return impl_->latin.emplace(cp, std::move(out)).first->second;
}

std::string Romanizer::fold(std::string_view s) {
    bool ascii_only = true;
    for (unsigned char c : s)
        if (c >= 0x80) ascii_only = false;
    std::string out;
    if (ascii_only || !impl_->nfkc_cf) {
        out.assign(s);
        for (auto& c : out)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return out;
    }
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString u = impl_->nfkc_cf->normalize(
        icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size()))), status);
    if (U_FAILURE(status)) return std::string(s);
    u.toUTF8String(out);
    return out;
}

}  // namespace clientele::matching
