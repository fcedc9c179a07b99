// Test support: the rows of tests/conformance/cells.tsv, the one table of cells and the
// answer every entry point must give for each.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "clientele/cells.hpp"

namespace clt_test {

struct CellCase {
    std::string kind;    ///< timestamp, date, amount, header
    std::string cell;
    std::string rules;   ///< "-", "unit=s", "order=day-first", or the record type of a header
    std::string answer;  ///< the value, or "refused"
    bool refused() const { return answer == "refused"; }
    std::string name() const { return kind + " '" + cell + "' (" + rules + ")"; }
    clientele::CellRules cell_rules() const {
        clientele::CellRules r;
        if (rules.starts_with("unit=")) r.time_unit = clientele::parse_time_unit(rules.substr(5));
        if (rules.starts_with("order=")) r.date_order = clientele::parse_date_order(rules.substr(6));
        return r;
    }
};

/// A row of values for the fields of a header answer ("display_name,phone,email").
inline std::string sample_row(const std::string& fields) {
    std::string out;
    std::stringstream s(fields);
    for (std::string f; std::getline(s, f, ',');) {
        std::string v = "x";
        if (f == "display_name") v = "张伟";
        else if (f == "given_name") v = "伟";
        else if (f == "family_name") v = "张";
        else if (f.starts_with("phone")) v = "13812345678";
        else if (f.starts_with("email")) v = "zhang.wei@example.com";
        else if (f == "birthday") v = "1990-01-02";
        else if (f == "postcode") v = "100000";
        out += (out.empty() ? "" : ",") + v;
    }
    return out;
}

inline std::vector<CellCase> conformance_cases() {
    std::ifstream in(CLIENTELE_CONFORMANCE_DIR "/cells.tsv");
    if (!in) throw std::runtime_error("cannot read " CLIENTELE_CONFORMANCE_DIR "/cells.tsv");
    std::vector<CellCase> out;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f;
        std::stringstream s(line);
        for (std::string x; std::getline(s, x, '\t');) f.push_back(x);
        if (f.size() != 4) throw std::runtime_error("bad conformance row: " + line);
        out.push_back({f[0], f[1], f[2], f[3]});
    }
    return out;
}

}  // namespace clt_test
