/* clientele — tests of the C ABI's analytics over time, in plain C11: the funnel, stage
 * history, the stage transition matrix and new vs returning, from caller-owned columns
 * (a small hand-computed example below) and from a database as a sales user, plus the
 * bad inputs (NULL, bad dates, wrong options version). Ends with "N passed, M failed". */
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
#define NSTAGES CLT_LIFECYCLE_STAGES
#define NCELLS (NSTAGES * NSTAGES) /* the transition matrix */

/* Stage codes: 0 prospect, 1 new, 2 repeat, 3 loyal, 4 at_risk, 5 churned, 6 reactivated.
 * With the default rules (at_risk after 180 days, churned after 365), as_of = day 400:
 *   customer 1 buys on days 100 and 110: new 100, repeat 110, at_risk 291 (110 + 181);
 *   customer 2 buys on day 300, refund on 350 (a refund moves no stage): new 300;
 *   customer 3 buys on day 10: new 10, at_risk 191, churned 376 (10 + 366);
 *   customer 4 buys only on day 500, after as_of: no history, a prospect. */
static const int64_t customer[] = {1, 1, 2, 2, 3, 4};
static const int64_t timestamp[] = {100 * DAY + 5, 110 * DAY + 86399, 300 * DAY, 350 * DAY, 10 * DAY + 3600, 500 * DAY};
static const int64_t amount[] = {1000, 2000, 500, -500, 700, 900};
#define ROWS 6
static const int64_t known[] = {9};

static void test_funnel(void) {
    clt_lifecycle_options opts = CLT_LIFECYCLE_OPTIONS_INIT;
    clt_lifecycle_result *l = NULL;
    int64_t counts[NSTAGES];
    const int64_t want[NSTAGES] = {2, 1, 0, 0, 1, 1, 0}; /* 4 and 9 prospects; 2 new; 1 at_risk; 3 churned */
    int i;
    opts.as_of = "1971-02-05"; /* day 400 */
    CHECK(clt_lifecycle_compute(&l, customer, timestamp, amount, ROWS, known, 1, &opts) == CLT_OK);
    CHECK(clt_lifecycle_result_counts(counts, NSTAGES, l) == CLT_OK);
    for (i = 0; i < NSTAGES; ++i) CHECK(counts[i] == want[i]);
    CHECK(clt_lifecycle_result_counts(counts, NSTAGES, NULL) == CLT_MISUSE);
    CHECK(clt_lifecycle_result_counts(NULL, NSTAGES, l) == CLT_MISUSE);
    CHECK(strcmp(clt_last_error_field(), "out_counts") == 0);
    /* A buffer one element short is refused before anything is written. */
    counts[0] = -7;
    CHECK(clt_lifecycle_result_counts(counts, NSTAGES - 1, l) == CLT_MISUSE);
    CHECK(strcmp(clt_last_error_field(), "out_counts") == 0);
    CHECK(strstr(clt_last_error(), "holds 6 elements; 7 are needed") != NULL);
    CHECK(counts[0] == -7);
    clt_lifecycle_result_free(l);
}

