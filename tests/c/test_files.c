/* clientele — C ABI tests of what touches files: an export or a rejected-rows file never
 * overwrites the open database; a sales user's answers about a customer they cannot see
 * are those about an unknown one; clt_db_check and a file cut short. Plain C11; ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, symlink, truncate */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"
#include "files.h"
#include "temp_store.h"

static long file_size(const char *path) {
    FILE *f = fopen(path, "rb");
    long n;
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fclose(f);
    return n;
}

static void test_outputs_refuse_the_database(const char *dir) {
    char db_path[512], link[512], wal[512], csv[512], out[512];
    clt_db *db = NULL;
    clt_db_open_options open_opts = CLT_DB_OPEN_OPTIONS_INIT;
    clt_import_options opts = CLT_IMPORT_OPTIONS_INIT;
    clt_import_report *report = NULL;
    char *json = NULL;
    int64_t count = -1;
    long size;
    const char *targets[3];
    size_t k;

    snprintf(db_path, sizeof db_path, "%s/shop.db", dir);
    snprintf(link, sizeof link, "%s/link.db", dir);
    snprintf(wal, sizeof wal, "%s/shop.db-wal", dir);
    snprintf(csv, sizeof csv, "%s/in.csv", dir);
    snprintf(out, sizeof out, "%s/out.csv", dir);
    open_opts.create = 1;
    CHECK(clt_db_open(&db, db_path, &open_opts) == CLT_OK);
    CHECK(clt_customer_create(&json, db, "{\"family_name\":\"Zhang\",\"external_id\":\"A1\"}") == CLT_OK);
    clt_string_free(json);
    CHECK(symlink(db_path, link) == 0);
    size = file_size(db_path);
    targets[0] = db_path;
    targets[1] = link;
    targets[2] = wal;
    for (k = 0; k < 3; ++k) {
        CHECK(clt_customer_export(&count, db, targets[k], "csv") == CLT_INVALID_INPUT);
        CHECK(strstr(clt_last_error(), "database") != NULL);
        CHECK(clt_interaction_export(&count, db, targets[k], "jsonl") == CLT_INVALID_INPUT);
    }
    CHECK(file_size(db_path) == size);

    write_file(csv, "external_id,email\nB1,not-an-email\nB2,b2@example.com\n");
    opts.options_json = "{\"skip_invalid\": true}";
    opts.rejected_path = db_path;
    CHECK(clt_customer_import(&report, db, csv, &opts) == CLT_INVALID_INPUT);
    clt_import_report_free(report);
    report = NULL;
    CHECK(clt_customer_count(&count, db, NULL) == CLT_OK && count == 1);

    /* The same calls to another path work. */
    CHECK(clt_customer_export(&count, db, out, "csv") == CLT_OK && count == 1);
    clt_db_close(db);
    db = NULL;
    open_opts.create = 0;
    CHECK(clt_db_open(&db, db_path, &open_opts) == CLT_OK);
    CHECK(clt_customer_count(&count, db, NULL) == CLT_OK && count == 1);
    clt_db_close(db);
    unlink(link);
    unlink(csv);
    unlink(out);
    remove_store(db_path);
}

/* ---- a hidden customer answers like an unknown one ---- */

enum { kCalls = 11 };

/* Runs call `k` of the calls that name a customer, with `ref`; its status, and its message
 * with `ref` replaced by <REF> in `message`. */
