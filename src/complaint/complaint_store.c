/* complaint_store: every SQL statement of the complaints, bound and portable. Due dates are
 * computed on the calendar as the admins keep it (cal_store_load), with the unit's week. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "org/cal.h"
#include "web/fmt.h"

#define C_COLS                                                                                     \
    "c.id, c.tracking, c.unit_id, u.code, u.name, c.class, c.severity, c.channel, c.service, "     \
    "c.subject, c.body, c.anonymous, c.confidential, c.reporter_name, c.reporter_contact, "        \
    "c.lapor_ticket, c.state, c.received_at, c.received_day, c.first_response_due, "               \
    "c.resolve_due, COALESCE(c.first_response_at, 0), COALESCE(c.resolved_at, 0), "                \
    "COALESCE(c.rating, 0), c.rating_note FROM complaints c JOIN units u ON u.id = c.unit_id "

static const char q_get[] = "SELECT " C_COLS "WHERE c.tracking = $1";
static const char q_get_id[] = "SELECT " C_COLS "WHERE c.id = $1";
static const char q_list[] =
    "SELECT " C_COLS "WHERE u.path LIKE $1 || '%' AND ($2 = 0 OR c.received_day LIKE "
    "CAST($2 AS TEXT) || '-%') ORDER BY c.received_at DESC, c.id DESC";
static const char q_insert[] =
    "INSERT INTO complaints (tracking, unit_id, class, severity, channel, service, subject, body, "
    "anonymous, confidential, reporter_name, reporter_contact, lapor_ticket, state, received_at, "
    "received_day, first_response_due, resolve_due, recorded_by, updated_at) VALUES ($1, $2, $3, "
    "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'baru', $14, $15, $16, $17, $18, $14) RETURNING "
    "id";
static const char q_event[] =
    "INSERT INTO complaint_events (complaint_id, at, actor_id, action, from_state, to_state, note, "
    "public) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
static const char q_events[] =
    "SELECT e.at, COALESCE(u.name, ''), e.action, e.from_state, e.to_state, e.note, e.public FROM "
    "complaint_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.complaint_id = $1 AND "
    "(e.public OR NOT $2) ORDER BY e.at, e.id";
static const char q_update[] =
    "UPDATE complaints SET state = $2, severity = $3, resolve_due = $4, first_response_at = "
    "COALESCE(first_response_at, $5), resolved_at = CASE WHEN $2 IN ('selesai', "
    "'bukan_wewenang') THEN COALESCE(resolved_at, $6) ELSE resolved_at END, updated_at = $7 "
    "WHERE id = $1";
static const char q_rate[] =
    "UPDATE complaints SET rating = $2, rating_note = $3, updated_at = $4 WHERE id = $1 AND "
    "state = 'selesai' AND rating IS NULL RETURNING id";
static const char q_open[] =
    "SELECT c.id, c.unit_id, c.received_day, c.severity, c.first_response_due, c.resolve_due, "
    "COALESCE(c.first_response_at, 0) FROM complaints c WHERE c.state IN ('baru', 'diproses')";
static const char q_set_due[] =
    "UPDATE complaints SET first_response_due = $2, resolve_due = $3 WHERE id = $1";
static const char q_public[] =
    "SELECT c.id, c.class, c.subject, c.state, c.received_day, COALESCE((SELECT e.note FROM "
    "complaint_events e WHERE e.complaint_id = c.id AND e.public AND e.note <> '' ORDER BY e.at "
    "DESC, e.id DESC LIMIT 1), '') FROM complaints c WHERE c.unit_id = $1 AND NOT c.confidential "
    "ORDER BY c.received_at DESC, c.id DESC";

/* A row of C_COLS as JSON; with_body false leaves the text out (lists). */
static json_t *
row(struct db_stmt *st, bool with_body)
{
    json_t *j = json_pack(
        "{s:I,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:I,s:"
        "I,s:I,s:s}",
        "id", (json_int_t)db_col_int64(st, 0), "tracking", db_col_text(st, 1), "unit_id",
        (json_int_t)db_col_int64(st, 2), "unit_code", db_col_text(st, 3), "unit_name",
        db_col_text(st, 4), "class", db_col_text(st, 5), "severity", db_col_text(st, 6), "channel",
        db_col_text(st, 7), "service", db_col_text(st, 8), "subject", db_col_text(st, 9),
        "anonymous", db_col_bool(st, 11), "confidential", db_col_bool(st, 12), "reporter_name",
        db_col_text(st, 13), "reporter_contact", db_col_text(st, 14), "lapor_ticket",
        db_col_text(st, 15), "state", db_col_text(st, 16), "received_at",
        (json_int_t)db_col_int64(st, 17), "received_day", db_col_text(st, 18), "first_response_due",
        db_col_text(st, 19), "resolve_due", db_col_text(st, 20), "first_response_at",
        (json_int_t)db_col_int64(st, 21), "resolved_at", (json_int_t)db_col_int64(st, 22), "rating",
        (json_int_t)db_col_int64(st, 23), "rating_note", db_col_text(st, 24));
    if (with_body)
        json_object_set_new(j, "body", json_string(db_col_text(st, 10)));
    return j;
}

