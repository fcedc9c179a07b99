// db.reports(): the report's numbers come from the analytics core over the same rows
// db.analytics() reads (analytics/store_input.hpp), read once in one snapshot; the charts
// from report/svg.hpp. Every customer-derived number is aggregated before it reaches the
// page (a cell, a bar, a row of a capped table), so the file's size does not grow with the
// store.
#include "clientele/report.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <numeric>

#include "analytics/store_input.hpp"
#include "clientele/cohorts.hpp"
#include "clientele/database.hpp"
#include "clientele/error.hpp"
#include "clientele/time.hpp"
#include "files/output_file.hpp"
#include "money/money.hpp"
#include "report/service_loyalty.hpp"
#include "report/svg.hpp"
#include "report/words.hpp"
#include "store/session.hpp"

namespace clientele {

namespace {

using report::Lang;
using report::Word;
using report::escape;

constexpr std::int64_t kSecondsPerDay = 86400;
constexpr int kMonthsShown = 24;   ///< the monthly chart's months, up to as_of's
constexpr int kCohortsShown = 12;  ///< the retention heatmap's newest cohorts ...
constexpr int kPeriodsShown = 12;  ///< ... and their first months

/// The session's visibility clause narrowed to one owner while a report is read, so the
/// report and the analytics it calls apply the one visibility rule plus this condition.
class OwnerScope {
public:
    OwnerScope(store::Session& s, std::int64_t owner_id) : session_(s), saved_(s.visible) {
        s.visible = "(" + saved_ + ") AND c.owner_id = " + std::to_string(owner_id);
    }
    ~OwnerScope() { session_.visible = saved_; }
    OwnerScope(const OwnerScope&) = delete;
    OwnerScope& operator=(const OwnerScope&) = delete;

private:
    store::Session& session_;
    std::string saved_;
};

Lang parse_lang(std::string_view lang) {
    if (lang == "zh-CN") return Lang::zh_cn;
    if (lang == "en") return Lang::en;
    throw InvalidInput("lang", "unknown report language '" + std::string(lang) + "' (use zh-CN or en)");
}

struct Period {
    std::int64_t from = 0, to = 0;  ///< days since the epoch, inclusive
};

/// What the headline counts over one period.
struct PeriodFigures {
    std::int64_t active_buyers = 0, revenue = 0, purchase_amount = 0, orders = 0;
    double repeat_rate = 0;
};

PeriodFigures figures_of(const TransactionColumns& t, Period p) {
    PeriodFigures f;
    for (std::size_t i = 0; i < t.customer.size(); ++i) {
        std::int64_t day = t.timestamp[i] >= 0 ? t.timestamp[i] / kSecondsPerDay
                                               : -((-t.timestamp[i] + kSecondsPerDay - 1) / kSecondsPerDay);
        if (day < p.from || day > p.to) continue;
        f.revenue += t.amount[i];
        if (t.amount[i] >= 0) {
            f.purchase_amount += t.amount[i];
            ++f.orders;
        }
    }
    auto from = std::chrono::sys_days(std::chrono::days(p.from)), to = std::chrono::sys_days(std::chrono::days(p.to));
    auto r = new_vs_returning(t, from, to);
    f.active_buyers = r.new_customers + r.returning_customers;
    CohortOptions co;
    co.as_of = to;
    f.repeat_rate = repeat_purchases(t, co).total_repeat_rate;
    return f;
}

/// Everything the report shows, read and computed before any HTML is written.
struct ReportData {
    std::string currency;
    int exponent = 2;
    std::vector<std::int64_t> ids;
    std::vector<std::string> refs;
    analytics_store::StoredTransactions rows;
    PeriodFigures now, before;
    RfmScores rfm;
    std::array<std::int64_t, kLifecycleStages> funnel{};
    StageTransitions transitions{};
    CohortTable cohorts;
    struct Top {
        std::string name;
        std::int64_t revenue, orders, recency;
        std::string segment;
    };
    std::vector<Top> top;
    std::int64_t quality_customers = 0, without_phone = 0, without_email = 0, never_verified = 0, stale = 0,
                 merged = 0;
    std::optional<report::ServiceFigures> service;  ///< unset: no survey or case in its months
    std::optional<report::LoyaltyFigures> loyalty;  ///< unset: no level or points entry
};

class Page {
public:
    Page(const ReportOptions& o, const ReportData& d, Lang lang, const User& user, Period now, Period before)
        : o_(o), d_(d), lang_(lang), user_(user), now_(now), before_(before) {}

