/* clientele — tests of the C ABI (include/clientele.h), written in plain C11.
 *
 * Each check counts as passed or failed; the program ends with "N passed, M failed" and
 * exits non-zero when anything failed. Every failing call's check also prints
 * clt_last_error(). The database lives in a fresh temporary directory. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, rmdir */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clientele.h"

/* The deprecation marker must compile in C; nothing calls this. */
CLT_DEPRECATED("only here to prove the macro compiles") CLT_API int clt_test_never_defined(void);

#include "check.h"

static void check_status_at(clt_status got, clt_status want, const char *file, int line,
                            const char *what) {
    if (got == want) {
        ++g_passed;
        return;
    }
    ++g_failed;
    fprintf(stderr, "%s:%d: FAILED: %s\n    returned %s (%d), expected %s (%d)\n"
                    "    last error: [%s] %s\n",
            file, line, what, clt_status_name(got), (int)got, clt_status_name(want), (int)want,
            clt_last_error_field(), clt_last_error());
}

#define CHECK_STATUS(call, want) check_status_at((call), (want), __FILE__, __LINE__, #call)
#define CHECK_OK(call) CHECK_STATUS(call, CLT_OK)

/* ---- small helpers over the JSON text (the library's output is compact, keys sorted) -- */

static int contains(const char *haystack, const char *needle) {
    return haystack != NULL && strstr(haystack, needle) != NULL;
}

static int count_of(const char *haystack, const char *needle) {
    int n = 0;
    size_t len = strlen(needle);
    const char *p = haystack;
    if (p == NULL) return -1;
    while ((p = strstr(p, needle)) != NULL) {
        ++n;
        p += len;
    }
    return n;
}

/* Copies the first string value of "key" in `json` into buf ("" when absent). */
static const char *string_value(const char *json, const char *key, char *buf, size_t size) {
    char pattern[64];
    const char *p;
    size_t n = 0;
    buf[0] = '\0';
    if (json == NULL) return buf;
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    p = strstr(json, pattern);
    if (p == NULL) return buf;
    p += strlen(pattern);
    while (p[n] != '\0' && p[n] != '"' && n + 1 < size) {
        buf[n] = p[n];
        ++n;
    }
    buf[n] = '\0';
    return buf;
}

/* The first integer value of "key" in `json`, or -999999 when absent. */
static long long int_value(const char *json, const char *key) {
    char pattern[64];
    const char *p;
    if (json == NULL) return -999999;
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    p = strstr(json, pattern);
    if (p == NULL) return -999999;
    return strtoll(p + strlen(pattern), NULL, 10);
}

static char g_dir[512];

static const char *path_in_dir(char *buf, size_t size, const char *name) {
    snprintf(buf, size, "%s/%s", g_dir, name);
    return buf;
}

static clt_db *open_as(const char *file, const char *user, int create, int read_only) {
    clt_db_open_options opts = CLT_DB_OPEN_OPTIONS_INIT;
    clt_db *db = NULL;
    char path[700];
    clt_status s;
    opts.user = user;
    opts.create = create;
    opts.read_only = read_only;
    s = clt_db_open(&db, path_in_dir(path, sizeof path, file), &opts);
    if (s != CLT_OK) {
        fprintf(stderr, "cannot open %s as %s: %s: %s\n", path, user, clt_status_name(s),
                clt_last_error());
        return NULL;
    }
    return db;
}

static int64_t customer_count(clt_db *db, const char *filter) {
    int64_t n = -1;
    if (clt_customer_count(&n, db, filter) != CLT_OK) return -1;
    return n;
}

/* Creates a customer from JSON and copies its id into id (size >= 40). 1 on success. */
static int create_customer(clt_db *db, const char *json, char *id) {
    char *out = NULL;
    clt_status s = clt_customer_create(&out, db, json);
    id[0] = '\0';
    if (s != CLT_OK) {
        fprintf(stderr, "create_customer(%s): %s: %s\n", json, clt_status_name(s),
                clt_last_error());
        return 0;
    }
    string_value(out, "id", id, 40);
    clt_string_free(out);
    return id[0] != '\0';
}

static long long customer_version(clt_db *db, const char *id) {
    char *out = NULL;
    long long v;
    if (clt_customer_get(&out, db, id) != CLT_OK) return -1;
    v = int_value(out, "version");
    clt_string_free(out);
    return v;
}

/* A pointer value that is neither NULL nor owned by the library, to see that failures
 * reset out parameters to NULL. */
static char g_sentinel_byte;
#define SENTINEL (&g_sentinel_byte)

/* ---- tests ----------------------------------------------------------------------------- */

static void test_versions_and_names(void) {
    CHECK(strcmp(clt_version(), CLIENTELE_VERSION_STRING) == 0);
    CHECK(clt_version_number() == CLIENTELE_VERSION_NUMBER);
    CHECK(CLIENTELE_VERSION_NUMBER == CLIENTELE_VERSION_MAJOR * 10000 +
                                          CLIENTELE_VERSION_MINOR * 100 + CLIENTELE_VERSION_PATCH);
    CHECK(clt_schema_version() > 0);
    CHECK(strcmp(clt_status_name(CLT_OK), "ok") == 0);
    CHECK(strcmp(clt_status_name(CLT_INVALID_INPUT), "invalid_input") == 0);
    CHECK(strcmp(clt_status_name(CLT_CONFLICT), "conflict") == 0);
    CHECK(strcmp(clt_status_name(CLT_INTERNAL), "internal") == 0);
    CHECK(strcmp(clt_status_name(CLT_MISUSE), "misuse") == 0);
    CHECK(strcmp(clt_status_name((clt_status)42), "unknown") == 0);
    /* The numbers are part of the ABI. */
    CHECK(CLT_OK == 0 && CLT_INVALID_INPUT == 1 && CLT_NOT_FOUND == 2 && CLT_CONFLICT == 3 &&
          CLT_PERMISSION_DENIED == 4 && CLT_STORAGE == 5 && CLT_CORRUPT_DATA == 6 &&
          CLT_CANCELLED == 7 && CLT_UNSUPPORTED == 8 && CLT_INTERNAL == 9);
    CHECK(clt_last_error() != NULL);
    CHECK(clt_last_error_field() != NULL);
}

