#include "search_document.hpp"

#include <vector>

namespace clientele::bench {

namespace {

char32_t next_code_point(std::string_view s, std::size_t& i) {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = b(i);
    if (c < 0x80) {
        ++i;
        return c;
    }
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (len == 1 || i + static_cast<std::size_t>(len) > s.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t cp = c & (0xFF >> (len + 1));
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (b(i + static_cast<std::size_t>(k)) & 0x3F);
    i += static_cast<std::size_t>(len);
    return cp;
}

// Han ideographs, kana and hangul, as the store counts them.
bool is_cjk(char32_t cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x3134F) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
           (cp >= 0x3005 && cp <= 0x3007);
}

// Runs of CJK text are written as overlapping bigrams, then single characters; other runs
// as they are; each field ends with " ; ".
void append_text(std::string& doc, std::string_view s) {
    auto emit = [&](std::string_view run, bool cjk) {
        if (!cjk) {
            doc.append(run).push_back(' ');
            return;
        }
        std::vector<std::string_view> chars;
        for (std::size_t i = 0; i < run.size();) {
            std::size_t at = i;
            next_code_point(run, i);
            chars.push_back(run.substr(at, i - at));
        }
        for (std::size_t k = 0; k + 1 < chars.size(); ++k) doc.append(chars[k]).append(chars[k + 1]).push_back(' ');
        for (auto ch : chars) doc.append(ch).push_back(' ');
    };
    std::size_t i = 0, start = 0;
    bool in_cjk = false;
    while (i < s.size()) {
        std::size_t at = i;
        bool cjk = is_cjk(next_code_point(s, i));
        if (at != start && cjk != in_cjk) {
            emit(s.substr(start, at - start), in_cjk);
            start = at;
        }
        in_cjk = cjk;
    }
    if (start < s.size()) emit(s.substr(start), in_cjk);
    doc.append(" ; ");
}

}  // namespace

std::string search_document(const Customer& c) {
    std::string doc;
    for (const auto* s : {&c.display_name, &c.given_name, &c.family_name, &c.company_name, &c.job_title,
                          &c.external_id, &c.membership_level})
        if (!s->empty()) append_text(doc, *s);
    for (const auto& e : c.emails) append_text(doc, e.normalized);
    for (const auto& p : c.phones) {
        append_text(doc, p.e164.empty() ? p.e164 : p.e164.substr(1));  // E.164 digits without '+'
        std::string digits;
        for (char ch : p.number)
            if (ch >= '0' && ch <= '9') digits.push_back(ch);
        append_text(doc, digits);  // the national form as typed
    }
    for (const auto& a : c.addresses) {
        append_text(doc, a.city);
        append_text(doc, a.region);
        append_text(doc, a.street);
        append_text(doc, a.postcode);
    }
    for (const auto& t : c.tags) append_text(doc, t);
    return doc;
}

}  // namespace clientele::bench
