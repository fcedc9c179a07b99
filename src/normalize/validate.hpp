// Internal: the rules a customer or interaction must satisfy before it is stored, applied
// in place (trimming, normalized contact forms, derived display name).
#pragma once

#include "clientele/model.hpp"

namespace clientele::store {

/// Checks and normalizes every field; InvalidInput names the first bad one. Contact
/// numbers without a country code are read in the customer's primary address country,
/// else `default_region`.
void prepare_customer(Customer& c, std::string_view default_region);

/// Checks an interaction's own fields (not its customer or owner, which need the store).
void prepare_interaction(Interaction& i, std::string_view default_currency);

/// Trims tags, drops empty ones and duplicates (keeping the first), checks lengths.
std::vector<std::string> clean_tags(const std::vector<std::string>& tags, std::string_view field = "tags");

}  // namespace clientele::store
