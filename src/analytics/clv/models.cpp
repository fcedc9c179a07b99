// BG/NBD and Gamma-Gamma: log-likelihoods with analytic gradients, their fits, and the
// per-customer predictions. Formulas as in lifetimes 0.11.3 (BetaGeoFitter,
// GammaGammaFitter), which the tests check against figure by figure.
//
// Speed comes from what the likelihoods share: the log-gamma and digamma terms depend on
// the parameters and the frequency only, and frequencies take few values, so they are
// computed once per distinct frequency per evaluation; the per-row work is a few logs.
// BG/NBD rows with the same (frequency, recency, T) are also merged into one with a weight.
#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "analytics/clv/optimize.hpp"
#include "analytics/clv/special.hpp"
#include "analytics/columns.hpp"
#include "clientele/clv.hpp"
#include "clientele/error.hpp"

namespace clientele {

using analytics::part;
using analytics::run_parallel;
using analytics::thread_count;
using clv::digamma;

double ClvFit::value(std::string_view name) const {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return values[i];
    throw InvalidInput("parameter", "the fit has no parameter '" + std::string(name) + "'");
}

BgNbdParameters BgNbdParameters::of(const ClvFit& f) {
    return {f.value("r"), f.value("alpha"), f.value("a"), f.value("b")};
}

GammaGammaParameters GammaGammaParameters::of(const ClvFit& f) { return {f.value("p"), f.value("q"), f.value("v")}; }

namespace {

InvalidInput bad_row(const char* field, std::size_t row, const std::string& why) {
    return InvalidInput(field, "row " + std::to_string(row + 1) + ": " + why);
}

void check_history(const ClvHistory& h) {
    const std::size_t n = h.frequency.size();
    if (h.recency.size() != n || h.T.size() != n)
        throw InvalidInput("recency", "frequency, recency and T differ in length");
    for (std::size_t i = 0; i < n; ++i) {
        const double x = h.frequency[i], tx = h.recency[i], T = h.T[i];
        if (!std::isfinite(x) || x < 0 || x != std::floor(x))
            throw bad_row("frequency", i, "must be a whole number >= 0");
        if (!std::isfinite(tx) || tx < 0) throw bad_row("recency", i, "must be >= 0");
        if (!std::isfinite(T) || tx > T) throw bad_row("T", i, "must be >= recency");
        if (x == 0 && tx != 0) throw bad_row("recency", i, "must be 0 when frequency is 0");
    }
}

void check_parameters(std::initializer_list<double> values) {
    for (double v : values)
        if (!(v > 0) || !std::isfinite(v)) throw InvalidInput("parameter", "model parameters must be finite and > 0");
}

std::size_t count_repeat(std::span<const double> frequency) {
    return static_cast<std::size_t>(std::count_if(frequency.begin(), frequency.end(), [](double x) { return x > 0; }));
}

void check_repeat(std::size_t repeat, const ClvFitOptions& o) {
    if (repeat < std::max<std::size_t>(o.min_repeat_customers, 1))
        throw InvalidInput("frequency", std::to_string(repeat) + " customers with a repeat purchase; the fit needs at least " +
                                            std::to_string(std::max<std::size_t>(o.min_repeat_customers, 1)));
}

/// Sums fn(begin, end, gradient) -> value over [0, n) on `threads` threads.
template <class Fn>
double parallel_sum(std::size_t n, unsigned threads, std::vector<double>& grad, Fn&& fn) {
    std::vector<double> values(threads, 0);
    std::vector<std::vector<double>> grads(threads, std::vector<double>(grad.size(), 0));
    run_parallel(threads, [&](unsigned i) {
        auto [b, e] = part(n, i, threads);
        values[i] = fn(b, e, grads[i]);
    });
    std::fill(grad.begin(), grad.end(), 0);
    double total = 0;
    for (unsigned i = 0; i < threads; ++i) {
        total += values[i];
        for (std::size_t k = 0; k < grad.size(); ++k) grad[k] += grads[i][k];
    }
    return total;
}

ClvFit finish_fit(const clv::Objective& objective, const clv::Minimum& m, std::vector<std::string> names,
                  std::vector<double> values, std::size_t weight_total) {
    ClvFit fit;
    fit.names = std::move(names);
    fit.values = std::move(values);
    fit.iterations = m.iterations;
    fit.customers = weight_total;
    const auto inv = clv::inverse_hessian(objective, m.x);
    if (inv.empty())
        throw InvalidInput("fit", "the log-likelihood is flat or not concave at the optimum: the parameters are not "
                                  "identified from this data (standard errors undefined)");
    const std::size_t k = fit.values.size();
    for (std::size_t i = 0; i < k; ++i)
        fit.standard_errors.push_back(fit.values[i] * std::sqrt(inv[i * k + i] / static_cast<double>(weight_total)));
    return fit;
}

void require_converged(const clv::Minimum& m, const char* model) {
    if (!m.converged)
        throw InvalidInput("fit", std::string(model) + " did not converge: " + m.reason);
}

/// The objective both fits minimise: the mean negative log-likelihood over `n` rows at
/// log-parameters, from total(parameters, gradient or null) -> summed log-likelihood.
using Total = std::function<double(const double*, std::vector<double>*)>;
clv::Objective mean_negative_log_likelihood(Total total, double n) {
    return [total = std::move(total), n](const std::vector<double>& lp, std::vector<double>& g) {
        std::vector<double> th(lp.size()), grad;
        for (std::size_t k = 0; k < lp.size(); ++k) th[k] = std::exp(lp[k]);
        const double ll = total(th.data(), &grad);
        g.resize(lp.size());
        for (std::size_t k = 0; k < lp.size(); ++k) g[k] = -grad[k] * th[k] / n;
        return -ll / n;
    };
}

/// BFGS from lifetimes' starting point (every log-parameter 0.1); InvalidInput unless it
/// converged. Returns the minimum and the parameters.
std::pair<clv::Minimum, std::vector<double>> minimise(const clv::Objective& objective, std::size_t k,
                                                       const ClvFitOptions& o, const char* model) {
    auto m = clv::bfgs(objective, std::vector<double>(k, 0.1), o.tolerance, o.max_iterations);
    require_converged(m, model);
    std::vector<double> values(k);
    for (std::size_t i = 0; i < k; ++i) values[i] = std::exp(m.x[i]);
    return {std::move(m), std::move(values)};
}

// ---- BG/NBD -------------------------------------------------------------------------------

/// The customers as distinct (frequency, recency, T) rows with weights, sorted by
/// frequency; `xi` indexes each row's frequency in `xs`.
struct BgRows {
    std::vector<double> x, tx, T, w, xs;
    std::vector<std::uint32_t> xi;
};

BgRows merge_rows(const ClvHistory& h, double scale) {
    const std::size_t n = h.frequency.size();
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        if (h.frequency[a] != h.frequency[b]) return h.frequency[a] < h.frequency[b];
        if (h.recency[a] != h.recency[b]) return h.recency[a] < h.recency[b];
        return h.T[a] < h.T[b];
    });
    BgRows r;
    for (std::size_t k = 0; k < n; ++k) {
        const std::uint32_t i = order[k];
        if (k > 0) {
            const std::uint32_t j = order[k - 1];
            if (h.frequency[i] == h.frequency[j] && h.recency[i] == h.recency[j] && h.T[i] == h.T[j]) {
                r.w.back() += 1;
                continue;
            }
        }
        if (r.xs.empty() || r.xs.back() != h.frequency[i]) r.xs.push_back(h.frequency[i]);
        r.x.push_back(h.frequency[i]);
        r.tx.push_back(h.recency[i] * scale);
        r.T.push_back(h.T[i] * scale);
        r.w.push_back(1);
        r.xi.push_back(static_cast<std::uint32_t>(r.xs.size() - 1));
    }
    return r;
}

