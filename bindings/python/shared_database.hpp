// clientele._core — the Database object the module shares with Python, and the binding
// functions of the other source files, which add methods to it.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include <pybind11/pybind11.h>

#include "clientele/error.hpp"
#include "clientele/database.hpp"

namespace clientele::python {

namespace py = pybind11;

/// A clientele::Database shared with Python. clientele::Database is not safe to use from
/// two threads at once, and with the GIL released two Python threads could do just that,
/// so every call holds `mutex_` (taken only after the GIL is released and given up before
/// the GIL is taken back, so the two locks never wait on each other).
class SharedDatabase {
public:
    explicit SharedDatabase(std::unique_ptr<Database> db) : db_(std::move(db)) {}

    ~SharedDatabase() {
        // Runs with the GIL held (Python is freeing the object); closing is quick.
        std::lock_guard lock(mutex_);
        transaction_.reset();  // rolls back
        db_.reset();
    }

    /// Runs `work(db)` with the GIL released and the connection locked. `work` must not
    /// touch Python objects; convert arguments before and results after.
    template <class Work>
    auto run(Work&& work) {
        py::gil_scoped_release no_gil;
        std::lock_guard lock(mutex_);
        if (!db_) throw StorageError("the database is closed");
        return work(*db_);
    }

    void close() {
        py::gil_scoped_release no_gil;
        std::lock_guard lock(mutex_);
        transaction_.reset();  // an open transaction is rolled back
        db_.reset();
    }

    bool closed() {
        py::gil_scoped_release no_gil;
        std::lock_guard lock(mutex_);
        return !db_;
    }

    void begin() {
        // The core refuses a second one (Conflict) before touching transaction_.
        run([&](Database& db) { transaction_.emplace(db.transaction()); });
    }

    /// Commits the open transaction; false when there is none.
    bool commit() {
        return run([&](Database&) {
            if (!transaction_) return false;
            std::optional<Transaction> open = std::move(transaction_);
            transaction_.reset();
            open->commit();  // if this throws, `open` rolls back as it goes
            return true;
        });
    }

    /// Rolls back the open transaction; false when there is none.
    bool rollback() {
        return run([&](Database&) {
            if (!transaction_) return false;
            std::optional<Transaction> open = std::move(transaction_);
            transaction_.reset();
            open->rollback();
            return true;
        });
    }

    bool in_transaction() {
        return run([&](Database&) { return transaction_.has_value(); });
    }

    /// Runs `work` for each record inside the open transaction, or inside one of its own
    /// (all or nothing) when none is open. Must be called from inside run().
    template <class Work>
    void atomically(Database& db, Work&& work) {
        if (transaction_) {
            work();
            return;
        }
        Transaction local = db.transaction();
        work();
        local.commit();
    }

private:
    std::mutex mutex_;
    std::unique_ptr<Database> db_;
    std::optional<Transaction> transaction_;
};

/// Adds merge, unmerge and merges to the Database class (bindings/python/merge.cpp).
void bind_merge(py::module_& m);

}  // namespace clientele::python
