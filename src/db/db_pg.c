/* db_pg: the PostgreSQL backend on libpq. Cached statements are server-side prepared once per
 * connection; blobs are bound in binary (the text form doubles their size); results come back
 * in text form, which db.c parses the same way for both engines. */
#include <sys/wait.h>

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/config.h"
#include "core/err.h"
#include "core/xmem.h"
#include "db_impl.h"

struct pg_stmt {
    char name[32];
    bool prepared;
    int nparams, cap;
    char **values;
    int *lengths;
    int *formats;
    PGresult *res;
    int row; /* current row, -1 before the first */
    int ntuples;
    unsigned char *unescaped; /* last bytea decoded by col_blob */
};

static void
notice_quiet(void *arg, const char *msg)
{
    (void)arg;
    (void)msg;
}

static int
map_res(struct db *db, PGresult *res)
{
    db_set_error(db, res ? PQresultErrorMessage(res) : PQerrorMessage(db->handle));
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (!state) {
        if (PQstatus(db->handle) != CONNECTION_OK)
            db_slot_state(db, DB_CONN_BROKEN);
        return ZE_DB;
    }
    if (strncmp(state, "23", 2) == 0)
        return ZE_CONFLICT;
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0)
        return ZE_BUSY;
    if (strcmp(state, "57014") == 0)
        return ZE_UNAVAIL;
    return ZE_DB;
}

static int
pg_open(struct db *db, const char *url)
{
    const char *keys[] = {"dbname", "application_name", "connect_timeout", NULL};
    const char *vals[] = {url, "zona", "10", NULL};
    PGconn *c = PQconnectdbParams(keys, vals, 1);
    db->handle = c;
    if (!c || PQstatus(c) != CONNECTION_OK) {
        db_set_error(db, c ? PQerrorMessage(c) : "cannot allocate PostgreSQL connection");
        return ZE_DB;
    }
    PQsetNoticeProcessor(c, notice_quiet, NULL);
    char sql[96];
    snprintf(sql, sizeof sql, "SET statement_timeout = %d", config_get()->pg_statement_timeout);
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        db_set_error(db, PQresultErrorMessage(r));
    PQclear(r);
    return ok ? 0 : ZE_DB;
}

static void
pg_close(struct db *db)
{
    if (db->handle)
        PQfinish(db->handle);
    db->handle = NULL;
}

/* A connection that the server dropped is reset once; its prepared statements are gone, so the
 * generation moves on and db.c re-prepares what it caches. */
static bool
pg_alive(struct db *db)
{
    if (PQstatus(db->handle) == CONNECTION_OK)
        return true;
    PQreset(db->handle);
    db->generation++;
    if (PQstatus(db->handle) != CONNECTION_OK) {
        db_set_error(db, PQerrorMessage(db->handle));
        db_slot_state(db, DB_CONN_BROKEN);
        return false;
    }
    PQsetNoticeProcessor(db->handle, notice_quiet, NULL);
    db->in_tx = false;
    db_slot_state(db, DB_CONN_IDLE);
    return true;
}

static int
pg_prepare(struct db *db, struct db_stmt *st, const char *sql)
{
    if (!pg_alive(db))
        return ZE_DB;
    struct pg_stmt *p = xcalloc(1, sizeof *p);
    p->row = -1;
    st->impl = p;
    if (st->cached) {
        snprintf(p->name, sizeof p->name, "z%lu", ++db->next_stmt_id);
        PGresult *r = PQprepare(db->handle, p->name, sql, 0, NULL);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            int rc = map_res(db, r);
            PQclear(r);
            free(p);
            st->impl = NULL;
            return rc;
        }
        PQclear(r);
        p->prepared = true;
    }
    return 0;
}

static void
clear_result(struct pg_stmt *p)
{
    PQclear(p->res);
    p->res = NULL;
    PQfreemem(p->unescaped);
    p->unescaped = NULL;
    p->row = -1;
    p->ntuples = 0;
}

static void
clear_params(struct pg_stmt *p)
{
    for (int i = 0; i < p->nparams; i++) {
        free(p->values[i]);
        p->values[i] = NULL;
        p->lengths[i] = 0;
        p->formats[i] = 0;
    }
    p->nparams = 0;
}

