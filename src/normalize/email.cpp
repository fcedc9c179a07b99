#include <memory>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "clientele/error.hpp"
#include "clientele/normalize.hpp"
#include "text/utf8.hpp"

namespace clientele {

namespace {

bool is_ascii(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80) return false;
    return true;
}

// Full-width letters and the full-width at sign (＠) are common in addresses typed on
// Chinese input methods; NFKC with case folding turns them into their ASCII forms.
std::string fold_unicode(std::string_view s) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) return std::string(s);
    icu::UnicodeString folded =
        nfkc_cf->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size()))), status);
    if (U_FAILURE(status)) return std::string(s);
    std::string out;
    folded.toUTF8String(out);
    return out;
}

[[noreturn]] void fail(std::string_view text_in, std::string_view field, const std::string& why) {
    throw InvalidInput(std::string(field), "'" + std::string(text_in) + "' is not an email address: " + why);
}

}  // namespace

std::string normalize_email(std::string_view text_in, std::string_view field) {
    if (!text::is_valid_utf8(text_in)) fail(text_in, field, "invalid UTF-8");
    std::string s(text::trim(text_in));
    if (is_ascii(s)) {
        for (auto& c : s)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    } else {
        s = fold_unicode(s);
    }
    if (s.empty()) fail(text_in, field, "it is empty");
    auto at = s.find('@');
    if (at == std::string::npos) fail(text_in, field, "no '@'");
    if (s.find('@', at + 1) != std::string::npos) fail(text_in, field, "more than one '@'");
    std::string_view local(s.data(), at), domain(s.data() + at + 1, s.size() - at - 1);
    if (local.empty()) fail(text_in, field, "nothing before '@'");
    if (local.size() > 64) fail(text_in, field, "the part before '@' is longer than 64 characters");
    if (domain.empty()) fail(text_in, field, "nothing after '@'");
    if (s.size() > 254) fail(text_in, field, "longer than 254 characters");
    for (unsigned char c : s)
        if (c <= ' ' || c == ',' || c == ';' || c == '<' || c == '>' || c == '(' || c == ')' ||
            c == '[' || c == ']' || c == '\\' || c == '"' || c == 0x7F)
            fail(text_in, field, "it contains a space or '" + std::string(1, static_cast<char>(c)) + "'");
    if (domain.find('.') == std::string_view::npos) fail(text_in, field, "the domain has no '.'");
    if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos ||
        local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
        fail(text_in, field, "misplaced '.'");
    if (domain.front() == '-' || domain.back() == '-') fail(text_in, field, "misplaced '-' in the domain");
    return s;
}

}  // namespace clientele