    std::string render() {
        head();
        headline();
        rfm_grid();
        groups(Word::segments, Word::segment, segment_rows());
        groups(Word::tiers, Word::tier, tier_rows());
        lifecycle();
        monthly();
        cohorts();
        top_customers();
        service();
        loyalty();
        data_quality();
        // What is left out is said, so a missing section reads as "nothing to show", not as a fault.
        std::vector<std::string> missing;
        if (!d_.service) missing.emplace_back(w(Word::service_missing));
        if (!d_.loyalty) missing.emplace_back(w(Word::loyalty_missing));
        if (!missing.empty()) {
            out_ += "<footer><p>" + escape(w(Word::not_included)) + ": ";
            for (std::size_t i = 0; i < missing.size(); ++i) out_ += (i > 0 ? "; " : "") + escape(missing[i]);
            out_ += ".</p></footer>";
        }
        out_ += "</main></body></html>\n";
        return std::move(out_);
    }

private:
    std::string_view w(Word word) const { return report::word(word, lang_); }
    std::string money(std::int64_t minor) const { return money::format_amount(minor, d_.currency); }
    double major(std::int64_t minor) const { return static_cast<double>(minor) / std::pow(10.0, d_.exponent); }
    std::string date(std::int64_t day) const { return format_date(from_days(day)); }
    std::string percent(double share) const {
        char b[32];
        std::snprintf(b, sizeof b, "%.1f%%", share * 100);
        return b;
    }

    void head() {
        out_ += "<!DOCTYPE html>\n<html lang=\"" + std::string(lang_ == Lang::zh_cn ? "zh-CN" : "en") +
                "\"><head><meta charset=\"utf-8\">"
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                "img-src data:\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                "<title>" + escape(w(Word::title)) + " " + date(now_.to) + "</title><style>" + kStyle +
                "</style></head><body><main>";
        out_ += "<header><h1>" + escape(w(Word::title)) + "</h1><p>" + escape(w(Word::as_of)) + " " + date(now_.to) +
                " · " + escape(w(Word::period)) + " " + date(now_.from) + " – " + date(now_.to) + " · " +
                escape(w(Word::previous)) + " " + date(before_.from) + " – " + date(before_.to) + " · " +
                escape(w(Word::currency)) + " " + escape(d_.currency) + " · " + escape(w(Word::user)) + " " +
                escape(user_.username);
        if (!o_.owner.empty()) out_ += " · " + escape(w(Word::owner)) + " " + escape(o_.owner);
        out_ += "</p></header>";
    }

    /// How the chart and its table share the width: 3:2 side by side; half and half, for a
    /// table of many columns; or the table under the chart, for one too wide to stand beside it.
    enum class Layout { side, even, stacked };
    void open_section(std::string_view id, Word title, Layout layout = Layout::side) {
        const char* cls = layout == Layout::stacked ? " stacked" : layout == Layout::even ? " even" : "";
        out_ += "<section id=\"" + std::string(id) + "\"><h2>" + escape(w(title)) + "</h2><div class=\"pair" + cls +
                "\">";
    }
    void figure(const std::string& svg) { out_ += "<figure>" + svg + "</figure>"; }
    void close_section() { out_ += "</div></section>"; }
    /// Numbers align right, words (a customer's name, a segment) left: a column is words when
    /// its first row's cell there does not start like a number. Short rows are padded, so
    /// every row has its rule across the table.
    void table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
        auto numeric = [](const std::string& cell) {
            return cell.empty() || std::isdigit(static_cast<unsigned char>(cell[0])) || cell[0] == '-' ||
                   cell[0] == '+' || cell.starts_with("—");
        };
        std::vector<bool> words(header.size(), false);
        for (std::size_t i = 1; i < header.size() && !rows.empty(); ++i)
            words[i] = i < rows.front().size() && !numeric(rows.front()[i]);
        auto cls = [&](std::size_t i) { return i < words.size() && words[i] ? std::string(" class=\"t\"") : ""; };
        out_ += "<div class=\"table\"><table><thead><tr>";
        for (std::size_t i = 0; i < header.size(); ++i) out_ += "<th scope=\"col\"" + cls(i) + ">" + escape(header[i]) + "</th>";
        out_ += "</tr></thead><tbody>";
        for (const auto& r : rows) {
            out_ += "<tr>";
            for (std::size_t i = 0; i < std::max(r.size(), header.size()); ++i) {
                const std::string cell = i < r.size() ? escape(r[i]) : "";
                out_ += i == 0 ? "<th scope=\"row\">" + cell + "</th>" : "<td" + cls(i) + ">" + cell + "</td>";
            }
            out_ += "</tr>";
        }
        out_ += "</tbody></table></div>";
    }

    std::string change(double now, double before) const {
        if (before == 0) return now == 0 ? "0.0%" : "—";
        char b[32];
        std::snprintf(b, sizeof b, "%+.1f%%", (now - before) / std::fabs(before) * 100);
        return b;
    }

