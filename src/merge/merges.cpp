// Merging duplicate customers into a survivor, undoing a merge, and the merge lineage.
//
// A merge takes exact images of every row it is about to change (store/row_images.hpp):
// the customers rows, their contact/tag/consent rows and search documents, and which
// customer each moved interaction and points entry belonged to. It keeps them in its `merges` row; unmerge
// writes them back, so the store is as it was, byte for byte. See docs/merge.md.
#include <algorithm>

#include "json/json.hpp"
#include "clientele/database.hpp"
#include "customers/customer_rows.hpp"
#include "dedupe/store_keys.hpp"
#include "merge/merge_lineage.hpp"
#include "customers/customer_audit.hpp"
#include "store/audit_trail.hpp"
#include "store/session.hpp"
#include "store/stored.hpp"
#include "points/ledger.hpp"
#include "store/row_images.hpp"
#include "normalize/validate.hpp"

namespace clientele {

using nlohmann::json;
using store::in_list;

namespace {

// The tables whose rows belong to one customer (customer_id), restored as they were.
constexpr const char* kChildTables[] = {"customer_emails", "customer_phones", "customer_addresses", "customer_tags",
                                        "customer_consents"};
// The tables whose rows move to the survivor whole and come back by id: only which customer
// each belonged to is imaged. Cases move with their interactions (cases.interaction_id) and
// the level history stays with the customer whose levels it tells (unmerge finds it there).
constexpr const char* kMovedTables[] = {"interactions", "customer_points", "loyalty_shortfalls", "reminders"};

/// How a table's rows move to the survivor. A generated reminder is one per customer and
/// occasion (reminders_occasion): where the survivor has the same one (the same holiday,
/// say), the merged customer's copy stays with it, out of the lists as the customer is, and
/// unmerge, which moves back only the rows on the survivor, finds it where it was.
std::string move_statement(std::string_view table) {
    return std::string(table == "reminders" ? "UPDATE OR IGNORE " : "UPDATE ") + std::string(table) +
           " SET customer_id = ? WHERE customer_id IN ";
}

Uuid customer_uuid(store::Session& impl, std::int64_t id) {
    auto q = impl.conn.query("SELECT uuid FROM customers WHERE id = ?");
    q->bind(1, id);
    if (!q->step()) throw NotFound("customer #" + std::to_string(id) + " not found");
    return store::uuid_from_blob(q->blob(0));
}

// The internal ids of `refs` in order, the survivor's (if named) first, each once. Every one
// must exist, be visible and not be merged already.
std::vector<std::int64_t> resolve_participants(store::Session& impl, std::string_view survivor,
                                               std::span<const std::string> refs) {
    std::vector<std::int64_t> ids;
    auto add = [&](std::string_view ref, bool is_survivor) {
        auto row = impl.lookup_customer(ref);
        if (!row || !row->visible) throw NotFound(impl.not_found_message(ref));
        if (row->merged_into)
            throw Conflict("customer '" + std::string(ref) + "' is already merged into '" +
                           customer_uuid(impl, *row->merged_into).to_string() + "'");
        if (std::find(ids.begin(), ids.end(), row->id) != ids.end()) {
            // Naming the survivor among the ids as well is fine; anything else twice is not.
            if (!survivor.empty() && row->id == ids.front() && !is_survivor) return;
            throw InvalidInput("ids", "customer '" + std::string(ref) +
                                          "' is given twice: a customer cannot be merged with itself");
        }
        ids.push_back(row->id);
    };
    if (!survivor.empty()) add(survivor, true);
    for (const auto& ref : refs) add(ref, false);
    if (ids.size() < 2) throw InvalidInput("ids", "a merge needs at least two different customers");
    return ids;
}

// Every row a merge of `ids` changes, as it is now.
json before_images(store::Session& impl, const std::vector<std::int64_t>& ids, std::int64_t survivor) {
    const auto list = in_list(ids);
    json images = json::object();
    images["customers"] = store::capture_rows(impl.conn, "SELECT * FROM customers WHERE id IN " + list + " ORDER BY id");
    for (const char* table : kChildTables)
        images[table] = store::capture_rows(impl.conn, std::string("SELECT * FROM ") + table + " WHERE customer_id IN " + list);
    images["customer_search"] =
        store::capture_rows(impl.conn, "SELECT rowid, doc FROM customer_search WHERE rowid IN " + list);
    for (const char* table : kMovedTables)
        images[table] = store::capture_rows(impl.conn, std::string("SELECT id, customer_id FROM ") + table +
                                                           " WHERE customer_id IN " + list + " AND customer_id <> " +
                                                           std::to_string(survivor) + " ORDER BY id");
    return images;
}

struct Plan {
    std::vector<std::int64_t> ids;  ///< survivor first
    std::vector<Customer> before;   ///< as loaded, same order
    Customer survivor;              ///< after
    std::optional<std::int64_t> owner_id;
    std::vector<MovedRecord> moved;
};

Plan plan_merge(store::Session& impl, std::string_view survivor, std::span<const std::string> refs,
                const MergeOptions& options) {
    Plan p;
    p.ids = resolve_participants(impl, survivor, refs);
    for (auto id : p.ids) p.before.push_back(store::load_customer(impl, id));
    if (survivor.empty()) {
        auto pick = choose_survivor(p.before);
        std::rotate(p.ids.begin(), p.ids.begin() + static_cast<std::ptrdiff_t>(pick), p.ids.begin() + static_cast<std::ptrdiff_t>(pick) + 1);
        std::rotate(p.before.begin(), p.before.begin() + static_cast<std::ptrdiff_t>(pick), p.before.begin() + static_cast<std::ptrdiff_t>(pick) + 1);
    }
    std::vector<Customer> others(p.before.begin() + 1, p.before.end());
    p.survivor = combine_customers(p.before.front(), others, options, &p.moved);
    store::prepare_customer(p.survivor, impl.default_region);
    if (!p.survivor.owner.empty()) {
        auto owner = impl.find_user(p.survivor.owner);
        if (!owner) throw CorruptData("customer owner '" + p.survivor.owner + "' is not a user");
        p.owner_id = owner->id;
    }
    store::check_combined_balance(impl, p.ids);
    std::vector<std::int64_t> other_ids(p.ids.begin() + 1, p.ids.end());
    auto q = store::Statement(impl.conn.handle(), "SELECT i.uuid, c.uuid FROM interactions i JOIN customers c ON c.id = i.customer_id "
                                                  "WHERE i.customer_id IN " + in_list(other_ids) + " ORDER BY i.id");
    while (q.step())
        p.moved.push_back({"interaction", store::uuid_from_blob(q.blob(1)),
                           json{{"id", store::uuid_from_blob(q.blob(0)).to_string()}}.dump(), false});
    auto points = store::Statement(impl.conn.handle(),
                                   "SELECT p.id, c.uuid, p.kind, p.points, p.at FROM customer_points p JOIN customers c "
                                   "ON c.id = p.customer_id WHERE p.customer_id IN " + in_list(other_ids) + " ORDER BY p.id");
    while (points.step())
        p.moved.push_back({"points", store::uuid_from_blob(points.blob(1)),
                           json{{"id", points.integer(0)}, {"kind", points.text(2)}, {"points", points.integer(3)},
                                {"at", format_timestamp(store::from_seconds(points.integer(4)))}}
                               .dump(),
                           false});
    p.survivor.version = p.before.front().version + 1;
    p.survivor.updated_at = now_utc();
    return p;
}

MergeRecord read_record(store::Session& impl, store::Statement& q) {
    // Columns: m.id, m.uuid, s.uuid, merged_by, merged_at, status, undone_by, undone_at.
    MergeRecord r;
    r.id = store::uuid_from_blob(q.blob(1));
    r.survivor = store::uuid_from_blob(q.blob(2));
    r.merged_by = q.text(3);
    r.merged_at = store::from_seconds(q.integer(4));
    r.status = store::stored(parse_merge_status, q.text_view(5), "status", "merge", q.integer(0));
    r.undone_by = q.text(6);
    if (auto t = q.optional_integer(7)) r.undone_at = store::from_seconds(*t);
    auto m = impl.conn.query("SELECT c.uuid FROM merge_members mm JOIN customers c ON c.id = mm.customer_id "
                             "WHERE mm.merge_id = ? ORDER BY c.id");
    m->bind(1, q.integer(0));
    while (m->step()) r.merged.push_back(store::uuid_from_blob(m->blob(0)));
    return r;
}

constexpr const char* kRecordSelect =
    "SELECT m.id, m.uuid, c.uuid, u.username, m.merged_at, m.status, uu.username, m.undone_at, m.survivor_id, "
    "m.survivor_version, m.before_images FROM merges m JOIN customers c ON c.id = m.survivor_id "
    "JOIN users u ON u.id = m.merged_by LEFT JOIN users uu ON uu.id = m.undone_by";

}  // namespace

MergeResult Merges::merge(std::string_view survivor, std::span<const std::string> ids, const MergeOptions& options) {
    auto& impl = session();
    impl.require_write("merge customers");
    MergeResult result;
    result.dry_run = options.dry_run;
    if (options.dry_run) {
        store::ReadScope read(impl);
        Plan p = plan_merge(impl, survivor, ids, options);
        result.survivor = std::move(p.survivor);
        result.merged.assign(p.before.begin() + 1, p.before.end());
        result.moved = std::move(p.moved);
        return result;
    }
    store::WriteScope scope(impl);
    Plan p = plan_merge(impl, survivor, ids, options);
    const std::int64_t sid = p.ids.front();
    const json images = before_images(impl, p.ids, sid);
    const auto now = store::seconds(p.survivor.updated_at);

    store::update_customer_rows(impl, sid, p.survivor, p.owner_id, p.before.front().version);
    for (std::size_t k = 1; k < p.ids.size(); ++k) {
        store::delete_children(impl, p.ids[k]);
        store::refresh_card(impl, p.ids[k]);
        auto q = impl.conn.query("UPDATE customers SET status = 'merged', merged_into = ?, version = version + 1, "
                                 "updated_at = ? WHERE id = ?");
        q->bind(1, sid).bind(2, now).bind(3, p.ids[k]).run();
    }
    {
        std::vector<std::int64_t> others(p.ids.begin() + 1, p.ids.end());
        for (const char* table : kMovedTables) {
            store::Statement move(impl.conn.handle(),
                                  move_statement(table) + in_list(others));
            move.bind(1, sid).run();
        }
    }
    result.merge_id = impl.new_uuid();
    {
        auto q = impl.conn.query("INSERT INTO merges(uuid, survivor_id, survivor_version, merged_by, merged_at, "
                                 "before_images, status) VALUES (?, ?, ?, ?, ?, ?, 'applied')");
        q->bind_blob(1, result.merge_id.bytes().data(), 16)
            .bind(2, sid)
            .bind(3, p.survivor.version)
            .bind(4, impl.user_id)
            .bind(5, now)
            .bind(6, images.dump())
            .run();
    }
    const auto merge_row = impl.conn.last_insert_rowid();
    for (std::size_t k = 1; k < p.ids.size(); ++k) {
        auto q = impl.conn.query("INSERT INTO merge_members(merge_id, customer_id) VALUES (?, ?)");
        q->bind(1, merge_row).bind(2, p.ids[k]).run();
    }
    // One entry for the survivor, with the fields the merge changed, and one for each
    // customer merged into it, so erasing any of them blanks the data its entries hold.
    store::audit(impl, {"merge", p.survivor.id, result.merge_id.to_string(),
                        {{"changes", store::customer_changes(p.before.front(), p.survivor)}}});
    for (std::size_t k = 1; k < p.before.size(); ++k)
        store::audit(impl, {"merge.merged", p.before[k].id, result.merge_id.to_string(),
                            {{"survivor", p.survivor.id.to_string()}}});
    scope.commit();
    result.survivor = std::move(p.survivor);
    result.merged.assign(p.before.begin() + 1, p.before.end());
    result.moved = std::move(p.moved);
    return result;
}

MergeRecord Merges::unmerge(std::string_view ref) {
    auto& impl = session();
    impl.require_write("undo a merge");
    store::WriteScope scope(impl);

    // One answer for an unknown ref, a customer or a merge this user cannot see: which of
    // them it was would tell a sales user that someone else's customer exists.
    const auto nothing = [&] {
        return NotFound("no merge or customer '" + std::string(ref) + "' found" +
                        (impl.visible == "1" ? "" : " (or not visible to user '" + impl.user.username + "')"));
    };
    // The merge: by its id, else the latest applied merge of the customer `ref`.
    std::optional<std::int64_t> merge_row;
    if (auto u = Uuid::parse(ref)) {
        auto q = impl.conn.query("SELECT id FROM merges WHERE uuid = ?");
        q->bind_blob(1, u->bytes().data(), 16);
        if (q->step()) merge_row = q->integer(0);
    }
    if (!merge_row) {
        auto customer = impl.lookup_customer(ref);
        if (!customer || !customer->visible) throw nothing();
        auto q = impl.conn.query("SELECT id FROM merges WHERE status = 'applied' AND (survivor_id = ?1 OR id IN "
                                 "(SELECT merge_id FROM merge_members WHERE customer_id = ?1)) ORDER BY id DESC LIMIT 1");
        q->bind(1, customer->id);
        if (!q->step()) throw NotFound("customer '" + std::string(ref) + "' was not merged: there is no merge to undo");
        merge_row = q->integer(0);
    }

    MergeRecord record;
    std::int64_t sid = 0, stamped = 0;
    json images;
    {
        auto q = impl.conn.query(std::string(kRecordSelect) + " WHERE m.id = ? AND " + impl.visible);
        q->bind(1, *merge_row);
        if (!q->step()) throw nothing();
        record = read_record(impl, *q);
        sid = q->integer(8);
        stamped = q->integer(9);
        images = json::parse(q->text_view(10), nullptr, false);
    }
    if (record.status == MergeStatus::undone)
        throw Conflict("merge '" + record.id.to_string() + "' was already undone");
    if (images.is_object() && images.contains("erased"))
        throw Conflict("merge '" + record.id.to_string() + "' cannot be undone: its records were " +
                       images["erased"].get<std::string>() + " (docs/privacy.md)");
    if (!images.is_object() || !images.contains("customers"))
        throw CorruptData("merge '" + record.id.to_string() + "' has damaged before-images");

    // Refuse when undoing would lose later work: the survivor (and every merged customer)
    // must still be exactly as the merge left it.
    std::vector<std::int64_t> ids;
    for (const auto& row : images["customers"]) {
        const auto id = row.at("id").get<std::int64_t>();
        ids.push_back(id);
        auto now = impl.conn.query("SELECT version, merged_into FROM customers WHERE id = ?");
        now->bind(1, id);
        if (!now->step()) throw Conflict("customer #" + std::to_string(id) + " of merge '" + record.id.to_string() + "' was deleted");
        const auto version = now->integer(0);
        const auto expected = id == sid ? stamped : row.at("version").get<std::int64_t>() + 1;
        const bool still_merged = id == sid || now->optional_integer(1) == sid;
        if (version != expected || !still_merged)
            throw Conflict("customer '" + customer_uuid(impl, id).to_string() + "' changed after merge '" +
                           record.id.to_string() + "' (version " + std::to_string(expected) + ", now " +
                           std::to_string(version) + "); undoing the merge would lose those changes");
    }

    for (auto id : ids) store::delete_children(impl, id);
    for (const auto& row : images["customers"]) store::update_row(impl.conn, "customers", row, "id");
    for (const char* table : kChildTables) store::insert_rows(impl.conn, table, images[table]);
    store::insert_rows(impl.conn, "customer_search", images["customer_search"]);
    // Images of a merge made before schema version 3 have no card: compute it.
    for (const auto& row : images["customers"])
        if (!row.contains("card")) store::refresh_card(impl, row.at("id").get<std::int64_t>());
    // Match keys are derived, not imaged: computed again from the restored customers.
    for (auto id : ids) store::write_match_keys(impl, id, store::load_customer(impl, id));
    // Images of a merge made before schema version 5 have no points: none moved.
    for (const char* table : kMovedTables) {
        if (!images.contains(table)) continue;
        for (const auto& row : images[table]) {
            auto back = impl.conn.query(std::string("UPDATE ") + table + " SET customer_id = ? WHERE id = ? AND customer_id = ?");
            back->bind(1, row.at("customer_id").get<std::int64_t>()).bind(2, row.at("id").get<std::int64_t>()).bind(3, sid).run();
        }
    }
    // A balance is never below zero. Points the survivor spent after the merge may have been
    // a merged customer's: giving those back would leave the survivor owing them.
    for (auto id : ids)
        if (const auto balance = store::points_balance(impl, id); balance < 0)
            throw Conflict("cannot undo merge '" + record.id.to_string() + "': customer '" +
                           customer_uuid(impl, id).to_string() + "' would have a points balance of " +
                           std::to_string(balance) + " (points redeemed or expired since the merge came from the "
                           "customers merged into it); nothing was changed");
    // Only what this user could have merged may come back: a sales user cannot bring back
    // another salesperson's customer that an admin merged into theirs.
    {
        store::Statement seen(impl.conn.handle(),
                              "SELECT count(*) FROM customers c WHERE c.id IN " + in_list(ids) + " AND " + impl.visible);
        seen.step();
        if (seen.integer(0) != static_cast<std::int64_t>(ids.size()))
            throw PermissionDenied("user '" + impl.user.username + "' cannot undo merge '" + record.id.to_string() +
                                   "': it involves customers they may not change");
    }
    const auto now = now_utc();
    {
        auto u = impl.conn.query("UPDATE merges SET status = 'undone', undone_by = ?, undone_at = ? WHERE id = ?");
        u->bind(1, impl.user_id).bind(2, store::seconds(now)).bind(3, *merge_row).run();
    }
    nlohmann::json restored = nlohmann::json::array();
    for (const auto& m : record.merged) restored.push_back(m.to_string());
    store::audit(impl, {"unmerge", record.survivor, record.id.to_string(), {{"restored", restored}}});
    scope.commit();
    record.status = MergeStatus::undone;
    record.undone_by = impl.user.username;
    record.undone_at = now;
    return record;
}

void store::redact_merge_entries(store::Session& impl, std::int64_t id) {
    std::vector<std::pair<Uuid, std::string>> entries;  // survivor, merge id
    {
        auto q = impl.conn.query(
            "WITH RECURSIVE gone(id) AS (SELECT ?1 UNION SELECT c.id FROM customers c JOIN gone g ON c.merged_into = g.id) "
            "SELECT c.uuid, m.uuid FROM merges m JOIN customers c ON c.id = m.survivor_id WHERE m.survivor_id IN gone "
            "OR m.id IN (SELECT merge_id FROM merge_members WHERE customer_id IN gone)");
        q->bind(1, id);
        while (q->step()) entries.emplace_back(store::uuid_from_blob(q->blob(0)), store::uuid_from_blob(q->blob(1)).to_string());
    }
    for (const auto& [survivor, merge] : entries) store::redact_audit_entry(impl, survivor, "merge", merge);
}

void store::drop_merges_of(store::Session& impl, std::int64_t id) {
    // The customer and, recursively, those merged into it (deleting it cascades to them).
    auto q = impl.conn.query(
        "WITH RECURSIVE gone(id) AS (SELECT ?1 UNION SELECT c.id FROM customers c JOIN gone g ON c.merged_into = g.id) "
        "DELETE FROM merges WHERE survivor_id IN gone OR id IN "
        "(SELECT merge_id FROM merge_members WHERE customer_id IN gone)");
    q->bind(1, id).run();
}

std::vector<MergeRecord> Merges::history(const MergeFilter& filter) const {
    auto& impl = session();
    if (filter.limit < 1 || filter.limit > 10000)
        throw InvalidInput("limit", std::to_string(filter.limit) + " is outside 1..10000");
    store::ReadScope read(impl);
    std::string sql = std::string(kRecordSelect) + " WHERE " + impl.visible;
    std::optional<std::int64_t> customer;
    if (!filter.customer.empty()) {
        auto row = impl.lookup_customer(filter.customer);
        if (!row || !row->visible) throw NotFound(impl.not_found_message(filter.customer));
        customer = row->id;
        sql += " AND (m.survivor_id = ?1 OR m.id IN (SELECT merge_id FROM merge_members WHERE customer_id = ?1))";
    }
    if (filter.status) sql += std::string(" AND m.status = '") + std::string(to_string(*filter.status)) + "'";
    sql += " ORDER BY m.id DESC LIMIT " + std::to_string(filter.limit);
    auto q = impl.conn.query(sql);
    if (customer) q->bind(1, *customer);
    std::vector<MergeRecord> out;
    while (q->step()) out.push_back(read_record(impl, *q));
    return out;
}

}  // namespace clientele
