// clientele stats — what is in the store, as far as the current user can see.
#include <memory>

#include "json/json.hpp"
#include <clientele/database.hpp>

#include "commands.hpp"
#include "render.hpp"

namespace clientele::cli {

void register_stats_command(CLI::App& app, CommandLine& cl) {
    auto db_path = std::make_shared<std::string>();
    CLI::App* cmd = add_command(app, cl, "stats", "Summarize customers, interactions, revenue and users",
                                [db_path, &cl] {
                                    Database db = open_store(*db_path, cl.global);
                                    const StoreStats s = db.stats();
                                    if (cl.global.json)
                                        print_json(to_json(s));
                                    else
                                        print_stats(s);
                                });
    cmd->add_option("DB", *db_path, "Database file")->required();
}

}  // namespace clientele::cli
