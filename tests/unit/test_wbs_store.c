/* test_wbs_store: every SQL statement of the whistleblowing channel, on SQLite and, when
 * ZONA_TEST_PG_URL names a scratch database, on PostgreSQL, with the same test functions. Each
 * test gets a fresh migrated database (a new SQLite file or a new PostgreSQL schema) holding a
 * small unit tree and the people below, inserted with plain SQL:
 *
 *   R /r/            off_root (petugas-wbs), idc (kustodian-identitas), kc_nokey (kustodian-kunci,
 *                    no key pair), inactive (petugas-wbs, account switched off)
 *   +- A /r/a/       off_a (petugas-wbs), revoked (petugas-wbs, grant revoked),
 *   |                nokey (petugas-wbs, no key pair)
 *   |  +- A1 /r/a/1/ off_a1 (petugas-wbs)
 *   +- B /r/b/       off_b (petugas-wbs), kc (kustodian-kunci)
 *
 * Paths here are the real ones ("/<id>/<id>/"), made from the ids the database gives. */
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
#include "core/err.h"
#include "core/log.h"
#include "db/blob.h"
#include "db/db.h"
#include "db/migrate.h"
#include "wbs/wbs.h"

#define DAY 86400000LL
#define T0  1735700000000LL /* 2025-01-01 */

/* --- engines and fixtures -------------------------------------------------------------------- */

struct engine {
    enum db_kind kind;
    char base_url[1024];
    char dir[64];
    struct db *admin;
    int counter;
};

struct org {
    int64_t r, a, a1, b;
    char path_r[64], path_a[64], path_a1[64], path_b[64];
    int64_t off_root, off_a, off_a1, off_b, revoked, inactive, nokey, idc, kc, kc_nokey;
};

struct fx {
    struct engine *eng;
    char url[1400];
    char schema[64];
    char file[128];
    struct db *db;
    struct org o;
};

static struct engine sqlite_engine = {.kind = DB_SQLITE};
static struct engine pg_engine = {.kind = DB_PG};

static int
sqlite_group_setup(void **state)
{
    if (sodium_init() < 0 || config_load() != 0)
        return -1;
    log_set_level(LOG_WARN); /* fourteen migrations per test say nothing worth reading */
    snprintf(sqlite_engine.dir, sizeof sqlite_engine.dir, "/tmp/zona-wbs-XXXXXX");
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
    if (sodium_init() < 0 || config_load() != 0)
        return -1;
    log_set_level(LOG_WARN); /* fourteen migrations per test say nothing worth reading */
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

/* Runs dynamic SQL with int64 parameters (INT64_MIN binds NULL) and text ones ("t:" prefix is
 * not needed: texts come as a separate list). Returns the first column of the first row, or 0. */
static int64_t
sql_i(struct db *db, const char *sql, int n, const int64_t *ints)
{
    struct db_stmt *st;
    int rc = db_prepare_dynamic(db, sql, &st);
    if (rc)
        fail_msg("%s: %d %s", sql, rc, db_errmsg(db));
    for (int i = 0; i < n; i++)
        if (ints[i] == INT64_MIN)
            db_bind_null(st, i + 1);
        else
            db_bind_int64(st, i + 1, ints[i]);
    rc = db_step(st);
    if (rc != DB_ROW && rc != DB_DONE)
        fail_msg("%s: %d %s", sql, rc, db_errmsg(db));
    int64_t v = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    db_finalize(st);
    return v;
}

static int64_t
count(struct db *db, const char *sql, int64_t arg)
{
    return sql_i(db, sql, strstr(sql, "$1") ? 1 : 0, &arg);
}

static int64_t
unit_add(struct db *db, const char *code, int64_t parent, const char *parent_path, char *path,
         size_t pathsz)
{
    static const char q[] = "INSERT INTO units (code, name, type, parent_id, path, tz, created_at, "
                            "updated_at) VALUES ($1, $2, 'satker', $3, '/', 'WIB', 0, 0) "
                            "RETURNING id";
    struct db_stmt *st;
    assert_int_equal(db_prepare_dynamic(db, q, &st), 0);
    db_bind_text(st, 1, code, -1);
    db_bind_text(st, 2, code, -1);
    if (parent)
        db_bind_int64(st, 3, parent);
    else
        db_bind_null(st, 3);
    assert_int_equal(db_step(st), DB_ROW);
    int64_t id = db_col_int64(st, 0);
    db_finalize(st);
    snprintf(path, pathsz, "%s%lld/", parent_path, (long long)id);
    assert_int_equal(db_prepare_dynamic(db, "UPDATE units SET path = $1 WHERE id = $2", &st), 0);
    db_bind_text(st, 1, path, -1);
    db_bind_int64(st, 2, id);
    assert_int_equal(db_run(st), 0);
    return id;
}

static int64_t
user_add(struct db *db, const char *name, int64_t unit, bool active)
{
    static int seq;
    char nip[32], email[64];
    seq++;
    snprintf(nip, sizeof nip, "19800101200501%04d", seq);
    snprintf(email, sizeof email, "u%d@example.go.id", seq);
    struct db_stmt *st;
    assert_int_equal(
        db_prepare_dynamic(db,
                           "INSERT INTO users (nip, name, email, unit_id, active, created_at, "
                           "updated_at) VALUES ($1, $2, $3, $4, $5, 0, 0) RETURNING id",
                           &st),
        0);
    db_bind_text(st, 1, nip, -1);
    db_bind_text(st, 2, name, -1);
    db_bind_text(st, 3, email, -1);
    db_bind_int64(st, 4, unit);
    db_bind_bool(st, 5, active);
    assert_int_equal(db_step(st), DB_ROW);
    int64_t id = db_col_int64(st, 0);
    db_finalize(st);
    return id;
}

static void
grant_add(struct db *db, int64_t user, const char *role, int64_t unit, bool revoked)
{
    struct db_stmt *st;
    assert_int_equal(db_prepare_dynamic(db,
                                        "INSERT INTO grants (user_id, role, unit_id, granted_at, "
                                        "revoked_at) VALUES ($1, $2, $3, 0, $4)",
                                        &st),
                     0);
    db_bind_int64(st, 1, user);
    db_bind_text(st, 2, role, -1);
    db_bind_int64(st, 3, unit);
    if (revoked)
        db_bind_int64(st, 4, 1);
    else
        db_bind_null(st, 4);
    assert_int_equal(db_run(st), 0);
}

/* An officer's key row whose public key is 32 bytes of b. */
static void
officer_key(struct db *db, int64_t user, unsigned char b, int64_t now)
{
    struct wbs_officer_row o;
    memset(&o, 0, sizeof o);
    o.user_id = user;
    memset(o.pk, b, sizeof o.pk);
    memset(o.salt, b ^ 0x55, sizeof o.salt);
    snprintf(o.kdf, sizeof o.kdf, "min");
    memset(o.wrapped_pw, b ^ 0x0f, sizeof o.wrapped_pw);
    memset(o.wrapped_rec, b ^ 0xf0, sizeof o.wrapped_rec);
    assert_int_equal(wbs_store_officer_put(db, &o, now), 0);
}

static void
seed(struct db *db, struct org *o)
{
    o->r = unit_add(db, "R", 0, "/", o->path_r, sizeof o->path_r);
    o->a = unit_add(db, "A", o->r, o->path_r, o->path_a, sizeof o->path_a);
    o->a1 = unit_add(db, "A1", o->a, o->path_a, o->path_a1, sizeof o->path_a1);
    o->b = unit_add(db, "B", o->r, o->path_r, o->path_b, sizeof o->path_b);
    o->off_root = user_add(db, "Ani Root", o->r, true);
    o->off_a = user_add(db, "Budi A", o->a, true);
    o->off_a1 = user_add(db, "Citra A1", o->a1, true);
    o->off_b = user_add(db, "Dedi B", o->b, true);
    o->revoked = user_add(db, "Eko Revoked", o->a, true);
    o->inactive = user_add(db, "Fajar Inactive", o->r, false);
    o->nokey = user_add(db, "Gita Nokey", o->a, true);
    o->idc = user_add(db, "Hana Identitas", o->r, true);
    o->kc = user_add(db, "Iwan Kunci", o->b, true);
    o->kc_nokey = user_add(db, "Joko Kunci", o->r, true);
    grant_add(db, o->off_root, "petugas-wbs", o->r, false);
    grant_add(db, o->off_a, "petugas-wbs", o->a, false);
    grant_add(db, o->off_a1, "petugas-wbs", o->a1, false);
    grant_add(db, o->off_b, "petugas-wbs", o->b, false);
    grant_add(db, o->revoked, "petugas-wbs", o->a, true);
    grant_add(db, o->inactive, "petugas-wbs", o->r, false);
    grant_add(db, o->nokey, "petugas-wbs", o->a, false);
    grant_add(db, o->idc, "kustodian-identitas", o->r, false);
    grant_add(db, o->kc, "kustodian-kunci", o->b, false);
    grant_add(db, o->kc_nokey, "kustodian-kunci", o->r, false);
    /* a role that is not WBS's does not make anyone a WBS person */
    grant_add(db, o->kc_nokey, "admin", o->r, false);
    officer_key(db, o->off_root, 0x01, T0);
    officer_key(db, o->off_a, 0x02, T0);
    officer_key(db, o->off_a1, 0x03, T0);
    officer_key(db, o->off_b, 0x04, T0);
    officer_key(db, o->revoked, 0x05, T0);
    officer_key(db, o->inactive, 0x06, T0);
    officer_key(db, o->idc, 0x07, T0);
    officer_key(db, o->kc, 0x08, T0);
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
        snprintf(f->schema, sizeof f->schema, "zona_wbs_%ld_%d", (long)getpid(), e->counter);
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
    if (db_open(f->url, &f->db) != 0 || migrate_run(f->db, NULL) != 0) {
        print_error("cannot open and migrate %s\n", f->url);
        db_close(f->db);
        free(f);
        return -1;
    }
    seed(f->db, &f->o);
    *state = f;
    return 0;
}

static int
fx_teardown(void **state)
{
    struct fx *f = *state;
    db_close(f->db);
    if (f->eng->kind == DB_SQLITE) {
        static const char *suffixes[] = {"", "-wal", "-shm", "-journal"};
        for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
            char p[160];
            snprintf(p, sizeof p, "%s%s", f->file, suffixes[i]);
            unlink(p);
        }
    } else {
        char sql[256];
        snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", f->schema);
        (void)db_exec(f->eng->admin, sql);
    }
    free(f);
    return 0;
}

