// The register of erased and anonymized customers, and its re-application after a restore.
#include "privacy/erasures.hpp"

#include "clientele/customers.hpp"
#include "clientele/privacy.hpp"
#include "crypto/file_key.hpp"
#include "store/schema.hpp"
#include "store/session.hpp"
#include "store/stored.hpp"

namespace clientele::privacy {

namespace {

std::string_view action_name(ErasureAction a) { return a == ErasureAction::remove ? "delete" : "anonymize"; }

bool has_table(store::Connection& conn, std::string_view name) {
    auto q = conn.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    q->bind(1, name);
    return q->step();
}

}  // namespace

void register_erasure(store::Session& s, const Uuid& customer, ErasureAction action) {
    auto q = s.conn.query("INSERT OR REPLACE INTO erasures(customer, action, at) VALUES (?, ?, ?)");
    q->bind_blob(1, customer.bytes().data(), 16).bind(2, action_name(action)).bind(3, store::seconds(now_utc())).run();
}

std::vector<Erasure> read_erasures(const std::filesystem::path& path, const EncryptionKey& key) {
    const auto file_key = crypto::file_key(path, key);
    store::Connection conn(path, true, false, false, file_key ? &*file_key : nullptr);
    std::vector<Erasure> out;
    std::string sql;
    if (has_table(conn, "erasures"))
        sql = "SELECT customer, action, at FROM erasures ORDER BY at, customer";
    else if (has_table(conn, "audit_log"))  // made before the register (schema < 9): its trail says the same
        sql = CLT_ERASURES_FROM_AUDIT_SQL;
    else
        return out;  // older than the audit trail: nothing was recorded
    auto q = conn.query(sql);
    while (q->step()) {
        if (q->blob(0).size() != 16) throw CorruptData("'" + path.string() + "': an erasure names no customer UUID");
        out.push_back({store::uuid_from_blob(q->blob(0)),
                       q->text_view(1) == "delete" ? ErasureAction::remove : ErasureAction::anonymize, q->integer(2)});
    }
    return out;
}

ReErasure re_erase(const std::filesystem::path& path, const EncryptionKey& key, const std::vector<Erasure>& erasures) {
    ReErasure result;
    if (erasures.empty()) return result;
    OpenOptions options;
    options.user = "(restore)";
    options.layer = "restore";
    options.encryption = key;
    store::Session s(path, options, store::Session::Actor::maintenance);
    store::WriteScope scope(s);
    for (const auto& e : erasures) {
        const auto ref = e.customer.to_string();
        const auto row = s.lookup_customer(ref);
        if (!row) continue;  // gone already, or made after the backup
        if (row->merged_into) {
            // The backup predates an unmerge: its row is a shell whose contacts now sit in
            // another person's record. Erasing that survivor would erase someone else.
            result.merged.push_back(e.customer);
            continue;
        }
        if (e.action == ErasureAction::remove) {
            Customers(s).remove(ref);
        } else {
            // Only the status is needed: loading the whole record per erasure made a
            // restore with a long register slow.
            auto q = s.conn.query("SELECT status = 'anonymized' FROM customers WHERE id = ?");
            q->bind(1, row->id);
            if (q->step() && q->integer(0) != 0) continue;
            Privacy(s).anonymize(ref);
        }
        ++result.applied;
    }
    scope.commit();
    return result;
}

}  // namespace clientele::privacy
