#include "transactions_csv.hpp"

#include <algorithm>
#include <charconv>
#include <exception>
#include <initializer_list>
#include <fstream>
#include <istream>
#include <streambuf>
#include <thread>
#include <numeric>
#include <optional>
#include <string_view>

#include <clientele/cells.hpp>
#include <clientele/error.hpp>
#include <clientele/time.hpp>

#include "command_line.hpp"
#include "csv/reader.hpp"

namespace clientele::cli {

namespace {

/// A column the analytics commands read: its --map name and the field it is
/// (clientele::canonical_column), so "date", "时间" or "金额" are read as import reads them.
struct Wanted {
    const char* name;
    const char* field;
};
constexpr Wanted kCustomerId{"customer_id", "customer_id"}, kTimestamp{"timestamp", "occurred_at"},
    kAmount{"amount", "amount"}, kKnownCustomerId{"customer_id", "external_id"};

/// The position of each wanted column in the header; InvalidInput naming the file when one
/// is missing or two columns name the same field.
std::vector<std::size_t> header_positions(csv::Reader& in, std::initializer_list<Wanted> wanted, const ColumnMap& map,
                                          RecordType type) {
    if (!in.next()) throw InvalidInput("header", "the file is empty", in.name(), 1);
    const auto line = static_cast<std::int64_t>(in.line());
    std::vector<std::size_t> at;
    for (const auto& w : wanted) {
        auto renamed = map.find(w.name);
        std::size_t found = in.size();
        for (std::size_t i = 0; i < in.size(); ++i) {
            const bool match = renamed != map.end() ? in[i] == renamed->second : canonical_column(in[i], type) == w.field;
            if (!match) continue;
            if (found != in.size())
                throw InvalidInput(std::string(in[i]), "feeds the same field as column '" + std::string(in[found]) + "'",
                                   in.name(), line);
            found = i;
        }
        if (found == in.size())
            throw InvalidInput(renamed != map.end() ? renamed->second : w.name, "no such column in the header",
                               in.name(), line);
        at.push_back(found);
    }
    return at;
}

/// Interns customer ids: one key per distinct id, in order of first appearance. The ids
/// live in one arena and an open-addressing table of their indexes finds them by hash, so
/// a row costs one hash and (nearly always) one probe, and no allocation.
class IdInterner {
public:
    IdInterner() : table_(std::size_t{1} << 16, 0) {}

    std::int64_t key(std::string_view id) {
        const std::uint64_t h = hash(id);
        const std::uint64_t mask = table_.size() - 1;
        for (std::uint64_t at = h & mask;; at = (at + 1) & mask) {
            const std::uint32_t slot = table_[at];
            if (slot == 0) {
                table_[at] = add(id, h);
                if (hashes_.size() * 2 > table_.size()) grow();
                return static_cast<std::int64_t>(hashes_.size() - 1);
            }
            if (hashes_[slot - 1] == h && this->id(slot - 1) == id) return slot - 1;
        }
    }
    /// The ids sorted by bytes, and each first-appearance key's position among them.
    std::vector<std::int64_t> sort(std::vector<std::string>& sorted) const {
        std::vector<std::uint32_t> order(hashes_.size());
        std::iota(order.begin(), order.end(), 0u);
        std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return id(a) < id(b); });
        std::vector<std::int64_t> position(order.size());
        sorted.clear();
        sorted.reserve(order.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            position[order[i]] = static_cast<std::int64_t>(i);
            sorted.emplace_back(id(order[i]));
        }
        return position;
    }

private:
    static std::uint64_t hash(std::string_view s) noexcept {
        std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ s.size();  // FNV-1a steps, then a 64-bit mix
        for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdULL;
        return h ^ (h >> 33);
    }
    std::string_view id(std::uint32_t i) const noexcept {
        return {arena_.data() + starts_[i], starts_[i + 1] - starts_[i]};
    }
    std::uint32_t add(std::string_view id, std::uint64_t h) {
        if (starts_.empty()) starts_.push_back(0);
        arena_.append(id);
        starts_.push_back(arena_.size());
        hashes_.push_back(h);
        return static_cast<std::uint32_t>(hashes_.size());
    }
    void grow() {
        std::vector<std::uint32_t> bigger(table_.size() * 2, 0);
        const std::uint64_t mask = bigger.size() - 1;
        for (std::uint32_t i = 0; i < hashes_.size(); ++i) {
            std::uint64_t at = hashes_[i] & mask;
            while (bigger[at] != 0) at = (at + 1) & mask;
            bigger[at] = i + 1;
        }
        table_.swap(bigger);
    }

    std::string arena_;
    std::vector<std::size_t> starts_;
    std::vector<std::uint64_t> hashes_;
    std::vector<std::uint32_t> table_;  ///< index + 1; 0 = empty
};

