/* complaint_demo: the demo's public-service complaints, dated relative to the day `zona demo`
 * runs. Bawaslu Kabupaten Klungkung answers most within the deadline: information requests about
 * election data, a complaint about waiting at the PPID desk (answered and rated), an anonymous
 * one about a fee asked at the counter (being handled), a confidential one, one recorded from
 * SP4N-LAPOR! with its ticket, and one overdue. Bintan has a few of its own. */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "complaint.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/xmem.h"
#include "db/db.h"
#include "org/org.h"

enum { DAY = 86400000 };

struct demo_complaint {
    int days_ago;
    const char *klass, *channel, *service, *subject, *body;
    bool anonymous, confidential;
    const char *name, *contact, *lapor;
    const char *state; /* where it stands now */
    int answer_after;  /* days after receipt of the public answer (0: none yet) */
    const char *answer;
    int rating; /* the complainant's rating (0: none) */
};

static const struct demo_complaint klungkung[] = {
    {120, "permintaan_informasi", "web", "Layanan Informasi Publik (PPID)",
     "Data rekapitulasi pengawasan Pilkada 2024",
     "Mohon salinan laporan hasil pengawasan pemungutan suara Pilkada 2024 di Kecamatan Dawan "
     "untuk keperluan penelitian skripsi.",
     false, false, "Putu Ayu Lestari", "putu.ayu@contoh.id", "", "selesai", 4,
     "Salinan laporan telah kami kirim ke surel Saudari. Terima kasih.", 5},
    {95, "pengaduan", "loket", "Layanan Informasi Publik (PPID)", "Antrean di meja PPID lama",
     "Saya menunggu hampir satu jam di meja PPID karena petugas sedang rapat dan tidak ada "
     "pengganti.",
     false, false, "I Made Sudarsana", "0812-3456-7xxx", "", "selesai", 6,
     "Mulai bulan ini meja PPID dijaga bergiliran oleh dua petugas, termasuk saat rapat.", 4},
    {60, "aspirasi", "web", "", "Jam layanan saat masa kampanye",
     "Mohon jam layanan diperpanjang sampai sore pada masa kampanye agar pekerja bisa datang.",
     false, false, "Komang Wirawan", "", "", "selesai", 3,
     "Usulan diterima: pada masa kampanye loket dibuka sampai pukul 17.00.", 0},
    {40, "pengaduan", "web", "Penerimaan Laporan Dugaan Pelanggaran",
     "Diminta biaya fotokopi saat menyerahkan laporan",
     "Saat menyerahkan laporan dugaan pelanggaran saya diminta membayar biaya fotokopi berkas, "
     "padahal layanan ini gratis.",
     true, false, "", "", "", "diproses", 2,
     "Terima kasih. Aduan sedang ditelaah oleh Koordinator Divisi dan petugas yang bersangkutan "
     "telah dimintai keterangan.",
     0},
    {30, "pengaduan", "whatsapp", "Konsultasi Hukum", "Sikap petugas konsultasi",
     "Petugas konsultasi hukum berbicara dengan nada tinggi kepada saya.", false, true,
     "Ni Luh Sari", "0813-xxxx", "", "diproses", 0, "", 0},
    {21, "permintaan_informasi", "lapor", "Layanan Informasi Publik (PPID)",
     "Daftar pemilih tambahan per desa", "Permintaan data DPTb per desa di Kabupaten Klungkung.",
     false, false, "Wayan Gede", "", "5123456", "selesai", 5,
     "Data DPTb per desa adalah kewenangan KPU Kabupaten Klungkung; permintaan Saudara telah kami "
     "teruskan ke sana.",
     0},
    {18, "pengaduan", "telepon", "Penerimaan Laporan Dugaan Pelanggaran",
     "Tanda terima laporan belum diberikan",
     "Sudah seminggu laporan saya serahkan tetapi belum menerima tanda terima (formulir B.3).",
     false, false, "Gede Artawan", "0819-xxxx", "", "baru", 0, "", 0},
    {2, "aspirasi", "web", "", "Papan informasi layanan",
     "Papan alur layanan di depan kantor sudah pudar, mohon diganti.", false, false, "", "", "",
     "baru", 0, "", 0},
};

