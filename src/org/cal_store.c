/* cal_store: the calendar in the database. The shipped lists are copied in once per year (so an
 * admin's revision is never overwritten by a newer binary), then every read is the database's. */
#include <stdio.h>
#include <string.h>

#include "cal.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"

static const char q_years[] =
    "SELECT y.year, y.source, y.updated_at, (SELECT COUNT(*) FROM holidays h WHERE h.year = "
    "y.year), y.listed FROM calendar_years y ORDER BY y.year";
static const char q_year_has[] = "SELECT 1 FROM calendar_years WHERE year = $1";
static const char q_year_ins[] = "INSERT INTO calendar_years (year, source, updated_by, "
                                 "updated_at, listed) VALUES ($1, $2, $3, $4, $5)";
static const char q_year_touch[] = "UPDATE calendar_years SET source = $2, updated_by = $3, "
                                   "updated_at = $4, listed = $5 WHERE year = $1";
static const char q_all[] = "SELECT day, kind, name FROM holidays ORDER BY day";
static const char q_of_year[] =
    "SELECT day, name, kind, source, updated_at FROM holidays WHERE year = $1 ORDER BY day";
static const char q_one[] = "SELECT day, name, kind FROM holidays WHERE day = $1";
static const char q_del[] = "DELETE FROM holidays WHERE day = $1 RETURNING day";
static const char q_del_year[] = "DELETE FROM holidays WHERE year = $1";
static const char q_ins[] = "INSERT INTO holidays (day, year, name, kind, source, updated_by, "
                            "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
static const char q_rule[] = "SELECT days FROM unit_workweek WHERE unit_id = $1";
static const char q_week_del[] = "DELETE FROM unit_workweek WHERE unit_id = $1";
static const char q_week_ins[] =
    "INSERT INTO unit_workweek (unit_id, days, updated_by, updated_at) VALUES ($1, $2, $3, $4)";
static const char q_weeks[] =
    "SELECT u.code, u.name, w.days FROM unit_workweek w JOIN units u ON u.id = w.unit_id ORDER BY "
    "u.path";

static void
bind_by(struct db_stmt *st, int i, int64_t by)
{
    if (by)
        db_bind_int64(st, i, by);
    else
        db_bind_null(st, i);
}

static const char *
kind_name(enum cal_kind k)
{
    return k == CAL_CUTI_BERSAMA ? "cuti_bersama" : "libur";
}

/* Makes sure the year exists; touch (a whole list) also marks it listed. */
static int
year_ensure(struct db *db, int year, const char *source, int64_t by, int64_t now, bool touch)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_year_has, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, year);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (rc == DB_ROW && !touch)
        return 0;
    if ((rc = db_prepare(db, rc == DB_ROW ? q_year_touch : q_year_ins, &st)) != 0)
        return rc;
    db_bind_int64(st, 1, year);
    db_bind_text(st, 2, source, -1);
    bind_by(st, 3, by);
    db_bind_int64(st, 4, now);
    db_bind_bool(st, 5, touch);
    return db_run(st);
}

static int
insert_day(struct db *db, const struct cal_day *d, const char *source, int64_t by, int64_t now)
{
    char day[11];
    cal_format_date(d->day, day);
    struct db_stmt *st;
    int rc = db_prepare(db, q_ins, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, day, -1);
    db_bind_int64(st, 2, cal_year_of(d->day));
    db_bind_text(st, 3, d->name, -1);
    db_bind_text(st, 4, kind_name(d->kind), -1);
    db_bind_text(st, 5, source, -1);
    bind_by(st, 6, by);
    db_bind_int64(st, 7, now);
    return db_run(st);
}

