// Privacy::anonymize: a customer becomes a pseudonymous record. Every copy of what
// identified the person goes: the row's fields, the contact/consent rows, the search
// document and match keys (rewritten from the wiped record), the shells of records merged
// into it, its interactions' free text, and the before-images of its merges.
#include "clientele/privacy.hpp"

#include <set>
#include <string>
#include <vector>

#include "clientele/error.hpp"
#include "cases/case_writes.hpp"
#include "customers/customer_rows.hpp"
#include "customers/customer_writes.hpp"
#include "interactions/interaction_writes.hpp"
#include "json/json.hpp"
#include "model/customer_fields.hpp"
#include "merge/merge_lineage.hpp"
#include "privacy/erasures.hpp"
#include "reminders/reminder_writes.hpp"
#include "store/audit_trail.hpp"
#include "store/session.hpp"

namespace clientele {

namespace {

// The custom keys the setting names; empty = every key is personal.
std::set<std::string> personal_custom_keys(store::Session& s) {
    auto q = s.conn.query("SELECT value FROM settings WHERE key = 'personal_custom_fields'");
    std::set<std::string> keys;
    if (!q->step()) return keys;
    const std::string value = q->text(0);
    for (std::size_t at = 0; at <= value.size();) {
        const auto comma = std::min(value.find(',', at), value.size());
        if (comma > at) keys.insert(value.substr(at, comma - at));
        at = comma + 1;
    }
    return keys;
}

void wipe(Customer& c, const std::set<std::string>& personal_custom) {
    for (const auto& f : fields::customer_text_fields())
        if (f.personal) (c.*f.member).clear();
    // The UUID stays the pseudonym; the display name says what happened instead of a name.
    c.display_name = "(anonymized)";
    c.external_id.clear();
    c.emails.clear();
    c.phones.clear();
    c.addresses.clear();
    c.birthday.reset();
    c.consent.clear();
    c.last_verified_at.reset();
    if (personal_custom.empty()) {
        c.custom = JsonObject{};
    } else {
        auto custom = to_nlohmann(c.custom);
        for (const auto& k : personal_custom) custom.erase(k);
        c.custom = to_json_object(custom);
    }
    c.status = CustomerStatus::anonymized;
}

}  // namespace

Customer Privacy::anonymize(std::string_view ref) {
    auto& s = session();
    s.require_admin("anonymize a customer");
    store::WriteScope scope(s);
    const auto id = s.customer_id(ref);
    const auto personal_custom = personal_custom_keys(s);

    // The survivor and the shells merged into it (their contacts moved to the survivor, but
    // their rows still carry names).
    std::vector<std::int64_t> ids{id};
    {
        auto q = s.conn.query("SELECT id FROM customers WHERE merged_into = ? ORDER BY id");
        q->bind(1, id);
        while (q->step()) ids.push_back(q->integer(0));
    }
    Customer result;
    for (auto cid : ids) {
        Customer c = store::load_customer(s, cid);
        const auto status = c.status;
        wipe(c, personal_custom);
        if (cid != id) c.status = status;  // a shell stays merged (its ids lead to the survivor)
        auto written = store::rewrite_customer(s, cid, std::move(c));
        if (cid == id) result = std::move(written);
        store::scrub_interactions(s, cid);
        // What people wrote about the person elsewhere: reminder and case notes.
        store::scrub_reminders(s, cid);
        store::scrub_cases(s, cid);
    }
    // Before-images hold the person's rows as they were: keep the merge's fact, not the data.
    {
        auto q = s.conn.query(
            "UPDATE merges SET before_images = '{\"erased\":\"anonymized\"}' WHERE survivor_id = ?1 OR id IN "
            "(SELECT merge_id FROM merge_members WHERE customer_id = ?1)");
        q->bind(1, id).run();
    }
    // Entries about the person keep the fact, not the data.
    store::redact_audit(s, id);
    store::redact_merge_entries(s, id);
    privacy::register_erasure(s, result.id, privacy::ErasureAction::anonymize);
    store::audit(s, {"customer.anonymize", result.id});
    // The search rows were rewritten: their old tokens leave the index, the old pages the WAL.
    store::purge_deleted_tokens(s);
    scope.commit();
    if (!scope.nested()) store::truncate_wal(s);
    return result;
}

}  // namespace clientele
