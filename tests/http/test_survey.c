/* Surveys as their users meet them, against a real zona (SQLite and PostgreSQL): the public form
 * without an account (small, no script), one-time codes spent once on the form and in the API,
 * open campaigns guarded against stuffing (duplicates, the hourly limit, the honeypot), kiosks
 * that need no code and no limit, refused input that keeps what was typed, comments that wait for
 * moderation before the public results show them, closed SPAK/SPKP indices flowing into the LKE
 * draft (and not into a submitted one), and another unit's staff who cannot see the campaign.
 * One server with one `zona demo` for all; every test makes its own campaigns of Bawaslu
 * Kabupaten Klungkung (51.05) and leaves the demo's open campaign open. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include <jansson.h>

#include "core/buf.h"
#include "support/client.h"

#define PASSWORD   "Demo-Zona-Integritas"
#define UNIT       "51.05"
#define NIP_KOORD  "197001011995032003" /* koordinator-zi of 51.05 */
#define NIP_BKOORD "197001011995031017" /* koordinator-zi of 21.01 */

static struct zt_server srv, *S = &srv;
static struct zt_who koord, bkoord;
static char demo_open[16]; /* the demo's open campaign of 51.05 (one-time codes) */
static char demo_spak[16]; /* the demo's closed SPAK of 51.05 */
static int this_year;

/* --- helpers --------------------------------------------------------------------------------- */

static void
url_enc(struct buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p))
            buf_putc(b, (char)*p);
        else
            buf_printf(b, "%%%02X", *p);
    }
}

static json_t *
body_json(const struct zt_resp *r)
{
    json_error_t e;
    json_t *j = json_loadb(r->body, r->len, 0, &e);
    if (!j)
        fprintf(stderr, "not JSON (HTTP %ld): %.400s\n", r->status, r->body);
    assert_non_null(j);
    return j;
}

/* GET path as w asking for JSON; the body (expects 200). */
static json_t *
get_json(const struct zt_who *w, const char *path)
{
    const char *h[3] = {w ? w->cookie : "Accept: application/json",
                        w ? "Accept: application/json" : NULL, NULL};
    struct zt_resp r;
    assert_int_equal(zt_request(S, "GET", path, h, NULL, 0, &r), 0);
    if (r.status != 200)
        fprintf(stderr, "GET %s: HTTP %ld %.400s\n", path, r.status, r.body);
    assert_int_equal(r.status, 200);
    json_t *j = body_json(&r);
    zt_resp_free(&r);
    return j;
}

/* POST of a form as w (staff or an anonymous visitor with a CSRF cookie): the CSRF token and
 * then name, value pairs (NULL-terminated). HTML, as a browser. */
static long
post_form(const struct zt_who *w, const char *path, struct zt_resp *r, ...)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "csrf=");
    url_enc(&b, w->csrf);
    va_list ap;
    va_start(ap, r);
    for (const char *k; (k = va_arg(ap, const char *)) != NULL;) {
        const char *v = va_arg(ap, const char *);
        buf_putc(&b, '&');
        url_enc(&b, k);
        buf_putc(&b, '=');
        url_enc(&b, v);
    }
    va_end(ap);
    assert_int_equal(zt_as(S, w, "POST", path, buf_cstr(&b), r), 0);
    buf_free(&b);
    return r->status;
}

/* A visitor without an account: the CSRF cookie the public form hands out. extra_cookie (or
 * NULL) is added, e.g. a kiosk's. */
