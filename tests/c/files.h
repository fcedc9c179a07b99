/* clientele — small file helpers shared by the C ABI test programs (plain C11; static
 * inline so a program that uses one of them builds warning-free). */
#ifndef CLIENTELE_TEST_FILES_H
#define CLIENTELE_TEST_FILES_H

#include <stdio.h>
#include <stdlib.h>

/* Writes `text` to `path`, or exits with status 2 (the test cannot run). */
static inline void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fputs(text, f);
    fclose(f);
}

/* The whole file, NUL-terminated (caller frees), or NULL. */
static inline char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    char *text;
    long n;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    text = n < 0 ? NULL : (char *)malloc((size_t)n + 1);
    if (text && fread(text, 1, (size_t)n, f) != (size_t)n) {
        free(text);
        text = NULL;
    }
    if (text) text[n] = '\0';
    fclose(f);
    return text;
}

#endif