/// Summed log-likelihood of the rows at (r, alpha, a, b) and, when `grad` is not null, its
/// gradient with respect to the four parameters.
double bg_total(const BgRows& rows, const double th[4], std::vector<double>* grad, unsigned threads) {
    const double r = th[0], alpha = th[1], a = th[2], b = th[3];
    const std::size_t nx = rows.xs.size();
    // Per distinct frequency: A1 + A2 and their derivatives.
    std::vector<double> base(nx), d_r(nx), d_a(nx), d_b(nx);
    const double lg_r = std::lgamma(r), lg_ab = std::lgamma(a + b), lg_b = std::lgamma(b);
    const double ps_r = digamma(r), ps_ab = digamma(a + b), ps_b = digamma(b), log_alpha = std::log(alpha);
    for (std::size_t k = 0; k < nx; ++k) {
        const double x = rows.xs[k];
        base[k] = std::lgamma(r + x) - lg_r + r * log_alpha + lg_ab + std::lgamma(b + x) - lg_b - std::lgamma(a + b + x);
        if (grad) {
            const double ps_abx = digamma(a + b + x);
            d_r[k] = digamma(r + x) - ps_r + log_alpha;
            d_a[k] = ps_ab - ps_abx;
            d_b[k] = ps_ab + digamma(b + x) - ps_b - ps_abx;
        }
    }
    const double log_a = std::log(a);
    std::vector<double> g(4, 0);
    const double total = parallel_sum(rows.x.size(), threads, g, [&](std::size_t begin, std::size_t end, std::vector<double>& gg) {
        double sum = 0, gr = 0, gal = 0, ga = 0, gb = 0;
        for (std::size_t i = begin; i < end; ++i) {
            const double x = rows.x[i], w = rows.w[i];
            const std::size_t k = rows.xi[i];
            const double log_aT = std::log(alpha + rows.T[i]);
            const double a3 = -(r + x) * log_aT;
            double ll = base[k], w4 = 0;
            if (x > 0) {
                const double log_atx = std::log(alpha + rows.tx[i]);
                const double a4 = log_a - std::log(b + x - 1) - (r + x) * log_atx;
                const double m = std::max(a3, a4);
                const double e3 = std::exp(a3 - m), e4 = std::exp(a4 - m);
                ll += m + std::log(e3 + e4);
                w4 = e4 / (e3 + e4);
                if (grad) {
                    const double w3 = 1 - w4;
                    gr += w * (d_r[k] - w3 * log_aT - w4 * log_atx);
                    gal += w * (r / alpha - (r + x) * (w3 / (alpha + rows.T[i]) + w4 / (alpha + rows.tx[i])));
                    ga += w * (d_a[k] + w4 / a);
                    gb += w * (d_b[k] - w4 / (b + x - 1));
                }
            } else {
                ll += a3;
                if (grad) {
                    gr += w * (d_r[k] - log_aT);
                    gal += w * (r / alpha - r / (alpha + rows.T[i]));
                    ga += w * d_a[k];
                    gb += w * d_b[k];
                }
            }
            sum += w * ll;
        }
        gg[0] = gr;
        gg[1] = gal;
        gg[2] = ga;
        gg[3] = gb;
        return sum;
    });
    if (grad) *grad = g;
    return total;
}

}  // namespace

