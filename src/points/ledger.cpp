// Loyalty points: an append-only ledger per visible customer (docs/points.md).
#include "clientele/database.hpp"
#include "store/audit_trail.hpp"
#include "store/session.hpp"
#include "store/stored.hpp"
#include "points/ledger.hpp"
#include "loyalty/ledger_lots.hpp"
#include "loyalty/rules.hpp"
#include "store/where.hpp"

namespace clientele {

using store::Where;

namespace {

constexpr const char* kSelect =
    "SELECT p.id, c.uuid, p.kind, p.points, p.reason, p.reference, p.at, u.username, p.expires_at, p.voids "
    "FROM customer_points p JOIN customers c ON c.id = p.customer_id LEFT JOIN users u ON u.id = p.created_by";

PointsEntry read_row(store::Statement& q) {
    PointsEntry e;
    e.id = q.integer(0);
    e.customer_id = store::uuid_from_blob(q.blob(1));
    e.kind = store::stored(parse_points_kind, q.text_view(2), "kind", "points entry", e.id);
    e.points = q.integer(3);
    e.reason = q.text(4);
    e.reference = q.text(5);
    e.at = store::from_seconds(q.integer(6));
    e.created_by = q.text(7);
    if (auto t = q.optional_integer(8)) e.expires_at = store::from_seconds(*t);
    e.voids = q.optional_integer(9).value_or(0);
    return e;
}

// The sign rule of each kind; the schema's CHECK says the same, this says it in words.
void check_sign(const PointsEntry& e) {
    const std::string n = std::to_string(e.points);
    if (e.points == 0) throw InvalidInput("points", "must not be 0: an entry changes the balance");
    switch (e.kind) {
        case PointsKind::earn:
            if (e.points < 0) throw InvalidInput("points", "earned points must be positive, not " + n);
            break;
        case PointsKind::redeem:
        case PointsKind::expire:
            if (e.points > 0)
                throw InvalidInput("points", std::string(to_string(e.kind)) + " entries are negative (stored as given): " +
                                                 "write -" + n + " to take " + n + " points off, not " + n);
            break;
        case PointsKind::adjust: break;
    }
}

}  // namespace

namespace store {

std::int64_t points_balance(store::Session& impl, std::int64_t customer) {
    // Summed here rather than by sum(): an overflow says which customer (only a file written
    // before record() checked the balance can hold one).
    auto q = impl.conn.query("SELECT points FROM customer_points WHERE customer_id = ?");
    q->bind(1, customer);
    std::int64_t sum = 0;
    while (q->step())
        if (__builtin_add_overflow(sum, q->integer(0), &sum))
            throw CorruptData("the points of customer #" + std::to_string(customer) + " sum beyond 64 bits");
    return sum;
}

void check_combined_balance(store::Session& impl, std::span<const std::int64_t> customers) {
    std::int64_t total = 0;
    for (auto id : customers)
        if (__builtin_add_overflow(total, points_balance(impl, id), &total))
            throw InvalidInput("points", "together these customers' points balances are beyond 64 bits");
}

std::vector<std::pair<std::string, std::string>> ledger_problems(store::Session& impl) {
    std::vector<std::pair<std::string, std::string>> out;
    {
        auto q = impl.conn.query(std::string(kSelect) + " ORDER BY p.id");
        while (q->step()) {
            try {
                read_row(*q);
            } catch (const Error& e) {
                out.emplace_back("points entry #" + std::to_string(q->integer(0)), e.what());
            }
        }
    }
    // Summed here with an overflow check: SQLite's sum() stops the whole query at the first
    // overflow, which would hide every other customer's balance.
    auto q = impl.conn.query("SELECT p.customer_id, p.points, c.merged_into IS NOT NULL FROM customer_points p "
                             "JOIN customers c ON c.id = p.customer_id ORDER BY p.customer_id");
    std::int64_t customer = 0, sum = 0;
    bool merged = false, overflow = false;
    auto close = [&] {
        if (customer == 0) return;
        const auto who = "customer #" + std::to_string(customer);
        if (merged) out.emplace_back(who, "has points entries but was merged (a merge moves them to the survivor)");
        if (overflow) out.emplace_back(who, "has a points balance past the 64-bit limit");
        else if (sum < 0) out.emplace_back(who, "has a points balance below zero");
    };
    while (q->step()) {
        if (q->integer(0) != customer) {
            close();
            customer = q->integer(0);
            sum = 0;
            merged = q->integer(2) != 0;
            overflow = false;
        }
        overflow = overflow || __builtin_add_overflow(sum, q->integer(1), &sum);
    }
    close();
    return out;
}

}  // namespace store

PointsEntry PointsLedger::record(std::string_view customer, const PointsEntry& entry) {
    auto& impl = session();
    impl.require_write("record points");
    PointsEntry e = entry;
    check_sign(e);
    // The balance read and the INSERT share one write transaction, so two clerks redeeming at
    // once cannot both spend the same points. The INSERT and its audit entry (which takes the
    // INSERT out when it fails) are the only writes.
    store::WriteScope scope(impl, store::WriteScope::Undo::self);
    const auto id = impl.customer_id(customer);
    const auto balance = store::points_balance(impl, id);
    // Checked here, before the INSERT: a balance beyond 64 bits would make every later
    // balance, redeem and merge of this customer fail (SQLite's sum() refuses to wrap).
    std::int64_t after = 0;
    if (__builtin_add_overflow(balance, e.points, &after))
        throw InvalidInput("points", std::to_string(e.points) + " points would take customer '" + std::string(customer) +
                                         "' beyond the largest balance (balance " + std::to_string(balance) + ")");
    if (e.points < 0 && after < 0)
        throw InvalidInput("points", std::string(to_string(e.kind)) + " of " + std::to_string(-e.points) +
                                         " points would leave customer '" + std::string(customer) +
                                         "' below zero (balance " + std::to_string(balance) + ")");
    if (!e.at) e.at = now_utc();
    if (e.points < 0) {
        // A back-dated entry must fit the balance at its date and at every entry after it.
        const auto spendable = loyalty::spendable_from(loyalty::ledger_rows(impl, id), store::seconds(*e.at));
        if (spendable < -e.points)
            throw InvalidInput("points", std::string(to_string(e.kind)) + " of " + std::to_string(-e.points) +
                                             " points at " + format_timestamp(*e.at) + " would leave customer '" +
                                             std::string(customer) + "' below zero (at most " +
                                             std::to_string(spendable) + " can be taken from that date on)");
    }
    e.expires_at.reset();
    e.voids = 0;
    if (e.kind == PointsKind::earn)
        if (const auto rules = loyalty::load_rules(impl))
            if (const auto t = loyalty::lot_expiry(*rules, store::seconds(*e.at))) e.expires_at = store::from_seconds(*t);
    {
        auto q = impl.conn.query("INSERT INTO customer_points(customer_id, kind, points, reason, reference, at, created_by, "
                                 "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        q->bind(1, id)
            .bind(2, to_string(e.kind))
            .bind(3, e.points)
            .bind(4, e.reason)
            .bind(5, e.reference)
            .bind(6, store::seconds(*e.at))
            .bind(7, impl.user_id)
            .bind(8, e.expires_at ? std::optional<std::int64_t>(store::seconds(*e.expires_at)) : std::nullopt)
            .run();
    }
    e.id = impl.conn.last_insert_rowid();
    {
        auto q = impl.conn.query("SELECT uuid FROM customers WHERE id = ?");
        q->bind(1, id);
        q->step();
        e.customer_id = store::uuid_from_blob(q->blob(0));
    }
    e.created_by = impl.user.username;
    store::audit_or_undo(impl,
                         {"points." + std::string(to_string(e.kind)), e.customer_id, {},
                          {{"points", e.points}, {"entry", e.id}, {"reason", e.reason}, {"reference", e.reference}}},
                         [&] {
                             auto q = impl.conn.query("DELETE FROM customer_points WHERE id = ?");
                             q->bind(1, e.id).run();
                         });
    scope.commit();
    return e;
}

std::int64_t PointsLedger::balance(std::string_view customer) const {
    auto& impl = session();
    store::ReadScope read(impl);
    return store::points_balance(impl, impl.customer_id(customer));
}

std::vector<PointsEntry> PointsLedger::history(std::string_view customer, const PointsFilter& filter) const {
    auto& impl = session();
    if (filter.limit < 1 || filter.limit > 10000)
        throw InvalidInput("limit", std::to_string(filter.limit) + " is outside 1..10000");
    store::ReadScope read(impl);
    Where w("1");
    w.add("p.customer_id = ?", impl.customer_id(customer));
    if (filter.kind) w.add("p.kind = ?", std::string(to_string(*filter.kind)));
    if (filter.from) w.add("p.at >= ?", store::seconds(*filter.from));
    if (filter.to) w.add("p.at < ?", store::seconds(*filter.to));
    auto q = impl.conn.query(std::string(kSelect) + w.sql() + " ORDER BY p.at DESC, p.id DESC LIMIT ?");
    const int next = w.bind(*q);
    q->bind(next, static_cast<std::int64_t>(filter.limit));
    std::vector<PointsEntry> out;
    while (q->step()) out.push_back(read_row(*q));
    return out;
}

}  // namespace clientele
