// Internal: the register of erased and anonymized customers (table `erasures`, schema v9),
// and how restore() re-applies it to a restored copy (docs/privacy.md, "Backups").
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "clientele/encryption.hpp"
#include "clientele/model.hpp"

namespace clientele::store {
class Session;
}

namespace clientele::privacy {

enum class ErasureAction { remove, anonymize };

struct Erasure {
    Uuid customer;
    ErasureAction action = ErasureAction::remove;
    std::int64_t at = 0;  ///< Unix seconds
};

/// Records that `customer` was deleted or anonymized, in the open write transaction. A later
/// deletion of an anonymized customer replaces the entry.
void register_erasure(store::Session& s, const Uuid& customer, ErasureAction action);

/// The register of the clientele database at `path`, read without a user (the caller holds
/// the file and its key). A file made before the register existed gives the same facts from
/// its audit trail. StorageError / CorruptData / WrongKey when it cannot be read.
std::vector<Erasure> read_erasures(const std::filesystem::path& path, const EncryptionKey& key);

/// What re_erase did.
struct ReErasure {
    std::int64_t applied = 0;         ///< customers deleted or anonymized again
    std::vector<Uuid> merged;         ///< held as merged records: left for a person to decide
};

/// Applies `erasures` to the database at `path` (not yet published: no user has it open):
/// each customer still there is deleted or anonymized again, as the library's own
/// maintenance actor "(restore)", audited. One transaction.
ReErasure re_erase(const std::filesystem::path& path, const EncryptionKey& key, const std::vector<Erasure>& erasures);

}  // namespace clientele::privacy