static void
pg_finalize(struct db_stmt *st)
{
    struct pg_stmt *p = st->impl;
    if (!p)
        return;
    clear_result(p);
    clear_params(p);
    if (p->prepared && st->generation == st->db->generation &&
        PQstatus(st->db->handle) == CONNECTION_OK) {
        char sql[48];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", p->name);
        PQclear(PQexec(st->db->handle, sql));
    }
    free(p->values);
    free(p->lengths);
    free(p->formats);
    free(p);
    st->impl = NULL;
}

static int
set_param(struct db_stmt *st, int i, char *val, int len, int fmt)
{
    struct pg_stmt *p = st->impl;
    if (i < 1 || i > 999) {
        free(val);
        return ZE_INVAL;
    }
    if (i > p->cap) {
        int cap = p->cap ? p->cap : 8;
        while (cap < i)
            cap *= 2;
        p->values = xrealloc(p->values, sizeof(char *) * (size_t)cap);
        p->lengths = xrealloc(p->lengths, sizeof(int) * (size_t)cap);
        p->formats = xrealloc(p->formats, sizeof(int) * (size_t)cap);
        for (int k = p->cap; k < cap; k++) {
            p->values[k] = NULL;
            p->lengths[k] = 0;
            p->formats[k] = 0;
        }
        p->cap = cap;
    }
    free(p->values[i - 1]);
    p->values[i - 1] = val;
    p->lengths[i - 1] = len;
    p->formats[i - 1] = fmt;
    if (i > p->nparams)
        p->nparams = i;
    return 0;
}

static int
pg_bind_text(struct db_stmt *st, int i, const char *s, size_t len)
{
    if (len > 0x3fffffff)
        return ZE_LIMIT;
    return set_param(st, i, xstrndup(s, len), (int)len, 0);
}

static int
pg_bind_int64(struct db_stmt *st, int i, int64_t v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    return set_param(st, i, xstrdup(tmp), n, 0);
}

static int
pg_bind_double(struct db_stmt *st, int i, double v)
{
    char tmp[64];
    int n = snprintf(tmp, sizeof tmp, "%.17g", v);
    return set_param(st, i, xstrdup(tmp), n, 0);
}

static int
pg_bind_bool(struct db_stmt *st, int i, bool v)
{
    return set_param(st, i, xstrdup(v ? "true" : "false"), v ? 4 : 5, 0);
}

static int
pg_bind_blob(struct db_stmt *st, int i, const void *data, size_t len)
{
    if (len > 0x3fffffff)
        return ZE_LIMIT;
    char *copy = xmalloc(len ? len : 1);
    if (len)
        memcpy(copy, data, len);
    return set_param(st, i, copy, (int)len, 1);
}

static int
pg_bind_null(struct db_stmt *st, int i)
{
    return set_param(st, i, NULL, 0, 0);
}

static int
pg_step(struct db_stmt *st)
{
    struct pg_stmt *p = st->impl;
    struct db *db = st->db;
    if (!p->res) {
        if (!st->cached && !pg_alive(db))
            return ZE_DB;
        db_slot_state(db, DB_CONN_BUSY);
        const char *const *vals = (const char *const *)p->values;
        PGresult *r = p->prepared ? PQexecPrepared(db->handle, p->name, p->nparams, vals,
                                                   p->lengths, p->formats, 0)
                                  : PQexecParams(db->handle, st->sql, p->nparams, NULL, vals,
                                                 p->lengths, p->formats, 0);
        db_slot_state(db, db->in_tx ? DB_CONN_TX : DB_CONN_IDLE);
        ExecStatusType s = PQresultStatus(r);
        if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
            int rc = map_res(db, r);
            PQclear(r);
            db_slot_count(db, true);
            if (PQstatus(db->handle) != CONNECTION_OK)
                (void)pg_alive(db);
            return rc;
        }
        db_slot_count(db, false);
        p->res = r;
        p->ntuples = PQntuples(r);
        p->row = -1;
    }
    PQfreemem(p->unescaped);
    p->unescaped = NULL;
    if (p->row + 1 < p->ntuples) {
        p->row++;
        return DB_ROW;
    }
    p->row = p->ntuples;
    return DB_DONE;
}

