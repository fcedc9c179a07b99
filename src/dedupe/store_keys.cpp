#include "dedupe/store_keys.hpp"

#include <algorithm>
#include <string>

#include "dedupe/store_matcher.hpp"
#include "dedupe/blocking.hpp"
#include "customers/customer_rows.hpp"

namespace clientele::store {

namespace {

constexpr const char* kVersionSetting = "match_keys_version";
constexpr std::size_t kRebuildChunk = 4096;  // customers normalized at a time while rebuilding
// Keys buffered before a transaction's end forces them out (32 MiB): a bulk load of a
// million customers writes them in a few sorted sweeps.
constexpr std::size_t kMaxPending = std::size_t{1} << 21;

std::vector<std::vector<std::uint64_t>> keys_of(store::Session& impl, const std::vector<MatchRecord>& records) {
    return impl.matcher().index_keys(records, impl.default_region);
}

// The hashes are unsigned; SQLite integers are signed. The bits are what matters.
std::int64_t as_column(std::uint64_t key) { return static_cast<std::int64_t>(key); }

// A key set as a blob: 8 bytes per key, little-endian whatever the machine, so a file
// moves between machines.
std::string encode(const std::vector<std::uint64_t>& keys) {
    std::string out(keys.size() * 8, '\0');
    for (std::size_t i = 0; i < keys.size(); ++i)
        for (int b = 0; b < 8; ++b) out[i * 8 + b] = static_cast<char>((keys[i] >> (8 * b)) & 0xff);
    return out;
}

std::vector<std::uint64_t> decode(std::string_view blob) {
    std::vector<std::uint64_t> keys(blob.size() / 8);
    for (std::size_t i = 0; i < keys.size(); ++i)
        for (int b = 0; b < 8; ++b)
            keys[i] |= static_cast<std::uint64_t>(static_cast<unsigned char>(blob[i * 8 + b])) << (8 * b);
    return keys;
}

void insert_key_set(store::Session& impl, std::int64_t id, const std::vector<std::uint64_t>& keys) {
    const std::string blob = encode(keys);
    auto q = impl.conn.query("INSERT INTO customer_match_key_sets(customer_id, keys) VALUES (?, ?)");
    q->bind(1, id).bind_blob(2, blob.data(), blob.size()).run();
}

void rebuild(store::Session& impl) {
    std::vector<std::int64_t> ids;
    {
        auto q = impl.conn.query("SELECT id FROM customers WHERE merged_into IS NULL ORDER BY id");
        while (q->step()) ids.push_back(q->integer(0));
    }
    impl.conn.exec("DELETE FROM customer_match_keys; DELETE FROM customer_match_key_sets;");
    std::vector<MatchRecord> records;
    for (std::size_t from = 0; from < ids.size(); from += kRebuildChunk) {
        const std::size_t to = std::min(ids.size(), from + kRebuildChunk);
        records.clear();
        for (std::size_t k = from; k < to; ++k) records.push_back(match_record(load_customer(impl, ids[k])));
        auto keys = keys_of(impl, records);
        for (std::size_t k = from; k < to; ++k) {
            insert_key_set(impl, ids[k], keys[k - from]);
            // All of them wait for one sorted write, however many: a rebuild runs once.
            for (auto key : keys[k - from]) impl.pending_keys.emplace_back(as_column(key), ids[k]);
        }
    }
    flush_match_keys(impl);
}

}  // namespace

std::vector<std::uint64_t> match_keys(store::Session& impl, const Customer& c) {
    return keys_of(impl, {match_record(c)}).front();
}

void write_match_keys(store::Session& impl, std::int64_t id, const Customer& c) {
    const auto keys = match_keys(impl, c);
    insert_key_set(impl, id, keys);
    for (auto key : keys) impl.pending_keys.emplace_back(as_column(key), id);
    if (impl.pending_keys.size() >= kMaxPending) flush_match_keys(impl);
}

void delete_match_keys(store::Session& impl, std::int64_t id) {
    flush_match_keys(impl);  // the customer's keys may still be waiting
    std::vector<std::uint64_t> keys;
    {
        auto q = impl.conn.query("SELECT keys FROM customer_match_key_sets WHERE customer_id = ?");
        q->bind(1, id);
        if (q->step()) keys = decode(q->blob(0));
    }
    for (auto key : keys) {
        auto q = impl.conn.query("DELETE FROM customer_match_keys WHERE key = ? AND customer_id = ?");
        q->bind(1, as_column(key)).bind(2, id).run();
    }
    auto q = impl.conn.query("DELETE FROM customer_match_key_sets WHERE customer_id = ?");
    q->bind(1, id).run();
}

std::string match_key_problem(store::Session& impl, std::int64_t id, const Customer& c) {
    flush_match_keys(impl);
    auto q = impl.conn.query("SELECT keys FROM customer_match_key_sets WHERE customer_id = ?");
    q->bind(1, id);
    const bool has_set = q->step();
    if (c.status == CustomerStatus::merged) return has_set ? "a merged customer still has match keys" : "";
    if (!has_set) return "has no match keys: the duplicate check cannot find it";
    auto stored = decode(q->blob(0));
    auto expected = match_keys(impl, c);
    std::sort(stored.begin(), stored.end());
    std::sort(expected.begin(), expected.end());
    if (stored != expected) return "its match keys do not match its fields";
    for (auto key : stored) {
        auto k = impl.conn.query("SELECT 1 FROM customer_match_keys WHERE key = ? AND customer_id = ?");
        k->bind(1, as_column(key)).bind(2, id);
        if (!k->step()) return "a match key of its set is missing from the index";
    }
    return {};
}

std::int64_t stray_match_keys(store::Session& impl) {
    flush_match_keys(impl);
    std::int64_t accounted = 0;
    auto q = impl.conn.query("SELECT keys FROM customer_match_key_sets");
    while (q->step()) {
        auto keys = decode(q->blob(0));
        std::sort(keys.begin(), keys.end());
        accounted += std::unique(keys.begin(), keys.end()) - keys.begin();
    }
    return impl.conn.scalar("SELECT count(*) FROM customer_match_keys") - accounted;
}

void flush_match_keys(store::Session& impl) {
    auto& pending = impl.pending_keys;
    if (pending.empty()) return;
    std::sort(pending.begin(), pending.end());
    for (const auto& [key, id] : pending) {
        // OR IGNORE: a flush that failed half way (a full disk) and is tried again at the
        // next commit finds some of its rows already there.
        auto q = impl.conn.query("INSERT OR IGNORE INTO customer_match_keys(key, customer_id) VALUES (?, ?)");
        q->bind(1, key).bind(2, id).run();
    }
    pending.clear();
    ++impl.pending_flushes;
}

void ensure_match_keys(store::Session& impl) {
    if (impl.read_only) return;
    const std::string current = std::to_string(matching::kMatchKeysVersion);
    auto stored = [&] {
        auto q = impl.conn.query("SELECT value FROM settings WHERE key = ?");
        q->bind(1, kVersionSetting);
        return q->step() ? q->text(0) : std::string();
    };
    if (stored() == current) return;
    impl.conn.exec("BEGIN IMMEDIATE");
    try {
        if (stored() != current) {  // another connection may have rebuilt them meanwhile
            rebuild(impl);
            auto q = impl.conn.query("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)");
            q->bind(1, kVersionSetting).bind(2, current).run();
        }
        impl.conn.exec("COMMIT");
    } catch (...) {
        impl.pending_keys.clear();
        sqlite3_exec(impl.conn.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

}  // namespace clientele::store
