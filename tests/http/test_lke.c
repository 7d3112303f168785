/* The LKE assessments as their users meet them, against a real zona (SQLite and PostgreSQL):
 * answering every kind of question, refusals in the caller's language that lose nothing, working
 * groups limited to their change area, two tabs, the evidence vault (files kept once, served
 * inline, wrong kinds, size limit, links, other units), the TPI team, the whole workflow from
 * draft to closed with its audit trail and inboxes, review levels scored by the one scoring
 * function, the workbook, the LHE and the TPN package, workbook import, the command line, the
 * overview and the API, deadlines and reminders, and the next year's assessment after a new
 * framework version. One server with one `zona demo` for all (restarted once, last, to show the
 * next year's carry-over independently of a running server noticing a loaded framework). Each
 * test works on its own year of Bawaslu Kabupaten Klungkung (51.05), so none depends on another's
 * leftovers; only the reviewed assessment of REVIEWED_YEAR is shared, made on first use. */

#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include <jansson.h>

#include "core/buf.h"
#include "core/clock.h"
#include "support/client.h"
#include "web/fmt.h"

extern char **environ;

#define PASSWORD  "Demo-Zona-Integritas"
#define UNIT      "51.05"
#define UNIT_NAME "Bawaslu Kabupaten Klungkung"
#define FRAMEWORK "data/frameworks/lke-permenpanrb-90-2021.json"

#define NIP_ADMIN     "197001011995031001"
#define NIP_KOORD     "197001011995032003"
#define NIP_POKJA     "197001011995031004"
#define NIP_PIMPINAN  "197001011995031005"
#define NIP_ANGGOTA   "197001011995032006"
#define NIP_KETUA     "197001011995031007"
#define NIP_DALNIS    "197001011995031008"
#define NIP_TPN       "197001011995032009"
#define NIP_PEMANTAU  "197001011995031016"
#define NIP_BKOORD    "197001011995031017"
#define NIP_KANGGOTA  "197001011995031018"
#define NIP_OTHER_TPI "197001011995031099" /* made by the workflow test: a Bali TPI member */
#define DALNIS_NAME   "Anak Agung Gede Oka"

/* The server every test shares, with `zona demo`. Evidence files are limited to 2 KiB so that the
 * limit itself can be tested without a second server and demo (each costs seconds under the
 * sanitizers); every other test's evidence is smaller. */
static struct zt_server srv, *S = &srv;
#define EVIDENCE_MAX 2048
static struct zt_who koord, pokja, pimpinan, anggota, ketua, dalnis, tpn, admin, pemantau, bkoord,
    kanggota;
static int this_year;

/* --- small helpers -------------------------------------------------------------------------- */

static long
count(struct zt_server *s, const char *fmt, ...)
{
    char sql[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    char *v = NULL;
    if (zt_sql(s, sql, &v) != 0 || !v) {
        free(v);
        return -1;
    }
    long n = atol(v);
    free(v);
    return n;
}

static char *
sql_text(struct zt_server *s, const char *sql)
{
    char *v = NULL;
    assert_int_equal(zt_sql(s, sql, &v), 0);
    assert_non_null(v);
    return v;
}

/* 2 decimals in the caller's language, as every page shows a score. */
static const char *
dec2(double v, const char *lang)
{
    static char out[8][48];
    static int k;
    struct buf b = BUF_INIT;
    fmt_decimal(&b, lang, v, 2);
    char *o = out[k++ % 8];
    snprintf(o, 48, "%s", buf_cstr(&b));
    buf_free(&b);
    return o;
}

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

/* A request as w (NULL: nobody) asking for JSON; extra: one more header or NULL. */
static long
call(struct zt_server *s, const struct zt_who *w, const char *method, const char *path,
     const char *ctype, const char *body, size_t len, const char *extra, struct zt_resp *r)
{
    const char *h[6];
    int k = 0;
    char ct[160];
    if (w && w->cookie[0])
        h[k++] = w->cookie;
    h[k++] = "Accept: application/json";
    if (ctype) {
        snprintf(ct, sizeof ct, "Content-Type: %s", ctype);
        h[k++] = ct;
    }
    if (extra)
        h[k++] = extra;
    h[k] = NULL;
    assert_int_equal(zt_request(s, method, path, h, body, len, r), 0);
    return r->status;
}

/* POST of a form as w: the CSRF token and then name, value pairs (NULL-terminated). */
static long
post_form(struct zt_server *s, const struct zt_who *w, const char *path, struct zt_resp *r, ...)
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
    long st = call(s, w, "POST", path, "application/x-www-form-urlencoded", b.p, b.len, NULL, r);
    buf_free(&b);
    return st;
}

