/* clientele — the rules every call of the C ABI follows, checked across modules in plain
 * C11: one options-version rule for every options struct, the per-handle last error,
 * messages that are valid UTF-8 and free of nlohmann's internal names, and status being
 * read-only on create. Ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, unlink */

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"
#include "temp_store.h"

/* True when `s` is well-formed UTF-8 (no stray continuation bytes, overlong forms,
 * surrogates or truncated sequences). */
static int is_utf8(const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned cp;
        int n, i;
        if (*p < 0x80) { ++p; continue; }
        if ((*p & 0xE0) == 0xC0) { n = 1; cp = *p & 0x1Fu; }
        else if ((*p & 0xF0) == 0xE0) { n = 2; cp = *p & 0x0Fu; }
        else if ((*p & 0xF8) == 0xF0) { n = 3; cp = *p & 0x07u; }
        else return 0;
        for (i = 1; i <= n; ++i) {
            if ((p[i] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (p[i] & 0x3Fu);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        p += n + 1;
    }
    return 1;
}

/* What every options-version failure must look like: the same status and field. */
static void check_unsupported(clt_status s) {
    CHECK(s == CLT_UNSUPPORTED);
    CHECK(strcmp(clt_last_error_field(), "opts") == 0);
}

static const int64_t kCustomer[] = {1, 2};
static const int64_t kTime[] = {0, 86400};
static const int64_t kAmount[] = {100, 200};

/* Version 0 (never initialised) and 999 (a newer header) in every function that takes an
 * options struct, and in every clt_x_options_init: CLT_UNSUPPORTED naming "opts". */
static void test_options_versions(clt_db *db) {
    static const unsigned bad[] = {0, 999};
    size_t i;
    for (i = 0; i < 2; ++i) {
        const unsigned v = bad[i];
        clt_db_open_options oo = CLT_DB_OPEN_OPTIONS_INIT;
        clt_rfm_options ro = CLT_RFM_OPTIONS_INIT;
        clt_lifecycle_options lo = CLT_LIFECYCLE_OPTIONS_INIT;
        clt_new_vs_returning_options no = CLT_NEW_VS_RETURNING_OPTIONS_INIT;
        clt_import_options io = CLT_IMPORT_OPTIONS_INIT;
        clt_dedupe_options dopt = CLT_DEDUPE_OPTIONS_INIT;
        clt_merge_options mo = CLT_MERGE_OPTIONS_INIT;
        clt_db *other = NULL;
        clt_rfm_result *rfm = NULL;
        clt_lifecycle_result *life = NULL;
        clt_stage_history_result *hist = NULL;
        clt_new_vs_returning_result *nvr = NULL;
        clt_import_report *report = NULL;
        int64_t matrix[CLT_LIFECYCLE_STAGES * CLT_LIFECYCLE_STAGES];
        uint32_t clusters[1];
        char *json = NULL;
        const char *ids[2] = {"a", "b"};

        ro.as_of = lo.as_of = "2024-01-01";
        no.from = "2023-01-01";
        no.to = "2024-01-01";
        oo.version = ro.version = lo.version = no.version = io.version = dopt.version = mo.version = v;

        check_unsupported(clt_db_open(&other, "/nonexistent/never.db", &oo));
        CHECK(other == NULL);
        check_unsupported(clt_rfm_compute(&rfm, kCustomer, kTime, kAmount, 2, &ro));
        check_unsupported(clt_rfm_compute_from_db(&rfm, db, NULL, &ro));
        check_unsupported(clt_lifecycle_compute(&life, kCustomer, kTime, kAmount, 2, NULL, 0, &lo));
        check_unsupported(clt_lifecycle_compute_from_db(&life, db, NULL, &lo));
        check_unsupported(clt_stage_history_compute(&hist, kCustomer, kTime, kAmount, 2, &lo));
        check_unsupported(clt_stage_history_compute_from_db(&hist, db, NULL, &lo));
        check_unsupported(clt_stage_transitions_compute(matrix, CLT_LIFECYCLE_STAGES * CLT_LIFECYCLE_STAGES, kCustomer,
                                                        kTime, kAmount, 2, NULL, 0, "2023-01-01", &lo));
        check_unsupported(clt_stage_transitions_compute_from_db(
            matrix, CLT_LIFECYCLE_STAGES * CLT_LIFECYCLE_STAGES, db, NULL, "2023-01-01", &lo));
        check_unsupported(clt_new_vs_returning_compute(&nvr, kCustomer, kTime, kAmount, 2, &no));
        check_unsupported(clt_new_vs_returning_compute_from_db(&nvr, db, NULL, &no));
        check_unsupported(clt_customer_import(&report, db, "/nonexistent.csv", &io));
        check_unsupported(clt_interaction_import(&report, db, "/nonexistent.csv", &io));
        check_unsupported(clt_dedupe_cluster(clusters, 1, "[{\"name\":\"Wei\"}]", &dopt));
        check_unsupported(clt_dedupe_explain(&json, "[{\"name\":\"Wei\"},{\"name\":\"Wei\"}]", 0, 1, &dopt));
        check_unsupported(clt_merge_run(&json, db, ids, 2, &mo));
        check_unsupported(clt_merge_clusters(&json, db, "[]", 0.9, &mo));
        CHECK(rfm == NULL && life == NULL && hist == NULL && nvr == NULL && report == NULL && json == NULL);

        CHECK(clt_db_open_options_init(&oo, v) == CLT_UNSUPPORTED);
        CHECK(clt_rfm_options_init(&ro, v) == CLT_UNSUPPORTED);
        CHECK(clt_lifecycle_options_init(&lo, v) == CLT_UNSUPPORTED);
        CHECK(clt_new_vs_returning_options_init(&no, v) == CLT_UNSUPPORTED);
        CHECK(clt_import_options_init(&io, v) == CLT_UNSUPPORTED);
        CHECK(clt_dedupe_options_init(&dopt, v) == CLT_UNSUPPORTED);
        CHECK(clt_merge_options_init(&mo, v) == CLT_UNSUPPORTED);
        CHECK(strcmp(clt_last_error_field(), "version") == 0);
    }
}

/* clt_db_last_error(db) keeps the last outcome of a call made with that handle, whatever
 * happened on the thread since; clt_last_error() is the thread's. */
static void test_handle_error(clt_db *db, clt_db *other) {
    char *json = NULL;
    int64_t n = 0;
    CHECK(clt_customer_count(&n, db, NULL) == CLT_OK);
    CHECK(strcmp(clt_db_last_error(db), "") == 0);
    CHECK(clt_customer_get(&json, db, "no-such-customer") == CLT_NOT_FOUND);
    CHECK(strcmp(clt_db_last_error(db), clt_last_error()) == 0);
    CHECK(strstr(clt_db_last_error(db), "no-such-customer") != NULL);
    /* Another handle's success, and a failure without any handle, leave db's error alone. */
    CHECK(clt_db_stats(&json, other) == CLT_OK);
    clt_string_free(json);
    json = NULL;
    CHECK(strcmp(clt_last_error(), "") == 0);
    CHECK(strcmp(clt_db_last_error(other), "") == 0);
    CHECK(strstr(clt_db_last_error(db), "no-such-customer") != NULL);
    CHECK(clt_rfm_options_init(NULL, CLT_RFM_OPTIONS_VERSION) == CLT_MISUSE);
    CHECK(strstr(clt_db_last_error(db), "no-such-customer") != NULL);
    /* The field travels with it; a misuse on the handle is recorded there too. */
    CHECK(clt_customer_create(&json, db, "{\"given_name\":\"Wei\",\"birthday\":\"someday\"}") == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_db_last_error_field(db), "birthday") == 0);
    CHECK(clt_customer_get(NULL, db, "x") == CLT_MISUSE);
    CHECK(strcmp(clt_db_last_error_field(db), "out_json") == 0);
    /* A success on the handle clears it. */
    CHECK(clt_customer_count(&n, db, NULL) == CLT_OK);
    CHECK(strcmp(clt_db_last_error(db), "") == 0 && strcmp(clt_db_last_error_field(db), "") == 0);
    CHECK(strcmp(clt_db_last_error(NULL), "") == 0 && strcmp(clt_db_last_error_field(NULL), "") == 0);
}

/* Messages are valid UTF-8 even when the input was not, and speak without nlohmann's
 * exception names. */
static void test_messages(clt_db *db) {
    char *json = NULL;
    /* A raw 0xFF byte inside a JSON string: the parser quotes what it read. */
    CHECK(clt_customer_create(&json, db, "{\"given_name\":\"Wei\xff\"}") == CLT_INVALID_INPUT);
    CHECK(is_utf8(clt_last_error()));
    CHECK(strstr(clt_last_error(), "\\xFF") != NULL);
    CHECK(strstr(clt_last_error(), "json.exception") == NULL);
    CHECK(is_utf8(clt_db_last_error(db)));
    /* A syntax error reads as one sentence with its place. */
    CHECK(clt_customer_create(&json, db, "{\"given_name\": tru}") == CLT_INVALID_INPUT);
    CHECK(strstr(clt_last_error(), "json.exception") == NULL);
    CHECK(strstr(clt_last_error(), "parse_error") == NULL);
    CHECK(strstr(clt_last_error(), "not valid JSON") != NULL);
    CHECK(strstr(clt_last_error(), "line 1, column") != NULL);
    /* Bad bytes in a value read by the core (a phone number) are escaped the same way. */
    CHECK(clt_customer_find_by_phone(&json, db, "138\xc3\x28") == CLT_INVALID_INPUT);
    CHECK(is_utf8(clt_last_error()));
    CHECK(json == NULL);
}

/* "status" is read-only on create: refused, naming the field, and nothing is stored. */
static void test_status_on_create(clt_db *db) {
    char *json = NULL;
    int64_t before = -1, after = -1;
    CHECK(clt_customer_count(&before, db, NULL) == CLT_OK);
    CHECK(clt_customer_create(&json, db, "{\"given_name\":\"Wei\",\"status\":\"archived\"}") == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "status") == 0);
    CHECK(json == NULL);
    CHECK(clt_customer_create(&json, db, "{\"given_name\":\"Wei\",\"status\":\"merged\"}") == CLT_INVALID_INPUT);
    CHECK(clt_customer_count(&after, db, NULL) == CLT_OK);
    CHECK(before == after);
    /* "active", the value every new customer gets, is accepted. */
    CHECK(clt_customer_create(&json, db, "{\"given_name\":\"Wei\",\"status\":\"active\"}") == CLT_OK);
    CHECK(json != NULL && strstr(json, "\"status\":\"active\"") != NULL);
    clt_string_free(json);
}

int main(void) {
    char dir[512], path[600], path2[600];
    clt_db_open_options oo = CLT_DB_OPEN_OPTIONS_INIT;
    clt_db *db = NULL, *other = NULL;
    if (!make_temp_dir(dir, sizeof dir, "clt_conventions")) return 1;
    snprintf(path, sizeof path, "%s/a.db", dir);
    snprintf(path2, sizeof path2, "%s/b.db", dir);
    oo.create = 1;
    CHECK(clt_db_open(&db, path, &oo) == CLT_OK);
    CHECK(clt_db_open(&other, path2, &oo) == CLT_OK);
    if (db != NULL && other != NULL) {
        test_options_versions(db);
        test_handle_error(db, other);
        test_messages(db);
        test_status_on_create(db);
    }
    clt_db_close(db);
    clt_db_close(other);
    remove_store(path);
    remove_store(path2);
    rmdir(dir);
    return check_summary();
}