/* --- helpers --------------------------------------------------------------------------------- */

/* A report of unit received at `at` (day given), with every key byte a function of `tag`. */
static int64_t
report_add(struct db *db, int64_t unit, const char *lookup, const char *category, const char *state,
           int64_t at, const char *day, const char *expires)
{
    struct wbs_report_row r;
    memset(&r, 0, sizeof r);
    r.unit_id = unit;
    snprintf(r.category, sizeof r.category, "%s", category);
    snprintf(r.channel, sizeof r.channel, "wbs");
    snprintf(r.state, sizeof r.state, "%s", state);
    memset(r.pk, 0xa1, sizeof r.pk);
    memset(r.receipt_salt, 0xa2, sizeof r.receipt_salt);
    snprintf(r.receipt_kdf, sizeof r.receipt_kdf, "min");
    memset(r.receipt_key, 0xa3, sizeof r.receipt_key);
    r.received_at = at;
    snprintf(r.received_day, sizeof r.received_day, "%s", day);
    snprintf(r.stage_day, sizeof r.stage_day, "%s", day);
    snprintf(r.expires_day, sizeof r.expires_day, "%s", expires);
    int64_t id = 0;
    static const char content[] = "sealed content";
    assert_int_equal(wbs_store_report_insert(db, &r, lookup, content, sizeof content, &id), 0);
    assert_true(id > 0);
    return id;
}

static void
sealed_key(unsigned char out[WBS_SEALED_KEY_BYTES], unsigned char b)
{
    memset(out, b, WBS_SEALED_KEY_BYTES);
}

/* The hex of 32 bytes of b. */
static const char *
pk_hex(unsigned char b)
{
    static char hex[WBS_KEY_BYTES * 2 + 1];
    unsigned char pk[WBS_KEY_BYTES];
    memset(pk, b, sizeof pk);
    sodium_bin2hex(hex, sizeof hex, pk, sizeof pk);
    return hex;
}

/* Decodes a base64 JSON string into out (at most cap bytes); returns the length. */
static size_t
unb64(const json_t *s, unsigned char *out, size_t cap)
{
    assert_true(json_is_string(s));
    size_t len = 0;
    assert_int_equal(sodium_base642bin(out, cap, json_string_value(s), json_string_length(s), NULL,
                                       &len, NULL, sodium_base64_VARIANT_ORIGINAL),
                     0);
    return len;
}

static int64_t
jint(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    assert_true(json_is_integer(v));
    return json_integer_value(v);
}

static const char *
jstr(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    assert_true(json_is_string(v));
    return json_string_value(v);
}

static bool
jbool(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    assert_true(json_is_boolean(v));
    return json_is_true(v);
}

/* Sets a bytea column of one row to n bytes (damaging a fixed-size key). */
static void
damage(struct db *db, const char *sql, size_t n, int64_t id)
{
    unsigned char junk[128];
    memset(junk, 0x5a, sizeof junk);
    struct db_stmt *st;
    assert_int_equal(db_prepare_dynamic(db, sql, &st), 0);
    db_bind_blob(st, 1, junk, n);
    db_bind_int64(st, 2, id);
    assert_int_equal(db_run(st), 0);
}

static int64_t
session_add(struct db *db, int64_t user, const char *token, int64_t expires, int64_t ended)
{
    struct db_stmt *st;
    assert_int_equal(db_prepare_dynamic(db,
                                        "INSERT INTO sessions (token_hash, user_id, stage, csrf, "
                                        "created_at, last_seen_at, expires_at, ended_at) VALUES "
                                        "($1, $2, 'full', 'x', 0, 0, $3, $4) RETURNING id",
                                        &st),
                     0);
    db_bind_text(st, 1, token, -1);
    db_bind_int64(st, 2, user);
    db_bind_int64(st, 3, expires);
    if (ended)
        db_bind_int64(st, 4, ended);
    else
        db_bind_null(st, 4);
    assert_int_equal(db_step(st), DB_ROW);
    int64_t id = db_col_int64(st, 0);
    db_finalize(st);
    return id;
}

/* --- reports --------------------------------------------------------------------------------- */

