// clientele CLI — what every command shares: the global options, how a command is
// registered, and how the store is opened.
#pragma once

#include <cstddef>
#include <functional>
#include <iterator>
#include <string>

#include <CLI/CLI.hpp>

#include <clientele/database.hpp>

namespace clientele::cli {

/// Options every command accepts.
struct GlobalOptions {
    std::string user;   ///< --user; empty = $CLIENTELE_USER, else "admin"
    bool json = false;  ///< --json: machine output (the data-model JSON)
    /// --db-passphrase-file / --db-key-file: the key of an encrypted database (never the
    /// secret itself on the command line); else $CLIENTELE_DB_PASSPHRASE_FILE or
    /// $CLIENTELE_DB_KEY_FILE. ("--key-file" is the backup's own key.)
    std::string db_passphrase_file, db_key_file;
};

/// A mistake in how the command was called that CLI11 cannot see (exit code 2).
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The parsed command line: the global options and the action of the chosen command.
struct CommandLine {
    GlobalOptions global;
    std::function<void()> action;
};

/// Adds a leaf command: gives it --user and --json, and makes `run` the action when it is
/// chosen. `run` executes after parsing, so its failures are reported, not parse errors.
CLI::App* add_command(CLI::App& parent, CommandLine& cl, const std::string& name,
                      const std::string& description, std::function<void()> run);

/// Adds a command group ("customer", "user", ...): a command whose subcommands do the
/// work. It takes --user and --json too, so they may be given at any level.
CLI::App* add_group(CLI::App& parent, CommandLine& cl, const std::string& name,
                    const std::string& description);

/// Adds --user and --json to `app` (the top-level app and every leaf command).
void add_global_options(CLI::App& app, GlobalOptions& global);

/// The user to act as: --user, else $CLIENTELE_USER, else "admin".
std::string effective_user(const GlobalOptions& global);

/// Opens an existing store as the effective user, with the credential the database asks
/// for (credentials.hpp). A missing file is NotFound (the library would otherwise be asked
/// to open a path that holds nothing).
Database open_store(const std::string& path, const GlobalOptions& global);

/// The records per page a list command's --all reads when no --limit is given.
inline constexpr std::size_t kAllPageSize = 1000;

/// The first page a list command reads: `limit` records after the cursor `after`. With
/// --all (`all`) and no --limit given (`limit_opt` unused) it reads in large pages; the
/// output is the same.
inline PageRequest first_page(bool all, const CLI::Option& limit_opt, std::size_t limit,
                              const std::string& after) {
    return PageRequest{all && limit_opt.count() == 0 ? kAllPageSize : limit, after};
}

/// Every item of every page from `page` on: `list_page(page)` returns a page (items and
/// next_cursor), and is called again after each cursor until the last page.
template <class ListPage>
auto every_item(ListPage&& list_page, PageRequest page) {
    decltype(list_page(page).items) every;
    for (;;) {
        auto p = list_page(page);
        every.insert(every.end(), std::make_move_iterator(p.items.begin()), std::make_move_iterator(p.items.end()));
        if (p.next_cursor.empty()) break;
        page.after = p.next_cursor;
    }
    return every;
}

}  // namespace clientele::cli
