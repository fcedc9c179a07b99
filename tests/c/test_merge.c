/* clientele — the merge calls of the C ABI (the "merge" section of include/clientele.h),
 * in plain C11: merge with options and a dry run, list, unmerge, and bad input that must
 * fail with the right status and change nothing. Ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"

/* The value of the first "key":"..." in json, copied into buf. */
static const char *string_value(const char *json, const char *key, char *buf, size_t size) {
    char pattern[64];
    const char *p, *end;
    buf[0] = '\0';
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    p = json ? strstr(json, pattern) : NULL;
    if (p == NULL) return buf;
    p += strlen(pattern);
    end = strchr(p, '"');
    if (end == NULL || (size_t)(end - p) >= size) return buf;
    memcpy(buf, p, (size_t)(end - p));
    buf[end - p] = '\0';
    return buf;
}

static void create(clt_db *db, const char *json, char *id) {
    char *out = NULL;
    CHECK(clt_customer_create(&out, db, json) == CLT_OK);
    string_value(out, "id", id, 40);
    clt_string_free(out);
}

static int64_t count(clt_db *db, const char *filter) {
    int64_t n = -1;
    CHECK(clt_customer_count(&n, db, filter) == CLT_OK);
    return n;
}

int main(void) {
    char dir[] = "/tmp/clientele-merge-XXXXXX";
    char path[128], a[40], b[40], merge_id[40], survivor[40];
    clt_db_open_options oo = CLT_DB_OPEN_OPTIONS_INIT;
    clt_merge_options mo;
    clt_db *db = NULL;
    char *out = NULL;
    const char *ids[2];
    const char *self[2];
    const char *unknown[2];

    if (mkdtemp(dir) == NULL) return 2;
    snprintf(path, sizeof path, "%s/m.db", dir);
    oo.create = 1;
    if (clt_db_open(&db, path, &oo) != CLT_OK) return 2;

    create(db, "{\"family_name\":\"张\",\"given_name\":\"伟\",\"external_id\":\"SHOP-1\","
               "\"emails\":[{\"address\":\"Zhang.Wei@Example.com\"}]}", a);
    create(db, "{\"family_name\":\"张\",\"given_name\":\"伟\",\"external_id\":\"WECHAT-9\","
               "\"emails\":[{\"address\":\"zhang.wei@example.com\"}],\"job_title\":\"Engineer\"}", b);
    ids[0] = a;
    ids[1] = b;

    /* Options: init, the version checks. */
    CHECK(clt_merge_options_init(&mo, CLT_MERGE_OPTIONS_VERSION) == CLT_OK);
    CHECK(mo.version == CLT_MERGE_OPTIONS_VERSION && mo.survivor == NULL && mo.dry_run == 0);
    CHECK(clt_merge_options_init(&mo, 99) == CLT_UNSUPPORTED);
    CHECK(clt_merge_options_init(NULL, 1) == CLT_MISUSE);

    /* A dry run names the survivor and what moves, and writes nothing. */
    CHECK(clt_merge_options_init(&mo, CLT_MERGE_OPTIONS_VERSION) == CLT_OK);
    mo.survivor = a;
    mo.dry_run = 1;
    CHECK(clt_merge_run(&out, db, ids, 2, &mo) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"dry_run\":true") != NULL && strstr(out, "\"kind\":\"email\"") != NULL);
    CHECK(out != NULL && strstr(out, "Engineer") != NULL);
    /* Every result has the documented keys: no merge was written, so merge_id is null. */
    CHECK(out != NULL && strstr(out, "\"merge_id\":null") != NULL);
    clt_string_free(out);
    out = NULL;
    CHECK(count(db, "{\"status\":\"merged\"}") == 0);

    /* Bad input: each fails with its status and leaves the store as it was. */
    self[0] = a;
    self[1] = a;
    unknown[0] = a;
    unknown[1] = "nobody";
    CHECK(clt_merge_run(&out, db, self, 2, NULL) == CLT_INVALID_INPUT && out == NULL);
    CHECK(clt_merge_run(&out, db, unknown, 2, NULL) == CLT_NOT_FOUND && out == NULL);
    CHECK(clt_merge_run(&out, db, ids, 1, NULL) == CLT_INVALID_INPUT);
    CHECK(clt_merge_run(&out, db, NULL, 2, NULL) == CLT_MISUSE);
    mo.dry_run = 0;
    mo.rules_json = "{\"shoe\":\"survivor\"}";
    CHECK(clt_merge_run(&out, db, ids, 2, &mo) == CLT_INVALID_INPUT);
    CHECK(strstr(clt_last_error(), "rules.shoe") != NULL);
    CHECK(clt_merge_undo(&out, db, a) == CLT_NOT_FOUND);
    CHECK(strstr(clt_last_error(), "was not merged") != NULL);
    CHECK(count(db, "{\"status\":\"merged\"}") == 0);
    CHECK(count(db, NULL) == 2);

    /* The merge, with a rule; then the old external id leads to the survivor. */
    mo.rules_json = "{\"job_title\":\"survivor\"}";
    CHECK(clt_merge_run(&out, db, ids, 2, &mo) == CLT_OK);
    string_value(out, "merge_id", merge_id, sizeof merge_id);
    CHECK(strlen(merge_id) == 36);
    clt_string_free(out);
    out = NULL;
    CHECK(clt_customer_get(&out, db, "WECHAT-9") == CLT_OK);
    CHECK(strstr(out, a) != NULL);
    clt_string_free(out);
    CHECK(count(db, "{\"status\":\"merged\"}") == 1);
    CHECK(clt_merge_run(&out, db, ids, 2, NULL) == CLT_CONFLICT); /* b is merged already */

    CHECK(clt_merge_list(&out, db, NULL) == CLT_OK);
    CHECK(out != NULL && strstr(out, merge_id) != NULL && strstr(out, "\"status\":\"applied\"") != NULL);
    string_value(out, "survivor", survivor, sizeof survivor);
    CHECK(strcmp(survivor, a) == 0);
    clt_string_free(out);
    CHECK(clt_merge_list(&out, db, "{\"status\":\"nope\"}") == CLT_INVALID_INPUT && out == NULL);

    /* Undo by merge id; a second undo is a conflict. */
    CHECK(clt_merge_undo(&out, db, merge_id) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"status\":\"undone\"") != NULL);
    clt_string_free(out);
    CHECK(clt_merge_undo(NULL, db, merge_id) == CLT_CONFLICT);
    CHECK(clt_merge_undo(NULL, db, NULL) == CLT_MISUSE);
    CHECK(count(db, "{\"status\":\"merged\"}") == 0);
    CHECK(clt_customer_get(&out, db, "WECHAT-9") == CLT_OK);
    CHECK(strstr(out, b) != NULL);
    clt_string_free(out);

    /* The cleanup job: the pair merges, the uncertain one is left for review. */
    CHECK(clt_merge_clusters(&out, db,
                             "[{\"ids\":[\"SHOP-1\",\"WECHAT-9\"],\"score\":0.95},"
                                 "{\"ids\":[\"SHOP-1\",\"nobody\"],\"score\":0.2}]",
                             0.9, NULL) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"action\":\"merged\"") != NULL && strstr(out, "\"action\":\"review\"") != NULL);
    clt_string_free(out);
    CHECK(count(db, "{\"status\":\"merged\"}") == 1);
    CHECK(clt_merge_clusters(&out, db, "{\"ids\":[]}", 0.9, NULL) == CLT_INVALID_INPUT && out == NULL);
    CHECK(clt_merge_clusters(&out, db, "not json", 0.9, NULL) == CLT_INVALID_INPUT);
    CHECK(count(db, "{\"status\":\"merged\"}") == 1);

    /* The cleanup over the store: a dry run writes nothing; the run merges the pair and a
     * second run right after finds nothing left to merge. */
    CHECK(clt_merge_undo(NULL, db, "SHOP-1") == CLT_OK);
    CHECK(clt_merge_options_init(&mo, CLT_MERGE_OPTIONS_VERSION) == CLT_OK);
    mo.dry_run = 1;
    CHECK(clt_merge_deduplicate(&out, db, NULL, &mo) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"merged_clusters\":1") != NULL && strstr(out, "\"passes\":1") != NULL);
    clt_string_free(out);
    CHECK(count(db, "{\"status\":\"merged\"}") == 0);
    CHECK(clt_merge_deduplicate(&out, db, NULL, NULL) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"merged_clusters\":1") != NULL && strstr(out, "\"records\":2") != NULL);
    clt_string_free(out);
    CHECK(count(db, "{\"status\":\"merged\"}") == 1);
    CHECK(clt_merge_deduplicate(&out, db, NULL, NULL) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"merged_clusters\":0") != NULL);
    clt_string_free(out);
    out = NULL;
    mo.version = 99;
    CHECK(clt_merge_deduplicate(&out, db, NULL, &mo) == CLT_UNSUPPORTED && out == NULL);

    clt_db_close(db);
    unlink(path);
    {
        char extra[160];
        snprintf(extra, sizeof extra, "%s-wal", path);
        unlink(extra);
        snprintf(extra, sizeof extra, "%s-shm", path);
        unlink(extra);
    }
    rmdir(dir);
    return check_summary();
}
