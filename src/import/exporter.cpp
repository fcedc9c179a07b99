// Exporter::customers / interactions: every visible record, a page at a
// time (constant memory), as CSV with the column names import reads, or JSON Lines in
// the full JSON form.
#include <algorithm>
#include <optional>
#include <unordered_map>

#include "json/json.hpp"
#include "clientele/database.hpp"
#include "csv/reader.hpp"
#include "csv/writer.hpp"
#include "files/output_file.hpp"
#include "import/columns.hpp"
#include "model/customer_fields.hpp"
#include "money/money.hpp"
#include "customers/customer_census.hpp"
#include "customers/customer_rows.hpp"
#include "interactions/interaction_writes.hpp"
#include "store/audit_trail.hpp"
#include "store/session.hpp"

namespace clientele {

namespace {

constexpr std::size_t kPage = 2000;
constexpr std::size_t kFlushBytes = std::size_t{1} << 20;

// Buffers rows and hands them to the stream in large writes.
class Out {
public:
    Out(std::ostream& out, const ExportOptions& options) : out_(out), guard_(options.formula_guard) {
        buf_.reserve(kFlushBytes + 4096);
    }
    void field(std::string_view v) {
        if (!first_) buf_.push_back(',');
        first_ = false;
        csv::append_field(buf_, v, ',', guard_);
    }
    void end_row() {
        buf_.push_back('\n');
        first_ = true;
        if (buf_.size() >= kFlushBytes) flush();
    }
    void line(const nlohmann::json& j) {
        buf_ += j.dump();
        end_row();
    }
    void flush() {
        out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
        buf_.clear();
        if (!out_) throw StorageError("writing the export failed (disk full?)");
    }

private:
    std::ostream& out_;
    std::string buf_;
    bool guard_;
    bool first_ = true;
};

// A custom key as a CSV column. Keys whose every value is non-empty text are plain text
// columns (a spreadsheet's own custom columns stay as they were); any other value (a
// number, an object, true, null, "") makes the key a custom_json.KEY column of JSON text,
// so a fresh store reads back the same types.
struct CustomColumn {
    std::string key, header;
    bool json = false;
    std::string cell(const nlohmann::json& custom) const {
        auto it = custom.find(key);
        if (it == custom.end()) return {};
        return json ? it->dump() : it->get<std::string>();
    }
};

std::vector<CustomColumn> custom_columns(const std::vector<store::CustomKey>& keys, import::RecordType type) {
    std::vector<CustomColumn> out;
    for (const auto& k : keys) {
        CustomColumn c{k.key, {}, k.needs_json};
        if (c.json) c.header = "custom_json." + c.key;
        else c.header = import::is_field_name(c.key, type) ? "custom." + c.key : c.key;
        out.push_back(std::move(c));
    }
    return out;
}

// One contact group (emails, phones, addresses) of the CSV: how many numbered slots, and
// whether its label and primary columns are needed. They are written only when some
// record has a label, or a primary that is not its first item (the importer's default),
// so a plain customer list exports as plain columns.
struct Group {
    std::size_t slots = 1;
    bool labels = false, primary = false;
    explicit Group(const store::ContactShape& shape)
        : slots(shape.slots), labels(shape.labels), primary(shape.primary_not_first) {}

