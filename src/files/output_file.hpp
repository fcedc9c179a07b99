// Internal: the one way the library and the CLI write a file (exports, rejected rows,
// analytics and dedupe outputs). A file is written whole or not at all, and never over
// the database it was read from.
#pragma once

#include <filesystem>
#include <fstream>
#include <ostream>

namespace clientele::files {

/// Throws InvalidInput (field `option`) when writing `out` would overwrite the database at
/// `database` or one of its companion files (-wal, -shm, -journal). Existing files are
/// compared by device and inode, so hard links, symbolic links and ./x against x are all
/// caught; files that do not exist yet by their canonical paths. An empty `database` means
/// nothing is protected.
void refuse_database_path(const std::filesystem::path& out, const std::filesystem::path& database,
                          std::string_view option = "out");

/// A file being written: the bytes go to a temporary file beside the target, which
/// commit() flushes to disk and renames over it, so readers (and a crash) see the old file
/// or the whole new one. Destroyed without commit() (an exception), the temporary file is
/// removed and the target is left as it was. A target that exists and is not a regular
/// file (a terminal, a pipe, /dev/null) is written in place: it cannot be renamed over.
class OutputFile {
public:
    /// Refuses `path` when it is `database` or a companion of it (refuse_database_path),
    /// before anything is created. StorageError when the temporary file cannot be made.
    explicit OutputFile(const std::filesystem::path& path, const std::filesystem::path& database = {},
                        std::string_view option = "out");
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    /// Where the contents go until commit().
    std::ostream& stream() { return out_; }
    /// Flushes, syncs and renames the temporary file over the target. StorageError when any
    /// step fails (the target is then unchanged).
    void commit();

private:
    std::filesystem::path target_;
    std::filesystem::path temporary_;  ///< empty when writing in place
    std::ofstream out_;
    bool committed_ = false;
};

}  // namespace clientele::files
