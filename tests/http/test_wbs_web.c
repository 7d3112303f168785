/* The whistleblowing channel (issue #6) over HTTP, as reporters and officers meet it, against a
 * real zona (SQLite and PostgreSQL): the front door and its statistics, the report by the form
 * and the API with its 16-digit receipt, following up with the receipt alone (messages, files,
 * downloads), the privacy headers of every WBS route and a log without addresses, markers or
 * receipts, officers who read the report but not the identity until the identity custodian
 * approves a request (and only the officer who asked), state changes the reporter sees and a
 * referral without the identity, a member of staff who reports while signed in and stays
 * anonymous, file names without the reporter's folders, who may not look, receipt guessing and
 * floods throttled, nothing readable at rest, retention and the proof of work.
 *
 * Servers: one shared server with one `zona demo` (ZONA_WBS_POW_BITS=0) for most tests; tests
 * that throttle the client, stop the server or change a setting start their own: receipt
 * throttling and floods (a clock that stands still), the at-rest test (markers in every field,
 * every file of ZONA_VAR read while the server runs and after it stops; on PostgreSQL every table
 * read through SQL), retention (`zona wbs sweep` six years ahead, then a restart) and the proof
 * of work (ZONA_WBS_POW_BITS=8). Every test sends its own reports, so the order does not matter.
 * Officers sign in through the sign-in form, as a browser does, because only that sign-in opens
 * their whistleblowing key (the API sign-in opens none): the key lives in the zona_wbs cookie.
 *
 * Keys: a newcomer appointed by admin-sistem gets a recovery key shown once, reads a report once a
 * colleague's inbox shared it, loses it at a password reset and gets it back with the recovery
 * key, or with a key the key custodian restored from the escrow copy; a password changed on the
 * account page keeps the key open. */

#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
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

#include "auth/auth.h"
#include "core/buf.h"
#include "core/clock.h"
#include "support/client.h"
#include "wbs/wbs_crypto.h"

extern char **environ;

#define PASSWORD   "Demo-Zona-Integritas"
#define UNIT       "51.05"
#define NIP_ADMIN  "197001011995031001" /* admin-sistem, RI: no WBS role */
#define TOTP_ADMIN "ZONADEMOADMINSISTEMAAAAAAAAAAAAA"
#define NIP_WBS    "197001011995032011" /* petugas-wbs, 51.05 */
#define TOTP_WBS   "ZONADEMOPETUGASWBSAAAAAAAAAAAAAA"
#define NIP_IDC    "197001011995031012" /* kustodian-identitas, 51.05 */
#define TOTP_IDC   "ZONADEMOKUSTODIANIDENTITASAAAAAA"
#define NIP_KEYC   "197001011995031013" /* kustodian-kunci, RI */
#define TOTP_KEYC  "ZONADEMOKUSTODIANKUNCIAAAAAAAAAA"

/* Every server of this file: no proof of work (the PoW test sets its own), demo data allowed at
 * a restart, and the test as a trusted proxy, so each anonymous request to a WBS route comes from
 * an address of its own (X-Forwarded-For, TEST-NET-2): reporters do not share a throttle, and the
 * address can be looked for in the log and on disk. The throttling tests leave the proxy out: all
 * their requests come from one connection. */
#define REPORTER_NET "198.51.100."
static const char *const server_env[] = {"ZONA_WBS_POW_BITS=0", "ZONA_DEMO=1",
                                         "ZONA_TRUSTED_PROXY=127.0.0.1", NULL};

/* Someone signed in: the session cookie, the whistleblowing key's cookie (zona_wbs, "" when the
 * sign-in opened no key) and the session's CSRF token. */
struct person {
    struct zt_who w;
    char session[96], wbs[96];
    char nip[24];
    char secret[64]; /* TOTP */
    int64_t id;
};

static struct zt_server srv, *S = &srv;
static struct zt_who admin;                           /* admin-sistem, API sign-in */
static struct person officer, idcust, keycust;        /* the demo's WBS people, form sign-in */
static char demo_recovery_officer[WBS_RECOVERY_TEXT]; /* printed by `zona demo` */
static char tag[17];                                  /* makes this run's markers unique */

/* --- markers ---------------------------------------------------------------------------------
 * A marker is a word no page or file holds unless zona kept what a reporter or officer typed:
 * "ZW" + a name + this run's random tag. Every marker made is remembered, so the log and the disk
 * can be searched for all of them. */

static struct {
    char name[32], text[64];
} markers[96];
static int nmarkers;

static const char *
M(const char *name)
{
    for (int i = 0; i < nmarkers; i++)
        if (strcmp(markers[i].name, name) == 0)
            return markers[i].text;
    assert_true(nmarkers < (int)(sizeof markers / sizeof markers[0]));
    snprintf(markers[nmarkers].name, sizeof markers[0].name, "%s", name);
    snprintf(markers[nmarkers].text, sizeof markers[0].text, "ZW%s%s", name, tag);
    return markers[nmarkers++].text;
}

/* Receipts handed out by the servers of this run (digits only), for the log checks. */
static char receipts[64][WBS_RECEIPT_DIGITS + 1];
static int nreceipts;

static void
remember_receipt(const char *r)
{
    if (nreceipts < (int)(sizeof receipts / sizeof receipts[0]))
        snprintf(receipts[nreceipts++], sizeof receipts[0], "%s", r);
}

/* "1234 5678 9012 3456" */
static void
grouped(const char *r, char out[20])
{
    snprintf(out, 20, "%.4s %.4s %.4s %.4s", r, r + 4, r + 8, r + 12);
}

/* --- HTTP ------------------------------------------------------------------------------------ */

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

static bool
is_wbs_path(const char *path)
{
    return strncmp(path, "/wbs", 4) == 0 || strncmp(path, "/lapor/", 7) == 0 ||
           strncmp(path, "/api/v1/wbs/", 12) == 0;
}

static int privacy_checked; /* WBS responses whose headers were checked */

/* Every answer of a WBS route, whatever its status: nothing cached, and no referrer sent to
 * another site (no-referrer, or same-origin: src/http/http.h keeps WBS pages same-origin because
 * with no-referrer a browser's form posts carry "Origin: null", which the CSRF check refuses). */
static void
assert_private(const char *method, const char *path, const struct zt_resp *r)
{
    if (!is_wbs_path(path))
        return;
    const char *cc = zt_header(r, "Cache-Control");
    if (!cc || !strstr(cc, "no-store"))
        fprintf(stderr, "%s %s (HTTP %ld): Cache-Control %s\n", method, path, r->status,
                cc ? cc : "(none)");
    assert_non_null(cc);
    assert_non_null(strstr(cc, "no-store"));
    const char *rp = zt_header(r, "Referrer-Policy");
    bool none_out = rp && (strcmp(rp, "no-referrer") == 0 || strcmp(rp, "same-origin") == 0);
    if (!none_out)
        fprintf(stderr, "%s %s (HTTP %ld): Referrer-Policy %s\n", method, path, r->status,
                rp ? rp : "(none)");
    assert_true(none_out);
    privacy_checked++;
}

/* A request as w (NULL: nobody) with a body of type ctype (NULL: none); the status. */
static long
call(struct zt_server *s, const struct zt_who *w, const char *method, const char *path,
     const char *ctype, const char *body, size_t len, struct zt_resp *r)
{
    const char *h[5] = {NULL, NULL, NULL, NULL, NULL};
    int k = 0;
    if (w && w->cookie[0])
        h[k++] = w->cookie;
    static int next_addr;
    char xff[64];
    if (is_wbs_path(path) && !(w && strstr(w->cookie, "zona_session="))) {
        snprintf(xff, sizeof xff, "X-Forwarded-For: " REPORTER_NET "%d", 1 + next_addr++ % 254);
        h[k++] = xff;
    }
    char ct[160];
    if (ctype) {
        snprintf(ct, sizeof ct, "Content-Type: %s", ctype);
        h[k++] = ct;
    }
    assert_int_equal(zt_request(s, method, path, h, body, len, r), 0);
    assert_private(method, path, r);
    return r->status;
}

static long
get(struct zt_server *s, const struct zt_who *w, const char *path, struct zt_resp *r)
{
    return call(s, w, "GET", path, NULL, NULL, 0, r);
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
    long st = call(s, w, "POST", path, "application/x-www-form-urlencoded", buf_cstr(&b), b.len, r);
    buf_free(&b);
    return st;
}

static long
post_json(struct zt_server *s, const char *path, json_t *body, struct zt_resp *r)
{
    char *text = json_dumps(body, JSON_COMPACT);
    long st = call(s, NULL, "POST", path, "application/json", text, strlen(text), r);
    free(text);
    return st;
}

static json_t *
body_json(const struct zt_resp *r)
{
    json_t *j = json_loadb(r->body, r->len, 0, NULL);
    if (!j)
        fprintf(stderr, "not JSON (HTTP %ld): %.400s\n", r->status, r->body);
    assert_non_null(j);
    return j;
}

/* One part of a multipart body: a field, or a file when filename is set. */
struct part {
    const char *name, *value, *filename;
};

#define BOUNDARY "zonaWbsTestBoundary7f3a"

/* POST of multipart/form-data as w: csrf first, then parts (n of them). */
static long
post_multipart(struct zt_server *s, const struct zt_who *w, const char *path,
               const struct part *parts, size_t n, struct zt_resp *r)
{
    struct buf b = BUF_INIT;
    buf_printf(&b, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n",
               w->csrf);
    for (size_t i = 0; i < n; i++) {
        if (!parts[i].value)
            continue;
        if (parts[i].filename)
            buf_printf(&b,
                       "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"; "
                       "filename=\"%s\"\r\nContent-Type: text/plain\r\n\r\n%s\r\n",
                       parts[i].name, parts[i].filename, parts[i].value);
        else
            buf_printf(
                &b, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n",
                parts[i].name, parts[i].value);
    }
    buf_puts(&b, "--" BOUNDARY "--\r\n");
    long st =
        call(s, w, "POST", path, "multipart/form-data; boundary=" BOUNDARY, buf_cstr(&b), b.len, r);
    buf_free(&b);
    return st;
}

/* A visitor without an account: the CSRF cookie a WBS page hands out. */
static struct zt_who
visitor(struct zt_server *s)
{
    struct zt_who w;
    memset(&w, 0, sizeof w);
    struct zt_resp r;
    assert_int_equal(get(s, NULL, "/wbs/lacak", &r), 200);
    char tok[96];
    assert_int_equal(zt_cookie(&r, "zona_csrf", tok, sizeof tok), 0);
    zt_resp_free(&r);
    snprintf(w.cookie, sizeof w.cookie, "Cookie: zona_csrf=%s", tok);
    snprintf(w.csrf, sizeof w.csrf, "%s", tok);
    return w;
}

