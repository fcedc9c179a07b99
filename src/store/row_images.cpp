#include "store/row_images.hpp"

#include "clientele/error.hpp"
#include "text/hex.hpp"

namespace clientele::store {

namespace {

std::string unhex(const std::string& text) {
    auto digit = [&](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        throw CorruptData("a stored row image has a damaged blob");
    };
    if (text.size() % 2 != 0) throw CorruptData("a stored row image has a damaged blob");
    std::string out(text.size() / 2, '\0');
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<char>(digit(text[2 * i]) << 4 | digit(text[2 * i + 1]));
    return out;
}

// Column names come from the images, which the store wrote; quoting keeps even a strange
// one an identifier.
std::string quoted(const std::string& name) {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + '"';
}

void bind_value(Statement& s, int i, const nlohmann::json& v) {
    if (v.is_null()) s.bind_null(i);
    else if (v.is_number_integer()) s.bind(i, v.get<std::int64_t>());
    else if (v.is_string()) s.bind(i, v.get_ref<const std::string&>());
    else if (v.is_object() && v.contains("blob") && v["blob"].is_string()) {
        const auto bytes = unhex(v["blob"].get<std::string>());
        s.bind_blob(i, bytes.data(), bytes.size());
    } else {
        throw CorruptData("a stored row image has a value of an unknown kind");
    }
}

}  // namespace

nlohmann::json capture_rows(Connection& conn, const std::string& select) {
    nlohmann::json rows = nlohmann::json::array();
    // Not cached: the text names particular ids and is used once.
    Statement s(conn.handle(), select);
    Statement* q = &s;
    while (q->step()) {
        nlohmann::json row = nlohmann::json::object();
        for (int c = 0; c < q->column_count(); ++c) {
            const std::string name(q->column_name(c));
            switch (q->column_type(c)) {
                case SQLITE_NULL: row[name] = nullptr; break;
                case SQLITE_INTEGER: row[name] = q->integer(c); break;
                case SQLITE_TEXT: row[name] = q->text(c); break;
                case SQLITE_BLOB: row[name] = {{"blob", text::to_hex(q->blob(c))}}; break;
                default: throw Error(ErrorCode::internal, "row images cannot hold floating-point column " + name);
            }
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

void insert_rows(Connection& conn, const std::string& table, const nlohmann::json& rows) {
    for (const auto& row : rows) {
        std::string columns, values;
        for (auto it = row.begin(); it != row.end(); ++it) {
            columns += (columns.empty() ? "" : ", ") + quoted(it.key());
            values += values.empty() ? "?" : ", ?";
        }
        auto q = conn.query("INSERT INTO " + quoted(table) + "(" + columns + ") VALUES (" + values + ")");
        int i = 1;
        for (auto it = row.begin(); it != row.end(); ++it) bind_value(*q, i++, *it);
        q->run();
    }
}

void update_row(Connection& conn, const std::string& table, const nlohmann::json& row, const std::string& key) {
    std::string sets;
    for (auto it = row.begin(); it != row.end(); ++it)
        if (it.key() != key) sets += (sets.empty() ? "" : ", ") + quoted(it.key()) + " = ?";
    auto q = conn.query("UPDATE " + quoted(table) + " SET " + sets + " WHERE " + quoted(key) + " = ?");
    int i = 1;
    for (auto it = row.begin(); it != row.end(); ++it)
        if (it.key() != key) bind_value(*q, i++, *it);
    bind_value(*q, i, row.at(key));
    q->run();
    if (conn.changes() != 1) throw Conflict("the " + table + " row to restore no longer exists");
}

std::string in_list(const std::vector<std::int64_t>& ids) {
    std::string out = "(";
    for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
    return out + ")";
}

}  // namespace clientele::store
