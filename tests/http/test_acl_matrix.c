/* The access matrix: every route of the table, as every demo role and as nobody, on an object
 * inside the caller's subtree and on another unit's, with real sessions against a real server.
 * The expectations are hand-written in tests/http/acl_matrix.txt; a route without a row there,
 * or a row without a route, fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include "core/buf.h"
#include "support/client.h"

#define PASSWORD "Demo-Zona-Integritas"
enum { NCOLS = 17, MAXROWS = 256 };

struct account {
    const char *role, *nip, *totp;
};

/* The column order of acl_matrix.txt; the demo accounts of README. */
static const struct account accounts[NCOLS] = {
    {"admin-sistem", "197001011995031001", "ZONADEMOADMINSISTEMAAAAAAAAAAAAA"},
    {"admin-unit", "197001011995031002", "ZONADEMOADMINUNITAAAAAAAAAAAAAAA"},
    {"koordinator-zi", "197001011995032003", NULL},
    {"anggota-pokja", "197001011995031004", NULL},
    {"pimpinan", "197001011995031005", NULL},
    {"tpi-anggota", "197001011995032006", "ZONADEMOTPIANGGOTAAAAAAAAAAAAAAA"},
    {"tpi-ketua", "197001011995031007", "ZONADEMOTPIKETUAAAAAAAAAAAAAAAAA"},
    {"tpi-dalnis", "197001011995031008", "ZONADEMOTPIDALNISAAAAAAAAAAAAAAA"},
    {"tpn", "197001011995032009", "ZONADEMOTPNAAAAAAAAAAAAAAAAAAAAA"},
    {"petugas-layanan", "197001011995031010", NULL},
    {"petugas-wbs", "197001011995032011", "ZONADEMOPETUGASWBSAAAAAAAAAAAAAA"},
    {"kustodian-identitas", "197001011995031012", "ZONADEMOKUSTODIANIDENTITASAAAAAA"},
    {"kustodian-kunci", "197001011995031013", "ZONADEMOKUSTODIANKUNCIAAAAAAAAAA"},
    {"petugas-upg", "197001011995032014", NULL},
    {"pegawai", "197001011995032015", NULL},
    {"pemantau", "197001011995031016", NULL},
    {"anonim", NULL, NULL},
};

struct row {
    char method[8], pattern[96], url[128], body[64];
    bool fresh, json, anon_csrf;
    char cells[NCOLS][16];
    int line;
};

static struct row rows[MAXROWS];
static int nrows;
static struct zt_server srv;
static char k_user[16], b_user[16], k_grant[16], b_grant[16];
/* the demo's assessment year (the current one) and a piece of evidence attached to each unit's
 * assessment of that year */
static char year[8], k_evidence[16], b_evidence[16];
/* a demo survey campaign of each unit (Klungkung's open one, Bintan's latest closed one) and the
 * enrolment token of a kiosk registered for the test */
static char k_survey[16], b_survey[16], kiosk_token[80];
/* a demo complaint of each unit: its tracking number */
static char k_complaint[16], b_complaint[16];
/* whistleblowing: a demo report of each unit (Klungkung's referred one, Bintan's), a pending
 * identity request on each (Klungkung's from the demo, Bintan's a copy made for the test), and a
 * WBS officer with an escrow copy (Klungkung's petugas-wbs; Bintan's pegawai holds no WBS role) */
static char k_wbs[16], b_wbs[16], k_req[16], b_req[16], k_wuser[16];
/* gratification: a demo report of each unit whose object is deposited with the UPG (Klungkung's
 * verified one, reported by its petugas-layanan; Bintan's first, reported by its pegawai, marked
 * deposited by the test), a supporting file of each (a copy of the campaign evidence below), and
 * a campaign activity's evidence file of each unit, added through the campaign form */
static char k_grat[16], b_grat[16], k_gfile[16], b_gfile[16], k_afile[16], b_afile[16];

