/* clientele — the stable C ABI.
 *
 * One header, valid C11 and C++. It wraps the C++ API (the headers in include/clientele/)
 * for every language that can call C: C itself, Go (cgo), Rust, C#, Node, Python ctypes.
 *
 * Conventions (see docs/c-api.md for the long form):
 *
 *  - Every function that can fail returns a clt_status: CLT_OK (0) on success, otherwise
 *    the code of the failure. The message of this thread's last failure is
 *    clt_last_error(); every status-returning call resets it ("" after success). A call
 *    made with a clt_db also leaves its outcome on the handle: clt_db_last_error(db).
 *  - Nothing needs to be called first; clt_shutdown() last releases the process-wide data
 *    (ICU, phone metadata) for a leak-checker-clean exit.
 *  - No exception and no C++ type ever crosses this ABI.
 *  - Records (customers, interactions, users, pages, statistics) cross as UTF-8 JSON
 *    text, exactly the JSON of docs/data-model.md.
 *  - Names: clt_<module>_<verb> (clt_customer_create, clt_duplicates_find,
 *    clt_rfm_compute, clt_rfm_compute_from_db); accessors of a result type clt_T are
 *    clt_T_<column> (clt_rfm_result_size). Library-wide calls have no module (clt_init,
 *    clt_version, clt_last_error, clt_status_name, clt_string_free).
 *  - Out parameters come first, then the handle, then the inputs:
 *    clt_customer_get(&json, db, ref). Objects are created by a function that returns the
 *    status and passes the object out first (clt_db_open, clt_rfm_compute).
 *  - One destroy rule: every opaque type clt_T is destroyed by clt_T_free
 *    (clt_rfm_result_free, clt_import_report_free), except the database handle, which is
 *    closed by clt_db_close (it also rolls back and closes the file); strings by
 *    clt_string_free. Every destroy accepts NULL as a no-op.
 *  - A caller buffer is always passed with its length in elements (out_counts,
 *    counts_len); one too small is CLT_MISUSE and is left untouched.
 *  - A `char **out_...` parameter receives a NUL-terminated UTF-8 string allocated by the
 *    library and OWNED BY THE CALLER, who frees it with clt_string_free(). On failure
 *    the library stores NULL there. Out parameters documented as "optional" may be NULL
 *    when the caller does not want the value; all others are required.
 *  - A NULL where a handle, an input string or a required out parameter is expected
 *    returns CLT_MISUSE and never crashes.
 *  - Input strings are borrowed: the library reads them during the call only.
 *  - Options structs start with `unsigned int version` and only grow at the end. Every
 *    options struct is checked the same way: version 0 (not initialised) and a version
 *    newer than the library are CLT_UNSUPPORTED, in every function and in every
 *    clt_x_options_init(opts, version).
 *  - Thread safety is stated for every function by a tag at the end of its declaration:
 *      [thread-safe]      any thread, any time (until the final clt_shutdown).
 *      [per handle]       different handles (clt_db, results, reports) may be used from
 *                         different threads at once; one handle by one thread at a time.
 *      [not thread-safe]  only while no other thread is inside the library.
 *    A clt_db is one SQLite connection: open one handle per thread.
 */
#ifndef CLIENTELE_H
#define CLIENTELE_H

#include <stddef.h>
#include <stdint.h>

#include "clientele/export.h"
#include "clientele/version.h"

#ifdef __cplusplus
#  define CLT_BEGIN_DECL extern "C" {
#  define CLT_END_DECL }
#else
#  define CLT_BEGIN_DECL
#  define CLT_END_DECL
#endif

/* CLT_DEPRECATED(msg): marks a function that will go away in the next major version.
 * Put it first in the declaration: CLT_DEPRECATED("use clt_x") CLT_API int clt_y(void); */
#if defined(__cplusplus) && __cplusplus >= 201402L
#  define CLT_DEPRECATED(msg) [[deprecated(msg)]]
#elif defined(__GNUC__) || defined(__clang__)
#  define CLT_DEPRECATED(msg) __attribute__((deprecated(msg)))
#elif defined(_MSC_VER)
#  define CLT_DEPRECATED(msg) __declspec(deprecated(msg))
#else
#  define CLT_DEPRECATED(msg)
#endif

CLT_BEGIN_DECL

/* An open database connection, acting as one user. Opaque; made by clt_db_open, destroyed
 * by clt_db_close. */
typedef struct clt_db clt_db;

/* ==== Status codes and errors ======================================================== */

/* The outcome of a call. Values 1..9 are exactly clientele::ErrorCode, so the C and C++
 * layers never drift. Values never change meaning; new ones may be added. */
typedef enum clt_status {
    CLT_OK = 0,
    CLT_INVALID_INPUT = 1,      /* bad value, bad JSON, bad file content */
    CLT_NOT_FOUND = 2,          /* no such record, or not visible to the current user */
    CLT_CONFLICT = 3,           /* stale version, duplicate key */
    CLT_PERMISSION_DENIED = 4,  /* the current user's role does not allow the operation */
    CLT_STORAGE = 5,            /* SQLite or file-system failure, read-only database */
    CLT_CORRUPT_DATA = 6,       /* the file is not a clientele database, damaged records */
    CLT_CANCELLED = 7,          /* a caller-requested cancellation */
    CLT_UNSUPPORTED = 8,        /* newer schema; an options version that is 0 or newer than
                                 * the library; unavailable feature */
    CLT_INTERNAL = 9,           /* a bug in clientele, or out of memory */
    /* Not a clientele::ErrorCode: the caller broke the API contract (a NULL handle, input
     * or required out parameter; a caller buffer too small; a transaction call out of
     * order; a call after clt_shutdown). Never returned for problems in the data itself. */
    CLT_MISUSE = 100
} clt_status;

/* The message of the last failure of a clt_ call on this thread ("" when the last call
 * succeeded). Never NULL. Owned by the library; valid until the next clt_ call on this
 * thread; copy it to keep it. Always valid UTF-8 written for people: bytes of the input
 * that are not UTF-8 appear escaped as \xFF. Messages from bad input name the field at
 * fault. */
CLT_API const char *clt_last_error(void); /* [thread-safe] */

/* The field (a JSON key such as "emails", "birthday") or argument name ("ref", "out_json")
 * the last failure on this thread was about, or "" when there is none. Never NULL; owned
 * by the library with the same lifetime as clt_last_error(). */
CLT_API const char *clt_last_error_field(void); /* [thread-safe] */

/* The message of the last call made with handle `db` ("" when it succeeded), whatever
 * thread made it. Never NULL ("" for NULL db). Owned by the handle; valid until the next
 * call with it or clt_db_close. Which to read: right after a call on the same thread both
 * hold the same text, and clt_last_error() also covers calls that failed before a handle
 * existed (clt_db_open) or had none. Read clt_db_last_error(db) when the thread may have
 * changed in between (Go's goroutines move between threads; a pool hands the handle on) or
 * other calls ran on this thread since. */
CLT_API const char *clt_db_last_error(const clt_db *db); /* [per handle] */

/* The field or argument of the last failure of a call made with `db`, as
 * clt_last_error_field(); "" when there is none. Same ownership as clt_db_last_error. */
CLT_API const char *clt_db_last_error_field(const clt_db *db); /* [per handle] */

/* Stable lower-case name of a status: "ok", "invalid_input", ..., "misuse"; "unknown" for
 * values this library does not know. Never NULL; a static string. */
CLT_API const char *clt_status_name(clt_status status); /* [thread-safe] */

/* Frees a string returned through a `char **out_...` parameter. NULL is a no-op. */
CLT_API void clt_string_free(char *s); /* [thread-safe] */

/* ==== The library's lifetime ======================================================== */

/* Optional: loads the process-wide data (phone metadata, ICU) now instead of on first use,
 * so a broken installation fails here and the first real call is not slow. Counted: match
 * every clt_init with one clt_shutdown. CLT_MISUSE after the final clt_shutdown. */
CLT_API clt_status clt_init(void); /* [thread-safe] */

/* Undoes one clt_init; the last (or a call without clt_init) releases what the library
 * holds for the whole process: ICU's data and caches (u_cleanup), libphonenumber's
 * metadata. Leak checkers then report nothing possibly lost. The release is final: every
 * clt_ call after it returns CLT_MISUSE (a second clt_shutdown is CLT_OK). CLT_MISUSE, and
 * nothing released, while a clt_db is still open. Call it last, after every result has been
 * freed. */
CLT_API clt_status clt_shutdown(void); /* [not thread-safe] */

/* ==== Versions ======================================================================= */

/* The version of the library actually linked, "MAJOR.MINOR.PATCH". Static string. Compare
 * with CLIENTELE_VERSION_STRING (the header the caller was compiled with). */
CLT_API const char *clt_version(void); /* [thread-safe] */

/* MAJOR * 10000 + MINOR * 100 + PATCH of the linked library; compare with
 * CLIENTELE_VERSION_NUMBER. */
CLT_API int clt_version_number(void); /* [thread-safe] */

/* The schema version this library writes into databases (PRAGMA user_version). */
CLT_API int clt_schema_version(void); /* [thread-safe] */

/* ==== Opening a database ============================================================= */

/* How to open a database. Initialise with CLT_DB_OPEN_OPTIONS_INIT or clt_db_open_options_init()
 * before setting fields, so fields added later get their defaults. */
typedef struct clt_db_open_options {
    unsigned int version;  /* CLT_DB_OPEN_OPTIONS_VERSION */
    /* The user to act as (a username; must exist). NULL = "admin". Borrowed. */
    const char *user;
    /* Non-zero: make the file and its schema when missing, with `user` as its first
     * admin. */
    int create;
    /* Non-zero: open for reading only; every mutation then fails with CLT_STORAGE. */
    int read_only;
    /* ---- version 2 (credentials, docs/security.md) ---- */
    /* The user's password (UTF-8), or NULL. Checked whenever given; needed where the
     * database requires credentials, unless trusted_host or os_user applies. A wrong one or
     * an unknown user is CLT_PERMISSION_DENIED "authentication failed", logged. Borrowed. */
    const char *password;
    /* A new password set at this login, after `password` is verified (a user whose
     * password an admin reset must give one), or NULL. Borrowed. */
    const char *new_password;
    /* Non-zero: the application authenticated `user` itself and vouches for it; accepted
     * only where the database allows it (setting auth.trusted_host_allowed). */
    int trusted_host;
    /* Non-zero: `user` is the operating-system account running this process; accepted
     * only where the database allows it (auth.os_user_allowed) and the names match. */
    int os_user;
    /* ---- version 3 (encryption at rest, docs/security.md) ---- */
    /* The passphrase of an encrypted database (UTF-8; key via Argon2id and the salt in the
     * file), or NULL. At most one of passphrase and key_hex; neither = a plain database.
     * With `create`, a new file is encrypted with it. A key that does not open the file is
     * CLT_PERMISSION_DENIED "wrong key, or not an encrypted clientele database" (nothing
     * is written); a key for a plain database is CLT_INVALID_INPUT. Borrowed. */
    const char *passphrase;
    /* A raw 256-bit key as 64 hexadecimal digits, or NULL. Borrowed. */
    const char *key_hex;
} clt_db_open_options;

/* Versions 1 (user, create, read_only) and 2 (credentials) are still accepted by
 * clt_db_open and clt_db_open_options_init. */
#define CLT_DB_OPEN_OPTIONS_VERSION 3
#define CLT_DB_OPEN_OPTIONS_INIT { CLT_DB_OPEN_OPTIONS_VERSION, NULL, 0, 0, NULL, NULL, 0, 0, NULL, NULL }

