/* meta: small settings that live in the database (the demo flag, the server secret). */
#include <stdio.h>

#include "core/clock.h"
#include "core/err.h"
#include "db.h"

static const char q_meta_get[] = "SELECT value FROM meta WHERE key = $1";
static const char q_meta_set[] =
    "INSERT INTO meta (key, value, updated_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";

int
meta_get(struct db *db, const char *key, char *out, size_t outsz)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_meta_get, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, key, -1);
    rc = db_step(st);
    if (rc == DB_ROW) {
        snprintf(out, outsz, "%s", db_col_text(st, 0));
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = ZE_NOTFOUND;
    }
    db_finalize(st);
    return rc;
}

int
meta_set(struct db *db, const char *key, const char *value)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_meta_set, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, key, -1);
    db_bind_text(st, 2, value, -1);
    db_bind_int64(st, 3, clock_now_ms());
    return db_run(st);
}
