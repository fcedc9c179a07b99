/* clientele — the care reminder calls of the C ABI (the "Care reminders" section of
 * include/clientele.h), in plain C11: the options struct and its version, due (generated
 * once), follow-ups, done with an interaction, snooze, dismiss, the rules, bad input and
 * roles. Ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, unlink */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"
#include "temp_store.h"

/* "YYYY-MM-DD" of today (UTC) plus `days`. */
static void day_text(char *buf, size_t size, int days) {
    time_t t = time(NULL) + (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%d", &tm);
}

/* The first reminder id in a JSON array of reminders ("id":N), -1 when none. */
static int64_t first_id(const char *json) {
    const char *p = json ? strstr(json, "\"id\":") : NULL;
    return p ? strtoll(p + 5, NULL, 10) : -1;
}

static int count_of(const char *json, const char *needle) {
    int n = 0;
    for (const char *p = json; p && (p = strstr(p, needle)) != NULL; p += strlen(needle)) ++n;
    return n;
}

int main(void) {
    char dir[512], path[600], today[16], later[16], past[16], body[256];
    clt_db_open_options oo = CLT_DB_OPEN_OPTIONS_INIT;
    clt_reminder_options ro;
    clt_db *db = NULL, *tom = NULL, *vic = NULL;
    char *out = NULL;
    int64_t created = -1, id = -1;

    if (!make_temp_dir(dir, sizeof dir, "clientele-reminders")) return 2;
    snprintf(path, sizeof path, "%s/r.db", dir);
    oo.create = 1;
    if (clt_db_open(&db, path, &oo) != CLT_OK) return 2;
    CHECK(clt_user_add(NULL, db, "{\"username\":\"li.na\",\"role\":\"sales\"}") == CLT_OK);
    CHECK(clt_user_add(NULL, db, "{\"username\":\"tom\",\"role\":\"sales\"}") == CLT_OK);
    CHECK(clt_user_add(NULL, db, "{\"username\":\"vic\",\"role\":\"viewer\"}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db,
                              "{\"family_name\":\"王\",\"given_name\":\"芳\",\"external_id\":\"W\",\"owner\":\"li.na\","
                              "\"birthday\":\"1990-02-28\",\"phones\":[{\"number\":\"13812345678\"}],"
                              "\"consent\":{\"sms\":{\"status\":\"denied\"}}}") == CLT_OK);

    /* Only birthdays and holidays; then bad rules change nothing. */
    CHECK(clt_reminder_set_rules(db, "{\"not_contacted\":false,\"reverify\":false,\"win_back\":false,"
                                     "\"anniversary\":false,\"holiday_list\":[\"spring_festival\"],"
                                     "\"channels\":[\"sms\",\"phone\"]}") == CLT_OK);
    CHECK(clt_reminder_set_rules(db, "{\"not_contacted_days\":-5}") == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "not_contacted_days") == 0);
    CHECK(clt_reminder_set_rules(db, "{\"holiday_list\":[") == CLT_INVALID_INPUT);
    CHECK(clt_reminder_rules(&out, db) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"holiday_list\":[\"spring_festival\"]") != NULL);
    CHECK(out != NULL && strstr(out, "\"not_contacted\":false") != NULL);
    clt_string_free(out);
    out = NULL;

    /* Options: the struct's version is checked, as_of is required. */
    CHECK(clt_reminder_options_init(&ro, CLT_REMINDER_OPTIONS_VERSION) == CLT_OK);
    CHECK(ro.horizon_days == 7 && ro.as_of == NULL);
    CHECK(clt_reminder_due(&out, db, &ro) == CLT_MISUSE && out == NULL);
    ro.as_of = "2027-02-30";
    CHECK(clt_reminder_due(&out, db, &ro) == CLT_INVALID_INPUT && strcmp(clt_last_error_field(), "as_of") == 0);
    CHECK(clt_reminder_due(&out, db, NULL) == CLT_MISUSE);
    ro.as_of = "2026-02-14";
    ro.version = 99;
    CHECK(clt_reminder_due(&out, db, &ro) == CLT_UNSUPPORTED);
    ro.version = CLT_REMINDER_OPTIONS_VERSION;

    /* The Spring Festival of 2026 (02-17) for W; the birthday (02-28) is outside the week. */
    CHECK(clt_reminder_generate(&created, db, &ro) == CLT_OK && created == 1);
    CHECK(clt_reminder_generate(&created, db, &ro) == CLT_OK && created == 0);
    CHECK(clt_reminder_due(&out, db, &ro) == CLT_OK);
    CHECK(out != NULL && count_of(out, "\"kind\":\"holiday\"") == 1);
    CHECK(out != NULL && strstr(out, "\"due_on\":\"2026-02-17\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"owner\":\"li.na\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"channel\":\"phone\"") != NULL); /* SMS denied */
    clt_string_free(out);
    out = NULL;
    ro.as_of = "2026-02-25";
    CHECK(clt_reminder_due(&out, db, &ro) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"kind\":\"birthday\"") != NULL);
    clt_string_free(out);
    out = NULL;

    /* A follow-up; done with a call recorded through the interactions. */
    day_text(today, sizeof today, 0);
    day_text(later, sizeof later, 5);
    day_text(past, sizeof past, -2);
    snprintf(body, sizeof body, "{\"customer\":\"W\",\"due_on\":\"%s\",\"reason\":\"quote\"}", today);
    CHECK(clt_reminder_add(&out, db, body) == CLT_OK);
    id = first_id(out);
    CHECK(id > 0);
    clt_string_free(out);
    out = NULL;
    snprintf(body, sizeof body, "{\"customer\":\"W\",\"due_on\":\"%s\"}", past);
    CHECK(clt_reminder_add(&out, db, body) == CLT_INVALID_INPUT && out == NULL);
    CHECK(strcmp(clt_last_error_field(), "due_on") == 0);
    CHECK(clt_reminder_snooze(&out, db, id, past) == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "until") == 0);
    CHECK(clt_reminder_snooze(&out, db, 999999, later) == CLT_NOT_FOUND);
    CHECK(clt_reminder_snooze(&out, db, id, later) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"status\":\"snoozed\"") != NULL);
    clt_string_free(out);
    out = NULL;

    /* Another salesperson does not find it; a viewer may not change it. */
    oo.create = 0;
    oo.user = "tom";
    CHECK(clt_db_open(&tom, path, &oo) == CLT_OK);
    CHECK(clt_reminder_dismiss(&out, tom, id, NULL) == CLT_NOT_FOUND);
    CHECK(clt_reminder_of_customer(&out, tom, "W") == CLT_NOT_FOUND && out == NULL);
    clt_db_close(tom);
    oo.user = "vic";
    CHECK(clt_db_open(&vic, path, &oo) == CLT_OK);
    CHECK(clt_reminder_dismiss(&out, vic, id, NULL) == CLT_PERMISSION_DENIED);
    clt_db_close(vic);

    CHECK(clt_reminder_done(&out, db, id, "{\"note\":\"called\",\"interaction\":{\"kind\":\"call\",\"channel\":\"phone\"}}") ==
          CLT_OK);
    CHECK(out != NULL && strstr(out, "\"status\":\"done\"") != NULL && strstr(out, "\"interaction\":null") == NULL);
    clt_string_free(out);
    out = NULL;
    CHECK(clt_interaction_list(&out, db, "{\"customer\":\"W\",\"kind\":\"call\"}", 10, NULL) == CLT_OK);
    CHECK(out != NULL && count_of(out, "\"kind\":\"call\"") == 1);
    clt_string_free(out);
    out = NULL;
    /* The customer's reminders include the done one (the due list no longer does). */
    CHECK(clt_reminder_of_customer(&out, db, "W") == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"status\":\"done\"") != NULL && strstr(out, "\"note\":\"called\"") != NULL);
    clt_string_free(out);
    out = NULL;
    CHECK(clt_reminder_of_customer(&out, db, NULL) == CLT_MISUSE && out == NULL);
    CHECK(clt_reminder_done(&out, db, id, NULL) == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "status") == 0);

    clt_db_close(db);
    remove_store(path);
    rmdir(dir);
    return check_summary();
}
