/* The same through the installed C ABI. */
#include <clientele.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    clt_db *db = NULL;
    clt_db_open_options opts = CLT_DB_OPEN_OPTIONS_INIT;
    char *json = NULL;
    if (argc < 2) return 2;
    remove(argv[1]);
    opts.user = "owner";
    opts.create = 1;
    if (clt_db_open(&db, argv[1], &opts) != CLT_OK) {
        fprintf(stderr, "open: %s\n", clt_last_error());
        return 1;
    }
    if (clt_customer_create(&json, db, "{\"given_name\":\"Wei\",\"family_name\":\"Zhang\"}") != CLT_OK) {
        fprintf(stderr, "create: %s\n", clt_last_error());
        clt_db_close(db);
        return 1;
    }
    printf("%s %s\n", clt_version(), strstr(json, "Wei Zhang") ? "ok" : "missing");
    clt_string_free(json);
    clt_db_close(db);
    return clt_version_number() == CLIENTELE_VERSION_NUMBER ? 0 : 1;
}
