/* db_sqlite: the embedded backend. WAL, foreign keys, a busy timeout, BEGIN IMMEDIATE for
 * writes; $N placeholders are rewritten to ?N at prepare time. */
#include <pthread.h>
#include <string.h>

#include <sqlite3.h>

#include "core/buf.h"
#include "core/err.h"
#include "db_impl.h"

static int
map_rc(struct db *db, int rc)
{
    db_set_error(db, sqlite3_errmsg(db->handle));
    switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
        return ZE_CONFLICT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ZE_BUSY;
    default:
        return ZE_DB;
    }
}

/* Process-wide settings, before the first connection: no memory statistics (they take a global
 * lock on every allocation, which the survey intake's many threads contend for). */
static pthread_once_t config_once = PTHREAD_ONCE_INIT;

static void
configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int
sq_open(struct db *db, const char *path)
{
    sqlite3 *h = NULL;
    pthread_once(&config_once, configure);
    int rc = sqlite3_open_v2(
        path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    db->handle = h;
    if (rc != SQLITE_OK) {
        db_set_error(db, h ? sqlite3_errmsg(h) : "cannot open SQLite database");
        return ZE_DB;
    }
    sqlite3_extended_result_codes(h, 1);
    sqlite3_busy_timeout(h, 5000);
    char *err = NULL;
    rc = sqlite3_exec(h,
                      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                      "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;",
                      NULL, NULL, &err);
    if (rc != SQLITE_OK) {
        db_set_error(db, err);
        sqlite3_free(err);
        return ZE_DB;
    }
    return 0;
}

static void
sq_close(struct db *db)
{
    if (db->handle)
        sqlite3_close_v2(db->handle);
    db->handle = NULL;
}

static int
sq_prepare(struct db *db, struct db_stmt *st, const char *sql)
{
    struct buf b = BUF_INIT;
    if (db_sql_rewrite(sql, strlen(sql), &b) != 0) {
        buf_free(&b);
        db_set_error(db, "malformed SQL placeholder or quote");
        return ZE_DB;
    }
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v3(db->handle, b.p, (int)b.len + 1,
                                st->cached ? SQLITE_PREPARE_PERSISTENT : 0, &s, NULL);
    buf_free(&b);
    if (rc != SQLITE_OK)
        return map_rc(db, rc);
    st->impl = s;
    return 0;
}

static void
sq_finalize(struct db_stmt *st)
{
    sqlite3_finalize(st->impl);
    st->impl = NULL;
}

static int
bind_rc(struct db_stmt *st, int rc)
{
    return rc == SQLITE_OK ? 0 : map_rc(st->db, rc);
}

static int
sq_bind_text(struct db_stmt *st, int i, const char *s, size_t len)
{
    return bind_rc(st, sqlite3_bind_text64(st->impl, i, s, len, SQLITE_TRANSIENT, SQLITE_UTF8));
}

static int
sq_bind_int64(struct db_stmt *st, int i, int64_t v)
{
    return bind_rc(st, sqlite3_bind_int64(st->impl, i, v));
}

static int
sq_bind_double(struct db_stmt *st, int i, double v)
{
    return bind_rc(st, sqlite3_bind_double(st->impl, i, v));
}

static int
sq_bind_bool(struct db_stmt *st, int i, bool v)
{
    return bind_rc(st, sqlite3_bind_int(st->impl, i, v ? 1 : 0));
}

static int
sq_bind_blob(struct db_stmt *st, int i, const void *p, size_t len)
{
    return bind_rc(st, sqlite3_bind_blob64(st->impl, i, len ? p : "", len, SQLITE_TRANSIENT));
}

static int
sq_bind_null(struct db_stmt *st, int i)
{
    return bind_rc(st, sqlite3_bind_null(st->impl, i));
}

static int
sq_step(struct db_stmt *st)
{
    db_slot_state(st->db, DB_CONN_BUSY);
    int rc = sqlite3_step(st->impl);
    db_slot_state(st->db, st->db->in_tx ? DB_CONN_TX : DB_CONN_IDLE);
    if (rc == SQLITE_ROW)
        return DB_ROW;
    db_slot_count(st->db, rc != SQLITE_DONE);
    if (rc == SQLITE_DONE)
        return DB_DONE;
    return map_rc(st->db, rc);
}

static void
sq_reset(struct db_stmt *st)
{
    sqlite3_reset(st->impl);
    sqlite3_clear_bindings(st->impl);
}

static bool
sq_col_isnull(struct db_stmt *st, int i)
{
    return sqlite3_column_type(st->impl, i) == SQLITE_NULL;
}

static const char *
sq_col_text(struct db_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st->impl, i);
}

