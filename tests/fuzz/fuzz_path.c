/* fuzz_path: the router's path matcher (src/http/router.c) and the Range header parser
 * (src/http/response.c). The input is matched as a path against a fixed list of patterns, then
 * split at its first NUL into a pattern and a path; each match is checked by rebuilding the path
 * from the pattern and the captured parameters. The input is also parsed as a Range header, raw
 * and behind "bytes=", against a few resource sizes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/err.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const patterns[] = {
    "/", "/api/v1/units/:code", "/static/*", "/a/:b/c/:d", "/:a/:b/:c/:d/:e/:f/:g/:h/:i", "/x/:y/*",
};

/* Rebuilds the path the matcher saw from the pattern and the captured values. */
static void
check_match(const char *pattern, const char *path, const char **names, const char **values, int n)
{
    struct buf b = BUF_INIT;
    int k = 0;
    const char *p = pattern;
    if (n < 0 || n > LIMIT_ROUTE_PARAMS)
        abort();
    while (*p) {
        if (*p == '*' && p[1] == '\0') {
            if (k >= n || strcmp(names[k], "*") != 0 || values[k][0] == '\0')
                abort();
            buf_puts(&b, values[k++]);
            p++;
        } else if (*p == ':') {
            const char *pe = p + 1;
            while (*pe && *pe != '/')
                pe++;
            if (k >= n || strlen(names[k]) != (size_t)(pe - p - 1) ||
                memcmp(names[k], p + 1, (size_t)(pe - p - 1)) != 0)
                abort();
            /* a parameter is one whole, non-empty segment */
            if (values[k][0] == '\0' || strchr(values[k], '/'))
                abort();
            buf_puts(&b, values[k++]);
            p = pe;
        } else {
            buf_putc(&b, *p++);
        }
    }
    if (k != n || strcmp(buf_cstr(&b), path) != 0)
        abort();
    buf_free(&b);
}

static void
match(struct arena *a, const char *pattern, const char *path)
{
    const char *names[LIMIT_ROUTE_PARAMS], *values[LIMIT_ROUTE_PARAMS];
    int n = -1;
    if (router_match(a, pattern, path, names, values, &n))
        check_match(pattern, path, names, values, n);
    else if (n < 0 || n > LIMIT_ROUTE_PARAMS)
        abort();
}

static void
range(const char *h)
{
    static const int64_t sizes[] = {0, 1, 10, 1000, INT64_MAX};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        int64_t from = -1, to = -1;
        int rc = http_parse_range(h, sizes[i], &from, &to);
        if (rc == 0) {
            if (from < 0 || from > to || to >= sizes[i])
                abort();
        } else if (rc != ZE_NOTFOUND && rc != ZE_RANGE) {
            abort();
        }
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* room for "bytes=" in front and two NULs behind */
    char *s = malloc(size + 8);
    if (!s)
        return 0;
    memcpy(s, "bytes=", 6);
    memcpy(s + 6, data, size);
    s[size + 6] = '\0';
    s[size + 7] = '\0';
    const char *in = s + 6;

    struct arena *a = arena_new();
    for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++)
        match(a, patterns[i], in);

    /* pattern NUL path */
    const char *path = in + strlen(in) + (strlen(in) < size ? 1 : 0);
    match(a, in, path);
    match(a, in, in);

    range(in);
    range(s);
    if (!http_mime_for(in))
        abort();
    arena_free(a);
    free(s);
    return 0;
}
