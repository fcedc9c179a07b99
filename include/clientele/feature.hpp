// clientele — what every feature object shares: a handle on the store it was reached from.
#pragma once

namespace clientele {

class Database;
namespace store {
class Session;
}

/// The base of the handles Database hands out (db.customers(), db.points(), ...). A handle
/// is one pointer, cheap to copy, and valid while its Database lives.
class Feature {
protected:
    explicit Feature(store::Session& session) noexcept : session_(&session) {}
    store::Session& session() const noexcept { return *session_; }

private:
    store::Session* session_;
};

}  // namespace clientele
