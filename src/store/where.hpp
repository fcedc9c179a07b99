// Internal: a WHERE clause built from optional filters, with its parameters in order.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "store/sqlite.hpp"

namespace clientele::store {

class Where {
public:
    using Value = std::variant<std::int64_t, std::string>;
    explicit Where(std::string first) : sql_(" WHERE " + std::move(first)) {}
    /// Adds "AND condition" with one '?' per value.
    template <typename... V>
    Where& add(const std::string& condition, V&&... values) {
        sql_ += " AND " + condition;
        (values_.emplace_back(std::forward<V>(values)), ...);
        return *this;
    }
    const std::string& sql() const { return sql_; }
    /// Binds the parameters from index 1; returns the next free index.
    int bind(Statement& s) const {
        int i = 1;
        for (const auto& v : values_) {
            if (const auto* n = std::get_if<std::int64_t>(&v)) s.bind(i++, *n);
            else s.bind(i++, std::get<std::string>(v));
        }
        return i;
    }

private:
    std::string sql_;
    std::vector<Value> values_;
};

}  // namespace clientele::store
