// OutputFile: temporary file, fsync, rename; and the check that keeps outputs off the
// database.
#include "files/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "clientele/error.hpp"

namespace clientele::files {

namespace {

namespace fs = std::filesystem;

// `p` with every symbolic link along the chain at its end followed, even to a file that
// does not exist yet (weakly_canonical stops at a dangling link, but writing through it
// would create its target).
fs::path follow_links(fs::path p) {
    std::error_code ec;
    for (int hops = 0; hops < 40 && fs::is_symlink(fs::symlink_status(p, ec)); ++hops) {
        auto target = fs::read_symlink(p, ec);
        if (ec) break;
        p = target.is_absolute() ? target : p.parent_path() / target;
    }
    return p;
}

fs::path canonical_form(const fs::path& p) {
    std::error_code ec;
    auto abs = fs::absolute(follow_links(p), ec);
    if (ec) return p.lexically_normal();
    auto c = fs::weakly_canonical(abs, ec);
    return ec ? abs.lexically_normal() : c;
}

bool same_file(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec)) {
        const bool same = fs::equivalent(a, b, ec);
        if (!ec) return same;
    }
    return canonical_form(a) == canonical_form(b);
}

std::string hex_suffix() {
    std::random_device rd;
    std::uniform_int_distribution<unsigned long long> pick;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", pick(rd));
    return buf;
}

[[noreturn]] void fail(const std::string& what, const fs::path& p) {
    throw StorageError(what + " '" + p.string() + "': " + std::strerror(errno));
}

// Makes a new file of our own beside `target` (O_EXCL: never one someone else made).
fs::path create_temporary(const fs::path& target) {
    const auto dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    for (int attempt = 0; attempt < 16; ++attempt) {
        auto p = dir / ("." + target.filename().string() + ".tmp-" + hex_suffix());
        const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            ::close(fd);
            return p;
        }
        if (errno != EEXIST) fail("cannot write", target);
    }
    fail("cannot make a temporary file for", target);
}

void sync_path(const fs::path& p, int flags) {
    const int fd = ::open(p.c_str(), flags | O_CLOEXEC);
    if (fd < 0) fail("cannot sync", p);
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) fail("cannot sync", p);
}

}  // namespace

void refuse_database_path(const fs::path& out, const fs::path& database, std::string_view option) {
    if (out.empty() || database.empty()) return;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        auto file = database;
        file += suffix;
        if (same_file(out, file))
            throw InvalidInput(std::string(option),
                               "'" + out.string() + "' is " + (*suffix ? "a file of " : "") + "the database '" +
                                   database.string() + "'; writing there would destroy it, so nothing was written "
                                   "(choose another path)");
    }
}

OutputFile::OutputFile(const fs::path& path, const fs::path& database, std::string_view option)
    : target_(follow_links(path)) {
    refuse_database_path(path, database, option);
    std::error_code ec;
    const auto status = fs::status(target_, ec);
    if (fs::exists(status) && !fs::is_regular_file(status)) {
        if (fs::is_directory(status)) throw StorageError("cannot write '" + path.string() + "': it is a directory");
        out_.open(target_, std::ios::binary);  // a terminal, a pipe, /dev/null
        if (!out_) fail("cannot write", path);
        return;
    }
    temporary_ = create_temporary(target_);
    // A replaced file keeps its permissions: an export someone made private stays private.
    if (fs::exists(status)) ::chmod(temporary_.c_str(), static_cast<mode_t>(status.permissions()));
    out_.open(temporary_, std::ios::binary | std::ios::trunc);
    if (!out_) {
        fs::remove(temporary_, ec);
        fail("cannot write", path);
    }
}

OutputFile::~OutputFile() {
    if (committed_ || temporary_.empty()) return;
    out_.close();
    std::error_code ec;
    fs::remove(temporary_, ec);
}

void OutputFile::commit() {
    out_.close();
    if (!out_) throw StorageError("writing '" + target_.string() + "' failed (disk full?)");
    if (temporary_.empty()) {
        committed_ = true;
        return;
    }
    sync_path(temporary_, O_RDONLY);
    if (::rename(temporary_.c_str(), target_.c_str()) != 0) fail("cannot replace", target_);
    committed_ = true;
    // The rename itself is durable once the folder is synced.
    const auto dir = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
    sync_path(dir, O_RDONLY | O_DIRECTORY);
}

}  // namespace clientele::files
