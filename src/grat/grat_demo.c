/* grat_demo: the demo's gratification reports, dated relative to the day `zona demo` runs.
 *
 * At Bawaslu Kabupaten Klungkung the UPG officer has a report in every state: a parcel from a
 * would-be supplier of printing, refused, reported and forwarded to the KPK; a wedding gift above
 * the ceremony limit that the KPK ruled the recipient's; an envelope of cash from a village
 * candidate's campaign team, deposited with the UPG, ruled state property and handed over; a
 * food hamper deposited with the UPG against its receipt (tanda terima) and verified; a voucher
 * returned for missing information; a stay at a resort just reported; and a returned report
 * that was never completed and lapsed. Two staff members declared "nihil" for the current period,
 * and the unit recorded two campaign activities, a socialisation and a poster (without files: a
 * visitor adds the evidence). Bintan has two fresh reports, one of which zona advises need not
 * have been reported, and one declaration. A unit that has reports already is left alone. */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/xmem.h"
#include "db/db.h"
#include "grat.h"
#include "org/cal.h"
#include "org/org.h"
#include "web/fmt.h"

#define DAY_MS  INT64_C(86400000)
#define HOUR_MS INT64_C(3600000)

#define UPG_NIP "197001011995032014" /* petugas-upg, Klungkung */

struct demo_report {
    const char *nip;    /* the reporter (their home unit is the report's) */
    int days_ago;       /* the gift was received (or refused) this many days ago */
    int reported_after; /* and reported this many days later */
    const char *kind, *giver_name, *giver_institution, *giver_address, *giver_relation;
    const char *giver_kind, *event_kind, *event, *object_type, *description;
    int64_t value;
    const char *place, *kept_at, *chronology;
    bool wants_compensation;
    const char *state;   /* where it stands now */
    bool deposit;        /* deposited with the UPG once verified */
    const char *missing; /* dikembalikan, gugur */
    const char *kpk_number;
    const char *outcome;
    int64_t compensation;
    const char *finish_how, *finish_note;
};