static struct zt_who
visitor(const char *id, const char *extra_cookie)
{
    struct zt_who w;
    memset(&w, 0, sizeof w);
    char path[64], tok[96];
    snprintf(path, sizeof path, "/s/%s", id);
    struct zt_resp r;
    const char *h[2] = {NULL, NULL};
    char ck[256];
    if (extra_cookie) {
        snprintf(ck, sizeof ck, "Cookie: %s", extra_cookie);
        h[0] = ck;
    }
    assert_int_equal(zt_request(S, "GET", path, h, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(zt_cookie(&r, "zona_csrf", tok, sizeof tok), 0);
    zt_resp_free(&r);
    snprintf(w.cookie, sizeof w.cookie, "Cookie: zona_csrf=%s%s%s", tok, extra_cookie ? "; " : "",
             extra_cookie ? extra_cookie : "");
    snprintf(w.csrf, sizeof w.csrf, "%s", tok);
    return w;
}

/* The number of responses of a campaign of 51.05, as staff see it. */
static long
responses_of(const char *id)
{
    char path[96];
    snprintf(path, sizeof path, "/survei/%s/%s?format=json", UNIT, id);
    json_t *j = get_json(&koord, path);
    long n = (long)json_integer_value(json_object_get(j, "n"));
    assert_non_null(json_object_get(j, "n"));
    json_decref(j);
    return n;
}

/* A new campaign of 51.05 made and opened by the coordinator; its public id into id. */
static void
campaign_new(const char *instrument, const char *access, const char *title, char id[16])
{
    char year[8];
    snprintf(year, sizeof year, "%d", this_year);
    char starts[16], ends[16];
    snprintf(starts, sizeof starts, "%d-01-01", this_year);
    snprintf(ends, sizeof ends, "%d-12-31", this_year);
    struct zt_resp r;
    long st = post_form(&koord, "/survei", &r, "unit", UNIT, "instrument", instrument, "title",
                        title, "year", year, "starts_on", starts, "ends_on", ends, "population",
                        "100", "access", access, "services", "", NULL);
    if (st != 303)
        fprintf(stderr, "POST /survei: HTTP %ld %.600s\n", st, r.body);
    assert_int_equal(st, 303);
    const char *loc = zt_header(&r, "Location");
    assert_non_null(loc);
    const char *pre = "/survei/" UNIT "/";
    assert_true(strncmp(loc, pre, strlen(pre)) == 0);
    snprintf(id, 16, "%s", loc + strlen(pre));
    zt_resp_free(&r);
    char path[96];
    snprintf(path, sizeof path, "/survei/%s/%s/status", UNIT, id);
    assert_int_equal(post_form(&koord, path, &r, "action", "open", NULL), 303);
    zt_resp_free(&r);
    snprintf(path, sizeof path, "/api/v1/surveys/%s", id);
    json_t *j = get_json(NULL, path);
    assert_string_equal(json_string_value(json_object_get(j, "state")), "open");
    json_decref(j);
}

static void
campaign_close(const char *id)
{
    char path[96];
    snprintf(path, sizeof path, "/survei/%s/%s/status", UNIT, id);
    struct zt_resp r;
    assert_int_equal(post_form(&koord, path, &r, "action", "close", NULL), 303);
    zt_resp_free(&r);
}

/* A public form POST of the SPAK items (v1..v5, 0 = unanswered) and more fields (NULL-
 * terminated name, value pairs). */
static long
post_spak(const struct zt_who *w, const char *id, const int v[5], struct zt_resp *r, ...)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "csrf=");
    url_enc(&b, w->csrf);
    for (int i = 0; i < 5; i++)
        if (v[i])
            buf_printf(&b, "&spak%d=%d", i + 1, v[i]);
    va_list ap;
    va_start(ap, r);
    for (const char *k; (k = va_arg(ap, const char *)) != NULL;) {
        const char *val = va_arg(ap, const char *);
        buf_putc(&b, '&');
        url_enc(&b, k);
        buf_putc(&b, '=');
        url_enc(&b, val);
    }
    va_end(ap);
    char path[64];
    snprintf(path, sizeof path, "/s/%s", id);
    assert_int_equal(zt_as(S, w, "POST", path, buf_cstr(&b), r), 0);
    buf_free(&b);
    return r->status;
}

/* The IKM form's nine items all answered with v, as form fields. */
#define IKM_ALL(v) "u1", v, "u2", v, "u3", v, "u4", v, "u5", v, "u6", v, "u7", v, "u8", v, "u9", v

static void
expect_thanks(const struct zt_resp *r, const char *id)
{
    if (r->status != 303)
        fprintf(stderr, "expected 303, got HTTP %ld %.600s\n", r->status, r->body);
    assert_int_equal(r->status, 303);
    char want[64];
    snprintf(want, sizeof want, "/s/%s/terima-kasih", id);
    const char *loc = zt_header(r, "Location");
    assert_non_null(loc);
    assert_string_equal(loc, want);
}

static long
api_post(const char *id, const char *body, json_t **out)
{
    char path[96];
    snprintf(path, sizeof path, "/api/v1/surveys/%s/responses", id);
    const char *h[] = {"Content-Type: application/json", "Accept: application/json", NULL};
    struct zt_resp r;
    assert_int_equal(zt_request(S, "POST", path, h, body, strlen(body), &r), 0);
    long st = r.status;
    if (out)
        *out = body_json(&r);
    zt_resp_free(&r);
    return st;
}

static const char *
err_code(json_t *j)
{
    return json_string_value(json_object_get(json_object_get(j, "error"), "code"));
}

/* --- setup ------------------------------------------------------------------------------------ */

