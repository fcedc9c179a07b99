#include "backup/manifest.hpp"

#include "backup/format.hpp"
#include "clientele/error.hpp"
#include "clientele/time.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"

namespace clientele::backup {
namespace {

/// The manifest is flat; a deeper document is refused before the recursive parser sees it.
constexpr int kMaxDepth = 4;

bool too_deep(std::string_view text) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxDepth) return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

}  // namespace

nlohmann::json to_json(const BackupManifest& m) {
    return {{"format_version", m.format_version},
            {"schema_version", m.schema_version},
            {"table_rows", m.table_rows},
            {"customers", m.customers},
            {"interactions", m.interactions},
            {"database_bytes", m.database_bytes},
            {"checksum", m.checksum},
            {"created_at", format_timestamp(m.created_at)},
            {"library_version", m.library_version},
            {"protection", m.protection},
            {"compression", m.compression},
            {"database_encrypted", m.database_encrypted}};
}

nlohmann::json to_json(const RestoreResult& r) {
    auto j = to_json(static_cast<const BackupManifest&>(r));
    j["erasures_reapplied"] = r.erasures_reapplied;
    auto& left = j["erasures_left"] = nlohmann::json::array();
    for (const auto& u : r.erasures_left) left.push_back(u.to_string());
    return j;
}

BackupManifest manifest_from_text(std::string_view text) {
    if (too_deep(text)) throw CorruptData("damaged backup manifest (nested too deeply)");
    try {
        const auto j = nlohmann::json::parse(text);
        BackupManifest m;
        m.format_version = j.at("format_version").get<int>();
        m.schema_version = j.at("schema_version").get<int>();
        m.table_rows = j.at("table_rows").get<std::map<std::string, std::int64_t>>();
        m.customers = j.at("customers").get<std::int64_t>();
        m.interactions = j.at("interactions").get<std::int64_t>();
        m.database_bytes = j.at("database_bytes").get<std::int64_t>();
        m.checksum = j.at("checksum").get<std::string>();
        m.created_at = parse_timestamp(j.at("created_at").get<std::string>(), "created_at");
        m.library_version = j.at("library_version").get<std::string>();
        m.protection = j.at("protection").get<std::string>();
        m.compression = j.at("compression").get<std::string>();
        m.database_encrypted = j.value("database_encrypted", false);  // absent before encryption at rest
        return m;
    } catch (const nlohmann::json::exception& e) {
        throw CorruptData(std::string("damaged backup manifest: ") + e.what());
    } catch (const InvalidInput& e) {
        throw CorruptData("damaged backup manifest: " + e.reason());
    }
}

BackupManifest describe_database(const std::filesystem::path& path, const crypto::FileKey* key) {
    store::Connection conn(path, true, false, true, key);
    BackupManifest m;
    m.schema_version = static_cast<int>(conn.scalar("PRAGMA user_version"));
    std::vector<std::string> tables;
    {
        auto q = conn.query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        while (q->step()) tables.push_back(q->text(0));
    }
    for (const auto& t : tables) {
        std::string quoted = "\"";
        for (char c : t) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        m.table_rows[t] = conn.scalar("SELECT count(*) FROM " + quoted + "\"");
    }
    const auto count = [&](const char* table) {
        const auto it = m.table_rows.find(table);
        return it == m.table_rows.end() ? 0 : it->second;
    };
    m.customers = count("customers");
    m.interactions = count("interactions");
    return m;
}

void check_database(const std::filesystem::path& path, const BackupManifest& expected, const crypto::FileKey* key) {
    try {
        {
            store::Connection conn(path, true, false, true, key);
            auto q = conn.query("PRAGMA integrity_check");
            std::string result;
            while (q->step()) result += (result.empty() ? "" : "; ") + q->text(0);
            if (result != "ok") throw CorruptData("the backup's database fails SQLite's integrity check: " + result);
            if (conn.scalar("PRAGMA application_id") != store::kApplicationId)
                throw CorruptData("the backup does not hold a clientele database");
        }
        const BackupManifest found = describe_database(path, key);
        if (found.schema_version != expected.schema_version || found.table_rows != expected.table_rows)
            throw CorruptData("the backup's database does not match its manifest (schema version or row counts)");
    } catch (const StorageError& e) {
        throw CorruptData(std::string("the backup's database cannot be read: ") + e.what());
    }
}

}  // namespace clientele::backup
