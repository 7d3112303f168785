/* The platform as a user and an operator meet it: the landing page, languages, security headers,
 * health and metrics, static files, errors for bad input, the command line, graceful shutdown.
 * Runs against a real zona on SQLite and on PostgreSQL (ZONA_TEST_BACKEND). */
#include <sys/wait.h>

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include "support/client.h"

#define GET(path, r) assert_int_equal(zt_get(zt_shared(), (path), (r)), 0)

static void
landing_page_is_indonesian_and_leads_to_sign_in(void **state)
{
    (void)state;
    struct zt_resp r;
    GET("/", &r);
    assert_int_equal(r.status, 200);
    assert_null(zt_header(&r, "Location"));
    assert_true(zt_contains(&r, "<html lang=\"id\">"));
    assert_true(zt_contains(&r, "Zona Integritas"));
    assert_true(zt_contains(&r, "href=\"/masuk\""));
    assert_true(zt_contains(&r, "Masuk"));
    assert_non_null(strstr(zt_header(&r, "Content-Type"), "text/html"));
    zt_resp_free(&r);
}

static void
every_response_carries_security_headers(void **state)
{
    (void)state;
    const char *paths[] = {
        "/", "/masuk", "/tidak-ada", "/static/css/zona.css", "/healthz", "/api/v1/openapi.json"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        struct zt_resp r;
        GET(paths[i], &r);
        const char *csp = zt_header(&r, "Content-Security-Policy");
        assert_non_null(csp);
        assert_non_null(strstr(csp, "frame-ancestors 'none'"));
        assert_non_null(strstr(csp, "script-src 'self'"));
        assert_null(strstr(csp, "unsafe-inline"));
        assert_string_equal(zt_header(&r, "X-Content-Type-Options"), "nosniff");
        assert_non_null(zt_header(&r, "Referrer-Policy"));
        assert_non_null(zt_header(&r, "X-Request-Id"));
        assert_null(zt_header(&r, "Strict-Transport-Security")); /* plain HTTP, no proxy */
        zt_resp_free(&r);
    }
}

static void
pages_have_no_inline_script_or_style(void **state)
{
    (void)state;
    struct zt_resp r;
    GET("/", &r);
    assert_false(zt_contains(&r, "<script>"));
    assert_false(zt_contains(&r, "style=\""));
    assert_false(zt_contains(&r, "<style"));
    assert_false(zt_contains(&r, " onclick="));
    zt_resp_free(&r);
}

static void
english_is_one_click_away_and_remembered(void **state)
{
    (void)state;
    struct zt_server *s = zt_shared();
    struct zt_resp r;
    GET("/", &r);
    assert_true(zt_contains(&r, "href=\"/bahasa/en?next&#61;/\""));
    zt_resp_free(&r);

    assert_int_equal(zt_get(s, "/bahasa/en?next=/masuk", &r), 0);
    assert_int_equal(r.status, 303);
    assert_string_equal(zt_header(&r, "Location"), "/masuk");
    const char *cookie = zt_header(&r, "Set-Cookie");
    assert_non_null(cookie);
    assert_non_null(strstr(cookie, "zona_lang=en"));
    assert_non_null(strstr(cookie, "HttpOnly"));
    assert_non_null(strstr(cookie, "SameSite=Lax"));
    assert_non_null(strstr(cookie, "Max-Age="));
    zt_resp_free(&r);

    const char *h[] = {"Cookie: zona_lang=en", NULL};
    assert_int_equal(zt_request(s, "GET", "/", h, NULL, 0, &r), 0);
    assert_true(zt_contains(&r, "<html lang=\"en\">"));
    assert_true(zt_contains(&r, "Sign in"));
    zt_resp_free(&r);

    const char *back[] = {"Cookie: zona_lang=en", NULL};
    assert_int_equal(zt_request(s, "GET", "/bahasa/id?next=/", back, NULL, 0, &r), 0);
    assert_int_equal(r.status, 303);
    assert_non_null(strstr(zt_header(&r, "Set-Cookie"), "zona_lang=id"));
    zt_resp_free(&r);
}

