// clientele customer add | update | tag | archive | delete — commands that change customers.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include <clientele/error.hpp>
#include "json/json.hpp"
#include <clientele/merge.hpp>
#include <clientele/database.hpp>

#include "model/customer_fields.hpp"

#include "commands.hpp"
#include "record_input.hpp"
#include "render.hpp"
#include "terminal_text.hpp"

namespace clientele::cli {
namespace {

// ---- add -----------------------------------------------------------------------------

struct AddOptions {
    std::string db;
    /// One value per text field (model/customer_fields.hpp), by index.
    std::vector<std::string> text = std::vector<std::string>(fields::customer_text_fields().size());
    std::string kind, city, birthday, gender, owner, external_id;
    std::vector<std::string> emails, phones, tags, custom;
    std::string from_json;
};

Customer customer_from_flags(const AddOptions& o) {
    Customer c;
    for (std::size_t i = 0; i < o.text.size(); ++i) c.*fields::customer_text_fields()[i].member = o.text[i];
    if (!o.kind.empty()) c.kind = parse_customer_kind(o.kind, "--kind");
    for (std::size_t i = 0; i < o.emails.size(); ++i) c.emails.push_back({o.emails[i], "", i == 0, ""});
    for (std::size_t i = 0; i < o.phones.size(); ++i) c.phones.push_back({o.phones[i], "", i == 0, ""});
    if (!o.city.empty()) {
        Address a;
        a.city = o.city;
        a.primary = true;
        c.addresses.push_back(a);
    }
    if (!o.birthday.empty()) c.birthday = parse_date(o.birthday, "--birthday");
    if (!o.gender.empty()) c.gender = parse_gender(o.gender, "--gender");
    c.tags = o.tags;
    c.owner = o.owner;
    c.external_id = o.external_id;
    nlohmann::json custom = nlohmann::json::object();
    for (const auto& kv : o.custom) {
        auto [key, value] = split_assignment(kv, "--custom");
        custom[key] = loose_json_value(value);
    }
    c.custom = to_json_object(custom, "--custom");
    return c;
}

// The flags of one customer (add; duplicates takes the same ones for its candidate), and
// --from-json FILE, which excludes them.
// Every text field has a flag named after it (--job-title); the two people type most also
// have a short form.
std::string text_flag(const fields::TextField& f) {
    std::string flag = "--" + std::string(f.name);
    std::replace(flag.begin(), flag.end(), '_', '-');
    if (f.member == &Customer::display_name) flag += ",--name";
    if (f.member == &Customer::company_name) flag += ",--company";
    return flag;
}

void add_customer_options(CLI::App* cmd, AddOptions& o, const char* from_json_help) {
    std::vector<CLI::Option*> options;
    const auto text = fields::customer_text_fields();
    for (std::size_t i = 0; i < text.size(); ++i)
        options.push_back(cmd->add_option(text_flag(text[i]), o.text[i], "The customer's " + std::string(text[i].label) +
                                                                         (text[i].member == &Customer::display_name
                                                                              ? " (derived from the names when absent)"
                                                                              : "")));
    for (auto* option : {
        cmd->add_option("--kind", o.kind, "person (default) or company"),
        cmd->add_option("--email", o.emails, "Email address (repeatable; the first is primary)")
            ->allow_extra_args(false),
        cmd->add_option("--phone", o.phones, "Phone number (repeatable; the first is primary)")
            ->allow_extra_args(false),
        cmd->add_option("--city", o.city, "City of the primary address"),
        cmd->add_option("--birthday", o.birthday, "Birthday, YYYY-MM-DD"),
        cmd->add_option("--gender", o.gender, "female, male, other or unspecified"),
        cmd->add_option("--tag", o.tags, "Tag (repeatable)")->allow_extra_args(false),
        cmd->add_option("--owner", o.owner, "Username of the responsible salesperson"),
        cmd->add_option("--external-id", o.external_id, "Id in the source system (unique)"),
        cmd->add_option("--custom", o.custom,
                        "Custom field key=value (repeatable; a JSON literal value is kept typed: size=42)")
            ->allow_extra_args(false)})
        options.push_back(option);
    CLI::Option* file = cmd->add_option("--from-json", o.from_json, from_json_help);
    for (auto* f : options) file->excludes(f);
}

void run_add(const AddOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    if (o.from_json.empty()) {
        Customer created = db.customers().create(customer_from_flags(o));
        if (g.json)
            print_json(to_json(created));
        else
            std::cout << "added customer " << created.id.to_string() << "  " << created.display_name << '\n';
        return;
    }
    // A file: every record is checked first, then all are stored in one transaction.
    const auto file = store_records<Customer>(
        db, o.from_json,
        [](const nlohmann::json& j, const std::string& source, std::int64_t line) {
            return customer_from_json(j, source, line);
        },
        [&db](const Customer& c) { return db.customers().create(c); });
    const std::vector<Customer>& created = file.stored;
    if (g.json)
        print_json(file.one_object ? to_json(created[0]) : json_array(created));
    else if (created.size() == 1)
        std::cout << "added customer " << created[0].id.to_string() << "  " << created[0].display_name << '\n';
    else
        std::cout << "added " << created.size() << " customers from " << file.source << '\n';
}

// ---- duplicates ----------------------------------------------------------------------------

struct DuplicatesOptions : AddOptions {
    double threshold = 0.5;
};

void run_duplicates(const DuplicatesOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    Customer candidate;
    if (o.from_json.empty()) {
        candidate = customer_from_flags(o);
    } else {
        const std::string source = source_name(o.from_json);
        candidate = customer_from_json(parse_json_object(read_text(o.from_json), source), source);
    }
    const auto matches = db.duplicates().find(candidate, {.threshold = o.threshold});
    if (g.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& m : matches) out.push_back(to_json(m));
        print_json(out);
        return;
    }
    if (matches.empty()) {
        std::cout << "no likely duplicates (probability >= " << o.threshold << ")\n";
        return;
    }
    // One line per match: probability, id, name, then the fields that decided it.
    for (const auto& m : matches) {
        char score[32];
        std::snprintf(score, sizeof score, "%.3f", m.score);
        std::cout << score << "  " << m.id << "  " << terminal_text(m.display_name) << ' ';
        for (const auto& f : m.fields) {
            if (f.weight == 0) continue;
            char weight[32];
            std::snprintf(weight, sizeof weight, "%+.1f", f.weight);
            std::cout << ' ' << f.field << ' ' << weight;
        }
        std::cout << '\n';
    }
}

// ---- update ----------------------------------------------------------------------------

struct UpdateOptions {
    std::string db, ref;
    std::vector<std::string> sets;
    std::string patch;
    std::int64_t expected_version = 0;
    CLI::Option* expected_version_opt = nullptr;
};

/// Fields whose --set value is JSON (lists and objects); every other field takes text.
bool is_structured_field(const std::string& f) {
    return f == "emails" || f == "phones" || f == "addresses" || f == "tags" || f == "custom" || f == "consent";
}

/// The merge patch that `--set field=value` means.
nlohmann::json patch_for_set(const std::string& arg) {
    auto [field, value] = split_assignment(arg, "--set");
    for (auto& ch : field)
        if (ch == '-') ch = '_';
    if (field == "name") field = "display_name";
    if (field == "company") field = "company_name";

    if (field.rfind("custom.", 0) == 0 && field.size() > 7)
        return {{"custom", {{field.substr(7), loose_json_value(value)}}}};
    if (is_structured_field(field)) {
        auto j = try_parse_json(value, "--set");
        if (!j) throw InvalidInput(field, "--set " + field + "=... needs a JSON value (like [\"a\",\"b\"] or {...})");
        return {{field, std::move(*j)}};
    }
    // Text fields; an empty value clears the field.
    return {{field, value.empty() ? nlohmann::json(nullptr) : nlohmann::json(value)}};
}

void run_update(const UpdateOptions& o, const GlobalOptions& g) {
    if (o.sets.empty() && o.patch.empty()) throw UsageError("give --set field=value or --patch JSON");
    nlohmann::json patch = nlohmann::json::object();
    if (!o.patch.empty())
        patch = parse_json_object(o.patch == "-" ? read_text("-") : o.patch, "--patch");
    // Later --set options win; custom.KEY settings gather into one "custom" object.
    for (const auto& s : o.sets) {
        const nlohmann::json one = patch_for_set(s);  // named: items() must not outlive it
        for (const auto& [key, value] : one.items()) {
            if (key == "custom" && value.is_object() && patch.contains("custom") && patch["custom"].is_object())
                for (auto& [ckey, cvalue] : value.items()) patch["custom"][ckey] = cvalue;
            else
                patch[key] = value;
        }
    }

    Database db = open_store(o.db, g);
    // Without --expected-version the change applies to whatever version is current.
    const std::int64_t expected =
        o.expected_version_opt->count() > 0 ? o.expected_version : db.customers().get(o.ref).version;
    Customer updated = db.customers().update(o.ref, patch.dump(), expected);
    if (g.json)
        print_json(to_json(updated));
    else
        std::cout << "updated customer " << updated.id.to_string() << "  " << updated.display_name
                  << " (version " << updated.version << ")\n";
}

// ---- tag -------------------------------------------------------------------------------

struct TagOptions {
    std::string db, ref;
    std::vector<std::string> add, remove;
    bool list = false;
};

void run_tag(const TagOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    std::vector<std::string> tags;
    if (!o.add.empty())
        tags = db.customers().add_tags(o.ref, o.add);
    else if (!o.remove.empty())
        tags = db.customers().remove_tags(o.ref, o.remove);
    else
        tags = db.customers().tags(o.ref);
    if (g.json) {
        print_json(tags);
    } else if (tags.empty()) {
        std::cout << "(no tags)\n";
    } else {
        for (const auto& t : tags) std::cout << t << '\n';
    }
}

// ---- archive, delete -------------------------------------------------------------------

struct RefOptions {
    std::string db, ref;
};

void run_archive(const RefOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    Customer c = db.customers().archive(o.ref);
    if (g.json)
        print_json(to_json(c));
    else
        std::cout << "archived customer " << c.id.to_string() << "  " << c.display_name << '\n';
}

void run_delete(const RefOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    const Customer c = db.customers().get(o.ref);  // to say what was deleted
    db.customers().remove(o.ref);
    if (g.json)
        print_json({{"deleted", c.id.to_string()}});
    else
        std::cout << "deleted customer " << c.id.to_string() << "  " << c.display_name << '\n';
}

}  // namespace

