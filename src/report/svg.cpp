// The report's charts as SVG text. Sizes are in viewBox units; the page scales the picture
// to its width, so one drawing serves a desktop screen, a phone and paper.
#include "report/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace clientele::report {

namespace {

/// Fills distinguishable in greyscale too: dark, light, middle, then two more steps.
constexpr const char* kFills[] = {"#1f4e79", "#f0b35a", "#6f9fc8", "#8c5a2b", "#c9d8e6"};
constexpr double kFont = 12;

std::string num(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f", v);
    std::string s = b;
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
    return s;
}

/// Width of `text` at `size`: CJK and other wide characters take a full em, the rest ~0.6.
double text_width(std::string_view text, double size) {
    double w = 0;
    for (unsigned char c : text) {
        if ((c & 0xC0) == 0x80) continue;
        w += c >= 0xE0 ? size : size * 0.6;
    }
    return w;
}

/// A step of 1, 2 or 5 times a power of ten giving about `ticks` ticks up to `top`.
double nice_step(double top, int ticks) {
    if (top <= 0) return 1;
    double raw = top / ticks;
    double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * p) return m * p;
    return 10 * p;
}

std::string open_svg(double width, double height, std::string_view title, std::string_view description) {
    return "<svg viewBox=\"0 0 " + num(width) + " " + num(height) +
           "\" role=\"img\" preserveAspectRatio=\"xMinYMin meet\"><title>" + escape(title) + "</title><desc>" +
           escape(description) + "</desc>";
}

std::string text_at(double x, double y, std::string_view text, std::string_view anchor = "start",
                    std::string_view cls = "") {
    std::string s = "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\"";
    if (anchor != "start") s += " text-anchor=\"" + std::string(anchor) + "\"";
    if (!cls.empty()) s += " class=\"" + std::string(cls) + "\"";
    return s + ">" + escape(text) + "</text>";
}

std::string rect(double x, double y, double w, double h, std::string_view fill) {
    return "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(std::max(w, 0.0)) + "\" height=\"" +
           num(std::max(h, 0.0)) + "\" fill=\"" + std::string(fill) + "\"/>";
}

/// The shade of a heatmap cell: from near white (0) to dark blue (1).
std::string shade_colour(double t) {
    t = std::clamp(t, 0.0, 1.0);
    auto mix = [t](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * t)); };
    char b[8];
    std::snprintf(b, sizeof b, "#%02x%02x%02x", mix(0xf3, 0x0b), mix(0xf6, 0x3d), mix(0xfa, 0x6b));
    return b;
}

}  // namespace

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string grouped(std::int64_t value) {
    // The magnitude as unsigned, so INT64_MIN has one too.
    const auto magnitude = value < 0 ? 0ULL - static_cast<unsigned long long>(value) : static_cast<unsigned long long>(value);
    std::string digits = std::to_string(magnitude);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return value < 0 ? "-" + out : out;
}

