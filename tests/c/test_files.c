/* clientele — C ABI tests of what touches files: an export or a rejected-rows file never
 * overwrites the open database. Plain C11; ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, symlink */

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

int main(void) {
    char dir[256];
    if (!make_temp_dir(dir, sizeof dir, "clt-files")) return 2;
    test_outputs_refuse_the_database(dir);
    rmdir(dir);
    return check_summary();
}