static int
setup(void **state)
{
    (void)state;
    if (zt_server_start(S, NULL) != 0)
        return -1;
    const char *demo[] = {"demo", NULL};
    char *out = NULL, *err = NULL;
    int rc = zt_cli(S, demo, NULL, &out, &err);
    if (rc != 0)
        fprintf(stderr, "zona demo: %s%s\n", out, err);
    free(out);
    free(err);
    if (rc != 0 || zt_sign_in(S, NIP_KOORD, PASSWORD, NULL, &koord) != 200 ||
        zt_sign_in(S, NIP_BKOORD, PASSWORD, NULL, &bkoord) != 200)
        return -1;
    /* the demo's campaigns, as staff find them */
    struct zt_resp r;
    const char *h[] = {koord.cookie, "Accept: application/json", NULL};
    if (zt_request(S, "GET", "/survei?lingkup=51.05&format=json", h, NULL, 0, &r) != 0 ||
        r.status != 200)
        return -1;
    json_t *j = json_loadb(r.body, r.len, 0, NULL);
    zt_resp_free(&r);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(j, "rows"), i, c)
    {
        const char *st = json_string_value(json_object_get(c, "state"));
        const char *in = json_string_value(json_object_get(c, "instrument"));
        const char *id = json_string_value(json_object_get(c, "public_id"));
        if (!st || !in || !id)
            continue;
        if (strcmp(st, "open") == 0 && strcmp(in, "ikm") == 0)
            snprintf(demo_open, sizeof demo_open, "%s", id);
        if (strcmp(st, "closed") == 0 && strcmp(in, "spak") == 0)
            snprintf(demo_spak, sizeof demo_spak, "%s", id);
        this_year = (int)json_integer_value(json_object_get(c, "year"));
    }
    json_decref(j);
    return demo_open[0] && demo_spak[0] && this_year ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    return zt_server_stop(S) == 0 ? 0 : -1;
}

/* --- tests ------------------------------------------------------------------------------------ */

/* The public form opens without an account, is small on a slow phone and has no script. */
static void
public_form_is_small_and_needs_no_account(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "/s/%s", demo_open);
    struct zt_resp form, css;
    assert_int_equal(zt_get(S, path, &form), 0);
    assert_int_equal(form.status, 200);
    assert_true(zt_contains(&form, "name=\"u1\""));
    assert_true(zt_contains(&form, "name=\"kode\""));
    assert_false(zt_contains(&form, "<script"));
    assert_false(zt_contains(&form, "<SCRIPT"));
    assert_true(zt_contains(&form, "/static/css/survei.css"));
    assert_int_equal(zt_get(S, "/static/css/survei.css", &css), 0);
    assert_int_equal(css.status, 200);
    assert_true(form.len + css.len < 30 * 1024);
    zt_resp_free(&form);
    zt_resp_free(&css);
    /* its definition in the API, also without an account */
    snprintf(path, sizeof path, "/api/v1/surveys/%s", demo_open);
    json_t *j = get_json(NULL, path);
    assert_string_equal(json_string_value(json_object_get(j, "id")), demo_open);
    assert_true(json_is_true(json_object_get(j, "needs_code")));
    assert_int_equal(json_array_size(json_object_get(j, "items")), 9);
    json_decref(j);
    /* an unknown campaign is not there */
    assert_int_equal(zt_get(S, "/s/zzzzzzzzzz", &form), 0);
    assert_int_equal(form.status, 404);
    zt_resp_free(&form);
}

/* Codes issued by the coordinator, read off the page (XXXX-XXXX), up to max. */
static int
issue_codes(const char *id, int n, char codes[][16], int max)
{
    char path[96], num[8];
    snprintf(path, sizeof path, "/survei/%s/%s/kode", UNIT, id);
    snprintf(num, sizeof num, "%d", n);
    struct zt_resp r;
    long st = post_form(&koord, path, &r, "n", num, NULL);
    assert_true(st == 200 || st == 201);
    int k = 0;
    for (const char *p = r.body; p && *p && k < max; p++) {
        bool ok = true;
        for (int i = 0; i < 9 && ok; i++) {
            char ch = p[i];
            ok = i == 4 ? ch == '-' : ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'));
        }
        bool edge_before = p == r.body || !((p[-1] >= 'A' && p[-1] <= 'Z') ||
                                            (p[-1] >= '0' && p[-1] <= '9') || p[-1] == '-');
        bool edge_after = ok && !((p[9] >= 'A' && p[9] <= 'Z') || (p[9] >= '0' && p[9] <= '9'));
        if (!ok || !edge_before || !edge_after)
            continue;
        char c[16];
        snprintf(c, sizeof c, "%.9s", p);
        bool seen = false;
        for (int i = 0; i < k; i++)
            seen |= strcmp(codes[i], c) == 0;
        if (!seen)
            snprintf(codes[k++], 16, "%s", c);
        p += 8;
    }
    zt_resp_free(&r);
    return k;
}

/* A one-time code is accepted once on the form; the second time the form comes back with the
 * message; a code that was never issued is refused. */
