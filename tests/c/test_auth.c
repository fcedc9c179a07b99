/* clientele — credentials through the C ABI: open with a password (options version 2),
 * wrong password and unknown user refused alike and logged, lockout, password change and
 * admin reset, and options version 1 still accepted. Ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, unlink, nanosleep */

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"
#include "temp_store.h"

/* Opens `path` as `user` with `password` (NULL = none); returns the status, closes the handle. */
static clt_status try_open(const char *path, const char *user, const char *password, const char *new_password) {
    clt_db_open_options oo = CLT_DB_OPEN_OPTIONS_INIT;
    clt_db *db = NULL;
    clt_status st;
    oo.user = user;
    oo.password = password;
    oo.new_password = new_password;
    st = clt_db_open(&db, path, &oo);
    clt_db_close(db);
    return st;
}

static clt_db *open_admin(const char *path) {
    clt_db_open_options oo = CLT_DB_OPEN_OPTIONS_INIT;
    clt_db *db = NULL;
    oo.password = "admin-secret-1";
    CHECK(clt_db_open(&db, path, &oo) == CLT_OK);
    return db;
}

int main(void) {
    char dir[512], path[600], wrong[512];
    clt_db_open_options oo = CLT_DB_OPEN_OPTIONS_INIT;
    clt_db_open_options v1;
    clt_db *db = NULL;
    char *json = NULL;
    struct timespec pause = {2, 200000000};

    if (!make_temp_dir(dir, sizeof dir, "clt_auth")) return 1;
    snprintf(path, sizeof path, "%s/a.db", dir);
    oo.create = 1;
    CHECK(clt_db_open(&db, path, &oo) == CLT_OK);
    CHECK(clt_user_add(NULL, db, "{\"username\":\"li.na\",\"role\":\"sales\"}") == CLT_OK);
    CHECK(clt_auth_require(db, 1) == CLT_PERMISSION_DENIED); /* the admin has no password yet */
    CHECK(clt_auth_reset_password(db, "admin", "admin-secret-1") == CLT_OK);
    CHECK(clt_auth_reset_password(db, "li.na", "short") == CLT_INVALID_INPUT);
    CHECK(clt_auth_reset_password(db, "li.na", "temporary-pw") == CLT_OK);
    CHECK(clt_auth_require(db, 1) == CLT_OK);
    CHECK(clt_setting_set(db, "auth.lockout_attempts", "3") == CLT_OK);
    CHECK(clt_setting_set(db, "auth.lockout_seconds", "2") == CLT_OK);
    clt_db_close(db);

    CHECK(clt_auth_policy(&json, path) == CLT_OK);
    CHECK(json != NULL && strstr(json, "\"required\":true") != NULL);
    clt_string_free(json);
    json = NULL;

    /* An admin's reset: the user must choose a new password at login. */
    CHECK(try_open(path, "li.na", "temporary-pw", NULL) == CLT_PERMISSION_DENIED);
    CHECK(strstr(clt_last_error(), "must be changed") != NULL);
    CHECK(try_open(path, "li.na", "temporary-pw", "sales-secret-1") == CLT_OK);
    CHECK(try_open(path, "li.na", "sales-secret-1", NULL) == CLT_OK);

    /* No credential, a wrong one, an unknown user: one answer. */
    CHECK(try_open(path, "li.na", NULL, NULL) == CLT_PERMISSION_DENIED);
    CHECK(try_open(path, "li.na", "wrong-password", NULL) == CLT_PERMISSION_DENIED);
    snprintf(wrong, sizeof wrong, "%s", clt_last_error());
    CHECK(try_open(path, "ghost", "wrong-password", NULL) == CLT_PERMISSION_DENIED);
    CHECK(strcmp(wrong, clt_last_error()) == 0);
    CHECK(strstr(wrong, "authentication failed") != NULL);

    /* Options version 1 still opens; without a credential it is refused here. */
    CHECK(clt_db_open_options_init(&v1, 1) == CLT_OK);
    CHECK(v1.version == 1);
    v1.user = "li.na";
    db = NULL;
    CHECK(clt_db_open(&db, path, &v1) == CLT_PERMISSION_DENIED);
    CHECK(db == NULL);

    /* Lockout: three failures lock li.na, even against the right password, until it passes. */
    CHECK(try_open(path, "li.na", "wrong-password", NULL) == CLT_PERMISSION_DENIED);
    CHECK(try_open(path, "li.na", "wrong-password", NULL) == CLT_PERMISSION_DENIED);
    CHECK(try_open(path, "li.na", "sales-secret-1", NULL) == CLT_PERMISSION_DENIED);
    CHECK(strstr(clt_last_error(), "too many failed attempts") != NULL);
    nanosleep(&pause, NULL);
    CHECK(try_open(path, "li.na", "sales-secret-1", NULL) == CLT_OK);

    /* The user's own change needs the old password. */
    oo = (clt_db_open_options)CLT_DB_OPEN_OPTIONS_INIT;
    oo.user = "li.na";
    oo.password = "sales-secret-1";
    db = NULL;
    CHECK(clt_db_open(&db, path, &oo) == CLT_OK);
    CHECK(clt_auth_change_password(db, "not-the-old-one", "sales-secret-2") == CLT_PERMISSION_DENIED);
    CHECK(clt_auth_change_password(db, "sales-secret-1", "sales-secret-2") == CLT_OK);
    CHECK(clt_auth_log(&json, db) == CLT_PERMISSION_DENIED); /* admins only */
    clt_db_close(db);
    CHECK(try_open(path, "li.na", "sales-secret-2", NULL) == CLT_OK);

    /* Every refusal is in the log, from the C layer, by the name given. */
    db = open_admin(path);
    CHECK(clt_auth_log(&json, db) == CLT_OK);
    CHECK(json != NULL && strstr(json, "\"username\":\"ghost\"") != NULL);
    CHECK(json != NULL && strstr(json, "\"outcome\":\"locked\"") != NULL);
    CHECK(json != NULL && strstr(json, "\"layer\":\"c\"") != NULL);
    clt_string_free(json);
    clt_db_close(db);
    remove_store(path);
    rmdir(dir);
    return check_summary();
}