void register_customer_write_commands(CLI::App& customer, CommandLine& cl) {
    {
        auto o = std::make_shared<AddOptions>();
        CLI::App* cmd = add_command(customer, cl, "add", "Add a customer from flags, or many from a JSON/JSONL file",
                                    [o, &cl] { run_add(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        add_customer_options(cmd, *o,
                             "Read customers from FILE ('-' = stdin): one JSON object, or JSON "
                             "Lines (one object per line, all added or none)");
    }
    {
        auto o = std::make_shared<DuplicatesOptions>();
        CLI::App* cmd = add_command(customer, cl, "duplicates",
                                    "Existing customers a new one (given like for add) probably is; stores nothing",
                                    [o, &cl] { run_duplicates(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        add_customer_options(cmd, *o, "Read the candidate from FILE ('-' = stdin): one JSON object");
        cmd->add_option("--threshold", o->threshold, "Show matches with at least this probability (default 0.5)")
            ->check(CLI::Range(0.0, 1.0));
    }
    {
        auto o = std::make_shared<UpdateOptions>();
        CLI::App* cmd = add_command(customer, cl, "update",
                                    "Change fields of a customer (--set field=value or a JSON merge --patch)",
                                    [o, &cl] { run_update(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("REF", o->ref, "Customer id or external id")->required();
        cmd->add_option("--set", o->sets,
                        "field=value (repeatable). Fields as in the JSON form; emails, phones, addresses, "
                        "tags, custom, consent take JSON; custom.KEY=value sets one custom field; an empty "
                        "value clears a text field")
            ->allow_extra_args(false);
        cmd->add_option("--patch", o->patch, "JSON merge patch (RFC 7396) as text, or '-' for stdin");
        o->expected_version_opt =
            cmd->add_option("--expected-version", o->expected_version,
                            "Fail with a conflict (exit 5) unless the customer is at this version "
                            "(default: the current version, i.e. last writer wins)");
    }
    {
        auto o = std::make_shared<TagOptions>();
        CLI::App* cmd = add_command(customer, cl, "tag", "Add, remove or list a customer's tags",
                                    [o, &cl] { run_tag(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("REF", o->ref, "Customer id or external id")->required();
        CLI::Option_group* what = cmd->add_option_group("action", "What to do with the tags");
        what->add_option("--add", o->add, "Tags to add");
        what->add_option("--remove", o->remove, "Tags to remove");
        what->add_flag("--list", o->list, "List the tags");
        what->require_option(1);
    }
    {
        auto o = std::make_shared<RefOptions>();
        CLI::App* cmd = add_command(customer, cl, "archive", "Archive a customer (kept, hidden from default lists)",
                                    [o, &cl] { run_archive(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("REF", o->ref, "Customer id or external id")->required();
    }
    {
        auto o = std::make_shared<RefOptions>();
        CLI::App* cmd = add_command(customer, cl, "delete",
                                    "Delete a customer and its interactions for good (managers and admins)",
                                    [o, &cl] { run_delete(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("REF", o->ref, "Customer id or external id")->required();
    }
}

}  // namespace clientele::cli
