// clientele._core — deduplication over named columns (clientele.dedupe, explain_pair).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <clientele/dedupe.hpp>

#include "dedupe_options.hpp"

namespace py = pybind11;

namespace clientele::python {

DedupeOptions make_options(const std::string& region, double threshold, double review_threshold, unsigned threads) {
    DedupeOptions o;
    o.default_region = region;
    o.threshold = threshold;
    o.review_threshold = review_threshold;
    o.threads = threads;
    return o;
}

namespace {

// A numpy array owning `v`'s buffer (no copy): its base is a capsule that frees it.
template <class T>
py::array_t<T> to_numpy(std::vector<T>&& v) {
    auto* owned = new std::vector<T>(std::move(v));  // handed to the capsule at once
    py::capsule free_it(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
    return py::array_t<T>({owned->size()}, {sizeof(T)}, owned->data(), free_it);
}

}  // namespace

void bind_dedupe(py::module_& m) {
    m.def(
        "dedupe_columns",
        [](const std::vector<std::string>& names, const std::vector<std::vector<std::string>>& columns,
           const std::string& region, double threshold, double review_threshold, unsigned threads) {
            DedupeResult r;
            {
                py::gil_scoped_release release;
                r = dedupe(match_records_from_columns(names, columns),
                           make_options(region, threshold, review_threshold, threads));
            }
            std::vector<std::uint32_t> a, b;
            std::vector<float> p;
            for (const ScoredPair& s : r.pairs) a.push_back(s.a), b.push_back(s.b), p.push_back(s.probability);
            return py::make_tuple(to_numpy(std::move(r.cluster)), to_numpy(std::move(a)), to_numpy(std::move(b)),
                                  to_numpy(std::move(p)));
        },
        py::arg("names"), py::arg("columns"), py::arg("region") = "CN", py::arg("threshold") = 0.9,
        py::arg("review_threshold") = 0.5, py::arg("threads") = 0,
        "Cluster ids per row, and the scored pairs (a, b, probability) at or above review_threshold.");
    m.def(
        "explain_columns",
        [](const std::vector<std::string>& names, const std::vector<std::vector<std::string>>& columns, std::size_t a,
           std::size_t b, const std::string& region) {
            PairExplanation e;
            {
                py::gil_scoped_release release;
                Deduplicator d(match_records_from_columns(names, columns), make_options(region, 0.9, 0.5, 0));
                e = d.explain(a, b);
            }
            py::list fields;
            for (const FieldContribution& f : e.fields)
                fields.append(py::dict(py::arg("field") = f.field, py::arg("level") = f.level,
                                       py::arg("weight") = f.weight));
            return py::dict(py::arg("a") = e.a, py::arg("b") = e.b, py::arg("prior_weight") = e.prior_weight,
                            py::arg("weight") = e.weight, py::arg("probability") = e.probability,
                            py::arg("fields") = fields);
        },
        py::arg("names"), py::arg("columns"), py::arg("a"), py::arg("b"), py::arg("region") = "CN",
        "Per-field weights of rows a and b (0-based).");
}

}  // namespace clientele::python