static void
reports_insert_get_update(void **state)
{
    struct fx *f = *state;
    struct db *db = f->db;
    int64_t id = report_add(db, f->o.a1, "lookup-1", "gratifikasi", "diterima", T0, "2025-01-01",
                            "2030-01-01");
    struct wbs_report_row r;
    assert_int_equal(wbs_store_report_get(db, id, &r), 0);
    assert_int_equal(r.id, id);
    assert_int_equal(r.unit_id, f->o.a1);
    assert_string_equal(r.unit_code, "A1");
    assert_string_equal(r.unit_name, "A1");
    assert_string_equal(r.unit_path, f->o.path_a1);
    assert_string_equal(r.category, "gratifikasi");
    assert_string_equal(r.channel, "wbs");
    assert_string_equal(r.state, "diterima");
    assert_string_equal(r.referral, "");
    unsigned char want[WBS_SEALED_KEY_BYTES];
    memset(want, 0xa1, WBS_KEY_BYTES);
    assert_memory_equal(r.pk, want, WBS_KEY_BYTES);
    memset(want, 0xa2, WBS_SALT_BYTES);
    assert_memory_equal(r.receipt_salt, want, WBS_SALT_BYTES);
    memset(want, 0xa3, WBS_SEALED_KEY_BYTES);
    assert_memory_equal(r.receipt_key, want, WBS_SEALED_KEY_BYTES);
    assert_string_equal(r.receipt_kdf, "min");
    assert_false(r.has_identity);
    assert_int_equal(r.received_at, T0);
    assert_string_equal(r.received_day, "2025-01-01");
    assert_string_equal(r.expires_day, "2030-01-01");
    assert_int_equal(r.closed_at, 0);
    assert_int_equal(r.updated_at, T0);

    struct wbs_report_row by;
    assert_int_equal(wbs_store_report_by_lookup(db, "lookup-1", &by), 0);
    assert_int_equal(by.id, id);
    assert_int_equal(wbs_store_report_by_lookup(db, "lookup-2", &by), ZE_NOTFOUND);
    assert_int_equal(wbs_store_report_get(db, id + 1000, &by), ZE_NOTFOUND);
    /* the lookup is unique */
    struct wbs_report_row dup = r;
    int64_t other = 0;
    assert_int_equal(wbs_store_report_insert(db, &dup, "lookup-1", "x", 1, &other), ZE_CONFLICT);

    struct buf c = BUF_INIT;
    assert_int_equal(wbs_store_report_content(db, id, &c), 0);
    assert_int_equal(c.len, sizeof "sealed content");
    assert_memory_equal(c.p, "sealed content", c.len);
    assert_int_equal(wbs_store_report_content(db, id + 1000, &c), ZE_NOTFOUND);
    buf_free(&c);

    assert_int_equal(wbs_store_report_state(db, id, "dilimpahkan", "kpk", "2025-01-10",
                                            "2025-02-10", "2025-02-05", 0, T0 + DAY),
                     0);
    assert_int_equal(wbs_store_report_get(db, id, &r), 0);
    assert_string_equal(r.state, "dilimpahkan");
    assert_string_equal(r.referral, "kpk");
    assert_string_equal(r.stage_day, "2025-01-10");
    assert_string_equal(r.stage_due, "2025-02-10");
    assert_string_equal(r.remind_day, "2025-02-05");
    assert_int_equal(r.closed_at, 0);
    assert_int_equal(r.updated_at, T0 + DAY);
    assert_int_equal(wbs_store_report_state(db, id, "selesai", NULL, "2025-03-01", "", "",
                                            T0 + 60 * DAY, T0 + 60 * DAY),
                     0);
    assert_int_equal(wbs_store_report_get(db, id, &r), 0);
    assert_string_equal(r.referral, "");
    assert_int_equal(r.closed_at, T0 + 60 * DAY);
    assert_int_equal(wbs_store_report_state(db, id + 1000, "selesai", NULL, "", "", "", 0, T0),
                     ZE_NOTFOUND);
    assert_int_equal(wbs_store_report_expiry(db, id, "2031-06-30", T0 + 61 * DAY), 0);
    assert_int_equal(wbs_store_report_get(db, id, &r), 0);
    assert_string_equal(r.expires_day, "2031-06-30");
    assert_int_equal(r.updated_at, T0 + 61 * DAY);
    assert_int_equal(wbs_store_report_expiry(db, id + 1000, "2031-06-30", T0), ZE_NOTFOUND);

    /* a key of the wrong length is a damaged row, never an overflow */
    damage(db, "UPDATE wbs_reports SET pk = $1 WHERE id = $2", WBS_KEY_BYTES + 1, id);
    assert_int_equal(wbs_store_report_get(db, id, &r), ZE_DB);
    damage(db, "UPDATE wbs_reports SET pk = $1 WHERE id = $2", WBS_KEY_BYTES - 1, id);
    assert_int_equal(wbs_store_report_get(db, id, &r), ZE_DB);
    damage(db, "UPDATE wbs_reports SET pk = $1 WHERE id = $2", WBS_KEY_BYTES, id);
    assert_int_equal(wbs_store_report_get(db, id, &r), 0);
    damage(db, "UPDATE wbs_reports SET receipt_key = $1 WHERE id = $2", 0, id);
    assert_int_equal(wbs_store_report_by_lookup(db, "lookup-1", &r), ZE_DB);
}

static void
reports_open_and_expired(void **state)
{
    struct fx *f = *state;
    struct db *db = f->db;
    int64_t a =
        report_add(db, f->o.a1, "l-a", "pungli", "ditelaah", T0, "2025-01-01", "2026-01-01");
    int64_t b = report_add(db, f->o.b, "l-b", "pungli", "selesai", T0, "2025-01-01", "2026-01-02");
    int64_t c = report_add(db, f->o.b, "l-c", "pungli", "diterima", T0, "2025-01-01", "2026-01-03");
    json_t *open = json_array();
    assert_int_equal(wbs_store_open_reports(db, open), 0);
    assert_int_equal(json_array_size(open), 2);
    assert_int_equal(jint(json_array_get(open, 0), "id"), a);
    assert_int_equal(jint(json_array_get(open, 0), "unit_id"), f->o.a1);
    assert_string_equal(jstr(json_array_get(open, 0), "channel"), "wbs");
    assert_string_equal(jstr(json_array_get(open, 0), "state"), "ditelaah");
    assert_string_equal(jstr(json_array_get(open, 0), "stage_day"), "2025-01-01");
    assert_int_equal(jint(json_array_get(open, 1), "id"), c);
    json_decref(open);

    json_t *ids = json_array();
    assert_int_equal(wbs_store_expired(db, "2026-01-01", ids), 0);
    assert_int_equal(json_array_size(ids), 0); /* boundary: expiring today is not expired */
    assert_int_equal(wbs_store_expired(db, "2026-01-03", ids), 0);
    assert_int_equal(json_array_size(ids), 2);
    assert_int_equal(json_integer_value(json_array_get(ids, 0)), a);
    assert_int_equal(json_integer_value(json_array_get(ids, 1)), b);
    json_decref(ids);
}

static void
reports_list_by_prefix_state_key_and_reply(void **state)
{
    struct fx *f = *state;
    struct db *db = f->db;
    int64_t old =
        report_add(db, f->o.a1, "l-1", "pungli", "selesai", T0, "2025-01-01", "2030-01-01");
    int64_t young = report_add(db, f->o.a1, "l-2", "gratifikasi", "ditelaah", T0 + DAY,
                               "2025-01-02", "2030-01-02");
    int64_t other = report_add(db, f->o.b, "l-3", "pungli", "diterima", T0 + 2 * DAY, "2025-01-03",
                               "2030-01-03");
    unsigned char k[WBS_SEALED_KEY_BYTES];
    sealed_key(k, 0x11);
    assert_int_equal(wbs_store_key_put(db, young, f->o.off_a, k), 0);

    json_t *list = json_array();
    assert_int_equal(wbs_store_reports(db, f->o.path_a, f->o.off_a, "", list), 0);
    assert_int_equal(json_array_size(list), 2);
    json_t *first = json_array_get(list, 0), *second = json_array_get(list, 1);
    assert_int_equal(jint(first, "id"), young); /* newest first */
    assert_int_equal(jint(second, "id"), old);
    assert_string_equal(jstr(first, "unit_code"), "A1");
    assert_string_equal(jstr(first, "unit_name"), "A1");
    assert_string_equal(jstr(first, "category"), "gratifikasi");
    assert_string_equal(jstr(first, "state"), "ditelaah");
    assert_string_equal(jstr(first, "referral"), "");
    assert_int_equal(jint(first, "received_at"), T0 + DAY);
    assert_string_equal(jstr(first, "received_day"), "2025-01-02");
    assert_string_equal(jstr(first, "stage_due"), "");
    assert_string_equal(jstr(first, "remind_day"), "");
    assert_string_equal(jstr(first, "expires_day"), "2030-01-02");
    assert_false(jbool(first, "has_identity"));
    assert_true(jbool(first, "has_key"));
    assert_false(jbool(second, "has_key"));
    assert_false(jbool(first, "awaiting_reply"));
    json_decref(list);

    /* another viewer holds no copy */
    list = json_array();
    assert_int_equal(wbs_store_reports(db, f->o.path_a, f->o.off_root, "", list), 0);
    assert_false(jbool(json_array_get(list, 0), "has_key"));
    json_decref(list);

    /* states: open only, one state, everything under the root */
    list = json_array();
    assert_int_equal(wbs_store_reports(db, f->o.path_a, f->o.off_a, "terbuka", list), 0);
    assert_int_equal(json_array_size(list), 1);
    assert_int_equal(jint(json_array_get(list, 0), "id"), young);
    json_array_clear(list);
    assert_int_equal(wbs_store_reports(db, f->o.path_a, f->o.off_a, "selesai", list), 0);
    assert_int_equal(json_array_size(list), 1);
    assert_int_equal(jint(json_array_get(list, 0), "id"), old);
    json_array_clear(list);
    assert_int_equal(wbs_store_reports(db, f->o.path_r, f->o.off_a, NULL, list), 0);
    assert_int_equal(json_array_size(list), 3);
    assert_int_equal(jint(json_array_get(list, 0), "id"), other);
    json_array_clear(list);
    assert_int_equal(wbs_store_reports(db, f->o.path_b, f->o.off_a, "", list), 0);
    assert_int_equal(json_array_size(list), 1);
    json_decref(list);

    /* the reporter wrote last: awaiting a reply; an officer answers: no longer */
    int64_t mid = 0;
    assert_int_equal(
        wbs_store_message_add(db, young, "petugas", f->o.off_a, "q", 1, T0 + DAY, &mid), 0);
    assert_int_equal(wbs_store_message_add(db, young, "pelapor", 0, "a", 1, T0 + 2 * DAY, &mid), 0);
    list = json_array();
    assert_int_equal(wbs_store_reports(db, f->o.path_a, f->o.off_a, "", list), 0);
    assert_true(jbool(json_array_get(list, 0), "awaiting_reply"));
    assert_false(jbool(json_array_get(list, 1), "awaiting_reply"));
    json_decref(list);
    assert_int_equal(
        wbs_store_message_add(db, young, "petugas", f->o.off_a, "b", 1, T0 + 3 * DAY, &mid), 0);
    list = json_array();
    assert_int_equal(wbs_store_reports(db, f->o.path_a, f->o.off_a, "", list), 0);
    assert_false(jbool(json_array_get(list, 0), "awaiting_reply"));
    json_decref(list);
}