std::vector<double> bgnbd_log_likelihood(const ClvHistory& h, double r, double alpha, double a, double b) {
    check_history(h);
    check_parameters({r, alpha, a, b});
    std::vector<double> out(h.frequency.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        const double x = h.frequency[i];
        const double one[3] = {x, h.recency[i], h.T[i]};
        BgRows row;
        row.x = {one[0]};
        row.tx = {one[1]};
        row.T = {one[2]};
        row.w = {1};
        row.xs = {x};
        row.xi = {0};
        const double th[4] = {r, alpha, a, b};
        out[i] = bg_total(row, th, nullptr, 1);
    }
    return out;
}

ClvFit fit_bgnbd(const ClvHistory& h, const ClvFitOptions& o) {
    check_history(h);
    check_repeat(count_repeat(h.frequency), o);
    const double max_T = h.T.empty() ? 0 : *std::max_element(h.T.begin(), h.T.end());
    if (!(max_T > 0))
        throw InvalidInput("T", "every customer's first purchase is at the observation end (all T are 0): no time "
                                "was observed to fit purchase rates in");
    // Time rescaled so that the longest T is 10 (as lifetimes does): alpha near 1 at the
    // start whatever the period, which keeps the Hessian well scaled.
    const double scale = 10 / max_T;
    const BgRows rows = merge_rows(h, scale);
    const double n = static_cast<double>(h.frequency.size());
    const unsigned threads = thread_count(o.threads, rows.x.size() * 64);
    const clv::Objective objective = mean_negative_log_likelihood(
        [&](const double* th, std::vector<double>* grad) { return bg_total(rows, th, grad, threads); }, n);
    auto [m, values] = minimise(objective, 4, o, "the BG/NBD fit");
    values[1] /= scale;
    ClvFit fit = finish_fit(objective, m, {"r", "alpha", "a", "b"}, values, h.frequency.size());
    const BgRows unscaled = merge_rows(h, 1);
    fit.log_likelihood = bg_total(unscaled, values.data(), nullptr, threads);
    return fit;
}

