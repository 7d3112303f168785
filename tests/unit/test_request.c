/* test_request: what the server makes of a client's URL, query string, cookies and Range header
 * (request.c, response.c) and which handler a path reaches (router.c). */
#include <stdio.h>
#include <string.h>

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "http/http.h"

static int
arena_setup(void **state)
{
    *state = arena_new();
    return 0;
}

static int
arena_teardown(void **state)
{
    arena_free(*state);
    return 0;
}

/* --- http_decode ---------------------------------------------------------------------------- */

static const char *
decode(struct arena *a, const char *s, bool plus)
{
    size_t n = 12345;
    char *r = http_decode(a, s, strlen(s), plus, &n);
    if (r)
        assert_int_equal(n, strlen(r));
    return r;
}

static void
decode_percent_escapes(void **state)
{
    struct arena *a = *state;
    assert_string_equal(decode(a, "", false), "");
    assert_string_equal(decode(a, "plain", false), "plain");
    assert_string_equal(decode(a, "a%20b", false), "a b");
    assert_string_equal(decode(a, "%41%42%43", false), "ABC");
    assert_string_equal(decode(a, "caf%c3%a9", false), "caf\xc3\xa9");
    assert_string_equal(decode(a, "caf%C3%A9", false), "caf\xc3\xa9");
    assert_string_equal(decode(a, "100%25", false), "100%");
    assert_string_equal(decode(a, "%2Fetc%2Fpasswd", false), "/etc/passwd");
    assert_string_equal(decode(a, "Zona%20Integritas%20%E2%80%94%20WBK", false),
                        "Zona Integritas \xe2\x80\x94 WBK");
    /* raw UTF-8 passes as it is */
    assert_string_equal(decode(a,
                               "Kab.\xc2\xa0"
                               "Batu",
                               false),
                        "Kab.\xc2\xa0"
                        "Batu");
}

static void
decode_plus_only_in_forms(void **state)
{
    struct arena *a = *state;
    assert_string_equal(decode(a, "a+b", true), "a b");
    assert_string_equal(decode(a, "a+b", false), "a+b");
    assert_string_equal(decode(a, "a%2Bb", true), "a+b");
    assert_string_equal(decode(a, "++", true), "  ");
}

