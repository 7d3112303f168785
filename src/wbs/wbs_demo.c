/* wbs_demo: the demo's whistleblowing reports, dated relative to the day `zona demo` runs.
 *
 * The demo's WBS people get their key pairs here, from the demo password everyone knows (real
 * people get theirs at their first sign-in): the key custodian first, so every officer's key is
 * escrowed to them. Bawaslu Kabupaten Klungkung then has five reports in every stage: an illegal
 * levy at the recruitment of polling-station supervisors, investigated, substantiated and
 * closed; an ethics matter referred to the DKPP; a gift from a would-be supplier whose reporter
 * gave their name, with the officer's request to see it waiting for the identity custodian; a
 * conflict of interest under review where the officer asked a question and the reporter
 * answered; and a fresh one not yet acknowledged. Bintan has one fresh report. The receipt of
 * each is printed, so a visitor can follow one up. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/xmem.h"
#include "db/db.h"
#include "org/org.h"
#include "wbs.h"

enum { DAY = 86400000 };

#define DEMO_PASSWORD "Demo-Zona-Integritas"

struct step {
    int day;          /* days after receipt */
    const char *to;   /* a state, or NULL for a message */
    const char *text; /* the note or the message */
    bool officer;     /* the message's author; a note's visibility to the reporter */
};

struct demo_report {
    int days_ago;
    const char *category, *what, *who, *when, *where, *why, *how, *narrative;
    const char *identity_name, *identity_contact; /* NULL: anonymous */
    const char *referral;
    struct step steps[6];
    const char *identity_reason; /* the officer asks to see the identity */
};

