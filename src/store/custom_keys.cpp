#include "store/custom_keys.hpp"

namespace clientele::store {

std::vector<CustomKey> custom_keys(Connection& conn, const char* table) {
    // json_valid first: a record SQLite cannot parse (one an older version stored nested
    // deeper than SQLite's own limit) must not fail the listing of every other record's keys;
    // reading that record reports it (CorruptData, naming it).
    auto q = conn.query(std::string("SELECT j.key, max(j.type <> 'text' OR j.atom = '') FROM ") + table +
                        " t, json_each(t.custom) j WHERE json_valid(t.custom) GROUP BY j.key ORDER BY 1");
    std::vector<CustomKey> out;
    while (q->step()) out.push_back({q->text(0), q->integer(1) != 0});
    return out;
}

}  // namespace clientele::store