/* Fills *opts with the defaults of options struct version `version` (pass
 * CLT_DB_OPEN_OPTIONS_VERSION). CLT_UNSUPPORTED if this library does not know that version,
 * CLT_MISUSE if opts is NULL. */
CLT_API clt_status clt_db_open_options_init(clt_db_open_options *opts, unsigned int version); /* [thread-safe] */

/* Opens (or, with opts->create, creates) the database at `path` (UTF-8). opts may be NULL
 * for the defaults (user "admin", no create, read-write). On success *out receives a new
 * handle the caller owns and must pass to clt_db_close(); on failure *out is NULL.
 * CLT_NOT_FOUND: no file at `path` (without create) or an unknown user (where no
 * credential is required or given); CLT_PERMISSION_DENIED: a credential refused or missing
 * where required (authentication failed); CLT_STORAGE: the file cannot be opened; CLT_CORRUPT_DATA: it is not a clientele database;
 * CLT_UNSUPPORTED: its schema is newer than this library, or opts->version is 0 or newer. */
CLT_API clt_status clt_db_open(clt_db **out, const char *path, const clt_db_open_options *opts); /* [thread-safe] */

/* Closes the handle and frees it; an open transaction is rolled back. NULL is a no-op. */
CLT_API void clt_db_close(clt_db *db); /* [per handle] */

/* Changes the key of the database at `path` (UTF-8), all or nothing: it is copied into a
 * new file encrypted with the new key, checked, and renamed into place. opts opens the
 * current file (user, credentials, and its passphrase / key_hex: none for a plain file,
 * which is then encrypted); the user must be an admin. The new key: new_passphrase or
 * new_key_hex (64 hex digits), at most one; both NULL writes a plain (decrypted) file.
 * Nobody else may have the database open (CLT_STORAGE otherwise). Errors as clt_db_open,
 * CLT_INVALID_INPUT for a malformed new key. */
CLT_API clt_status clt_db_rekey(const char *path, const clt_db_open_options *opts, const char *new_passphrase,
                                const char *new_key_hex); /* [thread-safe] */

/* The user this handle acts as, as user JSON. *out_json: caller-owned. */
CLT_API clt_status clt_db_current_user(char **out_json, clt_db *db); /* [per handle] */

/* ==== Transactions =================================================================== */

/* Starts an explicit transaction on this handle: every operation until commit or rollback
 * is applied together. One at a time per handle (CLT_MISUSE if one is already open).
 * clt_db_close() rolls back an uncommitted transaction. */
CLT_API clt_status clt_transaction_begin(clt_db *db); /* [per handle] */

/* Commits the open transaction (CLT_MISUSE if none). On failure nothing of it is kept and
 * the transaction is closed. */
CLT_API clt_status clt_transaction_commit(clt_db *db); /* [per handle] */

/* Discards everything done since clt_transaction_begin (CLT_MISUSE if none is open). */
CLT_API clt_status clt_transaction_rollback(clt_db *db); /* [per handle] */

/* 1 if a transaction is open on this handle, 0 if not or if db is NULL. */
CLT_API int clt_transaction_active(const clt_db *db); /* [per handle] */

/* ==== Customers ====================================================================== */
/* `ref` arguments name one customer by its UUID text or its external_id. A customer the
 * current user may not see (a sales user and another user's customer) is CLT_NOT_FOUND,
 * exactly as if it did not exist. */

/* Validates and stores a new customer given as customer JSON. out_json (optional)
 * receives the customer as stored (id, version 1, normalized contacts); caller-owned.
 * CLT_INVALID_INPUT (naming the field) for bad JSON or values; nothing is written then. */
CLT_API clt_status clt_customer_create(char **out_json, clt_db *db, const char *customer_json); /* [per handle] */

/* The customer `ref` as JSON in *out_json (caller-owned). CLT_NOT_FOUND if absent. */
CLT_API clt_status clt_customer_get(char **out_json, clt_db *db, const char *ref); /* [per handle] */

/* Like clt_customer_get, but an absent customer is not an error: CLT_OK with *out_json
 * set to NULL. */
CLT_API clt_status clt_customer_find(char **out_json, clt_db *db, const char *ref); /* [per handle] */

/* Applies a JSON merge patch (RFC 7396; a JSON object) to customer `ref` if its version is
 * still `expected_version`: CLT_CONFLICT otherwise, and the customer is unchanged.
 * Read-only fields cannot be patched. out_json (optional): the customer after. */
CLT_API clt_status clt_customer_update(char **out_json, clt_db *db, const char *ref, const char *patch_json,
                                       int64_t expected_version); /* [per handle] */

/* Stores a whole modified customer read earlier (its JSON carries id and version);
 * CLT_CONFLICT if it changed since. out_json (optional): the customer after. */
CLT_API clt_status clt_customer_save(char **out_json, clt_db *db, const char *customer_json); /* [per handle] */

/* Sets the customer's status to archived (kept, hidden from default work lists).
 * out_json (optional): the customer after. */
CLT_API clt_status clt_customer_archive(char **out_json, clt_db *db, const char *ref); /* [per handle] */

/* Removes the customer and its interactions for good. Managers and admins only
 * (CLT_PERMISSION_DENIED otherwise). */
CLT_API clt_status clt_customer_delete(clt_db *db, const char *ref); /* [per handle] */

/* The visible customers with this email, compared in normalized form, as a JSON array of
 * customers in *out_json (caller-owned; "[]" when none). */
CLT_API clt_status clt_customer_find_by_email(char **out_json, clt_db *db, const char *email); /* [per handle] */

/* The visible customers with this phone number (normalized: spaces, punctuation, +86,
 * 0086, national prefixes), as a JSON array in *out_json (caller-owned). */
CLT_API clt_status clt_customer_find_by_phone(char **out_json, clt_db *db, const char *phone); /* [per handle] */

/* Full-text search over names, company, contacts, city, tags and external id (Chinese
 * text matches as a substring). At most `limit` customers (0 = 50) as a JSON array in
 * *out_json (caller-owned). */
CLT_API clt_status clt_customer_search(char **out_json, clt_db *db, const char *query, size_t limit); /* [per handle] */

/* One page of customers. filter_json: a customer filter object ({"tag", "owner", "kind",
 * "status", "created_from", "created_to", "updated_from", "updated_to"}); NULL or "" = all.
 * limit: 1..10000, 0 = 100. cursor: the previous page's "next_cursor"; NULL or "" = from
 * the start. *out_json (caller-owned): {"items": [...], "next_cursor": "..."}, with no
 * "next_cursor" on the last page. */
CLT_API clt_status clt_customer_list(char **out_json, clt_db *db, const char *filter_json, size_t limit,
                                     const char *cursor); /* [per handle] */

/* How many visible customers match filter_json (as for clt_customer_list; NULL or "" =
 * all) in *out_count (0 on failure). */
CLT_API clt_status clt_customer_count(int64_t *out_count, clt_db *db, const char *filter_json); /* [per handle] */

/* ==== Tags =========================================================================== */
/* Tags cross as a JSON array of strings: ["vip", "wholesale"]. */

/* Adds tags (trimmed, duplicates ignored) to customer `ref`. out_json (optional): the
 * customer's tags after, as a JSON array (caller-owned). */
CLT_API clt_status clt_tag_add(char **out_json, clt_db *db, const char *ref, const char *tags_json); /* [per handle] */

/* Removes tags from customer `ref`. out_json (optional): the tags after. */
CLT_API clt_status clt_tag_remove(char **out_json, clt_db *db, const char *ref, const char *tags_json); /* [per handle] */

/* The tags of customer `ref` as a JSON array in *out_json (caller-owned). */
CLT_API clt_status clt_tag_list(char **out_json, clt_db *db, const char *ref); /* [per handle] */

/* Every tag in use on visible customers with its customer count, as a JSON array
 * [{"tag": "vip", "customers": 12}, ...] in *out_json (caller-owned). */
CLT_API clt_status clt_tag_list_all(char **out_json, clt_db *db); /* [per handle] */

/* ==== Interactions =================================================================== */

/* Records an interaction given as interaction JSON (its customer by "customer_id" or
 * "customer_external_id"). out_json (optional): the interaction as stored. */
CLT_API clt_status clt_interaction_add(char **out_json, clt_db *db, const char *interaction_json); /* [per handle] */

/* The interaction `ref` (UUID text or external_id) as JSON in *out_json (caller-owned). */
CLT_API clt_status clt_interaction_get(char **out_json, clt_db *db, const char *ref); /* [per handle] */

/* One page of interactions, ordered by occurred_at. filter_json: {"customer", "kind",
 * "from", "to", "owner"} (occurred_at in [from, to)); NULL or "" = all visible. limit and
 * cursor as for clt_customer_list. *out_json (caller-owned): {"items", "next_cursor"}. */
CLT_API clt_status clt_interaction_list(char **out_json, clt_db *db, const char *filter_json, size_t limit,
                                        const char *cursor); /* [per handle] */

/* How many visible interactions match filter_json (NULL or "" = all) in *out_count. */
CLT_API clt_status clt_interaction_count(int64_t *out_count, clt_db *db, const char *filter_json); /* [per handle] */

/* ==== Users ========================================================================== */

/* Adds a user given as user JSON ({"username", "display_name", "role", "team", "active"}).
 * Admins only. out_json (optional): the user as stored. */
CLT_API clt_status clt_user_add(char **out_json, clt_db *db, const char *user_json); /* [per handle] */

/* Changes a user's role, team, display name or active flag with a JSON merge patch.
 * Admins only. out_json (optional): the user after. */
CLT_API clt_status clt_user_update(char **out_json, clt_db *db, const char *username, const char *patch_json); /* [per handle] */

/* The user `username` as JSON in *out_json (caller-owned). */
CLT_API clt_status clt_user_get(char **out_json, clt_db *db, const char *username); /* [per handle] */

/* Every user as a JSON array in *out_json (caller-owned). */
CLT_API clt_status clt_user_list(char **out_json, clt_db *db); /* [per handle] */

/* ==== Authentication (docs/security.md) ============================================== */

/* Changes the handle's user's own password; old_password must be the current one ("" or
 * NULL when the user has none yet). CLT_PERMISSION_DENIED (logged) when it is wrong,
 * CLT_INVALID_INPUT when new_password breaks the rules (8 to 1024 bytes of UTF-8). */
CLT_API clt_status clt_auth_change_password(clt_db *db, const char *old_password, const char *new_password); /* [per handle] */

/* Admins only: sets `username`'s password; another user must change it at their next
 * password login (clt_db_open_options.new_password). Lifts the user's lockout. */
CLT_API clt_status clt_auth_reset_password(clt_db *db, const char *username, const char *new_password); /* [per handle] */

/* Admins only: non-zero `on` makes the database require credentials (setting
 * auth.required); turning it on needs the current admin to have a password. */
CLT_API clt_status clt_auth_require(clt_db *db, int on); /* [per handle] */

/* The credential policy of the database at `path` (UTF-8) without opening it as a user, as
 * JSON in *out_json (caller-owned): {"required", "trusted_host_allowed", "os_user_allowed"}. */
CLT_API clt_status clt_auth_policy(char **out_json, const char *path); /* [thread-safe] */

/* The same, for an encrypted database: its passphrase (UTF-8) or raw key_hex (64
 * hexadecimal digits), at most one; both NULL reads a plain one. A key that does not open
 * the file is CLT_PERMISSION_DENIED "wrong key, ..."; nothing is written. */