static void
pg_reset(struct db_stmt *st)
{
    struct pg_stmt *p = st->impl;
    if (!p)
        return;
    clear_result(p);
    clear_params(p);
}

static bool
valid_cell(struct pg_stmt *p, int i)
{
    return p->res && p->row >= 0 && p->row < p->ntuples && i >= 0 && i < PQnfields(p->res);
}

static bool
pg_col_isnull(struct db_stmt *st, int i)
{
    struct pg_stmt *p = st->impl;
    return !valid_cell(p, i) || PQgetisnull(p->res, p->row, i);
}

static const char *
pg_col_text(struct db_stmt *st, int i)
{
    struct pg_stmt *p = st->impl;
    return valid_cell(p, i) ? PQgetvalue(p->res, p->row, i) : "";
}

static size_t
pg_col_len(struct db_stmt *st, int i)
{
    struct pg_stmt *p = st->impl;
    return valid_cell(p, i) ? (size_t)PQgetlength(p->res, p->row, i) : 0;
}

static const void *
pg_col_blob(struct db_stmt *st, int i, size_t *len)
{
    struct pg_stmt *p = st->impl;
    *len = 0;
    if (!valid_cell(p, i) || PQgetisnull(p->res, p->row, i))
        return "";
    PQfreemem(p->unescaped);
    p->unescaped = PQunescapeBytea((const unsigned char *)PQgetvalue(p->res, p->row, i), len);
    return p->unescaped ? (const void *)p->unescaped : "";
}

static int
pg_exec(struct db *db, const char *sql)
{
    if (!db->in_tx && !pg_alive(db))
        return ZE_DB;
    db_slot_state(db, DB_CONN_BUSY);
    PGresult *r = PQexec(db->handle, sql);
    db_slot_state(db, db->in_tx ? DB_CONN_TX : DB_CONN_IDLE);
    ExecStatusType s = PQresultStatus(r);
    int rc = 0;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
        rc = map_res(db, r);
    PQclear(r);
    return rc;
}

static int
pg_ping(struct db *db)
{
    return pg_exec(db, "SELECT 1");
}

/* Runs a PostgreSQL client tool without a shell, so no argument is ever interpreted. */
static int
run_tool(struct db *db, char *const argv[])
{
    pid_t pid;
    extern char **environ;
    int rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
    if (rc != 0) {
        db_set_error(db, "cannot run pg_dump/pg_restore: install postgresql-client");
        return ZE_IO;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(db->errmsg, sizeof db->errmsg, "%s failed (exit %d)", argv[0],
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return ZE_DB;
    }
    return 0;
}

static int
pg_backup(struct db *db, const char *file)
{
    char *argv[] = {"pg_dump",     "--format=custom", "--no-owner", "--file",
                    UNCONST(file), "--dbname",        db->url,      NULL};
    return run_tool(db, argv);
}

static int
pg_restore(struct db *db, const char *file)
{
    char *check[] = {"pg_restore", "--list", "--file=/dev/null", UNCONST(file), NULL};
    if (run_tool(db, check) != 0) {
        db_set_error(db, "the file is not a pg_dump custom-format backup");
        return ZE_INVAL;
    }
    char *argv[] = {"pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                    "--dbname",   db->url,   UNCONST(file), NULL};
    int rc = run_tool(db, argv);
    db->generation++; /* the tables were recreated: prepared plans are stale */
    return rc;
}

const struct db_backend db_backend_pg = {
    .open = pg_open,
    .close = pg_close,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .bind_text = pg_bind_text,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_bool = pg_bind_bool,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .reset = pg_reset,
    .col_isnull = pg_col_isnull,
    .col_text = pg_col_text,
    .col_len = pg_col_len,
    .col_blob = pg_col_blob,
    .exec = pg_exec,
    .ping = pg_ping,
    .backup = pg_backup,
    .restore = pg_restore,
    .begin_write_sql = "BEGIN",
};
