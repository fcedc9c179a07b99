// clientele — a JSON object as a value: the custom fields of customers and interactions.
//
// It holds the object's canonical text (keys sorted, no insignificant whitespace, UTF-8),
// so two objects with the same members compare equal however they were written, and the
// public headers need no JSON library: read the text with the one your program uses.
#pragma once

#include "clientele/export.h"

#include <string>
#include <string_view>
#include <utility>

namespace clientele {

/// The deepest a custom-field object may nest, counting itself ({"a": {"b": [1]}} is 3
/// levels). Deeper JSON is refused where it enters (InvalidInput, before it is parsed into
/// memory) and reported as CorruptData where an older version stored it (docs/limits.md).
inline constexpr int kMaxJsonDepth = 64;

class CLIENTELE_API JsonObject {
public:
    /// The empty object, "{}".
    JsonObject() = default;

    /// Parses UTF-8 text that must be one JSON object and keeps its canonical form.
    /// Anything else (bad syntax, another JSON type, invalid UTF-8, a number too large for
    /// a double, an integer beyond 64 bits, nesting deeper than kMaxJsonDepth) throws
    /// InvalidInput naming `field`.
    static JsonObject parse(std::string_view text, std::string_view field = "custom");

    /// The canonical JSON text, e.g. {"shoe_size":42,"tier":"gold"}.
    const std::string& text() const noexcept { return text_; }

    /// True for the object without members.
    bool empty() const noexcept { return text_ == "{}"; }

    friend bool operator==(const JsonObject&, const JsonObject&) = default;

private:
    // The core's own writer already produced canonical text (src/json/json_object.cpp);
    // not exported, so only the core can skip the check.
    friend JsonObject adopt_canonical_json(std::string canonical);

    explicit JsonObject(std::string canonical) : text_(std::move(canonical)) {}
    std::string text_ = "{}";
};

}  // namespace clientele
