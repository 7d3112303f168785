/* fuzz_cookie: the Cookie header parser and the language choice (src/http/request.c).
 * Input: a Cookie header value, optionally followed by '\n' and a query string. The cookies and
 * the query are parsed as the server does, then http_pick_lang chooses from ?lang= and the
 * zona_lang cookie; the choice is checked against the documented rule. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/err.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *
first(const struct kv *kv, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(kv[i].name, name) == 0)
            return kv[i].value;
    return NULL;
}

static bool
is_lang(const char *s)
{
    return s && (strcmp(s, "id") == 0 || strcmp(s, "en") == 0);
}

/* The documented rule: ?lang= when valid, then the cookie when valid, else Indonesian. */
static void
check_lang(const char *query_lang, const char *cookie)
{
    const char *want = is_lang(query_lang) ? query_lang : is_lang(cookie) ? cookie : "id";
    const char *got = http_pick_lang(query_lang, cookie);
    if (!got || strcmp(got, want) != 0)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *nl = memchr(data, '\n', size);
    size_t hl = nl ? (size_t)(nl - (const char *)data) : size;
    char *header = malloc(hl + 1);
    if (!header)
        return 0;
    memcpy(header, data, hl);
    header[hl] = '\0';
    const char *query = nl ? nl + 1 : NULL;
    size_t ql = nl ? size - hl - 1 : 0;

    struct arena *a = arena_new();
    struct kv *cookies = NULL, *qkv = NULL;
    int nc = 0, nq = 0;
    int rc = http_parse_cookies(a, header, &cookies, &nc);
    if (rc != 0 && rc != ZE_LIMIT)
        abort();
    if (nc < 0 || nc > LIMIT_COOKIES)
        abort();
    for (int i = 0; i < nc; i++) {
        const struct kv *c = &cookies[i];
        size_t nlen = strlen(c->name);
        /* names are non-empty and hold neither '=' nor ';'; values hold no ';' */
        if (nlen == 0 || strpbrk(c->name, "=;") || strchr(c->value, ';'))
            abort();
        if (c->name[0] == ' ' || c->name[nlen - 1] == ' ')
            abort();
        if (strlen(c->value) != c->len || !utf8_valid(c->name, nlen) ||
            !utf8_valid(c->value, c->len))
            abort();
    }
    if (query && http_parse_urlencoded(a, query, ql, &qkv, &nq) != 0)
        nq = 0;

    check_lang(first(qkv, nq, "lang"), first(cookies, nc, "zona_lang"));
    check_lang(header, NULL);
    check_lang(NULL, header);
    check_lang(NULL, NULL);
    check_lang(first(cookies, nc, "zona_lang"), header);

    arena_free(a);
    free(header);
    return 0;
}