static clt_status named_call(clt_db *db, int k, const char *ref, char *message, size_t size) {
    char *json = NULL;
    int64_t n = 0;
    clt_status st = CLT_OK;
    const char *pair[2];
    char filter[256];
    const char *m, *at;
    size_t len = strlen(ref), used = 0;
    pair[0] = ref;
    pair[1] = "MINE-1";
    switch (k) {
        case 0: st = clt_customer_get(&json, db, ref); break;
        case 1: st = clt_customer_update(&json, db, ref, "{\"notes\":\"x\"}", -1); break;
        case 2: st = clt_customer_archive(&json, db, ref); break;
        case 3: st = clt_customer_delete(db, ref); break;
        case 4: st = clt_tag_add(&json, db, ref, "[\"x\"]"); break;
        case 5: st = clt_points_record(&json, db, ref, "{\"kind\":\"earn\",\"points\":5}"); break;
        case 6: st = clt_points_balance(&n, db, ref); break;
        case 7: st = clt_merge_run(&json, db, pair, 2, NULL); break;
        case 8: st = clt_merge_undo(&json, db, ref); break;
        case 9:
            snprintf(filter, sizeof filter, "{\"customer\":\"%s\"}", ref);
            st = clt_merge_list(&json, db, filter);
            break;
        default:
            snprintf(filter, sizeof filter,
                     "{\"customer\":\"%s\",\"kind\":\"call\",\"occurred_at\":\"2024-01-01T00:00:00Z\"}", ref);
            st = clt_interaction_add(&json, db, filter);
            break;
    }
    clt_string_free(json);
    m = st == CLT_OK ? "" : clt_last_error();
    while ((at = strstr(m, ref)) != NULL && used + (size_t)(at - m) + 6 < size) {
        memcpy(message + used, m, (size_t)(at - m));
        used += (size_t)(at - m);
        memcpy(message + used, "<REF>", 5);
        used += 5;
        m = at + len;
    }
    snprintf(message + used, size - used, "%s", m);
    return st;
}

static void test_hidden_answers_like_unknown(const char *dir) {
    char db_path[512], hidden_msg[1024], unknown_msg[1024], hidden_uuid[64];
    clt_db *admin = NULL, *sales = NULL;
    clt_db_open_options open_opts = CLT_DB_OPEN_OPTIONS_INIT;
    char *json = NULL;
    const char *id;
    int k;
    clt_status hidden_st, unknown_st;

    snprintf(db_path, sizeof db_path, "%s/team.db", dir);
    open_opts.create = 1;
    CHECK(clt_db_open(&admin, db_path, &open_opts) == CLT_OK);
    CHECK(clt_user_add(NULL, admin, "{\"username\":\"s1\",\"role\":\"sales\"}") == CLT_OK);
    CHECK(clt_user_add(NULL, admin, "{\"username\":\"s2\",\"role\":\"sales\"}") == CLT_OK);
    CHECK(clt_customer_create(&json, admin, "{\"family_name\":\"Sun\",\"external_id\":\"S2-1\",\"owner\":\"s2\"}") == CLT_OK);
    id = json ? strstr(json, "\"id\":\"") : NULL;
    CHECK(id != NULL);
    snprintf(hidden_uuid, sizeof hidden_uuid, "%.36s", id ? id + 6 : "");
    clt_string_free(json);
    json = NULL;
    CHECK(clt_customer_create(NULL, admin, "{\"family_name\":\"Li\",\"external_id\":\"MINE-1\",\"owner\":\"s1\"}") == CLT_OK);
    open_opts.create = 0;
    open_opts.user = "s1";
    CHECK(clt_db_open(&sales, db_path, &open_opts) == CLT_OK);

    for (k = 0; k < kCalls; ++k) {
        hidden_st = named_call(sales, k, "S2-1", hidden_msg, sizeof hidden_msg);
        unknown_st = named_call(sales, k, "S2-9", unknown_msg, sizeof unknown_msg);
        CHECK(hidden_st != CLT_OK);
        CHECK(hidden_st == unknown_st);
        CHECK(strcmp(hidden_msg, unknown_msg) == 0);
        if (strcmp(hidden_msg, unknown_msg) != 0) fprintf(stderr, "    call %d: '%s' vs '%s'\n", k, hidden_msg, unknown_msg);
        hidden_st = named_call(sales, k, hidden_uuid, hidden_msg, sizeof hidden_msg);
        unknown_st = named_call(sales, k, "00000000-0000-4000-8000-000000000001", unknown_msg, sizeof unknown_msg);
        CHECK(hidden_st == unknown_st && strcmp(hidden_msg, unknown_msg) == 0);
    }

    /* A create whose external id a hidden customer holds says neither "exists" nor the id. */
    CHECK(clt_customer_create(&json, sales, "{\"family_name\":\"X\",\"external_id\":\"S2-1\"}") == CLT_CONFLICT);
    CHECK(strstr(clt_last_error(), "exist") == NULL && strstr(clt_last_error(), "S2-1") == NULL);
    /* One the user can see still does. */
    CHECK(clt_customer_create(&json, sales, "{\"family_name\":\"X\",\"external_id\":\"MINE-1\"}") == CLT_CONFLICT);
    CHECK(strstr(clt_last_error(), "already exists") != NULL);
    clt_db_close(sales);
    clt_db_close(admin);
    remove_store(db_path);
}