namespace {

template <class Fn>
std::vector<double> per_row(std::size_t n, unsigned threads, Fn&& fn) {
    std::vector<double> out(n);
    const unsigned t = thread_count(threads, n * 16);
    run_parallel(t, [&](unsigned i) {
        auto [b, e] = part(n, i, t);
        for (std::size_t k = b; k < e; ++k) out[k] = fn(k);
    });
    return out;
}

/// E[purchases in (0, t] | x, tx, T] (lifetimes' conditional_expected_number_of_purchases_up_to_time).
double expected_purchases(double x, double tx, double T, const BgNbdParameters& p, double t) {
    if (t == 0) return 0;
    const double ha = p.r + x, hb = p.b + x, hc = p.a + p.b + x - 1, z = t / (p.alpha + T + t);
    double log_h = 0, sign = 1;
    if (!clv::log_hyp2f1(ha, hb, hc, z, log_h, sign))
        throw InvalidInput("t", "the hypergeometric series did not converge for a customer (frequency " +
                                    std::to_string(x) + ", T " + std::to_string(T) + ")");
    const double first = (p.a + p.b + x - 1) / (p.a - 1);
    const double second = 1 - sign * std::exp(log_h + (p.r + x) * std::log((p.alpha + T) / (p.alpha + t + T)));
    const double denominator =
        1 + (x > 0 ? (p.a / (p.b + x - 1)) * std::pow((p.alpha + T) / (p.alpha + tx), p.r + x) : 0);
    return first * second / denominator;
}

}  // namespace

std::vector<double> bgnbd_probability_alive(const ClvHistory& h, const BgNbdParameters& p, unsigned threads) {
    check_history(h);
    check_parameters({p.r, p.alpha, p.a, p.b});
    return per_row(h.frequency.size(), threads, [&](std::size_t i) {
        const double x = h.frequency[i];
        if (x == 0) return 1.0;
        const double log_div = (p.r + x) * std::log((p.alpha + h.T[i]) / (p.alpha + h.recency[i])) +
                               std::log(p.a / (p.b + x - 1));
        return 1 / (1 + std::exp(log_div));
    });
}

std::vector<double> bgnbd_expected_purchases(const ClvHistory& h, const BgNbdParameters& p, double t,
                                             unsigned threads) {
    check_history(h);
    check_parameters({p.r, p.alpha, p.a, p.b});
    if (!(t >= 0) || !std::isfinite(t)) throw InvalidInput("t", "must be a number of periods >= 0");
    return per_row(h.frequency.size(), threads,
                   [&](std::size_t i) { return expected_purchases(h.frequency[i], h.recency[i], h.T[i], p, t); });
}

std::vector<double> customer_lifetime_value(const ClvHistory& h, std::span<const double> value,
                                            const BgNbdParameters& p, const ClvOptions& o) {
    check_history(h);
    check_parameters({p.r, p.alpha, p.a, p.b});
    if (value.size() != h.frequency.size()) throw InvalidInput("expected_value", "differs in length from frequency");
    if (!(o.horizon >= 0) || !std::isfinite(o.horizon)) throw InvalidInput("horizon", "must be >= 0 periods");
    if (!(o.monthly_discount_rate > -1) || !std::isfinite(o.monthly_discount_rate))
        throw InvalidInput("discount_rate", "must be > -1");
    const double month = periods_per_month(o.period);
    // Month ends in periods (lifetimes: factor, 2 factor, ...), plus the horizon itself when
    // it ends inside a month.
    std::vector<double> steps;
    for (int k = 1; k * month <= o.horizon * (1 + 1e-12); ++k) steps.push_back(k * month);
    if (steps.empty() ? o.horizon > 0 : o.horizon - steps.back() > 1e-9 * month) steps.push_back(o.horizon);
    std::vector<double> discount;
    for (double s : steps) discount.push_back(std::pow(1 + o.monthly_discount_rate, s / month));
    return per_row(h.frequency.size(), o.threads, [&](std::size_t i) {
        double total = 0, before = 0;
        for (std::size_t k = 0; k < steps.size(); ++k) {
            const double now = expected_purchases(h.frequency[i], h.recency[i], h.T[i], p, steps[k]);
            total += value[i] * (now - before) / discount[k];
            before = now;
        }
        return total;
    });
}