CLT_API clt_status clt_auth_policy_keyed(char **out_json, const char *path, const char *passphrase,
                                         const char *key_hex); /* [thread-safe] */

/* Admins only: the authentication log as a JSON array in *out_json (caller-owned), oldest
 * first: [{"id", "at", "username", "layer", "method", "outcome"}]. */
CLT_API clt_status clt_auth_log(char **out_json, clt_db *db); /* [per handle] */

/* ==== Settings and statistics ======================================================== */

/* The value of setting `key` ("default_region", "default_currency", "auth.required",
 * "auth.trusted_host_allowed", "auth.os_user_allowed", "auth.lockout_attempts",
 * "auth.lockout_window_seconds", "auth.lockout_seconds") in *out_value (caller-owned). */
CLT_API clt_status clt_setting_get(char **out_value, clt_db *db, const char *key); /* [per handle] */

/* Sets setting `key` to `value`. Admins only. */
CLT_API clt_status clt_setting_set(clt_db *db, const char *key, const char *value); /* [per handle] */

/* What is in the store as far as the current user can see, as a JSON object in *out_json
 * (caller-owned): customers, customers_by_status, ..., schema_version. */
CLT_API clt_status clt_db_stats(char **out_json, clt_db *db); /* [per handle] */

/* Checks the store for damage (docs/check.md; admins only; reads only, also on a file the
 * open found cut short). options_json: {"quick": true} for SQLite's quick_check and no
 * per-record checks; NULL or "" = the full check. *out_json (caller-owned) receives {"ok",
 * "checks": [names], "problems": [{"check", "subject", "detail"}], "customers",
 * "interactions"}. CLT_OK: nothing was found. CLT_CORRUPT_DATA with *out_json SET (as for
 * an import's report): something was. Other failures leave *out_json NULL. */
CLT_API clt_status clt_db_check(char **out_json, clt_db *db, const char *options_json); /* [per handle] */

/* ---- analytics ---- */
/* RFM scores and lifecycle stages (rules: docs/analytics.md), computed from caller-owned
 * column arrays or from a database's stored purchases. Results are opaque handles; their
 * columns are arrays OWNED BY THE RESULT, valid until it is freed, one element per row.
 * Customer keys are the caller's int64 keys; for results computed from a database they are
 * internal ids, and clt_*_customer_ref() gives each customer's external id (or UUID). */

typedef struct clt_rfm_result clt_rfm_result;
typedef struct clt_lifecycle_result clt_lifecycle_result;

/* Initialise with CLT_RFM_OPTIONS_INIT or clt_rfm_options_init() before setting fields. */
typedef struct clt_rfm_options {
    unsigned int version;      /* CLT_RFM_OPTIONS_VERSION */
    const char *as_of;         /* "YYYY-MM-DD" (UTC date); required. Borrowed. */
    int bins;                  /* 2..10; default 5 */
    double high_tier;          /* value_tier high when (rank_M - 1) / n >= this; 0.8 */
    double medium_tier;        /* medium when >= this; 0.5 */
    int64_t units_per_second;  /* timestamp unit: 1 = Unix seconds (default), 1000 = ms, ... */
    unsigned int threads;      /* 0 = every core */
    /* ---- version 2 ---- */
    /* Custom segments instead of the default grid (bins 5): UTF-8 JSON
     * [{"name": "vip", "r": [4, 5], "f": [4, 5]}, ...], the first matching rule wins; NULL or
     * "" = the default grid. CLT_INVALID_INPUT (field "segments[i].r", ...) when malformed.
     * Borrowed. */
    const char *segments_json;
} clt_rfm_options;

/* Version 1 (without segments_json) is still accepted. */
#define CLT_RFM_OPTIONS_VERSION 2
#define CLT_RFM_OPTIONS_INIT { CLT_RFM_OPTIONS_VERSION, NULL, 5, 0.8, 0.5, 1, 0, NULL }

/* Fills *opts with the defaults of version `version` (CLT_RFM_OPTIONS_VERSION). */
CLT_API clt_status clt_rfm_options_init(clt_rfm_options *opts, unsigned int version); /* [thread-safe] */

/* RFM of `rows` transactions given as three caller-owned arrays (read during the call only):
 * customer keys, timestamps (Unix time in opts->units_per_second), amounts in minor units
 * (cents; < 0 refunds). An array may be NULL only when rows is 0. On success *out receives
 * a result the caller frees with clt_rfm_result_free(). CLT_INVALID_INPUT for bad options. */
CLT_API clt_status clt_rfm_compute(clt_rfm_result **out, const int64_t *customer, const int64_t *timestamp,
                                   const int64_t *amount, size_t rows, const clt_rfm_options *opts); /* [thread-safe] */

/* RFM of the purchases and refunds of the customers the database's user can see, in
 * `currency` (ISO 4217). NULL: the only currency of those purchases (the default currency
 * when there are none); CLT_INVALID_INPUT (field "currency") when they are in several. */
CLT_API clt_status clt_rfm_compute_from_db(clt_rfm_result **out, clt_db *db, const char *currency,
                                           const clt_rfm_options *opts); /* [per handle] */

/* The currency the *_from_db analytics count in, given `currency` as they are (NULL: the
 * only currency of the visible purchases, the default currency when there are none):
 * their amounts are in its minor units, whose decimals only the currency tells (JPY 0,
 * CNY 2). CLT_INVALID_INPUT (field "currency") when the purchases are in several. */
CLT_API clt_status clt_analytics_currency(char **out_code, clt_db *db, const char *currency); /* [per handle] */

/* Rows (scored customers, ascending key). 0 for NULL. */
CLT_API size_t clt_rfm_result_size(const clt_rfm_result *result); /* [per handle] */
CLT_API const int64_t *clt_rfm_result_customer(const clt_rfm_result *result); /* [per handle] */
CLT_API const int64_t *clt_rfm_result_recency_days(const clt_rfm_result *result); /* [per handle] */
CLT_API const int64_t *clt_rfm_result_frequency(const clt_rfm_result *result); /* [per handle] */
CLT_API const int64_t *clt_rfm_result_monetary(const clt_rfm_result *result); /* minor units [per handle] */
CLT_API const uint8_t *clt_rfm_result_r(const clt_rfm_result *result); /* [per handle] */
CLT_API const uint8_t *clt_rfm_result_f(const clt_rfm_result *result); /* [per handle] */
CLT_API const uint8_t *clt_rfm_result_m(const clt_rfm_result *result); /* [per handle] */
CLT_API const uint8_t *clt_rfm_result_value_tier(const clt_rfm_result *result); /* 0 low, 1 medium, 2 high [per handle] */
/* The segment name of a row ("" when bins is not 5), owned by the result; NULL when row is
 * out of range. */
CLT_API const char *clt_rfm_result_segment(const clt_rfm_result *result, size_t row); /* [per handle] */
/* The customer's external id or UUID for results from a database; NULL otherwise. */
CLT_API const char *clt_rfm_result_customer_ref(const clt_rfm_result *result, size_t row); /* [per handle] */
/* Frees a result; NULL is a no-op. */
CLT_API void clt_rfm_result_free(clt_rfm_result *result); /* [per handle] */

typedef struct clt_lifecycle_options {
    unsigned int version;      /* CLT_LIFECYCLE_OPTIONS_VERSION */
    const char *as_of;         /* "YYYY-MM-DD"; required. Borrowed. */
    int churned_days;          /* 365 */
    int at_risk_days;          /* 180 */
    int reactivated_gap_days;  /* 365 */
    int loyal_purchases;       /* 4 */
    int loyal_window_days;     /* 365 */
    int64_t units_per_second;  /* 1 */
    unsigned int threads;      /* 0 = every core */
} clt_lifecycle_options;

#define CLT_LIFECYCLE_OPTIONS_VERSION 1
#define CLT_LIFECYCLE_OPTIONS_INIT { CLT_LIFECYCLE_OPTIONS_VERSION, NULL, 365, 180, 365, 4, 365, 1, 0 }

CLT_API clt_status clt_lifecycle_options_init(clt_lifecycle_options *opts, unsigned int version); /* [thread-safe] */

/* Lifecycle stages from caller-owned columns as for clt_rfm_compute, plus `known` keys of
 * customers known without transactions (may be NULL when known_count is 0): they are
 * prospects until their first purchase. */
CLT_API clt_status clt_lifecycle_compute(clt_lifecycle_result **out, const int64_t *customer,
                                         const int64_t *timestamp, const int64_t *amount, size_t rows,
                                         const int64_t *known, size_t known_count,
                                         const clt_lifecycle_options *opts); /* [thread-safe] */
/* Lifecycle stages of every customer the database's user can see. */
CLT_API clt_status clt_lifecycle_compute_from_db(clt_lifecycle_result **out, clt_db *db, const char *currency,
                                                 const clt_lifecycle_options *opts); /* [per handle] */

CLT_API size_t clt_lifecycle_result_size(const clt_lifecycle_result *result); /* [per handle] */
CLT_API const int64_t *clt_lifecycle_result_customer(const clt_lifecycle_result *result); /* [per handle] */
/* Stage codes: 0 prospect, 1 new, 2 repeat, 3 loyal, 4 at_risk, 5 churned, 6 reactivated. */
CLT_API const uint8_t *clt_lifecycle_result_stage(const clt_lifecycle_result *result); /* [per handle] */
/* Day (days since 1970-01-01) each customer entered its stage; INT64_MIN for prospects. */
CLT_API const int64_t *clt_lifecycle_result_stage_since(const clt_lifecycle_result *result); /* [per handle] */
CLT_API const char *clt_lifecycle_result_customer_ref(const clt_lifecycle_result *result, size_t row); /* [per handle] */
/* "prospect", "new", ... for a stage code; NULL for another value. Static storage. */
CLT_API const char *clt_lifecycle_stage_name(uint8_t stage); /* [thread-safe] */
CLT_API void clt_lifecycle_result_free(clt_lifecycle_result *result); /* [per handle] */

/* ---- customer lifetime value (docs/clv.md) ---- */
/* The CLV summary (frequency, recency, T, monetary value as lifetimes defines them), the
 * BG/NBD and Gamma-Gamma fits and the predictions per customer, from caller-owned columns
 * (as for clt_rfm_compute) or from a database (as for clt_rfm_compute_from_db). Bad input
 * is CLT_INVALID_INPUT naming the field: "frequency" (too few customers with a repeat
 * purchase), "T" (every first purchase on the observation day), "monetary_value" (a
 * non-positive spend given to the Gamma-Gamma fit), "fit" (the optimiser did not
 * converge). A result never holds NaN columns. */

typedef struct clt_clv_result clt_clv_result;

typedef struct clt_clv_options {
    unsigned int version;          /* CLT_CLV_OPTIONS_VERSION */
    const char *as_of;             /* "YYYY-MM-DD": the observation end; required. Borrowed. */
    const char *period;            /* "D" (default, NULL too), "W" (weeks from Monday) or "M". Borrowed. */
    double horizon;                /* periods to predict purchases and CLV over; 365 */
    double monthly_discount_rate;  /* 0.01 */
    int64_t units_per_second;      /* timestamp unit: 1 = Unix seconds (default) */
    unsigned int threads;          /* 0 = every core */
    size_t min_repeat_customers;   /* fewer customers with a repeat purchase is an error; 10 */
} clt_clv_options;

#define CLT_CLV_OPTIONS_VERSION 1
#define CLT_CLV_OPTIONS_INIT { CLT_CLV_OPTIONS_VERSION, NULL, NULL, 365.0, 0.01, 1, 0, 10 }

