/* db: the only database API. SQLite and PostgreSQL behind one set of calls; SQL is written once
 * in PostgreSQL's $1..$n style and in the portable dialect of DESIGN.md §6. */
#ifndef ZONA_DB_DB_H
#define ZONA_DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct db;
struct db_stmt;

enum db_kind { DB_SQLITE, DB_PG };

/* db_step() results besides negative ZE_* codes. */
enum { DB_ROW = 1, DB_DONE = 2 };

/* Opens a connection to "sqlite:PATH" (created if missing) or "postgresql://..." / "postgres://".
 * The connection is owned by the caller (db_close) and used by one thread at a time.
 * Returns 0, ZE_INVAL for an unknown URL or ZE_DB (message in *errmsg, static or NULL). */
int db_open(const char *url, struct db **out);
void db_close(struct db *db);
enum db_kind db_kind(const struct db *db);
/* The last error message of this connection (never NULL). */
const char *db_errmsg(const struct db *db);
/* Cheap round trip: 0 when the database answers. Reconnects a broken PostgreSQL connection. */
int db_ping(struct db *db);

/* Prepares sql, which must live for the whole process (a static const string): statements are
 * cached per connection by the string's address. db_finalize() hands them back to the cache. */
int db_prepare(struct db *db, const char *sql, struct db_stmt **out);
/* Prepares SQL built at run time; db_finalize() frees it. */
int db_prepare_dynamic(struct db *db, const char *sql, struct db_stmt **out);

/* Binds parameter i (1-based, as $i in the SQL). Text is copied. len < 0 means strlen. */
int db_bind_text(struct db_stmt *st, int i, const char *s, long len);
int db_bind_int64(struct db_stmt *st, int i, int64_t v);
int db_bind_double(struct db_stmt *st, int i, double v);
int db_bind_bool(struct db_stmt *st, int i, bool v);
int db_bind_blob(struct db_stmt *st, int i, const void *p, size_t len);
int db_bind_null(struct db_stmt *st, int i);

/* Runs the statement or moves to its next row: DB_ROW, DB_DONE, or ZE_CONFLICT (a unique or
 * foreign-key constraint), ZE_BUSY (locked beyond the busy timeout), ZE_DB. */
int db_step(struct db_stmt *st);

/* Columns of the current row, 0-based. Pointers stay valid until the next step/reset. */
bool db_col_isnull(struct db_stmt *st, int i);
const char *db_col_text(struct db_stmt *st, int i); /* "" for NULL */
size_t db_col_len(struct db_stmt *st, int i);       /* bytes of text */
int64_t db_col_int64(struct db_stmt *st, int i);
double db_col_double(struct db_stmt *st, int i);
bool db_col_bool(struct db_stmt *st, int i);
const void *db_col_blob(struct db_stmt *st, int i, size_t *len);

/* Runs a statement that returns no rows (or whose rows are not needed) once and finalizes it:
 * 0 or the negative code db_step gave. NULL-safe on st is not needed: callers prepared it. */
int db_run(struct db_stmt *st);

/* Clears the result and bindings so the statement can run again. */
void db_reset(struct db_stmt *st);
/* Resets and returns a cached statement to its cache, or frees a dynamic one. NULL-safe. */
void db_finalize(struct db_stmt *st);
/* Finalize as an arena destructor: arena_defer(a, db_finalize_void, st). */
void db_finalize_void(void *st);

/* Runs one or more statements without parameters (migrations, pragmas). */
int db_exec(struct db *db, const char *sql);
/* Write transaction (BEGIN IMMEDIATE on SQLite, so two writers never deadlock on upgrade). */
int db_begin_write(struct db *db);
/* Read transaction: a consistent snapshot for several queries. */
int db_begin_read(struct db *db);
int db_commit(struct db *db);
/* Ends a write transaction by the outcome of the work in it: commits when rc is 0 (returning
 * the commit's result), else rolls back and returns rc. */
int db_commit_or_rollback(struct db *db, int rc);
/* Durable commits for what follows on this connection (on) or the default again (off). SQLite in
 * WAL mode with synchronous=NORMAL (DESIGN.md) may lose the last commits on a power cut;
 * synchronous=FULL fsyncs the WAL at each commit, so a commit acknowledged is on disk. PostgreSQL
 * commits are durable already (synchronous_commit on): a no-op there. Call outside a
 * transaction. */
int db_durable(struct db *db, bool on);
/* Never fails loudly: rolling back a connection with no transaction is a no-op. */
void db_rollback(struct db *db);
bool db_in_transaction(const struct db *db);
/* Serialises writers on key until the transaction ends (PostgreSQL advisory lock; on SQLite the
 * write transaction already excludes other writers). Call inside db_begin_write. */
int db_lock(struct db *db, int64_t key);

/* The meta table of settings kept in the database. meta_get returns 0 or ZE_NOTFOUND. */
int meta_get(struct db *db, const char *key, char *out, size_t outsz);
int meta_set(struct db *db, const char *key, const char *value);

/* Copies the whole database into file: the SQLite online backup API (consistent while the
 * server runs), or pg_dump's custom format for PostgreSQL. Returns 0, ZE_IO or ZE_DB. */
int db_backup(struct db *db, const char *file);
/* Replaces the database's content with a backup made by db_backup of the same engine. The file
 * is checked to be a zona backup first; nothing is changed when it is not. */
int db_restore(struct db *db, const char *file);

/* Rewrites $N placeholders to ?N, leaving quoted text and comments alone (SQLite's $N is a
 * named parameter indexed by first appearance; ?N binds by number). Pure; fuzzed. Appends to
 * out; returns 0 or ZE_INVAL for an unterminated quote or a placeholder number above 999. */
int db_sql_rewrite(const char *sql, size_t len, struct buf *out);

/* Connection states for /metrics. One slot per open connection, by the thread that uses it. */
enum db_conn_state { DB_CONN_CLOSED, DB_CONN_IDLE, DB_CONN_BUSY, DB_CONN_TX, DB_CONN_BROKEN };
struct db_conn_info {
    int slot;
    enum db_kind kind;
    enum db_conn_state state;
    uint64_t queries;
    uint64_t errors;
};
/* Copies up to max slots into out; returns how many. Thread-safe. */
int db_conn_snapshot(struct db_conn_info *out, int max);
const char *db_conn_state_name(enum db_conn_state s);

#endif