/* --- keys ------------------------------------------------------------------------------------ */

/* The user ids of a [{"user_id", "pk"}] list, each pk checked against the seed's byte. */
static size_t
ids_of(const json_t *list, int64_t *out, size_t max)
{
    size_t n = json_array_size(list);
    assert_true(n <= max);
    for (size_t i = 0; i < n; i++)
        out[i] = jint(json_array_get(list, i), "user_id");
    return n;
}

static void
holders_follow_grants_on_the_unit_or_above(void **state)
{
    struct fx *f = *state;
    struct db *db = f->db;
    int64_t ids[16];
    json_t *list = json_array();
    assert_int_equal(wbs_store_holders(db, "petugas-wbs", f->o.path_a1, list), 0);
    /* off_root (above), off_a (above), off_a1 (on it); not off_b (elsewhere), revoked, inactive,
     * nokey (no key pair) */
    assert_int_equal(ids_of(list, ids, 16), 3);
    assert_int_equal(ids[0], f->o.off_root);
    assert_int_equal(ids[1], f->o.off_a);
    assert_int_equal(ids[2], f->o.off_a1);
    assert_string_equal(jstr(json_array_get(list, 0), "pk"), pk_hex(0x01));
    assert_string_equal(jstr(json_array_get(list, 2), "pk"), pk_hex(0x03));
    json_array_clear(list);

    assert_int_equal(wbs_store_holders(db, "petugas-wbs", f->o.path_a, list), 0);
    assert_int_equal(ids_of(list, ids, 16), 2); /* a grant below the unit does not count */
    assert_int_equal(ids[0], f->o.off_root);
    assert_int_equal(ids[1], f->o.off_a);
    json_array_clear(list);

    assert_int_equal(wbs_store_holders(db, "kustodian-identitas", f->o.path_b, list), 0);
    assert_int_equal(ids_of(list, ids, 16), 1);
    assert_int_equal(ids[0], f->o.idc);
    json_array_clear(list);

    /* two grants covering the unit make one holder */
    grant_add(db, f->o.off_a, "petugas-wbs", f->o.a1, false);
    assert_int_equal(wbs_store_holders(db, "petugas-wbs", f->o.path_a1, list), 0);
    assert_int_equal(json_array_size(list), 3);
    json_array_clear(list);

    /* a unit switched off takes its grants with it, as acl does */
    sql_i(db, "UPDATE units SET active = FALSE WHERE id = $1", 1, &f->o.r);
    assert_int_equal(wbs_store_holders(db, "kustodian-identitas", f->o.path_b, list), 0);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);

    list = json_array();
    assert_int_equal(wbs_store_key_custodians(db, list), 0);
    assert_int_equal(ids_of(list, ids, 16), 1); /* kc; kc_nokey has no key pair */
    assert_int_equal(ids[0], f->o.kc);
    assert_string_equal(jstr(json_array_get(list, 0), "pk"), pk_hex(0x08));
    json_decref(list);
}

static void
report_keys_put_get_and_missing(void **state)
{
    struct fx *f = *state;
    struct db *db = f->db;
    int64_t r1 =
        report_add(db, f->o.a1, "l-1", "pungli", "diterima", T0, "2025-01-01", "2030-01-01");
    int64_t r2 =
        report_add(db, f->o.b, "l-2", "pungli", "diterima", T0, "2025-01-01", "2030-01-01");
    unsigned char k[WBS_SEALED_KEY_BYTES], got[WBS_SEALED_KEY_BYTES];
    sealed_key(k, 0x21);
    assert_int_equal(wbs_store_key_put(db, r1, f->o.off_a, k), 0);
    assert_int_equal(wbs_store_key_get(db, r1, f->o.off_a, got), 0);
    assert_memory_equal(got, k, sizeof k);
    /* put once: a second copy for the same holder keeps the first */
    unsigned char k2[WBS_SEALED_KEY_BYTES];
    sealed_key(k2, 0x22);
    assert_int_equal(wbs_store_key_put(db, r1, f->o.off_a, k2), 0);
    assert_int_equal(wbs_store_key_get(db, r1, f->o.off_a, got), 0);
    assert_memory_equal(got, k, sizeof k);
    assert_int_equal(wbs_store_key_get(db, r1, f->o.off_root, got), ZE_NOTFOUND);
    assert_int_equal(wbs_store_key_get(db, r2, f->o.off_a, got), ZE_NOTFOUND);

    /* what off_a can share: r1 to off_root (grant above) and off_a1 (on the unit); not to
     * off_b, the revoked grant, the inactive account, nokey; nothing of r2 (no copy) */
    json_t *list = json_array();
    assert_int_equal(wbs_store_keys_missing(db, f->o.off_a, list), 0);
    assert_int_equal(json_array_size(list), 2);
    json_t *m0 = json_array_get(list, 0), *m1 = json_array_get(list, 1);
    assert_int_equal(jint(m0, "report_id"), r1);
    assert_int_equal(jint(m0, "user_id"), f->o.off_root);
    assert_string_equal(jstr(m0, "pk"), pk_hex(0x01));
    assert_int_equal(jint(m1, "report_id"), r1);
    assert_int_equal(jint(m1, "user_id"), f->o.off_a1);
    assert_string_equal(jstr(m1, "pk"), pk_hex(0x03));
    json_decref(list);

    assert_int_equal(wbs_store_key_put(db, r1, f->o.off_root, k), 0);
    assert_int_equal(wbs_store_key_put(db, r2, f->o.off_root, k), 0);
    list = json_array();
    assert_int_equal(wbs_store_keys_missing(db, f->o.off_a, list), 0);
    assert_int_equal(json_array_size(list), 1);
    assert_int_equal(jint(json_array_get(list, 0), "user_id"), f->o.off_a1);
    json_array_clear(list);
    /* off_root holds both: r1 to off_a1 and r2 to off_b */
    assert_int_equal(wbs_store_keys_missing(db, f->o.off_root, list), 0);
    assert_int_equal(json_array_size(list), 2);
    assert_int_equal(jint(json_array_get(list, 0), "report_id"), r1);
    assert_int_equal(jint(json_array_get(list, 0), "user_id"), f->o.off_a1);
    assert_int_equal(jint(json_array_get(list, 1), "report_id"), r2);
    assert_int_equal(jint(json_array_get(list, 1), "user_id"), f->o.off_b);
    json_array_clear(list);
    /* someone holding nothing gives nothing */
    assert_int_equal(wbs_store_keys_missing(db, f->o.off_b, list), 0);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);

    /* a damaged copy */
    damage(db, "UPDATE wbs_report_keys SET sealed = $1 WHERE report_id = $2", 79, r2);
    assert_int_equal(wbs_store_key_get(db, r2, f->o.off_root, got), ZE_DB);
    /* a damaged public key fails the list, not the process */
    damage(db, "UPDATE wbs_officer_keys SET pk = $1 WHERE user_id = $2", 33, f->o.off_b);
    list = json_array();
    assert_int_equal(wbs_store_keys_missing(db, f->o.off_root, list), ZE_DB);
    json_decref(list);
}

