// clientele._core — the core's cell rules (clientele/cells.hpp) over Python values, and the
// core's own name tables as constants, so python/clientele retypes neither.
#include <cstdint>
#include <span>
#include <string_view>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "clientele/analytics.hpp"
#include "clientele/cells.hpp"
#include "clientele/error.hpp"
#include "clientele/merge.hpp"
#include "clientele/points.hpp"
#include "csv/writer.hpp"
#include "json/record_keys.hpp"

namespace py = pybind11;

namespace clientele::python {
namespace {

RecordType record_type(const std::string& type) {
    if (type == "customers") return RecordType::customers;
    if (type == "interactions") return RecordType::interactions;
    throw InvalidInput("type", "'" + type + "' is not customers or interactions");
}

CellRules cell_rules(const std::string& time_zone, const std::string& time_unit, const std::string& date_order,
                     const std::string& date_format = "") {
    CellRules rules;
    rules.date_format = date_format;
    rules.time_zone = time_zone;
    rules.time_unit = parse_time_unit(time_unit);
    rules.date_order = parse_date_order(date_order);
    return rules;
}

/// Reads each text of `cells` (a sequence of str) with `read`, into an int64 array; an
/// InvalidInput names the 1-based row.
template <class Read>
py::array_t<std::int64_t> read_column(const std::vector<std::string>& cells, Read&& read) {
    py::array_t<std::int64_t> out(static_cast<py::ssize_t>(cells.size()));
    auto* dst = out.mutable_data();
    py::gil_scoped_release unlocked;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        try {
            dst[i] = read(cells[i]);
        } catch (const InvalidInput& e) {
            throw InvalidInput(e.field(), e.reason(), e.source(), static_cast<std::int64_t>(i) + 1);
        }
    }
    return out;
}

template <class Enum, std::size_t N>
std::vector<std::string> names_of(const Enum (&values)[N]) {
    std::vector<std::string> out;
    for (auto v : values) out.emplace_back(to_string(v));
    return out;
}

}  // namespace

