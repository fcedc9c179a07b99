#include "csv/buffer.hpp"

#include <algorithm>
#include <cstring>

#include <unicode/ucnv.h>

#include "clientele/error.hpp"
#include "text/utf8.hpp"

namespace clientele::csv {

namespace {

constexpr std::size_t kInitialCapacity = std::size_t{1} << 20;  // grows for longer records
constexpr std::size_t kRawChunk = std::size_t{64} << 10;  // detection block and decode input

std::uint64_t count_newlines(const char* b, const char* e) {
    return static_cast<std::uint64_t>(std::count(b, e, '\n'));
}

}  // namespace

struct Buffer::Icu {
    UConverter* from = nullptr;
    UConverter* to = nullptr;
    UChar pivot[4096];
    UChar* pivot_source = pivot;
    UChar* pivot_target = pivot;
    bool flushed = false;
    ~Icu() {
        if (from) ucnv_close(from);
        if (to) ucnv_close(to);
    }
};

Buffer::Buffer(std::unique_ptr<std::istream> owned, std::istream& in, std::string name, Encoding encoding, bool forced,
               char delimiter)
    : owned_(std::move(owned)), in_(in), name_(std::move(name)), encoding_(encoding), delimiter_(delimiter),
      data_(std::make_unique_for_overwrite<char[]>(kInitialCapacity)), cap_(kInitialCapacity) {
    detect(forced);
}

Buffer::~Buffer() = default;

std::size_t Buffer::read_raw(char* dst, std::size_t n) {
    if (raw_eof_) return 0;
    in_.read(dst, static_cast<std::streamsize>(n));
    const auto got = static_cast<std::size_t>(in_.gcount());
    if (in_.bad())
        throw InvalidInput("", "read error after " + std::to_string(raw_bytes_ + got) +
                                   " bytes (was the file removed or truncated?)", name_);
    if (got < n) raw_eof_ = true;
    raw_bytes_ += got;
    return got;
}

void Buffer::detect(bool forced) {
    pending_.resize(kRawChunk);
    pending_.resize(read_raw(pending_.data(), kRawChunk));
    const std::string_view head(pending_);
    const bool bom = head.starts_with("\xEF\xBB\xBF");
    if (bom) {
        pending_pos_ = 3;
        if (encoding_ == Encoding::automatic) encoding_ = Encoding::utf8;
    } else if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF")) {
        throw InvalidInput("", "the file is UTF-16, which is not supported: save it as UTF-8 (\"CSV UTF-8\")", name_, 1);
    }
    const auto bad = text::first_invalid_utf8(head);
    // A sequence cut by the end of the block is not evidence against UTF-8.
    const bool cut = !raw_eof_ && bad < head.size() && head.size() - bad < 4 &&
                     text::utf8_sequence_length(static_cast<unsigned char>(head[bad])) > static_cast<int>(head.size() - bad) &&
                     std::all_of(head.begin() + static_cast<std::ptrdiff_t>(bad) + 1, head.end(),
                                 [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; });
    const bool utf8 = bad == head.size() || cut;
    if (encoding_ == Encoding::automatic) encoding_ = utf8 ? Encoding::utf8 : Encoding::gb18030;
    // Text that is valid UTF-8 and not ASCII is UTF-8 beyond reasonable doubt: GB18030's
    // two-byte characters rarely line up as UTF-8 sequences for more than a word or two.
    // Decoding it as GB18030 "succeeds" with mojibake, so the choice is refused unless forced.
    const bool multibyte = std::any_of(head.begin(), head.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    if (encoding_ == Encoding::gb18030 && !forced && (bom || (utf8 && multibyte)))
        throw InvalidInput("", std::string("the file is UTF-8") + (bom ? " (it starts with a UTF-8 byte order mark)" : "") +
                                   ", but encoding gb18030 was asked for: read as GB18030 it would become mojibake. "
                                   "Use encoding utf-8 or auto, or force gb18030 if the file really is GB18030",
                           name_, 1);
    if (encoding_ == Encoding::gb18030) {
        icu_ = std::make_unique<Icu>();
        UErrorCode err = U_ZERO_ERROR;
        icu_->from = ucnv_open("GB18030", &err);
        icu_->to = ucnv_open("UTF-8", &err);
        if (U_SUCCESS(err))
            ucnv_setToUCallBack(icu_->from, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
        if (U_FAILURE(err)) throw Unsupported(std::string("GB18030 decoding is unavailable: ") + u_errorName(err));
    }
}

std::size_t Buffer::decode(char* dst, std::size_t n, std::uint64_t line_of_dst) {
    if (encoding_ == Encoding::utf8) {
        std::size_t got = 0;
        if (pending_pos_ < pending_.size()) {
            got = std::min(n, pending_.size() - pending_pos_);
            std::memcpy(dst, pending_.data() + pending_pos_, got);
            pending_pos_ += got;
        }
        if (got < n) got += read_raw(dst + got, n - got);
        return got;
    }
    // GB18030 -> UTF-16 pivot -> UTF-8, stopping (never substituting) at invalid bytes.
    char* target = dst;
    char* const target_end = dst + n;
    while (target == dst && !icu_->flushed) {
        if (pending_pos_ == pending_.size() && !raw_eof_) {
            pending_.resize(kRawChunk);
            pending_.resize(read_raw(pending_.data(), kRawChunk));
            pending_pos_ = 0;
        }
        const char* source = pending_.data() + pending_pos_;
        const char* source_end = pending_.data() + pending_.size();
        const bool flush = raw_eof_;
        UErrorCode err = U_ZERO_ERROR;
        ucnv_convertEx(icu_->to, icu_->from, &target, target_end, &source, source_end, icu_->pivot,
                       &icu_->pivot_source, &icu_->pivot_target, icu_->pivot + std::size(icu_->pivot),
                       false, flush, &err);
        pending_pos_ = static_cast<std::size_t>(source - pending_.data());
        if (err == U_BUFFER_OVERFLOW_ERROR) break;
        if (U_FAILURE(err)) {
            char bytes[8];
            int8_t len = sizeof bytes;
            UErrorCode e2 = U_ZERO_ERROR;
            ucnv_getInvalidChars(icu_->from, bytes, &len, &e2);
            std::string hex;
            for (int k = 0; U_SUCCESS(e2) && k < len; ++k) {
                static constexpr char kDigits[] = "0123456789ABCDEF";
                const auto b = static_cast<unsigned char>(bytes[k]);
                hex += hex.empty() ? "" : " ";
                hex += kDigits[b >> 4];
                hex += kDigits[b & 15];
            }
            // Text decoded before the bad bytes may still wait in the pivot.
            const auto in_pivot = static_cast<std::uint64_t>(std::count(icu_->pivot_source, icu_->pivot_target, u'\n'));
            throw InvalidInput(column_of(target), "invalid GB18030 byte sequence" + (hex.empty() ? "" : " (" + hex + ")") +
                                       " — is the file in another encoding?",
                               name_, static_cast<std::int64_t>(line_of_dst + count_newlines(dst, target) + in_pivot));
        }
        if (flush && pending_pos_ == pending_.size()) icu_->flushed = true;
    }
    return static_cast<std::size_t>(target - dst);
}

// The CSV column the decoder stopped in: delimiters outside quotes since the last line end,
// over the text decoded so far (the window from the record being read, then what still
// waits in the pivot). "" for line-oriented text.
std::string Buffer::column_of(const char* decoded_end) const {
    if (delimiter_ == 0) return {};
    std::size_t column = 1;
    bool quoted = false;
    const auto step = [&](char16_t c) {
        if (c == u'\n' && !quoted) column = 1;
        else if (c == u'"') quoted = !quoted;
        else if (c == static_cast<char16_t>(delimiter_) && !quoted) ++column;
    };
    for (const char* p = data_.get() + pos_; p < decoded_end; ++p) step(static_cast<char16_t>(static_cast<unsigned char>(*p)));
    for (const UChar* u = icu_->pivot_source; u < icu_->pivot_target; ++u) step(*u);
    return "column " + std::to_string(column);
}

bool Buffer::fill(std::uint64_t line_of_begin) {
    if (eof_) return false;
    if (pos_ > 0) {
        std::memmove(data_.get(), data_.get() + pos_, len_ - pos_);
        len_ -= pos_;
        pos_ = 0;
    }
    if (len_ == cap_) {
        // The unconsumed tail fills the window: one record (or line) is this long. Double,
        // so a long record is re-scanned a bounded number of times.
        auto bigger = std::make_unique_for_overwrite<char[]>(cap_ * 2);
        std::memcpy(bigger.get(), data_.get(), len_);
        data_ = std::move(bigger);
        cap_ *= 2;
    }
    // Only decoding errors need the line; UTF-8 input is checked (and located) by the parsers.
    const std::uint64_t line_of_end =
        icu_ ? line_of_begin + count_newlines(data_.get(), data_.get() + len_) : line_of_begin;
    const std::size_t got = decode(data_.get() + len_, cap_ - len_, line_of_end);
    len_ += got;
    if (got == 0) eof_ = true;
    return got > 0;
}

}  // namespace clientele::csv
