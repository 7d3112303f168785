/* Public-service complaints on the web, as complainants and officers meet them, against a real
 * zona (SQLite and PostgreSQL): the number shown once and followed by POST, refused input kept,
 * anonymity that stores no identity, confidentiality that keeps a complaint off the public page,
 * the identity shown to handlers only, internal notes that stay internal, closing that needs an
 * answer and a rating given once, the officer's intake from another channel, the staff list with
 * its overdue marks and reform.5.ii.a, the API, another unit's complaint that does not exist for
 * the caller, and failed lookups throttled per client (a server of its own with a fixed clock).
 * One server with one `zona demo` for the rest; every test sends its own complaints to Bawaslu
 * Kabupaten Klungkung (51.05). */

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
#define NIP_KOORD  "197001011995032003" /* koordinator-zi of 51.05: complaint.handle */
#define NIP_LEADER "197001011995031005" /* pimpinan of 51.05: complaint.read only */
#define NIP_DESK   "197001011995031010" /* petugas-layanan of 51.05: complaint.intake */

static struct zt_server srv, *S = &srv;
static struct zt_who koord, leader, desk;

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
    json_t *j = json_loadb(r->body, r->len, 0, NULL);
    if (!j)
        fprintf(stderr, "not JSON (HTTP %ld): %.400s\n", r->status, r->body);
    assert_non_null(j);
    return j;
}

/* GET path as w (staff) asking for JSON; the body (expects 200). */
static json_t *
get_json(struct zt_server *s, const struct zt_who *w, const char *path)
{
    const char *h[] = {w->cookie, "Accept: application/json", NULL};
    struct zt_resp r;
    assert_int_equal(zt_request(s, "GET", path, h, NULL, 0, &r), 0);
    if (r.status != 200)
        fprintf(stderr, "GET %s: HTTP %ld %.400s\n", path, r.status, r.body);
    assert_int_equal(r.status, 200);
    json_t *j = body_json(&r);
    zt_resp_free(&r);
    return j;
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
    assert_int_equal(zt_as(s, w, "POST", path, buf_cstr(&b), r), 0);
    buf_free(&b);
    return r->status;
}

/* A visitor without an account: the CSRF cookie the unit's page hands out. */
static struct zt_who
visitor(struct zt_server *s)
{
    struct zt_who w;
    memset(&w, 0, sizeof w);
    struct zt_resp r;
    assert_int_equal(zt_get(s, "/pengaduan/lacak", &r), 0);
    assert_int_equal(r.status, 200);
    char tok[96];
    assert_int_equal(zt_cookie(&r, "zona_csrf", tok, sizeof tok), 0);
    zt_resp_free(&r);
    snprintf(w.cookie, sizeof w.cookie, "Cookie: zona_csrf=%s", tok);
    snprintf(w.csrf, sizeof w.csrf, "%s", tok);
    return w;
}

/* The tracking number a page shows ("ADU-" and 8 characters) into out. */
static void
tracking_of(const struct zt_resp *r, char out[16])
{
    const char *p = strstr(r->body, "code-display__value\">ADU-");
    assert_non_null(p);
    p += strlen("code-display__value\">");
    snprintf(out, 16, "%.12s", p);
}

/* A complaint sent on the unit's public form with more fields (NULL-terminated pairs); its
 * tracking number into out. */
static void
send_complaint(const char *subject, char out[16], ...)
{
    struct zt_who v = visitor(S);
    struct buf b = BUF_INIT;
    buf_puts(&b, "csrf=");
    url_enc(&b, v.csrf);
    buf_puts(&b, "&kelas=pengaduan&isi=Uraian+pengaduan+uji&judul=");
    url_enc(&b, subject);
    va_list ap;
    va_start(ap, out);
    for (const char *k; (k = va_arg(ap, const char *)) != NULL;) {
        const char *val = va_arg(ap, const char *);
        buf_putc(&b, '&');
        url_enc(&b, k);
        buf_putc(&b, '=');
        url_enc(&b, val);
    }
    va_end(ap);
    struct zt_resp r;
    assert_int_equal(zt_as(S, &v, "POST", "/pengaduan/" UNIT, buf_cstr(&b), &r), 0);
    buf_free(&b);
    if (r.status != 201)
        fprintf(stderr, "POST /pengaduan/51.05: HTTP %ld %.600s\n", r.status, r.body);
    assert_int_equal(r.status, 201);
    tracking_of(&r, out);
    zt_resp_free(&r);
}