static void
decode_rejects_bad_escapes(void **state)
{
    struct arena *a = *state;
    const char *bad[] = {"%",  "a%",   "%4",  "a%4", "%G1", "%1G",
                         "%%", "%%41", "%-1", "%+1", "% 1", "%4 "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (decode(a, bad[i], true) != NULL)
            fail_msg("\"%s\" decoded", bad[i]);
    /* boundary: a '%' in the last two bytes has no room for its digits */
    assert_non_null(http_decode(a, "%41", 3, false, NULL));
    assert_null(http_decode(a, "%41", 2, false, NULL));
    assert_null(http_decode(a, "x%41", 3, false, NULL));
}

static void
decode_rejects_invalid_utf8_and_nul(void **state)
{
    struct arena *a = *state;
    assert_null(decode(a, "%00", false));
    assert_null(decode(a, "a%00b", false));
    assert_null(decode(a, "%C3", false));       /* truncated */
    assert_null(decode(a, "%C3%28", false));    /* bad continuation */
    assert_null(decode(a, "%FF", false));       /* never valid */
    assert_null(decode(a, "%C0%AF", false));    /* overlong '/' */
    assert_null(decode(a, "%ED%A0%80", false)); /* surrogate */
    assert_null(decode(a, "%F4%90%80%80", false));
    assert_null(decode(a, "raw\xff", false));
}

/* --- http_parse_urlencoded ------------------------------------------------------------------ */

static int
parse_form(struct arena *a, const char *s, struct kv **kv, int *n)
{
    return http_parse_urlencoded(a, s, strlen(s), kv, n);
}

static void
urlencoded_pairs_in_order(void **state)
{
    struct arena *a = *state;
    struct kv *kv;
    int n;
    assert_int_equal(parse_form(a, "a=1&b=two&a=3", &kv, &n), 0);
    assert_int_equal(n, 3);
    assert_string_equal(kv[0].name, "a");
    assert_string_equal(kv[0].value, "1");
    assert_int_equal(kv[0].len, 1);
    assert_string_equal(kv[1].name, "b");
    assert_string_equal(kv[1].value, "two");
    assert_int_equal(kv[1].len, 3);
    assert_string_equal(kv[2].name, "a");
    assert_string_equal(kv[2].value, "3");
}

static void
urlencoded_decodes_names_and_values(void **state)
{
    struct arena *a = *state;
    struct kv *kv;
    int n;
    assert_int_equal(parse_form(a, "unit+name=Kota+Batu&q=a%26b%3Dc&e=caf%C3%A9", &kv, &n), 0);
    assert_int_equal(n, 3);
    assert_string_equal(kv[0].name, "unit name");
    assert_string_equal(kv[0].value, "Kota Batu");
    assert_string_equal(kv[1].value, "a&b=c");
    assert_string_equal(kv[2].value, "caf\xc3\xa9");
    assert_int_equal(kv[2].len, 5);
    /* a second '=' belongs to the value */
    assert_int_equal(parse_form(a, "x=1=2", &kv, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(kv[0].value, "1=2");
    /* ';' separates pairs too */
    assert_int_equal(parse_form(a, "a=1;b=2", &kv, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(kv[1].value, "2");
}

static void
urlencoded_skips_empty_pairs_and_names(void **state)
{
    struct arena *a = *state;
    struct kv *kv;
    int n = -1;
    assert_int_equal(parse_form(a, "", &kv, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(parse_form(a, "&&&", &kv, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(parse_form(a, "&a=1&&b=2&", &kv, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(kv[0].name, "a");
    assert_string_equal(kv[1].name, "b");
    assert_int_equal(parse_form(a, "=orphan&c=3", &kv, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(kv[0].name, "c");
}

static void
urlencoded_name_without_equals_has_empty_value(void **state)
{
    struct arena *a = *state;
    struct kv *kv;
    int n;
    assert_int_equal(parse_form(a, "flag&x=", &kv, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(kv[0].name, "flag");
    assert_string_equal(kv[0].value, "");
    assert_int_equal(kv[0].len, 0);
    assert_string_equal(kv[1].name, "x");
    assert_string_equal(kv[1].value, "");
    assert_int_equal(kv[1].len, 0);
}

static void
urlencoded_rejects_bad_escapes_and_utf8(void **state)
{
    struct arena *a = *state;
    struct kv *kv;
    int n;
    assert_int_equal(parse_form(a, "a=%ZZ", &kv, &n), ZE_INVAL);
    assert_int_equal(parse_form(a, "a%=1", &kv, &n), ZE_INVAL);
    assert_int_equal(parse_form(a, "ok=1&a=%", &kv, &n), ZE_INVAL);
    assert_int_equal(parse_form(a, "a=%FF", &kv, &n), ZE_INVAL);
    assert_int_equal(parse_form(a, "a=%00", &kv, &n), ZE_INVAL);
    assert_int_equal(parse_form(a, "%C3=1", &kv, &n), ZE_INVAL);
    assert_int_equal(parse_form(a, "flag%", &kv, &n), ZE_INVAL);
}

static void
urlencoded_limits_field_count(void **state)
{
    struct arena *a = *state;
    struct buf b = BUF_INIT;
    struct kv *kv;
    int n;
    for (int i = 0; i < LIMIT_FIELDS; i++)
        buf_printf(&b, "%sf%d=%d", i ? "&" : "", i, i);
    assert_int_equal(http_parse_urlencoded(a, b.p, b.len, &kv, &n), 0);
    assert_int_equal(n, LIMIT_FIELDS);
    assert_string_equal(kv[LIMIT_FIELDS - 1].name, "f999");
    assert_string_equal(kv[LIMIT_FIELDS - 1].value, "999");
    /* empty pairs do not count */
    buf_puts(&b, "&&&&");
    assert_int_equal(http_parse_urlencoded(a, b.p, b.len, &kv, &n), 0);
    buf_puts(&b, "one=more");
    assert_int_equal(http_parse_urlencoded(a, b.p, b.len, &kv, &n), ZE_LIMIT);
    buf_free(&b);
}

static void
urlencoded_limits_name_length(void **state)
{
    struct arena *a = *state;
    struct buf b = BUF_INIT;
    struct kv *kv;
    int n;
    for (int i = 0; i < LIMIT_FIELD_NAME; i++)
        buf_putc(&b, 'n');
    buf_puts(&b, "=v");
    assert_int_equal(http_parse_urlencoded(a, b.p, b.len, &kv, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(strlen(kv[0].name), LIMIT_FIELD_NAME);
    buf_reset(&b);
    for (int i = 0; i < LIMIT_FIELD_NAME + 1; i++)
        buf_putc(&b, 'n');
    buf_puts(&b, "=v");
    assert_int_equal(http_parse_urlencoded(a, b.p, b.len, &kv, &n), ZE_LIMIT);
    /* also without '=' */
    buf_reset(&b);
    for (int i = 0; i < LIMIT_FIELD_NAME + 1; i++)
        buf_putc(&b, 'n');
    assert_int_equal(http_parse_urlencoded(a, b.p, b.len, &kv, &n), ZE_LIMIT);
    buf_free(&b);
}

static void
urlencoded_reads_only_len_bytes(void **state)
{
    struct arena *a = *state;
    struct kv *kv;
    int n;
    assert_int_equal(http_parse_urlencoded(a, "a=1&b=2", 3, &kv, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(kv[0].value, "1");
}

/* --- cookies -------------------------------------------------------------------------------- */

static void
cookies_are_split_and_trimmed(void **state)
{
    struct arena *a = *state;
    struct kv *kv;
    int n;
    assert_int_equal(http_parse_cookies(a, "zona_lang=en; zona_session=abc123", &kv, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(kv[0].name, "zona_lang");
    assert_string_equal(kv[0].value, "en");
    assert_int_equal(kv[0].len, 2);
    assert_string_equal(kv[1].name, "zona_session");
    assert_string_equal(kv[1].value, "abc123");
    assert_int_equal(http_parse_cookies(a, "  a=1 ;\tb=2  ;c=3", &kv, &n), 0);
    assert_int_equal(n, 3);
    assert_string_equal(kv[0].name, "a");
    assert_string_equal(kv[0].value, "1");
    assert_string_equal(kv[1].name, "b");
    assert_string_equal(kv[1].value, "2");
    assert_string_equal(kv[2].value, "3");
    assert_int_equal(http_parse_cookies(a, "a =1", &kv, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(kv[0].name, "a");
    /* cookie values are not percent-decoded, and '=' belongs to the value */
    assert_int_equal(http_parse_cookies(a, "t=YWJj==; u=a%20b", &kv, &n), 0);
    assert_string_equal(kv[0].value, "YWJj==");
    assert_string_equal(kv[1].value, "a%20b");
}

static void
cookies_lose_their_quotes(void **state)
{
    struct arena *a = *state;
    struct kv *kv;
    int n;
    assert_int_equal(http_parse_cookies(a, "a=\"quoted value\"; b=\"\"; c=\"", &kv, &n), 0);
    assert_int_equal(n, 3);
    assert_string_equal(kv[0].value, "quoted value");
    assert_int_equal(kv[0].len, 12);
    assert_string_equal(kv[1].value, "");
    assert_int_equal(kv[1].len, 0);
    assert_string_equal(kv[2].value, "\""); /* a lone quote is not a quoted value */
}

static void
cookies_skip_malformed_pairs(void **state)
{
    struct arena *a = *state;
    struct kv *kv;
    int n = -1;
    assert_int_equal(http_parse_cookies(a, NULL, &kv, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(http_parse_cookies(a, "", &kv, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(http_parse_cookies(a, ";;; ;", &kv, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(http_parse_cookies(a, "novalue; =orphan; ok=1;; also", &kv, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(kv[0].name, "ok");
    assert_string_equal(kv[0].value, "1");
    /* invalid UTF-8 in a name or value drops that pair only */
    assert_int_equal(http_parse_cookies(a, "bad=\xff\xfe; good=y; \xc3=z", &kv, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(kv[0].name, "good");
    /* an empty value is still a cookie */
    assert_int_equal(http_parse_cookies(a, "e=", &kv, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(kv[0].value, "");
}

static void
cookies_are_limited(void **state)
{
    struct arena *a = *state;
    struct buf b = BUF_INIT;
    struct kv *kv;
    int n;
    for (int i = 0; i < LIMIT_COOKIES; i++)
        buf_printf(&b, "c%d=%d; ", i, i);
    assert_int_equal(http_parse_cookies(a, b.p, &kv, &n), 0);
    assert_int_equal(n, LIMIT_COOKIES);
    buf_puts(&b, "extra=1");
    assert_int_equal(http_parse_cookies(a, b.p, &kv, &n), ZE_LIMIT);
    buf_free(&b);
}

/* --- language ------------------------------------------------------------------------------- */

static void
pick_lang_query_then_cookie_then_indonesian(void **state)
{
    (void)state;
    assert_string_equal(http_pick_lang(NULL, NULL), "id");
    assert_string_equal(http_pick_lang("en", NULL), "en");
    assert_string_equal(http_pick_lang("id", NULL), "id");
    assert_string_equal(http_pick_lang(NULL, "en"), "en");
    assert_string_equal(http_pick_lang(NULL, "id"), "id");
    /* ?lang= wins over the cookie */
    assert_string_equal(http_pick_lang("id", "en"), "id");
    assert_string_equal(http_pick_lang("en", "id"), "en");
}

static void
pick_lang_ignores_junk(void **state)
{
    (void)state;
    const char *junk[] = {"", "EN", "en ", " en", "english", "fr", "e", "en-US", "id\n", "<x>"};
    for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
        assert_string_equal(http_pick_lang(junk[i], NULL), "id");
        assert_string_equal(http_pick_lang(junk[i], "en"), "en");
        assert_string_equal(http_pick_lang(NULL, junk[i]), "id");
    }
    /* the result is always one of our two static strings, never the client's */
    char copy[] = "en";
    assert_true(http_pick_lang(copy, NULL) != copy);
}

/* --- request accessors ---------------------------------------------------------------------- */

static void
req_lookups_find_first_value(void **state)
{
    struct arena *a = *state;
    struct req rq;
    memset(&rq, 0, sizeof rq);
    rq.a = a;
    assert_int_equal(parse_form(a, "q=batu&page=2&q=malang", &rq.query, &rq.nquery), 0);
    assert_int_equal(parse_form(a, "name=Budi", &rq.fields, &rq.nfields), 0);
    assert_int_equal(http_parse_cookies(a, "zona_lang=en", &rq.cookies, &rq.ncookies), 0);
    struct kv headers[] = {{"Content-Type", "text/plain", 10}, {"X-Request-Id", "r1", 2}};
    rq.headers = headers;
    rq.nheaders = 2;
    assert_string_equal(req_query(&rq, "q"), "batu");
    assert_string_equal(req_query(&rq, "page"), "2");
    assert_null(req_query(&rq, "Q"));
    assert_null(req_query(&rq, "missing"));
    assert_string_equal(req_field(&rq, "name"), "Budi");
    assert_null(req_field(&rq, "q"));
    assert_string_equal(req_cookie(&rq, "zona_lang"), "en");
    assert_null(req_cookie(&rq, "zona_session"));
    /* header names are case-insensitive */
    assert_string_equal(req_header(&rq, "content-type"), "text/plain");
    assert_string_equal(req_header(&rq, "X-REQUEST-ID"), "r1");
    assert_null(req_header(&rq, "Range"));
    assert_null(req_file(&rq, "evidence"));
    assert_null(req_param(&rq, "code"));
}

static void
method_names_round_trip(void **state)
{
    (void)state;
    for (int m = 0; m < HTTP_OTHER; m++)
        assert_int_equal(http_method_parse(http_method_name((enum http_method)m)), m);
    assert_int_equal(http_method_parse("get"), HTTP_OTHER);
    assert_int_equal(http_method_parse("BREW"), HTTP_OTHER);
    assert_int_equal(http_method_parse(""), HTTP_OTHER);
    assert_string_equal(http_method_name(HTTP_METHOD_MAX), "OTHER");
}

/* --- router_match --------------------------------------------------------------------------- */

struct match {
    const char *names[LIMIT_ROUTE_PARAMS];
    const char *values[LIMIT_ROUTE_PARAMS];
    int n;
};

static bool
match(struct arena *a, const char *pattern, const char *path, struct match *m)
{
    return router_match(a, pattern, path, m->names, m->values, &m->n);
}

static void
router_match_literals(void **state)
{
    struct arena *a = *state;
    struct match m;
    assert_true(match(a, "/", "/", &m));
    assert_int_equal(m.n, 0);
    assert_true(match(a, "/units", "/units", &m));
    assert_false(match(a, "/units", "/unit", &m));
    assert_false(match(a, "/units", "/units/", &m));
    assert_false(match(a, "/units", "/unitsx", &m));
    assert_false(match(a, "/units/", "/units", &m));
    assert_false(match(a, "/units", "/Units", &m));
    assert_false(match(a, "/", "/x", &m));
}

static void
router_match_params(void **state)
{
    struct arena *a = *state;
    struct match m;
    assert_true(match(a, "/api/v1/units/:code", "/api/v1/units/3573", &m));
    assert_int_equal(m.n, 1);
    assert_string_equal(m.names[0], "code");
    assert_string_equal(m.values[0], "3573");
    assert_true(match(a, "/units/:unit/areas/:area", "/units/35.73/areas/2", &m));
    assert_int_equal(m.n, 2);
    assert_string_equal(m.names[0], "unit");
    assert_string_equal(m.values[0], "35.73");
    assert_string_equal(m.names[1], "area");
    assert_string_equal(m.values[1], "2");
    /* a parameter takes exactly one segment */
    assert_false(match(a, "/units/:code", "/units/a/b", &m));
    assert_false(match(a, "/units/:code/edit", "/units/a", &m));
    assert_true(match(a, "/units/:code/edit", "/units/a/edit", &m));
    assert_string_equal(m.values[0], "a");
    /* decoded text, even odd bytes, is a value like any other */
    assert_true(match(a, "/u/:name", "/u/Kota Batu", &m));
    assert_string_equal(m.values[0], "Kota Batu");
}

static void
router_match_empty_segment_fills_no_param(void **state)
{
    struct arena *a = *state;
    struct match m;
    /* boundary: an empty segment never fills a parameter */
    assert_false(match(a, "/units/:code", "/units/", &m));
    assert_false(match(a, "/units/:code", "/units", &m));
    assert_false(match(a, "/units/:code/edit", "/units//edit", &m));
    assert_false(match(a, "/:a/:b", "//x", &m));
}

static void
router_match_star_takes_the_rest(void **state)
{
    struct arena *a = *state;
    struct match m;
    assert_true(match(a, "/static/*", "/static/css/zona.css", &m));
    assert_int_equal(m.n, 1);
    assert_string_equal(m.names[0], "*");
    assert_string_equal(m.values[0], "css/zona.css");
    assert_true(match(a, "/static/*", "/static/x", &m));
    assert_string_equal(m.values[0], "x");
    /* "/static/" alone names no file, and "/static" is another path */
    assert_false(match(a, "/static/*", "/static/", &m));
    assert_false(match(a, "/static/*", "/static", &m));
    assert_false(match(a, "/static/*", "/staticx/a", &m));
    assert_true(match(a, "/files/:id/*", "/files/7/a/b.pdf", &m));
    assert_int_equal(m.n, 2);
    assert_string_equal(m.values[0], "7");
    assert_string_equal(m.values[1], "a/b.pdf");
}

static void
router_match_limits_params(void **state)
{
    struct arena *a = *state;
    struct match m;
    char pattern[256] = "", path[256] = "";
    for (int i = 0; i < LIMIT_ROUTE_PARAMS; i++) {
        size_t pl = strlen(pattern), ql = strlen(path);
        snprintf(pattern + pl, sizeof pattern - pl, "/:p%d", i);
        snprintf(path + ql, sizeof path - ql, "/v%d", i);
    }
    assert_true(match(a, pattern, path, &m));
    assert_int_equal(m.n, LIMIT_ROUTE_PARAMS);
    assert_string_equal(m.values[LIMIT_ROUTE_PARAMS - 1], "v7");
    size_t pl = strlen(pattern), ql = strlen(path);
    snprintf(pattern + pl, sizeof pattern - pl, "/:one_more");
    snprintf(path + ql, sizeof path - ql, "/x");
    assert_false(match(a, pattern, path, &m));
}

/* --- router_find ---------------------------------------------------------------------------- */

static int
handler(struct req *rq, struct resp *rs)
{
    (void)rq;
    (void)rs;
    return 0;
}

static const struct route routes[] = {
    {HTTP_GET, "/units", NULL, NULL, handler, ROUTE_PUBLIC, NULL},
    {HTTP_POST, "/units", NULL, NULL, handler, ROUTE_PUBLIC, NULL},
    {HTTP_GET, "/units/new", NULL, NULL, handler, ROUTE_PUBLIC, NULL},
    {HTTP_GET, "/units/:code", NULL, NULL, handler, ROUTE_PUBLIC, NULL},
    {HTTP_DELETE, "/units/:code", NULL, NULL, handler, ROUTE_PUBLIC, NULL},
    {HTTP_PUT, "/units/:code", NULL, NULL, handler, ROUTE_PUBLIC, NULL},
    {HTTP_GET, "/static/*", NULL, NULL, handler, ROUTE_PUBLIC, NULL},
    {HTTP_POST, "/login", NULL, NULL, handler, ROUTE_PUBLIC, NULL},
};

enum { NROUTES = sizeof routes / sizeof routes[0] };

static int
router_setup(void **state)
{
    router_clear();
    router_add(routes, NROUTES);
    return arena_setup(state);
}

static int
router_teardown(void **state)
{
    router_clear();
    return arena_teardown(state);
}

struct found {
    const struct route *r;
    int status;
    struct buf allow;
    struct req rq;
};

static void
find(struct arena *a, enum http_method m, const char *path, struct found *f)
{
    memset(f, 0, sizeof *f);
    f->rq.a = a;
    f->rq.method = m;
    f->rq.path = path;
    f->status = -1;
    f->r = router_find(&f->rq, &f->status, &f->allow);
}

static void
router_find_reaches_the_route(void **state)
{
    struct arena *a = *state;
    struct found f;
    find(a, HTTP_GET, "/units", &f);
    assert_ptr_equal(f.r, &routes[0]);
    assert_ptr_equal(f.rq.route, &routes[0]);
    assert_int_equal(f.rq.nparams, 0);
    buf_free(&f.allow);
    find(a, HTTP_POST, "/units", &f);
    assert_ptr_equal(f.r, &routes[1]);
    buf_free(&f.allow);
    find(a, HTTP_DELETE, "/units/3573", &f);
    assert_ptr_equal(f.r, &routes[4]);
    assert_int_equal(f.rq.nparams, 1);
    assert_string_equal(req_param(&f.rq, "code"), "3573");
    assert_null(req_param(&f.rq, "id"));
    buf_free(&f.allow);
    find(a, HTTP_GET, "/static/img/logo.svg", &f);
    assert_ptr_equal(f.r, &routes[6]);
    assert_string_equal(req_param(&f.rq, "*"), "img/logo.svg");
    buf_free(&f.allow);
}

static void
router_find_first_registered_route_wins(void **state)
{
    struct arena *a = *state;
    struct found f;
    find(a, HTTP_GET, "/units/new", &f);
    assert_ptr_equal(f.r, &routes[2]);
    assert_int_equal(f.rq.nparams, 0);
    buf_free(&f.allow);
    find(a, HTTP_GET, "/units/old", &f);
    assert_ptr_equal(f.r, &routes[3]);
    assert_string_equal(req_param(&f.rq, "code"), "old");
    buf_free(&f.allow);
}

static void
router_find_head_uses_get(void **state)
{
    struct arena *a = *state;
    struct found f;
    find(a, HTTP_HEAD, "/units/3573", &f);
    assert_ptr_equal(f.r, &routes[3]);
    assert_string_equal(req_param(&f.rq, "code"), "3573");
    buf_free(&f.allow);
    find(a, HTTP_HEAD, "/login", &f);
    assert_null(f.r);
    assert_int_equal(f.status, 405);
    assert_string_equal(buf_cstr(&f.allow), "POST");
    buf_free(&f.allow);
}

static void
router_find_unknown_path_is_404(void **state)
{
    struct arena *a = *state;
    struct found f;
    const char *paths[] = {"/nothing", "/units/", "/units/a/b", "/static/", "/static", "/"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        find(a, HTTP_GET, paths[i], &f);
        assert_null(f.r);
        assert_int_equal(f.status, 404);
        assert_int_equal(f.allow.len, 0);
        buf_free(&f.allow);
    }
}

static void
router_find_wrong_method_is_405_with_allow(void **state)
{
    struct arena *a = *state;
    struct found f;
    find(a, HTTP_PUT, "/units", &f);
    assert_null(f.r);
    assert_int_equal(f.status, 405);
    assert_string_equal(buf_cstr(&f.allow), "GET, HEAD, POST");
    buf_free(&f.allow);
    find(a, HTTP_PATCH, "/units/3573", &f);
    assert_null(f.r);
    assert_int_equal(f.status, 405);
    assert_string_equal(buf_cstr(&f.allow), "GET, HEAD, PUT, DELETE");
    buf_free(&f.allow);
    find(a, HTTP_GET, "/login", &f);
    assert_int_equal(f.status, 405);
    assert_string_equal(buf_cstr(&f.allow), "POST");
    buf_free(&f.allow);
    find(a, HTTP_OTHER, "/units", &f);
    assert_int_equal(f.status, 405);
    buf_free(&f.allow);
}

static void
router_table_can_be_listed_and_cleared(void **state)
{
    struct arena *a = *state;
    assert_int_equal(router_count(), NROUTES);
    for (size_t i = 0; i < NROUTES; i++)
        assert_ptr_equal(router_at(i), &routes[i]);
    assert_null(router_at(NROUTES));
    router_clear();
    assert_int_equal(router_count(), 0);
    struct found f;
    find(a, HTTP_GET, "/units", &f);
    assert_null(f.r);
    assert_int_equal(f.status, 404);
    buf_free(&f.allow);
}

/* --- Range ---------------------------------------------------------------------------------- */

static void
range_single_ranges(void **state)
{
    (void)state;
    int64_t from = -1, to = -1;
    assert_int_equal(http_parse_range("bytes=0-9", 100, &from, &to), 0);
    assert_int_equal(from, 0);
    assert_int_equal(to, 9);
    assert_int_equal(http_parse_range("bytes=0-0", 100, &from, &to), 0);
    assert_int_equal(from, 0);
    assert_int_equal(to, 0);
    assert_int_equal(http_parse_range("bytes=99-99", 100, &from, &to), 0);
    assert_int_equal(from, 99);
    assert_int_equal(to, 99);
    assert_int_equal(http_parse_range("bytes=5-", 100, &from, &to), 0);
    assert_int_equal(from, 5);
    assert_int_equal(to, 99);
    assert_int_equal(http_parse_range("bytes=-5", 100, &from, &to), 0);
    assert_int_equal(from, 95);
    assert_int_equal(to, 99);
    assert_int_equal(http_parse_range("bytes=-100", 100, &from, &to), 0);
    assert_int_equal(from, 0);
    assert_int_equal(to, 99);
}

static void
range_beyond_the_end_is_clamped(void **state)
{
    (void)state;
    int64_t from = -1, to = -1;
    assert_int_equal(http_parse_range("bytes=0-999", 100, &from, &to), 0);
    assert_int_equal(from, 0);
    assert_int_equal(to, 99);
    assert_int_equal(http_parse_range("bytes=50-100", 100, &from, &to), 0);
    assert_int_equal(to, 99);
    assert_int_equal(http_parse_range("bytes=-500", 100, &from, &to), 0);
    assert_int_equal(from, 0);
    assert_int_equal(to, 99);
    assert_int_equal(http_parse_range("bytes=0-9223372036854775807", 10, &from, &to), 0);
    assert_int_equal(to, 9);
}

static void
range_unsatisfiable(void **state)
{
    (void)state;
    int64_t from, to;
    assert_int_equal(http_parse_range("bytes=100-", 100, &from, &to), ZE_RANGE);
    assert_int_equal(http_parse_range("bytes=100-200", 100, &from, &to), ZE_RANGE);
    assert_int_equal(http_parse_range("bytes=9223372036854775807-", 100, &from, &to), ZE_RANGE);
    assert_int_equal(http_parse_range("bytes=-0", 100, &from, &to), ZE_RANGE);
}

static void
range_of_an_empty_file_is_unsatisfiable(void **state)
{
    (void)state;
    int64_t from, to;
    assert_int_equal(http_parse_range("bytes=0-", 0, &from, &to), ZE_RANGE);
    assert_int_equal(http_parse_range("bytes=0-9", 0, &from, &to), ZE_RANGE);
    assert_int_equal(http_parse_range("bytes=-5", 0, &from, &to), ZE_RANGE);
}

static void
range_unusable_headers_serve_the_whole(void **state)
{
    (void)state;
    int64_t from, to;
    const char *whole[] = {NULL,
                           "",
                           "bytes",
                           "bytes=",
                           "bytes=-",
                           "items=0-9",
                           "pages=0-9",
                           "bytes=a-b",
                           "bytes=0-9x",
                           "bytes= 0-9",
                           "bytes=0 -9",
                           "bytes=0-1,3-4",
                           "bytes=-5,-1",
                           "bytes=0-9,",
                           "bytes=--5",
                           "bytes=1",
                           "bytes=-9223372036854775808"};
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++) {
        int rc = http_parse_range(whole[i], 100, &from, &to);
        if (rc != ZE_NOTFOUND)
            fail_msg("\"%s\" gave %d", whole[i] ? whole[i] : "(null)", rc);
    }
}

/* --- MIME types ----------------------------------------------------------------------------- */

static void
mime_by_extension(void **state)
{
    (void)state;
    assert_string_equal(http_mime_for("static/css/zona.css"), "text/css; charset=utf-8");
    assert_string_equal(http_mime_for("static/js/zona.js"), "text/javascript; charset=utf-8");
    assert_string_equal(http_mime_for("static/img/logo.svg"), "image/svg+xml");
    assert_string_equal(http_mime_for("a.png"), "image/png");
    assert_string_equal(http_mime_for("a.jpg"), "image/jpeg");
    assert_string_equal(http_mime_for("favicon.ico"), "image/x-icon");
    assert_string_equal(http_mime_for("data/openapi.json"), "application/json");
    assert_string_equal(http_mime_for("robots.txt"), "text/plain; charset=utf-8");
    assert_string_equal(http_mime_for("x.html"), "text/html; charset=utf-8");
    assert_string_equal(http_mime_for("font.woff2"), "font/woff2");
    assert_string_equal(http_mime_for("lhe.pdf"), "application/pdf");
    assert_string_equal(http_mime_for("export.csv"), "text/csv; charset=utf-8");
    assert_string_equal(http_mime_for("README.md"), "text/markdown; charset=utf-8");
    /* only the last extension counts */
    assert_string_equal(http_mime_for("archive.tar.json"), "application/json");
    assert_string_equal(http_mime_for("evil.html.exe"), "application/octet-stream");
}

static void
mime_unknown_is_octet_stream(void **state)
{
    (void)state;
    const char *other[] = {"Makefile", "a.exe", "a.", "dir.d/file", "x.cssx", "x.c", ""};
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        assert_string_equal(http_mime_for(other[i]), "application/octet-stream");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(decode_percent_escapes, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(decode_plus_only_in_forms, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(decode_rejects_bad_escapes, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(decode_rejects_invalid_utf8_and_nul, arena_setup,
                                        arena_teardown),
        cmocka_unit_test_setup_teardown(urlencoded_pairs_in_order, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(urlencoded_decodes_names_and_values, arena_setup,
                                        arena_teardown),
        cmocka_unit_test_setup_teardown(urlencoded_skips_empty_pairs_and_names, arena_setup,
                                        arena_teardown),
        cmocka_unit_test_setup_teardown(urlencoded_name_without_equals_has_empty_value, arena_setup,
                                        arena_teardown),
        cmocka_unit_test_setup_teardown(urlencoded_rejects_bad_escapes_and_utf8, arena_setup,
                                        arena_teardown),
        cmocka_unit_test_setup_teardown(urlencoded_limits_field_count, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(urlencoded_limits_name_length, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(urlencoded_reads_only_len_bytes, arena_setup,
                                        arena_teardown),
        cmocka_unit_test_setup_teardown(cookies_are_split_and_trimmed, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(cookies_lose_their_quotes, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(cookies_skip_malformed_pairs, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(cookies_are_limited, arena_setup, arena_teardown),
        cmocka_unit_test(pick_lang_query_then_cookie_then_indonesian),
        cmocka_unit_test(pick_lang_ignores_junk),
        cmocka_unit_test_setup_teardown(req_lookups_find_first_value, arena_setup, arena_teardown),
        cmocka_unit_test(method_names_round_trip),
        cmocka_unit_test_setup_teardown(router_match_literals, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(router_match_params, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(router_match_empty_segment_fills_no_param, arena_setup,
                                        arena_teardown),
        cmocka_unit_test_setup_teardown(router_match_star_takes_the_rest, arena_setup,
                                        arena_teardown),
        cmocka_unit_test_setup_teardown(router_match_limits_params, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(router_find_reaches_the_route, router_setup,
                                        router_teardown),
        cmocka_unit_test_setup_teardown(router_find_first_registered_route_wins, router_setup,
                                        router_teardown),
        cmocka_unit_test_setup_teardown(router_find_head_uses_get, router_setup, router_teardown),
        cmocka_unit_test_setup_teardown(router_find_unknown_path_is_404, router_setup,
                                        router_teardown),
        cmocka_unit_test_setup_teardown(router_find_wrong_method_is_405_with_allow, router_setup,
                                        router_teardown),
        cmocka_unit_test_setup_teardown(router_table_can_be_listed_and_cleared, router_setup,
                                        router_teardown),
        cmocka_unit_test(range_single_ranges),
        cmocka_unit_test(range_beyond_the_end_is_clamped),
        cmocka_unit_test(range_unsatisfiable),
        cmocka_unit_test(range_of_an_empty_file_is_unsatisfiable),
        cmocka_unit_test(range_unusable_headers_serve_the_whole),
        cmocka_unit_test(mime_by_extension),
        cmocka_unit_test(mime_unknown_is_octet_stream),
    };
    return cmocka_run_group_tests_name("request", tests, NULL, NULL);
}
