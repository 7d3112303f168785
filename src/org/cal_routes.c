/* cal_routes: the working-day calendar in the web UI. Everyone signed in may read it; an admin
 * with calendar.manage adds a year's list (the SKB), revises a date (an amended SKB, sidang
 * isbat) or adds a one-off holiday (an election day); a unit's admin sets its six-day week. Every
 * change is audited with what it replaced, and the parts that keep working-day deadlines
 * recompute them (cal_changed). */
#include "cal_routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "auth/frame.h"
#include "cal.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/xmem.h"
#include "db/db.h"
#include "http/http.h"
#include "org/org.h"
#include "web/fmt.h"
#include "web/i18n.h"

static int
year_query(struct req *rq)
{
    const char *p = req_query(rq, "tahun");
    int64_t y;
    if (p && parse_i64(p, strlen(p), &y) == 0 && y >= CAL_MIN_YEAR && y <= CAL_MAX_YEAR)
        return (int)y;
    return fmt_year_of(clock_now_ms());
}

/* The calendar page of year; error (translated, or NULL) shown above the forms. */
static int
cal_page(struct req *rq, struct resp *rs, int status, int year, const char *error)
{
    if (error && rq->wants_json) {
        http_error_json(rs, status, "invalid", error);
        return 0;
    }
    struct cal c;
    cal_init(&c);
    int rc = cal_store_load(rq->db, &c); /* copies the shipped years in on first use */
    cal_free(&c);
    json_t *years = json_array(), *days = json_array(), *weeks = json_array();
    if (rc == 0)
        rc = cal_store_years(rq->db, years);
    if (rc == 0)
        rc = cal_store_holidays(rq->db, year, days);
    if (rc == 0)
        rc = cal_store_workweeks(rq->db, weeks);
    if (rc) {
        json_decref(years);
        json_decref(days);
        json_decref(weeks);
        return rc;
    }
    size_t k;
    json_t *d;
    int nlibur = 0, ncuti = 0;
    json_array_foreach(days, k, d)
    {
        const char *kind = json_string_value(json_object_get(d, "kind"));
        bool cuti = strcmp(kind, "cuti_bersama") == 0;
        nlibur += !cuti;
        ncuti += cuti;
        int64_t day;
        cal_parse_date(json_string_value(json_object_get(d, "day")), &day);
        struct buf b = BUF_INIT;
        fmt_date(&b, rq->lang, day * 86400000LL + 12 * 3600000LL, ZONE_WIB);
        static const char *const wd_id[] = {"Kamis", "Jumat",  "Sabtu", "Minggu",
                                            "Senin", "Selasa", "Rabu"};
        static const char *const wd_en[] = {"Thursday", "Friday",  "Saturday", "Sunday",
                                            "Monday",   "Tuesday", "Wednesday"};
        int w = (int)(((day % 7) + 7) % 7);
        json_object_set_new(d, "date_text", json_string(b.p));
        json_object_set_new(d, "weekday",
                            json_string(strcmp(rq->lang, "en") == 0 ? wd_en[w] : wd_id[w]));
        json_object_set_new(d, "is_cuti", json_boolean(cuti));
        json_object_set_new(
            d, "kind_label",
            json_string(frame_t(rq, cuti ? N_("Cuti bersama") : N_("National holiday"))));
        json_object_set_new(d, "weekend", json_boolean(w == 2 || w == 3));
        buf_free(&b);
    }
    json_t *ylist = json_array(), *y;
    bool have = false;
    json_array_foreach(years, k, y)
    {
        int yy = (int)json_integer_value(json_object_get(y, "year"));
        bool listed = json_is_true(json_object_get(y, "listed"));
        have |= yy == year && listed;
        json_array_append_new(
            ylist, json_pack("{s:i,s:I,s:s,s:b}", "year", yy, "count",
                             json_integer_value(json_object_get(y, "count")), "source_label",
                             frame_t(rq, !listed ? N_("one-off dates only")
                                         : strcmp(json_string_value(json_object_get(y, "source")),
                                                  "shipped") == 0
                                             ? N_("shipped with zona")
                                             : N_("revised here")),
                             "current", yy == year));
    }
    json_decref(years);
    struct auth_ctx *ac = auth_ctx(rq);
    bool can_manage = ac && acl_allows_somewhere(ac->grants, ac->ngrants, "calendar.manage");
    bool can_week = ac && acl_allows_somewhere(ac->grants, ac->ngrants, "unit.manage");
    char first[11];
    snprintf(first, sizeof first, "%04d-01-01", year);
    json_t *m =
        json_pack("{s:i,s:i,s:i,s:o,s:o,s:o,s:b,s:b,s:b,s:i,s:i,s:s,s:s,s:b}", "year", year,
                  "prev_year", year - 1, "next_year", year + 1, "years", ylist, "days", days,
                  "weeks", weeks, "has_year", have, "can_manage", can_manage, "can_week", can_week,
                  "count_libur", nlibur, "count_cuti", ncuti, "csrf", ac ? ac->s.csrf : "",
                  "first_day", first, "has_weeks", json_array_size(weeks) > 0);
    json_object_set_new(m, "error", json_string(error ? error : ""));
    return frame_render(rq, rs, status, "cal/calendar", N_("Working-day calendar"), m);
}

