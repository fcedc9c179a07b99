// Privacy::subject_export: everything the store holds about one person, for a subject
// access request — one JSON document a program can read and CSV files a person can open.
#include "clientele/privacy.hpp"

#include <sstream>
#include <system_error>

#include "clientele/cases.hpp"
#include "clientele/error.hpp"
#include "clientele/import_export.hpp"
#include "clientele/interactions.hpp"
#include "clientele/loyalty.hpp"
#include "clientele/merges.hpp"
#include "clientele/points_ledger.hpp"
#include "clientele/reminders.hpp"
#include "csv/writer.hpp"
#include "files/output_file.hpp"
#include "json/cases_json.hpp"
#include "json/json.hpp"
#include "json/reminder_json.hpp"
#include "store/audit_trail.hpp"
#include "store/session.hpp"

namespace clientele {

namespace {

// A cell of profile.csv: text as it is, anything else as its JSON.
std::string cell(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

void csv_row(std::string& out, std::initializer_list<std::string_view> fields) {
    bool first = true;
    for (auto f : fields) {
        if (!first) out += ',';
        csv::append_field(out, f);
        first = false;
    }
    out += "\r\n";
}

// Every case of the person with its history (Cases::list gives cases without it).
std::vector<Case> cases_of(store::Session& s, const std::string& id) {
    CaseFilter filter;
    filter.customer = id;
    filter.limit = 10000;
    const Cases cases(s);
    auto out = cases.list(filter);
    if (out.size() == filter.limit)
        throw Conflict("customer " + id + " has " + std::to_string(filter.limit) +
                       " cases or more, more than a subject export can list");
    for (auto& c : out) c = cases.get(c.id);
    return out;
}

}  // namespace

SubjectExport Privacy::subject_export(std::string_view ref, const std::filesystem::path& dir) const {
    auto& s = session();
    s.require_admin("export a person's data");
    store::ReadScope read(s);
    const Customer customer = Customers(s).get(ref);
    const std::string id = customer.id.to_string();

    SubjectExport result;
    nlohmann::json doc = nlohmann::json::object();
    doc["customer"] = to_json(customer);
    doc["interactions"] = nlohmann::json::array();
    InteractionFilter of_person;
    of_person.customer = id;
    for (PageRequest page{10000, {}};;) {
        const auto p = Interactions(s).list(of_person, page);
        for (const auto& i : p.items) doc["interactions"].push_back(to_json(i));
        if (p.next_cursor.empty()) break;
        page.after = p.next_cursor;
    }
    result.interactions = static_cast<std::int64_t>(doc["interactions"].size());
    const auto points = PointsLedger(s).history(id);
    doc["points"] = nlohmann::json::array();
    for (const auto& e : points) doc["points"].push_back(to_json(e));
    result.points_entries = static_cast<std::int64_t>(points.size());
    const Loyalty loyalty(s);
    doc["points_lots"] = nlohmann::json::array();
    for (const auto& l : loyalty.lots(id)) doc["points_lots"].push_back(to_json(l));
    doc["levels"] = nlohmann::json::array();
    for (const auto& c : loyalty.level_history(id)) doc["levels"].push_back(to_json(c));
    result.level_changes = static_cast<std::int64_t>(doc["levels"].size());
    const auto reminders = Reminders(s).of_customer(id);
    doc["reminders"] = nlohmann::json::array();
    for (const auto& r : reminders) doc["reminders"].push_back(to_json(r));
    result.reminders = static_cast<std::int64_t>(reminders.size());
    const auto cases = cases_of(s, id);
    const auto now = now_utc();
    doc["cases"] = nlohmann::json::array();
    for (const auto& c : cases) doc["cases"].push_back(to_json(c, now));
    result.cases = static_cast<std::int64_t>(cases.size());
    MergeFilter merges_of;
    merges_of.customer = id;
    merges_of.limit = 10000;
    const auto merges = Merges(s).history(merges_of);
    doc["merges"] = nlohmann::json::array();
    for (const auto& m : merges) doc["merges"].push_back(to_json(m));
    result.merges = static_cast<std::int64_t>(merges.size());
    AuditFilter about;
    about.customer = id;
    about.limit = 10000;
    doc["audit"] = nlohmann::json::array();
    for (const auto& e : Audit(s).list(about)) doc["audit"].push_back(to_json(e));

    std::string profile = "\xEF\xBB\xBF";  // Excel reads the UTF-8 of a BOM-marked file as UTF-8
    csv_row(profile, {"field", "value"});
    for (const auto& [key, value] : doc["customer"].items())
        if (!(value.is_array() && value.empty()) && !(value.is_object() && value.empty()))
            csv_row(profile, {key, cell(value)});
    std::string ledger = "\xEF\xBB\xBF";
    csv_row(ledger, {"id", "kind", "points", "reason", "reference", "at", "created_by"});
    for (const auto& e : points)
        csv_row(ledger, {std::to_string(e.id), to_string(e.kind), std::to_string(e.points), e.reason, e.reference,
                         e.at ? format_timestamp(*e.at) : "", e.created_by});
    std::string reminders_csv = "\xEF\xBB\xBF";
    csv_row(reminders_csv, {"id", "kind", "occasion", "due_on", "status", "reason", "note", "channel", "created_at"});
    for (const auto& r : reminders)
        csv_row(reminders_csv, {std::to_string(r.id), to_string(r.kind), r.occasion, format_date(r.due_on),
                                to_string(r.status), r.reason, r.note, r.channel, format_timestamp(r.created_at)});
    std::string cases_csv = "\xEF\xBB\xBF";
    csv_row(cases_csv, {"case", "type", "status", "priority", "subject", "event_at", "event", "from", "to", "note",
                        "by"});
    for (const auto& c : cases)
        for (const auto& e : c.history)
            csv_row(cases_csv, {std::to_string(c.id), to_string(c.type), c.status, to_string(c.priority), c.subject,
                                format_timestamp(e.at), e.action, e.from, e.to, e.note, e.user});
    std::ostringstream interactions_csv;
    ExportOptions options;
    options.interactions.customer = id;
    Exporter(s).interactions(interactions_csv, options);

    // Nothing is overwritten: a request's files are evidence of what was handed out.
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw StorageError("cannot create '" + dir.string() + "': " + ec.message());
    const std::pair<const char*, std::string> outputs[] = {
        {"subject.json", doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"},
        {"profile.csv", profile},
        {"interactions.csv", interactions_csv.str()},
        {"points.csv", ledger},
        {"reminders.csv", reminders_csv},
        {"cases.csv", cases_csv}};
    for (const auto& [name, _] : outputs)
        if (std::filesystem::exists(dir / name))
            throw Conflict("'" + (dir / name).string() + "' already exists; export into an empty directory");
    // Each file whole or not at all (files::OutputFile); a failure takes back those written.
    try {
        for (const auto& [name, text] : outputs) {
            files::OutputFile out(dir / name, s.path);
            out.stream() << text;
            out.commit();
            result.files.push_back(dir / name);
        }
    } catch (...) {
        for (const auto& written : result.files) std::filesystem::remove(written, ec);
        throw;
    }
    // Written when the read ends (store::audit_read).
    store::audit_read(s, {"privacy.subject_export", customer.id, dir.string(), {}});
    return result;
}

}  // namespace clientele
