/* clientele — tests of the C ABI's analytics section, in plain C11: RFM and lifecycle from
 * caller-owned columns (the hand-computed example of docs/analytics.md) and from a
 * database as a sales user. Ends with "N passed, M failed"; non-zero exit on failure. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, rmdir */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"
#include "temp_store.h"
#define DAY 86400

static void test_rfm_from_columns(void) {
    /* as_of 1970-04-11 = day 100; see tests/cpp/analytics/test_analytics.cpp */
    const int64_t customer[] = {1, 1, 2, 2, 3, 3, 4, 5};
    const int64_t timestamp[] = {99 * DAY + 82800, 70 * DAY, 100 * DAY + 86399, 100 * DAY + 10,
                                 70 * DAY, 101 * DAY, 90 * DAY, 79 * DAY};
    const int64_t amount[] = {10000, 5000, 1000, -500, 2000, 100000, -700, 0};
    clt_rfm_options opts = CLT_RFM_OPTIONS_INIT;
    clt_rfm_result *r = NULL;
    size_t i;
    const char *want_rfm[] = {"344", "412", "113", "211"};
    const char *want_segment[] = {"loyal_customers", "promising", "hibernating", "hibernating"};
    const int64_t want_customer[] = {1, 2, 3, 5};
    const int64_t want_monetary[] = {15000, 500, 2000, 0};
    const uint8_t want_tier[] = {1, 0, 1, 0};

    opts.as_of = "1970-04-11";
    CHECK(clt_rfm_compute(&r, customer, timestamp, amount, 8, &opts) == CLT_OK);
    CHECK(clt_rfm_result_size(r) == 4);
    for (i = 0; r != NULL && i < 4; ++i) {
        char rfm[4];
        rfm[0] = (char)('0' + clt_rfm_result_r(r)[i]);
        rfm[1] = (char)('0' + clt_rfm_result_f(r)[i]);
        rfm[2] = (char)('0' + clt_rfm_result_m(r)[i]);
        rfm[3] = '\0';
        CHECK(clt_rfm_result_customer(r)[i] == want_customer[i]);
        CHECK(clt_rfm_result_monetary(r)[i] == want_monetary[i]);
        CHECK(strcmp(rfm, want_rfm[i]) == 0);
        CHECK(strcmp(clt_rfm_result_segment(r, i), want_segment[i]) == 0);
        CHECK(clt_rfm_result_value_tier(r)[i] == want_tier[i]);
        CHECK(clt_rfm_result_customer_ref(r, i) == NULL);
    }
    CHECK(clt_rfm_result_segment(r, 4) == NULL);
    clt_rfm_result_free(r);
    clt_rfm_result_free(NULL);

    opts.bins = 11;
    r = (clt_rfm_result *)&opts; /* must be reset to NULL on failure */
    CHECK(clt_rfm_compute(&r, customer, timestamp, amount, 8, &opts) == CLT_INVALID_INPUT);
    CHECK(r == NULL);
    CHECK(strcmp(clt_last_error_field(), "bins") == 0);
    opts.bins = 5;
    opts.as_of = "1970-02-30";
    CHECK(clt_rfm_compute(&r, customer, timestamp, amount, 8, &opts) == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "as_of") == 0);
    opts.as_of = "1970-04-11";
    CHECK(clt_rfm_compute(&r, customer, NULL, amount, 8, &opts) == CLT_MISUSE);
    CHECK(strcmp(clt_last_error_field(), "timestamp") == 0);
    CHECK(clt_rfm_compute(&r, customer, timestamp, amount, 8, NULL) == CLT_MISUSE);
    CHECK(clt_rfm_options_init(&opts, 99) == CLT_UNSUPPORTED);
}