static char *
trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

static int
load_matrix(void)
{
    FILE *f = fopen("tests/http/acl_matrix.txt", "r");
    if (!f)
        return -1;
    char line[1024];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        n++;
        char *s = trim(line);
        if (!*s || *s == '#')
            continue;
        char *bar1 = strchr(s, '|'), *bar2 = bar1 ? strchr(bar1 + 1, '|') : NULL;
        if (!bar2 || nrows == MAXROWS) {
            fprintf(stderr, "acl_matrix.txt:%d: expected METHOD PATH | options | cells\n", n);
            fclose(f);
            return -1;
        }
        *bar1 = *bar2 = '\0';
        struct row *r = &rows[nrows++];
        memset(r, 0, sizeof *r);
        r->line = n;
        if (sscanf(s, "%7s %95s", r->method, r->pattern) != 2)
            return -1;
        char *opts = trim(bar1 + 1);
        for (char *save = NULL, *t = strtok_r(opts, " ", &save); t;
             t = strtok_r(NULL, " ", &save)) {
            if (strncmp(t, "url=", 4) == 0)
                snprintf(r->url, sizeof r->url, "%s", t + 4);
            else if (strncmp(t, "body=", 5) == 0)
                snprintf(r->body, sizeof r->body, "%s", t + 5);
            else if (strcmp(t, "fresh") == 0)
                r->fresh = true;
            else if (strcmp(t, "json") == 0)
                r->json = true;
            else if (strcmp(t, "anon-csrf") == 0)
                r->anon_csrf = true;
        }
        int c = 0;
        for (char *save = NULL, *t = strtok_r(bar2 + 1, " \t\r\n", &save); t;
             t = strtok_r(NULL, " \t\r\n", &save))
            if (c < NCOLS)
                snprintf(r->cells[c++], sizeof r->cells[0], "%s", t);
        if (c != NCOLS) {
            fprintf(stderr, "acl_matrix.txt:%d: %d cells, expected %d\n", n, c, NCOLS);
            fclose(f);
            return -1;
        }
    }
    fclose(f);
    return 0;
}

/* Records a campaign activity of unit code with a PDF as evidence, as w would on the campaign
 * page (multipart); 0 or -1. */
