/* fuzz_sqlrewrite: the $N -> ?N placeholder rewrite that db_sqlite.c applies to every statement
 * (db_sql_rewrite in src/db/db.c). When the rewrite succeeds:
 *  - the output has the input's length and differs only where a "$<digit>" became "?<digit>";
 *  - outside quotes and comments no '$' is followed by a digit, and each "?" that replaced a '$'
 *    carries a number from 1 to 999;
 *  - appending to a buffer that already holds text keeps that text and adds the same bytes;
 *  - when SQLite itself compiles the output, none of its parameters is a "$<digit>" (SQLite's own
 *    tokenizer is the judge of what is quoted). Brackets and backticks, SQLite-only quoting that
 *    the portable dialect does not use, skip this last check. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The same lexical rules as the rewrite, applied to its output. */
static void
check_no_dollar_digit(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        char c = s[i];
        if (c == '\'' || c == '"') {
            size_t j = i + 1;
            while (j < len && !(s[j] == c && !(j + 1 < len && s[j + 1] == c)))
                j += s[j] == c ? 2 : 1;
            if (j >= len)
                abort(); /* the rewrite accepted an unterminated quote */
            i = j + 1;
        } else if (c == '-' && i + 1 < len && s[i + 1] == '-') {
            while (i < len && s[i] != '\n')
                i++;
        } else if (c == '/' && i + 1 < len && s[i + 1] == '*') {
            size_t j = i + 2;
            while (j + 1 < len && !(s[j] == '*' && s[j + 1] == '/'))
                j++;
            if (j + 1 >= len)
                abort(); /* the rewrite accepted an unterminated comment */
            i = j + 2;
        } else if (c == '$' && i + 1 < len && digit(s[i + 1])) {
            abort();
        } else {
            i++;
        }
    }
}

static int
deny_side_effects(void *arg, int action, const char *a, const char *b, const char *c, const char *d)
{
    (void)arg;
    (void)a;
    (void)b;
    (void)c;
    (void)d;
    /* pragmas act while they are compiled; attaching opens files */
    if (action == SQLITE_PRAGMA || action == SQLITE_ATTACH || action == SQLITE_DETACH)
        return SQLITE_DENY;
    return SQLITE_OK;
}

static sqlite3 *
conn(void)
{
    static sqlite3 *db;
    if (!db) {
        if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
            SQLITE_OK)
            abort();
        if (sqlite3_exec(db,
                         "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b BIGINT, c BOOLEAN);"
                         "CREATE TABLE units (id INTEGER PRIMARY KEY, code TEXT, name TEXT)",
                         NULL, NULL, NULL) != SQLITE_OK)
            abort();
        sqlite3_set_authorizer(db, deny_side_effects, NULL);
    }
    return db;
}

/* Compiles every statement of sql in SQLite (nothing is run) and checks its parameter names. */
static void
check_with_sqlite(const char *sql, size_t len)
{
    if (memchr(sql, '[', len) || memchr(sql, '`', len) || memchr(sql, '\0', len))
        return;
    sqlite3 *db = conn();
    const char *p = sql, *end = sql + len;
    while (p < end) {
        sqlite3_stmt *st = NULL;
        const char *tail = NULL;
        if (sqlite3_prepare_v2(db, p, (int)(end - p), &st, &tail) != SQLITE_OK)
            return;
        if (st) {
            int n = sqlite3_bind_parameter_count(st);
            for (int i = 1; i <= n; i++) {
                const char *name = sqlite3_bind_parameter_name(st, i);
                if (name && name[0] == '$' && digit(name[1]))
                    abort();
            }
            sqlite3_finalize(st);
        }
        if (!tail || tail <= p)
            return;
        p = tail;
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *sql = (const char *)data;
    struct buf out = BUF_INIT;
    int rc = db_sql_rewrite(sql, size, &out);
    if (rc != 0) {
        if (rc != ZE_INVAL)
            abort();
        buf_free(&out);
        return 0;
    }
    if (!out.p || out.len != size || out.p[size] != '\0')
        abort();
    for (size_t i = 0; i < size; i++) {
        if (out.p[i] == sql[i])
            continue;
        if (sql[i] != '$' || out.p[i] != '?' || i + 1 >= size || !digit(sql[i + 1]))
            abort();
        unsigned n = 0;
        for (size_t j = i + 1; j < size && digit(sql[j]); j++)
            n = n * 10 + (unsigned)(sql[j] - '0');
        if (n < 1 || n > 999)
            abort();
    }
    check_no_dollar_digit(out.p, out.len);

    /* appending keeps what the buffer held */
    struct buf more = BUF_INIT;
    buf_puts(&more, "PREFIX ");
    if (db_sql_rewrite(sql, size, &more) != 0 || more.len != 7 + size ||
        memcmp(more.p, "PREFIX ", 7) != 0 || memcmp(more.p + 7, out.p, size) != 0)
        abort();
    buf_free(&more);

    check_with_sqlite(out.p, out.len);
    buf_free(&out);
    return 0;
}