static void test_rfm_custom_segments(void) {
    /* The columns of test_rfm_from_columns: r scores 3, 4, 1, 2. */
    const int64_t customer[] = {1, 1, 2, 2, 3, 3, 4, 5};
    const int64_t timestamp[] = {99 * DAY + 82800, 70 * DAY, 100 * DAY + 86399, 100 * DAY + 10,
                                 70 * DAY, 101 * DAY, 90 * DAY, 79 * DAY};
    const int64_t amount[] = {10000, 5000, 1000, -500, 2000, 100000, -700, 0};
    const char *want[] = {"rest", "recent", "rest", "rest"};
    clt_rfm_options opts;
    clt_rfm_result *r = NULL;
    size_t i;

    CHECK(clt_rfm_options_init(&opts, CLT_RFM_OPTIONS_VERSION) == CLT_OK);
    CHECK(opts.version == 2 && opts.segments_json == NULL);
    opts.as_of = "1970-04-11";
    opts.segments_json = "[{\"name\": \"recent\", \"r\": [4, 5], \"f\": [1, 5]},"
                         " {\"name\": \"rest\", \"r\": [1, 5], \"f\": [1, 5]}]";
    CHECK(clt_rfm_compute(&r, customer, timestamp, amount, 8, &opts) == CLT_OK);
    CHECK(clt_rfm_result_size(r) == 4);
    for (i = 0; r != NULL && i < 4; ++i) CHECK(strcmp(clt_rfm_result_segment(r, i), want[i]) == 0);
    clt_rfm_result_free(r);
    r = NULL;

    /* A malformed rule names where it is and computes nothing. */
    opts.segments_json = "[{\"name\": \"recent\", \"r\": [4], \"f\": [1, 5]}]";
    CHECK(clt_rfm_compute(&r, customer, timestamp, amount, 8, &opts) == CLT_INVALID_INPUT);
    CHECK(r == NULL && strcmp(clt_last_error_field(), "segments[0].r") == 0);
    opts.segments_json = "[{\"name\": \"x\", \"r\": [4, 9], \"f\": [1, 5]}]";
    CHECK(clt_rfm_compute(&r, customer, timestamp, amount, 8, &opts) == CLT_INVALID_INPUT);
    opts.segments_json = "{";
    CHECK(clt_rfm_compute(&r, customer, timestamp, amount, 8, &opts) == CLT_INVALID_INPUT);

    /* A version 1 struct ends before segments_json: init leaves it alone, compute ignores it. */
    opts.segments_json = "not read";
    CHECK(clt_rfm_options_init(&opts, 1) == CLT_OK);
    CHECK(opts.version == 1 && opts.bins == 5 && strcmp(opts.segments_json, "not read") == 0);
    opts.as_of = "1970-04-11";
    CHECK(clt_rfm_compute(&r, customer, timestamp, amount, 8, &opts) == CLT_OK);
    CHECK(r != NULL && strcmp(clt_rfm_result_segment(r, 0), "loyal_customers") == 0);
    clt_rfm_result_free(r);
}

static void test_lifecycle_from_columns(void) {
    const int64_t customer[] = {1, 2, 2, 3};
    const int64_t timestamp[] = {990 * DAY, 100 * DAY, 900 * DAY, 500 * DAY};
    const int64_t amount[] = {100, 100, 100, 100};
    const int64_t known[] = {7};
    clt_lifecycle_options opts;
    clt_lifecycle_result *l = NULL;
    CHECK(clt_lifecycle_options_init(&opts, CLT_LIFECYCLE_OPTIONS_VERSION) == CLT_OK);
    CHECK(opts.at_risk_days == 180);
    opts.as_of = "1972-09-27"; /* day 1000 */
    CHECK(clt_lifecycle_compute(&l, customer, timestamp, amount, 4, known, 1, &opts) == CLT_OK);
    CHECK(clt_lifecycle_result_size(l) == 4);
    if (l != NULL && clt_lifecycle_result_size(l) == 4) {
        CHECK(strcmp(clt_lifecycle_stage_name(clt_lifecycle_result_stage(l)[0]), "new") == 0);
        CHECK(strcmp(clt_lifecycle_stage_name(clt_lifecycle_result_stage(l)[1]), "reactivated") == 0);
        CHECK(strcmp(clt_lifecycle_stage_name(clt_lifecycle_result_stage(l)[2]), "churned") == 0);
        CHECK(strcmp(clt_lifecycle_stage_name(clt_lifecycle_result_stage(l)[3]), "prospect") == 0);
        CHECK(clt_lifecycle_result_stage_since(l)[2] == 866);
        CHECK(clt_lifecycle_result_stage_since(l)[3] == INT64_MIN);
        CHECK(clt_lifecycle_result_customer(l)[3] == 7);
    }
    CHECK(clt_lifecycle_stage_name(7) == NULL);
    clt_lifecycle_result_free(l);
}