static void
a_one_time_code_is_accepted_once_on_the_form(void **state)
{
    (void)state;
    char codes[8][16];
    assert_int_equal(issue_codes(demo_open, 3, codes, 8), 3);
    long before = responses_of(demo_open);
    struct zt_who v = visitor(demo_open, NULL);
    char path[64];
    snprintf(path, sizeof path, "/s/%s", demo_open);
    struct zt_resp r;
    post_form(&v, path, &r, IKM_ALL("4"), "kelompok", "media", "layanan", "Konsultasi Hukum",
              "kode", codes[0], NULL);
    expect_thanks(&r, demo_open);
    zt_resp_free(&r);
    assert_int_equal(responses_of(demo_open), before + 1);
    /* the thank-you page */
    char thanks[96];
    snprintf(thanks, sizeof thanks, "/s/%s/terima-kasih", demo_open);
    assert_int_equal(zt_get(S, thanks, &r), 0);
    assert_int_equal(r.status, 200);
    zt_resp_free(&r);

    /* the same code again: refused, on the form, with what was typed */
    long st = post_form(&v, path, &r, IKM_ALL("3"), "kelompok", "media", "layanan",
                        "Konsultasi Hukum", "kode", codes[0], "saran", "Kode kedua kali", NULL);
    assert_true(st == 409 || st == 422);
    assert_true(zt_contains(&r, "kode-error"));
    assert_true(zt_contains(&r, "Kode kedua kali"));
    assert_true(zt_contains(&r, "name=\"u1\""));
    zt_resp_free(&r);
    /* a code never issued */
    st = post_form(&v, path, &r, IKM_ALL("3"), "kelompok", "media", "layanan", "Konsultasi Hukum",
                   "kode", "ZZZZ-ZZZZ", NULL);
    assert_int_equal(st, 422);
    assert_true(zt_contains(&r, "kode-error"));
    zt_resp_free(&r);
    /* no code on a campaign that needs one */
    st = post_form(&v, path, &r, IKM_ALL("3"), "kelompok", "media", "layanan", "Konsultasi Hukum",
                   NULL);
    assert_int_equal(st, 422);
    zt_resp_free(&r);
    assert_int_equal(responses_of(demo_open), before + 1);
}

