// clientele — customer profiles in the store: db.customers().
#pragma once

#include "clientele/export.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/feature.hpp"
#include "clientele/merge.hpp"
#include "clientele/model.hpp"

namespace clientele {

/// Which customers a listing or count covers. Unset members do not filter.
struct CustomerFilter {
    std::string tag;
    std::string owner;  ///< username
    std::optional<CustomerKind> kind;
    std::optional<CustomerStatus> status;
    std::optional<Timestamp> created_from, created_to;  ///< [from, to)
    std::optional<Timestamp> updated_from, updated_to;  ///< [from, to)
    /// Only customers who granted consent on this channel: the filter of every list or
    /// export for a marketing purpose (docs/privacy.md).
    std::optional<ConsentChannel> consented;
};

/// Keyset pagination: pass the previous page's next_cursor to continue after it.
struct PageRequest {
    std::size_t limit = 100;  ///< 1..10000
    std::string after;        ///< opaque cursor; empty = from the start
};

struct CustomerPage {
    std::vector<Customer> items;
    std::string next_cursor;  ///< empty when this was the last page
};

struct TagCount {
    std::string tag;
    std::int64_t customers = 0;
};

/// The customers of a store (Database::customers()).
class CLIENTELE_API Customers : public Feature {
public:
    /// Validates and stores a new customer; returns it as stored (id, version 1, ...).
    /// Sales users and managers own what they create when no owner is given; naming an owner
    /// they may not assign (sales: anyone else; managers: outside their team) is refused.
    Customer create(const Customer& customer);
    /// create() with a duplicate check: options.find_duplicates is called with the prepared
    /// candidate; a match at or above options.threshold is rejected (Conflict) or merged
    /// into (the existing customer survives; the survivor is returned), as
    /// options.on_duplicate says. All in one transaction.
    Customer create(const Customer& customer, const CreateOptions& options);
    /// By UUID text or external_id. NotFound when absent or not visible.
    Customer get(std::string_view ref) const;
    std::optional<Customer> find(std::string_view ref) const;
    /// Applies a JSON merge patch (RFC 7396, UTF-8 text of an object) to the customer if
    /// its version is still `expected_version` (Conflict otherwise). Read-only fields
    /// cannot be patched.
    Customer update(std::string_view ref, std::string_view patch, std::int64_t expected_version);
    /// Stores a modified copy of a customer read earlier; Conflict if it changed since.
    Customer save(const Customer& customer);
    /// Sets status archived (kept, hidden from default work lists).
    Customer archive(std::string_view ref);
    /// Removes the customer and its interactions for good, with every copy the store made:
    /// full-text and match-key rows, and the merge records holding an image of it or of a
    /// customer merged into it (those merges can no longer be undone). Freed bytes are
    /// zeroed and the WAL is checkpointed, so the data leaves the file (docs/deletion.md).
    /// Managers and admins only.
    void remove(std::string_view ref);

    /// Customers with this email / phone, compared in normalized form (case, spaces,
    /// punctuation, +86/0086 and national prefixes).
    std::vector<Customer> find_by_email(std::string_view email) const;
    std::vector<Customer> find_by_phone(std::string_view phone) const;
    /// Full-text search over names, company, contacts, city, tags and external id:
    /// Chinese text matches as a substring, Latin words by word or word prefix.
    std::vector<Customer> search(std::string_view query, std::size_t limit = 50) const;
    CustomerPage list(const CustomerFilter& filter = {}, const PageRequest& page = {}) const;
    std::int64_t count(const CustomerFilter& filter = {}) const;

    /// Adds tags (trimmed, duplicates ignored); returns the customer's tags after.
    std::vector<std::string> add_tags(std::string_view ref, std::span<const std::string> tags);
    std::vector<std::string> remove_tags(std::string_view ref, std::span<const std::string> tags);
    std::vector<std::string> tags(std::string_view ref) const;
    /// Every tag in use on visible customers, with how many customers carry it.
    std::vector<TagCount> all_tags() const;

    /// Made by the Database (a store::Session is internal to the library).
    explicit Customers(store::Session& s) noexcept : Feature(s) {}
};

}  // namespace clientele