/* --- messages, files, events ----------------------------------------------------------------- */

static void
messages_files_and_events(void **state)
{
    struct fx *f = *state;
    struct db *db = f->db;
    int64_t r =
        report_add(db, f->o.a1, "l-1", "pungli", "diterima", T0, "2025-01-01", "2030-01-01");
    int64_t m1 = 0, m2 = 0;
    static const unsigned char s1[] = {0, 1, 2, 0xff, 0xfe};
    assert_int_equal(wbs_store_message_add(db, r, "pelapor", 0, s1, sizeof s1, T0 + 1, &m1), 0);
    assert_int_equal(wbs_store_message_add(db, r, "petugas", f->o.off_a, "hi", 2, T0 + 2, &m2), 0);
    assert_true(m2 > m1);
    json_t *list = json_array();
    assert_int_equal(wbs_store_messages(db, r, list), 0);
    assert_int_equal(json_array_size(list), 2);
    json_t *a = json_array_get(list, 0), *b = json_array_get(list, 1);
    assert_int_equal(jint(a, "id"), m1);
    assert_int_equal(jint(a, "at"), T0 + 1);
    assert_string_equal(jstr(a, "author"), "pelapor");
    assert_string_equal(jstr(a, "user_name"), "");
    unsigned char got[64];
    assert_int_equal(unb64(json_object_get(a, "sealed"), got, sizeof got), sizeof s1);
    assert_memory_equal(got, s1, sizeof s1);
    assert_string_equal(jstr(a, "sealed"), "AAEC//4="); /* ORIGINAL: + / and padding */
    assert_string_equal(jstr(b, "author"), "petugas");
    assert_string_equal(jstr(b, "user_name"), "Budi A");
    json_decref(list);

    /* files and their blobs */
    struct blob_info bi;
    assert_int_equal(blob_put_mem(db, "ciphertext-1", 12, "application/octet-stream", &bi), 0);
    int64_t f1 = 0, f2 = 0;
    assert_int_equal(wbs_store_file_add(db, r, "pelapor", bi.id, "meta", 4, T0 + 3, &f1), 0);
    assert_int_equal(wbs_store_file_add(db, r, "petugas", bi.id, "m2", 2, T0 + 4, &f2), 0);
    assert_int_equal(wbs_store_file_count(db, r), 2);
    assert_int_equal(wbs_store_file_count(db, r + 1000), 0);
    list = json_array();
    assert_int_equal(wbs_store_files(db, r, list), 0);
    assert_int_equal(json_array_size(list), 2);
    a = json_array_get(list, 0);
    assert_int_equal(jint(a, "id"), f1);
    assert_int_equal(jint(a, "at"), T0 + 3);
    assert_string_equal(jstr(a, "author"), "pelapor");
    assert_string_equal(jstr(a, "meta"), "bWV0YQ==");
    json_decref(list);
    int64_t blob = 0;
    assert_int_equal(wbs_store_file_blob(db, r, f1, &blob), 0);
    assert_int_equal(blob, bi.id);
    int64_t r2 =
        report_add(db, f->o.b, "l-2", "pungli", "diterima", T0, "2025-01-01", "2030-01-01");
    /* a file is only found through its own report */
    assert_int_equal(wbs_store_file_blob(db, r2, f1, &blob), ZE_NOTFOUND);
    assert_int_equal(wbs_store_file_blob(db, r, f2 + 1000, &blob), ZE_NOTFOUND);

    /* events: the reporter sees the public ones */
    assert_int_equal(wbs_store_event(db, r, 0, "received", "", "diterima", NULL, 0, true, T0), 0);
    assert_int_equal(wbs_store_event(db, r, f->o.off_a, "note", NULL, NULL, "n1", 2, false, T0 + 5),
                     0);
    assert_int_equal(
        wbs_store_event(db, r, f->o.off_a, "state", "diterima", "ditelaah", "n2", 2, true, T0 + 6),
        0);
    list = json_array();
    assert_int_equal(wbs_store_events(db, r, false, list), 0);
    assert_int_equal(json_array_size(list), 3);
    a = json_array_get(list, 0);
    assert_int_equal(jint(a, "at"), T0);
    assert_string_equal(jstr(a, "actor"), "");
    assert_string_equal(jstr(a, "action"), "received");
    assert_string_equal(jstr(a, "from"), "");
    assert_string_equal(jstr(a, "to"), "diterima");
    assert_null(json_object_get(a, "note"));
    assert_true(jbool(a, "public"));
    b = json_array_get(list, 1);
    assert_string_equal(jstr(b, "actor"), "Budi A");
    assert_string_equal(jstr(b, "note"), "bjE=");
    assert_false(jbool(b, "public"));
    json_array_clear(list);
    assert_int_equal(wbs_store_events(db, r, true, list), 0);
    assert_int_equal(json_array_size(list), 2);
    assert_string_equal(jstr(json_array_get(list, 0), "action"), "received");
    assert_string_equal(jstr(json_array_get(list, 1), "action"), "state");
    assert_string_equal(jstr(json_array_get(list, 1), "note"), "bjI=");
    json_decref(list);
}

/* --- identity -------------------------------------------------------------------------------- */

