/* clientele — C ABI tests of import and export, in plain C11. Ends with "N passed, M
 * failed" and exits non-zero when anything failed. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, rmdir */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"
#include "files.h"

struct progress_state {
    int calls;
    int64_t cancel_after_rows;
};

static int on_progress(void *data, uint64_t bytes_read, uint64_t bytes_total, int64_t rows) {
    struct progress_state *s = (struct progress_state *)data;
    ++s->calls;
    (void)bytes_read;
    (void)bytes_total;
    return s->cancel_after_rows == 0 || rows < s->cancel_after_rows;
}

int main(void) {
    char dir[] = "/tmp/clt-import-XXXXXX";
    char db_path[256], csv[256], big[256], rejected[256], out[256];
    clt_db *db = NULL;
    clt_import_report *report = NULL;
    int64_t rows = 0, created = 0, updated = 0, unchanged = 0, rejected_n = 0, line = 0, count = 0;
    const char *column = NULL, *reason = NULL, *value = NULL;
    char *json = NULL;
    clt_db_open_options open_opts = CLT_DB_OPEN_OPTIONS_INIT;
    clt_import_options opts = CLT_IMPORT_OPTIONS_INIT;
    struct progress_state progress = {0, 0};
    FILE *f;
    int k;

    if (!mkdtemp(dir)) return 2;
    snprintf(db_path, sizeof db_path, "%s/s.db", dir);
    snprintf(csv, sizeof csv, "%s/c.csv", dir);
    snprintf(big, sizeof big, "%s/big.csv", dir);
    snprintf(rejected, sizeof rejected, "%s/rejected.csv", dir);
    snprintf(out, sizeof out, "%s/out.jsonl", dir);
    open_opts.create = 1;
    CHECK(clt_db_open(&db, db_path, &open_opts) == CLT_OK);

    /* A good file, with the defaults. */
    write_file(csv, "id,name,email\nC1,\xE5\xBC\xA0\xE4\xBC\x9F,z@example.com\nC2,Anna,a@example.com\n");
    CHECK(clt_customer_import(&report, db, csv, NULL) == CLT_OK);
    CHECK(clt_import_report_committed(report) == 1);
    clt_import_report_counts(&rows, &created, &updated, &unchanged, &rejected_n, report);
    CHECK(rows == 2 && created == 2 && updated == 0 && unchanged == 0 && rejected_n == 0);
    clt_import_report_free(report);
    report = NULL;

    /* Again: unchanged. */
    CHECK(clt_customer_import(&report, db, csv, &opts) == CLT_OK);
    clt_import_report_counts(NULL, &created, NULL, &unchanged, NULL, report);
    CHECK(created == 0 && unchanged == 2);
    clt_import_report_free(report);
    report = NULL;

    /* Bad rows: CLT_INVALID_INPUT, and the report is handed out to list them. */
    write_file(csv, "customer_id,timestamp,amount\nC1,2024-01-01,1.00\nC9,2024-01-01,2.00\nC1,2024-02-30,3.00\n");
    CHECK(clt_interaction_import(&report, db, csv, NULL) == CLT_INVALID_INPUT);
    CHECK(report != NULL);
    CHECK(clt_import_report_committed(report) == 0);
    CHECK(clt_import_report_error_count(report) == 2);
    CHECK(clt_import_report_error(&line, NULL, &column, &value, &reason, report, 0) == CLT_OK);
    CHECK(line == 3 && strcmp(column, "customer_id") == 0 && strstr(reason, "C9") != NULL);
    CHECK(clt_import_report_error(&line, NULL, &column, &value, NULL, report, 1) == CLT_OK);
    CHECK(line == 4 && strcmp(column, "timestamp") == 0 && strcmp(value, "2024-02-30") == 0);
    CHECK(clt_import_report_error(&line, NULL, NULL, NULL, NULL, report, 2) == CLT_MISUSE);
    CHECK(clt_import_report_json(&json, report) == CLT_OK && strstr(json, "\"rejected\":2") != NULL);
    clt_string_free(json);
    clt_import_report_free(report);
    report = NULL;
    CHECK(clt_interaction_count(&count, db, NULL) == CLT_OK && count == 0);

    /* Options JSON, rejected rows file, skip_invalid. */
    opts.options_json = "{\"skip_invalid\": true, \"time_zone\": \"+08:00\"}";
    opts.rejected_path = rejected;
    CHECK(clt_interaction_import(&report, db, csv, &opts) == CLT_OK);
    clt_import_report_counts(NULL, &created, NULL, NULL, &rejected_n, report);
    CHECK(created == 1 && rejected_n == 2);
    clt_import_report_free(report);
    report = NULL;
    f = fopen(rejected, "rb");
    CHECK(f != NULL);
    if (f) {
        char head[64] = {0};
        CHECK(fgets(head, sizeof head, f) != NULL && strcmp(head, "customer_id,timestamp,amount,import_error\n") == 0);
        fclose(f);
    }
    opts.options_json = "{\"nonsense\": 1}";
    CHECK(clt_interaction_import(&report, db, csv, &opts) == CLT_INVALID_INPUT && report == NULL);
    opts.options_json = NULL;
    opts.rejected_path = NULL;

    /* Progress and cancelling. */
    f = fopen(big, "wb");
    if (!f) return 2;
    fputs("id,name\n", f);
    for (k = 0; k < 5000; ++k) fprintf(f, "B%d,Person %d\n", k, k);
    fclose(f);
    opts.progress = on_progress;
    opts.progress_data = &progress;
    progress.cancel_after_rows = 2000;
    CHECK(clt_customer_import(&report, db, big, &opts) == CLT_CANCELLED && report == NULL);
    CHECK(progress.calls >= 2);
    CHECK(clt_customer_count(&count, db, NULL) == CLT_OK && count == 2);
    progress.cancel_after_rows = 0;
    CHECK(clt_customer_import(&report, db, big, &opts) == CLT_OK);
    clt_import_report_free(report);
    report = NULL;

    /* Export. */
    CHECK(clt_customer_export(&count, db, out, "jsonl") == CLT_OK && count == 5002);
    CHECK(clt_interaction_export(&count, db, out, "xml") == CLT_INVALID_INPUT);
    CHECK(clt_customer_import(&report, NULL, csv, NULL) == CLT_MISUSE);
    /* One options-version rule: 0 and a newer version are both CLT_UNSUPPORTED. */
    opts.version = 0;
    CHECK(clt_customer_import(&report, db, csv, &opts) == CLT_UNSUPPORTED);
    CHECK(strcmp(clt_last_error_field(), "opts") == 0);
    opts.version = CLT_IMPORT_OPTIONS_VERSION + 1;
    CHECK(clt_interaction_import(&report, db, csv, &opts) == CLT_UNSUPPORTED);
    CHECK(report == NULL);
    CHECK(clt_import_options_init(&opts, CLT_IMPORT_OPTIONS_VERSION) == CLT_OK);
    CHECK(opts.version == CLT_IMPORT_OPTIONS_VERSION && opts.options_json == NULL && opts.progress == NULL);
    CHECK(clt_import_options_init(&opts, 0) == CLT_UNSUPPORTED);
    CHECK(clt_import_options_init(&opts, 999) == CLT_UNSUPPORTED);

    clt_db_close(db);
    remove(db_path);
    remove(csv);
    remove(big);
    remove(rejected);
    remove(out);
    rmdir(dir);
    return check_summary();
}
