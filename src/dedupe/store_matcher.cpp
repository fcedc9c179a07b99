#include "dedupe/store_matcher.hpp"

#include "dedupe/blocking.hpp"
#include "dedupe/explain.hpp"
#include "dedupe/model.hpp"
#include "dedupe/records.hpp"
#include "dedupe/romanizer.hpp"

namespace clientele::matching {

namespace {

PreparedRecords prepare_one_thread(const std::vector<MatchRecord>& records, std::string_view region, Romanizer& r) {
    DedupeOptions o;
    o.default_region = std::string(region);
    o.threads = 1;
    return prepare(records, o, 1, &r);
}

}  // namespace

StoreMatcher::StoreMatcher() = default;
StoreMatcher::~StoreMatcher() = default;

Romanizer& StoreMatcher::romanizer() {
    if (!romanizer_) romanizer_ = std::make_unique<Romanizer>();
    return *romanizer_;
}

std::vector<std::vector<std::uint64_t>> StoreMatcher::index_keys(const std::vector<MatchRecord>& records,
                                                                 std::string_view default_region) {
    PreparedRecords prep = prepare_one_thread(records, default_region, romanizer());
    std::vector<std::vector<std::uint64_t>> out(prep.size);
    for (std::size_t i = 0; i < prep.size; ++i) out[i] = matching::index_keys(prep, i);
    return out;
}

std::vector<PairExplanation> StoreMatcher::explain_first(const std::vector<MatchRecord>& records,
                                                         std::string_view default_region) {
    PreparedRecords prep = prepare_one_thread(records, default_region, romanizer());
    Model model;
    fixed_model(model);
    const NameFrequencies tf = no_name_frequencies(prep.size);
    const double threshold = DedupeOptions{}.threshold;
    std::vector<PairExplanation> out;
    for (std::size_t i = 1; i < prep.size; ++i) out.push_back(explain_pair(prep, model, tf, threshold, 0, i));
    return out;
}

}  // namespace clientele::matching
