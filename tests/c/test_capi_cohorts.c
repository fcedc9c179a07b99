/* clientele — tests of the C ABI's cohorts, repeat purchases and revenue by group, in plain
 * C11, on the hand-computed example of tests/cpp/analytics/test_cohorts.cpp (worked through
 * in docs/analytics.md, "Cohorts"), from a database as a sales user, and the bad inputs.
 * Ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, rmdir */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"
#include "temp_store.h"

/* Customer 1: 2024-01-05, 01-20, 03-10; 2: 01-15, refund 02-01; 3: 02-10, 02-25, 03-01;
 * 4: a refund only; 5: 01-31 23:59:59 and 04-02 (after as_of); 6: refund 2023-12-20, then
 * 03-31 12:00. Amounts in cents. */
static const int64_t customer[] = {1, 1, 1, 2, 2, 3, 3, 3, 4, 5, 5, 6, 6};
static const int64_t timestamp[] = {1704448800, 1705744800, 1710064800, 1705312800, 1706781600, 1707559200, 1708855200,
                                    1709287200, 1707127200, 1706745599, 1712052000, 1703066400, 1711886400};
static const int64_t amount[] = {10000, 5000, 3000, 20000, -5000, 7000, 1000, 2000, -1000, 4000, 9900, -500, 1500};
#define ROWS 13
#define JAN_2024 648 /* months since 1970-01 */

static int near(double a, double b) { return a - b < 1e-9 && b - a < 1e-9; }

static void test_cohorts(void) {
    clt_cohorts_options opts;
    clt_cohorts_result *c = NULL;
    const int32_t want_cohort[] = {JAN_2024, JAN_2024, JAN_2024, JAN_2024 + 1, JAN_2024 + 1, JAN_2024 + 2};
    const int32_t want_period[] = {0, 1, 2, 0, 1, 0};
    const int64_t want_size[] = {3, 3, 3, 1, 1, 1};
    const int64_t want_customers[] = {3, 0, 1, 1, 1, 1};
    const int64_t want_revenue[] = {39000, -5000, 3000, 8000, 2000, 1500};
    size_t i;
    CHECK(clt_cohorts_options_init(&opts, CLT_COHORTS_OPTIONS_VERSION) == CLT_OK);
    CHECK(opts.units_per_second == 1 && opts.from == NULL && opts.as_of == NULL);
    CHECK(clt_cohorts_options_init(&opts, 2) == CLT_UNSUPPORTED);
    opts.as_of = "2024-03-31";
    CHECK(clt_cohorts_compute(&c, customer, timestamp, amount, ROWS, &opts) == CLT_OK);
    CHECK(clt_cohorts_result_size(c) == 6);
    for (i = 0; clt_cohorts_result_size(c) == 6 && i < 6; ++i) {
        CHECK(clt_cohorts_result_cohort(c)[i] == want_cohort[i]);
        CHECK(clt_cohorts_result_period(c)[i] == want_period[i]);
        CHECK(clt_cohorts_result_cohort_customers(c)[i] == want_size[i]);
        CHECK(clt_cohorts_result_customers(c)[i] == want_customers[i]);
        CHECK(clt_cohorts_result_revenue(c)[i] == want_revenue[i]);
        CHECK(near(clt_cohorts_result_retention(c)[i], (double)want_customers[i] / (double)want_size[i]));
    }
    clt_cohorts_result_free(c);
    clt_cohorts_result_free(NULL);
    CHECK(clt_cohorts_result_size(NULL) == 0 && clt_cohorts_result_revenue(NULL) == NULL);

    opts.from = "2024-02-15"; /* cohorts from February: customers 1, 2 and 5 bought earlier */
    CHECK(clt_cohorts_compute(&c, customer, timestamp, amount, ROWS, &opts) == CLT_OK);
    CHECK(clt_cohorts_result_size(c) == 3);
    if (clt_cohorts_result_size(c) == 3) CHECK(clt_cohorts_result_revenue(c)[2] == 1500);
    clt_cohorts_result_free(c);

    c = (clt_cohorts_result *)&opts;
    opts.from = "2024-04-01"; /* after as_of */
    CHECK(clt_cohorts_compute(&c, customer, timestamp, amount, ROWS, &opts) == CLT_INVALID_INPUT);
    CHECK(c == NULL);
    CHECK(strcmp(clt_last_error_field(), "from") == 0);
    opts.from = "someday";
    CHECK(clt_cohorts_compute(&c, customer, timestamp, amount, ROWS, &opts) == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "from") == 0);
    opts.from = NULL;
    opts.as_of = NULL;
    CHECK(clt_cohorts_compute(&c, customer, timestamp, amount, ROWS, &opts) == CLT_MISUSE);
    opts.as_of = "2024-03-31";
    CHECK(clt_cohorts_compute(&c, NULL, timestamp, amount, ROWS, &opts) == CLT_MISUSE);
    CHECK(strcmp(clt_last_error_field(), "customer") == 0);
    CHECK(clt_cohorts_compute(&c, customer, timestamp, amount, ROWS, NULL) == CLT_MISUSE);
    CHECK(clt_cohorts_compute(NULL, customer, timestamp, amount, ROWS, &opts) == CLT_MISUSE);
}