/// `text` as an integer when it is one written plainly (what std::to_string gives back).
std::optional<std::int64_t> plain_integer(std::string_view text) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    std::size_t digits = text.size() - (text[0] == '-');
    if ((text.size() > digits && v == 0) || (digits > 1 && text[text.size() - digits] == '0')) return std::nullopt;
    return v;
}

/// Keys for customer ids, integers while every id is one, interned text from the first id
/// that is not (the keys given so far, in `rows`, are converted then).
class CustomerKeys {
public:
    explicit CustomerKeys(std::vector<std::vector<std::int64_t>*> rows) : rows_(std::move(rows)) {}
    /// Continues from ids read before (whose keys are in the rows already).
    void seed(const CustomerIds& ids) {
        if (ids.numeric) return;
        numeric_ = false;
        for (const auto& id : ids.ids) interner_.key(id);  // same keys: the sorted order
    }
    std::int64_t key(std::string_view id) {
        if (numeric_) {
            if (auto v = plain_integer(id)) return *v;
            numeric_ = false;
            for (auto* keys : rows_)
                for (auto& k : *keys) k = interner_.key(std::to_string(k));
        }
        return interner_.key(id);
    }
    void finish(CustomerIds& out) {
        out.numeric = numeric_;
        if (numeric_) return;
        auto position = interner_.sort(out.ids);
        for (auto* keys : rows_)
            for (auto& k : *keys) k = position[static_cast<std::size_t>(k)];
    }

private:
    std::vector<std::vector<std::int64_t>*> rows_;
    bool numeric_ = true;
    IdInterner interner_;
};

/// Rethrows an InvalidInput from a field parser with the file and line it came from.
template <class Parse>
auto at_row(const csv::Reader& in, const char* field, Parse&& parse) {
    try {
        return parse();
    } catch (const InvalidInput& e) {
        throw InvalidInput(field, e.reason(), in.name(), static_cast<std::int64_t>(in.line()));
    }
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

namespace {

/// Bytes [begin, end) of a file as a stream buffer, so a part of a CSV can be read by its
/// own Reader.
class FileRange : public std::streambuf {
public:
    FileRange(const std::filesystem::path& path, std::uint64_t begin, std::uint64_t end)
        : file_(path, std::ios::binary), left_(end - begin), buf_(std::size_t{1} << 20) {
        file_.seekg(static_cast<std::streamoff>(begin));
        if (!file_) throw StorageError("cannot read '" + path.string() + "'");
    }

protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        if (left_ == 0) return traits_type::eof();
        file_.read(buf_.data(), static_cast<std::streamsize>(std::min<std::uint64_t>(left_, buf_.size())));
        auto got = file_.gcount();
        if (got <= 0) return traits_type::eof();
        left_ -= static_cast<std::uint64_t>(got);
        setg(buf_.data(), buf_.data(), buf_.data() + got);
        return traits_type::to_int_type(*gptr());
    }

private:
    std::ifstream file_;
    std::uint64_t left_;
    std::vector<char> buf_;
};

/// Where to cut a CSV in two at a record boundary near its middle, and how many lines come
/// before the cut. A line end is a record boundary when the quotes before it are even in
/// number (RFC 4180 escapes a quote as two, and neither '"' nor '\n' occurs inside a
/// UTF-8 or GB18030 multi-byte character). {0, 0} when there is none.
std::pair<std::uint64_t, std::uint64_t> middle_record_boundary(const std::filesystem::path& path,
                                                               std::uint64_t size) {
    std::ifstream in(path, std::ios::binary);
    std::vector<char> buf(std::size_t{1} << 20);
    const std::uint64_t middle = size / 2;
    std::uint64_t pos = 0, quotes = 0, lines = 0;
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0) break;
        std::size_t i = 0;
        if (pos + got <= middle) {  // before the middle: just count
            quotes += static_cast<std::uint64_t>(std::count(buf.data(), buf.data() + got, '"'));
            lines += static_cast<std::uint64_t>(std::count(buf.data(), buf.data() + got, '\n'));
            pos += got;
            continue;
        }
        for (; i < got; ++i) {
            char c = buf[i];
            if (c == '"') ++quotes;
            if (c != '\n') continue;
            ++lines;
            if (pos + i >= middle && quotes % 2 == 0) return {pos + i + 1, lines};
        }
        pos += got;
    }
    return {0, 0};
}

/// The rows of one part of a transactions CSV.
struct Part {
    std::vector<std::int64_t> customer, timestamp, amount;
    CustomerIds ids;
};

