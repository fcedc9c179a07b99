/* clientele — the privacy calls of the C ABI (docs/privacy.md) in plain C11: anonymize,
 * the subject-access export, retention (dry run, then apply), the consent filter of an
 * export, roles and misuse. Ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, unlink */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"
#include "temp_store.h"

/* The whole file as a NUL-terminated string (caller frees), NULL when it cannot be read. */
static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (f == NULL) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n + 1);
        if (buf != NULL && fread(buf, 1, (size_t)n, f) == (size_t)n) buf[n] = '\0';
        else { free(buf); buf = NULL; }
    }
    fclose(f);
    return buf;
}

int main(void) {
    char dir[512], path[600], req[600], file[700];
    clt_db_open_options oo = CLT_DB_OPEN_OPTIONS_INIT;
    clt_privacy_retention_options ro;
    clt_export_options eo = CLT_EXPORT_OPTIONS_INIT;
    clt_db *db = NULL, *tom = NULL;
    char *out = NULL, *text = NULL;

    if (!make_temp_dir(dir, sizeof dir, "clientele-privacy")) return 2;
    snprintf(path, sizeof path, "%s/p.db", dir);
    snprintf(req, sizeof req, "%s/request", dir);
    oo.create = 1;
    if (clt_db_open(&db, path, &oo) != CLT_OK) return 2;
    CHECK(clt_user_add(NULL, db, "{\"username\":\"tom\",\"role\":\"sales\"}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db,
                              "{\"family_name\":\"张\",\"given_name\":\"伟\",\"external_id\":\"Z1\","
                              "\"phones\":[{\"number\":\"13812345678\"}],\"consent\":{\"sms\":\"granted\"},"
                              "\"emails\":[{\"address\":\"zhang.wei@example.com\"}]}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db, "{\"given_name\":\"Ann\",\"external_id\":\"A1\","
                                        "\"consent\":{\"sms\":\"denied\"}}") == CLT_OK);
    CHECK(clt_customer_create(NULL, db, "{\"given_name\":\"Old\",\"external_id\":\"P1\"}") == CLT_OK);
    /* P1's last contact: a call in 2015 (A1's: its creation, today). */
    CHECK(clt_interaction_add(NULL, db, "{\"customer\":\"P1\",\"kind\":\"call\","
                                        "\"occurred_at\":\"2015-01-02T10:00:00Z\"}") == CLT_OK);
    CHECK(clt_interaction_add(NULL, db, "{\"customer\":\"Z1\",\"kind\":\"purchase\",\"amount_minor\":1250,"
                                        "\"subject\":\"order for Zhang Wei\",\"occurred_at\":\"2024-01-02T10:00:00Z\"}") == CLT_OK);

    /* Consent: a marketing export by SMS covers Z1 only (A1 denied, P1 never said). */
    snprintf(file, sizeof file, "%s/sms.csv", dir);
    eo.consented = "sms";
    CHECK(clt_db_export(&out, db, "customers", file, &eo) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"exported\":1") != NULL);
    clt_string_free(out);
    out = NULL;
    text = slurp(file);
    CHECK(text != NULL && strstr(text, "Z1") != NULL && strstr(text, "A1") == NULL && strstr(text, "P1") == NULL);
    free(text);
    eo.consented = "pigeon";
    CHECK(clt_db_export(NULL, db, "customers", file, &eo) == CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "consented") == 0);
    eo.consented = "sms";
    CHECK(clt_db_export(NULL, db, "interactions", file, &eo) == CLT_INVALID_INPUT);

    /* Subject access: every file, and never over existing ones. */
    CHECK(clt_privacy_subject_export(&out, db, "Z1", req) == CLT_OK);
    CHECK(out != NULL && strstr(out, "subject.json") != NULL && strstr(out, "\"interactions\":1") != NULL);
    clt_string_free(out);
    out = NULL;
    snprintf(file, sizeof file, "%s/subject.json", req);
    text = slurp(file);
    CHECK(text != NULL && strstr(text, "zhang.wei@example.com") != NULL && strstr(text, "order for Zhang Wei") != NULL);
    free(text);
    CHECK(clt_privacy_subject_export(&out, db, "Z1", req) == CLT_CONFLICT && out == NULL);

    /* Anonymize: the person is gone from the record, the purchase stays. */
    CHECK(clt_privacy_anonymize(&out, db, "Z1") == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"status\":\"anonymized\"") != NULL && strstr(out, "13812345678") == NULL &&
          strstr(out, "zhang.wei") == NULL && strstr(out, "Z1") == NULL);
    clt_string_free(out);
    out = NULL;
    CHECK(clt_customer_get(&out, db, "Z1") == CLT_NOT_FOUND && out == NULL);  /* external id wiped */
    CHECK(clt_privacy_anonymize(NULL, db, "nobody") == CLT_NOT_FOUND);

    /* Retention: a dry run lists P1 and deletes nothing; then it is applied. */
    CHECK(clt_privacy_retention_options_init(&ro, CLT_PRIVACY_RETENTION_OPTIONS_VERSION) == CLT_OK);
    CHECK(ro.dry_run == 1);
    ro.as_of = 1767225600; /* 2026-01-01 */
    ro.prospect_days = 365;
    CHECK(clt_privacy_retention(&out, db, &ro) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"dry_run\":true") != NULL && strstr(out, "\"P1\"") != NULL &&
          strstr(out, "\"A1\"") == NULL);
    clt_string_free(out);
    out = NULL;
    CHECK(clt_customer_get(&out, db, "P1") == CLT_OK);
    clt_string_free(out);
    out = NULL;
    ro.dry_run = 0;
    CHECK(clt_privacy_retention(NULL, db, &ro) == CLT_OK);
    CHECK(clt_customer_get(&out, db, "P1") == CLT_NOT_FOUND && out == NULL);
    CHECK(clt_customer_get(&out, db, "A1") == CLT_OK);
    clt_string_free(out);
    out = NULL;

    /* Misuse and roles: NULLs are CLT_MISUSE; a sales user may not make privacy requests. */
    CHECK(clt_privacy_anonymize(NULL, NULL, "A1") == CLT_MISUSE);
    CHECK(clt_privacy_anonymize(NULL, db, NULL) == CLT_MISUSE);
    CHECK(clt_privacy_subject_export(NULL, db, "A1", NULL) == CLT_MISUSE);
    CHECK(clt_privacy_retention(NULL, db, NULL) == CLT_MISUSE);
    CHECK(clt_privacy_retention_options_init(NULL, CLT_PRIVACY_RETENTION_OPTIONS_VERSION) == CLT_MISUSE);
    CHECK(clt_privacy_retention_options_init(&ro, 99) == CLT_UNSUPPORTED);
    oo.create = 0;
    oo.user = "tom";
    CHECK(clt_db_open(&tom, path, &oo) == CLT_OK);
    CHECK(clt_privacy_anonymize(NULL, tom, "A1") == CLT_PERMISSION_DENIED);
    clt_db_close(tom);
    CHECK(clt_customer_get(&out, db, "A1") == CLT_OK && out != NULL && strstr(out, "Ann") != NULL);
    clt_string_free(out);

    clt_db_close(db);
    remove_store(path);
    return check_summary();
}
