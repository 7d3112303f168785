/* fuzz_json: JSON request bodies, parsed the way the server parses them (json_loadb with
 * JSON_REJECT_DUPLICATES, src/http/server.c). Handlers rely on every key and string of a body
 * being UTF-8 without NUL (STYLE.md §4), which the walk below checks; the walk also gives libFuzzer
 * coverage to steer by, since the system jansson is not instrumented. A body that loads must
 * survive a round trip through json_dumps in the encodings the responses use: the text loads
 * again, strictly, to an equal value. */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks keys and strings; returns the nesting depth of v. */
static int
walk(json_t *v)
{
    int depth = 0;
    size_t i;
    const char *key;
    json_t *item;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        json_object_foreach(v, key, item)
        {
            if (!utf8_valid(key, strlen(key)))
                abort();
            int d = walk(item);
            depth = d > depth ? d : depth;
        }
        return depth + 1;
    case JSON_ARRAY:
        json_array_foreach(v, i, item)
        {
            int d = walk(item);
            depth = d > depth ? d : depth;
        }
        return depth + 1;
    case JSON_STRING:
        if (!utf8_valid(json_string_value(v), json_string_length(v)))
            abort();
        return 0;
    case JSON_REAL:
        if (!isfinite(json_real_value(v)))
            abort(); /* JSON has no NaN or infinity */
        return 0;
    default:
        return 0;
    }
}

static void
round_trip(const json_t *j, size_t flags)
{
    char *s = json_dumps(j, flags);
    if (!s)
        abort();
    json_error_t e;
    json_t *back = json_loadb(s, strlen(s), JSON_REJECT_DUPLICATES, &e);
    if (!back || !json_equal(j, back))
        abort();
    /* a second dump of what came back is byte for byte the first */
    char *s2 = json_dumps(back, flags);
    if (!s2 || ((flags & JSON_SORT_KEYS) && strcmp(s, s2) != 0))
        abort();
    free(s2);
    json_decref(back);
    free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t e;
    json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &e);
    if (!j)
        return 0;
    if (!json_is_object(j) && !json_is_array(j))
        abort(); /* without JSON_DECODE_ANY only an object or an array is a body */
    if (walk(j) < 1)
        abort();
    round_trip(j, JSON_COMPACT);
    round_trip(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
    round_trip(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(j);
    return 0;
}
