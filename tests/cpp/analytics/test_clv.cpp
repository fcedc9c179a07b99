// CLV (docs/clv.md): the summary on hand-computed rows, BG/NBD and Gamma-Gamma against
// lifetimes 0.11.3 on its CDNOW data (fixtures written by benchmarks/clv_reference.py),
// recovery of known parameters from simulated customers, and the bad-input errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clientele/clv.hpp"
#include "clientele/error.hpp"

#include "analytics/transaction_rows.hpp"

using namespace clientele;
using std::chrono::days;
using std::chrono::sys_days;

namespace {

using test::kDay;
using test::Rows;
using test::day;

/// A CSV of numbers with a header, as columns by name.
std::map<std::string, std::vector<double>> read_csv(const std::string& name) {
    std::ifstream in(std::string(CLIENTELE_CLV_DATA_DIR) + "/" + name);
    REQUIRE(in);
    std::string line, cell;
    std::getline(in, line);
    std::vector<std::string> header;
    std::stringstream hs(line);
    while (std::getline(hs, cell, ',')) header.push_back(cell);
    std::map<std::string, std::vector<double>> out;
    while (std::getline(in, line)) {
        std::stringstream ls(line);
        for (std::size_t k = 0; std::getline(ls, cell, ','); ++k) out[header[k]].push_back(std::stod(cell));
    }
    return out;
}

nlohmann::json reference() {
    std::ifstream in(std::string(CLIENTELE_CLV_DATA_DIR) + "/cdnow_lifetimes_fit.json");
    return nlohmann::json::parse(in);
}

bool close(double got, double want, double rel) { return std::fabs(got - want) <= rel * std::fabs(want) + 1e-300; }

}  // namespace

TEST_CASE("clv summary follows lifetimes' definitions", "[clv]") {
    Rows rows;
    rows.add(1, 100, 500).add(1, 100, 700, 3600)  // two rows on the first day: one purchase
        .add(1, 103, 1000).add(1, 110, 2000).add(1, 110, -500, 60)  // the refund nets in its day
        .add(1, 130, 9999)                          // after as_of: ignored
        .add(2, 105, 300)                           // one purchase: no repeats
        .add(3, 104, -100);                         // a refund alone is no purchase
    ClvSummaryOptions o;
    o.as_of = day(120);
    const auto s = clv_summary(rows.columns(), o);
    REQUIRE(s.customer == std::vector<std::int64_t>{1, 2});
    CHECK(s.frequency == std::vector<double>{2, 0});
    CHECK(s.recency == std::vector<double>{10, 0});
    CHECK(s.T == std::vector<double>{20, 15});
    CHECK(s.monetary_value == std::vector<double>{(1000 + 1500) / 2.0, 0});

    o.period = ClvPeriod::week;  // day 100 is a Saturday (Monday 1970-04-06 is day 95)
    const auto w = clv_summary(rows.columns(), o);
    CHECK(w.frequency[0] == 2);  // weeks of days 95..101, 102..108, 109..115
    CHECK(w.recency[0] == 2);
    CHECK(w.T[0] == 3);          // day 120 is in the week from day 116
    CHECK(w.monetary_value[0] == 1250);
}

TEST_CASE("clv summary splits calibration and holdout", "[clv]") {
    Rows rows;
    rows.add(1, 0, 100).add(1, 5, 200).add(1, 12, 300).add(1, 12, 100, 7200).add(1, 15, 500);
    rows.add(2, 11, 100);  // first purchase in the holdout: no row
    ClvSummaryOptions o;
    o.as_of = day(20);
    o.calibration_end = day(10);
    const auto s = clv_summary(rows.columns(), o);
    REQUIRE(s.customer == std::vector<std::int64_t>{1});
    CHECK(s.frequency[0] == 1);
    CHECK(s.recency[0] == 5);
    CHECK(s.T[0] == 10);
    CHECK(s.frequency_holdout[0] == 2);
    CHECK(s.monetary_value_holdout[0] == 450);
    CHECK(s.duration_holdout == 10);
    o.calibration_end = day(21);
    CHECK_THROWS_AS(clv_summary(rows.columns(), o), InvalidInput);
}