static void test_repeat_purchases(void) {
    clt_cohorts_options opts = CLT_COHORTS_OPTIONS_INIT;
    clt_repeat_purchases_result *r = NULL;
    const int64_t want_buckets[CLT_GAP_BUCKETS] = {1, 0, 2, 1, 0, 0, 0, 0};
    int i;
    opts.as_of = "2024-03-31";
    CHECK(clt_repeat_purchases_compute(&r, customer, timestamp, amount, ROWS, &opts) == CLT_OK);
    CHECK(clt_repeat_purchases_result_size(r) == 3);
    if (clt_repeat_purchases_result_size(r) == 3) {
        CHECK(clt_repeat_purchases_result_cohort(r)[0] == JAN_2024);
        CHECK(clt_repeat_purchases_result_customers(r)[0] == 3);
        CHECK(clt_repeat_purchases_result_repeat_customers(r)[0] == 1);
        CHECK(near(clt_repeat_purchases_result_repeat_rate(r)[1], 1.0));
    }
    CHECK(clt_repeat_purchases_result_total_customers(r) == 5);
    CHECK(clt_repeat_purchases_result_total_repeat_customers(r) == 2);
    CHECK(near(clt_repeat_purchases_result_total_repeat_rate(r), 0.4));
    CHECK(clt_repeat_purchases_result_gaps(r) == 4); /* 15, 50 and 15, 5 days */
    CHECK(near(clt_repeat_purchases_result_gap_mean_days(r), 21.25));
    CHECK(near(clt_repeat_purchases_result_gap_median_days(r), 15.0));
    CHECK(near(clt_repeat_purchases_result_gap_p90_days(r), 39.5));
    for (i = 0; i < CLT_GAP_BUCKETS; ++i) CHECK(clt_repeat_purchases_result_gap_buckets(r)[i] == want_buckets[i]);
    clt_repeat_purchases_result_free(r);
    CHECK(clt_repeat_purchases_gap_bucket_upper_days(0) == 7);
    CHECK(clt_repeat_purchases_gap_bucket_upper_days(6) == 365);
    CHECK(clt_repeat_purchases_gap_bucket_upper_days(7) == -1);
    CHECK(clt_repeat_purchases_result_gap_buckets(NULL) == NULL);
    CHECK(clt_repeat_purchases_result_gaps(NULL) == 0);
}

static void test_revenue_by(void) {
    clt_revenue_by_options opts;
    clt_revenue_by_result *g = NULL;
    CHECK(clt_revenue_by_options_init(&opts, CLT_REVENUE_BY_OPTIONS_VERSION) == CLT_OK);
    opts.as_of = "2024-03-31";
    opts.by = "stage";
    CHECK(clt_revenue_by_compute(&g, customer, timestamp, amount, ROWS, &opts) == CLT_OK);
    CHECK(clt_revenue_by_result_group_count(g) == CLT_LIFECYCLE_STAGES);
    CHECK(clt_revenue_by_result_size(g) == 4 * CLT_LIFECYCLE_STAGES); /* December 2023 to March 2024 */
    if (clt_revenue_by_result_size(g) == 4 * CLT_LIFECYCLE_STAGES) {
        /* January (row block 1): new customers 2 and 5 brought 240.00; 1 (repeat) 150.00. */
        CHECK(clt_revenue_by_result_month(g)[CLT_LIFECYCLE_STAGES] == JAN_2024);
        CHECK(clt_revenue_by_result_group(g)[CLT_LIFECYCLE_STAGES + 1] == 1);
        CHECK(clt_revenue_by_result_revenue(g)[CLT_LIFECYCLE_STAGES + 1] == 24000);
        CHECK(clt_revenue_by_result_customers(g)[CLT_LIFECYCLE_STAGES + 1] == 2);
        CHECK(clt_revenue_by_result_active_customers(g)[CLT_LIFECYCLE_STAGES + 1] == 2);
        CHECK(clt_revenue_by_result_revenue(g)[CLT_LIFECYCLE_STAGES + 2] == 15000);
    }
    CHECK(strcmp(clt_revenue_by_result_group_name(g, 1), "new") == 0);
    CHECK(clt_revenue_by_result_group_name(g, CLT_LIFECYCLE_STAGES) == NULL);
    clt_revenue_by_result_free(g);

    opts.by = "tier";
    CHECK(clt_revenue_by_compute(&g, customer, timestamp, amount, ROWS, &opts) == CLT_OK);
    CHECK(clt_revenue_by_result_group_count(g) == 4);
    CHECK(strcmp(clt_revenue_by_result_group_name(g, 3), "none") == 0);
    clt_revenue_by_result_free(g);

    g = (clt_revenue_by_result *)&opts;
    opts.by = "region";
    CHECK(clt_revenue_by_compute(&g, customer, timestamp, amount, ROWS, &opts) == CLT_INVALID_INPUT);
    CHECK(g == NULL);
    CHECK(strcmp(clt_last_error_field(), "by") == 0);
    CHECK(strstr(clt_last_error(), "segment, tier, stage") != NULL);
    opts.by = NULL;
    CHECK(clt_revenue_by_compute(&g, customer, timestamp, amount, ROWS, &opts) == CLT_MISUSE);
    CHECK(strcmp(clt_last_error_field(), "by") == 0);
}

