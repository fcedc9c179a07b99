#include "customers/search_text.hpp"

#include <vector>

#include "model/customer_fields.hpp"
#include "text/utf8.hpp"

namespace clientele::store {

namespace {

// Splits text into runs of CJK characters and runs of everything else.
template <typename Fn>
void for_each_run(std::string_view s, Fn&& fn) {
    std::size_t i = 0, start = 0;
    bool in_cjk = false;
    while (i < s.size()) {
        std::size_t at = i;
        bool cjk = text::is_cjk(text::next_code_point(s, i));
        if (at != start && cjk != in_cjk) {
            fn(s.substr(start, at - start), in_cjk);
            start = at;
        }
        in_cjk = cjk;
    }
    if (start < s.size()) fn(s.substr(start), in_cjk);
}

std::vector<std::string_view> characters(std::string_view run) {
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < run.size();) {
        std::size_t at = i;
        text::next_code_point(run, i);
        out.push_back(run.substr(at, i - at));
    }
    return out;
}

void append_cjk(std::string& doc, std::string_view run) {
    auto chars = characters(run);
    for (std::size_t k = 0; k + 1 < chars.size(); ++k) {
        doc.append(chars[k]).append(chars[k + 1]).push_back(' ');
    }
    for (auto ch : chars) doc.append(ch).push_back(' ');
}

void append_text(std::string& doc, std::string_view s) {
    for_each_run(s, [&](std::string_view run, bool cjk) {
        if (cjk) append_cjk(doc, run);
        else doc.append(run).push_back(' ');
    });
    doc.append(" ; ");
}

std::string fts_quoted(std::string_view s) {
    std::string out = "\"";
    for (char ch : s) {
        if (ch == '"') out.push_back('"');
        out.push_back(ch);
    }
    out.push_back('"');
    return out;
}

bool has_token_char(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp = text::next_code_point(s, i);
        if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp >= 0x80)
            return true;
    }
    return false;
}

}  // namespace

std::string search_document(const Customer& c) {
    std::string doc;
    for (const auto& f : fields::customer_text_fields())
        if (f.searchable && !(c.*f.member).empty()) append_text(doc, c.*f.member);
    if (!c.external_id.empty()) append_text(doc, c.external_id);
    for (const auto& e : c.emails) append_text(doc, e.normalized);
    for (const auto& p : c.phones) {
        // The E.164 digits and the national form as typed (digits only), so both
        // "8613812345678" and "13812345678" match by prefix.
        append_text(doc, p.e164.empty() ? p.e164 : p.e164.substr(1));
        std::string digits;
        for (char ch : p.number)
            if (ch >= '0' && ch <= '9') digits.push_back(ch);
        append_text(doc, digits);
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

std::string search_expression(std::string_view query) {
    std::string expr;
    auto add = [&](std::string term) {
        if (!expr.empty()) expr.push_back(' ');  // implicit AND
        expr += term;
    };
    for_each_run(query, [&](std::string_view run, bool cjk) {
        if (cjk) {
            auto chars = characters(run);
            if (chars.size() == 1) {
                add(fts_quoted(chars[0]));
                return;
            }
            std::string phrase;
            for (std::size_t k = 0; k + 1 < chars.size(); ++k) {
                if (!phrase.empty()) phrase.push_back(' ');
                phrase.append(chars[k]).append(chars[k + 1]);
            }
            add(fts_quoted(phrase));
            return;
        }
        // Latin and other scripts: each space-separated word is a phrase of its tokens
        // ("zhang.wei@ex" -> zhang wei ex), the last one matching as a prefix.
        std::size_t i = 0;
        while (i < run.size()) {
            while (i < run.size() && (run[i] == ' ' || run[i] == '\t' || run[i] == '\n')) ++i;
            std::size_t start = i;
            while (i < run.size() && run[i] != ' ' && run[i] != '\t' && run[i] != '\n') ++i;
            auto word = run.substr(start, i - start);
            if (!word.empty() && has_token_char(word)) add(fts_quoted(word) + "*");
        }
    });
    return expr;
}

}  // namespace clientele::store