static int
campaign_activity(const struct zt_who *w, const char *code)
{
    static const char pdf[] = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< >>\nendobj\n%%EOF\n";
    char day[11], path[64], ct[128];
    time_t now = time(NULL) - 24 * 3600; /* yesterday: never after the unit's today */
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    struct buf b = BUF_INIT;
    const char *fields[][2] = {{"csrf", w->csrf},
                               {"jenis", "pengumuman"},
                               {"judul", "Pengumuman uji akses"},
                               {"tanggal", day}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        buf_printf(&b,
                   "--zonaAclBoundary\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n",
                   fields[i][0], fields[i][1]);
    buf_puts(&b, "--zonaAclBoundary\r\nContent-Disposition: form-data; name=\"berkas\"; "
                 "filename=\"bukti.pdf\"\r\nContent-Type: application/pdf\r\n\r\n");
    buf_append(&b, pdf, sizeof pdf - 1);
    buf_puts(&b, "\r\n--zonaAclBoundary--\r\n");
    snprintf(path, sizeof path, "/gratifikasi/kampanye/%s", code);
    snprintf(ct, sizeof ct, "Content-Type: multipart/form-data; boundary=zonaAclBoundary");
    const char *h[] = {w->cookie, ct, NULL};
    struct zt_resp r;
    int rc = zt_request(&srv, "POST", path, h, b.p, b.len, &r);
    buf_free(&b);
    if (rc == 0 && r.status != 303) {
        fprintf(stderr, "acl_matrix: POST %s: HTTP %ld %.300s\n", path, r.status, r.body);
        rc = -1;
    }
    zt_resp_free(&r);
    return rc;
}

/* The gratification objects of the matrix (k_grat … b_afile); 0 or -1. */
static int
grat_fixtures(const struct zt_who *koord)
{
    /* Bintan's pegawai, petugas-upg of 21.01 through b_grant until admin-sistem's column revokes
     * it (POST /admin/pengguna/:id/peran/:gid/cabut) */
    struct zt_who bintan;
    if (zt_sign_in(&srv, accounts[14].nip, PASSWORD, NULL, &bintan) != 200 ||
        campaign_activity(koord, "51.05") != 0 || campaign_activity(&bintan, "21.01") != 0)
        return -1;
    char sql[512], *v;
    struct {
        char *dst;
        const char *sql;
    } q[] = {
        {k_grat, "SELECT MIN(g.id) FROM grat_reports g JOIN units u ON u.id = g.unit_id WHERE "
                 "u.code = '51.05' AND g.deposit_number IS NOT NULL AND g.state = "
                 "'diverifikasi'"},
        {b_grat, "SELECT MIN(g.id) FROM grat_reports g JOIN units u ON u.id = g.unit_id WHERE "
                 "u.code = '21.01'"},
        {k_afile, "SELECT MAX(f.id) FROM grat_activity_files f JOIN grat_activities a ON a.id = "
                  "f.activity_id JOIN units u ON u.id = a.unit_id WHERE u.code = '51.05'"},
        {b_afile, "SELECT MAX(f.id) FROM grat_activity_files f JOIN grat_activities a ON a.id = "
                  "f.activity_id JOIN units u ON u.id = a.unit_id WHERE u.code = '21.01'"},
    };
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        if (zt_sql(&srv, q[i].sql, &v) != 0 || !v || !*v) {
            fprintf(stderr, "acl_matrix: no demo row for %s\n", q[i].sql);
            free(v);
            return -1;
        }
        snprintf(q[i].dst, 16, "%s", v);
        free(v);
    }
    /* Bintan's report deposited, so that POST .../titip is refused (409) and the receipt exists */
    snprintf(sql, sizeof sql,
             "UPDATE grat_reports SET deposit_number = 'TT/21.01/%s/901', deposit_year = %s, "
             "deposit_seq = 901, deposited_at = 1790000000000, kept_at = 'upg' WHERE id = %s",
             year, year, b_grat);
    if (zt_sql(&srv, sql, NULL) != 0)
        return -1;
    struct {
        char *dst;
        const char *report, *afile;
    } f[] = {{k_gfile, k_grat, k_afile}, {b_gfile, b_grat, b_afile}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO grat_files (report_id, blob_id, name, mime, size, at) SELECT %s, "
                 "blob_id, name, mime, size, 0 FROM grat_activity_files WHERE id = %s RETURNING id",
                 f[i].report, f[i].afile);
        if (zt_sql(&srv, sql, &v) != 0 || !v || !*v) {
            free(v);
            return -1;
        }
        snprintf(f[i].dst, 16, "%s", v);
        free(v);
    }
    return 0;
}