static void
identity_and_requests(void **state)
{
    struct fx *f = *state;
    struct db *db = f->db;
    int64_t r =
        report_add(db, f->o.a1, "l-1", "pungli", "diterima", T0, "2025-01-01", "2030-01-01");
    int64_t rb =
        report_add(db, f->o.b, "l-2", "pungli", "diterima", T0, "2025-01-01", "2030-01-01");
    struct buf out = BUF_INIT;
    assert_int_equal(wbs_store_identity_put(db, r, f->o.idc, "identity", 8), 0);
    assert_int_equal(wbs_store_identity_get(db, r, f->o.idc, &out), 0);
    assert_int_equal(out.len, 8);
    assert_memory_equal(out.p, "identity", 8);
    assert_int_equal(wbs_store_identity_get(db, r, f->o.off_a, &out), ZE_NOTFOUND);
    assert_int_equal(wbs_store_identity_get(db, rb, f->o.idc, &out), ZE_NOTFOUND);

    int64_t q1 = 0, q2 = 0, q3 = 0;
    assert_int_equal(wbs_store_idreq_add(db, r, f->o.off_a, "why", 3, T0 + 10, &q1), 0);
    assert_int_equal(wbs_store_idreq_add(db, r, f->o.off_a1, "why2", 4, T0 + 11, &q2), 0);
    assert_int_equal(wbs_store_idreq_add(db, rb, f->o.off_b, "why3", 4, T0 + 12, &q3), 0);
    assert_int_equal(wbs_store_idreq_reason_put(db, q1, f->o.idc, "reason-idc", 10), 0);
    assert_int_equal(wbs_store_idreq_reason_get(db, q1, f->o.idc, &out), 0);
    assert_int_equal(out.len, 10);
    assert_memory_equal(out.p, "reason-idc", 10);
    assert_int_equal(wbs_store_idreq_reason_get(db, q2, f->o.idc, &out), ZE_NOTFOUND);

    json_t *q = wbs_store_idreq_get(db, q1);
    assert_non_null(q);
    assert_int_equal(jint(q, "id"), q1);
    assert_int_equal(jint(q, "report_id"), r);
    assert_int_equal(jint(q, "officer_id"), f->o.off_a);
    assert_string_equal(jstr(q, "officer_name"), "Budi A");
    assert_string_equal(jstr(q, "state"), "menunggu");
    assert_string_equal(jstr(q, "reason"), "d2h5");
    assert_int_equal(jint(q, "created_at"), T0 + 10);
    assert_true(json_is_null(json_object_get(q, "decided_at")));
    assert_string_equal(jstr(q, "custodian_name"), "");
    assert_null(json_object_get(q, "resealed"));
    json_decref(q);
    assert_null(wbs_store_idreq_get(db, q3 + 1000));

    /* the pending requests under A: q1 and q2, not B's */
    json_t *list = json_array();
    assert_int_equal(wbs_store_idreqs(db, 0, f->o.path_a, list), 0);
    assert_int_equal(json_array_size(list), 2);
    assert_int_equal(jint(json_array_get(list, 0), "id"), q1);
    assert_int_equal(jint(json_array_get(list, 1), "id"), q2);
    json_array_clear(list);
    assert_int_equal(wbs_store_idreqs(db, 0, f->o.path_r, list), 0);
    assert_int_equal(json_array_size(list), 3);
    json_array_clear(list);

    assert_int_equal(wbs_store_idreq_decide(db, q1, f->o.idc, true, "resealed", 8, T0 + 20), 0);
    assert_int_equal(wbs_store_idreq_decide(db, q1, f->o.idc, false, NULL, 0, T0 + 21),
                     ZE_CONFLICT);
    assert_int_equal(wbs_store_idreq_decide(db, q3 + 1000, f->o.idc, true, "x", 1, T0),
                     ZE_NOTFOUND);
    assert_int_equal(wbs_store_idreq_decide(db, q2, f->o.idc, false, NULL, 0, T0 + 22), 0);
    q = wbs_store_idreq_get(db, q1);
    assert_string_equal(jstr(q, "state"), "disetujui");
    assert_int_equal(jint(q, "decided_at"), T0 + 20);
    assert_string_equal(jstr(q, "custodian_name"), "Hana Identitas");
    assert_string_equal(jstr(q, "resealed"), "cmVzZWFsZWQ=");
    json_decref(q);
    q = wbs_store_idreq_get(db, q2);
    assert_string_equal(jstr(q, "state"), "ditolak");
    assert_null(json_object_get(q, "resealed"));
    json_decref(q);

    /* decided requests leave the queue; a report's list keeps them all, oldest first */
    assert_int_equal(wbs_store_idreqs(db, 0, f->o.path_a, list), 0);
    assert_int_equal(json_array_size(list), 0);
    assert_int_equal(wbs_store_idreqs(db, r, NULL, list), 0);
    assert_int_equal(json_array_size(list), 2);
    assert_int_equal(jint(json_array_get(list, 0), "id"), q1);
    assert_string_equal(jstr(json_array_get(list, 1), "state"), "ditolak");
    json_decref(list);
    buf_free(&out);
}

/* --- officers' keys, escrow, people ---------------------------------------------------------- */

static void
officer_keys_replace_and_escrow(void **state)
{
    struct fx *f = *state;
    struct db *db = f->db;
    struct wbs_officer_row o;
    assert_int_equal(wbs_store_officer_get(db, f->o.off_a, &o), 0);
    assert_int_equal(o.user_id, f->o.off_a);
    unsigned char want[WBS_WRAPPED_KEY_BYTES];
    memset(want, 0x02, WBS_KEY_BYTES);
    assert_memory_equal(o.pk, want, WBS_KEY_BYTES);
    memset(want, 0x02 ^ 0x55, WBS_SALT_BYTES);
    assert_memory_equal(o.salt, want, WBS_SALT_BYTES);
    memset(want, 0x02 ^ 0x0f, WBS_WRAPPED_KEY_BYTES);
    assert_memory_equal(o.wrapped_pw, want, WBS_WRAPPED_KEY_BYTES);
    memset(want, 0x02 ^ 0xf0, WBS_WRAPPED_KEY_BYTES);
    assert_memory_equal(o.wrapped_rec, want, WBS_WRAPPED_KEY_BYTES);
    assert_string_equal(o.kdf, "min");
    assert_int_equal(o.created_at, T0);
    assert_int_equal(o.updated_at, T0);
    assert_int_equal(wbs_store_officer_get(db, f->o.nokey, &o), ZE_NOTFOUND);

    /* a second put replaces the key and keeps when the first was made */
    officer_key(db, f->o.off_a, 0x42, T0 + DAY);
    assert_int_equal(wbs_store_officer_get(db, f->o.off_a, &o), 0);
    memset(want, 0x42, WBS_KEY_BYTES);
    assert_memory_equal(o.pk, want, WBS_KEY_BYTES);
    memset(want, 0x42 ^ 0xf0, WBS_WRAPPED_KEY_BYTES);
    assert_memory_equal(o.wrapped_rec, want, WBS_WRAPPED_KEY_BYTES);
    assert_int_equal(o.created_at, T0);
    assert_int_equal(o.updated_at, T0 + DAY);
    assert_int_equal(
        count(db, "SELECT COUNT(*) FROM wbs_officer_keys WHERE user_id = $1", f->o.off_a), 1);
    damage(db, "UPDATE wbs_officer_keys SET wrapped_pw = $1 WHERE user_id = $2",
           WBS_WRAPPED_KEY_BYTES - 1, f->o.off_a);
    assert_int_equal(wbs_store_officer_get(db, f->o.off_a, &o), ZE_DB);

    unsigned char s[WBS_SEALED_KEY_BYTES], got[WBS_SEALED_KEY_BYTES];
    sealed_key(s, 0x31);
    assert_int_equal(wbs_store_escrow_put(db, f->o.off_a1, f->o.kc, s, T0), 0);
    assert_int_equal(wbs_store_escrow_get(db, f->o.off_a1, f->o.kc, got), 0);
    assert_memory_equal(got, s, sizeof s);
    assert_int_equal(wbs_store_escrow_get(db, f->o.off_a1, f->o.kc_nokey, got), ZE_NOTFOUND);
    assert_int_equal(wbs_store_escrow_get(db, f->o.off_b, f->o.kc, got), ZE_NOTFOUND);
    /* the escrow of a new key pair replaces the old */
    sealed_key(s, 0x32);
    assert_int_equal(wbs_store_escrow_put(db, f->o.off_a1, f->o.kc, s, T0 + DAY), 0);
    assert_int_equal(wbs_store_escrow_get(db, f->o.off_a1, f->o.kc, got), 0);
    assert_memory_equal(got, s, sizeof s);
}

static void
people_of_the_wbs_roles(void **state)
{
    struct fx *f = *state;
    struct db *db = f->db;
    unsigned char s[WBS_SEALED_KEY_BYTES];
    sealed_key(s, 0x31);
    assert_int_equal(wbs_store_escrow_put(db, f->o.off_a1, f->o.kc, s, T0), 0);
    assert_int_equal(wbs_store_escrow_put(db, f->o.off_b, f->o.kc_nokey, s, T0), 0);
    /* one person, two WBS roles and the same role twice */
    grant_add(db, f->o.off_root, "kustodian-identitas", f->o.a, false);
    grant_add(db, f->o.off_root, "petugas-wbs", f->o.b, false);
    json_t *list = json_array();
    assert_int_equal(wbs_store_people(db, f->o.kc, list), 0);
    /* everyone active with an active WBS grant: not revoked, not inactive */
    assert_int_equal(json_array_size(list), 8);
    const char *names[] = {"Ani Root",   "Budi A",         "Citra A1",   "Dedi B",
                           "Gita Nokey", "Hana Identitas", "Iwan Kunci", "Joko Kunci"};
    for (size_t i = 0; i < 8; i++)
        assert_string_equal(jstr(json_array_get(list, i), "name"), names[i]);
    json_t *root = json_array_get(list, 0);
    assert_int_equal(jint(root, "user_id"), f->o.off_root);
    assert_int_equal(strlen(jstr(root, "nip")), 18);
    json_t *roles = json_object_get(root, "roles");
    assert_int_equal(json_array_size(roles), 2);
    assert_string_equal(json_string_value(json_array_get(roles, 0)), "kustodian-identitas");
    assert_string_equal(json_string_value(json_array_get(roles, 1)), "petugas-wbs");
    assert_true(jbool(root, "has_key"));
    assert_false(jbool(root, "escrowed"));
    json_t *a1 = json_array_get(list, 2);
    assert_true(jbool(a1, "escrowed"));
    assert_false(jbool(json_array_get(list, 3), "escrowed")); /* escrowed to someone else */
    json_t *nokey = json_array_get(list, 4);
    assert_false(jbool(nokey, "has_key"));
    json_t *joko = json_array_get(list, 7);
    roles = json_object_get(joko, "roles");
    assert_int_equal(json_array_size(roles), 1); /* admin is not a WBS role */
    assert_string_equal(json_string_value(json_array_get(roles, 0)), "kustodian-kunci");
    json_decref(list);
}