static int
cal_get_page(struct req *rq, struct resp *rs)
{
    return cal_page(rq, rs, 200, year_query(rq), NULL);
}

/* A refused change: the page again with the message, nothing changed. */
static int
refused(struct req *rq, struct resp *rs, int year, const char *msg)
{
    return cal_page(rq, rs, 422, year ? year : fmt_year_of(clock_now_ms()), frame_t(rq, msg));
}

static const char *
back_to(struct req *rq, const char *day)
{
    int64_t d;
    int year = day && cal_parse_date(day, &d) == 0 ? cal_year_of(d) : fmt_year_of(clock_now_ms());
    return arena_printf(rq->a, "/admin/kalender?tahun=%d", year);
}

static int
cal_post_holiday(struct req *rq, struct resp *rs)
{
    const char *day = req_field_trimmed(rq, "day"), *name = req_field_trimmed(rq, "name"),
               *kind = req_field_trimmed(rq, "kind");
    int64_t d;
    if (cal_parse_date(day, &d) != 0)
        return refused(rq, rs, 0, N_("Enter a date as YYYY-MM-DD."));
    int year = cal_year_of(d);
    size_t chars = 0;
    bool control = false;
    for (const char *p = name; *p; p++) {
        control |= (unsigned char)*p < 0x20;
        chars += ((unsigned char)*p & 0xc0) != 0x80;
    }
    if (!*name || control || chars > 150 || strlen(name) >= CAL_NAME_MAX ||
        !utf8_valid(name, strlen(name)))
        return refused(rq, rs, year, N_("Name the holiday (at most 150 characters)."));
    if (strcmp(kind, "libur") != 0 && strcmp(kind, "cuti_bersama") != 0)
        return refused(rq, rs, year, N_("Choose national holiday or cuti bersama."));
    int64_t now = clock_now_ms();
    int rc = cal_store_seed(rq->db); /* the year's list first: a one-off date never hides it */
    if (rc == 0 && (rc = db_begin_write(rq->db)) == 0) {
        json_t *before = cal_store_holiday(rq->db, day);
        rc = cal_store_holiday_put(rq->db, day,
                                   strcmp(kind, "libur") == 0 ? CAL_LIBUR : CAL_CUTI_BERSAMA, name,
                                   auth_me(rq), now);
        if (rc == 0)
            rc = audit_request_take(
                rq, "calendar.holiday", 0, "holiday", day, before,
                json_pack("{s:s,s:s,s:s}", "day", day, "name", name, "kind", kind));
        else
            json_decref(before);
        if (rc == 0)
            rc = cal_changed(rq->db, now);
        rc = db_commit_or_rollback(rq->db, rc);
    }
    if (rc)
        return rc;
    return frame_redirect(rq, rs, back_to(rq, day), "calendar_saved");
}

static int
cal_post_holiday_delete(struct req *rq, struct resp *rs)
{
    const char *day = req_field_trimmed(rq, "day");
    int64_t d;
    if (cal_parse_date(day, &d) != 0)
        return ZE_NOTFOUND;
    int64_t now = clock_now_ms();
    int rc = cal_store_seed(rq->db);
    if (rc == 0 && (rc = db_begin_write(rq->db)) == 0) {
        json_t *before = cal_store_holiday(rq->db, day);
        rc = cal_store_holiday_delete(rq->db, day);
        if (rc == 0)
            rc =
                audit_request_take(rq, "calendar.holiday_removed", 0, "holiday", day, before, NULL);
        else
            json_decref(before);
        if (rc == 0)
            rc = cal_changed(rq->db, now);
        rc = db_commit_or_rollback(rq->db, rc);
    }
    if (rc)
        return rc;
    return frame_redirect(rq, rs, back_to(rq, day), "calendar_removed");
}