static const struct demo_report klungkung[] = {
    {70,
     "pungutan_liar",
     "Calon Pengawas TPS diminta uang Rp150.000 saat menyerahkan berkas pendaftaran.",
     "Seorang staf sekretariat yang menerima berkas di meja pendaftaran.",
     "Hari kedua masa pendaftaran Pengawas TPS.",
     "Meja pendaftaran di kantor Bawaslu Kabupaten Klungkung, Semarapura.",
     "Saya melihat sendiri karena mendampingi adik saya mendaftar.",
     "Uang diminta sebagai \"biaya administrasi\" dan diterima tanpa kuitansi.",
     "Pendaftaran Pengawas TPS seharusnya tidak dipungut biaya. Beberapa calon lain juga "
     "mengatakan diminta uang yang sama.",
     NULL,
     NULL,
     NULL,
     {{2, "ditelaah", "Laporan memenuhi unsur 5W+1H; ditelaah bersama Inspektorat.", true},
      {6, NULL, "Apakah Saudara masih menyimpan bukti transfer atau saksi lain?", true},
      {7, NULL,
       "Tidak ada transfer, dibayar tunai. Dua calon dari Desa Gelgel bersedia menjadi saksi.",
       false},
      {9, "diinvestigasi", "Klarifikasi kepada staf dan calon Pengawas TPS.", true},
      {30, "terbukti",
       "Pungutan terbukti; uang dikembalikan kepada calon dan staf dijatuhi hukuman disiplin.",
       true},
      {34, "selesai", "Penanganan selesai. Terima kasih atas laporan Saudara.", true}},
     NULL},
    {48,
     "pelanggaran_kode_etik",
     "Anggota Bawaslu kabupaten diduga hadir dalam acara salah satu calon kepala daerah.",
     "Seorang anggota Bawaslu kabupaten.",
     "Saat masa kampanye Pilkada.",
     "Balai banjar di Kecamatan Banjarangkan.",
     "Foto beredar di grup percakapan warga.",
     "Hadir dan berfoto bersama tim kampanye.",
     "Pelanggaran etik penyelenggara pemilu ditangani DKPP, bukan oleh sekretariat.",
     NULL,
     NULL,
     "dkpp",
     {{1, "ditelaah", "Terkait etik anggota penyelenggara: kewenangan DKPP.", true},
      {4, "dilimpahkan", "Dilimpahkan ke DKPP tanpa identitas pelapor.", true}},
     NULL},
    {26,
     "gratifikasi",
     "Staf pengadaan menerima parsel dan voucher belanja dari calon penyedia jasa sewa "
     "kendaraan.",
     "Staf pengadaan barang/jasa dan seorang calon penyedia.",
     "Sepekan sebelum pemilihan penyedia sewa kendaraan pengawasan.",
     "Kantor Bawaslu Kabupaten Klungkung.",
     "Saya bekerja di gedung yang sama dan melihat parsel diantar.",
     "Parsel diantar kurir atas nama perusahaan penyedia.",
     "Pemberian dari calon penyedia berhubungan dengan jabatan dan wajib dilaporkan ke UPG. "
     "Saya bersedia dihubungi bila perlu, tetapi mohon identitas saya dirahasiakan.",
     "Pelapor Demo",
     "0812-0000-0000",
     NULL,
     {{1, "ditelaah", "Dicocokkan dengan daftar laporan gratifikasi ke UPG.", true},
      {5, "diinvestigasi", "Belum ada laporan ke UPG atas pemberian ini.", true}},
     "Keterangan pelapor sebagai saksi diperlukan untuk klarifikasi kepada penyedia."},
    {12,
     "benturan_kepentingan",
     "Konsumsi rapat koordinasi dipesan dari usaha milik keluarga seorang pejabat "
     "sekretariat.",
     "Pejabat sekretariat yang mengatur pemesanan konsumsi.",
     "Tiga bulan terakhir.",
     "Rapat koordinasi di kantor Bawaslu Kabupaten Klungkung.",
     "Nama usaha katering sama dengan nama keluarga pejabat tersebut.",
     "Pemesanan tanpa pembanding harga.",
     "Mohon diperiksa apakah ada benturan kepentingan dalam pemesanan konsumsi.",
     NULL,
     NULL,
     NULL,
     {{2, "ditelaah", "", true},
      {4, NULL, "Apakah Saudara mengetahui sejak kapan katering ini dipakai?", true},
      {5, NULL, "Sejak awal tahun, hampir setiap rapat.", false}},
     NULL},
    {1,
     "korupsi",
     "Dugaan penggelembungan harga sewa kendaraan pengawasan tahapan.",
     "Panitia pengadaan sewa kendaraan.",
     "Bulan ini.",
     "Bawaslu Kabupaten Klungkung.",
     "Harga sewa per hari jauh di atas harga rental di Semarapura.",
     "Kontrak sewa dengan harga per hari hampir dua kali harga pasar.",
     "Saya membandingkan harga sewa di kontrak yang diumumkan dengan tiga rental setempat.",
     NULL,
     NULL,
     NULL,
     {{0, NULL, NULL, false}},
     NULL},
};

static const struct demo_report bintan[] = {
    {3,
     "pungutan_liar",
     "Pungutan untuk pengambilan salinan putusan penanganan pelanggaran.",
     "Petugas arsip.",
     "Pekan lalu.",
     "Kantor Bawaslu Kabupaten Bintan, Bandar Seri Bentan.",
     "Saya sendiri yang dimintai.",
     "Diminta uang Rp50.000 tanpa tanda terima.",
     "Salinan putusan adalah informasi publik yang diberikan tanpa biaya.",
     NULL,
     NULL,
     NULL,
     {{0, NULL, NULL, false}},
     NULL},
};

static int64_t
user_id_of(struct db *db, const char *nip)
{
    struct auth_user u;
    return auth_user_by_login(db, nip, &u) == 0 ? u.id : 0;
}