    void headline() {
        const auto& a = d_.now;
        const auto& b = d_.before;
        auto avg = [](const PeriodFigures& f) { return f.orders > 0 ? f.purchase_amount / f.orders : 0; };
        std::vector<std::vector<std::string>> rows = {
            {std::string(w(Word::customers)), report::grouped(static_cast<std::int64_t>(d_.ids.size())), "", ""},
            {std::string(w(Word::active_buyers)), report::grouped(a.active_buyers), report::grouped(b.active_buyers),
             change(static_cast<double>(a.active_buyers), static_cast<double>(b.active_buyers))},
            {std::string(w(Word::revenue)), money(a.revenue), money(b.revenue),
             change(static_cast<double>(a.revenue), static_cast<double>(b.revenue))},
            {std::string(w(Word::orders)), report::grouped(a.orders), report::grouped(b.orders),
             change(static_cast<double>(a.orders), static_cast<double>(b.orders))},
            {std::string(w(Word::average_order)), money(avg(a)), money(avg(b)),
             change(static_cast<double>(avg(a)), static_cast<double>(avg(b)))},
            {std::string(w(Word::repeat_rate)), percent(a.repeat_rate), percent(b.repeat_rate),
             change(a.repeat_rate, b.repeat_rate)},
        };
        open_section("headline", Word::headline);
        out_ += "<div class=\"cards\">";
        auto card = [&](Word label, const std::string& value, const std::string& delta) {
            out_ += "<div class=\"card\"><div class=\"label\">" + escape(w(label)) + "</div><div class=\"value\">" +
                    escape(value) + "</div><div class=\"delta\">" + escape(delta) + "</div></div>";
        };
        card(Word::customers, report::compact_number(static_cast<double>(d_.ids.size()), lang_), "");
        card(Word::active_buyers, report::compact_number(static_cast<double>(a.active_buyers), lang_), rows[1][3]);
        card(Word::revenue, report::compact_number(major(a.revenue), lang_, 2), rows[2][3]);
        card(Word::average_order, report::compact_number(major(avg(a)), lang_, 2), rows[4][3]);
        card(Word::repeat_rate, percent(a.repeat_rate), rows[5][3]);
        out_ += "</div>";
        table({std::string(w(Word::metric)), std::string(w(Word::this_period)), std::string(w(Word::previous)),
               std::string(w(Word::change))},
              rows);
        close_section();
    }

