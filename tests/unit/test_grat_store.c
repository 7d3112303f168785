/* test_grat_store: every SQL statement of gratification control (src/grat/grat_store.c), on SQLite
 * and, when ZONA_TEST_PG_URL names a scratch database, on PostgreSQL, with the same test
 * functions. Each test gets a fresh migrated database (a new SQLite file or a new PostgreSQL
 * schema) holding a small unit tree and its people, inserted with plain SQL:
 *
 *   R /r/        (WIB)   upg (petugas-upg)
 *   +- A /r/a/   (WITA)  ani, adi (staff), gone (staff, account switched off)
 *   +- B /r/b/   (WITA)  budi (staff)
 *
 * Deadlines are checked against days counted by hand on data/holidays/id-2026.csv (Nyepi and
 * Idulfitri 2026 fall inside them) and against grat_deadlines on the same calendar. */
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

#include "core/config.h"
#include "core/err.h"
#include "core/log.h"
#include "core/xmem.h"
#include "db/blob.h"
#include "db/db.h"
#include "db/migrate.h"
#include "grat/grat.h"
#include "org/cal.h"

#define DAY  86400000LL
#define HOUR 3600000LL

/* --- engines and fixtures -------------------------------------------------------------------- */

struct engine {
    enum db_kind kind;
    char base_url[1024];
    char dir[64];
    struct db *admin;
    int counter;
};