static int
keys(struct db *db, int64_t now, struct buf *out)
{
    /* the key custodian first: the others' keys are escrowed to them */
    static const char *const nips[] = {"197001011995031013", "197001011995032011",
                                       "197001011995031012"};
    int rc = 0;
    for (size_t i = 0; !rc && i < sizeof nips / sizeof nips[0]; i++) {
        int64_t id = user_id_of(db, nips[i]);
        if (!id)
            continue;
        char recovery[WBS_RECOVERY_TEXT];
        rc = wbs_key_setup(db, id, DEMO_PASSWORD, recovery, now);
        if (!rc && recovery[0])
            buf_printf(out, "  wbs key of %s, recovery key %s\n", nips[i], recovery);
        sodium_memzero(recovery, sizeof recovery);
    }
    return rc;
}

static int
story(struct db *db, const char *code, const struct demo_report *list, size_t n, int64_t now,
      struct buf *out)
{
    struct org_unit u;
    if (org_unit_by_code(db, code, &u) != 0)
        return 0;
    json_t *have = json_array();
    int rc = wbs_store_reports(db, u.path, 0, "", have);
    size_t existing = json_array_size(have);
    json_decref(have);
    if (rc || existing)
        return rc;
    int64_t officer = user_id_of(db, "197001011995032011");
    int64_t custodian = user_id_of(db, "197001011995031012");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct demo_report *d = &list[i];
        struct wbs_input in = {0};
        snprintf(in.category, sizeof in.category, "%s", d->category);
        in.what = xstrdup(d->what);
        in.who = xstrdup(d->who);
        in.when = xstrdup(d->when);
        in.where = xstrdup(d->where);
        in.why = xstrdup(d->why);
        in.how = xstrdup(d->how);
        in.narrative = xstrdup(d->narrative);
        if (d->identity_name && wbs_case_identity_possible(db, u.path)) {
            in.identity = true;
            in.identity_name = xstrdup(d->identity_name);
            in.identity_contact = xstrdup(d->identity_contact);
            in.identity_note = xstrdup("");
        }
        int64_t at = now - (int64_t)d->days_ago * DAY - 5 * 3600000LL;
        char receipt[WBS_RECEIPT_DIGITS + 1];
        int64_t id = 0;
        rc = wbs_case_submit(db, u.id, u.path, &in, NULL, 0, at, receipt, &id);
        bool named = in.identity;
        wbs_input_clear(&in);
        for (size_t k = 0; rc == 0 && k < sizeof d->steps / sizeof d->steps[0]; k++) {
            const struct step *s = &d->steps[k];
            if (!s->text)
                break;
            struct wbs_report_row row;
            if ((rc = wbs_store_report_get(db, id, &row)) != 0)
                break;
            int64_t when = at + (int64_t)s->day * DAY + 2 * 3600000LL;
            if (s->to)
                rc = wbs_case_transition(db, &row, s->to,
                                         strcmp(s->to, "dilimpahkan") == 0 ? d->referral : NULL,
                                         s->text, true, officer, when);
            else
                rc = wbs_case_message(db, &row, s->officer ? officer : 0, s->text, when);
        }
        if (rc == 0 && d->identity_reason && named && officer && custodian) {
            struct wbs_report_row row;
            if ((rc = wbs_store_report_get(db, id, &row)) == 0)
                rc = wbs_case_identity_request(db, &row, officer, d->identity_reason,
                                               at + 6 * (int64_t)DAY);
        }
        if (rc == 0)
            buf_printf(out, "  wbs report %s %s (%s), receipt %.4s %.4s %.4s %.4s\n", u.code,
                       d->category, d->steps[0].to ? "handled" : "new", receipt, receipt + 4,
                       receipt + 8, receipt + 12);
        sodium_memzero(receipt, sizeof receipt);
    }
    return rc;
}

int
wbs_demo(struct db *db, struct buf *out)
{
    int64_t now = clock_now_ms();
    int rc = db_begin_write(db);
    if (rc)
        return rc;
    rc = keys(db, now, out);
    if (rc == 0)
        rc = story(db, "51.05", klungkung, sizeof klungkung / sizeof klungkung[0], now, out);
    if (rc == 0)
        rc = story(db, "21.01", bintan, sizeof bintan / sizeof bintan[0], now, out);
    return db_commit_or_rollback(db, rc);
}