/* The same form, answered in English (the zona_lang cookie) for checks on the wording. */
static struct zt_who
in_english(const struct zt_who *w)
{
    struct zt_who e = *w;
    size_t n = strlen(e.cookie);
    snprintf(e.cookie + n, sizeof e.cookie - n, "; zona_lang=en");
    return e;
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

/* GET path as w; the JSON body (expects 200). */
static json_t *
get_json(struct zt_server *s, const struct zt_who *w, const char *path)
{
    struct zt_resp r;
    long st = call(s, w, "GET", path, NULL, NULL, 0, NULL, &r);
    if (st != 200)
        fprintf(stderr, "GET %s: HTTP %ld %.400s\n", path, st, r.body);
    assert_int_equal(st, 200);
    json_t *j = body_json(&r);
    zt_resp_free(&r);
    return j;
}

/* obj["a"]["b"]… (NULL-terminated keys); NULL when missing. */
static json_t *
jget(json_t *j, ...)
{
    va_list ap;
    va_start(ap, j);
    for (const char *k; j && (k = va_arg(ap, const char *)) != NULL;)
        j = json_is_array(j) ? json_array_get(j, (size_t)atoi(k)) : json_object_get(j, k);
    va_end(ap);
    return j;
}

static const char *
jstr(json_t *j)
{
    return json_is_string(j) ? json_string_value(j) : "";
}

static const char *
error_message(const struct zt_resp *r)
{
    static char msg[600];
    json_t *j = json_loadb(r->body, r->len, 0, NULL);
    snprintf(msg, sizeof msg, "%s", jstr(jget(j, "error", "message", NULL)));
    json_decref(j);
    return msg;
}

static void
expect_status(long got, long want, const struct zt_resp *r, const char *what)
{
    if (got != want)
        fprintf(stderr, "%s: expected HTTP %ld, got %ld: %.500s\n", what, want, got, r->body);
    assert_int_equal(got, want);
}

/* True when the response redirects to want (else says where it went). */
static bool
location_is(const struct zt_resp *r, const char *want)
{
    const char *loc = zt_header(r, "Location");
    if (loc && strcmp(loc, want) == 0)
        return true;
    fprintf(stderr, "redirected to \"");
    for (const char *p = loc ? loc : "(none)"; *p && p < (loc ? loc : "(none)") + 80; p++)
        fputc((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f ? *p : '?', stderr);
    fprintf(stderr, "\" instead of \"%s\"\n", want);
    return false;
}

static void
base_of(char *out, size_t n, const char *unit, int year)
{
    snprintf(out, n, "/lke/%s/%d", unit, year);
}

static json_t *
api_assessment(struct zt_server *s, const struct zt_who *w, const char *unit, int year)
{
    char path[96];
    snprintf(path, sizeof path, "/api/v1/assessments/%s/%d", unit, year);
    return get_json(s, w, path);
}

/* The self-assessment's rows as the API shows them (a new reference). */
static json_t *
self_rows(struct zt_server *s, const struct zt_who *w, const char *unit, int year)
{
    json_t *a = api_assessment(s, w, unit, year);
    json_t *rows = json_incref(jget(a, "levels", "self", "answers", NULL));
    json_decref(a);
    assert_non_null(rows);
    return rows;
}

static json_t *
value_of(json_t *rows, const char *code)
{
    return jget(rows, code, "value", NULL);
}

static void
create(struct zt_server *s, const struct zt_who *w, const char *unit, int year)
{
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    struct zt_resp r;
    long st = post_form(s, w, "/lke", &r, "unit", unit, "year", y, NULL);
    expect_status(st, 201, &r, "POST /lke");
    json_t *j = body_json(&r);
    assert_string_equal(jstr(jget(j, "unit", NULL)), unit);
    assert_int_equal(json_integer_value(jget(j, "year", NULL)), year);
    json_decref(j);
    zt_resp_free(&r);
}

/* POST jawaban with Accept: application/json; the status. r is filled. */
static long
answer(struct zt_server *s, const struct zt_who *w, const char *unit, int year, const char *code,
       const char *value, struct zt_resp *r)
{
    char path[96];
    snprintf(path, sizeof path, "/lke/%s/%d/jawaban", unit, year);
    return post_form(s, w, path, r, "code", code, "value", value, NULL);
}

static void
answer_ok(struct zt_server *s, const struct zt_who *w, const char *unit, int year, const char *code,
          const char *value)
{
    struct zt_resp r;
    expect_status(answer(s, w, unit, year, code, value, &r), 200, &r, code);
    zt_resp_free(&r);
}

static long
put_answers(struct zt_server *s, const struct zt_who *w, const char *unit, int year,
            const char *json, const char *extra, const char *ctype, struct zt_resp *r)
{
    char path[96];
    snprintf(path, sizeof path, "/api/v1/assessments/%s/%d/answers", unit, year);
    return call(s, w, "PUT", path, ctype ? ctype : "application/json", json, strlen(json), extra,
                r);
}

/* A move through the API: {"action": …} plus extra members (a JSON fragment or NULL). */
static long
move(struct zt_server *s, const struct zt_who *w, const char *unit, int year, const char *action,
     const char *extra_members, struct zt_resp *r)
{
    char path[96], body[512];
    snprintf(path, sizeof path, "/api/v1/assessments/%s/%d/transitions", unit, year);
    snprintf(body, sizeof body, "{\"action\":\"%s\"%s%s}", action, extra_members ? "," : "",
             extra_members ? extra_members : "");
    return call(s, w, "POST", path, "application/json", body, strlen(body), NULL, r);
}

static void
move_ok(struct zt_server *s, const struct zt_who *w, const char *unit, int year, const char *action,
        const char *want_state)
{
    struct zt_resp r;
    expect_status(move(s, w, unit, year, action, NULL, &r), 200, &r, action);
    json_t *j = body_json(&r);
    assert_string_equal(jstr(jget(j, "state", NULL)), want_state);
    json_decref(j);
    zt_resp_free(&r);
}

static void
move_refused(struct zt_server *s, const struct zt_who *w, const char *unit, int year,
             const char *action, long want)
{
    struct zt_resp r;
    expect_status(move(s, w, unit, year, action, NULL, &r), want, &r, action);
    if (want != 404)
        assert_true(strlen(error_message(&r)) > 0);
    zt_resp_free(&r);
}

static const char *state_of(struct zt_server *s, const struct zt_who *w, const char *unit,
                            int year);

/* Form posts whose redirect did not lead back to the assessment. */
static int bad_redirects;

/* A move through the page's form: back to the assessment's page, in want_state. */
static void
form_move(struct zt_server *s, const struct zt_who *w, const char *unit, int year,
          const char *action, const char *want_state)
{
    char path[96], base[64];
    snprintf(base, sizeof base, "/lke/%s/%d", unit, year);
    snprintf(path, sizeof path, "%s/status", base);
    struct zt_resp r;
    expect_status(post_form(s, w, path, &r, "action", action, NULL), 303, &r, action);
    bad_redirects += !location_is(&r, base);
    zt_resp_free(&r);
    assert_string_equal(state_of(s, w, unit, year), want_state);
}

static const char *
state_of(struct zt_server *s, const struct zt_who *w, const char *unit, int year)
{
    static char st[32];
    json_t *a = api_assessment(s, w, unit, year);
    snprintf(st, sizeof st, "%s", jstr(jget(a, "state", NULL)));
    json_decref(a);
    return st;
}

static void assign(struct zt_server *s, const struct zt_who *by, const char *unit, int year,
                   const char *nip, const char *level);

/* The Bali TPI team on unit's assessment: the team lead adds the member, the technical controller
 * the team lead, the system administrator the technical controller (nobody adds themselves). */
static void
assign_team(const char *unit, int year)
{
    assign(S, &ketua, unit, year, NIP_ANGGOTA, "anggota");
    assign(S, &dalnis, unit, year, NIP_KETUA, "ketua");
    assign(S, &admin, unit, year, NIP_DALNIS, "dalnis");
}

static void
assign(struct zt_server *s, const struct zt_who *by, const char *unit, int year, const char *nip,
       const char *level)
{
    char path[96];
    snprintf(path, sizeof path, "/lke/%s/%d/tim", unit, year);
    struct zt_resp r;
    expect_status(post_form(s, by, path, &r, "nip", nip, "level", level, NULL), 303, &r, "tim");
    zt_resp_free(&r);
}

/* A reviewer's answer at their level (POST tinjau); the status. */
static long
review(struct zt_server *s, const struct zt_who *w, const char *unit, int year, const char *code,
       const char *value, const char *finding, const char *reco, struct zt_resp *r)
{
    char path[96];
    snprintf(path, sizeof path, "/lke/%s/%d/tinjau", unit, year);
    return post_form(s, w, path, r, "code", code, "value", value, "finding", finding,
                     "recommendation", reco, NULL);
}

/* Unread inbox entries of w that lead to link. */
static int
unread_for(struct zt_server *s, const struct zt_who *w, const char *link)
{
    json_t *j = get_json(s, w, "/kotak-masuk?format=json");
    int n = 0;
    size_t i;
    json_t *x;
    json_array_foreach(jget(j, "items", NULL), i, x)
    {
        if (strcmp(jstr(jget(x, "link", NULL)), link) == 0 && !json_is_true(jget(x, "read", NULL)))
            n++;
    }
    json_decref(j);
    return n;
}

static long
audit_count(struct zt_server *s, const char *action, const char *object)
{
    return count(s, "SELECT COUNT(*) FROM audit_log WHERE action = '%s' AND object_id = '%s'",
                 action, object);
}

/* A small valid PDF whose page says text; pad adds a comment of that many bytes. */
static void
make_pdf(struct buf *out, const char *text, size_t pad)
{
    long off[6];
    buf_puts(out, "%PDF-1.4\n");
    if (pad) {
        buf_puts(out, "% ");
        for (size_t i = 0; i < pad; i++)
            buf_putc(out, (char)('a' + i % 26));
        buf_putc(out, '\n');
    }
    char stream[300];
    int slen = snprintf(stream, sizeof stream, "BT /F1 12 Tf 56 780 Td (%s) Tj ET", text);
    off[1] = (long)out->len;
    buf_puts(out, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    off[2] = (long)out->len;
    buf_puts(out, "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
    off[3] = (long)out->len;
    buf_puts(out, "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
                  "/Font << /F1 5 0 R >> >> /Contents 4 0 R >> endobj\n");
    off[4] = (long)out->len;
    buf_printf(out, "4 0 obj << /Length %d >> stream\n%s\nendstream endobj\n", slen, stream);
    off[5] = (long)out->len;
    buf_puts(out, "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n");
    long xref = (long)out->len;
    buf_puts(out, "xref\n0 6\n0000000000 65535 f \n");
    for (int i = 1; i <= 5; i++)
        buf_printf(out, "%010ld 00000 n \n", off[i]);
    buf_printf(out, "trailer << /Size 6 /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", xref);
}

struct part {
    const char *name, *filename, *ctype;
    const char *data;
    size_t len;
};

/* A multipart POST as w (the CSRF token first). */
static long
post_multipart(struct zt_server *s, const struct zt_who *w, const char *path,
               const struct part *parts, size_t n, struct zt_resp *r)
{
    static const char B[] = "zonaTestBoundary7d1b3c";
    struct buf b = BUF_INIT;
    buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n", B,
               w->csrf);
    for (size_t i = 0; i < n; i++) {
        buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=\"%s\"", B, parts[i].name);
        if (parts[i].filename)
            buf_printf(&b, "; filename=\"%s\"", parts[i].filename);
        buf_puts(&b, "\r\n");
        if (parts[i].ctype)
            buf_printf(&b, "Content-Type: %s\r\n", parts[i].ctype);
        buf_puts(&b, "\r\n");
        buf_append(&b, parts[i].data, parts[i].len ? parts[i].len : strlen(parts[i].data));
        buf_puts(&b, "\r\n");
    }
    buf_printf(&b, "--%s--\r\n", B);
    char ct[96];
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", B);
    long st = call(s, w, "POST", path, ct, b.p, b.len, NULL, r);
    buf_free(&b);
    return st;
}

/* Uploads data as evidence of code; the status. */
static long
upload(struct zt_server *s, const struct zt_who *w, const char *unit, int year, const char *code,
       const char *filename, const char *ctype, const char *data, size_t len, struct zt_resp *r)
{
    char path[96];
    snprintf(path, sizeof path, "/lke/%s/%d/eviden", unit, year);
    struct part p[2] = {{"code", NULL, NULL, code, 0}, {"file", filename, ctype, data, len}};
    return post_multipart(s, w, path, p, 2, r);
}

static void
write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static char *
run_cli(struct zt_server *s, const char *const *argv, int want_rc)
{
    char *out = NULL, *err = NULL;
    int rc = zt_cli(s, argv, NULL, &out, &err);
    if (rc != want_rc)
        fprintf(stderr, "zona %s %s: exit %d: %s%s\n", argv[0], argv[1] ? argv[1] : "", rc, out,
                err);
    free(err);
    assert_int_equal(rc, want_rc);
    return out;
}

/* Two answers are the same (numbers within 1e-9). */
static bool
same_value(json_t *a, json_t *b)
{
    if (json_is_number(a) && json_is_number(b))
        return fabs(json_number_value(a) - json_number_value(b)) < 1e-9;
    if (json_is_object(a) && json_is_object(b)) {
        if (json_object_size(a) != json_object_size(b))
            return false;
        const char *k;
        json_t *v;
        json_object_foreach(a, k, v) if (!same_value(v, json_object_get(b, k))) return false;
        return true;
    }
    return a && b && json_equal(a, b);
}

/* The effective answers of a level from the API's rows: self, then each reviewer level up to it
 * over the one before ({code: value}). */
static json_t *
effective(json_t *assessment, const char *upto)
{
    static const char *const levels[] = {"self", "anggota", "ketua", "dalnis", "tpn"};
    json_t *acc = json_object();
    for (int i = 0; i < 5; i++) {
        const char *code;
        json_t *row;
        json_object_foreach(jget(assessment, "levels", levels[i], "answers", NULL), code, row)
        {
            json_t *v = json_object_get(row, "value");
            if (v && !json_is_null(v))
                json_object_set(acc, code, v);
        }
        if (strcmp(levels[i], upto) == 0)
            break;
    }
    return acc;
}

/* `zona lke score` on answers: its result (a new reference). */
static json_t *
cli_score(struct zt_server *s, json_t *answers, const char *name)
{
    char path[400];
    snprintf(path, sizeof path, "%.255s/%.100s", s->dir, name);
    assert_int_equal(json_dump_file(answers, path, JSON_COMPACT), 0);
    const char *argv[] = {"lke", "score", "--answers", path, NULL};
    char *out = run_cli(s, argv, 0);
    json_t *j = json_loads(out, 0, NULL);
    free(out);
    assert_non_null(j);
    return j;
}

static void
assert_near(double a, double b)
{
    if (fabs(a - b) > 1e-9)
        fprintf(stderr, "expected %.12f, got %.12f\n", b, a);
    assert_true(fabs(a - b) <= 1e-9);
}

/* The demo's self-assessment of this year as {code: value}, exported by the command line. */
static char demo_answers_path[400];

static json_t *
demo_answers(void)
{
    static json_t *cached;
    if (!cached) {
        char *path = demo_answers_path, year[16];
        snprintf(path, sizeof demo_answers_path, "%.255s/demo-answers.json", S->dir);
        snprintf(year, sizeof year, "%d", this_year);
        const char *argv[] = {"lke", "export", "--unit", UNIT, "--year", year, "--out", path, NULL};
        free(run_cli(S, argv, 0));
        cached = json_load_file(path, 0, NULL);
        assert_non_null(cached);
        assert_true(json_object_size(cached) > 50);
    }
    return cached;
}

static void
put_all(struct zt_server *s, const struct zt_who *w, const char *unit, int year, json_t *answers)
{
    json_t *body = json_pack("{s:O}", "answers", answers);
    char *text = json_dumps(body, JSON_COMPACT);
    struct zt_resp r;
    expect_status(put_answers(s, w, unit, year, text, NULL, NULL, &r), 200, &r, "PUT answers");
    zt_resp_free(&r);
    free(text);
    json_decref(body);
}

/* --- setup ------------------------------------------------------------------------------------ */

static int
sign_in(struct zt_server *s, const char *nip, const char *totp, struct zt_who *w)
{
    int st = zt_sign_in(s, nip, PASSWORD, totp, w);
    if (st != 200)
        fprintf(stderr, "sign in %s: %d\n", nip, st);
    return st == 200 ? 0 : -1;
}

static int
run_demo(struct zt_server *s)
{
    const char *demo[] = {"demo", NULL};
    char *out = NULL, *err = NULL;
    int rc = zt_cli(s, demo, NULL, &out, &err);
    if (rc != 0)
        fprintf(stderr, "zona demo: %s%s\n", out, err);
    free(out);
    free(err);
    return rc;
}

static int
setup(void **state)
{
    (void)state;
    int y, m, d;
    fmt_civil_from_days(clock_now_ms() / 86400000, &y, &m, &d);
    this_year = y;
    const char *env[] = {"ZONA_EVIDENCE_MAX=2048", NULL};
    if (zt_server_start(S, env) != 0 || run_demo(S) != 0)
        return -1;
    struct {
        struct zt_who *w;
        const char *nip, *totp;
    } who[] = {
        {&koord, NIP_KOORD, NULL},
        {&pokja, NIP_POKJA, NULL},
        {&pimpinan, NIP_PIMPINAN, NULL},
        {&pemantau, NIP_PEMANTAU, NULL},
        {&bkoord, NIP_BKOORD, NULL},
        {&admin, NIP_ADMIN, "ZONADEMOADMINSISTEMAAAAAAAAAAAAA"},
        {&anggota, NIP_ANGGOTA, "ZONADEMOTPIANGGOTAAAAAAAAAAAAAAA"},
        {&ketua, NIP_KETUA, "ZONADEMOTPIKETUAAAAAAAAAAAAAAAAA"},
        {&dalnis, NIP_DALNIS, "ZONADEMOTPIDALNISAAAAAAAAAAAAAAA"},
        {&tpn, NIP_TPN, "ZONADEMOTPNAAAAAAAAAAAAAAAAAAAAA"},
        {&kanggota, NIP_KANGGOTA, "ZONADEMOKEPRIANGGOTAAAAAAAAAAAAA"},
    };
    for (size_t i = 0; i < sizeof who / sizeof who[0]; i++)
        if (sign_in(S, who[i].nip, who[i].totp, who[i].w) != 0)
            return -1;
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    return zt_server_stop(S) == 0 ? 0 : -1;
}

/* --- 1. answering ------------------------------------------------------------------------------
 */

static void
answers_of_every_type_are_saved_and_scored(void **state)
{
    (void)state;
    const int Y = 2030;
    char base[64], path[128];
    base_of(base, sizeof base, UNIT, Y);
    create(S, &koord, UNIT, Y);
    struct zt_resp r;

    /* yes/no, with a note */
    snprintf(path, sizeof path, "%s/jawaban", base);
    expect_status(post_form(S, &koord, path, &r, "code", "pemenuhan.1.i.a", "value", "Ya", "note",
                            "SK Tim ZI Nomor 12 Tahun 2030", NULL),
                  200, &r, "yn");
    json_t *j = body_json(&r);
    assert_string_equal(jstr(jget(j, "code", NULL)), "pemenuhan.1.i.a");
    assert_int_equal(json_integer_value(jget(j, "rev", NULL)), 1);
    assert_true(json_is_string(jget(j, "total", NULL)));
    assert_int_equal(json_integer_value(jget(j, "answered", NULL)), 1);
    json_decref(j);
    zt_resp_free(&r);

    /* one of the options, typed in lower case */
    expect_status(answer(S, &koord, UNIT, Y, "pemenuhan.2.i.a", "b", &r), 200, &r, "options");
    zt_resp_free(&r);

    /* a percentage from its inputs (input.KEY), typed as a form does */
    expect_status(post_form(S, &koord, path, &r, "code", "reform.1.i.a", "input.agen_perubahan",
                            "10", "input.perubahan_dibuat", "8", NULL),
                  200, &r, "inputs");
    j = body_json(&r);
    char *reform_points = strdup(jstr(jget(j, "points", NULL)));
    json_decref(j);
    zt_resp_free(&r);

    /* a survey index with the Indonesian decimal comma */
    expect_status(answer(S, &koord, UNIT, Y, "hasil.1.a", "3,25", &r), 200, &r, "index");
    j = body_json(&r);
    char last_total[48];
    snprintf(last_total, sizeof last_total, "%s", jstr(jget(j, "total", NULL)));
    assert_int_equal(json_integer_value(jget(j, "rev", NULL)), 1);
    json_decref(j);
    zt_resp_free(&r);

    /* what was saved, read back */
    json_t *a = api_assessment(S, &koord, UNIT, Y);
    json_t *rows = jget(a, "levels", "self", "answers", NULL);
    assert_string_equal(jstr(value_of(rows, "pemenuhan.1.i.a")), "ya");
    assert_string_equal(jstr(jget(rows, "pemenuhan.1.i.a", "note", NULL)),
                        "SK Tim ZI Nomor 12 Tahun 2030");
    assert_string_equal(jstr(value_of(rows, "pemenuhan.2.i.a")), "B");
    assert_near(
        json_number_value(jget(rows, "reform.1.i.a", "value", "inputs", "agen_perubahan", NULL)),
        10);
    assert_near(
        json_number_value(jget(rows, "reform.1.i.a", "value", "inputs", "perubahan_dibuat", NULL)),
        8);
    assert_near(json_number_value(value_of(rows, "hasil.1.a")), 3.25);
    /* the reply's scores are the assessment's scores */
    json_t *scores = jget(a, "levels", "self", "scores", NULL);
    assert_string_equal(last_total, dec2(json_number_value(jget(scores, "total", NULL)), "id"));
    double reform = json_number_value(jget(scores, "items", "reform.1.i.a", NULL));
    assert_true(reform > 0);
    assert_string_equal(reform_points, dec2(reform, "id"));
    free(reform_points);
    assert_true(json_number_value(jget(scores, "items", "pemenuhan.1.i.a", NULL)) > 0);
    assert_true(json_number_value(jget(scores, "items", "hasil.1.a", NULL)) > 0);
    json_decref(a);

    /* the area page shows the answer and its note */
    snprintf(path, sizeof path, "%s/area/1?format=json", base);
    json_t *page = get_json(S, &koord, path);
    assert_true(json_is_true(jget(page, "can_edit", NULL)));
    bool seen = false;
    size_t i, k;
    json_t *sec, *q;
    json_array_foreach(jget(page, "sections", NULL), i, sec)
    {
        json_array_foreach(jget(sec, "questions", NULL), k, q)
        {
            if (strcmp(jstr(jget(q, "code", NULL)), "pemenuhan.1.i.a") != 0)
                continue;
            seen = true;
            assert_string_equal(jstr(jget(q, "answer", NULL)), "Ya");
            assert_string_equal(jstr(jget(q, "note", NULL)), "SK Tim ZI Nomor 12 Tahun 2030");
            assert_int_equal(json_integer_value(jget(q, "rev", NULL)), 1);
        }
    }
    assert_true(seen);
    json_decref(page);

    /* an empty value takes the answer back */
    expect_status(answer(S, &koord, UNIT, Y, "hasil.1.a", "", &r), 200, &r, "clear");
    zt_resp_free(&r);
    rows = self_rows(S, &koord, UNIT, Y);
    json_t *v = value_of(rows, "hasil.1.a");
    assert_true(!v || json_is_null(v));
    json_decref(rows);
}

struct bad_case {
    const char *code;
    const char *fields[6]; /* name, value pairs after code */
    const char *en_start;  /* how the English message starts */
};

static long
post_case(const struct zt_who *w, const char *path, const struct bad_case *c, struct zt_resp *r)
{
    const char *const *f = c->fields; /* name, value pairs; a NULL name ends them */
    return post_form(S, w, path, r, "code", c->code, f[0], f[1], f[2], f[3], f[4], f[5], NULL);
}

/* Without JavaScript a refused answer comes back on the area page: the message at the question,
 * what was typed still in the form, and the saved answer untouched. */
static void
a_refused_form_post_shows_the_area_page_with_the_message(void **state)
{
    (void)state;
    const int Y = 2070; /* no assessment the year before: nothing carried over */
    char base[64], path[128];
    base_of(base, sizeof base, UNIT, Y);
    create(S, &koord, UNIT, Y);
    answer_ok(S, &koord, UNIT, Y, "hasil.1.a", "3,5");
    snprintf(path, sizeof path, "%s/jawaban", base);
    /* a plain browser form post: no Accept: application/json */
    struct buf b = BUF_INIT;
    buf_puts(&b, "csrf=");
    url_enc(&b, koord.csrf);
    buf_puts(&b, "&code=hasil.1.a&value=lima&note=");
    url_enc(&b, "Catatan yang saya ketik");
    const char *h[] = {koord.cookie, "Content-Type: application/x-www-form-urlencoded", NULL};
    struct zt_resp r;
    assert_int_equal(zt_request(S, "POST", path, h, b.p, b.len, &r), 0);
    buf_free(&b);
    assert_int_equal(r.status, 400);
    assert_true(zt_contains(&r, "<html lang=\"id\">"));
    assert_true(zt_contains(&r, "role=\"alert\">Masukkan indeks survei 1 sampai 4."));
    assert_true(zt_contains(&r, "Catatan yang saya ketik"));
    assert_true(zt_contains(&r, "action=\""));
    zt_resp_free(&r);
    json_t *rows = self_rows(S, &koord, UNIT, Y);
    assert_float_equal(json_number_value(value_of(rows, "hasil.1.a")), 3.5, 1e-9);
    json_decref(rows);
}

static void
bad_answers_are_refused_in_the_callers_language_and_lose_nothing(void **state)
{
    (void)state;
    const int Y = 2046;
    char base[64], path[128], path_en[160];
    base_of(base, sizeof base, UNIT, Y);
    create(S, &koord, UNIT, Y);
    snprintf(path, sizeof path, "%s/jawaban", base);
    snprintf(path_en, sizeof path_en, "%s/jawaban?lang=en", base);
    struct zt_resp r;
    expect_status(post_form(S, &koord, path, &r, "code", "pemenuhan.1.i.a", "value", "ya", "note",
                            "Catatan awal", NULL),
                  200, &r, "first save");
    zt_resp_free(&r);
    answer_ok(S, &koord, UNIT, Y, "pemenuhan.1.i.b", "A");
    expect_status(post_form(S, &koord, path, &r, "code", "reform.1.i.a", "input.agen_perubahan",
                            "10", "input.perubahan_dibuat", "8", NULL),
                  200, &r, "inputs");
    zt_resp_free(&r);
    answer_ok(S, &koord, UNIT, Y, "hasil.1.a", "3,5");
    json_t *before = self_rows(S, &koord, UNIT, Y);

    static const struct bad_case cases[] = {
        {"pemenuhan.1.i.a", {"value", "mungkin"}, "Choose"},
        {"pemenuhan.1.i.b", {"value", "D"}, "Choose"}, /* three options: A to C */
        {"reform.1.i.a", {"input.agen_perubahan", "10"}, "Enter"},
        {"reform.1.i.a", {"input.agen_perubahan", "-1", "input.perubahan_dibuat", "8"}, "Enter"},
        {"reform.1.i.a",
         {"input.agen_perubahan", "sepuluh", "input.perubahan_dibuat", "8"},
         "Enter"},
        {"hasil.1.a", {"value", "5"}, "Enter"},
        {"hasil.1.a", {"value", "tinggi"}, "Enter"},
        {"pemenuhan.9.z", {"value", "ya"}, "There is no such question"},
    };
    struct zt_who en = in_english(&koord);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct bad_case *c = &cases[i];
        char what[96];
        snprintf(what, sizeof what, "bad answer %zu (%s)", i, c->code);
        long st = post_case(&koord, path, c, &r);
        expect_status(st, 400, &r, what);
        json_t *j = body_json(&r);
        assert_string_equal(jstr(jget(j, "error", "code", NULL)), "invalid");
        json_decref(j);
        char id_msg[600];
        snprintf(id_msg, sizeof id_msg, "%s", error_message(&r));
        zt_resp_free(&r);
        /* English: by the cookie, and by ?lang=en */
        expect_status(post_case(&en, path, c, &r), 400, &r, what);
        char en_msg[600];
        snprintf(en_msg, sizeof en_msg, "%s", error_message(&r));
        zt_resp_free(&r);
        expect_status(post_case(&koord, path_en, c, &r), 400, &r, what);
        assert_string_equal(error_message(&r), en_msg);
        zt_resp_free(&r);
        assert_true(strncmp(en_msg, c->en_start, strlen(c->en_start)) == 0);
        assert_true(strlen(id_msg) > 0);
        if (strcmp(id_msg, en_msg) == 0)
            fprintf(stderr, "%s: the message is not in Indonesian: \"%s\"\n", what, id_msg);
        assert_string_not_equal(id_msg, en_msg);
    }
    /* a note over 4,000 characters */
    char *long_note = malloc(4100);
    memset(long_note, 'x', 4099);
    long_note[4099] = '\0';
    expect_status(post_form(S, &koord, path, &r, "code", "pemenuhan.1.i.a", "value", "tidak",
                            "note", long_note, NULL),
                  400, &r, "long note");
    zt_resp_free(&r);
    free(long_note);

    /* nothing saved was lost or changed */
    json_t *after = self_rows(S, &koord, UNIT, Y);
    const char *code;
    json_t *row;
    assert_int_equal(json_object_size(after), json_object_size(before));
    json_object_foreach(before, code, row)
    {
        json_t *now = json_object_get(after, code);
        assert_non_null(now);
        assert_true(json_equal(json_object_get(row, "value"), json_object_get(now, "value")));
        assert_int_equal(json_integer_value(json_object_get(row, "rev")),
                         json_integer_value(json_object_get(now, "rev")));
    }
    assert_string_equal(jstr(jget(after, "pemenuhan.1.i.a", "note", NULL)), "Catatan awal");
    assert_null(json_object_get(after, "pemenuhan.9.z"));
    json_decref(before);
    json_decref(after);
}

static void
working_group_members_answer_only_their_change_area(void **state)
{
    (void)state;
    const int Y = 2048;
    char base[64], path[128];
    base_of(base, sizeof base, UNIT, Y);
    create(S, &koord, UNIT, Y);
    struct zt_resp r;
    /* anggota-pokja:1 may not touch area 2 (either part) nor Hasil */
    static const char *const others[][2] = {
        {"pemenuhan.2.i.a", "A"}, {"reform.2.i.a", "A"}, {"hasil.1.a", "3"}};
    for (size_t i = 0; i < 3; i++) {
        expect_status(answer(S, &pokja, UNIT, Y, others[i][0], others[i][1], &r), 403, &r,
                      others[i][0]);
        json_t *j = body_json(&r);
        assert_string_equal(jstr(jget(j, "error", "code", NULL)), "forbidden");
        assert_true(strlen(jstr(jget(j, "error", "message", NULL))) > 0);
        json_decref(j);
        zt_resp_free(&r);
    }
    /* area 1 works, both parts */
    answer_ok(S, &pokja, UNIT, Y, "pemenuhan.1.i.a", "ya");
    snprintf(path, sizeof path, "%s/jawaban", base);
    expect_status(post_form(S, &pokja, path, &r, "code", "reform.1.i.b",
                            "input.perubahan_dibuat_agen", "5", "input.perubahan_terintegrasi", "4",
                            NULL),
                  200, &r, "reform area 1");
    zt_resp_free(&r);
    /* evidence for area 2 is refused too */
    struct buf pdf = BUF_INIT;
    make_pdf(&pdf, "SOP Tata Laksana 2048", 0);
    expect_status(upload(S, &pokja, UNIT, Y, "pemenuhan.2.i.a", "SOP.pdf", "application/pdf", pdf.p,
                         pdf.len, &r),
                  403, &r, "evidence area 2");
    zt_resp_free(&r);
    buf_free(&pdf);

    json_t *rows = self_rows(S, &koord, UNIT, Y);
    assert_string_equal(jstr(value_of(rows, "pemenuhan.1.i.a")), "ya");
    assert_non_null(value_of(rows, "reform.1.i.b"));
    for (size_t i = 0; i < 3; i++)
        assert_null(json_object_get(rows, others[i][0]));
    json_decref(rows);
    /* the pages say so */
    snprintf(path, sizeof path, "%s/area/2?format=json", base);
    json_t *page = get_json(S, &pokja, path);
    assert_false(json_is_true(jget(page, "can_edit", NULL)));
    assert_true(strlen(jstr(jget(page, "read_only_reason", NULL))) > 0);
    json_decref(page);
    snprintf(path, sizeof path, "%s/area/1?format=json", base);
    page = get_json(S, &pokja, path);
    assert_true(json_is_true(jget(page, "can_edit", NULL)));
    json_decref(page);
    /* the coordinator answers every area */
    answer_ok(S, &koord, UNIT, Y, "pemenuhan.2.i.a", "A");
}

static void
a_stale_tab_cannot_overwrite_a_newer_answer(void **state)
{
    (void)state;
    const int Y = 2050;
    char base[64], path[128];
    base_of(base, sizeof base, UNIT, Y);
    create(S, &koord, UNIT, Y);
    snprintf(path, sizeof path, "%s/jawaban", base);
    answer_ok(S, &koord, UNIT, Y, "pemenuhan.1.i.a", "ya");
    /* two tabs opened the page at the same revision */
    json_t *rows = self_rows(S, &koord, UNIT, Y);
    char rev[24];
    snprintf(rev, sizeof rev, "%lld",
             (long long)json_integer_value(jget(rows, "pemenuhan.1.i.a", "rev", NULL)));
    json_decref(rows);
    struct zt_resp r;
    expect_status(post_form(S, &koord, path, &r, "code", "pemenuhan.1.i.a", "value", "tidak",
                            "note", "tab pertama", "rev", rev, NULL),
                  200, &r, "first tab");
    json_t *j = body_json(&r);
    long long newer = json_integer_value(jget(j, "rev", NULL));
    assert_true(newer > atoll(rev));
    json_decref(j);
    zt_resp_free(&r);
    expect_status(post_form(S, &koord, path, &r, "code", "pemenuhan.1.i.a", "value", "ya", "note",
                            "tab kedua", "rev", rev, NULL),
                  409, &r, "second tab");
    j = body_json(&r);
    assert_string_equal(jstr(jget(j, "error", "code", NULL)), "conflict");
    assert_true(strlen(jstr(jget(j, "error", "message", NULL))) > 0);
    assert_int_equal(json_integer_value(jget(j, "rev", NULL)), newer); /* to reload from */
    json_decref(j);
    zt_resp_free(&r);
    rows = self_rows(S, &koord, UNIT, Y);
    assert_string_equal(jstr(value_of(rows, "pemenuhan.1.i.a")), "tidak");
    assert_string_equal(jstr(jget(rows, "pemenuhan.1.i.a", "note", NULL)), "tab pertama");
    assert_int_equal(json_integer_value(jget(rows, "pemenuhan.1.i.a", "rev", NULL)), newer);
    json_decref(rows);
    /* after reloading, the second tab saves */
    snprintf(rev, sizeof rev, "%lld", newer);
    expect_status(post_form(S, &koord, path, &r, "code", "pemenuhan.1.i.a", "value", "ya", "note",
                            "tab kedua", "rev", rev, NULL),
                  200, &r, "second tab reloaded");
    zt_resp_free(&r);
    rows = self_rows(S, &koord, UNIT, Y);
    assert_string_equal(jstr(value_of(rows, "pemenuhan.1.i.a")), "ya");
    json_decref(rows);
}

/* --- 2. evidence -------------------------------------------------------------------------------
 */

static long long
evidence_count(struct zt_server *s, const struct zt_who *w, const char *unit, int year,
               const char *code)
{
    json_t *a = api_assessment(s, w, unit, year);
    long long n = (long long)json_array_size(jget(a, "evidence", code, NULL));
    json_decref(a);
    return n;
}

static void
evidence_files_are_kept_once_and_served_inline(void **state)
{
    (void)state;
    const int Y = 2032;
    char base[64], path[160];
    base_of(base, sizeof base, UNIT, Y);
    create(S, &koord, UNIT, Y);
    struct buf pdf = BUF_INIT;
    char text[96];
    snprintf(text, sizeof text, "SK Tim Kerja ZI %d nomor %d", Y, (int)getpid());
    make_pdf(&pdf, text, 0);
    struct zt_resp r;
    expect_status(upload(S, &koord, UNIT, Y, "pemenuhan.1.i.a", "SK Tim ZI 2032.pdf",
                         "application/pdf", pdf.p, pdf.len, &r),
                  201, &r, "upload");
    json_t *e = body_json(&r);
    zt_resp_free(&r);
    long long id1 = json_integer_value(jget(e, "id", NULL));
    assert_string_equal(jstr(jget(e, "kind", NULL)), "file");
    assert_string_equal(jstr(jget(e, "mime", NULL)), "application/pdf");
    assert_string_equal(jstr(jget(e, "name", NULL)), "SK Tim ZI 2032.pdf");
    assert_int_equal(json_integer_value(jget(e, "size", NULL)), pdf.len);
    char sha[80], href[128];
    snprintf(sha, sizeof sha, "%s", jstr(jget(e, "sha256", NULL)));
    snprintf(href, sizeof href, "%s", jstr(jget(e, "href", NULL)));
    assert_int_equal(strlen(sha), 64);
    snprintf(path, sizeof path, "%s/eviden/%lld", base, id1);
    assert_string_equal(href, path);
    json_decref(e);

    /* attached, and served as it was given: inline, as a PDF */
    json_t *a = api_assessment(S, &koord, UNIT, Y);
    assert_int_equal(json_array_size(jget(a, "evidence", "pemenuhan.1.i.a", NULL)), 1);
    assert_int_equal(json_integer_value(jget(a, "evidence", "pemenuhan.1.i.a", "0", "id", NULL)),
                     id1);
    json_decref(a);
    assert_int_equal(zt_as(S, &pemantau, "GET", href, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, pdf.len);
    assert_memory_equal(r.body, pdf.p, pdf.len);
    assert_string_equal(zt_header(&r, "Content-Type"), "application/pdf");
    const char *cd = zt_header(&r, "Content-Disposition");
    assert_non_null(cd);
    assert_true(strncmp(cd, "inline", 6) == 0);
    assert_non_null(strstr(cd, "SK Tim ZI 2032.pdf"));
    zt_resp_free(&r);
    snprintf(path, sizeof path, "%s?unduh=1", href);
    assert_int_equal(zt_as(S, &koord, "GET", path, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_true(strncmp(zt_header(&r, "Content-Disposition"), "attachment", 10) == 0);
    zt_resp_free(&r);

    /* the same file again, under another name and question: one stored copy */
    expect_status(upload(S, &koord, UNIT, Y, "pemenuhan.1.i.b", "salinan SK.pdf", "application/pdf",
                         pdf.p, pdf.len, &r),
                  201, &r, "upload again");
    e = body_json(&r);
    zt_resp_free(&r);
    assert_int_not_equal(json_integer_value(jget(e, "id", NULL)), id1);
    assert_string_equal(jstr(jget(e, "sha256", NULL)), sha);
    json_decref(e);
    assert_int_equal(count(S, "SELECT COUNT(*) FROM blobs WHERE sha256 = '%s'", sha), 1);
    assert_int_equal(evidence_count(S, &koord, UNIT, Y, "pemenuhan.1.i.b"), 1);

    /* a link with its date */
    snprintf(path, sizeof path, "%s/eviden", base);
    expect_status(post_form(S, &koord, path, &r, "code", "pemenuhan.1.ii.a", "url",
                            "https://klungkung.bawaslu.go.id/berita/rapat-tim-zi-2032", "link_date",
                            "2032-02-01", NULL),
                  201, &r, "link");
    e = body_json(&r);
    zt_resp_free(&r);
    assert_string_equal(jstr(jget(e, "kind", NULL)), "link");
    assert_string_equal(jstr(jget(e, "link_date", NULL)), "2032-02-01");
    snprintf(href, sizeof href, "%s", jstr(jget(e, "href", NULL)));
    json_decref(e);
    assert_int_equal(zt_as(S, &koord, "GET", href, NULL, &r), 0);
    assert_int_equal(r.status, 303);
    assert_string_equal(zt_header(&r, "Location"),
                        "https://klungkung.bawaslu.go.id/berita/rapat-tim-zi-2032");
    zt_resp_free(&r);
    /* links that are not web addresses, and dates that are not dates */
    expect_status(post_form(S, &koord, path, &r, "code", "pemenuhan.1.ii.a", "url",
                            "javascript:alert(1)", NULL),
                  400, &r, "bad url");
    assert_true(strlen(error_message(&r)) > 0);
    zt_resp_free(&r);
    expect_status(post_form(S, &koord, path, &r, "code", "pemenuhan.1.ii.a", "url",
                            "https://klungkung.bawaslu.go.id/x", "link_date", "01/02/2032", NULL),
                  400, &r, "bad date");
    zt_resp_free(&r);
    assert_int_equal(evidence_count(S, &koord, UNIT, Y, "pemenuhan.1.ii.a"), 1);

    /* the area page lists them on their questions */
    snprintf(path, sizeof path, "%s/area/1?format=json", base);
    json_t *page = get_json(S, &koord, path);
    int listed = 0;
    size_t i, k;
    json_t *sec, *q;
    json_array_foreach(jget(page, "sections", NULL), i, sec)
    {
        json_array_foreach(jget(sec, "questions", NULL), k, q)
        {
            listed += (int)json_array_size(jget(q, "evidence", NULL));
            if (strcmp(jstr(jget(q, "code", NULL)), "pemenuhan.1.i.a") == 0)
                assert_string_equal(jstr(jget(q, "evidence", "0", "name", NULL)),
                                    "SK Tim ZI 2032.pdf");
        }
    }
    assert_int_equal(listed, 3);
    json_decref(page);
    buf_free(&pdf);
}

static void
evidence_of_the_wrong_kind_or_another_unit_is_refused(void **state)
{
    (void)state;
    const int Y = 2052;
    char base[64], path[160];
    base_of(base, sizeof base, UNIT, Y);
    create(S, &koord, UNIT, Y);
    struct zt_resp r;
    /* a Windows program named like a PDF */
    char exe[512];
    memset(exe, 0, sizeof exe);
    memcpy(exe, "MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", 14);
    memcpy(exe + 0x4e, "This program cannot be run in DOS mode.\r\r\n$", 43);
    exe[0x3c] = (char)0x80;
    memcpy(exe + 0x80, "PE\0\0\x4c\x01\x03\x00", 8);
    expect_status(upload(S, &koord, UNIT, Y, "pemenuhan.1.i.a", "laporan-kegiatan.pdf",
                         "application/pdf", exe, sizeof exe, &r),
                  415, &r, "exe as pdf");
    json_t *j = body_json(&r);
    assert_string_equal(jstr(jget(j, "error", "code", NULL)), "unsupported_media_type");
    assert_non_null(strstr(jstr(jget(j, "error", "message", NULL)), "PDF"));
    json_decref(j);
    zt_resp_free(&r);
    /* a text file named like a PDF */
    const char txt[] = "Ini bukan PDF, hanya catatan rapat yang diketik biasa.\n";
    expect_status(upload(S, &koord, UNIT, Y, "pemenuhan.1.i.a", "notulen.pdf", "application/pdf",
                         txt, sizeof txt - 1, &r),
                  415, &r, "text as pdf");
    assert_non_null(strstr(error_message(&r), "PDF"));
    zt_resp_free(&r);
    assert_int_equal(evidence_count(S, &koord, UNIT, Y, "pemenuhan.1.i.a"), 0);
    /* no file and no link */
    snprintf(path, sizeof path, "%s/eviden", base);
    expect_status(post_form(S, &koord, path, &r, "code", "pemenuhan.1.i.a", NULL), 400, &r,
                  "nothing");
    zt_resp_free(&r);

    /* another unit's evidence: not served under this unit, not attachable */
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT MIN(e.id) FROM evidence e JOIN units u ON u.id = e.unit_id WHERE u.code = "
             "'21.01' AND e.kind = 'file'");
    char *other = sql_text(S, sql);
    char mine_path[160];
    snprintf(mine_path, sizeof mine_path, "/lke/21.01/%d/eviden/%s", this_year, other);
    assert_int_equal(zt_as(S, &bkoord, "GET", mine_path, NULL, &r), 0);
    assert_int_equal(r.status, 200); /* it exists, for its own unit */
    zt_resp_free(&r);
    snprintf(path, sizeof path, "%s/eviden/%s", base, other);
    assert_int_equal(zt_as(S, &koord, "GET", path, NULL, &r), 0);
    assert_int_equal(r.status, 404);
    zt_resp_free(&r);
    snprintf(path, sizeof path, "/lke/%s/%d/eviden/%s", UNIT, this_year, other);
    assert_int_equal(zt_as(S, &koord, "GET", path, NULL, &r), 0);
    assert_int_equal(r.status, 404);
    zt_resp_free(&r);
    snprintf(path, sizeof path, "%s/eviden", base);
    expect_status(
        post_form(S, &koord, path, &r, "code", "pemenuhan.1.i.a", "evidence_id", other, NULL), 400,
        &r, "attach another unit's");
    zt_resp_free(&r);
    free(other);
    assert_int_equal(evidence_count(S, &koord, UNIT, Y, "pemenuhan.1.i.a"), 0);
    /* the unit's own vault entry attaches */
    snprintf(sql, sizeof sql,
             "SELECT MIN(e.id) FROM evidence e JOIN units u ON u.id = e.unit_id WHERE u.code = "
             "'%s' AND e.kind = 'file'",
             UNIT);
    char *own = sql_text(S, sql);
    expect_status(
        post_form(S, &koord, path, &r, "code", "pemenuhan.1.i.a", "evidence_id", own, NULL), 201,
        &r, "attach from the vault");
    zt_resp_free(&r);
    free(own);
    assert_int_equal(evidence_count(S, &koord, UNIT, Y, "pemenuhan.1.i.a"), 1);
}

static void
evidence_over_the_size_limit_is_refused(void **state)
{
    (void)state;
    const int Y = 2058;
    create(S, &koord, UNIT, Y);
    struct buf big = BUF_INIT, fits = BUF_INIT;
    make_pdf(&big, "Laporan lengkap", 2 * EVIDENCE_MAX);
    make_pdf(&fits, "Ringkasan", 200);
    assert_true(big.len > EVIDENCE_MAX);
    assert_true(fits.len < EVIDENCE_MAX);
    struct zt_resp r;
    expect_status(upload(S, &koord, UNIT, Y, "pemenuhan.1.i.a", "laporan.pdf", "application/pdf",
                         big.p, big.len, &r),
                  413, &r, "too large");
    json_t *j = body_json(&r);
    assert_string_equal(jstr(jget(j, "error", "code", NULL)), "too_large");
    assert_true(strlen(jstr(jget(j, "error", "message", NULL))) > 0);
    json_decref(j);
    zt_resp_free(&r);
    assert_int_equal(evidence_count(S, &koord, UNIT, Y, "pemenuhan.1.i.a"), 0);
    expect_status(upload(S, &koord, UNIT, Y, "pemenuhan.1.i.a", "ringkasan.pdf", "application/pdf",
                         fits.p, fits.len, &r),
                  201, &r, "fits");
    zt_resp_free(&r);
    assert_int_equal(evidence_count(S, &koord, UNIT, Y, "pemenuhan.1.i.a"), 1);
    buf_free(&big);
    buf_free(&fits);
}

/* --- 3. the TPI team and the workflow -----------------------------------------------------------
 */

static void
team_assignment_rules(void **state)
{
    (void)state;
    const int Y = 2054;
    char base[64], path[160], link[64];
    base_of(base, sizeof base, UNIT, Y);
    base_of(link, sizeof link, UNIT, Y);
    create(S, &koord, UNIT, Y);
    snprintf(path, sizeof path, "%s/tim?lang=en", base);
    struct zt_resp r;
    /* the unit does not choose its own assessors */
    expect_status(post_form(S, &koord, path, &r, "nip", NIP_ANGGOTA, "level", "anggota", NULL), 403,
                  &r, "koordinator assigns");
    zt_resp_free(&r);
    /* nobody reviews their own unit */
    expect_status(post_form(S, &ketua, path, &r, "nip", NIP_KOORD, "level", "anggota", NULL), 400,
                  &r, "own unit");
    assert_non_null(strstr(error_message(&r), "own unit"));
    zt_resp_free(&r);
    expect_status(post_form(S, &ketua, path, &r, "nip", NIP_POKJA, "level", "anggota", NULL), 400,
                  &r, "own unit (pokja)");
    assert_non_null(strstr(error_message(&r), "own unit"));
    zt_resp_free(&r);
    /* someone without the TPI role, or without the role of that level */
    expect_status(post_form(S, &ketua, path, &r, "nip", NIP_PEMANTAU, "level", "anggota", NULL),
                  400, &r, "no TPI role");
    assert_non_null(strstr(error_message(&r), "TPI role"));
    zt_resp_free(&r);
    expect_status(post_form(S, &dalnis, path, &r, "nip", NIP_ANGGOTA, "level", "ketua", NULL), 400,
                  &r, "wrong level");
    assert_non_null(strstr(error_message(&r), "TPI role"));
    zt_resp_free(&r);
    /* the team lead adds members only; nobody adds themselves */
    expect_status(post_form(S, &ketua, path, &r, "nip", NIP_DALNIS, "level", "dalnis", NULL), 403,
                  &r, "team lead adds a technical controller");
    zt_resp_free(&r);
    expect_status(post_form(S, &dalnis, path, &r, "nip", NIP_DALNIS, "level", "dalnis", NULL), 403,
                  &r, "adds themselves");
    zt_resp_free(&r);
    expect_status(post_form(S, &ketua, path, &r, "nip", NIP_KANGGOTA, "level", "anggota", NULL),
                  400, &r, "TPI of another province");
    zt_resp_free(&r);
    expect_status(
        post_form(S, &ketua, path, &r, "nip", "197001011995039999", "level", "anggota", NULL), 400,
        &r, "nobody");
    zt_resp_free(&r);
    expect_status(post_form(S, &ketua, path, &r, "nip", NIP_ANGGOTA, "level", "tpn", NULL), 400, &r,
                  "no such level");
    zt_resp_free(&r);
    json_t *a = api_assessment(S, &koord, UNIT, Y);
    assert_int_equal(json_array_size(jget(a, "team", NULL)), 0);
    json_decref(a);

    int before = unread_for(S, &anggota, link);
    assign_team(UNIT, Y);
    a = api_assessment(S, &koord, UNIT, Y);
    json_t *team = jget(a, "team", NULL);
    assert_int_equal(json_array_size(team), 3);
    int levels_seen = 0;
    size_t i;
    json_t *x;
    json_array_foreach(team, i, x)
    {
        const char *nip = jstr(jget(x, "nip", NULL)), *level = jstr(jget(x, "level", NULL));
        levels_seen += (strcmp(nip, NIP_ANGGOTA) == 0 && strcmp(level, "anggota") == 0) +
                       (strcmp(nip, NIP_KETUA) == 0 && strcmp(level, "ketua") == 0) +
                       (strcmp(nip, NIP_DALNIS) == 0 && strcmp(level, "dalnis") == 0);
    }
    assert_int_equal(levels_seen, 3);
    json_decref(a);
    /* the assessor hears of it */
    assert_int_equal(unread_for(S, &anggota, link), before + 1);
    assert_int_equal(audit_count(S, "lke.team", UNIT "/2054"), 3);
    /* and the history says so */
    snprintf(path, sizeof path, "%s?format=json", base);
    json_t *page = get_json(S, &koord, path);
    int team_events = 0;
    json_array_foreach(jget(page, "events", NULL), i, x) team_events +=
        strcmp(jstr(jget(x, "action", NULL)), "team") == 0;
    assert_int_equal(team_events, 3);
    json_decref(page);
    /* taking someone off the team */
    snprintf(path, sizeof path, "%s/tim", base);
    expect_status(
        post_form(S, &ketua, path, &r, "nip", NIP_DALNIS, "level", "dalnis", "op", "hapus", NULL),
        403, &r, "team lead removes the technical controller");
    zt_resp_free(&r);
    expect_status(
        post_form(S, &admin, path, &r, "nip", NIP_DALNIS, "level", "dalnis", "op", "hapus", NULL),
        303, &r, "remove");
    zt_resp_free(&r);
    a = api_assessment(S, &koord, UNIT, Y);
    assert_int_equal(json_array_size(jget(a, "team", NULL)), 2);
    json_decref(a);
}

/* Every answer of the self level of a (values only). */
static json_t *
values_of(json_t *rows)
{
    json_t *out = json_object();
    const char *code;
    json_t *row;
    json_object_foreach(rows, code, row)
    {
        json_t *v = json_object_get(row, "value");
        if (v && !json_is_null(v))
            json_object_set(out, code, v);
    }
    return out;
}

static void
nav_count_is(struct zt_server *s, const struct zt_who *w)
{
    json_t *j = get_json(s, w, "/kotak-masuk?format=json");
    long long unread = json_integer_value(jget(j, "unread", NULL));
    json_decref(j);
    assert_true(unread > 0);
    struct zt_resp r;
    assert_int_equal(zt_as(s, w, "GET", "/beranda", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    char want[128];
    snprintf(want, sizeof want, "<span class=\"visually-hidden\">(</span>%lld<", unread);
    assert_true(zt_contains(&r, "nav-count"));
    assert_true(zt_contains(&r, want));
    zt_resp_free(&r);
}

static void
the_whole_workflow_with_audit_and_inbox(void **state)
{
    (void)state;
    const int Y = 2034;
    const char *obj = UNIT "/2034";
    char base[64], path[160];
    base_of(base, sizeof base, UNIT, Y);
    create(S, &koord, UNIT, Y);
    json_t *start = json_pack("{s:s,s:s,s:s,s:f,s:{s:{s:i,s:i}}}", "pemenuhan.1.i.a", "ya",
                              "pemenuhan.1.i.b", "A", "pemenuhan.2.i.a", "B", "hasil.1.a", 3.4,
                              "reform.1.i.a", "inputs", "agen_perubahan", 5, "perubahan_dibuat", 4);
    put_all(S, &koord, UNIT, Y, start);
    json_decref(start);
    struct buf pdf = BUF_INIT;
    make_pdf(&pdf, "SK Tim ZI 2034", 0);
    struct zt_resp r;
    expect_status(upload(S, &koord, UNIT, Y, "pemenuhan.1.i.a", "SK Tim ZI.pdf", "application/pdf",
                         pdf.p, pdf.len, &r),
                  201, &r, "evidence");
    zt_resp_free(&r);
    buf_free(&pdf);
    assign_team(UNIT, Y);
    json_t *rows = self_rows(S, &koord, UNIT, Y);
    json_t *submitted = values_of(rows);
    json_decref(rows);

    /* only the unit submits */
    move_refused(S, &anggota, UNIT, Y, "submit", 403);
    move_refused(S, &koord, UNIT, Y, "accept", 409); /* not from a draft */
    int anggota_before = unread_for(S, &anggota, base);
    snprintf(path, sizeof path, "%s/status", base);
    expect_status(
        post_form(S, &koord, path, &r, "action", "submit", "note", "Mohon dinilai.", NULL), 303, &r,
        "submit");
    /* checked at the end, so that the rest of the workflow is tested either way */
    bool submit_location_ok = location_is(&r, base);
    zt_resp_free(&r);
    json_t *a = api_assessment(S, &koord, UNIT, Y);
    assert_string_equal(jstr(jget(a, "state", NULL)), "submitted");
    assert_int_equal(json_integer_value(jget(a, "round", NULL)), 1);
    json_decref(a);
    assert_int_equal(audit_count(S, "lke.submit", obj), 1);
    assert_int_equal(unread_for(S, &anggota, base), anggota_before + 1);

    /* frozen: answers, evidence and imports are refused */
    expect_status(answer(S, &koord, UNIT, Y, "pemenuhan.1.i.a", "tidak", &r), 409, &r, "frozen");
    assert_true(strlen(error_message(&r)) > 0);
    zt_resp_free(&r);
    expect_status(put_answers(S, &koord, UNIT, Y, "{\"answers\":{\"pemenuhan.1.i.b\":\"C\"}}", NULL,
                              NULL, &r),
                  409, &r, "frozen PUT");
    zt_resp_free(&r);
    snprintf(path, sizeof path, "%s/eviden", base);
    expect_status(post_form(S, &koord, path, &r, "code", "pemenuhan.1.i.b", "url",
                            "https://klungkung.bawaslu.go.id/zi", NULL),
                  409, &r, "frozen evidence");
    zt_resp_free(&r);
    /* reviewers see exactly what was submitted */
    const struct zt_who *readers[] = {&koord, &anggota, &ketua};
    for (size_t i = 0; i < 3; i++) {
        rows = self_rows(S, readers[i], UNIT, Y);
        json_t *seen = values_of(rows);
        assert_true(json_equal(seen, submitted));
        json_decref(seen);
        json_decref(rows);
    }

    /* the review starts: not by another assessor, nor by the unit, nor from another province */
    const char *useradd[] = {"user",    "add",
                             "--nip",   NIP_OTHER_TPI,
                             "--name",  "Putu Penilai Lain",
                             "--email", "penilai.lain@bawaslu.test",
                             "--unit",  "51",
                             "--role",  "tpi-anggota",
                             NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(zt_cli(S, useradd, "Sandi-Penilai-Lain-2034\n", &out, &err), 0);
    free(out);
    free(err);
    struct zt_who other;
    assert_int_equal(zt_session_fixture(S, NIP_OTHER_TPI, &other), 200);
    move_refused(S, &other, UNIT, Y, "start", 403);
    move_refused(S, &koord, UNIT, Y, "start", 403);
    move_refused(S, &ketua, UNIT, Y, "start", 403); /* on the team, not as its member */
    move_refused(S, &kanggota, UNIT, Y, "start", 404);
    assert_string_equal(state_of(S, &koord, UNIT, Y), "submitted");
    int koord_before = unread_for(S, &koord, base);
    move_ok(S, &anggota, UNIT, Y, "start", "review_anggota");
    assert_int_equal(audit_count(S, "lke.start", obj), 1);
    assert_int_equal(unread_for(S, &koord, base), koord_before + 1);

    /* the member records an answer of their own without a finding */
    expect_status(review(S, &anggota, UNIT, Y, "pemenuhan.1.i.b", "B", "", "", &r), 200, &r,
                  "anggota review");
    zt_resp_free(&r);
    expect_status(review(S, &koord, UNIT, Y, "pemenuhan.1.i.b", "A", "", "", &r), 403, &r,
                  "unit reviews");
    zt_resp_free(&r);
    int ketua_before = unread_for(S, &ketua, base);
    move_ok(S, &anggota, UNIT, Y, "to_ketua", "review_ketua");
    assert_int_equal(audit_count(S, "lke.to_ketua", obj), 1);
    assert_int_equal(unread_for(S, &ketua, base), ketua_before + 1);
    nav_count_is(S, &ketua);
    /* reading an inbox entry leads to the assessment and counts it read */
    json_t *inbox = get_json(S, &ketua, "/kotak-masuk?format=json");
    long long unread = json_integer_value(jget(inbox, "unread", NULL));
    char first_id[24] = "";
    size_t i;
    json_t *x;
    json_array_foreach(jget(inbox, "items", NULL), i, x)
    {
        if (!first_id[0] && strcmp(jstr(jget(x, "link", NULL)), base) == 0 &&
            !json_is_true(jget(x, "read", NULL)))
            snprintf(first_id, sizeof first_id, "%lld",
                     (long long)json_integer_value(jget(x, "id", NULL)));
    }
    json_decref(inbox);
    assert_true(first_id[0] != 0);
    expect_status(post_form(S, &ketua, "/kotak-masuk/baca", &r, "id", first_id, NULL), 303, &r,
                  "read");
    assert_string_equal(zt_header(&r, "Location"), base);
    zt_resp_free(&r);
    inbox = get_json(S, &ketua, "/kotak-masuk?format=json");
    assert_int_equal(json_integer_value(jget(inbox, "unread", NULL)), unread - 1);
    json_decref(inbox);

    /* returning needs a finding */
    move_refused(S, &ketua, UNIT, Y, "return", 400);
    assert_string_equal(state_of(S, &koord, UNIT, Y), "review_ketua");
    expect_status(review(S, &ketua, UNIT, Y, "pemenuhan.2.i.a", "C", "SOP belum ditetapkan.",
                         "Tetapkan SOP layanan.", &r),
                  200, &r, "ketua finding");
    json_t *j = body_json(&r);
    assert_string_equal(jstr(jget(j, "level", NULL)), "ketua");
    json_decref(j);
    zt_resp_free(&r);
    int dalnis_before = unread_for(S, &dalnis, base);
    move_ok(S, &ketua, UNIT, Y, "to_dalnis", "review_dalnis");
    assert_int_equal(unread_for(S, &dalnis, base), dalnis_before + 1);
    /* the wrong people cannot accept */
    move_refused(S, &koord, UNIT, Y, "accept", 403);
    move_refused(S, &anggota, UNIT, Y, "accept", 403);
    move_refused(S, &ketua, UNIT, Y, "accept", 403);
    int unit_before[3] = {unread_for(S, &koord, base), unread_for(S, &pokja, base),
                          unread_for(S, &pimpinan, base)};
    move_ok(S, &dalnis, UNIT, Y, "return", "returned");
    assert_int_equal(audit_count(S, "lke.return", obj), 1);
    assert_int_equal(unread_for(S, &koord, base), unit_before[0] + 1);
    assert_int_equal(unread_for(S, &pokja, base), unit_before[1] + 1);
    assert_int_equal(unread_for(S, &pimpinan, base), unit_before[2] + 1);

    /* the unit revises and answers the finding */
    answer_ok(S, &koord, UNIT, Y, "pemenuhan.2.i.a", "C");
    move_refused(S, &koord, UNIT, Y, "submit", 400); /* the finding is unanswered */
    assert_string_equal(state_of(S, &koord, UNIT, Y), "returned");
    snprintf(path, sizeof path, "%s/tanggapan", base);
    expect_status(post_form(S, &koord, path, &r, "code", "pemenuhan.2.i.a", "level", "ketua",
                            "response", "", NULL),
                  400, &r, "empty response");
    zt_resp_free(&r);
    expect_status(post_form(S, &koord, path, &r, "code", "pemenuhan.2.i.a", "level", "ketua",
                            "response", "SOP layanan telah ditetapkan dengan SK Kepala.", NULL),
                  303, &r, "response");
    zt_resp_free(&r);
    a = api_assessment(S, &koord, UNIT, Y);
    json_t *f = jget(a, "findings", NULL);
    assert_int_equal(json_array_size(f), 1);
    assert_string_equal(jstr(jget(f, "0", "finding", NULL)), "SOP belum ditetapkan.");
    assert_string_equal(jstr(jget(f, "0", "response", NULL)),
                        "SOP layanan telah ditetapkan dengan SK Kepala.");
    json_decref(a);
    anggota_before = unread_for(S, &anggota, base);
    form_move(S, &koord, UNIT, Y, "submit", "submitted");
    a = api_assessment(S, &koord, UNIT, Y);
    assert_int_equal(json_integer_value(jget(a, "round", NULL)), 2);
    assert_string_equal(
        jstr(jget(a, "levels", "self", "answers", "pemenuhan.2.i.a", "value", NULL)), "C");
    json_decref(a);
    assert_int_equal(audit_count(S, "lke.submit", obj), 2);
    assert_int_equal(unread_for(S, &anggota, base), anggota_before + 1);

    /* round 2 to the end */
    form_move(S, &anggota, UNIT, Y, "start", "review_anggota");
    form_move(S, &anggota, UNIT, Y, "to_ketua", "review_ketua");
    form_move(S, &ketua, UNIT, Y, "to_dalnis", "review_dalnis");
    unit_before[0] = unread_for(S, &koord, base);
    unit_before[2] = unread_for(S, &pimpinan, base);
    move_ok(S, &dalnis, UNIT, Y, "accept", "accepted");
    assert_int_equal(unread_for(S, &koord, base), unit_before[0] + 1);
    assert_int_equal(unread_for(S, &pimpinan, base), unit_before[2] + 1);
    snprintf(path, sizeof path, "%s/tim", base);
    expect_status(post_form(S, &ketua, path, &r, "nip", NIP_OTHER_TPI, "level", "anggota", NULL),
                  409, &r, "team after acceptance");
    zt_resp_free(&r);
    move_refused(S, &koord, UNIT, Y, "propose", 403);
    int tpn_before = unread_for(S, &tpn, base);
    move_ok(S, &dalnis, UNIT, Y, "propose", "proposed");
    assert_int_equal(unread_for(S, &tpn, base), tpn_before + 1);
    /* the TPN's result needs its letter */
    expect_status(move(S, &tpn, UNIT, Y, "result", "\"result\":\"wbk\"", &r), 400, &r, "no letter");
    zt_resp_free(&r);
    expect_status(move(S, &tpn, UNIT, Y, "result", "\"result\":\"juara\",\"letter\":\"B/1\"", &r),
                  400, &r, "no such result");
    zt_resp_free(&r);
    move_refused(S, &koord, UNIT, Y, "result", 403);
    unit_before[0] = unread_for(S, &koord, base);
    anggota_before = unread_for(S, &anggota, base);
    expect_status(move(S, &tpn, UNIT, Y, "result",
                       "\"result\":\"wbk\",\"letter\":\"B/245/M.SM.01.00/2034\"", &r),
                  200, &r, "result");
    j = body_json(&r);
    assert_string_equal(jstr(jget(j, "state", NULL)), "result");
    /* the reply is the assessment as it now is (checked at the end) */
    bool reply_has_result = strcmp(jstr(jget(j, "result", NULL)), "wbk") == 0;
    if (!reply_has_result)
        fprintf(stderr, "the reply to the result move says result \"%s\"\n",
                jstr(jget(j, "result", NULL)));
    json_decref(j);
    zt_resp_free(&r);
    a = api_assessment(S, &koord, UNIT, Y);
    assert_string_equal(jstr(jget(a, "result", NULL)), "wbk");
    json_decref(a);
    assert_int_equal(unread_for(S, &koord, base), unit_before[0] + 1);
    assert_int_equal(unread_for(S, &anggota, base), anggota_before + 1);
    snprintf(path, sizeof path, "%s?format=json", base);
    json_t *page = get_json(S, &pemantau, path);
    assert_true(json_is_true(jget(page, "has_result", NULL)));
    assert_string_equal(jstr(jget(page, "result_label", NULL)), "WBK");
    assert_string_equal(jstr(jget(page, "result_letter", NULL)), "B/245/M.SM.01.00/2034");
    json_decref(page);
    move_refused(S, &koord, UNIT, Y, "close", 403);
    form_move(S, &tpn, UNIT, Y, "close", "closed");
    move_refused(S, &tpn, UNIT, Y, "close", 409);

    /* every move is in the audit trail and in the history, in order */
    static const struct {
        const char *action;
        long n;
    } moves[] = {{"lke.submit", 2}, {"lke.start", 2},   {"lke.to_ketua", 2}, {"lke.to_dalnis", 2},
                 {"lke.return", 1}, {"lke.accept", 1},  {"lke.propose", 1},  {"lke.result", 1},
                 {"lke.close", 1},  {"lke.response", 1}};
    for (size_t m = 0; m < sizeof moves / sizeof moves[0]; m++) {
        long n = audit_count(S, moves[m].action, obj);
        if (n != moves[m].n)
            fprintf(stderr, "audit %s: %ld entries, expected %ld\n", moves[m].action, n,
                    moves[m].n);
        assert_int_equal(n, moves[m].n);
    }
    static const char *const order[] = {"submit",  "start",  "to_ketua", "to_dalnis", "return",
                                        "submit",  "start",  "to_ketua", "to_dalnis", "accept",
                                        "propose", "result", "close"};
    page = get_json(S, &koord, path);
    size_t k = 0;
    json_array_foreach(jget(page, "events", NULL), i, x)
    {
        const char *act = jstr(jget(x, "action", NULL));
        if (strcmp(act, "team") == 0 || strcmp(act, "created") == 0)
            continue;
        assert_true(k < sizeof order / sizeof order[0]);
        assert_string_equal(act, order[k]);
        k++;
    }
    assert_int_equal(k, sizeof order / sizeof order[0]);
    assert_string_equal(jstr(jget(page, "state", NULL)), "closed");
    json_decref(page);
    json_decref(submitted);
    /* the forms led back to the assessment */
    assert_true(submit_location_ok);
    assert_int_equal(bad_redirects, 0);
    assert_true(reply_has_result);
}

/* --- 4. review levels, 5. documents ------------------------------------------------------------
 */

enum { REVIEWED_YEAR = 2040 };
static bool reviewed_ready;
static const char *const findings_text[3] = {"Tim belum rapat.", "SOP belum lengkap.",
                                             "Survei kurang."};

/* An assessment reviewed up to the technical controller, with evidence and findings at two
 * levels; made once, for the review and the documents tests. */
static void
ensure_reviewed(void)
{
    if (reviewed_ready)
        return;
    const int Y = REVIEWED_YEAR;
    create(S, &koord, UNIT, Y);
    json_t *demo = demo_answers();
    put_all(S, &koord, UNIT, Y, demo);
    struct buf pdf = BUF_INIT;
    make_pdf(&pdf, "Notulen rapat Tim ZI 2040", 0);
    struct zt_resp r;
    expect_status(upload(S, &koord, UNIT, Y, "pemenuhan.1.i.a", "Notulen rapat.pdf",
                         "application/pdf", pdf.p, pdf.len, &r),
                  201, &r, "evidence 1");
    zt_resp_free(&r);
    buf_reset(&pdf);
    make_pdf(&pdf, "Anjab dan ABK 2040", 0);
    expect_status(upload(S, &koord, UNIT, Y, "pemenuhan.3.i.a", "Anjab ABK.pdf", "application/pdf",
                         pdf.p, pdf.len, &r),
                  201, &r, "evidence 2");
    zt_resp_free(&r);
    buf_free(&pdf);
    char path[128];
    snprintf(path, sizeof path, "/lke/%s/%d/eviden", UNIT, Y);
    expect_status(post_form(S, &koord, path, &r, "code", "pemenuhan.6.i.a", "url",
                            "https://klungkung.bawaslu.go.id/standar-pelayanan", "link_date",
                            "2040-03-01", NULL),
                  201, &r, "link");
    zt_resp_free(&r);
    assign_team(UNIT, Y);
    move_ok(S, &koord, UNIT, Y, "submit", "submitted");
    move_ok(S, &anggota, UNIT, Y, "start", "review_anggota");
    /* the member disagrees on two questions */
    const char *yn = jstr(json_object_get(demo, "pemenuhan.1.ii.a"));
    const char *opt = jstr(json_object_get(demo, "pemenuhan.2.i.a"));
    expect_status(review(S, &anggota, UNIT, Y, "pemenuhan.1.ii.a",
                         strcmp(yn, "ya") == 0 ? "tidak" : "ya", findings_text[0],
                         "Adakan rapat berkala.", &r),
                  200, &r, "anggota 1");
    zt_resp_free(&r);
    expect_status(review(S, &anggota, UNIT, Y, "pemenuhan.2.i.a", strcmp(opt, "D") == 0 ? "A" : "D",
                         findings_text[1], "Lengkapi SOP.", &r),
                  200, &r, "anggota 2");
    zt_resp_free(&r);
    move_ok(S, &anggota, UNIT, Y, "to_ketua", "review_ketua");
    move_ok(S, &ketua, UNIT, Y, "to_dalnis", "review_dalnis");
    expect_status(
        review(S, &dalnis, UNIT, Y, "hasil.1.a", "2,75", findings_text[2], "Ulangi survei.", &r),
        200, &r, "dalnis");
    zt_resp_free(&r);
    reviewed_ready = true;
}

static void
review_levels_are_scored_by_the_same_function(void **state)
{
    (void)state;
    ensure_reviewed();
    const int Y = REVIEWED_YEAR;
    json_t *a = api_assessment(S, &anggota, UNIT, Y);
    json_t *levels = jget(a, "levels", NULL);
    assert_non_null(jget(levels, "self", NULL));
    assert_non_null(jget(levels, "anggota", NULL));
    assert_non_null(jget(levels, "dalnis", NULL));
    assert_null(jget(levels, "ketua", NULL)); /* the team lead changed nothing */
    assert_non_null(jget(levels, "anggota", "answers", "pemenuhan.1.ii.a", NULL));
    assert_string_equal(
        jstr(jget(levels, "anggota", "answers", "pemenuhan.1.ii.a", "finding", NULL)),
        findings_text[0]);
    double self_total = json_number_value(jget(levels, "self", "scores", "total", NULL));
    double ang_total = json_number_value(jget(levels, "anggota", "scores", "total", NULL));
    double dal_total = json_number_value(jget(levels, "dalnis", "scores", "total", NULL));
    assert_true(fabs(ang_total - self_total) > 1e-6);
    assert_true(fabs(dal_total - ang_total) > 1e-6);
    /* each level is what `zona lke score` makes of its effective answers */
    static const char *const which[] = {"self", "anggota", "dalnis"};
    for (size_t i = 0; i < 3; i++) {
        json_t *eff = effective(a, which[i]);
        char name[48];
        snprintf(name, sizeof name, "effective-%s.json", which[i]);
        json_t *cli = cli_score(S, eff, name);
        json_t *api = jget(levels, which[i], "scores", NULL);
        assert_near(json_number_value(jget(api, "total", NULL)),
                    json_number_value(jget(cli, "total", NULL)));
        const char *code;
        json_t *v;
        json_object_foreach(jget(cli, "areas", NULL), code, v)
            assert_near(json_number_value(jget(api, "areas", code, NULL)), json_number_value(v));
        assert_int_equal(json_is_true(jget(api, "wbk", NULL)),
                         json_is_true(jget(cli, "wbk", NULL)));
        json_decref(cli);
        json_decref(eff);
    }
    /* the side-by-side page shows the same totals, and who may record now */
    char path[128];
    snprintf(path, sizeof path, "/lke/%s/%d/tinjau?area=1&format=json", UNIT, Y);
    json_t *page = get_json(S, &dalnis, path);
    assert_true(json_is_true(jget(page, "can_record", NULL)));
    size_t i;
    json_t *x;
    int matched = 0;
    json_array_foreach(jget(page, "levels", NULL), i, x)
    {
        const char *level = jstr(jget(x, "level", NULL));
        double want = json_number_value(jget(levels, level, "scores", "total", NULL));
        assert_string_equal(jstr(jget(x, "total", NULL)), dec2(want, "id"));
        matched++;
    }
    assert_int_equal(matched, 3);
    /* the member's column differs where they disagreed */
    bool differs = false;
    json_t *sec, *q, *col;
    size_t k, c;
    json_array_foreach(jget(page, "sections", NULL), i, sec)
    {
        json_array_foreach(jget(sec, "questions", NULL), k, q)
        {
            if (strcmp(jstr(jget(q, "code", NULL)), "pemenuhan.1.ii.a") != 0)
                continue;
            json_array_foreach(jget(q, "columns", NULL), c, col) differs |=
                json_is_true(jget(col, "differs", NULL)) &&
                strcmp(jstr(jget(col, "finding", NULL)), findings_text[0]) == 0;
        }
    }
    assert_true(differs);
    json_decref(page);
    page = get_json(S, &koord, path);
    assert_false(json_is_true(jget(page, "can_record", NULL)));
    json_decref(page);
    /* only the step's assessor records */
    struct zt_resp r;
    expect_status(review(S, &anggota, UNIT, Y, "pemenuhan.1.i.a", "tidak", "", "", &r), 403, &r,
                  "anggota after passing on");
    zt_resp_free(&r);
    json_decref(a);
}

static char *
pdf_text(const char *pdf_path, bool layout)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s '%s' -", layout ? "-layout" : "", pdf_path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    struct buf b = BUF_INIT;
    char tmp[4096];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, p)) > 0)
        buf_append(&b, tmp, n);
    assert_int_equal(pclose(p), 0);
    return b.p ? buf_steal(&b) : calloc(1, 1);
}

/* Runs of white space as one space. */
static char *
squeeze(const char *s)
{
    char *o = malloc(strlen(s) + 1), *w = o;
    bool space = false;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r' || *s == '\f') {
            space = true;
            continue;
        }
        if (space && w > o)
            *w++ = ' ';
        space = false;
        *w++ = *s;
    }
    *w = '\0';
    return o;
}