static json_t *
get_one(struct db *db, const char *sql, const char *text, int64_t id)
{
    struct db_stmt *st;
    if (db_prepare(db, sql, &st) != 0)
        return NULL;
    if (text)
        db_bind_text(st, 1, text, -1);
    else
        db_bind_int64(st, 1, id);
    json_t *j = db_step(st) == DB_ROW ? row(st, true) : NULL;
    db_finalize(st);
    return j;
}

json_t *
complaint_store_get(struct db *db, const char *tracking)
{
    return get_one(db, q_get, tracking ? tracking : "", 0);
}

json_t *
complaint_store_get_id(struct db *db, int64_t id)
{
    return get_one(db, q_get_id, NULL, id);
}

/* The calendar and the unit's rule, for due dates. */
static int
calendar_for(struct db *db, int64_t unit_id, struct cal *c, struct cal_rule *r)
{
    json_t *cbw = json_object_get(complaint_settings(), "cuti_bersama_works");
    return cal_store_for_unit(db, unit_id, json_is_true(cbw), c, r);
}

static int
event(struct db *db, int64_t id, int64_t at, int64_t actor, const char *action, const char *from,
      const char *to, const char *note, bool public)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_event, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, at);
    if (actor)
        db_bind_int64(st, 3, actor);
    else
        db_bind_null(st, 3);
    db_bind_text(st, 4, action, -1);
    db_bind_text(st, 5, from ? from : "", -1);
    db_bind_text(st, 6, to ? to : "", -1);
    db_bind_text(st, 7, note ? note : "", -1);
    db_bind_bool(st, 8, public);
    return db_run(st);
}