/* ---- the store check, a file cut short, export options ---- */

static void test_check_and_damaged_file(const char *dir) {
    char db_path[512], out[512];
    clt_db *db = NULL;
    clt_db_open_options open_opts = CLT_DB_OPEN_OPTIONS_INIT;
    clt_export_options export_opts;
    char *json = NULL;
    long size;

    snprintf(db_path, sizeof db_path, "%s/check.db", dir);
    snprintf(out, sizeof out, "%s/check.csv", dir);
    open_opts.create = 1;
    CHECK(clt_db_open(&db, db_path, &open_opts) == CLT_OK);
    CHECK(clt_customer_create(NULL, db, "{\"family_name\":\"Zhang\",\"external_id\":\"A1\"}") == CLT_OK);
    CHECK(clt_db_check(&json, db, NULL) == CLT_OK);
    CHECK(json != NULL && strstr(json, "\"ok\":true") != NULL);
    clt_string_free(json);
    json = NULL;
    CHECK(clt_db_check(&json, db, "{\"quick\": true}") == CLT_OK);
    clt_string_free(json);
    json = NULL;
    CHECK(clt_db_check(&json, db, "{\"fast\": true}") == CLT_INVALID_INPUT && json == NULL);

    CHECK(clt_export_options_init(&export_opts, CLT_EXPORT_OPTIONS_VERSION) == CLT_OK);
    export_opts.format = "jsonl";
    export_opts.skip_damaged = 1;
    CHECK(clt_db_export(&json, db, "customers", out, &export_opts) == CLT_OK);
    CHECK(json != NULL && strstr(json, "\"exported\":1") != NULL && strstr(json, "\"skipped\":[]") != NULL);
    clt_string_free(json);
    json = NULL;
    CHECK(clt_db_export(NULL, db, "customers", db_path, &export_opts) == CLT_INVALID_INPUT);
    CHECK(clt_db_export(NULL, db, "people", out, NULL) == CLT_INVALID_INPUT);
    clt_db_close(db);
    db = NULL;

    /* Cut short by 1000 bytes: it opens, refuses every write, and the check says why. */
    size = file_size(db_path);
    CHECK(truncate(db_path, size - 1000) == 0);
    open_opts.create = 0;
    CHECK(clt_db_open(&db, db_path, &open_opts) == CLT_OK);
    CHECK(clt_customer_create(NULL, db, "{\"family_name\":\"Li\"}") == CLT_CORRUPT_DATA);
    CHECK(strstr(clt_last_error(), "damaged") != NULL);
    CHECK(clt_transaction_begin(db) == CLT_CORRUPT_DATA);
    CHECK(clt_db_check(&json, db, "{\"quick\": true}") == CLT_CORRUPT_DATA);
    CHECK(json != NULL && strstr(json, "\"check\":\"file\"") != NULL);
    clt_string_free(json);
    CHECK(file_size(db_path) == size - 1000);
    clt_db_close(db);
    unlink(out);
    remove_store(db_path);
}

int main(void) {
    char dir[256];
    if (!make_temp_dir(dir, sizeof dir, "clt-files")) return 2;
    test_outputs_refuse_the_database(dir);
    test_hidden_answers_like_unknown(dir);
    test_check_and_damaged_file(dir);
    rmdir(dir);
    return check_summary();
}
