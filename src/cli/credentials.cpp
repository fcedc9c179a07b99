#include "credentials.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <clientele/error.hpp>

#include "command_line.hpp"

namespace clientele::cli {

namespace {

std::string first_line(const char* file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(ErrorCode::storage, std::string("cannot read the password file '") + file + "'");
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

// Restores the terminal's echo however the read ends.
class EchoOff {
public:
    explicit EchoOff(int fd) : fd_(fd) {
        if (tcgetattr(fd_, &saved_) != 0) return;
        termios quiet = saved_;
        quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
        active_ = tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
    }
    ~EchoOff() {
        if (active_) tcsetattr(fd_, TCSAFLUSH, &saved_);
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

private:
    int fd_;
    termios saved_{};
    bool active_ = false;
};

// Closes the terminal's descriptor.
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

// Reads a line from the controlling terminal without echo; nullopt when there is none.
std::optional<std::string> prompt_on_terminal(const std::string& prompt) {
    Fd tty(::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (tty.get() < 0) return std::nullopt;
    (void)!::write(tty.get(), prompt.data(), prompt.size());
    std::string line;
    {
        EchoOff quiet(tty.get());
        char ch = 0;
        while (::read(tty.get(), &ch, 1) == 1 && ch != '\n') line.push_back(ch);
    }
    (void)!::write(tty.get(), "\n", 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

bool user_asked_for(const GlobalOptions& global) {
    const char* env = std::getenv("CLIENTELE_USER");
    return !global.user.empty() || (env != nullptr && *env != '\0');
}

}  // namespace

std::string read_secret(const char* env, const std::string& prompt) {
    if (const char* file = std::getenv(env); file != nullptr && *file != '\0') return first_line(file);
    return prompt_on_terminal(prompt).value_or("");
}

std::string read_new_password(const std::string& whose) {
    if (const char* file = std::getenv("CLIENTELE_NEW_PASSWORD_FILE"); file != nullptr && *file != '\0')
        return first_line(file);
    auto first = prompt_on_terminal("New password for " + whose + ": ");
    if (!first) throw UsageError("no terminal to ask for the new password: set CLIENTELE_NEW_PASSWORD_FILE");
    if (prompt_on_terminal("Repeat the new password: ") != first) throw UsageError("the two new passwords differ");
    return *first;
}

namespace {

std::string whole_file(const std::string& file, const char* what) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(ErrorCode::storage, std::string("cannot read the ") + what + " file '" + file + "'");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string option_or_env(const std::string& option, const char* env) {
    if (!option.empty()) return option;
    const char* value = std::getenv(env);
    return value != nullptr ? value : "";
}

}  // namespace

EncryptionKey database_key(const GlobalOptions& global) {
    EncryptionKey key;
    const std::string passphrase_file = option_or_env(global.db_passphrase_file, "CLIENTELE_DB_PASSPHRASE_FILE");
    const std::string key_file = option_or_env(global.db_key_file, "CLIENTELE_DB_KEY_FILE");
    if (!passphrase_file.empty() && !key_file.empty())
        throw UsageError("give the database's passphrase file or its key file, not both");
    if (!passphrase_file.empty()) {
        key.passphrase = first_line(passphrase_file.c_str());
        if (key.passphrase.empty()) throw InvalidInput("passphrase", "the passphrase file '" + passphrase_file + "' is empty");
    }
    if (!key_file.empty()) {
        key.key = whole_file(key_file, "key");
        // 64 hex digits as an editor saves them: the line end is not part of the key.
        if (key.key.size() == 65 && key.key.back() == '\n') key.key.pop_back();
    }
    return key;
}

void add_credential(OpenOptions& options, const std::string& path, const GlobalOptions& global) {
    AuthPolicy policy;
    try {
        policy = read_auth_policy(path, options.encryption);
    } catch (const Error&) {
        return;  // the open that follows says what is wrong with the file
    }
    if (!policy.required) return;
    if (const char* file = std::getenv("CLIENTELE_PASSWORD_FILE"); file != nullptr && *file != '\0') {
        options.password = first_line(file);
        return;
    }
    const std::string me = current_os_user();
    if (policy.os_user_allowed && !me.empty() && (!user_asked_for(global) || options.user == me)) {
        options.user = me;
        options.os_user = true;
        return;
    }
    options.password = prompt_on_terminal("Password for " + options.user + ": ").value_or("");
}

}  // namespace clientele::cli