static void test_options(void) {
    clt_db_open_options o = CLT_DB_OPEN_OPTIONS_INIT;
    clt_db_open_options p;
    clt_db *db = (clt_db *)(void *)SENTINEL;
    char path[700];

    CHECK(o.version == CLT_DB_OPEN_OPTIONS_VERSION && o.user == NULL && o.create == 0 &&
          o.read_only == 0);
    memset(&p, 0x5a, sizeof p);
    CHECK_OK(clt_db_open_options_init(&p, CLT_DB_OPEN_OPTIONS_VERSION));
    CHECK(p.version == CLT_DB_OPEN_OPTIONS_VERSION && p.user == NULL && p.create == 0 &&
          p.read_only == 0);
    CHECK_STATUS(clt_db_open_options_init(&p, CLT_DB_OPEN_OPTIONS_VERSION + 1), CLT_UNSUPPORTED);
    CHECK_STATUS(clt_db_open_options_init(&p, 0), CLT_UNSUPPORTED);
    CHECK_STATUS(clt_db_open_options_init(NULL, CLT_DB_OPEN_OPTIONS_VERSION), CLT_MISUSE);

    /* An options struct nobody initialised, and one from a newer header. */
    o.version = 0;
    o.create = 1;
    CHECK_STATUS(clt_db_open(&db, path_in_dir(path, sizeof path, "opts.db"), &o), CLT_UNSUPPORTED);
    CHECK(strcmp(clt_last_error_field(), "opts") == 0);
    CHECK(db == NULL);
    CHECK(access(path, F_OK) != 0);
    o.version = CLT_DB_OPEN_OPTIONS_VERSION + 1;
    CHECK_STATUS(clt_db_open(&db, path, &o), CLT_UNSUPPORTED);
    CHECK(db == NULL);
    CHECK(access(path, F_OK) != 0);
}

static void test_open_failures(void) {
    char path[700];
    clt_db *db = NULL;
    FILE *f;
    int i;
    clt_db_open_options o = CLT_DB_OPEN_OPTIONS_INIT;

    /* Missing file without create. */
    CHECK_STATUS(clt_db_open(&db, path_in_dir(path, sizeof path, "missing.db"), NULL), CLT_NOT_FOUND);
    CHECK(db == NULL);
    CHECK(clt_last_error()[0] != '\0');
    CHECK(access(path, F_OK) != 0);

    /* A text file is not a database, with or without create. */
    f = fopen(path_in_dir(path, sizeof path, "notes.txt"), "w");
    CHECK(f != NULL);
    if (f != NULL) {
        for (i = 0; i < 200; ++i) fputs("this is a shopping list, not a customer database\n", f);
        fclose(f);
    }
    CHECK_STATUS(clt_db_open(&db, path, NULL), CLT_CORRUPT_DATA);
    CHECK(db == NULL);
    o.create = 1;
    CHECK_STATUS(clt_db_open(&db, path, &o), CLT_CORRUPT_DATA);
    CHECK(db == NULL);
    f = fopen(path, "r");
    if (f != NULL) {
        char line[100];
        CHECK(fgets(line, sizeof line, f) != NULL &&
              strcmp(line, "this is a shopping list, not a customer database\n") == 0);
        fclose(f);
    }
}

static void test_null_arguments(clt_db *db) {
    char *out = SENTINEL;
    int64_t n = 77;
    clt_db *h = (clt_db *)(void *)SENTINEL;

    clt_db_close(NULL);
    clt_string_free(NULL);
    CHECK(clt_transaction_active(NULL) == 0);

    CHECK_STATUS(clt_db_open(NULL, "x.db", NULL), CLT_MISUSE);
    CHECK(strcmp(clt_last_error_field(), "out") == 0);
    CHECK_STATUS(clt_db_open(&h, NULL, NULL), CLT_MISUSE);
    CHECK(h == NULL);
    CHECK(strcmp(clt_last_error_field(), "path") == 0);
    CHECK(contains(clt_last_error(), "path"));

    CHECK_STATUS(clt_customer_get(&out, NULL, "x"), CLT_MISUSE);
    CHECK(out == NULL);
    CHECK(strcmp(clt_last_error_field(), "db") == 0);
    out = SENTINEL;
    CHECK_STATUS(clt_customer_get(&out, db, NULL), CLT_MISUSE);
    CHECK(out == NULL);
    CHECK(strcmp(clt_last_error_field(), "ref") == 0);
    CHECK(contains(clt_last_error(), "clt_customer_get"));
    CHECK_STATUS(clt_customer_get(NULL, db, "x"), CLT_MISUSE);
    CHECK_STATUS(clt_customer_create(NULL, db, NULL), CLT_MISUSE);
    CHECK_STATUS(clt_customer_create(NULL, NULL, "{}"), CLT_MISUSE);
    CHECK_STATUS(clt_customer_update(NULL, db, "x", NULL, 1), CLT_MISUSE);
    CHECK_STATUS(clt_customer_update(NULL, db, NULL, "{}", 1), CLT_MISUSE);
    CHECK_STATUS(clt_customer_save(NULL, db, NULL), CLT_MISUSE);
    CHECK_STATUS(clt_customer_archive(NULL, db, NULL), CLT_MISUSE);
    CHECK_STATUS(clt_customer_delete(db, NULL), CLT_MISUSE);
    CHECK_STATUS(clt_customer_delete(NULL, "x"), CLT_MISUSE);
    CHECK_STATUS(clt_customer_find(&out, db, NULL), CLT_MISUSE);
    CHECK_STATUS(clt_customer_find_by_email(&out, db, NULL), CLT_MISUSE);
    CHECK_STATUS(clt_customer_find_by_phone(NULL, db, "1"), CLT_MISUSE);
    CHECK_STATUS(clt_customer_search(&out, db, NULL, 10), CLT_MISUSE);
    CHECK_STATUS(clt_customer_list(NULL, db, NULL, 10, NULL), CLT_MISUSE);
    CHECK_STATUS(clt_customer_count(NULL, db, NULL), CLT_MISUSE);
    CHECK_STATUS(clt_customer_count(&n, NULL, NULL), CLT_MISUSE);
    CHECK(n == 0);
    CHECK_STATUS(clt_tag_add(NULL, db, "x", NULL), CLT_MISUSE);
    CHECK_STATUS(clt_tag_remove(NULL, db, NULL, "[]"), CLT_MISUSE);
    CHECK_STATUS(clt_tag_list(&out, db, NULL), CLT_MISUSE);
    CHECK_STATUS(clt_tag_list_all(NULL, db), CLT_MISUSE);
    CHECK_STATUS(clt_interaction_add(NULL, db, NULL), CLT_MISUSE);
    CHECK_STATUS(clt_interaction_get(&out, db, NULL), CLT_MISUSE);
    CHECK_STATUS(clt_interaction_list(&out, NULL, NULL, 0, NULL), CLT_MISUSE);
    CHECK_STATUS(clt_interaction_count(NULL, db, NULL), CLT_MISUSE);
    CHECK_STATUS(clt_user_add(NULL, db, NULL), CLT_MISUSE);
    CHECK_STATUS(clt_user_update(NULL, db, NULL, "{}"), CLT_MISUSE);
    CHECK_STATUS(clt_user_get(&out, db, NULL), CLT_MISUSE);
    CHECK_STATUS(clt_user_list(NULL, db), CLT_MISUSE);
    CHECK_STATUS(clt_db_current_user(&out, NULL), CLT_MISUSE);
    CHECK_STATUS(clt_setting_get(&out, db, NULL), CLT_MISUSE);
    CHECK_STATUS(clt_setting_set(db, "default_region", NULL), CLT_MISUSE);
    CHECK_STATUS(clt_db_stats(NULL, db), CLT_MISUSE);
    CHECK_STATUS(clt_transaction_begin(NULL), CLT_MISUSE);
    CHECK_STATUS(clt_transaction_commit(NULL), CLT_MISUSE);
    CHECK_STATUS(clt_transaction_rollback(NULL), CLT_MISUSE);
    CHECK(out == NULL);

    /* A success afterwards clears the last error. */
    CHECK_OK(clt_customer_count(&n, db, NULL));
    CHECK(strcmp(clt_last_error(), "") == 0);
    CHECK(strcmp(clt_last_error_field(), "") == 0);
}

