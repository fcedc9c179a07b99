// Customers: create, read, change, archive, delete, tags.
#include <sqlite3.h>

#include "json/json.hpp"
#include "clientele/database.hpp"
#include "customers/customer_audit.hpp"
#include "customers/customer_rows.hpp"
#include "customers/customer_writes.hpp"
#include "dedupe/store_keys.hpp"
#include "merge/merge_lineage.hpp"
#include "store/audit_trail.hpp"
#include "store/session.hpp"
#include "normalize/validate.hpp"
#include "privacy/erasures.hpp"

namespace clientele {

using store::WriteScope;

namespace {

// Fields a patch or a saved copy may not change; the store owns them.
void keep_store_fields(Customer& next, const Customer& current) {
    next.id = current.id;
    next.created_at = current.created_at;
    next.updated_at = current.updated_at;
    next.version = current.version;
}

// The store refused `c` because its external_id or uuid is taken (the UNIQUE indexes). A
// user who can see the holder is told which key; anyone else gets one fixed answer that
// names neither the key nor the customer, so it reads the same whichever hidden record
// caused it (docs/security.md: success or failure of a create is the signal that remains).
[[noreturn]] void refuse_taken_key(store::Session& impl, const Customer& c, std::int64_t self = 0) {
    auto q = impl.conn.query("SELECT c.external_id = ?1, " + impl.visible +
                             " FROM customers c WHERE (c.external_id = ?1 OR c.uuid = ?2) AND c.id <> ?3 "
                             "ORDER BY 2 DESC LIMIT 1");
    q->bind(1, c.external_id).bind_blob(2, c.id.bytes().data(), 16).bind(3, self);
    if (q->step() && q->integer(1) != 0) {
        if (q->integer(0) != 0) throw Conflict("a customer with external_id '" + c.external_id + "' already exists");
        throw Conflict("a customer with uuid '" + c.id.to_string() + "' already exists");
    }
    throw Conflict("cannot store this customer: its external_id or uuid cannot be used by user '" +
                   impl.user.username + "'");
}

}  // namespace

// A deleted full-text row leaves its tokens in the index's segments until they are merged
// (FTS5 writes a delete marker); 'optimize' merges every segment into one now, so the
// deleted customer's names, phones and emails leave the file (secure_delete zeroes the freed
// pages). It rewrites the whole index: the price of a delete (docs/deletion.md).
void store::purge_deleted_tokens(store::Session& impl) {
    impl.conn.exec("INSERT INTO customer_search(customer_search) VALUES ('optimize')");
}

// The WAL still holds the pages as they were before the delete; a checkpoint that truncates
// it drops them. Best effort, after the commit (the delete stands whatever it says): a
// reader in the middle of a snapshot keeps the WAL until the next checkpoint.
void store::truncate_wal(store::Session& impl) {
    sqlite3_wal_checkpoint_v2(impl.conn.handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
}

Customer Customers::create(const Customer& customer) {
    return store::create_customer(session(), customer, store::Origin::new_record);
}

Customer store::create_customer(store::Session& impl, const Customer& customer, store::Origin origin) {
    impl.require_write("create a customer");
    Customer c = customer;
    store::prepare_customer(c, impl.default_region);
    // Status is read-only on create (docs/data-model.md): a customer is archived by
    // Customers::archive, merged by a merge. Only an import restoring exported records
    // brings archived customers back as they were.
    if (c.status != CustomerStatus::active && !(origin == store::Origin::restored && c.status == CustomerStatus::archived))
        throw InvalidInput("status", "is read-only: a new customer is active (archive it afterwards)");
    WriteScope scope(impl, WriteScope::Undo::self);
    auto owner_id = impl.check_owner(c.owner, "owner");
    if (owner_id && c.owner.empty()) c.owner = impl.user.username;
    auto now = now_utc();
    if (origin == store::Origin::new_record || c.id.is_nil()) c.id = impl.new_uuid();
    if (c.created_at == Timestamp{}) c.created_at = now;
    c.updated_at = now;
    c.version = 1;
    std::int64_t id = 0;
    try {
        id = store::insert_customer(impl, c, owner_id);
    } catch (const Conflict&) {
        refuse_taken_key(impl, c);
    }
    store::audit_or_undo(impl, {"customer.create", c.id}, [&] { store::remove_inserted_customer(impl, id); });
    scope.commit();
    return c;
}

std::optional<Customer> Customers::find(std::string_view ref) const {
    store::ReadScope read(session());
    auto id = session().find_customer_id(ref);
    if (!id) return std::nullopt;
    return store::load_customer(session(), *id);
}

Customer Customers::get(std::string_view ref) const {
    store::ReadScope read(session());
    return store::load_customer(session(), session().customer_id(ref));
}

namespace {

// The one path every change of a customer's fields takes: checks, owner rules, write.
// Runs inside the caller's WriteScope, which also covered reading `current`.
Customer write_change(store::Session& impl, std::int64_t id, const Customer& current, Customer next,
                      std::int64_t expected_version) {
    if (current.version != expected_version)
        throw Conflict("customer '" + current.id.to_string() + "' is at version " + std::to_string(current.version) +
                       ", not " + std::to_string(expected_version) + "; read it again");
    keep_store_fields(next, current);
    store::prepare_customer(next, impl.default_region);
    if (next.status != current.status) {
        bool allowed = (next.status == CustomerStatus::active || next.status == CustomerStatus::archived) &&
                       (current.status == CustomerStatus::active || current.status == CustomerStatus::archived);
        if (!allowed)
            throw InvalidInput("status", "cannot change from " + std::string(to_string(current.status)) + " to " +
                                             std::string(to_string(next.status)));
    }
    std::optional<std::int64_t> owner_id;
    if (next.owner == current.owner) {
        if (!current.owner.empty()) owner_id = impl.find_user(current.owner)->id;
    } else {
        if (impl.user.role == Role::sales)
            throw PermissionDenied("user '" + impl.user.username + "' (sales) cannot reassign customers");
        if (next.owner.empty()) {
            if (impl.user.role != Role::admin)
                throw PermissionDenied("only an admin can leave a customer without an owner");
        } else {
            owner_id = impl.check_owner(next.owner, "owner");
        }
    }
    next.updated_at = now_utc();
    next.version = current.version + 1;
    try {
        store::update_customer_rows(impl, id, next, owner_id, expected_version);
    } catch (const Conflict& e) {
        if (next.external_id != current.external_id) refuse_taken_key(impl, next, id);
        throw;
    }
    const char* action = next.status == current.status          ? "customer.update"
                         : next.status == CustomerStatus::archived ? "customer.archive"
                                                                   : "customer.unarchive";
    store::audit(impl, {action, current.id, {}, {{"changes", store::customer_changes(current, next)}}});
    return next;
}

}  // namespace

Customer Customers::update(std::string_view ref, std::string_view patch_text, std::int64_t expected_version) {
    auto& impl = session();
    impl.require_write("update a customer");
    const nlohmann::json patch = parse_json(patch_text, "patch");
    if (!patch.is_object()) throw InvalidInput("", "a patch must be a JSON object", "patch");
    for (const char* key : {"id", "created_at", "updated_at", "version"})
        if (patch.contains(key)) throw InvalidInput(key, "is set by the store and cannot be patched", "patch");
    WriteScope scope(impl);
    auto id = impl.customer_id(ref);
    Customer current = store::load_customer(impl, id);
    nlohmann::json merged = to_json(current);
    merged.merge_patch(patch);
    // Normalized forms are derived: drop them so the patched contacts are normalized afresh.
    for (auto* list : {&merged["emails"], &merged["phones"]})
        if (list->is_array())
            for (auto& item : *list)
                if (item.is_object()) item.erase(list == &merged["emails"] ? "normalized" : "e164");
    Customer next = customer_from_json(merged, "patch");
    auto result = write_change(impl, id, current, std::move(next), expected_version);
    scope.commit();
    return result;
}

Customer Customers::save(const Customer& customer) { return store::save_customer(session(), customer); }

Customer store::save_customer(store::Session& impl, const Customer& customer) {
    impl.require_write("update a customer");
    if (customer.id.is_nil()) throw InvalidInput("id", "save_customer needs a customer read from the store");
    WriteScope scope(impl);
    auto id = impl.customer_id(customer.id.to_string());
    Customer current = store::load_customer(impl, id);
    auto result = write_change(impl, id, current, customer, customer.version);
    scope.commit();
    return result;
}

Customer store::rewrite_customer(store::Session& impl, std::int64_t id, Customer next) {
    const Customer current = store::load_customer(impl, id);
    keep_store_fields(next, current);
    store::prepare_customer(next, impl.default_region);
    std::optional<std::int64_t> owner_id;
    if (!next.owner.empty()) owner_id = impl.find_user(next.owner)->id;
    next.updated_at = now_utc();
    next.version = current.version + 1;
    store::update_customer_rows(impl, id, next, owner_id, current.version);
    return next;
}

Customer Customers::archive(std::string_view ref) {
    auto& impl = session();
    impl.require_write("archive a customer");
    WriteScope scope(impl);
    auto id = impl.customer_id(ref);
    Customer current = store::load_customer(impl, id);
    if (current.status == CustomerStatus::archived) return current;
    Customer next = current;
    next.status = CustomerStatus::archived;
    auto result = write_change(impl, id, current, std::move(next), current.version);
    scope.commit();
    return result;
}

void store::delete_customer_rows(store::Session& impl, std::int64_t id) {
    store::delete_match_keys(impl, id);
    {
        auto q = impl.conn.query("DELETE FROM customer_search WHERE rowid = ?");
        q->bind(1, id).run();
    }
    const Uuid uuid = impl.customer_ids(id).first;
    store::redact_audit(impl, id);
    store::redact_merge_entries(impl, id);
    store::drop_merges_of(impl, id);
    auto q = impl.conn.query("DELETE FROM customers WHERE id = ?");
    q->bind(1, id).run();
    privacy::register_erasure(impl, uuid, privacy::ErasureAction::remove);
    store::audit(impl, {"customer.delete", uuid});
}

void Customers::remove(std::string_view ref) {
    auto& impl = session();
    impl.require_write("delete a customer");
    if (impl.user.role != Role::admin && impl.user.role != Role::manager)
        throw PermissionDenied("user '" + impl.user.username + "' (sales) cannot delete customers; archive instead");
    WriteScope scope(impl);
    store::delete_customer_rows(impl, impl.customer_id(ref));
    store::purge_deleted_tokens(impl);
    scope.commit();
    if (!scope.nested()) store::truncate_wal(impl);
}

std::vector<std::string> Customers::tags(std::string_view ref) const {
    store::ReadScope read(session());
    return store::load_customer(session(), session().customer_id(ref)).tags;
}

namespace {

template <typename Change>
std::vector<std::string> change_tags(store::Session& impl, std::string_view ref, std::span<const std::string> tags,
                                     Change&& change) {
    impl.require_write("change tags");
    WriteScope scope(impl);
    auto id = impl.customer_id(ref);
    Customer c = store::load_customer(impl, id);
    auto given = store::clean_tags(std::vector<std::string>(tags.begin(), tags.end()));
    auto before = c.tags;
    change(c.tags, given);
    c.tags = store::clean_tags(c.tags);
    if (c.tags == before) return c.tags;
    auto q = impl.conn.query("UPDATE customers SET version = version + 1, updated_at = ? WHERE id = ?");
    q->bind(1, store::seconds(now_utc())).bind(2, id).run();
    store::write_tags(impl, id, c);
    store::audit(impl, {"customer.update", c.id, {}, {{"changes", {{"tags", {{"before", before}, {"after", c.tags}}}}}}});
    scope.commit();
    return c.tags;
}

}  // namespace

std::vector<std::string> Customers::add_tags(std::string_view ref, std::span<const std::string> tags) {
    return change_tags(session(), ref, tags, [](auto& have, const auto& given) {
        have.insert(have.end(), given.begin(), given.end());
    });
}

std::vector<std::string> Customers::remove_tags(std::string_view ref, std::span<const std::string> tags) {
    return change_tags(session(), ref, tags, [](auto& have, const auto& given) {
        std::erase_if(have, [&](const std::string& t) { return std::find(given.begin(), given.end(), t) != given.end(); });
    });
}

}  // namespace clientele