static int
setup(void **state)
{
    (void)state;
    if (load_matrix() != 0 || zt_server_start(&srv, NULL) != 0)
        return -1;
    const char *demo[] = {"demo", NULL};
    char *out, *err;
    int rc = zt_cli(&srv, demo, NULL, &out, &err);
    if (rc != 0)
        fprintf(stderr, "zona demo: %s%s\n", out, err);
    free(out);
    free(err);
    if (rc != 0)
        return -1;
    char *v;
    struct {
        char *dst;
        const char *sql;
    } q[] = {
        {k_user, "SELECT id FROM users WHERE nip = '197001011995032003'"},
        {b_user, "SELECT id FROM users WHERE nip = '197001011995032015'"},
        {k_grant, "INSERT INTO grants (user_id, role, unit_id, granted_at) SELECT u.id, "
                  "'pegawai', u.unit_id, 0 FROM users u WHERE u.nip = '197001011995032003' "
                  "RETURNING id"},
        {b_grant, "INSERT INTO grants (user_id, role, unit_id, granted_at) SELECT u.id, "
                  "'petugas-upg', u.unit_id, 0 FROM users u WHERE u.nip = '197001011995032015' "
                  "RETURNING id"},
    };
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        if (zt_sql(&srv, q[i].sql, &v) != 0 || !v)
            return -1;
        snprintf(q[i].dst, 16, "%s", v);
        free(v);
    }
    if (zt_sql(&srv,
               "SELECT MAX(a.year) FROM assessments a JOIN units u ON u.id = a.unit_id "
               "WHERE u.code = '51.05'",
               &v) != 0 ||
        !v)
        return -1;
    snprintf(year, sizeof year, "%s", v);
    free(v);
    struct {
        char *dst;
        const char *unit;
    } ev[] = {{k_evidence, "51.05"}, {b_evidence, "21.01"}};
    for (size_t i = 0; i < sizeof ev / sizeof ev[0]; i++) {
        char sql[320];
        snprintf(sql, sizeof sql,
                 "SELECT MIN(ae.evidence_id) FROM answer_evidence ae JOIN assessments a ON a.id = "
                 "ae.assessment_id JOIN units u ON u.id = a.unit_id WHERE u.code = '%s' AND "
                 "a.year = %s",
                 ev[i].unit, year);
        if (zt_sql(&srv, sql, &v) != 0 || !v || !*v) {
            free(v);
            return -1;
        }
        snprintf(ev[i].dst, 16, "%s", v);
        free(v);
    }
    struct {
        char *dst;
        const char *sql;
    } sv[] = {
        {k_survey, "SELECT MIN(c.public_id) FROM survey_campaigns c JOIN units u ON u.id = "
                   "c.unit_id WHERE u.code = '51.05' AND c.state = 'open'"},
        {b_survey, "SELECT MAX(c.public_id) FROM survey_campaigns c JOIN units u ON u.id = "
                   "c.unit_id WHERE u.code = '21.01' AND c.closed_at = (SELECT MAX(c2.closed_at) "
                   "FROM survey_campaigns c2 WHERE c2.unit_id = c.unit_id)"},
    };
    for (size_t i = 0; i < sizeof sv / sizeof sv[0]; i++) {
        if (zt_sql(&srv, sv[i].sql, &v) != 0 || !v || !*v) {
            free(v);
            return -1;
        }
        snprintf(sv[i].dst, 16, "%s", v);
        free(v);
    }
    struct {
        char *dst;
        const char *unit;
    } cp[] = {{k_complaint, "51.05"}, {b_complaint, "21.01"}};
    for (size_t i = 0; i < sizeof cp / sizeof cp[0]; i++) {
        char sql[200];
        snprintf(sql, sizeof sql,
                 "SELECT MIN(c.tracking) FROM complaints c JOIN units u ON u.id = c.unit_id "
                 "WHERE u.code = '%s'",
                 cp[i].unit);
        if (zt_sql(&srv, sql, &v) != 0 || !v || !*v) {
            free(v);
            return -1;
        }
        snprintf(cp[i].dst, 16, "%s", v);
        free(v);
    }
    struct {
        char *dst;
        const char *sql;
    } wb[] = {
        {k_wbs, "SELECT MIN(w.id) FROM wbs_reports w JOIN units u ON u.id = w.unit_id WHERE "
                "u.code = '51.05' AND w.referral <> ''"},
        {b_wbs, "SELECT MIN(w.id) FROM wbs_reports w JOIN units u ON u.id = w.unit_id WHERE "
                "u.code = '21.01'"},
        {k_req, "SELECT MIN(r.id) FROM wbs_identity_requests r JOIN wbs_reports w ON w.id = "
                "r.report_id JOIN units u ON u.id = w.unit_id WHERE u.code = '51.05' AND r.state "
                "= 'menunggu'"},
        {k_wuser, "SELECT id FROM users WHERE nip = '197001011995032011'"},
    };
    for (size_t i = 0; i < sizeof wb / sizeof wb[0]; i++) {
        if (zt_sql(&srv, wb[i].sql, &v) != 0 || !v || !*v) {
            fprintf(stderr, "acl_matrix: no demo row for %s\n", wb[i].sql);
            free(v);
            return -1;
        }
        snprintf(wb[i].dst, 16, "%s", v);
        free(v);
    }
    {
        char sql[320];
        snprintf(sql, sizeof sql,
                 "INSERT INTO wbs_identity_requests (report_id, officer_id, reason, state, "
                 "created_at) SELECT %s, officer_id, reason, 'menunggu', created_at FROM "
                 "wbs_identity_requests WHERE id = %s RETURNING id",
                 b_wbs, k_req);
        if (zt_sql(&srv, sql, &v) != 0 || !v || !*v) {
            free(v);
            return -1;
        }
        snprintf(b_req, sizeof b_req, "%s", v);
        free(v);
    }
    /* a kiosk of Klungkung enrolled by its coordinator: its link's token */
    struct zt_who koord;
    if (zt_sign_in(&srv, accounts[2].nip, PASSWORD, NULL, &koord) != 200)
        return -1;
    char form[160];
    snprintf(form, sizeof form, "csrf=%s&name=Kios+uji+akses", koord.csrf);
    struct zt_resp r;
    if (zt_as(&srv, &koord, "POST", "/survei/51.05/kios", form, &r) != 0)
        return -1;
    const char *t = r.status == 201 ? strstr(r.body, "/kios/daftar/") : NULL;
    if (t)
        snprintf(kiosk_token, sizeof kiosk_token, "%.*s", (int)strspn(t + 13, "0123456789abcdef"),
                 t + 13);
    zt_resp_free(&r);
    if (!kiosk_token[0])
        return -1;
    return grat_fixtures(&koord);
}