/* The first column of the first row of a query made with printf's fmt. */
static char *sql1(struct zt_server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *
sql1(struct zt_server *s, const char *fmt, ...)
{
    char q[4096], *v = NULL;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(q, sizeof q, fmt, ap);
    va_end(ap);
    assert_int_equal(zt_sql(s, q, &v), 0);
    assert_non_null(v);
    return v;
}

static long long sql_n(struct zt_server *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static long long
sql_n(struct zt_server *s, const char *fmt, ...)
{
    char q[4096], *v = NULL;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(q, sizeof q, fmt, ap);
    va_end(ap);
    assert_int_equal(zt_sql(s, q, &v), 0);
    assert_non_null(v);
    long long n = atoll(v);
    free(v);
    return n;
}

static bool
postgresql(void)
{
    const char *b = getenv("ZONA_TEST_BACKEND");
    return b && strcmp(b, "postgresql") == 0;
}

/* --- signing in as a browser does ------------------------------------------------------------
 * TOTP codes are accepted once per time step (and the steps next to the current one), per person
 * whatever their secret (a reset and a new secret do not start again): the steps used per server
 * and person are remembered, and when none is left the test waits for the next. */

static struct {
    char key[600];
    int64_t last;
} steps[32];

static void
totp_now(struct zt_server *s, const char *nip, const char *secret, char code[8])
{
    char key[600];
    snprintf(key, sizeof key, "%s|%s", s->db_url, nip);
    int i = 0;
    while (i < 32 && steps[i].key[0] && strcmp(steps[i].key, key) != 0)
        i++;
    assert_true(i < 32);
    if (!steps[i].key[0])
        snprintf(steps[i].key, sizeof steps[i].key, "%s", key);
    for (;;) {
        int64_t cur = clock_now_ms() / 30000;
        int64_t step = steps[i].last + 1 > cur - 1 ? steps[i].last + 1 : cur - 1;
        if (step <= cur + 1) {
            steps[i].last = step;
            assert_int_equal(totp_code(secret, step * 30000 + 15000, code), 0);
            return;
        }
        struct timespec ts = {1, 0};
        nanosleep(&ts, NULL);
    }
}

static void
person_cookie(struct person *p)
{
    if (p->wbs[0])
        snprintf(p->w.cookie, sizeof p->w.cookie, "Cookie: zona_session=%s; zona_wbs=%s",
                 p->session, p->wbs);
    else
        snprintf(p->w.cookie, sizeof p->w.cookie, "Cookie: zona_session=%s", p->session);
}

/* Takes the cookies a response sets. */
static void
absorb(struct person *p, const struct zt_resp *r)
{
    char v[96];
    if (zt_cookie(r, "zona_session", v, sizeof v) == 0)
        snprintf(p->session, sizeof p->session, "%s", v);
    if (zt_cookie(r, "zona_wbs", v, sizeof v) == 0)
        snprintf(p->wbs, sizeof p->wbs, "%s", v);
    person_cookie(p);
}

/* The session's CSRF token from the account page. */
static void
account_csrf(struct zt_server *s, struct person *p)
{
    struct zt_resp r;
    assert_int_equal(get(s, &p->w, "/akun?format=json", &r), 200);
    json_t *j = body_json(&r);
    const char *c = json_string_value(json_object_get(j, "csrf"));
    assert_non_null(c);
    snprintf(p->w.csrf, sizeof p->w.csrf, "%s", c);
    json_decref(j);
    zt_resp_free(&r);
}

/* The anonymous CSRF cookie of the sign-in page. */
static struct zt_who
anon(struct zt_server *s)
{
    struct zt_who w;
    memset(&w, 0, sizeof w);
    struct zt_resp r;
    assert_int_equal(get(s, NULL, "/masuk", &r), 200);
    char tok[96];
    assert_int_equal(zt_cookie(&r, "zona_csrf", tok, sizeof tok), 0);
    zt_resp_free(&r);
    snprintf(w.cookie, sizeof w.cookie, "Cookie: zona_csrf=%s", tok);
    snprintf(w.csrf, sizeof w.csrf, "%s", tok);
    return w;
}

/* Sets up two-step verification for a session in the enrolment stage. */
static void
enrol_totp(struct zt_server *s, struct person *p)
{
    struct zt_resp r;
    assert_int_equal(get(s, &p->w, "/masuk/totp-daftar?format=json", &r), 200);
    json_t *j = body_json(&r);
    const char *g = json_string_value(json_object_get(j, "secret"));
    const char *c = json_string_value(json_object_get(j, "csrf"));
    assert_non_null(g);
    assert_non_null(c);
    size_t k = 0;
    for (; *g && k + 1 < sizeof p->secret; g++)
        if (*g != ' ')
            p->secret[k++] = *g;
    p->secret[k] = '\0';
    snprintf(p->w.csrf, sizeof p->w.csrf, "%s", c);
    json_decref(j);
    zt_resp_free(&r);
    char code[8];
    totp_now(s, p->nip, p->secret, code);
    long st = post_form(s, &p->w, "/masuk/totp-daftar?format=json", &r, "kode", code, NULL);
    if (st != 200)
        fprintf(stderr, "POST /masuk/totp-daftar as %s: HTTP %ld %.600s\n", p->nip, st, r.body);
    assert_int_equal(st, 200);
    zt_resp_free(&r);
    account_csrf(s, p);
}

/* Signs in with the sign-in form and the second factor (enrolling it when the account has none
 * yet). loc receives where the sign-in form sent the browser. */
static void
sign_in_web(struct zt_server *s, struct person *p, const char *nip, const char *password,
            const char *totp, char *loc, size_t locsz)
{
    char who[24];
    snprintf(who, sizeof who, "%s", nip); /* nip may be p->nip */
    nip = who;
    memset(p->session, 0, sizeof p->session);
    memset(p->wbs, 0, sizeof p->wbs);
    snprintf(p->nip, sizeof p->nip, "%s", nip);
    if (totp)
        snprintf(p->secret, sizeof p->secret, "%s", totp);
    struct zt_who a = anon(s);
    struct zt_resp r;
    long st = post_form(s, &a, "/masuk", &r, "login", nip, "password", password, NULL);
    if (st != 303)
        fprintf(stderr, "sign-in of %s: HTTP %ld\n", nip, st);
    assert_int_equal(st, 303);
    const char *l = zt_header(&r, "Location");
    assert_non_null(l);
    snprintf(loc, locsz, "%s", l);
    absorb(p, &r);
    zt_resp_free(&r);
    assert_true(p->session[0] != '\0');
    if (strncmp(loc, "/masuk/totp-daftar", 18) == 0) {
        enrol_totp(s, p);
    } else if (strncmp(loc, "/masuk/totp", 11) == 0) {
        assert_int_equal(get(s, &p->w, "/masuk/totp?format=json", &r), 200);
        json_t *j = body_json(&r);
        snprintf(p->w.csrf, sizeof p->w.csrf, "%s", json_string_value(json_object_get(j, "csrf")));
        json_decref(j);
        zt_resp_free(&r);
        char code[8];
        totp_now(s, p->nip, p->secret, code);
        assert_int_equal(post_form(s, &p->w, "/masuk/totp", &r, "kode", code, NULL), 303);
        absorb(p, &r);
        zt_resp_free(&r);
        account_csrf(s, p);
    } else {
        account_csrf(s, p);
    }
    char *id = sql1(s, "SELECT id FROM users WHERE nip = '%s'", nip);
    p->id = atoll(id);
    free(id);
}

/* Sets a password with a one-time code of an administrator (setup or reset). */
static void
set_password(struct zt_server *s, const char *code, const char *password)
{
    struct zt_who a = anon(s);
    struct zt_resp r;
    assert_int_equal(post_form(s, &a, "/sandi", &r, "kode", code, "password", password, "password2",
                               password, NULL),
                     303);
    assert_string_equal(zt_header(&r, "Location"), "/masuk");
    zt_resp_free(&r);
}

/* A one-time code admin-sistem issues for a person: a reset once they have a password. */
static void
issue_code(struct zt_server *s, int64_t user_id, char code[40])
{
    char path[96];
    snprintf(path, sizeof path, "/admin/pengguna/%lld/kode?format=json", (long long)user_id);
    struct zt_resp r;
    assert_int_equal(post_form(s, &admin, path, &r, NULL), 200);
    json_t *j = body_json(&r);
    const char *c = json_string_value(json_object_get(j, "code"));
    assert_non_null(c);
    snprintf(code, 40, "%s", c);
    json_decref(j);
    zt_resp_free(&r);
}

/* A new WBS officer (petugas-wbs) of unit made by admin-sistem through the people pages: the
 * setup code, a password set with it, the first sign-in (which makes their key and sends them to
 * /wbs/kunci) and two-step verification set up. */
static void
newcomer(struct zt_server *s, struct person *p, const char *nip, const char *unit,
         const char *password)
{
    char email[96], name[64];
    snprintf(email, sizeof email, "wbs.%s@bawaslu.test", nip);
    snprintf(name, sizeof name, "Petugas Baru %s", nip + 14);
    struct zt_resp r;
    long st =
        post_form(s, &admin, "/admin/pengguna?format=json", &r, "nip", nip, "name", name, "email",
                  email, "position", "Analis pengaduan", "unit", unit, "role", "petugas-wbs", NULL);
    if (st != 200)
        fprintf(stderr, "POST /admin/pengguna: HTTP %ld %.600s\n", st, r.body);
    assert_int_equal(st, 200);
    json_t *j = body_json(&r);
    const char *code = json_string_value(json_object_get(j, "code"));
    assert_non_null(code);
    char c[40];
    snprintf(c, sizeof c, "%s", code);
    json_decref(j);
    zt_resp_free(&r);
    set_password(s, c, password);
    char loc[256];
    memset(p, 0, sizeof *p);
    sign_in_web(s, p, nip, password, NULL, loc, sizeof loc);
    /* the first sign-in made the key: the way on leads to its recovery key */
    assert_true(strncmp(loc, "/masuk/totp-daftar", 18) == 0);
    assert_non_null(strstr(loc, "lanjut=/wbs/kunci"));
    assert_true(p->wbs[0] != '\0');
}

/* --- reports --------------------------------------------------------------------------------- */

struct report {
    const char *category;
    const char *what, *who, *when, *where, *why, *how, *narrative;
    const char *id_name, *id_contact, *id_note; /* the identity, given when id_name is set */
    const char *file_name, *file_data;          /* an attachment, when file_name is set */
};

/* The 16 digits of the receipt a page shows (in groups or not) into out. */
static void
receipt_of(const struct zt_resp *r, char out[WBS_RECEIPT_DIGITS + 1])
{
    const char *p = strstr(r->body, "code-display__value");
    assert_non_null(p);
    int n = 0;
    for (; *p && n < WBS_RECEIPT_DIGITS; p++) {
        if (*p >= '0' && *p <= '9')
            out[n++] = *p;
    }
    out[n] = '\0';
    assert_int_equal(n, WBS_RECEIPT_DIGITS);
}

/* Sends rep on the unit's form as a visitor; the receipt into receipt, the report's id into *id
 * (the newest report: tests run one at a time). */
static void
submit_form(struct zt_server *s, const struct report *rep, char receipt[WBS_RECEIPT_DIGITS + 1],
            int64_t *id)
{
    struct zt_who v = visitor(s);
    struct zt_resp r;
    assert_int_equal(get(s, &v, "/wbs/" UNIT, &r), 200);
    zt_resp_free(&r);
    struct part parts[] = {
        {"category", rep->category ? rep->category : "korupsi", NULL},
        {"what", rep->what, NULL},
        {"who", rep->who, NULL},
        {"when", rep->when, NULL},
        {"where", rep->where, NULL},
        {"why", rep->why, NULL},
        {"how", rep->how, NULL},
        {"narrative", rep->narrative, NULL},
        {"situs", "", NULL},
        {"identity", rep->id_name ? "1" : NULL, NULL},
        {"identity_name", rep->id_name, NULL},
        {"identity_contact", rep->id_contact, NULL},
        {"identity_note", rep->id_note, NULL},
        {"berkas", rep->file_name ? rep->file_data : NULL, rep->file_name},
    };
    long st = post_multipart(s, &v, "/wbs/" UNIT, parts, sizeof parts / sizeof parts[0], &r);
    if (st != 201)
        fprintf(stderr, "POST /wbs/51.05: HTTP %ld %.800s\n", st, r.body);
    assert_int_equal(st, 201);
    receipt_of(&r, receipt);
    remember_receipt(receipt);
    zt_resp_free(&r);
    if (id) {
        char *v2 = sql1(s, "SELECT MAX(id) FROM wbs_reports");
        *id = atoll(v2);
        free(v2);
    }
}

/* A report through the API; the receipt. */
static void
submit_api(struct zt_server *s, const char *narrative, char receipt[WBS_RECEIPT_DIGITS + 1])
{
    json_t *b = json_pack("{s:s,s:s,s:s,s:s,s:s}", "unit", UNIT, "category", "gratifikasi", "what",
                          "Hadiah dari calon rekanan", "where", "Kantor sekretariat", "narrative",
                          narrative);
    struct zt_resp r;
    long st = post_json(s, "/api/v1/wbs/reports", b, &r);
    json_decref(b);
    if (st != 201)
        fprintf(stderr, "POST /api/v1/wbs/reports: HTTP %ld %.400s\n", st, r.body);
    assert_int_equal(st, 201);
    json_t *j = body_json(&r);
    const char *rc = json_string_value(json_object_get(j, "receipt"));
    assert_non_null(rc);
    assert_int_equal(strlen(rc), WBS_RECEIPT_DIGITS);
    assert_int_equal(strspn(rc, "0123456789"), WBS_RECEIPT_DIGITS);
    snprintf(receipt, WBS_RECEIPT_DIGITS + 1, "%s", rc);
    remember_receipt(receipt);
    json_decref(j);
    zt_resp_free(&r);
}

/* The report of receipt as its reporter sees it through the API (expects 200). */
static json_t *
follow_up(struct zt_server *s, const char *receipt)
{
    json_t *b = json_pack("{s:s}", "receipt", receipt);
    struct zt_resp r;
    long st = post_json(s, "/api/v1/wbs/follow-up", b, &r);
    json_decref(b);
    if (st != 200)
        fprintf(stderr, "POST /api/v1/wbs/follow-up: HTTP %ld %.400s\n", st, r.body);
    assert_int_equal(st, 200);
    json_t *j = body_json(&r);
    zt_resp_free(&r);
    return j;
}

/* The follow-up page of the form (POST /wbs/lacak) with the receipt as typed. */
static long
track_page(struct zt_server *s, const char *typed, struct zt_resp *r)
{
    struct zt_who v = visitor(s);
    return post_form(s, &v, "/wbs/lacak", r, "receipt", typed, NULL);
}

static bool
has_event(json_t *fu, const char *action)
{
    json_t *e;
    size_t i;
    json_array_foreach(json_object_get(fu, "events"), i, e)
    {
        const char *a = json_string_value(json_object_get(e, "action"));
        if (a && strcmp(a, action) == 0)
            return true;
    }
    return false;
}

static long
case_get(struct zt_server *s, const struct person *p, int64_t id, const char *suffix,
         struct zt_resp *r)
{
    char path[96];
    snprintf(path, sizeof path, "/wbs/kasus/%lld%s", (long long)id, suffix ? suffix : "");
    return get(s, &p->w, path, r);
}

/* One action of the case form as p: aksi and then name, value pairs (NULL-terminated). */
static long
case_act(struct zt_server *s, const struct person *p, int64_t id, struct zt_resp *r,
         const char *aksi, ...)
{
    char path[64];
    snprintf(path, sizeof path, "/wbs/kasus/%lld", (long long)id);
    struct buf b = BUF_INIT;
    buf_puts(&b, "csrf=");
    url_enc(&b, p->w.csrf);
    buf_puts(&b, "&aksi=");
    url_enc(&b, aksi);
    va_list ap;
    va_start(ap, aksi);
    for (const char *k; (k = va_arg(ap, const char *)) != NULL;) {
        const char *v = va_arg(ap, const char *);
        buf_putc(&b, '&');
        url_enc(&b, k);
        buf_putc(&b, '=');
        url_enc(&b, v);
    }
    va_end(ap);
    long st =
        call(s, &p->w, "POST", path, "application/x-www-form-urlencoded", buf_cstr(&b), b.len, r);
    buf_free(&b);
    return st;
}

/* The case page as JSON (the model the page is drawn from). */
static json_t *
case_json(struct zt_server *s, const struct person *p, int64_t id, long expect)
{
    struct zt_resp r;
    char path[96];
    snprintf(path, sizeof path, "/wbs/kasus/%lld?format=json", (long long)id);
    long st = get(s, &p->w, path, &r);
    if (st != expect)
        fprintf(stderr, "GET %s: HTTP %ld %.400s\n", path, st, r.body);
    assert_int_equal(st, expect);
    json_t *j = body_json(&r);
    zt_resp_free(&r);
    return j;
}

/* A recovery key a page shows ("XXXX-XXXX-…" in the code display) into out; false when none. */
static bool
recovery_of(const struct zt_resp *r, char out[WBS_RECOVERY_TEXT])
{
    const char *p = strstr(r->body, "code-display__value\">");
    if (!p)
        return false;
    p += strlen("code-display__value\">");
    for (int i = 0; i < WBS_RECOVERY_TEXT - 1; i++) {
        bool dash = i % 5 == 4;
        if (dash ? p[i] != '-' : !strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", p[i]) || !p[i])
            return false;
    }
    snprintf(out, WBS_RECOVERY_TEXT, "%.*s", WBS_RECOVERY_TEXT - 1, p);
    return true;
}

/* --- files and the log ----------------------------------------------------------------------- */

static char *
slurp(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    struct buf b = BUF_INIT;
    char tmp[65536];
    ssize_t n;
    while ((n = read(fd, tmp, sizeof tmp)) > 0)
        buf_append(&b, tmp, (size_t)n);
    close(fd);
    *len = b.len;
    if (!b.p)
        return calloc(1, 1);
    return b.p;
}

static int
find_in_file(const char *path, const char *needle, bool report)
{
    size_t len = 0;
    char *data = slurp(path, &len);
    if (!data)
        return 0;
    int found = memmem(data, len, needle, strlen(needle)) != NULL;
    if (found && report)
        fprintf(stderr, "found %s in %s\n", needle, path);
    free(data);
    return found;
}

/* How many (file, needle) pairs match among every file under dir (recursively), raw bytes. */
static int
scan_dir(const char *dir, const char *const *needles, int n, int *files, bool report)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int hits = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            hits += scan_dir(path, needles, n, files, report);
        } else if (S_ISREG(st.st_mode)) {
            (*files)++;
            for (int i = 0; i < n; i++)
                hits += find_in_file(path, needles[i], report);
        }
    }
    closedir(d);
    return hits;
}

