// The per-insert duplicate check: candidates from the store's own indexes (normalized email,
// E.164 phone, the full-text name index), scored by the dedupe engine. See docs/dedupe.md.
#include <set>

#include "clientele/store.hpp"
#include "dedupe/access.hpp"
#include "store/customer_rows.hpp"
#include "store/impl.hpp"
#include "store/search_text.hpp"
#include "store/validate.hpp"

namespace clientele {

namespace {

bool ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
}

// The name as a full-text query: Han family and given names run together ("张伟" is one
// phrase of bigrams; "张 伟" would match any customer with both characters anywhere).
std::string name_query(const Customer& c) {
    if (c.family_name.empty() && c.given_name.empty()) return c.display_name;
    if (c.family_name.empty() || c.given_name.empty()) return c.family_name + c.given_name;
    bool han = !ascii(c.family_name) && !ascii(c.given_name);
    return c.family_name + (han ? "" : " ") + c.given_name;
}

// Internal ids of active customers this user sees, in the order the indexes give them, at
// most `limit`.
std::vector<std::int64_t> candidate_ids(Database::Impl& impl, const Customer& c, std::size_t limit) {
    std::vector<std::int64_t> out;
    std::set<std::int64_t> seen;
    auto collect = [&](const std::string& sql, const std::string& value) {
        if (out.size() >= limit || value.empty()) return;
        auto q = impl.conn.query(sql + " AND c.status = 'active' AND " + impl.visible + " LIMIT ?");
        q->bind(1, value).bind(2, static_cast<std::int64_t>(limit - out.size()));
        while (q->step())
            if (seen.insert(q->integer(0)).second) out.push_back(q->integer(0));
        q->reset();
    };
    // Contacts first: a shared address or number is the strongest evidence and the rarest.
    for (const Email& e : c.emails)
        collect("SELECT DISTINCT c.id FROM customer_emails e JOIN customers c ON c.id = e.customer_id "
                "WHERE e.normalized = ?", e.normalized);
    for (const Phone& p : c.phones)
        collect("SELECT DISTINCT c.id FROM customer_phones p JOIN customers c ON c.id = p.customer_id "
                "WHERE p.e164 = ?", p.e164);
    // CROSS JOIN keeps the full-text match as the outer loop: given the choice, SQLite
    // walked every active customer and probed the index for each (minutes at 1M).
    collect("SELECT c.id FROM customer_search s CROSS JOIN customers c ON c.id = s.rowid WHERE customer_search MATCH ?",
            store::search_expression(name_query(c)));
    return out;
}

// The engine's explanation of records 0 and 1..n-1 under its fixed model.
std::vector<PairExplanation> score_against_first(Database::Impl& impl, std::vector<MatchRecord> records) {
    DedupeOptions o;
    o.default_region = impl.default_region;
    o.threads = 1;
    if (!impl.romanizer) impl.romanizer = std::make_unique<matching::Romanizer>();
    Deduplicator d = DeduplicatorAccess::with_romanizer(std::move(records), o, *impl.romanizer);
    d.use_fixed_model();
    std::vector<PairExplanation> out;
    for (std::size_t i = 1; i < d.size(); ++i) out.push_back(d.explain(0, i));
    return out;
}

}  // namespace

std::vector<DuplicateMatch> Database::find_duplicates(const Customer& candidate,
                                                      const FindDuplicatesOptions& options) const {
    if (!(options.threshold >= 0 && options.threshold <= 1))
        throw InvalidInput("threshold", "must be between 0 and 1");
    if (options.candidates < 1 || options.candidates > 1000)
        throw InvalidInput("candidates", std::to_string(options.candidates) + " is outside 1..1000");
    auto& impl = *impl_;
    Customer c = candidate;
    store::prepare_customer(c, impl.default_region);
    store::ReadScope read(impl);
    std::vector<Customer> found;
    for (auto id : candidate_ids(impl, c, options.candidates)) found.push_back(store::load_customer(impl, id));
    if (found.empty()) return {};

    std::vector<MatchRecord> records{match_record(c)};
    for (const Customer& f : found) records.push_back(match_record(f));
    std::vector<PairExplanation> scores = score_against_first(impl, std::move(records));
    std::vector<DuplicateMatch> out;
    for (std::size_t i = 0; i < found.size(); ++i) {
        PairExplanation& e = scores[i];
        if (e.probability < options.threshold) continue;
        out.push_back({found[i].id.to_string(), e.probability, found[i].display_name, e.weight, std::move(e.fields)});
    }
    std::stable_sort(out.begin(), out.end(), [](const DuplicateMatch& x, const DuplicateMatch& y) { return x.score > y.score; });
    return out;
}

PairExplanation Database::explain(std::string_view a, std::string_view b) const {
    auto& impl = *impl_;
    store::ReadScope read(impl);
    Customer ca = store::load_customer(impl, impl.customer_id(a));
    Customer cb = store::load_customer(impl, impl.customer_id(b));
    PairExplanation e = score_against_first(impl, {match_record(ca), match_record(cb)}).front();
    e.a = 0;
    e.b = 1;
    return e;
}

}  // namespace clientele
