/* clientele — clt_init and clt_shutdown in plain C11: counted initialisation, refusal
 * while a handle is open, and a final release after which every call is CLT_MISUSE. The
 * ctest `capi_valgrind` runs this program under valgrind and demands that nothing is
 * definitely or possibly lost. Ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, unlink */

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"
#include "temp_store.h"

int main(void) {
    char dir[512], path[600];
    clt_db_open_options oo = CLT_DB_OPEN_OPTIONS_INIT;
    clt_db *db = NULL;
    char *json = NULL;

    if (!make_temp_dir(dir, sizeof dir, "clt_lifetime")) return 1;
    snprintf(path, sizeof path, "%s/a.db", dir);
    CHECK(clt_init() == CLT_OK);
    CHECK(clt_init() == CLT_OK); /* counted: two users of the library in one process */
    oo.create = 1;
    CHECK(clt_db_open(&db, path, &oo) == CLT_OK);
    /* Work that touches every process-wide object: libphonenumber (a number outside the
     * fast path), ICU (email case folding, transliteration in the duplicate check). */
    CHECK(clt_customer_create(&json, db,
                              "{\"family_name\":\"张\",\"given_name\":\"伟\",\"emails\":[{\"address\":\"Wei@Example.CN\"}],"
                              "\"phones\":[{\"number\":\"138-1234-5678\"},{\"number\":\"+44 20 7946 0958\"}]}") == CLT_OK);
    clt_string_free(json);
    json = NULL;
    CHECK(clt_duplicates_find(&json, db, "{\"family_name\":\"張\",\"given_name\":\"偉\"}", 0.1) == CLT_OK);
    CHECK(json != NULL && strstr(json, "\"score\"") != NULL);
    clt_string_free(json);
    json = NULL;

    /* The first clt_shutdown only undoes the second clt_init: the library still works. */
    CHECK(clt_shutdown() == CLT_OK);
    CHECK(clt_customer_find_by_phone(&json, db, "+44 20 7946 0958") == CLT_OK);
    clt_string_free(json);
    json = NULL;

    /* The last one refuses while a handle is open, and releases nothing. */
    CHECK(clt_shutdown() == CLT_MISUSE);
    CHECK(strstr(clt_last_error(), "still open") != NULL);
    CHECK(clt_customer_find_by_phone(&json, db, "+44 20 7946 0958") == CLT_OK);
    clt_string_free(json);
    json = NULL;
    clt_db_close(db);
    db = NULL;

    CHECK(clt_shutdown() == CLT_OK);
    /* Final: every later call is CLT_MISUSE with a message saying why; a second shutdown
     * is harmless. */
    CHECK(clt_db_open(&db, path, NULL) == CLT_MISUSE);
    CHECK(db == NULL);
    CHECK(strstr(clt_last_error(), "clt_shutdown") != NULL);
    CHECK(clt_init() == CLT_MISUSE);
    CHECK(clt_shutdown() == CLT_OK);

    remove_store(path);
    rmdir(dir);
    return check_summary();
}
