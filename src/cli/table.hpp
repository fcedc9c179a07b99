// clientele CLI — plain-text tables aligned by display width.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace clientele::cli {

/// A table of text cells printed with columns aligned by terminal width (CJK-aware).
/// Cells are made single-line; a column may be capped, its cells then cut with "…".
class Table {
public:
    explicit Table(std::vector<std::string> headers);
    void add_row(std::vector<std::string> cells);
    /// Cut this column's cells to at most `width` columns.
    void cap_width(std::size_t column, std::size_t width);
    /// Right-align this column (numbers, amounts).
    void align_right(std::size_t column);
    std::size_t rows() const { return rows_.size(); }
    void print(std::ostream& out) const;

private:
    std::vector<std::string> headers_;
    std::vector<std::vector<std::string>> rows_;
    std::vector<std::size_t> caps_;
    std::vector<bool> right_;
};

}  // namespace clientele::cli