/* The server's log: every line of a WBS route leaves the client out; no marker and no receipt
 * appears anywhere. Returns the number of WBS lines seen. */
static int
check_log(struct zt_server *s)
{
    char path[300];
    snprintf(path, sizeof path, "%s/server.log", s->dir);
    size_t len = 0;
    char *log = slurp(path, &len);
    assert_non_null(log);
    int wbs_lines = 0, other_with_client = 0, bad = 0;
    for (char *save = NULL, *l = strtok_r(log, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        bool wbs = strstr(l, " /wbs") || strstr(l, " /lapor/") || strstr(l, " /api/v1/wbs/");
        if (wbs && strstr(l, "client=")) {
            wbs_lines++;
            if (!strstr(l, "client=-")) {
                fprintf(stderr, "a WBS log line names the client: %s\n", l);
                bad++;
            }
        } else if (strstr(l, "client=") && !strstr(l, "client=-")) {
            other_with_client++;
        }
    }
    free(log);
    log = slurp(path, &len);
    if (memmem(log, len, REPORTER_NET, strlen(REPORTER_NET))) {
        fprintf(stderr, "the log holds a reporter's address\n");
        bad++;
    }
    for (int i = 0; i < nmarkers; i++)
        if (memmem(log, len, markers[i].text, strlen(markers[i].text))) {
            fprintf(stderr, "the log holds the marker %s\n", markers[i].text);
            bad++;
        }
    for (int i = 0; i < nreceipts; i++) {
        char g[20];
        grouped(receipts[i], g);
        if (memmem(log, len, receipts[i], WBS_RECEIPT_DIGITS) || memmem(log, len, g, strlen(g))) {
            fprintf(stderr, "the log holds the receipt %s\n", receipts[i]);
            bad++;
        }
    }
    free(log);
    assert_int_equal(bad, 0);
    /* the other routes do log the client, so "-" above is the WBS routes' doing */
    assert_true(other_with_client > 0);
    return wbs_lines;
}

/* Restarts a server stopped with zt_server_stop_keep_dir, on the same folder and database. */
static void
restart(struct zt_server *s)
{
    char portpath[300], logpath[300];
    snprintf(portpath, sizeof portpath, "%s/port", s->dir);
    snprintf(logpath, sizeof logpath, "%s/server.log", s->dir);
    unlink(portpath);
    int logfd = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0600);
    assert_true(logfd >= 0);
    size_t n = 0;
    for (char **e = environ; *e; e++)
        n++;
    char **env = calloc(n + (size_t)s->nenv + 1, sizeof(char *));
    size_t k = 0;
    for (char **e = environ; *e; e++)
        if (strncmp(*e, "ZONA_", 5) != 0 || strncmp(*e, "ZONA_TEST_", 10) == 0 ||
            strncmp(*e, "ZONA_BIN=", 9) == 0)
            env[k++] = *e;
    for (int i = 0; i < s->nenv; i++)
        env[k++] = s->env[i];
    env[k] = NULL;
    const char *bin = getenv("ZONA_BIN") && *getenv("ZONA_BIN") ? getenv("ZONA_BIN") : "build/zona";
    const char *args[] = {bin, "serve", NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, logfd, 1);
    posix_spawn_file_actions_adddup2(&fa, logfd, 2);
    int rc = posix_spawn(&s->pid, bin, &fa, NULL, (char *const *)(uintptr_t)args, env);
    posix_spawn_file_actions_destroy(&fa);
    free(env);
    close(logfd);
    assert_int_equal(rc, 0);
    s->port = 0;
    for (int i = 0; i < 1500 && s->port <= 0; i++) {
        FILE *f = fopen(portpath, "r");
        if (f) {
            if (fscanf(f, "%d", &s->port) != 1)
                s->port = 0;
            fclose(f);
        }
        int status;
        if (s->port <= 0 && waitpid(s->pid, &status, WNOHANG) == s->pid) {
            s->pid = -1;
            fail_msg("zona serve exited at its restart; see %s", logpath);
        }
        struct timespec ts = {0, 10000000};
        nanosleep(&ts, NULL);
    }
    assert_true(s->port > 0);
    snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
    for (int i = 0; i < 500; i++) {
        struct zt_resp r;
        if (zt_get(s, "/healthz", &r) == 0) {
            long st = r.status;
            zt_resp_free(&r);
            if (st == 200)
                return;
        }
        struct timespec ts = {0, 10000000};
        nanosleep(&ts, NULL);
    }
    fail_msg("zona did not answer after its restart");
}

/* The server of a test of its own (one at a time). A failed assertion leaves the test early:
 * own_teardown then stops the server and removes its folder and database. */
static struct zt_server own;

static int
own_teardown(void **state)
{
    (void)state;
    if (own.dir[0])
        zt_server_cleanup(&own);
    memset(&own, 0, sizeof own);
    return 0;
}

/* A server of a test's own with the demo; its `zona demo` output into *out (may be NULL). */
static void
own_server(struct zt_server *s, const char *const *env, char **out)
{
    assert_int_equal(zt_server_start(s, env ? env : server_env), 0);
    const char *demo[] = {"demo", NULL};
    char *o = NULL, *e = NULL;
    int rc = zt_cli(s, demo, NULL, &o, &e);
    if (rc != 0)
        fprintf(stderr, "zona demo: %s%s\n", o, e);
    assert_int_equal(rc, 0);
    free(e);
    if (out)
        *out = o;
    else
        free(o);
}

/* --- setup ----------------------------------------------------------------------------------- */

static int
setup(void **state)
{
    (void)state;
    unsigned char raw[8];
    randombytes_buf(raw, sizeof raw);
    for (int i = 0; i < 8; i++)
        snprintf(tag + 2 * i, 3, "%02X", raw[i]);
    if (zt_server_start(S, server_env) != 0)
        return -1;
    const char *demo[] = {"demo", NULL};
    char *out = NULL, *err = NULL;
    int rc = zt_cli(S, demo, NULL, &out, &err);
    if (rc != 0) {
        fprintf(stderr, "zona demo: %s%s\n", out, err);
        free(out);
        free(err);
        return -1;
    }
    /* "wbs key of NIP, recovery key XXXX-…" */
    const char *k = strstr(out, "wbs key of " NIP_WBS ", recovery key ");
    if (k)
        snprintf(demo_recovery_officer, sizeof demo_recovery_officer, "%.*s", WBS_RECOVERY_TEXT - 1,
                 k + strlen("wbs key of " NIP_WBS ", recovery key "));
    free(out);
    free(err);
    if (zt_sign_in(S, NIP_ADMIN, PASSWORD, TOTP_ADMIN, &admin) != 200)
        return -1;
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    return zt_server_stop(S) == 0 ? 0 : -1;
}

/* The demo's WBS people, signed in once per run as a browser does (their keys open). */
static void
officers(void)
{
    char loc[256];
    if (!officer.session[0])
        sign_in_web(S, &officer, NIP_WBS, PASSWORD, TOTP_WBS, loc, sizeof loc);
    if (!idcust.session[0])
        sign_in_web(S, &idcust, NIP_IDC, PASSWORD, TOTP_IDC, loc, sizeof loc);
    if (!keycust.session[0])
        sign_in_web(S, &keycust, NIP_KEYC, PASSWORD, TOTP_KEYC, loc, sizeof loc);
    assert_true(officer.wbs[0] && idcust.wbs[0] && keycust.wbs[0]);
}

/* --- 1. the front door ----------------------------------------------------------------------- */

static void
front_door_routes_each_kind_of_report(void **state)
{
    (void)state;
    struct zt_resp r;
    assert_int_equal(get(S, NULL, "/lapor/" UNIT, &r), 200);
    assert_true(zt_contains(&r, "href=\"/pengaduan/" UNIT "\""));
    assert_true(zt_contains(&r, "href=\"/wbs/" UNIT "\""));
    /* the election channel is Bawaslu's, at the address of the settings, sending no referrer */
    json_t *settings = json_load_file("data/wbs/settings.json", 0, NULL);
    assert_non_null(settings);
    const char *url =
        json_string_value(json_object_get(json_object_get(settings, "election_violation"), "url"));
    assert_non_null(url);
    char href[256];
    snprintf(href, sizeof href, "href=\"%s\"", url);
    assert_true(zt_contains(&r, href));
    assert_true(zt_contains(&r, "noreferrer"));
    json_decref(settings);
    /* and nothing from a third party is loaded */
    assert_false(zt_contains(&r, "src=\"http"));
    zt_resp_free(&r);
    assert_int_equal(get(S, NULL, "/lapor/21.01", &r), 200);
    assert_true(zt_contains(&r, "href=\"/wbs/21.01\""));
    zt_resp_free(&r);
    assert_int_equal(get(S, NULL, "/lapor/99.99", &r), 404);
    zt_resp_free(&r);
    assert_int_equal(get(S, NULL, "/wbs/99.99", &r), 404);
    zt_resp_free(&r);
    /* the year's statistics hide small counts: Bintan has the demo's one report */
    assert_int_equal(get(S, NULL, "/lapor/21.01?format=json", &r), 200);
    json_t *j = body_json(&r);
    zt_resp_free(&r);
    json_t *stats = json_object_get(j, "stats");
    assert_non_null(stats);
    assert_string_equal(json_string_value(json_object_get(stats, "total")), "<5");
    json_t *row;
    size_t i;
    json_array_foreach(json_object_get(stats, "by_category"), i, row)
    {
        const char *n = json_string_value(json_object_get(row, "n"));
        assert_non_null(n);
        assert_true(strcmp(n, "<5") == 0 || strcmp(n, "0") == 0);
    }
    json_decref(j);
}

/* --- 2. a report by the form and by the API -------------------------------------------------- */

static void
report_by_form_gives_a_receipt_and_keeps_typed_text(void **state)
{
    (void)state;
    struct zt_resp r;
    struct zt_who v = visitor(S);
    assert_int_equal(get(S, &v, "/wbs/" UNIT, &r), 200);
    assert_true(zt_contains(&r, "name=\"narrative\""));
    assert_true(zt_contains(&r, "name=\"berkas\""));
    assert_true(zt_contains(&r, "name=\"identity\" value=\"1\"")); /* a custodian can keep it */
    zt_resp_free(&r);

    /* what and the narrative are required: the form comes back with what was typed */
    struct part missing[] = {
        {"category", "korupsi", NULL},    {"who", M("F2WHO"), NULL},
        {"narrative", M("F2NARR"), NULL}, {"situs", "", NULL},
        {"identity", "1", NULL},          {"identity_name", M("F2IDNAME"), NULL},
    };
    assert_int_equal(post_multipart(S, &v, "/wbs/" UNIT, missing, 6, &r), 422);
    assert_true(zt_contains(&r, "error-summary"));
    assert_true(zt_contains(&r, "href=\"#what\""));
    assert_true(zt_contains(&r, M("F2WHO")));
    assert_true(zt_contains(&r, M("F2NARR")));
    assert_true(zt_contains(&r, M("F2IDNAME")));
    assert_false(zt_contains(&r, "code-display__value"));
    zt_resp_free(&r);
    long long before = sql_n(S, "SELECT COUNT(*) FROM wbs_reports");

    /* the honeypot filled: refused, nothing filed */
    struct part robot[] = {
        {"category", "korupsi", NULL},          {"what", "Pungutan di loket", NULL},
        {"who", "Petugas loket", NULL},         {"narrative", "Uraian oleh robot", NULL},
        {"situs", "http://spam.example", NULL},
    };
    assert_int_equal(post_multipart(S, &v, "/wbs/" UNIT, robot, 5, &r), 422);
    assert_false(zt_contains(&r, "code-display__value"));
    zt_resp_free(&r);
    assert_int_equal(sql_n(S, "SELECT COUNT(*) FROM wbs_reports"), before);

    /* the whole report, with a file and the identity */
    char fname[96];
    snprintf(fname, sizeof fname, "bukti-%s.txt", M("F2FILENAME"));
    struct report rep = {.category = "pungutan_liar",
                         .what = M("F2WHAT"),
                         .who = M("F2WHO"),
                         .when = M("F2WHEN"),
                         .where = M("F2WHERE"),
                         .why = M("F2WHY"),
                         .how = M("F2HOW"),
                         .narrative = M("F2NARR"),
                         .id_name = M("F2IDNAME"),
                         .id_contact = M("F2IDCONTACT"),
                         .id_note = M("F2IDNOTE"),
                         .file_name = fname,
                         .file_data = M("F2FILEDATA")};
    char receipt[WBS_RECEIPT_DIGITS + 1];
    int64_t id;
    submit_form(S, &rep, receipt, &id);
    assert_int_equal(sql_n(S, "SELECT COUNT(*) FROM wbs_reports"), before + 1);
    assert_int_equal(sql_n(S, "SELECT COUNT(*) FROM wbs_reports WHERE id = %lld AND has_identity",
                           (long long)id),
                     1);
    assert_int_equal(
        sql_n(S, "SELECT COUNT(*) FROM wbs_files WHERE report_id = %lld", (long long)id), 1);
    /* the receipt opens it */
    json_t *fu = follow_up(S, receipt);
    assert_string_equal(json_string_value(json_object_get(fu, "category")), "pungutan_liar");
    json_t *content = json_object_get(fu, "content");
    assert_string_equal(json_string_value(json_object_get(content, "what")), M("F2WHAT"));
    assert_string_equal(json_string_value(json_object_get(content, "how")), M("F2HOW"));
    json_t *f = json_array_get(json_object_get(fu, "files"), 0);
    assert_string_equal(json_string_value(json_object_get(f, "name")), fname);
    assert_int_equal(json_integer_value(json_object_get(f, "size")), strlen(M("F2FILEDATA")));
    json_decref(fu);
}