static const struct demo_complaint bintan[] = {
    {50, "permintaan_informasi", "web", "Layanan Informasi Publik (PPID)",
     "Hasil pengawasan kampanye di Bintan Timur",
     "Mohon informasi jumlah temuan pelanggaran kampanye di Kecamatan Bintan Timur.", false, false,
     "Rudi Hartono", "rudi@contoh.id", "", "selesai", 6,
     "Ringkasan temuan telah kami unggah di laman PPID dan kami kirim ke surel Saudara.", 5},
    {12, "pengaduan", "loket", "Konsultasi Hukum", "Jadwal konsultasi tidak ditepati",
     "Jadwal konsultasi yang dijanjikan dibatalkan tanpa pemberitahuan.", false, false,
     "Siti Aminah", "", "", "diproses", 1, "Mohon maaf; jadwal baru kami kirim melalui telepon.",
     0},
};

static int
story(struct db *db, const char *code, const struct demo_complaint *list, size_t n,
      const char *officer_nip, int64_t now, struct buf *out)
{
    struct org_unit u;
    if (org_unit_by_code(db, code, &u) != 0)
        return 0;
    json_t *have = json_array();
    int rc = complaint_store_list(db, u.path, "", 0, "9999-12-31", have);
    size_t existing = json_array_size(have);
    json_decref(have);
    if (rc || existing)
        return rc;
    struct auth_user officer;
    int64_t by = auth_user_by_login(db, officer_nip, &officer) == 0 ? officer.id : 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct demo_complaint *d = &list[i];
        struct complaint_input in = {0};
        snprintf(in.klass, sizeof in.klass, "%s", d->klass);
        snprintf(in.channel, sizeof in.channel, "%s", d->channel);
        snprintf(in.service, sizeof in.service, "%s", d->service);
        snprintf(in.lapor_ticket, sizeof in.lapor_ticket, "%s", d->lapor);
        in.subject = xstrdup(d->subject);
        in.body = xstrdup(d->body);
        in.name = xstrdup(d->name);
        in.contact = xstrdup(d->contact);
        in.anonymous = d->anonymous;
        in.confidential = d->confidential;
        int64_t at = now - (int64_t)d->days_ago * DAY - 3 * 3600000LL;
        char tracking[COMPLAINT_TRACKING_LEN + 1];
        int64_t id;
        rc = complaint_store_insert(db, u.id, u.tz, &in, strcmp(d->channel, "web") == 0 ? 0 : by,
                                    at, tracking, &id);
        complaint_input_clear(&in);
        if (rc == 0 && d->answer_after) {
            int64_t when = at + (int64_t)d->answer_after * DAY;
            const char *to = strcmp(d->state, "diproses") == 0 ? "diproses" : d->state;
            if (strcmp(d->klass, "permintaan_informasi") == 0 && d->lapor[0])
                to = "bukan_wewenang";
            rc = complaint_store_update(db, id, to, NULL, d->answer, true, by, when);
        } else if (rc == 0 && strcmp(d->state, "diproses") == 0) {
            rc = complaint_store_update(db, id, "diproses", "berat",
                                        "Diteruskan ke Koordinator Divisi Hukum untuk ditelaah.",
                                        false, by, at + DAY);
        }
        if (rc == 0 && d->rating)
            rc = complaint_store_rate(db, id, d->rating, "",
                                      at + (int64_t)(d->answer_after + 1) * DAY);
        if (rc == 0)
            buf_printf(out, "  complaint %s %s (%s)\n", u.code, tracking, d->state);
    }
    return rc;
}

int
complaint_demo(struct db *db, struct buf *out)
{
    int64_t now = clock_now_ms();
    int rc = db_begin_write(db);
    if (rc)
        return rc;
    rc = story(db, "51.05", klungkung, sizeof klungkung / sizeof klungkung[0], "197001011995031010",
               now, out);
    if (rc == 0)
        rc = story(db, "21.01", bintan, sizeof bintan / sizeof bintan[0], "197001011995032021", now,
                   out);
    return db_commit_or_rollback(db, rc);
}
