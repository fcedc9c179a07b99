// clientele._core — merging duplicate customers and undoing it (docs/merge.md).
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "json/json.hpp"
#include "clientele/merge.hpp"

#include "convert.hpp"
#include "dedupe_options.hpp"
#include "shared_database.hpp"

namespace clientele::python {

namespace {

MergeOptions merge_options(bool dry_run, py::handle rules) {
    MergeOptions options;
    options.dry_run = dry_run;
    if (!rules.is_none()) options.rules = merge_rules_from_json(from_python(rules, "rules"));
    return options;
}

}  // namespace

void bind_merge(py::module_& m) {
    auto cls = py::reinterpret_borrow<py::class_<SharedDatabase>>(m.attr("Database"));
    cls.def("merge", [](SharedDatabase& self, const std::vector<std::string>& ids, const std::string& survivor,
                        bool dry_run, py::handle rules) {
           const MergeOptions options = merge_options(dry_run, rules);
           return to_python(self.run([&](Database& db) { return clientele::to_json(db.merges().merge(survivor, ids, options)); }));
       }, py::arg("ids"), py::arg("survivor") = "", py::arg("dry_run") = false, py::arg("rules") = py::none())
        .def("unmerge", [](SharedDatabase& self, const std::string& ref) {
            return to_python(self.run([&](Database& db) { return clientele::to_json(db.merges().unmerge(ref)); }));
        }, py::arg("ref"))
        .def("merges", [](SharedDatabase& self, py::handle filter) {
            nlohmann::json f = filter.is_none() ? nlohmann::json::object() : from_python(filter, "filter");
            MergeFilter mf = merge_filter_from_json(f);
            return to_python(self.run([&](Database& db) {
                nlohmann::json out = nlohmann::json::array();
                for (const auto& r : db.merges().history(mf)) out.push_back(clientele::to_json(r));
                return out;
            }));
        }, py::arg("filter") = py::none())
        .def("merge_clusters", [](SharedDatabase& self, py::handle clusters, double threshold, bool dry_run,
                                  py::handle rules) {
            std::vector<MergeCluster> in = merge_clusters_from_json(from_python(clusters, "clusters"));
            const MergeOptions options = merge_options(dry_run, rules);
            return to_python(self.run([&](Database& db) {
                nlohmann::json out = nlohmann::json::array();
                for (const auto& o : db.merges().apply(in, threshold, options)) out.push_back(clientele::to_json(o));
                return out;
            }));
        }, py::arg("clusters"), py::arg("threshold"), py::arg("dry_run") = false, py::arg("rules") = py::none())
        .def("deduplicate", [](SharedDatabase& self, const std::string& region, double threshold,
                               double review_threshold, unsigned threads, bool dry_run, py::handle rules) {
            DeduplicateOptions options;
            options.matcher = make_options(region, threshold, review_threshold, threads);
            options.merge = merge_options(dry_run, rules);
            return to_python(self.run([&](Database& db) { return clientele::to_json(db.merges().deduplicate(options)); }));
        }, py::arg("region") = "CN", py::arg("threshold") = 0.9, py::arg("review_threshold") = 0.5,
           py::arg("threads") = 0, py::arg("dry_run") = false, py::arg("rules") = py::none());
}

}  // namespace clientele::python
