/* clientele — encryption at rest through the C ABI (plain C11): open options version 3
 * (passphrase, key_hex), a file holding no clear data, a wrong key refused with nothing
 * written, clt_db_rekey, and the backup options' database key. Ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, unlink */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"
#include "temp_store.h"

static const char kKey[] = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

/* The whole file and its size (caller frees), or NULL. */
static char *bytes_of(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    char *b;
    long n;
    *size = 0;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    b = (char *)malloc(n > 0 ? (size_t)n : 1);
    if (b && n > 0 && fread(b, 1, (size_t)n, f) != (size_t)n) n = 0;
    fclose(f);
    *size = n > 0 ? (size_t)n : 0;
    return b;
}

/* Whether the file at `path` holds `needle` anywhere (binary-safe). */
static int file_holds(const char *path, const char *needle) {
    size_t size = 0, i, n = strlen(needle);
    char *b = bytes_of(path, &size);
    int found = 0;
    for (i = 0; b != NULL && i + n <= size && !found; ++i) found = memcmp(b + i, needle, n) == 0;
    free(b);
    return found;
}

static int same_bytes(const char *path, const char *before, size_t before_size) {
    size_t size = 0;
    char *now = bytes_of(path, &size);
    int same = now != NULL && size == before_size && memcmp(now, before, size) == 0;
    free(now);
    return same;
}

int main(void) {
    char dir[512], path[600], wal[600], bak[600], back[600];
    clt_db_open_options oo;
    clt_backup_options bo = CLT_BACKUP_OPTIONS_INIT;
    clt_db *db = NULL;
    char *before = NULL, *out = NULL;
    size_t before_size = 0;

    if (!make_temp_dir(dir, sizeof dir, "clientele-encryption")) return 2;
    snprintf(path, sizeof path, "%s/s.db", dir);
    snprintf(wal, sizeof wal, "%s/s.db-wal", dir);
    snprintf(bak, sizeof bak, "%s/s.cltbak", dir);
    snprintf(back, sizeof back, "%s/back.db", dir);

    /* Version 3 defaults; version 2 callers still get their shorter struct. */
    CHECK(clt_db_open_options_init(&oo, CLT_DB_OPEN_OPTIONS_VERSION) == CLT_OK);
    CHECK(oo.version == 3 && oo.passphrase == NULL && oo.key_hex == NULL);
    CHECK(clt_db_open_options_init(&oo, 2) == CLT_OK && oo.version == 2);
    CHECK(clt_db_open_options_init(&oo, CLT_DB_OPEN_OPTIONS_VERSION) == CLT_OK);

    /* Create encrypted with a passphrase; the WAL and the file hold no clear data. */
    oo.create = 1;
    oo.passphrase = "correct horse";
    CHECK(clt_db_open(&db, path, &oo) == CLT_OK);
    CHECK(clt_customer_create(NULL, db,
                              "{\"family_name\":\"Quaxley\",\"given_name\":\"Vorpent\",\"external_id\":\"C1\","
                              "\"emails\":[{\"address\":\"xq.unique@example.org\"}]}") == CLT_OK);
    CHECK(!file_holds(wal, "Quaxley") && !file_holds(wal, "xq.unique@example.org"));
    CHECK(!file_holds(path, "Quaxley") && !file_holds(path, "SQLite format 3"));
    clt_db_close(db);
    db = NULL;
    CHECK(!file_holds(path, "Quaxley") && !file_holds(path, "xq.unique@example.org"));

    /* A wrong passphrase: CLT_PERMISSION_DENIED "wrong key", the bytes unchanged. */
    before = bytes_of(path, &before_size);
    oo.create = 0;
    oo.passphrase = "wrong horse";
    CHECK(clt_db_open(&db, path, &oo) == CLT_PERMISSION_DENIED && db == NULL);
    CHECK(strstr(clt_last_error(), "wrong key") != NULL);
    CHECK(same_bytes(path, before, before_size));
    /* No key at all: not taken for a database, saying it may be encrypted. */
    CHECK(clt_db_open(&db, path, NULL) == CLT_CORRUPT_DATA && db == NULL);
    CHECK(strstr(clt_last_error(), "encrypted") != NULL);
    CHECK(same_bytes(path, before, before_size));
    free(before);

    /* Both fields set, and a malformed key: invalid input. */
    oo.passphrase = "correct horse";
    oo.key_hex = kKey;
    CHECK(clt_db_open(&db, path, &oo) == CLT_INVALID_INPUT);
    oo.key_hex = NULL;

    /* Backup and restore: the database key checks the encrypted database inside. */
    CHECK(clt_db_open(&db, path, &oo) == CLT_OK);
    CHECK(clt_backup_write(&out, db, bak, NULL) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"database_encrypted\":true") != NULL);
    clt_string_free(out);
    out = NULL;
    clt_db_close(db);
    db = NULL;
    CHECK(clt_backup_restore(NULL, bak, back, &bo) == CLT_PERMISSION_DENIED);
    CHECK(access(back, F_OK) != 0);
    bo.db_passphrase = "correct horse";
    CHECK(clt_backup_verify(NULL, bak, &bo) == CLT_OK);
    CHECK(clt_backup_restore(NULL, bak, back, &bo) == CLT_OK);
    CHECK(clt_db_open(&db, back, &oo) == CLT_OK);
    CHECK(clt_customer_get(&out, db, "C1") == CLT_OK);
    clt_string_free(out);
    out = NULL;
    clt_db_close(db);
    db = NULL;

    /* The credential policy of an encrypted file is read with its key, and only with it. */
    CHECK(clt_auth_policy(&out, path) == CLT_CORRUPT_DATA && out == NULL);
    CHECK(clt_auth_policy_keyed(&out, path, "nope", NULL) == CLT_PERMISSION_DENIED && out == NULL);
    CHECK(clt_auth_policy_keyed(&out, path, "correct horse", NULL) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"required\":false") != NULL);
    clt_string_free(out);
    out = NULL;
    CHECK(clt_auth_policy_keyed(&out, NULL, NULL, NULL) == CLT_MISUSE);

    /* Rekey to a raw key; the passphrase no longer opens it; then decrypt to plain. */
    CHECK(clt_db_rekey(path, &oo, NULL, "abc") == CLT_INVALID_INPUT);
    CHECK(clt_db_rekey(path, &oo, NULL, kKey) == CLT_OK);
    CHECK(clt_db_open(&db, path, &oo) == CLT_PERMISSION_DENIED);
    oo.passphrase = NULL;
    oo.key_hex = kKey;
    CHECK(clt_db_open(&db, path, &oo) == CLT_OK);
    clt_db_close(db);
    db = NULL;
    CHECK(clt_db_rekey(path, &oo, NULL, NULL) == CLT_OK);
    CHECK(file_holds(path, "Quaxley"));
    CHECK(clt_db_open(&db, path, NULL) == CLT_OK);
    clt_db_close(db);
    db = NULL;
    CHECK(clt_db_rekey(NULL, NULL, NULL, NULL) == CLT_MISUSE);

    remove_store(path);
    remove_store(back);
    unlink(bak);
    rmdir(dir);
    return check_summary();
}