static void test_history(void) {
    clt_lifecycle_options opts = CLT_LIFECYCLE_OPTIONS_INIT;
    clt_stage_history_result *h = NULL;
    const int64_t want_customer[] = {1, 1, 1, 2, 3, 3, 3};
    const int64_t want_day[] = {100, 110, 291, 300, 10, 191, 376};
    const uint8_t want_stage[] = {1, 2, 4, 1, 1, 4, 5};
    size_t i;
    opts.as_of = "1971-02-05";
    CHECK(clt_stage_history_compute(&h, customer, timestamp, amount, ROWS, &opts) == CLT_OK);
    CHECK(clt_stage_history_result_size(h) == 7);
    for (i = 0; clt_stage_history_result_size(h) == 7 && i < 7; ++i) {
        CHECK(clt_stage_history_result_customer(h)[i] == want_customer[i]);
        CHECK(clt_stage_history_result_day(h)[i] == want_day[i]);
        CHECK(clt_stage_history_result_stage(h)[i] == want_stage[i]);
        CHECK(clt_stage_history_result_customer_ref(h, i) == NULL);
    }
    clt_stage_history_result_free(h);
    clt_stage_history_result_free(NULL);
    CHECK(clt_stage_history_result_size(NULL) == 0);
    CHECK(clt_stage_history_result_day(NULL) == NULL);

    /* An earlier as_of cuts the history: at day 200 customer 1 is still repeat. */
    opts.as_of = "1970-07-20";
    CHECK(clt_stage_history_compute(&h, customer, timestamp, amount, ROWS, &opts) == CLT_OK);
    CHECK(clt_stage_history_result_size(h) == 4); /* 1: new, repeat; 3: new, at_risk */
    clt_stage_history_result_free(h);

    /* Bad input: the result stays NULL and the error names the argument. */
    h = (clt_stage_history_result *)&opts;
    CHECK(clt_stage_history_compute(&h, customer, NULL, amount, ROWS, &opts) == CLT_MISUSE);
    CHECK(h == NULL);
    CHECK(strcmp(clt_last_error_field(), "timestamp") == 0);
    CHECK(clt_stage_history_compute(&h, customer, timestamp, amount, ROWS, NULL) == CLT_MISUSE);
    CHECK(strcmp(clt_last_error_field(), "opts") == 0);
    CHECK(clt_stage_history_compute(NULL, customer, timestamp, amount, ROWS, &opts) == CLT_MISUSE);
    opts.as_of = "1971-02-30";
    CHECK(clt_stage_history_compute(&h, customer, timestamp, amount, ROWS, &opts) == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "as_of") == 0);
    CHECK(strstr(clt_last_error(), "1971-02-30") != NULL);
    opts.as_of = "1971-02-05";
    opts.churned_days = -1;
    CHECK(clt_stage_history_compute(&h, customer, timestamp, amount, ROWS, &opts) == CLT_INVALID_INPUT);
    opts.churned_days = 365;
    opts.version = 99;
    CHECK(clt_stage_history_compute(&h, customer, timestamp, amount, ROWS, &opts) == CLT_UNSUPPORTED);
    CHECK(strstr(clt_last_error(), "version 99") != NULL);
    CHECK(h == NULL);
    /* No rows at all is an empty history, not an error. */
    opts.version = CLT_LIFECYCLE_OPTIONS_VERSION;
    CHECK(clt_stage_history_compute(&h, NULL, NULL, NULL, 0, &opts) == CLT_OK);
    CHECK(clt_stage_history_result_size(h) == 0);
    clt_stage_history_result_free(h);
}

