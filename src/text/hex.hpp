// Internal: bytes as lowercase hexadecimal text (row images, audit hashes, key URIs).
#pragma once

#include <string>
#include <string_view>

namespace clientele::text {

/// Two lowercase hex digits per byte.
std::string to_hex(std::string_view bytes);

}  // namespace clientele::text