ClvHoldoutCheck clv_holdout_check(const ClvSummary& s, const BgNbdParameters& p, int max_frequency) {
    if (s.frequency_holdout.size() != s.size())
        throw InvalidInput("calibration_end", "the summary has no holdout columns (made without calibration_end)");
    if (max_frequency < 0) throw InvalidInput("max_frequency", "must be >= 0");
    const ClvHistory h{s.frequency, s.recency, s.T};
    const auto predicted = bgnbd_expected_purchases(h, p, s.duration_holdout);
    ClvHoldoutCheck out;
    const auto buckets = static_cast<std::size_t>(max_frequency) + 1;
    out.frequency.resize(buckets);
    std::iota(out.frequency.begin(), out.frequency.end(), 0);
    out.customers.assign(buckets, 0);
    out.predicted.assign(buckets, 0);
    out.actual.assign(buckets, 0);
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto k = std::min(static_cast<std::size_t>(s.frequency[i]), buckets - 1);
        ++out.customers[k];
        out.predicted[k] += predicted[i];
        out.actual[k] += s.frequency_holdout[i];
    }
    for (std::size_t k = 0; k < buckets; ++k)
        if (out.customers[k] > 0) {
            out.predicted[k] /= static_cast<double>(out.customers[k]);
            out.actual[k] /= static_cast<double>(out.customers[k]);
        }
    return out;
}

// ---- Gamma-Gamma ----------------------------------------------------------------------------

GammaGammaFit fit_gamma_gamma(std::span<const double> frequency, std::span<const double> monetary,
                              const ClvFitOptions& o) {
    if (monetary.size() != frequency.size()) throw InvalidInput("monetary_value", "differs in length from frequency");
    std::vector<double> x, m;
    for (std::size_t i = 0; i < frequency.size(); ++i) {
        if (!std::isfinite(frequency[i]) || frequency[i] < 0 || frequency[i] != std::floor(frequency[i]))
            throw bad_row("frequency", i, "must be a whole number >= 0");
        if (frequency[i] == 0) continue;
        if (!(monetary[i] > 0) || !std::isfinite(monetary[i]))
            throw bad_row("monetary_value", i,
                          "is " + std::to_string(monetary[i]) + ": Gamma-Gamma models positive spend only (leave out "
                          "customers whose repeat purchases net to zero or less)");
        x.push_back(frequency[i]);
        m.push_back(monetary[i]);
    }
    check_repeat(x.size(), o);
    const double n = static_cast<double>(x.size());
    const double mean_m = std::accumulate(m.begin(), m.end(), 0.0) / n;
    const double mean_x = std::accumulate(x.begin(), x.end(), 0.0) / n;
    double sxx = 0, smm = 0, sxm = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxx += (x[i] - mean_x) * (x[i] - mean_x);
        smm += (m[i] - mean_m) * (m[i] - mean_m);
        sxm += (x[i] - mean_x) * (m[i] - mean_m);
    }
    // Spend rescaled to a mean of 10: v scales with it, and p, q do not.
    const double scale = 10 / mean_m;
    std::vector<double> xs = x;
    std::sort(xs.begin(), xs.end());
    xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
    std::vector<std::uint32_t> xi(x.size());
    std::vector<double> log_m(x.size()), ms(x.size()), log_x(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        xi[i] = static_cast<std::uint32_t>(std::lower_bound(xs.begin(), xs.end(), x[i]) - xs.begin());
        ms[i] = m[i] * scale;
        log_m[i] = std::log(ms[i]);
        log_x[i] = std::log(x[i]);
    }
    const unsigned threads = thread_count(o.threads, x.size() * 64);
    auto total = [&](const double* th, std::vector<double>* grad) {
        const double p = th[0], q = th[1], v = th[2];
        const std::size_t nx = xs.size();
        std::vector<double> base(nx), dp(nx), dq(nx);
        const double lg_q = std::lgamma(q), ps_q = digamma(q), log_v = std::log(v);
        for (std::size_t k = 0; k < nx; ++k) {
            const double px = p * xs[k];
            base[k] = std::lgamma(px + q) - std::lgamma(px) - lg_q + q * log_v;
            if (grad) {
                const double ps_pxq = digamma(px + q);
                dp[k] = xs[k] * (ps_pxq - digamma(px));
                dq[k] = ps_pxq - ps_q + log_v;
            }
        }
        std::vector<double> g(3, 0);
        const double sum = parallel_sum(x.size(), threads, g, [&](std::size_t b, std::size_t e, std::vector<double>& gg) {
            double s = 0, gp = 0, gq = 0, gv = 0;
            for (std::size_t i = b; i < e; ++i) {
                const std::size_t k = xi[i];
                const double px = p * x[i], log_xmv = std::log(x[i] * ms[i] + v);
                s += base[k] + (px - 1) * log_m[i] + px * log_x[i] - (px + q) * log_xmv;
                if (grad) {
                    gp += dp[k] + x[i] * (log_m[i] + log_x[i] - log_xmv);
                    gq += dq[k] - log_xmv;
                    gv += q / v - (px + q) / (x[i] * ms[i] + v);
                }
            }
            gg[0] = gp;
            gg[1] = gq;
            gg[2] = gv;
            return s;
        });
        if (grad) *grad = g;
        return sum;
    };
    const clv::Objective objective = mean_negative_log_likelihood(total, n);
    auto [mm, values] = minimise(objective, 3, o, "the Gamma-Gamma fit");
    GammaGammaFit fit;
    static_cast<ClvFit&>(fit) = finish_fit(objective, mm, {"p", "q", "v"}, values, x.size());
    // Back to the caller's units: v and its error scale with spend; the log-likelihood
    // loses the Jacobian of the rescaling (each row's density is in 1/spend).
    fit.values[2] /= scale;
    fit.standard_errors[2] /= scale;
    fit.log_likelihood = total(values.data(), nullptr) + n * std::log(scale);
    fit.frequency_monetary_correlation = sxx > 0 && smm > 0 ? sxm / std::sqrt(sxx * smm) : 0;
    return fit;
}

