// clientele C ABI — care reminders (docs/reminders.md).
#include "capi/capi.hpp"

#include "json/json.hpp"
#include "json/reminder_json.hpp"

using namespace clientele::capi;
using clientele::to_json;

namespace {

constexpr clt_reminder_options kReminderDefaults = CLT_REMINDER_OPTIONS_INIT;

/// The options of a listing or generation; as_of has no default, so NULL opts is Misuse.
const clt_reminder_options& reminder_options(const clt_reminder_options* opts) {
    if (opts == nullptr) throw Misuse("opts", "argument 'opts' must not be NULL (as_of is required)");
    return *options_arg(opts, CLT_REMINDER_OPTIONS_VERSION, "clt_reminder_options");
}

clientele::Date as_of_arg(const clt_reminder_options& o) { return clientele::parse_date(text(o.as_of, "as_of"), "as_of"); }

}  // namespace

extern "C" {

CLT_API clt_status clt_reminder_options_init(clt_reminder_options* opts, unsigned int version) {
    return guard(__func__, [&] { init_options(opts, version, kReminderDefaults, "clt_reminder_options"); });
}

CLT_API clt_status clt_reminder_due(char** out_json, clt_db* db, const clt_reminder_options* opts) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        const auto& o = reminder_options(opts);
        const auto as_of = as_of_arg(o);
        const std::string owner = o.owner == nullptr ? "" : o.owner;
        put_json(out_json, json_array(d.reminders().due(as_of, o.horizon_days, owner)));
    });
}

CLT_API clt_status clt_reminder_generate(int64_t* out_created, clt_db* db, const clt_reminder_options* opts) {
    return guard(__func__, db, [&] {
        if (out_created) *out_created = 0;
        auto& d = database(db);
        const auto& o = reminder_options(opts);
        const auto created = d.reminders().generate(as_of_arg(o), o.horizon_days);
        if (out_created) *out_created = created;
    });
}

CLT_API clt_status clt_reminder_of_customer(char** out_json, clt_db* db, const char* customer) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        put_json(out_json, json_array(d.reminders().of_customer(text(customer, "customer"))));
    });
}

CLT_API clt_status clt_reminder_add(char** out_json, clt_db* db, const char* follow_up_json) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto f = clientele::follow_up_from_json(object_arg(follow_up_json, "follow_up_json"));
        put_json(out_json, to_json(d.reminders().add(f)));
    });
}

CLT_API clt_status clt_reminder_done(char** out_json, clt_db* db, int64_t id, const char* done_json) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const bool given = done_json != nullptr && *done_json != '\0';
        const auto o = given ? clientele::reminder_outcome_from_json(object_arg(done_json, "done_json"))
                             : clientele::ReminderOutcome{};
        put_json(out_json, to_json(d.reminders().done(id, o)));
    });
}

CLT_API clt_status clt_reminder_snooze(char** out_json, clt_db* db, int64_t id, const char* until) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto date = clientele::parse_date(text(until, "until"), "until");
        put_json(out_json, to_json(d.reminders().snooze(id, date)));
    });
}

CLT_API clt_status clt_reminder_dismiss(char** out_json, clt_db* db, int64_t id, const char* note) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        put_json(out_json, to_json(d.reminders().dismiss(id, note == nullptr ? "" : note)));
    });
}

CLT_API clt_status clt_reminder_rules(char** out_json, clt_db* db) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        put_json(out_json, to_json(d.reminders().rules()));
    });
}

CLT_API clt_status clt_reminder_set_rules(clt_db* db, const char* rules_json) {
    return guard(__func__, db, [&] {
        auto& d = database(db);
        d.reminders().set_rules(clientele::reminder_rules_from_json_text(text(rules_json, "rules_json")));
    });
}

}  // extern "C"