static void
report_by_api_gives_a_receipt_and_refuses_bad_input(void **state)
{
    (void)state;
    char receipt[WBS_RECEIPT_DIGITS + 1];
    submit_api(S, M("A2NARR"), receipt);
    json_t *fu = follow_up(S, receipt);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(fu, "content"), "narrative")),
        M("A2NARR"));
    json_decref(fu);

    struct zt_resp r;
    /* an unknown unit */
    json_t *b = json_pack("{s:s,s:s,s:s,s:s,s:s}", "unit", "99.99", "category", "korupsi", "what",
                          "Suap", "who", "Kepala kantor", "narrative", "Uraian");
    assert_int_equal(post_json(S, "/api/v1/wbs/reports", b, &r), 404);
    json_decref(b);
    zt_resp_free(&r);
    /* an unknown category: 422 naming the field */
    b = json_pack("{s:s,s:s,s:s,s:s,s:s}", "unit", UNIT, "category", "penipuan", "what", "Suap",
                  "who", "Kepala kantor", "narrative", "Uraian");
    assert_int_equal(post_json(S, "/api/v1/wbs/reports", b, &r), 422);
    json_decref(b);
    json_t *j = body_json(&r);
    json_t *fields = json_object_get(json_object_get(j, "error"), "fields");
    assert_true(json_is_object(fields));
    assert_non_null(json_object_get(fields, "category"));
    json_decref(j);
    zt_resp_free(&r);
    /* no narrative, neither who nor where */
    b = json_pack("{s:s,s:s,s:s}", "unit", UNIT, "category", "korupsi", "what", "Suap");
    assert_int_equal(post_json(S, "/api/v1/wbs/reports", b, &r), 422);
    json_decref(b);
    j = body_json(&r);
    fields = json_object_get(json_object_get(j, "error"), "fields");
    assert_non_null(json_object_get(fields, "narrative"));
    json_decref(j);
    zt_resp_free(&r);
    /* the identity as an object of its own */
    b = json_pack("{s:s,s:s,s:s,s:s,s:s,s:{s:s,s:s}}", "unit", UNIT, "category", "korupsi", "what",
                  "Suap", "who", "Kepala kantor", "narrative", M("A2IDNARR"), "identity", "name",
                  M("A2IDNAME"), "contact", "0812");
    assert_int_equal(post_json(S, "/api/v1/wbs/reports", b, &r), 201);
    json_decref(b);
    j = body_json(&r);
    char rc2[WBS_RECEIPT_DIGITS + 1];
    snprintf(rc2, sizeof rc2, "%s", json_string_value(json_object_get(j, "receipt")));
    remember_receipt(rc2);
    json_decref(j);
    zt_resp_free(&r);
    assert_int_equal(sql_n(S, "SELECT COUNT(*) FROM wbs_reports WHERE id = (SELECT MAX(id) FROM "
                              "wbs_reports) AND has_identity"),
                     1);
    fu = follow_up(S, rc2);
    char *text = json_dumps(fu, 0);
    assert_null(strstr(text, M("A2IDNAME"))); /* sealed to the custodian, not shown back */
    free(text);
    json_decref(fu);
    /* not JSON at all */
    assert_int_equal(call(S, NULL, "POST", "/api/v1/wbs/reports", "application/json", "[1]", 3, &r),
                     400);
    zt_resp_free(&r);
}

/* --- 3. following a report up with the receipt ----------------------------------------------- */

static void
follow_up_with_the_receipt_messages_and_files(void **state)
{
    (void)state;
    char name1[96], name2[96];
    snprintf(name1, sizeof name1, "kuitansi-%s.txt", M("F3NAME"));
    snprintf(name2, sizeof name2, "foto-%s.txt", M("F3NAME2"));
    struct report rep = {.what = M("F3WHAT"),
                         .who = "Bendahara",
                         .narrative = M("F3NARR"),
                         .file_name = name1,
                         .file_data = M("F3FILEDATA")};
    char receipt[WBS_RECEIPT_DIGITS + 1], typed[20];
    submit_form(S, &rep, receipt, NULL);
    grouped(receipt, typed);

    /* typed with spaces, on the form */
    struct zt_resp r;
    assert_int_equal(track_page(S, typed, &r), 200);
    assert_true(zt_contains(&r, M("F3NARR")));
    assert_true(zt_contains(&r, name1));
    /* the receipt travels on in POST forms only, never in a link */
    assert_false(zt_contains(&r, "href=\"/wbs/lacak?"));
    zt_resp_free(&r);
    /* and with dashes */
    char dashed[20];
    snprintf(dashed, sizeof dashed, "%.4s-%.4s-%.4s-%.4s", receipt, receipt + 4, receipt + 8,
             receipt + 12);
    assert_int_equal(track_page(S, dashed, &r), 200);
    zt_resp_free(&r);

    /* the API */
    json_t *fu = follow_up(S, typed);
    assert_string_equal(json_string_value(json_object_get(fu, "state")), "diterima");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(fu, "content"), "narrative")),
        M("F3NARR"));
    assert_true(has_event(fu, "diterima"));
    json_t *files = json_object_get(fu, "files");
    assert_int_equal(json_array_size(files), 1);
    int64_t file1 = json_integer_value(json_object_get(json_array_get(files, 0), "id"));
    assert_string_equal(json_string_value(json_object_get(json_array_get(files, 0), "name")),
                        name1);
    json_decref(fu);

    /* unknown and malformed receipts */
    char other[WBS_RECEIPT_DIGITS + 1];
    snprintf(other, sizeof other, "%s", receipt);
    other[15] = other[15] == '9' ? '0' : (char)(other[15] + 1);
    json_t *b = json_pack("{s:s}", "receipt", other);
    assert_int_equal(post_json(S, "/api/v1/wbs/follow-up", b, &r), 404);
    json_decref(b);
    zt_resp_free(&r);
    b = json_pack("{s:s}", "receipt", "1234 5678");
    assert_int_equal(post_json(S, "/api/v1/wbs/follow-up", b, &r), 422);
    json_decref(b);
    zt_resp_free(&r);
    b = json_pack("{s:s}", "receipt", "1234 5678 9012 345x");
    assert_int_equal(post_json(S, "/api/v1/wbs/follow-up", b, &r), 422);
    json_decref(b);
    zt_resp_free(&r);
    assert_int_equal(track_page(S, "12345", &r), 422);
    assert_true(zt_contains(&r, "value=\"12345\"")); /* kept to be corrected */
    zt_resp_free(&r);

    /* a message with another file */
    struct zt_who v = visitor(S);
    struct part msg[] = {
        {"receipt", typed, NULL},
        {"message", M("F3MSG"), NULL},
        {"berkas", M("F3FILE2DATA"), name2},
    };
    assert_int_equal(post_multipart(S, &v, "/wbs/lacak/pesan", msg, 3, &r), 200);
    assert_true(zt_contains(&r, M("F3MSG")));
    assert_true(zt_contains(&r, name2));
    assert_true(zt_contains(&r, "alert--success"));
    zt_resp_free(&r);
    /* nothing to send */
    struct part empty[] = {{"receipt", typed, NULL}, {"message", "", NULL}};
    assert_int_equal(post_multipart(S, &v, "/wbs/lacak/pesan", empty, 2, &r), 422);
    zt_resp_free(&r);
    fu = follow_up(S, receipt);
    json_t *m = json_array_get(json_object_get(fu, "messages"), 0);
    assert_string_equal(json_string_value(json_object_get(m, "author")), "pelapor");
    assert_string_equal(json_string_value(json_object_get(m, "text")), M("F3MSG"));
    assert_int_equal(json_array_size(json_object_get(fu, "files")), 2);
    json_decref(fu);

    /* the reporter downloads their file: the bytes they sent */
    char fid[24];
    snprintf(fid, sizeof fid, "%lld", (long long)file1);
    assert_int_equal(
        post_form(S, &v, "/wbs/lacak/berkas", &r, "receipt", receipt, "file", fid, NULL), 200);
    assert_int_equal(r.len, strlen(M("F3FILEDATA")));
    assert_memory_equal(r.body, M("F3FILEDATA"), r.len);
    const char *cd = zt_header(&r, "Content-Disposition");
    assert_non_null(cd);
    assert_non_null(strstr(cd, "attachment"));
    assert_non_null(strstr(cd, name1));
    zt_resp_free(&r);
    /* a file of another report is not this report's */
    assert_int_equal(
        post_form(S, &v, "/wbs/lacak/berkas", &r, "receipt", receipt, "file", "999999", NULL), 404);
    zt_resp_free(&r);
}

static void
receipt_guessing_is_throttled(void **state)
{
    (void)state;
    /* a clock that stands still: the waits never run out during the test */
    char now[48];
    snprintf(now, sizeof now, "ZONA_TEST_NOW_MS=%lld", (long long)clock_now_ms());
    const char *env[] = {"ZONA_WBS_POW_BITS=0", "ZONA_DEMO=1", now, NULL};
    own_server(&own, env, NULL);
    char receipt[WBS_RECEIPT_DIGITS + 1];
    submit_api(&own, "Laporan untuk uji pembatasan", receipt);
    char guess[WBS_RECEIPT_DIGITS + 1];
    snprintf(guess, sizeof guess, "%s", receipt);
    int unknown = 0;
    long last = 0;
    struct zt_resp r;
    for (int i = 0; i < 30 && last != 429; i++) {
        guess[0] = (char)('0' + (receipt[0] - '0' + 1 + i % 9) % 10);
        guess[1] = (char)('0' + i % 10);
        json_t *b = json_pack("{s:s}", "receipt", guess);
        last = post_json(&own, "/api/v1/wbs/follow-up", b, &r);
        json_decref(b);
        if (last == 404)
            unknown++;
        else if (last == 429) {
            const char *ra = zt_header(&r, "Retry-After");
            assert_non_null(ra);
            assert_true(atoi(ra) >= 1);
        } else {
            fail_msg("a wrong receipt answered HTTP %ld", last);
        }
        zt_resp_free(&r);
    }
    assert_int_equal(last, 429);
    assert_true(unknown >= 5); /* a few mistakes are free */
    /* once throttled, the right receipt waits too, on the form as in the API */
    assert_int_equal(track_page(&own, receipt, &r), 429);
    assert_non_null(zt_header(&r, "Retry-After"));
    assert_false(zt_contains(&r, "Laporan untuk uji pembatasan"));
    zt_resp_free(&r);

    assert_int_equal(zt_server_stop(&own), 0);
}

/* A flood of reports from one connection: twenty an hour (README), then 429 with Retry-After;
 * the form says so and keeps what was typed.
 * Regression: the flood rule once counted like sign-in failures and let a 21st report through. */
static void
a_flood_of_reports_waits(void **state)
{
    (void)state;
    char now[48];
    snprintf(now, sizeof now, "ZONA_TEST_NOW_MS=%lld", (long long)clock_now_ms());
    const char *env[] = {"ZONA_WBS_POW_BITS=0", "ZONA_DEMO=1", now, NULL};
    own_server(&own, env, NULL);
    struct zt_resp r;
    long st = 0;
    int filed = 0;
    for (int i = 0; i < 30 && st != 429; i++) {
        json_t *b = json_pack("{s:s,s:s,s:s,s:s,s:s}", "unit", UNIT, "category", "lainnya", "what",
                              "Laporan berulang", "who", "Staf", "narrative", "Uraian berulang");
        st = post_json(&own, "/api/v1/wbs/reports", b, &r);
        json_decref(b);
        if (st == 201) {
            json_t *j = body_json(&r);
            remember_receipt(json_string_value(json_object_get(j, "receipt")));
            json_decref(j);
            filed++;
        } else {
            assert_int_equal(st, 429);
            assert_non_null(zt_header(&r, "Retry-After"));
        }
        zt_resp_free(&r);
    }
    assert_int_equal(st, 429);
    /* the form says so too, keeping what was typed */
    struct zt_who v = visitor(&own);
    struct part form[] = {{"category", "korupsi", NULL},
                          {"what", M("T3FLOODWHAT"), NULL},
                          {"who", "Staf", NULL},
                          {"narrative", "Uraian", NULL},
                          {"situs", "", NULL}};
    assert_int_equal(post_multipart(&own, &v, "/wbs/" UNIT, form, 5, &r), 429);
    assert_non_null(zt_header(&r, "Retry-After"));
    assert_true(zt_contains(&r, M("T3FLOODWHAT")));
    zt_resp_free(&r);
    assert_int_equal(zt_server_stop(&own), 0);
    assert_int_equal(filed, 20);
}

/* --- 4. privacy headers and the log ---------------------------------------------------------- */