static void test_customer_round_trip(clt_db *db, char *zhang_id) {
    char *out = NULL;
    char *again = NULL;
    int64_t before;
    const char *zhang =
        "{\"external_id\":\"SHOP-000123\",\"given_name\":\"伟\",\"family_name\":\"张\","
        "\"emails\":[{\"address\":\"Zhang.Wei@Example.com\",\"label\":\"work\",\"primary\":true}],"
        "\"phones\":[{\"number\":\"138-1234-5678\",\"label\":\"mobile\"}],"
        "\"addresses\":[{\"city\":\"上海\",\"country\":\"CN\"}],"
        "\"birthday\":\"1988-04-12\",\"gender\":\"male\",\"source\":\"wechat\","
        "\"custom\":{\"shoe_size\":42},\"notes\":\"prefers calls after 6pm\","
        "\"preferred_language\":\"zh_cn\"}";

    before = customer_count(db, NULL);
    CHECK_OK(clt_customer_create(&out, db, zhang));
    CHECK(contains(out, "\"version\":1"));
    CHECK(contains(out, "\"preferred_language\":\"zh-CN\""));
    CHECK(contains(out, "\"display_name\":\"张伟\""));
    CHECK(contains(out, "\"normalized\":\"zhang.wei@example.com\""));
    CHECK(contains(out, "\"e164\":\"+8613812345678\""));
    CHECK(contains(out, "\"birthday\":\"1988-04-12\""));
    CHECK(contains(out, "\"status\":\"active\""));
    CHECK(contains(out, "\"shoe_size\":42"));
    CHECK(strlen(string_value(out, "id", zhang_id, 40)) == 36);
    CHECK(customer_count(db, NULL) == before + 1);

    /* Get by UUID and by external id give the same record. */
    CHECK_OK(clt_customer_get(&again, db, zhang_id));
    CHECK(again != NULL && out != NULL && strcmp(again, out) == 0);
    clt_string_free(again);
    again = NULL;
    CHECK_OK(clt_customer_get(&again, db, "SHOP-000123"));
    CHECK(again != NULL && out != NULL && strcmp(again, out) == 0);
    clt_string_free(again);
    clt_string_free(out);

    /* A record read back saves unchanged through clt_customer_save. */
    CHECK_OK(clt_customer_get(&out, db, zhang_id));
    again = NULL;
    CHECK_OK(clt_customer_save(&again, db, out));
    CHECK(contains(again, "\"version\":2") || contains(again, "\"version\":1"));
    clt_string_free(again);
    clt_string_free(out);

    /* find: absent is not an error. */
    out = SENTINEL;
    CHECK_OK(clt_customer_find(&out, db, "NO-SUCH-CUSTOMER"));
    CHECK(out == NULL);
    CHECK_OK(clt_customer_find(&out, db, zhang_id));
    CHECK(contains(out, zhang_id));
    clt_string_free(out);

    /* Lookups in normalized form. */
    CHECK_OK(clt_customer_find_by_email(&out, db, "  ZHANG.WEI@example.COM "));
    CHECK(contains(out, zhang_id) && count_of(out, "\"version\":") == 1);
    clt_string_free(out);
    CHECK_OK(clt_customer_find_by_phone(&out, db, "+86 138 1234 5678"));
    CHECK(contains(out, zhang_id));
    clt_string_free(out);
    CHECK_OK(clt_customer_find_by_email(&out, db, "nobody@example.com"));
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    clt_string_free(out);

    /* Duplicate external id. */
    before = customer_count(db, NULL);
    CHECK_STATUS(clt_customer_create(NULL, db, "{\"external_id\":\"SHOP-000123\",\"given_name\":\"X\"}"),
                 CLT_CONFLICT);
    CHECK(customer_count(db, NULL) == before);
}

static void test_update_and_conflict(clt_db *db, const char *id) {
    char *out = NULL;
    char *before_json = NULL;
    long long v = customer_version(db, id);

    CHECK(v >= 1);
    CHECK_OK(clt_customer_update(&out, db, id, "{\"notes\":\"call mornings\",\"membership_level\":\"gold\"}",
                                 v));
    CHECK(int_value(out, "version") == v + 1);
    CHECK(contains(out, "\"notes\":\"call mornings\""));
    CHECK(contains(out, "\"membership_level\":\"gold\""));
    clt_string_free(out);

    /* Stale version: conflict, record unchanged. */
    CHECK_OK(clt_customer_get(&before_json, db, id));
    out = SENTINEL;
    CHECK_STATUS(clt_customer_update(&out, db, id, "{\"notes\":\"stale writer\"}", v), CLT_CONFLICT);
    CHECK(out == NULL);
    CHECK(clt_last_error()[0] != '\0');
    CHECK_OK(clt_customer_get(&out, db, id));
    CHECK(out != NULL && before_json != NULL && strcmp(out, before_json) == 0);
    CHECK(!contains(out, "stale writer"));
    clt_string_free(out);

    /* A stale whole-record save conflicts as well. */
    CHECK_OK(clt_customer_update(NULL, db, id, "{\"notes\":\"newer\"}", v + 1));
    CHECK_STATUS(clt_customer_save(NULL, db, before_json), CLT_CONFLICT);
    CHECK(customer_version(db, id) == v + 2);
    clt_string_free(before_json);

    /* Invalid patch values: nothing changes. */
    CHECK_OK(clt_customer_get(&before_json, db, id));
    CHECK_STATUS(clt_customer_update(NULL, db, id, "{\"emails\":[{\"address\":\"not-an-email\"}]}", v + 2),
                 CLT_INVALID_INPUT);
    CHECK(contains(clt_last_error(), "email"));
    CHECK_STATUS(clt_customer_update(NULL, db, id, "{\"birthday\":\"1988-02-30\"}", v + 2),
                 CLT_INVALID_INPUT);
    CHECK(contains(clt_last_error(), "birthday"));
    CHECK_STATUS(clt_customer_update(NULL, db, id, "{\"version\":99}", v + 2), CLT_INVALID_INPUT);
    CHECK_STATUS(clt_customer_update(NULL, db, id, "[\"notes\"]", v + 2), CLT_INVALID_INPUT);
    CHECK_OK(clt_customer_get(&out, db, id));
    CHECK(out != NULL && before_json != NULL && strcmp(out, before_json) == 0);
    clt_string_free(out);
    clt_string_free(before_json);
}

