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
#include "csv/writer.hpp"
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

// --explain ID_A,ID_B...: the per-field weights of each pair, as a JSON array.
void explain_pairs(Deduplicator& d, const std::vector<std::string>& ids, const std::vector<std::string>& pairs) {
    nlohmann::json out = nlohmann::json::array();
    for (const std::string& pair : pairs) {
        auto comma = pair.find(',');
        if (comma == std::string::npos) throw UsageError("--explain takes ID_A,ID_B");
        out.push_back(to_json(d.explain(index_of(ids, pair.substr(0, comma)), index_of(ids, pair.substr(comma + 1))), ids));
    }
    print_json(out);
}

// Through the one CSV writer: quoting and the formula guard.
void write_csv_value(std::ostream& os, const std::string& v) {
    std::string cell;
    csv::append_field(cell, v);
    os << cell;
}

// --apply: the store's cleanup (Merges::deduplicate) matches and merges until nothing is
// left to merge, in one transaction; what its first pass found is reported like a dry look.
nlohmann::json apply_clusters(const std::string& path, const CommandLine& cl, const DedupeOptions& options,
                              std::vector<std::string>& ids, DedupeResult& r) {
    Database db = open_store(path, cl.global);
    DeduplicateOptions o;
    o.matcher = options;
    DeduplicateResult d = db.merges().deduplicate(o);
    ids = std::move(d.ids);
    r = std::move(d.first);
    return {{"merged_clusters", d.merged}, {"failed_clusters", d.failed}, {"passes", d.passes}};
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
    std::vector<std::string> ids;
    DedupeResult r;
    nlohmann::json applied;
    if (a.apply && a.explain.empty()) {
        applied = apply_clusters(a.db, cl, options, ids, r);
    } else {
        std::vector<MatchRecord> records =
            a.db.empty() ? read_match_records(a.file) : open_store(a.db, cl.global).duplicates().records();
        // Only the ids are needed afterwards: the records themselves move into the matcher,
        // which keeps their normalized columns only.
        ids.reserve(records.size());
        for (MatchRecord& rec : records) ids.push_back(std::move(rec.id));
        Deduplicator d(std::move(records), options);
        if (!a.explain.empty()) {
            explain_pairs(d, ids, a.explain);
            return;
        }
        r = d.run();
    }

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
    cmd->add_flag("--apply", a->apply, "Merge the clusters above --threshold, matching again until nothing more merges; one transaction (each merge undoable with unmerge)");
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
