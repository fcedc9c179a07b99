// The per-insert duplicate check: candidates from the store's own indexes (normalized email,
// E.164 phone, the matcher's blocking keys), scored by the dedupe engine. See docs/dedupe.md.
#include <algorithm>
#include <unordered_map>

#include "clientele/database.hpp"
#include "dedupe/store_matcher.hpp"
#include "customers/customer_census.hpp"
#include "customers/customer_rows.hpp"
#include "dedupe/store_keys.hpp"
#include "store/session.hpp"
#include "normalize/validate.hpp"

namespace clientele {

namespace {

// A key shared by more customers than this is too common to say anything (a common name
// alone): it is not counted, and the rarer keys of the same customer (name and birthday,
// name and postcode, street) find the true matches. The batch matcher cuts such blocks the
// same way (dedupe/blocking.hpp).
constexpr std::size_t kMaxKeyBlock = 16;

// Internal ids of active customers this user sees that share a contact or a blocking key
// with `c`, most likely first, at most `limit`. The evidence for a customer is a shared
// email or phone (outweighing any number of keys), then the sum over shared keys of
// 1 / (customers sharing the key): a birthday and postcode shared with one customer says
// more than a name shared with fifteen.
std::vector<std::int64_t> candidate_ids(store::Session& impl, const Customer& c, std::size_t limit) {
    std::unordered_map<std::int64_t, double> evidence;
    constexpr double kContact = 1000;
    for (const Email& e : c.emails)
        for (auto id : store::customers_with_contact(impl, store::ContactGroup::emails, e.normalized))
            evidence[id] += kContact;
    for (const Phone& p : c.phones)
        for (auto id : store::customers_with_contact(impl, store::ContactGroup::phones, p.e164)) evidence[id] += kContact;

    std::vector<std::int64_t> block;
    store::flush_match_keys(impl);  // customers created earlier in this transaction count too
    for (auto key : store::match_keys(impl, c)) {
        block.clear();
        auto q = impl.conn.query("SELECT customer_id FROM customer_match_keys WHERE key = ? LIMIT ?");
        q->bind(1, static_cast<std::int64_t>(key)).bind(2, static_cast<std::int64_t>(kMaxKeyBlock + 1));
        while (q->step()) block.push_back(q->integer(0));
        if (block.size() > kMaxKeyBlock) continue;
        for (auto id : block) evidence[id] += 1.0 / static_cast<double>(block.size());
    }
    std::vector<std::pair<double, std::int64_t>> ranked;
    for (const auto& [id, e] : evidence) ranked.emplace_back(e, id);
    std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) {
        return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    // Merged customers and those this user may not see are passed over.
    std::vector<std::int64_t> out;
    for (const auto& r : ranked) {
        if (out.size() >= limit) break;
        if (store::active_and_visible(impl, r.second)) out.push_back(r.second);
    }
    return out;
}

// The engine's explanation of records 0 and 1..n-1 under its fixed model.
std::vector<PairExplanation> score_against_first(store::Session& impl, const std::vector<MatchRecord>& records) {
    return impl.matcher().explain_first(records, impl.default_region);
}

}  // namespace

std::vector<DuplicateMatch> Duplicates::find(const Customer& candidate,
                                                      const FindDuplicatesOptions& options) const {
    if (!(options.threshold >= 0 && options.threshold <= 1))
        throw InvalidInput("threshold", "must be between 0 and 1");
    if (options.candidates < 1 || options.candidates > 1000)
        throw InvalidInput("candidates", std::to_string(options.candidates) + " is outside 1..1000");
    auto& impl = session();
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

PairExplanation Duplicates::explain(std::string_view a, std::string_view b) const {
    auto& impl = session();
    store::ReadScope read(impl);
    Customer ca = store::load_customer(impl, impl.customer_id(a));
    Customer cb = store::load_customer(impl, impl.customer_id(b));
    PairExplanation e = score_against_first(impl, {match_record(ca), match_record(cb)}).front();
    e.a = 0;
    e.b = 1;
    return e;
}

std::vector<MatchRecord> Duplicates::records() const {
    Customers customers(session());
    store::ReadScope read(session());
    std::vector<MatchRecord> out;
    PageRequest page{10000, {}};
    CustomerFilter active;
    active.status = CustomerStatus::active;
    for (;;) {
        CustomerPage p = customers.list(active, page);
        for (const Customer& c : p.items) out.push_back(match_record(c));
        if (p.next_cursor.empty()) break;
        page.after = p.next_cursor;
    }
    return out;
}

}  // namespace clientele
