/* The dedupe section of the C ABI, from plain C11. Ends with "N passed, M failed". */
#include <stdio.h>
#include <string.h>

#include <clientele.h>

#include "check.h"

static const char *kRecords =
    "[{\"id\":\"a\",\"name\":\"张伟\",\"phone\":\"138-1234-5678\",\"birthday\":\"1985-03-07\"},"
    " {\"id\":\"b\",\"name\":\"Zhang Wei\",\"phone\":\"+86 13812345678\",\"email\":\"zw@example.cn\"},"
    " {\"id\":\"c\",\"name\":\"李娜\",\"phone\":\"13900001111\",\"birthday\":\"1990-01-01\"},"
    " {\"id\":\"d\",\"name\":\"Anna Meyer\",\"phone\":\"+49 30 1234567\",\"birthday\":1971}]";

int main(void) {
    clt_dedupe_options opts = CLT_DEDUPE_OPTIONS_INIT;
    clt_dedupe_options inited;
    uint32_t clusters[4] = {99, 99, 99, 99};
    char *json = NULL;

    CHECK(clt_dedupe_options_init(&inited, CLT_DEDUPE_OPTIONS_VERSION) == CLT_OK);
    CHECK(inited.version == CLT_DEDUPE_OPTIONS_VERSION && inited.threshold == opts.threshold);
    /* The one options-version rule: 0 and unknown versions are both CLT_UNSUPPORTED. */
    CHECK(clt_dedupe_options_init(&inited, 0) == CLT_UNSUPPORTED);
    CHECK(clt_dedupe_options_init(&inited, 999) == CLT_UNSUPPORTED);
    CHECK(clt_dedupe_options_init(NULL, CLT_DEDUPE_OPTIONS_VERSION) == CLT_MISUSE);

    CHECK(clt_dedupe_cluster(clusters, 4, kRecords, &opts) == CLT_OK);
    CHECK(clusters[0] == clusters[1]);
    CHECK(clusters[0] != clusters[2] && clusters[2] != clusters[3]);
    CHECK(clt_dedupe_cluster(clusters, 4, kRecords, NULL) == CLT_OK);

    /* The caller's buffer: too small is refused and left untouched, larger is fine. */
    clusters[0] = 99;
    CHECK(clt_dedupe_cluster(clusters, 3, kRecords, NULL) == CLT_MISUSE);
    CHECK(strcmp(clt_last_error_field(), "out_clusters") == 0);
    CHECK(strstr(clt_last_error(), "holds 3 elements; 4 are needed") != NULL);
    CHECK(clusters[0] == 99);
    {
        uint32_t wide[6] = {7, 7, 7, 7, 7, 7};
        CHECK(clt_dedupe_cluster(wide, 6, kRecords, NULL) == CLT_OK);
        CHECK(wide[0] == wide[1] && wide[4] == 7 && wide[5] == 7);
    }

    /* Bad input: not an array, no identifying key, NULL out, bad version. */
    CHECK(clt_dedupe_cluster(clusters, 4, "{}", NULL) == CLT_INVALID_INPUT);
    CHECK(clt_dedupe_cluster(clusters, 4, "[{\"amount\":-1e999}]", NULL) == CLT_INVALID_INPUT);
    CHECK(strstr(clt_last_error(), "not valid JSON") != NULL);
    CHECK(clt_dedupe_cluster(clusters, 4, "[{\"city\":\"Berlin\"}]", NULL) == CLT_INVALID_INPUT);
    CHECK(clt_dedupe_cluster(NULL, 4, kRecords, NULL) == CLT_MISUSE);
    opts.version = 999;
    CHECK(clt_dedupe_cluster(clusters, 4, kRecords, &opts) == CLT_UNSUPPORTED);
    CHECK(strcmp(clt_last_error_field(), "opts") == 0);
    opts.version = 0;
    CHECK(clt_dedupe_cluster(clusters, 4, kRecords, &opts) == CLT_UNSUPPORTED);
    opts.version = CLT_DEDUPE_OPTIONS_VERSION;
    CHECK(clt_dedupe_cluster(NULL, 0, "[]", NULL) == CLT_OK);

    CHECK(clt_dedupe_explain(&json, kRecords, 0, 1, NULL) == CLT_OK);
    CHECK(json != NULL && strstr(json, "\"field\":\"phone\"") != NULL && strstr(json, "\"probability\"") != NULL);
    clt_string_free(json);
    json = NULL;
    CHECK(clt_dedupe_explain(&json, kRecords, 0, 9, NULL) == CLT_INVALID_INPUT);
    CHECK(json == NULL);

    return check_summary();
}