static const struct demo_report klungkung[] = {
    {"197001011995032003",
     38,
     1,
     "penolakan",
     "Andreas Wijaya",
     "PT Cahaya Cetak Nusantara",
     "Jl. Teuku Umar 88, Denpasar",
     "Calon penyedia jasa percetakan logistik pengawasan",
     "lainnya",
     "lainnya",
     "Kunjungan penawaran jasa percetakan",
     "makanan",
     "Parsel berisi makanan dan minuman kemasan, diantar ke kantor dan ditolak di tempat.",
     1750000,
     "Kantor Bawaslu Kabupaten Klungkung, Semarapura",
     "",
     "Kurir perusahaan mengantar parsel ke ruang kerja. Parsel saya tolak dan saya kembalikan "
     "saat itu juga karena perusahaan sedang menawarkan jasa percetakan formulir pengawasan.",
     false,
     "diteruskan",
     false,
     NULL,
     "GOL/2026/004512",
     NULL,
     0,
     NULL,
     NULL},
    {"197001011995031004",
     75,
     3,
     "penerimaan",
     "Ketut Suardana",
     "",
     "Banjar Kawan, Bangli",
     "Kawan lama pelapor",
     "lainnya",
     "upacara",
     "Resepsi pernikahan pelapor",
     "barang",
     "Satu set perhiasan emas (kalung dan gelang).",
     4500000,
     "Rumah pelapor, Semarapura",
     "penerima",
     "Hadiah diserahkan pada resepsi pernikahan saya. Pemberi tidak memiliki hubungan dengan "
     "tugas pengawasan, tetapi nilainya di atas batas upacara adat.",
     false,
     "ditetapkan",
     false,
     NULL,
     "GOL/2026/003877",
     "milik_penerima",
     0,
     NULL,
     NULL},
    {"197001011995031005",
     110,
     2,
     "penerimaan",
     "Tidak menyebut nama",
     "Tim pemenangan calon perbekel Desa Gelgel",
     "",
     "Pihak yang diawasi",
     "lainnya",
     "lainnya",
     "Kunjungan pengawasan tahapan pemilihan perbekel",
     "uang",
     "Amplop berisi uang tunai Rp5.000.000 yang diselipkan di map dokumen.",
     5000000,
     "Balai Desa Gelgel",
     "upg",
     "Amplop baru saya temukan setelah kembali ke kantor dan langsung saya serahkan ke UPG.",
     false,
     "selesai",
     true,
     NULL,
     "GOL/2026/002960",
     "milik_negara",
     0,
     "diserahkan",
     "Uang disetor ke kas negara sesuai SK; bukti setor diarsipkan UPG."},
    {"197001011995031010",
     6,
     1,
     "penerimaan",
     "I Wayan Darma",
     "Koperasi Nelayan Mina Segara",
     "Kusamba, Dawan",
     "Pemohon informasi publik",
     "lainnya",
     "lainnya",
     "Setelah layanan permohonan informasi",
     "makanan",
     "Parsel buah dan makanan ringan (mudah rusak).",
     850000,
     "Meja layanan PPID",
     "upg",
     "Parsel ditinggalkan di meja layanan setelah pemohon menerima salinan dokumen.",
     false,
     "diverifikasi",
     true,
     NULL,
     NULL,
     NULL,
     0,
     NULL,
     NULL},
    {"197001011995031002",
     12,
     2,
     "penerimaan",
     "Manajemen hotel",
     "Hotel Segara Kencana",
     "Jl. Raya Goa Lawah, Klungkung",
     "Penyedia tempat rapat",
     "lainnya",
     "lainnya",
     "Rapat koordinasi teknis",
     "voucher",
     "Voucher menginap dua malam.",
     1000000,
     "Hotel",
     "penerima",
     "",
     false,
     "dikembalikan",
     false,
     "Foto voucher dan nama lengkap pemberi belum dilampirkan; uraikan kronologi penerimaan.",
     NULL,
     NULL,
     0,
     NULL,
     NULL},
    {"197001011995032011",
     2,
     2,
     "penerimaan",
     "Rina Kartika",
     "CV Bali Mandiri Rental",
     "Jl. Flamboyan 7, Semarapura",
     "Penyedia sewa kendaraan",
     "lainnya",
     "lainnya",
     "Penutupan kontrak sewa kendaraan pengawasan",
     "fasilitas",
     "Dua malam menginap di resort untuk dua orang.",
     3200000,
     "Semarapura",
     "penerima",
     "Pemberi mengirim konfirmasi pemesanan kamar atas nama saya melalui pesan singkat.",
     true,
     "diajukan",
     false,
     NULL,
     NULL,
     NULL,
     0,
     NULL,
     NULL},
    {"197001011995032003",
     120,
     16,
     "penerimaan",
     "Perajin endek",
     "",
     "Desa Gelgel",
     "Tidak diketahui",
     "lainnya",
     "lainnya",
     "Pameran UMKM",
     "barang",
     "Kain endek.",
     600000,
     "Semarapura",
     "penerima",
     "",
     false,
     "gugur",
     false,
     "Nama dan alamat pemberi serta foto kain belum ada.",
     NULL,
     NULL,
     0,
     NULL,
     NULL},
};

static const struct demo_report bintan[] = {
    {"197001011995032015",
     4,
     1,
     "penerimaan",
     "Hendra Saputra",
     "CV Bintan Jaya Transport",
     "Kijang Kota, Bintan Timur",
     "Penyedia jasa sewa kendaraan",
     "lainnya",
     "lainnya",
     "Penagihan akhir kontrak",
     "makanan",
     "Bingkisan makanan dan minuman.",
     1200000,
     "Kantor Bawaslu Kabupaten Bintan",
     "penerima",
     "Bingkisan diantar ke kantor.",
     false,
     "diajukan",
     false,
     NULL,
     NULL,
     NULL,
     0,
     NULL,
     NULL},
    {"197001011995032021",
     9,
     1,
     "penerimaan",
     "Sri Wahyuni",
     "Bawaslu Kabupaten Bintan",
     "",
     "Rekan kerja",
     "rekan-kerja",
     "upacara",
     "Khitanan anak pelapor",
     "barang",
     "Perlengkapan ibadah.",
     400000,
     "Rumah pelapor",
     "penerima",
     "",
     false,
     "diajukan",
     false,
     NULL,
     NULL,
     NULL,
     0,
     NULL,
     NULL},
};

/* NIPs that declare "nihil" for the current period, by unit. */
static const char *const klungkung_nihil[] = {UPG_NIP, "197001011995031012"};
static const char *const bintan_nihil[] = {"197001011995031017"};

