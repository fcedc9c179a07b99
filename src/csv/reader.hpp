// Internal: the one RFC 4180 reader every caller uses (import, rfm, dedupe), and a JSON
// Lines line reader on the same byte source. Both read in chunks (constant memory whatever
// the file size), deliver UTF-8 (decoding GB18030/GBK as Excel in China writes it), and
// stop with an InvalidInput naming file, line and column on bytes that are not text in the
// encoding — never replacing them. Internal: not exported, not installed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace clientele::csv {

enum class Encoding { automatic, utf8, gb18030 };

/// "utf-8" / "gb18030" / "auto" (and common aliases: utf8, gbk, gb2312); InvalidInput otherwise.
Encoding parse_encoding(std::string_view name);
const char* encoding_name(Encoding e) noexcept;

struct Options {
    char delimiter = ',';
    Encoding encoding = Encoding::automatic;  // automatic: UTF-8 (with or without BOM) if the
                                              // first block is valid UTF-8, else GB18030
    std::size_t max_field_bytes = std::size_t{256} << 20;
    /// Read as `encoding` even when the text says otherwise. Without it, gb18030 is refused
    /// for a file whose first block is valid UTF-8 with non-ASCII characters: read as
    /// GB18030 that would import as mojibake (docs/import-export.md, "Encodings").
    bool force_encoding = false;
};

class Buffer;

/// Opens a file to read. A file that is missing or unreadable is the caller's mistake:
/// InvalidInput naming the path and the system's reason (docs/cli.md: exit 3).
std::unique_ptr<std::istream> open_input(const std::filesystem::path& path);

class Reader {
public:
    /// Opens a file (open_input's InvalidInput if it cannot).
    static Reader open(const std::filesystem::path& path, Options options = {});
    /// Reads from a stream the caller keeps alive; `name` appears in error messages.
    Reader(std::istream& in, std::string name, Options options = {});
    Reader(Reader&&) noexcept;
    Reader& operator=(Reader&&) noexcept;
    ~Reader();

    /// Advances to the next record; false at end of input. Blank lines are skipped. Throws
    /// clientele::InvalidInput naming the file, line and column (unbalanced quote, invalid
    /// bytes in the detected encoding, field over max_field_bytes, read error).
    bool next();
    std::size_t size() const noexcept { return fields_.size(); }  ///< fields in the record
    /// UTF-8, unquoted, without the formula guard csv::append_field adds (one leading
    /// single quote before = + - @ tab CR); valid until next().
    std::string_view operator[](std::size_t i) const noexcept { return fields_[i]; }
    std::uint64_t line() const noexcept { return line_; }  ///< 1-based line where the record starts
    std::uint64_t bytes_consumed() const noexcept;          ///< for progress reporting
    const std::string& name() const noexcept;
    Encoding encoding() const noexcept;  ///< as detected

private:
    Reader(std::unique_ptr<std::istream> owned, std::istream& in, std::string name, Options options);
    enum class Step { record, blank, need_more };
    Step parse(bool at_eof);
    void finish_record(const char* begin, const char* end);
    [[noreturn]] void fail(std::size_t field, const char* at, const std::string& why) const;

    std::unique_ptr<Buffer> buf_;
    Options options_;
    std::vector<std::string_view> fields_;
    std::vector<std::uint8_t> escaped_;  // per field: contains "" to undo
    std::uint64_t line_ = 0;
    std::uint64_t next_line_ = 1;
    std::uint64_t newlines_in_record_ = 0;
};

/// JSON Lines (or any line-oriented text): one line at a time, blank lines skipped.
class LineReader {
public:
    static LineReader open(const std::filesystem::path& path, Options options = {});
    LineReader(std::istream& in, std::string name, Options options = {});
    LineReader(LineReader&&) noexcept;
    LineReader& operator=(LineReader&&) noexcept;
    ~LineReader();

    /// Advances to the next non-blank line; false at end of input. InvalidInput on invalid
    /// bytes or a line over max_field_bytes.
    bool next();
    std::string_view text() const noexcept { return text_; }  ///< without the line end
    std::uint64_t line() const noexcept { return line_; }
    std::uint64_t bytes_consumed() const noexcept;
    const std::string& name() const noexcept;
    Encoding encoding() const noexcept;

private:
    LineReader(std::unique_ptr<std::istream> owned, std::istream& in, std::string name, Options options);
    std::unique_ptr<Buffer> buf_;
    Options options_;
    std::string_view text_;
    std::uint64_t line_ = 0;
    std::uint64_t next_line_ = 1;
};

}  // namespace clientele::csv