/* --- sessions -------------------------------------------------------------------------------- */

static void
session_copies(void **state)
{
    struct fx *f = *state;
    struct db *db = f->db;
    int64_t live = session_add(db, f->o.off_a, "t1", T0 + DAY, 0);
    int64_t ended = session_add(db, f->o.off_a, "t2", T0 + DAY, T0 - 1);
    int64_t expired = session_add(db, f->o.off_b, "t3", T0 - 1, 0);
    unsigned char w[WBS_WRAPPED_KEY_BYTES], got[WBS_WRAPPED_KEY_BYTES];
    memset(w, 0x61, sizeof w);
    assert_int_equal(wbs_store_session_put(db, live, f->o.off_a, w, "pending", 7, T0), 0);
    assert_int_equal(wbs_store_session_put(db, ended, f->o.off_a, w, NULL, 0, T0), 0);
    assert_int_equal(wbs_store_session_put(db, expired, f->o.off_b, w, NULL, 0, T0), 0);

    int64_t uid = 0;
    struct buf pending = BUF_INIT;
    assert_int_equal(wbs_store_session_get(db, live, &uid, got, &pending), 0);
    assert_int_equal(uid, f->o.off_a);
    assert_memory_equal(got, w, sizeof w);
    assert_int_equal(pending.len, 7);
    assert_memory_equal(pending.p, "pending", 7);
    assert_int_equal(wbs_store_session_clear_pending(db, live), 0);
    assert_int_equal(wbs_store_session_get(db, live, &uid, got, &pending), 0);
    assert_int_equal(pending.len, 0);
    assert_int_equal(wbs_store_session_get(db, live + 1000, &uid, got, &pending), ZE_NOTFOUND);

    /* put again replaces */
    memset(w, 0x62, sizeof w);
    assert_int_equal(wbs_store_session_put(db, live, f->o.off_a, w, "again", 5, T0 + 1), 0);
    assert_int_equal(wbs_store_session_get(db, live, &uid, got, &pending), 0);
    assert_memory_equal(got, w, sizeof w);
    assert_int_equal(pending.len, 5);
    assert_memory_equal(pending.p, "again", 5);
    buf_free(&pending);

    /* the sweep drops the copies of ended and expired sessions */
    assert_int_equal(wbs_store_session_sweep(db, T0), 0);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM wbs_session_keys", 0), 1);
    assert_int_equal(wbs_store_session_get(db, live, &uid, got, NULL), 0);
    assert_int_equal(wbs_store_session_get(db, ended, &uid, got, NULL), ZE_NOTFOUND);
    assert_int_equal(wbs_store_session_get(db, expired, &uid, got, NULL), ZE_NOTFOUND);
    /* boundary: a session expiring exactly now is still live */
    assert_int_equal(wbs_store_session_sweep(db, T0 + DAY), 0);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM wbs_session_keys", 0), 1);
    assert_int_equal(wbs_store_session_sweep(db, T0 + DAY + 1), 0);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM wbs_session_keys", 0), 0);

    /* a damaged copy */
    assert_int_equal(wbs_store_session_put(db, live, f->o.off_a, w, NULL, 0, T0), 0);
    damage(db, "UPDATE wbs_session_keys SET wrapped = $1 WHERE session_id = $2", 80, live);
    assert_int_equal(wbs_store_session_get(db, live, &uid, got, NULL), ZE_DB);
}

/* --- proof of work --------------------------------------------------------------------------- */

static void
pow_challenges_are_taken_once_within_their_life(void **state)
{
    struct fx *f = *state;
    struct db *db = f->db;
    const int64_t life = 600000;
    assert_int_equal(wbs_store_pow_issue(db, "c1", T0), 0);
    assert_int_equal(wbs_store_pow_issue(db, "c2", T0), 0);
    assert_int_equal(wbs_store_pow_issue(db, "c3", T0 + 10), 0);
    assert_int_equal(wbs_store_pow_issue(db, "c1", T0), ZE_CONFLICT);
    assert_int_equal(wbs_store_pow_take(db, "c1", T0 + 5, life), 0);
    assert_int_equal(wbs_store_pow_take(db, "c1", T0 + 6, life), ZE_NOTFOUND); /* used */
    assert_int_equal(wbs_store_pow_take(db, "nope", T0 + 6, life), ZE_NOTFOUND);
    /* boundary: exactly max_age old is taken; one millisecond more is too old */
    assert_int_equal(wbs_store_pow_take(db, "c2", T0 + life, life), 0);
    assert_int_equal(wbs_store_pow_take(db, "c3", T0 + 10 + life + 1, life), ZE_NOTFOUND);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM wbs_pow", 0), 0);

    /* taking one sweeps the stale others */
    assert_int_equal(wbs_store_pow_issue(db, "old", T0), 0);
    assert_int_equal(wbs_store_pow_issue(db, "new", T0 + 2 * life), 0);
    assert_int_equal(wbs_store_pow_issue(db, "fresh", T0 + 2 * life), 0);
    assert_int_equal(wbs_store_pow_take(db, "new", T0 + 2 * life + 1, life), 0);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM wbs_pow", 0), 1);
    assert_int_equal(wbs_store_pow_take(db, "fresh", T0 + 2 * life + 1, life), 0);
}

/* --- statistics ------------------------------------------------------------------------------ */

static void
stats_count_hide_small_cells_and_take_the_median(void **state)
{
    struct fx *f = *state;
    struct db *db = f->db;
    /* A1 in 2025: six pungli (three closed after 2, 5 and 9 days), one gratifikasi;
     * A1 in 2024: one; B in 2025: one (outside the prefix) */
    int64_t days[] = {2, 5, 9};
    char lookup[32];
    for (int i = 0; i < 6; i++) {
        snprintf(lookup, sizeof lookup, "p%d", i);
        int64_t at = T0 + i * 3600000;
        int64_t id = report_add(db, f->o.a1, lookup, "pungli", i < 3 ? "selesai" : "ditelaah", at,
                                "2025-01-01", "2030-01-01");
        if (i < 3)
            assert_int_equal(wbs_store_report_state(db, id, "selesai", NULL, "2025-02-01", "", "",
                                                    at + days[i] * DAY + 1000, at),
                             0);
    }
    report_add(db, f->o.a1, "g", "gratifikasi", "diterima", T0, "2025-06-30", "2030-01-01");
    report_add(db, f->o.a1, "old", "pungli", "diterima", T0 - 365 * DAY, "2024-12-31",
               "2030-01-01");
    report_add(db, f->o.b, "b", "pungli", "diterima", T0, "2025-01-01", "2030-01-01");

    json_t *s = NULL;
    assert_int_equal(wbs_store_stats(db, f->o.path_a, 2025, false, &s), 0);
    assert_int_equal(jint(s, "total"), 7);
    assert_int_equal(jint(json_object_get(s, "by_category"), "pungli"), 6);
    assert_int_equal(jint(json_object_get(s, "by_category"), "gratifikasi"), 1);
    assert_int_equal(jint(json_object_get(s, "by_state"), "selesai"), 3);
    assert_int_equal(jint(json_object_get(s, "by_state"), "ditelaah"), 3);
    assert_int_equal(jint(json_object_get(s, "by_state"), "diterima"), 1);
    assert_int_equal(jint(s, "closed"), 3);
    assert_int_equal(jint(s, "median_days"), 5);
    json_decref(s);

    /* public: cells under five hide as "<5", zero and five and above show */
    assert_int_equal(wbs_store_stats(db, f->o.path_a, 2025, true, &s), 0);
    assert_int_equal(jint(s, "total"), 7);
    assert_int_equal(jint(json_object_get(s, "by_category"), "pungli"), 6);
    assert_string_equal(jstr(json_object_get(s, "by_category"), "gratifikasi"), "<5");
    assert_string_equal(jstr(json_object_get(s, "by_state"), "selesai"), "<5");
    assert_string_equal(jstr(s, "closed"), "<5");
    json_decref(s);

    /* every year; another year with nothing closed; a prefix with nothing */
    assert_int_equal(wbs_store_stats(db, f->o.path_r, 0, false, &s), 0);
    assert_int_equal(jint(s, "total"), 9);
    json_decref(s);
    assert_int_equal(wbs_store_stats(db, f->o.path_a, 2024, false, &s), 0);
    assert_int_equal(jint(s, "total"), 1);
    assert_int_equal(jint(s, "closed"), 0);
    assert_true(json_is_null(json_object_get(s, "median_days")));
    json_decref(s);
    assert_int_equal(wbs_store_stats(db, f->o.path_a1, 2023, true, &s), 0);
    assert_int_equal(jint(s, "total"), 0);
    assert_int_equal(json_object_size(json_object_get(s, "by_category")), 0);
    json_decref(s);

    /* an even count: the mean of the middle two, halves up (5 and 9 -> 7) */
    int64_t id = report_add(db, f->o.a1, "p9", "pungli", "selesai", T0, "2025-03-01", "2030-01-01");
    assert_int_equal(wbs_store_report_state(db, id, "selesai", NULL, "", "", "", T0 + 20 * DAY, T0),
                     0);
    assert_int_equal(wbs_store_stats(db, f->o.path_a, 2025, false, &s), 0);
    assert_int_equal(jint(s, "median_days"), 7);
    json_decref(s);
}

