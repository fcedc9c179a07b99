#include "csv/reader.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <fstream>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "clientele/error.hpp"
#include "csv/buffer.hpp"
#include "csv/writer.hpp"
#include "text/utf8.hpp"

namespace clientele::csv {

namespace {

std::string hex_byte(unsigned char b) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    return std::string("0x") + kDigits[b >> 4] + kDigits[b & 15];
}

std::string invalid_utf8_reason(unsigned char b) {
    return "invalid UTF-8 (byte " + hex_byte(b) +
           ") — if the file is from Excel in China it is probably GB18030/GBK: read it with encoding gb18030";
}

// Bytes of `w` equal to `byte`, as the high bit of each byte; exact for the lowest match,
// which is all find_special uses.
static_assert(std::endian::native == std::endian::little, "find_special reads words little-endian");

inline std::uint64_t bytes_equal(std::uint64_t w, unsigned char byte) noexcept {
    const std::uint64_t v = w ^ (0x0101010101010101ULL * byte);
    return (v - 0x0101010101010101ULL) & ~v & 0x8080808080808080ULL;
}

// The first delimiter, quote or line end in [p, e), or e. Sixteen bytes a step with SSE2
// (most fields are shorter, so one step usually finds the end; this was the parser's
// hottest loop), else eight as a word (little-endian: the lowest flagged byte comes first).
inline char* find_special(char* p, const char* e, unsigned char delim) noexcept {
#if defined(__SSE2__)
    const __m128i vd = _mm_set1_epi8(static_cast<char>(delim)), vn = _mm_set1_epi8('\n'),
                  vr = _mm_set1_epi8('\r'), vq = _mm_set1_epi8('"');
    for (; e - p >= 16; p += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vd), _mm_cmpeq_epi8(x, vn)),
                                         _mm_or_si128(_mm_cmpeq_epi8(x, vr), _mm_cmpeq_epi8(x, vq)));
        if (const auto m = static_cast<unsigned>(_mm_movemask_epi8(hit))) return p + std::countr_zero(m);
    }
#endif
    for (; e - p >= 8; p += 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        const std::uint64_t m = bytes_equal(w, delim) | bytes_equal(w, '\n') | bytes_equal(w, '\r') | bytes_equal(w, '"');
        if (m) return p + std::countr_zero(m) / 8;
    }
    for (; p < e; ++p)
        if (*p == static_cast<char>(delim) || *p == '\n' || *p == '\r' || *p == '"') break;
    return p;
}

std::string too_long(std::size_t limit) {
    return "longer than " + std::to_string(limit) + " bytes (is a quote unbalanced?)";
}

}  // namespace

std::unique_ptr<std::istream> open_input(const std::filesystem::path& path) {
    auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*in) throw InvalidInput("", std::string("cannot open the input file: ") + std::strerror(errno), path.string());
    return in;
}

Encoding parse_encoding(std::string_view name) {
    std::string n;
    for (char c : name) n.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    if (n == "auto" || n == "automatic" || n.empty()) return Encoding::automatic;
    if (n == "utf-8" || n == "utf8") return Encoding::utf8;
    if (n == "gb18030" || n == "gbk" || n == "gb2312" || n == "cp936") return Encoding::gb18030;
    throw InvalidInput("encoding", "'" + std::string(name) + "' is not one of auto, utf-8, gb18030");
}

const char* encoding_name(Encoding e) noexcept {
    switch (e) {
        case Encoding::automatic: return "auto";
        case Encoding::utf8: return "utf-8";
        case Encoding::gb18030: return "gb18030";
    }
    return "auto";
}

// ---- Reader ---------------------------------------------------------------------------

Reader Reader::open(const std::filesystem::path& path, Options options) {
    auto in = open_input(path);
    auto& ref = *in;
    return Reader(std::move(in), ref, path.string(), options);
}

Reader::Reader(std::istream& in, std::string name, Options options)
    : Reader(nullptr, in, std::move(name), options) {}

Reader::Reader(std::unique_ptr<std::istream> owned, std::istream& in, std::string name, Options options)
    : buf_(std::make_unique<Buffer>(std::move(owned), in, std::move(name), options.encoding, options.force_encoding,
                                    options.delimiter)), options_(options) {
    if (options_.delimiter == '"' || options_.delimiter == '\n' || options_.delimiter == '\r')
        throw InvalidInput("delimiter", "cannot be a quote or a line end");
}

