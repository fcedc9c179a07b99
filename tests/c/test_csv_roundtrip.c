/* clientele — C ABI: a customer with every kind of field goes out as CSV through
 * clt_customer_export and comes back through clt_customer_import into a fresh store
 * unchanged: the second export is byte-identical, importing it again changes nothing,
 * and a label without its email is a located error. Ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, rmdir */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"
#include "files.h"

/* Imports `path` as customers: 1 when written, with the counts. */
static int import_counts(clt_db *db, const char *path, int64_t *created, int64_t *unchanged) {
    clt_import_report *report = NULL;
    int ok = clt_customer_import(&report, db, path, NULL) == CLT_OK && clt_import_report_committed(report);
    clt_import_report_counts(NULL, created, NULL, unchanged, NULL, report);
    clt_import_report_free(report);
    return ok;
}

int main(void) {
    char dir[] = "/tmp/clt-roundtrip-XXXXXX";
    char a_path[256], b_path[256], first[256], second[256], bad[256];
    clt_db *a = NULL, *b = NULL;
    clt_db_open_options open_opts = CLT_DB_OPEN_OPTIONS_INIT;
    clt_import_report *report = NULL;
    int64_t count = 0, created = 0, unchanged = 0, line = 0;
    const char *file = NULL, *column = NULL, *reason = NULL;
    char *one = NULL, *two = NULL, *json = NULL;

    if (!mkdtemp(dir)) return 2;
    snprintf(a_path, sizeof a_path, "%s/a.db", dir);
    snprintf(b_path, sizeof b_path, "%s/b.db", dir);
    snprintf(first, sizeof first, "%s/first.csv", dir);
    snprintf(second, sizeof second, "%s/second.csv", dir);
    snprintf(bad, sizeof bad, "%s/bad.csv", dir);
    open_opts.create = 1;
    CHECK(clt_db_open(&a, a_path, &open_opts) == CLT_OK);
    CHECK(clt_db_open(&b, b_path, &open_opts) == CLT_OK);

    /* Chinese text, a multi-line note with quotes and commas, labels, a primary that is
     * not first, two addresses, consent and nested custom fields. */
    CHECK(clt_customer_create(NULL, a,
                              "{\"external_id\": \"C-1\", \"family_name\": \"\xE7\x8E\x8B\", \"given_name\": \"\xE5\xB0\x8F\xE6\x98\x8E\","
              " \"emails\": [{\"address\": \"w@example.com\", \"label\": \"work\"},"
              "              {\"address\": \"h@example.cn\", \"label\": \"home\", \"primary\": true}],"
              " \"phones\": [{\"number\": \"+86 139 0013 9000\", \"label\": \"\xE6\x89\x8B\xE6\x9C\xBA\"}],"
              " \"addresses\": [{\"label\": \"home\", \"city\": \"\xE5\x8D\x97\xE4\xBA\xAC\", \"country\": \"CN\"},"
              "                 {\"label\": \"office\", \"street\": \"1 Main St, Suite 2\", \"city\": \"Boston\","
              "                  \"country\": \"US\", \"primary\": true}],"
              " \"consent\": {\"email\": {\"status\": \"granted\", \"at\": \"2024-01-02T03:04:05Z\", \"method\": \"web\"}},"
              " \"notes\": \"line one, \\\"quoted\\\"\\nline two\","
              " \"last_verified_at\": \"2024-05-01T00:00:00Z\","
              " \"custom\": {\"points\": 1200, \"prefs\": {\"lang\": \"zh\", \"n\": [1, 2]}, \"level\": \"gold\"}}") == CLT_OK);

    CHECK(clt_customer_export(&count, a, first, "csv") == CLT_OK && count == 1);
    CHECK(import_counts(b, first, &created, &unchanged) && created == 1);
    CHECK(clt_customer_export(&count, b, second, "csv") == CLT_OK && count == 1);
    one = read_file(first);
    two = read_file(second);
    CHECK(one != NULL && two != NULL && strcmp(one, two) == 0);
    CHECK(one != NULL && strstr(one, "email2_primary") != NULL && strstr(one, "custom_json.prefs") != NULL);

    CHECK(clt_customer_get(&json, b, "C-1") == CLT_OK);
    CHECK(json != NULL && strstr(json, "\"points\":1200") != NULL);
    CHECK(json != NULL && strstr(json, "\"prefs\":{\"lang\":\"zh\",\"n\":[1,2]}") != NULL);
    CHECK(json != NULL && strstr(json, "\"label\":\"home\",\"normalized\":\"h@example.cn\",\"primary\":true") != NULL);
    CHECK(json != NULL && strstr(json, "\"method\":\"web\"") != NULL);
    CHECK(json != NULL && strstr(json, "\"notes\":\"line one, \\\"quoted\\\"\\nline two\"") != NULL);
    clt_string_free(json);
    json = NULL;

    /* Importing the export again: unchanged, in both stores. */
    CHECK(import_counts(b, first, &created, &unchanged) && created == 0 && unchanged == 1);
    CHECK(import_counts(a, first, &created, &unchanged) && created == 0 && unchanged == 1);

    /* A label with no email: the report names file, line and column; nothing written. */
    write_file(bad, "external_id,name,email,email_label\nC-2,Li,,work\n");
    CHECK(clt_customer_import(&report, b, bad, NULL) == CLT_INVALID_INPUT);
    CHECK(clt_import_report_error_count(report) == 1);
    CHECK(clt_import_report_error(&line, &file, &column, NULL, &reason, report, 0) == CLT_OK);
    CHECK(line == 2 && strstr(file, "bad.csv") != NULL && strcmp(column, "email_label") == 0 &&
          strstr(reason, "'email' is empty") != NULL);
    clt_import_report_free(report);
    CHECK(clt_customer_count(&count, b, NULL) == CLT_OK && count == 1);

    free(one);
    free(two);
    clt_db_close(a);
    clt_db_close(b);
    remove(first);
    remove(second);
    remove(bad);
    remove(a_path);
    remove(b_path);
    rmdir(dir);
    return check_summary();
}
