// clientele — normal forms of contact points, used for lookup and matching.
#pragma once

#include "clientele/export.h"

#include <string>
#include <string_view>

namespace clientele {

/// Trimmed, NFKC-free ASCII case-folded email; InvalidInput (naming `field`) unless it
/// has one '@', a non-empty local part and a dotted domain, and no spaces.
CLIENTELE_API std::string normalize_email(std::string_view email, std::string_view field = "email");

/// The number in E.164 ("+8613812345678"). Spaces, dashes, dots, brackets, full-width
/// digits and international prefixes (00, 0086) are understood; numbers without a
/// country code are read in `default_region` (ISO 3166 alpha-2). InvalidInput when the
/// text is not a possible phone number.
CLIENTELE_API std::string normalize_phone(std::string_view phone, std::string_view default_region = "CN",
                            std::string_view field = "phone");

/// True if `region` is a two-letter region code libphonenumber knows.
CLIENTELE_API bool is_known_region(std::string_view region);

}  // namespace clientele
