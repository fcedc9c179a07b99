#include "customers/card.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <string>

#include "clientele/error.hpp"
#include "store/session.hpp"
#include "text/utf8.hpp"

namespace clientele::store {

namespace {

struct Damaged {};  // thrown inside, turned into CorruptData once, with the customer's id

// One value of a row: the card holds only strings, integers and null.
struct Scalar {
    std::string text;
    std::optional<std::int64_t> number;
};

class Parser {
public:
    explicit Parser(std::string_view s) : p_(s.data()), e_(s.data() + s.size()) {}

    void expect(char c) {
        skip_space();
        if (p_ == e_ || *p_ != c) throw Damaged{};
        ++p_;
    }
    // Consumes `c` if it is next.
    bool take(char c) {
        skip_space();
        if (p_ != e_ && *p_ == c) {
            ++p_;
            return true;
        }
        return false;
    }
    bool at_end() {
        skip_space();
        return p_ == e_;
    }

    void string(std::string& out) {
        expect('"');
        out.clear();
        for (;;) {
            const char* run = p_;
            while (p_ != e_ && *p_ != '"' && *p_ != '\\') ++p_;
            out.append(run, p_);
            if (p_ == e_) throw Damaged{};
            if (*p_++ == '"') return;
            if (p_ == e_) throw Damaged{};
            switch (const char esc = *p_++) {
                case '"': case '\\': case '/': out.push_back(esc); break;
                case 'b': out.push_back('\b'); break;
                case 'f': out.push_back('\f'); break;
                case 'n': out.push_back('\n'); break;
                case 'r': out.push_back('\r'); break;
                case 't': out.push_back('\t'); break;
                case 'u': {
                    char32_t cp = hex4();
                    if (cp >= 0xD800 && cp <= 0xDBFF) {  // a surrogate pair
                        if (e_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') throw Damaged{};
                        p_ += 2;
                        const char32_t low = hex4();
                        if (low < 0xDC00 || low > 0xDFFF) throw Damaged{};
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        throw Damaged{};
                    }
                    text::append_utf8(out, cp);
                    break;
                }
                default: throw Damaged{};
            }
        }
    }

    void scalar(Scalar& out) {
        skip_space();
        out.number.reset();
        out.text.clear();
        if (p_ == e_) throw Damaged{};
        if (*p_ == '"') return string(out.text);
        if (e_ - p_ >= 4 && std::string_view(p_, 4) == "null") {
            p_ += 4;
            return;
        }
        std::int64_t v = 0;
        const auto [end, ec] = std::from_chars(p_, e_, v);
        if (ec != std::errc() || end == p_) throw Damaged{};
        p_ = end;
        out.number = v;
    }

private:
    void skip_space() {
        while (p_ != e_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
    }
    char32_t hex4() {
        if (e_ - p_ < 4) throw Damaged{};
        char32_t v = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = *p_++;
            v <<= 4;
            if (c >= '0' && c <= '9') v |= static_cast<char32_t>(c - '0');
            else if (c >= 'a' && c <= 'f') v |= static_cast<char32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= static_cast<char32_t>(c - 'A' + 10);
            else throw Damaged{};
        }
        return v;
    }

    const char* p_;
    const char* e_;
};

constexpr std::size_t kMaxColumns = 7;  // an address row
using Row = std::array<Scalar, kMaxColumns>;

// "[ [v, v, ...], ... ]" with `columns` values per row, or "[ v, ... ]" when columns == 0;
// `use` gets each row.
template <typename Use>
void rows(Parser& in, std::size_t columns, Row& row, Use&& use) {
    in.expect('[');
    if (in.take(']')) return;
    do {
        if (columns == 0) {
            in.scalar(row[0]);
        } else {
            in.expect('[');
            for (std::size_t k = 0; k < columns; ++k) {
                if (k > 0) in.expect(',');
                in.scalar(row[k]);
            }
            in.expect(']');
        }
        use(row);
    } while (in.take(','));
    in.expect(']');
}

std::string& text(Scalar& s) {
    if (s.number) throw Damaged{};
    return s.text;
}
bool flag(const Scalar& s) { return s.number.value_or(0) != 0; }

// ---- writing: SQLite's json_quote() rules (3.40 json.c jsonAppendString) -------------

void quote(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(ch);
        } else if (c <= 0x1f) {
            out.push_back('\\');
            switch (c) {
                case '\b': out.push_back('b'); break;
                case '\t': out.push_back('t'); break;
                case '\n': out.push_back('n'); break;
                case '\f': out.push_back('f'); break;
                case '\r': out.push_back('r'); break;
                default:
                    out += "u00";
                    out.push_back(kHex[c >> 4]);
                    out.push_back(kHex[c & 15]);
            }
        } else {
            out.push_back(ch);
        }
    }
    out.push_back('"');
}

// One group: "key":[row,row,...], each row written by `row`.
template <typename Items, typename Row>
void group(std::string& out, const char* key, const Items& items, Row&& row) {
    out += out.size() > 1 ? ",\"" : "\"";
    out += key;
    out += "\":[";
    bool first = true;
    for (const auto& item : items) {
        if (!first) out.push_back(',');
        first = false;
        row(item);
    }
    out.push_back(']');
}

}  // namespace

