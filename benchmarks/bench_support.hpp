// What every C++ benchmark program needs around its measurement: the option loop, wall
// time, the median of rounds, fixed-point text and the machine's load (each table states
// it). Header-only, so programs that link nothing else of benchmarks/ can use it.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace clientele::bench {

using Clock = std::chrono::steady_clock;

/// Walks argv: `on(name, value)` handles option `name` — calling `value()` for its argument,
/// which throws when there is none — and returns false for a name it does not know.
template <class Handler>
void parse_options(int argc, char** argv, Handler&& on) {
    for (int k = 1; k < argc; ++k) {
        const std::string name = argv[k];
        auto value = [&] {
            if (k + 1 >= argc) throw std::runtime_error(name + " needs a value");
            return std::string(argv[++k]);
        };
        if (!on(name, value)) throw std::runtime_error("unknown option " + name);
    }
}

inline double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

/// The middle of the sorted values (the upper one of an even count); 0 for none.
inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

inline std::string fixed(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

/// The 1/5/15-minute load averages ("1.20 0.80 0.50").
inline std::string load_averages() {
    std::ifstream in("/proc/loadavg");
    std::string a, b, c;
    in >> a >> b >> c;
    return a + " " + b + " " + c;
}

/// The 1-minute load average alone; "unknown" when it cannot be read.
inline std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one;
    in >> one;
    return one.empty() ? "unknown" : one;
}

}  // namespace clientele::bench
