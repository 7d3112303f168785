/* test_db: the database layer on SQLite and, when ZONA_TEST_PG_URL names a scratch database, on
 * PostgreSQL, with the same test functions: a value stored is the value read back, constraint
 * violations are conflicts, transactions keep or discard, migrations apply once, blobs of every
 * size come back byte for byte, and a SQLite backup restores. Every test gets its own database:
 * a new SQLite file, or a new PostgreSQL schema chosen through the connection's search_path. */
#include <sys/stat.h>

#include <fcntl.h>
#include <float.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include "core/buf.h"
#include "core/config.h"
#include "core/embed.h"
#include "core/err.h"
#include "db/blob.h"
#include "db/db.h"
#include "db/migrate.h"

/* --- fixtures ------------------------------------------------------------------------------- */

struct engine {
    enum db_kind kind;
    char base_url[1024]; /* PostgreSQL: the scratch database */
    char dir[64];        /* SQLite: a temporary folder for the test databases */
    struct db *admin;    /* PostgreSQL: creates and drops the per-test schemas */
    int counter;
};

struct fx {
    struct engine *eng;
    char url[1400];
    char schema[64];
    char file[128];
    struct db *db;
};

static struct engine sqlite_engine = {.kind = DB_SQLITE};
static struct engine pg_engine = {.kind = DB_PG};

static int
common_setup(void)
{
    if (sodium_init() < 0)
        return -1;
    /* PostgreSQL connections read the statement timeout from the settings */
    return config_load() == 0 ? 0 : -1;
}

static int
sqlite_group_setup(void **state)
{
    if (common_setup() != 0)
        return -1;
    snprintf(sqlite_engine.dir, sizeof sqlite_engine.dir, "/tmp/zona-db-XXXXXX");
    if (!mkdtemp(sqlite_engine.dir))
        return -1;
    *state = &sqlite_engine;
    return 0;
}

static int
sqlite_group_teardown(void **state)
{
    (void)state;
    rmdir(sqlite_engine.dir);
    config_free();
    return 0;
}

static int
pg_group_setup(void **state)
{
    if (common_setup() != 0)
        return -1;
    snprintf(pg_engine.base_url, sizeof pg_engine.base_url, "%s", getenv("ZONA_TEST_PG_URL"));
    if (db_open(pg_engine.base_url, &pg_engine.admin) != 0) {
        print_error("cannot connect to ZONA_TEST_PG_URL=%s\n", pg_engine.base_url);
        return -1;
    }
    *state = &pg_engine;
    return 0;
}

static int
pg_group_teardown(void **state)
{
    (void)state;
    db_close(pg_engine.admin);
    pg_engine.admin = NULL;
    config_free();
    return 0;
}

static void
exec_ok(struct db *db, const char *sql)
{
    int rc = db_exec(db, sql);
    if (rc != 0)
        fail_msg("%s: %d %s", sql, rc, db_errmsg(db));
}

static int
fx_setup(void **state)
{
    struct engine *e = *state;
    struct fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->eng = e;
    e->counter++;
    if (e->kind == DB_SQLITE) {
        snprintf(f->file, sizeof f->file, "%s/t%d.db", e->dir, e->counter);
        snprintf(f->url, sizeof f->url, "sqlite:%s", f->file);
    } else {
        snprintf(f->schema, sizeof f->schema, "zona_unit_%ld_%d", (long)getpid(), e->counter);
        char sql[256];
        snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s", f->schema,
                 f->schema);
        if (db_exec(e->admin, sql) != 0) {
            print_error("%s: %s\n", sql, db_errmsg(e->admin));
            free(f);
            return -1;
        }
        snprintf(f->url, sizeof f->url, "%s%coptions=-csearch_path%%3D%s", e->base_url,
                 strchr(e->base_url, '?') ? '&' : '?', f->schema);
    }
    if (db_open(f->url, &f->db) != 0) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static void
remove_sqlite_files(const char *file)
{
    static const char *suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char p[160];
        snprintf(p, sizeof p, "%s%s", file, suffixes[i]);
        unlink(p);
    }
}

static int
fx_teardown(void **state)
{
    struct fx *f = *state;
    db_close(f->db);
    if (f->eng->kind == DB_SQLITE) {
        remove_sqlite_files(f->file);
    } else {
        char sql[256];
        snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", f->schema);
        (void)db_exec(f->eng->admin, sql);
    }
    free(f);
    return 0;
}

static struct db *
second_connection(struct fx *f)
{
    struct db *db = NULL;
    assert_int_equal(db_open(f->url, &db), 0);
    return db;
}

static void
migrate_ok(struct db *db)
{
    int n = -1;
    int rc = migrate_run(db, &n);
    if (rc != 0)
        fail_msg("migrate_run: %d %s", rc, db_errmsg(db));
}

static int64_t
count_rows(struct db *db, const char *sql, int64_t arg)
{
    struct db_stmt *st;
    assert_int_equal(db_prepare_dynamic(db, sql, &st), 0);
    if (strstr(sql, "$1"))
        assert_int_equal(db_bind_int64(st, 1, arg), 0);
    assert_int_equal(db_step(st), DB_ROW);
    int64_t n = db_col_int64(st, 0);
    db_finalize(st);
    return n;
}

/* --- db_sql_rewrite (pure) ------------------------------------------------------------------ */

static void
expect_rewrite(const char *sql, const char *want)
{
    struct buf out = BUF_INIT;
    int rc = db_sql_rewrite(sql, strlen(sql), &out);
    if (rc != 0)
        fail_msg("rewrite of %s failed: %d", sql, rc);
    assert_non_null(out.p);
    assert_string_equal(out.p, want);
    buf_free(&out);
}

static void
expect_rewrite_error(const char *sql)
{
    struct buf out = BUF_INIT;
    int rc = db_sql_rewrite(sql, strlen(sql), &out);
    buf_free(&out);
    if (rc != ZE_INVAL)
        fail_msg("rewrite of %s gave %d, expected ZE_INVAL", sql, rc);
}

static void
rewrite_placeholders(void **state)
{
    (void)state;
    expect_rewrite("SELECT $1", "SELECT ?1");
    expect_rewrite("SELECT $2, $1, $2", "SELECT ?2, ?1, ?2");
    expect_rewrite("WHERE a = $12 AND b = $999", "WHERE a = ?12 AND b = ?999");
    expect_rewrite("VALUES ($1,$2)", "VALUES (?1,?2)");
    expect_rewrite("", "");
    expect_rewrite("SELECT 1", "SELECT 1");
    /* a '$' not followed by a digit is not a placeholder */
    expect_rewrite("SELECT '$' || $1 || $a || $", "SELECT '$' || ?1 || $a || $");
}

