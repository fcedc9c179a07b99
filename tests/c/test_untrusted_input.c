/* clientele — input that must neither crash nor lose data, through the C ABI (issue 13;
 * docs/limits.md): deep JSON, integers beyond 64 bits, amounts beyond the bound, points
 * that would overflow a balance, UTF-8 forced to GB18030, and the CSV formula guard with
 * its opt-out. Ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, unlink */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"
#include "files.h"
#include "temp_store.h"

/* {"display_name":"deep","custom":{"x":[[[...]]]}} with `levels` arrays (caller frees). */
static char *deep_customer(size_t levels) {
    const char *head = "{\"display_name\":\"deep\",\"custom\":{\"x\":";
    size_t n = strlen(head), i;
    char *text = (char *)malloc(n + 2 * levels + 3);
    if (!text) exit(2);
    memcpy(text, head, n);
    for (i = 0; i < levels; ++i) text[n++] = '[';
    for (i = 0; i < levels; ++i) text[n++] = ']';
    memcpy(text + n, "}}", 3);
    return text;
}

static int64_t count_customers(clt_db *db) {
    int64_t n = -1;
    CHECK(clt_customer_count(&n, db, NULL) == CLT_OK);
    return n;
}

int main(void) {
    char dir[512], path[600], file[600], out_path[600];
    clt_db_open_options oo = CLT_DB_OPEN_OPTIONS_INIT;
    clt_import_options io = CLT_IMPORT_OPTIONS_INIT;
    clt_export_options eo;
    clt_import_report *report = NULL;
    clt_db *db = NULL;
    char *out = NULL, *text = NULL;
    int64_t n = 0;

    if (!make_temp_dir(dir, sizeof dir, "clientele-untrusted")) return 2;
    snprintf(path, sizeof path, "%s/u.db", dir);
    oo.create = 1;
    if (clt_db_open(&db, path, &oo) != CLT_OK) return 2;

    /* Nesting: 100,000 levels used to overflow the stack. */
    text = deep_customer(100000);
    CHECK(clt_customer_create(&out, db, text) == CLT_INVALID_INPUT && out == NULL);
    CHECK(strstr(clt_last_error(), "nested deeper than") != NULL);
    free(text);
    text = deep_customer(63); /* the custom object at exactly 64 levels */
    CHECK(clt_customer_create(NULL, db, text) == CLT_OK);
    free(text);
    CHECK(count_customers(db) == 1);

    /* Integers: a 30-digit custom value does not become a float; amounts do not wrap. */
    CHECK(clt_customer_create(NULL, db, "{\"display_name\":\"n\",\"custom\":{\"n\":123456789012345678901234567890}}") ==
          CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "custom.n") == 0);
    CHECK(clt_customer_create(NULL, db, "{\"display_name\":\"Buyer\",\"external_id\":\"B1\"}") == CLT_OK);
    CHECK(clt_interaction_add(NULL, db, "{\"customer\":\"B1\",\"kind\":\"purchase\",\"occurred_at\":\"2024-01-01T00:00:00Z\","
                                        "\"amount_minor\":18446744073709551615}") == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "amount_minor") == 0);
    CHECK(clt_interaction_add(NULL, db, "{\"customer\":\"B1\",\"kind\":\"purchase\",\"occurred_at\":\"2024-01-01T00:00:00Z\","
                                        "\"amount_minor\":1000000000000001}") == CLT_INVALID_INPUT);
    CHECK(strstr(clt_last_error(), "amount limit") != NULL);

    /* Points: the failed call leaves no entry. */
    CHECK(clt_points_record(NULL, db, "B1", "{\"kind\":\"earn\",\"points\":9223372036854775807}") == CLT_OK);
    CHECK(clt_points_record(NULL, db, "B1", "{\"kind\":\"earn\",\"points\":1}") == CLT_INVALID_INPUT);
    CHECK(clt_points_balance(&n, db, "B1") == CLT_OK && n == INT64_MAX);

    /* UTF-8 forced to GB18030: refused unless forced. */
    snprintf(file, sizeof file, "%s/utf8.csv", dir);
    write_file(file, "external_id,name\nU1,\xE5\xBC\xA0\xE4\xBC\x9F\n");
    io.options_json = "{\"encoding\":\"gb18030\"}";
    CHECK(clt_customer_import(&report, db, file, &io) == CLT_INVALID_INPUT);
    CHECK(report != NULL && clt_import_report_committed(report) == 0);
    clt_import_report_free(report);
    report = NULL;
    io.options_json = "{\"encoding\":\"gb18030\",\"force_encoding\":true}";
    CHECK(clt_customer_import(&report, db, file, &io) == CLT_OK);
    clt_import_report_free(report);
    report = NULL;

    /* The formula guard, on by default, off on request. */
    CHECK(clt_customer_create(NULL, db, "{\"display_name\":\"=1+1\",\"external_id\":\"F1\"}") == CLT_OK);
    snprintf(out_path, sizeof out_path, "%s/out.csv", dir);
    CHECK(clt_db_export(NULL, db, "customers", out_path, NULL) == CLT_OK);
    text = read_file(out_path);
    CHECK(text != NULL && strstr(text, ",'=1+1,") != NULL);
    free(text);
    CHECK(clt_export_options_init(&eo, CLT_EXPORT_OPTIONS_VERSION) == CLT_OK);
    CHECK(eo.formula_guard == 1 && eo.format == NULL);
    eo.formula_guard = 0;
    CHECK(clt_db_export(NULL, db, "customers", out_path, &eo) == CLT_OK);
    text = read_file(out_path);
    CHECK(text != NULL && strstr(text, ",=1+1,") != NULL && strstr(text, "'=1+1") == NULL);
    free(text);
    CHECK(clt_customer_export(&n, db, out_path, "csv") == CLT_OK);
    text = read_file(out_path);
    CHECK(text != NULL && strstr(text, ",'=1+1,") != NULL);
    free(text);
    eo.version = 0;
    CHECK(clt_db_export(NULL, db, "customers", out_path, &eo) == CLT_UNSUPPORTED);
    CHECK(clt_export_options_init(NULL, CLT_EXPORT_OPTIONS_VERSION) == CLT_MISUSE);

    /* A missing input file is the caller's error. */
    snprintf(file, sizeof file, "%s/nope.csv", dir);
    CHECK(clt_customer_import(&report, db, file, NULL) == CLT_INVALID_INPUT && report == NULL);

    clt_db_close(db);
    remove_store(path);
    unlink(out_path);
    snprintf(file, sizeof file, "%s/utf8.csv", dir);
    unlink(file);
    rmdir(dir);
    return check_summary();
}