int
cal_store_seed(struct db *db)
{
    struct cal shipped;
    cal_init(&shipped);
    struct buf err = BUF_INIT;
    int rc = cal_load_shipped(&shipped, &err);
    if (rc) {
        log_error("calendar: the shipped holiday lists do not load: %s", buf_cstr(&err));
        buf_free(&err);
        cal_free(&shipped);
        return rc;
    }
    buf_free(&err);
    int years[CAL_MAX_YEAR - CAL_MIN_YEAR + 1];
    int ny = cal_shipped_years(years, (int)(sizeof years / sizeof years[0]));
    int64_t now = clock_now_ms();
    for (int i = 0; i < ny && rc == 0; i++) {
        struct db_stmt *st;
        if ((rc = db_prepare(db, q_year_has, &st)) != 0)
            break;
        db_bind_int64(st, 1, years[i]);
        int has = db_step(st);
        db_finalize(st);
        if (has == DB_ROW)
            continue;
        if (has < 0) {
            rc = has;
            break;
        }
        if ((rc = db_begin_write(db)) != 0)
            break;
        rc = year_ensure(db, years[i], "shipped", 0, now, true);
        for (size_t k = 0; rc == 0 && k < shipped.n; k++)
            if (cal_year_of(shipped.days[k].day) == years[i])
                rc = insert_day(db, &shipped.days[k], "shipped", 0, now);
        rc = db_commit_or_rollback(db, rc);
        if (rc == ZE_CONFLICT) /* another process copied it first */
            rc = 0;
    }
    cal_free(&shipped);
    return rc;
}

int
cal_store_load(struct db *db, struct cal *c)
{
    int rc = db_in_transaction(db) ? 0 : cal_store_seed(db);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, q_years, &st)) != 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW)
        if (db_col_bool(st, 4))
            cal_mark_year(c, (int)db_col_int64(st, 0));
    db_finalize(st);
    if (rc != DB_DONE)
        return rc;
    if ((rc = db_prepare(db, q_all, &st)) != 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t day;
        if (cal_parse_date(db_col_text(st, 0), &day) != 0)
            continue;
        int put = cal_put(
            c, day, strcmp(db_col_text(st, 1), "cuti_bersama") == 0 ? CAL_CUTI_BERSAMA : CAL_LIBUR,
            db_col_text(st, 2));
        if (put == ZE_LIMIT) {
            rc = put;
            break;
        }
        if (put)
            log_warn("calendar: the holiday on %s has a name the calendar refuses; it is skipped",
                     db_col_text(st, 0));
    }
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}

int
cal_store_rule(struct db *db, int64_t unit_id, bool cuti_bersama_works, struct cal_rule *r)
{
    r->six_day = false;
    r->cuti_bersama_works = cuti_bersama_works;
    struct db_stmt *st;
    int rc = db_prepare(db, q_rule, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, unit_id);
    rc = db_step(st);
    if (rc == DB_ROW)
        r->six_day = db_col_int64(st, 0) == 6;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
cal_store_years(struct db *db, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_years, &st);
    if (rc)
        return rc;
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(
            list,
            json_pack("{s:I,s:s,s:I,s:I,s:b}", "year", (json_int_t)db_col_int64(st, 0), "source",
                      db_col_text(st, 1), "updated_at", (json_int_t)db_col_int64(st, 2), "count",
                      (json_int_t)db_col_int64(st, 3), "listed", db_col_bool(st, 4)));
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}

int
cal_store_holidays(struct db *db, int year, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_of_year, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, year);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:s,s:I}", "day", db_col_text(st, 0),
                                              "name", db_col_text(st, 1), "kind",
                                              db_col_text(st, 2), "source", db_col_text(st, 3),
                                              "updated_at", (json_int_t)db_col_int64(st, 4)));
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}

json_t *
cal_store_holiday(struct db *db, const char *day)
{
    struct db_stmt *st;
    if (db_prepare(db, q_one, &st) != 0)
        return NULL;
    db_bind_text(st, 1, day, -1);
    json_t *j = NULL;
    if (db_step(st) == DB_ROW)
        j = json_pack("{s:s,s:s,s:s}", "day", db_col_text(st, 0), "name", db_col_text(st, 1),
                      "kind", db_col_text(st, 2));
    db_finalize(st);
    return j;
}

int
cal_store_holiday_delete(struct db *db, const char *day)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_del, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, day, -1);
    rc = db_step(st);
    db_finalize(st);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? ZE_NOTFOUND : rc;
}

