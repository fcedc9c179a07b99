/* clientele — the backup calls of the C ABI (the "backup" section of include/clientele.h),
 * in plain C11: write, verify, restore; the options version check; a wrong key, an
 * existing target and misuse. Ends with "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, unlink */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clientele.h"

#include "check.h"
#include "temp_store.h"

int main(void) {
    char dir[512], path[600], bak[600], back[600], key[600], other[600];
    clt_db_open_options oo = CLT_DB_OPEN_OPTIONS_INIT;
    clt_backup_options bo;
    clt_db *db = NULL, *restored = NULL;
    char *out = NULL;
    FILE *f = NULL;

    if (!make_temp_dir(dir, sizeof dir, "clientele-backup")) return 2;
    snprintf(path, sizeof path, "%s/s.db", dir);
    snprintf(bak, sizeof bak, "%s/s.cltbak", dir);
    snprintf(back, sizeof back, "%s/back.db", dir);
    snprintf(key, sizeof key, "%s/key", dir);
    snprintf(other, sizeof other, "%s/other", dir);
    f = fopen(key, "wb");
    fputs("0123456789abcdef0123456789abcdef", f);
    fclose(f);
    f = fopen(other, "wb");
    fputs("fedcba9876543210fedcba9876543210", f);
    fclose(f);
    oo.create = 1;
    if (clt_db_open(&db, path, &oo) != CLT_OK) return 2;
    CHECK(clt_customer_create(NULL, db, "{\"family_name\":\"张\",\"given_name\":\"伟\",\"external_id\":\"C1\"}") == CLT_OK);

    /* Options: initialised, and an unknown version refused. */
    CHECK(clt_backup_options_init(&bo, 0) == CLT_UNSUPPORTED);
    CHECK(clt_backup_options_init(&bo, CLT_BACKUP_OPTIONS_VERSION) == CLT_OK);
    CHECK(bo.passphrase == NULL && bo.key_file == NULL && bo.force == 0);
    CHECK(bo.erasures_from == NULL && bo.ignore_erasures == 0);
    bo.key_file = key;
    bo.version = 99;
    CHECK(clt_backup_write(NULL, db, bak, &bo) == CLT_UNSUPPORTED);
    bo.version = CLT_BACKUP_OPTIONS_VERSION;

    /* Write, verify, restore; the manifest comes back each time. */
    CHECK(clt_backup_write(&out, db, bak, &bo) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"customers\":1") != NULL && strstr(out, "\"protection\":\"key-file\"") != NULL);
    clt_string_free(out);
    out = NULL;
    CHECK(clt_backup_verify(NULL, bak, &bo) == CLT_OK);
    CHECK(clt_backup_restore(&out, bak, back, &bo) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"checksum\":\"blake2b-256:") != NULL);
    clt_string_free(out);
    out = NULL;
    CHECK(clt_db_open(&restored, back, NULL) == CLT_OK);
    CHECK(clt_customer_get(&out, restored, "C1") == CLT_OK);
    clt_string_free(out);
    out = NULL;
    clt_db_close(restored);

    /* An existing target needs force; a wrong key is refused, writing nothing. */
    CHECK(clt_backup_restore(&out, bak, back, &bo) == CLT_CONFLICT && out == NULL);
    bo.force = 1;
    CHECK(clt_backup_restore(NULL, bak, back, &bo) == CLT_OK);

    /* A customer erased after the backup is erased again in the restored copy: the
     * register comes from the database given as erasures_from (here the live one). */
    CHECK(clt_customer_delete(db, "C1") == CLT_OK);
    bo.erasures_from = path;
    CHECK(clt_backup_restore(&out, bak, back, &bo) == CLT_OK);
    CHECK(out != NULL && strstr(out, "\"erasures_reapplied\":1") != NULL);
    clt_string_free(out);
    out = NULL;
    CHECK(clt_db_open(&restored, back, NULL) == CLT_OK);
    CHECK(clt_customer_get(&out, restored, "C1") == CLT_NOT_FOUND && out == NULL);
    clt_db_close(restored);
    bo.erasures_from = NULL;
    bo.ignore_erasures = 1; /* the replaced copy would erase C1 again */
    CHECK(clt_backup_restore(NULL, bak, back, &bo) == CLT_OK);
    CHECK(clt_db_open(&restored, back, NULL) == CLT_OK);
    CHECK(clt_customer_get(&out, restored, "C1") == CLT_OK);
    clt_string_free(out);
    out = NULL;
    clt_db_close(restored);
    bo.ignore_erasures = 0;
    bo.key_file = other;
    remove_store(back);
    CHECK(clt_backup_restore(NULL, bak, back, &bo) == CLT_PERMISSION_DENIED);
    CHECK(strstr(clt_last_error(), "wrong key") != NULL);
    CHECK(access(back, F_OK) != 0);
    CHECK(clt_backup_verify(NULL, bak, NULL) == CLT_INVALID_INPUT); /* encrypted, no key given */

    /* Misuse. */
    CHECK(clt_backup_write(NULL, NULL, bak, NULL) == CLT_MISUSE);
    CHECK(clt_backup_write(NULL, db, NULL, NULL) == CLT_MISUSE);
    CHECK(clt_backup_restore(NULL, NULL, back, NULL) == CLT_MISUSE);
    CHECK(clt_backup_verify(NULL, NULL, NULL) == CLT_MISUSE);

    clt_db_close(db);
    remove_store(path);
    remove_store(back);
    unlink(bak);
    unlink(key);
    unlink(other);
    rmdir(dir);
    return check_summary();
}
