// clientele._core — the pybind11 module under the `clientele` Python package.
//
// A thin layer: records cross as Python dicts converted to and from the JSON form of the
// model (convert.hpp), every store call runs with the GIL released, and clientele::Error
// becomes the matching clientele.Error subclass (errors.hpp). The friendly Python API
// (keyword filters, pages, DataFrames, context managers) lives in python/clientele/.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "clientele/analytics.hpp"
#include "clientele/error.hpp"
#include "json/json.hpp"
#include "clientele/normalize.hpp"
#include "clientele/database.hpp"
#include "clientele/version.hpp"

#include "analytics_columns.hpp"
#include "convert.hpp"
#include "errors.hpp"
#include "import_export.hpp"
#include "shared_database.hpp"

namespace py = pybind11;
using nlohmann::json;

namespace clientele::python {

// analytics.cpp
void bind_analytics(py::module_& m);
void bind_clv(py::module_& m);

namespace {

// Error messages and InvalidInput sources: records handed over from Python have no file
// name, so the source stays empty and the message starts with the field (or the row).
constexpr std::string_view kSource = "";

json require_dict(py::handle value, const char* what) {
    if (!PyDict_Check(value.ptr()))
        throw py::type_error(std::string(what) + " must be a dict, not " +
                             Py_TYPE(value.ptr())->tp_name);
    return from_python(value);
}

json optional_dict(py::handle value, const char* what) {
    if (value.is_none()) return json::object();
    return require_dict(value, what);
}

std::vector<json> require_dicts(py::handle values, const char* what) {
    std::vector<json> out;
    if (PyDict_Check(values.ptr()) || PyUnicode_Check(values.ptr()))
        throw py::type_error(std::string("expected an iterable of ") + what + "s");
    if (py::hasattr(values, "__len__")) out.reserve(py::len(values));
    for (py::handle item : py::iter(values)) out.push_back(require_dict(item, what));
    return out;
}

PageRequest page_request(std::int64_t limit, const std::string& after) {
    if (limit < 1) throw InvalidInput("limit", "must be at least 1");
    PageRequest page;
    page.limit = static_cast<std::size_t>(limit);
    page.after = after;
    return page;
}

py::list to_python_list(const std::vector<json>& values) {
    py::list out(values.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i), to_python(values[i]).release().ptr());
    return out;
}

template <class T>
std::vector<json> to_json_list(const std::vector<T>& values) {
    std::vector<json> out;
    out.reserve(values.size());
    for (const auto& v : values) out.push_back(clientele::to_json(v));
    return out;
}

py::object cursor_or_none(const std::string& cursor) {
    if (cursor.empty()) return py::none();
    return py::str(cursor);
}

// Re-raises `error` (from the record at 1-based `row` of a bulk call) with the row named.
[[noreturn]] void rethrow_with_row(const Error& error, std::int64_t row) {
    if (const auto* invalid = dynamic_cast<const InvalidInput*>(&error)) {
        if (invalid->row() > 0) throw;
        throw InvalidInput(invalid->field(), invalid->reason(), invalid->source(), row);
    }
    const std::string message = "row " + std::to_string(row) + ": " + error.what();
    switch (error.code()) {
        case ErrorCode::not_found: throw NotFound(message);
        case ErrorCode::conflict: throw Conflict(message);
        case ErrorCode::permission_denied: throw PermissionDenied(message);
        case ErrorCode::storage: throw StorageError(message);
        case ErrorCode::corrupt_data: throw CorruptData(message);
        case ErrorCode::cancelled: throw Cancelled(message);
        case ErrorCode::unsupported: throw Unsupported(message);
        default: throw Error(error.code(), message);
    }
}

void bind_database(py::module_& m) {
    py::class_<SharedDatabase>(m, "Database",
                               "One connection to a clientele store, opened as one user.")
        .def(py::init([](const std::filesystem::path& path, std::string user, bool create,
                         bool read_only, std::string password, std::string new_password,
                         bool trusted_host, bool os_user, std::string passphrase, std::string key) {
                 OpenOptions options;
                 options.encryption.passphrase = std::move(passphrase);
                 options.encryption.key = std::move(key);
                 options.user = std::move(user);
                 options.create = create;
                 options.read_only = read_only;
                 options.password = std::move(password);
                 options.new_password = std::move(new_password);
                 options.trusted_host = trusted_host;
                 options.os_user = os_user;
                 options.layer = "python";
                 std::unique_ptr<Database> db;
                 {
                     py::gil_scoped_release no_gil;
                     db = std::make_unique<Database>(path, options);
                 }
                 return std::make_unique<SharedDatabase>(std::move(db));
             }),
             py::arg("path"), py::arg("user") = "admin", py::kw_only(),
             py::arg("create") = false, py::arg("read_only") = false, py::arg("password") = "",
             py::arg("new_password") = "", py::arg("trusted_host") = false, py::arg("os_user") = false,
             py::arg("passphrase") = "", py::arg("key") = "")
        .def("close", &SharedDatabase::close)

        // ---- authentication (docs/security.md) -------------------------------------------
        .def("change_password", [](SharedDatabase& self, const std::string& old_password,
                                   const std::string& new_password) {
            self.run([&](Database& db) { db.auth().change_password(old_password, new_password); });
        }, py::arg("old_password"), py::arg("new_password"))
        .def("reset_password", [](SharedDatabase& self, const std::string& username,
                                  const std::string& new_password) {
            self.run([&](Database& db) { db.auth().reset_password(username, new_password); });
        }, py::arg("username"), py::arg("new_password"))
        .def("require_auth", [](SharedDatabase& self, bool on) {
            self.run([&](Database& db) { db.auth().require(on); });
        }, py::arg("on"))
        .def("auth_log", [](SharedDatabase& self) {
            return to_python_list(self.run([](Database& db) { return to_json_list(db.auth().log()); }));
        })
        .def_property_readonly("closed", &SharedDatabase::closed)
        .def_property_readonly("user", [](SharedDatabase& self) {
            return to_python(self.run([](Database& db) { return clientele::to_json(db.user()); }));
        })
        .def_property_readonly("path", [](SharedDatabase& self) {
            return self.run([](Database& db) { return db.path(); });
        })

        // ---- transactions ---------------------------------------------------------------
        .def("begin", &SharedDatabase::begin)
        .def("commit", &SharedDatabase::commit)
        .def("rollback", &SharedDatabase::rollback)
        .def_property_readonly("in_transaction", &SharedDatabase::in_transaction)

        // ---- customers ------------------------------------------------------------------
        .def("create_customer", [](SharedDatabase& self, py::handle record) {
            json in = require_dict(record, "a customer");
            return to_python(self.run([&](Database& db) {
                return clientele::to_json(db.customers().create(customer_from_json(in, kSource)));
            }));
        }, py::arg("customer"))
        .def("create_customers", [](SharedDatabase& self, py::handle records) {
            std::vector<json> in = require_dicts(records, "a customer");
            std::vector<json> out = self.run([&](Database& db) {
                std::vector<json> created;
                created.reserve(in.size());
                self.atomically(db, [&] {
                    for (std::size_t i = 0; i < in.size(); ++i) {
                        const auto row = static_cast<std::int64_t>(i + 1);
                        try {
                            created.push_back(clientele::to_json(
                                db.customers().create(customer_from_json(in[i], kSource, row))));
                        } catch (const Error& e) {
                            rethrow_with_row(e, row);
                        }
                    }
                });
                return created;
            });
            return to_python_list(out);
        }, py::arg("customers"))
        .def("get_customer", [](SharedDatabase& self, const std::string& ref) {
            return to_python(self.run([&](Database& db) {
                return clientele::to_json(db.customers().get(ref));
            }));
        }, py::arg("ref"))
        .def("find_customer", [](SharedDatabase& self, const std::string& ref) {
            std::optional<json> found = self.run([&](Database& db) -> std::optional<json> {
                auto c = db.customers().find(ref);
                if (!c) return std::nullopt;
                return clientele::to_json(*c);
            });
            return found ? to_python(*found) : py::none();
        }, py::arg("ref"))
        .def("update_customer", [](SharedDatabase& self, const std::string& ref,
                                   py::handle patch, std::int64_t expected_version) {
            json in = require_dict(patch, "a patch");
            return to_python(self.run([&](Database& db) {
                return clientele::to_json(db.customers().update(ref, in.dump(), expected_version));
            }));
        }, py::arg("ref"), py::arg("patch"), py::arg("expected_version"))
        .def("save_customer", [](SharedDatabase& self, py::handle record) {
            json in = require_dict(record, "a customer");
            return to_python(self.run([&](Database& db) {
                return clientele::to_json(db.customers().save(customer_from_json(in, kSource)));
            }));
        }, py::arg("customer"))
        .def("archive_customer", [](SharedDatabase& self, const std::string& ref) {
            return to_python(self.run([&](Database& db) {
                return clientele::to_json(db.customers().archive(ref));
            }));
        }, py::arg("ref"))
        .def("delete_customer", [](SharedDatabase& self, const std::string& ref) {
            self.run([&](Database& db) { db.customers().remove(ref); });
        }, py::arg("ref"))
        .def("find_by_email", [](SharedDatabase& self, const std::string& email) {
            return to_python_list(self.run([&](Database& db) {
                return to_json_list(db.customers().find_by_email(email));
            }));
        }, py::arg("email"))
        .def("find_by_phone", [](SharedDatabase& self, const std::string& phone) {
            return to_python_list(self.run([&](Database& db) {
                return to_json_list(db.customers().find_by_phone(phone));
            }));
        }, py::arg("phone"))
        .def("search_customers", [](SharedDatabase& self, const std::string& query,
                                    std::int64_t limit) {
            if (limit < 1) throw InvalidInput("limit", "must be at least 1");
            return to_python_list(self.run([&](Database& db) {
                return to_json_list(db.customers().search(query, static_cast<std::size_t>(limit)));
            }));
        }, py::arg("query"), py::arg("limit") = 50)
        .def("list_customers", [](SharedDatabase& self, py::handle filter, std::int64_t limit,
                                  const std::string& after) {
            json f = optional_dict(filter, "a filter");
            PageRequest page = page_request(limit, after);
            auto [items, cursor] = self.run([&](Database& db) {
                CustomerPage p = db.customers().list(customer_filter_from_json(f), page);
                return std::make_pair(to_json_list(p.items), std::move(p.next_cursor));
            });
            return py::make_tuple(to_python_list(items), cursor_or_none(cursor));
        }, py::arg("filter") = py::none(), py::arg("limit") = 100, py::arg("after") = "")
        .def("count_customers", [](SharedDatabase& self, py::handle filter) {
            json f = optional_dict(filter, "a filter");
            return self.run([&](Database& db) {
                return db.customers().count(customer_filter_from_json(f));
            });
        }, py::arg("filter") = py::none())

        // ---- tags -----------------------------------------------------------------------
        .def("add_tags", [](SharedDatabase& self, const std::string& ref,
                            const std::vector<std::string>& tags) {
            return self.run([&](Database& db) { return db.customers().add_tags(ref, tags); });
        }, py::arg("ref"), py::arg("tags"))
        .def("remove_tags", [](SharedDatabase& self, const std::string& ref,
                               const std::vector<std::string>& tags) {
            return self.run([&](Database& db) { return db.customers().remove_tags(ref, tags); });
        }, py::arg("ref"), py::arg("tags"))
        .def("tags", [](SharedDatabase& self, const std::string& ref) {
            return self.run([&](Database& db) { return db.customers().tags(ref); });
        }, py::arg("ref"))
        .def("all_tags", [](SharedDatabase& self) {
            auto counts = self.run([](Database& db) { return db.customers().all_tags(); });
            py::list out;
            for (const auto& c : counts) out.append(py::make_tuple(c.tag, c.customers));
            return out;
        })

        // ---- interactions ---------------------------------------------------------------
        .def("add_interaction", [](SharedDatabase& self, py::handle record) {
            json in = require_dict(record, "an interaction");
            return to_python(self.run([&](Database& db) {
                return clientele::to_json(db.interactions().add(interaction_from_json(in, kSource)));
            }));
        }, py::arg("interaction"))
        .def("add_interactions", [](SharedDatabase& self, py::handle records) {
            std::vector<json> in = require_dicts(records, "an interaction");
            std::vector<json> out = self.run([&](Database& db) {
                std::vector<json> added;
                added.reserve(in.size());
                self.atomically(db, [&] {
                    for (std::size_t i = 0; i < in.size(); ++i) {
                        const auto row = static_cast<std::int64_t>(i + 1);
                        try {
                            added.push_back(clientele::to_json(db.interactions().add(
                                interaction_from_json(in[i], kSource, row))));
                        } catch (const Error& e) {
                            rethrow_with_row(e, row);
                        }
                    }
                });
                return added;
            });
            return to_python_list(out);
        }, py::arg("interactions"))
        .def("get_interaction", [](SharedDatabase& self, const std::string& ref) {
            return to_python(self.run([&](Database& db) {
                return clientele::to_json(db.interactions().get(ref));
            }));
        }, py::arg("ref"))
        .def("list_interactions", [](SharedDatabase& self, py::handle filter,
                                     std::int64_t limit, const std::string& after) {
            json f = optional_dict(filter, "a filter");
            PageRequest page = page_request(limit, after);
            auto [items, cursor] = self.run([&](Database& db) {
                InteractionPage p = db.interactions().list(interaction_filter_from_json(f), page);
                return std::make_pair(to_json_list(p.items), std::move(p.next_cursor));
            });
            return py::make_tuple(to_python_list(items), cursor_or_none(cursor));
        }, py::arg("filter") = py::none(), py::arg("limit") = 100, py::arg("after") = "")
        .def("count_interactions", [](SharedDatabase& self, py::handle filter) {
            json f = optional_dict(filter, "a filter");
            return self.run([&](Database& db) {
                return db.interactions().count(interaction_filter_from_json(f));
            });
        }, py::arg("filter") = py::none())

        // ---- users ----------------------------------------------------------------------
        .def("add_user", [](SharedDatabase& self, py::handle record) {
            json in = require_dict(record, "a user");
            return to_python(self.run([&](Database& db) {
                return clientele::to_json(db.users().add(user_from_json(in, kSource)));
            }));
        }, py::arg("user"))
        .def("update_user", [](SharedDatabase& self, const std::string& username,
                               py::handle patch) {
            json in = require_dict(patch, "a patch");
            return to_python(self.run([&](Database& db) {
                return clientele::to_json(db.users().update(username, in.dump()));
            }));
        }, py::arg("username"), py::arg("patch"))
        .def("get_user", [](SharedDatabase& self, const std::string& username) {
            return to_python(self.run([&](Database& db) {
                return clientele::to_json(db.users().get(username));
            }));
        }, py::arg("username"))
        .def("list_users", [](SharedDatabase& self) {
            return to_python_list(self.run([](Database& db) {
                return to_json_list(db.users().list());
            }));
        })

        // ---- settings and statistics ----------------------------------------------------
        .def("setting", [](SharedDatabase& self, const std::string& key) {
            return self.run([&](Database& db) { return db.settings().get(key); });
        }, py::arg("key"))
        .def("set_setting", [](SharedDatabase& self, const std::string& key,
                               const std::string& value) {
            self.run([&](Database& db) { db.settings().set(key, value); });
        }, py::arg("key"), py::arg("value"))
        .def("check", [](SharedDatabase& self, bool quick) {
            return to_python(self.run([&](Database& db) { return clientele::to_json(db.checker().run({quick})); }));
        }, py::arg("quick"))
        .def("stats", [](SharedDatabase& self) {
            return to_python(self.run([](Database& db) { return clientele::to_json(db.stats()); }));
        })
        // Analytics: the core's columns as numpy arrays plus the customers' references.
        .def("analytics_currency", [](SharedDatabase& self, const std::string& currency) {
            return self.run([&](Database& db) { return db.analytics().currency(currency); });
        }, py::arg("currency"))
        .def("rfm", [](SharedDatabase& self, std::int64_t as_of, int bins, double high_tier, double medium_tier,
                       const std::string& currency, const std::optional<std::vector<SegmentTuple>>& segments) {
            const RfmOptions o = rfm_options(as_of, bins, high_tier, medium_tier, segments, 0);
            auto result = self.run([&](Database& db) { return db.analytics().rfm(o, currency); });
            auto cols = rfm_result_columns(std::move(result.scores));
            cols["customer"] = py::cast(result.customer);
            return cols;
        }, py::arg("as_of"), py::arg("bins"), py::arg("high_tier"), py::arg("medium_tier"), py::arg("currency"),
           py::arg("segments") = py::none())
        .def("clv", [](SharedDatabase& self, std::int64_t as_of, const std::string& period, double horizon,
                       double discount_rate, std::size_t min_repeat_customers, const std::string& currency) {
            const auto o = clv_score_options(as_of, period, horizon, discount_rate, min_repeat_customers, 0);
            auto result = self.run([&](Database& db) { return db.analytics().clv(o, currency); });
            auto cols = clv_score_columns(std::move(result.scores));
            cols["customer"] = py::cast(result.customer);
            return cols;
        }, py::arg("as_of"), py::arg("period"), py::arg("horizon"), py::arg("discount_rate"),
           py::arg("min_repeat_customers"), py::arg("currency"))
        .def("lifecycle", [](SharedDatabase& self, std::int64_t as_of, const std::string& currency,
                             const py::dict& options) {
            const LifecycleOptions o = lifecycle_options(as_of, options, 0);
            auto result = self.run([&](Database& db) { return db.analytics().lifecycle(o, currency); });
            auto cols = lifecycle_result_columns(std::move(result.stages));
            cols["customer"] = py::cast(result.customer);
            return cols;
        }, py::arg("as_of"), py::arg("currency"), py::arg("options") = py::dict());
}

}  // namespace

