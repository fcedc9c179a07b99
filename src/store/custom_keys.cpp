#include "store/custom_keys.hpp"

namespace clientele::store {

std::vector<CustomKey> custom_keys(Connection& conn, const char* table) {
    auto q = conn.query(std::string("SELECT j.key, max(j.type <> 'text' OR j.atom = '') FROM ") + table +
                        " t, json_each(t.custom) j GROUP BY j.key ORDER BY 1");
    std::vector<CustomKey> out;
    while (q->step()) out.push_back({q->text(0), q->integer(1) != 0});
    return out;
}

}  // namespace clientele::store
