// Internal: the questions other features ask of the customer tables — the shape the
// exporter lays its CSV columns out by, the contacts the duplicate check starts from — so
// that no other feature queries them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "clientele/model.hpp"
#include "store/custom_keys.hpp"
#include "store/session.hpp"

namespace clientele::store {

enum class ContactGroup { emails, phones, addresses };

/// How many numbered slots a contact group needs (its longest list; at least 1), whether
/// any item has a label, and whether any primary item is not the first of its list.
struct ContactShape {
    std::size_t slots = 1;
    bool labels = false;
    bool primary_not_first = false;
};

ContactShape contact_shape(Session& session, ContactGroup group);
/// The channels some customer has a consent decision for, in ConsentChannel order.
std::vector<ConsentChannel> consent_channels_in_use(Session& session);
/// The keys of customers' custom fields.
std::vector<CustomKey> customer_custom_keys(Session& session);
/// Internal ids of the customers (any status, visible or not) with this normalized email
/// (ContactGroup::emails) or E.164 phone (ContactGroup::phones).
std::vector<std::int64_t> customers_with_contact(Session& session, ContactGroup group, const std::string& normalized);
/// Whether customer `id` is active and visible to the session's user.
bool active_and_visible(Session& session, std::int64_t id);
/// The largest internal customer id so far (0 for none): rows above it are new.
std::int64_t last_customer_id(Session& session);

/// Internal ids of the visible customers after `after`, ascending, at most `limit` (the
/// order and cursor of Customers::list).
std::vector<std::int64_t> visible_customer_ids(Session& session, std::int64_t after, std::size_t limit);
/// "customer #12 (uuid, external id)", for reports about a record that may be damaged
/// (only what can still be read of its ids).
std::string describe_customer(Session& session, std::int64_t id);
/// Every customer's internal id, ascending, visible or not (for the store check).
std::vector<std::int64_t> all_customer_ids(Session& session);
/// Customers whose card is not what kCardSql computes from their child rows now.
std::vector<std::int64_t> customers_with_stale_cards(Session& session);
/// What is wrong with the full-text row of customer `id`, whose value is `c` (its document
/// is search_document(c); a merged customer has none); empty when nothing.
std::string search_row_problem(Session& session, std::int64_t id, const Customer& c);
/// Full-text rows that belong to no customer.
std::vector<std::int64_t> search_rows_without_customer(Session& session);

}  // namespace clientele::store
