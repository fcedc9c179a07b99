// Internal: the charts of the HTML report, drawn as inline SVG text (docs/report.md says why
// the library draws its own). Every text that comes in is escaped here, so a customer named
// `<script>` or `A&B "C"` is shown as written and can never become markup.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clientele::report {

enum class Lang { zh_cn, en };

/// `text` safe inside an element or a quoted attribute: & < > " ' escaped.
std::string escape(std::string_view text);
/// Short form of a number for labels and axes: 1.2万 / 3.4亿 in Chinese, 12.3k / 4.5M / 1.2B
/// in English; below 10,000 (zh) or 1,000 (en) the number itself with at most `decimals`.
std::string compact_number(double value, Lang lang, int decimals = 0);
/// 1234567 -> "1,234,567": the exact figure for tables.
std::string grouped(std::int64_t value);

/// One series of a bar chart, one value per category.
struct Series {
    std::string name;
    std::vector<double> values;
};

/// Vertical bars, one stack per category (the series stacked in order), with a y axis of
/// round ticks, category labels below (thinned when many) and a legend. `title` and
/// `description` are the chart's accessible name and text alternative.
std::string stacked_bars(std::string_view title, std::string_view description,
                         const std::vector<std::string>& categories, const std::vector<Series>& series, Lang lang);

/// One line per series over the categories, each with its own marker and dash (told apart
/// in greyscale), on a y axis that includes 0 and any negative values; a NaN value leaves a
/// gap. Same frame (ticks, labels, legend) as stacked_bars.
std::string line_chart(std::string_view title, std::string_view description,
                       const std::vector<std::string>& categories, const std::vector<Series>& series, Lang lang);

/// One horizontal bar per label, its value written at the bar's end (`value_labels`, or the
/// compact number when empty).
std::string horizontal_bars(std::string_view title, std::string_view description,
                            const std::vector<std::string>& labels, const std::vector<double>& values,
                            const std::vector<std::string>& value_labels, Lang lang);

/// A grid of cells shaded by `shade` (0..1, row-major; negative = empty cell, left white),
/// each cell showing its lines of `cell_text` (row-major), with row and column labels.
std::string heatmap(std::string_view title, std::string_view description, std::string_view row_axis,
                    std::string_view column_axis, const std::vector<std::string>& rows,
                    const std::vector<std::string>& columns, const std::vector<double>& shade,
                    const std::vector<std::vector<std::string>>& cell_text);

}  // namespace clientele::report