int
complaint_store_insert(struct db *db, int64_t unit_id, const char *tz,
                       const struct complaint_input *in, int64_t recorded_by, int64_t now,
                       char tracking[COMPLAINT_TRACKING_LEN + 1], int64_t *id)
{
    char day[11], first[11], resolve[11];
    int64_t local = now + (int64_t)fmt_zone_offset(fmt_zone_of(tz)) * 60000;
    cal_format_date(local / 86400000, day);
    const char *severity = complaint_class_severity(in->klass);
    struct cal c;
    struct cal_rule r;
    int rc = calendar_for(db, unit_id, &c, &r);
    if (rc)
        return rc;
    rc = complaint_due(&c, &r, day, severity, first, resolve);
    cal_free(&c);
    if (rc)
        return rc;
    for (int tries = 0; tries < 5; tries++) {
        complaint_new_tracking(tracking);
        struct db_stmt *st;
        if ((rc = db_prepare(db, q_insert, &st)) != 0)
            return rc;
        db_bind_text(st, 1, tracking, -1);
        db_bind_int64(st, 2, unit_id);
        db_bind_text(st, 3, in->klass, -1);
        db_bind_text(st, 4, severity, -1);
        db_bind_text(st, 5, in->channel, -1);
        db_bind_text(st, 6, in->service, -1);
        db_bind_text(st, 7, in->subject ? in->subject : "", -1);
        db_bind_text(st, 8, in->body ? in->body : "", -1);
        db_bind_bool(st, 9, in->anonymous);
        db_bind_bool(st, 10, in->confidential);
        db_bind_text(st, 11, in->anonymous || !in->name ? "" : in->name, -1);
        db_bind_text(st, 12, in->anonymous || !in->contact ? "" : in->contact, -1);
        db_bind_text(st, 13, in->lapor_ticket, -1);
        db_bind_int64(st, 14, now);
        db_bind_text(st, 15, day, -1);
        db_bind_text(st, 16, first, -1);
        db_bind_text(st, 17, resolve, -1);
        if (recorded_by)
            db_bind_int64(st, 18, recorded_by);
        else
            db_bind_null(st, 18);
        rc = db_step(st);
        if (rc == DB_ROW)
            *id = db_col_int64(st, 0);
        db_finalize(st);
        if (rc != ZE_CONFLICT)
            break;
    }
    if (rc != DB_ROW)
        return rc == DB_DONE ? ZE_DB : rc;
    rc = event(db, *id, now, recorded_by, "received", "", "baru", "", true);
    if (rc == 0)
        rc = complaint_lke_sync(db, unit_id, atoi(day), now);
    return rc;
}

int
complaint_store_events(struct db *db, int64_t id, bool public_only, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_events, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_bool(st, 2, public_only);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(
            list, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:b}", "at", (json_int_t)db_col_int64(st, 0),
                            "actor", db_col_text(st, 1), "action", db_col_text(st, 2), "from",
                            db_col_text(st, 3), "to", db_col_text(st, 4), "note",
                            db_col_text(st, 5), "public", db_col_bool(st, 6)));
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}

static bool
is_open(const char *state)
{
    return strcmp(state, "baru") == 0 || strcmp(state, "diproses") == 0;
}

int
complaint_store_list(struct db *db, const char *prefix, const char *state, int year,
                     const char *today, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_list, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, prefix, -1);
    db_bind_int64(st, 2, year);
    while ((rc = db_step(st)) == DB_ROW) {
        json_t *j = row(st, false);
        const char *s = json_string_value(json_object_get(j, "state"));
        bool open = is_open(s);
        bool late =
            open &&
            ((strcmp(today, json_string_value(json_object_get(j, "resolve_due"))) > 0) ||
             (json_integer_value(json_object_get(j, "first_response_at")) == 0 &&
              strcmp(today, json_string_value(json_object_get(j, "first_response_due"))) > 0));
        json_object_set_new(j, "overdue", json_boolean(late));
        bool keep = !state || !*state || (strcmp(state, "terbuka") == 0 && open) ||
                    (strcmp(state, "terlambat") == 0 && late) || strcmp(state, s) == 0;
        if (keep)
            json_array_append_new(list, j);
        else
            json_decref(j);
    }
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}