static void
every_wbs_route_is_private_and_the_log_keeps_no_client(void **state)
{
    (void)state;
    officers();
    int before = privacy_checked;
    char receipt[WBS_RECEIPT_DIGITS + 1];
    int64_t id;
    struct report rep = {.what = M("F4WHAT"),
                         .where = M("F4WHERE"),
                         .narrative = M("F4NARR"),
                         .id_name = M("F4IDNAME"),
                         .file_name = "ZWF4NAME.txt",
                         .file_data = M("F4FILEDATA")};
    submit_form(S, &rep, receipt, &id); /* GET and POST /wbs/:code */
    struct zt_resp r;
    struct zt_who v = visitor(S); /* GET /wbs/lacak */
    assert_int_equal(get(S, NULL, "/lapor/" UNIT, &r), 200);
    zt_resp_free(&r);
    assert_int_equal(track_page(S, receipt, &r), 200);
    zt_resp_free(&r);
    struct part msg[] = {{"receipt", receipt, NULL}, {"message", M("F4MSG"), NULL}};
    assert_int_equal(post_multipart(S, &v, "/wbs/lacak/pesan", msg, 2, &r), 200);
    zt_resp_free(&r);
    char *fid = sql1(S, "SELECT MIN(id) FROM wbs_files WHERE report_id = %lld", (long long)id);
    assert_int_equal(
        post_form(S, &v, "/wbs/lacak/berkas", &r, "receipt", receipt, "file", fid, NULL), 200);
    zt_resp_free(&r);
    assert_int_equal(get(S, NULL, "/api/v1/wbs/challenge", &r), 200);
    zt_resp_free(&r);
    json_t *fu = follow_up(S, receipt);
    json_decref(fu);
    char rc2[WBS_RECEIPT_DIGITS + 1];
    submit_api(S, M("F4APINARR"), rc2);
    /* refusals are private too */
    assert_int_equal(track_page(S, "1", &r), 422);
    zt_resp_free(&r);
    assert_int_equal(get(S, NULL, "/wbs/99.99", &r), 404);
    zt_resp_free(&r);
    /* the officers' side */
    assert_int_equal(get(S, &officer.w, "/wbs", &r), 200);
    zt_resp_free(&r);
    assert_int_equal(get(S, &officer.w, "/wbs/kunci", &r), 200);
    zt_resp_free(&r);
    assert_int_equal(post_form(S, &officer.w, "/wbs/kunci", &r, NULL), 422);
    zt_resp_free(&r);
    assert_int_equal(case_get(S, &officer, id, NULL, &r), 200);
    zt_resp_free(&r);
    assert_int_equal(case_act(S, &officer, id, &r, "pesan", "pesan", M("F4OFFMSG"), NULL), 303);
    zt_resp_free(&r);
    char path[96];
    snprintf(path, sizeof path, "/wbs/kasus/%lld/berkas/%s", (long long)id, fid);
    assert_int_equal(post_form(S, &officer.w, path, &r, NULL), 200);
    assert_memory_equal(r.body, M("F4FILEDATA"), strlen(M("F4FILEDATA")));
    zt_resp_free(&r);
    free(fid);
    assert_int_equal(case_get(S, &officer, id, "/pelimpahan", &r), 404); /* not referred */
    zt_resp_free(&r);
    assert_int_equal(get(S, &idcust.w, "/wbs/identitas", &r), 200);
    zt_resp_free(&r);
    assert_int_equal(post_form(S, &idcust.w, "/wbs/identitas/999999", &r, NULL), 404);
    zt_resp_free(&r);
    assert_int_equal(get(S, &keycust.w, "/wbs/kustodian-kunci", &r), 200);
    zt_resp_free(&r);
    assert_int_equal(post_form(S, &keycust.w, "/wbs/kustodian-kunci/999999", &r, NULL), 404);
    zt_resp_free(&r);
    assert_true(privacy_checked - before >= 25);
    /* the server does believe the test's X-Forwarded-For, so the reporters' addresses reached
     * it: another route logs the address it was given */
    const char *h[] = {"X-Forwarded-For: 203.0.113.7", NULL};
    assert_int_equal(zt_request(S, "GET", "/masuk", h, NULL, 0, &r), 0);
    zt_resp_free(&r);
    /* a request's line is written once its answer has gone: wait for that one, the last */
    char logpath[1400];
    snprintf(logpath, sizeof logpath, "%s/server.log", S->dir);
    bool seen = false;
    for (int i = 0; i < 500 && !seen; i++) {
        seen = find_in_file(logpath, "client=203.0.113.7", false);
        struct timespec ts = {0, 10000000};
        if (!seen)
            nanosleep(&ts, NULL);
    }
    assert_true(seen);
    int lines = check_log(S);
    assert_true(lines >= 25);
}

/* --- 5. nothing readable at rest ------------------------------------------------------------- */

/* The markers of the at-rest test, as needles. */
static int
rest_needles(const char **out)
{
    static const char *const names[] = {"R5WHAT",      "R5WHO",      "R5WHEN",      "R5WHERE",
                                        "R5WHY",       "R5HOW",      "R5NARR",      "R5IDNAME",
                                        "R5IDCONTACT", "R5IDNOTE",   "R5REPMSG",    "R5OFFMSG",
                                        "R5FILENAME",  "R5FILEDATA", "R5FILE2NAME", "R5FILE2DATA",
                                        "R5REASON",    "R5NOTE",     "R5INTNOTE"};
    int n = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        out[n++] = M(names[i]);
    return n;
}

/* Every table of the PostgreSQL database, read through SQL: no row holds a needle as text, nor
 * as bytes (a bytea column shows as hex in the row's text). */