CLT_API clt_status clt_clv_options_init(clt_clv_options *opts, unsigned int version); /* [thread-safe] */

/* CLV of `rows` transactions (customer keys, timestamps, amounts in minor units). */
CLT_API clt_status clt_clv_compute(clt_clv_result **out, const int64_t *customer, const int64_t *timestamp,
                                   const int64_t *amount, size_t rows, const clt_clv_options *opts); /* [thread-safe] */
/* CLV of the purchases and refunds of the customers the database's user can see. */
CLT_API clt_status clt_clv_compute_from_db(clt_clv_result **out, clt_db *db, const char *currency,
                                           const clt_clv_options *opts); /* [per handle] */

/* Rows: customers with a purchase on or before as_of, ascending key. 0 for NULL. */
CLT_API size_t clt_clv_result_size(const clt_clv_result *result); /* [per handle] */
CLT_API const int64_t *clt_clv_result_customer(const clt_clv_result *result); /* [per handle] */
CLT_API const double *clt_clv_result_frequency(const clt_clv_result *result); /* [per handle] */
CLT_API const double *clt_clv_result_recency(const clt_clv_result *result); /* periods [per handle] */
CLT_API const double *clt_clv_result_t(const clt_clv_result *result); /* T, periods [per handle] */
CLT_API const double *clt_clv_result_monetary_value(const clt_clv_result *result); /* minor units [per handle] */
CLT_API const double *clt_clv_result_p_alive(const clt_clv_result *result); /* [per handle] */
/* Expected purchases over the horizon. */
CLT_API const double *clt_clv_result_expected_purchases(const clt_clv_result *result); /* [per handle] */
/* Expected spend per purchase (Gamma-Gamma), minor units. */
CLT_API const double *clt_clv_result_expected_value(const clt_clv_result *result); /* [per handle] */
CLT_API const double *clt_clv_result_clv(const clt_clv_result *result); /* minor units [per handle] */
/* A fitted parameter by name: "r", "alpha", "a", "b" (BG/NBD), "p", "q", "v" (Gamma-Gamma,
 * v in minor units); standard_error may be NULL. CLT_INVALID_INPUT for another name. */
CLT_API clt_status clt_clv_result_parameter(const clt_clv_result *result, const char *name, double *value,
                                            double *standard_error); /* [per handle] */
/* The correlation of frequency and spend among repeat customers (Gamma-Gamma assumes 0). */
CLT_API double clt_clv_result_frequency_monetary_correlation(const clt_clv_result *result); /* [per handle] */
CLT_API const char *clt_clv_result_customer_ref(const clt_clv_result *result, size_t row); /* [per handle] */
CLT_API void clt_clv_result_free(clt_clv_result *result); /* [per handle] */

/* The fits alone, on a summary the caller has (frequency, recency, T: `rows` each):
 * out_params and out_standard_errors (either may be NULL) receive r, alpha, a, b. */
CLT_API clt_status clt_clv_fit_bgnbd(double out_params[4], double out_standard_errors[4], const double *frequency,
                                     const double *recency, const double *T, size_t rows); /* [thread-safe] */
/* p, q, v from the rows with frequency > 0. */
CLT_API clt_status clt_clv_fit_gamma_gamma(double out_params[3], double out_standard_errors[3],
                                           const double *frequency, const double *monetary_value,
                                           size_t rows); /* [thread-safe] */

/* ---- analytics over time: funnel, stage history, transitions, new vs returning ---- */
/* The same rules as the lifecycle stages above (docs/analytics.md), from caller-owned
 * columns (as for clt_lifecycle_compute) or from a database (the customers its user can
 * see, as for clt_lifecycle_compute_from_db). */

#define CLT_LIFECYCLE_STAGES 7 /* stage codes are 0 .. CLT_LIFECYCLE_STAGES - 1 */

/* The funnel: out_counts[code] = how many rows of a lifecycle result are in that stage.
 * out_counts is caller-owned, counts_len elements, at least CLT_LIFECYCLE_STAGES
 * (CLT_MISUSE otherwise); elements past CLT_LIFECYCLE_STAGES are left as they were. */
CLT_API clt_status clt_lifecycle_result_counts(int64_t *out_counts, size_t counts_len,
                                               const clt_lifecycle_result *result); /* [per handle] */

typedef struct clt_stage_history_result clt_stage_history_result;

/* Every stage change up to opts->as_of: one row per (customer, day, stage entered),
 * ordered by customer then day; a customer's first row is the day of its first purchase.
 * Free the result with clt_stage_history_result_free(). */
CLT_API clt_status clt_stage_history_compute(clt_stage_history_result **out, const int64_t *customer,
                                             const int64_t *timestamp, const int64_t *amount, size_t rows,
                                             const clt_lifecycle_options *opts); /* [thread-safe] */
CLT_API clt_status clt_stage_history_compute_from_db(clt_stage_history_result **out, clt_db *db,
                                                     const char *currency, const clt_lifecycle_options *opts); /* [per handle] */
CLT_API size_t clt_stage_history_result_size(const clt_stage_history_result *history); /* [per handle] */
CLT_API const int64_t *clt_stage_history_result_customer(const clt_stage_history_result *history); /* [per handle] */
CLT_API const int64_t *clt_stage_history_result_day(const clt_stage_history_result *history); /* days since 1970-01-01 [per handle] */
CLT_API const uint8_t *clt_stage_history_result_stage(const clt_stage_history_result *history); /* stage codes [per handle] */
/* The customer's external id or UUID for histories from a database; NULL otherwise. */
CLT_API const char *clt_stage_history_result_customer_ref(const clt_stage_history_result *history, size_t row); /* [per handle] */
CLT_API void clt_stage_history_result_free(clt_stage_history_result *history); /* [per handle] */

/* The stage-to-stage transition matrix: out_counts[a * CLT_LIFECYCLE_STAGES + b] =
 * customers in stage a on `from` and in stage b on opts->as_of ("YYYY-MM-DD" each; from <=
 * as_of). out_counts is caller-owned, counts_len elements, at least CLT_LIFECYCLE_STAGES *
 * CLT_LIFECYCLE_STAGES (CLT_MISUSE otherwise); it is left unchanged on failure. Known
 * customers (and, from a database, visible customers without purchases) count as prospects
 * until their first purchase. */
CLT_API clt_status clt_stage_transitions_compute(int64_t *out_counts, size_t counts_len, const int64_t *customer,
                                                 const int64_t *timestamp, const int64_t *amount, size_t rows,
                                                 const int64_t *known, size_t known_count, const char *from,
                                                 const clt_lifecycle_options *opts); /* [thread-safe] */
CLT_API clt_status clt_stage_transitions_compute_from_db(int64_t *out_counts, size_t counts_len, clt_db *db,
                                                         const char *currency, const char *from,
                                                         const clt_lifecycle_options *opts); /* [per handle] */

typedef struct clt_new_vs_returning_options {
    unsigned int version;      /* CLT_NEW_VS_RETURNING_OPTIONS_VERSION */
    const char *from;          /* first day of the period, "YYYY-MM-DD"; required. Borrowed. */
    const char *to;            /* last day (inclusive), "YYYY-MM-DD"; required. Borrowed. */
    int64_t units_per_second;  /* 1 */
    unsigned int threads;      /* 0 = every core */
} clt_new_vs_returning_options;

#define CLT_NEW_VS_RETURNING_OPTIONS_VERSION 1
#define CLT_NEW_VS_RETURNING_OPTIONS_INIT { CLT_NEW_VS_RETURNING_OPTIONS_VERSION, NULL, NULL, 1, 0 }

CLT_API clt_status clt_new_vs_returning_options_init(clt_new_vs_returning_options *opts, unsigned int version); /* [thread-safe] */

typedef struct clt_new_vs_returning_result clt_new_vs_returning_result;

/* Customers who purchased in [from, to]: new when their first purchase ever is in the
 * period, returning when they had bought before it. Rows in ascending key order. */
CLT_API clt_status clt_new_vs_returning_compute(clt_new_vs_returning_result **out, const int64_t *customer,
                                                const int64_t *timestamp, const int64_t *amount, size_t rows,
                                                const clt_new_vs_returning_options *opts); /* [thread-safe] */
CLT_API clt_status clt_new_vs_returning_compute_from_db(clt_new_vs_returning_result **out, clt_db *db,
                                                        const char *currency,
                                                        const clt_new_vs_returning_options *opts); /* [per handle] */
CLT_API size_t clt_new_vs_returning_result_size(const clt_new_vs_returning_result *result); /* [per handle] */
CLT_API const int64_t *clt_new_vs_returning_result_customer(const clt_new_vs_returning_result *result); /* [per handle] */
CLT_API const uint8_t *clt_new_vs_returning_result_returning(const clt_new_vs_returning_result *result); /* 0 new, 1 returning [per handle] */
/* How many rows are new / returning; 0 for NULL. */
CLT_API int64_t clt_new_vs_returning_result_new_count(const clt_new_vs_returning_result *result); /* [per handle] */
CLT_API int64_t clt_new_vs_returning_result_returning_count(const clt_new_vs_returning_result *result); /* [per handle] */
CLT_API const char *clt_new_vs_returning_result_customer_ref(const clt_new_vs_returning_result *result, size_t row); /* [per handle] */
CLT_API void clt_new_vs_returning_result_free(clt_new_vs_returning_result *result); /* [per handle] */

/* ---- cohorts, repeat purchases, revenue by group over time ---- */
/* The tables a retention analysis starts with (rules: docs/analytics.md, "Cohorts"), from
 * caller-owned columns (as for clt_rfm_compute) or from a database (the customers its user
 * can see, in one currency, as for clt_rfm_compute_from_db). Months are UTC calendar months
 * counted since January 1970 (0 = 1970-01). Results are opaque; their columns are arrays
 * OWNED BY THE RESULT, valid until it is freed. */

/* Initialise with CLT_COHORTS_OPTIONS_INIT or clt_cohorts_options_init() before setting fields. */
typedef struct clt_cohorts_options {
    unsigned int version;      /* CLT_COHORTS_OPTIONS_VERSION */
    const char *as_of;         /* "YYYY-MM-DD"; required; later rows are ignored. Borrowed. */
    const char *from;          /* "YYYY-MM-DD": its month is the first cohort (customers who bought
                                  earlier are left out); NULL = the earliest purchase's month. */
    int64_t units_per_second;  /* 1 */
    unsigned int threads;      /* 0 = every core */
} clt_cohorts_options;

#define CLT_COHORTS_OPTIONS_VERSION 1
#define CLT_COHORTS_OPTIONS_INIT { CLT_COHORTS_OPTIONS_VERSION, NULL, NULL, 1, 0 }

CLT_API clt_status clt_cohorts_options_init(clt_cohorts_options *opts, unsigned int version); /* [thread-safe] */

typedef struct clt_cohorts_result clt_cohorts_result;

/* Acquisition cohorts × months since first purchase, one row per (cohort, period), period
 * 0 up to as_of's month, ordered by cohort then period. Free with clt_cohorts_result_free(). */
CLT_API clt_status clt_cohorts_compute(clt_cohorts_result **out, const int64_t *customer, const int64_t *timestamp,
                                       const int64_t *amount, size_t rows,
                                       const clt_cohorts_options *opts); /* [thread-safe] */
CLT_API clt_status clt_cohorts_compute_from_db(clt_cohorts_result **out, clt_db *db, const char *currency,
                                               const clt_cohorts_options *opts); /* [per handle] */