std::string compact_number(double value, Lang lang, int decimals) {
    double a = std::fabs(value);
    auto fixed = [](double v, int d) {
        char b[48];
        std::snprintf(b, sizeof b, "%.*f", d, v);
        std::string s = b;
        if (s.find('.') != std::string::npos) {
            while (s.back() == '0') s.pop_back();
            if (s.back() == '.') s.pop_back();
        }
        return s;
    };
    struct Unit {
        double size;
        const char* name;
    };
    static constexpr Unit kZh[] = {{1e8, "亿"}, {1e4, "万"}};
    static constexpr Unit kEn[] = {{1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
    auto units = lang == Lang::zh_cn ? std::vector<Unit>(std::begin(kZh), std::end(kZh))
                                     : std::vector<Unit>(std::begin(kEn), std::end(kEn));
    for (const auto& u : units)
        if (a >= u.size) return fixed(value / u.size, 1) + u.name;
    if (decimals == 0) return grouped(static_cast<std::int64_t>(std::llround(value)));
    return fixed(value, decimals);
}

namespace {

/// The frame the category charts share: a legend line, a y axis of round ticks from `lo` to
/// `hi` (gridlines and labels), one slot per category with its label below (thinned to ~12
/// so they never overlap) and the baseline. Only the marks differ between chart kinds.
class CategoryFrame {
public:
    CategoryFrame(std::size_t categories, double lo, double hi) : count_(std::max<std::size_t>(categories, 1)) {
        slot_ = std::clamp(640.0 / static_cast<double>(count_), 14.0, 60.0);
        step_ = nice_step(hi - lo, 4);
        lo_ = std::floor(lo / step_) * step_;
        hi_ = std::max(lo_ + step_, std::ceil(hi / step_) * step_);
    }
    double width() const { return kLeft + kRight + slot_ * static_cast<double>(count_); }
    double height() const { return kTop + kPlotH + kBottom; }
    double slot() const { return slot_; }
    double x_of(std::size_t c) const { return kLeft + slot_ * static_cast<double>(c); }
    double y_of(double v) const { return kTop + kPlotH - kPlotH * (v - lo_) / (hi_ - lo_); }

    std::string open(std::string_view title, std::string_view description, const std::vector<Series>& series,
                     Lang lang) const {
        std::string s = open_svg(width(), height(), title, description);
        double lx = kLeft;
        for (std::size_t i = 0; i < series.size(); ++i) {
            s += swatch(i, lx, 4);
            s += text_at(lx + 16, 14, series[i].name);
            lx += 28 + text_width(series[i].name, kFont);
        }
        const auto ticks = static_cast<int>(std::lround((hi_ - lo_) / step_));
        for (int k = 0; k <= ticks; ++k) {
            const double v = lo_ + step_ * k;
            s += line(kLeft, width() - kRight, y_of(v), y_of(v), "grid");
            s += text_at(kLeft - 6, y_of(v) + 4, compact_number(std::fabs(v) < step_ / 2 ? 0 : v, lang, 1), "end");
        }
        return s;
    }
    std::string close(const std::vector<std::string>& categories) const {
        std::string s;
        // At most ~12 labels, and no closer than the widest one needs.
        double widest = 0;
        for (const auto& c : categories) widest = std::max(widest, text_width(c, kFont));
        const std::size_t every = std::max({std::size_t{1}, (categories.size() + 11) / 12,
                                            static_cast<std::size_t>(std::ceil((widest + 8) / slot_))});
        for (std::size_t c = 0; c < categories.size(); c += every)
            s += text_at(x_of(c) + slot_ / 2, kTop + kPlotH + 16, categories[c], "middle");
        const double base = y_of(std::clamp(0.0, lo_, hi_));
        return s + line(kLeft, width() - kRight, base, base, "axis") + "</svg>";
    }
    /// The legend's mark of series `i`: a filled square for bars, a dashed line with its
    /// marker for lines (so the series differ in greyscale by shape, not only shade).
    virtual std::string swatch(std::size_t i, double x, double y) const {
        return rect(x, y, 12, 12, kFills[i % std::size(kFills)]);
    }
    virtual ~CategoryFrame() = default;

    static std::string line(double x1, double x2, double y1, double y2, std::string_view cls) {
        return "<line x1=\"" + num(x1) + "\" x2=\"" + num(x2) + "\" y1=\"" + num(y1) + "\" y2=\"" + num(y2) +
               "\" class=\"" + std::string(cls) + "\"/>";
    }

private:
    static constexpr double kLeft = 64, kRight = 12, kTop = 34, kBottom = 40, kPlotH = 220;
    std::size_t count_;
    double slot_, step_, lo_, hi_;
};

constexpr const char* kDashes[] = {"", "6 4", "2 3", "10 3 2 3"};

/// A line series' marker: circle, square, diamond, triangle in turn.
std::string marker(std::size_t i, double x, double y, std::string_view fill) {
    const std::string f = "\" fill=\"" + std::string(fill) + "\"/>";
    switch (i % 4) {
        case 0: return "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"3.5" + f;
        case 1: return rect(x - 3.5, y - 3.5, 7, 7, fill);
        case 2: return "<path d=\"M" + num(x) + " " + num(y - 4.5) + "l4.5 4.5-4.5 4.5-4.5-4.5z" + f;
        default: return "<path d=\"M" + num(x) + " " + num(y - 4.5) + "l4.5 8h-9z" + f;
    }
}

class LineFrame : public CategoryFrame {
public:
    using CategoryFrame::CategoryFrame;
    std::string swatch(std::size_t i, double x, double y) const override {
        return path_of({{x, y + 6}, {x + 12, y + 6}}, i) + marker(i, x + 6, y + 6, kFills[i % std::size(kFills)]);
    }
    static std::string path_of(const std::vector<std::pair<double, double>>& points, std::size_t i) {
        std::string d;
        for (const auto& [x, y] : points) d += (d.empty() ? "M" : "L") + num(x) + " " + num(y);
        std::string s = "<path d=\"" + d + "\" fill=\"none\" stroke-width=\"2\" stroke=\"" +
                        kFills[i % std::size(kFills)] + "\"";
        if (*kDashes[i % std::size(kDashes)]) s += " stroke-dasharray=\"" + std::string(kDashes[i % std::size(kDashes)]) + "\"";
        return s + "/>";
    }
};

}  // namespace

std::string stacked_bars(std::string_view title, std::string_view description,
                         const std::vector<std::string>& categories, const std::vector<Series>& series, Lang lang) {
    double top_value = 0;
    for (std::size_t c = 0; c < categories.size(); ++c) {
        double sum = 0;
        for (const auto& s : series) sum += std::max(0.0, c < s.values.size() ? s.values[c] : 0);
        top_value = std::max(top_value, sum);
    }
    const CategoryFrame frame(categories.size(), 0, top_value);
    std::string s = frame.open(title, description, series, lang);
    const double slot = frame.slot();
    for (std::size_t c = 0; c < categories.size(); ++c) {
        double base = 0;
        for (std::size_t i = 0; i < series.size(); ++i) {
            double v = std::max(0.0, c < series[i].values.size() ? series[i].values[c] : 0);
            if (v <= 0) continue;
            s += rect(frame.x_of(c) + slot * 0.15, frame.y_of(base + v), slot * 0.7,
                      frame.y_of(base) - frame.y_of(base + v), kFills[i % std::size(kFills)]);
            base += v;
        }
    }
    return s + frame.close(categories);
}

std::string line_chart(std::string_view title, std::string_view description,
                       const std::vector<std::string>& categories, const std::vector<Series>& series, Lang lang) {
    double lo = 0, hi = 0;
    for (const auto& s : series)
        for (double v : s.values)
            if (!std::isnan(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    const LineFrame frame(categories.size(), lo, hi);
    std::string s = frame.open(title, description, series, lang);
    for (std::size_t i = 0; i < series.size(); ++i) {
        // A month without a value breaks the line rather than drawing it through zero.
        std::vector<std::pair<double, double>> run;
        std::string marks;
        auto flush = [&] {
            if (run.size() > 1) s += LineFrame::path_of(run, i);
            run.clear();
        };
        for (std::size_t c = 0; c < categories.size() && c < series[i].values.size(); ++c) {
            double v = series[i].values[c];
            if (std::isnan(v)) {
                flush();
                continue;
            }
            run.emplace_back(frame.x_of(c) + frame.slot() / 2, frame.y_of(v));
            marks += marker(i, run.back().first, run.back().second, kFills[i % std::size(kFills)]);
        }
        flush();
        s += marks;
    }
    return s + frame.close(categories);
}

std::string horizontal_bars(std::string_view title, std::string_view description,
                            const std::vector<std::string>& labels, const std::vector<double>& values,
                            const std::vector<std::string>& value_labels, Lang lang) {
    double label_w = 40;
    for (const auto& l : labels) label_w = std::max(label_w, text_width(l, kFont));
    label_w = std::min(label_w, 220.0) + 10;
    const double bar_area = 360, row = 24, value_w = 90;
    const double width = label_w + bar_area + value_w, height = row * static_cast<double>(labels.size()) + 8;
    double top_value = 0;
    for (double v : values) top_value = std::max(top_value, v);
    std::string s = open_svg(width, height, title, description);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        double y = 4 + row * static_cast<double>(i);
        double v = i < values.size() ? std::max(0.0, values[i]) : 0;
        double w = top_value > 0 ? bar_area * v / top_value : 0;
        s += text_at(label_w - 8, y + 15, labels[i], "end");
        s += rect(label_w, y + 3, w, row - 8, kFills[0]);
        const std::string& shown = i < value_labels.size() ? value_labels[i] : std::string();
        s += text_at(label_w + w + 6, y + 15, shown.empty() ? compact_number(v, lang, 1) : shown);
    }
    return s + "</svg>";
}

std::string heatmap(std::string_view title, std::string_view description, std::string_view row_axis,
                    std::string_view column_axis, const std::vector<std::string>& rows,
                    const std::vector<std::string>& columns, const std::vector<double>& shade,
                    const std::vector<std::vector<std::string>>& cell_text) {
    double label_w = 40;
    for (const auto& r : rows) label_w = std::max(label_w, text_width(r, kFont));
    label_w = std::min(label_w, 160.0) + 28;
    std::size_t lines = 1;
    for (const auto& t : cell_text) lines = std::max(lines, t.size());
    const double cell_w = columns.size() > 8 ? 58 : 100, cell_h = 8 + 14 * static_cast<double>(lines);
    const double top = 40;
    const double width = label_w + cell_w * static_cast<double>(columns.size()) + 8;
    const double height = top + cell_h * static_cast<double>(rows.size()) + 8;
    std::string s = open_svg(width, height, title, description);
    s += text_at(label_w, 12, column_axis, "start", "axis-name");
    s += "<text x=\"12\" y=\"" + num(top + cell_h * static_cast<double>(rows.size()) / 2) +
         "\" text-anchor=\"middle\" class=\"axis-name\" transform=\"rotate(-90 12 " +
         num(top + cell_h * static_cast<double>(rows.size()) / 2) + ")\">" + escape(row_axis) + "</text>";
    for (std::size_t c = 0; c < columns.size(); ++c)
        s += text_at(label_w + cell_w * (static_cast<double>(c) + 0.5), top - 8, columns[c], "middle");
    for (std::size_t r = 0; r < rows.size(); ++r) {
        double y = top + cell_h * static_cast<double>(r);
        s += text_at(label_w - 6, y + cell_h / 2 + 4, rows[r], "end");
        for (std::size_t c = 0; c < columns.size(); ++c) {
            std::size_t i = r * columns.size() + c;
            double t = i < shade.size() ? shade[i] : -1;
            double x = label_w + cell_w * static_cast<double>(c);
            s += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(cell_w) + "\" height=\"" +
                 num(cell_h) + "\" fill=\"" + (t < 0 ? std::string("#ffffff") : shade_colour(t)) +
                 "\" class=\"cell\"/>";
            if (i >= cell_text.size()) continue;
            const char* cls = t > 0.55 ? "on-dark" : "";
            for (std::size_t l = 0; l < cell_text[i].size(); ++l)
                s += text_at(x + cell_w / 2, y + 16 + 14 * static_cast<double>(l), cell_text[i][l], "middle", cls);
        }
    }
    return s + "</svg>";
}

}  // namespace clientele::report
