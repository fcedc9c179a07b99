/* clientele — the duplicate-check calls of the C ABI (the "duplicates" section of
 * include/clientele.h), in plain C11: find_duplicates before an insert, explain of two
 * stored customers, bad input. Ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"

static int occurrences(const char *s, const char *what) {
    int n = 0;
    while (s != NULL && (s = strstr(s, what)) != NULL) ++n, ++s;
    return n;
}

int main(void) {
    char dir[] = "/tmp/clientele-dups-XXXXXX";
    char path[128];
    clt_db_open_options oo = CLT_DB_OPEN_OPTIONS_INIT;
    clt_db *db = NULL;
    char *out = NULL;
    int64_t n = -1;

    if (mkdtemp(dir) == NULL) return 2;
    snprintf(path, sizeof path, "%s/d.db", dir);
    oo.create = 1;
    if (clt_db_open(&db, path, &oo) != CLT_OK) return 2;

    CHECK(clt_customer_create(NULL, db,
                              "{\"family_name\":\"张\",\"given_name\":\"伟\",\"external_id\":\"SHOP-1\","
                                  "\"birthday\":\"1985-03-12\",\"phones\":[{\"number\":\"+86 138 1234 5678\"}]}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db,
                              "{\"family_name\":\"张\",\"given_name\":\"伟\",\"external_id\":\"SHOP-2\","
                                  "\"birthday\":\"1972-11-02\",\"phones\":[{\"number\":\"13900001111\"}]}") == CLT_OK);

    /* "Zhang Wei" with the same mobile in national format: SHOP-1 only. */
    CHECK(clt_duplicates_find(&out, db,
                              "{\"family_name\":\"Zhang\",\"given_name\":\"Wei\",\"birthday\":\"1985-03-12\","
                                  "\"phones\":[{\"number\":\"138-1234-5678\"}]}",
                              0.5) == CLT_OK);
    CHECK(out != NULL && out[0] == '[' && strstr(out, "\"display_name\":\"张伟\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"field\":\"phone\"") != NULL);
    CHECK(occurrences(out, "\"display_name\"") == 1); /* not the namesake */
    clt_string_free(out);
    out = NULL;
    /* A namesake with another phone and birthday: nothing at 0.5. */
    CHECK(clt_duplicates_find(&out, db,
                              "{\"family_name\":\"张\",\"given_name\":\"伟\",\"birthday\":\"1990-01-01\","
                                  "\"phones\":[{\"number\":\"13655556666\"}]}",
                              0.5) == CLT_OK);
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    clt_string_free(out);
    out = NULL;
    CHECK(clt_duplicates_find(&out, db, "{\"family_name\":\"张\"}", 2.0) == CLT_INVALID_INPUT && out == NULL);
    CHECK(strstr(clt_last_error(), "threshold") != NULL);
    CHECK(clt_duplicates_find(&out, db, "not json", 0.5) == CLT_INVALID_INPUT && out == NULL);
    CHECK(clt_duplicates_find(NULL, db, "{\"family_name\":\"张\"}", 0.5) == CLT_MISUSE);

    CHECK(clt_duplicates_explain(&out, db, "SHOP-1", "SHOP-2") == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"a\":\"SHOP-1\"") != NULL && strstr(out, "\"probability\":") != NULL);
    CHECK(out != NULL && strstr(out, "\"field\":\"birthday\"") != NULL);
    clt_string_free(out);
    out = NULL;
    CHECK(clt_duplicates_explain(&out, db, "SHOP-1", "NOPE") == CLT_NOT_FOUND && out == NULL);
    CHECK(strstr(clt_last_error(), "NOPE") != NULL);

    /* Nothing was written by any of it. */
    CHECK(clt_customer_count(&n, db, NULL) == CLT_OK && n == 2);

    clt_db_close(db);
    unlink(path);
    {
        char extra[160];
        snprintf(extra, sizeof extra, "%s-wal", path);
        unlink(extra);
        snprintf(extra, sizeof extra, "%s-shm", path);
        unlink(extra);
    }
    rmdir(dir);
    return check_summary();
}