static int
teardown(void **state)
{
    (void)state;
    return zt_server_stop(&srv) == 0 ? 0 : -1;
}

/* Every route has a row and every row a route. */
static void
every_route_has_a_row(void **state)
{
    (void)state;
    const char *argv[] = {"routes", NULL};
    char *out, *err;
    assert_int_equal(zt_cli(&srv, argv, NULL, &out, &err), 0);
    int missing = 0, seen[MAXROWS] = {0};
    for (char *save = NULL, *l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        char m[8], p[128];
        if (sscanf(l, "%7s %127s", m, p) != 2)
            continue;
        int found = -1;
        for (int i = 0; i < nrows; i++)
            if (strcmp(rows[i].method, m) == 0 && strcmp(rows[i].pattern, p) == 0)
                found = i;
        if (found < 0) {
            fprintf(stderr, "route %s %s has no row in tests/http/acl_matrix.txt\n", m, p);
            missing++;
        } else {
            seen[found] = 1;
        }
    }
    for (int i = 0; i < nrows; i++)
        if (!seen[i]) {
            fprintf(stderr, "acl_matrix.txt:%d: %s %s is not a route\n", rows[i].line,
                    rows[i].method, rows[i].pattern);
            missing++;
        }
    free(out);
    free(err);
    assert_int_equal(missing, 0);
}

