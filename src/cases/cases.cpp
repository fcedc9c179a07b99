// Service cases: opening, the status workflow, SLA deadlines, breaches and escalation
// (docs/service.md). A case is the workflow of one complaint or suggestion interaction;
// its customer, channel and subject are read through that interaction.
#include "clientele/cases.hpp"
#include "cases/case_writes.hpp"

#include "clientele/database.hpp"
#include "interactions/interaction_writes.hpp"
#include "json/cases_json.hpp"
#include "json/json.hpp"
#include "store/audit_trail.hpp"
#include "store/session.hpp"
#include "store/stored.hpp"
#include "store/where.hpp"

namespace clientele {

using store::Where;

namespace {

constexpr const char* kSelect =
    "SELECT k.id, k.type, k.status, k.priority, c.uuid, i.uuid, ou.username, au.username, i.channel, i.subject, "
    "k.opened_at, k.first_response_due, k.resolution_due, k.first_responded_at, k.resolved_at, k.closed_at, "
    "eu.username, k.escalated_at, i.customer_id, k.interaction_id "
    "FROM cases k JOIN interactions i ON i.id = k.interaction_id JOIN customers c ON c.id = i.customer_id "
    "LEFT JOIN users ou ON ou.id = c.owner_id LEFT JOIN users au ON au.id = k.assignee_id "
    "LEFT JOIN users eu ON eu.id = k.escalated_to";

std::optional<Timestamp> optional_time(store::Statement& q, int col) {
    if (auto v = q.optional_integer(col)) return store::from_seconds(*v);
    return std::nullopt;
}

Case read_row(store::Statement& q) {
    Case k;
    k.id = q.integer(0);
    k.type = store::stored(parse_case_type, q.text_view(1), "type", "case", k.id);
    k.status = q.text(2);
    try {
        case_phase(k.type, k.status);
    } catch (const InvalidInput& e) {
        throw CorruptData("case #" + std::to_string(k.id) + " is damaged: field 'status': " + e.reason());
    }
    k.priority = store::stored(parse_case_priority, q.text_view(3), "priority", "case", k.id);
    k.customer_id = store::uuid_from_blob(q.blob(4));
    k.interaction_id = store::uuid_from_blob(q.blob(5));
    k.owner = q.text(6);
    k.assignee = q.text(7);
    k.channel = q.text(8);
    k.subject = q.text(9);
    k.opened_at = store::from_seconds(q.integer(10));
    k.first_response_due = store::from_seconds(q.integer(11));
    k.resolution_due = store::from_seconds(q.integer(12));
    k.first_responded_at = optional_time(q, 13);
    k.resolved_at = optional_time(q, 14);
    k.closed_at = optional_time(q, 15);
    k.escalated_to = q.text(16);
    k.escalated_at = optional_time(q, 17);
    return k;
}

// The case row with its internal customer and interaction ids, if visible.
struct Loaded {
    Case value;
    std::int64_t customer = 0, interaction = 0;
};

Loaded load(store::Session& impl, std::int64_t id) {
    auto q = impl.conn.query(std::string(kSelect) + " WHERE k.id = ? AND " + impl.visible);
    q->bind(1, id);
    if (!q->step()) throw NotFound("case " + std::to_string(id) + " not found");
    return {read_row(*q), q->integer(18), q->integer(19)};
}

std::vector<CaseEvent> history(store::Session& impl, std::int64_t id) {
    auto q = impl.conn.query("SELECT e.at, u.username, e.action, e.from_value, e.to_value, e.note FROM case_events e "
                             "LEFT JOIN users u ON u.id = e.user_id WHERE e.case_id = ? ORDER BY e.id");
    q->bind(1, id);
    std::vector<CaseEvent> out;
    while (q->step())
        out.push_back({store::from_seconds(q->integer(0)), q->text(1), q->text(2), q->text(3), q->text(4), q->text(5)});
    return out;
}

void add_event(store::Session& impl, std::int64_t id, Timestamp at, std::string_view action, std::string_view from,
               std::string_view to, std::string_view note) {
    auto q = impl.conn.query(
        "INSERT INTO case_events(case_id, at, user_id, action, from_value, to_value, note) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, id).bind(2, store::seconds(at)).bind(3, impl.user_id).bind(4, action).bind(5, from).bind(6, to).bind(7, note).run();
}

std::optional<std::int64_t> user_arg(store::Session& impl, std::string_view username, std::string_view field) {
    if (username.empty()) return std::nullopt;
    auto u = impl.find_user(username);
    if (!u) throw InvalidInput(std::string(field), "unknown user '" + std::string(username) + "'");
    return u->id;
}

void bind_optional(store::Statement& q, int i, const std::optional<Timestamp>& t) {
    if (t) q.bind(i, store::seconds(*t));
    else q.bind_null(i);
}

SlaPolicy stored_policy(store::Session& impl) {
    auto q = impl.conn.query("SELECT sla FROM case_policy WHERE id = 1");
    if (!q->step()) return {};
    try {
        return sla_policy_from_json_text(q->text_view(0));
    } catch (const InvalidInput& e) {
        throw CorruptData(std::string("the stored SLA policy cannot be read: ") + e.what());
    }
}

// The copy of a complaint's phase the interaction keeps (interaction_writes.hpp).
void mirror(store::Session& impl, const Loaded& k) {
    if (k.value.type != CaseType::complaint) return;
    static constexpr ComplaintStatus kByPhase[] = {ComplaintStatus::open, ComplaintStatus::in_progress,
                                                   ComplaintStatus::resolved, ComplaintStatus::closed};
    const auto phase = case_phase(k.value.type, k.value.status);
    store::set_complaint_state(impl, k.interaction, kByPhase[static_cast<int>(phase)], k.value.resolution_due);
}

std::string allowed_from(CaseType type, const std::string& from) {
    std::string out;
    for (const auto& s : case_statuses(type))
        if (case_transition_allowed(type, from, s)) out += (out.empty() ? "" : ", ") + s;
    return out.empty() ? "none" : out;
}

}  // namespace

Case Cases::open(const CaseOpening& o) {
    auto& impl = session();
    impl.require_write("open a case");
    const Timestamp now = now_utc();
    if (o.resolution_due && *o.resolution_due <= now)
        throw InvalidInput("resolution_due", format_timestamp(*o.resolution_due) + " is in the past");
    // As for a change (update): a complaint not made yet cannot be handled, and its SLA
    // deadlines would be counted from a time to come.
    if (o.at && *o.at > now)
        throw InvalidInput("at", format_timestamp(*o.at) + " is in the future: a case is opened at a time that has come");
    if (!o.interaction.empty() && !o.customer.empty())
        throw InvalidInput("customer", "give the interaction or the customer, not both");
    if (o.interaction.empty() && o.customer.empty())
        throw InvalidInput("customer", "a case needs its customer or the interaction it is opened for");
    store::WriteScope scope(impl);
    std::int64_t interaction = 0, customer = 0;
    CaseType type = o.type;
    Timestamp opened{};
    if (!o.interaction.empty()) {
        const auto ci = store::case_interaction(impl, o.interaction);
        if (ci.kind == InteractionKind::complaint) type = CaseType::complaint;
        else if (ci.kind == InteractionKind::suggestion) type = CaseType::suggestion;
        else
            throw InvalidInput("interaction", "interaction '" + o.interaction + "' is a " +
                                                  std::string(to_string(ci.kind)) + ", not a complaint or suggestion");
        interaction = ci.id;
        customer = ci.customer;
        opened = ci.occurred_at;
    } else {
        Interaction i;
        if (auto u = Uuid::parse(o.customer)) i.customer_id = *u;
        else i.customer_external_id = o.customer;
        i.kind = type == CaseType::complaint ? InteractionKind::complaint : InteractionKind::suggestion;
        i.occurred_at = o.at.value_or(now);
        i.channel = o.channel;
        i.subject = o.subject;
        i.body = o.body;
        const auto stored = store::add_interaction(impl, i, store::Origin::new_record);
        interaction = store::interaction_id(impl, stored.id);
        customer = impl.customer_id(o.customer);
        opened = stored.occurred_at;
    }
    {
        auto q = impl.conn.query("SELECT id FROM cases WHERE interaction_id = ?");
        q->bind(1, interaction);
        if (q->step())
            throw Conflict("interaction '" + o.interaction + "' already has case " + std::to_string(q->integer(0)));
    }
    std::optional<std::int64_t> assignee = user_arg(impl, o.assignee, "assignee");
    if (!assignee) {
        auto q = impl.conn.query("SELECT owner_id FROM customers WHERE id = ?");
        q->bind(1, customer);
        if (q->step()) assignee = q->optional_integer(0);
    }
    const SlaPolicy policy = stored_policy(impl);
    const auto& target = policy.targets[static_cast<std::size_t>(o.priority)];
    const Timestamp first_due = policy.add_business_minutes(opened, target.first_response_minutes);
    const Timestamp due = o.resolution_due.value_or(policy.add_business_minutes(opened, target.resolution_minutes));
    {
        auto q = impl.conn.query("INSERT INTO cases(interaction_id, type, status, priority, assignee_id, opened_at, "
                                 "first_response_due, resolution_due) VALUES (?, ?, 'open', ?, ?, ?, ?, ?)");
        q->bind(1, interaction).bind(2, to_string(type)).bind(3, to_string(o.priority)).bind(4, assignee);
        q->bind(5, store::seconds(opened)).bind(6, store::seconds(first_due)).bind(7, store::seconds(due)).run();
    }
    const auto id = impl.conn.last_insert_rowid();
    add_event(impl, id, opened, "open", "", "open", o.note);
    const Loaded k = load(impl, id);
    mirror(impl, k);
    store::audit(impl, {"case.open", k.value.customer_id, "case " + std::to_string(id),
                        {{"type", to_string(type)}, {"priority", to_string(o.priority)},
                         {"resolution_due", format_timestamp(due)}}});
    scope.commit();
    return get(id);
}

Case Cases::update(std::int64_t id, const CaseChange& ch) {
    auto& impl = session();
    impl.require_write("update a case");
    if (!ch.status && !ch.priority && !ch.assignee && !ch.resolution_due && ch.note.empty())
        throw InvalidInput("change", "nothing to change: give a status, priority, assignee, resolution_due or note");
    const Timestamp now = now_utc();
    const Timestamp at = ch.at.value_or(now);
    if (at > now) throw InvalidInput("at", format_timestamp(at) + " is in the future");
    store::WriteScope scope(impl);
    Loaded k = load(impl, id);
    Case& c = k.value;
    const auto events = history(impl, id);
    if (!events.empty() && at < events.back().at)
        throw InvalidInput("at", format_timestamp(at) + " is before the case's last change (" +
                                     format_timestamp(events.back().at) + ")");
    nlohmann::json detail = nlohmann::json::object();
    if (ch.status && *ch.status != c.status) {
        const auto phase = case_phase(c.type, *ch.status, "status");
        if (!case_transition_allowed(c.type, c.status, *ch.status))
            throw InvalidInput("status", "a " + std::string(to_string(c.type)) + " cannot go from " + c.status + " to " +
                                             *ch.status + " (from " + c.status + ": " + allowed_from(c.type, c.status) + ")");
        switch (phase) {
            case CasePhase::open: break;
            case CasePhase::in_progress:
                if (!c.first_responded_at) c.first_responded_at = at;
                c.resolved_at.reset();  // a reopened case is resolved again later
                c.closed_at.reset();
                break;
            case CasePhase::resolved: c.resolved_at = at; break;
            case CasePhase::closed: c.closed_at = at; break;
        }
        add_event(impl, id, at, "status", c.status, *ch.status, ch.note);
        detail["status"] = {c.status, *ch.status};
        c.status = *ch.status;
    }
    if (ch.priority && *ch.priority != c.priority) {
        const SlaPolicy policy = stored_policy(impl);
        const auto& target = policy.targets[static_cast<std::size_t>(*ch.priority)];
        c.first_response_due = policy.add_business_minutes(c.opened_at, target.first_response_minutes);
        c.resolution_due = policy.add_business_minutes(c.opened_at, target.resolution_minutes);
        add_event(impl, id, at, "priority", to_string(c.priority), to_string(*ch.priority), ch.note);
        detail["priority"] = {to_string(c.priority), to_string(*ch.priority)};
        c.priority = *ch.priority;
    }
    std::optional<std::int64_t> assignee_id;
    if (ch.assignee && *ch.assignee != c.assignee) {
        assignee_id = user_arg(impl, *ch.assignee, "assignee");
        add_event(impl, id, at, "assign", c.assignee, *ch.assignee, ch.note);
        detail["assignee"] = {c.assignee, *ch.assignee};
    } else {
        assignee_id = user_arg(impl, c.assignee, "assignee");
    }
    if (ch.resolution_due) {
        if (*ch.resolution_due <= at)
            throw InvalidInput("resolution_due", format_timestamp(*ch.resolution_due) + " is in the past (the change is at " +
                                                     format_timestamp(at) + ")");
        add_event(impl, id, at, "due", format_timestamp(c.resolution_due), format_timestamp(*ch.resolution_due), ch.note);
        detail["resolution_due"] = {format_timestamp(c.resolution_due), format_timestamp(*ch.resolution_due)};
        c.resolution_due = *ch.resolution_due;
    }
    if (detail.empty()) {
        if (ch.note.empty()) throw InvalidInput("change", "nothing changes: the case already is as asked");
        add_event(impl, id, at, "note", "", "", ch.note);
        detail["note"] = true;
    }
    {
        auto q = impl.conn.query("UPDATE cases SET status = ?, priority = ?, assignee_id = ?, first_response_due = ?, "
                                 "resolution_due = ?, first_responded_at = ?, resolved_at = ?, closed_at = ? WHERE id = ?");
        q->bind(1, c.status).bind(2, to_string(c.priority)).bind(3, assignee_id);
        q->bind(4, store::seconds(c.first_response_due)).bind(5, store::seconds(c.resolution_due));
        bind_optional(*q, 6, c.first_responded_at);
        bind_optional(*q, 7, c.resolved_at);
        bind_optional(*q, 8, c.closed_at);
        q->bind(9, id).run();
    }
    mirror(impl, k);
    store::audit(impl, {"case.update", c.customer_id, "case " + std::to_string(id), detail});
    scope.commit();
    return get(id);
}

Case Cases::get(std::int64_t id) const {
    auto& impl = session();
    store::ReadScope read(impl);
    Case c = load(impl, id).value;
    c.history = history(impl, id);
    return c;
}

std::vector<Case> Cases::list(const CaseFilter& f) const {
    auto& impl = session();
    if (f.limit < 1 || f.limit > 10000) throw InvalidInput("limit", std::to_string(f.limit) + " is outside 1..10000");
    store::ReadScope read(impl);
    Where w(impl.visible);
    if (!f.customer.empty()) w.add("i.customer_id = ?", impl.customer_id(f.customer));
    if (f.type) w.add("k.type = ?", std::string(to_string(*f.type)));
    if (!f.status.empty()) w.add("k.status = ?", f.status);
    if (!f.assignee.empty()) w.add("k.assignee_id = ?", *user_arg(impl, f.assignee, "assignee"));
    if (f.open_only) w.add("k.resolved_at IS NULL AND k.closed_at IS NULL");
    if (f.breached_as_of) {
        const auto t = store::seconds(*f.breached_as_of);
        w.add("k.resolved_at IS NULL AND k.closed_at IS NULL AND ((k.first_responded_at IS NULL AND "
              "k.first_response_due < ?) OR k.resolution_due < ?)",
              t, t);
    }
    auto q = impl.conn.query(std::string(kSelect) + w.sql() + " ORDER BY k.opened_at DESC, k.id DESC LIMIT ?");
    const int next = w.bind(*q);
    q->bind(next, static_cast<std::int64_t>(f.limit));
    std::vector<Case> out;
    while (q->step()) out.push_back(read_row(*q));
    return out;
}

std::vector<Case> Cases::escalate(Timestamp as_of) {
    auto& impl = session();
    impl.require_write("escalate cases");
    store::WriteScope scope(impl);
    const auto t = store::seconds(as_of);
    // Each breached case with the manager of its customer owner's team, when there is one.
    auto q = impl.conn.query(
        "SELECT k.id, (SELECT m.id FROM users m JOIN users o ON o.id = c.owner_id WHERE m.role = 'manager' AND "
        "m.active = 1 AND m.team <> '' AND m.team = o.team ORDER BY m.username LIMIT 1) "
        "FROM cases k JOIN interactions i ON i.id = k.interaction_id JOIN customers c ON c.id = i.customer_id WHERE " +
        impl.visible +
        " AND k.escalated_to IS NULL AND k.resolved_at IS NULL AND k.closed_at IS NULL AND "
        "((k.first_responded_at IS NULL AND k.first_response_due < ?) OR k.resolution_due < ?) ORDER BY k.id");
    q->bind(1, t).bind(2, t);
    std::vector<std::pair<std::int64_t, std::int64_t>> todo;
    while (q->step())
        if (auto m = q->optional_integer(1)) todo.emplace_back(q->integer(0), *m);
    std::vector<std::int64_t> done;
    for (const auto& [id, manager] : todo) {
        auto u = impl.conn.query("UPDATE cases SET escalated_to = ?, escalated_at = ? WHERE id = ?");
        u->bind(1, manager).bind(2, t).bind(3, id).run();
        const Loaded k = load(impl, id);
        add_event(impl, id, std::max(as_of, history(impl, id).back().at), "escalate", "", k.value.escalated_to, "");
        store::audit(impl, {"case.escalate", k.value.customer_id, "case " + std::to_string(id),
                            {{"to", k.value.escalated_to}, {"as_of", format_timestamp(as_of)}}});
        done.push_back(id);
    }
    scope.commit();
    std::vector<Case> out;
    for (auto id : done) out.push_back(get(id));
    return out;
}

SlaPolicy Cases::sla_policy() const {
    auto& impl = session();
    store::ReadScope read(impl);
    return stored_policy(impl);
}

void Cases::set_sla_policy(const SlaPolicy& policy) {
    auto& impl = session();
    impl.require_admin("set the SLA policy");
    // The text form is what is stored: reading it back checks every rule once.
    const std::string text = to_json_text(policy);
    const SlaPolicy checked = sla_policy_from_json_text(text);
    checked.add_business_minutes(now_utc(), 1);
    store::WriteScope scope(impl);
    auto q = impl.conn.query("INSERT OR REPLACE INTO case_policy(id, sla) VALUES (1, ?)");
    q->bind(1, text).run();
    store::audit(impl, {"case.sla", std::nullopt, "sla", parse_json_object(text, "sla")});
    scope.commit();
}

}  // namespace clientele

namespace clientele::store {

std::int64_t scrub_cases(Session& session, std::int64_t customer) {
    auto q = session.conn.query(
        "UPDATE case_events SET note = '' WHERE note <> '' AND case_id IN "
        "(SELECT c.id FROM cases c JOIN interactions i ON i.id = c.interaction_id WHERE i.customer_id = ?)");
    q->bind(1, customer).run();
    return session.conn.changes();
}

}  // namespace clientele::store
