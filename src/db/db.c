/* db: dispatch to the SQLite or PostgreSQL backend, the per-connection statement cache, the
 * $N rewriter and the connection registry that /metrics reads. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/xmem.h"
#include "db_impl.h"

enum { DB_MAX_SLOTS = 512 };

static struct {
    _Atomic int used;
    _Atomic int kind;
    _Atomic int state;
    _Atomic uint64_t queries;
    _Atomic uint64_t errors;
} slots[DB_MAX_SLOTS];

static int
slot_take(enum db_kind kind)
{
    for (int i = 0; i < DB_MAX_SLOTS; i++) {
        int expected = 0;
        if (atomic_compare_exchange_strong(&slots[i].used, &expected, 1)) {
            atomic_store(&slots[i].kind, (int)kind);
            atomic_store(&slots[i].state, DB_CONN_IDLE);
            atomic_store(&slots[i].queries, 0);
            atomic_store(&slots[i].errors, 0);
            return i;
        }
    }
    return -1;
}

void
db_slot_state(struct db *db, enum db_conn_state s)
{
    if (db->slot >= 0)
        atomic_store(&slots[db->slot].state, (int)s);
}

void
db_slot_count(struct db *db, bool error)
{
    if (db->slot < 0)
        return;
    atomic_fetch_add(&slots[db->slot].queries, 1);
    if (error)
        atomic_fetch_add(&slots[db->slot].errors, 1);
}

int
db_conn_snapshot(struct db_conn_info *out, int max)
{
    int n = 0;
    for (int i = 0; i < DB_MAX_SLOTS && n < max; i++) {
        if (!atomic_load(&slots[i].used))
            continue;
        out[n].slot = i;
        out[n].kind = (enum db_kind)atomic_load(&slots[i].kind);
        out[n].state = (enum db_conn_state)atomic_load(&slots[i].state);
        out[n].queries = atomic_load(&slots[i].queries);
        out[n].errors = atomic_load(&slots[i].errors);
        n++;
    }
    return n;
}

const char *
db_conn_state_name(enum db_conn_state s)
{
    static const char *names[] = {"closed", "idle", "busy", "transaction", "broken"};
    return (unsigned)s < 5 ? names[s] : "unknown";
}

void
db_set_error(struct db *db, const char *msg)
{
    snprintf(db->errmsg, sizeof db->errmsg, "%s", msg ? msg : "unknown database error");
    /* libpq messages end in a newline; one log line per event. */
    size_t n = strlen(db->errmsg);
    while (n && (db->errmsg[n - 1] == '\n' || db->errmsg[n - 1] == ' '))
        db->errmsg[--n] = '\0';
}

int
db_open(const char *url, struct db **out)
{
    *out = NULL;
    if (!url)
        return ZE_INVAL;
    struct db *db = xcalloc(1, sizeof *db);
    db->slot = -1;
    const char *arg;
    if (str_has_prefix(url, "sqlite:")) {
        db->kind = DB_SQLITE;
        db->be = &db_backend_sqlite;
        arg = url + 7;
    } else if (str_has_prefix(url, "postgresql://") || str_has_prefix(url, "postgres://")) {
        db->kind = DB_PG;
        db->be = &db_backend_pg;
        arg = url;
    } else {
        free(db);
        return ZE_INVAL;
    }
    int rc = db->be->open(db, arg);
    if (rc != 0) {
        /* Keep the message for the caller through a static copy: db is freed. */
        static _Thread_local char last[512];
        snprintf(last, sizeof last, "%s", db->errmsg);
        db->be->close(db);
        free(db);
        fprintf(stderr, "zona: cannot open database: %s\n", last);
        return rc;
    }
    db->url = xstrdup(url);
    db->slot = slot_take(db->kind);
    *out = db;
    return 0;
}

void
db_close(struct db *db)
{
    if (!db)
        return;
    for (int i = 0; i < DB_CACHE_SLOTS; i++) {
        if (db->cache[i].st) {
            db->be->finalize(db->cache[i].st);
            free(db->cache[i].st);
        }
    }
    db->be->close(db);
    free(db->url);
    if (db->slot >= 0) {
        atomic_store(&slots[db->slot].state, DB_CONN_CLOSED);
        atomic_store(&slots[db->slot].used, 0);
    }
    free(db);
}

