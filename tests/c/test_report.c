/* clientele — tests of the C ABI's HTML report in plain C11: the text and the file, the
 * role filter, escaping, and bad input with nothing written. Ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, rmdir */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"
#include "temp_store.h"

static void add_purchase(clt_db *db, const char *who, const char *when, int amount_minor) {
    char json[300];
    snprintf(json, sizeof json,
             "{\"customer_external_id\":\"%s\",\"kind\":\"purchase\",\"occurred_at\":\"%sT10:00:00Z\","
             "\"amount_minor\":%d,\"currency\":\"CNY\"}",
             who, when, amount_minor);
    CHECK(clt_interaction_add(NULL, db, json) == CLT_OK);
}

static int exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

int main(void) {
    char dir[400], path[512], out[512];
    clt_db *db = NULL;
    clt_db_open_options o = CLT_DB_OPEN_OPTIONS_INIT;
    clt_report_options r;
    char *html = NULL;

    if (!make_temp_dir(dir, sizeof dir, "clt_report")) return 1;
    snprintf(path, sizeof path, "%s/r.db", dir);
    snprintf(out, sizeof out, "%s/r.html", dir);
    o.create = 1;
    CHECK(clt_db_open(&db, path, &o) == CLT_OK);
    CHECK(clt_user_add(NULL, db, "{\"username\":\"li\",\"role\":\"sales\"}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db, "{\"given_name\":\"Ann\",\"external_id\":\"A\",\"owner\":\"li\"}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db, "{\"given_name\":\"<b>Bo</b>\",\"external_id\":\"B\"}") == CLT_OK);
    add_purchase(db, "A", "2024-05-02", 1000);
    add_purchase(db, "B", "2024-05-03", 5000);

    CHECK(clt_report_options_init(&r, CLT_REPORT_OPTIONS_VERSION) == CLT_OK);
    CHECK(r.top_customers == 20 && r.show_names == 1 && r.stale_days == 365 && r.lang == NULL);
    CHECK(clt_report_html(&html, db, &r) == CLT_MISUSE); /* as_of is required */
    CHECK(html == NULL);
    r.as_of = "2024-05-31";
    r.lang = "en";
    CHECK(clt_report_html(&html, db, &r) == CLT_OK);
    CHECK(html != NULL && strstr(html, "<section id=\"headline\">") != NULL);
    CHECK(html != NULL && strstr(html, "<th scope=\"row\">Customers</th><td>2</td>") != NULL);
    CHECK(html != NULL && strstr(html, "&lt;b&gt;Bo&lt;/b&gt;") != NULL && strstr(html, "<b>") == NULL);
    CHECK(html != NULL && strstr(html, "http://") == NULL && strstr(html, "https://") == NULL);
    clt_string_free(html);
    html = NULL;

    /* Bad input: the field named, nothing written. */
    r.lang = "fr";
    CHECK(clt_report_write(db, out, &r) == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "lang") == 0);
    r.lang = "en";
    r.from = "2024-06-01";
    CHECK(clt_report_write(db, out, &r) == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "from") == 0);
    r.from = NULL;
    CHECK(clt_report_write(db, path, &r) == CLT_INVALID_INPUT);
    CHECK(clt_report_write(db, NULL, &r) == CLT_MISUSE);
    CHECK(!exists(out));
    r.version = 99;
    CHECK(clt_report_write(db, out, &r) == CLT_UNSUPPORTED);
    r.version = CLT_REPORT_OPTIONS_VERSION;
    CHECK(clt_report_write(db, out, &r) == CLT_OK);
    CHECK(exists(out));
    clt_db_close(db);

    /* li, a salesperson, sees only Ann. */
    o.create = 0;
    o.user = "li";
    CHECK(clt_db_open(&db, path, &o) == CLT_OK);
    CHECK(clt_report_html(&html, db, &r) == CLT_OK);
    CHECK(html != NULL && strstr(html, "<th scope=\"row\">Customers</th><td>1</td>") != NULL);
    CHECK(html != NULL && strstr(html, "&lt;b&gt;Bo") == NULL);
    clt_string_free(html);
    clt_db_close(db);

    unlink(out);
    remove_store(path);
    rmdir(dir);
    return check_summary();
}