static int64_t
sq_col_int64(struct db_stmt *st, int i)
{
    return sqlite3_column_int64(st->impl, i);
}

static double
sq_col_double(struct db_stmt *st, int i)
{
    return sqlite3_column_double(st->impl, i);
}

static size_t
sq_col_len(struct db_stmt *st, int i)
{
    (void)sqlite3_column_text(st->impl, i);
    return (size_t)sqlite3_column_bytes(st->impl, i);
}

static const void *
sq_col_blob(struct db_stmt *st, int i, size_t *len)
{
    const void *p = sqlite3_column_blob(st->impl, i);
    *len = (size_t)sqlite3_column_bytes(st->impl, i);
    return p ? p : "";
}

static int
sq_exec(struct db *db, const char *sql)
{
    char *err = NULL;
    db_slot_state(db, DB_CONN_BUSY);
    int rc = sqlite3_exec(db->handle, sql, NULL, NULL, &err);
    db_slot_state(db, db->in_tx ? DB_CONN_TX : DB_CONN_IDLE);
    if (rc != SQLITE_OK) {
        db_set_error(db, err ? err : sqlite3_errmsg(db->handle));
        sqlite3_free(err);
        switch (rc & 0xff) {
        case SQLITE_CONSTRAINT:
            return ZE_CONFLICT;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return ZE_BUSY;
        default:
            return ZE_DB;
        }
    }
    return 0;
}

static int
sq_ping(struct db *db)
{
    return sq_exec(db, "SELECT 1");
}

static int
copy_db(struct db *db, sqlite3 *dst, sqlite3 *src)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) {
        db_set_error(db, sqlite3_errmsg(dst));
        return ZE_DB;
    }
    int rc;
    do {
        rc = sqlite3_backup_step(b, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        db_set_error(db, sqlite3_errstr(rc));
        return ZE_DB;
    }
    return 0;
}

static int
sq_backup(struct db *db, const char *file)
{
    sqlite3 *dst = NULL;
    int rc = sqlite3_open_v2(file, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        db_set_error(db, dst ? sqlite3_errmsg(dst) : "cannot create backup file");
        sqlite3_close_v2(dst);
        return ZE_IO;
    }
    rc = copy_db(db, dst, db->handle);
    if (rc == 0)
        sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    sqlite3_close_v2(dst);
    return rc;
}

static int
sq_restore(struct db *db, const char *file)
{
    sqlite3 *src = NULL;
    int rc = sqlite3_open_v2(file, &src, SQLITE_OPEN_READONLY, NULL);
    sqlite3_stmt *st = NULL;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(src, "SELECT COUNT(*) FROM schema_migrations", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st) == SQLITE_ROW ? SQLITE_OK : SQLITE_ERROR;
    sqlite3_finalize(st);
    if (rc != SQLITE_OK) {
        db_set_error(db, "the file is not a zona SQLite backup");
        sqlite3_close_v2(src);
        return ZE_INVAL;
    }
    rc = copy_db(db, db->handle, src);
    sqlite3_close_v2(src);
    return rc;
}

const struct db_backend db_backend_sqlite = {
    .open = sq_open,
    .close = sq_close,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .bind_text = sq_bind_text,
    .bind_int64 = sq_bind_int64,
    .bind_double = sq_bind_double,
    .bind_bool = sq_bind_bool,
    .bind_blob = sq_bind_blob,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .reset = sq_reset,
    .col_isnull = sq_col_isnull,
    .col_text = sq_col_text,
    .col_int64 = sq_col_int64,
    .col_double = sq_col_double,
    .col_len = sq_col_len,
    .col_blob = sq_col_blob,
    .exec = sq_exec,
    .ping = sq_ping,
    .backup = sq_backup,
    .restore = sq_restore,
    .begin_write_sql = "BEGIN IMMEDIATE",
};
