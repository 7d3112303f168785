/* Internal to src/db: the backend vtable that db.c dispatches through. */
#ifndef ZONA_DB_IMPL_H
#define ZONA_DB_IMPL_H

#include "db.h"

struct db_backend {
    int (*open)(struct db *db, const char *url);
    void (*close)(struct db *db);
    int (*prepare)(struct db *db, struct db_stmt *st, const char *sql);
    void (*finalize)(struct db_stmt *st);
    int (*bind_text)(struct db_stmt *st, int i, const char *s, size_t len);
    int (*bind_int64)(struct db_stmt *st, int i, int64_t v);
    int (*bind_double)(struct db_stmt *st, int i, double v);
    int (*bind_bool)(struct db_stmt *st, int i, bool v);
    int (*bind_blob)(struct db_stmt *st, int i, const void *p, size_t len);
    int (*bind_null)(struct db_stmt *st, int i);
    int (*step)(struct db_stmt *st);
    void (*reset)(struct db_stmt *st);
    bool (*col_isnull)(struct db_stmt *st, int i);
    const char *(*col_text)(struct db_stmt *st, int i);
    int64_t (*col_int64)(struct db_stmt *st, int i); /* NULL: parsed from the text */
    double (*col_double)(struct db_stmt *st, int i); /* NULL: parsed from the text */
    size_t (*col_len)(struct db_stmt *st, int i);
    const void *(*col_blob)(struct db_stmt *st, int i, size_t *len);
    int (*exec)(struct db *db, const char *sql);
    int (*ping)(struct db *db);
    int (*backup)(struct db *db, const char *file);
    int (*restore)(struct db *db, const char *file);
    const char *begin_write_sql;
};

enum { DB_CACHE_SLOTS = 256 };

struct db {
    enum db_kind kind;
    const struct db_backend *be;
    void *handle; /* sqlite3 * or PGconn * */
    char *url;    /* as given to db_open */
    char errmsg[512];
    bool in_tx;
    int slot;
    unsigned long generation; /* bumps when a reconnect invalidates prepared statements */
    unsigned long next_stmt_id;
    struct {
        const char *sql;
        struct db_stmt *st;
    } cache[DB_CACHE_SLOTS];
};

struct db_stmt {
    struct db *db;
    const char *sql;
    bool cached;
    bool in_use;
    unsigned long generation;
    void *impl; /* backend's statement */
};

extern const struct db_backend db_backend_sqlite;
extern const struct db_backend db_backend_pg;

void db_set_error(struct db *db, const char *msg);
void db_slot_state(struct db *db, enum db_conn_state s);
void db_slot_count(struct db *db, bool error);

#endif
