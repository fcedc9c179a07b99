#include "terminal_text.hpp"

#include <unistd.h>

#include <iostream>

namespace clientele::cli {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void put_escape(std::string& out, unsigned char code) {
    out += "\\u00";
    out += kHex[code >> 4];
    out += kHex[code & 15];
}

/// Appends `in` escaped to `out`. C1 characters are two bytes in UTF-8 (C2 80..C2 9F);
/// `held_c2` carries a C2 that ended the previous piece into the next.
void escape_into(std::string& out, std::string_view in, bool& held_c2) {
    for (char ch : in) {
        const auto b = static_cast<unsigned char>(ch);
        if (held_c2) {
            held_c2 = false;
            if (b >= 0x80 && b <= 0x9F) {
                put_escape(out, b);
                continue;
            }
            out += '\xC2';
        }
        if (b == 0xC2) held_c2 = true;
        else if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7F) put_escape(out, b);
        else out += ch;
    }
}

}  // namespace

std::string terminal_text(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    bool held = false;
    escape_into(out, utf8, held);
    if (held) out += '\xC2';
    return out;
}

/// A pass-through stream buffer that escapes on the way.
class TerminalGuard::Filter : public std::streambuf {
public:
    explicit Filter(std::streambuf* to) : to_(to) {}
    ~Filter() override { release_held(); }

protected:
    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
        const char ch = traits_type::to_char_type(c);
        return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        buf_.clear();
        escape_into(buf_, std::string_view(s, static_cast<std::size_t>(n)), held_c2_);
        const auto size = static_cast<std::streamsize>(buf_.size());
        return to_->sputn(buf_.data(), size) == size ? n : 0;
    }
    // A held C2 stays held over a flush: the byte after it decides what it is.
    int sync() override { return to_->pubsync(); }

private:
    // At the end a lone C2 is text that ended there (an invalid byte, shown as it is).
    void release_held() {
        if (held_c2_) to_->sputc('\xC2');
        held_c2_ = false;
    }

    std::streambuf* to_;
    std::string buf_;
    bool held_c2_ = false;
};

TerminalGuard::TerminalGuard() {
    if (!isatty(STDOUT_FILENO)) return;
    original_ = std::cout.rdbuf();
    filter_ = std::make_unique<Filter>(original_);
    std::cout.rdbuf(filter_.get());
}

TerminalGuard::~TerminalGuard() {
    if (!filter_) return;
    std::cout.flush();
    std::cout.rdbuf(original_);
}

}  // namespace clientele::cli
