/* clientele — the service-case calls of the C ABI (the "service cases" section of
 * include/clientele.h), in plain C11: open, update, get, list, escalate, the SLA policy, the
 * service report and its versioned options, bad input leaving nothing changed, roles, misuse,
 * and a merge carrying a case with its interaction. Ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, unlink */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"
#include "temp_store.h"

/* Whether the JSON text of case `id` contains `needle`. */
static int case_has(clt_db *db, int64_t id, const char *needle) {
    char *out = NULL;
    int found = 0;
    if (clt_case_get(&out, db, id) == CLT_OK) found = strstr(out, needle) != NULL;
    clt_string_free(out);
    return found;
}

int main(void) {
    char dir[512], path[600];
    clt_db_open_options oo = CLT_DB_OPEN_OPTIONS_INIT;
    clt_service_report_options ro;
    clt_merge_options mo;
    clt_db *db = NULL, *viewer = NULL, *tom = NULL;
    char *out = NULL;
    const char *ids[2] = {"C1", "C2"};

    if (!make_temp_dir(dir, sizeof dir, "clientele-cases")) return 2;
    snprintf(path, sizeof path, "%s/c.db", dir);
    oo.create = 1;
    if (clt_db_open(&db, path, &oo) != CLT_OK) return 2;
    CHECK(clt_user_add(NULL, db, "{\"username\":\"vic\",\"role\":\"viewer\"}") == CLT_OK);
    CHECK(clt_user_add(NULL, db, "{\"username\":\"tom\",\"role\":\"sales\",\"team\":\"east\"}") == CLT_OK);
    CHECK(clt_user_add(NULL, db, "{\"username\":\"mia\",\"role\":\"manager\",\"team\":\"east\"}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db, "{\"family_name\":\"张\",\"given_name\":\"伟\",\"external_id\":\"C1\","
                                        "\"owner\":\"tom\"}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db, "{\"family_name\":\"张\",\"given_name\":\"伟\",\"external_id\":\"C2\"}") == CLT_OK);

    /* Open: Tuesday 09:00 at +08:00, high priority: first response 4h, resolution 16h of
     * business time (the default policy). */
    CHECK(clt_case_open(&out, db, "{\"customer\":\"C1\",\"priority\":\"high\",\"subject\":\"late delivery\","
                                  "\"at\":\"2026-12-01T01:00:00Z\"}") == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"id\":1") != NULL && strstr(out, "\"status\":\"open\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"first_response_due\":\"2026-12-01T05:00:00Z\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"resolution_due\":\"2026-12-02T08:00:00Z\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"assignee\":\"tom\"") != NULL);
    clt_string_free(out);
    out = NULL;

    /* Update through the workflow; the history says who and when. */
    CHECK(clt_case_update(&out, db, 1, "{\"status\":\"in_progress\",\"at\":\"2026-12-01T02:00:00Z\"}") == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"first_responded_at\":\"2026-12-01T02:00:00Z\"") != NULL);
    clt_string_free(out);
    out = NULL;
    CHECK(case_has(db, 1, "\"from\":\"open\",\"note\":\"\"") == 0); /* empty notes are left out */
    CHECK(case_has(db, 1, "\"action\":\"status\",\"at\":\"2026-12-01T02:00:00Z\",\"from\":\"open\",\"to\":\"in_progress\""));
    CHECK(case_has(db, 1, "\"user\":\"admin\""));

    /* Bad input: the status, the field named, and nothing changed. */
    CHECK(clt_case_update(&out, db, 1, "{\"status\":\"closed\"}") == CLT_INVALID_INPUT && out == NULL);
    CHECK(strcmp(clt_last_error_field(), "status") == 0);
    CHECK(clt_case_update(NULL, db, 1, "{\"resolution_due\":\"2020-01-01T00:00:00Z\"}") == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "resolution_due") == 0);
    CHECK(clt_case_update(NULL, db, 1, "{\"colour\":\"red\"}") == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "colour") == 0);
    CHECK(clt_case_update(NULL, db, 42, "{\"note\":\"x\"}") == CLT_NOT_FOUND);
    CHECK(clt_case_get(&out, db, 42) == CLT_NOT_FOUND && out == NULL);
    CHECK(clt_case_open(NULL, db, "{\"customer\":\"C1\",\"priority\":\"asap\"}") == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "priority") == 0);
    CHECK(clt_case_open(NULL, db, "{\"customer\":\"C1\",\"at\":\"2999-01-01T00:00:00Z\"}") == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "at") == 0);
    CHECK(clt_case_set_sla(db, "{\"hours\":\"18:00-09:00\"}") == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "hours") == 0);
    CHECK(case_has(db, 1, "\"status\":\"in_progress\""));
    CHECK(clt_case_list(&out, db, NULL) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"id\":2") == NULL);  /* the refused opening left nothing */
    clt_string_free(out);
    out = NULL;

    /* The SLA policy: set, read back, used by the next case. */
    CHECK(clt_case_set_sla(db, "{\"days\":[\"mon\",\"tue\",\"wed\",\"thu\",\"fri\",\"sat\",\"sun\"],"
                               "\"hours\":\"00:00-24:00\",\"priorities\":{\"normal\":{\"first_response\":\"1h\","
                               "\"resolution\":\"2h\"}}}") == CLT_OK);
    CHECK(clt_case_sla(&out, db) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"hours\":\"00:00-24:00\"") != NULL);
    clt_string_free(out);
    out = NULL;
    CHECK(clt_case_open(&out, db, "{\"customer\":\"C2\",\"at\":\"2026-12-04T10:00:00Z\"}") == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"resolution_due\":\"2026-12-04T12:00:00Z\"") != NULL);
    clt_string_free(out);
    out = NULL;

    /* Breaches: listed as of a time; escalation to the manager of the owner's team. */
    CHECK(clt_case_list(&out, db, "{\"breached_as_of\":\"2026-12-02T09:00:00Z\"}") == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"id\":1") != NULL && strstr(out, "\"id\":2") == NULL);
    clt_string_free(out);
    out = NULL;
    CHECK(clt_case_escalate(&out, db, "2026-12-02T09:00:00Z") == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"escalated_to\":\"mia\"") != NULL);
    clt_string_free(out);
    out = NULL;
    CHECK(clt_case_escalate(&out, db, "yesterday") == CLT_INVALID_INPUT && out == NULL);
    CHECK(strcmp(clt_last_error_field(), "as_of") == 0);

    /* The report, through its versioned options. */
    CHECK(clt_service_report_options_init(&ro, CLT_SERVICE_REPORT_OPTIONS_VERSION) == CLT_OK);
    CHECK(clt_service_report_options_init(&ro, 99) == CLT_UNSUPPORTED);
    CHECK(clt_service_report_compute(&out, db, NULL) == CLT_MISUSE);
    ro.from = "2026-12-01";
    ro.to = "2026-12-31";
    CHECK(clt_service_report_compute(&out, db, &ro) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"dimension\":\"all\"") != NULL && strstr(out, "\"complaints\":2") != NULL);
    CHECK(out != NULL && strstr(out, "\"group\":\"tom\"") != NULL);
    clt_string_free(out);
    out = NULL;
    ro.to = "2026-11-01";
    CHECK(clt_service_report_compute(&out, db, &ro) == CLT_INVALID_INPUT && out == NULL);
    CHECK(strcmp(clt_last_error_field(), "to") == 0);

    /* Roles. */
    oo.create = 0;
    oo.user = "vic";
    CHECK(clt_db_open(&viewer, path, &oo) == CLT_OK);
    CHECK(case_has(viewer, 1, "\"id\":1"));
    CHECK(clt_case_update(NULL, viewer, 1, "{\"note\":\"x\"}") == CLT_PERMISSION_DENIED);
    clt_db_close(viewer);
    oo.user = "tom";
    CHECK(clt_db_open(&tom, path, &oo) == CLT_OK);
    CHECK(case_has(tom, 1, "\"id\":1"));
    CHECK(clt_case_get(&out, tom, 2) == CLT_NOT_FOUND); /* C2 is not tom's */
    clt_db_close(tom);

    /* Misuse. */
    CHECK(clt_case_open(NULL, NULL, "{}") == CLT_MISUSE);
    CHECK(clt_case_open(NULL, db, NULL) == CLT_MISUSE);
    CHECK(clt_case_get(NULL, db, 1) == CLT_MISUSE);
    CHECK(clt_case_list(NULL, db, NULL) == CLT_MISUSE);

    /* A merge moves C2's complaint to C1, and the case with it; unmerge moves it back. */
    CHECK(clt_merge_options_init(&mo, CLT_MERGE_OPTIONS_VERSION) == CLT_OK);
    mo.survivor = "C1";
    CHECK(clt_merge_run(NULL, db, ids, 2, &mo) == CLT_OK);
    CHECK(clt_case_list(&out, db, "{\"customer\":\"C1\"}") == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"id\":2") != NULL);
    clt_string_free(out);
    out = NULL;
    CHECK(clt_merge_undo(NULL, db, "C1") == CLT_OK);
    CHECK(clt_case_list(&out, db, "{\"customer\":\"C2\"}") == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"id\":2") != NULL && strstr(out, "\"id\":1") == NULL);
    clt_string_free(out);

    clt_db_close(db);
    remove_store(path);
    rmdir(dir);
    return check_summary();
}