static void test_invalid_input(clt_db *db) {
    int64_t before = customer_count(db, NULL);
    char *out = SENTINEL;

    CHECK(before >= 0);
    CHECK_STATUS(clt_customer_create(&out, db,
                                     "{\"given_name\":\"A\",\"emails\":[{\"address\":\"not an email\"}]}"),
                 CLT_INVALID_INPUT);
    CHECK(out == NULL);
    CHECK(contains(clt_last_error(), "email"));
    CHECK(contains(clt_last_error_field(), "email"));

    CHECK_STATUS(clt_customer_create(NULL, db,
                                     "{\"given_name\":\"B\",\"phones\":[{\"number\":\"call me maybe\"}]}"),
                 CLT_INVALID_INPUT);
    CHECK(contains(clt_last_error(), "phone"));

    CHECK_STATUS(clt_customer_create(NULL, db, "{\"given_name\":\"C\",\"birthday\":\"1990-13-01\"}"),
                 CLT_INVALID_INPUT);
    CHECK(contains(clt_last_error(), "birthday"));
    CHECK(strcmp(clt_last_error_field(), "birthday") == 0);

    CHECK_STATUS(clt_customer_create(NULL, db, "{\"given_name\":\"D\",\"gender\":\"robot\"}"),
                 CLT_INVALID_INPUT);
    CHECK(contains(clt_last_error(), "gender"));

    CHECK_STATUS(clt_customer_create(NULL, db, "{\"given_name\":\"L\",\"preferred_language\":\"chinese\"}"),
                 CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "preferred_language") == 0);

    /* A number beyond a double's range is bad JSON like any other, not an internal error. */
    CHECK_STATUS(clt_customer_create(NULL, db, "{\"given_name\":\"F\",\"custom\":{\"n\":1e999}}"),
                 CLT_INVALID_INPUT);
    CHECK(contains(clt_last_error(), "not valid JSON"));

    /* A typo in a key must not vanish. */
    CHECK_STATUS(clt_customer_create(NULL, db, "{\"givne_name\":\"E\"}"), CLT_INVALID_INPUT);
    CHECK(contains(clt_last_error(), "givne_name"));

    /* Not an object, not JSON, not UTF-8. */
    CHECK_STATUS(clt_customer_create(NULL, db, "[{\"given_name\":\"F\"}]"), CLT_INVALID_INPUT);
    CHECK_STATUS(clt_customer_create(NULL, db, "\"G\""), CLT_INVALID_INPUT);
    CHECK_STATUS(clt_customer_create(NULL, db, "{\"given_name\":"), CLT_INVALID_INPUT);
    CHECK_STATUS(clt_customer_create(NULL, db, ""), CLT_INVALID_INPUT);
    CHECK_STATUS(clt_customer_create(NULL, db, "{\"given_name\":\"\xff\xfe\"}"), CLT_INVALID_INPUT);

    /* Filters and tag arguments are checked too. */
    CHECK_STATUS(clt_customer_list(&out, db, "{\"colour\":\"red\"}", 10, NULL), CLT_INVALID_INPUT);
    CHECK(out == NULL);
    CHECK_STATUS(clt_customer_count(&before, db, "[]"), CLT_INVALID_INPUT);
    CHECK(before == 0);

    CHECK(customer_count(db, NULL) == customer_count(db, "") );
    before = customer_count(db, NULL);
    CHECK_STATUS(clt_customer_create(NULL, db, "{\"given_name\":\"H\",\"status\":\"bogus\"}"),
                 CLT_INVALID_INPUT);
    CHECK(customer_count(db, NULL) == before);
}

static void test_not_found(clt_db *db) {
    const char *nobody = "00000000-0000-4000-8000-000000000000";
    char *out = SENTINEL;
    int64_t before = customer_count(db, NULL);

    CHECK_STATUS(clt_customer_get(&out, db, nobody), CLT_NOT_FOUND);
    CHECK(out == NULL);
    CHECK(clt_last_error()[0] != '\0');
    CHECK_STATUS(clt_customer_get(&out, db, "NO-SUCH-EXTERNAL-ID"), CLT_NOT_FOUND);
    CHECK_STATUS(clt_customer_update(NULL, db, nobody, "{\"notes\":\"x\"}", 1), CLT_NOT_FOUND);
    CHECK_STATUS(clt_customer_archive(NULL, db, nobody), CLT_NOT_FOUND);
    CHECK_STATUS(clt_customer_delete(db, nobody), CLT_NOT_FOUND);
    CHECK_STATUS(clt_tag_add(NULL, db, nobody, "[\"vip\"]"), CLT_NOT_FOUND);
    CHECK_STATUS(clt_tag_list(&out, db, nobody), CLT_NOT_FOUND);
    CHECK_STATUS(clt_interaction_get(&out, db, nobody), CLT_NOT_FOUND);
    CHECK_STATUS(clt_interaction_add(NULL, db,
                                     "{\"customer_id\":\"00000000-0000-4000-8000-000000000000\","
                                         "\"kind\":\"call\",\"occurred_at\":\"2024-01-01T00:00:00Z\"}"),
                 CLT_NOT_FOUND);
    CHECK_STATUS(clt_user_get(&out, db, "no.such.user"), CLT_NOT_FOUND);
    CHECK(out == NULL);
    CHECK(customer_count(db, NULL) == before);
}

static void test_tags(clt_db *db, const char *id) {
    char *out = NULL;

    CHECK_OK(clt_tag_add(&out, db, id, "[\"vip\", \" wholesale \", \"vip\", \"老客户\"]"));
    CHECK(count_of(out, "\"vip\"") == 1);
    CHECK(contains(out, "\"wholesale\""));
    CHECK(contains(out, "\"老客户\""));
    clt_string_free(out);
    CHECK_OK(clt_tag_remove(NULL, db, id, "[\"wholesale\"]"));
    CHECK_OK(clt_tag_list(&out, db, id));
    CHECK(contains(out, "\"vip\"") && contains(out, "\"老客户\"") && !contains(out, "wholesale"));
    CHECK(out != NULL && out[0] == '[');
    clt_string_free(out);
    CHECK_OK(clt_tag_list_all(&out, db));
    CHECK(contains(out, "{\"customers\":1,\"tag\":\"vip\"}"));
    clt_string_free(out);
    CHECK(customer_count(db, "{\"tag\":\"vip\"}") == 1);

    CHECK_STATUS(clt_tag_add(NULL, db, id, "{\"tag\":\"vip\"}"), CLT_INVALID_INPUT);
    CHECK(strcmp(clt_last_error_field(), "tags_json") == 0);
    CHECK_STATUS(clt_tag_add(NULL, db, id, "[\"ok\", 3]"), CLT_INVALID_INPUT);
    CHECK_STATUS(clt_tag_add(NULL, db, id, "[\"ok\""), CLT_INVALID_INPUT);
    CHECK_OK(clt_tag_list(&out, db, id));
    CHECK(!contains(out, "\"ok\""));
    clt_string_free(out);
}

static void test_search(clt_db *db, const char *zhang_id) {
    char *out = NULL;
    char company_id[40];

    CHECK(create_customer(db, "{\"kind\":\"company\",\"company_name\":\"上海华联贸易有限公司\","
                              "\"emails\":[{\"address\":\"sales@hualian.example.cn\"}]}",
                          company_id));
    CHECK_OK(clt_customer_search(&out, db, "贸易有限", 0));
    CHECK(contains(out, company_id));
    CHECK(!contains(out, zhang_id));
    clt_string_free(out);
    CHECK_OK(clt_customer_search(&out, db, "张伟", 10));
    CHECK(contains(out, zhang_id));
    clt_string_free(out);
    CHECK_OK(clt_customer_search(&out, db, "hualian", 10));
    CHECK(contains(out, company_id));
    clt_string_free(out);
    CHECK_OK(clt_customer_search(&out, db, "zzzzqqqq", 10));
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    clt_string_free(out);
}