    void header(Out& out, std::initializer_list<import::Field> values, import::Field label, import::Field primary_flag) const {
        for (std::size_t k = 0; k < slots; ++k) {
            for (auto f : values) out.field(import::header_of(f, k));
            if (labels) out.field(import::header_of(label, k));
            if (primary) out.field(import::header_of(primary_flag, k));
        }
    }
    template <class Item, class Values>
    void row(Out& out, const std::vector<Item>& items, Values&& values) const {
        for (std::size_t k = 0; k < slots; ++k) {
            const Item* item = k < items.size() ? &items[k] : nullptr;
            values(item);
            if (labels) out.field(item ? std::string_view(item->label) : std::string_view());
            if (primary) out.field(item && item->primary ? import::kYes : "");
        }
    }
};

// The file appears whole when the export succeeds and is never the store itself.
template <class Fn>
std::int64_t to_file(const store::Session& impl, const std::filesystem::path& file, Fn&& fn) {
    files::OutputFile out(file, impl.path, "path");
    const auto n = fn(out.stream());
    out.commit();
    return n;
}

// With skip_damaged, records are read one at a time by internal id — ids(after, limit)
// gives a page of them, load(id) one record — and one that cannot be read is reported as
// `name(id)` and left out.
template <class Ids, class Load, class Name, class Row>
std::int64_t each_readable(const ExportOptions& options, Ids&& ids, Load&& load, Name&& name, Row&& row) {
    // The rescue path reads records one by one past the list queries, so it cannot apply a
    // filter; refusing keeps a consent-filtered export from silently growing.
    const CustomerFilter& c = options.customers;
    const InteractionFilter& i = options.interactions;
    if (!c.tag.empty() || !c.owner.empty() || c.kind || c.status || c.created_from || c.created_to || c.updated_from ||
        c.updated_to || c.consented || !i.customer.empty() || i.kind || i.from || i.to || !i.owner.empty())
        throw InvalidInput("skip_damaged", "an export that skips damaged records covers every visible record; "
                                           "it cannot take a filter (--purpose, consented)");
    std::int64_t n = 0;
    std::int64_t after = 0;
    for (;;) {
        const auto page = ids(after, kPage);
        for (auto id : page) {
            try {
                if (row(load(id))) ++n;
            } catch (const CorruptData& e) {
                if (options.damaged) options.damaged->push_back({name(id), e.what()});
            }
        }
        if (page.size() < kPage) return n;
        after = page.back();
    }
}

// Calls row(record) for every record of every page list_page(page) returns; the count of
// those it wrote (row returns whether it did).
template <class ListPage, class Row>
std::int64_t each_record(ListPage&& list_page, Row&& row) {
    std::int64_t n = 0;
    PageRequest page;
    page.limit = kPage;
    for (;;) {
        auto p = list_page(page);
        for (const auto& record : p.items)
            if (row(record)) ++n;
        if (p.next_cursor.empty()) return n;
        page.after = p.next_cursor;
    }
}

// Exports carry personal data out of the store: each is recorded, with its purpose when
// it is one (a marketing list of the customers who granted a channel).
void audit_export(store::Session& s, const char* records, std::int64_t n, const ExportOptions& options,
                  std::optional<ConsentChannel> consented) {
    nlohmann::json detail = {{"records", records}, {"count", n}, {"format", options.format == FileFormat::csv ? "csv" : "jsonl"}};
    if (consented) detail["purpose"] = {{"marketing", to_string(*consented)}};
    store::audit_read(s, {"export", std::nullopt, s.audit_source.active ? s.audit_source.file : std::string("(stream)"), detail});
}

/// The points balance of every visible customer with ledger entries, by UUID bytes: one
/// grouped read for the export rather than one per exported customer.
std::unordered_map<std::string, std::int64_t> points_balances(store::Session& impl) {
    std::unordered_map<std::string, std::int64_t> out;
    auto q = impl.conn.query("SELECT c.uuid, sum(p.points) FROM customer_points p JOIN customers c ON c.id = p.customer_id "
                             "WHERE " + impl.visible + " GROUP BY p.customer_id");
    while (q->step()) out.emplace(std::string(q->blob(0)), q->integer(1));
    return out;
}

}  // namespace

std::int64_t Exporter::customers(std::ostream& stream, const ExportOptions& options) const {
    using import::Field;
    auto& impl = session();
    store::ReadScope read(impl);
    Out out(stream, options);
    const auto balances = points_balances(impl);
    const auto balance_of = [&](const Customer& c) -> std::int64_t {
        const auto& b = c.id.bytes();
        const auto it = balances.find(std::string(reinterpret_cast<const char*>(b.data()), b.size()));
        return it == balances.end() ? 0 : it->second;
    };
    std::vector<CustomColumn> custom;
    std::optional<Group> emails, phones, addresses;
    std::vector<ConsentChannel> channels;
    if (options.format == FileFormat::csv) {
        // Every stored field but the store's own bookkeeping (updated_at, version, the
        // normalized email/phone forms): docs/import-export.md lists the columns.
        custom = custom_columns(store::customer_custom_keys(impl), import::RecordType::customers);
        emails.emplace(store::contact_shape(impl, store::ContactGroup::emails));
        phones.emplace(store::contact_shape(impl, store::ContactGroup::phones));
        addresses.emplace(store::contact_shape(impl, store::ContactGroup::addresses));
        channels = store::consent_channels_in_use(impl);
        for (const char* h : {"uuid", "external_id", "kind"}) out.field(h);
        for (const auto& f : fields::customer_text_fields()) out.field(f.name);
        emails->header(out, {Field::email}, Field::email_label, Field::email_primary);
        phones->header(out, {Field::phone}, Field::phone_label, Field::phone_primary);
        addresses->header(out, {Field::street, Field::city, Field::region, Field::postcode, Field::country},
                          Field::address_label, Field::address_primary);
        for (const char* h : {"birthday", "gender", "tags", "owner", "status", "created_at", "last_verified_at"})
            out.field(h);
        out.field(import::kPointsBalanceColumn);
        for (auto ch : channels)
            for (auto f : {Field::consent, Field::consent_at, Field::consent_method})
                out.field(import::header_of(f, static_cast<std::size_t>(ch)));
        for (const auto& c : custom) out.field(c.header);
        out.end_row();
    }
    const auto row = [&](const Customer& c) {
        // A merged customer is a shell kept for its lineage (its contacts, tags and
        // interactions are the survivor's now, docs/merge.md); it is not data to move, and a
        // fresh store could not create it.
        if (c.status == CustomerStatus::merged) return false;
        if (options.format == FileFormat::jsonl) {
            auto j = to_json(c);
            j[std::string(import::kPointsBalanceColumn)] = balance_of(c);
            out.line(j);
            return true;
        }
        out.field(c.id.to_string());
        out.field(c.external_id);
        out.field(to_string(c.kind));
        for (const auto& f : fields::customer_text_fields()) out.field(c.*f.member);
        emails->row(out, c.emails, [&](const Email* e) { out.field(e ? e->address : ""); });
        phones->row(out, c.phones, [&](const Phone* p) { out.field(p ? p->number : ""); });
        const Address none;
        addresses->row(out, c.addresses, [&](const Address* a) {
            const Address& x = a ? *a : none;
            for (const auto* v : {&x.street, &x.city, &x.region, &x.postcode, &x.country}) out.field(*v);
        });
        out.field(c.birthday ? format_date(*c.birthday) : "");
        out.field(c.gender == Gender::unspecified ? "" : to_string(c.gender));
        std::string tags;
        for (const auto& t : c.tags) tags += (tags.empty() ? "" : ";") + t;
        out.field(tags);
        out.field(c.owner);
        out.field(to_string(c.status));
        out.field(format_timestamp(c.created_at));
        out.field(c.last_verified_at ? format_timestamp(*c.last_verified_at) : "");
        out.field(std::to_string(balance_of(c)));
        for (auto ch : channels) {
            auto it = c.consent.find(ch);
            const bool on = it != c.consent.end();
            out.field(on ? to_string(it->second.status) : "");
            out.field(on && it->second.at ? format_timestamp(*it->second.at) : "");
            out.field(on ? it->second.method : "");
        }
        const auto fields = to_nlohmann(c.custom);
        for (const auto& col : custom) out.field(col.cell(fields));
        out.end_row();
        return true;
    };
    const auto n = options.skip_damaged
                       ? each_readable(options, [&](std::int64_t after, std::size_t limit) { return store::visible_customer_ids(impl, after, limit); },
                                       [&](std::int64_t id) { return store::load_customer(impl, id); },
                                       [&](std::int64_t id) { return store::describe_customer(impl, id); }, row)
                       : each_record([&](const PageRequest& page) { return Customers(impl).list(options.customers, page); }, row);
    out.flush();
    read.close();
    audit_export(impl, "customers", n, options, options.customers.consented);
    return n;
}

std::int64_t Exporter::interactions(std::ostream& stream, const ExportOptions& options) const {
    auto& impl = session();
    store::ReadScope read(impl);
    Out out(stream, options);
    std::vector<CustomColumn> custom;
    if (options.format == FileFormat::csv) {
        custom = custom_columns(store::interaction_custom_keys(impl), import::RecordType::interactions);
        for (const char* h : {"uuid", "external_id", "customer_id", "kind", "occurred_at", "amount", "currency", "channel",
                              "direction", "owner", "subject", "body", "csat", "nps", "complaint_status", "due_at"})
            out.field(h);
        for (const auto& c : custom) out.field(c.header);
        out.end_row();
    }
    const auto row = [&](const Interaction& i) {
        if (options.format == FileFormat::jsonl) {
            out.line(to_json(i));
            return true;
        }
        out.field(i.id.to_string());
        out.field(i.external_id);
        out.field(!i.customer_external_id.empty() ? i.customer_external_id : i.customer_id.to_string());
        out.field(to_string(i.kind));
        out.field(format_timestamp(i.occurred_at));
        std::string amount;
        if (i.amount_minor) {
            // Plain digits: the thousands commas of the display form would need quoting.
            amount = money::format_amount(*i.amount_minor, i.currency);
            std::erase(amount, ',');
        }
        out.field(amount);
        out.field(i.amount_minor ? i.currency : "");
        out.field(i.channel);
        out.field(i.direction == Direction::none ? "" : to_string(i.direction));
        out.field(i.owner);
        out.field(i.subject);
        out.field(i.body);
        out.field(i.csat ? std::to_string(*i.csat) : "");
        out.field(i.nps ? std::to_string(*i.nps) : "");
        out.field(i.complaint_status == ComplaintStatus::none ? "" : to_string(i.complaint_status));
        out.field(i.due_at ? format_timestamp(*i.due_at) : "");
        const auto fields = to_nlohmann(i.custom);
        for (const auto& col : custom) out.field(col.cell(fields));
        out.end_row();
        return true;
    };
    const auto n = options.skip_damaged
                       ? each_readable(options, [&](std::int64_t after, std::size_t limit) { return store::visible_interaction_ids(impl, after, limit); },
                                       [&](std::int64_t id) { return store::load_interaction(impl, id); },
                                       [](std::int64_t id) { return "interaction #" + std::to_string(id); }, row)
                       : each_record([&](const PageRequest& page) { return Interactions(impl).list(options.interactions, page); }, row);
    out.flush();
    read.close();
    audit_export(impl, "interactions", n, options, std::nullopt);
    return n;
}

std::int64_t Exporter::customers(const std::filesystem::path& file, const ExportOptions& options) const {
    store::AuditSource to(session(), file.string(), 0);
    return to_file(session(), file, [&](std::ostream& out) { return customers(out, options); });
}

std::int64_t Exporter::interactions(const std::filesystem::path& file, const ExportOptions& options) const {
    store::AuditSource to(session(), file.string(), 0);
    return to_file(session(), file, [&](std::ostream& out) { return interactions(out, options); });
}

// ---- names and messages -----------------------------------------------------------------

FileFormat parse_file_format(std::string_view name) {
    if (name == "csv") return FileFormat::csv;
    if (name == "jsonl" || name == "ndjson" || name == "json") return FileFormat::jsonl;
    throw InvalidInput("format", "'" + std::string(name) + "' is not csv or jsonl");
}

TextEncoding parse_text_encoding(std::string_view name) {
    switch (csv::parse_encoding(name)) {
        case csv::Encoding::utf8: return TextEncoding::utf8;
        case csv::Encoding::gb18030: return TextEncoding::gb18030;
        case csv::Encoding::automatic: break;
    }
    return TextEncoding::automatic;
}

UnknownColumns parse_unknown_columns(std::string_view name) {
    if (name == "custom") return UnknownColumns::custom;
    if (name == "ignore") return UnknownColumns::ignore;
    if (name == "error") return UnknownColumns::error;
    throw InvalidInput("unknown_columns", "'" + std::string(name) + "' is not custom, ignore or error");
}

std::string RowError::message() const {
    return InvalidInput(column, reason, file, line).what();
}

nlohmann::json to_json(const ImportReport& r) {
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& e : r.errors)
        errors.push_back({{"file", e.file}, {"line", e.line}, {"column", e.column}, {"value", e.value},
                          {"reason", e.reason}, {"message", e.message()}});
    return {{"committed", r.committed}, {"rows", r.rows}, {"created", r.created}, {"updated", r.updated},
            {"unchanged", r.unchanged}, {"rejected", r.rejected}, {"encoding", r.encoding}, {"errors", errors}};
}

}  // namespace clientele
