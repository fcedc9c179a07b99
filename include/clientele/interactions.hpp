// clientele — what happened with customers: db.interactions().
#pragma once

#include "clientele/export.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/customers.hpp"
#include "clientele/feature.hpp"
#include "clientele/model.hpp"

namespace clientele {

struct InteractionFilter {
    std::string customer;  ///< UUID or external_id; empty = every visible customer
    std::optional<InteractionKind> kind;
    std::optional<Timestamp> from, to;  ///< occurred_at in [from, to)
    std::string owner;
};

struct InteractionPage {
    std::vector<Interaction> items;  ///< ordered by occurred_at, then creation
    std::string next_cursor;
};

/// Purchases, refunds, calls, messages, visits, complaints, surveys (Database::interactions()).
class CLIENTELE_API Interactions : public Feature {
public:
    /// Validates and stores an interaction of a visible customer; returns it as stored.
    Interaction add(const Interaction& interaction);
    /// By UUID text or external_id; NotFound when absent or its customer is not visible.
    Interaction get(std::string_view ref) const;
    InteractionPage list(const InteractionFilter& filter = {}, const PageRequest& page = {}) const;
    std::int64_t count(const InteractionFilter& filter = {}) const;

    /// Made by the Database (a store::Session is internal to the library).
    explicit Interactions(store::Session& s) noexcept : Feature(s) {}
};

}  // namespace clientele
