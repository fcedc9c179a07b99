// What the case feature reads and keeps in step on interactions (interaction_writes.hpp):
// the interaction a case is opened for, the complaint columns it keeps a copy in, and the
// scored interactions the service report counts.
#include "interactions/interaction_writes.hpp"

#include "store/stored.hpp"

namespace clientele::store {

CaseInteraction case_interaction(Session& impl, std::string_view ref) {
    const auto uuid = Uuid::parse(ref);
    auto q = impl.conn.query(std::string("SELECT i.id, i.customer_id, i.kind, i.occurred_at FROM interactions i "
                                         "JOIN customers c ON c.id = i.customer_id WHERE ") +
                             (uuid ? "i.uuid = ?" : "i.external_id = ?") + " AND " + impl.visible);
    if (uuid) q->bind_blob(1, uuid->bytes().data(), 16);
    else q->bind(1, ref);
    if (!q->step()) throw NotFound("interaction '" + std::string(ref) + "' not found");
    CaseInteraction out;
    out.id = q->integer(0);
    out.customer = q->integer(1);
    out.kind = stored(parse_interaction_kind, q->text_view(2), "kind", "interaction", out.id);
    out.occurred_at = from_seconds(q->integer(3));
    return out;
}

std::int64_t interaction_id(Session& impl, const Uuid& uuid) {
    auto q = impl.conn.query("SELECT id FROM interactions WHERE uuid = ?");
    q->bind_blob(1, uuid.bytes().data(), 16);
    if (!q->step()) throw NotFound("interaction '" + uuid.to_string() + "' not found");
    return q->integer(0);
}

void set_complaint_state(Session& impl, std::int64_t id, ComplaintStatus status, Timestamp due) {
    auto q = impl.conn.query("UPDATE interactions SET complaint_status = ?, due_at = ? WHERE id = ? AND kind = 'complaint'");
    q->bind(1, to_string(status)).bind(2, seconds(due)).bind(3, id).run();
}

std::vector<SurveyRow> survey_rows(Session& impl, Timestamp from, Timestamp to) {
    auto q = impl.conn.query("SELECT i.customer_id, i.occurred_at, i.channel, i.kind = 'survey', coalesce(i.csat, 0), "
                             "coalesce(i.nps, -1), coalesce(u.username, '') FROM interactions i JOIN customers c ON c.id = i.customer_id "
                             "LEFT JOIN users u ON u.id = c.owner_id "
                             "WHERE i.occurred_at >= ? AND i.occurred_at < ? AND c.merged_into IS NULL AND " +
                             impl.visible + " AND (i.kind = 'survey' OR i.csat IS NOT NULL OR i.nps IS NOT NULL)");
    q->bind(1, seconds(from)).bind(2, seconds(to));
    std::vector<SurveyRow> out;
    while (q->step())
        out.push_back({q->integer(0), q->integer(1), q->text(2), q->text(6), q->integer(3) != 0,
                       static_cast<int>(q->integer(4)), static_cast<int>(q->integer(5))});
    return out;
}

}  // namespace clientele::store
