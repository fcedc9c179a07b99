// clientele CLI — how records look on stdout: JSON for machines, text for people.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <clientele/model.hpp>
#include <clientele/database.hpp>

namespace clientele::cli {

/// JSON on stdout, indented, UTF-8 as is.
void print_json(const nlohmann::json& j);

/// A JSON array of the records' data-model JSON.
template <class Record>
nlohmann::json json_array(const std::vector<Record>& records);

/// One customer as "field: value" lines, then how many interactions it has.
void print_customer(const Customer& c, std::int64_t interactions);
/// Customers as a table (id, name, contacts, owner, tags, status).
void print_customer_table(const std::vector<Customer>& customers);

/// Gives the name to show for a customer id (lets the table show names, not UUIDs).
using CustomerNamer = std::function<std::string(const Uuid&)>;
void print_interaction(const Interaction& i, const CustomerNamer& name_of);
void print_interaction_table(const std::vector<Interaction>& items, const CustomerNamer& name_of);

void print_user_table(const std::vector<User>& users);
void print_stats(const StoreStats& s);

/// "1,299.00 CNY", or "" when there is no amount.
std::string amount_text(const Interaction& i);

/// Tells a person there is a next page, and how to get it.
void print_next_page_hint(const std::string& next_cursor);

}  // namespace clientele::cli
