/* clientele — tests of the C ABI's CLV section, in plain C11: the BG/NBD and Gamma-Gamma
 * fits on lifetimes' CDNOW summary against lifetimes' figures, the whole pipeline on
 * generated transactions, and the bad-input errors. Ends with "N passed, M failed". */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clientele.h"

#include "check.h"
#define DAY 86400
#define CDNOW_ROWS 2357

static int close_to(double got, double want, double rel) { return fabs(got - want) <= rel * fabs(want); }

static void test_fits_on_cdnow(void) {
    static double x[CDNOW_ROWS], tx[CDNOW_ROWS], T[CDNOW_ROWS], m[CDNOW_ROWS];
    double params[4], errors[4], gg[3];
    long id;
    size_t n = 0;
    char header[128];
    FILE *f = fopen(CLV_DATA_DIR "/cdnow_summary.csv", "r");
    CHECK(f != NULL);
    if (f == NULL) return;
    CHECK(fgets(header, sizeof header, f) != NULL);
    while (n < CDNOW_ROWS && fscanf(f, "%ld,%lf,%lf,%lf,%lf", &id, &x[n], &tx[n], &T[n], &m[n]) == 5) ++n;
    fclose(f);
    CHECK(n == CDNOW_ROWS);
    /* lifetimes 0.11.3 (tests/data/clv/cdnow_lifetimes_fit.json) */
    CHECK(clt_clv_fit_bgnbd(params, errors, x, tx, T, n) == CLT_OK);
    CHECK(close_to(params[0], 0.2425929282798217, 1e-3));
    CHECK(close_to(params[1], 4.413532265271817, 1e-3));
    CHECK(close_to(params[2], 0.7928859664406721, 1e-3));
    CHECK(close_to(params[3], 2.4257523826257996, 1e-3));
    CHECK(close_to(errors[0], 0.012557320698193179, 1e-2));
    CHECK(clt_clv_fit_gamma_gamma(gg, NULL, x, m, n) == CLT_OK);
    CHECK(close_to(gg[0], 6.248802496072247, 1e-3));
    CHECK(close_to(gg[1], 3.744588460923599, 1e-3));
    CHECK(close_to(gg[2], 15.447748064939473, 1e-3));
    m[5] = x[5] > 0 ? -1 : m[5];
    m[0] = 0; /* customer 1 has repeat purchases */
    CHECK(clt_clv_fit_gamma_gamma(gg, NULL, x, m, n) == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "monetary_value") == 0);
    CHECK(clt_clv_fit_bgnbd(params, NULL, x, NULL, T, n) == CLT_MISUSE);
}

static unsigned long seed = 19;
static double uniform(void) {
    seed = seed * 6364136223846793005UL + 1442695040888963407UL;
    return ((double)(seed >> 11) + 0.5) / 9007199254740992.0;
}

/* 400 customers over 2020 as BG/NBD draws them: a first purchase in the first half, then
 * purchases at the customer's own rate (exponential, mean 1/30 a day), each followed by
 * leaving for good with the customer's own p (Beta(1, 3)). */
static void test_pipeline(void) {
    enum { CUSTOMERS = 400, MAX_ROWS = 20000 };
    static int64_t customer[MAX_ROWS], timestamp[MAX_ROWS], amount[MAX_ROWS];
    size_t rows = 0, i;
    int c;
    clt_clv_options opts = CLT_CLV_OPTIONS_INIT;
    clt_clv_result *r = NULL;
    double value = 0, se = 0;
    const double start = 18262, end = 18262 + 365; /* 2020-01-01 .. 2020-12-31 */
    for (c = 0; c < CUSTOMERS; ++c) {
        double day = start + floor(uniform() * 180);
        const double rate = -log(uniform()) / 30, leave = 1 - pow(uniform(), 1.0 / 3);
        const double spend = 500 - 3000 * log(uniform()); /* the customer's mean, cents */
        while (day < end && rows < MAX_ROWS) {
            customer[rows] = c + 1;
            timestamp[rows] = (int64_t)day * DAY + 3600;
            amount[rows] = 1 + (int64_t)(spend * -log(uniform()));
            ++rows;
            if (uniform() < leave) break;
            day += -log(uniform()) / rate;
        }
    }
    opts.as_of = "2020-12-31";
    opts.horizon = 90;
    CHECK(clt_clv_compute(&r, customer, timestamp, amount, rows, &opts) == CLT_OK);
    CHECK(clt_clv_result_size(r) == CUSTOMERS);
    for (i = 0; r != NULL && i < CUSTOMERS; ++i) {
        CHECK(clt_clv_result_customer(r)[i] == (int64_t)i + 1);
        CHECK(clt_clv_result_p_alive(r)[i] > 0 && clt_clv_result_p_alive(r)[i] <= 1);
        CHECK(clt_clv_result_expected_purchases(r)[i] >= 0);
        CHECK(clt_clv_result_clv(r)[i] >= 0 && isfinite(clt_clv_result_clv(r)[i]));
        CHECK(clt_clv_result_t(r)[i] >= clt_clv_result_recency(r)[i]);
        CHECK(clt_clv_result_customer_ref(r, i) == NULL);
    }
    CHECK(clt_clv_result_parameter(r, "alpha", &value, &se) == CLT_OK);
    CHECK(value > 0 && se > 0);
    CHECK(clt_clv_result_parameter(r, "v", &value, NULL) == CLT_OK);
    CHECK(value > 0);
    CHECK(clt_clv_result_parameter(r, "beta", &value, NULL) == CLT_INVALID_INPUT);
    CHECK(fabs(clt_clv_result_frequency_monetary_correlation(r)) < 1);
    clt_clv_result_free(r);
    clt_clv_result_free(NULL);

    opts.min_repeat_customers = 100000;
    r = (clt_clv_result *)&opts;
    CHECK(clt_clv_compute(&r, customer, timestamp, amount, rows, &opts) == CLT_INVALID_INPUT);
    CHECK(r == NULL);
    CHECK(strcmp(clt_last_error_field(), "frequency") == 0);
    opts.min_repeat_customers = 10;
    opts.period = "fortnight";
    CHECK(clt_clv_compute(&r, customer, timestamp, amount, rows, &opts) == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "period") == 0);
    CHECK(clt_clv_compute(&r, customer, timestamp, amount, rows, NULL) == CLT_MISUSE);
    CHECK(clt_clv_options_init(&opts, 99) == CLT_UNSUPPORTED);
    CHECK(clt_clv_options_init(&opts, CLT_CLV_OPTIONS_VERSION) == CLT_OK);
    CHECK(opts.horizon == 365.0 && opts.min_repeat_customers == 10);
}

int main(void) {
    test_fits_on_cdnow();
    test_pipeline();
    return check_summary();
}