int
complaint_store_update(struct db *db, int64_t id, const char *state, const char *severity,
                       const char *note, bool public_note, int64_t by, int64_t now)
{
    json_t *c = get_one(db, q_get_id, NULL, id);
    if (!c)
        return ZE_NOTFOUND;
    const char *from = json_string_value(json_object_get(c, "state"));
    const char *to = state && *state ? state : from;
    const char *sev =
        severity && *severity ? severity : json_string_value(json_object_get(c, "severity"));
    char resolve[11];
    snprintf(resolve, sizeof resolve, "%s", json_string_value(json_object_get(c, "resolve_due")));
    int rc = 0;
    if (strcmp(sev, json_string_value(json_object_get(c, "severity"))) != 0) {
        struct cal cal;
        struct cal_rule r;
        char first[11];
        if ((rc = calendar_for(db, json_integer_value(json_object_get(c, "unit_id")), &cal, &r)) ==
            0) {
            rc = complaint_due(&cal, &r, json_string_value(json_object_get(c, "received_day")), sev,
                               first, resolve);
            cal_free(&cal);
        }
    }
    bool answered = public_note && note && *note;
    struct db_stmt *st;
    if (rc == 0 && (rc = db_prepare(db, q_update, &st)) == 0) {
        db_bind_int64(st, 1, id);
        db_bind_text(st, 2, to, -1);
        db_bind_text(st, 3, sev, -1);
        db_bind_text(st, 4, resolve, -1);
        if (answered || strcmp(to, from) != 0)
            db_bind_int64(st, 5, now); /* any answer or move is the first response */
        else
            db_bind_null(st, 5);
        db_bind_int64(st, 6, now);
        db_bind_int64(st, 7, now);
        rc = db_run(st);
    }
    /* a move of state is public (the complainant follows it); a note is public only when the
     * officer says so, even when it comes with a move */
    bool moved = strcmp(to, from) != 0;
    bool noted = note && *note;
    if (rc == 0 && moved)
        rc = event(db, id, now, by, "state", from, to, answered ? note : "", true);
    if (rc == 0 && noted && !(moved && answered))
        rc = event(db, id, now, by, answered ? "answer" : "note", "", "", note, public_note);
    if (rc == 0 && !moved && !noted)
        rc = event(db, id, now, by, "severity", "", "", sev, false);
    if (rc == 0 && moved)
        rc = complaint_lke_sync(db, json_integer_value(json_object_get(c, "unit_id")),
                                atoi(json_string_value(json_object_get(c, "received_day"))), now);
    json_decref(c);
    return rc;
}

int
complaint_store_rate(struct db *db, int64_t id, int rating, const char *note, int64_t now)
{
    if (rating < 1 || rating > 5)
        return ZE_INVAL;
    struct db_stmt *st;
    int rc = db_prepare(db, q_rate, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, rating);
    db_bind_text(st, 3, note ? note : "", -1);
    db_bind_int64(st, 4, now);
    rc = db_step(st);
    db_finalize(st);
    if (rc == DB_DONE)
        return ZE_CONFLICT;
    if (rc != DB_ROW)
        return rc;
    return event(db, id, now, 0, "rating", "", "", "", true);
}

int
complaint_store_recompute(struct db *db, int64_t now)
{
    (void)now;
    struct db_stmt *st;
    int rc = db_prepare(db, q_open, &st);
    if (rc)
        return rc;
    json_t *open = json_array();
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(open,
                              json_pack("{s:I,s:I,s:s,s:s}", "id", (json_int_t)db_col_int64(st, 0),
                                        "unit", (json_int_t)db_col_int64(st, 1), "day",
                                        db_col_text(st, 2), "severity", db_col_text(st, 3)));
    db_finalize(st);
    if (rc != DB_DONE) {
        json_decref(open);
        return rc;
    }
    rc = 0;
    size_t i;
    json_t *o;
    json_array_foreach(open, i, o)
    {
        struct cal c;
        struct cal_rule r;
        char first[11], resolve[11];
        if ((rc = calendar_for(db, json_integer_value(json_object_get(o, "unit")), &c, &r)) != 0)
            break;
        rc = complaint_due(&c, &r, json_string_value(json_object_get(o, "day")),
                           json_string_value(json_object_get(o, "severity")), first, resolve);
        cal_free(&c);
        if (rc || (rc = db_prepare(db, q_set_due, &st)) != 0)
            break;
        db_bind_int64(st, 1, json_integer_value(json_object_get(o, "id")));
        db_bind_text(st, 2, first, -1);
        db_bind_text(st, 3, resolve, -1);
        if ((rc = db_run(st)) != 0)
            break;
    }
    json_decref(open);
    return rc;
}

static void
bump(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key && *key ? key : "-");
    json_object_set_new(obj, key && *key ? key : "-",
                        json_integer(json_is_integer(v) ? json_integer_value(v) + 1 : 1));
}