/* --- deletion -------------------------------------------------------------------------------- */

static const char *const wbs_tables_by_report[] = {
    "SELECT COUNT(*) FROM wbs_reports WHERE id = $1",
    "SELECT COUNT(*) FROM wbs_report_keys WHERE report_id = $1",
    "SELECT COUNT(*) FROM wbs_messages WHERE report_id = $1",
    "SELECT COUNT(*) FROM wbs_files WHERE report_id = $1",
    "SELECT COUNT(*) FROM wbs_events WHERE report_id = $1",
    "SELECT COUNT(*) FROM wbs_identities WHERE report_id = $1",
    "SELECT COUNT(*) FROM wbs_identity_requests WHERE report_id = $1",
    "SELECT COUNT(*) FROM wbs_identity_reasons WHERE request_id IN (SELECT id FROM "
    "wbs_identity_requests WHERE report_id = $1)",
};

/* A report with one of everything; its own file's blob goes to *own, a shared one to shared. */
static int64_t
full_report(struct fx *f, const char *lookup, int64_t shared, int64_t *own)
{
    struct db *db = f->db;
    int64_t r =
        report_add(db, f->o.a1, lookup, "pungli", "ditelaah", T0, "2025-01-01", "2030-01-01");
    unsigned char k[WBS_SEALED_KEY_BYTES];
    sealed_key(k, 0x71);
    assert_int_equal(wbs_store_key_put(db, r, f->o.off_a, k), 0);
    assert_int_equal(wbs_store_key_put(db, r, f->o.off_root, k), 0);
    int64_t id = 0;
    assert_int_equal(wbs_store_message_add(db, r, "pelapor", 0, "m", 1, T0, &id), 0);
    struct blob_info bi;
    char bytes[64];
    int n = snprintf(bytes, sizeof bytes, "ciphertext of %s", lookup);
    assert_int_equal(blob_put_mem(db, bytes, (size_t)n, "application/octet-stream", &bi), 0);
    *own = bi.id;
    assert_int_equal(wbs_store_file_add(db, r, "pelapor", bi.id, "meta", 4, T0, &id), 0);
    assert_int_equal(wbs_store_file_add(db, r, "petugas", shared, "meta", 4, T0, &id), 0);
    assert_int_equal(
        wbs_store_event(db, r, f->o.off_a, "state", "diterima", "ditelaah", "n", 1, true, T0), 0);
    assert_int_equal(wbs_store_identity_put(db, r, f->o.idc, "id", 2), 0);
    int64_t q = 0;
    assert_int_equal(wbs_store_idreq_add(db, r, f->o.off_a, "why", 3, T0, &q), 0);
    assert_int_equal(wbs_store_idreq_reason_put(db, q, f->o.idc, "why", 3), 0);
    return r;
}

static void
report_delete_leaves_nothing(void **state)
{
    struct fx *f = *state;
    struct db *db = f->db;
    struct blob_info shared;
    assert_int_equal(blob_put_mem(db, "shared ciphertext", 17, "application/octet-stream", &shared),
                     0);
    int64_t own1 = 0, own2 = 0;
    int64_t r1 = full_report(f, "l-1", shared.id, &own1);
    int64_t r2 = full_report(f, "l-2", shared.id, &own2);

    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(db_commit_or_rollback(db, wbs_store_report_delete(db, r1)), 0);
    for (size_t i = 0; i < sizeof wbs_tables_by_report / sizeof wbs_tables_by_report[0]; i++) {
        assert_int_equal(count(db, wbs_tables_by_report[i], r1), 0);
        assert_true(count(db, wbs_tables_by_report[i], r2) > 0);
    }
    assert_int_equal(count(db, "SELECT COUNT(*) FROM wbs_identity_reasons", 0), 1);
    /* r1's own blob and its chunks are gone; the one r2 still uses stays */
    assert_int_equal(count(db, "SELECT COUNT(*) FROM blobs WHERE id = $1", own1), 0);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM blob_chunks WHERE blob_id = $1", own1), 0);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM blobs WHERE id = $1", shared.id), 1);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM blob_chunks WHERE blob_id = $1", shared.id),
                     1);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM blobs WHERE id = $1", own2), 1);

    assert_int_equal(wbs_store_report_delete(db, r2), 0);
    static const char *const all[] = {
        "SELECT COUNT(*) FROM wbs_reports",
        "SELECT COUNT(*) FROM wbs_report_keys",
        "SELECT COUNT(*) FROM wbs_messages",
        "SELECT COUNT(*) FROM wbs_files",
        "SELECT COUNT(*) FROM wbs_events",
        "SELECT COUNT(*) FROM wbs_identities",
        "SELECT COUNT(*) FROM wbs_identity_requests",
        "SELECT COUNT(*) FROM wbs_identity_reasons",
        "SELECT COUNT(*) FROM blobs",
        "SELECT COUNT(*) FROM blob_chunks",
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        assert_int_equal(count(db, all[i], 0), 0);
    /* the officers' keys are theirs, not the report's */
    assert_true(count(db, "SELECT COUNT(*) FROM wbs_officer_keys", 0) > 0);
    assert_int_equal(wbs_store_report_delete(db, r2), ZE_NOTFOUND);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
    const struct CMUnitTest tests[] = {
        T(reports_insert_get_update),
        T(reports_open_and_expired),
        T(reports_list_by_prefix_state_key_and_reply),
        T(holders_follow_grants_on_the_unit_or_above),
        T(report_keys_put_get_and_missing),
        T(messages_files_and_events),
        T(identity_and_requests),
        T(officer_keys_replace_and_escrow),
        T(people_of_the_wbs_roles),
        T(session_copies),
        T(pow_challenges_are_taken_once_within_their_life),
        T(stats_count_hide_small_cells_and_take_the_median),
        T(report_delete_leaves_nothing),
    };
#undef T
    int failed = cmocka_run_group_tests_name("wbs_store_sqlite", tests, sqlite_group_setup,
                                             sqlite_group_teardown);
    const char *pg = getenv("ZONA_TEST_PG_URL");
    if (pg && *pg) {
        failed += cmocka_run_group_tests_name("wbs_store_postgresql", tests, pg_group_setup,
                                              pg_group_teardown);
    } else {
        fprintf(stderr, "test_wbs_store: ZONA_TEST_PG_URL is not set, so the PostgreSQL half was "
                        "NOT run (make test always sets it)\n");
    }
    return failed;
}