enum db_kind
db_kind(const struct db *db)
{
    return db->kind;
}

const char *
db_errmsg(const struct db *db)
{
    return db->errmsg;
}

int
db_ping(struct db *db)
{
    return db->be->ping(db);
}

static size_t
cache_index(const char *sql)
{
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 24) % DB_CACHE_SLOTS;
}

static int
prepare_new(struct db *db, const char *sql, bool cached, struct db_stmt **out)
{
    struct db_stmt *st = xcalloc(1, sizeof *st);
    st->db = db;
    st->sql = sql;
    st->cached = cached;
    st->generation = db->generation;
    int rc = db->be->prepare(db, st, sql);
    if (rc != 0) {
        free(st);
        db_slot_count(db, true);
        return rc;
    }
    *out = st;
    return 0;
}

int
db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
    *out = NULL;
    size_t h = cache_index(sql);
    for (size_t k = 0; k < DB_CACHE_SLOTS; k++) {
        size_t i = (h + k) % DB_CACHE_SLOTS;
        if (db->cache[i].sql == sql) {
            struct db_stmt *st = db->cache[i].st;
            if (st->in_use) /* the same statement twice at once: use a private copy */
                return prepare_new(db, sql, false, out);
            if (st->generation != db->generation) {
                db->be->finalize(st);
                free(st);
                db->cache[i].st = NULL;
                int rc = prepare_new(db, sql, true, &st);
                if (rc != 0) {
                    db->cache[i].sql = NULL;
                    return rc;
                }
                db->cache[i].st = st;
            }
            st->in_use = true;
            *out = st;
            return 0;
        }
        if (db->cache[i].sql == NULL) {
            struct db_stmt *st;
            int rc = prepare_new(db, sql, true, &st);
            if (rc != 0)
                return rc;
            db->cache[i].sql = sql;
            db->cache[i].st = st;
            st->in_use = true;
            *out = st;
            return 0;
        }
    }
    return prepare_new(db, sql, false, out); /* cache full */
}

int
db_prepare_dynamic(struct db *db, const char *sql, struct db_stmt **out)
{
    *out = NULL;
    return prepare_new(db, sql, false, out);
}

int
db_bind_text(struct db_stmt *st, int i, const char *s, long len)
{
    if (!s)
        return st->db->be->bind_null(st, i);
    return st->db->be->bind_text(st, i, s, len < 0 ? strlen(s) : (size_t)len);
}

int
db_bind_int64(struct db_stmt *st, int i, int64_t v)
{
    return st->db->be->bind_int64(st, i, v);
}

int
db_bind_double(struct db_stmt *st, int i, double v)
{
    return st->db->be->bind_double(st, i, v);
}

int
db_bind_bool(struct db_stmt *st, int i, bool v)
{
    return st->db->be->bind_bool(st, i, v);
}

int
db_bind_blob(struct db_stmt *st, int i, const void *p, size_t len)
{
    return st->db->be->bind_blob(st, i, p, len);
}

int
db_bind_null(struct db_stmt *st, int i)
{
    return st->db->be->bind_null(st, i);
}

int
db_step(struct db_stmt *st)
{
    return st->db->be->step(st);
}

bool
db_col_isnull(struct db_stmt *st, int i)
{
    return st->db->be->col_isnull(st, i);
}

const char *
db_col_text(struct db_stmt *st, int i)
{
    const char *s = st->db->be->col_text(st, i);
    return s ? s : "";
}

size_t
db_col_len(struct db_stmt *st, int i)
{
    return st->db->be->col_len(st, i);
}

int64_t
db_col_int64(struct db_stmt *st, int i)
{
    if (st->db->be->col_int64)
        return st->db->be->col_int64(st, i);
    const char *s = db_col_text(st, i);
    int64_t v = 0;
    if (parse_i64(s, strlen(s), &v) != 0)
        v = (int64_t)strtod(s, NULL);
    return v;
}

double
db_col_double(struct db_stmt *st, int i)
{
    if (st->db->be->col_double)
        return st->db->be->col_double(st, i);
    return strtod(db_col_text(st, i), NULL);
}

bool
db_col_bool(struct db_stmt *st, int i)
{
    /* SQLite gives 0/1, libpq's text format t/f. */
    const char *s = db_col_text(st, i);
    return s[0] == 't' || s[0] == '1' || s[0] == 'T';
}