Reader::Reader(Reader&&) noexcept = default;
Reader& Reader::operator=(Reader&&) noexcept = default;
Reader::~Reader() = default;

std::uint64_t Reader::bytes_consumed() const noexcept { return buf_->raw_bytes(); }
const std::string& Reader::name() const noexcept { return buf_->name(); }
Encoding Reader::encoding() const noexcept { return buf_->encoding(); }

void Reader::fail(std::size_t field, const char* at, const std::string& why) const {
    // Called before the record is consumed: the buffer still starts at the record.
    const auto line = next_line_ + static_cast<std::uint64_t>(std::count(
                                       static_cast<const char*>(buf_->begin()), at, '\n'));
    throw InvalidInput("column " + std::to_string(field + 1), why, buf_->name(), static_cast<std::int64_t>(line));
}

bool Reader::next() {
    for (;;) {
        if (buf_->size() == 0 && (buf_->eof() || !buf_->fill(next_line_))) return false;
        switch (parse(buf_->eof())) {
            case Step::record: return true;
            case Step::blank: continue;
            case Step::need_more: buf_->fill(next_line_); break;
        }
    }
}

Reader::Step Reader::parse(bool at_eof) {
    fields_.clear();
    escaped_.clear();
    newlines_in_record_ = 0;
    char* const b = buf_->begin();
    char* const e = buf_->end();
    const char delim = options_.delimiter;
    const std::size_t limit = options_.max_field_bytes;
    char* p = b;
    auto need_more = [&](const char* field_start) {
        if (static_cast<std::size_t>(e - field_start) > limit) fail(fields_.size(), field_start, too_long(limit));
        return Step::need_more;
    };
    // After a field: delimiter (another field follows), line end or end of input (the record
    // ends at `p`). Returns false when more input is needed to tell.
    enum class After { field, record, more };
    auto after_field = [&]() -> After {
        if (p == e) return at_eof ? After::record : After::more;
        if (*p == delim) { ++p; return After::field; }
        if (*p == '\n') { ++p; return After::record; }
        // '\r': CRLF, or a lone CR (old Mac line ends).
        if (p + 1 == e && !at_eof) return After::more;
        ++p;
        if (p < e && *p == '\n') ++p;
        return After::record;
    };
    for (;;) {
        char* const f = p;
        if (p < e && *p == '"') {
            char* q = p + 1;
            bool escaped = false;
            for (;;) {
                auto* r = static_cast<char*>(std::memchr(q, '"', static_cast<std::size_t>(e - q)));
                if (!r) {
                    if (at_eof) fail(fields_.size(), f, "unbalanced quote: the quoted field is never closed");
                    return need_more(f);
                }
                if (r + 1 == e && !at_eof) return need_more(f);
                if (r + 1 < e && r[1] == '"') {
                    escaped = true;
                    q = r + 2;
                    continue;
                }
                q = r;
                break;
            }
            if (static_cast<std::size_t>(q - f - 1) > limit) fail(fields_.size(), f, too_long(limit));
            newlines_in_record_ += static_cast<std::uint64_t>(std::count(f + 1, q, '\n'));
            fields_.emplace_back(f + 1, static_cast<std::size_t>(q - f - 1));
            escaped_.push_back(escaped);
            p = q + 1;
            if (p < e && *p != delim && *p != '\n' && *p != '\r')
                fail(fields_.size() - 1, p,
                     "unexpected text after a closing quote (a quote inside a quoted field must be doubled: \"\")");
        } else {
            p = find_special(p, e, static_cast<unsigned char>(delim));
            if (p < e && *p == '"')
                fail(fields_.size(), p, "a quote inside an unquoted field (quote the whole field and double the quote)");
            if (p == e && !at_eof) return need_more(f);
            if (static_cast<std::size_t>(p - f) > limit) fail(fields_.size(), f, too_long(limit));
            fields_.emplace_back(f, static_cast<std::size_t>(p - f));
            escaped_.push_back(false);
        }
        switch (after_field()) {
            case After::field: continue;
            case After::more: return need_more(f);
            case After::record: break;
        }
        break;
    }
    const bool blank = fields_.size() == 1 && fields_[0].empty() && !escaped_[0] && (b == e || *b != '"');
    if (!blank) finish_record(b, p);
    buf_->consume(static_cast<std::size_t>(p - b));
    line_ = next_line_;
    next_line_ += 1 + newlines_in_record_;
    return blank ? Step::blank : Step::record;
}

