// Internal: reading a value back from the store. The rules that refuse a value on the way
// in (an unknown enum name, ...) refuse it on the way out too; a value the store holds that
// breaks them was not written by clientele (the schema's checks bypassed, the file edited
// or damaged), so it is CorruptData naming the record, never InvalidInput the caller
// could fix.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "clientele/error.hpp"

namespace clientele::store {

/// `parse(text)` for a stored column of record `what` #`id` ("customer", 12).
template <class T>
T stored(T (*parse)(std::string_view, std::string_view), std::string_view text, std::string_view field,
         std::string_view what, std::int64_t id) {
    try {
        return parse(text, field);
    } catch (const InvalidInput& e) {
        throw CorruptData(std::string(what) + " #" + std::to_string(id) + " is damaged: field '" + std::string(field) +
                          "': " + e.reason());
    }
}

}  // namespace clientele::store
