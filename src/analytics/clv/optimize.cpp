// BFGS (Nocedal & Wright, algorithm 6.1) with a backtracking line search. Four or three
// parameters, so the dense inverse-Hessian update costs nothing next to one evaluation of
// the likelihood over a million customers; what matters is few evaluations, which the
// analytic gradient and the quasi-Newton steps give.
#include "analytics/clv/optimize.hpp"

#include <algorithm>
#include <cmath>

namespace clientele::clv {

namespace {

double max_abs(const std::vector<double>& v) {
    double m = 0;
    for (double x : v) m = std::max(m, std::fabs(x));
    return m;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

/// Gauss-Jordan inverse of the n x n matrix m (row-major); false when singular.
bool invert(std::vector<double> m, std::size_t n, std::vector<double>& out) {
    out.assign(n * n, 0);
    for (std::size_t i = 0; i < n; ++i) out[i * n + i] = 1;
    for (std::size_t c = 0; c < n; ++c) {
        std::size_t pivot = c;
        for (std::size_t r = c + 1; r < n; ++r)
            if (std::fabs(m[r * n + c]) > std::fabs(m[pivot * n + c])) pivot = r;
        if (!(std::fabs(m[pivot * n + c]) > 0)) return false;
        for (std::size_t k = 0; k < n; ++k) {
            std::swap(m[c * n + k], m[pivot * n + k]);
            std::swap(out[c * n + k], out[pivot * n + k]);
        }
        const double d = m[c * n + c];
        for (std::size_t k = 0; k < n; ++k) {
            m[c * n + k] /= d;
            out[c * n + k] /= d;
        }
        for (std::size_t r = 0; r < n; ++r) {
            if (r == c) continue;
            const double f = m[r * n + c];
            for (std::size_t k = 0; k < n; ++k) {
                m[r * n + k] -= f * m[c * n + k];
                out[r * n + k] -= f * out[c * n + k];
            }
        }
    }
    return true;
}

}  // namespace

Minimum bfgs(const Objective& f, std::vector<double> x, double tolerance, int max_iterations) {
    const std::size_t n = x.size();
    std::vector<double> g(n), h(n * n, 0), p(n), x_new(n), g_new(n), s(n), y(n);
    for (std::size_t i = 0; i < n; ++i) h[i * n + i] = 1;
    Minimum out;
    double fx = f(x, g);
    if (!std::isfinite(fx)) {
        out.reason = "the log-likelihood is not finite at the starting point";
        out.x = x;
        return out;
    }
    for (int it = 0; it < max_iterations; ++it) {
        out.iterations = it;
        if (max_abs(g) < tolerance) {
            out.converged = true;
            break;
        }
        for (std::size_t i = 0; i < n; ++i) {
            p[i] = 0;
            for (std::size_t j = 0; j < n; ++j) p[i] -= h[i * n + j] * g[j];
        }
        double slope = dot(p, g);
        if (!(slope < 0)) {  // not a descent direction: restart from steepest descent
            std::fill(h.begin(), h.end(), 0);
            for (std::size_t i = 0; i < n; ++i) {
                h[i * n + i] = 1;
                p[i] = -g[i];
            }
            slope = dot(p, g);
        }
        // Log-parameters: a step of more than 5 (a factor e^5) is never a sensible one.
        const double longest = max_abs(p);
        double step = longest > 5 ? 5 / longest : 1;
        double f_new = 0;
        bool accepted = false;
        for (int k = 0; k < 60; ++k, step *= 0.5) {
            for (std::size_t i = 0; i < n; ++i) x_new[i] = x[i] + step * p[i];
            f_new = f(x_new, g_new);
            if (std::isfinite(f_new) && f_new <= fx + 1e-4 * step * slope) {
                accepted = true;
                break;
            }
        }
        if (!accepted) {
            // At the optimum within rounding the line search finds no decrease: accept
            // the point when its gradient is near the tolerance, as scipy's does with
            // "precision loss".
            out.converged = max_abs(g) < tolerance * 100;
            if (!out.converged) out.reason = "the line search found no decrease (precision loss)";
            break;
        }
        for (std::size_t i = 0; i < n; ++i) {
            s[i] = x_new[i] - x[i];
            y[i] = g_new[i] - g[i];
        }
        const double sy = dot(s, y);
        if (sy > 1e-12 * std::sqrt(dot(s, s) * dot(y, y))) {
            if (it == 0) {  // scale the first guess of the inverse Hessian (N&W 6.20)
                const double gamma = sy / dot(y, y);
                for (std::size_t i = 0; i < n; ++i)
                    for (std::size_t j = 0; j < n; ++j) h[i * n + j] = i == j ? gamma : 0;
            }
            const double rho = 1 / sy;
            std::vector<double> hy(n, 0);
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = 0; j < n; ++j) hy[i] += h[i * n + j] * y[j];
            const double yhy = dot(y, hy);
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = 0; j < n; ++j)
                    h[i * n + j] += rho * ((1 + rho * yhy) * s[i] * s[j] - hy[i] * s[j] - s[i] * hy[j]);
        }
        x = x_new;
        g = g_new;
        fx = f_new;
        out.iterations = it + 1;
    }
    if (!out.converged && out.reason.empty()) {
        if (max_abs(g) < tolerance) out.converged = true;
        else out.reason = "no convergence in " + std::to_string(max_iterations) + " iterations";
    }
    out.x = x;
    out.value = fx;
    return out;
}

std::vector<double> inverse_hessian(const Objective& f, const std::vector<double>& x) {
    const std::size_t n = x.size();
    std::vector<double> hess(n * n), up(n), down(n), xp = x;
    for (std::size_t j = 0; j < n; ++j) {
        const double step = 1e-5 * std::max(1.0, std::fabs(x[j]));
        xp[j] = x[j] + step;
        f(xp, up);
        xp[j] = x[j] - step;
        f(xp, down);
        xp[j] = x[j];
        for (std::size_t i = 0; i < n; ++i) hess[i * n + j] = (up[i] - down[i]) / (2 * step);
    }
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < i; ++j) hess[i * n + j] = hess[j * n + i] = (hess[i * n + j] + hess[j * n + i]) / 2;
    std::vector<double> inv;
    if (!invert(hess, n, inv)) return {};
    for (std::size_t i = 0; i < n; ++i)
        if (!(inv[i * n + i] > 0)) return {};
    return inv;
}

}  // namespace clientele::clv
