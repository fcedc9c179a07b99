// Rotation: which timestamped backups in a folder to keep (the newest of each recent day
// and week), as a pure function over their names, and the deletion it implies.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <optional>
#include <set>

#include "clientele/backup.hpp"
#include "clientele/error.hpp"

namespace clientele {
namespace {

constexpr std::string_view kPrefix = "clientele-";
constexpr std::string_view kSuffix = ".cltbak";

/// The time in a rotated backup's name ("clientele-20261204T092500Z.cltbak"), as Unix
/// seconds; nullopt for any other name.
std::optional<std::int64_t> time_of(std::string_view name) {
    if (name.size() != kPrefix.size() + 16 + kSuffix.size() || !name.starts_with(kPrefix) || !name.ends_with(kSuffix))
        return std::nullopt;
    const std::string_view t = name.substr(kPrefix.size(), 16);
    if (t[8] != 'T' || t[15] != 'Z') return std::nullopt;
    const auto number = [&](std::size_t at, std::size_t len) -> std::optional<int> {
        int v = 0;
        const auto r = std::from_chars(t.data() + at, t.data() + at + len, v);
        if (r.ec != std::errc() || r.ptr != t.data() + at + len) return std::nullopt;
        return v;
    };
    const auto y = number(0, 4), mo = number(4, 2), d = number(6, 2), h = number(9, 2), mi = number(11, 2),
               s = number(13, 2);
    if (!y || !mo || !d || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 59) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(*y), std::chrono::month(static_cast<unsigned>(*mo)),
                                           std::chrono::day(static_cast<unsigned>(*d))};
    if (!date.ok()) return std::nullopt;
    return std::chrono::sys_days(date).time_since_epoch().count() * 86400 + *h * 3600 + *mi * 60 + *s;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

}  // namespace

std::string rotated_backup_name(Timestamp t) {
    const auto seconds = std::chrono::floor<std::chrono::seconds>(t);
    const auto day = std::chrono::floor<std::chrono::days>(seconds);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss hms{seconds - day};
    char text[32];
    std::snprintf(text, sizeof text, "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return std::string(kPrefix) + text + std::string(kSuffix);
}

std::vector<std::string> backups_to_delete(const std::vector<std::string>& names, const RotationPolicy& policy) {
    if (policy.daily < 0 || policy.weekly < 0) throw InvalidInput("policy", "keep counts must not be negative");
    std::vector<std::pair<std::int64_t, std::string>> dated;  // newest first
    for (const auto& n : names)
        if (const auto t = time_of(n)) dated.emplace_back(*t, n);
    std::sort(dated.begin(), dated.end(), std::greater<>());

    std::set<std::string> keep;
    // Walks the backups newest first; the first one met in a period is that period's newest.
    const auto keep_newest_per = [&](std::int64_t period_seconds, std::int64_t offset, int periods) {
        std::set<std::int64_t> seen;
        for (const auto& [t, n] : dated) {
            if (static_cast<int>(seen.size()) >= periods) break;
            if (seen.insert(floor_div(t + offset, period_seconds)).second) keep.insert(n);
        }
    };
    keep_newest_per(86400, 0, policy.daily);
    // Weeks run Monday to Sunday; 1970-01-01 was a Thursday, three days after a Monday.
    keep_newest_per(7 * 86400, 3 * 86400, policy.weekly);
    if (!dated.empty()) keep.insert(dated.front().second);

    std::vector<std::string> doomed;
    for (const auto& [t, n] : dated)
        if (!keep.count(n)) doomed.push_back(n);
    return doomed;
}

std::vector<std::filesystem::path> rotate_backups(const std::filesystem::path& folder, const RotationPolicy& policy) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        if (entry.is_regular_file()) names.push_back(entry.path().filename().string());
    std::vector<std::filesystem::path> deleted;
    for (const auto& n : backups_to_delete(names, policy)) {
        std::filesystem::remove(folder / n);
        deleted.push_back(folder / n);
    }
    return deleted;
}

}  // namespace clientele