static void
subst(const struct row *r, bool bintan, char *url, size_t n)
{
    /* url= replaces the pattern; its placeholders are filled the same way */
    size_t o = 0;
    for (const char *p = r->url[0] ? r->url : r->pattern; *p && o + 20 < n;) {
        if (strncmp(p, ":prevyear", 9) == 0) {
            o += (size_t)snprintf(url + o, n - o, "%d", atoi(year) - 1);
            p += 9;
            continue;
        }
        if (strncmp(p, ":code", 5) == 0) {
            o += (size_t)snprintf(url + o, n - o, "%s", bintan ? "21.01" : "51.05");
            p += 5;
        } else if (strncmp(p, ":gid", 4) == 0) {
            o += (size_t)snprintf(url + o, n - o, "%s", bintan ? b_grant : k_grant);
            p += 4;
        } else if (strncmp(p, ":year", 5) == 0) {
            o += (size_t)snprintf(url + o, n - o, "%s", year);
            p += 5;
        } else if (strncmp(p, ":area", 5) == 0) {
            o += (size_t)snprintf(url + o, n - o, "1");
            p += 5;
        } else if (strncmp(p, ":tracking", 9) == 0) {
            o += (size_t)snprintf(url + o, n - o, "%s", bintan ? b_complaint : k_complaint);
            p += 9;
        } else if (strncmp(p, ":req", 4) == 0) {
            o += (size_t)snprintf(url + o, n - o, "%s", bintan ? b_req : k_req);
            p += 4;
        } else if (strncmp(p, ":user", 5) == 0) {
            o += (size_t)snprintf(url + o, n - o, "%s", bintan ? b_user : k_wuser);
            p += 5;
        } else if (strncmp(p, ":id", 3) == 0 && strncmp(r->pattern, "/gratifikasi/", 13) == 0) {
            o += (size_t)snprintf(url + o, n - o, "%s", bintan ? b_grat : k_grat);
            p += 3;
        } else if (strncmp(p, ":file", 5) == 0 &&
                   strncmp(r->pattern, "/gratifikasi/kampanye/", 22) == 0) {
            o += (size_t)snprintf(url + o, n - o, "%s", bintan ? b_afile : k_afile);
            p += 5;
        } else if (strncmp(p, ":file", 5) == 0 && strncmp(r->pattern, "/gratifikasi/", 13) == 0) {
            o += (size_t)snprintf(url + o, n - o, "%s", bintan ? b_gfile : k_gfile);
            p += 5;
        } else if (strncmp(p, ":file", 5) == 0) {
            o += (size_t)snprintf(url + o, n - o, "1");
            p += 5;
        } else if (strncmp(p, ":id", 3) == 0 && strncmp(r->pattern, "/wbs/kasus/", 11) == 0) {
            o += (size_t)snprintf(url + o, n - o, "%s", bintan ? b_wbs : k_wbs);
            p += 3;
        } else if (strncmp(p, ":token", 6) == 0) {
            o += (size_t)snprintf(url + o, n - o, "%s", kiosk_token);
            p += 6;
        } else if (strncmp(p, ":id", 3) == 0 &&
                   (strncmp(r->pattern, "/survei/", 8) == 0 || strncmp(r->pattern, "/s/", 3) == 0 ||
                    strncmp(r->pattern, "/api/v1/surveys/", 16) == 0)) {
            o += (size_t)snprintf(url + o, n - o, "%s", bintan ? b_survey : k_survey);
            p += 3;
        } else if (strncmp(p, ":id", 3) == 0 && strstr(r->pattern, "/eviden/:id")) {
            o += (size_t)snprintf(url + o, n - o, "%s", bintan ? b_evidence : k_evidence);
            p += 3;
        } else if (strncmp(p, ":id", 3) == 0) {
            o += (size_t)snprintf(url + o, n - o, "%s", bintan ? b_user : k_user);
            p += 3;
        } else {
            url[o++] = *p++;
        }
    }
    url[o] = '\0';
}

static const char *
classify(const struct zt_resp *r)
{
    if (r->status == 401)
        return "login";
    if (r->status == 303) {
        const char *loc = zt_header(r, "Location");
        if (loc && strncmp(loc, "/masuk", 6) == 0 && strncmp(loc, "/masuk/", 7) != 0)
            return "login";
    }
    if (r->status == 403)
        return "403";
    if (r->status == 404)
        return "404";
    if (r->status >= 500 || r->status == 0)
        return "error";
    return "ok";
}

