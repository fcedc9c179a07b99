// clientele C ABI — the store check.
#include "capi/capi.hpp"

#include "clientele/error.hpp"

using namespace clientele::capi;

extern "C" {

CLT_API clt_status clt_db_check(char** out_json, clt_db* db, const char* options_json) {
    // Something found: the report goes out with CLT_CORRUPT_DATA.
    std::string found;
    const auto status = guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        clientele::CheckOptions o;
        if (auto j = optional_object_arg(options_json)) {
            for (const auto& [key, value] : j->items()) {
                if (key != "quick") throw clientele::InvalidInput(key, "is not a check option", "options_json");
                if (!value.is_boolean()) throw clientele::InvalidInput(key, "must be true or false", "options_json");
                o.quick = value.get<bool>();
            }
        }
        const auto report = database(db).checker().run(o);
        if (report.ok()) {
            put_json(out_json, to_json(report));
            return;
        }
        found = dump(to_json(report));
        throw clientele::CorruptData(std::to_string(report.problems.size()) + " problem(s) found in '" +
                                     database(db).path().string() + "' (see the report); first: " +
                                     report.problems.front().check + ": " + report.problems.front().subject + " " +
                                     report.problems.front().detail);
    });
    if (!found.empty()) *out_json = copy_out(found);
    return status;
}

}  // extern "C"