static int
pg_hits(struct zt_server *s, const char *const *needles, int n, bool report)
{
    char *tables = sql1(s, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables "
                           "WHERE schemaname = 'public'");
    assert_non_null(strstr(tables, "wbs_reports"));
    assert_non_null(strstr(tables, "blob_chunks"));
    int hits = 0;
    for (char *save = NULL, *t = strtok_r(tables, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        struct buf q = BUF_INIT;
        buf_printf(&q, "SELECT COUNT(*) FROM \"%s\" x WHERE false", t);
        for (int i = 0; i < n; i++) {
            char hex[160];
            sodium_bin2hex(hex, sizeof hex, (const unsigned char *)needles[i], strlen(needles[i]));
            buf_printf(&q, " OR position('%s' in x::text) > 0 OR position('%s' in x::text) > 0",
                       needles[i], hex);
        }
        long long c = sql_n(s, "%s", buf_cstr(&q));
        if (c && report)
            fprintf(stderr, "table %s: %lld row(s) hold a marker\n", t, c);
        if (c) {
            hits++;
        }
        buf_free(&q);
    }
    free(tables);
    return hits;
}

static void
nothing_readable_at_rest(void **state)
{
    (void)state;
    own_server(&own, NULL, NULL);
    struct person off, cust;
    char loc[256];
    memset(&off, 0, sizeof off);
    memset(&cust, 0, sizeof cust);
    sign_in_web(&own, &off, NIP_WBS, PASSWORD, TOTP_WBS, loc, sizeof loc);
    sign_in_web(&own, &cust, NIP_IDC, PASSWORD, TOTP_IDC, loc, sizeof loc);

    /* a marker in every field of the report, the identity and an attachment */
    struct report rep = {.category = "benturan_kepentingan",
                         .what = M("R5WHAT"),
                         .who = M("R5WHO"),
                         .when = M("R5WHEN"),
                         .where = M("R5WHERE"),
                         .why = M("R5WHY"),
                         .how = M("R5HOW"),
                         .narrative = M("R5NARR"),
                         .id_name = M("R5IDNAME"),
                         .id_contact = M("R5IDCONTACT"),
                         .id_note = M("R5IDNOTE"),
                         .file_name = M("R5FILENAME"),
                         .file_data = M("R5FILEDATA")};
    char receipt[WBS_RECEIPT_DIGITS + 1];
    int64_t id;
    submit_form(&own, &rep, receipt, &id);
    struct zt_resp r;
    /* the reporter writes, with another file */
    struct zt_who v = visitor(&own);
    struct part msg[] = {{"receipt", receipt, NULL},
                         {"message", M("R5REPMSG"), NULL},
                         {"berkas", M("R5FILE2DATA"), M("R5FILE2NAME")}};
    assert_int_equal(post_multipart(&own, &v, "/wbs/lacak/pesan", msg, 3, &r), 200);
    zt_resp_free(&r);
    /* the officer answers, notes, moves the report and asks for the identity; the custodian
     * approves */
    assert_int_equal(case_act(&own, &off, id, &r, "pesan", "pesan", M("R5OFFMSG"), NULL), 303);
    zt_resp_free(&r);
    assert_int_equal(case_act(&own, &off, id, &r, "status", "status", "ditelaah", "catatan",
                              M("R5NOTE"), "publik", "1", NULL),
                     303);
    zt_resp_free(&r);
    assert_int_equal(case_act(&own, &off, id, &r, "status", "status", "diinvestigasi", "catatan",
                              M("R5INTNOTE"), NULL),
                     303);
    zt_resp_free(&r);
    assert_int_equal(case_act(&own, &off, id, &r, "identitas", "alasan", M("R5REASON"), NULL), 303);
    zt_resp_free(&r);
    char *req = sql1(&own, "SELECT MAX(id) FROM wbs_identity_requests WHERE report_id = %lld",
                     (long long)id);
    char path[64];
    snprintf(path, sizeof path, "/wbs/identitas/%s", req);
    free(req);
    assert_int_equal(post_form(&own, &cust.w, path, &r, "putusan", "setuju", NULL), 303);
    zt_resp_free(&r);
    /* all of it reads back for those who may read it */
    assert_int_equal(case_get(&own, &off, id, NULL, &r), 200);
    const char *needles[40];
    int n = rest_needles(needles);
    for (int i = 0; i < n; i++)
        if (strstr(needles[i], "DATA") == NULL && !zt_contains(&r, needles[i]))
            fail_msg("the case page lacks %s", needles[i]);
    zt_resp_free(&r);
    json_t *fu = follow_up(&own, receipt);
    char *text = json_dumps(fu, 0);
    assert_non_null(strstr(text, M("R5OFFMSG")));
    assert_non_null(strstr(text, M("R5NOTE")));
    assert_null(strstr(text, M("R5INTNOTE"))); /* internal: the officers' alone */
    assert_null(strstr(text, M("R5IDNAME")));
    free(text);
    json_decref(fu);

    /* every file of ZONA_VAR, raw bytes, while the server runs: the database and its -wal and
     * -shm, the lookup key, the log, any temporary file */
    const char *all[48];
    int na = 0;
    for (int i = 0; i < n; i++)
        all[na++] = needles[i];
    all[na++] = receipt;
    all[na++] = REPORTER_NET; /* the reporters' addresses */
    char g[20];
    grouped(receipt, g);
    all[na++] = g;
    int files = 0;
    assert_int_equal(scan_dir(own.dir, all, na, &files, true), 0);
    assert_true(files >= 3);
    char key[300];
    snprintf(key, sizeof key, "%s/wbs-lookup.key", own.dir);
    struct stat st;
    assert_int_equal(stat(key, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    if (postgresql()) {
        assert_int_equal(pg_hits(&own, needles, n, true), 0);
        /* the search does find what is kept in the clear, as text and as bytes (the demo's
         * evidence files name the unit) */
        const char *plain[] = {"Klungkung"};
        assert_true(pg_hits(&own, plain, 1, false) > 0);
        char hex[32];
        sodium_bin2hex(hex, sizeof hex, (const unsigned char *)"Klungkung", 9);
        assert_true(sql_n(&own,
                          "SELECT COUNT(*) FROM blob_chunks x WHERE position('%s' in x::text) > 0",
                          hex) > 0);
    } else {
        /* the scan does find what is kept in the clear (in the database or its WAL) */
        const char *plain[] = {"Bawaslu Kabupaten Klungkung"};
        int nf = 0;
        assert_true(scan_dir(own.dir, plain, 1, &nf, false) > 0);
    }
    /* and the log */
    assert_true(check_log(&own) > 5);

    /* again once the server has stopped (the WAL checkpointed into the database) */
    assert_int_equal(zt_server_stop_keep_dir(&own), 0);
    files = 0;
    assert_int_equal(scan_dir(own.dir, all, na, &files, true), 0);
    assert_true(files >= 2);
    if (postgresql())
        assert_int_equal(pg_hits(&own, needles, n, true), 0);
    zt_server_cleanup(&own);
}

/* --- 6. officers, the identity custodian, states and referrals ------------------------------- */

static void
officer_reads_report_but_identity_only_after_approval(void **state)
{
    (void)state;
    officers();
    /* a colleague of the unit who holds the report's key as well */
    struct person colleague;
    newcomer(S, &colleague, "198904042013041003", UNIT, "daun gugur di musim kemarau");
    struct report rep = {.category = "gratifikasi",
                         .what = M("O6WHAT"),
                         .who = M("O6WHO"),
                         .narrative = M("O6NARR"),
                         .id_name = M("O6IDNAME"),
                         .id_contact = M("O6IDCONTACT"),
                         .id_note = M("O6IDNOTE")};
    char receipt[WBS_RECEIPT_DIGITS + 1];
    int64_t id;
    submit_form(S, &rep, receipt, &id);
    struct zt_resp r;
    char href[64];
    snprintf(href, sizeof href, "href=\"/wbs/kasus/%lld\"", (long long)id);
    assert_int_equal(get(S, &officer.w, "/wbs", &r), 200);
    assert_true(zt_contains(&r, href));
    zt_resp_free(&r);

    /* the report, not the identity */
    assert_int_equal(case_get(S, &officer, id, NULL, &r), 200);
    assert_true(zt_contains(&r, M("O6NARR")));
    assert_true(zt_contains(&r, M("O6WHAT")));
    assert_false(zt_contains(&r, M("O6IDNAME")));
    assert_false(zt_contains(&r, M("O6IDCONTACT")));
    zt_resp_free(&r);
    /* a request needs a reason */
    assert_int_equal(case_act(S, &officer, id, &r, "identitas", "alasan", "", NULL), 422);
    zt_resp_free(&r);
    assert_int_equal(case_act(S, &officer, id, &r, "identitas", "alasan", M("O6REASON"), NULL),
                     303);
    zt_resp_free(&r);
    /* a second request while the first waits: a conflict */
    assert_int_equal(case_act(S, &officer, id, &r, "identitas", "alasan", "Sekali lagi", NULL),
                     409);
    zt_resp_free(&r);
    assert_int_equal(case_get(S, &officer, id, NULL, &r), 200);
    assert_false(zt_contains(&r, M("O6IDNAME")));
    zt_resp_free(&r);

    /* the custodian sees the reason, not the report, and approves */
    assert_int_equal(get(S, &idcust.w, "/wbs/identitas", &r), 200);
    const char *at = strstr(r.body, M("O6REASON"));
    assert_non_null(at);
    assert_false(zt_contains(&r, M("O6NARR")));
    const char *act = strstr(at, "action=\"/wbs/identitas/");
    assert_non_null(act);
    char path[64];
    snprintf(path, sizeof path, "/wbs/identitas/%lld",
             atoll(act + strlen("action=\"/wbs/identitas/")));
    zt_resp_free(&r);
    /* the officer holding no custodian role cannot decide it */
    assert_int_equal(post_form(S, &officer.w, path, &r, "putusan", "setuju", NULL), 403);
    zt_resp_free(&r);
    assert_int_equal(post_form(S, &idcust.w, path, &r, "putusan", "", NULL), 422);
    zt_resp_free(&r);
    assert_int_equal(post_form(S, &idcust.w, path, &r, "putusan", "setuju", NULL), 303);
    zt_resp_free(&r);
    assert_int_equal(post_form(S, &idcust.w, path, &r, "putusan", "tolak", NULL), 409);
    zt_resp_free(&r);
    assert_int_equal(get(S, &idcust.w, "/wbs/identitas", &r), 200);
    assert_false(zt_contains(&r, M("O6REASON"))); /* decided: off the queue */
    zt_resp_free(&r);

    /* now the officer sees it */
    assert_int_equal(case_get(S, &officer, id, NULL, &r), 200);
    assert_true(zt_contains(&r, M("O6IDNAME")));
    assert_true(zt_contains(&r, M("O6IDCONTACT")));
    assert_true(zt_contains(&r, M("O6IDNOTE")));
    zt_resp_free(&r);

    /* re-sealed to the officer who asked alone: the colleague reads the report, not the
     * identity */
    assert_int_equal(case_get(S, &colleague, id, NULL, &r), 200);
    assert_true(zt_contains(&r, M("O6NARR")));
    assert_false(zt_contains(&r, M("O6IDNAME")));
    assert_false(zt_contains(&r, M("O6IDCONTACT")));
    zt_resp_free(&r);

    /* the reporter is told, without the officer's name */
    char *name = sql1(S, "SELECT name FROM users WHERE nip = '" NIP_WBS "'");
    json_t *fu = follow_up(S, receipt);
    assert_true(has_event(fu, "identitas_diminta"));
    assert_true(has_event(fu, "identitas_disetujui"));
    json_t *req = json_array_get(json_object_get(fu, "identity_requests"), 0);
    assert_non_null(req);
    assert_string_equal(json_string_value(json_object_get(req, "state")), "disetujui");
    char *text = json_dumps(fu, 0);
    assert_null(strstr(text, name));
    free(text);
    json_decref(fu);
    assert_int_equal(track_page(S, receipt, &r), 200);
    assert_false(zt_contains(&r, name));
    assert_false(zt_contains(&r, M("O6IDNAME"))); /* the page does not echo the identity */
    zt_resp_free(&r);
    free(name);
}

/* Whether the officer's inbox marks report id as waiting for a reply. */
static bool
inbox_awaits_reply(int64_t id)
{
    struct zt_resp r;
    assert_int_equal(get(S, &officer.w, "/wbs?format=json", &r), 200);
    json_t *j = body_json(&r);
    zt_resp_free(&r);
    json_t *row;
    size_t i;
    int found = -1;
    json_array_foreach(json_object_get(j, "rows"), i, row)
    {
        if (json_integer_value(json_object_get(row, "id")) == id)
            found = json_is_true(json_object_get(row, "awaiting_reply"));
    }
    json_decref(j);
    assert_true(found >= 0);
    return found == 1;
}

static void
states_move_as_allowed_and_the_reporter_sees_them(void **state)
{
    (void)state;
    officers();
    struct report rep = {.category = "korupsi",
                         .what = M("S6WHAT"),
                         .where = "Gudang logistik",
                         .narrative = M("S6NARR"),
                         .id_name = M("S6IDNAME")};
    char receipt[WBS_RECEIPT_DIGITS + 1];
    int64_t id;
    submit_form(S, &rep, receipt, &id);
    struct zt_resp r;
    /* diterima -> selesai is not a move */
    assert_int_equal(case_act(S, &officer, id, &r, "status", "status", "selesai", NULL), 422);
    assert_true(zt_contains(&r, "error-summary"));
    zt_resp_free(&r);
    json_t *fu = follow_up(S, receipt);
    assert_string_equal(json_string_value(json_object_get(fu, "state")), "diterima");
    json_decref(fu);
    /* to ditelaah with a note for the reporter */
    assert_int_equal(case_act(S, &officer, id, &r, "status", "status", "ditelaah", "catatan",
                              M("S6NOTE"), "publik", "1", NULL),
                     303);
    zt_resp_free(&r);
    fu = follow_up(S, receipt);
    assert_string_equal(json_string_value(json_object_get(fu, "state")), "ditelaah");
    char *text = json_dumps(fu, 0);
    assert_non_null(strstr(text, M("S6NOTE")));
    free(text);
    json_decref(fu);
    assert_int_equal(track_page(S, receipt, &r), 200);
    assert_true(zt_contains(&r, M("S6NOTE")));
    zt_resp_free(&r);
    /* a referral needs a target of the list */
    assert_int_equal(case_act(S, &officer, id, &r, "status", "status", "dilimpahkan", NULL), 422);
    zt_resp_free(&r);
    assert_int_equal(case_act(S, &officer, id, &r, "status", "status", "dilimpahkan", "pelimpahan",
                              "interpol", NULL),
                     422);
    zt_resp_free(&r);
    assert_int_equal(case_get(S, &officer, id, "/pelimpahan", &r), 404); /* none yet */
    zt_resp_free(&r);

    /* the officer has seen the identity before the report is referred */
    assert_int_equal(
        case_act(S, &officer, id, &r, "identitas", "alasan", "Perlu klarifikasi", NULL), 303);
    zt_resp_free(&r);
    char *req =
        sql1(S, "SELECT MAX(id) FROM wbs_identity_requests WHERE report_id = %lld", (long long)id);
    char path[64];
    snprintf(path, sizeof path, "/wbs/identitas/%s", req);
    free(req);
    assert_int_equal(post_form(S, &idcust.w, path, &r, "putusan", "setuju", NULL), 303);
    zt_resp_free(&r);
    /* the reporter writes: the inbox shows the report waits for a reply, until there is one */
    struct zt_who v = visitor(S);
    struct part msg[] = {{"receipt", receipt, NULL}, {"message", M("S6REPMSG"), NULL}};
    assert_int_equal(post_multipart(S, &v, "/wbs/lacak/pesan", msg, 2, &r), 200);
    zt_resp_free(&r);
    assert_true(inbox_awaits_reply(id));
    assert_int_equal(case_act(S, &officer, id, &r, "pesan", "pesan", M("S6OFFMSG"), NULL), 303);
    zt_resp_free(&r);
    assert_false(inbox_awaits_reply(id));
    assert_int_equal(case_act(S, &officer, id, &r, "status", "status", "dilimpahkan", "pelimpahan",
                              "kpk", "catatan", M("S6INTNOTE"), NULL),
                     303);
    zt_resp_free(&r);
    fu = follow_up(S, receipt);
    assert_string_equal(json_string_value(json_object_get(fu, "state")), "dilimpahkan");
    assert_string_equal(json_string_value(json_object_get(json_object_get(fu, "referral"), "code")),
                        "kpk");
    /* the officer's message reaches the reporter without the officer's name */
    char *name = sql1(S, "SELECT name FROM users WHERE nip = '" NIP_WBS "'");
    text = json_dumps(fu, 0);
    assert_non_null(strstr(text, M("S6OFFMSG")));
    assert_null(strstr(text, name));
    free(text);
    json_decref(fu);
    assert_int_equal(track_page(S, receipt, &r), 200);
    assert_true(zt_contains(&r, M("S6OFFMSG")));
    assert_false(zt_contains(&r, name));
    assert_false(zt_contains(&r, M("S6INTNOTE")));
    zt_resp_free(&r);
    free(name);
    /* the referral document: the report, never the identity, a note or a message */
    assert_int_equal(case_get(S, &officer, id, "/pelimpahan", &r), 200);
    assert_true(zt_contains(&r, M("S6NARR")));
    assert_true(zt_contains(&r, M("S6WHAT")));
    assert_false(zt_contains(&r, M("S6IDNAME")));
    assert_false(zt_contains(&r, M("S6NOTE")));
    assert_false(zt_contains(&r, M("S6INTNOTE")));
    assert_false(zt_contains(&r, M("S6OFFMSG")));
    zt_resp_free(&r);
    /* on to selesai; then nothing moves any more */
    assert_int_equal(case_act(S, &officer, id, &r, "status", "status", "selesai", NULL), 303);
    zt_resp_free(&r);
    assert_int_equal(case_act(S, &officer, id, &r, "status", "status", "ditelaah", NULL), 422);
    zt_resp_free(&r);
    fu = follow_up(S, receipt);
    assert_string_equal(json_string_value(json_object_get(fu, "state")), "selesai");
    json_decref(fu);
    /* closed: the follow-up page offers no message form any more */
    assert_int_equal(track_page(S, receipt, &r), 200);
    assert_false(zt_contains(&r, "action=\"/wbs/lacak/pesan\""));
    zt_resp_free(&r);
    /* regression: a message posted to a closed report anyway was accepted (200) */
    struct zt_who v2 = visitor(S);
    struct part late[] = {{"receipt", receipt, NULL}, {"message", M("S6LATEMSG"), NULL}};
    assert_int_equal(post_multipart(S, &v2, "/wbs/lacak/pesan", late, 2, &r), 409);
    zt_resp_free(&r);
    fu = follow_up(S, receipt);
    text = json_dumps(fu, 0);
    assert_null(strstr(text, M("S6LATEMSG")));
    free(text);
    json_decref(fu);
    /* nor can an officer write to it */
    assert_int_equal(case_act(S, &officer, id, &r, "pesan", "pesan", M("S6LATEOFF"), NULL), 409);
    zt_resp_free(&r);
}

static void
identity_request_denied_stays_sealed(void **state)
{
    (void)state;
    officers();
    struct report rep = {.what = M("D6WHAT"),
                         .who = "Kepala seksi",
                         .narrative = M("D6NARR"),
                         .id_name = M("D6IDNAME")};
    char receipt[WBS_RECEIPT_DIGITS + 1];
    int64_t id;
    submit_form(S, &rep, receipt, &id);
    struct zt_resp r;
    assert_int_equal(case_act(S, &officer, id, &r, "identitas", "alasan", M("D6REASON"), NULL),
                     303);
    zt_resp_free(&r);
    char *req =
        sql1(S, "SELECT MAX(id) FROM wbs_identity_requests WHERE report_id = %lld", (long long)id);
    char path[64];
    snprintf(path, sizeof path, "/wbs/identitas/%s", req);
    free(req);
    assert_int_equal(post_form(S, &idcust.w, path, &r, "putusan", "tolak", NULL), 303);
    zt_resp_free(&r);
    assert_int_equal(case_get(S, &officer, id, NULL, &r), 200);
    assert_true(zt_contains(&r, M("D6NARR")));
    assert_false(zt_contains(&r, M("D6IDNAME")));
    assert_true(zt_contains(&r, "name=\"alasan\"")); /* a new request may be made */
    zt_resp_free(&r);
    json_t *fu = follow_up(S, receipt);
    assert_true(has_event(fu, "identitas_ditolak"));
    json_t *q = json_array_get(json_object_get(fu, "identity_requests"), 0);
    assert_string_equal(json_string_value(json_object_get(q, "state")), "ditolak");
    json_decref(fu);
}

/* No identity custodian covers Bintan: its form offers no identity, and a report that gives one
 * anyway is refused with the text kept, rather than filed with the identity lost. */
static void
identity_needs_a_custodian(void **state)
{
    (void)state;
    struct zt_who v = visitor(S);
    struct zt_resp r;
    assert_int_equal(get(S, &v, "/wbs/21.01", &r), 200);
    assert_false(zt_contains(&r, "name=\"identity\" value=\"1\""));
    zt_resp_free(&r);
    long long before = sql_n(S, "SELECT COUNT(*) FROM wbs_reports");
    struct part parts[] = {
        {"category", "korupsi", NULL},         {"what", M("B6WHAT"), NULL}, {"who", "Staf", NULL},
        {"narrative", M("B6NARR"), NULL},      {"situs", "", NULL},         {"identity", "1", NULL},
        {"identity_name", M("B6IDNAME"), NULL}};
    assert_int_equal(post_multipart(S, &v, "/wbs/21.01", parts, 7, &r), 422);
    assert_true(zt_contains(&r, M("B6NARR")));
    assert_false(zt_contains(&r, "code-display__value"));
    zt_resp_free(&r);
    json_t *b =
        json_pack("{s:s,s:s,s:s,s:s,s:s,s:{s:s}}", "unit", "21.01", "category", "korupsi", "what",
                  "Suap", "who", "Staf", "narrative", "Uraian", "identity", "name", M("B6IDNAME"));
    assert_int_equal(post_json(S, "/api/v1/wbs/reports", b, &r), 422);
    json_decref(b);
    json_t *j = body_json(&r);
    assert_non_null(
        json_object_get(json_object_get(json_object_get(j, "error"), "fields"), "identity"));
    json_decref(j);
    zt_resp_free(&r);
    assert_int_equal(sql_n(S, "SELECT COUNT(*) FROM wbs_reports"), before);
}

/* A member of staff reporting a colleague while signed in: the page never looks at the session,
 * so the report, its audit entry and the session's row tie nothing to them. */
static void
signed_in_staff_report_anonymously(void **state)
{
    (void)state;
    struct zt_who staff;
    assert_int_equal(zt_sign_in(S, "197001011995032003", PASSWORD, NULL, &staff), 200);
    char *uid = sql1(S, "SELECT id FROM users WHERE nip = '197001011995032003'");
    /* the session was last seen long enough ago that any use would record it */
    int64_t past = clock_now_ms() - 10 * 60 * 1000;
    char q[256];
    snprintf(q, sizeof q, "UPDATE sessions SET last_seen_at = %lld WHERE user_id = %s",
             (long long)past, uid);
    assert_int_equal(zt_sql(S, q, NULL), 0);
    struct zt_resp r;
    assert_int_equal(get(S, &staff, "/wbs/" UNIT, &r), 200);
    char tok[96];
    assert_int_equal(zt_cookie(&r, "zona_csrf", tok, sizeof tok), 0); /* an anonymous form */
    assert_true(zt_contains(&r, tok));
    zt_resp_free(&r);
    struct zt_who w = staff;
    size_t l = strlen(w.cookie);
    snprintf(w.cookie + l, sizeof w.cookie - l, "; zona_csrf=%s", tok);
    snprintf(w.csrf, sizeof w.csrf, "%s", tok);
    struct part parts[] = {{"category", "benturan_kepentingan", NULL},
                           {"what", M("P7WHAT"), NULL},
                           {"who", "Rekan kerja", NULL},
                           {"narrative", M("P7NARR"), NULL},
                           {"situs", "", NULL}};
    assert_int_equal(post_multipart(S, &w, "/wbs/" UNIT, parts, 5, &r), 201);
    char receipt[WBS_RECEIPT_DIGITS + 1];
    receipt_of(&r, receipt);
    remember_receipt(receipt);
    zt_resp_free(&r);
    char *id = sql1(S, "SELECT MAX(id) FROM wbs_reports");
    assert_int_equal(sql_n(S,
                           "SELECT COUNT(*) FROM audit_log WHERE action = 'wbs.report_received' "
                           "AND object_id = '%s' AND COALESCE(actor_id, 0) = 0 AND actor = "
                           "'anonim'",
                           id),
                     1);
    assert_int_equal(sql_n(S,
                           "SELECT COUNT(*) FROM audit_log WHERE object_id = '%s' AND actor_id "
                           "= %s",
                           id, uid),
                     0);
    assert_int_equal(sql_n(S,
                           "SELECT COUNT(*) FROM sessions WHERE user_id = %s AND last_seen_at "
                           "> %lld",
                           uid, (long long)past),
                     0);
    free(id);
    free(uid);
}

/* A file name as an old browser sends it, with the reporter's folders: only its last part is
 * kept, so no user name of the reporter's computer reaches the officers. */
static void
attachment_names_keep_no_path(void **state)
{
    (void)state;
    officers();
    struct zt_who v = visitor(S);
    struct zt_resp r;
    assert_int_equal(get(S, &v, "/wbs/" UNIT, &r), 200);
    zt_resp_free(&r);
    struct part parts[] = {
        {"category", "korupsi", NULL},
        {"what", "Mark-up anggaran", NULL},
        {"who", "Pejabat pengadaan", NULL},
        {"narrative", M("N7NARR"), NULL},
        {"situs", "", NULL},
        {"berkas", "isi berkas", "C:\\Users\\budi.pelapor\\Documents\\nota.txt"},
    };
    assert_int_equal(post_multipart(S, &v, "/wbs/" UNIT, parts, 6, &r), 201);
    char receipt[WBS_RECEIPT_DIGITS + 1];
    receipt_of(&r, receipt);
    remember_receipt(receipt);
    zt_resp_free(&r);
    char *id = sql1(S, "SELECT MAX(id) FROM wbs_reports");
    assert_int_equal(case_get(S, &officer, atoll(id), NULL, &r), 200);
    assert_true(zt_contains(&r, M("N7NARR")));
    assert_true(zt_contains(&r, "nota.txt"));
    assert_false(zt_contains(&r, "budi.pelapor"));
    assert_false(zt_contains(&r, "Users"));
    zt_resp_free(&r);
    json_t *fu = follow_up(S, receipt);
    const char *name =
        json_string_value(json_object_get(json_array_get(json_object_get(fu, "files"), 0), "name"));
    assert_non_null(name);
    assert_string_equal(name, "nota.txt");
    json_decref(fu);
    free(id);
}

/* --- 7. who may not look --------------------------------------------------------------------- */

static void
admin_without_a_wbs_role_reads_nothing(void **state)
{
    (void)state;
    struct report rep = {.what = M("X7WHAT"), .who = "Kasubbag", .narrative = M("X7NARR")};
    char receipt[WBS_RECEIPT_DIGITS + 1];
    int64_t id;
    submit_form(S, &rep, receipt, &id);
    struct zt_resp r;
    char path[64];
    snprintf(path, sizeof path, "/wbs/kasus/%lld", (long long)id);
    const char *paths[] = {"/wbs", path, "/wbs/identitas", "/wbs/kustodian-kunci", "/wbs/kunci"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        assert_int_equal(get(S, &admin, paths[i], &r), 403);
        assert_false(zt_contains(&r, M("X7NARR")));
        zt_resp_free(&r);
    }
    assert_int_equal(post_form(S, &admin, path, &r, "aksi", "status", "status", "ditelaah", NULL),
                     403);
    zt_resp_free(&r);
    snprintf(path, sizeof path, "/wbs/kasus/%lld/pelimpahan", (long long)id);
    assert_int_equal(get(S, &admin, path, &r), 403);
    zt_resp_free(&r);
    /* nobody signed in is sent to sign in */
    assert_int_equal(get(S, NULL, "/wbs", &r), 303);
    assert_non_null(strstr(zt_header(&r, "Location"), "/masuk"));
    zt_resp_free(&r);
}

static void
officer_of_another_unit_finds_no_report(void **state)
{
    (void)state;
    struct report rep = {.what = M("U7WHAT"), .who = "Staf", .narrative = M("U7NARR")};
    char receipt[WBS_RECEIPT_DIGITS + 1];
    int64_t id;
    submit_form(S, &rep, receipt, &id);
    struct person bintan;
    newcomer(S, &bintan, "198802022014022001", "21.01", "kabut tipis di lembah hijau");
    struct zt_resp r;
    assert_int_equal(case_get(S, &bintan, id, NULL, &r), 404);
    assert_false(zt_contains(&r, M("U7NARR")));
    zt_resp_free(&r);
    assert_int_equal(case_get(S, &bintan, id, "/pelimpahan", &r), 404);
    zt_resp_free(&r);
    assert_int_equal(case_act(S, &bintan, id, &r, "pesan", "pesan", "Halo", NULL), 404);
    zt_resp_free(&r);
    char href[64];
    snprintf(href, sizeof href, "href=\"/wbs/kasus/%lld\"", (long long)id);
    assert_int_equal(get(S, &bintan.w, "/wbs", &r), 200);
    assert_false(zt_contains(&r, href));
    zt_resp_free(&r);
}

/* --- 8. a password reset with the recovery key ----------------------------------------------- */

/* Changes one symbol of a recovery key to another of the alphabet (not a look-alike). */
static void
typo(const char *key, char out[WBS_RECOVERY_TEXT])
{
    snprintf(out, WBS_RECOVERY_TEXT, "%s", key);
    out[5] = out[5] == 'X' ? 'Y' : 'X';
}

static void
password_reset_keeps_access_with_the_recovery_key(void **state)
{
    (void)state;
    officers();
    assert_int_equal(strlen(demo_recovery_officer), WBS_RECOVERY_TEXT - 1);
    /* a report that comes in before the newcomer has a key */
    struct report rep = {.what = M("K8WHAT"), .who = "Pejabat pengadaan", .narrative = M("K8NARR")};
    char receipt[WBS_RECEIPT_DIGITS + 1];
    int64_t id;
    submit_form(S, &rep, receipt, &id);

    struct person p;
    const char *pw1 = "hujan deras di pagi buta";
    newcomer(S, &p, "199001012015011001", UNIT, pw1);
    struct zt_resp r;
    /* the recovery key, once */
    char k1[WBS_RECOVERY_TEXT], again[WBS_RECOVERY_TEXT];
    assert_int_equal(get(S, &p.w, "/wbs/kunci", &r), 200);
    assert_true(recovery_of(&r, k1));
    zt_resp_free(&r);
    assert_int_equal(get(S, &p.w, "/wbs/kunci", &r), 200);
    assert_false(recovery_of(&r, again));
    assert_false(zt_contains(&r, k1));
    assert_false(zt_contains(&r, "name=\"kunci_pemulihan\"")); /* open, not locked */
    zt_resp_free(&r);

    /* the report's key was not shared with them yet */
    json_t *j = case_json(S, &p, id, 403);
    assert_true(json_is_true(json_object_get(j, "key_unshared")));
    assert_false(json_is_true(json_object_get(j, "key_locked")));
    json_decref(j);
    assert_int_equal(case_get(S, &p, id, NULL, &r), 403);
    assert_false(zt_contains(&r, M("K8NARR")));
    zt_resp_free(&r);
    /* a colleague who holds it opens the inbox: it is shared */
    assert_int_equal(get(S, &officer.w, "/wbs", &r), 200);
    zt_resp_free(&r);
    assert_int_equal(case_get(S, &p, id, NULL, &r), 200);
    assert_true(zt_contains(&r, M("K8NARR")));
    zt_resp_free(&r);

    /* the password is reset: the key locks */
    char code[40];
    issue_code(S, p.id, code);
    const char *pw2 = "angin sepoi di tepi danau";
    set_password(S, code, pw2);
    char loc[256];
    sign_in_web(S, &p, p.nip, pw2, NULL, loc, sizeof loc);
    assert_non_null(strstr(loc, "lanjut=/wbs/kunci"));
    assert_int_equal(get(S, &p.w, "/wbs/kunci", &r), 200);
    assert_true(zt_contains(&r, "name=\"kunci_pemulihan\""));
    zt_resp_free(&r);
    j = case_json(S, &p, id, 403);
    assert_true(json_is_true(json_object_get(j, "key_locked")));
    json_decref(j);
    assert_int_equal(case_get(S, &p, id, NULL, &r), 403);
    assert_false(zt_contains(&r, M("K8NARR")));
    assert_true(zt_contains(&r, "href=\"/wbs/kunci\""));
    zt_resp_free(&r);

    /* another officer's recovery key (a valid one) and the wrong password: 403 */
    assert_int_equal(post_form(S, &p.w, "/wbs/kunci", &r, "password", pw2, "kunci_pemulihan",
                               demo_recovery_officer, NULL),
                     403);
    zt_resp_free(&r);
    assert_int_equal(
        post_form(S, &p.w, "/wbs/kunci", &r, "password", pw1, "kunci_pemulihan", k1, NULL), 403);
    zt_resp_free(&r);
    /* a typo the check symbol catches: 422, the typed key kept */
    char bad[WBS_RECOVERY_TEXT];
    typo(k1, bad);
    assert_int_equal(
        post_form(S, &p.w, "/wbs/kunci", &r, "password", pw2, "kunci_pemulihan", bad, NULL), 422);
    assert_true(zt_contains(&r, bad));
    zt_resp_free(&r);
    assert_int_equal(case_get(S, &p, id, NULL, &r), 403);
    zt_resp_free(&r);

    /* the recovery key as typed from paper: small letters, spaces for dashes */
    char typed[WBS_RECOVERY_TEXT];
    for (int i = 0; i < WBS_RECOVERY_TEXT; i++)
        typed[i] = k1[i] == '-' ? ' ' : (char)(k1[i] >= 'A' && k1[i] <= 'Z' ? k1[i] + 32 : k1[i]);
    assert_int_equal(
        post_form(S, &p.w, "/wbs/kunci", &r, "password", pw2, "kunci_pemulihan", typed, NULL), 200);
    char k2[WBS_RECOVERY_TEXT];
    assert_true(recovery_of(&r, k2));
    assert_string_not_equal(k1, k2);
    absorb(&p, &r); /* the key is open for this session again: a new cookie */
    zt_resp_free(&r);
    assert_int_equal(case_get(S, &p, id, NULL, &r), 200);
    assert_true(zt_contains(&r, M("K8NARR")));
    zt_resp_free(&r);
    assert_int_equal(get(S, &p.w, "/wbs/kunci", &r), 200);
    assert_false(zt_contains(&r, "name=\"kunci_pemulihan\""));
    assert_false(zt_contains(&r, k2)); /* shown once */
    zt_resp_free(&r);
    assert_int_equal(sql_n(S,
                           "SELECT COUNT(*) FROM audit_log WHERE action = 'wbs.key_unlocked' AND "
                           "object_id = '%lld'",
                           (long long)p.id),
                     1);
}

/* A password changed on the account page re-wraps the key at once: the next sign-in opens it. */
static void
own_password_change_keeps_the_key_open(void **state)
{
    (void)state;
    struct person p;
    const char *pw1 = "gunung tinggi berselimut awan";
    newcomer(S, &p, "199203032017031004", UNIT, pw1);
    struct zt_resp r;
    assert_int_equal(get(S, &p.w, "/wbs/kunci", &r), 200);
    zt_resp_free(&r);
    struct report rep = {.what = M("C8WHAT"), .who = "Bendahara", .narrative = M("C8NARR")};
    char receipt[WBS_RECEIPT_DIGITS + 1];
    int64_t id;
    submit_form(S, &rep, receipt, &id);
    const char *pw2 = "sawah hijau terbentang luas";
    assert_int_equal(post_form(S, &p.w, "/akun/sandi", &r, "current", pw1, "password", pw2,
                               "password2", pw2, NULL),
                     303);
    zt_resp_free(&r);
    assert_int_equal(case_get(S, &p, id, NULL, &r), 200); /* this session keeps its key */
    assert_true(zt_contains(&r, M("C8NARR")));
    zt_resp_free(&r);
    char loc[256];
    sign_in_web(S, &p, p.nip, pw2, NULL, loc, sizeof loc);
    assert_null(strstr(loc, "/wbs/kunci")); /* nothing to unlock */
    assert_true(p.wbs[0] != '\0');
    assert_int_equal(get(S, &p.w, "/wbs/kunci", &r), 200);
    assert_false(zt_contains(&r, "name=\"kunci_pemulihan\""));
    zt_resp_free(&r);
    assert_int_equal(case_get(S, &p, id, NULL, &r), 200);
    assert_true(zt_contains(&r, M("C8NARR")));
    zt_resp_free(&r);
}

/* --- 9. the key custodian's escrow ----------------------------------------------------------- */

static void
key_custodian_restores_a_key_from_escrow(void **state)
{
    (void)state;
    officers();
    struct person p;
    const char *pw1 = "ombak tenang di pantai timur";
    newcomer(S, &p, "199102022016021002", UNIT, pw1);
    struct zt_resp r;
    assert_int_equal(get(S, &p.w, "/wbs/kunci", &r), 200); /* their own recovery key: lost */
    zt_resp_free(&r);
    /* a report sealed to them as it comes in */
    struct report rep = {.what = M("E9WHAT"), .who = "Bendahara", .narrative = M("E9NARR")};
    char receipt[WBS_RECEIPT_DIGITS + 1];
    int64_t id;
    submit_form(S, &rep, receipt, &id);
    assert_int_equal(case_get(S, &p, id, NULL, &r), 200);
    assert_true(zt_contains(&r, M("E9NARR")));
    zt_resp_free(&r);

    /* the key custodian finds them and restores their key */
    assert_int_equal(get(S, &keycust.w, "/wbs/kustodian-kunci", &r), 200);
    assert_true(zt_contains(&r, p.nip));
    char action[96];
    snprintf(action, sizeof action, "action=\"/wbs/kustodian-kunci/%lld\"", (long long)p.id);
    assert_true(zt_contains(&r, action));
    zt_resp_free(&r);
    char path[96];
    snprintf(path, sizeof path, "/wbs/kustodian-kunci/%lld", (long long)p.id);
    /* nobody else may */
    assert_int_equal(post_form(S, &officer.w, path, &r, NULL), 403);
    zt_resp_free(&r);
    assert_int_equal(post_form(S, &keycust.w, path, &r, NULL), 200);
    char kc[WBS_RECOVERY_TEXT], again[WBS_RECOVERY_TEXT];
    assert_true(recovery_of(&r, kc));
    assert_true(zt_contains(&r, p.nip));
    zt_resp_free(&r);
    assert_int_equal(get(S, &keycust.w, "/wbs/kustodian-kunci", &r), 200);
    assert_false(recovery_of(&r, again));
    assert_false(zt_contains(&r, kc));
    zt_resp_free(&r);
    /* the custodian's own key: not through their own page */
    snprintf(path, sizeof path, "/wbs/kustodian-kunci/%lld", (long long)keycust.id);
    long st_own = post_form(S, &keycust.w, path, &r, NULL);
    assert_true(st_own == 403 || st_own == 404);
    zt_resp_free(&r);

    /* a reset; the key the custodian handed over opens it */
    char code[40];
    issue_code(S, p.id, code);
    const char *pw2 = "bintang jatuh di malam sunyi";
    set_password(S, code, pw2);
    char loc[256];
    sign_in_web(S, &p, p.nip, pw2, NULL, loc, sizeof loc);
    assert_int_equal(case_get(S, &p, id, NULL, &r), 403);
    assert_false(zt_contains(&r, M("E9NARR")));
    zt_resp_free(&r);
    assert_int_equal(
        post_form(S, &p.w, "/wbs/kunci", &r, "password", pw2, "kunci_pemulihan", kc, NULL), 200);
    char mine[WBS_RECOVERY_TEXT];
    assert_true(recovery_of(&r, mine));
    assert_string_not_equal(mine, kc);
    absorb(&p, &r);
    zt_resp_free(&r);
    assert_int_equal(case_get(S, &p, id, NULL, &r), 200);
    assert_true(zt_contains(&r, M("E9NARR")));
    zt_resp_free(&r);
}

/* --- 10. retention --------------------------------------------------------------------------- */

static void
retention_deletes_expired_reports(void **state)
{
    (void)state;
    own_server(&own, NULL, NULL);
    struct report rep = {.what = M("T10WHAT"),
                         .who = "Staf",
                         .narrative = M("T10NARR"),
                         .id_name = M("T10IDNAME"),
                         .file_name = "ZWT10NAME.txt",
                         .file_data = M("T10FILEDATA")};
    char receipt[WBS_RECEIPT_DIGITS + 1];
    int64_t id;
    submit_form(&own, &rep, receipt, &id);
    struct zt_resp r;
    struct zt_who v = visitor(&own);
    struct part msg[] = {{"receipt", receipt, NULL}, {"message", M("T10MSG"), NULL}};
    assert_int_equal(post_multipart(&own, &v, "/wbs/lacak/pesan", msg, 2, &r), 200);
    zt_resp_free(&r);
    /* an officer answers, moves it with a note and asks for the identity, which is approved */
    struct person off, cust;
    char loc[256];
    memset(&off, 0, sizeof off);
    memset(&cust, 0, sizeof cust);
    sign_in_web(&own, &off, NIP_WBS, PASSWORD, TOTP_WBS, loc, sizeof loc);
    sign_in_web(&own, &cust, NIP_IDC, PASSWORD, TOTP_IDC, loc, sizeof loc);
    assert_int_equal(case_act(&own, &off, id, &r, "pesan", "pesan", "Mohon bukti tambahan", NULL),
                     303);
    zt_resp_free(&r);
    assert_int_equal(case_act(&own, &off, id, &r, "status", "status", "ditelaah", "catatan",
                              "Sedang ditelaah", "publik", "1", NULL),
                     303);
    zt_resp_free(&r);
    assert_int_equal(case_act(&own, &off, id, &r, "identitas", "alasan", "Perlu saksi", NULL), 303);
    zt_resp_free(&r);
    char *req = sql1(&own, "SELECT MAX(id) FROM wbs_identity_requests WHERE report_id = %lld",
                     (long long)id);
    char path[64];
    snprintf(path, sizeof path, "/wbs/identitas/%s", req);
    assert_int_equal(post_form(&own, &cust.w, path, &r, "putusan", "setuju", NULL), 303);
    zt_resp_free(&r);
    assert_int_equal(
        sql_n(&own, "SELECT COUNT(*) FROM wbs_identity_reasons WHERE request_id = %s", req), 1);
    json_t *fu = follow_up(&own, receipt);
    json_decref(fu);
    char *blob =
        sql1(&own, "SELECT MIN(blob_id) FROM wbs_files WHERE report_id = %lld", (long long)id);
    static const char *const tables[] = {"wbs_report_keys", "wbs_messages",
                                         "wbs_files",       "wbs_events",
                                         "wbs_identities",  "wbs_identity_requests"};
    assert_true(sql_n(&own, "SELECT COUNT(*) FROM wbs_report_keys WHERE report_id = %lld",
                      (long long)id) >= 1);
    assert_int_equal(
        sql_n(&own, "SELECT COUNT(*) FROM wbs_identities WHERE report_id = %lld", (long long)id),
        1);

    /* today, nothing is due */
    assert_int_equal(zt_server_stop_keep_dir(&own), 0);
    const char *sweep[] = {"wbs", "sweep", NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(zt_cli(&own, sweep, NULL, &out, &err), 0);
    assert_int_equal(atoi(out), 0);
    free(out);
    free(err);
    /* six years on, everything filed today has expired */
    char later[32];
    snprintf(later, sizeof later, "%lld",
             (long long)(clock_now_ms() + (int64_t)(6 * 366) * 86400000));
    setenv("ZONA_TEST_NOW_MS", later, 1);
    int rc = zt_cli(&own, sweep, NULL, &out, &err);
    unsetenv("ZONA_TEST_NOW_MS");
    if (rc != 0)
        fprintf(stderr, "zona wbs sweep: %s%s\n", out, err);
    assert_int_equal(rc, 0);
    assert_true(atoi(out) >= 1);
    free(out);
    free(err);
    restart(&own);

    json_t *b = json_pack("{s:s}", "receipt", receipt);
    assert_int_equal(post_json(&own, "/api/v1/wbs/follow-up", b, &r), 404);
    json_decref(b);
    zt_resp_free(&r);
    assert_int_equal(track_page(&own, receipt, &r), 404);
    zt_resp_free(&r);
    assert_int_equal(sql_n(&own, "SELECT COUNT(*) FROM wbs_reports WHERE id = %lld", (long long)id),
                     0);
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        assert_int_equal(
            sql_n(&own, "SELECT COUNT(*) FROM %s WHERE report_id = %lld", tables[i], (long long)id),
            0);
    assert_int_equal(
        sql_n(&own, "SELECT COUNT(*) FROM wbs_identity_reasons WHERE request_id = %s", req), 0);
    free(req);
    assert_int_equal(sql_n(&own, "SELECT COUNT(*) FROM blobs WHERE id = %s", blob), 0);
    assert_int_equal(sql_n(&own, "SELECT COUNT(*) FROM blob_chunks WHERE blob_id = %s", blob), 0);
    free(blob);
    /* the deletion is audited by id */
    assert_true(sql_n(&own,
                      "SELECT COUNT(*) FROM audit_log WHERE action = 'wbs.report_deleted' AND "
                      "object_id = '%lld'",
                      (long long)id) == 1);
    assert_int_equal(zt_server_stop(&own), 0);
}

/* --- 11. the proof of work ------------------------------------------------------------------- */

static json_t *
pow_report(const char *challenge, uint64_t nonce)
{
    json_t *b = json_pack("{s:s,s:s,s:s,s:s,s:s}", "unit", UNIT, "category", "korupsi", "what",
                          "Suap perizinan", "who", "Petugas perizinan", "narrative",
                          "Uraian dengan bukti kerja");
    if (challenge)
        json_object_set_new(
            b, "pow", json_pack("{s:s,s:I}", "challenge", challenge, "nonce", (json_int_t)nonce));
    return b;
}

static void
proof_of_work_is_needed_and_used_once(void **state)
{
    (void)state;
    const char *env[] = {"ZONA_WBS_POW_BITS=8", "ZONA_DEMO=1", NULL};
    own_server(&own, env, NULL);
    long long before = sql_n(&own, "SELECT COUNT(*) FROM wbs_reports");
    struct zt_resp r;
    assert_int_equal(get(&own, NULL, "/api/v1/wbs/challenge", &r), 200);
    json_t *j = body_json(&r);
    zt_resp_free(&r);
    assert_int_equal(json_integer_value(json_object_get(j, "bits")), 8);
    const char *c = json_string_value(json_object_get(j, "challenge"));
    assert_non_null(c);
    assert_int_equal(strlen(c), 32);
    assert_int_equal(strspn(c, "0123456789abcdef"), 32);
    char challenge[WBS_POW_CHALLENGE_HEX];
    snprintf(challenge, sizeof challenge, "%s", c);
    json_decref(j);
    uint64_t nonce = 0, wrong = 0;
    assert_int_equal(wbs_pow_solve(challenge, 8, &nonce), 0);
    while (wbs_pow_check(challenge, wrong, 8) == 0)
        wrong++;

    json_t *b = pow_report(NULL, 0);
    assert_int_equal(post_json(&own, "/api/v1/wbs/reports", b, &r), 403);
    json_decref(b);
    zt_resp_free(&r);
    b = pow_report(challenge, wrong);
    assert_int_equal(post_json(&own, "/api/v1/wbs/reports", b, &r), 403);
    json_decref(b);
    zt_resp_free(&r);
    /* an unknown challenge, solved */
    char unknown[WBS_POW_CHALLENGE_HEX];
    wbs_pow_challenge_new(unknown);
    uint64_t un = 0;
    assert_int_equal(wbs_pow_solve(unknown, 8, &un), 0);
    b = pow_report(unknown, un);
    assert_int_equal(post_json(&own, "/api/v1/wbs/reports", b, &r), 403);
    json_decref(b);
    zt_resp_free(&r);
    assert_int_equal(sql_n(&own, "SELECT COUNT(*) FROM wbs_reports"), before);
    b = pow_report(challenge, nonce);
    assert_int_equal(post_json(&own, "/api/v1/wbs/reports", b, &r), 201);
    j = body_json(&r);
    assert_int_equal(strlen(json_string_value(json_object_get(j, "receipt"))), 16);
    remember_receipt(json_string_value(json_object_get(j, "receipt")));
    json_decref(j);
    zt_resp_free(&r);
    /* the same proof again */
    assert_int_equal(post_json(&own, "/api/v1/wbs/reports", b, &r), 403);
    json_decref(b);
    zt_resp_free(&r);
    assert_int_equal(sql_n(&own, "SELECT COUNT(*) FROM wbs_reports"), before + 1);

    /* the form: without JavaScript's proof it says so; with it the report goes */
    struct zt_who v = visitor(&own);
    assert_int_equal(get(&own, &v, "/wbs/" UNIT, &r), 200);
    const char *fc = strstr(r.body, "name=\"pow_challenge\" value=\"");
    assert_non_null(fc);
    char formc[WBS_POW_CHALLENGE_HEX];
    snprintf(formc, sizeof formc, "%.32s", fc + strlen("name=\"pow_challenge\" value=\""));
    assert_non_null(strstr(r.body, "<noscript>"));
    zt_resp_free(&r);
    struct part fields[] = {
        {"category", "korupsi", NULL}, {"what", "Suap perizinan", NULL},
        {"who", "Petugas", NULL},      {"narrative", "Uraian lewat formulir", NULL},
        {"situs", "", NULL},           {"pow_challenge", formc, NULL},
        {"pow_nonce", "", NULL}};
    assert_int_equal(post_multipart(&own, &v, "/wbs/" UNIT, fields, 7, &r), 422);
    assert_true(zt_contains(&r, "JavaScript"));
    zt_resp_free(&r);
    uint64_t fn = 0;
    assert_int_equal(wbs_pow_solve(formc, 8, &fn), 0);
    char nonce_text[32];
    snprintf(nonce_text, sizeof nonce_text, "%llu", (unsigned long long)fn);
    fields[6].value = nonce_text;
    assert_int_equal(post_multipart(&own, &v, "/wbs/" UNIT, fields, 7, &r), 201);
    char receipt[WBS_RECEIPT_DIGITS + 1];
    receipt_of(&r, receipt);
    remember_receipt(receipt);
    zt_resp_free(&r);
    assert_int_equal(zt_server_stop(&own), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(front_door_routes_each_kind_of_report),
        cmocka_unit_test(report_by_form_gives_a_receipt_and_keeps_typed_text),
        cmocka_unit_test(report_by_api_gives_a_receipt_and_refuses_bad_input),
        cmocka_unit_test(follow_up_with_the_receipt_messages_and_files),
        cmocka_unit_test_teardown(receipt_guessing_is_throttled, own_teardown),
        cmocka_unit_test_teardown(a_flood_of_reports_waits, own_teardown),
        cmocka_unit_test(every_wbs_route_is_private_and_the_log_keeps_no_client),
        cmocka_unit_test_teardown(nothing_readable_at_rest, own_teardown),
        cmocka_unit_test(officer_reads_report_but_identity_only_after_approval),
        cmocka_unit_test(states_move_as_allowed_and_the_reporter_sees_them),
        cmocka_unit_test(identity_request_denied_stays_sealed),
        cmocka_unit_test(identity_needs_a_custodian),
        cmocka_unit_test(signed_in_staff_report_anonymously),
        cmocka_unit_test(attachment_names_keep_no_path),
        cmocka_unit_test(admin_without_a_wbs_role_reads_nothing),
        cmocka_unit_test(officer_of_another_unit_finds_no_report),
        cmocka_unit_test(password_reset_keeps_access_with_the_recovery_key),
        cmocka_unit_test(own_password_change_keeps_the_key_open),
        cmocka_unit_test(key_custodian_restores_a_key_from_escrow),
        cmocka_unit_test_teardown(retention_deletes_expired_reports, own_teardown),
        cmocka_unit_test_teardown(proof_of_work_is_needed_and_used_once, own_teardown),
    };
    return cmocka_run_group_tests_name("wbs_web", tests, setup, teardown);
}
