// Internal: a file written aside and put in place in one step, so a reader (or a crash)
// sees the old file or the complete new one, never a part. The backup's own small
// temp-file-and-rename; a shared AtomicOutput may replace it.
#pragma once

#include <filesystem>
#include <string_view>

namespace clientele::backup {

class PendingFile {
public:
    /// Creates an empty file, readable by its owner only, in the folder of `target` (so the
    /// final rename stays on one file system), named after `target` and `purpose`.
    PendingFile(const std::filesystem::path& target, std::string_view purpose);
    /// Removes the file unless it was published.
    ~PendingFile();
    PendingFile(const PendingFile&) = delete;
    PendingFile& operator=(const PendingFile&) = delete;

    const std::filesystem::path& path() const noexcept { return path_; }

    /// Appends `bytes` (StorageError when the disk refuses).
    void write(std::string_view bytes);

    /// Flushes the file to disk and moves it to `target`, then flushes the folder. With
    /// `replace` an existing target is replaced; without, an existing target is left as it
    /// is and Conflict is thrown (decided atomically by the file system).
    void publish(const std::filesystem::path& target, bool replace);

private:
    std::filesystem::path path_;
    int fd_ = -1;
    bool published_ = false;
};

}  // namespace clientele::backup
