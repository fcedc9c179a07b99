// Internal: the minimiser the CLV fits share — BFGS on the log-parameters with the
// model's analytic gradient, and the standard errors from a numerical Hessian.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace clientele::clv {

/// f(x, gradient out) -> value: the mean negative log-likelihood at log-parameters x.
using Objective = std::function<double(const std::vector<double>&, std::vector<double>&)>;

struct Minimum {
    std::vector<double> x;
    double value = 0;
    int iterations = 0;
    bool converged = false;
    std::string reason;  ///< why it stopped when not converged
};

/// BFGS with a backtracking (Armijo) line search, from x0, until every gradient component
/// is below `tolerance` in absolute value.
Minimum bfgs(const Objective& f, std::vector<double> x0, double tolerance, int max_iterations);

/// Inverse of the Hessian of f at x (central differences of the analytic gradient,
/// symmetrised); empty when the Hessian is not positive definite.
std::vector<double> inverse_hessian(const Objective& f, const std::vector<double>& x);

}  // namespace clientele::clv