static void test_transactions(clt_db *db) {
    int64_t before = customer_count(db, NULL);
    char id[40];
    char *out = NULL;

    CHECK(clt_transaction_active(db) == 0);
    CHECK_STATUS(clt_transaction_commit(db), CLT_MISUSE);
    CHECK_STATUS(clt_transaction_rollback(db), CLT_MISUSE);

    CHECK_OK(clt_transaction_begin(db));
    CHECK(clt_transaction_active(db) == 1);
    CHECK_STATUS(clt_transaction_begin(db), CLT_MISUSE);
    CHECK(clt_transaction_active(db) == 1);
    CHECK(create_customer(db, "{\"given_name\":\"Rolled\",\"family_name\":\"Back\"}", id));
    CHECK(customer_count(db, NULL) == before + 1);
    CHECK_OK(clt_transaction_rollback(db));
    CHECK(clt_transaction_active(db) == 0);
    CHECK(customer_count(db, NULL) == before);
    CHECK_STATUS(clt_customer_get(&out, db, id), CLT_NOT_FOUND);

    CHECK_OK(clt_transaction_begin(db));
    CHECK(create_customer(db, "{\"given_name\":\"Kept\",\"family_name\":\"Forever\"}", id));
    CHECK_OK(clt_transaction_commit(db));
    CHECK(clt_transaction_active(db) == 0);
    CHECK(customer_count(db, NULL) == before + 1);
    CHECK_OK(clt_customer_get(&out, db, id));
    clt_string_free(out);
    CHECK_OK(clt_customer_delete(db, id));
    CHECK(customer_count(db, NULL) == before);

    /* A call that fails inside a transaction undoes only itself; the rest commits. */
    {
        char a[40], b[40];
        CHECK_OK(clt_transaction_begin(db));
        CHECK(create_customer(db, "{\"external_id\":\"TX-A\",\"given_name\":\"A\"}", a));
        CHECK_STATUS(clt_customer_create(NULL, db, "{\"external_id\":\"TX-A\",\"given_name\":\"Dup\"}"),
                     CLT_CONFLICT);
        CHECK_STATUS(clt_customer_create(NULL, db, "{\"given_name\":\"Bad\",\"birthday\":\"x\"}"),
                     CLT_INVALID_INPUT);
        CHECK(clt_transaction_active(db) == 1);
        CHECK(create_customer(db, "{\"external_id\":\"TX-B\",\"given_name\":\"B\"}", b));
        CHECK_OK(clt_transaction_commit(db));
        CHECK(customer_count(db, NULL) == before + 2);
        CHECK_OK(clt_customer_delete(db, a));
        CHECK_OK(clt_customer_delete(db, b));
        CHECK(customer_count(db, NULL) == before);
    }
}

static void test_pagination(clt_db *db) {
    char ids[25][40];
    char cursor[512];
    char *page = NULL;
    int i, pages = 0, seen = 0, seen_each[25];
    int64_t total;

    CHECK_OK(clt_transaction_begin(db));
    for (i = 0; i < 25; ++i) {
        char json[200];
        snprintf(json, sizeof json,
                 "{\"given_name\":\"Page%02d\",\"family_name\":\"Reader\",\"tags\":[\"paged\"]}", i);
        CHECK(create_customer(db, json, ids[i]));
        seen_each[i] = 0;
    }
    CHECK_OK(clt_transaction_commit(db));
    total = customer_count(db, "{\"tag\":\"paged\"}");
    CHECK(total == 25);

    cursor[0] = '\0';
    for (;;) {
        int n, j;
        CHECK_OK(clt_customer_list(&page, db, "{\"tag\":\"paged\"}", 10, cursor));
        if (page == NULL) break;
        ++pages;
        n = count_of(page, "\"version\":");
        seen += n;
        CHECK(n == (pages < 3 ? 10 : 5));
        for (j = 0; j < 25; ++j)
            if (contains(page, ids[j])) ++seen_each[j];
        string_value(page, "next_cursor", cursor, sizeof cursor);
        CHECK((pages < 3) == (cursor[0] != '\0'));
        clt_string_free(page);
        page = NULL;
        if (cursor[0] == '\0' || pages > 10) break;
    }
    CHECK(pages == 3);
    CHECK(seen == 25);
    for (i = 0; i < 25; ++i) CHECK(seen_each[i] == 1);

    /* A NULL cursor starts from the beginning; limit 0 is the default (100). */
    CHECK_OK(clt_customer_list(&page, db, "{\"tag\":\"paged\"}", 0, NULL));
    CHECK(count_of(page, "\"version\":") == 25);
    CHECK(!contains(page, "next_cursor"));
    clt_string_free(page);
    CHECK_STATUS(clt_customer_list(&page, db, NULL, 100000, NULL), CLT_INVALID_INPUT);
    CHECK(page == NULL);
}

static void test_archive_delete(clt_db *db) {
    char id[40];
    char *out = NULL;
    int64_t active;

    CHECK(create_customer(db, "{\"given_name\":\"Old\",\"family_name\":\"Client\"}", id));
    active = customer_count(db, "{\"status\":\"active\"}");
    CHECK_OK(clt_customer_archive(&out, db, id));
    CHECK(contains(out, "\"status\":\"archived\""));
    clt_string_free(out);
    CHECK(customer_count(db, "{\"status\":\"active\"}") == active - 1);
    CHECK(customer_count(db, "{\"status\":\"archived\"}") >= 1);

    active = customer_count(db, NULL);
    CHECK_OK(clt_customer_delete(db, id));
    CHECK(customer_count(db, NULL) == active - 1);
    CHECK_STATUS(clt_customer_get(&out, db, id), CLT_NOT_FOUND);
}

