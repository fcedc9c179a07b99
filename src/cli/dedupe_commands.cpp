// clientele dedupe — find the rows of one real customer in a CSV file (docs/dedupe.md).
#include <iostream>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include <clientele/dedupe.hpp>
#include <clientele/error.hpp>
#include <clientele/merge.hpp>

#include "command_line.hpp"
#include "commands.hpp"
#include "files/output_file.hpp"
#include "render.hpp"

namespace clientele::cli {

namespace {

struct DedupeArgs {
    std::string file, db, out, review, region = "CN";
    bool apply = false;
    double threshold = DedupeOptions{}.threshold;
    double review_threshold = DedupeOptions{}.review_threshold;
    unsigned threads = 0;
    std::vector<std::string> explain;  // "ID_A,ID_B"
};

nlohmann::json to_json(const PairExplanation& e, const std::vector<std::string>& ids) {
    nlohmann::json fields = nlohmann::json::array();
    for (const FieldContribution& f : e.fields)
        fields.push_back({{"field", f.field}, {"level", f.level}, {"weight", f.weight}});
    return {{"a", ids[e.a]}, {"b", ids[e.b]}, {"prior_weight", e.prior_weight},
            {"weight", e.weight}, {"probability", e.probability}, {"fields", fields}};
}

std::size_t index_of(const std::vector<std::string>& ids, const std::string& id) {
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (ids[i] == id) return i;
    throw NotFound("no row with id '" + id + "'");
}

// RFC 4180: quote a value holding a delimiter, quote or line break.
void write_csv_value(std::ostream& os, const std::string& v) {
    if (v.find_first_of(",\"\r\n") == std::string::npos) {
        os << v;
        return;
    }
    os << '"';
    for (char c : v) {
        if (c == '"') os << '"';
        os << c;
    }
    os << '"';
}

// Every active customer the current user can see, as records to match (merged and
// archived ones are not candidates: merging them again would fail or revive them).
std::vector<MatchRecord> store_records(const std::string& path, const CommandLine& cl) {
    Database db = open_store(path, cl.global);
    std::vector<MatchRecord> out;
    PageRequest page{kAllPageSize, {}};
    CustomerFilter active;
    active.status = CustomerStatus::active;
    for (;;) {
        CustomerPage p = db.customers().list(active, page);
        for (const Customer& c : p.items) out.push_back(match_record(c));
        if (p.next_cursor.empty()) break;
        page.after = p.next_cursor;
    }
    return out;
}

// --apply: the clusters of more than one customer go to the store's merge_clusters, which
// merges those scoring at least the threshold (each in its own savepoint) and reports the
// rest.
nlohmann::json apply_clusters(const std::string& path, const CommandLine& cl, const std::vector<std::string>& ids,
                              const DedupeResult& r, double threshold) {
    std::vector<MergeCluster> clusters(r.clusters);
    for (std::size_t i = 0; i < ids.size(); ++i) clusters[r.cluster[i]].ids.push_back(ids[i]);
    for (std::size_t c = 0; c < clusters.size(); ++c) clusters[c].score = r.cluster_score[c];
    std::erase_if(clusters, [](const MergeCluster& c) { return c.ids.size() < 2; });
    Database db = open_store(path, cl.global);
    std::size_t merged = 0, failed = 0;
    for (const ClusterOutcome& o : db.merges().apply(clusters, threshold)) {
        merged += o.action == ClusterOutcome::Action::merged;
        failed += o.action == ClusterOutcome::Action::failed;
    }
    return {{"merged_clusters", merged}, {"failed_clusters", failed}};
}

void run_dedupe(const DedupeArgs& a, const CommandLine& cl) {
    if (a.file.empty() == a.db.empty()) throw UsageError("give either FILE.csv or --db DB");
    if (a.apply && a.db.empty()) throw UsageError("--apply needs --db DB");
    // Before any work, and above all before --apply merges anything.
    files::refuse_database_path(a.out, a.db, "--out");
    files::refuse_database_path(a.review, a.db, "--review");
    DedupeOptions options;
    options.default_region = a.region;
    options.threshold = a.threshold;
    options.review_threshold = std::min(a.review_threshold, a.threshold);
    options.threads = a.threads;
    std::vector<MatchRecord> records = a.db.empty() ? read_match_records(a.file) : store_records(a.db, cl);
    // Only the ids are needed afterwards: the records themselves move into the matcher,
    // which keeps their normalized columns only.
    std::vector<std::string> ids;
    ids.reserve(records.size());
    for (MatchRecord& rec : records) ids.push_back(std::move(rec.id));
    Deduplicator d(std::move(records), options);
    if (!a.explain.empty()) {
        nlohmann::json out = nlohmann::json::array();
        for (const std::string& pair : a.explain) {
            auto comma = pair.find(',');
            if (comma == std::string::npos) throw UsageError("--explain takes ID_A,ID_B");
            out.push_back(to_json(d.explain(index_of(ids, pair.substr(0, comma)),
                                            index_of(ids, pair.substr(comma + 1))),
                                  ids));
        }
        print_json(out);
        return;
    }
    DedupeResult r = d.run();
    nlohmann::json applied;
    if (a.apply) applied = apply_clusters(a.db, cl, ids, r, options.threshold);

    {
        std::optional<files::OutputFile> file;
        if (!a.out.empty()) file.emplace(a.out, a.db, "--out");
        std::ostream& os = file ? file->stream() : std::cout;
        os << "id,cluster_id\n";
        for (std::size_t i = 0; i < ids.size(); ++i) {
            write_csv_value(os, ids[i]);
            os << ',' << r.cluster[i] << '\n';
        }
        if (!os) throw StorageError("cannot write " + (a.out.empty() ? std::string("the output") : a.out));
        if (file) file->commit();
    }
    std::size_t review = 0;
    for (const ScoredPair& p : r.pairs)
        if (p.probability < options.threshold || r.cluster[p.a] != r.cluster[p.b]) ++review;
    if (!a.review.empty()) {
        files::OutputFile file(a.review, a.db, "--review");
        std::ostream& f = file.stream();
        f << "id_a,id_b,probability,same_cluster\n";
        for (const ScoredPair& p : r.pairs) {
            bool same = r.cluster[p.a] == r.cluster[p.b];
            if (p.probability >= options.threshold && same) continue;
            write_csv_value(f, ids[p.a]);
            f << ',';
            write_csv_value(f, ids[p.b]);
            f << ',' << p.probability << ',' << (same ? "yes" : "no") << '\n';
        }
        if (!f) throw StorageError("cannot write " + a.review);
        file.commit();
    }
    if (!a.out.empty()) {
        if (cl.global.json) {
            nlohmann::json summary{{"records", ids.size()},
                                   {"clusters", r.clusters},
                                   {"candidate_pairs", r.candidate_pairs},
                                   {"review_pairs", review},
                                   {"rejected_merges", r.rejected_merges}};
            if (!applied.is_null()) summary.update(applied);
            print_json(summary);
        } else {
            std::cout << ids.size() << " records, " << r.clusters << " clusters, " << review
                      << " pairs for review\n";
        }
    }
}

}  // namespace

void register_dedupe_commands(CLI::App& app, CommandLine& cl) {
    auto a = std::make_shared<DedupeArgs>();
    CLI::App* cmd = add_command(app, cl, "dedupe", "Find the rows of one real customer in a CSV file",
                                [a, &cl] { run_dedupe(*a, cl); });
    cmd->add_option("FILE", a->file, "CSV file with a header (id, name, email, phone, street, city, ...)");
    cmd->add_option("--db", a->db, "Look for duplicates among the customers of this store instead (ids are UUIDs)");
    cmd->add_flag("--apply", a->apply, "Merge the clusters above --threshold (each undoable with unmerge)");
    cmd->add_option("--out,-o", a->out, "Write id,cluster_id for every row here (default: standard output)");
    cmd->add_option("--region", a->region, "Region of phone numbers without country code (default CN)");
    cmd->add_option("--threshold", a->threshold, "Join pairs with at least this match probability")
        ->check(CLI::Range(0.0, 1.0));
    cmd->add_option("--review-threshold", a->review_threshold, "Report pairs from this probability for review")
        ->check(CLI::Range(0.0, 1.0));
    cmd->add_option("--review", a->review, "Write the pairs for review (not joined) to this CSV file");
    cmd->add_option("--explain", a->explain, "Print the per-field weights of the pair ID_A,ID_B (repeatable) instead")
        ->delimiter('\0');
    cmd->add_option("--threads", a->threads, "Worker threads (default: all cores)");
    cmd->footer("Output: one line per input row, in input order; rows of one customer share cluster_id.\n"
                "Exit codes: 0 ok, 2 usage, 3 invalid input (file, line and column named), 7 storage.");
}

}  // namespace clientele::cli