int
cal_store_holiday_put(struct db *db, const char *day, enum cal_kind kind, const char *name,
                      int64_t by, int64_t now)
{
    int64_t d;
    if (cal_parse_date(day, &d) != 0)
        return ZE_INVAL;
    int rc = year_ensure(db, cal_year_of(d), "admin", by, now, false);
    if (rc == 0)
        rc = cal_store_holiday_delete(db, day);
    if (rc == ZE_NOTFOUND)
        rc = 0;
    if (rc)
        return rc;
    struct cal_day cd = {.day = d, .kind = kind};
    snprintf(cd.name, sizeof cd.name, "%s", name);
    return insert_day(db, &cd, "admin", by, now);
}

int
cal_store_year_replace(struct db *db, int year, const struct cal *c, int64_t by, int64_t now)
{
    int rc = year_ensure(db, year, "admin", by, now, true);
    struct db_stmt *st;
    if (rc || (rc = db_prepare(db, q_del_year, &st)) != 0)
        return rc;
    db_bind_int64(st, 1, year);
    if ((rc = db_run(st)) != 0)
        return rc;
    for (size_t k = 0; rc == 0 && k < c->n; k++)
        if (cal_year_of(c->days[k].day) == year)
            rc = insert_day(db, &c->days[k], "admin", by, now);
    return rc;
}

int
cal_store_workweek(struct db *db, int64_t unit_id)
{
    struct cal_rule r;
    return cal_store_rule(db, unit_id, false, &r) == 0 && r.six_day ? 6 : 5;
}

int
cal_store_workweek_set(struct db *db, int64_t unit_id, int days, int64_t by, int64_t now)
{
    if (days != 5 && days != 6)
        return ZE_INVAL;
    struct db_stmt *st;
    int rc = db_prepare(db, q_week_del, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, unit_id);
    if ((rc = db_run(st)) != 0 || days == 5)
        return rc;
    if ((rc = db_prepare(db, q_week_ins, &st)) != 0)
        return rc;
    db_bind_int64(st, 1, unit_id);
    db_bind_int64(st, 2, days);
    bind_by(st, 3, by);
    db_bind_int64(st, 4, now);
    return db_run(st);
}

int
cal_store_workweeks(struct db *db, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_weeks, &st);
    if (rc)
        return rc;
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(list, json_pack("{s:s,s:s,s:I}", "unit_code", db_col_text(st, 0),
                                              "unit_name", db_col_text(st, 1), "days",
                                              (json_int_t)db_col_int64(st, 2)));
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}

/* --- recomputing deadlines ------------------------------------------------------------------- */

enum { MAX_HOOKS = 8 };
static int (*hooks[MAX_HOOKS])(struct db *db, int64_t now);
static int nhooks;

void
cal_on_change(int (*fn)(struct db *db, int64_t now))
{
    /* app_init may run more than once in a process: a part registers once */
    for (int i = 0; i < nhooks; i++)
        if (hooks[i] == fn)
            return;
    if (nhooks < MAX_HOOKS)
        hooks[nhooks++] = fn;
}

int
cal_changed(struct db *db, int64_t now)
{
    int rc = 0;
    for (int i = 0; i < nhooks && rc == 0; i++)
        rc = hooks[i](db, now);
    return rc;
}

int
cal_store_for_unit(struct db *db, int64_t unit_id, bool cuti_bersama_works, struct cal *c,
                   struct cal_rule *r)
{
    cal_init(c);
    int rc = cal_store_load(db, c);
    if (rc == 0) {
        /* a database whose calendar was never copied in (a transaction cannot copy it) still
         * counts the shipped years it lacks */
        struct cal shipped;
        cal_init(&shipped);
        struct buf err = BUF_INIT;
        if (cal_load_shipped(&shipped, &err) == 0) {
            for (size_t k = 0; k < shipped.n; k++)
                if (!cal_has_year(c, cal_year_of(shipped.days[k].day)))
                    cal_put(c, shipped.days[k].day, shipped.days[k].kind, shipped.days[k].name);
            for (int y = CAL_MIN_YEAR; y <= CAL_MAX_YEAR; y++)
                if (cal_has_year(&shipped, y))
                    cal_mark_year(c, y);
        }
        buf_free(&err);
        cal_free(&shipped);
        rc = cal_store_rule(db, unit_id, cuti_bersama_works, r);
    }
    if (rc)
        cal_free(c);
    return rc;
}