    void rfm_grid() {
        const auto& s = d_.rfm;
        std::array<std::int64_t, 25> count{}, revenue{};
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s.r[i] < 1 || s.r[i] > 5 || s.f[i] < 1 || s.f[i] > 5) continue;
            std::size_t cell = static_cast<std::size_t>(5 - s.r[i]) * 5 + (s.f[i] - 1);
            ++count[cell];
            revenue[cell] += s.monetary[i];
        }
        std::int64_t most = std::max<std::int64_t>(1, *std::max_element(count.begin(), count.end()));
        auto rules = default_segments();
        std::vector<std::string> rows, cols;
        std::vector<double> shade;
        std::vector<std::vector<std::string>> text;
        std::vector<std::vector<std::string>> table_rows;
        for (int r = 5; r >= 1; --r) rows.push_back("R" + std::to_string(r));
        for (int f = 1; f <= 5; ++f) cols.push_back("F" + std::to_string(f));
        for (int r = 5; r >= 1; --r)
            for (int f = 1; f <= 5; ++f) {
                std::size_t cell = static_cast<std::size_t>(5 - r) * 5 + static_cast<std::size_t>(f - 1);
                std::string segment;
                for (const auto& rule : rules)
                    if (r >= rule.r_min && r <= rule.r_max && f >= rule.f_min && f <= rule.f_max) {
                        segment = std::string(report::term(rule.name, lang_));
                        break;
                    }
                shade.push_back(static_cast<double>(count[cell]) / static_cast<double>(most));
                text.push_back({report::compact_number(static_cast<double>(count[cell]), lang_),
                                report::compact_number(major(revenue[cell]), lang_, 2), segment});
                table_rows.push_back({"R" + std::to_string(r) + " F" + std::to_string(f), segment,
                                      report::grouped(count[cell]), money(revenue[cell])});
            }
        open_section("rfm", Word::rfm_grid);
        figure(report::heatmap(w(Word::rfm_grid), w(Word::rfm_note), w(Word::recency_score), w(Word::frequency_score),
                               rows, cols, shade, text));
        out_ += "<details><summary>" + escape(w(Word::rfm_note)) + "</summary>";
        table({"R×F", std::string(w(Word::segment)), std::string(w(Word::customers_col)),
               std::string(w(Word::revenue_col))},
              table_rows);
        out_ += "</details>";
        close_section();
    }

    struct GroupRow {
        std::string name;
        std::int64_t customers = 0, revenue = 0;
    };
    std::vector<GroupRow> segment_rows() const {
        const auto& s = d_.rfm;
        std::vector<GroupRow> g(s.segment_names.size() + 1);
        for (std::size_t i = 0; i < s.segment_names.size(); ++i) g[i].name = s.segment_names[i];
        g.back().name = "none";
        for (std::size_t i = 0; i < s.size(); ++i) {
            auto& row = s.segment[i] == RfmScores::kNoSegment ? g.back() : g[s.segment[i]];
            ++row.customers;
            row.revenue += s.monetary[i];
        }
        return g;
    }
    std::vector<GroupRow> tier_rows() const {
        std::vector<GroupRow> g = {{"high"}, {"medium"}, {"low"}};
        const auto& s = d_.rfm;
        for (std::size_t i = 0; i < s.size(); ++i) {
            auto& row = g[2 - static_cast<std::size_t>(s.value_tier[i])];
            ++row.customers;
            row.revenue += s.monetary[i];
        }
        return g;
    }
    void groups(Word title, Word column, const std::vector<GroupRow>& g) {
        std::vector<std::string> labels, value_labels;
        std::vector<double> values;
        std::vector<std::vector<std::string>> rows;
        for (const auto& row : g) {
            labels.emplace_back(report::term(row.name, lang_));
            values.push_back(static_cast<double>(row.customers));
            value_labels.push_back(report::compact_number(static_cast<double>(row.customers), lang_) + " · " +
                                   report::compact_number(major(row.revenue), lang_, 2));
            rows.push_back({labels.back(), report::grouped(row.customers), money(row.revenue)});
        }
        open_section(title == Word::segments ? "segments" : "tiers", title);
        figure(report::horizontal_bars(w(title), std::string(w(Word::customers_col)) + " · " +
                                                     std::string(w(Word::revenue_col)),
                                       labels, values, value_labels, lang_));
        table({std::string(w(column)), std::string(w(Word::customers_col)), std::string(w(Word::revenue_col))}, rows);
        close_section();
    }

    void lifecycle() {
        std::vector<std::string> labels, value_labels;
        std::vector<double> values;
        std::vector<std::vector<std::string>> rows;
        std::int64_t total = std::accumulate(d_.funnel.begin(), d_.funnel.end(), std::int64_t{0});
        for (std::size_t i = 0; i < kLifecycleStages; ++i) {
            labels.emplace_back(report::term(to_string(static_cast<LifecycleStage>(i)), lang_));
            values.push_back(static_cast<double>(d_.funnel[i]));
            double share = total > 0 ? static_cast<double>(d_.funnel[i]) / static_cast<double>(total) : 0;
            value_labels.push_back(report::compact_number(values.back(), lang_) + " · " + percent(share));
            rows.push_back({labels.back(), report::grouped(d_.funnel[i]), percent(share)});
        }
        open_section("lifecycle", Word::lifecycle);
        figure(report::horizontal_bars(w(Word::lifecycle), w(Word::as_of), labels, values, value_labels, lang_));
        table({std::string(w(Word::stage)), std::string(w(Word::customers_col)), std::string(w(Word::share))}, rows);
        close_section();

        std::int64_t most = 1;
        for (const auto& r : d_.transitions) most = std::max(most, *std::max_element(r.begin(), r.end()));
        std::vector<double> shade;
        std::vector<std::vector<std::string>> text, trows;
        std::vector<std::string> header = {std::string(w(Word::stage_on_from)) + " \\ " +
                                           std::string(w(Word::stage_on_as_of))};
        header.insert(header.end(), labels.begin(), labels.end());
        for (std::size_t a = 0; a < kLifecycleStages; ++a) {
            std::vector<std::string> row = {labels[a]};
            for (std::size_t b = 0; b < kLifecycleStages; ++b) {
                auto n = d_.transitions[a][b];
                shade.push_back(n > 0 ? static_cast<double>(n) / static_cast<double>(most) : -1);
                text.push_back({n > 0 ? report::compact_number(static_cast<double>(n), lang_) : ""});
                row.push_back(report::grouped(n));
            }
            trows.push_back(std::move(row));
        }
        open_section("transitions", Word::transitions, Layout::stacked);
        figure(report::heatmap(w(Word::transitions), date(now_.from) + " → " + date(now_.to), w(Word::stage_on_from),
                               w(Word::stage_on_as_of), labels, labels, shade, text));
        table(header, trows);
        close_section();
    }

    void monthly() {
        const auto& c = d_.cohorts;
        MonthIndex last = month_of_day(now_.to);
        MonthIndex first = last - (kMonthsShown - 1);
        if (c.size() > 0) first = std::max(first, c.cohort.front());
        std::size_t n = static_cast<std::size_t>(std::max(0, last - first + 1));
        std::vector<double> fresh(n), returning(n), revenue(n);
        for (std::size_t i = 0; i < c.size(); ++i) {
            MonthIndex m = c.cohort[i] + c.period[i];
            if (m < first || m > last) continue;
            auto k = static_cast<std::size_t>(m - first);
            if (c.period[i] == 0) fresh[k] += static_cast<double>(c.customers[i]);
            else returning[k] += static_cast<double>(c.customers[i]);
            revenue[k] += major(c.revenue[i]);
        }
        std::vector<std::string> months;
        std::vector<std::vector<std::string>> rows;
        for (std::size_t k = 0; k < n; ++k) {
            months.push_back(date(first_day_of_month(first + static_cast<MonthIndex>(k))).substr(0, 7));
            rows.push_back({months.back(), report::grouped(static_cast<std::int64_t>(fresh[k])),
                            report::grouped(static_cast<std::int64_t>(returning[k])),
                            report::compact_number(revenue[k], lang_, 2)});
        }
        open_section("monthly", Word::monthly);
        out_ += "<div class=\"charts\">";
        figure(report::stacked_bars(w(Word::monthly), w(Word::customers_col), months,
                                    {{std::string(w(Word::new_buyers)), fresh},
                                     {std::string(w(Word::returning_buyers)), returning}},
                                    lang_));
        figure(report::stacked_bars(w(Word::revenue), d_.currency, months, {{std::string(w(Word::revenue)), revenue}},
                                    lang_));
        out_ += "</div>";
        table({std::string(w(Word::month)), std::string(w(Word::new_buyers)), std::string(w(Word::returning_buyers)),
               std::string(w(Word::revenue))},
              rows);
        close_section();
    }

    void cohorts() {
        const auto& c = d_.cohorts;
        std::vector<MonthIndex> shown;
        for (std::size_t i = 0; i < c.size(); ++i)
            if (shown.empty() || shown.back() != c.cohort[i]) shown.push_back(c.cohort[i]);
        if (shown.size() > kCohortsShown) shown.erase(shown.begin(), shown.end() - kCohortsShown);
        std::vector<std::string> rows, cols;
        for (int p = 0; p < kPeriodsShown; ++p) cols.push_back("+" + std::to_string(p));
        std::vector<double> shade(shown.size() * kPeriodsShown, -1);
        std::vector<std::vector<std::string>> text(shade.size()), trows;
        for (auto m : shown) rows.push_back(date(first_day_of_month(m)).substr(0, 7));
        for (std::size_t r = 0; r < shown.size(); ++r) trows.push_back({rows[r], "", ""});
        for (std::size_t i = 0; i < c.size(); ++i) {
            auto at = std::lower_bound(shown.begin(), shown.end(), c.cohort[i]);
            if (at == shown.end() || *at != c.cohort[i] || c.period[i] >= kPeriodsShown) continue;
            auto r = static_cast<std::size_t>(at - shown.begin());
            std::size_t cell = r * kPeriodsShown + static_cast<std::size_t>(c.period[i]);
            shade[cell] = c.retention[i];
            text[cell] = {percent(c.retention[i])};
            trows[r][1] = report::grouped(c.cohort_customers[i]);
            trows[r].push_back(percent(c.retention[i]));
        }
        std::vector<std::string> header = {std::string(w(Word::cohort)), std::string(w(Word::customers_col))};
        for (const auto& col : cols) header.push_back(col);
        for (auto& r : trows) r.erase(r.begin() + 2);
        open_section("cohorts", Word::cohorts, Layout::stacked);
        figure(report::heatmap(w(Word::cohorts), w(Word::retention), w(Word::cohort), w(Word::months_after), rows, cols,
                               shade, text));
        table(header, trows);
        close_section();
    }

    void top_customers() {
        std::vector<std::string> labels, value_labels;
        std::vector<double> values;
        std::vector<std::vector<std::string>> rows;
        for (std::size_t i = 0; i < d_.top.size(); ++i) {
            const auto& t = d_.top[i];
            labels.push_back(t.name);
            values.push_back(major(t.revenue));
            value_labels.push_back(report::compact_number(values.back(), lang_, 2));
            rows.push_back({std::to_string(i + 1), t.name, money(t.revenue), report::grouped(t.orders),
                            report::grouped(t.recency), std::string(report::term(t.segment, lang_))});
        }
        open_section("top", Word::top_customers, Layout::even);
        std::vector<std::string> bar_labels(labels.begin(), labels.begin() + std::min<std::ptrdiff_t>(10, labels.size()));
        figure(report::horizontal_bars(w(Word::top_customers), w(Word::revenue_col), bar_labels, values, value_labels,
                                       lang_));
        table({std::string(w(Word::rank)), std::string(w(Word::customer)), std::string(w(Word::revenue_col)),
               std::string(w(Word::orders)), std::string(w(Word::last_purchase_days)), std::string(w(Word::segment))},
              rows);
        close_section();
    }

    /// A figure with `decimals`, or "—" for "no data" (no responses, no cases).
    static std::string optional_figure(const std::optional<double>& v, int decimals) {
        if (!v) return "—";
        char b[32];
        std::snprintf(b, sizeof b, "%.*f", decimals, *v);
        return b;
    }
    static std::optional<double> satisfied(const ServiceReportRow& r) {
        if (r.csat_responses == 0) return std::nullopt;
        return 100.0 * static_cast<double>(r.csat_counts[3] + r.csat_counts[4]) / static_cast<double>(r.csat_responses);
    }

    void service() {
        if (!d_.service) return;
        const auto& f = *d_.service;
        std::vector<double> nps, csat, within, late;
        std::vector<std::vector<std::string>> rows;
        auto row_of = [&](const std::string& label, const ServiceReportRow& r) {
            auto rate = r.breach_rate ? std::optional<std::string>(percent(*r.breach_rate)) : std::nullopt;
            return std::vector<std::string>{label, report::grouped(r.answered), optional_figure(r.nps, 1),
                                            optional_figure(r.csat_mean, 2), optional_figure(satisfied(r), 1),
                                            report::grouped(r.complaints + r.suggestions),
                                            optional_figure(r.first_response_median_hours, 1),
                                            optional_figure(r.resolution_median_hours, 1), rate.value_or("—")};
        };
        for (std::size_t i = 0; i < f.months.size(); ++i) {
            const auto& r = f.by_month[i];
            nps.push_back(r.nps.value_or(NAN));
            csat.push_back(satisfied(r).value_or(NAN));
            within.push_back(static_cast<double>(r.complaints + r.suggestions - r.breached));
            late.push_back(static_cast<double>(r.breached));
            rows.push_back(row_of(f.months[i], r));
        }
        rows.push_back(row_of(std::string(w(Word::all_months)), f.all));
        // A chart only for what there is: no lines without answers, no bars without cases.
        const bool answers = f.all.nps_responses + f.all.csat_responses > 0;
        const bool cases = f.all.complaints + f.all.suggestions > 0;
        open_section("service", Word::service, Layout::stacked);
        out_ += std::string("<div class=\"charts") + (answers && cases ? " two" : "") + "\">";
        if (answers)
            figure(report::line_chart(w(Word::nps_csat), f.months.front() + " – " + f.months.back(), f.months,
                                      {{std::string(w(Word::nps)), nps}, {std::string(w(Word::csat_satisfied)), csat}},
                                      lang_));
        if (cases)
            figure(report::stacked_bars(w(Word::cases_by_sla), w(Word::cases), f.months,
                                        {{std::string(w(Word::within_sla)), within},
                                         {std::string(w(Word::breached)), late}},
                                        lang_));
        out_ += "</div>";
        table({std::string(w(Word::month)), std::string(w(Word::surveys_answered)), std::string(w(Word::nps)),
               std::string(w(Word::csat_mean)), std::string(w(Word::csat_satisfied)) + " %",
               std::string(w(Word::cases)), std::string(w(Word::first_response_hours)),
               std::string(w(Word::resolution_hours)), std::string(w(Word::breach_rate))},
              rows);
        close_section();
    }

    void loyalty() {
        if (!d_.loyalty) return;
        const auto& f = *d_.loyalty;
        std::int64_t total = 0;
        for (const auto& l : f.levels) total += l.customers;
        std::vector<std::string> labels, value_labels;
        std::vector<double> values;
        std::vector<std::vector<std::string>> rows;
        for (const auto& l : f.levels) {
            labels.push_back(l.name.empty() ? std::string(w(Word::no_level)) : l.name);
            values.push_back(static_cast<double>(l.customers));
            double share = total > 0 ? static_cast<double>(l.customers) / static_cast<double>(total) : 0;
            value_labels.push_back(report::compact_number(values.back(), lang_) + " · " + percent(share));
            rows.push_back({labels.back(), report::grouped(l.customers), percent(share), report::grouped(l.points)});
        }
        const std::vector<std::pair<Word, std::int64_t>> liability = {
            {Word::points_outstanding, f.points}, {Word::expiring_30, f.expiring_30}, {Word::expiring_90, f.expiring_90}};
        std::vector<std::string> owed_labels, owed_values;
        std::vector<double> owed;
        for (const auto& [word, n] : liability) {
            owed_labels.emplace_back(w(word));
            owed.push_back(static_cast<double>(n));
            owed_values.push_back(report::compact_number(owed.back(), lang_));
        }
        open_section("loyalty", Word::loyalty);
        out_ += "<div class=\"charts\">";
        figure(report::horizontal_bars(w(Word::level), w(Word::customers_col), labels, values, value_labels, lang_));
        figure(report::horizontal_bars(w(Word::points_outstanding), w(Word::points), owed_labels, owed, owed_values,
                                       lang_));
        out_ += "</div><div>";
        table({std::string(w(Word::level)), std::string(w(Word::customers_col)), std::string(w(Word::share)),
               std::string(w(Word::points_held))},
              rows);
        table({std::string(w(Word::metric)), std::string(w(Word::count))},
              {{std::string(w(Word::points_outstanding)), report::grouped(f.points)},
               {std::string(w(Word::points_holders)), report::grouped(f.holders)},
               {std::string(w(Word::expiring_30)), report::grouped(f.expiring_30)},
               {std::string(w(Word::expiring_90)), report::grouped(f.expiring_90)}});
        out_ += "</div>";
        close_section();
    }

    void data_quality() {
        auto share = [&](std::int64_t n) {
            return d_.quality_customers > 0 ? static_cast<double>(n) / static_cast<double>(d_.quality_customers) : 0;
        };
        std::vector<std::pair<Word, std::int64_t>> items = {{Word::without_phone, d_.without_phone},
                                                            {Word::without_email, d_.without_email},
                                                            {Word::never_verified, d_.never_verified},
                                                            {Word::stale_verified, d_.stale}};
        std::vector<std::string> labels, value_labels;
        std::vector<double> values;
        std::vector<std::vector<std::string>> rows;
        for (const auto& [word, n] : items) {
            labels.emplace_back(w(word));
            values.push_back(share(n) * 100);
            value_labels.push_back(percent(share(n)));
            rows.push_back({labels.back(), report::grouped(n), percent(share(n))});
        }
        rows.push_back({std::string(w(Word::merged_duplicates)), report::grouped(d_.merged), ""});
        open_section("quality", Word::data_quality);
        figure(report::horizontal_bars(w(Word::data_quality), w(Word::share), labels, values, value_labels, lang_));
        table({std::string(w(Word::metric)), std::string(w(Word::count)), std::string(w(Word::share))}, rows);
        close_section();
    }

    static constexpr const char* kStyle =
        "body{margin:0;font-family:system-ui,-apple-system,'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft "
        "YaHei','PingFang SC',sans-serif;color:#1a1a1a;background:#fff;line-height:1.45}"
        "main{max-width:1180px;margin:0 auto;padding:16px}h1{font-size:1.6em;margin:.2em 0}"
        "header p{color:#444;margin:0 0 1em}h2{font-size:1.2em;border-bottom:2px solid #1f4e79;padding-bottom:4px}"
        "section{margin:0 0 28px;break-inside:avoid;page-break-inside:avoid}"
        ".pair{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px;align-items:start}"
        "figure{margin:0}svg{width:100%;height:auto;font-size:12px}svg text{fill:#1a1a1a}"
        "svg text.on-dark{fill:#fff}svg .grid{stroke:#ddd}svg .axis{stroke:#333}svg .cell{stroke:#fff}"
        "svg .axis-name{font-weight:bold}.table{overflow-x:auto}table{border-collapse:collapse;font-size:13px;"
        "width:100%}th,td{border-bottom:1px solid #ddd;padding:3px 6px;text-align:right;white-space:nowrap}"
        "th:first-child,.t{text-align:left}thead th{vertical-align:bottom;white-space:normal;min-width:3.5em}"
        ".table+.table{margin-top:14px}.cards{display:grid;"
        "grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:10px;margin-bottom:12px}.card{border:1px solid #ccc;border-radius:6px;padding:8px}"
        ".card .label{color:#444;font-size:.9em}.card .value{font-size:1.5em;font-weight:bold}"
        ".card .delta{color:#444}.charts{display:grid;gap:12px}footer{color:#555;font-size:.9em}"
        // A wide table goes under its chart, and a grid chart keeps a readable size there.
        ".pair.stacked{grid-template-columns:minmax(0,1fr)}.pair.even{grid-template-columns:repeat(2,minmax(0,1fr))}.stacked>figure svg{max-width:900px}"
        ".charts.two{grid-template-columns:repeat(2,minmax(0,1fr))}"
        // On a phone a chart is shown whole (pinch to zoom), its table scrolls sideways.
        "@media (max-width:760px){.pair,.pair.even,.charts.two{grid-template-columns:minmax(0,1fr)}main{padding:8px}"
        "th,td{padding:3px 4px}thead th{min-width:5em}}"
        "@media print{main{max-width:none;padding:0}.pair,.pair.even{grid-template-columns:minmax(0,1fr)}details{display:block}"
        "details>summary{display:none}h2{break-after:avoid}}"
        "@page{size:A4;margin:14mm}";

    const ReportOptions& o_;
    const ReportData& d_;
    Lang lang_;
    const User& user_;
    Period now_, before_;
    std::string out_;
};