static int
sign_in(int col, struct zt_who *w)
{
    if (!accounts[col].nip) {
        /* nobody: only the anonymous CSRF cookie a form page hands out */
        struct zt_resp r;
        memset(w, 0, sizeof *w);
        if (zt_get(&srv, "/masuk", &r) != 0)
            return -1;
        char tok[96];
        int rc = zt_cookie(&r, "zona_csrf", tok, sizeof tok);
        zt_resp_free(&r);
        if (rc)
            return -1;
        snprintf(w->cookie, sizeof w->cookie, "Cookie: zona_csrf=%s", tok);
        snprintf(w->csrf, sizeof w->csrf, "%s", tok);
        return 0;
    }
    return zt_sign_in(&srv, accounts[col].nip, PASSWORD, accounts[col].totp, w) == 200 ? 0 : -1;
}

static void
role_column(void **state)
{
    int col = (int)(intptr_t)*state;
    struct zt_who w;
    assert_int_equal(sign_in(col, &w), 0);
    int bad = 0;
    for (int i = 0; i < nrows; i++) {
        const struct row *r = &rows[i];
        bool two = strchr(r->cells[col], '/') != NULL;
        for (int variant = 0; variant < (two ? 2 : 1); variant++) {
            char expect[16];
            snprintf(expect, sizeof expect, "%s", r->cells[col]);
            if (two) {
                char *slash = strchr(expect, '/');
                if (variant == 0)
                    *slash = '\0';
                else
                    memmove(expect, slash + 1, strlen(slash));
            }
            char url[256];
            subst(r, variant == 1, url, sizeof url);
            struct zt_who use = w;
            if (r->fresh && accounts[col].nip)
                assert_int_equal(sign_in(col, &use), 0);
            struct zt_resp resp;
            if (r->json) {
                const char *h[] = {"Content-Type: application/json", use.cookie, NULL};
                assert_int_equal(zt_request(&srv, r->method, url, h, "{}", 2, &resp), 0);
            } else if (strcmp(r->method, "POST") == 0) {
                if (r->anon_csrf && accounts[col].nip) {
                    /* the page's form carries the anonymous token, as a browser's would */
                    struct zt_who a;
                    assert_int_equal(sign_in(NCOLS - 1, &a), 0);
                    size_t l = strlen(use.cookie);
                    snprintf(use.cookie + l, sizeof use.cookie - l, "; %s", a.cookie + 8);
                    snprintf(use.csrf, sizeof use.csrf, "%s", a.csrf);
                }
                char form[256];
                snprintf(form, sizeof form, "csrf=%s%s%s", use.csrf, r->body[0] ? "&" : "",
                         r->body);
                assert_int_equal(zt_as(&srv, &use, "POST", url, form, &resp), 0);
            } else {
                assert_int_equal(zt_as(&srv, &use, r->method, url, NULL, &resp), 0);
            }
            const char *got = classify(&resp);
            if (strcmp(got, expect) != 0) {
                fprintf(stderr, "acl_matrix.txt:%d: %s %s as %s: expected %s, got %s (HTTP %ld)\n",
                        r->line, r->method, url, accounts[col].role, expect, got, resp.status);
                bad++;
            }
            zt_resp_free(&resp);
            /* signing out everywhere ended the main session too */
            if (r->fresh && accounts[col].nip)
                assert_int_equal(sign_in(col, &w), 0);
        }
    }
    assert_int_equal(bad, 0);
}

int
main(void)
{
    struct CMUnitTest tests[NCOLS + 1];
    tests[0] = (struct CMUnitTest)cmocka_unit_test(every_route_has_a_row);
    for (int i = 0; i < NCOLS; i++) {
        tests[i + 1] =
            (struct CMUnitTest)cmocka_unit_test_prestate(role_column, (void *)(intptr_t)i);
        tests[i + 1].name = accounts[i].role;
    }
    return _cmocka_run_group_tests("acl_matrix", tests, NCOLS + 1, setup, teardown);
}