static void test_from_database(const char *dir) {
    char path[512];
    clt_db *db = NULL;
    clt_db_open_options o = CLT_DB_OPEN_OPTIONS_INIT;
    clt_rfm_options ro = CLT_RFM_OPTIONS_INIT;
    clt_lifecycle_options lo = CLT_LIFECYCLE_OPTIONS_INIT;
    clt_rfm_result *r = NULL;
    clt_lifecycle_result *l = NULL;

    snprintf(path, sizeof path, "%s/a.db", dir);
    o.create = 1;
    CHECK(clt_db_open(&db, path, &o) == CLT_OK);
    CHECK(clt_user_add(NULL, db, "{\"username\":\"li\",\"role\":\"sales\"}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db, "{\"given_name\":\"A\",\"external_id\":\"A\",\"owner\":\"li\"}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db, "{\"given_name\":\"B\",\"external_id\":\"B\",\"owner\":\"li\"}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db, "{\"given_name\":\"C\",\"external_id\":\"C\"}") == CLT_OK);
    CHECK(clt_interaction_add(NULL, db,
                              "{\"customer_external_id\":\"A\",\"kind\":\"purchase\",\"occurred_at\":"
                                  "\"2024-05-01T10:00:00Z\",\"amount_minor\":1999}") == CLT_OK);
    CHECK(clt_interaction_add(NULL, db,
                              "{\"customer_external_id\":\"C\",\"kind\":\"purchase\",\"occurred_at\":"
                                  "\"2024-05-01T10:00:00Z\",\"amount_minor\":500}") == CLT_OK);
    clt_db_close(db);

    o.create = 0;
    o.user = "li";
    CHECK(clt_db_open(&db, path, &o) == CLT_OK);
    ro.as_of = "2024-05-31";
    CHECK(clt_rfm_compute_from_db(&r, db, NULL, &ro) == CLT_OK);
    CHECK(clt_rfm_result_size(r) == 1);
    if (clt_rfm_result_size(r) == 1) {
        CHECK(strcmp(clt_rfm_result_customer_ref(r, 0), "A") == 0);
        CHECK(clt_rfm_result_monetary(r)[0] == 1999);
        CHECK(clt_rfm_result_recency_days(r)[0] == 30);
    }
    clt_rfm_result_free(r);
    lo.as_of = "2024-05-31";
    CHECK(clt_lifecycle_compute_from_db(&l, db, NULL, &lo) == CLT_OK);
    CHECK(clt_lifecycle_result_size(l) == 2);
    if (clt_lifecycle_result_size(l) == 2) {
        CHECK(strcmp(clt_lifecycle_result_customer_ref(l, 1), "B") == 0);
        CHECK(clt_lifecycle_result_stage(l)[1] == 0);
    }
    clt_lifecycle_result_free(l);
    CHECK(clt_rfm_compute_from_db(&r, NULL, NULL, &ro) == CLT_MISUSE);
    {
        /* The currency the amounts above are in: the only one li's customers bought in. */
        char *code = NULL;
        CHECK(clt_analytics_currency(&code, db, NULL) == CLT_OK);
        CHECK(code != NULL && strcmp(code, "CNY") == 0);
        clt_string_free(code);
        code = NULL;
        CHECK(clt_analytics_currency(&code, db, "JPY") == CLT_OK);
        CHECK(code != NULL && strcmp(code, "JPY") == 0);
        clt_string_free(code);
        CHECK(clt_analytics_currency(NULL, db, NULL) == CLT_MISUSE);
    }
    clt_db_close(db);
    remove_store(path);
}

int main(void) {
    char dir[400];
    if (!make_temp_dir(dir, sizeof dir, "clt_capi_analytics")) return 2;
    test_rfm_from_columns();
    test_rfm_custom_segments();
    test_lifecycle_from_columns();
    test_from_database(dir);
    rmdir(dir);
    return check_summary();
}
