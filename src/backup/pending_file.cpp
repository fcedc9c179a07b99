#include "backup/pending_file.hpp"

#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clientele/error.hpp"

namespace clientele::backup {
namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& p) {
    throw StorageError(what + " '" + p.string() + "': " + std::strerror(errno));
}

void sync_folder(const std::filesystem::path& folder) {
    const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) return;  // the rename happened; a folder we cannot open just is not synced
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

PendingFile::PendingFile(const std::filesystem::path& target, std::string_view purpose) {
    const auto folder = target.parent_path();
    std::string name = (folder.empty() ? std::string() : folder.string() + "/") + "." +
                       target.filename().string() + "." + std::string(purpose) + "-XXXXXX";
    fd_ = ::mkstemp(name.data());  // mode 0600: a snapshot holds every customer in clear
    if (fd_ < 0) fail("cannot create a temporary file beside", target);
    path_ = name;
}

PendingFile::~PendingFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!published_) ::unlink(path_.c_str());
}

void PendingFile::write(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail("cannot write", path_);
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

void PendingFile::publish(const std::filesystem::path& target, bool replace) {
    if (::fsync(fd_) != 0) fail("cannot flush", path_);
    if (replace) {
        if (::rename(path_.c_str(), target.c_str()) != 0) fail("cannot rename into", target);
    } else {
        // link() fails if the target exists, so no file that appeared meanwhile is lost.
        if (::link(path_.c_str(), target.c_str()) != 0) {
            if (errno == EEXIST) throw Conflict("'" + target.string() + "' exists (use force to replace it)");
            fail("cannot create", target);
        }
        ::unlink(path_.c_str());
    }
    published_ = true;
    sync_folder(target.parent_path());
}

}  // namespace clientele::backup