/* The account with nip, if the demo made it (and, with unit_id > 0, its home unit is that). */
static int64_t
user_id(struct db *db, const char *nip, int64_t unit_id)
{
    struct auth_user u;
    if (auth_user_by_login(db, nip, &u) != 0 || (unit_id > 0 && u.unit_id != unit_id))
        return 0;
    return u.id;
}

static void
zone_day(int64_t t, const char *tz, char out[11])
{
    cal_format_date((t + (int64_t)fmt_zone_offset(fmt_zone_of(tz)) * 60000) / DAY_MS, out);
}

/* A step time: days after t0, never later than an hour ago. */
static int64_t
after(int64_t t0, int days, int64_t now)
{
    int64_t t = t0 + days * DAY_MS;
    return t < now - HOUR_MS ? t : now - HOUR_MS;
}

static int
step(struct db *db, int64_t id, struct grat_step *s, const char *to, int64_t by, int64_t t)
{
    snprintf(s->to, sizeof s->to, "%s", to);
    return grat_store_transition(db, id, s, by, t);
}

/* Moves report id along the UPG's path to d->state. */
static int
progress(struct db *db, const struct org_unit *u, int64_t id, const struct demo_report *d,
         int64_t reported, int64_t upg, int64_t now)
{
    struct grat_step s;
    memset(&s, 0, sizeof s);
    int rc = 0;
    const char *target = d->state;
    if (strcmp(target, "diajukan") == 0)
        return 0;
    if (strcmp(target, "dikembalikan") == 0 || strcmp(target, "gugur") == 0) {
        snprintf(s.missing, sizeof s.missing, "%s", d->missing ? d->missing : "");
        return step(db, id, &s, "dikembalikan", upg, after(reported, 2, now));
    }
    rc = step(db, id, &s, "diverifikasi", upg, after(reported, 1, now));
    if (rc == 0 && d->deposit) {
        char number[64];
        rc = grat_store_deposit(db, id, upg, after(reported, 1, now) + HOUR_MS / 2, number);
    }
    if (rc || strcmp(target, "diverifikasi") == 0)
        return rc;
    memset(&s, 0, sizeof s);
    snprintf(s.kpk_number, sizeof s.kpk_number, "%s", d->kpk_number ? d->kpk_number : "");
    snprintf(s.note, sizeof s.note, "Diteruskan melalui aplikasi GOL KPK.");
    if ((rc = step(db, id, &s, "diteruskan", upg, after(reported, 5, now))) != 0 ||
        strcmp(target, "diteruskan") == 0)
        return rc;
    memset(&s, 0, sizeof s);
    int64_t decided = after(reported, 28, now);
    zone_day(decided, u->tz, s.decree_day);
    snprintf(s.decree_number, sizeof s.decree_number, "%lld/GTF.00.02/%.2s/%.4s",
             (long long)(1000 + id % 9000), s.decree_day + 5, s.decree_day);
    snprintf(s.outcome, sizeof s.outcome, "%s", d->outcome ? d->outcome : "milik_negara");
    s.compensation = d->compensation;
    if ((rc = step(db, id, &s, "ditetapkan", upg, decided)) != 0 ||
        strcmp(target, "ditetapkan") == 0)
        return rc;
    memset(&s, 0, sizeof s);
    snprintf(s.finish_how, sizeof s.finish_how, "%s", d->finish_how ? d->finish_how : "");
    snprintf(s.note, sizeof s.note, "%s", d->finish_note ? d->finish_note : "");
    return step(db, id, &s, "selesai", upg, after(reported, 40, now));
}

