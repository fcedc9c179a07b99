// Internal: the chunked UTF-8 byte source under csv::Reader and csv::LineReader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>

#include "csv/reader.hpp"

namespace clientele::csv {


/// A window [data(), data()+size()) of decoded UTF-8 text. Parsers consume from the front
/// (consume) and ask for more (fill) when a record runs past the end; fill keeps the
/// unconsumed tail, growing the window when the tail fills it.
class Buffer {
public:
    /// `forced`: read as `encoding` even when the first block says otherwise (Options).
    /// `delimiter`: the CSV field separator, so a decoding error can name its column (0 for
    /// line-oriented text, which has none).
    Buffer(std::unique_ptr<std::istream> owned, std::istream& in, std::string name, Encoding encoding, bool forced,
           char delimiter);
    ~Buffer();
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;

    char* begin() noexcept { return data_.get() + pos_; }
    char* end() noexcept { return data_.get() + len_; }
    std::size_t size() const noexcept { return len_ - pos_; }
    void consume(std::size_t n) noexcept { pos_ += n; }
    bool eof() const noexcept { return eof_; }

    /// Reads more text after the unconsumed bytes (which may move). False when the input is
    /// exhausted. `line_of_begin` (the line begin() is on) locates decoding errors.
    bool fill(std::uint64_t line_of_begin);

    const std::string& name() const noexcept { return name_; }
    Encoding encoding() const noexcept { return encoding_; }
    std::uint64_t raw_bytes() const noexcept { return raw_bytes_; }

private:
    std::size_t read_raw(char* dst, std::size_t n);
    void detect(bool forced);
    std::size_t decode(char* dst, std::size_t n, std::uint64_t line_of_dst);
    std::string column_of(const char* decoded_end) const;

    std::unique_ptr<std::istream> owned_;
    std::istream& in_;
    std::string name_;
    Encoding encoding_;
    char delimiter_;
    std::unique_ptr<char[]> data_;
    std::size_t cap_ = 0, pos_ = 0, len_ = 0;
    bool eof_ = false;
    std::uint64_t raw_bytes_ = 0;
    // Raw bytes waiting to be passed on or decoded: the detection block, then (GB18030)
    // input the converter has not taken yet.
    std::string pending_;
    std::size_t pending_pos_ = 0;
    bool raw_eof_ = false;
    struct Icu;
    std::unique_ptr<Icu> icu_;
};

}  // namespace clientele::csv