CLT_API size_t clt_cohorts_result_size(const clt_cohorts_result *result); /* 0 for NULL [per handle] */
CLT_API const int32_t *clt_cohorts_result_cohort(const clt_cohorts_result *result); /* month of first purchase [per handle] */
CLT_API const int32_t *clt_cohorts_result_period(const clt_cohorts_result *result); /* months since it [per handle] */
CLT_API const int64_t *clt_cohorts_result_cohort_customers(const clt_cohorts_result *result); /* [per handle] */
CLT_API const int64_t *clt_cohorts_result_customers(const clt_cohorts_result *result); /* with a purchase in the month [per handle] */
CLT_API const int64_t *clt_cohorts_result_revenue(const clt_cohorts_result *result); /* minor units, refunds subtracted [per handle] */
CLT_API const double *clt_cohorts_result_retention(const clt_cohorts_result *result); /* customers / cohort_customers [per handle] */
CLT_API void clt_cohorts_result_free(clt_cohorts_result *result); /* NULL is a no-op [per handle] */

#define CLT_GAP_BUCKETS 8 /* days between purchases: 0-7, 8-14, 15-30, 31-60, 61-90, 91-180, 181-365, 366+ */

typedef struct clt_repeat_purchases_result clt_repeat_purchases_result;

/* Share of each cohort's customers (options as for clt_cohorts_compute) with two or more
 * purchases, in all, and the days between consecutive purchases. Rows: one per cohort. */
CLT_API clt_status clt_repeat_purchases_compute(clt_repeat_purchases_result **out, const int64_t *customer,
                                                const int64_t *timestamp, const int64_t *amount, size_t rows,
                                                const clt_cohorts_options *opts); /* [thread-safe] */
CLT_API clt_status clt_repeat_purchases_compute_from_db(clt_repeat_purchases_result **out, clt_db *db,
                                                        const char *currency,
                                                        const clt_cohorts_options *opts); /* [per handle] */
CLT_API size_t clt_repeat_purchases_result_size(const clt_repeat_purchases_result *result); /* [per handle] */
CLT_API const int32_t *clt_repeat_purchases_result_cohort(const clt_repeat_purchases_result *result); /* [per handle] */
CLT_API const int64_t *clt_repeat_purchases_result_customers(const clt_repeat_purchases_result *result); /* [per handle] */
CLT_API const int64_t *clt_repeat_purchases_result_repeat_customers(const clt_repeat_purchases_result *result); /* [per handle] */
CLT_API const double *clt_repeat_purchases_result_repeat_rate(const clt_repeat_purchases_result *result); /* [per handle] */
/* Totals over every cohort; 0 for NULL. */
CLT_API int64_t clt_repeat_purchases_result_total_customers(const clt_repeat_purchases_result *result); /* [per handle] */
CLT_API int64_t clt_repeat_purchases_result_total_repeat_customers(const clt_repeat_purchases_result *result); /* [per handle] */
CLT_API double clt_repeat_purchases_result_total_repeat_rate(const clt_repeat_purchases_result *result); /* [per handle] */
/* Gaps (consecutive-purchase pairs) and their mean, median and 90th percentile in days
 * (linear interpolation; 0 without gaps); 0 for NULL. */
CLT_API int64_t clt_repeat_purchases_result_gaps(const clt_repeat_purchases_result *result); /* [per handle] */
CLT_API double clt_repeat_purchases_result_gap_mean_days(const clt_repeat_purchases_result *result); /* [per handle] */
CLT_API double clt_repeat_purchases_result_gap_median_days(const clt_repeat_purchases_result *result); /* [per handle] */
CLT_API double clt_repeat_purchases_result_gap_p90_days(const clt_repeat_purchases_result *result); /* [per handle] */
/* CLT_GAP_BUCKETS counts, owned by the result; NULL for NULL. */
CLT_API const int64_t *clt_repeat_purchases_result_gap_buckets(const clt_repeat_purchases_result *result); /* [per handle] */
/* The inclusive upper bound (days) of a gap bucket; -1 for the last (open) one and past it. */
CLT_API int64_t clt_repeat_purchases_gap_bucket_upper_days(size_t bucket); /* [thread-safe] */
CLT_API void clt_repeat_purchases_result_free(clt_repeat_purchases_result *result); /* [per handle] */

typedef struct clt_revenue_by_options {
    unsigned int version;      /* CLT_REVENUE_BY_OPTIONS_VERSION */
    const char *as_of;         /* "YYYY-MM-DD"; required. Borrowed. */
    const char *from;          /* "YYYY-MM-DD": its month is the first reported; NULL = the earliest row's */
    const char *by;            /* "segment", "tier" or "stage"; required. RFM and lifecycle rules are
                                  the defaults of clt_rfm_options and clt_lifecycle_options. */
    int64_t units_per_second;  /* 1 */
    unsigned int threads;      /* 0 = every core */
} clt_revenue_by_options;

#define CLT_REVENUE_BY_OPTIONS_VERSION 1
#define CLT_REVENUE_BY_OPTIONS_INIT { CLT_REVENUE_BY_OPTIONS_VERSION, NULL, NULL, NULL, 1, 0 }

CLT_API clt_status clt_revenue_by_options_init(clt_revenue_by_options *opts, unsigned int version); /* [thread-safe] */

typedef struct clt_revenue_by_result clt_revenue_by_result;

/* Revenue and customers per month by the group each customer was in at the month's end (at
 * as_of for the last): one row per (month, group), every group, ordered by month then group. */
CLT_API clt_status clt_revenue_by_compute(clt_revenue_by_result **out, const int64_t *customer,
                                          const int64_t *timestamp, const int64_t *amount, size_t rows,
                                          const clt_revenue_by_options *opts); /* [thread-safe] */
CLT_API clt_status clt_revenue_by_compute_from_db(clt_revenue_by_result **out, clt_db *db, const char *currency,
                                                  const clt_revenue_by_options *opts); /* [per handle] */
CLT_API size_t clt_revenue_by_result_size(const clt_revenue_by_result *result); /* [per handle] */
CLT_API const int32_t *clt_revenue_by_result_month(const clt_revenue_by_result *result); /* [per handle] */
CLT_API const uint8_t *clt_revenue_by_result_group(const clt_revenue_by_result *result); /* group codes [per handle] */
CLT_API const int64_t *clt_revenue_by_result_customers(const clt_revenue_by_result *result); /* at the month's end [per handle] */
CLT_API const int64_t *clt_revenue_by_result_active_customers(const clt_revenue_by_result *result); /* purchased in it [per handle] */
CLT_API const int64_t *clt_revenue_by_result_revenue(const clt_revenue_by_result *result); /* minor units [per handle] */
/* How many groups, and the name of a group code (owned by the result; NULL out of range):
 * segments in rule order then "none"; "low", "medium", "high", "none"; or the lifecycle stages. */
CLT_API size_t clt_revenue_by_result_group_count(const clt_revenue_by_result *result); /* [per handle] */
CLT_API const char *clt_revenue_by_result_group_name(const clt_revenue_by_result *result, size_t group); /* [per handle] */
CLT_API void clt_revenue_by_result_free(clt_revenue_by_result *result); /* [per handle] */

/* ---- import and export ---- */
/* Customers and interactions from CSV (UTF-8 or GB18030) or JSON Lines files, and out
 * again. See docs/import-export.md for the column names and the rules. */

/* Called every few thousand rows; return 0 to cancel the import (nothing is written and
 * the import returns CLT_CANCELLED), non-zero to go on. bytes_total is the file size. */
typedef int (*clt_progress_fn)(void *user_data, uint64_t bytes_read, uint64_t bytes_total,
                               int64_t rows);

typedef struct clt_import_options {
    unsigned int version;  /* CLT_IMPORT_OPTIONS_VERSION */
    /* Optional JSON object: {"format": "csv"|"jsonl", "encoding": "auto"|"utf-8"|"gb18030",
     * "delimiter": ",", "map": {"Column": "field", ...}, "unknown_columns":
     * "custom"|"ignore"|"error", "skip_invalid": false, "time_zone": "UTC",
     * "time_unit": "s"|"ms"|"us"|"ns" (what a time that is a bare number counts; without
     * it such a cell is refused), "date_order": "day-first"|"month-first" (how 05/01/2024
     * is read; without it such a date is refused), "max_errors": 1000, "force_encoding":
     * false (read as "encoding" even a file that looks otherwise: without it, gb18030 is
     * refused for a file that is valid UTF-8 with non-ASCII text)}. NULL or "" = all
     * defaults (csv, auto, all-or-nothing). */
    const char *options_json;
    /* Optional: a file the rejected rows are written to, with their reasons. */
    const char *rejected_path;
    clt_progress_fn progress;  /* optional */
    void *progress_data;       /* passed to progress */
} clt_import_options;

#define CLT_IMPORT_OPTIONS_VERSION 1
#define CLT_IMPORT_OPTIONS_INIT { CLT_IMPORT_OPTIONS_VERSION, NULL, NULL, NULL, NULL }

/* Fills *opts with the defaults of version `version` (pass CLT_IMPORT_OPTIONS_VERSION). */
CLT_API clt_status clt_import_options_init(clt_import_options *opts, unsigned int version); /* [thread-safe] */

/* The outcome of an import: counts and the rejected rows. Free with
 * clt_import_report_free(). */
typedef struct clt_import_report clt_import_report;

/* Imports customers (matched by external_id or uuid) or interactions (by external_id, or
 * customer + time + kind + amount) from the file at `path`. `opts` may be NULL.
 * CLT_OK: the import was written. CLT_INVALID_INPUT with *out_report SET (the one
 * exception to the rule that failures leave out parameters NULL): rows were invalid and,
 * unless skip_invalid, nothing was written; list them with clt_import_report_error.
 * Other failures (CLT_PERMISSION_DENIED, CLT_STORAGE, CLT_CANCELLED, ...) leave
 * *out_report NULL. */
CLT_API clt_status clt_customer_import(clt_import_report **out_report, clt_db *db, const char *path,
                                       const clt_import_options *opts); /* [per handle] */
CLT_API clt_status clt_interaction_import(clt_import_report **out_report, clt_db *db, const char *path,
                                          const clt_import_options *opts); /* [per handle] */

/* 1 when the import was written, 0 when nothing was. */
CLT_API int clt_import_report_committed(const clt_import_report *report); /* [per handle] */
/* Rows read and what became of them; every out pointer is optional. */
CLT_API void clt_import_report_counts(int64_t *out_rows, int64_t *out_created, int64_t *out_updated,
                                      int64_t *out_unchanged, int64_t *out_rejected,
                                      const clt_import_report *report); /* [per handle] */
/* Rejected rows kept in the report (at most max_errors; `rejected` counts them all). */
CLT_API size_t clt_import_report_error_count(const clt_import_report *report); /* [per handle] */
/* Rejected row `index`: its line, and borrowed strings valid until the report is freed
 * (every out pointer optional). CLT_MISUSE for an index out of range. */
CLT_API clt_status clt_import_report_error(int64_t *out_line, const char **out_file, const char **out_column,
                                           const char **out_value, const char **out_reason,
                                           const clt_import_report *report, size_t index); /* [per handle] */
/* The whole report as JSON in *out_json (caller-owned): {"committed", "rows", "created",
 * "updated", "unchanged", "rejected", "encoding", "errors": [{"file", "line", "column",
 * "value", "reason"}]}. */
CLT_API clt_status clt_import_report_json(char **out_json, const clt_import_report *report); /* [per handle] */
CLT_API void clt_import_report_free(clt_import_report *report); /* [per handle] */