static int
report(struct db *db, const struct org_unit *u, const struct demo_report *d, int64_t upg,
       int64_t now, struct buf *out)
{
    int64_t reporter = user_id(db, d->nip, u->id);
    if (!reporter)
        return 0; /* an account the demo did not make (or moved): its report is left out */
    int64_t received = now - (int64_t)d->days_ago * DAY_MS - 3 * HOUR_MS;
    int64_t reported = received + (int64_t)d->reported_after * DAY_MS;
    if (reported > now)
        reported = now;
    struct grat_input in;
    memset(&in, 0, sizeof in);
    snprintf(in.kind, sizeof in.kind, "%s", d->kind);
    snprintf(in.giver_kind, sizeof in.giver_kind, "%s", d->giver_kind);
    snprintf(in.event_kind, sizeof in.event_kind, "%s", d->event_kind);
    snprintf(in.object_type, sizeof in.object_type, "%s", d->object_type);
    snprintf(in.kept_at, sizeof in.kept_at, "%s", d->kept_at);
    zone_day(received, u->tz, in.received_day);
    in.giver_name = xstrdup(d->giver_name);
    in.giver_institution = xstrdup(d->giver_institution);
    in.giver_address = xstrdup(d->giver_address);
    in.giver_relation = xstrdup(d->giver_relation);
    in.event = xstrdup(d->event);
    in.description = xstrdup(d->description);
    in.place = xstrdup(d->place);
    in.chronology = xstrdup(d->chronology);
    in.value = d->value;
    in.cash = grat_object_is_cash(d->object_type);
    in.wants_compensation = d->wants_compensation;
    int64_t id = 0;
    int rc = grat_store_insert(db, u->id, u->tz, reporter, &in, reported, &id);
    grat_input_clear(&in);
    if (rc == 0 && upg)
        rc = progress(db, u, id, d, reported, upg, now);
    if (rc == 0)
        buf_printf(out, "  gratification %s %lld (%s)\n", u->code, (long long)id, d->state);
    return rc;
}

static int
story(struct db *db, const char *code, const struct demo_report *list, size_t n,
      const char *const *nihil, size_t nnihil, bool campaign, int64_t now, struct buf *out)
{
    struct org_unit u;
    if (org_unit_by_code(db, code, &u) != 0)
        return 0;
    json_t *have = json_array();
    int rc = grat_store_list(db, u.path, 0, "", 0, have);
    size_t existing = json_array_size(have);
    json_decref(have);
    if (rc || existing)
        return rc;
    /* the UPG officer handles the reports of their own unit: Bintan's wait for theirs */
    int64_t upg = user_id(db, UPG_NIP, u.id);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = report(db, &u, &list[i], upg, now, out);
    char today[11], period[GRAT_PERIOD_LEN];
    zone_day(now, u.tz, today);
    if (rc == 0) { /* the returned reports whose last day passed */
        int lapsed = 0;
        rc = grat_store_lapse(db, today, now, &lapsed);
    }
    grat_period_of(today, period);
    for (size_t i = 0; rc == 0 && grat_nihil_enabled() && i < nnihil; i++) {
        struct auth_user p;
        if (auth_user_by_login(db, nihil[i], &p) == 0 && p.unit_id == u.id && p.active) {
            rc = grat_store_declare(db, p.id, u.id, period, now - (int64_t)(i + 1) * DAY_MS);
            if (rc == ZE_CONFLICT)
                rc = 0;
        }
    }
    if (rc == 0 && campaign) {
        char held[11];
        int64_t id;
        zone_day(now - 45 * DAY_MS, u.tz, held);
        rc = grat_store_activity_add(
            db, u.id, "sosialisasi", "Sosialisasi pengendalian gratifikasi bagi pegawai", held,
            "Materi: pengertian gratifikasi, batas nilai menurut Peraturan KPK 1/2026, cara "
            "melapor melalui UPG, dan contoh kasus pada pengadaan logistik pengawasan.",
            42, upg, now - 44 * DAY_MS, &id);
        if (rc == 0) {
            zone_day(now - 30 * DAY_MS, u.tz, held);
            rc = grat_store_activity_add(
                db, u.id, "poster", "Poster \"Tolak Gratifikasi\" di ruang layanan", held,
                "Poster dipasang di meja layanan PPID, ruang tunggu dan pintu masuk kantor.", 0,
                user_id(db, "197001011995031004", 0), now - 30 * DAY_MS, &id);
        }
    }
    if (rc == 0)
        rc = grat_figures_changed(db, u.id, cal_year_of(now / DAY_MS), now);
    return rc;
}

int
grat_demo(struct db *db, struct buf *out)
{
    int64_t now = clock_now_ms();
    int rc = db_begin_write(db);
    if (rc)
        return rc;
    rc = story(db, "51.05", klungkung, sizeof klungkung / sizeof klungkung[0], klungkung_nihil,
               sizeof klungkung_nihil / sizeof klungkung_nihil[0], true, now, out);
    if (rc == 0)
        rc = story(db, "21.01", bintan, sizeof bintan / sizeof bintan[0], bintan_nihil,
                   sizeof bintan_nihil / sizeof bintan_nihil[0], false, now, out);
    return db_commit_or_rollback(db, rc);
}