static void test_interactions(clt_db *db, const char *customer_id) {
    char json[600];
    char first_id[40];
    char *out = NULL;
    int64_t n = -1;
    int i;
    const char *times[4] = {"2024-01-10T09:00:00Z", "2024-02-10T09:00:00Z", "2024-03-10T09:00:00Z",
                            "2024-04-10T09:00:00Z"};

    for (i = 0; i < 4; ++i) {
        snprintf(json, sizeof json,
                 "{\"customer_id\":\"%s\",\"kind\":\"purchase\",\"occurred_at\":\"%s\","
                 "\"amount_minor\":%d,\"currency\":\"CNY\",\"channel\":\"store\","
                 "\"subject\":\"订单 %d\"}",
                 customer_id, times[i], 10000 * (i + 1), i);
        CHECK_OK(clt_interaction_add(&out, db, json));
        if (i == 0) {
            string_value(out, "id", first_id, sizeof first_id);
            CHECK(strlen(first_id) == 36);
            CHECK(contains(out, customer_id));
            CHECK(int_value(out, "amount_minor") == 10000);
        }
        clt_string_free(out);
        out = NULL;
    }
    snprintf(json, sizeof json,
             "{\"customer_external_id\":\"SHOP-000123\",\"kind\":\"call\",\"occurred_at\":"
             "\"2024-02-15T12:00:00Z\",\"direction\":\"outbound\",\"body\":\"问候\"}");
    CHECK_OK(clt_interaction_add(NULL, db, json));
    snprintf(json, sizeof json,
             "{\"customer_id\":\"%s\",\"kind\":\"refund\",\"occurred_at\":\"2024-03-11T09:00:00Z\","
             "\"amount_minor\":5000,\"currency\":\"CNY\"}",
             customer_id);
    CHECK_OK(clt_interaction_add(&out, db, json));
    CHECK(int_value(out, "amount_minor") == -5000);
    clt_string_free(out);

    CHECK_OK(clt_interaction_get(&out, db, first_id));
    CHECK(contains(out, "\"subject\":\"订单 0\""));
    CHECK(contains(out, "\"occurred_at\":\"2024-01-10T09:00:00Z\""));
    clt_string_free(out);

    /* By kind. */
    snprintf(json, sizeof json, "{\"customer\":\"%s\",\"kind\":\"purchase\"}", customer_id);
    CHECK_OK(clt_interaction_count(&n, db, json));
    CHECK(n == 4);
    CHECK_OK(clt_interaction_list(&out, db, json, 0, NULL));
    CHECK(count_of(out, "\"kind\":\"purchase\"") == 4);
    CHECK(!contains(out, "\"kind\":\"call\""));
    /* ordered by occurred_at */
    CHECK(contains(out, "2024-01-10") && strstr(out, "2024-01-10") < strstr(out, "2024-04-10"));
    clt_string_free(out);

    /* By time range, half-open [from, to). */
    snprintf(json, sizeof json,
             "{\"customer\":\"%s\",\"from\":\"2024-02-10T09:00:00Z\",\"to\":\"2024-03-10T09:00:00Z\"}",
             customer_id);
    CHECK_OK(clt_interaction_list(&out, db, json, 0, NULL));
    CHECK(count_of(out, "\"occurred_at\":") == 2); /* Feb 10 purchase, Feb 15 call */
    CHECK(contains(out, "2024-02-10T09:00:00Z") && contains(out, "2024-02-15T12:00:00Z"));
    CHECK(!contains(out, "2024-03-10T09:00:00Z"));
    clt_string_free(out);
    snprintf(json, sizeof json,
             "{\"kind\":\"purchase\",\"from\":\"2024-02-01\",\"to\":\"2024-04-01\"}");
    CHECK_OK(clt_interaction_count(&n, db, json));
    CHECK(n == 2);

    /* Paging through interactions. */
    {
        char cursor[512];
        int total = 0, guard = 0;
        cursor[0] = '\0';
        snprintf(json, sizeof json, "{\"customer\":\"%s\"}", customer_id);
        do {
            CHECK_OK(clt_interaction_list(&out, db, json, 2, cursor));
            total += count_of(out, "\"occurred_at\":");
            string_value(out, "next_cursor", cursor, sizeof cursor);
            clt_string_free(out);
            out = NULL;
        } while (cursor[0] != '\0' && ++guard < 10);
        CHECK(total == 6);
    }

    /* Bad interactions write nothing. */
    CHECK_OK(clt_interaction_count(&n, db, NULL));
    snprintf(json, sizeof json,
             "{\"customer_id\":\"%s\",\"kind\":\"teleport\",\"occurred_at\":\"2024-01-01T00:00:00Z\"}",
             customer_id);
    CHECK_STATUS(clt_interaction_add(NULL, db, json), CLT_INVALID_INPUT);
    CHECK(contains(clt_last_error(), "kind"));
    snprintf(json, sizeof json,
             "{\"customer_id\":\"%s\",\"kind\":\"survey\",\"occurred_at\":\"2024-01-01T00:00:00Z\","
             "\"csat\":9}",
             customer_id);
    CHECK_STATUS(clt_interaction_add(NULL, db, json), CLT_INVALID_INPUT);
    CHECK(contains(clt_last_error(), "csat"));
    CHECK_STATUS(clt_interaction_list(&out, db, "{\"kind\":\"teleport\"}", 0, NULL), CLT_INVALID_INPUT);
    {
        int64_t after = -1;
        CHECK_OK(clt_interaction_count(&after, db, NULL));
        CHECK(after == n);
    }
}

static void test_users_settings_stats(clt_db *db) {
    char *out = NULL;

    CHECK_OK(clt_db_current_user(&out, db));
    CHECK(contains(out, "\"username\":\"admin\"") && contains(out, "\"role\":\"admin\""));
    clt_string_free(out);

    CHECK_OK(clt_user_add(&out, db,
                          "{\"username\":\"li.na\",\"display_name\":\"李娜\",\"role\":\"sales\","
                              "\"team\":\"east\"}"));
    CHECK(contains(out, "\"display_name\":\"李娜\"") && contains(out, "\"role\":\"sales\""));
    clt_string_free(out);
    CHECK_OK(clt_user_add(NULL, db, "{\"username\":\"wang.fang\",\"role\":\"sales\",\"team\":\"east\"}"));
    CHECK_OK(clt_user_add(NULL, db, "{\"username\":\"zhao.viewer\",\"role\":\"viewer\"}"));
    CHECK_OK(clt_user_add(NULL, db, "{\"username\":\"chen.boss\",\"role\":\"manager\",\"team\":\"east\"}"));
    CHECK_STATUS(clt_user_add(NULL, db, "{\"username\":\"li.na\",\"role\":\"sales\"}"), CLT_CONFLICT);
    CHECK_STATUS(clt_user_add(NULL, db, "{\"username\":\"bad\",\"role\":\"emperor\"}"), CLT_INVALID_INPUT);
    CHECK(contains(clt_last_error(), "role"));

    CHECK_OK(clt_user_update(&out, db, "wang.fang", "{\"display_name\":\"王芳\"}"));
    CHECK(contains(out, "\"display_name\":\"王芳\""));
    clt_string_free(out);
    CHECK_OK(clt_user_get(&out, db, "wang.fang"));
    CHECK(contains(out, "王芳") && contains(out, "\"team\":\"east\""));
    clt_string_free(out);
    CHECK_OK(clt_user_list(&out, db));
    CHECK(count_of(out, "\"username\":") == 5);
    clt_string_free(out);

    CHECK_OK(clt_setting_get(&out, db, "default_region"));
    CHECK(out != NULL && strcmp(out, "CN") == 0);
    clt_string_free(out);
    CHECK_OK(clt_setting_set(db, "default_currency", "USD"));
    CHECK_OK(clt_setting_get(&out, db, "default_currency"));
    CHECK(out != NULL && strcmp(out, "USD") == 0);
    clt_string_free(out);
    CHECK_OK(clt_setting_set(db, "default_currency", "CNY"));
    CHECK_STATUS(clt_setting_set(db, "default_region", "Narnia"), CLT_INVALID_INPUT);
    CHECK_OK(clt_setting_get(&out, db, "default_region"));
    CHECK(out != NULL && strcmp(out, "CN") == 0);
    clt_string_free(out);

    CHECK_OK(clt_db_stats(&out, db));
    CHECK(int_value(out, "customers") == customer_count(db, NULL));
    CHECK(int_value(out, "schema_version") == clt_schema_version());
    CHECK(int_value(out, "users") == 5);
    clt_string_free(out);
}