struct org {
    int64_t r, a, b;
    char path_r[64], path_a[64], path_b[64];
    int64_t upg, ani, adi, gone, budi;
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
    log_set_level(LOG_WARN);
    snprintf(sqlite_engine.dir, sizeof sqlite_engine.dir, "/tmp/zona-grat-XXXXXX");
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
    log_set_level(LOG_WARN);
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

static int64_t
unit_add(struct db *db, const char *code, int64_t parent, const char *parent_path, const char *tz,
         char *path, size_t pathsz)
{
    static const char q[] = "INSERT INTO units (code, name, type, parent_id, path, tz, created_at, "
                            "updated_at) VALUES ($1, $2, 'satker', $3, '/', $4, 0, 0) "
                            "RETURNING id";
    struct db_stmt *st;
    char name[64];
    snprintf(name, sizeof name, "Unit %s", code);
    assert_int_equal(db_prepare_dynamic(db, q, &st), 0);
    db_bind_text(st, 1, code, -1);
    db_bind_text(st, 2, name, -1);
    if (parent)
        db_bind_int64(st, 3, parent);
    else
        db_bind_null(st, 3);
    db_bind_text(st, 4, tz, -1);
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
    snprintf(email, sizeof email, "g%d@example.go.id", seq);
    struct db_stmt *st;
    assert_int_equal(db_prepare_dynamic(db,
                                        "INSERT INTO users (nip, name, email, position, unit_id, "
                                        "active, created_at, updated_at) VALUES ($1, $2, $3, "
                                        "'Staf', $4, $5, 0, 0) RETURNING id",
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
seed(struct db *db, struct org *o)
{
    o->r = unit_add(db, "R", 0, "/", "WIB", o->path_r, sizeof o->path_r);
    o->a = unit_add(db, "A", o->r, o->path_r, "WITA", o->path_a, sizeof o->path_a);
    o->b = unit_add(db, "B", o->r, o->path_r, "WITA", o->path_b, sizeof o->path_b);
    o->upg = user_add(db, "Uli UPG", o->r, true);
    o->ani = user_add(db, "Ani A", o->a, true);
    o->adi = user_add(db, "Adi A", o->a, true);
    o->gone = user_add(db, "Gita Gone", o->a, false);
    o->budi = user_add(db, "Budi B", o->b, true);
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
        snprintf(f->schema, sizeof f->schema, "zona_grat_%ld_%d", (long)getpid(), e->counter);
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

static int64_t
D(const char *s)
{
    int64_t d;
    if (cal_parse_date(s, &d) != 0)
        fail_msg("not a date: %s", s);
    return d;
}

/* The instant of a day at hour:00 UTC. */
static int64_t
at(const char *day, int hour)
{
    return D(day) * DAY + hour * HOUR;
}

struct gift {
    const char *kind, *giver_kind, *event_kind, *object_type, *received, *kept_at;
    int64_t value;
};

static struct grat_input
input(const struct gift *g)
{
    struct grat_input in;
    memset(&in, 0, sizeof in);
    snprintf(in.kind, sizeof in.kind, "%s", g->kind ? g->kind : "penerimaan");
    snprintf(in.giver_kind, sizeof in.giver_kind, "%s", g->giver_kind ? g->giver_kind : "lainnya");
    snprintf(in.event_kind, sizeof in.event_kind, "%s", g->event_kind ? g->event_kind : "upacara");
    snprintf(in.object_type, sizeof in.object_type, "%s",
             g->object_type ? g->object_type : "barang");
    snprintf(in.kept_at, sizeof in.kept_at, "%s", g->kept_at ? g->kept_at : "penerima");
    snprintf(in.received_day, sizeof in.received_day, "%s",
             g->received ? g->received : "2026-03-02");
    in.giver_name = xstrdup("Made Wirawan");
    in.giver_institution = xstrdup("CV Sinar Dewata");
    in.giver_address = xstrdup("Jl. Gajah Mada 12, Semarapura");
    in.giver_relation = xstrdup("Calon penyedia");
    in.event = xstrdup("Pernikahan");
    in.description = xstrdup("Satu set peralatan makan perak");
    in.place = xstrdup("Semarapura");
    in.chronology = xstrdup("Diantar kurir ke rumah.");
    in.value = g->value ? g->value : 2500000;
    in.cash = grat_object_is_cash(in.object_type);
    return in;
}

/* Files a report of unit by reporter at now; returns its id. */
static int64_t
file_report(struct db *db, int64_t unit, const char *tz, int64_t reporter, const struct gift *g,
            int64_t now)
{
    struct grat_input in = input(g);
    int64_t id = 0;
    assert_int_equal(grat_store_insert(db, unit, tz, reporter, &in, now, &id), 0);
    grat_input_clear(&in);
    assert_true(id > 0);
    return id;
}

static int64_t
jint(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    if (!json_is_integer(v))
        fail_msg("%s is not an integer", k);
    return json_integer_value(v);
}

static const char *
jstr(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    if (!json_is_string(v))
        fail_msg("%s is not a string", k);
    return json_string_value(v);
}

static bool
jbool(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    if (!json_is_boolean(v))
        fail_msg("%s is not a boolean", k);
    return json_is_true(v);
}

static void
assert_state(struct db *db, int64_t id, const char *want)
{
    json_t *g = grat_store_get(db, id);
    assert_non_null(g);
    assert_string_equal(jstr(g, "state"), want);
    json_decref(g);
}

static int
move(struct db *db, int64_t id, const char *to, int64_t by, int64_t now)
{
    struct grat_step s;
    memset(&s, 0, sizeof s);
    snprintf(s.to, sizeof s.to, "%s", to);
    if (strcmp(to, "dikembalikan") == 0)
        snprintf(s.missing, sizeof s.missing, "Foto objek");
    if (strcmp(to, "ditetapkan") == 0) {
        snprintf(s.decree_number, sizeof s.decree_number, "SK-1/2026");
        snprintf(s.decree_day, sizeof s.decree_day, "2026-04-20");
        snprintf(s.outcome, sizeof s.outcome, "milik_negara");
    }
    if (strcmp(to, "selesai") == 0)
        snprintf(s.finish_how, sizeof s.finish_how, "diserahkan");
    return grat_store_transition(db, id, &s, by, now);
}

static size_t
list_n(struct db *db, const char *prefix, int64_t reporter, const char *state, int year)
{
    json_t *l = json_array();
    assert_int_equal(grat_store_list(db, prefix, reporter, state, year, l), 0);
    size_t n = json_array_size(l);
    json_decref(l);
    return n;
}

/* --- tests ----------------------------------------------------------------------------------- */

static void
insert_get_and_the_advice_deadlines_and_day(void **state)
{
    struct fx *f = *state;
    struct org *o = &f->o;
    /* filed 2026-03-04 16:30 UTC: still the 4th in WIB, already the 5th in WITA (unit A) */
    int64_t now = at("2026-03-04", 16) + HOUR / 2;
    struct gift g = {.received = "2026-03-02", .value = 2500000};
    int64_t id = file_report(f->db, o->a, "WITA", o->ani, &g, now);
    json_t *r = grat_store_get(f->db, id);
    assert_non_null(r);
    assert_int_equal(jint(r, "id"), id);
    assert_int_equal(jint(r, "unit_id"), o->a);
    assert_string_equal(jstr(r, "unit_code"), "A");
    assert_string_equal(jstr(r, "unit_name"), "Unit A");
    assert_string_equal(jstr(r, "unit_path"), o->path_a);
    assert_int_equal(jint(r, "reporter_id"), o->ani);
    assert_string_equal(jstr(r, "reporter_name"), "Ani A");
    assert_int_equal(strlen(jstr(r, "reporter_nip")), 18);
    assert_string_equal(jstr(r, "reporter_position"), "Staf");
    assert_string_equal(jstr(r, "kind"), "penerimaan");
    assert_string_equal(jstr(r, "giver_name"), "Made Wirawan");
    assert_string_equal(jstr(r, "giver_institution"), "CV Sinar Dewata");
    assert_string_equal(jstr(r, "giver_address"), "Jl. Gajah Mada 12, Semarapura");
    assert_string_equal(jstr(r, "giver_relation"), "Calon penyedia");
    assert_string_equal(jstr(r, "giver_kind"), "lainnya");
    assert_string_equal(jstr(r, "event_kind"), "upacara");
    assert_string_equal(jstr(r, "event"), "Pernikahan");
    assert_string_equal(jstr(r, "object_type"), "barang");
    assert_string_equal(jstr(r, "description"), "Satu set peralatan makan perak");
    assert_int_equal(jint(r, "value"), 2500000);
    assert_string_equal(jstr(r, "value_band"), grat_value_band(2500000));
    assert_false(jbool(r, "cash"));
    assert_string_equal(jstr(r, "received_day"), "2026-03-02");
    assert_string_equal(jstr(r, "place"), "Semarapura");
    assert_string_equal(jstr(r, "kept_at"), "penerima");
    assert_string_equal(jstr(r, "chronology"), "Diantar kurir ke rumah.");
    assert_false(jbool(r, "wants_compensation"));
    assert_int_equal(jint(r, "year_total"), 0);
    /* over the Rp1.500.000 ceremony limit of Peraturan KPK 1/2026 */
    assert_string_equal(jstr(r, "rule_id"), "peraturan-kpk-1-2026");
    assert_true(jbool(r, "must_report"));
    assert_true(strlen(jstr(r, "advice")) > 20);
    assert_string_equal(jstr(r, "state"), "diajukan");
    assert_string_equal(jstr(r, "missing"), "");
    /* 10 and 30 working days after Monday 2 March 2026, around Nyepi and Idulfitri */
    assert_string_equal(jstr(r, "upg_due"), "2026-03-16");
    assert_string_equal(jstr(r, "kpk_due"), "2026-04-21");
    assert_string_equal(jstr(r, "forward_due"), "");
    assert_string_equal(jstr(r, "lapse_due"), "");
    assert_false(jbool(r, "late"));
    assert_int_equal(jint(r, "reported_at"), now);
    assert_string_equal(jstr(r, "reported_day"), "2026-03-05");
    assert_string_equal(jstr(r, "forwarded_day"), "");
    assert_string_equal(jstr(r, "kpk_number"), "");
    assert_string_equal(jstr(r, "decree_number"), "");
    assert_string_equal(jstr(r, "decree_day"), "");
    assert_string_equal(jstr(r, "outcome"), "");
    assert_true(json_is_null(json_object_get(r, "compensation")));
    assert_string_equal(jstr(r, "finish_how"), "");
    assert_string_equal(jstr(r, "finish_note"), "");
    assert_string_equal(jstr(r, "deposit_number"), "");
    assert_true(json_is_null(json_object_get(r, "deposited_at")));
    assert_true(json_is_null(json_object_get(r, "closed_at")));
    json_decref(r);

    /* the same deadlines as grat_deadlines on the unit's calendar */
    struct cal c;
    struct cal_rule cr;
    assert_int_equal(cal_store_for_unit(f->db, o->a, grat_cuti_bersama_works(), &c, &cr), 0);
    struct grat_deadlines dl;
    assert_int_equal(grat_deadlines(&c, &cr, D("2026-03-02"), &dl), 0);
    assert_true(dl.upg == D("2026-03-16") && dl.kpk == D("2026-04-21"));
    cal_free(&c);

    /* in WIB the same instant is still the 4th */
    id = file_report(f->db, o->r, "WIB", o->upg, &g, now);
    r = grat_store_get(f->db, id);
    assert_string_equal(jstr(r, "reported_day"), "2026-03-04");
    json_decref(r);

    /* under Peraturan KPK 2/2019 (before 14 January 2026), a ceremony gift of Rp1.000.000 is
     * exempt; the same under 1/2026 too; cash follows the object type */
    struct gift old = {.received = "2026-01-13", .value = 1000000, .object_type = "uang"};
    id = file_report(f->db, o->a, "WITA", o->ani, &old, now);
    r = grat_store_get(f->db, id);
    assert_string_equal(jstr(r, "rule_id"), "peraturan-kpk-2-2019");
    assert_false(jbool(r, "must_report"));
    assert_true(jbool(r, "cash"));
    /* received 13 January, reported 5 March: after the KPK's 30 working days */
    assert_true(jbool(r, "late"));
    json_decref(r);

    assert_null(grat_store_get(f->db, 999999));
    /* a report with a bad code is refused before anything is written */
    struct gift bad = {.giver_kind = "tetangga"};
    struct grat_input in = input(&bad);
    int64_t nid = 0;
    assert_int_equal(grat_store_insert(f->db, o->a, "WITA", o->ani, &in, now, &nid), ZE_INVAL);
    grat_input_clear(&in);
    assert_false(db_in_transaction(f->db));
    assert_int_equal(list_n(f->db, "", 0, "", 0), 3);

    /* the first event */
    json_t *ev = json_array();
    assert_int_equal(grat_store_events(f->db, id, ev), 0);
    assert_int_equal(json_array_size(ev), 1);
    assert_string_equal(jstr(json_array_get(ev, 0), "action"), "report");
    assert_string_equal(jstr(json_array_get(ev, 0), "to"), "diajukan");
    assert_string_equal(jstr(json_array_get(ev, 0), "actor"), "Ani A");
    assert_int_equal(jint(json_array_get(ev, 0), "at"), now);
    json_decref(ev);
}

static void
list_by_prefix_reporter_state_and_year(void **state)
{
    struct fx *f = *state;
    struct org *o = &f->o;
    int64_t now = at("2026-03-05", 2);
    struct gift g26 = {.received = "2026-03-02"}, g25 = {.received = "2025-12-22"};
    int64_t a1 = file_report(f->db, o->a, "WITA", o->ani, &g26, now);
    int64_t a2 = file_report(f->db, o->a, "WITA", o->adi, &g25, now + HOUR);
    int64_t b1 = file_report(f->db, o->b, "WITA", o->budi, &g26, now + 2 * HOUR);
    assert_int_equal(move(f->db, a2, "dikembalikan", o->upg, now + 3 * HOUR), 0);
    assert_int_equal(move(f->db, b1, "diverifikasi", o->upg, now + 3 * HOUR), 0);

    json_t *l = json_array();
    assert_int_equal(grat_store_list(f->db, o->path_r, 0, "", 0, l), 0);
    assert_int_equal(json_array_size(l), 3);
    /* newest first, without the chronology and the advice */
    assert_int_equal(jint(json_array_get(l, 0), "id"), b1);
    assert_int_equal(jint(json_array_get(l, 1), "id"), a2);
    assert_int_equal(jint(json_array_get(l, 2), "id"), a1);
    assert_null(json_object_get(json_array_get(l, 0), "chronology"));
    assert_null(json_object_get(json_array_get(l, 0), "advice"));
    assert_string_equal(jstr(json_array_get(l, 0), "unit_code"), "B");
    json_decref(l);

    assert_int_equal(list_n(f->db, o->path_a, 0, "", 0), 2);
    assert_int_equal(list_n(f->db, o->path_b, 0, "", 0), 1);
    assert_int_equal(list_n(f->db, o->path_a, o->ani, "", 0), 1);
    assert_int_equal(list_n(f->db, o->path_r, o->budi, "", 0), 1);
    assert_int_equal(list_n(f->db, o->path_b, o->ani, "", 0), 0);
    assert_int_equal(list_n(f->db, o->path_r, 0, "diajukan", 0), 1);
    assert_int_equal(list_n(f->db, o->path_r, 0, "dikembalikan", 0), 1);
    assert_int_equal(list_n(f->db, o->path_r, 0, "terbuka", 0), 3);
    assert_int_equal(list_n(f->db, o->path_r, 0, "selesai", 0), 0);
    assert_int_equal(list_n(f->db, o->path_r, 0, "", 2026), 2);
    assert_int_equal(list_n(f->db, o->path_r, 0, "", 2025), 1);
    assert_int_equal(list_n(f->db, o->path_r, 0, "", 2024), 0);
    assert_int_equal(list_n(f->db, o->path_r, 0, "terbuka", 2025), 1);
    /* a prefix is a path: "/1" is not "/12/" */
    assert_int_equal(list_n(f->db, "/nowhere/", 0, "", 0), 0);
    assert_int_equal(list_n(f->db, NULL, 0, NULL, 0), 3);

    /* gugur and selesai are not open */
    int n = 0;
    assert_int_equal(grat_store_lapse(f->db, "2027-01-01", at("2027-01-01", 0), &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list_n(f->db, o->path_r, 0, "terbuka", 0), 2);
    assert_int_equal(list_n(f->db, o->path_r, 0, "gugur", 0), 1);
}

static void
complete_a_returned_report(void **state)
{
    struct fx *f = *state;
    struct org *o = &f->o;
    int64_t now = at("2026-03-05", 2);
    struct gift g = {.received = "2026-03-02"};
    int64_t id = file_report(f->db, o->a, "WITA", o->ani, &g, now);
    struct grat_input in = input(&g);
    /* only a returned report can be completed */
    assert_int_equal(grat_store_complete(f->db, id, &in, o->ani, now + DAY), ZE_CONFLICT);
    assert_int_equal(grat_store_complete(f->db, 999999, &in, o->ani, now + DAY), ZE_NOTFOUND);
    grat_input_clear(&in);

    struct grat_step s;
    memset(&s, 0, sizeof s);
    snprintf(s.to, sizeof s.to, "dikembalikan");
    snprintf(s.missing, sizeof s.missing, "Foto objek dan alamat pemberi.");
    snprintf(s.note, sizeof s.note, "Mohon segera.");
    assert_int_equal(grat_store_transition(f->db, id, &s, o->upg, now + DAY), 0);
    json_t *r = grat_store_get(f->db, id);
    assert_string_equal(jstr(r, "state"), "dikembalikan");
    assert_string_equal(jstr(r, "missing"), "Foto objek dan alamat pemberi.");
    /* 20 working days from the report day (5 March) under 1/2026 */
    assert_string_equal(jstr(r, "lapse_due"), "2026-04-10");
    json_decref(r);

    /* completed: the new fields, the advice and deadlines again, diajukan */
    struct gift g2 = {.received = "2026-03-03", .value = 1000000, .object_type = "makanan"};
    in = input(&g2);
    free(in.description);
    in.description = xstrdup("Parsel makanan");
    assert_int_equal(grat_store_complete(f->db, id, &in, o->ani, now + 2 * DAY), 0);
    grat_input_clear(&in);
    r = grat_store_get(f->db, id);
    assert_string_equal(jstr(r, "state"), "diajukan");
    assert_string_equal(jstr(r, "missing"), "");
    assert_string_equal(jstr(r, "lapse_due"), "");
    assert_string_equal(jstr(r, "description"), "Parsel makanan");
    assert_string_equal(jstr(r, "object_type"), "makanan");
    assert_string_equal(jstr(r, "received_day"), "2026-03-03");
    assert_int_equal(jint(r, "value"), 1000000);
    assert_false(jbool(r, "must_report")); /* within the ceremony limit now */
    assert_string_equal(jstr(r, "upg_due"), "2026-03-17");
    assert_string_equal(jstr(r, "reported_day"), "2026-03-05"); /* the first report's day */
    json_decref(r);
    json_t *ev = json_array();
    assert_int_equal(grat_store_events(f->db, id, ev), 0);
    assert_int_equal(json_array_size(ev), 3);
    json_t *e1 = json_array_get(ev, 1), *e2 = json_array_get(ev, 2);
    assert_string_equal(jstr(e1, "action"), "state");
    assert_string_equal(jstr(e1, "from"), "diajukan");
    assert_string_equal(jstr(e1, "to"), "dikembalikan");
    assert_string_equal(jstr(e1, "note"), "Foto objek dan alamat pemberi.\n\nMohon segera.");
    assert_string_equal(jstr(e1, "actor"), "Uli UPG");
    assert_string_equal(jstr(e2, "action"), "complete");
    assert_string_equal(jstr(e2, "from"), "dikembalikan");
    assert_string_equal(jstr(e2, "to"), "diajukan");
    json_decref(ev);
}

static void
transition_through_every_state(void **state)
{
    struct fx *f = *state;
    struct org *o = &f->o;
    int64_t now = at("2026-03-05", 2);
    struct gift g = {.received = "2026-03-02", .kept_at = "upg"};
    int64_t id = file_report(f->db, o->a, "WITA", o->ani, &g, now);

    /* moves that are not the UPG's next one */
    static const char *const wrong[] = {"diteruskan", "ditetapkan", "selesai",
                                        "gugur",      "diajukan",   "nope"};
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++)
        assert_int_equal(move(f->db, id, wrong[i], o->upg, now), ZE_CONFLICT);
    assert_int_equal(move(f->db, 999999, "diverifikasi", o->upg, now), ZE_NOTFOUND);
    assert_state(f->db, id, "diajukan");

    /* verified: the UPG forwards within 10 working days of the report (5 March) */
    assert_int_equal(move(f->db, id, "diverifikasi", o->upg, now + DAY), 0);
    json_t *r = grat_store_get(f->db, id);
    assert_string_equal(jstr(r, "state"), "diverifikasi");
    assert_string_equal(jstr(r, "forward_due"), "2026-03-26");
    assert_int_equal(jint(r, "verified_at"), now + DAY);
    json_decref(r);
    assert_int_equal(move(f->db, id, "diverifikasi", o->upg, now + DAY), ZE_CONFLICT);

    /* forwarded, with the KPK's number, on the unit's day */
    struct grat_step s;
    memset(&s, 0, sizeof s);
    snprintf(s.to, sizeof s.to, "diteruskan");
    snprintf(s.kpk_number, sizeof s.kpk_number, "GOL-2026-000123");
    snprintf(s.note, sizeof s.note, "Dikirim melalui GOL.");
    int64_t fwd = at("2026-03-09", 17); /* 01:00 on the 10th in WITA */
    assert_int_equal(grat_store_transition(f->db, id, &s, o->upg, fwd), 0);
    r = grat_store_get(f->db, id);
    assert_string_equal(jstr(r, "state"), "diteruskan");
    assert_string_equal(jstr(r, "kpk_number"), "GOL-2026-000123");
    assert_string_equal(jstr(r, "forwarded_day"), "2026-03-10");
    json_decref(r);

    /* decided: compensation only with milik_negara_kompensasi; a bad decision is refused */
    memset(&s, 0, sizeof s);
    snprintf(s.to, sizeof s.to, "ditetapkan");
    snprintf(s.decree_number, sizeof s.decree_number, "1234/GRA.00/04/2026");
    snprintf(s.decree_day, sizeof s.decree_day, "2026-04-20");
    snprintf(s.outcome, sizeof s.outcome, "milik_siapa");
    assert_int_equal(grat_store_transition(f->db, id, &s, o->upg, fwd + DAY), ZE_INVAL);
    snprintf(s.outcome, sizeof s.outcome, "milik_negara_kompensasi");
    s.compensation = 2400000;
    assert_int_equal(grat_store_transition(f->db, id, &s, o->upg, fwd + DAY), 0);
    r = grat_store_get(f->db, id);
    assert_string_equal(jstr(r, "state"), "ditetapkan");
    assert_string_equal(jstr(r, "decree_number"), "1234/GRA.00/04/2026");
    assert_string_equal(jstr(r, "decree_day"), "2026-04-20");
    assert_string_equal(jstr(r, "outcome"), "milik_negara_kompensasi");
    assert_int_equal(jint(r, "compensation"), 2400000);
    json_decref(r);

    /* closed: how must fit the decision */
    memset(&s, 0, sizeof s);
    snprintf(s.to, sizeof s.to, "selesai");
    snprintf(s.finish_how, sizeof s.finish_how, "dikembalikan");
    assert_int_equal(grat_store_transition(f->db, id, &s, o->upg, fwd + 2 * DAY), ZE_INVAL);
    snprintf(s.finish_how, sizeof s.finish_how, "dibayar");
    snprintf(s.note, sizeof s.note, "Bukti setor PNBP diterima.");
    assert_int_equal(grat_store_transition(f->db, id, &s, o->upg, fwd + 2 * DAY), 0);
    r = grat_store_get(f->db, id);
    assert_string_equal(jstr(r, "state"), "selesai");
    assert_string_equal(jstr(r, "finish_how"), "dibayar");
    assert_string_equal(jstr(r, "finish_note"), "Bukti setor PNBP diterima.");
    assert_int_equal(jint(r, "closed_at"), fwd + 2 * DAY);
    json_decref(r);
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++)
        assert_int_equal(move(f->db, id, wrong[i], o->upg, now), ZE_CONFLICT);

    json_t *ev = json_array();
    assert_int_equal(grat_store_events(f->db, id, ev), 0);
    static const char *const path[] = {"diajukan", "diverifikasi", "diteruskan", "ditetapkan",
                                       "selesai"};
    assert_int_equal(json_array_size(ev), 5);
    for (size_t i = 0; i < 5; i++) {
        json_t *e = json_array_get(ev, i);
        assert_string_equal(jstr(e, "to"), path[i]);
        if (i)
            assert_string_equal(jstr(e, "from"), path[i - 1]);
    }
    assert_string_equal(jstr(json_array_get(ev, 2), "note"), "Dikirim melalui GOL.");
    json_decref(ev);

    /* milik_penerima: compensation stays null, the object goes back to the recipient */
    int64_t id2 = file_report(f->db, o->a, "WITA", o->ani, &g, now);
    assert_int_equal(move(f->db, id2, "diverifikasi", o->upg, now), 0);
    assert_int_equal(move(f->db, id2, "diteruskan", o->upg, now), 0);
    memset(&s, 0, sizeof s);
    snprintf(s.to, sizeof s.to, "ditetapkan");
    snprintf(s.decree_number, sizeof s.decree_number, "SK-2");
    snprintf(s.decree_day, sizeof s.decree_day, "2026-04-21");
    snprintf(s.outcome, sizeof s.outcome, "milik_penerima");
    s.compensation = 5; /* ignored */
    assert_int_equal(grat_store_transition(f->db, id2, &s, o->upg, now), 0);
    r = grat_store_get(f->db, id2);
    assert_true(json_is_null(json_object_get(r, "compensation")));
    json_decref(r);
    assert_int_equal(move(f->db, id2, "selesai", o->upg, now), ZE_INVAL); /* diserahkan */
    memset(&s, 0, sizeof s);
    snprintf(s.to, sizeof s.to, "selesai");
    snprintf(s.finish_how, sizeof s.finish_how, "dikembalikan");
    assert_int_equal(grat_store_transition(f->db, id2, &s, o->upg, now), 0);

    /* inside the caller's transaction, which it leaves open */
    int64_t id3 = file_report(f->db, o->a, "WITA", o->ani, &g, now);
    assert_int_equal(db_begin_write(f->db), 0);
    assert_int_equal(move(f->db, id3, "diverifikasi", o->upg, now), 0);
    assert_int_equal(move(f->db, id3, "diteruskan", o->upg, now), 0);
    assert_true(db_in_transaction(f->db));
    db_rollback(f->db);
    assert_state(f->db, id3, "diajukan");
}

static void
forward_due_never_after_the_kpk_deadline(void **state)
{
    struct fx *f = *state;
    struct org *o = &f->o;
    /* received 2 February: the KPK deadline is 25 March (30 working days, Imlek, Nyepi and
     * Idulfitri skipped); reported 9 March, 10 working days later would be 30 March */
    struct gift g = {.received = "2026-02-02"};
    int64_t id = file_report(f->db, o->a, "WITA", o->ani, &g, at("2026-03-09", 2));
    json_t *r = grat_store_get(f->db, id);
    const char *kpk = jstr(r, "kpk_due");
    char kpk_due[11];
    snprintf(kpk_due, sizeof kpk_due, "%s", kpk);
    json_decref(r);
    assert_int_equal(move(f->db, id, "diverifikasi", o->upg, at("2026-03-09", 3)), 0);
    r = grat_store_get(f->db, id);
    assert_string_equal(kpk_due, "2026-03-25");
    assert_string_equal(jstr(r, "forward_due"), "2026-03-25");
    assert_false(jbool(r, "late"));
    json_decref(r);
}

static void
deposits_are_numbered_per_unit_and_year(void **state)
{
    struct fx *f = *state;
    struct org *o = &f->o;
    int64_t now = at("2026-03-05", 2);
    struct gift g = {.received = "2026-03-02", .object_type = "makanan"};
    int64_t a1 = file_report(f->db, o->a, "WITA", o->ani, &g, now);
    int64_t a2 = file_report(f->db, o->a, "WITA", o->adi, &g, now);
    int64_t a3 = file_report(f->db, o->a, "WITA", o->adi, &g, now);
    int64_t b1 = file_report(f->db, o->b, "WITA", o->budi, &g, now);
    char num[64];
    assert_int_equal(grat_store_deposit(f->db, a1, o->upg, now + HOUR, num), 0);
    assert_string_equal(num, "TT/A/2026/001");
    assert_int_equal(grat_store_deposit(f->db, b1, o->upg, now + HOUR, num), 0);
    assert_string_equal(num, "TT/B/2026/001");
    assert_int_equal(grat_store_deposit(f->db, a2, o->upg, now + 2 * HOUR, num), 0);
    assert_string_equal(num, "TT/A/2026/002");
    /* once only */
    assert_int_equal(grat_store_deposit(f->db, a2, o->upg, now + 3 * HOUR, num), ZE_CONFLICT);
    assert_string_equal(num, "");
    assert_int_equal(grat_store_deposit(f->db, 999999, o->upg, now, num), ZE_NOTFOUND);
    /* a new year starts again at 1: 31 December 17:00 UTC is 1 January in WITA */
    assert_int_equal(grat_store_deposit(f->db, a3, o->upg, at("2026-12-31", 17), num), 0);
    assert_string_equal(num, "TT/A/2027/001");

    json_t *r = grat_store_get(f->db, a2);
    assert_string_equal(jstr(r, "deposit_number"), "TT/A/2026/002");
    assert_string_equal(jstr(r, "kept_at"), "upg");
    assert_int_equal(jint(r, "deposited_at"), now + 2 * HOUR);
    json_decref(r);

    json_t *l = json_array();
    assert_int_equal(grat_store_deposits(f->db, o->path_r, 2026, l), 0);
    assert_int_equal(json_array_size(l), 3);
    assert_string_equal(jstr(json_array_get(l, 0), "deposit_number"), "TT/A/2026/001");
    assert_string_equal(jstr(json_array_get(l, 1), "deposit_number"), "TT/A/2026/002");
    assert_string_equal(jstr(json_array_get(l, 2), "deposit_number"), "TT/B/2026/001");
    json_decref(l);
    l = json_array();
    assert_int_equal(grat_store_deposits(f->db, o->path_a, 0, l), 0);
    assert_int_equal(json_array_size(l), 3);
    json_decref(l);
    l = json_array();
    assert_int_equal(grat_store_deposits(f->db, o->path_b, 2027, l), 0);
    assert_int_equal(json_array_size(l), 0);
    json_decref(l);

    json_t *ev = json_array();
    assert_int_equal(grat_store_events(f->db, a1, ev), 0);
    assert_string_equal(jstr(json_array_get(ev, 1), "action"), "deposit");
    assert_string_equal(jstr(json_array_get(ev, 1), "note"), "TT/A/2026/001");
    json_decref(ev);

    /* nothing is deposited for a closed report */
    int64_t a4 = file_report(f->db, o->a, "WITA", o->ani, &g, now);
    assert_int_equal(move(f->db, a4, "dikembalikan", o->upg, now), 0);
    int n;
    assert_int_equal(grat_store_lapse(f->db, "2026-12-01", now, &n), 0);
    assert_int_equal(grat_store_deposit(f->db, a4, o->upg, now, num), ZE_CONFLICT);
}

static void
files_and_events(void **state)
{
    struct fx *f = *state;
    struct org *o = &f->o;
    int64_t now = at("2026-03-05", 2);
    struct gift g = {.received = "2026-03-02"};
    int64_t id = file_report(f->db, o->a, "WITA", o->ani, &g, now);
    assert_int_equal(db_begin_write(f->db), 0);
    struct blob_info b1, b2;
    static const char photo[] = "\x89PNG fake photo bytes";
    static const char letter[] = "%PDF-1.4 fake letter";
    assert_int_equal(blob_put_mem(f->db, photo, sizeof photo - 1, "image/png", &b1), 0);
    assert_int_equal(blob_put_mem(f->db, letter, sizeof letter - 1, "application/pdf", &b2), 0);
    assert_int_equal(grat_store_file_add(f->db, id, b1.id, "foto.png", "image/png",
                                         (int64_t)sizeof photo - 1, o->ani, now),
                     0);
    assert_int_equal(grat_store_file_add(f->db, id, b2.id, "surat.pdf", "application/pdf",
                                         (int64_t)sizeof letter - 1, 0, now + 1),
                     0);
    assert_int_equal(db_commit(f->db), 0);
    json_t *l = json_array();
    assert_int_equal(grat_store_files(f->db, id, l), 0);
    assert_int_equal(json_array_size(l), 2);
    json_t *x = json_array_get(l, 0);
    assert_true(jint(x, "id") > 0);
    assert_int_equal(jint(x, "blob_id"), b1.id);
    assert_string_equal(jstr(x, "sha256"), b1.sha256);
    assert_string_equal(jstr(x, "name"), "foto.png");
    assert_string_equal(jstr(x, "mime"), "image/png");
    assert_int_equal(jint(x, "size"), sizeof photo - 1);
    assert_int_equal(jint(x, "at"), now);
    assert_string_equal(jstr(json_array_get(l, 1), "name"), "surat.pdf");
    json_decref(l);
    l = json_array();
    assert_int_equal(grat_store_files(f->db, id + 1000, l), 0);
    assert_int_equal(json_array_size(l), 0);
    json_decref(l);
    /* a file of no report is refused (foreign key) */
    assert_int_not_equal(
        grat_store_file_add(f->db, 999999, b1.id, "x", "image/png", 1, o->ani, now), 0);

    /* events oldest first, with the actor's name ("" for the system) */
    assert_int_equal(move(f->db, id, "dikembalikan", o->upg, now + DAY), 0);
    int n;
    assert_int_equal(grat_store_lapse(f->db, "2026-12-31", now + 300 * DAY, &n), 0);
    json_t *ev = json_array();
    assert_int_equal(grat_store_events(f->db, id, ev), 0);
    assert_int_equal(json_array_size(ev), 3);
    assert_string_equal(jstr(json_array_get(ev, 0), "actor"), "Ani A");
    assert_string_equal(jstr(json_array_get(ev, 1), "actor"), "Uli UPG");
    assert_string_equal(jstr(json_array_get(ev, 1), "note"), "Foto objek");
    assert_string_equal(jstr(json_array_get(ev, 2), "actor"), "");
    assert_string_equal(jstr(json_array_get(ev, 2), "action"), "lapse");
    assert_string_equal(jstr(json_array_get(ev, 2), "from"), "dikembalikan");
    assert_string_equal(jstr(json_array_get(ev, 2), "to"), "gugur");
    json_decref(ev);
}

static void
lapse_after_the_last_day(void **state)
{
    struct fx *f = *state;
    struct org *o = &f->o;
    int64_t now = at("2026-03-05", 2);
    struct gift g = {.received = "2026-03-02"};
    int64_t returned = file_report(f->db, o->a, "WITA", o->ani, &g, now);
    int64_t open = file_report(f->db, o->a, "WITA", o->ani, &g, now);
    assert_int_equal(move(f->db, returned, "dikembalikan", o->upg, now), 0);
    json_t *r = grat_store_get(f->db, returned);
    assert_string_equal(jstr(r, "lapse_due"), "2026-04-10");
    json_decref(r);
    /* a report received before 14 January 2026 and returned: 30 working days from receipt (2/2019
     * counts from the gift), but the rule is the one in force on the report day */
    struct gift old = {.received = "2026-01-05"};
    int64_t old_id = file_report(f->db, o->a, "WITA", o->ani, &old, at("2026-01-06", 2));
    assert_int_equal(move(f->db, old_id, "dikembalikan", o->upg, now), 0);
    r = grat_store_get(f->db, old_id);
    /* reported 6 January under 2/2019: 30 working days after 5 January */
    struct cal c;
    struct cal_rule cr;
    assert_int_equal(cal_store_for_unit(f->db, o->a, grat_cuti_bersama_works(), &c, &cr), 0);
    int64_t due;
    assert_int_equal(grat_lapse(&c, &cr, grat_rule_by_id("peraturan-kpk-2-2019"), D("2026-01-05"),
                                D("2026-01-06"), &due),
                     0);
    cal_free(&c);
    char iso[11];
    cal_format_date(due, iso);
    assert_string_equal(jstr(r, "lapse_due"), iso);
    assert_string_equal(iso, "2026-02-19");
    json_decref(r);

    int n = -1;
    assert_int_equal(grat_store_lapse(f->db, "2026-02-19", now, &n), 0); /* the last day itself */
    assert_int_equal(n, 0);
    assert_int_equal(grat_store_lapse(f->db, "2026-02-20", now, &n), 0);
    assert_int_equal(n, 1);
    assert_state(f->db, old_id, "gugur");
    assert_int_equal(grat_store_lapse(f->db, "2026-04-10", now, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(grat_store_lapse(f->db, "2026-04-11", at("2026-04-11", 0), &n), 0);
    assert_int_equal(n, 1);
    assert_state(f->db, returned, "gugur");
    r = grat_store_get(f->db, returned);
    assert_int_equal(jint(r, "closed_at"), at("2026-04-11", 0));
    json_decref(r);
    assert_state(f->db, open, "diajukan");
    assert_int_equal(grat_store_lapse(f->db, "2030-01-01", now, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(grat_store_lapse(f->db, "besok", now, &n), ZE_INVAL);
    /* a lapsed report cannot be completed */
    struct grat_input in = input(&g);
    assert_int_equal(grat_store_complete(f->db, returned, &in, o->ani, now), ZE_CONFLICT);
    grat_input_clear(&in);
}

static void
stats_by_band_outcome_and_in_time(void **state)
{
    struct fx *f = *state;
    struct org *o = &f->o;
    json_t *s;
    assert_int_equal(grat_store_stats(f->db, o->path_r, 2026, &s), 0);
    assert_int_equal(jint(s, "total"), 0);
    assert_true(json_is_null(json_object_get(s, "median_days_to_report")));
    assert_true(json_is_null(json_object_get(s, "in_time_share")));
    json_decref(s);

    /* A: reported 3, 3 and 10 days after receipt (the last after the UPG deadline); B: 1 day */
    struct gift g1 = {.received = "2026-03-02", .value = 150000, .object_type = "makanan"};
    struct gift g2 = {.received = "2026-03-02", .value = 2500000};
    struct gift g3 = {
        .received = "2026-02-02", .value = 25000000, .object_type = "uang", .kind = "penolakan"};
    struct gift g4 = {.received = "2026-03-04", .value = 700000};
    struct gift g5 = {.received = "2025-06-02", .value = 700000};
    int64_t r1 = file_report(f->db, o->a, "WITA", o->ani, &g1, at("2026-03-05", 2));
    int64_t r2 = file_report(f->db, o->a, "WITA", o->adi, &g2, at("2026-03-05", 2));
    int64_t r3 = file_report(f->db, o->a, "WITA", o->adi, &g3, at("2026-02-26", 2));
    file_report(f->db, o->b, "WITA", o->budi, &g4, at("2026-03-05", 2));
    file_report(f->db, o->b, "WITA", o->budi, &g5, at("2025-06-03", 2)); /* another year */
    (void)r1;
    assert_int_equal(move(f->db, r2, "diverifikasi", o->upg, at("2026-03-06", 2)), 0);
    assert_int_equal(move(f->db, r2, "diteruskan", o->upg, at("2026-03-06", 2)), 0);
    assert_int_equal(move(f->db, r2, "ditetapkan", o->upg, at("2026-04-20", 2)), 0);
    assert_int_equal(move(f->db, r3, "dikembalikan", o->upg, at("2026-03-06", 2)), 0);

    assert_int_equal(grat_store_stats(f->db, o->path_r, 2026, &s), 0);
    assert_int_equal(jint(s, "total"), 4);
    json_t *by = json_object_get(s, "by_state");
    assert_int_equal(jint(by, "diajukan"), 2);
    assert_int_equal(jint(by, "ditetapkan"), 1);
    assert_int_equal(jint(by, "dikembalikan"), 1);
    assert_int_equal(json_object_size(by), 3);
    by = json_object_get(s, "by_object");
    assert_int_equal(jint(by, "barang"), 2);
    assert_int_equal(jint(by, "makanan"), 1);
    assert_int_equal(jint(by, "uang"), 1);
    by = json_object_get(s, "by_band");
    assert_int_equal(jint(by, "sd-200rb"), 1);
    assert_int_equal(jint(by, "sd-1jt"), 1);
    assert_int_equal(jint(by, "sd-10jt"), 1);
    assert_int_equal(jint(by, "di-atas-10jt"), 1);
    assert_int_equal(json_object_size(by), 4);
    by = json_object_get(s, "by_outcome");
    assert_int_equal(jint(by, "milik_negara"), 1);
    assert_int_equal(json_object_size(by), 1);
    assert_int_equal(jint(s, "refusals"), 1);
    /* days 3, 3, 24, 1: the median of four is the upper middle one */
    assert_int_equal(jint(s, "median_days_to_report"), 3);
    assert_int_equal(jint(s, "in_time"), 3);
    assert_true(json_real_value(json_object_get(s, "in_time_share")) > 0.749 &&
                json_real_value(json_object_get(s, "in_time_share")) < 0.751);
    json_decref(s);

    assert_int_equal(grat_store_stats(f->db, o->path_a, 2026, &s), 0);
    assert_int_equal(jint(s, "total"), 3);
    json_decref(s);
    assert_int_equal(grat_store_stats(f->db, o->path_b, 0, &s), 0);
    assert_int_equal(jint(s, "total"), 2);
    json_decref(s);
    assert_int_equal(grat_store_stats(f->db, o->path_b, 2025, &s), 0);
    assert_int_equal(jint(s, "total"), 1);
    assert_int_equal(jint(s, "median_days_to_report"), 1);
    json_decref(s);
}

static void
declarations_and_completion(void **state)
{
    struct fx *f = *state;
    struct org *o = &f->o;
    int64_t now = at("2026-03-05", 2);
    assert_false(grat_store_declared(f->db, o->ani, "2026-S1"));
    assert_int_equal(grat_store_declare(f->db, o->ani, o->a, "2026-S1", now), 0);
    assert_true(grat_store_declared(f->db, o->ani, "2026-S1"));
    assert_false(grat_store_declared(f->db, o->ani, "2025-S2"));
    assert_false(grat_store_declared(f->db, o->adi, "2026-S1"));
    assert_int_equal(grat_store_declare(f->db, o->ani, o->a, "2026-S1", now + 1), ZE_CONFLICT);
    assert_int_equal(grat_store_declare(f->db, o->ani, o->a, "", now), ZE_INVAL);
    assert_int_equal(grat_store_declare(f->db, o->ani, o->a, "2026-S1-long", now), ZE_INVAL);
    /* a second declaration inside the caller's transaction leaves it usable */
    assert_int_equal(db_begin_write(f->db), 0);
    assert_int_equal(grat_store_declare(f->db, o->ani, o->a, "2026-S1", now), ZE_CONFLICT);
    assert_int_equal(grat_store_declare(f->db, o->budi, o->b, "2026-S1", now), 0);
    assert_int_equal(grat_store_declare(f->db, o->gone, o->a, "2026-S1", now), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(grat_store_declare(f->db, o->ani, o->a, "2025-S2", now), 0);

    json_t *l = json_array();
    assert_int_equal(grat_store_declarations(f->db, o->path_r, "2026-S1", l), 0);
    /* units with active staff, in tree order: R (upg), A (ani, adi; gone is not counted), B */
    assert_int_equal(json_array_size(l), 3);
    json_t *r = json_array_get(l, 0), *a = json_array_get(l, 1), *b = json_array_get(l, 2);
    assert_string_equal(jstr(r, "unit_code"), "R");
    assert_string_equal(jstr(r, "unit_name"), "Unit R");
    assert_int_equal(jint(r, "staff"), 1);
    assert_int_equal(jint(r, "declared"), 0);
    assert_string_equal(jstr(a, "unit_code"), "A");
    assert_int_equal(jint(a, "staff"), 2);
    assert_int_equal(jint(a, "declared"), 1);
    assert_string_equal(jstr(b, "unit_code"), "B");
    assert_int_equal(jint(b, "staff"), 1);
    assert_int_equal(jint(b, "declared"), 1);
    json_decref(l);
    l = json_array();
    assert_int_equal(grat_store_declarations(f->db, o->path_a, "2025-S2", l), 0);
    assert_int_equal(json_array_size(l), 1);
    assert_int_equal(jint(json_array_get(l, 0), "declared"), 1);
    json_decref(l);
}

static void
activities_with_files(void **state)
{
    struct fx *f = *state;
    struct org *o = &f->o;
    int64_t now = at("2026-03-05", 2);
    int64_t s1, p1, old;
    assert_int_equal(grat_store_activity_add(f->db, o->a, "sosialisasi",
                                             "Sosialisasi pengendalian gratifikasi", "2026-02-10",
                                             "Bersama Inspektorat", 35, o->upg, now, &s1),
                     0);
    assert_int_equal(grat_store_activity_add(f->db, o->a, "poster", "Poster antigratifikasi",
                                             "2026-03-01", "", 0, o->ani, now, &p1),
                     0);
    assert_int_equal(grat_store_activity_add(f->db, o->a, "pengumuman", "Edaran Idulfitri",
                                             "2025-03-20", NULL, 0, 0, now, &old),
                     0);
    int64_t other;
    assert_int_equal(grat_store_activity_add(f->db, o->b, "lainnya", "Lain", "2026-01-05", "", 0,
                                             o->budi, now, &other),
                     0);
    int64_t bad;
    assert_int_equal(
        grat_store_activity_add(f->db, o->a, "pesta", "x", "2026-01-01", "", 0, o->upg, now, &bad),
        ZE_INVAL);
    assert_int_equal(
        grat_store_activity_add(f->db, o->a, "poster", "", "2026-01-01", "", 0, o->upg, now, &bad),
        ZE_INVAL);
    assert_int_equal(
        grat_store_activity_add(f->db, o->a, "poster", "x", "2026-02-30", "", 0, o->upg, now, &bad),
        ZE_INVAL);
    assert_int_equal(grat_store_activity_add(f->db, o->a, "poster", "x", "2026-01-01", "", -1,
                                             o->upg, now, &bad),
                     ZE_INVAL);

    struct blob_info b1, b2;
    assert_int_equal(db_begin_write(f->db), 0);
    assert_int_equal(blob_put_mem(f->db, "attendance", 10, "application/pdf", &b1), 0);
    assert_int_equal(blob_put_mem(f->db, "photo", 5, "image/jpeg", &b2), 0);
    assert_int_equal(grat_store_activity_file_add(f->db, s1, b1.id, "daftar-hadir.pdf",
                                                  "application/pdf", 10, now),
                     0);
    assert_int_equal(
        grat_store_activity_file_add(f->db, s1, b2.id, "foto.jpg", "image/jpeg", 5, now), 0);
    assert_int_equal(db_commit(f->db), 0);

    json_t *l = json_array();
    assert_int_equal(grat_store_activities(f->db, o->a, 2026, l), 0);
    assert_int_equal(json_array_size(l), 2);
    json_t *x = json_array_get(l, 0), *y = json_array_get(l, 1);
    assert_int_equal(jint(x, "id"), p1); /* newest first */
    assert_string_equal(jstr(x, "kind"), "poster");
    assert_string_equal(jstr(x, "created_by_name"), "Ani A");
    assert_int_equal(json_array_size(json_object_get(x, "files")), 0);
    assert_int_equal(jint(y, "id"), s1);
    assert_string_equal(jstr(y, "title"), "Sosialisasi pengendalian gratifikasi");
    assert_string_equal(jstr(y, "held_day"), "2026-02-10");
    assert_string_equal(jstr(y, "description"), "Bersama Inspektorat");
    assert_int_equal(jint(y, "participants"), 35);
    assert_string_equal(jstr(y, "created_by_name"), "Uli UPG");
    json_t *files = json_object_get(y, "files");
    assert_int_equal(json_array_size(files), 2);
    assert_string_equal(jstr(json_array_get(files, 0), "name"), "daftar-hadir.pdf");
    assert_string_equal(jstr(json_array_get(files, 0), "sha256"), b1.sha256);
    assert_string_equal(jstr(json_array_get(files, 0), "mime"), "application/pdf");
    assert_int_equal(jint(json_array_get(files, 0), "size"), 10);
    assert_true(jint(json_array_get(files, 0), "id") > 0);
    assert_string_equal(jstr(json_array_get(files, 1), "name"), "foto.jpg");
    json_decref(l);

    l = json_array();
    assert_int_equal(grat_store_activities(f->db, o->a, 0, l), 0);
    assert_int_equal(json_array_size(l), 3);
    assert_string_equal(jstr(json_array_get(l, 2), "created_by_name"), "");
    assert_string_equal(jstr(json_array_get(l, 2), "description"), "");
    json_decref(l);
    l = json_array();
    assert_int_equal(grat_store_activities(f->db, o->a, 2025, l), 0);
    assert_int_equal(json_array_size(l), 1);
    json_decref(l);
    l = json_array();
    assert_int_equal(grat_store_activities(f->db, o->r, 0, l), 0);
    assert_int_equal(json_array_size(l), 0);
    json_decref(l);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
    const struct CMUnitTest tests[] = {
        T(insert_get_and_the_advice_deadlines_and_day),
        T(list_by_prefix_reporter_state_and_year),
        T(complete_a_returned_report),
        T(transition_through_every_state),
        T(forward_due_never_after_the_kpk_deadline),
        T(deposits_are_numbered_per_unit_and_year),
        T(files_and_events),
        T(lapse_after_the_last_day),
        T(stats_by_band_outcome_and_in_time),
        T(declarations_and_completion),
        T(activities_with_files),
    };
#undef T
    int failed = cmocka_run_group_tests_name("grat_store_sqlite", tests, sqlite_group_setup,
                                             sqlite_group_teardown);
    const char *pg = getenv("ZONA_TEST_PG_URL");
    if (pg && *pg) {
        failed += cmocka_run_group_tests_name("grat_store_postgresql", tests, pg_group_setup,
                                              pg_group_teardown);
    } else {
        fprintf(stderr, "test_grat_store: ZONA_TEST_PG_URL is not set, so the PostgreSQL half was "
                        "NOT run (make test always sets it)\n");
    }
    return failed;
}