/* The complainant's page of a number (POST /pengaduan/lacak); the status. */
static long
track(const char *number, struct zt_resp *r)
{
    struct zt_who v = visitor(S);
    return post_form(S, &v, "/pengaduan/lacak", r, "nomor", number, NULL);
}

/* The first column of the first row of a query made with printf's fmt. */
static char *sql1(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
sql1(const char *fmt, ...)
{
    char q[512], *v = NULL;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(q, sizeof q, fmt, ap);
    va_end(ap);
    assert_int_equal(zt_sql(S, q, &v), 0);
    assert_non_null(v);
    return v;
}

/* --- setup ------------------------------------------------------------------------------------ */

static int
setup(void **state)
{
    (void)state;
    if (zt_server_start(S, NULL) != 0)
        return -1;
    const char *demo[] = {"demo", NULL};
    if (zt_cli(S, demo, NULL, NULL, NULL) != 0)
        return -1;
    if (zt_sign_in(S, NIP_KOORD, PASSWORD, NULL, &koord) != 200 ||
        zt_sign_in(S, NIP_LEADER, PASSWORD, NULL, &leader) != 200 ||
        zt_sign_in(S, NIP_DESK, PASSWORD, NULL, &desk) != 200)
        return -1;
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    return zt_server_stop(S) == 0 ? 0 : -1;
}

/* --- the complainant -------------------------------------------------------------------------- */

static void
a_web_complaint_shows_its_number_once_and_is_followed_by_post(void **state)
{
    (void)state;
    char t[16];
    send_complaint("Loket tutup sebelum jam layanan", t, "nama", "Budi", "kontak", "0812", NULL);
    char *v = sql1("SELECT channel || '|' || state || '|' || reporter_name FROM complaints WHERE "
                   "tracking = '%s'",
                   t);
    assert_string_equal(v, "web|baru|Budi");
    free(v);
    /* typed in small letters, with spaces and without the dash */
    char typed[24];
    snprintf(typed, sizeof typed, " adu %s ", t + 4);
    struct zt_resp r;
    assert_int_equal(track(typed, &r), 200);
    assert_true(zt_contains(&r, "Loket tutup sebelum jam layanan"));
    assert_true(zt_contains(&r, t));
    assert_false(zt_contains(&r, "Budi")); /* the page is reached by the number alone */
    assert_string_equal(zt_header(&r, "Cache-Control"), "no-store");
    zt_resp_free(&r);
    /* a well-formed number nobody has, and one that cannot be a number */
    assert_int_equal(track("xyz", &r), 422);
    zt_resp_free(&r);
}

static void
refused_input_is_kept_and_explained(void **state)
{
    (void)state;
    struct zt_who v = visitor(S);
    struct zt_resp r;
    assert_int_equal(post_form(S, &v, "/pengaduan/" UNIT, &r, "kelas", "bukan-kelas", "judul", "",
                               "isi", "Teks yang saya ketik", "nama", "Nama Saya", NULL),
                     422);
    assert_true(zt_contains(&r, "Teks yang saya ketik</textarea>"));
    assert_true(zt_contains(&r, "value=\"Nama Saya\""));
    assert_true(zt_contains(&r, "id=\"judul-error\""));
    assert_true(zt_contains(&r, "id=\"kelas-error\""));
    assert_true(zt_contains(&r, "error-summary"));
    zt_resp_free(&r);
}

static void
an_anonymous_complaint_keeps_no_identity(void **state)
{
    (void)state;
    char t[16];
    send_complaint("Pungutan di loket", t, "anonim", "1", "nama", "MARKER-NAMA-ANON", "kontak",
                   "MARKER-KONTAK-ANON", NULL);
    char *v = sql1("SELECT COUNT(*) FROM complaints WHERE reporter_name LIKE '%%%s%%' OR "
                   "reporter_contact LIKE '%%MARKER-KONTAK-ANON%%'",
                   "MARKER-NAMA-ANON");
    assert_string_equal(v, "0");
    free(v);
    char path[64];
    snprintf(path, sizeof path, "/pengaduan/%s/%s", UNIT, t);
    json_t *j = get_json(S, &koord, path);
    assert_true(json_is_true(json_object_get(json_object_get(j, "identity"), "anonymous")));
    json_decref(j);
}

static void
a_confidential_complaint_is_never_public(void **state)
{
    (void)state;
    char t1[16], t2[16];
    send_complaint("MARKER-RAHASIA judul", t1, "rahasia", "1", NULL);
    send_complaint("MARKER-TERBUKA judul", t2, "nama", "MARKER-NAMA-PUBLIK", NULL);
    struct zt_resp r;
    assert_int_equal(zt_get(S, "/pengaduan/" UNIT, &r), 0);
    assert_int_equal(r.status, 200);
    assert_false(zt_contains(&r, "MARKER-RAHASIA"));
    assert_true(zt_contains(&r, "MARKER-TERBUKA"));
    assert_false(zt_contains(&r, "MARKER-NAMA-PUBLIK"));
    assert_false(zt_contains(&r, t2)); /* the public list never gives the key to a page */
    zt_resp_free(&r);
}

/* --- officers -----------------------------------------------------------------------------------
 */

static void
the_identity_is_shown_to_handlers_only(void **state)
{
    (void)state;
    char t[16], path[64];
    send_complaint("Sikap petugas", t, "nama", "MARKER-NAMA-PELAPOR", "kontak", "MARKER-KONTAK",
                   NULL);
    snprintf(path, sizeof path, "/pengaduan/%s/%s", UNIT, t);
    struct zt_resp r;
    assert_int_equal(zt_as(S, &koord, "GET", path, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_true(zt_contains(&r, "MARKER-NAMA-PELAPOR"));
    zt_resp_free(&r);
    assert_int_equal(zt_as(S, &leader, "GET", path, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_false(zt_contains(&r, "MARKER-NAMA-PELAPOR"));
    assert_false(zt_contains(&r, "MARKER-KONTAK"));
    assert_true(zt_contains(&r, "Uraian pengaduan uji")); /* the complaint itself is readable */
    zt_resp_free(&r);
    char jpath[96];
    snprintf(jpath, sizeof jpath, "%s?format=json", path);
    json_t *j = get_json(S, &leader, jpath);
    char *dump = json_dumps(j, 0);
    assert_null(strstr(dump, "MARKER-NAMA-PELAPOR"));
    assert_false(json_is_true(json_object_get(j, "can_handle")));
    free(dump);
    json_decref(j);
    /* the list names nobody, for anybody */
    j = get_json(S, &koord, "/pengaduan?format=json");
    dump = json_dumps(j, 0);
    assert_null(strstr(dump, "MARKER-NAMA-PELAPOR"));
    free(dump);
    json_decref(j);
    /* complaint.read does not let one act */
    assert_int_equal(post_form(S, &leader, path, &r, "status", "diproses", NULL), 403);
    zt_resp_free(&r);
}

static void
an_internal_note_stays_internal(void **state)
{
    (void)state;
    char t[16], path[64];
    send_complaint("Formulir tidak tersedia", t, NULL);
    snprintf(path, sizeof path, "/pengaduan/%s/%s", UNIT, t);
    struct zt_resp r;
    assert_int_equal(post_form(S, &koord, path, &r, NULL), 422); /* nothing to change */
    zt_resp_free(&r);
    assert_int_equal(post_form(S, &koord, path, &r, "status", "diproses", "jenis", "catatan",
                               "catatan", "MARKER-INTERNAL petugas dimintai keterangan", NULL),
                     303);
    assert_non_null(strstr(zt_header(&r, "Location"), "/pengaduan/" UNIT "/"));
    assert_null(strstr(zt_header(&r, "Location"), "ADU-"));
    zt_resp_free(&r);
    assert_int_equal(post_form(S, &koord, path, &r, "jenis", "jawaban", "catatan",
                               "MARKER-JAWABAN formulir sudah tersedia di loket", NULL),
                     303);
    zt_resp_free(&r);
    assert_int_equal(track(t, &r), 200);
    assert_true(zt_contains(&r, "MARKER-JAWABAN"));
    assert_false(zt_contains(&r, "MARKER-INTERNAL"));
    zt_resp_free(&r);
    assert_int_equal(zt_get(S, "/pengaduan/" UNIT, &r), 0);
    assert_true(zt_contains(&r, "MARKER-JAWABAN"));
    assert_false(zt_contains(&r, "MARKER-INTERNAL"));
    zt_resp_free(&r);
    /* the staff page shows both; the audit trail neither */
    assert_int_equal(zt_as(S, &koord, "GET", path, NULL, &r), 0);
    assert_true(zt_contains(&r, "MARKER-INTERNAL"));
    assert_true(zt_contains(&r, "MARKER-JAWABAN"));
    zt_resp_free(&r);
    char *v = sql1("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'complaint.%%' AND "
                   "(after_json LIKE '%%MARKER%%' OR before_json LIKE '%%MARKER%%')");
    assert_string_equal(v, "0");
    free(v);
    v = sql1("SELECT COUNT(*) FROM audit_log WHERE action = 'complaint.update' AND object_id = "
             "(SELECT CAST(id AS TEXT) FROM complaints WHERE tracking = '%s')",
             t);
    assert_string_equal(v, "2");
    free(v);
}

static void
closing_needs_an_answer_and_the_complainant_rates_once(void **state)
{
    (void)state;
    char t[16], path[64];
    send_complaint("Salinan putusan", t, NULL);
    snprintf(path, sizeof path, "/pengaduan/%s/%s", UNIT, t);
    struct zt_resp r;
    assert_int_equal(post_form(S, &koord, path, &r, "status", "selesai", NULL), 422);
    assert_true(zt_contains(&r, "id=\"catatan-error\""));
    zt_resp_free(&r);
    assert_int_equal(post_form(S, &koord, path, &r, "status", "selesai", "jenis", "jawaban",
                               "catatan", "Salinan telah kami kirim.", NULL),
                     303);
    zt_resp_free(&r);
    struct zt_who v = visitor(S);
    assert_int_equal(post_form(S, &v, "/pengaduan/lacak/nilai", &r, "nomor", t, "nilai", "6", NULL),
                     422);
    zt_resp_free(&r);
    assert_int_equal(post_form(S, &v, "/pengaduan/lacak/nilai", &r, "nomor", t, "nilai", "4",
                               "catatan", "Cukup cepat", NULL),
                     200);
    assert_true(zt_contains(&r, "4 / 5"));
    zt_resp_free(&r);
    assert_int_equal(post_form(S, &v, "/pengaduan/lacak/nilai", &r, "nomor", t, "nilai", "1", NULL),
                     409);
    zt_resp_free(&r);
    char *s = sql1("SELECT CAST(rating AS TEXT) || '|' || state FROM complaints WHERE tracking = "
                   "'%s'",
                   t);
    assert_string_equal(s, "4|selesai");
    free(s);
}

static void
an_officer_records_a_complaint_from_another_channel(void **state)
{
    (void)state;
    struct zt_resp r;
    assert_int_equal(zt_as(S, &desk, "GET", "/pengaduan/" UNIT "/baru", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    zt_resp_free(&r);
    assert_int_equal(post_form(S, &desk, "/pengaduan/" UNIT "/baru", &r, "kanal", "web", "kelas",
                               "pengaduan", "judul", "Lewat web?", "isi", "Isi", NULL),
                     422);
    zt_resp_free(&r);
    assert_int_equal(post_form(S, &desk, "/pengaduan/" UNIT "/baru", &r, "kanal", "telepon",
                               "tiket_lapor", "LAP-2026-77", "kelas", "aspirasi", "judul",
                               "Usul lewat telepon", "isi", "Mohon antrean daring.", "nama",
                               "Penelepon", NULL),
                     303);
    /* the officer lands on the complaint's page, by its id: no tracking number in the URL */
    const char *loc = zt_header(&r, "Location");
    assert_non_null(loc);
    assert_true(strncmp(loc, "/pengaduan/" UNIT "/", 17) == 0);
    assert_null(strstr(loc, "ADU-"));
    char id[24], t[16];
    snprintf(id, sizeof id, "%s", loc + strlen("/pengaduan/" UNIT "/"));
    zt_resp_free(&r);
    char *tr = sql1("SELECT tracking FROM complaints WHERE id = %s", id);
    snprintf(t, sizeof t, "%s", tr);
    free(tr);
    char *v = sql1("SELECT channel || '|' || lapor_ticket || '|' || CAST((recorded_by IS NOT NULL) "
                   "AS TEXT) FROM complaints WHERE tracking = '%s'",
                   t);
    assert_true(strncmp(v, "telepon|LAP-2026-77|", 20) == 0);
    free(v);
    v = sql1("SELECT COUNT(*) FROM audit_log WHERE action = 'complaint.intake' AND after_json NOT "
             "LIKE '%%Penelepon%%' AND object_id = (SELECT CAST(id AS TEXT) FROM complaints "
             "WHERE tracking = '%s')",
             t);
    assert_string_equal(v, "1");
    free(v);
}

static void
the_list_marks_overdue_complaints_and_counts_for_the_lke(void **state)
{
    (void)state;
    json_t *j = get_json(S, &koord, "/pengaduan?status=terlambat&format=json");
    json_t *rows = json_object_get(j, "rows"), *row;
    size_t i;
    assert_true(json_array_size(rows) > 0); /* the demo has one */
    json_array_foreach(rows, i, row) assert_true(json_is_true(json_object_get(row, "overdue")));
    json_decref(j);
    j = get_json(S, &koord, "/pengaduan?format=json");
    json_t *stats = json_object_get(j, "stats");
    assert_true(json_is_true(json_object_get(stats, "has_share")));
    assert_non_null(json_object_get(stats, "in_process"));
    assert_true(json_array_size(json_object_get(j, "intake")) > 0);
    json_decref(j);
}

static void
the_api_takes_a_complaint(void **state)
{
    (void)state;
    const char *h[] = {"Content-Type: application/json", NULL};
    const char *ok = "{\"unit\": \"51.05\", \"kelas\": \"permintaan_informasi\", \"judul\": "
                     "\"Data pengawasan\", \"isi\": \"Mohon datanya.\", \"anonim\": true, "
                     "\"nama\": \"MARKER-API-NAMA\"}";
    struct zt_resp r;
    assert_int_equal(zt_request(S, "POST", "/api/v1/complaints", h, ok, strlen(ok), &r), 0);
    assert_int_equal(r.status, 201);
    json_t *j = body_json(&r);
    const char *t = json_string_value(json_object_get(j, "tracking"));
    assert_non_null(t);
    char *v =
        sql1("SELECT reporter_name || '|' || channel FROM complaints WHERE tracking = '%s'", t);
    assert_string_equal(v, "|web");
    free(v);
    json_decref(j);
    zt_resp_free(&r);
    assert_int_equal(zt_request(S, "POST", "/api/v1/complaints", h, "{}", 2, &r), 0);
    assert_int_equal(r.status, 422);
    j = body_json(&r);
    json_t *fields = json_object_get(json_object_get(j, "error"), "fields");
    assert_non_null(json_object_get(fields, "unit"));
    assert_non_null(json_object_get(fields, "judul"));
    json_decref(j);
    zt_resp_free(&r);
    const char *nounit = "{\"unit\": \"99.99\", \"kelas\": \"aspirasi\", \"judul\": \"x\", "
                         "\"isi\": \"y\"}";
    assert_int_equal(zt_request(S, "POST", "/api/v1/complaints", h, nounit, strlen(nounit), &r), 0);
    assert_int_equal(r.status, 404);
    zt_resp_free(&r);
}

static void
another_units_complaint_does_not_exist_for_the_caller(void **state)
{
    (void)state;
    char *b = sql1("SELECT MIN(c.tracking) FROM complaints c JOIN units u ON u.id = c.unit_id "
                   "WHERE u.code = '%s'",
                   "21.01");
    char path[64];
    struct zt_resp r;
    /* under the caller's own unit: not its complaint */
    snprintf(path, sizeof path, "/pengaduan/%s/%s", UNIT, b);
    assert_int_equal(zt_as(S, &koord, "GET", path, NULL, &r), 0);
    assert_int_equal(r.status, 404);
    zt_resp_free(&r);
    snprintf(path, sizeof path, "/pengaduan/21.01/%s", b);
    assert_int_equal(zt_as(S, &koord, "GET", path, NULL, &r), 0);
    assert_int_equal(r.status, 404);
    zt_resp_free(&r);
    free(b);
}

/* --- throttling (a server of its own: the fixed clock keeps the wait from running out) -------- */

static void
failed_lookups_are_throttled_per_client(void **state)
{
    (void)state;
    struct zt_server own;
    const char *env[] = {"ZONA_TEST_NOW_MS=1790000000000", NULL};
    assert_int_equal(zt_server_start(&own, env), 0);
    struct zt_who v = visitor(&own);
    struct zt_resp r;
    /* a number that cannot be one is a typing error, not a guess: never counted */
    for (int i = 0; i < 8; i++) {
        assert_int_equal(post_form(&own, &v, "/pengaduan/lacak", &r, "nomor", "ADU-1", NULL), 422);
        zt_resp_free(&r);
    }
    for (int i = 0; i < 6; i++) {
        assert_int_equal(post_form(&own, &v, "/pengaduan/lacak", &r, "nomor", "ADU-ACDEFGHJ", NULL),
                         404);
        assert_true(zt_contains(&r, "id=\"nomor-error\""));
        zt_resp_free(&r);
    }
    assert_int_equal(post_form(&own, &v, "/pengaduan/lacak", &r, "nomor", "ADU-ACDEFGHK", NULL),
                     429);
    assert_non_null(zt_header(&r, "Retry-After"));
    zt_resp_free(&r);
    /* the rating form asks the same question */
    assert_int_equal(post_form(&own, &v, "/pengaduan/lacak/nilai", &r, "nomor", "ADU-ACDEFGHK",
                               "nilai", "5", NULL),
                     429);
    zt_resp_free(&r);
    assert_int_equal(zt_server_stop(&own), 0);
}

/* The year's complaints are proposed for the LKE's reform.5.ii.a (owed, in process, done),
 * never written: the unit takes them with one button. */
static void
the_complaints_handled_are_proposed_for_the_lke(void **state)
{
    (void)state;
    char *year = sql1("SELECT CAST(MAX(year) AS TEXT) FROM assessments a JOIN units u ON u.id = "
                      "a.unit_id WHERE u.code = '%s'",
                      UNIT);
    char path[64];
    snprintf(path, sizeof path, "/lke/%s/%s/area/5", UNIT, year);
    struct zt_resp r;
    assert_int_equal(zt_as(S, &koord, "GET", path, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_true(zt_contains(&r, "name=\"code\" value=\"reform.5.ii.a\""));
    assert_true(zt_contains(&r, "input.pengaduan_wajib_tindak_lanjut"));
    zt_resp_free(&r);
    char *owed = sql1("SELECT CAST(COUNT(*) AS TEXT) FROM complaints c JOIN units u ON u.id = "
                      "c.unit_id WHERE u.code = '%s' AND c.state <> 'diarsipkan' AND "
                      "c.received_day LIKE '%s-%%'",
                      UNIT, year);
    char *proposed = sql1("SELECT p.value FROM answer_proposals p JOIN assessments a ON a.id = "
                          "p.assessment_id JOIN units u ON u.id = a.unit_id WHERE u.code = '%s' "
                          "AND a.year = %s AND p.code = 'reform.5.ii.a'",
                          UNIT, year);
    char want[64];
    snprintf(want, sizeof want, "\"pengaduan_wajib_tindak_lanjut\": %s,", owed);
    assert_non_null(strstr(proposed, want));
    free(owed);
    free(proposed);
    free(year);
}

/* A robot that fills the hidden field is thanked and nothing is kept; a flood from one
 * connection waits (429 with Retry-After) with what was typed kept. It uses up the connection's
 * allowance: later tests must not send complaints from the shared server. */
static void
robots_and_floods_are_held_off(void **state)
{
    (void)state;
    char *before = sql1("SELECT COUNT(*) FROM complaints");
    struct zt_who v = visitor(S);
    struct buf b = BUF_INIT;
    buf_puts(&b, "csrf=");
    url_enc(&b, v.csrf);
    buf_puts(&b, "&kelas=pengaduan&judul=Promo&isi=Beli+sekarang&situs=http%3A%2F%2Fspam.example");
    struct zt_resp r;
    assert_int_equal(zt_as(S, &v, "POST", "/pengaduan/" UNIT, buf_cstr(&b), &r), 0);
    assert_int_equal(r.status, 201);
    zt_resp_free(&r);
    buf_free(&b);
    char *after = sql1("SELECT COUNT(*) FROM complaints");
    assert_string_equal(before, after);
    free(before);
    free(after);
    long status = 0;
    int sent = 0;
    for (; sent < 40 && status != 429; sent++) {
        struct buf f = BUF_INIT;
        buf_puts(&f, "csrf=");
        url_enc(&f, v.csrf);
        buf_printf(&f, "&kelas=aspirasi&judul=Banjir+%d&isi=Isi+uji+banjir", sent);
        assert_int_equal(zt_as(S, &v, "POST", "/pengaduan/" UNIT, buf_cstr(&f), &r), 0);
        status = r.status;
        if (status == 429) {
            assert_non_null(zt_header(&r, "Retry-After"));
            assert_true(zt_contains(&r, "Banjir"));
        } else {
            assert_int_equal(status, 201);
        }
        zt_resp_free(&r);
        buf_free(&f);
    }
    assert_int_equal(status, 429);
    assert_true(sent > 5); /* people who send a few are never held up */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_web_complaint_shows_its_number_once_and_is_followed_by_post),
        cmocka_unit_test(refused_input_is_kept_and_explained),
        cmocka_unit_test(an_anonymous_complaint_keeps_no_identity),
        cmocka_unit_test(a_confidential_complaint_is_never_public),
        cmocka_unit_test(the_identity_is_shown_to_handlers_only),
        cmocka_unit_test(an_internal_note_stays_internal),
        cmocka_unit_test(closing_needs_an_answer_and_the_complainant_rates_once),
        cmocka_unit_test(an_officer_records_a_complaint_from_another_channel),
        cmocka_unit_test(the_list_marks_overdue_complaints_and_counts_for_the_lke),
        cmocka_unit_test(the_api_takes_a_complaint),
        cmocka_unit_test(another_units_complaint_does_not_exist_for_the_caller),
        cmocka_unit_test(the_complaints_handled_are_proposed_for_the_lke),
        cmocka_unit_test(robots_and_floods_are_held_off),
        cmocka_unit_test(failed_lookups_are_throttled_per_client),
    };
    return cmocka_run_group_tests_name("complaint_web", tests, setup, teardown);
}
