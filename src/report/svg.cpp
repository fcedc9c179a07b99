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

std::string stacked_bars(std::string_view title, std::string_view description,
                         const std::vector<std::string>& categories, const std::vector<Series>& series, Lang lang) {
    const double left = 64, right = 12, top = 12 + 22, bottom = 40, plot_h = 220;
    const double slot = std::clamp(640.0 / std::max<std::size_t>(categories.size(), 1), 14.0, 60.0);
    const double width = left + right + slot * static_cast<double>(std::max<std::size_t>(categories.size(), 1));
    const double height = top + plot_h + bottom;
    double top_value = 0;
    for (std::size_t c = 0; c < categories.size(); ++c) {
        double sum = 0;
        for (const auto& s : series) sum += std::max(0.0, c < s.values.size() ? s.values[c] : 0);
        top_value = std::max(top_value, sum);
    }
    const double step = nice_step(top_value, 4);
    const double axis_top = std::max(step, std::ceil(top_value / step) * step);
    auto y_of = [&](double v) { return top + plot_h - plot_h * v / axis_top; };

    std::string s = open_svg(width, height, title, description);
    // Legend on the first line: a swatch and the series' name.
    double lx = left;
    for (std::size_t i = 0; i < series.size(); ++i) {
        s += rect(lx, 4, 12, 12, kFills[i % std::size(kFills)]);
        s += text_at(lx + 16, 14, series[i].name);
        lx += 28 + text_width(series[i].name, kFont);
    }
    for (double v = 0; v <= axis_top + step / 2; v += step) {
        double y = y_of(v);
        s += "<line x1=\"" + num(left) + "\" x2=\"" + num(width - right) + "\" y1=\"" + num(y) + "\" y2=\"" + num(y) +
             "\" class=\"grid\"/>";
        s += text_at(left - 6, y + 4, compact_number(v, lang, 1), "end");
    }
    // Labels under at most ~12 categories so they never overlap.
    const std::size_t every = std::max<std::size_t>(1, (categories.size() + 11) / 12);
    for (std::size_t c = 0; c < categories.size(); ++c) {
        double x = left + slot * static_cast<double>(c);
        double base = 0;
        for (std::size_t i = 0; i < series.size(); ++i) {
            double v = std::max(0.0, c < series[i].values.size() ? series[i].values[c] : 0);
            if (v <= 0) continue;
            s += rect(x + slot * 0.15, y_of(base + v), slot * 0.7, y_of(base) - y_of(base + v),
                      kFills[i % std::size(kFills)]);
            base += v;
        }
        if (c % every == 0) s += text_at(x + slot / 2, top + plot_h + 16, categories[c], "middle");
    }
    s += "<line x1=\"" + num(left) + "\" x2=\"" + num(width - right) + "\" y1=\"" + num(top + plot_h) + "\" y2=\"" +
         num(top + plot_h) + "\" class=\"axis\"/>";
    return s + "</svg>";
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