std::string card_json(const Customer& c) {
    std::string out = "{";
    out.reserve(256);
    auto strings = [&](std::initializer_list<std::string_view> values, bool primary) {
        out.push_back('[');
        bool first = true;
        for (auto v : values) {
            if (!first) out.push_back(',');
            first = false;
            quote(out, v);
        }
        out += primary ? ",1" : ",0";
        out.push_back(']');
    };
    group(out, "e", c.emails, [&](const Email& e) { strings({e.address, e.normalized, e.label}, e.primary); });
    group(out, "p", c.phones, [&](const Phone& p) { strings({p.number, p.e164, p.label}, p.primary); });
    group(out, "a", c.addresses, [&](const Address& a) {
        strings({a.label, a.street, a.city, a.region, a.postcode, a.country}, a.primary);
    });
    // Tags and consent in kCardSql's order: by text, as SQLite's BINARY collation compares.
    std::vector<std::string_view> tags(c.tags.begin(), c.tags.end());
    std::sort(tags.begin(), tags.end());
    group(out, "t", tags, [&](std::string_view t) { quote(out, t); });
    std::vector<std::pair<std::string_view, const Consent*>> consent;
    for (const auto& [channel, k] : c.consent) consent.emplace_back(to_string(channel), &k);
    std::sort(consent.begin(), consent.end());
    group(out, "c", consent, [&](const std::pair<std::string_view, const Consent*>& item) {
        const Consent& k = *item.second;
        out.push_back('[');
        quote(out, item.first);
        out.push_back(',');
        quote(out, to_string(k.status));
        out.push_back(',');
        out += k.at ? std::to_string(seconds(*k.at)) : std::string("null");
        out.push_back(',');
        quote(out, k.method);
        out.push_back(']');
    });
    out.push_back('}');
    return out;
}

void read_card(std::string_view card, Customer& c, std::int64_t id) {
    try {
        Parser in(card);
        Row row;
        std::string key;
        in.expect('{');
        if (!in.take('}')) {
            do {
                in.string(key);
                in.expect(':');
                if (key == "e") {
                    rows(in, 4, row, [&](Row& r) {
                        c.emails.push_back({std::move(text(r[0])), std::move(text(r[2])), flag(r[3]), std::move(text(r[1]))});
                    });
                } else if (key == "p") {
                    rows(in, 4, row, [&](Row& r) {
                        c.phones.push_back({std::move(text(r[0])), std::move(text(r[2])), flag(r[3]), std::move(text(r[1]))});
                    });
                } else if (key == "a") {
                    rows(in, 7, row, [&](Row& r) {
                        c.addresses.push_back({std::move(text(r[0])), std::move(text(r[1])), std::move(text(r[2])),
                                               std::move(text(r[3])), std::move(text(r[4])), std::move(text(r[5])),
                                               flag(r[6])});
                    });
                } else if (key == "t") {
                    rows(in, 0, row, [&](Row& r) { c.tags.push_back(std::move(text(r[0]))); });
                } else if (key == "c") {
                    rows(in, 4, row, [&](Row& r) {
                        Consent k;
                        k.status = parse_consent_status(text(r[1]));
                        if (r[2].number) k.at = from_seconds(*r[2].number);
                        k.method = std::move(text(r[3]));
                        c.consent[parse_consent_channel(text(r[0]))] = std::move(k);
                    });
                } else {
                    throw Damaged{};
                }
            } while (in.take(','));
            in.expect('}');
        }
        if (!in.at_end()) throw Damaged{};
    } catch (const Damaged&) {
        throw CorruptData("customer #" + std::to_string(id) + " has a damaged card");
    } catch (const InvalidInput& e) {  // a consent channel or status no clientele writes
        throw CorruptData("customer #" + std::to_string(id) + " has a damaged card: " + e.reason());
    }
}

}  // namespace clientele::store
