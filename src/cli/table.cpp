#include "table.hpp"

#include <algorithm>
#include <limits>

#include "text_width.hpp"

namespace clientele::cli {

Table::Table(std::vector<std::string> headers)
    : headers_(std::move(headers)),
      caps_(headers_.size(), std::numeric_limits<std::size_t>::max()),
      right_(headers_.size(), false) {}

void Table::add_row(std::vector<std::string> cells) {
    cells.resize(headers_.size());
    for (auto& c : cells) c = single_line(c);
    rows_.push_back(std::move(cells));
}

void Table::cap_width(std::size_t column, std::size_t width) {
    if (column < caps_.size()) caps_[column] = width;
}

void Table::align_right(std::size_t column) {
    if (column < right_.size()) right_[column] = true;
}

void Table::print(std::ostream& out) const {
    const std::size_t n = headers_.size();
    // Cut first, then measure, so widths are those of what is printed.
    std::vector<std::vector<std::string>> shown;
    shown.reserve(rows_.size() + 1);
    shown.push_back(headers_);
    for (const auto& row : rows_) {
        std::vector<std::string> cut(n);
        for (std::size_t c = 0; c < n; ++c) cut[c] = fit_to_width(row[c], caps_[c]);
        shown.push_back(std::move(cut));
    }
    std::vector<std::size_t> widths(n, 0);
    for (const auto& row : shown)
        for (std::size_t c = 0; c < n; ++c) widths[c] = std::max(widths[c], display_width(row[c]));

    for (const auto& row : shown) {
        std::string line;
        for (std::size_t c = 0; c < n; ++c) {
            if (c > 0) line += "  ";
            const bool last = c + 1 == n;
            if (right_[c])
                line += pad_left(row[c], widths[c]);
            else
                line += last ? row[c] : pad_right(row[c], widths[c]);
        }
        out << line << '\n';
    }
}

}  // namespace clientele::cli
