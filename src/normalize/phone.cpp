#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include "clientele/error.hpp"
#include "clientele/normalize.hpp"
#include "text/utf8.hpp"

namespace clientele {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

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

}  // namespace

bool is_known_region(std::string_view region) {
    if (region.size() != 2) return false;
    return PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(std::string(region)) != 0;
}

std::string normalize_phone(std::string_view text_in, std::string_view default_region,
                            std::string_view field) {
    if (!text::is_valid_utf8(text_in)) fail(text_in, field, "invalid UTF-8");
    std::string s = to_ascii_digits(text::trim(text_in));
    if (s.empty()) fail(text_in, field, "it is empty");
    if (s.size() > 64) fail(text_in, field, "longer than 64 characters");
    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
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
