/* lke_seed: the bench seeder. Gives every unit of the database (553 after `zona demo`) an
 * assessment of the current year with every question answered, and creates the read-only
 * national account the load test signs in with (pemantau on RI, NIP 197001011995031999,
 * password Bench-Zona-Integritas). Uses ZONA_DB / ZONA_VAR like zona itself. Idempotent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "auth/auth.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/err.h"
#include "db/db.h"
#include "db/migrate.h"
#include "lke/lke.h"
#include "lke/lke_work.h"
#include "org/org.h"
#include "web/fmt.h"

static json_t *
answer(const struct lke_question *q, unsigned h)
{
    switch (q->type) {
    case LKE_YN:
        return json_string(h % 5 ? "ya" : "tidak");
    case LKE_OPTIONS:
        return json_string(q->option_keys[h % (unsigned)q->noptions]);
    case LKE_INDEX:
        return json_real(2.8 + (double)(h % 120) / 100.0);
    default:
        return json_real(50 + (double)(h % 51));
    }
}

int
main(void)
{
    if (config_load() != 0)
        return 2;
    struct db *db;
    if (db_open(config_get()->db_url, &db) != 0 || migrate_run(db, NULL) != 0) {
        fprintf(stderr, "lke_seed: cannot open the database\n");
        return 1;
    }
    if (app_init() != 0)
        return 1;
    const struct lke_fw *fw = lke_registry_current();
    int y, m, d;
    fmt_civil_from_days(clock_now_ms() / 86400000, &y, &m, &d);
    struct org_unit ri;
    json_t *units = json_array();
    if (org_unit_by_code(db, "RI", &ri) != 0 || org_units_under(db, ri.path, "", units) != 0) {
        fprintf(stderr, "lke_seed: run zona demo first (no unit RI)\n");
        return 1;
    }
    int rc = db_begin_write(db), made = 0;
    size_t i;
    json_t *x;
    json_array_foreach(units, i, x)
    {
        if (rc)
            break;
        struct org_unit u;
        struct lke_assessment a;
        if (org_unit_by_code(db, json_string_value(json_object_get(x, "code")), &u) != 0 ||
            lke_store_get(db, u.id, y, &a) == 0)
            continue;
        int64_t id, now = clock_now_ms(), rev;
        rc = lke_store_insert(db, u.id, y, fw->f->id, fw->f->version, 0, 0, now, &id);
        for (size_t k = 0; k < fw->f->nquestions && !rc; k++) {
            json_t *v = answer(&fw->f->questions[k], (unsigned)(i * 131 + k * 7));
            char *vt = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
            rc = lke_store_answer_save(db, id, "self", fw->f->questions[k].code, vt, "", 0, 0, now,
                                       &rev);
            free(vt);
            json_decref(v);
        }
        if (!rc && (rc = lke_store_get_id(db, id, &a)) == 0)
            rc = lke_refresh_summary(db, &a);
        made++;
    }
    struct auth_user have;
    if (!rc && auth_user_by_login(db, "197001011995031999", &have) != 0) {
        struct org_new_user nu = {.nip = "197001011995031999",
                                  .name = "Bench Pemantau Nasional",
                                  .email = "pemantau.nasional@bawaslu.test",
                                  .position = "Pemantau",
                                  .unit_code = "RI",
                                  .roles = {"pemantau"},
                                  .nroles = 1,
                                  .password = "Bench-Zona-Integritas"};
        int64_t uid;
        const char *why = NULL, *field = NULL;
        rc = org_user_create(db, &nu, 0, "bench", &uid, NULL, 0, &why, &field);
        if (rc)
            fprintf(stderr, "lke_seed: account: %s\n", why ? why : "");
    }
    if (rc)
        db_rollback(db);
    else
        rc = db_commit(db);
    json_decref(units);
    app_shutdown();
    db_close(db);
    if (rc) {
        fprintf(stderr, "lke_seed: failed (%d)\n", rc);
        return 1;
    }
    printf("lke_seed: %d assessments of %d added, every question answered\n", made, y);
    return 0;
}