/* Writes every visible customer / interaction to `path` as "csv" or "jsonl" (`format`
 * NULL = csv), in a form the imports read back exactly. *out_count (optional) receives
 * how many were written. */
CLT_API clt_status clt_customer_export(int64_t *out_count, clt_db *db, const char *path, const char *format); /* [per handle] */
CLT_API clt_status clt_interaction_export(int64_t *out_count, clt_db *db, const char *path, const char *format); /* [per handle] */

/* How to export. Initialise with CLT_EXPORT_OPTIONS_INIT or clt_export_options_init()
 * before setting fields. */
typedef struct clt_export_options {
    unsigned int version;  /* CLT_EXPORT_OPTIONS_VERSION */
    const char *format;    /* "csv" (NULL) or "jsonl". Borrowed. */
    /* CSV: 1 (default) puts a single quote before a cell a spreadsheet would run as a
     * formula (= + - @, tab, CR first), as OWASP recommends; import takes it off again.
     * 0 writes cells exactly as stored. */
    int formula_guard;
    /* Non-zero: leave out the records that cannot be read back (damaged) and list them in
     * the report, instead of failing the whole export. */
    int skip_damaged;
    /* "email", "sms", "phone" or "wechat": a customer export covers only the customers who
     * granted consent on that channel (the export for a marketing purpose, docs/privacy.md);
     * NULL = every visible customer. Not with skip_damaged. Borrowed. */
    const char *consented;
} clt_export_options;

#define CLT_EXPORT_OPTIONS_VERSION 1
#define CLT_EXPORT_OPTIONS_INIT { CLT_EXPORT_OPTIONS_VERSION, NULL, 1, 0, NULL }

/* Fills *opts with the defaults of version `version` (pass CLT_EXPORT_OPTIONS_VERSION). */
CLT_API clt_status clt_export_options_init(clt_export_options *opts, unsigned int version); /* [thread-safe] */

/* Writes every visible record of `type` ("customers" or "interactions") to `path` (opts
 * NULL = csv, formula guard on, nothing skipped). The file appears whole or not at all, and
 * a path that is the database or its -wal/-shm/-journal is refused (CLT_INVALID_INPUT)
 * before anything is written; the same holds for clt_customer_export and
 * clt_interaction_export. *out_json (optional, caller-owned):
 * {"exported": n, "skipped": [{"record", "reason"}]}. */
CLT_API clt_status clt_db_export(char **out_json, clt_db *db, const char *type, const char *path,
                                 const clt_export_options *opts); /* [per handle] */

/* ---- dedupe ---- */
/* Finding the rows of one real customer (docs/dedupe.md). Records cross as a JSON array of
 * objects with the customer column names (id, name, given_name, family_name, email, phone,
 * street, street2, city, postcode, country, birthday, company; other keys are ignored). */

typedef struct clt_dedupe_options {
    unsigned int version;         /* CLT_DEDUPE_OPTIONS_VERSION */
    const char *default_region;   /* phone region when a record has no country; NULL = "CN" */
    double threshold;             /* join pairs with at least this match probability */
    double review_threshold;      /* report pairs from this probability */
    unsigned int threads;         /* 0 = all cores */
} clt_dedupe_options;

#define CLT_DEDUPE_OPTIONS_VERSION 1
#define CLT_DEDUPE_OPTIONS_INIT {CLT_DEDUPE_OPTIONS_VERSION, "CN", 0.9, 0.5, 0}

/* Fills *opts with the defaults of version `version` (pass CLT_DEDUPE_OPTIONS_VERSION). */
CLT_API clt_status clt_dedupe_options_init(clt_dedupe_options *opts, unsigned int version); /* [thread-safe] */

/* Cluster ids of the records in records_json (a JSON array of objects) into out_clusters,
 * a caller-owned array of clusters_len uint32_t: records of one customer share an id. It
 * must hold one element per record (CLT_MISUSE, naming out_clusters, otherwise); elements
 * past the records are left as they were. opts may be NULL (defaults). CLT_INVALID_INPUT if
 * the JSON is not an array of objects or names no name/email/phone key. */
CLT_API clt_status clt_dedupe_cluster(uint32_t *out_clusters, size_t clusters_len, const char *records_json,
                                      const clt_dedupe_options *opts); /* [thread-safe] */

/* Why records a and b (0-based) of records_json do or do not match, as a JSON object in
 * *out_json (caller-owned): prior_weight, weight, probability and fields [{field, level,
 * weight}]. */
CLT_API clt_status clt_dedupe_explain(char **out_json, const char *records_json, size_t a, size_t b,
                                      const clt_dedupe_options *opts); /* [thread-safe] */

/* ==== Experimental =================================================================== */
/* Calls whose shape may still change live behind CLT_EXPERIMENTAL; define it before
 * including this header to use them. Nothing is experimental in this version. */
#ifdef CLT_EXPERIMENTAL
#endif

/* ---- merge ---- */
/* Merging duplicate customers into one survivor and undoing it (docs/merge.md). */

/* How to merge. Initialise with CLT_MERGE_OPTIONS_INIT or clt_merge_options_init() before
 * setting fields, so fields added later get their defaults. */
typedef struct clt_merge_options {
    unsigned int version;  /* CLT_MERGE_OPTIONS_VERSION */
    /* The customer that survives (UUID or external id; may also be among the ids). NULL or
     * "" = chosen automatically (the most complete record). Borrowed. */
    const char *survivor;
    /* Non-zero: compute and return the result, write nothing. */
    int dry_run;
    /* Survivorship rule per field as a JSON object, e.g. {"notes": "survivor"}; fields:
     * name (display, given and family name together), every other text field of a
     * customer (company_name job_title notes ...: docs/data-model.md), birthday gender
     * owner custom kind; rules: verified most_recent most_complete survivor
     * combine. NULL or "" = the defaults. Borrowed. */
    const char *rules_json;
} clt_merge_options;

#define CLT_MERGE_OPTIONS_VERSION 1
#define CLT_MERGE_OPTIONS_INIT { CLT_MERGE_OPTIONS_VERSION, NULL, 0, NULL }

/* Fills *opts with the defaults of version `version` (pass CLT_MERGE_OPTIONS_VERSION). */
CLT_API clt_status clt_merge_options_init(clt_merge_options *opts, unsigned int version); /* [thread-safe] */

/* Merges the `count` customers `ids` (UUIDs or external ids) into one survivor, in one
 * transaction (opts NULL = the defaults). *out_json (optional, caller-owned) receives
 * {"merge_id" (null on a dry run), "dry_run", "survivor": customer, "merged": [customers as
 * they were], "moved": [{"kind", "from", "value", "duplicate"}]}. CLT_INVALID_INPUT for fewer than two
 * different customers, CLT_NOT_FOUND for an unknown or invisible one, CLT_CONFLICT for one
 * already merged, CLT_PERMISSION_DENIED for a viewer. On failure nothing changed. */
CLT_API clt_status clt_merge_run(char **out_json, clt_db *db, const char *const *ids, size_t count,
                                 const clt_merge_options *opts); /* [per handle] */

/* Undoes a merge: `ref` is a merge id, or a customer whose latest merge is undone. Every
 * row gets back its exact previous content. *out_json (optional, caller-owned): the merge
 * record. CLT_NOT_FOUND if the customer was never merged, CLT_CONFLICT if the merge was
 * already undone or the survivor changed after it. */
CLT_API clt_status clt_merge_undo(char **out_json, clt_db *db, const char *ref); /* [per handle] */

/* Merges as a JSON array of records {"id", "survivor", "merged", "merged_by", "merged_at",
 * "status", "undone_by", "undone_at"}, newest first, in *out_json (caller-owned).
 * filter_json: {"customer", "status", "limit"}; NULL or "" = the latest 100. */
CLT_API clt_status clt_merge_list(char **out_json, clt_db *db, const char *filter_json); /* [per handle] */

/* The cleanup job's apply step: merges each cluster of clusters_json (an array of
 * {"ids": [...], "score": 0.97, "survivor": "..."} or of id arrays) whose score is at least
 * `threshold`, each in its own transaction (opts as for clt_merge_run; its survivor is
 * ignored). *out_json (optional, caller-owned): one outcome per cluster, {"action":
 * "merged"|"review"|"single"|"failed", "merge_id" (null unless a merge was written), "survivor",
 * "error", "message"}. A failed
 * cluster is left as it was and does not stop the others. */
CLT_API clt_status clt_merge_clusters(char **out_json, clt_db *db, const char *clusters_json,
                                      double threshold, const clt_merge_options *opts); /* [per handle] */

/* The periodic cleanup over the store: matches the active customers this user can see
 * (matcher: NULL = the defaults) and merges every cluster at or above matcher->threshold
 * (opts as for clt_merge_run; its survivor is ignored, dry_run makes one pass and writes
 * nothing), then matches again until a pass merges nothing, so a second call merges
 * nothing. Deterministic, and one transaction: a crash leaves the store as it was.
 * *out_json (optional, caller-owned): {"records", "clusters", "candidate_pairs",
 * "rejected_merges" (of the first pass), "passes", "merged_clusters", "failed_clusters",
 * "outcomes": [as for clt_merge_clusters]}. CLT_PERMISSION_DENIED for a viewer. */
CLT_API clt_status clt_merge_deduplicate(char **out_json, clt_db *db, const clt_dedupe_options *matcher,
                                         const clt_merge_options *opts); /* [per handle] */

/* ---- duplicates ---- */

/* The per-insert duplicate check: existing customers that are likely the same person as
 * customer_json (a customer object as for clt_customer_create; nothing is stored). Only
 * active customers visible to the user, found by the same email, phone or name and scored
 * by the dedupe engine (docs/dedupe.md). *out_json (caller-owned) receives the matches
 * whose probability is at least `threshold` (0..1; 0.5 is the usual value), best first:
 * [{"id", "display_name", "score" (probability), "weight" (log2 odds), "fields": [{"field",
 * "level", "weight"}]}]. CLT_INVALID_INPUT for a malformed customer or threshold. */
CLT_API clt_status clt_duplicates_find(char **out_json, clt_db *db, const char *customer_json, double threshold); /* [per handle] */

/* Why two stored customers (UUIDs or external ids) do or do not match: *out_json
 * (caller-owned) receives {"a", "b" (the refs as given), "prior_weight", "weight",
 * "probability", "fields": [{"field", "level", "weight"}]}. CLT_NOT_FOUND for an unknown or
 * invisible customer. */
CLT_API clt_status clt_duplicates_explain(char **out_json, clt_db *db, const char *a, const char *b); /* [per handle] */

/* ---- points ---- */
/* A customer's loyalty points ledger (docs/points.md): append-only entries whose sum is the
 * balance. An entry's "points" is signed as stored: "earn" > 0, "redeem" and "expire" < 0,
 * "adjust" any non-zero value. No entry may take a balance below zero. Roles as for
 * interactions: a sales user reaches only the customers they own, a viewer writes nothing. */

/* Appends an entry to the ledger of `customer` (UUID or external id; a merged customer's ids
 * mean its survivor). entry_json: {"kind", "points", "reason", "reference", "at"} (kind and
 * points required; "at" ISO 8601, absent = now). *out_json (optional, caller-owned): the
 * entry as stored, {"id", "customer_id", "kind", "points", "reason", "reference", "at",
 * "created_by"}. CLT_INVALID_INPUT (field "points") for zero, a wrong sign or a balance that
 * would go below zero; CLT_NOT_FOUND for an unknown or invisible customer;
 * CLT_PERMISSION_DENIED for a viewer. On failure nothing changed. */
