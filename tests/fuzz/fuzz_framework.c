/* fuzz_framework: LKE framework files (src/lke/lke_framework.c), which admins load when a
 * regulation changes, and the scorer on them. A file that loads must score an empty set of
 * answers to 0 with both verdicts false; one that is refused comes back NULL with its problems
 * named. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/buf.h"
#include "core/err.h"
#include "lke/lke.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (!doc)
        return 0;
    struct lke_framework *f = NULL;
    struct buf err = BUF_INIT;
    int rc = lke_framework_load(doc, &f, &err);
    if (rc != 0) {
        if (f || err.len == 0)
            abort();
    } else {
        json_t *empty = json_object(), *r = NULL;
        if (lke_score(f, empty, &r, &err) != 0 || !r)
            abort();
        if (json_number_value(json_object_get(r, "total")) != 0 ||
            json_is_true(json_object_get(r, "wbk")) || json_is_true(json_object_get(r, "wbbm")))
            abort();
        json_decref(r);
        json_decref(empty);
        lke_framework_free(f);
    }
    json_decref(doc);
    buf_free(&err);
    return 0;
}
