/* request: decoding of what the client sends in the URL and headers: percent-escapes, query
 * strings, urlencoded bodies, cookies, and the language choice. Pure functions over an arena,
 * fuzzed in tests/fuzz. */
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "http.h"

static const char *method_names[HTTP_METHOD_MAX] = {"GET",   "HEAD",   "POST",    "PUT",
                                                    "PATCH", "DELETE", "OPTIONS", "OTHER"};

const char *
http_method_name(enum http_method m)
{
    return (unsigned)m < HTTP_METHOD_MAX ? method_names[m] : "OTHER";
}

enum http_method
http_method_parse(const char *s)
{
    for (int i = 0; i < HTTP_OTHER; i++)
        if (strcmp(s, method_names[i]) == 0)
            return (enum http_method)i;
    return HTTP_OTHER;
}

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *
http_decode(struct arena *a, const char *s, size_t len, bool plus, size_t *out_len)
{
    char *out = arena_alloc(a, len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '%') {
            /* boundary: a '%' in the last two bytes has no room for its digits */
            if (i + 2 >= len)
                return NULL;
            int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
            if (h < 0 || l < 0)
                return NULL;
            out[o++] = (char)(h * 16 + l);
            i += 2;
        } else if (c == '+' && plus) {
            out[o++] = ' ';
        } else {
            out[o++] = c;
        }
    }
    out[o] = '\0';
    if (!utf8_valid(out, o))
        return NULL;
    if (out_len)
        *out_len = o;
    return out;
}

static int
add_kv(struct arena *a, struct kv **arr, int *n, int *cap, int limit, const char *name,
       const char *value, size_t len)
{
    if (*n >= limit)
        return ZE_LIMIT;
    if (*n == *cap) {
        int ncap = *cap ? *cap * 2 : 8;
        struct kv *na = arena_alloc(a, sizeof(struct kv) * (size_t)ncap);
        if (*n)
            memcpy(na, *arr, sizeof(struct kv) * (size_t)*n);
        *arr = na;
        *cap = ncap;
    }
    (*arr)[*n] = (struct kv){name, value, len};
    (*n)++;
    return 0;
}

int
http_parse_urlencoded(struct arena *a, const char *s, size_t len, struct kv **out, int *n)
{
    int cap = 0;
    *out = NULL;
    *n = 0;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && s[j] != '&' && s[j] != ';')
            j++;
        if (j > i) {
            const char *eq = memchr(s + i, '=', j - i);
            size_t nl = eq ? (size_t)(eq - (s + i)) : j - i;
            if (nl > LIMIT_FIELD_NAME)
                return ZE_LIMIT;
            char *name = http_decode(a, s + i, nl, true, NULL);
            size_t vl = 0;
            char *value = eq ? http_decode(a, eq + 1, (size_t)(s + j - (eq + 1)), true, &vl)
                             : arena_strdup(a, "");
            if (!name || !value)
                return ZE_INVAL;
            if (*name) {
                int rc = add_kv(a, out, n, &cap, LIMIT_FIELDS, name, value, vl);
                if (rc)
                    return rc;
            }
        }
        i = j + 1;
    }
    return 0;
}

int
http_parse_cookies(struct arena *a, const char *s, struct kv **out, int *n)
{
    int cap = 0;
    *out = NULL;
    *n = 0;
    if (!s)
        return 0;
    while (*s) {
        while (*s == ' ' || *s == ';' || *s == '\t')
            s++;
        const char *start = s;
        while (*s && *s != ';')
            s++;
        const char *eq = memchr(start, '=', (size_t)(s - start));
        if (!eq || eq == start)
            continue;
        const char *ne = eq;
        while (ne > start && ne[-1] == ' ')
            ne--;
        const char *v = eq + 1, *ve = s;
        while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
            ve--;
        if (ve - v >= 2 && v[0] == '"' && ve[-1] == '"') {
            v++;
            ve--;
        }
        if (!utf8_valid(start, (size_t)(ne - start)) || !utf8_valid(v, (size_t)(ve - v)))
            continue;
        int rc =
            add_kv(a, out, n, &cap, LIMIT_COOKIES, arena_strndup(a, start, (size_t)(ne - start)),
                   arena_strndup(a, v, (size_t)(ve - v)), (size_t)(ve - v));
        if (rc)
            return rc;
    }
    return 0;
}

static const char *
kv_find(const struct kv *arr, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(arr[i].name, name) == 0)
            return arr[i].value;
    return NULL;
}

const char *
req_query(const struct req *rq, const char *name)
{
    return kv_find(rq->query, rq->nquery, name);
}

const char *
req_field(const struct req *rq, const char *name)
{
    return kv_find(rq->fields, rq->nfields, name);
}

const char *
req_field_trimmed(struct req *rq, const char *name)
{
    const char *v = req_field(rq, name);
    if (!v)
        return "";
    while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
        v++;
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
        n--;
    return arena_strndup(rq->a, v, n);
}

const char *
req_cookie(const struct req *rq, const char *name)
{
    return kv_find(rq->cookies, rq->ncookies, name);
}

const char *
req_header(const struct req *rq, const char *name)
{
    for (int i = 0; i < rq->nheaders; i++)
        if (ascii_casecmp(rq->headers[i].name, name) == 0)
            return rq->headers[i].value;
    return NULL;
}

const char *
req_param(const struct req *rq, const char *name)
{
    for (int i = 0; i < rq->nparams; i++)
        if (strcmp(rq->param_names[i], name) == 0)
            return rq->params[i];
    return NULL;
}

const struct upload *
req_file(const struct req *rq, const char *field)
{
    for (int i = 0; i < rq->nfiles; i++)
        if (strcmp(rq->files[i].field, field) == 0)
            return &rq->files[i];
    return NULL;
}

static bool
lang_ok(const char *s)
{
    return s && (strcmp(s, "id") == 0 || strcmp(s, "en") == 0);
}

const char *
http_pick_lang(const char *query_lang, const char *cookie)
{
    /* Bahasa Indonesia first for everyone: Accept-Language is deliberately not consulted, so a
     * borrowed English-language browser at a service desk still shows Indonesian. */
    if (lang_ok(query_lang))
        return strcmp(query_lang, "en") == 0 ? "en" : "id";
    if (lang_ok(cookie))
        return strcmp(cookie, "en") == 0 ? "en" : "id";
    return "id";
}