static void
rewrite_leaves_quotes_and_comments_alone(void **state)
{
    (void)state;
    expect_rewrite("SELECT '$1', $1", "SELECT '$1', ?1");
    expect_rewrite("SELECT \"$1\" FROM t WHERE x = $2", "SELECT \"$1\" FROM t WHERE x = ?2");
    expect_rewrite("SELECT 1 -- $1 in a comment\n, $1", "SELECT 1 -- $1 in a comment\n, ?1");
    expect_rewrite("SELECT $1 -- trailing $2", "SELECT ?1 -- trailing $2");
    expect_rewrite("SELECT /* $1 */ $2", "SELECT /* $1 */ ?2");
    expect_rewrite("SELECT /* multi\nline $3 */ $1", "SELECT /* multi\nline $3 */ ?1");
    expect_rewrite("SELECT 5-$1", "SELECT 5-?1");
}

static void
rewrite_doubled_quotes_stay_inside(void **state)
{
    (void)state;
    /* boundary: doubled quotes inside a literal stay inside it */
    expect_rewrite("SELECT 'it''s $1', $1", "SELECT 'it''s $1', ?1");
    expect_rewrite("SELECT '''$1'''", "SELECT '''$1'''");
    expect_rewrite("SELECT \"a\"\"$1\", $2", "SELECT \"a\"\"$1\", ?2");
    expect_rewrite("SELECT '', $1, ''''", "SELECT '', ?1, ''''");
    expect_rewrite("SELECT '\"$1', \"'$2\", $3", "SELECT '\"$1', \"'$2\", ?3");
}

static void
rewrite_rejects_malformed(void **state)
{
    (void)state;
    expect_rewrite_error("SELECT 'unterminated $1");
    expect_rewrite_error("SELECT \"unterminated");
    expect_rewrite_error("SELECT 'it''s");
    expect_rewrite_error("SELECT /* never closed $1");
    expect_rewrite_error("SELECT $0");
    expect_rewrite_error("SELECT $1000");
    expect_rewrite_error("SELECT $99999999999999999999");
    expect_rewrite_error("SELECT $00");
}

static void
rewrite_appends(void **state)
{
    (void)state;
    struct buf out = BUF_INIT;
    buf_puts(&out, "-- head\n");
    assert_int_equal(db_sql_rewrite("SELECT $1", 9, &out), 0);
    assert_string_equal(out.p, "-- head\nSELECT ?1");
    buf_reset(&out);
    /* only len bytes */
    assert_int_equal(db_sql_rewrite("SELECT $1, $2", 9, &out), 0);
    assert_string_equal(out.p, "SELECT ?1");
    buf_free(&out);
}

static void
open_rejects_bad_urls(void **state)
{
    (void)state;
    struct db *db = (struct db *)(uintptr_t)1; /* anything but NULL */
    assert_int_equal(db_open(NULL, &db), ZE_INVAL);
    assert_null(db);
    assert_int_equal(db_open("mysql://localhost/x", &db), ZE_INVAL);
    assert_null(db);
    assert_int_equal(db_open("/tmp/x.db", &db), ZE_INVAL);
    assert_int_equal(db_open("", &db), ZE_INVAL);
    assert_int_equal(db_open("sqlite:/nonexistent-zona-dir/sub/x.db", &db), ZE_DB);
    assert_null(db);
    db_close(NULL);
    db_finalize(NULL);
}

/* --- connections and migrations ------------------------------------------------------------- */

static void
db_opens_and_answers(void **state)
{
    struct fx *f = *state;
    assert_int_equal(db_kind(f->db), f->eng->kind);
    assert_int_equal(db_ping(f->db), 0);
    assert_false(db_in_transaction(f->db));
    assert_non_null(db_errmsg(f->db));
}

struct sql_files {
    int n;
    int max_version;
};

static void
count_sql(const char *path, void *arg)
{
    struct sql_files *s = arg;
    size_t n = strlen(path);
    if (n < 4 || strcmp(path + n - 4, ".sql") != 0)
        return;
    s->n++;
    int v = atoi(strrchr(path, '/') + 1);
    if (v > s->max_version)
        s->max_version = v;
}

