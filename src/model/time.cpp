#include "clientele/time.hpp"

#include <cstdio>

#include "clientele/error.hpp"

namespace clientele {

using namespace std::chrono;

Timestamp now_utc() { return floor<seconds>(system_clock::now()); }

namespace {

// A tiny cursor over ASCII text: ISO 8601 is fixed-width enough that a hand parser is
// simpler and stricter than sscanf or std::get_time (which accept "2024-2-3").
struct Cursor {
    std::string_view s;
    std::size_t i = 0;
    bool done() const { return i >= s.size(); }
    bool digits(int n, int& out) {
        if (i + n > s.size()) return false;
        int v = 0;
        for (int k = 0; k < n; ++k) {
            char ch = s[i + k];
            if (ch < '0' || ch > '9') return false;
            v = v * 10 + (ch - '0');
        }
        out = v;
        i += n;
        return true;
    }
    bool take(char ch) {
        if (i < s.size() && s[i] == ch) { ++i; return true; }
        return false;
    }
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool read_date(Cursor& c, Date& out) {
    int y, m, d;
    if (!c.digits(4, y) || !c.take('-') || !c.digits(2, m) || !c.take('-') || !c.digits(2, d)) return false;
    out = year{y} / month{static_cast<unsigned>(m)} / day{static_cast<unsigned>(d)};
    return out.ok();
}

[[noreturn]] void bad(std::string_view field, std::string_view text, const char* what) {
    throw InvalidInput(std::string(field), "'" + std::string(text) + "' is not " + what);
}

}  // namespace

Date parse_date(std::string_view text, std::string_view field) {
    auto t = trim(text);
    Cursor c{t};
    Date d;
    if (!read_date(c, d) || !c.done()) bad(field, text, "a valid date (YYYY-MM-DD)");
    return d;
}

Timestamp parse_timestamp(std::string_view text, std::string_view field) {
    auto t = trim(text);
    Cursor c{t};
    Date d;
    const char* what = "a valid ISO 8601 date-time (YYYY-MM-DDTHH:MM:SS[Z|+HH:MM])";
    if (!read_date(c, d)) bad(field, text, what);
    auto result = sys_days(d) + seconds(0);
    if (c.done()) return result;
    if (!c.take('T') && !c.take(' ') && !c.take('t')) bad(field, text, what);
    int hh, mm, ss = 0;
    if (!c.digits(2, hh) || !c.take(':') || !c.digits(2, mm)) bad(field, text, what);
    if (c.take(':') && !c.digits(2, ss)) bad(field, text, what);
    if (hh > 23 || mm > 59 || ss > 60) bad(field, text, what);
    if (c.take('.') || c.take(',')) {
        int digit;
        std::size_t start = c.i;
        while (c.digits(1, digit)) {}
        if (c.i == start) bad(field, text, what);
    }
    long offset = 0;
    if (c.take('Z') || c.take('z')) {
    } else if (!c.done() && (c.s[c.i] == '+' || c.s[c.i] == '-')) {
        int sign = c.s[c.i] == '-' ? -1 : 1;
        ++c.i;
        int oh, om = 0;
        if (!c.digits(2, oh)) bad(field, text, what);
        if (c.take(':')) {
            if (!c.digits(2, om)) bad(field, text, what);
        } else {
            c.digits(2, om);
        }
        if (oh > 18 || om > 59) bad(field, text, what);
        offset = sign * (oh * 3600L + om * 60L);
    }
    if (!c.done()) bad(field, text, what);
    return result + hours(hh) + minutes(mm) + seconds(ss) - seconds(offset);
}

std::string format_timestamp(Timestamp t) {
    auto days = floor<std::chrono::days>(t);
    year_month_day ymd(days);
    hh_mm_ss hms(t - days);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

std::string format_date(Date d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    return buf;
}

}  // namespace clientele
