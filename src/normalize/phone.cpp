#include <atomic>
#include <optional>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include "clientele/error.hpp"
#include "clientele/normalize.hpp"
#include "normalize/phone_util.hpp"
#include "text/utf8.hpp"

namespace clientele {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

// Whether libphonenumber's singleton exists: asking for it makes it (loading the
// metadata), which release_phone_util must not do at exit of a program that never used it.
std::atomic<bool>& phone_util_made() {
    static std::atomic<bool> made{false};
    return made;
}

// Full-width digits and plus (０-９, ＋) from Chinese input methods become ASCII; everything
// else is left for libphonenumber, which knows extensions, letters and punctuation.
std::string to_ascii_digits(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp = text::next_code_point(s, i);
        if (cp >= 0xFF10 && cp <= 0xFF19) cp = U'0' + (cp - 0xFF10);
        else if (cp == 0xFF0B) cp = U'+';
        else if (cp == 0x3000) cp = U' ';
        text::append_utf8(out, cp);
    }
    return out;
}

[[noreturn]] void fail(std::string_view text_in, std::string_view field, const std::string& why) {
    throw InvalidInput(std::string(field), "'" + std::string(text_in) + "' is not a phone number: " + why);
}

// Most numbers in a customer base are mainland mobiles or North American numbers, and
// libphonenumber parses through ICU regular expressions (a large share of a bulk load's
// time and of every find_by_phone). Those two shapes, bare or with their country code
// and common separators, get their E.164 form directly; libphonenumber gives the same for
// them (tested), and every other number goes to it.
bool is_cn_mobile(std::string_view d) {
    return d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}
bool is_nanp(std::string_view d) {  // NXX NXX XXXX
    return d.size() == 10 && d[0] >= '2' && d[3] >= '2';
}

std::optional<std::string> common_e164(std::string_view s, std::string_view region) {
    char buf[24];
    std::size_t n = 0;
    bool plus = false;
    for (char ch : s) {
        if (ch >= '0' && ch <= '9') {
            if (n == sizeof buf) return std::nullopt;
            buf[n++] = ch;
        } else if (ch == '+' && n == 0 && !plus) {
            plus = true;
        } else if (ch != ' ' && ch != '-' && ch != '.' && ch != '(' && ch != ')') {
            return std::nullopt;
        }
    }
    std::string_view d(buf, n);
    // The region's international call prefix is the plus typed as digits: 00 from China
    // ("001 415 ...", "0086 138 ..."), 011 from North America.
    const std::string_view idd = region == "CN" ? "00" : region == "US" || region == "CA" ? "011" : "";
    if (!plus && !idd.empty() && d.starts_with(idd)) {
        d.remove_prefix(idd.size());
        plus = true;
    }
    auto e164 = [](std::string_view cc, std::string_view national) {
        std::string out(1, '+');
        out.append(cc).append(national);
        return out;
    };
    if (plus) {
        if (d.starts_with("86") && is_cn_mobile(d.substr(2))) return e164("86", d.substr(2));
        if (d.starts_with("1") && is_nanp(d.substr(1))) return e164("1", d.substr(1));
        return std::nullopt;
    }
    if (region == "CN") {
        if (is_cn_mobile(d)) return e164("86", d);
    } else if (region == "US" || region == "CA") {
        if (is_nanp(d)) return e164("1", d);
        if (d.starts_with("1") && is_nanp(d.substr(1))) return e164("1", d.substr(1));
    }
    return std::nullopt;
}

}  // namespace

const PhoneNumberUtil& phone_util() {
    phone_util_made().store(true, std::memory_order_relaxed);
    return *PhoneNumberUtil::GetInstance();
}

void release_phone_util() {
    // The singleton is a plain `new` libphonenumber never deletes; its destructor frees the
    // metadata. The pointer libphonenumber keeps is left dangling, so this is final.
    if (phone_util_made().exchange(false)) delete PhoneNumberUtil::GetInstance();
}

bool is_known_region(std::string_view region) {
    if (region.size() != 2) return false;
    return phone_util().GetCountryCodeForRegion(std::string(region)) != 0;
}

std::string normalize_phone(std::string_view text_in, std::string_view default_region,
                            std::string_view field) {
    if (!text::is_valid_utf8(text_in)) fail(text_in, field, "invalid UTF-8");
    std::string s = to_ascii_digits(text::trim(text_in));
    if (s.empty()) fail(text_in, field, "it is empty");
    if (s.size() > 64) fail(text_in, field, "longer than 64 characters");
    if (auto fast = common_e164(s, default_region)) return *fast;
    const PhoneNumberUtil& util = phone_util();
    PhoneNumber number;
    std::string region(default_region.empty() ? "ZZ" : default_region);
    auto err = util.Parse(s, region, &number);
    if (err != PhoneNumberUtil::NO_PARSING_ERROR) {
        switch (err) {
            case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
                fail(text_in, field, s.front() == '+' ? "unknown country code" : "no country code and no default region");
            case PhoneNumberUtil::TOO_SHORT_NSN:
            case PhoneNumberUtil::TOO_SHORT_AFTER_IDD: fail(text_in, field, "too short");
            case PhoneNumberUtil::TOO_LONG_NSN: fail(text_in, field, "too long");
            default: fail(text_in, field, "not a number");
        }
    }
    switch (util.IsPossibleNumberWithReason(number)) {
        case PhoneNumberUtil::IS_POSSIBLE: break;
        case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY: fail(text_in, field, "a local number without its area code");
        case PhoneNumberUtil::TOO_SHORT: fail(text_in, field, "too short");
        case PhoneNumberUtil::TOO_LONG: fail(text_in, field, "too long");
        case PhoneNumberUtil::INVALID_COUNTRY_CODE: fail(text_in, field, "unknown country code");
        default: fail(text_in, field, "wrong length for its country");
    }
    std::string e164;
    util.Format(number, PhoneNumberUtil::E164, &e164);
    return e164;
}

}  // namespace clientele
