// clientele — who uses the store, and its settings: db.users(), db.settings().
#pragma once

#include "clientele/export.h"

#include <string>
#include <string_view>
#include <vector>

#include "clientele/feature.hpp"
#include "clientele/model.hpp"

namespace clientele {

class CLIENTELE_API Users : public Feature {
public:
    /// Admins only.
    User add(const User& user);
    /// Admins only: change role, team, display name or active flag (JSON merge patch text).
    User update(std::string_view username, std::string_view patch);
    User get(std::string_view username) const;
    std::vector<User> list() const;

    /// Made by the Database (a store::Session is internal to the library).
    explicit Users(store::Session& s) noexcept : Feature(s) {}
};

class CLIENTELE_API Settings : public Feature {
public:
    /// "default_region" (ISO 3166 alpha-2, for phone numbers without a country code;
    /// "CN" by default), "default_currency" (ISO 4217; "CNY" by default) and
    /// "personal_custom_fields" (custom keys anonymizing wipes, comma-separated; unset or
    /// empty = every custom field).
    std::string get(std::string_view key) const;
    /// Admins only.
    void set(std::string_view key, std::string_view value);

    /// Made by the Database (a store::Session is internal to the library).
    explicit Settings(store::Session& s) noexcept : Feature(s) {}
};

}  // namespace clientele