std::vector<double> gamma_gamma_expected_value(std::span<const double> frequency, std::span<const double> monetary,
                                               const GammaGammaParameters& g) {
    if (monetary.size() != frequency.size()) throw InvalidInput("monetary_value", "differs in length from frequency");
    check_parameters({g.p, g.q, g.v});
    if (!(g.q > 1)) throw InvalidInput("q", "is <= 1: the mean spend per purchase does not exist under this fit");
    const double population = g.v * g.p / (g.q - 1);
    std::vector<double> out(frequency.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        const double w = g.p * frequency[i] / (g.p * frequency[i] + g.q - 1);
        out[i] = (1 - w) * population + w * monetary[i];
    }
    return out;
}

}  // namespace clientele

namespace clientele {

ClvScores clv_scores(const TransactionColumns& t, const ClvScoreOptions& o) {
    ClvScores out;
    ClvSummaryOptions so;
    so.as_of = o.as_of;
    so.period = o.period;
    so.threads = o.threads;
    out.summary = clv_summary(t, so);
    const ClvSummary& s = out.summary;
    const ClvHistory h{s.frequency, s.recency, s.T};
    ClvFitOptions fo = o.fit;
    fo.threads = o.threads;
    out.bgnbd = fit_bgnbd(h, fo);
    std::vector<double> spend_frequency(s.frequency);
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s.frequency[i] > 0 && !(s.monetary_value[i] > 0)) {
            spend_frequency[i] = 0;  // out of the spend fit (its frequency 0 rows are skipped)
            ++out.spend_fit_excluded;
        }
    out.gamma_gamma = fit_gamma_gamma(spend_frequency, s.monetary_value, fo);
    const auto bg = BgNbdParameters::of(out.bgnbd);
    out.p_alive = bgnbd_probability_alive(h, bg, o.threads);
    out.expected_purchases = bgnbd_expected_purchases(h, bg, o.horizon, o.threads);
    out.expected_value = gamma_gamma_expected_value(s.frequency, s.monetary_value, GammaGammaParameters::of(out.gamma_gamma));
    ClvOptions co;
    co.horizon = o.horizon;
    co.period = o.period;
    co.monthly_discount_rate = o.monthly_discount_rate;
    co.threads = o.threads;
    out.clv = customer_lifetime_value(h, out.expected_value, bg, co);
    return out;
}

}  // namespace clientele
