// The search document the store writes into customer_search for a customer, rebuilt here
// so the bare-sqlite baseline can write the same FTS5 row. The store's own function is
// internal (src/store/search_text.cpp); the benchmark compares a sample of documents of
// both databases, so a drift between the two shows up as a failed run, not a wrong number.
#pragma once

#include <string>
#include <string_view>

#include "clientele/model.hpp"

namespace clientele::bench {

/// `c` as the store holds it: normalized emails and phones, derived display name.
std::string search_document(const Customer& c);

}  // namespace clientele::bench
