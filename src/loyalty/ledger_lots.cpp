// A customer's ledger as lots: replayed from the entries alone, so lots need no table of
// their own that could disagree with the ledger (docs/loyalty.md).
#include "loyalty/ledger_lots.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>
#include <unordered_set>

#include "store/session.hpp"

namespace clientele::loyalty {

namespace {
constexpr std::string_view kLotPrefix = "lot:";
}

std::string lot_reference(std::int64_t entry_id) { return std::string(kLotPrefix) + std::to_string(entry_id); }

std::vector<LedgerRow> ledger_rows(store::Session& impl, std::int64_t customer) {
    auto q = impl.conn.query("SELECT id, at, points, expires_at, kind = 'expire', coalesce(voids, 0), reference "
                             "FROM customer_points WHERE customer_id = ? ORDER BY at, id");
    q->bind(1, customer);
    std::vector<LedgerRow> rows;
    while (q->step()) {
        LedgerRow r{q->integer(0), q->integer(1), q->integer(2), q->optional_integer(3), q->integer(4) != 0,
                    q->integer(5), 0};
        const auto ref = q->text_view(6);
        if (r.is_expire && ref.starts_with(kLotPrefix))
            std::from_chars(ref.data() + kLotPrefix.size(), ref.data() + ref.size(), r.lot);
        rows.push_back(r);
    }
    return rows;
}

std::vector<PointsLot> replay(const std::vector<LedgerRow>& rows, std::int64_t as_of) {
    std::unordered_set<std::int64_t> voided;
    for (const auto& r : rows)
        if (r.voids != 0 && r.at <= as_of) voided.insert(r.voids);
    std::vector<PointsLot> lots;
    std::unordered_map<std::int64_t, std::size_t> by_entry;
    auto take = [&](std::int64_t amount, std::int64_t at, bool alive) {
        for (auto& lot : lots) {
            if (amount == 0) return amount;
            const bool expired = lot.expires_at && store::seconds(*lot.expires_at) <= at;
            if (lot.remaining == 0 || expired == alive) continue;
            const auto n = std::min(amount, lot.remaining);
            lot.remaining -= n;
            amount -= n;
        }
        return amount;
    };
    for (const auto& r : rows) {
        if (r.at > as_of) break;
        if (r.voids != 0 || voided.contains(r.id)) continue;
        if (r.points > 0) {
            by_entry.emplace(r.id, lots.size());
            PointsLot lot;
            lot.entry_id = r.id;
            lot.at = store::from_seconds(r.at);
            if (r.expires_at) lot.expires_at = store::from_seconds(*r.expires_at);
            lot.points = lot.remaining = r.points;
            lots.push_back(lot);
            continue;
        }
        std::int64_t amount = -r.points;
        if (r.lot != 0) {
            if (auto it = by_entry.find(r.lot); it != by_entry.end()) {
                auto& lot = lots[it->second];
                const auto n = std::min(amount, lot.remaining);
                lot.remaining -= n;
                amount -= n;
            }
        }
        amount = take(amount, r.at, true);
        take(amount, r.at, false);
    }
    return lots;
}

std::int64_t spendable_from(const std::vector<LedgerRow>& rows, std::int64_t at) {
    std::int64_t balance = 0;
    std::size_t i = 0;
    for (; i < rows.size() && rows[i].at <= at; ++i) balance += rows[i].points;
    std::int64_t least = balance;
    for (; i < rows.size(); ++i) least = std::min(least, balance += rows[i].points);
    return least;
}

}  // namespace clientele::loyalty
