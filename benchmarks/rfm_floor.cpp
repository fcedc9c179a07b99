// The floor under any RFM (issue 18: "within 2× of one streaming pass over the columns"):
// one pass over the rows that updates each customer's purchase count, spend and last
// purchase day in dense arrays — the least work every RFM implementation must do before
// it ranks anything. No ranks, no segments, no output columns: a bound, not a competitor.
//
//   clientele_bench_rfm_floor IDS DAYS CENTS ROWS CUSTOMERS AS_OF_DAY REPEAT
// IDS, DAYS, CENTS: raw little-endian int64 files (numpy .tofile) of ROWS values; ids in
// [0, CUSTOMERS). Prints the median wall seconds of REPEAT passes and a checksum.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <vector>

namespace {

std::vector<std::int64_t> load(const char* path, std::size_t rows) {
    std::vector<std::int64_t> v(rows);
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(rows * sizeof(std::int64_t)));
    if (!in) {
        std::fprintf(stderr, "cannot read %zu values from %s\n", rows, path);
        std::exit(1);
    }
    return v;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 8) {
        std::fprintf(stderr, "usage: %s IDS DAYS CENTS ROWS CUSTOMERS AS_OF_DAY REPEAT\n", argv[0]);
        return 2;
    }
    const auto rows = static_cast<std::size_t>(std::atoll(argv[4]));
    const auto customers = static_cast<std::size_t>(std::atoll(argv[5]));
    const std::int64_t as_of = std::atoll(argv[6]);
    const int repeat = std::max(1, std::atoi(argv[7]));
    const auto ids = load(argv[1], rows), days = load(argv[2], rows), cents = load(argv[3], rows);
    std::vector<double> times;
    std::int64_t checksum = 0;
    for (int r = 0; r < repeat; ++r) {
        const auto start = std::chrono::steady_clock::now();
        std::vector<std::int64_t> count(customers), spend(customers), last(customers, INT64_MIN);
        for (std::size_t i = 0; i < rows; ++i) {
            if (days[i] > as_of) continue;
            const auto c = static_cast<std::size_t>(ids[i]);
            spend[c] += cents[i];
            if (cents[i] >= 0) {
                ++count[c];
                last[c] = std::max(last[c], days[i]);
            }
        }
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        checksum = 0;
        for (std::size_t c = 0; c < customers; ++c) checksum += count[c] + (count[c] ? last[c] : 0) + spend[c];
    }
    std::sort(times.begin(), times.end());
    std::printf("%.6f %lld\n", times[times.size() / 2], static_cast<long long>(checksum));
    return 0;
}
