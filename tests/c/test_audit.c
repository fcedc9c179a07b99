/* clientele — the audit trail through the C ABI (docs/audit.md) in plain C11: changes are
 * listed with the layer "c", verify passes and then catches an edit made behind the
 * library's back, an anchor is checked, prune follows audit.retention_days, roles and
 * misuse. Ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "clientele.h"

#include "check.h"
#include "temp_store.h"

int main(void) {
    char dir[512], path[600], hash[65] = {0};
    clt_db_open_options oo = CLT_DB_OPEN_OPTIONS_INIT;
    clt_db *db = NULL, *tom = NULL;
    char *out = NULL;
    const char *at;
    int64_t n = -1, last_id = 0;
    sqlite3 *raw = NULL;

    if (!make_temp_dir(dir, sizeof dir, "clientele-audit")) return 2;
    snprintf(path, sizeof path, "%s/a.db", dir);
    oo.create = 1;
    if (clt_db_open(&db, path, &oo) != CLT_OK) return 2;
    CHECK(clt_user_add(NULL, db, "{\"username\":\"tom\",\"role\":\"sales\"}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db, "{\"given_name\":\"Ann\",\"external_id\":\"A1\","
                                        "\"phones\":[{\"number\":\"13812345678\"}]}") == CLT_OK);
    CHECK(clt_customer_update(NULL, db, "A1", "{\"notes\":\"call after 6pm\"}", 1) == CLT_OK);

    /* The update, newest first, from the C layer, with the before/after of the field. */
    CHECK(clt_audit_list(&out, db, "{\"customer\":\"A1\",\"limit\":1}") == CLT_OK && out != NULL);
    CHECK(out != NULL && strstr(out, "\"action\":\"customer.update\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"layer\":\"c\"") != NULL);
    CHECK(out != NULL && strstr(out, "call after 6pm") != NULL);
    clt_string_free(out);
    out = NULL;
    CHECK(clt_audit_list(&out, db, "{\"action\":\"user.\"}") == CLT_OK && out != NULL &&
          strstr(out, "\"target\":\"tom\"") != NULL);
    clt_string_free(out);
    out = NULL;
    CHECK(clt_audit_list(&out, db, "{\"limit\":0}") == CLT_INVALID_INPUT && out == NULL);

    /* Verify, and keep the head as an anchor. */
    CHECK(clt_audit_verify(&out, db, 0, NULL) == CLT_OK && out != NULL && strstr(out, "\"ok\":true") != NULL);
    if (out != NULL && (at = strstr(out, "\"head_hash\":\"")) != NULL) memcpy(hash, at + 13, 64);
    if (out != NULL && (at = strstr(out, "\"last_id\":")) != NULL) last_id = strtoll(at + 10, NULL, 10);
    clt_string_free(out);
    out = NULL;
    CHECK(last_id >= 3);
    CHECK(clt_audit_verify(&out, db, last_id, hash) == CLT_OK && out != NULL && strstr(out, "\"ok\":true") != NULL);
    clt_string_free(out);
    out = NULL;

    /* An entry edited behind the library's back. */
    CHECK(sqlite3_open(path, &raw) == SQLITE_OK);
    CHECK(sqlite3_exec(raw, "UPDATE audit_log SET username = 'mallory' WHERE action = 'customer.update'", NULL, NULL,
                       NULL) == SQLITE_OK);
    sqlite3_close(raw);
    CHECK(clt_audit_verify(&out, db, last_id, hash) == CLT_OK && out != NULL && strstr(out, "\"ok\":false") != NULL);
    CHECK(out != NULL && strstr(out, "was edited") != NULL);
    clt_string_free(out);
    out = NULL;

    /* Prune: nothing while audit.retention_days is 0. */
    CHECK(clt_audit_prune(&n, db, 4102444800) == CLT_OK && n == 0);
    CHECK(clt_setting_set(db, "audit.retention_days", "1") == CLT_OK);
    CHECK(clt_audit_prune(&n, db, 4102444800) == CLT_OK && n >= 4);

    /* Roles and misuse. */
    oo.create = 0;
    oo.user = "tom";
    CHECK(clt_db_open(&tom, path, &oo) == CLT_OK);
    CHECK(clt_audit_list(&out, tom, NULL) == CLT_PERMISSION_DENIED && out == NULL);
    CHECK(clt_audit_prune(&n, tom, 0) == CLT_PERMISSION_DENIED);
    clt_db_close(tom);
    CHECK(clt_audit_list(NULL, db, NULL) == CLT_MISUSE);
    CHECK(clt_audit_verify(&out, NULL, 0, NULL) == CLT_MISUSE);
    CHECK(clt_audit_prune(NULL, db, 0) == CLT_MISUSE);

    clt_db_close(db);
    remove_store(path);
    return check_summary();
}