static void
migrate_applies_once(void **state)
{
    struct fx *f = *state;
    struct sql_files s = {0, 0};
    embed_each("sql/", count_sql, &s);
    assert_true(s.n >= 1);
    int n = -1;
    int rc = migrate_run(f->db, &n);
    if (rc != 0)
        fail_msg("migrate_run: %d %s", rc, db_errmsg(f->db));
    assert_int_equal(n, s.n);
    assert_int_equal(migrate_version(f->db), s.max_version);
    assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM schema_migrations", 0), s.n);
    /* the platform tables are there */
    assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM blobs", 0), 0);
    assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM blob_chunks", 0), 0);
    assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM meta", 0), 0);
    /* a second run, and a run from another connection, apply nothing */
    assert_int_equal(migrate_run(f->db, &n), 0);
    assert_int_equal(n, 0);
    struct db *other = second_connection(f);
    assert_int_equal(migrate_run(other, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(migrate_version(other), s.max_version);
    db_close(other);
    assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM schema_migrations", 0), s.n);
    assert_int_equal(migrate_run(f->db, NULL), 0);
    assert_false(db_in_transaction(f->db));
}

static void
migrate_version_of_an_empty_database_is_zero(void **state)
{
    struct fx *f = *state;
    /* db/migrate.h: "The highest applied version, 0 for an empty database" */
    assert_int_equal(migrate_version(f->db), 0);
}

/* --- values --------------------------------------------------------------------------------- */

static const char q_vals[] = "CREATE TABLE vals (k BIGINT PRIMARY KEY, s TEXT, i BIGINT, "
                             "d DOUBLE PRECISION, b BOOLEAN, bl BYTEA)";
static const char q_put_text[] = "INSERT INTO vals (k, s) VALUES ($1, $2)";
static const char q_put_int[] = "INSERT INTO vals (k, i) VALUES ($1, $2)";
static const char q_put_double[] = "INSERT INTO vals (k, d) VALUES ($1, $2)";
static const char q_put_bool[] = "INSERT INTO vals (k, b) VALUES ($1, $2)";
static const char q_put_blob[] = "INSERT INTO vals (k, bl) VALUES ($1, $2)";
static const char q_put_nulls[] =
    "INSERT INTO vals (k, s, i, d, b, bl) VALUES ($1, $2, $3, $4, $5, "
    "$6)";
static const char q_get[] = "SELECT s, i, d, b, bl FROM vals WHERE k = $1";

enum { C_S, C_I, C_D, C_B, C_BL };

static struct db_stmt *
get_row(struct db *db, int64_t k)
{
    struct db_stmt *st;
    assert_int_equal(db_prepare(db, q_get, &st), 0);
    assert_int_equal(db_bind_int64(st, 1, k), 0);
    int rc = db_step(st);
    if (rc != DB_ROW)
        fail_msg("row %lld: step gave %d %s", (long long)k, rc, db_errmsg(db));
    return st;
}

static void
step_done(struct db *db, struct db_stmt *st)
{
    int rc = db_step(st);
    if (rc != DB_DONE)
        fail_msg("step gave %d, expected DB_DONE: %s", rc, db_errmsg(db));
    db_finalize(st);
}

static void
put_text(struct db *db, int64_t k, const char *s, long len)
{
    struct db_stmt *st;
    assert_int_equal(db_prepare(db, q_put_text, &st), 0);
    assert_int_equal(db_bind_int64(st, 1, k), 0);
    assert_int_equal(db_bind_text(st, 2, s, len), 0);
    step_done(db, st);
}

static void
values_text_round_trips(void **state)
{
    struct fx *f = *state;
    exec_ok(f->db, q_vals);
    const char *texts[] = {
        "plain",
        "",
        "Zona Integritas \xe2\x80\x94 Wilayah Bebas dari Korupsi",
        "caf\xc3\xa9 \xf0\x9f\x98\x80 \xe4\xb8\xad\xe6\x96\x87",
        "quotes ' \" and $1 ?1 -- not SQL",
        "line\nbreaks\r\nand\ttabs",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        put_text(f->db, (int64_t)i, texts[i], -1);
    put_text(f->db, 100, "abcdef", 3);
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        struct db_stmt *st = get_row(f->db, (int64_t)i);
        assert_false(db_col_isnull(st, C_S)); /* '' is not NULL */
        assert_string_equal(db_col_text(st, C_S), texts[i]);
        assert_int_equal(db_col_len(st, C_S), strlen(texts[i]));
        step_done(f->db, st);
    }
    struct db_stmt *st = get_row(f->db, 100);
    assert_string_equal(db_col_text(st, C_S), "abc");
    db_finalize(st);
}

static void
values_int64_extremes_round_trip(void **state)
{
    struct fx *f = *state;
    exec_ok(f->db, q_vals);
    const int64_t v[] = {
        0,         1,         -1,           1500000, INT64_C(1795770300000), INT32_MAX + INT64_C(1),
        INT64_MAX, INT64_MIN, INT64_MIN + 1};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        struct db_stmt *st;
        assert_int_equal(db_prepare(f->db, q_put_int, &st), 0);
        db_bind_int64(st, 1, (int64_t)i);
        db_bind_int64(st, 2, v[i]);
        step_done(f->db, st);
    }
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        struct db_stmt *st = get_row(f->db, (int64_t)i);
        if (db_col_int64(st, C_I) != v[i])
            fail_msg("%lld came back as %lld", (long long)v[i], (long long)db_col_int64(st, C_I));
        db_finalize(st);
    }
    /* and as keys */
    struct db_stmt *st;
    assert_int_equal(db_prepare(f->db, q_put_int, &st), 0);
    db_bind_int64(st, 1, INT64_MIN);
    db_bind_int64(st, 2, 7);
    step_done(f->db, st);
    st = get_row(f->db, INT64_MIN);
    assert_int_equal(db_col_int64(st, C_I), 7);
    db_finalize(st);
}

static void
values_doubles_round_trip(void **state)
{
    struct fx *f = *state;
    exec_ok(f->db, q_vals);
    const double v[] = {0.0,       87.25,     -0.5,      1e300,   -1e-300, 123456789.125, 0.1,
                        0.1 + 0.2, 1.0 / 3.0, 2.0 / 3.0, DBL_MAX, DBL_MIN, DBL_TRUE_MIN};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        struct db_stmt *st;
        assert_int_equal(db_prepare(f->db, q_put_double, &st), 0);
        db_bind_int64(st, 1, (int64_t)i);
        db_bind_double(st, 2, v[i]);
        step_done(f->db, st);
    }
    int wrong = 0;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        struct db_stmt *st = get_row(f->db, (int64_t)i);
        double got = db_col_double(st, C_D);
        if (got != v[i]) {
            print_error("%.17g came back as %.17g (column text \"%s\")\n", v[i], got,
                        db_col_text(st, C_D));
            wrong++;
        }
        db_finalize(st);
    }
    if (wrong)
        fail_msg("%d double(s) did not come back as stored", wrong);
}

static const char q_bool_literals[] = "SELECT TRUE, FALSE, (1 < 2), (2 < 1)";

static void
values_bools_on_both_engines(void **state)
{
    struct fx *f = *state;
    exec_ok(f->db, q_vals);
    for (int k = 0; k < 2; k++) {
        struct db_stmt *st;
        assert_int_equal(db_prepare(f->db, q_put_bool, &st), 0);
        db_bind_int64(st, 1, k);
        db_bind_bool(st, 2, k == 1);
        step_done(f->db, st);
    }
    struct db_stmt *st = get_row(f->db, 0);
    assert_false(db_col_isnull(st, C_B));
    assert_false(db_col_bool(st, C_B));
    db_finalize(st);
    st = get_row(f->db, 1);
    assert_true(db_col_bool(st, C_B));
    db_finalize(st);
    /* bools from SQL itself */
    assert_int_equal(db_prepare(f->db, q_bool_literals, &st), 0);
    assert_int_equal(db_step(st), DB_ROW);
    assert_true(db_col_bool(st, 0));
    assert_false(db_col_bool(st, 1));
    assert_true(db_col_bool(st, 2));
    assert_false(db_col_bool(st, 3));
    step_done(f->db, st);
    /* as a filter parameter */
    static const char q_where_b[] = "SELECT k FROM vals WHERE b = $1";
    assert_int_equal(db_prepare(f->db, q_where_b, &st), 0);
    db_bind_bool(st, 1, true);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int64(st, 0), 1);
    step_done(f->db, st);
}

