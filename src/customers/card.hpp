// Internal: a customer's card (customers.card: its child rows as JSON), written from a
// Customer and read back into one; kCardSql in store/schema.hpp makes the same text in SQL.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "clientele/model.hpp"

namespace clientele::store {

/// The card of a customer about to be written, in exactly the text kCardSql computes from
/// the child rows the write produces (SQLite's JSON escaping, groups and their order), so
/// a create or update stores it with the row instead of computing it afterwards with a
/// second statement (which made creating a customer half again as expensive). Tested
/// byte for byte against kCardSql.
std::string card_json(const Customer& c);

/// Appends the card's emails, phones, addresses, tags and consent to `c`. The card is JSON
/// of one fixed shape, read by a small parser of its own: a general JSON parser (a DOM of
/// small allocations) was a tenth of a lookup. CorruptData, naming customer #id, for text
/// that is not that shape.
void read_card(std::string_view text, Customer& c, std::int64_t id);

}  // namespace clientele::store