TEST_CASE("BG/NBD on CDNOW agrees with lifetimes", "[clv]") {
    auto data = read_csv("cdnow_summary.csv");
    const auto ref = reference();
    const ClvHistory h{data["frequency"], data["recency"], data["T"]};
    const ClvFit fit = fit_bgnbd(h);
    for (const char* name : {"r", "alpha", "a", "b"}) {
        INFO(name);
        CHECK(close(fit.value(name), ref["bgnbd"][name].get<double>(), 1e-3));
        const auto k = static_cast<std::size_t>(std::find(fit.names.begin(), fit.names.end(), name) - fit.names.begin());
        CHECK(close(fit.standard_errors[k], ref["bgnbd_se"][name].get<double>(), 1e-2));
    }
    // Fader, Hardie & Lee report a log-likelihood of -9582.4 for this data.
    CHECK(fit.log_likelihood == Approx(-9582.4).margin(0.1));

    const BgNbdParameters p{ref["bgnbd"]["r"], ref["bgnbd"]["alpha"], ref["bgnbd"]["a"], ref["bgnbd"]["b"]};
    auto pred = read_csv("cdnow_lifetimes_predictions.csv");
    const auto alive = bgnbd_probability_alive(h, p);
    const auto e39 = bgnbd_expected_purchases(h, p, 39);
    const auto e1 = bgnbd_expected_purchases(h, p, 1);
    for (std::size_t i = 0; i < alive.size(); ++i) {
        INFO("row " << i + 1);
        REQUIRE(close(alive[i], pred["p_alive"][i], 1e-6));
        REQUIRE(close(e39[i], pred["expected_purchases_39"][i], 1e-6));
        REQUIRE(close(e1[i], pred["expected_purchases_1"][i], 1e-6));
    }
}

TEST_CASE("Gamma-Gamma and CLV on CDNOW agree with lifetimes", "[clv]") {
    auto data = read_csv("cdnow_summary.csv");
    const auto ref = reference();
    const GammaGammaFit fit = fit_gamma_gamma(data["frequency"], data["monetary_value"]);
    for (const char* name : {"p", "q", "v"}) {
        INFO(name);
        CHECK(close(fit.value(name), ref["gamma_gamma"][name].get<double>(), 1e-3));
        const auto k = static_cast<std::size_t>(std::find(fit.names.begin(), fit.names.end(), name) - fit.names.begin());
        CHECK(close(fit.standard_errors[k], ref["gamma_gamma_se"][name].get<double>(), 1e-2));
    }
    CHECK(fit.frequency_monetary_correlation == Approx(ref["correlation_frequency_monetary"].get<double>()).epsilon(1e-9));
    CHECK(fit.customers == 946);

    const GammaGammaParameters g{ref["gamma_gamma"]["p"], ref["gamma_gamma"]["q"], ref["gamma_gamma"]["v"]};
    const BgNbdParameters p{ref["bgnbd"]["r"], ref["bgnbd"]["alpha"], ref["bgnbd"]["a"], ref["bgnbd"]["b"]};
    auto pred = read_csv("cdnow_lifetimes_predictions.csv");
    const auto value = gamma_gamma_expected_value(data["frequency"], data["monetary_value"], g);
    ClvOptions o;
    o.period = ClvPeriod::week;
    o.horizon = 12 * periods_per_month(ClvPeriod::week);
    const auto clv = customer_lifetime_value({data["frequency"], data["recency"], data["T"]}, value, p, o);
    for (std::size_t i = 0; i < value.size(); ++i) {
        INFO("row " << i + 1);
        REQUIRE(close(value[i], pred["expected_average_value"][i], 1e-6));
        REQUIRE(close(clv[i], pred["clv_12"][i], 1e-6));
    }
}