static void
language_switch_never_redirects_off_site(void **state)
{
    (void)state;
    const char *bad[] = {"/bahasa/en?next=//evil.example/",
                         "/bahasa/en?next=https://evil.example/",
                         "/bahasa/en?next=/%5Cevil.example",
                         "/bahasa/en?next=%0d%0aX:1",
                         "/bahasa/en?next=/%09/evil.example/",
                         "/bahasa/en?next=/%20/evil.example",
                         "/bahasa/en"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct zt_resp r;
        GET(bad[i], &r);
        assert_int_equal(r.status, 303);
        assert_string_equal(zt_header(&r, "Location"), "/");
        zt_resp_free(&r);
    }
    struct zt_resp r;
    GET("/bahasa/fr?next=/", &r);
    assert_int_equal(r.status, 404);
    zt_resp_free(&r);
}

static void
health_answers_ok(void **state)
{
    (void)state;
    struct zt_resp r;
    GET("/healthz", &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "ok\n");
    zt_resp_free(&r);
}

static void
metrics_count_requests_by_route_and_status(void **state)
{
    (void)state;
    struct zt_resp r;
    GET("/", &r);
    zt_resp_free(&r);
    GET("/tidak-ada-sama-sekali", &r);
    zt_resp_free(&r);
    GET("/metrics", &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(zt_header(&r, "Content-Type"), "text/plain"));
    assert_true(zt_contains(&r, "zona_http_requests_total{route=\"/\",status=\"200\"}"));
    assert_true(zt_contains(&r, "zona_http_requests_total{route=\"(unmatched)\",status=\"404\"}"));
    assert_true(
        zt_contains(&r, "zona_http_request_duration_seconds_bucket{route=\"/\",le=\"+Inf\"}"));
    assert_true(zt_contains(&r, "zona_db_connection_state{"));
    assert_true(zt_contains(&r, "zona_uptime_seconds "));
    assert_true(zt_contains(&r, "process_resident_memory_bytes "));
    zt_resp_free(&r);
}