static void
values_nulls(void **state)
{
    struct fx *f = *state;
    exec_ok(f->db, q_vals);
    struct db_stmt *st;
    assert_int_equal(db_prepare(f->db, q_put_nulls, &st), 0);
    db_bind_int64(st, 1, 1);
    db_bind_null(st, 2);
    db_bind_null(st, 3);
    db_bind_null(st, 4);
    db_bind_null(st, 5);
    db_bind_null(st, 6);
    step_done(f->db, st);
    /* a NULL string binds as NULL */
    assert_int_equal(db_prepare(f->db, q_put_text, &st), 0);
    db_bind_int64(st, 1, 2);
    db_bind_text(st, 2, NULL, -1);
    step_done(f->db, st);
    for (int k = 1; k <= 2; k++) {
        st = get_row(f->db, k);
        for (int c = C_S; c <= C_BL; c++)
            assert_true(db_col_isnull(st, c));
        assert_string_equal(db_col_text(st, C_S), "");
        assert_int_equal(db_col_int64(st, C_I), 0);
        assert_true(db_col_double(st, C_D) == 0.0);
        assert_false(db_col_bool(st, C_B));
        size_t len = 99;
        assert_non_null(db_col_blob(st, C_BL, &len));
        assert_int_equal(len, 0);
        db_finalize(st);
    }
}

static void
put_blob(struct db *db, int64_t k, const void *p, size_t len)
{
    struct db_stmt *st;
    assert_int_equal(db_prepare(db, q_put_blob, &st), 0);
    db_bind_int64(st, 1, k);
    assert_int_equal(db_bind_blob(st, 2, p, len), 0);
    step_done(db, st);
}

static void
expect_blob(struct db *db, int64_t k, const void *p, size_t len)
{
    struct db_stmt *st = get_row(db, k);
    assert_false(db_col_isnull(st, C_BL));
    size_t got = 12345;
    const void *b = db_col_blob(st, C_BL, &got);
    assert_non_null(b);
    assert_int_equal(got, len);
    if (len)
        assert_memory_equal(b, p, len);
    db_finalize(st);
}

static void
values_blobs_with_any_bytes(void **state)
{
    struct fx *f = *state;
    exec_ok(f->db, q_vals);
    unsigned char all[256], nuls[4] = {0, 0, 0, 0}, big[100000];
    for (int i = 0; i < 256; i++)
        all[i] = (unsigned char)i;
    randombytes_buf(big, sizeof big);
    put_blob(f->db, 1, all, sizeof all);
    put_blob(f->db, 2, nuls, sizeof nuls);
    put_blob(f->db, 3, "", 0);
    put_blob(f->db, 4, "\\x41", 4); /* looks like bytea hex, is not */
    put_blob(f->db, 5, big, sizeof big);
    expect_blob(f->db, 1, all, sizeof all);
    expect_blob(f->db, 2, nuls, sizeof nuls);
    expect_blob(f->db, 3, "", 0); /* an empty blob, not a NULL */
    expect_blob(f->db, 4, "\\x41", 4);
    expect_blob(f->db, 5, big, sizeof big);
}

/* --- constraints and transactions ----------------------------------------------------------- */

static const char q_codes[] = "CREATE TABLE codes (code TEXT PRIMARY KEY, n BIGINT NOT NULL)";
static const char q_put_code[] = "INSERT INTO codes (code, n) VALUES ($1, $2)";
static const char q_count_codes[] = "SELECT COUNT(*) FROM codes";

static int
put_code(struct db *db, const char *code, int64_t n)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_put_code, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, code, -1);
    db_bind_int64(st, 2, n);
    rc = db_step(st);
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}

static int64_t
codes(struct db *db)
{
    return count_rows(db, q_count_codes, 0);
}

static void
unique_violation_is_a_conflict(void **state)
{
    struct fx *f = *state;
    exec_ok(f->db, q_codes);
    assert_int_equal(put_code(f->db, "3573", 1), 0);
    assert_int_equal(put_code(f->db, "3573", 2), ZE_CONFLICT);
    assert_true(strlen(db_errmsg(f->db)) > 0);
    /* the connection is still good */
    assert_int_equal(put_code(f->db, "3574", 3), 0);
    assert_int_equal(codes(f->db), 2);
    /* the same inside a transaction, which the caller then rolls back */
    assert_int_equal(db_begin_write(f->db), 0);
    assert_int_equal(put_code(f->db, "3575", 4), 0);
    assert_int_equal(put_code(f->db, "3573", 5), ZE_CONFLICT);
    db_rollback(f->db);
    assert_false(db_in_transaction(f->db));
    assert_int_equal(codes(f->db), 2);
    assert_int_equal(put_code(f->db, "3575", 6), 0);
    assert_int_equal(codes(f->db), 3);
}

static void
foreign_key_violation_is_a_conflict(void **state)
{
    struct fx *f = *state;
    exec_ok(f->db, "CREATE TABLE parents (id BIGINT PRIMARY KEY)");
    exec_ok(f->db, "CREATE TABLE children (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL "
                   "REFERENCES parents (id))");
    exec_ok(f->db, "INSERT INTO parents (id) VALUES (1)");
    exec_ok(f->db, "INSERT INTO children (id, parent_id) VALUES (1, 1)");
    assert_int_equal(db_exec(f->db, "INSERT INTO children (id, parent_id) VALUES (2, 99)"),
                     ZE_CONFLICT);
    static const char q_child[] = "INSERT INTO children (id, parent_id) VALUES ($1, $2)";
    struct db_stmt *st;
    assert_int_equal(db_prepare(f->db, q_child, &st), 0);
    db_bind_int64(st, 1, 3);
    db_bind_int64(st, 2, 42);
    assert_int_equal(db_step(st), ZE_CONFLICT);
    db_finalize(st);
    assert_int_equal(db_exec(f->db, "DELETE FROM parents WHERE id = 1"), ZE_CONFLICT);
    assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM children", 0), 1);
}

