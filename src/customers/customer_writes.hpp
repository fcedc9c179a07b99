// Internal: the customer writes other features build on (the importer, the create-time
// duplicate check), with what they need to say that the public calls do not.
#pragma once

#include "clientele/model.hpp"
#include "store/session.hpp"

namespace clientele::store {

/// Customers::create, with the choice of keeping the UUID the record comes with.
Customer create_customer(Session& session, const Customer& customer, IdPolicy ids);
/// Customers::save.
Customer save_customer(Session& session, const Customer& customer);

}  // namespace clientele::store