static void
metrics_and_health_need_the_token_when_set(void **state)
{
    (void)state;
    struct zt_server s;
    const char *env[] = {"ZONA_METRICS_TOKEN=rahasia-123", NULL};
    assert_int_equal(zt_server_start(&s, env), 0);
    struct zt_resp r;
    assert_int_equal(zt_get(&s, "/metrics", &r), 0);
    assert_int_equal(r.status, 401);
    zt_resp_free(&r);
    assert_int_equal(zt_get(&s, "/healthz", &r), 0);
    assert_int_equal(r.status, 401);
    zt_resp_free(&r);
    const char *wrong[] = {"Authorization: Bearer rahasia-124", NULL};
    assert_int_equal(zt_request(&s, "GET", "/metrics", wrong, NULL, 0, &r), 0);
    assert_int_equal(r.status, 401);
    zt_resp_free(&r);
    const char *right[] = {"Authorization: Bearer rahasia-123", NULL};
    assert_int_equal(zt_request(&s, "GET", "/metrics", right, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    zt_resp_free(&r);
    assert_int_equal(zt_request(&s, "GET", "/healthz", right, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    zt_resp_free(&r);
    /* the landing page stays public */
    assert_int_equal(zt_get(&s, "/", &r), 0);
    assert_int_equal(r.status, 200);
    zt_resp_free(&r);
    assert_int_equal(zt_server_stop(&s), 0);
}

static void
openapi_document_is_public_json(void **state)
{
    (void)state;
    struct zt_resp r;
    GET("/api/v1/openapi.json", &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(zt_header(&r, "Content-Type"), "application/json"));
    json_error_t e;
    json_t *j = json_loadb(r.body, r.len, 0, &e);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "openapi")), "3.0.3");
    json_t *paths = json_object_get(j, "paths");
    assert_non_null(json_object_get(paths, "/healthz"));
    assert_non_null(json_object_get(paths, "/metrics"));
    assert_non_null(
        json_object_get(json_object_get(json_object_get(j, "components"), "schemas"), "Error"));
    json_decref(j);
    zt_resp_free(&r);
}

static void
every_api_route_is_in_the_openapi_document(void **state)
{
    (void)state;
    struct zt_server *s = zt_shared();
    struct zt_resp r;
    GET("/api/v1/openapi.json", &r);
    json_t *doc = json_loadb(r.body, r.len, 0, NULL);
    zt_resp_free(&r);
    json_t *paths = json_object_get(doc, "paths");
    const char *argv[] = {"routes", NULL};
    char *out, *err;
    assert_int_equal(zt_cli(s, argv, NULL, &out, &err), 0);
    int missing = 0;
    for (char *save = NULL, *l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        char m[8], p[128], oa[160];
        if (sscanf(l, "%7s %127s", m, p) != 2 || strncmp(p, "/api/", 5) != 0)
            continue;
        /* /api/v1/x/:id is /api/v1/x/{id} in OpenAPI */
        size_t o = 0;
        for (const char *c = p; *c && o + 2 < sizeof oa; c++) {
            if (*c == ':') {
                oa[o++] = '{';
                while (c[1] && c[1] != '/' && o + 2 < sizeof oa)
                    oa[o++] = *++c;
                oa[o++] = '}';
            } else {
                oa[o++] = *c;
            }
        }
        oa[o] = '\0';
        for (char *c = m; *c; c++)
            *c = (char)(*c + 32);
        if (!json_object_get(json_object_get(paths, oa), m)) {
            fprintf(stderr, "%s %s is not in /api/v1/openapi.json\n", m, oa);
            missing++;
        }
    }
    free(out);
    free(err);
    json_decref(doc);
    assert_int_equal(missing, 0);
}

static void
unknown_page_is_404_in_the_users_language(void **state)
{
    (void)state;
    struct zt_server *s = zt_shared();
    struct zt_resp r;
    GET("/tidak-ada", &r);
    assert_int_equal(r.status, 404);
    assert_true(zt_contains(&r, "Halaman tidak ditemukan"));
    assert_true(zt_contains(&r, "href=\"/\""));
    zt_resp_free(&r);
    const char *en[] = {"Cookie: zona_lang=en", NULL};
    assert_int_equal(zt_request(s, "GET", "/nothing-here", en, NULL, 0, &r), 0);
    assert_int_equal(r.status, 404);
    assert_true(zt_contains(&r, "Page not found"));
    zt_resp_free(&r);
}

static void
api_errors_are_json_in_the_users_language(void **state)
{
    (void)state;
    struct zt_server *s = zt_shared();
    struct zt_resp r;
    GET("/api/v1/tidak-ada", &r);
    assert_int_equal(r.status, 404);
    assert_non_null(strstr(zt_header(&r, "Content-Type"), "application/json"));
    json_t *j = json_loadb(r.body, r.len, 0, NULL);
    assert_non_null(j);
    json_t *err = json_object_get(j, "error");
    assert_string_equal(json_string_value(json_object_get(err, "code")), "not_found");
    assert_string_equal(json_string_value(json_object_get(err, "message")),
                        "Halaman yang Anda cari tidak ada atau sudah dipindahkan.");
    json_decref(j);
    zt_resp_free(&r);

    const char *en[] = {"Cookie: zona_lang=en", NULL};
    assert_int_equal(zt_request(s, "GET", "/api/v1/nothing", en, NULL, 0, &r), 0);
    j = json_loadb(r.body, r.len, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "message")),
                        "The page you asked for does not exist or has moved.");
    json_decref(j);
    zt_resp_free(&r);

    const char *accept[] = {"Accept: application/json", NULL};
    assert_int_equal(zt_request(s, "DELETE", "/", accept, NULL, 0, &r), 0);
    assert_int_equal(r.status, 405);
    assert_true(zt_contains(&r, "\"method_not_allowed\""));
    zt_resp_free(&r);
}

static void
wrong_method_is_405_with_allow(void **state)
{
    (void)state;
    struct zt_resp r;
    assert_int_equal(zt_request(zt_shared(), "POST", "/", NULL, "a=1", 3, &r), 0);
    assert_int_equal(r.status, 405);
    assert_string_equal(zt_header(&r, "Allow"), "GET, HEAD");
    assert_true(zt_contains(&r, "<html lang=\"id\">"));
    zt_resp_free(&r);
}