TEST_CASE("BG/NBD recovers the parameters it simulated", "[clv]") {
    const double r = 0.6, alpha = 8, a = 0.9, b = 3;
    std::mt19937_64 rng(19);
    std::gamma_distribution<double> lambda_of(r, 1 / alpha), ga(a, 1), gb(b, 1);
    std::uniform_real_distribution<double> age(20, 80), u(0, 1);
    const int n = 8000;
    std::vector<double> x(n), tx(n), T(n);
    for (int i = 0; i < n; ++i) {
        const double lambda = lambda_of(rng), pa = ga(rng), pb = gb(rng), p = pa / (pa + pb);
        T[i] = age(rng);
        double t = 0;
        for (;;) {
            t += std::exponential_distribution<double>(lambda)(rng);
            if (t > T[i]) break;
            x[i] += 1;
            tx[i] = t;
            if (u(rng) < p) break;  // drops out after this purchase
        }
    }
    const ClvFit fit = fit_bgnbd({x, tx, T});
    const double truth[] = {r, alpha, a, b};
    for (std::size_t k = 0; k < 4; ++k) {
        INFO(fit.names[k] << " = " << fit.values[k] << " +- " << fit.standard_errors[k]);
        CHECK(std::fabs(fit.values[k] - truth[k]) < 3 * fit.standard_errors[k]);
    }
}

TEST_CASE("CLV refuses input it cannot fit", "[clv]") {
    std::vector<double> x{0, 0, 1}, tx{0, 0, 2}, T{5, 5, 5};
    CHECK_THROWS_WITH(fit_bgnbd({x, tx, T}), Catch::Contains("1 customers with a repeat purchase"));
    std::vector<double> zeros(20, 0), ones(20, 1);
    CHECK_THROWS_WITH(fit_bgnbd({ones, zeros, zeros}), Catch::Contains("all T are 0"));
    std::vector<double> bad_recency{1, 0}, short_T{1, 1};
    std::vector<double> freq{1, 0};
    bad_recency[0] = 2;
    CHECK_THROWS_WITH(fit_bgnbd({freq, bad_recency, short_T}), Catch::Contains("row 1"));
    std::vector<double> spend(20, 5);
    spend[3] = 0;
    CHECK_THROWS_WITH(fit_gamma_gamma(ones, spend), Catch::Contains("positive spend"));
    ClvFitOptions few;
    few.max_iterations = 1;
    std::vector<double> m(30);
    std::vector<double> f(30);
    for (int i = 0; i < 30; ++i) {
        f[static_cast<std::size_t>(i)] = 1 + i % 4;
        m[static_cast<std::size_t>(i)] = 3 + i;
    }
    CHECK_THROWS_WITH(fit_gamma_gamma(f, m, few), Catch::Contains("did not converge"));
    CHECK_THROWS_AS(gamma_gamma_expected_value(f, m, {1, 0.5, 1}), InvalidInput);
}

TEST_CASE("the holdout check buckets customers by calibration frequency", "[clv]") {
    Rows rows;
    rows.add(1, 0, 100).add(1, 5, 200).add(1, 12, 300).add(1, 15, 500);  // frequency 1, 2 in the holdout
    rows.add(2, 2, 100).add(2, 14, 100);                                  // frequency 0, 1 in the holdout
    rows.add(3, 1, 100);                                                  // frequency 0, none
    ClvSummaryOptions o;
    o.as_of = day(20);
    o.calibration_end = day(10);
    const auto s = clv_summary(rows.columns(), o);
    const BgNbdParameters p{0.24, 4.4, 0.79, 2.4};
    const auto check = clv_holdout_check(s, p, 1);
    REQUIRE(check.frequency == std::vector<std::int64_t>{0, 1});
    CHECK(check.customers == std::vector<std::int64_t>{2, 1});
    CHECK(check.actual == std::vector<double>{0.5, 2});
    const auto predicted = bgnbd_expected_purchases({s.frequency, s.recency, s.T}, p, 10);
    CHECK(check.predicted[0] == Approx((predicted[1] + predicted[2]) / 2));
    CHECK(check.predicted[1] == Approx(predicted[0]));
    ClvSummaryOptions whole;
    whole.as_of = day(20);
    CHECK_THROWS_AS(clv_holdout_check(clv_summary(rows.columns(), whole), p), InvalidInput);
}