static void add_row(clt_db *db, const char *who, const char *when, const char *kind, int amount_minor,
                    const char *currency) {
    char json[300];
    snprintf(json, sizeof json,
             "{\"customer_external_id\":\"%s\",\"kind\":\"%s\",\"occurred_at\":\"%sT10:00:00Z\","
             "\"amount_minor\":%d,\"currency\":\"%s\"}",
             who, kind, when, amount_minor, currency);
    CHECK(clt_interaction_add(NULL, db, json) == CLT_OK);
}

static void test_from_database(const char *dir) {
    char path[512];
    clt_db *db = NULL;
    clt_db_open_options o = CLT_DB_OPEN_OPTIONS_INIT;
    clt_cohorts_options co = CLT_COHORTS_OPTIONS_INIT;
    clt_revenue_by_options ro = CLT_REVENUE_BY_OPTIONS_INIT;
    clt_cohorts_result *c = NULL;
    clt_repeat_purchases_result *r = NULL;
    clt_revenue_by_result *g = NULL;

    snprintf(path, sizeof path, "%s/c.db", dir);
    o.create = 1;
    CHECK(clt_db_open(&db, path, &o) == CLT_OK);
    CHECK(clt_user_add(NULL, db, "{\"username\":\"li\",\"role\":\"sales\"}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db, "{\"given_name\":\"A\",\"external_id\":\"A\",\"owner\":\"li\"}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db, "{\"given_name\":\"C\",\"external_id\":\"C\"}") == CLT_OK);
    add_row(db, "A", "2024-01-10", "purchase", 1000, "CNY");
    add_row(db, "A", "2024-02-01", "purchase", 2000, "CNY");
    add_row(db, "A", "2024-02-15", "refund", -500, "CNY");
    add_row(db, "C", "2024-01-05", "purchase", 7000, "CNY");
    add_row(db, "C", "2024-01-06", "purchase", 100, "USD");
    clt_db_close(db);

    o.create = 0;
    o.user = "li";
    CHECK(clt_db_open(&db, path, &o) == CLT_OK);
    co.as_of = "2024-02-29";
    CHECK(clt_cohorts_compute_from_db(&c, db, NULL, &co) == CLT_OK);
    CHECK(clt_cohorts_result_size(c) == 2); /* A's January cohort: January and February */
    if (clt_cohorts_result_size(c) == 2) {
        CHECK(clt_cohorts_result_cohort_customers(c)[0] == 1);
        CHECK(clt_cohorts_result_revenue(c)[0] == 1000);
        CHECK(clt_cohorts_result_revenue(c)[1] == 1500);
    }
    clt_cohorts_result_free(c);
    CHECK(clt_repeat_purchases_compute_from_db(&r, db, NULL, &co) == CLT_OK);
    CHECK(clt_repeat_purchases_result_total_repeat_customers(r) == 1);
    CHECK(clt_repeat_purchases_result_gaps(r) == 1);
    clt_repeat_purchases_result_free(r);
    ro.as_of = "2024-02-29";
    ro.by = "segment";
    CHECK(clt_revenue_by_compute_from_db(&g, db, NULL, &ro) == CLT_OK);
    CHECK(clt_revenue_by_result_group_count(g) == 11); /* ten segments and "none" */
    clt_revenue_by_result_free(g);
    CHECK(clt_cohorts_compute_from_db(&c, NULL, NULL, &co) == CLT_MISUSE);
    clt_db_close(db);

    /* The admin sees C's purchases in two currencies: a choice is needed. */
    o.user = NULL;
    CHECK(clt_db_open(&db, path, &o) == CLT_OK);
    CHECK(clt_cohorts_compute_from_db(&c, db, NULL, &co) == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "currency") == 0);
    CHECK(clt_cohorts_compute_from_db(&c, db, "CNY", &co) == CLT_OK);
    if (clt_cohorts_result_size(c) == 2) CHECK(clt_cohorts_result_cohort_customers(c)[0] == 2);
    clt_cohorts_result_free(c);
    clt_db_close(db);
    remove_store(path);
}

int main(void) {
    char dir[400];
    if (!make_temp_dir(dir, sizeof dir, "clt_capi_cohorts")) return 2;
    test_cohorts();
    test_repeat_purchases();
    test_revenue_by();
    test_from_database(dir);
    rmdir(dir);
    return check_summary();
}