void bind_backup(py::module_& m);  // backup.cpp (after bind_database: adds Database.backup)
void bind_cells(py::module_& m);  // cells.cpp
void bind_dedupe(py::module_& m);  // dedupe.cpp
void bind_duplicates(py::module_& m);  // duplicates.cpp
void bind_points(py::module_& m);  // points.cpp
void bind_reminders(py::module_& m);  // reminders.cpp
void bind_loyalty(py::module_& m);  // loyalty.cpp
void bind_privacy(py::module_& m);  // privacy.cpp
void bind_audit(py::module_& m);    // audit.cpp
void bind_stages(py::module_& m);  // stages.cpp (after bind_database: adds Database methods)
void bind_cohorts(py::module_& m);  // cohorts.cpp (after bind_database: adds Database methods)
void bind_cases(py::module_& m);  // cases.cpp (after bind_database: adds Database methods)
void bind_report(py::module_& m);  // report.cpp (after bind_database: adds Database methods)
void add_text_signatures(py::module_& m);  // signatures.cpp (last: sees every function)

}  // namespace clientele::python

PYBIND11_MODULE(_core, m) {
    namespace cp = clientele::python;
    m.doc() = "clientele's C++ core (use the `clientele` package, not this module directly)";
    cp::init_converter();
    cp::register_error_translator();
    cp::bind_database(m);
    cp::bind_analytics(m);
    cp::bind_clv(m);
    cp::bind_import_export(m);
    cp::bind_merge(m);
    cp::bind_cells(m);
    cp::bind_dedupe(m);
    cp::bind_duplicates(m);
    cp::bind_points(m);
    cp::bind_reminders(m);
    cp::bind_loyalty(m);
    cp::bind_backup(m);
    cp::bind_privacy(m);
    cp::bind_audit(m);
    cp::bind_stages(m);
    cp::bind_cohorts(m);
    cp::bind_cases(m);
    cp::bind_report(m);

    m.def("normalize_email", [](const std::string& email) {
        return clientele::normalize_email(email);
    }, py::arg("email"), "The normalized (trimmed, case-folded) form of an email address.");
    m.def("normalize_phone", [](const std::string& phone, const std::string& default_region) {
        return clientele::normalize_phone(phone, default_region);
    }, py::arg("phone"), py::arg("default_region") = "CN",
       "The E.164 form of a phone number (\"+8613812345678\").");

    m.attr("__version__") = clientele::version();
    m.attr("schema_version") = clientele::schema_version();
    m.def("read_auth_policy", [](const std::filesystem::path& path, std::string passphrase, std::string key) {
        const clientele::EncryptionKey k{std::move(passphrase), std::move(key)};
        return clientele::python::to_python(clientele::to_json(clientele::read_auth_policy(path, k)));
    }, py::arg("path"), py::arg("passphrase") = "", py::arg("key") = "",
       "The credential policy of a database file, read without opening it as a user; an encrypted one "
       "needs its passphrase or key.");
    cp::add_text_signatures(m);
}
