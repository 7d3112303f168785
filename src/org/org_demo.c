/* org_demo: the demo story's people. Bawaslu's 553 units, and one account per role around
 * Bawaslu Kabupaten Klungkung (Bali) and Kabupaten Bintan (Kepulauan Riau), the two offices
 * building their Zona Integritas toward WBK. NIPs start 19700101; every account shares the demo
 * password; accounts whose role needs a second factor have a published TOTP secret. */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "db/db.h"
#include "org.h"
#include "org_store.h"

#define DEMO_PASSWORD "Demo-Zona-Integritas"

struct demo_account {
    const char *nip, *name, *email, *position, *unit, *role, *totp;
};

/* The published TOTP secrets are base32 and listed in the README. */
static const struct demo_account accounts[] = {
    {"197001011995031001", "Rahmat Hidayat", "admin.sistem@bawaslu.test",
     "Pranata Komputer Ahli Madya", "RI", "admin-sistem", "ZONADEMOADMINSISTEMAAAAAAAAAAAAA"},
    {"197001011995031002", "I Wayan Sudarma", "admin.klungkung@bawaslu.test",
     "Pranata Komputer Ahli Pertama", "51.05", "admin-unit", "ZONADEMOADMINUNITAAAAAAAAAAAAAAA"},
    {"197001011995032003", "Ni Made Ayu Lestari", "koordinator.klungkung@bawaslu.test",
     "Kepala Sekretariat", "51.05", "koordinator-zi", NULL},
    {"197001011995031004", "I Nyoman Suarta", "pokja1.klungkung@bawaslu.test",
     "Analis Sumber Daya Manusia Aparatur", "51.05", "anggota-pokja:1", NULL},
    {"197001011995031005", "I Ketut Wirawan", "ketua.klungkung@bawaslu.test",
     "Ketua Bawaslu Kabupaten Klungkung", "51.05", "pimpinan", NULL},
    {"197001011995032006", "Ni Luh Putu Sri Wahyuni", "tpi.anggota@bawaslu.test",
     "Auditor Ahli Pertama", "51", "tpi-anggota", "ZONADEMOTPIANGGOTAAAAAAAAAAAAAAA"},
    {"197001011995031007", "I Gusti Ngurah Putra", "tpi.ketua@bawaslu.test", "Auditor Ahli Madya",
     "51", "tpi-ketua", "ZONADEMOTPIKETUAAAAAAAAAAAAAAAAA"},
    {"197001011995031008", "Anak Agung Gede Oka", "tpi.dalnis@bawaslu.test", "Auditor Ahli Utama",
     "51", "tpi-dalnis", "ZONADEMOTPIDALNISAAAAAAAAAAAAAAA"},
    {"197001011995032009", "Dewi Kartika Sari", "tpn@bawaslu.test", "Asesor Tim Penilai Nasional",
     "RI", "tpn", "ZONADEMOTPNAAAAAAAAAAAAAAAAAAAAA"},
    {"197001011995031010", "Komang Adi Saputra", "layanan.klungkung@bawaslu.test",
     "Pengelola Layanan Informasi", "51.05", "petugas-layanan", NULL},
    {"197001011995032011", "Kadek Dwi Pratiwi", "wbs.klungkung@bawaslu.test",
     "Analis Pengaduan Masyarakat", "51.05", "petugas-wbs", "ZONADEMOPETUGASWBSAAAAAAAAAAAAAA"},
    {"197001011995031012", "Gede Surya Negara", "kustodian.identitas@bawaslu.test", "Analis Hukum",
     "51.05", "kustodian-identitas", "ZONADEMOKUSTODIANIDENTITASAAAAAA"},
    {"197001011995031013", "Bambang Sutrisno", "kustodian.kunci@bawaslu.test",
     "Pranata Komputer Ahli Muda", "RI", "kustodian-kunci", "ZONADEMOKUSTODIANKUNCIAAAAAAAAAA"},
    {"197001011995032014", "Putu Ayu Maharani", "upg.klungkung@bawaslu.test", "Analis Keuangan",
     "51.05", "petugas-upg", NULL},
    {"197001011995032015", "Siti Rahmawati", "pegawai.bintan@bawaslu.test", "Pengadministrasi Umum",
     "21.01", "pegawai", NULL},
    {"197001011995031016", "Made Sukerta", "pemantau.bali@bawaslu.test",
     "Kepala Bagian Pengawasan Internal", "51", "pemantau", NULL},
    {"197001011995031017", "Andi Syahputra", "koordinator.bintan@bawaslu.test",
     "Kepala Sekretariat", "21.01", "koordinator-zi", NULL},
    /* the TPI team of Bawaslu Provinsi Kepulauan Riau, reviewing Bintan */
    {"197001011995031018", "Raja Hamzah", "tpi.anggota.kepri@bawaslu.test", "Auditor Ahli Pertama",
     "21", "tpi-anggota", "ZONADEMOKEPRIANGGOTAAAAAAAAAAAAA"},
    {"197001011995032019", "Nurul Aini", "tpi.ketua.kepri@bawaslu.test", "Auditor Ahli Madya", "21",
     "tpi-ketua", "ZONADEMOKEPRIKETUAAAAAAAAAAAAAAA"},
    {"197001011995031020", "Hendra Saputra", "tpi.dalnis.kepri@bawaslu.test", "Auditor Ahli Utama",
     "21", "tpi-dalnis", "ZONADEMOKEPRIDALNISAAAAAAAAAAAAA"},
    {"197001011995032021", "Wulan Sari", "pokja1.bintan@bawaslu.test",
     "Analis Sumber Daya Manusia Aparatur", "21.01", "anggota-pokja:1", NULL},
};

