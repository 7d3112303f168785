/* lke_demo: the demo story's assessments, dated relative to the day `zona demo` runs.
 *  - Bawaslu Kabupaten Klungkung (51.05) was found "not yet WBK" last year; this year's
 *    assessment started from last year's answers and evidence, is a draft over 70 % answered,
 *    with more than twenty evidence files named the way units name them, and a deadline six
 *    weeks away.
 *  - Bawaslu Kabupaten Bintan (21.01) is further along: submitted, reviewed by the TPI member of
 *    Bawaslu Provinsi Kepulauan Riau with findings, and now with the TPI team lead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "db/blob.h"
#include "db/db.h"
#include "lke.h"
#include "lke_work.h"
#include "org/org.h"
#include "web/fmt.h"

enum { DAY = 86400000 };

/* A stable pseudo-random number for a code and a salt (FNV-1a). */
static unsigned
pick(const char *code, unsigned salt)
{
    unsigned h = 2166136261u ^ salt;
    for (const char *p = code; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return h;
}

/* A one-page PDF whose text is title (ASCII only; other bytes become spaces). */
static void
tiny_pdf(struct buf *out, const char *title, const char *unit)
{
    char text[400];
    snprintf(text, sizeof text, "%s - %s", title, unit);
    for (char *p = text; *p; p++)
        if ((unsigned char)*p < 32 || (unsigned char)*p > 126 || *p == '(' || *p == ')' ||
            *p == '\\')
            *p = ' ';
    char stream[600];
    int slen = snprintf(stream, sizeof stream,
                        "BT /F1 11 Tf 56 780 Td (%.90s) Tj 0 -18 Td (Dokumen contoh data demo "
                        "zona.) Tj ET",
                        text);
    long off[6];
    buf_puts(out, "%PDF-1.4\n");
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

/* An answer for q: quality 0..100 says how good the unit is (higher: more "ya" and "A"). */
static json_t *
demo_answer(const struct lke_question *q, unsigned h, int quality)
{
    int roll = (int)(h % 100);
    switch (q->type) {
    case LKE_YN:
        return json_string(roll < quality ? "ya" : "tidak");
    case LKE_OPTIONS: {
        int k = roll < quality ? 0 : roll < quality + (100 - quality) / 2 ? 1 : 2;
        if (k >= q->noptions)
            k = q->noptions - 1;
        return json_string(q->option_keys[k]);
    }
    case LKE_INDEX:
        return json_real(3.0 + (double)(h % 60) / 100.0 + quality / 1000.0);
    case LKE_PERCENT:
        if (q->ninputs >= 2 && q->nnum && q->nden) {
            json_t *in = json_object();
            int den = 4 + (int)(h % 20);
            int numv = den * (roll < quality ? 100 : 60 + (int)(h % 35)) / 100;
            for (int i = 0; i < q->ninputs; i++)
                json_object_set_new(in, q->input_keys[i], json_integer(den));
            json_object_set_new(in, q->input_keys[q->num[0].input], json_integer(numv));
            json_object_set_new(in, q->input_keys[q->den[0].input], json_integer(den));
            return json_pack("{s:o}", "inputs", in);
        }
        return json_real(roll < quality ? 100 : 55 + (double)(h % 40));
    }
    return json_null();
}

/* The short code units use in file names: "1.i.a" for "pemenuhan.1.i.a", "R5.iii.b" for reform,
 * "H1.a" for Hasil. */
static void
short_code(const char *code, char *out, size_t n)
{
    if (strncmp(code, "pemenuhan.", 10) == 0)
        snprintf(out, n, "%s", code + 10);
    else if (strncmp(code, "reform.", 7) == 0)
        snprintf(out, n, "R%s", code + 7);
    else if (strncmp(code, "hasil.", 6) == 0)
        snprintf(out, n, "H%s", code + 6);
    else
        snprintf(out, n, "%s", code);
}

/* Fills the self-assessment: about share % of the questions, and evidence on every nth. */
static int
fill(struct db *db, const struct lke_fw *fw, int64_t aid, int64_t unit_id, const char *unit_name,
     int64_t by, int64_t when, unsigned salt, int share, int quality, int evidence_every,
     int *answered, int *files)
{
    int rc = 0;
    for (size_t i = 0; i < fw->f->nquestions && !rc; i++) {
        const struct lke_question *q = &fw->f->questions[i];
        unsigned h = pick(q->code, salt);
        if ((int)(h % 100) >= share)
            continue;
        json_t *v = demo_answer(q, h >> 7, quality);
        char *vt = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        int64_t rev;
        const char *note = h % 4 == 0 ? "Sudah dibahas dalam rapat Tim ZI; eviden terlampir." : "";
        rc = lke_store_answer_save(db, aid, "self", q->code, vt, note, 0, by,
                                   when - (int64_t)(h % 20) * DAY, &rev);
        free(vt);
        json_decref(v);
        (*answered)++;
        if (rc || (int)(h % 100) % evidence_every != 0)
            continue;
        json_t *node = json_object_get(fw->by_code, q->code);
        char what[90], sc[64], name[200];
        snprintf(what, sizeof what, "%s", lke_fw_text(node, "evidence", "id"));
        char *cut = strpbrk(what, ";,(");
        if (cut)
            *cut = 0;
        size_t wl = strlen(what);
        while (wl && what[wl - 1] == ' ')
            what[--wl] = 0;
        short_code(q->code, sc, sizeof sc);
        snprintf(name, sizeof name, "%s %s %s.pdf", sc, what, unit_name);
        struct buf pdf = BUF_INIT;
        tiny_pdf(&pdf, name, unit_name);
        struct blob_info b = {0};
        int64_t eid;
        rc = blob_put_mem(db, pdf.p, pdf.len, "application/pdf", &b);
        buf_free(&pdf);
        if (!rc)
            rc = lke_store_evidence_insert(db, unit_id, "file", name, b.sha256, "application/pdf",
                                           b.size, "", "", by, when - 25 * (int64_t)DAY, &eid);
        if (!rc)
            rc = lke_store_attach(db, aid, q->code, eid, by, when - 25 * (int64_t)DAY);
        (*files)++;
    }
    return rc;
}

static int64_t
user_id(struct db *db, const char *nip)
{
    struct auth_user u;
    return auth_user_by_login(db, nip, &u) == 0 ? u.id : 0;
}

static int
team(struct db *db, int64_t aid, const char *anggota, const char *ketua, const char *dalnis,
     int64_t by, int64_t when)
{
    int rc = lke_store_team_add(db, aid, user_id(db, anggota), "anggota", by, when);
    if (!rc)
        rc = lke_store_team_add(db, aid, user_id(db, ketua), "ketua", by, when);
    if (!rc)
        rc = lke_store_team_add(db, aid, user_id(db, dalnis), "dalnis", by, when);
    return rc;
}

static int
move(struct db *db, struct lke_assessment *a, const char *action, enum lke_state to, int round,
     int64_t actor, const char *note, int64_t when)
{
    int rc = lke_store_event(db, a->id, actor, action, lke_state_name(a->state), lke_state_name(to),
                             note, when);
    if (!rc)
        rc = lke_store_set_state(db, a->id, to, round, when);
    a->state = to;
    a->round = round;
    return rc;
}

static int
klungkung(struct db *db, const struct lke_fw *fw, int year, int64_t now, struct buf *out)
{
    struct org_unit u;
    if (org_unit_by_code(db, "51.05", &u) != 0)
        return ZE_NOTFOUND;
    struct lke_assessment a;
    if (lke_store_get(db, u.id, year, &a) == 0)
        return 0; /* already there */
    int64_t koord = user_id(db, "197001011995032003");
    int64_t pokja = user_id(db, "197001011995031004");
    int64_t dalnis = user_id(db, "197001011995031008");
    int64_t tpn = user_id(db, "197001011995032009");
    int answered = 0, files = 0, rc;
    /* last year: assessed, proposed, found not yet WBK */
    int64_t last = now - 300 * (int64_t)DAY, lid;
    rc = lke_store_insert(db, u.id, year - 1, fw->f->id, fw->f->version, 0, koord, last, &lid);
    struct lke_assessment prev;
    if (!rc)
        rc = lke_store_get_id(db, lid, &prev);
    if (!rc)
        rc = fill(db, fw, lid, u.id, "Bawaslu Klungkung", koord, last + 20 * (int64_t)DAY, 11, 70,
                  55, 4, &answered, &files);
    if (!rc)
        rc = lke_store_event(db, lid, koord, "created", "draft", "draft", "", last);
    if (!rc)
        rc = lke_snapshot_take(db, &prev, 1, koord);
    if (!rc)
        rc = move(db, &prev, "submit", LKE_SUBMITTED, 1, koord, "", last + 30 * (int64_t)DAY);
    if (!rc)
        rc = move(db, &prev, "start", LKE_REVIEW_ANGGOTA, 1, user_id(db, "197001011995032006"), "",
                  last + 33 * (int64_t)DAY);
    if (!rc)
        rc = move(db, &prev, "to_ketua", LKE_REVIEW_KETUA, 1, user_id(db, "197001011995032006"), "",
                  last + 40 * (int64_t)DAY);
    if (!rc)
        rc = move(db, &prev, "to_dalnis", LKE_REVIEW_DALNIS, 1, user_id(db, "197001011995031007"),
                  "", last + 44 * (int64_t)DAY);
    if (!rc)
        rc = move(db, &prev, "accept", LKE_ACCEPTED, 1, dalnis, "", last + 47 * (int64_t)DAY);
    if (!rc)
        rc = move(db, &prev, "propose", LKE_PROPOSED, 1, dalnis, "", last + 50 * (int64_t)DAY);
    struct blob_info letter = {0};
    if (!rc) {
        struct buf pdf = BUF_INIT;
        tiny_pdf(&pdf, "Keputusan hasil evaluasi TPN: belum WBK", "Bawaslu Kabupaten Klungkung");
        rc = blob_put_mem(db, pdf.p, pdf.len, "application/pdf", &letter);
        buf_free(&pdf);
    }
    if (!rc)
        rc = lke_store_set_result(db, lid, "none", "B/118/KEMENPANRB/ZI/2025", letter.sha256,
                                  last + 120 * (int64_t)DAY);
    if (!rc)
        rc = move(db, &prev, "result", LKE_RESULT, 1, tpn,
                  "Belum memenuhi: nilai survei dan capaian kinerja di bawah batas.",
                  last + 120 * (int64_t)DAY);
    if (!rc)
        rc = move(db, &prev, "close", LKE_CLOSED, 1, tpn, "", last + 125 * (int64_t)DAY);
    if (!rc)
        rc = lke_refresh_summary(db, &prev);
    if (rc)
        return rc;
    /* this year: carried over, then improved */
    int64_t id;
    int carried, flagged;
    if ((rc = lke_assessment_create(db, u.id, year, koord, &id, &carried, &flagged)) != 0)
        return rc;
    if ((rc = lke_store_get_id(db, id, &a)) != 0)
        return rc;
    int a2 = 0, f2 = 0;
    rc = lke_store_event(db, id, koord, "created", "draft", "draft",
                         "Dimulai dari jawaban dan eviden tahun lalu.", now - 60 * (int64_t)DAY);
    if (!rc)
        rc = fill(db, fw, id, u.id, "Bawaslu Klungkung", pokja, now - 3 * (int64_t)DAY, 23, 55, 78,
                  5, &a2, &f2);
    if (!rc)
        rc = team(db, id, "197001011995032006", "197001011995031007", "197001011995031008", dalnis,
                  now - 40 * (int64_t)DAY);
    if (!rc)
        rc = lke_refresh_summary(db, &a);
    buf_printf(out, "LKE %d Bawaslu Kabupaten Klungkung: draft, %d evidence files (%d from %d)\n",
               year, files + f2, files, year - 1);
    return rc;
}

static int
bintan(struct db *db, const struct lke_fw *fw, int year, int64_t now, struct buf *out)
{
    struct org_unit u;
    if (org_unit_by_code(db, "21.01", &u) != 0)
        return ZE_NOTFOUND;
    struct lke_assessment a;
    if (lke_store_get(db, u.id, year, &a) == 0)
        return 0;
    int64_t koord = user_id(db, "197001011995031017");
    int64_t anggota = user_id(db, "197001011995031018");
    int64_t ketua = user_id(db, "197001011995032019");
    int64_t start = now - 75 * (int64_t)DAY, id;
    int rc = lke_store_insert(db, u.id, year, fw->f->id, fw->f->version, 0, koord, start, &id);
    if (!rc)
        rc = lke_store_get_id(db, id, &a);
    int answered = 0, files = 0;
    if (!rc)
        rc = lke_store_event(db, id, koord, "created", "draft", "draft", "", start);
    if (!rc)
        rc = fill(db, fw, id, u.id, "Bawaslu Bintan", koord, now - 20 * (int64_t)DAY, 37, 100, 82,
                  3, &answered, &files);
    if (!rc)
        rc = team(db, id, "197001011995031018", "197001011995032019", "197001011995031020", ketua,
                  now - 30 * (int64_t)DAY);
    if (!rc)
        rc = lke_snapshot_take(db, &a, 1, koord);
    if (!rc)
        rc = move(db, &a, "submit", LKE_SUBMITTED, 1, koord, "", now - 14 * (int64_t)DAY);
    if (!rc)
        rc = move(db, &a, "start", LKE_REVIEW_ANGGOTA, 1, anggota, "", now - 12 * (int64_t)DAY);
    /* the TPI member disagrees on a few questions, with findings */
    static const struct {
        const char *code, *finding, *reco;
    } review[] = {
        {"pemenuhan.1.ii.a",
         "Rencana kerja pembangunan ZI belum memuat target waktu tiap kegiatan.",
         "Lengkapi rencana kerja dengan jadwal dan penanggung jawab setiap kegiatan."},
        {"pemenuhan.3.i.a",
         "Analisis jabatan belum diperbarui sejak perubahan struktur organisasi.",
         "Perbarui anjab dan ABK sesuai struktur organisasi yang berlaku."},
        {"pemenuhan.5.iii.a", "Laporan gratifikasi triwulan III belum disampaikan ke KPK.",
         "Sampaikan rekapitulasi laporan gratifikasi ke KPK tepat waktu."},
        {"pemenuhan.6.i.a", "Standar pelayanan belum dipublikasikan di ruang layanan.",
         "Pasang maklumat dan standar pelayanan di ruang layanan dan situs web."},
    };
    int64_t when = now - 6 * (int64_t)DAY;
    for (size_t i = 0; i < sizeof review / sizeof review[0] && !rc; i++) {
        const struct lke_question *q = lke_question(fw->f, review[i].code);
        if (!q)
            continue;
        const char *v = q->type == LKE_YN ? "\"tidak\"" : q->noptions > 2 ? "\"C\"" : "\"B\"";
        if (q->type == LKE_PERCENT || q->type == LKE_INDEX)
            v = q->ninputs ? NULL : "60";
        int64_t rev;
        rc = lke_store_answer_save(db, id, "anggota", review[i].code, v,
                                   "Diverifikasi dengan eviden.", 0, anggota, when, &rev);
        if (!rc)
            rc = lke_store_finding_save(db, id, "anggota", review[i].code, review[i].finding,
                                        review[i].reco, anggota, when);
    }
    if (!rc)
        rc = move(db, &a, "to_ketua", LKE_REVIEW_KETUA, 1, anggota,
                  "Empat temuan pada area 1, 3, 5 dan 6.", now - 5 * (int64_t)DAY);
    if (!rc) {
        char link[48], subject[200];
        snprintf(link, sizeof link, "/lke/21.01/%d", year % 10000);
        snprintf(subject, sizeof subject, "%s · %d", u.name, year % 10000);
        rc = lke_store_inbox_add(db, ketua, "An assessment awaits the team lead's review", u.id,
                                 subject, link, now - 5 * (int64_t)DAY);
    }
    if (!rc)
        rc = lke_refresh_summary(db, &a);
    buf_printf(out, "LKE %d Bawaslu Kabupaten Bintan: TPI review (team lead), %d evidence files\n",
               year, files);
    return rc;
}

int
lke_demo(struct db *db, struct buf *out)
{
    const struct lke_fw *fw = lke_registry_current();
    if (!fw)
        return ZE_NOTFOUND;
    int64_t now = clock_now_ms();
    int y, m, d;
    fmt_civil_from_days(now / DAY, &y, &m, &d);
    int rc = db_begin_write(db);
    if (rc)
        return rc;
    /* the submission deadline of the demo year: six weeks from today */
    int dy, dm, dd;
    fmt_civil_from_days(now / DAY + 42, &dy, &dm, &dd);
    char deadline[16];
    snprintf(deadline, sizeof deadline, "%04d-%02d-%02d", dy % 10000, dm % 100, dd % 100);
    rc = lke_store_deadline_set(db, y, deadline, 0, now);
    if (!rc)
        rc = klungkung(db, fw, y, now, out);
    if (!rc)
        rc = bintan(db, fw, y, now, out);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}
