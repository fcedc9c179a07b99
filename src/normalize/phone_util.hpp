// Internal: libphonenumber's process-wide PhoneNumberUtil, made on first use and released
// by clientele::shutdown().
#pragma once

#include <phonenumbers/phonenumberutil.h>

namespace clientele {

/// libphonenumber's singleton (made, with its metadata, on the first call).
const i18n::phonenumbers::PhoneNumberUtil& phone_util();

/// Deletes the singleton if it was ever made. Final: libphonenumber cannot make another.
void release_phone_util();

}  // namespace clientele
