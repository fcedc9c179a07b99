/* clientele — a temporary folder for a C ABI test's store, and removing a store with its
 * WAL files. Include after defining _POSIX_C_SOURCE 200809L (mkdtemp, unlink). */
#ifndef CLIENTELE_TEST_TEMP_STORE_H
#define CLIENTELE_TEST_TEMP_STORE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Makes $TMPDIR/<name>_XXXXXX (or under /tmp) into `dir`; 0 on failure (reported). */
static int make_temp_dir(char *dir, size_t size, const char *name) {
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, size, "%s/%s_XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp", name);
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 0;
    }
    return 1;
}

/* Removes the store at `path` and its -wal and -shm files. */
static void remove_store(const char *path) {
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    char file[600];
    size_t i;
    for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; ++i) {
        snprintf(file, sizeof file, "%s%s", path, suffixes[i]);
        unlink(file);
    }
}

#endif