/* The API: 201 with the new response, then the same code 409 code_used. */
static void
the_api_spends_a_code_once(void **state)
{
    (void)state;
    char codes[4][16];
    assert_int_equal(issue_codes(demo_open, 3, codes, 4), 3);
    long before = responses_of(demo_open);
    char body[1024];
    snprintf(body, sizeof body,
             "{\"answers\":{\"u1\":4,\"u2\":3,\"u3\":4,\"u4\":4,\"u5\":3,\"u6\":4,\"u7\":4,"
             "\"u8\":4,\"u9\":3},\"kelompok\":\"media\",\"layanan\":\"Konsultasi Hukum\","
             "\"responden\":{\"umur\":\"30-39\",\"jenis_kelamin\":\"P\",\"pendidikan\":\"s1\","
             "\"pekerjaan\":\"swasta\"},\"saran\":\"\",\"kode\":\"%s\"}",
             codes[1]);
    json_t *j;
    assert_int_equal(api_post(demo_open, body, &j), 201);
    assert_true(json_integer_value(json_object_get(j, "id")) > 0);
    assert_non_null(json_string_value(json_object_get(j, "status")));
    json_decref(j);
    assert_int_equal(api_post(demo_open, body, &j), 409);
    assert_string_equal(err_code(j), "code_used");
    assert_non_null(json_string_value(json_object_get(json_object_get(j, "error"), "message")));
    json_decref(j);
    /* a code in lower case without the dash is the same code */
    char typed[16];
    snprintf(typed, sizeof typed, "%.4s%.4s", codes[2], codes[2] + 5);
    for (char *p = typed; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    snprintf(body, sizeof body,
             "{\"answers\":{\"u1\":2},\"kelompok\":\"mitra\",\"layanan\":\"Konsultasi Hukum\","
             "\"kode\":\"%s\"}",
             typed);
    assert_int_equal(api_post(demo_open, body, &j), 201);
    json_decref(j);
    /* an unknown code; no code at all */
    assert_int_equal(api_post(demo_open,
                              "{\"answers\":{\"u1\":2},\"kelompok\":\"mitra\",\"layanan\":"
                              "\"Konsultasi Hukum\",\"kode\":\"ZZZZ-ZZZZ\"}",
                              &j),
                     422);
    assert_string_equal(err_code(j), "code_unknown");
    json_decref(j);
    assert_int_equal(api_post(demo_open,
                              "{\"answers\":{\"u1\":2},\"kelompok\":\"mitra\",\"layanan\":"
                              "\"Konsultasi Hukum\"}",
                              &j),
                     422);
    assert_string_equal(err_code(j), "code_required");
    json_decref(j);
    /* bad input in the API: value 7, no kelompok */
    assert_int_equal(
        api_post(demo_open, "{\"answers\":{\"u1\":7},\"layanan\":\"Konsultasi Hukum\"}", &j), 422);
    assert_string_equal(err_code(j), "invalid");
    json_decref(j);
    assert_int_equal(responses_of(demo_open), before + 2);
}

/* An open campaign takes responses without a code, refuses the same response from the same
 * client, thanks a robot without keeping its response, and stops a client after the hourly
 * limit (settings.json: 10). */
static void
an_open_campaign_is_guarded_against_stuffing(void **state)
{
    (void)state;
    char id[16];
    campaign_new("spak", "open", "Uji SPAK terbuka", id);
    struct zt_who v = visitor(id, NULL);
    struct zt_resp r;
    int a[5] = {4, 4, 3, 4, 4};
    post_spak(&v, id, a, &r, "kelompok", "masyarakat-umum", NULL);
    expect_thanks(&r, id);
    zt_resp_free(&r);
    assert_int_equal(responses_of(id), 1);
    /* the very same response again */
    assert_int_equal(post_spak(&v, id, a, &r, "kelompok", "masyarakat-umum", NULL), 409);
    assert_true(zt_contains(&r, "name=\"spak1\""));
    zt_resp_free(&r);
    assert_int_equal(responses_of(id), 1);
    /* the honeypot filled: thanked, nothing kept */
    int h[5] = {1, 1, 1, 1, 1};
    post_spak(&v, id, h, &r, "kelompok", "media", "situs", "http://spam.example", NULL);
    expect_thanks(&r, id);
    zt_resp_free(&r);
    assert_int_equal(responses_of(id), 1);
    /* distinct responses up to the limit */
    for (int i = 1; i < 10; i++) {
        int d[5] = {1 + i % 4, 1 + (i / 4) % 4, 2, 2, 1};
        post_spak(&v, id, d, &r, "kelompok", "pelapor", NULL);
        expect_thanks(&r, id);
        zt_resp_free(&r);
    }
    assert_int_equal(responses_of(id), 10);
    int d[5] = {3, 3, 3, 3, 1};
    assert_int_equal(post_spak(&v, id, d, &r, "kelompok", "pelapor", NULL), 429);
    assert_non_null(zt_header(&r, "Retry-After"));
    assert_true(zt_contains(&r, "name=\"spak1\""));
    zt_resp_free(&r);
    json_t *j;
    assert_int_equal(
        api_post(id, "{\"answers\":{\"spak1\":2,\"spak2\":1},\"kelompok\":\"media\"}", &j), 429);
    assert_string_equal(err_code(j), "too_many");
    json_decref(j);
    assert_int_equal(responses_of(id), 10);
    campaign_close(id);
}

/* Refused input comes back as the form (422) with everything typed kept and nothing stored. */
static void
bad_input_is_refused_and_kept_in_the_form(void **state)
{
    (void)state;
    char id[16];
    campaign_new("spak", "open", "Uji SPAK isian salah", id);
    struct zt_who v = visitor(id, NULL);
    struct zt_resp r;
    int a[5] = {7, 3, 0, 0, 0};
    long st = post_spak(&v, id, a, &r, "saran", "Saran yang tetap ada", "umur", "40-49", NULL);
    if (st != 422)
        fprintf(stderr, "HTTP %ld %.600s\n", st, r.body);
    assert_int_equal(st, 422);
    assert_true(zt_contains(&r, "Saran yang tetap ada"));
    assert_true(zt_contains(&r, "id=\"kelompok-error\"") || zt_contains(&r, "kelompok-group"));
    /* the answer that was fine (spak2 = 3) is still chosen */
    assert_true(zt_contains(&r, "value=\"3\" checked"));
    assert_true(zt_contains(&r, "value=\"40-49\" selected"));
    zt_resp_free(&r);
    assert_int_equal(responses_of(id), 0);
    campaign_close(id);
}

/* A kiosk enrolled by its link takes responses without a code and without the hourly limit. */
static void
a_kiosk_needs_no_code_and_no_limit(void **state)
{
    (void)state;
    struct zt_resp r;
    assert_int_equal(post_form(&koord, "/survei/" UNIT "/kios", &r, "name", "Kios uji", NULL), 201);
    const char *p = strstr(r.body, "/kios/daftar/");
    assert_non_null(p);
    char link[160];
    size_t n = strspn(p + 13, "0123456789abcdef");
    assert_true(n >= 32);
    snprintf(link, sizeof link, "/kios/daftar/%.*s", (int)n, p + 13);
    zt_resp_free(&r);
    assert_int_equal(zt_get(S, link, &r), 0);
    assert_int_equal(r.status, 303);
    char token[96], cookie[128];
    assert_int_equal(zt_cookie(&r, "zona_kiosk", token, sizeof token), 0);
    zt_resp_free(&r);
    snprintf(cookie, sizeof cookie, "zona_kiosk=%s", token);
    /* the kiosk's start page lists the unit's open campaigns */
    char ck[160];
    snprintf(ck, sizeof ck, "Cookie: %s", cookie);
    const char *h[] = {ck, NULL};
    assert_int_equal(zt_request(S, "GET", "/kios", h, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    char href[32];
    snprintf(href, sizeof href, "/s/%s", demo_open);
    assert_true(zt_contains(&r, href));
    zt_resp_free(&r);
    /* a campaign that needs codes: the kiosk needs none, and 12 > the hourly limit pass */
    char id[16];
    campaign_new("spak", "code", "Uji SPAK kios", id);
    struct zt_who k = visitor(id, cookie);
    for (int i = 0; i < 12; i++) {
        int a[5] = {4, 4, 4, 3, 4};
        post_spak(&k, id, a, &r, "kelompok", "masyarakat-umum", NULL);
        expect_thanks(&r, id);
        zt_resp_free(&r);
    }
    assert_int_equal(responses_of(id), 12);
    /* without the kiosk a code is needed */
    struct zt_who v = visitor(id, NULL);
    int a[5] = {4, 4, 4, 3, 4};
    assert_int_equal(post_spak(&v, id, a, &r, "kelompok", "masyarakat-umum", NULL), 422);
    assert_true(zt_contains(&r, "kode-error"));
    zt_resp_free(&r);
    assert_int_equal(responses_of(id), 12);
    /* a made-up enrolment link enrols nothing */
    assert_int_equal(zt_get(S, "/kios/daftar/0000", &r), 0);
    assert_int_equal(r.status, 404);
    assert_int_equal(zt_cookie(&r, "zona_kiosk", token, sizeof token), -1);
    zt_resp_free(&r);
    campaign_close(id);
}

/* A comment waits for moderation: the public results show it only once approved. */
static void
a_comment_is_published_only_after_approval(void **state)
{
    (void)state;
    char id[16];
    campaign_new("spak", "open", "Uji SPAK komentar", id);
    struct zt_who v = visitor(id, NULL);
    struct zt_resp r;
    const char *text = "Loket uji moderasi perlu papan nomor antrean";
    int a[5] = {3, 4, 3, 4, 3};
    post_spak(&v, id, a, &r, "kelompok", "media", "saran", text, NULL);
    expect_thanks(&r, id);
    zt_resp_free(&r);
    char path[96];
    snprintf(path, sizeof path, "/survei/%s/%s/moderasi?format=json", UNIT, id);
    json_t *j = get_json(&koord, path);
    json_t *list = json_object_get(j, "comments");
    assert_int_equal(json_array_size(list), 1);
    json_t *c = json_array_get(list, 0);
    assert_string_equal(json_string_value(json_object_get(c, "comment")), text);
    assert_string_equal(json_string_value(json_object_get(c, "comment_state")), "pending");
    char rid[24];
    snprintf(rid, sizeof rid, "%lld", (long long)json_integer_value(json_object_get(c, "id")));
    json_decref(j);
    campaign_close(id);
    assert_int_equal(zt_get(S, "/hasil-survei/" UNIT, &r), 0);
    assert_int_equal(r.status, 200);
    assert_true(zt_contains(&r, "Uji SPAK komentar"));
    assert_false(zt_contains(&r, text));
    zt_resp_free(&r);
    snprintf(path, sizeof path, "/survei/%s/%s/moderasi", UNIT, id);
    long st = post_form(&koord, path, &r, "response", rid, "decision", "approve", NULL);
    assert_true(st == 303 || st == 200);
    zt_resp_free(&r);
    assert_int_equal(zt_get(S, "/hasil-survei/" UNIT, &r), 0);
    assert_true(zt_contains(&r, text));
    zt_resp_free(&r);
}

static json_t *
self_answer(json_t *assessment, const char *code)
{
    return json_object_get(
        json_object_get(json_object_get(json_object_get(assessment, "levels"), "self"), "answers"),
        code);
}

/* Closing a SPAK or SPKP writes its index into the unit's LKE draft (self level, with the
 * campaign as evidence); a submitted assessment (Bintan) gets no written answer. */
static void
closed_spak_and_spkp_flow_into_the_lke_draft(void **state)
{
    (void)state;
    char path[96];
    snprintf(path, sizeof path, "/api/v1/assessments/%s/%d", UNIT, this_year);
    json_t *j = get_json(&koord, path);
    assert_string_equal(json_string_value(json_object_get(j, "state")), "draft");
    assert_true(json_is_number(json_object_get(self_answer(j, "hasil.1.a"), "value")));
    assert_true(json_is_number(json_object_get(self_answer(j, "hasil.2.a"), "value")));
    double old = json_number_value(json_object_get(self_answer(j, "hasil.1.a"), "value"));
    json_decref(j);
    /* a new SPAK, every answer 4, closed: its index replaces the older one */
    char id[16];
    campaign_new("spak", "open", "Uji SPAK untuk LKE", id);
    struct zt_who v = visitor(id, NULL);
    for (int i = 0; i < 4; i++) {
        struct zt_resp r;
        int a[5] = {4, 4, 4, 4, 4};
        const char *groups[] = {"media", "mitra", "pelapor", "masyarakat-umum"};
        post_spak(&v, id, a, &r, "kelompok", groups[i], NULL);
        expect_thanks(&r, id);
        zt_resp_free(&r);
    }
    campaign_close(id);
    j = get_json(&koord, path);
    json_t *ans = self_answer(j, "hasil.1.a");
    double now = json_number_value(json_object_get(ans, "value"));
    assert_true(now > 3.99 && now < 4.01);
    assert_true(now != old);
    const char *note = json_string_value(json_object_get(ans, "note"));
    assert_non_null(note);
    assert_non_null(strstr(note, "Uji SPAK untuk LKE"));
    char *ev = json_dumps(json_object_get(json_object_get(j, "evidence"), "hasil.1.a"), 0);
    assert_non_null(ev);
    assert_non_null(strstr(ev, id));
    free(ev);
    json_decref(j);

    /* Bintan submitted before its SPAK closed: no answer written from a survey */
    snprintf(path, sizeof path, "/api/v1/assessments/21.01/%d", this_year);
    j = get_json(&bkoord, path);
    assert_string_not_equal(json_string_value(json_object_get(j, "state")), "draft");
    for (int k = 0; k < 2; k++) {
        const char *code = k ? "hasil.2.a" : "hasil.1.a";
        const char *n = json_string_value(json_object_get(self_answer(j, code), "note"));
        assert_true(!n || !strstr(n, "survei"));
        char *e =
            json_dumps(json_object_get(json_object_get(j, "evidence"), code), JSON_ENCODE_ANY);
        assert_true(!e || !strstr(e, "/survei/"));
        free(e);
    }
    json_decref(j);
}

/* Staff of another unit cannot see Klungkung's campaign, under either unit's address. */
/* A CSV of paper questionnaires posted to .../impor as w. */
static long
post_csv(const struct zt_who *w, const char *id, const char *csv, struct zt_resp *r)
{
    static const char B[] = "zonaSurveyCsv5e1f";
    struct buf b = BUF_INIT;
    buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n", B,
               w->csrf);
    buf_printf(&b,
               "--%s\r\nContent-Disposition: form-data; name=\"berkas\"; "
               "filename=\"kuesioner.csv\"\r\nContent-Type: text/csv\r\n\r\n%s\r\n--%s--\r\n",
               B, csv, B);
    char ct[96], path[96];
    snprintf(ct, sizeof ct, "Content-Type: multipart/form-data; boundary=%s", B);
    snprintf(path, sizeof path, "/survei/%s/%s/impor", UNIT, id);
    const char *h[] = {w->cookie, ct, NULL};
    assert_int_equal(zt_request(S, "POST", path, h, b.p, b.len, r), 0);
    buf_free(&b);
    return r->status;
}

/* Paper questionnaires from a CSV: all rows or none, and a wrong one named by line and column. */
static void
paper_questionnaires_import_from_csv_all_or_none(void **state)
{
    (void)state;
    char id[16];
    campaign_new("spak", "code", "Kuesioner kertas triwulan", id);
    long before = responses_of(id);
    struct zt_resp r;
    /* line 3 answers 9 on a 1-4 scale: nothing of the file is kept */
    assert_int_equal(post_csv(&koord, id,
                              "spak1,spak2,spak3,spak4,spak5,kelompok,saran\n"
                              "4,4,3,4,4,masyarakat-umum,Pelayanan cepat\n"
                              "3,9,3,3,3,pelapor,\n",
                              &r),
                     422);
    assert_true(zt_contains(&r, "Baris 3"));
    assert_true(zt_contains(&r, "spak2"));
    zt_resp_free(&r);
    assert_int_equal(responses_of(id), before);
    /* a column that is not the survey's */
    assert_int_equal(post_csv(&koord, id, "spak1,nama\n4,Budi\n", &r), 422);
    assert_true(zt_contains(&r, "nama"));
    zt_resp_free(&r);
    assert_int_equal(responses_of(id), before);
    /* three good rows, a code-only campaign notwithstanding: staff vouch for paper */
    assert_int_equal(post_csv(&koord, id,
                              "spak1,spak2,spak3,spak4,spak5,kelompok\r\n"
                              "4,4,3,4,4,masyarakat-umum\r\n"
                              "3,,3,3,3,pelapor\r\n"
                              "2,3,3,2,3,peserta-pemilu\r\n",
                              &r),
                     303);
    zt_resp_free(&r);
    assert_int_equal(responses_of(id), before + 3);
    campaign_close(id);
}

/* The count of IKM campaigns is offered beside pemenuhan.6.iv.a, never written; taking it saves
 * it as the unit's answer. */
static void
the_ikm_count_is_offered_for_pemenuhan_6_iv_a(void **state)
{
    (void)state;
    char path[96];
    snprintf(path, sizeof path, "/lke/%s/%d/area/6", UNIT, this_year);
    struct zt_resp r;
    assert_int_equal(zt_as(S, &koord, "GET", path, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_true(zt_contains(&r, "question__proposal"));
    assert_true(zt_contains(&r, "name=\"code\" value=\"pemenuhan.6.iv.a\""));
    zt_resp_free(&r);
    snprintf(path, sizeof path, "/lke/%s/%d/jawaban", UNIT, this_year);
    assert_int_equal(post_form(&koord, path, &r, "code", "pemenuhan.6.iv.a", "value", "B", "note",
                               "3 survei kepuasan masyarakat", NULL),
                     303);
    zt_resp_free(&r);
}

/* The documents of a campaign: the poster, the infographic, the workbook and the CSV. */
static void
the_documents_of_a_campaign_download(void **state)
{
    (void)state;
    static const struct {
        const char *file, *type, *magic;
    } docs[] = {
        {"poster.pdf", "application/pdf", "%PDF-"},
        {"infografis.pdf", "application/pdf", "%PDF-"},
        {"hasil.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"},
        {"tanggapan.csv", "text/csv", "id,waktu,kanal,layanan,kelompok"},
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, "/survei/%s/%s/%s", UNIT, demo_spak, docs[i].file);
        struct zt_resp r;
        assert_int_equal(zt_as(S, &koord, "GET", path, NULL, &r), 0);
        if (r.status != 200)
            fprintf(stderr, "GET %s: HTTP %ld\n", path, r.status);
        assert_int_equal(r.status, 200);
        const char *ct = zt_header(&r, "Content-Type");
        assert_non_null(ct);
        assert_true(strncmp(ct, docs[i].type, strlen(docs[i].type)) == 0);
        assert_true(r.len > strlen(docs[i].magic));
        assert_memory_equal(r.body, docs[i].magic, strlen(docs[i].magic));
        zt_resp_free(&r);
    }
    /* another unit's coordinator gets none of them */
    char path[128];
    snprintf(path, sizeof path, "/survei/%s/%s/tanggapan.csv", UNIT, demo_spak);
    struct zt_resp r;
    assert_int_equal(zt_as(S, &bkoord, "GET", path, NULL, &r), 0);
    assert_int_equal(r.status, 404);
    zt_resp_free(&r);
}

static void
another_units_staff_cannot_see_the_campaign(void **state)
{
    (void)state;
    const char *ids[] = {demo_open, demo_spak};
    for (int i = 0; i < 2; i++) {
        char path[96];
        struct zt_resp r;
        snprintf(path, sizeof path, "/survei/51.05/%s", ids[i]);
        assert_int_equal(zt_as(S, &bkoord, "GET", path, NULL, &r), 0);
        assert_int_equal(r.status, 404);
        zt_resp_free(&r);
        snprintf(path, sizeof path, "/survei/21.01/%s", ids[i]);
        assert_int_equal(zt_as(S, &bkoord, "GET", path, NULL, &r), 0);
        assert_int_equal(r.status, 404);
        zt_resp_free(&r);
        snprintf(path, sizeof path, "/survei/51.05/%s/tanggapan.csv", ids[i]);
        assert_int_equal(zt_as(S, &bkoord, "GET", path, NULL, &r), 0);
        assert_int_equal(r.status, 404);
        zt_resp_free(&r);
    }
    json_t *j = get_json(&bkoord, "/survei?format=json");
    char *all = json_dumps(j, 0);
    assert_null(strstr(all, demo_open));
    assert_null(strstr(all, demo_spak));
    free(all);
    json_decref(j);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(public_form_is_small_and_needs_no_account),
        cmocka_unit_test(a_one_time_code_is_accepted_once_on_the_form),
        cmocka_unit_test(the_api_spends_a_code_once),
        cmocka_unit_test(an_open_campaign_is_guarded_against_stuffing),
        cmocka_unit_test(bad_input_is_refused_and_kept_in_the_form),
        cmocka_unit_test(a_kiosk_needs_no_code_and_no_limit),
        cmocka_unit_test(a_comment_is_published_only_after_approval),
        cmocka_unit_test(closed_spak_and_spkp_flow_into_the_lke_draft),
        cmocka_unit_test(paper_questionnaires_import_from_csv_all_or_none),
        cmocka_unit_test(the_ikm_count_is_offered_for_pemenuhan_6_iv_a),
        cmocka_unit_test(the_documents_of_a_campaign_download),
        cmocka_unit_test(another_units_staff_cannot_see_the_campaign),
    };
    return cmocka_run_group_tests_name("survey", tests, setup, teardown);
}