static const char *addresses[][2] = {
    {"RI", "Jl. M.H. Thamrin No. 14, Jakarta Pusat, DKI Jakarta"},
    {"51", "Jl. Tjok Agung Tresna No. 6A, Renon, Denpasar, Bali"},
    {"51.05", "Jl. Flamboyan, Semarapura, Kabupaten Klungkung, Bali"},
    {"21.01", "Jl. Raya Tanjung Uban, Bintan Utara, Kabupaten Bintan, Kepulauan Riau"},
};

int
org_demo(struct db *db, struct buf *out)
{
    struct buf err = BUF_INIT;
    int added = 0, updated = 0;
    int rc = org_unit_import_bawaslu(db, 0, "demo", &err, &added, &updated);
    if (rc) {
        buf_printf(out, "%s", buf_cstr(&err));
        buf_free(&err);
        return rc;
    }
    buf_free(&err);
    buf_printf(out, "units: %d added, %d updated\n", added, updated);
    if ((rc = db_begin_write(db)) != 0)
        return rc;
    for (size_t i = 0; i < sizeof addresses / sizeof addresses[0] && !rc; i++) {
        struct org_unit u;
        if (org_store_unit_get(db, addresses[i][0], 0, &u) == 0 && !u.address[0])
            rc = org_store_unit_update(db, u.id, u.name, u.type, addresses[i][1], u.tz, u.active,
                                       clock_now_ms());
    }
    for (size_t i = 0; i < sizeof accounts / sizeof accounts[0] && !rc; i++) {
        const struct demo_account *a = &accounts[i];
        struct auth_user have;
        if (auth_user_by_login(db, a->nip, &have) == 0)
            continue;
        struct org_new_user nu = {.nip = a->nip,
                                  .name = a->name,
                                  .email = a->email,
                                  .position = a->position,
                                  .unit_code = a->unit,
                                  .roles = {a->role},
                                  .nroles = 1,
                                  .password = DEMO_PASSWORD};
        int64_t id;
        const char *why, *field;
        rc = org_user_create(db, &nu, 0, "demo", &id, NULL, 0, &why, &field);
        if (rc) {
            buf_printf(out, "demo account %s: %s (%s)\n", a->nip, why ? why : db_errmsg(db),
                       field ? field : "");
            break;
        }
        rc = org_store_user_demo(db, id, a->totp);
        buf_printf(out, "%-18s %-20s %s%s%s\n", a->nip, a->role, a->email, a->totp ? "  TOTP " : "",
                   a->totp ? a->totp : "");
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    buf_printf(out, "demo password for every account: %s\n", DEMO_PASSWORD);
    return db_commit(db);
}