void Reader::finish_record(const char* begin, const char* end) {
    const auto field_at = [&](const char* at) {
        std::size_t field = 0;
        while (field + 1 < fields_.size() && fields_[field + 1].data() <= at) ++field;
        return field;
    };
    const std::string_view all(begin, static_cast<std::size_t>(end - begin));
    if (buf_->encoding() == Encoding::utf8) {
        const auto bad = text::first_invalid_utf8(all);
        if (bad < all.size()) {
            const char* at = begin + bad;
            fail(field_at(at), at, invalid_utf8_reason(static_cast<unsigned char>(*at)));
        }
    }
    // UTF-8 and GB18030 both allow it, but no text field holds one: C strings (the C ABI,
    // most tools that read the store) would end there, so it is a damaged or binary file.
    if (const auto nul = all.find('\0'); nul != std::string_view::npos)
        fail(field_at(begin + nul), begin + nul, "contains a NUL byte (0x00): is the file binary or damaged?");
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        if (!escaped_[i]) continue;
        // "" -> " in place: the text only shrinks, and nothing re-reads this record.
        auto* w = const_cast<char*>(fields_[i].data());
        const char* r = w;
        const char* const stop = r + fields_[i].size();
        char* const start = w;
        while (r < stop) {
            *w++ = *r;
            r += (*r == '"') ? 2 : 1;
        }
        fields_[i] = std::string_view(start, static_cast<std::size_t>(w - start));
    }
    // The single quote csv::append_field puts before a would-be formula; spreadsheets hide
    // it the same way (a leading ' means "text").
    for (auto& f : fields_)
        if (!f.empty() && f.front() == '\'' && needs_formula_guard(f)) f.remove_prefix(1);
}

// ---- LineReader -----------------------------------------------------------------------

LineReader LineReader::open(const std::filesystem::path& path, Options options) {
    auto in = open_input(path);
    auto& ref = *in;
    return LineReader(std::move(in), ref, path.string(), options);
}

LineReader::LineReader(std::istream& in, std::string name, Options options)
    : LineReader(nullptr, in, std::move(name), options) {}

LineReader::LineReader(std::unique_ptr<std::istream> owned, std::istream& in, std::string name, Options options)
    : buf_(std::make_unique<Buffer>(std::move(owned), in, std::move(name), options.encoding, options.force_encoding, 0)), options_(options) {}

LineReader::LineReader(LineReader&&) noexcept = default;
LineReader& LineReader::operator=(LineReader&&) noexcept = default;
LineReader::~LineReader() = default;

std::uint64_t LineReader::bytes_consumed() const noexcept { return buf_->raw_bytes(); }
const std::string& LineReader::name() const noexcept { return buf_->name(); }
Encoding LineReader::encoding() const noexcept { return buf_->encoding(); }

bool LineReader::next() {
    for (;;) {
        char* b = buf_->begin();
        char* e = buf_->end();
        auto* nl = static_cast<char*>(std::memchr(b, '\n', static_cast<std::size_t>(e - b)));
        if (!nl) {
            if (static_cast<std::size_t>(e - b) > options_.max_field_bytes)
                throw InvalidInput("", "line " + too_long(options_.max_field_bytes), buf_->name(),
                                   static_cast<std::int64_t>(next_line_));
            if (!buf_->eof() && buf_->fill(next_line_)) continue;
            if (b == e) return false;
            nl = e;
        }
        std::string_view t(b, static_cast<std::size_t>(nl - b));
        buf_->consume(static_cast<std::size_t>(nl - b) + (nl < e ? 1 : 0));
        line_ = next_line_++;
        if (!t.empty() && t.back() == '\r') t.remove_suffix(1);
        if (buf_->encoding() == Encoding::utf8) {
            if (const auto bad = text::first_invalid_utf8(t); bad < t.size())
                throw InvalidInput("", invalid_utf8_reason(static_cast<unsigned char>(t[bad])), buf_->name(),
                                   static_cast<std::int64_t>(line_));
        }
        if (t.find_first_not_of(" \t") == std::string_view::npos) continue;
        text_ = t;
        return true;
    }
}

}  // namespace clientele::csv
