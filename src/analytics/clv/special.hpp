// Internal: the special functions the CLV models need and the C++ library lacks —
// digamma (for the analytic gradients) and the Gauss hypergeometric series of BG/NBD's
// conditional expectation.
#pragma once

#include <cmath>

namespace clientele::clv {

/// psi(x) for x > 0: recurrence up to x >= 6, then the asymptotic series (error < 1e-15).
inline double digamma(double x) {
    double shift = 0;
    while (x < 6) {
        shift -= 1 / x;
        x += 1;
    }
    const double f = 1 / (x * x);
    const double tail =
        f * (-1.0 / 12 + f * (1.0 / 120 + f * (-1.0 / 252 + f * (1.0 / 240 + f * (-1.0 / 132 + f * (691.0 / 32760))))));
    return shift + std::log(x) - 0.5 / x + tail;
}

/// ln |2F1(a, b; c; z)| and its sign, for 0 <= z < 1 and a, b > 0, summed as the Gauss
/// series with the running sum rescaled (the terms pass 1e300 for a frequent customer and
/// a long horizon). Stops when the rest of the series, bounded by a geometric tail, is
/// below 1e-17 of the sum. Returns false when `max_terms` were not enough.
inline bool log_hyp2f1(double a, double b, double c, double z, double& log_value, double& sign,
                       long max_terms = 10'000'000) {
    constexpr double kRescale = 1e250;
    const double log_rescale = std::log(kRescale);
    double sum = 1, term = 1, scale = 0;
    for (long n = 0; n < max_terms; ++n) {
        const double dn = static_cast<double>(n);
        const double ratio = (a + dn) * (b + dn) / ((c + dn) * (dn + 1)) * z;
        term *= ratio;
        sum += term;
        const double r = std::fabs(ratio);
        if (r < 1 && std::fabs(term) * (r / (1 - r)) <= 1e-17 * std::fabs(sum)) {
            log_value = std::log(std::fabs(sum)) + scale;
            sign = sum < 0 ? -1 : 1;
            return true;
        }
        if (std::fabs(sum) > kRescale) {
            sum /= kRescale;
            term /= kRescale;
            scale += log_rescale;
        }
    }
    return false;
}

}  // namespace clientele::clv