static void test_transitions(void) {
    clt_lifecycle_options opts = CLT_LIFECYCLE_OPTIONS_INIT;
    int64_t counts[NCELLS];
    int64_t total = 0;
    int i;
    opts.as_of = "1971-02-05"; /* day 400; from day 200 */
    CHECK(clt_stage_transitions_compute(counts, NCELLS, customer, timestamp, amount, ROWS, known, 1, "1970-07-20", &opts) ==
          CLT_OK);
    for (i = 0; i < NCELLS; ++i) total += counts[i];
    CHECK(total == 5);
    CHECK(counts[0 * NSTAGES + 0] == 2); /* 4 (only a future purchase) and known 9 */
    CHECK(counts[0 * NSTAGES + 1] == 1); /* 2: prospect -> new */
    CHECK(counts[2 * NSTAGES + 4] == 1); /* 1: repeat -> at_risk */
    CHECK(counts[4 * NSTAGES + 5] == 1); /* 3: at_risk -> churned */

    /* Failures leave the caller's matrix as it was. */
    counts[0] = -7;
    CHECK(clt_stage_transitions_compute(counts, NCELLS, customer, timestamp, amount, ROWS, known, 1, "1971-02-06", &opts) ==
          CLT_INVALID_INPUT); /* from after as_of */
    CHECK(strcmp(clt_last_error_field(), "from") == 0);
    CHECK(clt_stage_transitions_compute(counts, NCELLS, customer, timestamp, amount, ROWS, known, 1, "20-07-1970", &opts) ==
          CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "from") == 0);
    CHECK(clt_stage_transitions_compute(counts, NCELLS, customer, timestamp, amount, ROWS, known, 1, NULL, &opts) ==
          CLT_MISUSE);
    CHECK(strcmp(clt_last_error_field(), "from") == 0);
    CHECK(clt_stage_transitions_compute(counts, NCELLS, customer, timestamp, amount, ROWS, NULL, 1, "1970-07-20", &opts) ==
          CLT_MISUSE);
    CHECK(strcmp(clt_last_error_field(), "known") == 0);
    CHECK(clt_stage_transitions_compute(NULL, NCELLS, customer, timestamp, amount, ROWS, known, 1, "1970-07-20", &opts) ==
          CLT_MISUSE);
    CHECK(clt_stage_transitions_compute(counts, NCELLS, customer, timestamp, amount, ROWS, known, 1, "1970-07-20", NULL) ==
          CLT_MISUSE);
    CHECK(clt_stage_transitions_compute(counts, NCELLS - 1, customer, timestamp, amount, ROWS, known, 1,
                                        "1970-07-20", &opts) == CLT_MISUSE); /* one element short */
    CHECK(strcmp(clt_last_error_field(), "out_counts") == 0);
    opts.version = 2;
    CHECK(clt_stage_transitions_compute(counts, NCELLS, customer, timestamp, amount, ROWS, known, 1, "1970-07-20", &opts) ==
          CLT_UNSUPPORTED);
    CHECK(counts[0] == -7);
}

static void test_new_vs_returning(void) {
    clt_new_vs_returning_options opts;
    clt_new_vs_returning_result *r = NULL;
    CHECK(clt_new_vs_returning_options_init(&opts, CLT_NEW_VS_RETURNING_OPTIONS_VERSION) == CLT_OK);
    CHECK(opts.units_per_second == 1 && opts.from == NULL);
    CHECK(clt_new_vs_returning_options_init(&opts, 2) == CLT_UNSUPPORTED);
    CHECK(clt_new_vs_returning_options_init(NULL, 1) == CLT_MISUSE);

    /* Days 105..305: 1 bought on 110 after a first purchase on 100 (returning); 2's first
     * purchase is on 300 (new); 3 and 4 bought nothing in the period. */
    opts.from = "1970-04-16";
    opts.to = "1970-11-02";
    CHECK(clt_new_vs_returning_compute(&r, customer, timestamp, amount, ROWS, &opts) == CLT_OK);
    CHECK(clt_new_vs_returning_result_size(r) == 2);
    if (clt_new_vs_returning_result_size(r) == 2) {
        CHECK(clt_new_vs_returning_result_customer(r)[0] == 1);
        CHECK(clt_new_vs_returning_result_returning(r)[0] == 1);
        CHECK(clt_new_vs_returning_result_customer(r)[1] == 2);
        CHECK(clt_new_vs_returning_result_returning(r)[1] == 0);
        CHECK(clt_new_vs_returning_result_customer_ref(r, 0) == NULL);
    }
    CHECK(clt_new_vs_returning_result_new_count(r) == 1);
    CHECK(clt_new_vs_returning_result_returning_count(r) == 1);
    clt_new_vs_returning_result_free(r);
    CHECK(clt_new_vs_returning_result_new_count(NULL) == 0);

    /* Milliseconds: the same rows, the same answer. */
    {
        int64_t ms[ROWS];
        int i;
        for (i = 0; i < ROWS; ++i) ms[i] = timestamp[i] * 1000;
        opts.units_per_second = 1000;
        CHECK(clt_new_vs_returning_compute(&r, customer, ms, amount, ROWS, &opts) == CLT_OK);
        CHECK(clt_new_vs_returning_result_new_count(r) == 1 && clt_new_vs_returning_result_returning_count(r) == 1);
        clt_new_vs_returning_result_free(r);
        opts.units_per_second = 1;
    }

    r = (clt_new_vs_returning_result *)&opts;
    opts.to = "1970-04-15"; /* ends before it starts */
    CHECK(clt_new_vs_returning_compute(&r, customer, timestamp, amount, ROWS, &opts) == CLT_INVALID_INPUT);
    CHECK(r == NULL);
    CHECK(strcmp(clt_last_error_field(), "from") == 0);
    opts.to = "tomorrow";
    CHECK(clt_new_vs_returning_compute(&r, customer, timestamp, amount, ROWS, &opts) == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "to") == 0);
    opts.to = NULL;
    CHECK(clt_new_vs_returning_compute(&r, customer, timestamp, amount, ROWS, &opts) == CLT_MISUSE);
    CHECK(strcmp(clt_last_error_field(), "to") == 0);
    opts.to = "1970-11-02";
    CHECK(clt_new_vs_returning_compute(&r, NULL, timestamp, amount, ROWS, &opts) == CLT_MISUSE);
    CHECK(strcmp(clt_last_error_field(), "customer") == 0);
    CHECK(clt_new_vs_returning_compute(&r, customer, timestamp, amount, ROWS, NULL) == CLT_MISUSE);
    opts.version = 0;
    CHECK(clt_new_vs_returning_compute(&r, customer, timestamp, amount, ROWS, &opts) == CLT_UNSUPPORTED);
    CHECK(r == NULL);
}