static void
head_answers_without_a_body(void **state)
{
    (void)state;
    struct zt_resp r;
    assert_int_equal(zt_request(zt_shared(), "HEAD", "/", NULL, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, 0);
    zt_resp_free(&r);
}

static void
page_model_is_available_as_json(void **state)
{
    (void)state;
    struct zt_resp r;
    GET("/masuk?format=json", &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(zt_header(&r, "Content-Type"), "application/json"));
    json_t *j = json_loadb(r.body, r.len, 0, NULL);
    assert_non_null(j);
    assert_true(json_is_object(json_object_get(j, "values")));
    json_decref(j);
    zt_resp_free(&r);
}

static void
static_files_have_etag_conditional_get_and_range(void **state)
{
    (void)state;
    struct zt_server *s = zt_shared();
    struct zt_resp r;
    GET("/static/css/zona.css", &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(zt_header(&r, "Content-Type"), "text/css"));
    char etag[128];
    snprintf(etag, sizeof etag, "%s", zt_header(&r, "ETag"));
    assert_true(etag[0] == '"');
    size_t full = r.len;
    assert_true(full > 100);
    zt_resp_free(&r);

    char inm[200];
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    const char *h1[] = {inm, NULL};
    assert_int_equal(zt_request(s, "GET", "/static/css/zona.css", h1, NULL, 0, &r), 0);
    assert_int_equal(r.status, 304);
    assert_int_equal(r.len, 0);
    zt_resp_free(&r);

    const char *h2[] = {"Range: bytes=0-9", NULL};
    assert_int_equal(zt_request(s, "GET", "/static/css/zona.css", h2, NULL, 0, &r), 0);
    assert_int_equal(r.status, 206);
    assert_int_equal(r.len, 10);
    char cr[64];
    snprintf(cr, sizeof cr, "bytes 0-9/%zu", full);
    assert_string_equal(zt_header(&r, "Content-Range"), cr);
    zt_resp_free(&r);

    const char *h3[] = {"Range: bytes=-5", NULL};
    assert_int_equal(zt_request(s, "GET", "/static/css/zona.css", h3, NULL, 0, &r), 0);
    assert_int_equal(r.status, 206);
    assert_int_equal(r.len, 5);
    zt_resp_free(&r);

    const char *h4[] = {"Range: bytes=99999999-", NULL};
    assert_int_equal(zt_request(s, "GET", "/static/css/zona.css", h4, NULL, 0, &r), 0);
    assert_int_equal(r.status, 416);
    snprintf(cr, sizeof cr, "bytes */%zu", full);
    assert_string_equal(zt_header(&r, "Content-Range"), cr);
    zt_resp_free(&r);

    GET("/favicon.ico", &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(zt_header(&r, "Content-Type"), "image/svg+xml");
    zt_resp_free(&r);
}

static void
static_paths_cannot_escape(void **state)
{
    (void)state;
    const char *bad[] = {"/static/",
                         "/static/../Makefile",
                         "/static/%2e%2e/Makefile",
                         "/static/css/../../sql/001_platform.sql",
                         "/static/nope.css",
                         "/static//etc/passwd"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct zt_resp r;
        GET(bad[i], &r);
        assert_int_equal(r.status, 404);
        zt_resp_free(&r);
    }
}

static void
malformed_urls_are_400(void **state)
{
    (void)state;
    const char *bad[] = {"/%zz", "/%ff%fe", "/?a=%zz", "/abc%"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct zt_resp r;
        GET(bad[i], &r);
        assert_int_equal(r.status, 400);
        assert_true(zt_contains(&r, "Permintaan"));
        zt_resp_free(&r);
    }
}

static void
raw_garbage_and_huge_headers_do_not_hurt(void **state)
{
    (void)state;
    struct zt_server *s = zt_shared();
    char *out;
    size_t n;
    const char *garbage[] = {"\x01\x02GARBAGE / HTTP/9.9\r\n\r\n", "GET\r\n\r\n",
                             "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                             "BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n"};
    for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++) {
        assert_int_equal(zt_raw(s, garbage[i], strlen(garbage[i]), &out, &n), 0);
        /* refused with a client or protocol error, never a crash or a 200 */
        assert_true(n == 0 || strncmp(out, "HTTP/1.1 4", 10) == 0 ||
                    strncmp(out, "HTTP/1.1 505", 12) == 0);
        free(out);
    }

    size_t big = 100000;
    char *req = malloc(big + 200);
    int k = snprintf(req, 200, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: ");
    memset(req + k, 'a', big);
    memcpy(req + k + big, "\r\n\r\n", 5);
    assert_int_equal(zt_raw(s, req, (size_t)k + big + 4, &out, &n), 0);
    assert_true(n == 0 || strncmp(out, "HTTP/1.1 4", 10) == 0);
    free(out);
    free(req);

    /* the server still answers */
    struct zt_resp r;
    GET("/healthz", &r);
    assert_int_equal(r.status, 200);
    zt_resp_free(&r);
}

static void
oversized_body_is_413_with_a_clear_page(void **state)
{
    (void)state;
    struct zt_server s;
    const char *env[] = {"ZONA_MAX_BODY=2048", NULL};
    assert_int_equal(zt_server_start(&s, env), 0);
    size_t n = 10000;
    char *body = malloc(n);
    memset(body, 'x', n);
    struct zt_resp r;
    const char *h[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
    assert_int_equal(zt_request(&s, "POST", "/masuk", h, body, n, &r), 0);
    assert_int_equal(r.status, 413);
    assert_true(zt_contains(&r, "<html lang=\"id\">"));
    zt_resp_free(&r);
    const char *hj[] = {"Content-Type: application/json", NULL};
    assert_int_equal(zt_request(&s, "POST", "/api/v1/openapi.json", hj, body, n, &r), 0);
    assert_int_equal(r.status, 413);
    assert_true(zt_contains(&r, "\"too_large\""));
    zt_resp_free(&r);
    free(body);
    assert_int_equal(zt_get(&s, "/healthz", &r), 0);
    assert_int_equal(r.status, 200);
    zt_resp_free(&r);
    assert_int_equal(zt_server_stop(&s), 0);
}

static char *
read_log(struct zt_server *s)
{
    char path[300];
    snprintf(path, sizeof path, "%s/server.log", s->dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return strdup("");
    char *buf = calloc(1, 1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void
forwarded_for_is_believed_only_from_a_trusted_proxy(void **state)
{
    (void)state;
    struct zt_server *plain = zt_shared();
    struct zt_resp r;
    const char *h[] = {"X-Forwarded-For: 203.0.113.7", "X-Forwarded-Proto: https", NULL};
    assert_int_equal(zt_request(plain, "GET", "/masuk?untrusted=1", h, NULL, 0, &r), 0);
    assert_null(zt_header(&r, "Strict-Transport-Security"));
    zt_resp_free(&r);
    char *log = read_log(plain);
    assert_null(strstr(log, "client=203.0.113.7"));
    free(log);

    struct zt_server s;
    const char *env[] = {"ZONA_TRUSTED_PROXY=127.0.0.1", NULL};
    assert_int_equal(zt_server_start(&s, env), 0);
    assert_int_equal(zt_request(&s, "GET", "/masuk?trusted=1", h, NULL, 0, &r), 0);
    const char *hsts = zt_header(&r, "Strict-Transport-Security");
    assert_non_null(hsts);
    assert_non_null(strstr(hsts, "max-age="));
    zt_resp_free(&r);
    assert_int_equal(zt_server_stop_keep_log(&s, &log), 0);
    assert_non_null(strstr(log, "client=203.0.113.7"));
    free(log);
}

static void
each_request_is_logged_once_with_its_id(void **state)
{
    (void)state;
    struct zt_server *s = zt_shared();
    struct zt_resp r;
    GET("/tidak-ada-unik-42", &r);
    char rid[64];
    snprintf(rid, sizeof rid, "rid=%s ", zt_header(&r, "X-Request-Id"));
    zt_resp_free(&r);
    GET("/healthz", &r); /* the log line of the request before is written by now */
    zt_resp_free(&r);
    char *log = read_log(s);
    char *first = strstr(log, rid);
    assert_non_null(first);
    assert_non_null(strstr(first, "/tidak-ada-unik-42 404"));
    assert_null(strstr(first + 1, rid));
    free(log);
}

static void
sigterm_finishes_requests_in_flight(void **state)
{
    (void)state;
    struct zt_server s;
    assert_int_equal(zt_server_start(&s, NULL), 0);
    /* A client that sends its headers, then the body slowly. */
    int fd = zt_connect(&s);
    assert_true(fd >= 0);
    const char head[] = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                        "Content-Length: 10\r\nConnection: close\r\n\r\n01234";
    assert_int_equal(write(fd, head, sizeof head - 1), (ssize_t)(sizeof head - 1));
    usleep(200 * 1000);
    kill(s.pid, SIGTERM);
    usleep(200 * 1000);
    /* while it drains, the health check tells proxies to stop sending (regression: the server
     * used to abort inside libmicrohttpd's quiesce on a busy shutdown) */
    struct zt_resp h;
    assert_int_equal(zt_get(&s, "/healthz", &h), 0);
    assert_int_equal(h.status, 503);
    assert_true(zt_contains(&h, "stopping"));
    zt_resp_free(&h);
    assert_int_equal(write(fd, "56789", 5), 5);
    char buf[8192];
    size_t got = 0;
    ssize_t n;
    while ((n = read(fd, buf + got, sizeof buf - 1 - got)) > 0)
        got += (size_t)n;
    buf[got] = '\0';
    close(fd);
    assert_non_null(strstr(buf, "HTTP/1.1 405"));
    assert_int_equal(zt_server_stop(&s), 0);
}

static void
cli_lists_commands_and_each_has_help(void **state)
{
    (void)state;
    struct zt_server *s = zt_shared();
    char *out, *err;
    const char *help[] = {"--help", NULL};
    assert_int_equal(zt_cli(s, help, NULL, &out, &err), 0);
    const char *cmds[] = {"serve", "migrate", "demo", "backup", "restore", "version"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        assert_non_null(strstr(out, cmds[i]));
        const char *sub[] = {cmds[i], "--help", NULL};
        char *o2, *e2;
        assert_int_equal(zt_cli(s, sub, NULL, &o2, &e2), 0);
        assert_non_null(strstr(o2, "Usage: zona"));
        free(o2);
        free(e2);
    }
    free(out);
    free(err);
    const char *version[] = {"version", NULL};
    assert_int_equal(zt_cli(s, version, NULL, &out, &err), 0);
    assert_true(strncmp(out, "zona ", 5) == 0);
    free(out);
    free(err);
    const char *bogus[] = {"terbang", NULL};
    assert_int_not_equal(zt_cli(s, bogus, NULL, &out, &err), 0);
    assert_non_null(strstr(err, "unknown command 'terbang'"));
    free(out);
    free(err);
}

static void
lke_commands_are_pure(void **state)
{
    (void)state;
    struct zt_server *s = zt_shared();
    char path[400];
    snprintf(path, sizeof path, "%s/jawaban.json", s->dir);
    FILE *f = fopen(path, "w");
    fputs("{\"pemenuhan.1.i.a\": \"ya\", \"hasil.1.a\": 3.7}", f);
    fclose(f);
    const char *argv[] = {"lke", "score", "--answers", path, NULL};
    char *out, *err;
    assert_int_equal(zt_cli(s, argv, NULL, &out, &err), 0);
    json_t *j = json_loads(out, 0, NULL);
    assert_non_null(j);
    assert_true(json_is_number(json_object_get(j, "total")));
    assert_true(json_is_object(json_object_get(j, "areas")));
    assert_true(json_is_false(json_object_get(j, "wbk")));
    assert_true(json_array_size(json_object_get(j, "reasons")) > 0);
    json_decref(j);
    free(out);
    free(err);
    f = fopen(path, "w");
    fputs("{\"pemenuhan.1.i.z\": \"ya\"}", f);
    fclose(f);
    assert_int_not_equal(zt_cli(s, argv, NULL, &out, &err), 0);
    assert_non_null(strstr(err, "pemenuhan.1.i.z"));
    free(out);
    free(err);
    const char *check[] = {"framework", "check", path, NULL};
    assert_int_not_equal(zt_cli(s, check, NULL, &out, &err), 0);
    free(out);
    free(err);
}

static void
backup_and_restore_round_trip(void **state)
{
    (void)state;
    struct zt_server s;
    assert_int_equal(zt_server_start(&s, NULL), 0);
    assert_int_equal(zt_sql(&s,
                            "INSERT INTO meta (key, value, updated_at) VALUES "
                            "('uji', 'sebelum', 1)",
                            NULL),
                     0);
    char file[400];
    snprintf(file, sizeof file, "%s/cadangan.bak", s.dir);
    const char *backup[] = {"backup", file, NULL};
    char *out, *err;
    assert_int_equal(zt_cli(&s, backup, NULL, &out, &err), 0);
    free(out);
    free(err);
    /* a second backup to the same name is refused: nothing is overwritten */
    assert_int_not_equal(zt_cli(&s, backup, NULL, &out, &err), 0);
    assert_non_null(strstr(err, "already exists"));
    free(out);
    free(err);
    assert_int_equal(zt_server_stop_keep_dir(&s), 0);

    assert_int_equal(zt_sql(&s, "UPDATE meta SET value = 'sesudah' WHERE key = 'uji'", NULL), 0);
    const char *restore[] = {"restore", file, NULL};
    assert_int_equal(zt_cli(&s, restore, NULL, &out, &err), 0);
    free(out);
    free(err);
    char *v;
    assert_int_equal(zt_sql(&s, "SELECT value FROM meta WHERE key = 'uji'", &v), 0);
    assert_string_equal(v, "sebelum");
    free(v);

    /* a file that is not a backup changes nothing */
    char junk[400];
    snprintf(junk, sizeof junk, "%s/bukan.bak", s.dir);
    FILE *f = fopen(junk, "w");
    fputs("ini bukan cadangan\n", f);
    fclose(f);
    const char *bad[] = {"restore", junk, NULL};
    assert_int_not_equal(zt_cli(&s, bad, NULL, &out, &err), 0);
    assert_non_null(strstr(err, "nothing was changed"));
    free(out);
    free(err);
    assert_int_equal(zt_sql(&s, "SELECT value FROM meta WHERE key = 'uji'", &v), 0);
    assert_string_equal(v, "sebelum");
    free(v);
    zt_server_cleanup(&s);
}

static void
serve_refuses_demo_data_unless_told(void **state)
{
    (void)state;
    struct zt_server s;
    assert_int_equal(zt_server_start(&s, NULL), 0);
    assert_int_equal(zt_server_stop_keep_dir(&s), 0);
    const char *demo[] = {"demo", NULL};
    char *out, *err;
    assert_int_equal(zt_cli(&s, demo, NULL, &out, &err), 0);
    free(out);
    free(err);
    assert_int_equal(zt_cli(&s, demo, NULL, &out, &err), 0); /* idempotent */
    assert_non_null(strstr(out, "already"));
    free(out);
    free(err);
    const char *serve[] = {"serve", NULL};
    assert_int_equal(zt_cli(&s, serve, NULL, &out, &err), 1);
    assert_non_null(strstr(err, "ZONA_DEMO=1"));
    free(out);
    free(err);
    zt_server_cleanup(&s);
}

static int
teardown(void **state)
{
    (void)state;
    return zt_shared_stop() == 0 ? 0 : -1;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(landing_page_is_indonesian_and_leads_to_sign_in),
        cmocka_unit_test(every_response_carries_security_headers),
        cmocka_unit_test(pages_have_no_inline_script_or_style),
        cmocka_unit_test(english_is_one_click_away_and_remembered),
        cmocka_unit_test(language_switch_never_redirects_off_site),
        cmocka_unit_test(health_answers_ok),
        cmocka_unit_test(metrics_count_requests_by_route_and_status),
        cmocka_unit_test(metrics_and_health_need_the_token_when_set),
        cmocka_unit_test(openapi_document_is_public_json),
        cmocka_unit_test(every_api_route_is_in_the_openapi_document),
        cmocka_unit_test(unknown_page_is_404_in_the_users_language),
        cmocka_unit_test(api_errors_are_json_in_the_users_language),
        cmocka_unit_test(wrong_method_is_405_with_allow),
        cmocka_unit_test(head_answers_without_a_body),
        cmocka_unit_test(page_model_is_available_as_json),
        cmocka_unit_test(static_files_have_etag_conditional_get_and_range),
        cmocka_unit_test(static_paths_cannot_escape),
        cmocka_unit_test(malformed_urls_are_400),
        cmocka_unit_test(raw_garbage_and_huge_headers_do_not_hurt),
        cmocka_unit_test(oversized_body_is_413_with_a_clear_page),
        cmocka_unit_test(forwarded_for_is_believed_only_from_a_trusted_proxy),
        cmocka_unit_test(each_request_is_logged_once_with_its_id),
        cmocka_unit_test(sigterm_finishes_requests_in_flight),
        cmocka_unit_test(cli_lists_commands_and_each_has_help),
        cmocka_unit_test(lke_commands_are_pure),
        cmocka_unit_test(backup_and_restore_round_trip),
        cmocka_unit_test(serve_refuses_demo_data_unless_told),
    };
    return cmocka_run_group_tests_name("platform", tests, NULL, teardown);
}
