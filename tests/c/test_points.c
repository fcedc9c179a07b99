/* clientele — the points calls of the C ABI (the "points" section of include/clientele.h),
 * in plain C11: record, balance, history, the sign and balance rules, roles, misuse, and a
 * merge and unmerge carrying the entries. Ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, unlink */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"
#include "temp_store.h"

static int64_t balance(clt_db *db, const char *customer) {
    int64_t n = -1;
    CHECK(clt_points_balance(&n, db, customer) == CLT_OK);
    return n;
}

/* Records an entry and returns its status; the stored entry is dropped. */
static clt_status record(clt_db *db, const char *customer, const char *entry) {
    char *out = NULL;
    clt_status s = clt_points_record(&out, db, customer, entry);
    CHECK(s == CLT_OK ? out != NULL : out == NULL);
    clt_string_free(out);
    return s;
}

int main(void) {
    char dir[512], path[600];
    clt_db_open_options oo = CLT_DB_OPEN_OPTIONS_INIT;
    clt_db *db = NULL, *viewer = NULL, *tom = NULL;
    char *out = NULL;
    int64_t n = 0;
    const char *ids[2] = {"C1", "C2"};
    clt_merge_options mo;

    if (!make_temp_dir(dir, sizeof dir, "clientele-points")) return 2;
    snprintf(path, sizeof path, "%s/p.db", dir);
    oo.create = 1;
    if (clt_db_open(&db, path, &oo) != CLT_OK) return 2;
    CHECK(clt_user_add(NULL, db, "{\"username\":\"vic\",\"role\":\"viewer\"}") == CLT_OK);
    CHECK(clt_user_add(NULL, db, "{\"username\":\"tom\",\"role\":\"sales\"}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db,
                              "{\"family_name\":\"张\",\"given_name\":\"伟\",\"external_id\":\"C1\","
                                  "\"emails\":[{\"address\":\"zhang.wei@example.com\"}]}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db, "{\"family_name\":\"张\",\"given_name\":\"伟\",\"external_id\":\"C2\"}") == CLT_OK);

    /* Record, and the entry as stored comes back. */
    CHECK(clt_points_record(&out, db, "C1",
                            "{\"kind\":\"earn\",\"points\":120,\"reason\":\"order 1042\","
                                      "\"at\":\"2024-03-01T10:00:00Z\"}") == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"points\":120") != NULL && strstr(out, "\"created_by\":\"admin\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"at\":\"2024-03-01T10:00:00Z\"") != NULL);
    clt_string_free(out);
    out = NULL;
    CHECK(record(db, "C1", "{\"kind\":\"redeem\",\"points\":-20,\"at\":\"2024-04-01T10:00:00Z\"}") == CLT_OK);
    CHECK(clt_points_record(NULL, db, "C2", "{\"kind\":\"earn\",\"points\":30}") == CLT_OK); /* out optional */
    CHECK(balance(db, "C1") == 100);
    CHECK(balance(db, "C2") == 30);

    /* History: newest first, filtered, as a JSON array. */
    CHECK(clt_points_history(&out, db, "C1", NULL) == CLT_OK);
    CHECK(out != NULL && out[0] == '[' && strstr(out, "\"kind\":\"redeem\"") < strstr(out, "\"kind\":\"earn\""));
    clt_string_free(out);
    CHECK(clt_points_history(&out, db, "C1", "{\"kind\":\"earn\",\"limit\":5}") == CLT_OK);
    CHECK(out != NULL && strstr(out, "redeem") == NULL && strstr(out, "order 1042") != NULL);
    clt_string_free(out);
    CHECK(clt_points_history(&out, db, "C1", "{\"from\":\"2025-01-01T00:00:00Z\"}") == CLT_OK);
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    clt_string_free(out);

    /* Bad input: its status, the field, and nothing changed. */
    CHECK(record(db, "C1", "{\"kind\":\"redeem\",\"points\":-101}") == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "points") == 0 && strstr(clt_last_error(), "balance 100") != NULL);
    CHECK(record(db, "C1", "{\"kind\":\"redeem\",\"points\":5}") == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "points") == 0);
    CHECK(record(db, "C1", "{\"kind\":\"earn\",\"points\":0}") == CLT_INVALID_INPUT);
    CHECK(record(db, "C1", "{\"kind\":\"gift\",\"points\":5}") == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "kind") == 0);
    CHECK(record(db, "C1", "{\"kind\":\"earn\"}") == CLT_INVALID_INPUT);
    CHECK(record(db, "C1", "not json") == CLT_INVALID_INPUT);
    CHECK(record(db, "nobody", "{\"kind\":\"earn\",\"points\":5}") == CLT_NOT_FOUND);
    CHECK(clt_points_history(&out, db, "C1", "{\"limit\":0}") == CLT_INVALID_INPUT && out == NULL);
    CHECK(balance(db, "C1") == 100);

    /* Misuse: NULL handle, input or required out parameter. */
    CHECK(clt_points_record(NULL, NULL, "C1", "{\"kind\":\"earn\",\"points\":5}") == CLT_MISUSE);
    CHECK(clt_points_record(NULL, db, NULL, "{\"kind\":\"earn\",\"points\":5}") == CLT_MISUSE);
    CHECK(clt_points_record(NULL, db, "C1", NULL) == CLT_MISUSE);
    CHECK(clt_points_balance(NULL, db, "C1") == CLT_MISUSE);
    CHECK(clt_points_balance(&n, db, NULL) == CLT_MISUSE);
    CHECK(clt_points_history(NULL, db, "C1", NULL) == CLT_MISUSE);
    CHECK(balance(db, "C1") == 100);

    /* Roles: a viewer reads and never writes; a sales user does not see others' customers. */
    oo.create = 0;
    oo.user = "vic";
    CHECK(clt_db_open(&viewer, path, &oo) == CLT_OK);
    CHECK(balance(viewer, "C1") == 100);
    CHECK(record(viewer, "C1", "{\"kind\":\"earn\",\"points\":5}") == CLT_PERMISSION_DENIED);
    clt_db_close(viewer);
    oo.user = "tom";
    CHECK(clt_db_open(&tom, path, &oo) == CLT_OK);
    CHECK(clt_points_balance(&n, tom, "C1") == CLT_NOT_FOUND);
    CHECK(record(tom, "C1", "{\"kind\":\"earn\",\"points\":5}") == CLT_NOT_FOUND);
    clt_db_close(tom);

    /* A merge carries the points; spending them refuses the unmerge; giving back allows it. */
    CHECK(clt_merge_options_init(&mo, CLT_MERGE_OPTIONS_VERSION) == CLT_OK);
    mo.survivor = "C1";
    mo.dry_run = 1;
    CHECK(clt_merge_run(&out, db, ids, 2, &mo) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"kind\":\"points\"") != NULL);
    clt_string_free(out);
    CHECK(balance(db, "C1") == 100);
    mo.dry_run = 0;
    CHECK(clt_merge_run(NULL, db, ids, 2, &mo) == CLT_OK);
    CHECK(balance(db, "C1") == 130);
    CHECK(record(db, "C1", "{\"kind\":\"redeem\",\"points\":-110}") == CLT_OK);
    CHECK(clt_merge_undo(&out, db, "C1") == CLT_CONFLICT && out == NULL);
    CHECK(strstr(clt_last_error(), "points balance of -10") != NULL);
    CHECK(balance(db, "C1") == 20);
    CHECK(record(db, "C1", "{\"kind\":\"adjust\",\"points\":10}") == CLT_OK);
    CHECK(clt_merge_undo(NULL, db, "C1") == CLT_OK);
    CHECK(balance(db, "C1") == 0);
    CHECK(balance(db, "C2") == 30);

    clt_db_close(db);
    remove_store(path);
    rmdir(dir);
    return check_summary();
}
