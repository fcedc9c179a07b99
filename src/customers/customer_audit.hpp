// Internal: what the audit trail records of a change to a customer.
#pragma once

#include "clientele/model.hpp"
#include "json/json.hpp"

namespace clientele::store {

/// The fields that differ between `before` and `after`, by their JSON names, each as
/// {"before": value, "after": value} (absent = empty); the store's own bookkeeping
/// (updated_at, version) left out.
nlohmann::json customer_changes(const Customer& before, const Customer& after);

}  // namespace clientele::store
