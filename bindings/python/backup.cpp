// clientele._core — backup and restore (docs/backup.md).
#include <filesystem>
#include <optional>
#include <string>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "backup/manifest.hpp"
#include "clientele/backup.hpp"
#include "clientele/database.hpp"

#include "convert.hpp"
#include "shared_database.hpp"

namespace clientele::python {
namespace {

BackupKey key_of(const std::optional<std::string>& passphrase, const std::optional<std::filesystem::path>& key_file) {
    BackupKey key;
    if (passphrase) key.passphrase = *passphrase;
    if (key_file) key.key_file = *key_file;
    return key;
}

}  // namespace

void bind_backup(py::module_& m) {
    auto cls = py::reinterpret_borrow<py::class_<SharedDatabase>>(m.attr("Database"));
    cls.def("backup", [](SharedDatabase& self, const std::filesystem::path& path, std::optional<std::string> passphrase,
                         std::optional<std::filesystem::path> key_file) {
        const BackupOptions o{key_of(passphrase, key_file)};
        return to_python(self.run([&](Database& db) { return backup::to_json(db.backups().write(path, o)); }));
    }, py::arg("path"), py::arg("passphrase") = py::none(), py::arg("key_file") = py::none());

    m.def("restore", [](const std::filesystem::path& backup, const std::filesystem::path& database,
                        std::optional<std::string> passphrase, std::optional<std::filesystem::path> key_file, bool force,
                        std::string db_passphrase, std::string db_key,
                        std::optional<std::filesystem::path> erasures_from, bool ignore_erasures) {
        const RestoreOptions o{key_of(passphrase, key_file), force, EncryptionKey{db_passphrase, db_key},
                               erasures_from.value_or(std::filesystem::path()), ignore_erasures};
        nlohmann::json manifest;
        {
            py::gil_scoped_release no_gil;
            manifest = backup::to_json(clientele::restore(backup, database, o));
        }
        return to_python(manifest);
    }, py::arg("backup"), py::arg("database"), py::arg("passphrase") = py::none(), py::arg("key_file") = py::none(),
       py::arg("force") = false, py::arg("db_passphrase") = "", py::arg("db_key") = "",
       py::arg("erasures_from") = py::none(), py::arg("ignore_erasures") = false);

    m.def("verify_backup", [](const std::filesystem::path& backup, std::optional<std::string> passphrase,
                              std::optional<std::filesystem::path> key_file, std::string db_passphrase,
                              std::string db_key) {
        const BackupKey key = key_of(passphrase, key_file);
        const EncryptionKey database_key{db_passphrase, db_key};
        nlohmann::json manifest;
        {
            py::gil_scoped_release no_gil;
            manifest = backup::to_json(clientele::verify_backup(backup, key, database_key));
        }
        return to_python(manifest);
    }, py::arg("backup"), py::arg("passphrase") = py::none(), py::arg("key_file") = py::none(),
       py::arg("db_passphrase") = "", py::arg("db_key") = "");

    m.def("rekey", [](const std::filesystem::path& path, std::string user, std::string password, std::string passphrase,
                      std::string key, std::string new_passphrase, std::string new_key) {
        OpenOptions o;
        o.user = std::move(user);
        o.password = std::move(password);
        o.layer = "python";
        o.encryption = EncryptionKey{std::move(passphrase), std::move(key)};
        const EncryptionKey next{std::move(new_passphrase), std::move(new_key)};
        py::gil_scoped_release no_gil;
        clientele::rekey(path, o, next);
    }, py::arg("path"), py::kw_only(), py::arg("user") = "admin", py::arg("password") = "", py::arg("passphrase") = "",
       py::arg("key") = "", py::arg("new_passphrase") = "", py::arg("new_key") = "");
}

}  // namespace clientele::python
