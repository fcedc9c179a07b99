/* clientele — the loyalty calls of the C ABI (the "Loyalty program" section of
 * include/clientele.h), in plain C11: rules set/get and their errors, earning on a recorded
 * purchase, lots, expiry, past balance, levels with history, voids, options versions and
 * misuse. Ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, unlink */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"
#include "temp_store.h"

static const char *kRules =
    "{\"earn\":{\"currency\":\"CNY\",\"points_per_unit\":1},\"expiry\":{\"months\":12},"
    "\"levels\":{\"tiers\":[{\"name\":\"普通\",\"min\":0},{\"name\":\"银卡\",\"min\":100000}]}}";

static int64_t balance(clt_db *db, const char *customer) {
    int64_t n = -1;
    CHECK(clt_points_balance(&n, db, customer) == CLT_OK);
    return n;
}

int main(void) {
    char dir[512], path[600];
    clt_db_open_options oo = CLT_DB_OPEN_OPTIONS_INIT;
    clt_loyalty_run_options ro = CLT_LOYALTY_RUN_OPTIONS_INIT;
    clt_db *db = NULL;
    char *out = NULL;
    int64_t n = 0;

    if (!make_temp_dir(dir, sizeof dir, "clientele-loyalty")) return 2;
    snprintf(path, sizeof path, "%s/l.db", dir);
    oo.create = 1;
    if (clt_db_open(&db, path, &oo) != CLT_OK) return 2;
    CHECK(clt_customer_create(NULL, db, "{\"family_name\":\"张\",\"given_name\":\"伟\",\"external_id\":\"C1\"}") == CLT_OK);

    /* Rules: none yet; a bad set names the field and writes nothing. */
    CHECK(clt_loyalty_rules_get(&out, db) == CLT_OK && out != NULL && strcmp(out, "{}") == 0);
    clt_string_free(out);
    CHECK(clt_loyalty_rules_set(db, "{\"multipliers\":{\"tags\":{\"vip\":-1}}}") == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "multipliers.tags.vip") == 0);
    CHECK(clt_loyalty_rules_set(db, "{\"campaigns\":[{\"from\":\"2026-01-01\",\"to\":\"2026-01-10\",\"multiplier\":2},"
                                    "{\"from\":\"2026-01-05\",\"to\":\"2026-01-20\",\"multiplier\":2}]}") == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "campaigns[1].from") == 0);
    CHECK(clt_loyalty_rules_set(db, "not json") == CLT_INVALID_INPUT);
    CHECK(clt_loyalty_rules_get(&out, db) == CLT_OK && out != NULL && strcmp(out, "{}") == 0);
    clt_string_free(out);
    CHECK(clt_loyalty_rules_set(db, NULL) == CLT_MISUSE);
    CHECK(clt_loyalty_rules_set(db, kRules) == CLT_OK);
    CHECK(clt_loyalty_rules_get(&out, db) == CLT_OK && out != NULL && strstr(out, "银卡") != NULL);
    clt_string_free(out);

    /* A recorded purchase earns: 1,500.00 yuan -> 1500 points, a lot expiring a year on. */
    CHECK(clt_interaction_add(NULL, db, "{\"customer_external_id\":\"C1\",\"kind\":\"purchase\","
                                        "\"amount_minor\":150000,\"occurred_at\":\"2025-03-01T00:00:00Z\"}") == CLT_OK);
    CHECK(balance(db, "C1") == 1500);
    CHECK(clt_points_record(NULL, db, "C1", "{\"kind\":\"redeem\",\"points\":-500,\"at\":\"2025-06-01T00:00:00Z\"}") == CLT_OK);
    CHECK(clt_loyalty_lots(&out, db, "C1", NULL) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"remaining\":1000") != NULL && strstr(out, "\"expires_at\":\"2026-03-01T00:00:00Z\"") != NULL);
    clt_string_free(out);
    /* The liability in stats: the balance; the lot's expiry is not within the next 30 days. */
    CHECK(clt_db_stats(&out, db) == CLT_OK && out != NULL && strstr(out, "\"points_outstanding\":1000") != NULL &&
          strstr(out, "\"points_expiring_30d\":0") != NULL);
    clt_string_free(out);

    /* Expiry: idempotent, dated when the lot expired. */
    ro.as_of = "2026-04-01";
    CHECK(clt_loyalty_expire_due(&out, db, &ro) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"points\":1000") != NULL);
    clt_string_free(out);
    CHECK(clt_loyalty_expire_due(&out, db, &ro) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"entries\":0") != NULL);
    clt_string_free(out);
    CHECK(balance(db, "C1") == 0);
    CHECK(clt_loyalty_balance_at(&n, db, "C1", "2025-12-31") == CLT_OK && n == 1000);
    CHECK(clt_loyalty_balance_at(&n, db, "C1", "2026-03-01") == CLT_OK && n == 0);
    CHECK(clt_loyalty_balance_at(&n, db, "C1", "yesterday") == CLT_INVALID_INPUT);

    /* Levels at a date, with history. */
    ro.as_of = "2025-04-01";
    CHECK(clt_loyalty_evaluate_levels(&out, db, &ro) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"to\":\"银卡\"") != NULL);
    clt_string_free(out);
    CHECK(clt_loyalty_evaluate_levels(&out, db, &ro) == CLT_OK && out != NULL && strcmp(out, "[]") == 0);
    clt_string_free(out);
    CHECK(clt_loyalty_level_history(&out, db, "C1") == CLT_OK && out != NULL && strstr(out, "\"basis_value\":150000") != NULL);
    clt_string_free(out);
    /* The level change is a change of the customer: version 1 -> 2. */
    CHECK(clt_customer_get(&out, db, "C1") == CLT_OK && out != NULL && strstr(out, "\"membership_level\":\"银卡\"") != NULL &&
          strstr(out, "\"version\":2") != NULL);
    clt_string_free(out);

    /* Voids: once; unknown ids are not found. */
    CHECK(clt_points_record(NULL, db, "C1", "{\"kind\":\"earn\",\"points\":40}") == CLT_OK);
    CHECK(clt_points_history(&out, db, "C1", "{\"limit\":1}") == CLT_OK && out != NULL);
    {
        const char *id = out ? strstr(out, "\"id\":") : NULL;
        int64_t entry = id ? strtoll(id + 5, NULL, 10) : 0;
        clt_string_free(out);
        out = NULL;
        CHECK(clt_loyalty_void(&out, db, entry, "typo") == CLT_OK && out != NULL && strstr(out, "\"voids\"") != NULL);
        clt_string_free(out);
        CHECK(clt_loyalty_void(&out, db, entry, "again") == CLT_INVALID_INPUT && out == NULL);
        CHECK(strcmp(clt_last_error_field(), "entry") == 0);
    }
    CHECK(clt_loyalty_void(NULL, db, 987654, NULL) == CLT_NOT_FOUND);
    CHECK(balance(db, "C1") == 0);

    /* Options versions and misuse. */
    CHECK(clt_loyalty_run_options_init(&ro, CLT_LOYALTY_RUN_OPTIONS_VERSION) == CLT_OK && ro.as_of == NULL);
    ro.version = 99;
    CHECK(clt_loyalty_expire_due(NULL, db, &ro) == CLT_UNSUPPORTED);
    CHECK(clt_loyalty_lots(NULL, db, "C1", NULL) == CLT_MISUSE);

    clt_db_close(db);
    remove_store(path);
    rmdir(dir);
    return check_summary();
}