void read_rows(csv::Reader& in, const std::vector<std::size_t>& at, const CellParser& cell, Part& part,
               std::uint64_t bytes) {
    const std::size_t need = *std::max_element(at.begin(), at.end()) + 1;
    // A row is at least ~16 bytes ("7,1700000000,1\n"): room for every row up front, so the
    // columns are not copied as they grow (page faults and copies were a tenth of a 10M-row
    // run). Only address space: pages are touched as rows arrive. Capped for huge files,
    // which then grow as usual.
    const auto rows = static_cast<std::size_t>(std::min<std::uint64_t>(bytes / 16, std::uint64_t{64} << 20));
    for (auto* column : {&part.customer, &part.timestamp, &part.amount}) column->reserve(rows);
    CustomerKeys keys({&part.customer});
    while (in.next()) {
        if (in.size() < need)
            throw InvalidInput("row", "has " + std::to_string(in.size()) + " fields, the header more", in.name(),
                               static_cast<std::int64_t>(in.line()));
        std::string_view id = in[at[0]];
        if (id.empty()) throw InvalidInput("customer_id", "is empty", in.name(), static_cast<std::int64_t>(in.line()));
        part.customer.push_back(keys.key(id));
        part.timestamp.push_back(at_row(in, "timestamp", [&] {
            return cell.timestamp(in[at[1]], "timestamp").time_since_epoch().count();
        }));
        // Two decimals whatever the currency: the results are written in hundredths.
        part.amount.push_back(at_row(in, "amount", [&] { return cell.amount(in[at[2]], "", "amount"); }));
    }
    keys.finish(part.ids);
}

/// Below this a file is read on one thread.
constexpr std::uint64_t kSplitBytes = std::uint64_t{32} << 20;

}  // namespace

TransactionsCsv read_transactions_csv(const std::filesystem::path& file, const ColumnMap& map,
                                      const CellRules& rules) {
    const CellParser cell(rules);
    auto in = csv::Reader::open(file);
    auto at = header_positions(in, {kCustomerId, kTimestamp, kAmount}, map, RecordType::interactions);
    std::error_code ec;
    const std::uint64_t size = std::filesystem::file_size(file, ec);
    auto [cut, lines_before] = !ec && size >= kSplitBytes && std::thread::hardware_concurrency() > 1
                                   ? middle_record_boundary(file, size)
                                   : std::pair<std::uint64_t, std::uint64_t>{0, 0};
    TransactionsCsv t;
    if (cut == 0) {  // one part
        Part whole;
        read_rows(in, at, cell, whole, ec ? 0 : size);
        t.customer = std::move(whole.customer);
        t.timestamp = std::move(whole.timestamp);
        t.amount = std::move(whole.amount);
        t.customers = std::move(whole.ids);
        return t;
    }
    // Two parts on two threads: the first reader stops at the cut, a second one starts
    // there (same encoding, no header; its line numbers shifted by the lines before).
    Part first, second;
    std::exception_ptr second_error;
    {
        FileRange tail(file, cut, size);
        std::istream tail_stream(&tail);
        csv::Options options;
        options.encoding = in.encoding();
        csv::Reader rest(tail_stream, in.name(), options);
        std::jthread worker([&] {
            try {
                read_rows(rest, at, cell, second, size - cut);
            } catch (const InvalidInput& e) {
                second_error = std::make_exception_ptr(InvalidInput(
                    e.field(), e.reason(), e.source(), e.row() + static_cast<std::int64_t>(lines_before)));
            } catch (...) {
                second_error = std::current_exception();
            }
        });
        FileRange head(file, 0, cut);
        std::istream head_stream(&head);
        csv::Reader first_reader(head_stream, in.name(), options);
        first_reader.next();  // the header, checked above
        read_rows(first_reader, at, cell, first, cut);
    }
    if (second_error) std::rethrow_exception(second_error);

    // One key space for both parts: integers stay integers; otherwise ids are interned.
    if (first.ids.numeric && second.ids.numeric) {
        t.customer = std::move(first.customer);
        t.customer.insert(t.customer.end(), second.customer.begin(), second.customer.end());
    } else {
        t.customer.reserve(first.customer.size() + second.customer.size());
        CustomerKeys keys({&t.customer});
        for (Part* p : {&first, &second})
            for (auto k : p->customer)
                t.customer.push_back(p->ids.numeric ? keys.key(std::to_string(k))
                                                    : keys.key(p->ids.ids[static_cast<std::size_t>(k)]));
        keys.finish(t.customers);
    }
    t.timestamp = std::move(first.timestamp);
    t.timestamp.insert(t.timestamp.end(), second.timestamp.begin(), second.timestamp.end());
    t.amount = std::move(first.amount);
    t.amount.insert(t.amount.end(), second.amount.begin(), second.amount.end());
    return t;
}

std::vector<std::int64_t> read_customers_csv(const std::filesystem::path& file, const ColumnMap& map,
                                             TransactionsCsv& t) {
    auto in = csv::Reader::open(file);
    auto at = header_positions(in, {kKnownCustomerId}, map, RecordType::customers);
    std::vector<std::int64_t> known;
    CustomerKeys keys({&t.customer, &known});
    keys.seed(t.customers);
    while (in.next()) {
        if (in.size() <= at[0] || in[at[0]].empty())
            throw InvalidInput("customer_id", "is empty", in.name(), static_cast<std::int64_t>(in.line()));
        known.push_back(keys.key(in[at[0]]));
    }
    keys.finish(t.customers);
    return known;
}

}  // namespace clientele::cli
