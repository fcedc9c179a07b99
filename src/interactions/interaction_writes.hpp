// Internal: the interaction operations the importer and exporter build on, so that no
// other feature queries the interactions table.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "clientele/model.hpp"
#include "store/custom_keys.hpp"
#include "store/session.hpp"

namespace clientele::store {

/// Interactions::add, for a new or a restored record (store::Origin).
Interaction add_interaction(Session& session, const Interaction& interaction, Origin origin);
/// The stored interaction with this external id (any customer's), if any.
std::optional<std::int64_t> interaction_by_external_id(Session& session, std::string_view external_id);
/// A stored interaction that is the same event: same customer (internal id), time, kind and
/// amount. `i` is prepared (prepare_interaction: refunds negative, currency set).
std::optional<std::int64_t> same_interaction(Session& session, std::int64_t customer, const Interaction& i);
/// Internal ids of the visible interactions after `after`, ascending, at most `limit`.
std::vector<std::int64_t> visible_interaction_ids(Session& session, std::int64_t after, std::size_t limit);
/// The interaction with internal id `id` (CorruptData when it cannot be read).
Interaction load_interaction(Session& session, std::int64_t id);
/// Every interaction that cannot be read back (internal id, why), and how many there are
/// in all in `total`.
std::vector<std::pair<std::int64_t, std::string>> damaged_interactions(Session& session, std::int64_t& total);
/// The largest internal interaction id so far (0 for none).
std::int64_t last_interaction_id(Session& session);
/// Wipes the free text (subject, body) and custom fields of a customer's interactions, for
/// anonymizing; the kind, time, amount, channel and owner stay. Returns how many changed.
std::int64_t scrub_interactions(Session& session, std::int64_t customer);
/// The keys of interactions' custom fields.
std::vector<CustomKey> interaction_custom_keys(Session& session);

/// What the case feature (src/cases/) needs of interactions (src/interactions/case_links.cpp).
struct CaseInteraction {
    std::int64_t id = 0, customer = 0;
    InteractionKind kind = InteractionKind::note;
    Timestamp occurred_at{};
};
/// The visible interaction with this UUID text or external id; NotFound otherwise.
CaseInteraction case_interaction(Session& session, std::string_view ref);
/// The internal id of a stored interaction by its UUID.
std::int64_t interaction_id(Session& session, const Uuid& uuid);
/// Keeps a complaint's complaint_status and due_at a copy of its case's phase and
/// resolution deadline (the case is their one home once opened).
void set_complaint_state(Session& session, std::int64_t id, ComplaintStatus status, Timestamp due);
/// One row per visible interaction in [from, to) with a CSAT or NPS score or of kind survey.
struct SurveyRow {
    std::int64_t customer = 0, occurred_at = 0;
    std::string channel, owner;  ///< owner: the customer's owner's username
    bool is_survey = false;
    int csat = 0;  ///< 0 = none
    int nps = -1;  ///< -1 = none
};
std::vector<SurveyRow> survey_rows(Session& session, Timestamp from, Timestamp to);

}  // namespace clientele::store