void bind_cells(py::module_& m) {
    m.def("canonical_column", [](const std::string& header, const std::string& type) {
        return canonical_column(header, record_type(type));
    }, py::arg("header"), py::arg("type") = "customers",
       "The field a column header names, as export writes it (\"姓名\" -> \"display_name\"); \"\" for none.");
    m.def("parse_timestamps", [](const std::vector<std::string>& cells, const std::string& field,
                                 const std::string& time_zone, const std::string& time_unit,
                                 const std::string& date_order, const std::string& date_format) {
        const CellParser parse(cell_rules(time_zone, time_unit, date_order, date_format));
        return read_column(cells, [&](const std::string& c) {
            return parse.timestamp(c, field).time_since_epoch().count();
        });
    }, py::arg("cells"), py::arg("field"), py::arg("time_zone") = "UTC", py::arg("time_unit") = "",
       py::arg("date_order") = "", py::arg("date_format") = "", "Unix seconds of time cells (text), by clientele::CellParser::timestamp.");
    m.def("parse_dates", [](const std::vector<std::string>& cells, const std::string& field,
                            const std::string& date_order) {
        const CellParser parse(cell_rules("UTC", "", date_order));
        return read_column(cells, [&](const std::string& c) { return to_days(parse.date(c, field)); });
    }, py::arg("cells"), py::arg("field"), py::arg("date_order") = "",
       "Days since 1970-01-01 of date cells (text), by clientele::CellParser::date.");
    m.def("parse_amounts", [](const std::vector<std::string>& cells, const std::string& field,
                              const std::string& currency) {
        const CellParser parse;
        return read_column(cells, [&](const std::string& c) { return parse.amount(c, currency, field); });
    }, py::arg("cells"), py::arg("field"), py::arg("currency") = "",
       "Minor units of amount cells (text), by clientele::CellParser::amount.");

    m.def("check_time_numbers", [](const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& numbers,
                                   const std::string& time_unit, const std::string& field) {
        const TimeUnit unit = parse_time_unit(time_unit);
        py::gil_scoped_release unlocked;
        check_time_numbers({numbers.data(), static_cast<std::size_t>(numbers.size())}, unit, field);
    }, py::arg("numbers"), py::arg("time_unit"), py::arg("field"),
       "Checks times given as numbers (a typed column) by clientele::check_time_numbers: a unit is "
       "required, no number is negative or after 9999; InvalidInputError naming field and 1-based row.");
    m.def("amounts_from_floats", [](const py::array_t<double, py::array::c_style | py::array::forcecast>& values,
                                    const std::string& currency, const std::string& field) {
        py::array_t<std::int64_t> out(values.size());
        const std::span<const double> in{values.data(), static_cast<std::size_t>(values.size())};
        const std::span<std::int64_t> dst{out.mutable_data(), static_cast<std::size_t>(out.size())};
        {
            py::gil_scoped_release unlocked;
            amounts_from_floats(in, currency, field, dst);
        }
        return out;
    }, py::arg("values"), py::arg("currency"), py::arg("field"),
       "Minor units of float amounts by clientele::amounts_from_floats: the nearest minor unit within "
       "float representation error, real extra decimals refused (1-based row).");
    m.def("currency_decimals", [](const std::string& currency) { return currency_decimals(currency); },
          py::arg("currency"), "Digits after the decimal point of an ISO 4217 currency (2 when empty).");

    // The core's name tables.
    py::dict units;  // name -> units per second
    for (auto u : {TimeUnit::seconds, TimeUnit::milliseconds, TimeUnit::microseconds, TimeUnit::nanoseconds})
        units[py::str(std::string(to_string(u)))] = units_per_second(u);
    m.attr("time_units") = units;
    m.attr("date_orders") = names_of({DateOrder::iso, DateOrder::day_first, DateOrder::month_first});
    m.attr("merge_rules") = names_of({MergeRule::verified, MergeRule::most_recent, MergeRule::most_complete,
                                      MergeRule::survivor, MergeRule::combine});
    m.attr("merge_rule_fields") = merge_rule_fields();
    m.attr("customer_json_keys") = customer_json_keys();
    // The other records' keys, in their table order (json/record_keys.hpp).
    py::dict record_keys;
    const auto keys = [](std::span<const std::string_view> s) {
        py::list out;
        for (auto k : s) out.append(py::str(std::string(k)));
        return out;
    };
    record_keys["interaction"] = keys(interaction_json_keys());
    record_keys["points"] = keys(points_entry_json_keys());
    record_keys["user"] = keys(user_json_keys());
    record_keys["audit"] = keys(audit_entry_json_keys());
    record_keys["reminder"] = keys(reminder_json_keys());
    record_keys["case"] = keys(case_json_keys());
    m.attr("record_json_keys") = record_keys;
    m.attr("points_kinds") = names_of({PointsKind::earn, PointsKind::redeem, PointsKind::expire, PointsKind::adjust});
    m.attr("value_tiers") = names_of({ValueTier::low, ValueTier::medium, ValueTier::high});
    // The error codes by name: clientele.ErrorCode is a Python enum (for typing and
    // pickling), checked against this table.
    py::dict codes;
    for (int c = static_cast<int>(ErrorCode::ok); c <= static_cast<int>(ErrorCode::internal); ++c)
        codes[py::str(error_code_name(static_cast<ErrorCode>(c)))] = c;
    m.attr("error_codes") = codes;
    // One CSV row by the CLI's writer (quoting, formula guard): `python -m clientele rfm`
    // writes the same bytes as `clientele rfm`.
    m.def("_csv_row", [](const std::vector<std::string>& fields) {
        std::string out;
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i) out.push_back(',');
            csv::append_field(out, fields[i]);
        }
        return out;
    }, py::arg("fields"));
}

}  // namespace clientele::python
