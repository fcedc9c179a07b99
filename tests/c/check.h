/* clientele — the check counters shared by the C ABI test programs (plain C11).
 * Each CHECK counts as passed or failed; a failure prints where, what, and the ABI's
 * last error. A program ends with `return check_summary();`: it prints
 * "N passed, M failed" and gives the exit status. */
#ifndef CLIENTELE_TEST_CHECK_H
#define CLIENTELE_TEST_CHECK_H

#include <stdio.h>

#include "clientele.h"

static int g_passed = 0;
static int g_failed = 0;

static void check_at(int ok, const char *file, int line, const char *what) {
    if (ok) {
        ++g_passed;
        return;
    }
    ++g_failed;
    fprintf(stderr, "%s:%d: FAILED: %s\n    last error: [%s] %s\n", file, line, what, clt_last_error_field(),
            clt_last_error());
}

#define CHECK(cond) check_at((cond) ? 1 : 0, __FILE__, __LINE__, #cond)

static int check_summary(void) {
    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}

#endif
