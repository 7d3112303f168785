/* router: the route table. Patterns are literal segments, ":name" parameters (one segment) and a
 * final "*" (the rest of the path). A path that matches with another method answers 405. */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/xmem.h"
#include "http.h"

static const struct route **table;
static size_t ntable, captable;

bool
router_match(struct arena *a, const char *pattern, const char *path, const char **names,
             const char **values, int *n)
{
    const char *p = pattern, *s = path;
    *n = 0;
    while (*p && *s) {
        if (*p == '*' && p[1] == '\0') {
            if (*n >= LIMIT_ROUTE_PARAMS)
                return false;
            names[*n] = "*";
            values[*n] = arena_strdup(a, s);
            (*n)++;
            return true;
        }
        if (*p == ':') {
            const char *pe = p + 1;
            while (*pe && *pe != '/')
                pe++;
            const char *se = s;
            while (*se && *se != '/')
                se++;
            /* boundary: an empty segment never fills a parameter */
            if (se == s || *n >= LIMIT_ROUTE_PARAMS)
                return false;
            names[*n] = arena_strndup(a, p + 1, (size_t)(pe - p - 1));
            values[*n] = arena_strndup(a, s, (size_t)(se - s));
            (*n)++;
            p = pe;
            s = se;
            continue;
        }
        if (*p != *s)
            return false;
        p++;
        s++;
    }
    if (*p == '*' && p[1] == '\0' && *s == '\0')
        return false; /* "/static/" alone names no file */
    return *p == '\0' && *s == '\0';
}

void
router_add(const struct route *routes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (ntable == captable) {
            captable = captable ? captable * 2 : 64;
            table = xrealloc(table, sizeof(*table) * captable);
        }
        table[ntable++] = &routes[i];
    }
}

void
router_clear(void)
{
    free(table);
    table = NULL;
    ntable = captable = 0;
}

size_t
router_count(void)
{
    return ntable;
}

const struct route *
router_at(size_t i)
{
    return i < ntable ? table[i] : NULL;
}

const struct route *
router_find(struct req *rq, int *status, struct buf *allow)
{
    bool path_seen = false;
    bool methods[HTTP_METHOD_MAX] = {false};
    const char *names[LIMIT_ROUTE_PARAMS], *values[LIMIT_ROUTE_PARAMS];
    int n;
    for (size_t i = 0; i < ntable; i++) {
        const struct route *r = table[i];
        if (!router_match(rq->a, r->pattern, rq->path, names, values, &n))
            continue;
        bool same = r->method == rq->method || (rq->method == HTTP_HEAD && r->method == HTTP_GET);
        if (same) {
            rq->route = r;
            rq->nparams = n;
            for (int k = 0; k < n; k++) {
                rq->param_names[k] = names[k];
                rq->params[k] = values[k];
            }
            return r;
        }
        path_seen = true;
        methods[r->method] = true;
        if (r->method == HTTP_GET)
            methods[HTTP_HEAD] = true;
    }
    *status = path_seen ? 405 : 404;
    if (path_seen) {
        for (int m = 0; m < HTTP_OTHER; m++) {
            if (!methods[m])
                continue;
            if (allow->len)
                buf_puts(allow, ", ");
            buf_puts(allow, http_method_name((enum http_method)m));
        }
    }
    return NULL;
}