void read_quality(store::Session& s, std::int64_t stale_before, ReportData& d) {
    auto q = s.conn.query(
        "SELECT count(*), "
        "coalesce(sum(NOT EXISTS (SELECT 1 FROM customer_phones p WHERE p.customer_id = c.id)), 0), "
        "coalesce(sum(NOT EXISTS (SELECT 1 FROM customer_emails e WHERE e.customer_id = c.id)), 0), "
        "coalesce(sum(c.last_verified_at IS NULL), 0), coalesce(sum(c.last_verified_at < ?), 0) "
        "FROM customers c WHERE " + s.visible + " AND c.status NOT IN ('merged', 'anonymized')");
    q->bind(1, stale_before);
    if (q->step()) {
        d.quality_customers = q->integer(0);
        d.without_phone = q->integer(1);
        d.without_email = q->integer(2);
        d.never_verified = q->integer(3);
        d.stale = q->integer(4);
    }
    auto m = s.conn.query("SELECT count(*) FROM customers c WHERE " + s.visible + " AND c.status = 'merged'");
    if (m->step()) d.merged = m->integer(0);
}

/// The top customers by monetary value, with a display name where options allow and the
/// customer is not anonymized; otherwise the public reference.
void read_top(store::Session& s, const ReportOptions& o, ReportData& d) {
    std::vector<std::size_t> order(d.rfm.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto n = std::min<std::size_t>(order.size(), static_cast<std::size_t>(o.top_customers));
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(),
                      [&](std::size_t a, std::size_t b) {
                          return d.rfm.monetary[a] != d.rfm.monetary[b] ? d.rfm.monetary[a] > d.rfm.monetary[b]
                                                                         : d.rfm.customer[a] < d.rfm.customer[b];
                      });
    auto q = s.conn.query("SELECT display_name, status FROM customers WHERE id = ?");
    for (std::size_t k = 0; k < n; ++k) {
        std::size_t i = order[k];
        auto id = d.rfm.customer[i];
        auto at = std::lower_bound(d.ids.begin(), d.ids.end(), id);
        std::string name = at != d.ids.end() && *at == id ? d.refs[static_cast<std::size_t>(at - d.ids.begin())] : "";
        if (o.show_names) {
            q->reset();
            q->bind(1, id);
            if (q->step() && q->text(1) != "anonymized" && !q->text(0).empty()) name = q->text(0);
        }
        d.top.push_back({name, d.rfm.monetary[i], d.rfm.frequency[i], d.rfm.recency_days[i],
                         std::string(d.rfm.segment_name(i).empty() ? "none" : d.rfm.segment_name(i))});
    }
}

}  // namespace