CLT_API clt_status clt_points_record(char **out_json, clt_db *db, const char *customer,
                                     const char *entry_json); /* [per handle] */

/* The points balance of `customer` (the sum of its entries; 0 without any) in *out_balance. */
CLT_API clt_status clt_points_balance(int64_t *out_balance, clt_db *db, const char *customer); /* [per handle] */

/* The ledger entries of `customer`, newest first, as a JSON array of entries (as
 * clt_points_record returns them) in *out_json (caller-owned). filter_json: {"kind", "from",
 * "to", "limit"} (at in [from, to); limit 1..10000); NULL or "" = the latest 100. */
CLT_API clt_status clt_points_history(char **out_json, clt_db *db, const char *customer,
                                      const char *filter_json); /* [per handle] */

/* ==== Backup and restore (docs/backup.md) ============================================ */

/* How a backup is protected, and whether a restore may replace a file. Initialise with
 * CLT_BACKUP_OPTIONS_INIT or clt_backup_options_init() before setting fields. At most one
 * of passphrase and key_file; neither = compressed and checksummed, not encrypted. */
typedef struct clt_backup_options {
    unsigned int version;    /* CLT_BACKUP_OPTIONS_VERSION */
    const char *passphrase;  /* UTF-8; NULL or "" = none. Borrowed. Key via Argon2id. */
    const char *key_file;    /* path of a file of exactly 32 key bytes; NULL or "" = none */
    int force;               /* restore only: non-zero replaces an existing database file */
    /* ---- version 2 (encryption at rest) ---- */
    /* restore and verify only: the key of an encrypted database inside the backup (its
     * pages stay encrypted in the backup), needed to check it; at most one. Borrowed. */
    const char *db_passphrase;
    const char *db_key_hex;  /* 64 hexadecimal digits */
    /* ---- version 3 (erasures survive a restore; docs/privacy.md) ---- */
    /* restore only: the clientele database whose register of erased and anonymized
     * customers is re-applied to the restored copy (read with db_passphrase/db_key_hex);
     * NULL or "" = the database being replaced, when force replaces one. Borrowed. */
    const char *erasures_from;
    int ignore_erasures;     /* restore only: non-zero re-applies no erasures */
} clt_backup_options;

/* Versions 1 (without the database key) and 2 (without the erasure options) are still
 * accepted. */
#define CLT_BACKUP_OPTIONS_VERSION 3
#define CLT_BACKUP_OPTIONS_INIT { CLT_BACKUP_OPTIONS_VERSION, NULL, NULL, 0, NULL, NULL, NULL, 0 }

/* Fills *opts with the defaults of options struct version `version`. CLT_UNSUPPORTED for an
 * unknown version, CLT_MISUSE if opts is NULL. */
CLT_API clt_status clt_backup_options_init(clt_backup_options *opts, unsigned int version); /* [thread-safe] */

/* Writes a backup of the whole store to `path` (admins only, not inside a transaction;
 * others may keep writing). The file appears complete or not at all. *out_manifest_json
 * (optional, caller-owned): the manifest, {"format_version", "schema_version",
 * "table_rows", "customers", "interactions", "database_bytes", "checksum", "created_at",
 * "library_version", "protection", "compression"}. opts NULL = not encrypted.
 * CLT_PERMISSION_DENIED for a non-admin; CLT_INVALID_INPUT for a bad key file or a path
 * that is the database's own. */
CLT_API clt_status clt_backup_write(char **out_manifest_json, clt_db *db, const char *path,
                                    const clt_backup_options *opts); /* [per handle] */

/* Verifies all of the backup at `backup_path` and restores it to `db_path` through a
 * temporary file and a rename; on failure nothing is written. Customers erased or
 * anonymized after the backup was taken (opts->erasures_from) are erased again before the
 * rename. CLT_CONFLICT when db_path exists and opts->force is 0; CLT_PERMISSION_DENIED for
 * a wrong passphrase or key; CLT_CORRUPT_DATA for a changed or damaged backup; an
 * unreadable erasures source fails as that source does. *out_manifest_json (optional): the
 * manifest plus "erasures_reapplied" (a count) and "erasures_left" (UUIDs the backup holds
 * as merged records, left for a person to decide). */
CLT_API clt_status clt_backup_restore(char **out_manifest_json, const char *backup_path, const char *db_path,
                                      const clt_backup_options *opts); /* [thread-safe] */

/* Checks the backup at `backup_path` completely (authentication or checksum, the data's
 * checksum, SQLite's integrity check) without restoring it. Errors as clt_backup_restore.
 * *out_manifest_json: optional. */
CLT_API clt_status clt_backup_verify(char **out_manifest_json, const char *backup_path,
                                     const clt_backup_options *opts); /* [thread-safe] */

/* ---- privacy requests (docs/privacy.md); admins only ------------------------------------ */

/* Wipes the personal fields of `customer` irreversibly and keeps it as a pseudonymous
 * record (status "anonymized"); *out_json is the customer as stored (caller-owned). */
CLT_API clt_status clt_privacy_anonymize(char **out_json, clt_db *db, const char *customer); /* [per handle] */

/* Writes everything held about `customer` into the directory `dir` (subject.json,
 * profile.csv, interactions.csv, points.csv, reminders.csv, cases.csv; existing files are not
 * overwritten);
 * *out_json: {"files": [...], "interactions", "points_entries", "merges", "reminders", "cases",
 * "level_changes"} (caller-owned). */
CLT_API clt_status clt_privacy_subject_export(char **out_json, clt_db *db, const char *customer,
                                              const char *dir); /* [per handle] */

/* A retention rule. Initialise with CLT_PRIVACY_RETENTION_OPTIONS_INIT or
 * clt_privacy_retention_options_init() before setting fields. */
typedef struct clt_privacy_retention_options {
    unsigned int version;   /* CLT_PRIVACY_RETENTION_OPTIONS_VERSION */
    int64_t as_of;          /* Unix seconds: the day the rule is applied for; required */
    int64_t prospect_days;  /* delete prospects untouched this many days; 0 = off */
    int dry_run;            /* non-zero (the default): list, delete nothing */
} clt_privacy_retention_options;

#define CLT_PRIVACY_RETENTION_OPTIONS_VERSION 1
#define CLT_PRIVACY_RETENTION_OPTIONS_INIT { CLT_PRIVACY_RETENTION_OPTIONS_VERSION, 0, 0, 1 }

/* Fills *opts with the defaults of options version `version`. */
CLT_API clt_status clt_privacy_retention_options_init(clt_privacy_retention_options *opts, unsigned int version); /* [thread-safe] */

/* Applies a retention rule; *out_json: {"dry_run", "customers": [customers deleted or to be
 * deleted]} (caller-owned). */
CLT_API clt_status clt_privacy_retention(char **out_json, clt_db *db,
                                         const clt_privacy_retention_options *opts); /* [per handle] */

/* ---- the audit trail (docs/audit.md) ---------------------------------------------------- */

/* Audit entries, newest first (admins only). filter_json: {"customer" (UUID or external
 * id), "user", "action" (exact, or a prefix ending in '.'), "from", "to" (ISO 8601),
 * "before_id" (paging), "limit" (1..10000, default 100)}; NULL or "" = the latest 100.
 * *out_json: an array of {"id", "at", "user", "layer", "action", "customer", "target",
 * "detail", "redacted", "hash"} (caller-owned). */
CLT_API clt_status clt_audit_list(char **out_json, clt_db *db, const char *filter_json); /* [per handle] */

/* Verifies the hash chain of the whole trail. anchor_id/anchor_hash (0/NULL: none): an
 * entry id and its hex hash kept outside the file, checked too. Returns CLT_OK when the
 * check ran, whatever it found: *out_json is {"ok", "entries", "redacted", "first_id",
 * "last_id", "pruned_through", "head_hash", "problems": [...]} (caller-owned). */
CLT_API clt_status clt_audit_verify(char **out_json, clt_db *db, int64_t anchor_id,
                                    const char *anchor_hash); /* [per handle] */

/* Removes entries older than as_of (Unix seconds) minus the setting audit.retention_days
 * (nothing when 0, the default); *out_count: how many were removed (admins only). */
CLT_API clt_status clt_audit_prune(int64_t *out_count, clt_db *db, int64_t as_of); /* [per handle] */

/* ==== Care reminders (docs/reminders.md) ============================================== */
/* Birthdays, first-purchase anniversaries, Gregorian and Chinese lunar holidays, customers
 * not contacted for too long, contact details due for re-verification, win-back of customers
 * entering at_risk or churned, and follow-ups added by hand. A reminder crosses as the JSON
 * object {"id", "customer_id", "customer", "customer_name", "kind", "occasion", "due_on",
 * "snoozed_until", "status", "reason", "owner", "channel", "note", "interaction",
 * "created_at", "created_by"}. Roles as for customers: a sales user sees the reminders of
 * the customers they own, a manager those of their team. Reminder ids unknown or not
 * visible are CLT_NOT_FOUND. Every out_json is caller-owned (clt_string_free). */

/* Which reminders clt_reminder_due lists. Initialise with CLT_REMINDER_OPTIONS_INIT or
 * clt_reminder_options_init() before setting fields. */
typedef struct clt_reminder_options {
    unsigned int version;  /* CLT_REMINDER_OPTIONS_VERSION */
    const char *as_of;     /* "YYYY-MM-DD" (UTC date); required. Borrowed. */
    int horizon_days;      /* due by as_of + this many days, 0..366; default 7 */
    const char *owner;     /* a username: only that owner's customers; NULL or "" = all visible */
} clt_reminder_options;

#define CLT_REMINDER_OPTIONS_VERSION 1
#define CLT_REMINDER_OPTIONS_INIT { CLT_REMINDER_OPTIONS_VERSION, NULL, 7, NULL }

/* Fills *opts with the defaults of options version `version`. */
CLT_API clt_status clt_reminder_options_init(clt_reminder_options *opts, unsigned int version); /* [thread-safe] */

/* The open and snoozed reminders due by as_of + horizon_days (overdue ones included), by due
 * date, as a JSON array in *out_json; generates the day's reminders first (idempotent) unless
 * the connection is read-only or a viewer's. */
CLT_API clt_status clt_reminder_due(char **out_json, clt_db *db, const clt_reminder_options *opts); /* [per handle] */

/* Generates the reminders due in [as_of, as_of + horizon_days] without listing them;
 * *out_created (optional): how many were new (0 the second time for the same day). */
CLT_API clt_status clt_reminder_generate(int64_t *out_created, clt_db *db,
                                          const clt_reminder_options *opts); /* [per handle] */

/* Every reminder of one visible customer (UUID or external id), whatever its status, by due
 * date, as a JSON array in *out_json. Generates nothing. */
CLT_API clt_status clt_reminder_of_customer(char **out_json, clt_db *db, const char *customer); /* [per handle] */

/* Adds a follow-up. follow_up_json: {"customer", "due_on" ("YYYY-MM-DD", today or later),
 * "reason", "note"}; *out_json (optional): the reminder. */
CLT_API clt_status clt_reminder_add(char **out_json, clt_db *db, const char *follow_up_json); /* [per handle] */

/* Marks reminder `id` done. done_json (NULL or "" = none): {"note", "interaction": {an
 * interaction as clt_interaction_add takes it, customer optional}}: the interaction is
 * recorded in the same transaction. *out_json (optional): the reminder. */
CLT_API clt_status clt_reminder_done(char **out_json, clt_db *db, int64_t id, const char *done_json); /* [per handle] */