static void add_purchase(clt_db *db, const char *who, const char *when) {
    char json[256];
    snprintf(json, sizeof json,
             "{\"customer_external_id\":\"%s\",\"kind\":\"purchase\",\"occurred_at\":\"%sT10:00:00Z\","
             "\"amount_minor\":1000}",
             who, when);
    CHECK(clt_interaction_add(NULL, db, json) == CLT_OK);
}

static void test_from_database(const char *dir) {
    char path[512];
    clt_db *db = NULL;
    clt_db_open_options o = CLT_DB_OPEN_OPTIONS_INIT;
    clt_lifecycle_options lo = CLT_LIFECYCLE_OPTIONS_INIT;
    clt_new_vs_returning_options no = CLT_NEW_VS_RETURNING_OPTIONS_INIT;
    clt_stage_history_result *h = NULL;
    clt_new_vs_returning_result *r = NULL;
    int64_t counts[NCELLS];
    int64_t total = 0;
    int i;

    snprintf(path, sizeof path, "%s/s.db", dir);
    o.create = 1;
    CHECK(clt_db_open(&db, path, &o) == CLT_OK);
    CHECK(clt_user_add(NULL, db, "{\"username\":\"li\",\"role\":\"sales\"}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db, "{\"given_name\":\"A\",\"external_id\":\"A\",\"owner\":\"li\"}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db, "{\"given_name\":\"B\",\"external_id\":\"B\",\"owner\":\"li\"}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db, "{\"given_name\":\"C\",\"external_id\":\"C\"}") == CLT_OK);
    add_purchase(db, "A", "2024-01-10");
    add_purchase(db, "A", "2024-03-01");
    add_purchase(db, "C", "2023-01-01");
    add_purchase(db, "C", "2024-05-01");
    clt_db_close(db);

    /* li (sales) sees A and B only: C's rows must not show anywhere. */
    o.create = 0;
    o.user = "li";
    CHECK(clt_db_open(&db, path, &o) == CLT_OK);
    lo.as_of = "2024-06-01";
    CHECK(clt_stage_history_compute_from_db(&h, db, NULL, &lo) == CLT_OK);
    CHECK(clt_stage_history_result_size(h) == 2); /* A: new 2024-01-10, repeat 2024-03-01 */
    if (clt_stage_history_result_size(h) == 2) {
        CHECK(strcmp(clt_stage_history_result_customer_ref(h, 0), "A") == 0);
        CHECK(strcmp(clt_stage_history_result_customer_ref(h, 1), "A") == 0);
        CHECK(clt_stage_history_result_day(h)[0] == 19732);
        CHECK(clt_stage_history_result_day(h)[1] == 19783);
        CHECK(clt_stage_history_result_stage(h)[1] == 2);
        CHECK(clt_stage_history_result_customer_ref(h, 2) == NULL);
    }
    clt_stage_history_result_free(h);

    CHECK(clt_stage_transitions_compute_from_db(counts, NCELLS, db, NULL, "2024-02-01", &lo) == CLT_OK);
    for (i = 0; i < NCELLS; ++i) total += counts[i];
    CHECK(total == 2);
    CHECK(counts[1 * NSTAGES + 2] == 1); /* A: new -> repeat */
    CHECK(counts[0 * NSTAGES + 0] == 1); /* B: no purchase */

    no.from = "2024-02-01";
    no.to = "2024-06-01";
    CHECK(clt_new_vs_returning_compute_from_db(&r, db, NULL, &no) == CLT_OK);
    CHECK(clt_new_vs_returning_result_size(r) == 1); /* A returning; C (returning) is not li's */
    if (clt_new_vs_returning_result_size(r) == 1) CHECK(strcmp(clt_new_vs_returning_result_customer_ref(r, 0), "A") == 0);
    CHECK(clt_new_vs_returning_result_returning_count(r) == 1 && clt_new_vs_returning_result_new_count(r) == 0);
    clt_new_vs_returning_result_free(r);

    /* Another currency has no purchases. */
    CHECK(clt_new_vs_returning_compute_from_db(&r, db, "USD", &no) == CLT_OK);
    CHECK(clt_new_vs_returning_result_size(r) == 0);
    clt_new_vs_returning_result_free(r);

    CHECK(clt_stage_history_compute_from_db(&h, NULL, NULL, &lo) == CLT_MISUSE);
    CHECK(strcmp(clt_last_error_field(), "db") == 0);
    CHECK(clt_stage_transitions_compute_from_db(counts, NCELLS, db, NULL, "2024-06-02", &lo) == CLT_INVALID_INPUT);
    CHECK(clt_new_vs_returning_compute_from_db(&r, db, NULL, NULL) == CLT_MISUSE);
    clt_db_close(db);

    /* The admin sees C too. */
    o.user = NULL;
    CHECK(clt_db_open(&db, path, &o) == CLT_OK);
    CHECK(clt_new_vs_returning_compute_from_db(&r, db, NULL, &no) == CLT_OK);
    CHECK(clt_new_vs_returning_result_size(r) == 2);
    clt_new_vs_returning_result_free(r);
    total = 0;
    CHECK(clt_stage_transitions_compute_from_db(counts, NCELLS, db, NULL, "2024-02-01", &lo) == CLT_OK);
    for (i = 0; i < NCELLS; ++i) total += counts[i];
    CHECK(total == 3);
    CHECK(counts[5 * NSTAGES + 6] == 1); /* C: churned -> reactivated */

    /* A purchase in another currency: without a choice the store refuses to count one of
     * the two silently (or to add them up). */
    CHECK(clt_interaction_add(NULL, db,
                              "{\"customer_external_id\":\"C\",\"kind\":\"purchase\","
                              "\"occurred_at\":\"2024-05-02T10:00:00Z\",\"amount_minor\":500,\"currency\":\"USD\"}") == CLT_OK);
    CHECK(clt_new_vs_returning_compute_from_db(&r, db, NULL, &no) == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "currency") == 0);
    CHECK(strstr(clt_last_error(), "CNY, USD") != NULL);
    CHECK(clt_new_vs_returning_compute_from_db(&r, db, "USD", &no) == CLT_OK);
    CHECK(clt_new_vs_returning_result_size(r) == 1);
    clt_new_vs_returning_result_free(r);
    clt_db_close(db);

    remove_store(path);
}

int main(void) {
    char dir[400];
    if (!make_temp_dir(dir, sizeof dir, "clt_capi_stages")) return 2;
    test_funnel();
    test_history();
    test_transitions();
    test_new_vs_returning();
    test_from_database(dir);
    rmdir(dir);
    return check_summary();
}