/* A sales user reaches for a colleague's customer: it must not exist for them, and
 * nothing of it may change. */
static void test_roles(const char *file) {
    clt_db *admin = open_as(file, "admin", 0, 0);
    clt_db *sales = open_as(file, "li.na", 0, 0);
    clt_db *viewer = open_as(file, "zhao.viewer", 0, 0);
    clt_db *manager = open_as(file, "chen.boss", 0, 0);
    char theirs[40], mine[40], json[400];
    char *before = NULL, *after = NULL, *out = NULL;
    int64_t n_admin, n_sales, n_interactions = -1, n2 = -1;

    CHECK(admin != NULL && sales != NULL && viewer != NULL && manager != NULL);
    if (admin == NULL || sales == NULL || viewer == NULL || manager == NULL) goto done;

    CHECK(create_customer(admin, "{\"external_id\":\"WF-1\",\"given_name\":\"芳邻\",\"family_name\":\"欧阳\","
                                 "\"owner\":\"wang.fang\",\"tags\":[\"secret\"],"
                                 "\"emails\":[{\"address\":\"ouyang@example.org\"}],"
                                 "\"phones\":[{\"number\":\"13900001111\"}]}",
                          theirs));
    snprintf(json, sizeof json,
             "{\"customer_id\":\"%s\",\"kind\":\"call\",\"occurred_at\":\"2024-05-01T08:00:00Z\"}",
             theirs);
    CHECK_OK(clt_interaction_add(NULL, admin, json));
    /* A sales user cannot create customers for someone else... */
    n_sales = customer_count(admin, NULL);
    CHECK_STATUS(clt_customer_create(NULL, sales, "{\"given_name\":\"Gift\",\"owner\":\"wang.fang\"}"),
                 CLT_PERMISSION_DENIED);
    CHECK(contains(clt_last_error(), "wang.fang"));
    CHECK(customer_count(admin, NULL) == n_sales);
    /* ...and owns what they create. */
    CHECK(create_customer(sales, "{\"given_name\":\"Mine\",\"family_name\":\"Own\"}", mine));
    CHECK_OK(clt_customer_get(&out, sales, mine));
    CHECK(contains(out, "\"owner\":\"li.na\""));
    clt_string_free(out);

    CHECK_OK(clt_customer_get(&before, admin, theirs));
    snprintf(json, sizeof json, "{\"customer\":\"%s\"}", theirs);
    CHECK_OK(clt_interaction_count(&n_interactions, admin, json));
    n_admin = customer_count(admin, NULL);
    n_sales = customer_count(sales, NULL);
    CHECK(n_sales >= 1 && n_sales < n_admin);

    out = SENTINEL;
    CHECK_STATUS(clt_customer_get(&out, sales, theirs), CLT_NOT_FOUND);
    CHECK(out == NULL);
    CHECK_STATUS(clt_customer_get(&out, sales, "WF-1"), CLT_NOT_FOUND);
    CHECK_OK(clt_customer_find(&out, sales, theirs));
    CHECK(out == NULL);
    CHECK_STATUS(clt_customer_update(NULL, sales, theirs, "{\"notes\":\"mine now\"}", 1), CLT_NOT_FOUND);
    /* A sales user cannot give a customer away either. */
    (void)clt_customer_update(NULL, sales, mine, "{\"owner\":\"wang.fang\"}", 1);
    CHECK_OK(clt_customer_get(&out, admin, mine));
    CHECK(contains(out, "\"owner\":\"li.na\""));
    clt_string_free(out);
    CHECK(clt_customer_archive(NULL, sales, theirs) != CLT_OK);
    CHECK(clt_customer_delete(sales, theirs) != CLT_OK);
    CHECK(clt_tag_add(NULL, sales, theirs, "[\"stolen\"]") != CLT_OK);
    CHECK(clt_tag_remove(NULL, sales, theirs, "[\"secret\"]") != CLT_OK);
    CHECK_STATUS(clt_tag_list(&out, sales, theirs), CLT_NOT_FOUND);
    snprintf(json, sizeof json,
             "{\"customer_id\":\"%s\",\"kind\":\"note\",\"occurred_at\":\"2024-05-02T08:00:00Z\"}",
             theirs);
    CHECK(clt_interaction_add(NULL, sales, json) != CLT_OK);

    CHECK_OK(clt_customer_search(&out, sales, "欧阳", 0));
    CHECK(!contains(out, theirs));
    clt_string_free(out);
    CHECK_OK(clt_customer_search(&out, admin, "欧阳", 0));
    CHECK(contains(out, theirs));
    clt_string_free(out);
    CHECK_OK(clt_customer_find_by_email(&out, sales, "ouyang@example.org"));
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    clt_string_free(out);
    CHECK_OK(clt_customer_find_by_phone(&out, sales, "139 0000 1111"));
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    clt_string_free(out);
    CHECK_OK(clt_customer_list(&out, sales, NULL, 0, NULL));
    CHECK(!contains(out, theirs) && contains(out, mine));
    clt_string_free(out);
    CHECK_OK(clt_tag_list_all(&out, sales));
    CHECK(!contains(out, "\"secret\""));
    clt_string_free(out);
    if (clt_interaction_list(&out, sales, NULL, 0, NULL) == CLT_OK) {
        CHECK(!contains(out, theirs));
        clt_string_free(out);
    }
    snprintf(json, sizeof json, "{\"customer\":\"%s\"}", theirs);
    n2 = 0;
    {
        clt_status s = clt_interaction_count(&n2, sales, json);
        CHECK(s == CLT_NOT_FOUND || (s == CLT_OK && n2 == 0));
    }

    /* A sales user administers nothing. */
    CHECK_STATUS(clt_user_add(NULL, sales, "{\"username\":\"intruder\",\"role\":\"admin\"}"),
                 CLT_PERMISSION_DENIED);
    CHECK_STATUS(clt_setting_set(sales, "default_region", "US"), CLT_PERMISSION_DENIED);
    CHECK_STATUS(clt_user_update(NULL, sales, "li.na", "{\"role\":\"admin\"}"), CLT_PERMISSION_DENIED);

    /* The customer is exactly as it was. */
    CHECK_OK(clt_customer_get(&after, admin, theirs));
    CHECK(before != NULL && after != NULL && strcmp(before, after) == 0);
    clt_string_free(after);
    after = NULL;
    snprintf(json, sizeof json, "{\"customer\":\"%s\"}", theirs);
    CHECK_OK(clt_interaction_count(&n2, admin, json));
    CHECK(n2 == n_interactions);
    CHECK(customer_count(admin, NULL) == n_admin);

    /* A viewer reads everything and changes nothing. */
    CHECK_OK(clt_customer_get(&out, viewer, theirs));
    clt_string_free(out);
    CHECK(customer_count(viewer, NULL) == n_admin);
    CHECK_STATUS(clt_customer_update(NULL, viewer, theirs, "{\"notes\":\"viewer was here\"}",
                                     int_value(before, "version")),
                 CLT_PERMISSION_DENIED);
    CHECK_STATUS(clt_customer_create(NULL, viewer, "{\"given_name\":\"Nope\"}"), CLT_PERMISSION_DENIED);
    CHECK(clt_tag_add(NULL, viewer, theirs, "[\"x\"]") == CLT_PERMISSION_DENIED);
    snprintf(json, sizeof json,
             "{\"customer_id\":\"%s\",\"kind\":\"visit\",\"occurred_at\":\"2024-05-03T08:00:00Z\"}",
             theirs);
    CHECK_STATUS(clt_interaction_add(NULL, viewer, json), CLT_PERMISSION_DENIED);
    snprintf(json, sizeof json, "{\"customer\":\"%s\"}", theirs);
    CHECK_OK(clt_interaction_count(&n2, admin, json));
    CHECK(n2 == n_interactions);
    CHECK_STATUS(clt_customer_delete(viewer, theirs), CLT_PERMISSION_DENIED);
    CHECK(customer_count(admin, NULL) == n_admin);
    CHECK_OK(clt_customer_get(&after, admin, theirs));
    CHECK(before != NULL && after != NULL && strcmp(before, after) == 0);
    clt_string_free(after);

    /* A manager sees the team's customers (li.na and wang.fang are in "east"). */
    CHECK_OK(clt_customer_get(&out, manager, theirs));
    clt_string_free(out);
    CHECK_OK(clt_customer_get(&out, manager, mine));
    clt_string_free(out);
    /* ...and may delete them; a sales user may not even delete their own. */
    CHECK(clt_customer_delete(sales, mine) != CLT_OK);
    CHECK_OK(clt_customer_delete(manager, mine));
    CHECK_STATUS(clt_customer_get(&out, admin, mine), CLT_NOT_FOUND);

done:
    clt_string_free(before);
    clt_db_close(manager);
    clt_db_close(viewer);
    clt_db_close(sales);
    clt_db_close(admin);
}

