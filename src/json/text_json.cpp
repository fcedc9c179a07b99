// The public JSON-text form (clientele/json.hpp): each function is the document form of
// json/json.hpp plus one parse or one dump, so the two forms cannot drift apart.
#include "clientele/json.hpp"

#include "json/json.hpp"

namespace clientele {

namespace {

template <typename T>
std::string dump(const T& value) {
    return to_json(value).dump();
}

}  // namespace

std::string to_json_text(const Customer& c) { return dump(c); }
std::string to_json_text(const Interaction& i) { return dump(i); }
std::string to_json_text(const User& u) { return dump(u); }
std::string to_json_text(const CustomerPage& p) { return dump(p); }
std::string to_json_text(const InteractionPage& p) { return dump(p); }
std::string to_json_text(const StoreStats& s) { return dump(s); }
std::string to_json_text(const TagCount& t) { return dump(t); }
std::string to_json_text(const ImportReport& r) { return dump(r); }
std::string to_json_text(const PointsEntry& e) { return dump(e); }
std::string to_json_text(const MergeResult& r) { return dump(r); }
std::string to_json_text(const MergeRecord& r) { return dump(r); }
std::string to_json_text(const MovedRecord& m) { return dump(m); }
std::string to_json_text(const ClusterOutcome& o) { return dump(o); }
std::string to_json_text(const DeduplicateResult& r) { return dump(r); }
std::string to_json_text(const DuplicateMatch& m) { return dump(m); }
std::string to_json_text(const PairExplanation& e) { return dump(e); }

Customer customer_from_json_text(std::string_view text, std::string_view source, std::int64_t row) {
    return customer_from_json(parse_json(text, source), source, row);
}
Interaction interaction_from_json_text(std::string_view text, std::string_view source, std::int64_t row) {
    return interaction_from_json(parse_json(text, source), source, row);
}
User user_from_json_text(std::string_view text, std::string_view source) {
    return user_from_json(parse_json(text, source), source);
}
CustomerFilter customer_filter_from_json_text(std::string_view text) {
    return customer_filter_from_json(parse_json(text, "filter"));
}
InteractionFilter interaction_filter_from_json_text(std::string_view text) {
    return interaction_filter_from_json(parse_json(text, "filter"));
}
PointsEntry points_entry_from_json_text(std::string_view text, std::string_view source, std::int64_t row) {
    return points_entry_from_json(parse_json(text, source), source, row);
}
PointsFilter points_filter_from_json_text(std::string_view text) {
    return points_filter_from_json(parse_json(text, "filter"));
}
std::map<std::string, MergeRule> merge_rules_from_json_text(std::string_view text) {
    return merge_rules_from_json(parse_json(text, "rules"));
}
MergeFilter merge_filter_from_json_text(std::string_view text) { return merge_filter_from_json(parse_json(text, "filter")); }
std::vector<MergeCluster> merge_clusters_from_json_text(std::string_view text) {
    return merge_clusters_from_json(parse_json(text, "clusters"));
}
std::vector<SegmentRule> segment_rules_from_json_text(std::string_view text) {
    return segment_rules_from_json(parse_json(text, "segments"));
}

}  // namespace clientele