static bool
has_bytes(const struct zt_resp *r, const char *needle)
{
    return memmem(r->body, r->len, needle, strlen(needle)) != NULL;
}

static void
workbook_lhe_and_package(void **state)
{
    (void)state;
    ensure_reviewed();
    const int Y = REVIEWED_YEAR;
    char base[64], path[160];
    base_of(base, sizeof base, UNIT, Y);
    struct zt_resp r;

    /* the workbook */
    snprintf(path, sizeof path, "%s/lke.xlsx", base);
    assert_int_equal(zt_as(S, &pemantau, "GET", path, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(zt_header(&r, "Content-Type"),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_true(r.len > 4 && memcmp(r.body, "PK\x03\x04", 4) == 0);
    assert_true(has_bytes(&r, "xl/workbook.xml"));
    assert_non_null(strstr(zt_header(&r, "Content-Disposition"), ".xlsx"));
    zt_resp_free(&r);

    /* the package for the TPN: the workbook and the evidence, one folder per question */
    snprintf(path, sizeof path, "%s/paket.zip", base);
    assert_int_equal(zt_as(S, &dalnis, "GET", path, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(zt_header(&r, "Content-Type"), "application/zip");
    assert_true(r.len > 4 && memcmp(r.body, "PK\x03\x04", 4) == 0);
    char name[96];
    snprintf(name, sizeof name, "LKE-%s-%d.xlsx", UNIT, Y);
    assert_true(has_bytes(&r, name));
    assert_true(has_bytes(&r, "eviden/pemenuhan.1.i.a/"));
    assert_true(has_bytes(&r, "eviden/pemenuhan.3.i.a/"));
    assert_true(has_bytes(&r, "Notulen"));
    assert_true(has_bytes(&r, "eviden/tautan.tsv"));
    zt_resp_free(&r);

    /* no report before anything was reviewed */
    snprintf(path, sizeof path, "/lke/%s/%d/lhe.pdf", UNIT, this_year);
    assert_int_equal(zt_as(S, &koord, "GET", path, NULL, &r), 0);
    assert_int_equal(r.status, 409);
    zt_resp_free(&r);

    /* the report of the evaluation */
    snprintf(path, sizeof path, "%s/lhe.pdf", base);
    assert_int_equal(zt_as(S, &koord, "GET", path, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(zt_header(&r, "Content-Type"), "application/pdf");
    assert_true(r.len > 5 && memcmp(r.body, "%PDF-", 5) == 0);
    char file[400];
    snprintf(file, sizeof file, "%.255s/lhe-%d.pdf", S->dir, Y);
    write_file(file, r.body, r.len);
    zt_resp_free(&r);
    char *plain = pdf_text(file, false), *layout = pdf_text(file, true);
    char *flat = squeeze(plain);
    assert_non_null(strstr(flat, UNIT_NAME));
    for (int i = 0; i < 3; i++) {
        if (!strstr(flat, findings_text[i]))
            fprintf(stderr, "LHE: finding \"%s\" is missing\n", findings_text[i]);
        assert_non_null(strstr(flat, findings_text[i]));
    }

    /* the 12 area scores: the unit's own as its page shows them, and the evaluation's */
    snprintf(path, sizeof path, "%s?format=json", base);
    json_t *page = get_json(S, &koord, path);
    json_t *areas = jget(page, "score", "areas", NULL);
    assert_int_equal(json_array_size(areas), 12);
    json_t *a = api_assessment(S, &koord, UNIT, Y);
    const char *sec3 = strstr(layout, "III. NILAI");
    assert_non_null(sec3);
    int found = 0;
    const char *line = sec3;
    while (line && *line && found < 12) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        char buf[400];
        snprintf(buf, sizeof buf, "%.*s", (int)(len < 399 ? len : 399), line);
        char *tok[40];
        int nt = 0;
        for (char *save = NULL, *t = strtok_r(buf, " ", &save); t && nt < 40;
             t = strtok_r(NULL, " ", &save))
            tok[nt++] = t;
        if (nt >= 6 && tok[0][0] >= '1' && tok[0][0] <= '6' && !tok[0][1] &&
            strchr(tok[nt - 1], ',') && strchr(tok[nt - 2], ',') && strchr(tok[nt - 3], ',') &&
            strchr(tok[nt - 4], ',')) {
            json_t *ar = json_array_get(areas, (size_t)found);
            char nm[300] = "";
            for (int t = 1; t < nt - 4; t++) {
                if (t > 1)
                    strcat(nm, " ");
                strncat(nm, tok[t], sizeof nm - strlen(nm) - 2);
            }
            const char *code = jstr(jget(ar, "code", NULL));
            double eval =
                json_number_value(jget(a, "levels", "dalnis", "scores", "areas", code, NULL));
            if (strcmp(nm, jstr(jget(ar, "name", NULL))) != 0 ||
                strcmp(tok[nt - 3], jstr(jget(ar, "score", NULL))) != 0 ||
                strcmp(tok[nt - 2], dec2(eval, "id")) != 0)
                fprintf(stderr, "LHE area row %d: \"%.*s\"; page: %s %s, evaluation %s\n", found,
                        (int)len, line, jstr(jget(ar, "name", NULL)), jstr(jget(ar, "score", NULL)),
                        dec2(eval, "id"));
            assert_string_equal(nm, jstr(jget(ar, "name", NULL)));
            assert_string_equal(tok[nt - 3], jstr(jget(ar, "score", NULL)));
            assert_string_equal(tok[nt - 2], dec2(eval, "id"));
            found++;
        }
        line = eol ? eol + 1 : NULL;
    }
    assert_int_equal(found, 12);
    json_decref(a);

    /* the signature: the technical controller of the team, by name, NIP and role */
    const char *dalnis_label = NULL, *ketua_label = NULL;
    size_t i;
    json_t *x;
    json_array_foreach(jget(page, "team", NULL), i, x)
    {
        if (strcmp(jstr(jget(x, "level", NULL)), "dalnis") == 0)
            dalnis_label = jstr(jget(x, "level_label", NULL));
        if (strcmp(jstr(jget(x, "level", NULL)), "ketua") == 0)
            ketua_label = jstr(jget(x, "level_label", NULL));
    }
    assert_non_null(dalnis_label);
    assert_non_null(ketua_label);
    const char *closing = strstr(flat, "VI. PENUTUP");
    assert_non_null(closing);
    assert_non_null(strstr(closing, DALNIS_NAME));
    assert_non_null(strstr(closing, NIP_DALNIS));
    if (!strstr(closing, dalnis_label) || strstr(closing, ketua_label))
        fprintf(stderr, "LHE signature block: \"%s\"; expected the role \"%s\"\n", closing,
                dalnis_label);
    assert_non_null(strstr(closing, dalnis_label));
    assert_null(strstr(closing, ketua_label));
    json_decref(page);
    free(flat);
    free(plain);
    free(layout);
}

static void
workbook_import_previews_then_applies(void **state)
{
    (void)state;
    const int Y = 2042;
    const char *obj = UNIT "/2042";
    char base[64], path[160];
    base_of(base, sizeof base, UNIT, Y);
    create(S, &koord, UNIT, Y);
    json_t *start =
        json_pack("{s:s,s:{s:s,s:s},s:s,s:f}", "pemenuhan.1.i.a", "ya", "pemenuhan.1.i.b", "value",
                  "A", "note", "Dipilih lewat rapat.", "pemenuhan.2.i.a", "B", "hasil.1.a", 3.5);
    put_all(S, &koord, UNIT, Y, start);
    json_decref(start);
    struct zt_resp r;
    snprintf(path, sizeof path, "%s/lke.xlsx", base);
    assert_int_equal(zt_as(S, &koord, "GET", path, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    size_t wlen = r.len;
    char *workbook = malloc(wlen);
    memcpy(workbook, r.body, wlen);
    zt_resp_free(&r);
    /* the unit changes its mind on two answers after exporting */
    answer_ok(S, &koord, UNIT, Y, "pemenuhan.1.i.a", "tidak");
    answer_ok(S, &koord, UNIT, Y, "pemenuhan.1.i.b", "C");
    json_t *before = self_rows(S, &koord, UNIT, Y);
    long imported_before = audit_count(S, "lke.imported", obj);

    /* upload: a preview of what would change, nothing written */
    snprintf(path, sizeof path, "%s/impor?format=json", base);
    struct part file = {"file", "LKE-51.05-2042.xlsx",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        workbook, wlen};
    expect_status(post_multipart(S, &koord, path, &file, 1, &r), 200, &r, "preview");
    json_t *pv = body_json(&r);
    zt_resp_free(&r);
    assert_true(json_is_true(jget(pv, "preview", NULL)));
    char sha[80], sig[200];
    snprintf(sha, sizeof sha, "%s", jstr(jget(pv, "sha", NULL)));
    snprintf(sig, sizeof sig, "%s", jstr(jget(pv, "sig", NULL)));
    assert_int_equal(strlen(sha), 64);
    json_t *changes = jget(pv, "changes", NULL);
    assert_int_equal(json_array_size(changes), 2);
    int seen = 0;
    size_t i;
    json_t *x;
    json_array_foreach(changes, i, x)
    {
        const char *code = jstr(jget(x, "code", NULL));
        assert_true(json_is_true(jget(x, "overwrite", NULL)));
        if (strcmp(code, "pemenuhan.1.i.a") == 0) {
            assert_string_equal(jstr(jget(x, "old", NULL)), "Tidak");
            assert_string_equal(jstr(jget(x, "new", NULL)), "Ya");
            seen++;
        } else if (strcmp(code, "pemenuhan.1.i.b") == 0) {
            assert_string_equal(jstr(jget(x, "old", NULL)), "C");
            assert_string_equal(jstr(jget(x, "new", NULL)), "A");
            seen++;
        }
    }
    assert_int_equal(seen, 2);
    assert_int_equal(json_integer_value(jget(pv, "overwrite", NULL)), 2);
    assert_int_equal(json_array_size(jget(pv, "problems", NULL)), 0);
    json_decref(pv);
    json_t *now = self_rows(S, &koord, UNIT, Y);
    assert_true(json_equal(now, before));
    json_decref(now);
    assert_int_equal(audit_count(S, "lke.imported", obj), imported_before);

    /* confirming applies exactly what was previewed */
    snprintf(path, sizeof path, "%s/impor", base);
    /* the preview's signature is for this unit's upload only */
    create(S, &bkoord, "21.01", Y);
    snprintf(path, sizeof path, "/lke/21.01/%d/impor", Y);
    expect_status(post_form(S, &bkoord, path, &r, "sha", sha, "sig", sig, "apply", "1", NULL), 400,
                  &r, "another unit");
    zt_resp_free(&r);
    json_t *theirs = self_rows(S, &bkoord, "21.01", Y);
    assert_int_equal(json_object_size(theirs), 0);
    json_decref(theirs);
    snprintf(path, sizeof path, "%s/impor", base);
    expect_status(post_form(S, &koord, path, &r, "sha", sha, "apply", "1", NULL), 400, &r,
                  "apply without the signature");
    zt_resp_free(&r);
    expect_status(post_form(S, &koord, path, &r, "sha", sha, "sig", sig, "apply", "1", NULL), 303,
                  &r, "apply");
    bool apply_location_ok = location_is(&r, base); /* checked at the end */
    zt_resp_free(&r);
    now = self_rows(S, &koord, UNIT, Y);
    assert_string_equal(jstr(value_of(now, "pemenuhan.1.i.a")), "ya");
    assert_string_equal(jstr(value_of(now, "pemenuhan.1.i.b")), "A");
    assert_string_equal(jstr(jget(now, "pemenuhan.1.i.b", "note", NULL)), "Dipilih lewat rapat.");
    assert_string_equal(jstr(value_of(now, "pemenuhan.2.i.a")), "B");
    assert_near(json_number_value(value_of(now, "hasil.1.a")), 3.5);
    json_decref(now);
    assert_int_equal(audit_count(S, "lke.imported", obj), imported_before + 1);

    /* a file that is not a workbook */
    snprintf(path, sizeof path, "%s/impor?format=json", base);
    struct part junk = {"file", "jawaban.xlsx", "application/octet-stream", "bukan lembar kerja",
                        0};
    expect_status(post_multipart(S, &koord, path, &junk, 1, &r), 400, &r, "not a workbook");
    zt_resp_free(&r);
    /* the unit's people see the preview as a page */
    answer_ok(S, &koord, UNIT, Y, "pemenuhan.1.i.a", "tidak");
    snprintf(path, sizeof path, "%s/impor", base);
    struct zt_resp page;
    {
        static const char B[] = "zonaTestBoundary7d1b3c";
        struct buf b = BUF_INIT;
        buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n", B,
                   koord.csrf);
        buf_printf(
            &b,
            "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"LKE.xlsx\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n",
            B);
        buf_append(&b, workbook, wlen);
        buf_printf(&b, "\r\n--%s--\r\n", B);
        char ct[96];
        snprintf(ct, sizeof ct, "Content-Type: multipart/form-data; boundary=%s", B);
        const char *hh[] = {koord.cookie, ct, "Accept: text/html", NULL};
        assert_int_equal(zt_request(S, "POST", path, hh, b.p, b.len, &page), 0);
        buf_free(&b);
    }
    if (page.status != 200)
        fprintf(stderr, "import preview page: HTTP %ld\n", page.status);
    assert_int_equal(page.status, 200);
    assert_non_null(strstr(zt_header(&page, "Content-Type"), "text/html"));
    assert_true(zt_contains(&page, "pemenuhan.1.i.a"));
    zt_resp_free(&page);
    now = self_rows(S, &koord, UNIT, Y);
    assert_string_equal(jstr(value_of(now, "pemenuhan.1.i.a")), "tidak");
    json_decref(now);
    json_decref(before);
    free(workbook);
    assert_true(apply_location_ok);
}

static void
cli_export_score_and_import_agree_with_the_api(void **state)
{
    (void)state;
    char xlsx_path[400];
    snprintf(xlsx_path, sizeof xlsx_path, "%.255s/export-%d.xlsx", S->dir, this_year);
    /* `zona lke export --out FILE.json` (run once, by demo_answers) */
    demo_answers();
    const char *json_path = demo_answers_path;
    const char *score[] = {"lke", "score", "--answers", json_path, NULL};
    char *out = run_cli(S, score, 0);
    json_t *cli = json_loads(out, 0, NULL);
    free(out);
    assert_non_null(cli);
    json_t *a = api_assessment(S, &koord, UNIT, this_year);
    assert_near(json_number_value(jget(a, "levels", "self", "scores", "total", NULL)),
                json_number_value(jget(cli, "total", NULL)));
    json_decref(a);
    json_decref(cli);
    /* the page shows that total too */
    char path[96];
    snprintf(path, sizeof path, "/lke/%s/%d?format=json", UNIT, this_year);
    json_t *page = get_json(S, &koord, path);
    a = api_assessment(S, &koord, UNIT, this_year);
    assert_string_equal(
        jstr(jget(page, "score", "total", NULL)),
        dec2(json_number_value(jget(a, "levels", "self", "scores", "total", NULL)), "id"));
    json_decref(page);
    json_decref(a);

    /* import without --apply changes nothing */
    const int Y = 2056;
    char y2[16];
    snprintf(y2, sizeof y2, "%d", Y);
    create(S, &koord, UNIT, Y);
    json_t *start = json_pack("{s:s,s:s}", "pemenuhan.1.i.a", "tidak", "pemenuhan.1.i.b", "C");
    put_all(S, &koord, UNIT, Y, start);
    json_decref(start);
    struct zt_resp r;
    snprintf(path, sizeof path, "/lke/%s/%d/lke.xlsx", UNIT, this_year);
    assert_int_equal(zt_as(S, &koord, "GET", path, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    write_file(xlsx_path, r.body, r.len);
    zt_resp_free(&r);
    json_t *before = self_rows(S, &koord, UNIT, Y);
    const char *imp[] = {"lke", "import", "--unit", UNIT, "--year", y2, xlsx_path, NULL};
    out = run_cli(S, imp, 0);
    assert_non_null(strstr(out, "--apply"));
    free(out);
    json_t *after = self_rows(S, &koord, UNIT, Y);
    assert_true(json_equal(before, after));
    json_decref(after);
    assert_int_equal(audit_count(S, "lke.imported", UNIT "/2056"), 0);
    /* with --apply it writes */
    const char *imp2[] = {"lke", "import",  "--unit",  UNIT, "--year",
                          y2,    xlsx_path, "--apply", NULL};
    free(run_cli(S, imp2, 0));
    after = self_rows(S, &koord, UNIT, Y);
    json_t *demo = demo_answers();
    assert_true(json_object_size(after) > json_object_size(before));
    const char *code;
    json_t *v;
    json_object_foreach(demo, code, v)
    {
        if (!same_value(value_of(after, code), v))
            fprintf(stderr, "imported %s differs from the workbook\n", code);
        assert_true(same_value(value_of(after, code), v));
    }
    json_decref(after);
    json_decref(before);
    assert_int_equal(audit_count(S, "lke.imported", UNIT "/2056"), 1);
}

/* --- 7. overview and API -----------------------------------------------------------------------
 */

static void
overview_and_csv_cover_the_callers_units_only(void **state)
{
    (void)state;
    char path[96];
    snprintf(path, sizeof path, "/lke?format=json&tahun=%d", this_year);
    json_t *ov = get_json(S, &pemantau, path);
    assert_string_equal(jstr(jget(ov, "scope_code", NULL)), "51");
    json_t *rows = jget(ov, "rows", NULL);
    long bali = count(S, "SELECT COUNT(*) FROM units WHERE active AND path LIKE (SELECT path FROM "
                         "units WHERE code = '51') || '%%'");
    assert_true(bali >= 10);
    assert_int_equal(json_array_size(rows), bali);
    snprintf(path, sizeof path, "/lke/%s/%d?format=json", UNIT, this_year);
    json_t *page = get_json(S, &koord, path);
    bool klungkung = false;
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x)
    {
        const char *code = jstr(jget(x, "unit_code", NULL));
        assert_true(strcmp(code, "51") == 0 || strncmp(code, "51.", 3) == 0);
        if (strcmp(code, UNIT) == 0) {
            klungkung = true;
            assert_string_equal(jstr(jget(x, "state", NULL)), "draft");
            assert_true(json_is_true(jget(x, "has", NULL)));
            assert_string_equal(jstr(jget(x, "total", NULL)),
                                jstr(jget(page, "score", "total", NULL)));
            assert_int_equal(json_array_size(jget(x, "areas", NULL)), 12);
        } else {
            assert_string_equal(jstr(jget(x, "state", NULL)), "none");
        }
    }
    assert_true(klungkung);
    json_decref(page);
    /* Bintan's coordinator sees Bintan, not Bali */
    snprintf(path, sizeof path, "/lke?format=json&tahun=%d", this_year);
    json_t *ob = get_json(S, &bkoord, path);
    bool bintan = false;
    json_array_foreach(jget(ob, "rows", NULL), i, x)
    {
        const char *code = jstr(jget(x, "unit_code", NULL));
        assert_true(strncmp(code, "21", 2) == 0);
        if (strcmp(code, "21.01") == 0) {
            bintan = true;
            assert_string_equal(jstr(jget(x, "state", NULL)), "review_ketua");
        }
    }
    assert_true(bintan);
    json_decref(ob);

    /* the same as a spreadsheet: a header and one row per unit */
    struct zt_resp r;
    snprintf(path, sizeof path, "/lke.csv?tahun=%d", this_year);
    assert_int_equal(zt_as(S, &pemantau, "GET", path, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(zt_header(&r, "Content-Type"), "text/csv"));
    assert_non_null(strstr(zt_header(&r, "Content-Disposition"), "attachment"));
    size_t lines = 0;
    bool header_ok = false, row_ok = false;
    char *copy = strndup(r.body, r.len);
    for (char *save = NULL, *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        if (lines == 0)
            header_ok = strstr(l, "pemenuhan.1") && strstr(l, "reform.6") && strstr(l, "WBK");
        else {
            assert_true(strncmp(l, "21", 2) != 0);
            if (strncmp(l, UNIT ",", strlen(UNIT) + 1) == 0)
                row_ok = strstr(l, UNIT_NAME) != NULL;
        }
        lines++;
    }
    free(copy);
    zt_resp_free(&r);
    assert_true(header_ok);
    assert_true(row_ok);
    assert_int_equal(lines, 1 + json_array_size(rows));
    json_decref(ov);
    /* a reader cannot answer */
    struct zt_resp w;
    expect_status(answer(S, &pemantau, UNIT, this_year, "pemenuhan.1.i.a", "ya", &w), 403, &w,
                  "pemantau answers");
    zt_resp_free(&w);
}

static void
api_list_and_put_answers_all_or_nothing(void **state)
{
    (void)state;
    char path[128];
    struct zt_resp r;
    /* another province's assessment is not there for Bali */
    snprintf(path, sizeof path, "/api/v1/assessments?unit=21.01&year=%d", this_year);
    expect_status(call(S, &pemantau, "GET", path, NULL, NULL, 0, NULL, &r), 404, &r,
                  "Bali asks for Bintan");
    zt_resp_free(&r);
    json_t *list = get_json(S, &bkoord, path);
    json_t *as = jget(list, "assessments", NULL);
    assert_int_equal(json_array_size(as), 1);
    assert_string_equal(jstr(jget(as, "0", "unit", NULL)), "21.01");
    assert_int_equal(json_integer_value(jget(as, "0", "year", NULL)), this_year);
    assert_string_equal(jstr(jget(as, "0", "state", NULL)), "review_ketua");
    assert_true(json_is_number(jget(as, "0", "total", NULL)));
    json_decref(list);
    snprintf(path, sizeof path, "/api/v1/assessments?year=%d", this_year);
    list = get_json(S, &pemantau, path);
    size_t i;
    json_t *x;
    bool ours = false;
    json_array_foreach(jget(list, "assessments", NULL), i, x)
    {
        assert_true(strncmp(jstr(jget(x, "unit", NULL)), "51", 2) == 0);
        ours |= strcmp(jstr(jget(x, "unit", NULL)), UNIT) == 0;
    }
    assert_true(ours);
    json_decref(list);
    snprintf(path, sizeof path, "/api/v1/assessments/21.01/%d", this_year);
    expect_status(call(S, &pemantau, "GET", path, NULL, NULL, 0, NULL, &r), 404, &r,
                  "Bintan's assessment");
    zt_resp_free(&r);

    /* several answers at once */
    const int Y = 2036;
    create(S, &koord, UNIT, Y);
    const char good[] =
        "{\"answers\":{\"pemenuhan.1.i.a\":\"ya\","
        "\"pemenuhan.1.i.b\":{\"value\":\"b\",\"note\":\"Dibahas dalam rapat.\"},"
        "\"reform.1.i.a\":{\"inputs\":{\"agen_perubahan\":4,\"perubahan_dibuat\":3}},"
        "\"hasil.1.a\":3.1}}";
    expect_status(put_answers(S, &koord, UNIT, Y, good, NULL, NULL, &r), 200, &r, "PUT");
    json_t *a = body_json(&r);
    zt_resp_free(&r);
    json_t *rows = jget(a, "levels", "self", "answers", NULL);
    assert_string_equal(jstr(value_of(rows, "pemenuhan.1.i.a")), "ya");
    assert_string_equal(jstr(value_of(rows, "pemenuhan.1.i.b")), "B");
    assert_string_equal(jstr(jget(rows, "pemenuhan.1.i.b", "note", NULL)), "Dibahas dalam rapat.");
    assert_near(
        json_number_value(jget(rows, "reform.1.i.a", "value", "inputs", "perubahan_dibuat", NULL)),
        3);
    assert_near(json_number_value(value_of(rows, "hasil.1.a")), 3.1);
    json_decref(a);
    json_t *before = self_rows(S, &koord, UNIT, Y);

    /* all or nothing: one bad code, one bad value */
    const char bad_code[] = "{\"answers\":{\"pemenuhan.2.i.a\":\"A\",\"pemenuhan.1.i.a\":\"tidak\","
                            "\"tidak.ada\":\"ya\"}}";
    expect_status(put_answers(S, &koord, UNIT, Y, bad_code, NULL, NULL, &r), 400, &r, "bad code");
    assert_non_null(strstr(error_message(&r), "tidak.ada"));
    zt_resp_free(&r);
    const char bad_value[] =
        "{\"answers\":{\"pemenuhan.2.i.a\":\"A\",\"pemenuhan.1.i.a\":\"tidak\","
        "\"hasil.1.a\":7}}";
    expect_status(put_answers(S, &koord, UNIT, Y, bad_value, NULL, NULL, &r), 400, &r, "bad value");
    assert_non_null(strstr(error_message(&r), "hasil.1.a"));
    zt_resp_free(&r);
    expect_status(put_answers(S, &koord, UNIT, Y, "{\"answers\":5}", NULL, NULL, &r), 400, &r,
                  "not an object");
    zt_resp_free(&r);
    /* a working group member's request reaching into another area */
    const char mixed[] = "{\"answers\":{\"pemenuhan.1.i.a\":\"tidak\",\"pemenuhan.2.i.a\":\"A\"}}";
    expect_status(put_answers(S, &pokja, UNIT, Y, mixed, NULL, NULL, &r), 403, &r, "pokja area 2");
    zt_resp_free(&r);
    /* CSRF: JSON only, and from the same origin */
    const char one[] = "{\"answers\":{\"pemenuhan.2.i.a\":\"A\"}}";
    expect_status(put_answers(S, &koord, UNIT, Y, one, NULL, "text/plain", &r), 415, &r,
                  "text/plain");
    zt_resp_free(&r);
    expect_status(
        put_answers(S, &koord, UNIT, Y, one, NULL, "application/x-www-form-urlencoded", &r), 415,
        &r, "form");
    zt_resp_free(&r);
    expect_status(put_answers(S, &koord, UNIT, Y, one, "Origin: http://evil.example", NULL, &r),
                  403, &r, "cross-site");
    zt_resp_free(&r);
    json_t *after = self_rows(S, &koord, UNIT, Y);
    assert_true(json_equal(before, after));
    json_decref(after);
    assert_null(json_object_get(before, "pemenuhan.2.i.a"));
    /* the same origin is fine */
    char origin[96];
    snprintf(origin, sizeof origin, "Origin: %.63s", S->base);
    expect_status(put_answers(S, &koord, UNIT, Y, one, origin, NULL, &r), 200, &r, "same origin");
    zt_resp_free(&r);
    after = self_rows(S, &koord, UNIT, Y);
    assert_string_equal(jstr(value_of(after, "pemenuhan.2.i.a")), "A");
    assert_string_equal(jstr(jget(after, "pemenuhan.1.i.b", "note", NULL)),
                        "Dibahas dalam rapat."); /* notes not sent are kept */
    json_decref(after);
    json_decref(before);
}

/* --- 8. deadlines and reminders ----------------------------------------------------------------
 */

/* Days left as the assessment page counts them, for a deadline in a zone offset_min east. */
static long
days_left(int y, int m, int d, int offset_min)
{
    int64_t end = ((fmt_days_from_civil(y, m, d) + 1) * 86400 - (int64_t)offset_min * 60) * 1000;
    int64_t left = end - clock_now_ms();
    return left > 0 ? (long)((left + 86399999) / 86400000) : -(long)(-left / 86400000);
}

static void
deadline_and_reminders(void **state)
{
    (void)state;
    const int Y = 2038;
    struct zt_resp r;
    long deadlines = count(S, "SELECT COUNT(*) FROM audit_log WHERE action = 'lke.deadline'");
    /* only the system administrator sets a year's deadline */
    expect_status(
        post_form(S, &koord, "/lke/tenggat", &r, "year", "2038", "deadline", "2038-03-15", NULL),
        403, &r, "koordinator sets");
    zt_resp_free(&r);
    expect_status(
        post_form(S, &admin, "/lke/tenggat", &r, "year", "2038", "deadline", "2038-02-30", NULL),
        400, &r, "no such day");
    zt_resp_free(&r);
    expect_status(
        post_form(S, &admin, "/lke/tenggat", &r, "year", "2038", "deadline", "2038-03-15", NULL),
        303, &r, "set");
    zt_resp_free(&r);
    assert_int_equal(count(S, "SELECT COUNT(*) FROM audit_log WHERE action = 'lke.deadline'"),
                     deadlines + 1);
    create(S, &koord, UNIT, Y);
    char path[128];
    snprintf(path, sizeof path, "/lke/%s/%d?format=json", UNIT, Y);
    long want = days_left(2038, 3, 15, 8 * 60); /* Klungkung keeps WITA */
    json_t *page = get_json(S, &koord, path);
    assert_string_equal(jstr(jget(page, "deadline", "date", NULL)), "2038-03-15");
    assert_string_equal(jstr(jget(page, "deadline", "zone", NULL)), "WITA");
    long got = (long)json_integer_value(jget(page, "deadline", "days", NULL));
    assert_true(got == want || got == days_left(2038, 3, 15, 8 * 60));
    assert_false(json_is_true(jget(page, "deadline", "past", NULL)));
    json_decref(page);
    json_t *a = api_assessment(S, &koord, UNIT, Y);
    assert_string_equal(jstr(jget(a, "deadline", NULL)), "2038-03-15");
    json_decref(a);

    /* this year's deadline three weeks away: the draft's people are reminded, once */
    int y, m, d;
    fmt_civil_from_days(clock_now_ms() / 86400000 + 20, &y, &m, &d);
    char deadline[16], year[16];
    snprintf(deadline, sizeof deadline, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    snprintf(year, sizeof year, "%d", this_year);
    expect_status(
        post_form(S, &admin, "/lke/tenggat", &r, "year", year, "deadline", deadline, NULL), 303, &r,
        "this year");
    zt_resp_free(&r);
    snprintf(path, sizeof path, "/lke/%s/%d?format=json", UNIT, this_year);
    page = get_json(S, &koord, path);
    got = (long)json_integer_value(jget(page, "deadline", "days", NULL));
    assert_true(got >= 20 && got <= 21);
    assert_true(got == days_left(y, m, d, 8 * 60) || got == days_left(y, m, d, 8 * 60) - 1);
    json_decref(page);
    char link[96];
    snprintf(link, sizeof link, "/lke/%s/%d#tenggat30", UNIT, this_year);
    char blink[96];
    snprintf(blink, sizeof blink, "/lke/21.01/%d#tenggat30", this_year);
    assert_int_equal(count(S, "SELECT COUNT(*) FROM inbox WHERE link = '%s'", link), 0);
    int k_before = unread_for(S, &koord, link), p_before = unread_for(S, &pimpinan, link);
    const char *remind[] = {"lke", "remind", NULL};
    char *out = run_cli(S, remind, 0);
    assert_non_null(strstr(out, "2 reminders"));
    free(out);
    assert_int_equal(unread_for(S, &koord, link), k_before + 1);
    assert_int_equal(unread_for(S, &pimpinan, link), p_before + 1);
    assert_int_equal(count(S, "SELECT COUNT(*) FROM inbox WHERE link = '%s'", link), 2);
    /* Bintan is under review: nothing for it */
    assert_int_equal(count(S, "SELECT COUNT(*) FROM inbox WHERE link = '%s'", blink), 0);
    out = run_cli(S, remind, 0);
    assert_non_null(strstr(out, "0 reminders"));
    free(out);
    assert_int_equal(count(S, "SELECT COUNT(*) FROM inbox WHERE link = '%s'", link), 2);
    assert_int_equal(unread_for(S, &koord, link), k_before + 1);
}

/* --- 6. next year ------------------------------------------------------------------------------
 */

/* The shipped framework as version 2 with the text of pemenuhan.1.i.a changed; its path. */
static void
framework_v2(struct zt_server *s, char *path, size_t n)
{
    json_t *doc = json_load_file(FRAMEWORK, 0, NULL);
    assert_non_null(doc);
    json_object_set_new(doc, "version", json_integer(2));
    bool changed = false;
    json_t *stack[64];
    int sp = 0;
    stack[sp++] = json_object_get(doc, "components");
    while (sp > 0 && !changed) {
        json_t *node = stack[--sp];
        if (json_is_array(node)) {
            size_t i;
            json_t *v;
            json_array_foreach(node, i, v) if (sp < 64) stack[sp++] = v;
        } else if (json_is_object(node)) {
            if (strcmp(jstr(json_object_get(node, "code")), "pemenuhan.1.i.a") == 0 &&
                json_object_get(node, "type")) {
                json_t *text = json_object_get(node, "text");
                char *t = NULL;
                assert_true(asprintf(&t, "%s, dengan surat keputusan pimpinan",
                                     jstr(json_object_get(text, "id"))) > 0);
                json_object_set_new(text, "id", json_string(t));
                free(t);
                changed = true;
                break;
            }
            const char *k;
            json_t *v;
            json_object_foreach(node, k, v) if ((json_is_array(v) || json_is_object(v)) && sp < 64)
                stack[sp++] = v;
        }
    }
    assert_true(changed);
    snprintf(path, n, "%s/framework-v2.json", s->dir);
    assert_int_equal(json_dump_file(doc, path, JSON_INDENT(1)), 0);
    json_decref(doc);
    const char *argv[] = {"framework", "load", path, NULL};
    char *out = run_cli(s, argv, 0);
    free(out);
}

/* unit's assessment of next year, started by w: carried over from this year, with only the
 * changed question flagged. */
static void
check_next_year(struct zt_server *s, const struct zt_who *w, const char *unit)
{
    json_t *prev = api_assessment(s, w, unit, this_year);
    json_t *prev_rows = jget(prev, "levels", "self", "answers", NULL);
    assert_non_null(value_of(prev_rows, "pemenuhan.1.i.a"));
    char y[16];
    snprintf(y, sizeof y, "%d", this_year + 1);
    struct zt_resp r;
    expect_status(post_form(s, w, "/lke", &r, "unit", unit, "year", y, NULL), 201, &r, "next year");
    json_t *j = body_json(&r);
    zt_resp_free(&r);
    assert_int_equal(json_integer_value(jget(j, "carried", NULL)), json_object_size(prev_rows));
    json_t *a = api_assessment(s, w, unit, this_year + 1);
    if (json_integer_value(jget(a, "framework", "version", NULL)) != 2)
        fprintf(stderr, "%s %d was started with framework version %lld, not the loaded 2\n", unit,
                this_year + 1,
                (long long)json_integer_value(jget(a, "framework", "version", NULL)));
    assert_int_equal(json_integer_value(jget(a, "framework", "version", NULL)), 2);
    assert_int_equal(json_integer_value(jget(j, "flagged", NULL)), 1);
    json_decref(j);
    json_t *rows = jget(a, "levels", "self", "answers", NULL);
    const char *code;
    json_t *row;
    json_object_foreach(prev_rows, code, row)
    {
        json_t *mine = json_object_get(rows, code);
        assert_non_null(mine);
        assert_true(json_equal(json_object_get(row, "value"), json_object_get(mine, "value")));
        assert_string_equal(jstr(json_object_get(row, "note")),
                            jstr(json_object_get(mine, "note")));
        assert_string_equal(jstr(json_object_get(mine, "flag")),
                            strcmp(code, "pemenuhan.1.i.a") == 0 ? "changed" : "");
    }
    /* the evidence came along */
    assert_true(json_object_size(jget(prev, "evidence", NULL)) > 0);
    json_object_foreach(jget(prev, "evidence", NULL), code, row)
        assert_int_equal(json_array_size(jget(a, "evidence", code, NULL)), json_array_size(row));
    json_decref(a);
    json_decref(prev);
    /* the area page marks the changed question, and only it */
    char path[96];
    snprintf(path, sizeof path, "/lke/%s/%d/area/1?format=json", unit, this_year + 1);
    json_t *page = get_json(s, w, path);
    int flagged = 0, questions = 0;
    size_t i, k;
    json_t *sec, *q;
    json_array_foreach(jget(page, "sections", NULL), i, sec)
    {
        json_array_foreach(jget(sec, "questions", NULL), k, q)
        {
            questions++;
            bool changed = json_is_true(jget(q, "changed", NULL));
            flagged += changed;
            assert_int_equal(changed, strcmp(jstr(jget(q, "code", NULL)), "pemenuhan.1.i.a") == 0);
            if (changed)
                assert_non_null(strstr(jstr(jget(q, "text", NULL)), "surat keputusan pimpinan"));
        }
    }
    assert_true(questions > 10);
    assert_int_equal(flagged, 1);
    json_decref(page);
    /* this year's assessment keeps the version it was made with */
    a = api_assessment(s, w, unit, this_year);
    assert_int_equal(json_integer_value(jget(a, "framework", "version", NULL)), 1);
    json_decref(a);
}

static bool framework_loaded;

/* A framework loaded while zona serves is the one new assessments use. */
static void
framework_loaded_while_serving_is_used(void **state)
{
    (void)state;
    char path[400];
    framework_v2(S, path, sizeof path);
    framework_loaded = true;
    check_next_year(S, &koord, UNIT);
}

/* Stops s and starts `zona serve` again on the same folder and database; how the old process
 * stopped (0: cleanly). */
static int
restart(struct zt_server *s)
{
    int stopped = zt_server_stop_keep_dir(s);
    bool demo = false;
    for (int i = 0; i < s->nenv; i++)
        demo |= strncmp(s->env[i], "ZONA_DEMO=", 10) == 0;
    if (!demo && s->nenv < 46) { /* zona demo ran: serve wants to be told */
        s->env[s->nenv++] = strdup("ZONA_DEMO=1");
        s->env[s->nenv] = NULL;
    }
    char port[300], log[300];
    snprintf(port, sizeof port, "%.255s/port", s->dir);
    snprintf(log, sizeof log, "%.255s/server.log", s->dir);
    unlink(port);
    size_t n = 0;
    for (char **e = environ; *e; e++)
        n++;
    char **env = calloc(n + (size_t)s->nenv + 1, sizeof *env);
    size_t k = 0;
    for (char **e = environ; *e; e++)
        if (strncmp(*e, "ZONA_", 5) != 0 || strncmp(*e, "ZONA_TEST_", 10) == 0 ||
            strncmp(*e, "ZONA_BIN=", 9) == 0)
            env[k++] = *e;
    for (int i = 0; i < s->nenv; i++)
        env[k++] = s->env[i];
    const char *bin = getenv("ZONA_BIN") && *getenv("ZONA_BIN") ? getenv("ZONA_BIN") : "build/zona";
    char *const argv[] = {(char *)(uintptr_t)bin, "serve", NULL};
    int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    assert_true(fd >= 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd, 1);
    posix_spawn_file_actions_adddup2(&fa, fd, 2);
    int rc = posix_spawn(&s->pid, bin, &fa, NULL, argv, env);
    posix_spawn_file_actions_destroy(&fa);
    close(fd);
    free(env);
    assert_int_equal(rc, 0);
    s->port = 0;
    for (int i = 0; i < 1500 && s->port <= 0; i++) {
        FILE *f = fopen(port, "r");
        if (f) {
            if (fscanf(f, "%d", &s->port) != 1)
                s->port = 0;
            fclose(f);
        }
        if (s->port <= 0) {
            struct timespec ts = {0, 10000000};
            nanosleep(&ts, NULL);
        }
    }
    assert_true(s->port > 0);
    snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
    for (int i = 0; i < 500; i++) {
        struct zt_resp r;
        if (zt_get(s, "/healthz", &r) == 0) {
            long st = r.status;
            zt_resp_free(&r);
            if (st == 200)
                return stopped;
        }
        struct timespec ts = {0, 10000000};
        nanosleep(&ts, NULL);
    }
    fail_msg("zona serve did not come back");
    return -1;
}

/* The next year's assessment starts from this year's answers, notes and evidence, and marks the
 * questions whose wording changed in the framework version it uses. The server is restarted
 * first, so that this holds whether or not a running server notices a loaded framework. */
static void
next_year_carries_over_and_flags_changed_questions(void **state)
{
    (void)state;
    if (!framework_loaded) {
        char path[400];
        framework_v2(S, path, sizeof path);
        framework_loaded = true;
    }
    int stopped = restart(S);
    check_next_year(S, &bkoord, "21.01"); /* the sessions live in the database */
    /* and the server had stopped cleanly (checked last, to test the above either way) */
    assert_int_equal(stopped, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answers_of_every_type_are_saved_and_scored),
        cmocka_unit_test(bad_answers_are_refused_in_the_callers_language_and_lose_nothing),
        cmocka_unit_test(a_refused_form_post_shows_the_area_page_with_the_message),
        cmocka_unit_test(working_group_members_answer_only_their_change_area),
        cmocka_unit_test(a_stale_tab_cannot_overwrite_a_newer_answer),
        cmocka_unit_test(evidence_files_are_kept_once_and_served_inline),
        cmocka_unit_test(evidence_of_the_wrong_kind_or_another_unit_is_refused),
        cmocka_unit_test(evidence_over_the_size_limit_is_refused),
        cmocka_unit_test(team_assignment_rules),
        cmocka_unit_test(the_whole_workflow_with_audit_and_inbox),
        cmocka_unit_test(review_levels_are_scored_by_the_same_function),
        cmocka_unit_test(workbook_lhe_and_package),
        cmocka_unit_test(workbook_import_previews_then_applies),
        cmocka_unit_test(cli_export_score_and_import_agree_with_the_api),
        cmocka_unit_test(overview_and_csv_cover_the_callers_units_only),
        cmocka_unit_test(api_list_and_put_answers_all_or_nothing),
        cmocka_unit_test(deadline_and_reminders),
        cmocka_unit_test(framework_loaded_while_serving_is_used),
        cmocka_unit_test(next_year_carries_over_and_flags_changed_questions),
    };
    return cmocka_run_group_tests_name("lke", tests, setup, teardown);
}
