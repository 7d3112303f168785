/* survey_demo: the demo story's surveys, dated relative to the day `zona demo` runs.
 *  - Bawaslu Kabupaten Klungkung (51.05) surveys its service users every quarter: three IKM
 *    campaigns closed (the weakest items with a follow-up), the fourth open now with one-time
 *    codes at the counter and a kiosk at the PTSP desk; the SPAK and SPKP of the year closed, so
 *    their indices stand in the draft LKE (hasil.1.a, hasil.2.a) with the campaigns as evidence,
 *    and the three IKM campaigns are offered for pemenuhan.6.iv.a.
 *  - Bawaslu Kabupaten Bintan (21.01) submitted its LKE before its SPAK closed: the newer index
 *    shows to the reviewers as a proposed update only.
 * Election participants answer a little lower than the rest, as units fear; a few comments wait
 * for moderation. */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "db/db.h"
#include "org/org.h"
#include "survey_work.h"
#include "web/fmt.h"

enum { DAY = 86400000 };

static unsigned
rnd(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

static const char *const groups[] = {"masyarakat-umum", "pelapor", "pemohon-informasi",
                                     "peserta-pemilu",  "media",   "mitra"};
static const char *const ages[] = {"20-29", "30-39", "40-49", "50-59", "60+"};
static const char *const edus[] = {"sma", "d1-d4", "s1", "s1", "s2"};
static const char *const jobs[] = {"pns", "swasta", "wirausaha", "lainnya", "swasta"};
static const char *const comments[] = {
    "Petugas ramah dan sigap, terima kasih.",
    "Ruang tunggu agak panas siang hari, mohon ditambah kipas.",
    "Informasi persyaratan sebaiknya ditempel juga di depan kantor.",
    "Proses permohonan informasi cepat, hanya dua hari.",
    "Mohon jam layanan diperpanjang saat masa kampanye.",
};

static void
date_of(int64_t ms, char out[11])
{
    int y, m, d;
    fmt_civil_from_days(ms / DAY, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

struct demo_campaign {
    const char *instrument;
    const char *title;
    int start_days, end_days; /* relative to today; end may be in the future */
    int n;                    /* responses */
    int mean10;               /* the typical answer × 10 on 1..4 */
    bool open;                /* still open today */
    const char *access;
};

static int
add_campaign(struct db *db, const struct org_unit *u, const struct demo_campaign *d, int year,
             int64_t now, int64_t by, unsigned seed, struct survey_campaign *c)
{
    memset(c, 0, sizeof *c);
    c->unit_id = u->id;
    snprintf(c->instrument, sizeof c->instrument, "%s", d->instrument);
    snprintf(c->title, sizeof c->title, "%s", d->title);
    c->year = year;
    date_of(now + (int64_t)d->start_days * DAY, c->starts_on);
    date_of(now + (int64_t)d->end_days * DAY, c->ends_on);
    c->services = json_pack("[s,s,s]", "Layanan Informasi Publik (PPID)",
                            "Penerimaan Laporan Dugaan Pelanggaran", "Konsultasi Hukum");
    c->own_items = json_array();
    c->population = strcmp(d->instrument, "ikm") == 0 ? 300 : 1200;
    snprintf(c->access, sizeof c->access, "%s", d->access);
    int rc = survey_store_campaign_insert(db, c, by, now + (int64_t)d->start_days * DAY - 3 * DAY);
    if (rc == 0)
        rc = survey_store_campaign_state(db, c->id, "open", now + (int64_t)d->start_days * DAY);
    const struct survey_instrument *in = survey_instrument_get(d->instrument);
    int64_t from = now + (int64_t)d->start_days * DAY;
    int64_t to = d->open ? now - DAY / 2 : now + (int64_t)d->end_days * DAY;
    for (int i = 0; rc == 0 && in && i < d->n; i++) {
        struct survey_submission s = {0};
        s.campaign_id = c->id;
        s.created_at = from + (int64_t)((double)(to - from) * i / (d->n ? d->n : 1));
        const char *g = groups[rnd(&seed) % 6];
        if (rnd(&seed) % 3 == 0)
            g = "masyarakat-umum";
        bool party = strcmp(g, "peserta-pemilu") == 0;
        json_t *a = json_object();
        for (size_t k = 0; k < in->nitems; k++) {
            int r = (int)(rnd(&seed) % 100);
            int base = d->mean10 - (party ? 4 : 0) - (k == 2 || k == 3 ? 2 : 0);
            /* around base/10: a spread of one point either way */
            int v = base >= 35   ? (r < 60   ? 4
                                    : r < 92 ? 3
                                             : 2)
                    : base >= 30 ? (r < 35   ? 4
                                    : r < 85 ? 3
                                             : 2)
                                 : (r < 15   ? 4
                                    : r < 65 ? 3
                                    : r < 92 ? 2
                                             : 1);
            if (rnd(&seed) % 40 == 0)
                continue; /* a skipped item now and then */
            json_object_set_new(a, in->items[k].code, json_integer(v));
        }
        s.answers = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(a);
        s.own = NULL;
        snprintf(s.kelompok, sizeof s.kelompok, "%s", g);
        snprintf(s.service, sizeof s.service, "%s",
                 json_string_value(json_array_get(c->services, rnd(&seed) % 3)));
        snprintf(s.umur, sizeof s.umur, "%s", ages[rnd(&seed) % 5]);
        snprintf(s.jenis_kelamin, sizeof s.jenis_kelamin, "%s", rnd(&seed) % 2 ? "L" : "P");
        snprintf(s.pendidikan, sizeof s.pendidikan, "%s", edus[rnd(&seed) % 5]);
        snprintf(s.pekerjaan, sizeof s.pekerjaan, "%s", jobs[rnd(&seed) % 5]);
        s.channel = i % 5 == 0 ? "paper" : i % 3 == 0 ? "kiosk" : "web";
        s.entered_by = i % 5 == 0 ? by : 0;
        if (i % 17 == 3) {
            s.comment = strdup(comments[(i / 17) % 5]);
        }
        rc = survey_intake_write(db, &s);
        if (rc == 0 && s.rc)
            rc = s.rc;
        /* most comments were read; the newest ones wait */
        if (rc == 0 && s.comment && i < d->n - 20)
            rc = survey_store_moderate(db, c->id, s.id, i % 2 ? "approved" : "rejected", by,
                                       s.created_at + DAY);
        survey_submission_clear(&s);
    }
    if (rc == 0 && !d->open)
        rc = survey_store_campaign_state(db, c->id, "closed", to + DAY / 4);
    return rc;
}

static int64_t
person(struct db *db, const char *nip)
{
    struct auth_user u;
    return auth_user_by_login(db, nip, &u) == 0 ? u.id : 0;
}

static const struct demo_campaign klungkung[] = {
    {"ikm", "Survei Kepuasan Masyarakat Triwulan I", -300, -215, 84, 33, false, "open"},
    {"ikm", "Survei Kepuasan Masyarakat Triwulan II", -200, -120, 91, 34, false, "open"},
    {"ikm", "Survei Kepuasan Masyarakat Triwulan III", -110, -25, 96, 35, false, "code"},
    {"spak", "Survei Persepsi Anti Korupsi", -95, -35, 102, 36, false, "open"},
    {"spkp", "Survei Persepsi Kualitas Pelayanan", -95, -35, 98, 34, false, "open"},
    {"ikm", "Survei Kepuasan Masyarakat Triwulan IV", -14, 35, 58, 35, true, "code"},
};
static const struct demo_campaign bintan[] = {
    {"ikm", "Survei Kepuasan Masyarakat Semester I", -260, -150, 77, 33, false, "open"},
    {"spkp", "Survei Persepsi Kualitas Pelayanan", -150, -100, 88, 33, false, "open"},
    {"spak", "Survei Persepsi Anti Korupsi", -60, -8, 93, 36, false, "open"},
};

static int
unit_story(struct db *db, const char *code, const struct demo_campaign *list, size_t n,
           const char *by_nip, int64_t now, int year, struct buf *out)
{
    struct org_unit u;
    if (org_unit_by_code(db, code, &u) != 0)
        return 0;
    json_t *have = json_array();
    int rc = survey_store_campaigns(db, u.path, 0, have);
    size_t existing = json_array_size(have);
    json_decref(have);
    if (rc || existing)
        return rc;
    int64_t by = person(db, by_nip);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct survey_campaign c;
        rc = add_campaign(db, &u, &list[i], year, now, by, (unsigned)(i * 7919 + u.id), &c);
        if (rc == 0 && strcmp(c.instrument, "ikm") == 0 && !list[i].open) {
            /* the weakest items of a closed IKM got a follow-up */
            rc = survey_store_followup_set(db, c.id, "u3",
                                           "Waktu penyelesaian permohonan informasi dipangkas dari "
                                           "10 menjadi 5 hari kerja; status bisa dilacak di loket.",
                                           by, now);
            if (rc == 0)
                rc = survey_store_followup_set(db, c.id, "u4",
                                               "Tarif nol rupiah ditulis besar di papan layanan "
                                               "dan di laman PPID.",
                                               by, now);
        }
        if (rc == 0 && list[i].open) {
            json_t *codes = json_array();
            rc =
                survey_codes_issue(db, c.id, 40, "Layanan Informasi Publik (PPID)", by, now, codes);
            json_decref(codes);
        }
        if (rc == 0)
            buf_printf(out, "  survey %s %s (%s) /s/%s\n", u.code, c.title,
                       list[i].open ? "open" : "closed", c.public_id);
        survey_campaign_clear(&c);
    }
    if (rc == 0 && strcmp(code, "51.05") == 0) {
        char token[65];
        int64_t kid;
        rc = survey_kiosk_register(db, u.id, "Kios loket PTSP", by, now - 20 * (int64_t)DAY, token,
                                   &kid);
    }
    if (rc == 0)
        rc = survey_lke_sync(db, u.id, year, now, "");
    return rc;
}

int
survey_demo(struct db *db, struct buf *out)
{
    int64_t now = clock_now_ms();
    int year = fmt_year_of(now);
    int rc = db_begin_write(db);
    if (rc)
        return rc;
    rc = unit_story(db, "51.05", klungkung, sizeof klungkung / sizeof klungkung[0],
                    "197001011995032003", now, year, out);
    if (rc == 0)
        rc = unit_story(db, "21.01", bintan, sizeof bintan / sizeof bintan[0], "197001011995032021",
                        now, year, out);
    return db_commit_or_rollback(db, rc);
}
