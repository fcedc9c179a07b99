// clientele CLI — text that cannot drive a terminal.
//
// A stored name can hold ESC, CSI (U+009B) or any other control character; printed raw, it
// can recolour, retitle or rewrite the user's terminal. Everything the CLI writes for
// people goes through this one rule.
#pragma once

#include <memory>
#include <streambuf>
#include <string>
#include <string_view>

namespace clientele::cli {

/// The text with every control character but newline and tab — C0 (ESC, CR, BEL, ...),
/// DEL and C1 (U+0080..U+009F) — written as a visible \u00XX escape. Inside a JSON string
/// that escape means the same character, so JSON stays exact JSON.
std::string terminal_text(std::string_view utf8);

/// While alive, and only when standard output is a terminal, everything written to
/// std::cout goes through terminal_text (tables, `customer show`, messages, JSON and CSV
/// alike: a person is reading it). Output to a file or a pipe is left exact.
class TerminalGuard {
public:
    TerminalGuard();
    ~TerminalGuard();
    TerminalGuard(const TerminalGuard&) = delete;
    TerminalGuard& operator=(const TerminalGuard&) = delete;

private:
    class Filter;
    std::unique_ptr<Filter> filter_;
    std::streambuf* original_ = nullptr;
};

}  // namespace clientele::cli