/* Hides reminder `id` until `until` ("YYYY-MM-DD", today or later). */
CLT_API clt_status clt_reminder_snooze(char **out_json, clt_db *db, int64_t id, const char *until); /* [per handle] */

/* Dismisses reminder `id`; note may be NULL. */
CLT_API clt_status clt_reminder_dismiss(char **out_json, clt_db *db, int64_t id, const char *note); /* [per handle] */

/* The reminder rules as a JSON object in *out_json (the defaults when none were set). */
CLT_API clt_status clt_reminder_rules(char **out_json, clt_db *db); /* [per handle] */

/* Replaces the reminder rules (admins and managers) with rules_json (keys as
 * clt_reminder_rules returns; absent keys take their defaults). CLT_INVALID_INPUT naming the
 * field for text that does not parse, an unknown key, a negative number of days, an unknown
 * holiday or channel; nothing is written then. */
CLT_API clt_status clt_reminder_set_rules(clt_db *db, const char *rules_json); /* [per handle] */
/* ---- service cases and the service report (docs/service.md) ----------------------------- */

/* A case is the workflow of one complaint or suggestion interaction: status (complaint: open,
 * in_progress, resolved, closed; suggestion: open, under_review, accepted, declined, closed;
 * a resolved or closed case may be reopened to in_progress / under_review), priority (low,
 * normal, high, urgent), assignee, and SLA deadlines counted in business hours. Every change
 * is recorded with who and when ("history"). Case ids are the integers these calls return.
 * A case as JSON: {"id", "type", "status", "priority", "customer_id", "interaction_id",
 * "owner", "assignee", "channel", "subject", "opened_at", "first_response_due",
 * "resolution_due", "first_responded_at", "resolved_at", "closed_at", "escalated_to",
 * "escalated_at", "breached", "history": [{"at", "user", "action", "from", "to", "note"}]}.
 * Every *out_json is caller-owned (clt_string_free). */

/* Opens a case. case_json: {"interaction" (UUID or external id of a complaint or suggestion
 * interaction) | "customer" + "type" (a new interaction is recorded, at "at", with "channel",
 * "subject", "body"), "priority", "assignee" (default: the customer's owner),
 * "resolution_due" (ISO 8601, overrides the SLA; must be in the future), "note"}.
 * CLT_CONFLICT when the interaction already has a case. */
CLT_API clt_status clt_case_open(char **out_json, clt_db *db, const char *case_json); /* [per handle] */
/* Changes case `id`. change_json: {"status", "priority", "assignee", "resolution_due", "note",
 * "at" (default now; not before the last change, not in the future)}. CLT_NOT_FOUND for an
 * unknown or invisible id; CLT_INVALID_INPUT (field "status") for a transition the workflow
 * does not allow. */
CLT_API clt_status clt_case_update(char **out_json, clt_db *db, int64_t id, const char *change_json); /* [per handle] */
/* Case `id` with its history. */
CLT_API clt_status clt_case_get(char **out_json, clt_db *db, int64_t id); /* [per handle] */
/* Visible cases, newest first. filter_json: {"customer", "type", "status", "assignee", "open"
 * (true: not resolved or closed), "breached_as_of" (ISO 8601: open cases past a deadline
 * then), "limit" (1..10000, default 100)}; NULL or "" = the latest 100. */
CLT_API clt_status clt_case_list(char **out_json, clt_db *db, const char *filter_json); /* [per handle] */
/* Escalates the open cases past a deadline at as_of (ISO 8601) to a manager of the customer
 * owner's team; *out_json: the cases escalated. */
CLT_API clt_status clt_case_escalate(char **out_json, clt_db *db, const char *as_of); /* [per handle] */
/* The SLA policy: {"utc_offset", "days", "hours", "holidays", "priorities": {"urgent":
 * {"first_response", "resolution"}, ...}}. */
CLT_API clt_status clt_case_sla(char **out_json, clt_db *db); /* [per handle] */
/* Replaces the SLA policy (admins); absent keys take the defaults. CLT_INVALID_INPUT naming
 * the field that does not parse. */
CLT_API clt_status clt_case_set_sla(clt_db *db, const char *sla_json); /* [per handle] */

/* Initialise with CLT_SERVICE_REPORT_OPTIONS_INIT or clt_service_report_options_init(). */
typedef struct clt_service_report_options {
    unsigned int version;  /* CLT_SERVICE_REPORT_OPTIONS_VERSION */
    const char *from;      /* ISO 8601; required. Borrowed. */
    const char *to;        /* ISO 8601, after from; required. Borrowed. */
    const char *currency;  /* for segments and value tiers; NULL = the only one */
} clt_service_report_options;

#define CLT_SERVICE_REPORT_OPTIONS_VERSION 1
#define CLT_SERVICE_REPORT_OPTIONS_INIT { CLT_SERVICE_REPORT_OPTIONS_VERSION, NULL, NULL, NULL }

CLT_API clt_status clt_service_report_options_init(clt_service_report_options *opts, unsigned int version); /* [thread-safe] */

/* Surveys (CSAT, NPS) and cases in [from, to) by month, owner, channel, segment, value_tier
 * and stage. *out_json: {"from", "to", "rows": [{"dimension", "group", "surveys", "answered",
 * "response_rate", "nps_responses", "promoters", "passives", "detractors", "nps",
 * "csat_responses", "csat_1".."csat_5", "csat_mean", "complaints", "suggestions",
 * "responded", "resolved", "first_response_median_hours", "first_response_p90_hours",
 * "resolution_median_hours", "resolution_p90_hours", "breached", "breach_rate"}]} (null for
 * a figure without data). */
CLT_API clt_status clt_service_report_compute(char **out_json, clt_db *db, const clt_service_report_options *opts); /* [per handle] */
/* ==== Loyalty program (docs/loyalty.md) ============================================== */
/* Over the points ledger: a rule set stored in the database (earning per currency unit with
 * level, tag, campaign and birthday-month multipliers; lot expiry; membership levels) that
 * recording or importing a purchase applies by itself; lots spent oldest first; expiry runs;
 * level evaluation with history; voids. Records cross as JSON text. */

/* When a run happens. Initialise with CLT_LOYALTY_RUN_OPTIONS_INIT or
 * clt_loyalty_run_options_init() before setting fields. */
typedef struct clt_loyalty_run_options {
    unsigned int version; /* CLT_LOYALTY_RUN_OPTIONS_VERSION */
    const char *as_of;    /* ISO 8601 date or date-time; NULL = now. Borrowed. */
} clt_loyalty_run_options;

#define CLT_LOYALTY_RUN_OPTIONS_VERSION 1
#define CLT_LOYALTY_RUN_OPTIONS_INIT { CLT_LOYALTY_RUN_OPTIONS_VERSION, NULL }

/* Fills *opts with the defaults of version `version` (CLT_LOYALTY_RUN_OPTIONS_VERSION). */
CLT_API clt_status clt_loyalty_run_options_init(clt_loyalty_run_options *opts, unsigned int version); /* [thread-safe] */

/* Replaces the rule set by rules_json (docs/loyalty.md; "{}" clears it). CLT_INVALID_INPUT
 * naming the field (clt_last_error_field, e.g. "campaigns[1].from") for text that does not
 * parse, a negative multiplier, overlapping campaigns, an unknown member; nothing written.
 * CLT_PERMISSION_DENIED unless admin or manager. */
CLT_API clt_status clt_loyalty_rules_set(clt_db *db, const char *rules_json); /* [per handle] */
/* The stored rule set as JSON text ("{}" when none) in *out_json (caller-owned). */
CLT_API clt_status clt_loyalty_rules_get(char **out_json, clt_db *db); /* [per handle] */
/* Expires what is left of every lot due by opts->as_of (opts may be NULL: now); idempotent.
 * *out_json (optional, caller-owned): {"customers", "entries", "points"}. */
CLT_API clt_status clt_loyalty_expire_due(char **out_json, clt_db *db,
                                          const clt_loyalty_run_options *opts); /* [per handle] */
/* Puts every visible customer on its level at opts->as_of (NULL: now). *out_json (optional,
 * caller-owned): the changes made, [{"customer_id", "from", "to", "at", "basis_value"}].
 * CLT_INVALID_INPUT (field "levels") when the rule set has no levels. */
CLT_API clt_status clt_loyalty_evaluate_levels(char **out_json, clt_db *db,
                                               const clt_loyalty_run_options *opts); /* [per handle] */
/* The customer's level changes, oldest first, as a JSON array (caller-owned). */
CLT_API clt_status clt_loyalty_level_history(char **out_json, clt_db *db, const char *customer); /* [per handle] */
/* The customer's lots as of opts->as_of (NULL: now), oldest first: [{"entry_id", "at",
 * "expires_at", "points", "remaining"}] (caller-owned). */
CLT_API clt_status clt_loyalty_lots(char **out_json, clt_db *db, const char *customer,
                                    const clt_loyalty_run_options *opts); /* [per handle] */
/* The balance of `customer` as it stood at `at` (ISO 8601) in *out_balance. */
CLT_API clt_status clt_loyalty_balance_at(int64_t *out_balance, clt_db *db, const char *customer,
                                          const char *at); /* [per handle] */
/* Cancels points entry `entry_id` with an opposite entry naming it; *out_json (optional,
 * caller-owned): that entry (with "voids"). CLT_NOT_FOUND for an unknown id;
 * CLT_INVALID_INPUT (field "entry") for a void of a void or of a voided entry, (field
 * "points") when the balance would go below zero. */
CLT_API clt_status clt_loyalty_void(char **out_json, clt_db *db, int64_t entry_id,
                                    const char *reason); /* [per handle] */
/* ---- the HTML report (docs/report.md) --------------------------------------------------- */

/* Initialise with CLT_REPORT_OPTIONS_INIT or clt_report_options_init() before setting fields.
 * Strings are borrowed for the call; NULL = the default. */
typedef struct clt_report_options {
    unsigned int version;  /* CLT_REPORT_OPTIONS_VERSION */
    const char *as_of;     /* "YYYY-MM-DD" (UTC): the last day counted; required */
    const char *from;      /* "YYYY-MM-DD": the period's first day (<= as_of); NULL = 30 days up to as_of */
    const char *lang;      /* "zh-CN" (NULL) or "en" */
    const char *owner;     /* only customers owned by this user (of those visible); NULL = all visible */
    const char *currency;  /* ISO 4217; NULL = the only currency of the purchases */
    int top_customers;     /* rows of the top-customers table, 1..100 (20) */
    int show_names;        /* nonzero (1): display names in it; 0: public references only */
    int stale_days;        /* verification older than this is stale (365) */
} clt_report_options;

#define CLT_REPORT_OPTIONS_VERSION 1
#define CLT_REPORT_OPTIONS_INIT { CLT_REPORT_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, 20, 1, 365 }

CLT_API clt_status clt_report_options_init(clt_report_options *opts, unsigned int version); /* [thread-safe] */

/* The report of the customers this handle's user can see, as self-contained HTML (UTF-8).
 * *out_html is caller-owned (clt_string_free). */
CLT_API clt_status clt_report_html(char **out_html, clt_db *db, const clt_report_options *opts); /* [per handle] */

/* Writes the report to `path` through a temporary file renamed over it: the old file or the
 * whole new one, never part. CLT_INVALID_INPUT (field "out") when path is the database or one
 * of its companion files; nothing is written on any failure. */
CLT_API clt_status clt_report_write(clt_db *db, const char *path, const clt_report_options *opts); /* [per handle] */

CLT_END_DECL

#endif /* CLIENTELE_H */
