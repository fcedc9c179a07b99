// Internal: the customer's text fields, one row each. Every layer that lists fields — the
// customers table's columns, the JSON form, validation, merge rules, the search document,
// CSV column names and export, the CLI's card, Python's frame columns — iterates this
// table, so a new text field is one member of clientele::Customer and one row here
// (docs/architecture.md, "Adding a customer field").
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "clientele/model.hpp"

namespace clientele::fields {

inline constexpr std::size_t kShortText = 1000;    ///< names, labels, cities: bytes
inline constexpr std::size_t kLongText = 1 << 20;  ///< notes, bodies: 1 MiB

struct TextField {
    std::string_view name;           ///< column, JSON key, CSV header and merge-rule name
    std::string Customer::*member;
    std::string_view label;          ///< what `clientele customer show` calls it
    std::string_view aliases;        ///< more CSV headers, '|'-separated (normalized form)
    std::size_t max_bytes = kShortText;
    bool searchable = false;         ///< part of the full-text search document
    /// Display, given and family name: merged together under the merge rule "name" (a name
    /// is not taken half from one record); every other field has a rule of its own.
    bool name_part = false;
    /// The merge rule `combine` may join its values (long free text).
    bool combinable = false;
    /// Identifies or describes the person: wiped when the customer is anonymized.
    bool personal = false;
    /// A rule beyond trimming and length, applied in place after them (may canonicalize);
    /// throws InvalidInput naming `field`.
    void (*check)(std::string& value, std::string_view field) = nullptr;
};

/// Every text field, in the order of export columns and Python frame columns.
std::span<const TextField> customer_text_fields();

/// The field called `name`, or nullptr.
const TextField* find_text_field(std::string_view name);

/// The JSON keys of a customer (docs/data-model.md), in the order Python's frames use.
std::span<const std::string_view> customer_json_keys();

}  // namespace clientele::fields
