#include "transactions_csv.hpp"

#include <algorithm>
#include <charconv>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include <clientele/error.hpp>
#include <clientele/time.hpp>

#include "command_line.hpp"
#include "csv/reader.hpp"
#include "money/money.hpp"

namespace clientele::cli {

namespace {

/// The position of each wanted column in the header; InvalidInput naming the file when one
/// is missing.
std::vector<std::size_t> header_positions(csv::Reader& in, const std::vector<std::string>& wanted,
                                          const ColumnMap& map) {
    if (!in.next()) throw InvalidInput("header", "the file is empty", in.name(), 1);
    std::vector<std::size_t> at;
    for (const auto& name : wanted) {
        auto renamed = map.find(name);
        const std::string& column = renamed != map.end() ? renamed->second : name;
        std::size_t i = 0;
        while (i < in.size() && in[i] != column) ++i;
        if (i == in.size())
            throw InvalidInput(column, "no such column in the header", in.name(), static_cast<std::int64_t>(in.line()));
        at.push_back(i);
    }
    return at;
}

/// Interns customer ids: one key per distinct id, in order of first appearance.
class IdInterner {
public:
    std::int64_t key(std::string_view id) {
        auto [it, added] = index_.try_emplace(std::string(id), static_cast<std::int64_t>(ids_.size()));
        if (added) ids_.push_back(&it->first);
        return it->second;
    }
    std::int64_t find(std::string_view id) const {
        auto it = index_.find(std::string(id));
        return it == index_.end() ? -1 : it->second;
    }
    /// The ids sorted by bytes, and each first-appearance key's position among them.
    std::vector<std::int64_t> sort(std::vector<std::string>& sorted) const {
        std::vector<std::int64_t> order(ids_.size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) { return *ids_[a] < *ids_[b]; });
        std::vector<std::int64_t> position(ids_.size());
        sorted.clear();
        sorted.reserve(ids_.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            position[order[i]] = static_cast<std::int64_t>(i);
            sorted.push_back(*ids_[order[i]]);
        }
        return position;
    }

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, std::int64_t, Hash, std::equal_to<>> index_;
    std::vector<const std::string*> ids_;
};

/// A timestamp field: Unix seconds as digits, or ISO 8601 text (clientele::parse_timestamp).
std::int64_t parse_time(std::string_view text) {
    std::int64_t seconds = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec == std::errc() && end == text.data() + text.size()) return seconds;
    return parse_timestamp(text, "timestamp").time_since_epoch().count();
}

/// Rethrows an InvalidInput from a field parser with the file and line it came from.
template <class Parse>
auto at_row(const csv::Reader& in, const char* field, Parse&& parse) {
    try {
        return parse();
    } catch (const InvalidInput& e) {
        throw InvalidInput(field, e.reason(), in.name(), static_cast<std::int64_t>(in.line()));
    }
}

void remap(std::vector<std::int64_t>& keys, const std::vector<std::int64_t>& position) {
    for (auto& k : keys) k = position[static_cast<std::size_t>(k)];
}

}  // namespace

ColumnMap parse_column_map(const std::vector<std::string>& items) {
    ColumnMap map;
    for (const auto& item : items) {
        auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
            throw UsageError("--map wants NAME=COLUMN (e.g. customer_id=member_no), got '" + item + "'");
        map[item.substr(0, eq)] = item.substr(eq + 1);
    }
    return map;
}

TransactionsCsv read_transactions_csv(const std::filesystem::path& file, const ColumnMap& map) {
    auto in = csv::Reader::open(file);
    auto at = header_positions(in, {"customer_id", "timestamp", "amount"}, map);
    const std::size_t need = *std::max_element(at.begin(), at.end()) + 1;
    TransactionsCsv t;
    IdInterner ids;
    while (in.next()) {
        if (in.size() < need)
            throw InvalidInput("row", "has " + std::to_string(in.size()) + " fields, the header more", in.name(),
                               static_cast<std::int64_t>(in.line()));
        std::string_view id = in[at[0]];
        if (id.empty()) throw InvalidInput("customer_id", "is empty", in.name(), static_cast<std::int64_t>(in.line()));
        t.customer.push_back(ids.key(id));
        t.timestamp.push_back(at_row(in, "timestamp", [&] { return parse_time(in[at[1]]); }));
        t.amount.push_back(at_row(in, "amount", [&] { return money::parse_decimal(in[at[2]], 2, "amount"); }));
    }
    remap(t.customer, ids.sort(t.customers.ids));
    return t;
}

std::vector<std::int64_t> read_customers_csv(const std::filesystem::path& file, const ColumnMap& map,
                                             TransactionsCsv& t) {
    auto in = csv::Reader::open(file);
    auto at = header_positions(in, {"customer_id"}, map);
    // Rebuild the interner from the (sorted) ids, add the new ones, and sort again.
    IdInterner ids;
    for (const auto& id : t.customers.ids) ids.key(id);
    std::vector<std::int64_t> known;
    while (in.next()) {
        if (in.size() <= at[0] || in[at[0]].empty())
            throw InvalidInput("customer_id", "is empty", in.name(), static_cast<std::int64_t>(in.line()));
        known.push_back(ids.key(in[at[0]]));
    }
    std::vector<std::string> sorted;
    auto position = ids.sort(sorted);
    remap(t.customer, position);
    remap(known, position);
    t.customers.ids = std::move(sorted);
    return known;
}

}  // namespace clientele::cli
