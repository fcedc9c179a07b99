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

    clt_dedupe_options_init(&inited);
    CHECK(inited.version == CLT_DEDUPE_OPTIONS_VERSION && inited.threshold == opts.threshold);

    CHECK(clt_dedupe(kRecords, 4, &opts, clusters) == CLT_OK);
    CHECK(clusters[0] == clusters[1]);
    CHECK(clusters[0] != clusters[2] && clusters[2] != clusters[3]);
    CHECK(clt_dedupe(kRecords, 4, NULL, clusters) == CLT_OK);

    /* Bad input: wrong count, not an array, no identifying key, NULL out, bad version. */
    CHECK(clt_dedupe(kRecords, 3, NULL, clusters) == CLT_INVALID_INPUT);
    CHECK(strstr(clt_last_error(), "count") != NULL);
    CHECK(clt_dedupe("{}", 0, NULL, clusters) == CLT_INVALID_INPUT);
    CHECK(clt_dedupe("[{\"amount\":-1e999}]", 1, NULL, clusters) == CLT_INVALID_INPUT);
    CHECK(strstr(clt_last_error(), "not valid JSON") != NULL);
    CHECK(clt_dedupe("[{\"city\":\"Berlin\"}]", 1, NULL, clusters) == CLT_INVALID_INPUT);
    CHECK(clt_dedupe(kRecords, 4, NULL, NULL) != CLT_OK);
    opts.version = 99;
    CHECK(clt_dedupe(kRecords, 4, &opts, clusters) != CLT_OK);
    opts.version = CLT_DEDUPE_OPTIONS_VERSION;
    CHECK(clt_dedupe("[]", 0, NULL, NULL) == CLT_OK);

    CHECK(clt_dedupe_explain(kRecords, 0, 1, NULL, &json) == CLT_OK);
    CHECK(json != NULL && strstr(json, "\"field\":\"phone\"") != NULL && strstr(json, "\"probability\"") != NULL);
    clt_string_free(json);
    json = NULL;
    CHECK(clt_dedupe_explain(kRecords, 0, 9, NULL, &json) == CLT_INVALID_INPUT);
    CHECK(json == NULL);

    return check_summary();
}