/* Cells under the minimum as "<5" (public statistics never single anybody out). */
static void
hide_small(json_t *obj, long min)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v) if (json_is_integer(v) && json_integer_value(v) > 0 &&
                                       json_integer_value(v) < min)
        json_object_set_new(obj, k, json_sprintf("<%ld", min));
}

static int
cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

int
complaint_store_stats(struct db *db, const char *prefix, int year, bool public, json_t **out)
{
    *out = NULL;
    json_t *list = json_array();
    int rc = complaint_store_list(db, prefix, "", year, "9999-12-31", list);
    if (rc) {
        json_decref(list);
        return rc;
    }
    json_t *by_class = json_object(), *by_state = json_object(), *by_service = json_object();
    long total = 0, handled = 0, on_time = 0, rated = 0, rating_sum = 0, archived = 0;
    long *days = calloc(json_array_size(list) + 1, sizeof *days);
    size_t ndays = 0, i;
    json_t *c;
    struct cal cal;
    cal_init(&cal);
    int crc = cal_store_load(db, &cal);
    json_array_foreach(list, i, c)
    {
        total++;
        const char *state = json_string_value(json_object_get(c, "state"));
        archived += strcmp(state, "diarsipkan") == 0;
        bump(by_class, json_string_value(json_object_get(c, "class")));
        bump(by_state, state);
        bump(by_service, json_string_value(json_object_get(c, "service")));
        int64_t resolved = json_integer_value(json_object_get(c, "resolved_at"));
        if (resolved) {
            handled++;
            char rday[11];
            cal_format_date(resolved / 86400000, rday);
            if (strcmp(rday, json_string_value(json_object_get(c, "resolve_due"))) <= 0)
                on_time++;
            int64_t d0;
            if (crc == 0 &&
                cal_parse_date(json_string_value(json_object_get(c, "received_day")), &d0) == 0) {
                struct cal_rule r = {false, false};
                days[ndays++] = (long)cal_count(&cal, d0, resolved / 86400000, &r, NULL);
            }
        }
        long rating = (long)json_integer_value(json_object_get(c, "rating"));
        if (rating) {
            rated++;
            rating_sum += rating;
        }
    }
    cal_free(&cal);
    qsort(days, ndays, sizeof *days, cmp_long);
    json_t *j = json_pack("{s:I,s:o,s:o,s:o,s:I,s:o,s:I,s:o,s:o}", "total", (json_int_t)total,
                          "by_class", by_class, "by_state", by_state, "by_service", by_service,
                          "handled", (json_int_t)handled, "handled_share",
                          total > archived ? json_real((double)handled / (double)(total - archived))
                                           : json_null(),
                          "on_time", (json_int_t)on_time, "median_days",
                          ndays ? json_integer(days[ndays / 2]) : json_null(), "rating_mean",
                          rated ? json_real((double)rating_sum / (double)rated) : json_null());
    free(days);
    if (public) {
        long min =
            (long)json_integer_value(json_object_get(complaint_settings(), "stats_min_cell"));
        if (min < 1)
            min = 5;
        hide_small(by_class, min);
        hide_small(by_state, min);
        hide_small(by_service, min);
        static const char *const counts[] = {"total", "handled", "on_time"};
        for (size_t k = 0; k < 3; k++) {
            json_t *v = json_object_get(j, counts[k]);
            if (json_integer_value(v) > 0 && json_integer_value(v) < min)
                json_object_set_new(j, counts[k], json_sprintf("<%ld", min));
        }
    }
    json_decref(list);
    *out = j;
    return 0;
}

int
complaint_store_public(struct db *db, int64_t unit_id, int max, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_public, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, unit_id);
    while ((rc = db_step(st)) == DB_ROW && (int)json_array_size(list) < max)
        json_array_append_new(list,
                              json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "tracking", db_col_text(st, 0),
                                        "class", db_col_text(st, 1), "subject", db_col_text(st, 2),
                                        "state", db_col_text(st, 3), "received_day",
                                        db_col_text(st, 4), "answer", db_col_text(st, 5)));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