std::string Reports::html(const ReportOptions& options) const {
    const Lang lang = parse_lang(options.lang);
    const auto as_of = options.as_of;
    const auto from = options.from.value_or(as_of - std::chrono::days(29));
    if (from > as_of)
        throw InvalidInput("from", "the period starts (" + format_date(Date(from)) + ") after as_of (" +
                                       format_date(Date(as_of)) + ")");
    if (options.top_customers < 1 || options.top_customers > 100)
        throw InvalidInput("top_customers", "must be 1..100, not " + std::to_string(options.top_customers));
    if (options.stale_days < 1) throw InvalidInput("stale_days", "must be at least 1");
    const Period now{from.time_since_epoch().count(), as_of.time_since_epoch().count()};
    const Period before{now.from - (now.to - now.from + 1), now.from - 1};

    auto& s = session();
    std::optional<OwnerScope> narrowed;
    if (!options.owner.empty()) {
        auto owner = s.find_user(options.owner);
        if (!owner) throw InvalidInput("owner", "no user named '" + options.owner + "'");
        narrowed.emplace(s, owner->id);
    }
    ReportData d;
    {
        store::ReadScope scope(s);
        d.currency = analytics_store::currency_to_count(s, options.currency);
        d.rows = analytics_store::read_transactions(s, d.currency);
        analytics_store::read_customers(s, d.ids, d.refs);
        read_quality(s, (now.to + 1 - options.stale_days) * kSecondsPerDay, d);
    }
    d.exponent = money::currency_exponent(d.currency);
    const auto t = d.rows.columns();
    d.now = figures_of(t, now);
    d.before = figures_of(t, before);
    RfmOptions ro;
    ro.as_of = as_of;
    d.rfm = rfm(t, ro);
    LifecycleOptions lo;
    lo.as_of = as_of;
    d.funnel = clientele::lifecycle(t, d.ids, lo).counts();
    d.transitions = stage_transitions(t, d.ids, from, lo);
    CohortOptions co;
    co.as_of = as_of;
    d.cohorts = clientele::cohorts(t, co);
    {
        store::ReadScope scope(s);
        read_top(s, options, d);
    }
    // The service section's twelve months, up to as_of's.
    const auto last_month = std::chrono::year_month_day(as_of);
    const auto first_month = last_month.year() / last_month.month() - std::chrono::months(11);
    d.service = report::read_service(s, std::chrono::sys_days(first_month / 1), as_of, d.currency);
    d.loyalty = report::read_loyalty(s, as_of);
    return Page(options, d, lang, s.user, now, before).render();
}

void Reports::write_html(const std::filesystem::path& path, const ReportOptions& options) const {
    // Refused before anything is computed: a report aimed at the database is a mistake.
    files::refuse_database_path(path, session().path);
    auto text = html(options);
    files::OutputFile out(path, session().path);
    out.stream() << text;
    out.commit();
}

}  // namespace clientele
