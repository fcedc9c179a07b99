// clientele._core — the dedupe engine's options from the keyword arguments every binding
// that runs the matcher takes (clientele.dedupe, Database.deduplicate).
#pragma once

#include <string>

#include <clientele/dedupe.hpp>

namespace clientele::python {

/// The options of a matcher run: phone region, join and review thresholds, threads (0 = all).
DedupeOptions make_options(const std::string& region, double threshold, double review_threshold, unsigned threads);

}  // namespace clientele::python