static void
rollback_discards_and_commit_keeps(void **state)
{
    struct fx *f = *state;
    exec_ok(f->db, q_codes);
    assert_int_equal(db_begin_write(f->db), 0);
    assert_true(db_in_transaction(f->db));
    assert_int_equal(put_code(f->db, "a", 1), 0);
    assert_int_equal(put_code(f->db, "b", 2), 0);
    assert_int_equal(codes(f->db), 2); /* the transaction sees its own writes */
    db_rollback(f->db);
    assert_false(db_in_transaction(f->db));
    assert_int_equal(codes(f->db), 0);

    assert_int_equal(db_begin_write(f->db), 0);
    assert_int_equal(put_code(f->db, "c", 3), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_false(db_in_transaction(f->db));
    assert_int_equal(codes(f->db), 1);

    /* a rollback without a transaction is harmless */
    db_rollback(f->db);
    db_rollback(f->db);
    assert_int_equal(codes(f->db), 1);
    assert_int_equal(put_code(f->db, "d", 4), 0);
    assert_int_equal(codes(f->db), 2);
}

static void
uncommitted_writes_are_invisible_to_others(void **state)
{
    struct fx *f = *state;
    exec_ok(f->db, q_codes);
    struct db *other = second_connection(f);
    assert_int_equal(db_begin_write(f->db), 0);
    assert_int_equal(put_code(f->db, "x", 1), 0);
    assert_int_equal(codes(other), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(codes(other), 1);
    /* a read transaction gives one consistent view */
    assert_int_equal(db_begin_read(other), 0);
    assert_true(db_in_transaction(other));
    assert_int_equal(codes(other), 1);
    assert_int_equal(db_commit(other), 0);
    db_close(other);
}

/* --- the statement cache -------------------------------------------------------------------- */

static const char q_seq[] = "CREATE TABLE seq (n BIGINT PRIMARY KEY)";
static const char q_seq_fill[] = "INSERT INTO seq (n) VALUES (1), (2), (3), (4), (5)";
static const char q_seq_from[] = "SELECT n FROM seq WHERE n >= $1 ORDER BY n";

static void
cache_reuses_a_statement_sequentially(void **state)
{
    struct fx *f = *state;
    exec_ok(f->db, q_seq);
    exec_ok(f->db, q_seq_fill);
    struct db_stmt *st1, *st2;
    assert_int_equal(db_prepare(f->db, q_seq_from, &st1), 0);
    db_bind_int64(st1, 1, 4);
    assert_int_equal(db_step(st1), DB_ROW);
    assert_int_equal(db_col_int64(st1, 0), 4);
    db_finalize(st1); /* with a row left unread */
    assert_int_equal(db_prepare(f->db, q_seq_from, &st2), 0);
    assert_ptr_equal(st2, st1); /* the cached statement, ready again */
    db_bind_int64(st2, 1, 2);
    for (int64_t n = 2; n <= 5; n++) {
        assert_int_equal(db_step(st2), DB_ROW);
        assert_int_equal(db_col_int64(st2, 0), n);
    }
    step_done(f->db, st2);
    /* the last bindings are gone: new ones give new rows */
    assert_int_equal(db_prepare(f->db, q_seq_from, &st1), 0);
    db_bind_int64(st1, 1, 5);
    assert_int_equal(db_step(st1), DB_ROW);
    assert_int_equal(db_col_int64(st1, 0), 5);
    step_done(f->db, st1);
}

static void
cache_serves_the_same_statement_twice_at_once(void **state)
{
    struct fx *f = *state;
    exec_ok(f->db, q_seq);
    exec_ok(f->db, q_seq_fill);
    struct db_stmt *outer, *inner;
    assert_int_equal(db_prepare(f->db, q_seq_from, &outer), 0);
    db_bind_int64(outer, 1, 3);
    int64_t seen = 0;
    while (db_step(outer) == DB_ROW) {
        int64_t n = db_col_int64(outer, 0);
        /* the same SQL while the outer one is still stepping */
        assert_int_equal(db_prepare(f->db, q_seq_from, &inner), 0);
        assert_true(inner != outer);
        db_bind_int64(inner, 1, n);
        int64_t count = 0;
        while (db_step(inner) == DB_ROW)
            count++;
        db_finalize(inner);
        assert_int_equal(count, 5 - n + 1);
        assert_int_equal(db_col_int64(outer, 0), n); /* the outer row is untouched */
        seen += n;
    }
    assert_int_equal(seen, 3 + 4 + 5);
    db_finalize(outer);
    assert_int_equal(db_prepare(f->db, q_seq_from, &inner), 0);
    assert_ptr_equal(inner, outer);
    db_finalize(inner);
}

static char many_sql[300][48];

static void
cache_overflow_still_works(void **state)
{
    struct fx *f = *state;
    /* more distinct static statements than the cache has slots */
    for (int i = 0; i < 300; i++) {
        snprintf(many_sql[i], sizeof many_sql[i], "SELECT %d + $1", i);
        struct db_stmt *st;
        int rc = db_prepare(f->db, many_sql[i], &st);
        if (rc != 0)
            fail_msg("statement %d: %d %s", i, rc, db_errmsg(f->db));
        db_bind_int64(st, 1, 1000);
        assert_int_equal(db_step(st), DB_ROW);
        assert_int_equal(db_col_int64(st, 0), 1000 + i);
        db_finalize(st);
    }
    for (int i = 299; i >= 0; i -= 37) {
        struct db_stmt *st;
        assert_int_equal(db_prepare(f->db, many_sql[i], &st), 0);
        db_bind_int64(st, 1, 1);
        assert_int_equal(db_step(st), DB_ROW);
        assert_int_equal(db_col_int64(st, 0), 1 + i);
        db_finalize(st);
    }
}

static void
dynamic_statements(void **state)
{
    struct fx *f = *state;
    struct buf sql = BUF_INIT;
    buf_printf(&sql, "SELECT %d, $1", 7);
    struct db_stmt *st;
    assert_int_equal(db_prepare_dynamic(f->db, sql.p, &st), 0);
    db_bind_text(st, 1, "x", -1);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int64(st, 0), 7);
    assert_string_equal(db_col_text(st, 1), "x");
    db_finalize(st);
    buf_free(&sql);
    /* malformed SQL fails at prepare (SQLite) or at its first step (PostgreSQL) */
    int rc = db_prepare_dynamic(f->db, "SELEKT nonsense", &st);
    if (rc == 0) {
        rc = db_step(st);
        db_finalize(st);
        assert_true(rc < 0);
    } else {
        assert_null(st);
    }
    assert_true(strlen(db_errmsg(f->db)) > 0);
    assert_int_equal(db_ping(f->db), 0);
}

/* --- portable SQL --------------------------------------------------------------------------- */

static void
like_with_lower_matches_the_same_everywhere(void **state)
{
    struct fx *f = *state;
    exec_ok(f->db, "CREATE TABLE names (id BIGINT PRIMARY KEY, name TEXT NOT NULL)");
    exec_ok(f->db, "INSERT INTO names (id, name) VALUES (1, 'Kota Batu'), (2, 'KABUPATEN MALANG'), "
                   "(3, 'batu bara'), (4, 'Batam'), (5, 'BATU')");
    static const char q_like[] =
        "SELECT id FROM names WHERE lower(name) LIKE lower($1) ORDER BY id";
    struct {
        const char *pattern;
        const char *want;
    } cases[] = {
        {"%BATU%", "1,3,5,"}, {"%batu%", "1,3,5,"}, {"Bat%", "3,4,5,"},
        {"%malang", "2,"},    {"batu", "5,"},       {"%kab%mal%", "2,"},
        {"nothing%", ""},     {"b_tam", "4,"},      {"%", "1,2,3,4,5,"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct db_stmt *st;
        assert_int_equal(db_prepare(f->db, q_like, &st), 0);
        db_bind_text(st, 1, cases[i].pattern, -1);
        char got[64] = "";
        while (db_step(st) == DB_ROW) {
            size_t n = strlen(got);
            snprintf(got + n, sizeof got - n, "%lld,", (long long)db_col_int64(st, 0));
        }
        db_finalize(st);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("%s matched %s, expected %s", cases[i].pattern, got, cases[i].want);
    }
}

static void
returning_and_upsert_work_everywhere(void **state)
{
    struct fx *f = *state;
    migrate_ok(f->db);
    static const char q_upsert[] =
        "INSERT INTO meta (key, value, updated_at) VALUES ($1, $2, $3) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value RETURNING key, value";
    for (int round = 0; round < 2; round++) {
        struct db_stmt *st;
        assert_int_equal(db_prepare(f->db, q_upsert, &st), 0);
        db_bind_text(st, 1, "k", -1);
        db_bind_text(st, 2, round ? "second" : "first", -1);
        db_bind_int64(st, 3, 1);
        assert_int_equal(db_step(st), DB_ROW);
        assert_string_equal(db_col_text(st, 0), "k");
        assert_string_equal(db_col_text(st, 1), round ? "second" : "first");
        step_done(f->db, st);
    }
    assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM meta", 0), 1);
}

/* --- blobs ---------------------------------------------------------------------------------- */

static unsigned char *
random_bytes(size_t n, unsigned char salt)
{
    unsigned char *p = malloc(n ? n : 1);
    assert_non_null(p);
    randombytes_buf(p, n);
    if (n)
        p[0] = salt;
    return p;
}

static void
hex_of(const void *p, size_t n, char out[65])
{
    unsigned char d[32];
    crypto_hash_sha256(d, p, n);
    blob_hex(d, out);
}

static int
temp_file_with(const void *p, size_t n)
{
    char path[] = "/tmp/zona-blob-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(fd, (const char *)p + off, n - off);
        assert_true(w > 0);
        off += (size_t)w;
    }
    return fd; /* left at the end: blob_put_fd must read from the start anyway */
}

static void
expect_blob_content(struct db *db, const struct blob_info *b, const unsigned char *p, size_t n)
{
    unsigned char *got = malloc(n + 16);
    assert_non_null(got);
    size_t have = 0;
    assert_int_equal(blob_read(db, b, 0, got, n + 16, &have), 0);
    assert_int_equal(have, n);
    if (n)
        assert_memory_equal(got, p, n);
    free(got);
}

static const char q_chunks_of[] = "SELECT COUNT(*) FROM blob_chunks WHERE blob_id = $1";

static void
check_stored(struct db *db, const struct blob_info *b, const unsigned char *p, size_t n,
             const char *mime)
{
    char want[65];
    hex_of(p, n, want);
    assert_string_equal(b->sha256, want);
    assert_int_equal(b->size, n);
    assert_int_equal(b->chunks, (n + BLOB_CHUNK - 1) / BLOB_CHUNK);
    assert_string_equal(b->mime, mime);
    struct blob_info s;
    memset(&s, 0, sizeof s);
    assert_int_equal(blob_stat(db, want, &s), 0);
    assert_int_equal(s.id, b->id);
    assert_int_equal(s.size, b->size);
    assert_int_equal(s.chunks, b->chunks);
    assert_string_equal(s.mime, mime);
    assert_string_equal(s.sha256, want);
    assert_int_equal(count_rows(db, q_chunks_of, b->id), b->chunks);
    expect_blob_content(db, b, p, n);
}

static const size_t blob_sizes[] = {
    0, 1, BLOB_CHUNK - 1, BLOB_CHUNK, BLOB_CHUNK + 1, BLOB_CHUNK * 5 / 2};

static void
blobs_of_every_size_from_memory(void **state)
{
    struct fx *f = *state;
    migrate_ok(f->db);
    for (size_t i = 0; i < sizeof blob_sizes / sizeof blob_sizes[0]; i++) {
        size_t n = blob_sizes[i];
        unsigned char *p = random_bytes(n, (unsigned char)i);
        struct blob_info b;
        assert_int_equal(db_begin_write(f->db), 0);
        int rc = blob_put_mem(f->db, p, n, "application/pdf", &b);
        if (rc != 0)
            fail_msg("%zu bytes: %d %s", n, rc, db_errmsg(f->db));
        assert_int_equal(db_commit(f->db), 0);
        check_stored(f->db, &b, p, n, "application/pdf");
        free(p);
    }
}

static void
blobs_of_every_size_from_a_file(void **state)
{
    struct fx *f = *state;
    migrate_ok(f->db);
    for (size_t i = 0; i < sizeof blob_sizes / sizeof blob_sizes[0]; i++) {
        size_t n = blob_sizes[i];
        unsigned char *p = random_bytes(n, (unsigned char)(100 + i));
        int fd = temp_file_with(p, n);
        struct blob_info b;
        assert_int_equal(db_begin_write(f->db), 0);
        int rc = blob_put_fd(f->db, fd, "image/jpeg", &b);
        if (rc != 0)
            fail_msg("%zu bytes: %d %s", n, rc, db_errmsg(f->db));
        assert_int_equal(db_commit(f->db), 0);
        close(fd);
        check_stored(f->db, &b, p, n, "image/jpeg");
        free(p);
    }
}

static void
blobs_are_stored_once(void **state)
{
    struct fx *f = *state;
    migrate_ok(f->db);
    size_t n = BLOB_CHUNK + 10;
    unsigned char *p = random_bytes(n, 7);
    struct blob_info a, b, c, d;
    assert_int_equal(blob_put_mem(f->db, p, n, "application/pdf", &a), 0);
    assert_int_equal(blob_put_mem(f->db, p, n, "application/pdf", &b), 0);
    int fd = temp_file_with(p, n);
    assert_int_equal(blob_put_fd(f->db, fd, "application/pdf", &c), 0);
    close(fd);
    assert_int_equal(a.id, b.id);
    assert_int_equal(a.id, c.id);
    assert_string_equal(a.sha256, c.sha256);
    assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM blobs", 0), 1);
    assert_int_equal(count_rows(f->db, q_chunks_of, a.id), 2);
    /* one byte different is another blob */
    p[n - 1] ^= 1;
    assert_int_equal(blob_put_mem(f->db, p, n, "application/pdf", &d), 0);
    assert_true(d.id != a.id);
    assert_string_not_equal(d.sha256, a.sha256);
    assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM blobs", 0), 2);
    free(p);
    /* the empty blob is stored once too */
    assert_int_equal(blob_put_mem(f->db, "", 0, "text/plain", &a), 0);
    assert_int_equal(blob_put_mem(f->db, NULL, 0, "text/plain", &b), 0);
    assert_int_equal(a.id, b.id);
    assert_string_equal(a.sha256,
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void
blob_read_across_chunk_boundaries(void **state)
{
    struct fx *f = *state;
    migrate_ok(f->db);
    size_t n = BLOB_CHUNK * 5 / 2;
    unsigned char *p = random_bytes(n, 3);
    struct blob_info b;
    assert_int_equal(blob_put_mem(f->db, p, n, "application/octet-stream", &b), 0);
    const struct {
        int64_t off;
        size_t len;
    } reads[] = {
        {0, 1},
        {0, BLOB_CHUNK},
        {BLOB_CHUNK - 3, 6},
        {BLOB_CHUNK - 1, 1},
        {BLOB_CHUNK, 1},
        {BLOB_CHUNK + 1, 10},
        {BLOB_CHUNK - 100, BLOB_CHUNK + 200},
        {2 * BLOB_CHUNK - 1, 2},
        {1, (size_t)n - 1},
        {(int64_t)n - 1, 100},
        {(int64_t)n - 10, 10},
    };
    unsigned char *got = malloc(n + 100);
    assert_non_null(got);
    for (size_t i = 0; i < sizeof reads / sizeof reads[0]; i++) {
        size_t have = 0;
        assert_int_equal(blob_read(f->db, &b, reads[i].off, got, reads[i].len, &have), 0);
        size_t left = (size_t)((int64_t)n - reads[i].off);
        size_t want = reads[i].len < left ? reads[i].len : left;
        if (have != want)
            fail_msg("read %zu at %lld gave %zu bytes, expected %zu", reads[i].len,
                     (long long)reads[i].off, have, want);
        assert_memory_equal(got, p + reads[i].off, want);
    }
    /* at and beyond the end: nothing, and no error */
    size_t have = 99;
    assert_int_equal(blob_read(f->db, &b, (int64_t)n, got, 10, &have), 0);
    assert_int_equal(have, 0);
    assert_int_equal(blob_read(f->db, &b, (int64_t)n + 5, got, 10, &have), 0);
    assert_int_equal(have, 0);
    assert_int_equal(blob_read(f->db, &b, 0, got, 0, &have), 0);
    assert_int_equal(have, 0);
    free(got);
    free(p);
}

static void
blob_commits_with_its_transaction(void **state)
{
    struct fx *f = *state;
    migrate_ok(f->db);
    unsigned char *p = random_bytes(BLOB_CHUNK + 1, 9);
    struct blob_info b;
    assert_int_equal(db_begin_write(f->db), 0);
    assert_int_equal(blob_put_mem(f->db, p, BLOB_CHUNK + 1, "application/pdf", &b), 0);
    db_rollback(f->db);
    struct blob_info s;
    assert_int_equal(blob_stat(f->db, b.sha256, &s), ZE_NOTFOUND);
    assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM blob_chunks", 0), 0);
    /* stored again after the rollback, it is complete */
    assert_int_equal(db_begin_write(f->db), 0);
    assert_int_equal(blob_put_mem(f->db, p, BLOB_CHUNK + 1, "application/pdf", &b), 0);
    assert_int_equal(db_commit(f->db), 0);
    check_stored(f->db, &b, p, BLOB_CHUNK + 1, "application/pdf");
    free(p);
    assert_int_equal(
        blob_stat(f->db, "0000000000000000000000000000000000000000000000000000000000000000", &s),
        ZE_NOTFOUND);
}

/* --- connection registry -------------------------------------------------------------------- */

static int
find_new_slot(const struct db_conn_info *before, int nb, const struct db_conn_info *after, int na)
{
    for (int i = 0; i < na; i++) {
        bool old = false;
        for (int k = 0; k < nb; k++)
            old = old || before[k].slot == after[i].slot;
        if (!old)
            return i;
    }
    return -1;
}

static void
conn_snapshot_sees_open_connections(void **state)
{
    struct fx *f = *state;
    struct db_conn_info before[64], after[64];
    int nb = db_conn_snapshot(before, 64);
    assert_true(nb >= 1); /* this test's own connection */
    struct db *other = second_connection(f);
    int na = db_conn_snapshot(after, 64);
    assert_int_equal(na, nb + 1);
    int i = find_new_slot(before, nb, after, na);
    assert_true(i >= 0);
    assert_int_equal(after[i].kind, f->eng->kind);
    assert_int_equal(after[i].state, DB_CONN_IDLE);
    assert_int_equal(after[i].errors, 0);
    int slot = after[i].slot;
    /* queries and errors are counted, and a transaction shows */
    assert_int_equal(db_ping(other), 0);
    assert_int_equal(db_exec(other, "SELEKT"), ZE_DB);
    assert_int_equal(db_begin_write(other), 0);
    na = db_conn_snapshot(after, 64);
    for (i = 0; i < na && after[i].slot != slot; i++)
        ;
    assert_true(i < na);
    assert_int_equal(after[i].state, DB_CONN_TX);
    assert_true(after[i].queries >= 2); /* the failed statement and BEGIN */
    assert_int_equal(after[i].errors, 1);
    db_rollback(other);
    na = db_conn_snapshot(after, 64);
    for (i = 0; i < na && after[i].slot != slot; i++)
        ;
    assert_int_equal(after[i].state, DB_CONN_IDLE);
    db_close(other);
    assert_int_equal(db_conn_snapshot(after, 64), nb);
    /* max is respected */
    assert_int_equal(db_conn_snapshot(after, 0), 0);
    assert_string_equal(db_conn_state_name(DB_CONN_IDLE), "idle");
    assert_string_equal(db_conn_state_name(DB_CONN_TX), "transaction");
    assert_string_equal(db_conn_state_name(DB_CONN_BROKEN), "broken");
    assert_string_equal(db_conn_state_name((enum db_conn_state)99), "unknown");
}

/* --- backup and restore (SQLite) ------------------------------------------------------------ */

static const char q_note_get[] = "SELECT v FROM notes WHERE id = 1";

static void
expect_note(struct db *db, const char *want)
{
    struct db_stmt *st;
    assert_int_equal(db_prepare(db, q_note_get, &st), 0);
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), want);
    db_finalize(st);
}

static void
write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void
backup_and_restore_round_trip(void **state)
{
    struct fx *f = *state;
    if (f->eng->kind != DB_SQLITE)
        skip(); /* pg_dump and pg_restore are covered by the HTTP tests */
    migrate_ok(f->db);
    exec_ok(f->db, "CREATE TABLE notes (id BIGINT PRIMARY KEY, v TEXT NOT NULL)");
    exec_ok(f->db, "INSERT INTO notes (id, v) VALUES (1, 'before backup')");
    unsigned char *p = random_bytes(BLOB_CHUNK + 5, 1);
    struct blob_info b;
    assert_int_equal(blob_put_mem(f->db, p, BLOB_CHUNK + 5, "application/pdf", &b), 0);
    expect_note(f->db, "before backup"); /* a cached statement from before the restore */

    char backup[160], junk[160], other[160];
    snprintf(backup, sizeof backup, "%s.backup", f->file);
    snprintf(junk, sizeof junk, "%s.junk", f->file);
    snprintf(other, sizeof other, "%s.other", f->file);
    assert_int_equal(db_backup(f->db, backup), 0);
    exec_ok(f->db, "UPDATE notes SET v = 'after backup' WHERE id = 1");
    exec_ok(f->db, "DELETE FROM blob_chunks");
    exec_ok(f->db, "DELETE FROM blobs");

    /* what is not a zona backup is refused, and nothing changes */
    write_file(junk, "this is not a database\n");
    assert_int_not_equal(db_restore(f->db, junk), 0);
    expect_note(f->db, "after backup");
    struct db *plain;
    char url[200];
    snprintf(url, sizeof url, "sqlite:%s", other);
    assert_int_equal(db_open(url, &plain), 0);
    exec_ok(plain, "CREATE TABLE notes (id BIGINT PRIMARY KEY, v TEXT NOT NULL)");
    exec_ok(plain, "INSERT INTO notes (id, v) VALUES (1, 'from another program')");
    db_close(plain);
    assert_int_not_equal(db_restore(f->db, other), 0);
    expect_note(f->db, "after backup");
    assert_int_not_equal(db_restore(f->db, "/nonexistent-zona-dir/backup.db"), 0);
    expect_note(f->db, "after backup");

    /* the real backup brings everything back */
    assert_int_equal(db_restore(f->db, backup), 0);
    expect_note(f->db, "before backup");
    check_stored(f->db, &b, p, BLOB_CHUNK + 5, "application/pdf");
    assert_int_equal(migrate_run(f->db, NULL), 0);
    /* and the database stays writable */
    exec_ok(f->db, "UPDATE notes SET v = 'after restore' WHERE id = 1");
    expect_note(f->db, "after restore");
    free(p);
    remove_sqlite_files(backup);
    remove_sqlite_files(junk);
    remove_sqlite_files(other);
}

int
main(void)
{
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(rewrite_placeholders),
        cmocka_unit_test(rewrite_leaves_quotes_and_comments_alone),
        cmocka_unit_test(rewrite_doubled_quotes_stay_inside),
        cmocka_unit_test(rewrite_rejects_malformed),
        cmocka_unit_test(rewrite_appends),
        cmocka_unit_test(open_rejects_bad_urls),
    };
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
    const struct CMUnitTest engine[] = {
        T(db_opens_and_answers),
        T(migrate_applies_once),
        T(migrate_version_of_an_empty_database_is_zero),
        T(values_text_round_trips),
        T(values_int64_extremes_round_trip),
        T(values_doubles_round_trip),
        T(values_bools_on_both_engines),
        T(values_nulls),
        T(values_blobs_with_any_bytes),
        T(unique_violation_is_a_conflict),
        T(foreign_key_violation_is_a_conflict),
        T(rollback_discards_and_commit_keeps),
        T(uncommitted_writes_are_invisible_to_others),
        T(cache_reuses_a_statement_sequentially),
        T(cache_serves_the_same_statement_twice_at_once),
        T(cache_overflow_still_works),
        T(dynamic_statements),
        T(like_with_lower_matches_the_same_everywhere),
        T(returning_and_upsert_work_everywhere),
        T(blobs_of_every_size_from_memory),
        T(blobs_of_every_size_from_a_file),
        T(blobs_are_stored_once),
        T(blob_read_across_chunk_boundaries),
        T(blob_commits_with_its_transaction),
        T(conn_snapshot_sees_open_connections),
        T(backup_and_restore_round_trip),
    };
#undef T
    int failed = cmocka_run_group_tests_name("db", pure, NULL, NULL);
    failed +=
        cmocka_run_group_tests_name("db_sqlite", engine, sqlite_group_setup, sqlite_group_teardown);
    const char *pg = getenv("ZONA_TEST_PG_URL");
    if (pg && *pg) {
        failed +=
            cmocka_run_group_tests_name("db_postgresql", engine, pg_group_setup, pg_group_teardown);
    } else {
        fprintf(stderr, "test_db: ZONA_TEST_PG_URL is not set, so the PostgreSQL half was NOT run "
                        "(set it to the postgresql:// URL of an empty scratch database; make test "
                        "always does)\n");
    }
    return failed;
}