/* A year's whole list from a CSV file (the SKB), replacing what the year had. */
static int
cal_post_year(struct req *rq, struct resp *rs)
{
    const char *ys = req_field_trimmed(rq, "year");
    int64_t year;
    if (parse_i64(ys, strlen(ys), &year) != 0 || year < CAL_MIN_YEAR || year > CAL_MAX_YEAR)
        return refused(rq, rs, 0, N_("Enter a year such as 2027."));
    const struct upload *f = req_file(rq, "berkas");
    const char *text = req_field(rq, "csv");
    char *src = NULL;
    size_t len = 0;
    if (f && f->size > 0) {
        if (f->size > 1024 * 1024)
            return refused(rq, rs, (int)year, N_("Choose a CSV file of at most 1 MB."));
        src = xmalloc((size_t)f->size + 1);
        ssize_t got = pread(f->fd, src, (size_t)f->size, 0);
        len = got > 0 ? (size_t)got : 0;
        src[len] = '\0';
    } else if (text && *text) {
        src = xstrdup(text);
        len = strlen(src);
    } else {
        return refused(rq, rs, (int)year, N_("Choose the year's CSV file or paste its lines."));
    }
    struct cal c;
    cal_init(&c);
    struct buf err = BUF_INIT;
    int rc =
        cal_parse_csv(&c, (int)year, arena_printf(rq->a, "id-%d.csv", (int)year), src, len, &err);
    free(src);
    if (rc) {
        const char *msg =
            arena_printf(rq->a, "%s %s", frame_t(rq, N_("Nothing was changed:")), buf_cstr(&err));
        buf_free(&err);
        cal_free(&c);
        return cal_page(rq, rs, 422, (int)year, msg);
    }
    buf_free(&err);
    int64_t now = clock_now_ms();
    if ((rc = cal_store_seed(rq->db)) == 0 && (rc = db_begin_write(rq->db)) == 0) {
        json_t *before = json_array();
        rc = cal_store_holidays(rq->db, (int)year, before);
        if (rc == 0)
            rc = cal_store_year_replace(rq->db, (int)year, &c, auth_me(rq), now);
        if (rc == 0)
            rc = audit_request_take(rq, "calendar.year", 0, "calendar_year",
                                    arena_printf(rq->a, "%d", (int)year),
                                    json_pack("{s:o}", "holidays", before),
                                    json_pack("{s:I}", "count", (json_int_t)c.n));
        else
            json_decref(before);
        if (rc == 0)
            rc = cal_changed(rq->db, now);
        rc = db_commit_or_rollback(rq->db, rc);
    }
    cal_free(&c);
    if (rc)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "/admin/kalender?tahun=%d", (int)year),
                          "calendar_year_saved");
}

static int
cal_post_week(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    if (org_unit_by_code(rq->db, req_field(rq, "unit"), &u) != 0)
        return ZE_NOTFOUND;
    const char *ds = req_field_trimmed(rq, "days");
    int days = strcmp(ds, "6") == 0 ? 6 : strcmp(ds, "5") == 0 ? 5 : 0;
    if (!days)
        return refused(rq, rs, 0, N_("Choose five or six working days a week."));
    int64_t now = clock_now_ms();
    int rc = db_begin_write(rq->db);
    if (rc == 0) {
        int was = cal_store_workweek(rq->db, u.id);
        rc = cal_store_workweek_set(rq->db, u.id, days, auth_me(rq), now);
        if (rc == 0)
            rc = audit_request_take(rq, "calendar.workweek", u.id, "unit", u.code,
                                    json_pack("{s:i}", "days", was),
                                    json_pack("{s:i}", "days", days));
        if (rc == 0)
            rc = cal_changed(rq->db, now);
        rc = db_commit_or_rollback(rq->db, rc);
    }
    if (rc)
        return rc;
    return frame_redirect(rq, rs, "/admin/kalender#pekan", "calendar_week_saved");
}

static const struct route cal_routes[] = {
    {HTTP_GET, "/admin/kalender", "session", NULL, cal_get_page, 0, NULL},
    {HTTP_POST, "/admin/kalender/libur", "calendar.manage", NULL, cal_post_holiday, 0, NULL},
    {HTTP_POST, "/admin/kalender/libur/hapus", "calendar.manage", NULL, cal_post_holiday_delete, 0,
     NULL},
    {HTTP_POST, "/admin/kalender/tahun", "calendar.manage", NULL, cal_post_year, ROUTE_UPLOAD,
     NULL},
    {HTTP_POST, "/admin/kalender/pekan", "unit.manage", org_resolve_unit, cal_post_week, 0, NULL},
};

void
cal_routes_register(void)
{
    router_add(cal_routes, sizeof cal_routes / sizeof cal_routes[0]);
}