const void *
db_col_blob(struct db_stmt *st, int i, size_t *len)
{
    return st->db->be->col_blob(st, i, len);
}

int
db_run(struct db_stmt *st)
{
    int rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

void
db_reset(struct db_stmt *st)
{
    if (st)
        st->db->be->reset(st);
}

void
db_finalize(struct db_stmt *st)
{
    if (!st)
        return;
    st->db->be->reset(st);
    if (st->cached) {
        st->in_use = false;
        return;
    }
    st->db->be->finalize(st);
    free(st);
}

void
db_finalize_void(void *st)
{
    db_finalize(st);
}

int
db_exec(struct db *db, const char *sql)
{
    int rc = db->be->exec(db, sql);
    db_slot_count(db, rc != 0);
    return rc;
}

int
db_begin_write(struct db *db)
{
    int rc = db_exec(db, db->be->begin_write_sql);
    if (rc == 0) {
        db->in_tx = true;
        db_slot_state(db, DB_CONN_TX);
    }
    return rc;
}

int
db_durable(struct db *db, bool on)
{
    if (db->kind != DB_SQLITE)
        return 0;
    return db_exec(db, on ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
}

int
db_begin_read(struct db *db)
{
    int rc = db_exec(db, "BEGIN");
    if (rc == 0) {
        db->in_tx = true;
        db_slot_state(db, DB_CONN_TX);
    }
    return rc;
}

int
db_commit(struct db *db)
{
    int rc = db_exec(db, "COMMIT");
    if (rc != 0)
        db_rollback(db);
    db->in_tx = false;
    db_slot_state(db, DB_CONN_IDLE);
    return rc;
}

void
db_rollback(struct db *db)
{
    if (db->in_tx)
        (void)db->be->exec(db, "ROLLBACK");
    db->in_tx = false;
    db_slot_state(db, DB_CONN_IDLE);
}

bool
db_in_transaction(const struct db *db)
{
    return db->in_tx;
}

int
db_lock(struct db *db, int64_t key)
{
    static const char q[] = "SELECT pg_advisory_xact_lock($1)";
    if (db->kind != DB_PG)
        return 0;
    struct db_stmt *st;
    int rc = db_prepare(db, q, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, key);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
db_backup(struct db *db, const char *file)
{
    return db->be->backup(db, file);
}

int
db_restore(struct db *db, const char *file)
{
    return db->be->restore(db, file);
}

int
db_sql_rewrite(const char *sql, size_t len, struct buf *out)
{
    size_t i = 0;
    while (i < len) {
        char c = sql[i];
        if (c == '\'' || c == '"') {
            /* boundary: doubled quotes inside a literal stay inside it */
            size_t j = i + 1;
            for (;;) {
                if (j >= len)
                    return ZE_INVAL;
                if (sql[j] == c) {
                    if (j + 1 < len && sql[j + 1] == c) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                j++;
            }
            buf_append(out, sql + i, j + 1 - i);
            i = j + 1;
        } else if (c == '-' && i + 1 < len && sql[i + 1] == '-') {
            size_t j = i;
            while (j < len && sql[j] != '\n')
                j++;
            buf_append(out, sql + i, j - i);
            i = j;
        } else if (c == '/' && i + 1 < len && sql[i + 1] == '*') {
            size_t j = i + 2;
            while (j + 1 < len && !(sql[j] == '*' && sql[j + 1] == '/'))
                j++;
            if (j + 1 >= len)
                return ZE_INVAL;
            buf_append(out, sql + i, j + 2 - i);
            i = j + 2;
        } else if (c == '$' && i + 1 < len && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
            size_t j = i + 1;
            unsigned n = 0;
            while (j < len && sql[j] >= '0' && sql[j] <= '9') {
                n = n * 10 + (unsigned)(sql[j] - '0');
                if (n > 999)
                    return ZE_INVAL;
                j++;
            }
            if (n == 0)
                return ZE_INVAL;
            buf_putc(out, '?');
            buf_append(out, sql + i + 1, j - i - 1);
            i = j;
        } else {
            buf_putc(out, c);
            i++;
        }
    }
    if (!out->p)
        buf_append(out, "", 0);
    return 0;
}

int
db_commit_or_rollback(struct db *db, int rc)
{
    if (!rc)
        return db_commit(db);
    db_rollback(db);
    return rc;
}