static void test_read_only(const char *file) {
    clt_db *ro = open_as(file, "admin", 0, 1);
    char *before = NULL, *after = NULL, *out = NULL;
    char id[40];
    int64_t n;

    CHECK(ro != NULL);
    if (ro == NULL) return;
    n = customer_count(ro, NULL);
    CHECK(n > 0);
    CHECK_OK(clt_customer_list(&out, ro, NULL, 1, NULL));
    string_value(out, "id", id, sizeof id);
    clt_string_free(out);
    CHECK_OK(clt_customer_get(&before, ro, id));

    CHECK_STATUS(clt_customer_create(NULL, ro, "{\"given_name\":\"Ro\"}"), CLT_STORAGE);
    CHECK_STATUS(clt_customer_update(NULL, ro, id, "{\"notes\":\"x\"}", int_value(before, "version")),
                 CLT_STORAGE);
    CHECK_STATUS(clt_tag_add(NULL, ro, id, "[\"ro\"]"), CLT_STORAGE);
    CHECK_STATUS(clt_customer_archive(NULL, ro, id), CLT_STORAGE);
    CHECK_STATUS(clt_customer_delete(ro, id), CLT_STORAGE);
    CHECK_STATUS(clt_setting_set(ro, "default_currency", "EUR"), CLT_STORAGE);
    CHECK_STATUS(clt_user_add(NULL, ro, "{\"username\":\"ro.user\",\"role\":\"viewer\"}"), CLT_STORAGE);

    CHECK(customer_count(ro, NULL) == n);
    CHECK_OK(clt_customer_get(&after, ro, id));
    CHECK(before != NULL && after != NULL && strcmp(before, after) == 0);
    clt_string_free(before);
    clt_string_free(after);
    CHECK_OK(clt_setting_get(&out, ro, "default_currency"));
    CHECK(out != NULL && strcmp(out, "CNY") == 0);
    clt_string_free(out);
    clt_db_close(ro);

    /* Opening read-only never creates a file. */
    {
        clt_db *none = NULL;
        clt_db_open_options o = CLT_DB_OPEN_OPTIONS_INIT;
        char path[700];
        o.read_only = 1;
        CHECK(clt_db_open(&none, path_in_dir(path, sizeof path, "never.db"), &o) != CLT_OK);
        CHECK(none == NULL);
        CHECK(access(path, F_OK) != 0);
    }
}

static void test_unknown_user(const char *file) {
    clt_db *db = NULL;
    clt_db_open_options o = CLT_DB_OPEN_OPTIONS_INIT;
    char path[700];
    o.user = "mallory";
    CHECK_STATUS(clt_db_open(&db, path_in_dir(path, sizeof path, file), &o), CLT_NOT_FOUND);
    CHECK(db == NULL);
    CHECK(contains(clt_last_error(), "mallory"));
}

static void test_close_rolls_back(const char *file) {
    clt_db *db = open_as(file, "admin", 0, 0);
    char id[40];
    int64_t before;
    if (db == NULL) {
        CHECK(db != NULL);
        return;
    }
    before = customer_count(db, NULL);
    CHECK_OK(clt_transaction_begin(db));
    CHECK(create_customer(db, "{\"given_name\":\"Never\",\"family_name\":\"Committed\"}", id));
    clt_db_close(db);
    db = open_as(file, "admin", 0, 0);
    CHECK(db != NULL);
    CHECK(customer_count(db, NULL) == before);
    clt_db_close(db);
}

static void remove_in_dir(const char *name) {
    char path[700];
    remove(path_in_dir(path, sizeof path, name));
}

int main(void) {
    const char *tmp = getenv("TMPDIR");
    clt_db *db;
    char zhang_id[40] = "";

    snprintf(g_dir, sizeof g_dir, "%s/clt_capi_XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");
    if (mkdtemp(g_dir) == NULL) {
        perror("mkdtemp");
        return 2;
    }

    test_versions_and_names();
    test_options();
    test_open_failures();

    db = open_as("store.db", "admin", 1, 0);
    CHECK(db != NULL);
    if (db != NULL) {
        test_null_arguments(db);
        test_customer_round_trip(db, zhang_id);
        test_update_and_conflict(db, zhang_id);
        test_invalid_input(db);
        test_not_found(db);
        test_tags(db, zhang_id);
        test_search(db, zhang_id);
        test_transactions(db);
        test_pagination(db);
        test_archive_delete(db);
        test_interactions(db, zhang_id);
        test_users_settings_stats(db);
        clt_db_close(db);
        test_roles("store.db");
        test_read_only("store.db");
        test_unknown_user("store.db");
        test_close_rolls_back("store.db");
    }

    remove_in_dir("store.db");
    remove_in_dir("store.db-wal");
    remove_in_dir("store.db-shm");
    remove_in_dir("store.db-journal");
    remove_in_dir("notes.txt");
    rmdir(g_dir);

    return check_summary();
}
