/* grat_routes: the staff's gratification pages. Any signed-in staff member (the route permission
 * "session") reports for their own home unit, sees their own reports, and makes the periodic
 * "laporan nihil"; the UPG's steps are grat_upg.c's (a partial slot on the detail page).
 *
 *   GET  /gratifikasi/lapor              the report form: receipt or refusal, the giver, the event,
 *                                        the object and its value, date and place, where it is
 *                                        kept, the chronology, files, the request to keep it
 *                                        against payment, what the giver already gave this year
 *   POST /gratifikasi/lapor              periksa: the form again (200) with the advice and the
 *                                        deadlines, never blocking; kirim (or neither): the report
 *                                        → 303 to its page, or the form again (422) with every
 *                                        value kept (files must be chosen again)
 *   GET  /gratifikasi/saya               my reports: states, deadlines with warnings, what is
 *                                        missing when returned; the declaration of the period
 *   GET  /gratifikasi/nihil              the "laporan nihil" of the current period (404 when the
 *   POST /gratifikasi/nihil              agency does not ask for it); setuju=1 → 303; 409 when
 *                                        declared already
 *   GET  /gratifikasi/:id                the report for its reporter or a UPG that may handle it
 *                                        (404 for anyone else): everything filed, the advice
 *                                        given, deadlines, timeline, files, the KPK's decision;
 *                                        the reporter completes a returned report here; the UPG's
 *                                        forms come from templates/partials/grat_upg_actions.html
 *   POST /gratifikasi/:id                aksi=lengkapi (the reporter, state dikembalikan): the
 *                                        completed report (files may be added) → 303; periksa:
 *                                        the advice again
 *   GET  /gratifikasi/:id/berkas/:file   a supporting file, streamed from its blob
 *   GET  /api/v1/gratification/advice    ?received&value&giver&event&cash&year_total: the advice
 *                                        and deadlines the form shows while it is filled
 *
 * Registered after the UPG's and the public pages' routes: /gratifikasi/:id would take their
 * literal paths otherwise. Audit entries carry ids, periods and states, never a report's text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "auth/auth.h"
#include "auth/frame.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/err.h"
#include "core/log.h"
#include "core/xmem.h"
#include "db/blob.h"
#include "db/db.h"
#include "grat.h"
#include "http/http.h"
#include "org/cal.h"
#include "org/org.h"
#include "web/fmt.h"
#include "web/i18n.h"
#include "web/model.h"

enum {
    GRAT_FILES_MAX = 10,      /* supporting files of one report */
    GRAT_FILE_NAME_MAX = 200, /* bytes of a file's name as kept */
};

#define GRAT_ADVICE_API "/api/v1/gratification/advice"

/* --- helpers ------------------------------------------------------------------------------ */

static bool
flag(json_t *o, const char *key)
{
    return json_is_true(json_object_get(o, key));
}

static void
set_str(json_t *o, const char *key, const char *s)
{
    json_object_set_new(o, key, json_string(s ? s : ""));
}

/* text with its first "{name}" replaced by value, in the request's arena. */
static const char *
replace(struct req *rq, const char *text, const char *name, const char *value)
{
    const char *at = strstr(text, name);
    if (!at)
        return text;
    return arena_printf(rq->a, "%.*s%s%s", (int)(at - text), text, value, at + strlen(name));
}

/* The text of message id with "{name}" replaced by value. */
static const char *
subst(struct req *rq, const char *id, const char *name, const char *value)
{
    return replace(rq, frame_t(rq, id), name, value);
}

static const char *
rupiah(struct req *rq, int64_t v)
{
    struct buf b = BUF_INIT;
    fmt_rupiah(&b, rq->lang, v);
    const char *s = arena_strdup(rq->a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

/* An amount as the form takes it back ("1.500.000": grat_parse_rupiah reads the dots in either
 * language); "" for 0 when zero_empty. */
static const char *
amount_typed(struct req *rq, int64_t v, bool zero_empty)
{
    if (zero_empty && v == 0)
        return "";
    struct buf b = BUF_INIT;
    fmt_int(&b, "id", v);
    const char *s = arena_strdup(rq->a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

static const char *
size_text(struct req *rq, int64_t n)
{
    if (n < 1024)
        return arena_printf(rq->a, "%lld B", (long long)n);
    if (n < INT64_C(1024) * 1024)
        return arena_printf(rq->a, "%s KB", frame_decimal(rq, (double)n / 1024.0, 0));
    return arena_printf(rq->a, "%s MB", frame_decimal(rq, (double)n / (1024.0 * 1024.0), 1));
}

/* The day of now, 'YYYY-MM-DD', in the time zone tz. */
static void
today_in(const char *tz, char out[11])
{
    int64_t local = clock_now_ms() + (int64_t)fmt_zone_offset(fmt_zone_of(tz)) * 60000;
    cal_format_date(local / 86400000, out);
}

static int64_t
path_id(struct req *rq, const char *name)
{
    const char *p = req_param(rq, name);
    int64_t id;
    if (!p || !*p || *p < '0' || *p > '9' || parse_i64(p, strlen(p), &id) != 0 || id <= 0)
        return 0;
    return id;
}

/* The unit a staff member reports for: always their own home unit. */
static int
home_unit(struct req *rq, struct org_unit *u)
{
    struct auth_ctx *c = auth_ctx(rq);
    if (!c || org_unit_by_id(rq->db, c->u.unit_id, u) != 0)
        return ZE_NOTFOUND;
    return 0;
}

/* The working-day calendar of a unit, and its today. Freed with the request. */
struct gclock {
    struct cal cal;
    struct cal_rule rule;
    bool ok; /* the calendar loaded: without it the deadlines are not shown */
    char today[11];
    int64_t today_day;
};

static void
cal_release(void *p)
{
    cal_free(p);
}

static struct gclock *
clock_for(struct req *rq, int64_t unit_id, const char *tz)
{
    struct gclock *k = arena_alloc(rq->a, sizeof *k);
    today_in(tz, k->today);
    cal_parse_date(k->today, &k->today_day);
    if (cal_store_for_unit(rq->db, unit_id, grat_cuti_bersama_works(), &k->cal, &k->rule) == 0) {
        k->ok = true;
        arena_defer(rq->a, cal_release, &k->cal);
    } else {
        log_warn("grat: the calendar of unit %lld does not load", (long long)unit_id);
    }
    return k;
}

static const char *
state_badge(const char *state)
{
    if (strcmp(state, "dikembalikan") == 0)
        return "warning";
    if (strcmp(state, "gugur") == 0)
        return "error";
    if (strcmp(state, "ditetapkan") == 0 || strcmp(state, "selesai") == 0)
        return "success";
    return "info";
}

static const char *
kind_label(struct req *rq, const char *kind)
{
    return frame_t(rq, strcmp(kind, "penolakan") == 0 ? N_("Gift refused") : N_("Gift received"));
}

/* "2026-S2" → "Second semester 2026 (July–December)"; "2026" → "Year 2026". */
static const char *
period_label(struct req *rq, const char *period)
{
    const char *year = arena_strndup(rq->a, period, 4);
    if (strstr(period, "-S1"))
        return subst(rq, N_("First semester {year} (January–June)"), "{year}", year);
    if (strstr(period, "-S2"))
        return subst(rq, N_("Second semester {year} (July–December)"), "{year}", year);
    return subst(rq, N_("Year {year}"), "{year}", year);
}

/* A file's name as shown and kept: the last path segment, no control characters, at most
 * GRAT_FILE_NAME_MAX bytes cut on a character boundary. */
static const char *
file_name(struct req *rq, const char *given)
{
    const char *n = given && *given ? given : "berkas";
    const char *slash = strrchr(n, '/'), *bslash = strrchr(n, '\\');
    if (slash)
        n = slash + 1;
    if (bslash && bslash + 1 > n)
        n = bslash + 1;
    size_t len = strlen(n);
    if (len > GRAT_FILE_NAME_MAX) {
        len = GRAT_FILE_NAME_MAX;
        while (len > 0 && ((unsigned char)n[len] & 0xc0) == 0x80)
            len--;
    }
    char *s = arena_strndup(rq->a, n, len);
    for (char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '_';
    if (!*s || !utf8_valid(s, strlen(s)))
        return "berkas";
    return s;
}

/* --- deadlines ----------------------------------------------------------------------------- */

/* One deadline for people: {key, label, ymd, day, state (open | soon | passed | met | missed),
 * open, soon, passed, done, left, late, today, note}. done: the day it was met ('YYYY-MM-DD'; ""
 * while it runs), done_id how that reads ("… {date}"). */
static json_t *
due_item(struct req *rq, const struct gclock *k, const char *key, const char *label_id,
         const char *due_ymd, const char *done, const char *done_id)
{
    int64_t due, d;
    if (cal_parse_date(due_ymd, &due) != 0)
        return NULL;
    const char *state, *note;
    int64_t left = 0, late = 0;
    if (done && *done && cal_parse_date(done, &d) == 0) {
        state = d <= due ? "met" : "missed";
        note = subst(rq, done_id, "{date}", frame_day(rq, done));
        if (d > due)
            note = arena_printf(rq->a, "%s · %s", note, frame_t(rq, N_("after the deadline")));
    } else {
        enum grat_due st = k->ok ? grat_due_state(&k->cal, &k->rule, k->today_day, due)
                           : k->today_day > due ? GRAT_DUE_PASSED
                                                : GRAT_DUE_OPEN;
        state = st == GRAT_DUE_PASSED ? "passed" : st == GRAT_DUE_SOON ? "soon" : "open";
        if (st == GRAT_DUE_PASSED) {
            late = k->ok ? cal_count(&k->cal, due, k->today_day, &k->rule, NULL) : 0;
            note = late > 0 ? arena_printf(rq->a, "%lld %s", (long long)late,
                                           frame_t(rq, N_("working days late")))
                            : frame_t(rq, N_("Overdue"));
        } else if (due == k->today_day) {
            note = frame_t(rq, N_("Due today"));
        } else {
            left = k->ok ? cal_count(&k->cal, k->today_day, due, &k->rule, NULL) : 0;
            note = k->ok ? arena_printf(rq->a, "%lld %s", (long long)left,
                                        frame_t(rq, N_("working days left")))
                         : "";
        }
    }
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:b,s:b,s:I,s:I,s:b,s:s}", "key", key, "label",
                     frame_t(rq, label_id), "ymd", due_ymd, "day", frame_day(rq, due_ymd), "state",
                     state, "open", strcmp(state, "open") == 0, "soon", strcmp(state, "soon") == 0,
                     "passed", strcmp(state, "passed") == 0 || strcmp(state, "missed") == 0, "done",
                     *state == 'm', "left", (json_int_t)left, "late", (json_int_t)late, "today",
                     due == k->today_day && *state != 'm', "note", note);
}

static void
warning_add(json_t *warnings, const char *text, bool error)
{
    json_array_append_new(warnings, json_pack("{s:s,s:b}", "text", text, "error", error));
}

/* --- the advice while filling ---------------------------------------------------------------- */

/* What the check reads of a gift, as typed. */
struct check_args {
    const char *received, *value, *giver, *event, *year_total;
    bool cash;
};

/* The names the problems are filed under: the form's fields or the API's parameters. */
struct check_names {
    const char *received, *value, *giver, *event, *year_total;
};

static const struct check_names form_names = {"tanggal", "nilai", "pemberi_jenis",
                                              "peristiwa_jenis", "total_tahun"};
static const struct check_names api_names = {"received", "value", "giver", "event", "year_total"};

/* The advice and the deadlines for what is known of a gift (the API's answer and the form's
 * panel): {"must_report", "rule", "reason", "threshold", "upg", "kpk", "upg_state",
 * "kpk_state"} (null where not known yet) and, for people, "rule_id", "year_threshold",
 * "threshold_text", "year_threshold_text", "has_advice", "deadlines" [due_item],
 * "has_deadlines", "warnings" [{text, error}], "has_warnings", "late_text", "unknown_year" (a year
 * crossed without a holiday list; null: none), "unknown_year_text",
 * "pending" [what is still to fill in], "has_pending". Values typed but not readable go to errs
 * as {name: message id}. New reference. */
static json_t *
check_run(struct req *rq, const struct gclock *k, const struct check_args *a,
          const struct check_names *n, json_t *errs)
{
    json_t *o =
        json_pack("{s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:s,s:s,s:s,s:n,s:s}", "must_report",
                  "rule", "reason", "threshold", "upg", "kpk", "upg_state", "kpk_state", "rule_id",
                  "year_threshold", "threshold_text", "", "year_threshold_text", "", "late_text",
                  "", "unknown_year", "unknown_year_text", "");
    json_t *pending = json_array(), *warnings = json_array(), *deadlines = json_array();
    struct grat_gift g = {0};
    bool day_ok = false, value_ok = false, giver_ok = false, event_ok = false, total_ok = true;
    if (!*a->received) {
        json_array_append_new(pending, json_string(frame_t(rq, N_("the date received"))));
    } else if (cal_parse_date(a->received, &g.received) != 0) {
        json_object_set_new(
            errs, n->received,
            json_string(N_("Enter the date as YYYY-MM-DD, for example 2026-02-03.")));
    } else if (g.received > k->today_day) {
        json_object_set_new(errs, n->received, json_string(N_("The date cannot be after today.")));
    } else {
        day_ok = true;
    }
    if (!*a->value)
        json_array_append_new(pending, json_string(frame_t(rq, N_("the estimated value"))));
    else if (grat_parse_rupiah(a->value, &g.value) != 0)
        json_object_set_new(errs, n->value,
                            json_string(N_("Type the value in Rupiah, for example 1.500.000.")));
    else
        value_ok = true;
    if (!*a->giver)
        json_array_append_new(pending, json_string(frame_t(rq, N_("who gave it"))));
    else if (grat_giver_parse(a->giver, &g.giver) != 0)
        json_object_set_new(errs, n->giver, json_string(N_("Choose one of the options listed.")));
    else
        giver_ok = true;
    if (!*a->event)
        json_array_append_new(pending, json_string(frame_t(rq, N_("the occasion"))));
    else if (grat_event_parse(a->event, &g.event) != 0)
        json_object_set_new(errs, n->event, json_string(N_("Choose one of the options listed.")));
    else
        event_ok = true;
    if (*a->year_total && grat_parse_rupiah(a->year_total, &g.year_total) != 0) {
        json_object_set_new(errs, n->year_total,
                            json_string(N_("Type the value in Rupiah, for example 1.500.000.")));
        total_ok = false;
    }
    g.cash = a->cash;

    if (day_ok) {
        struct grat_deadlines dl;
        if (!k->ok || grat_deadlines(&k->cal, &k->rule, g.received, &dl) != 0) {
            warning_add(warnings,
                        frame_t(rq, N_("The deadlines cannot be counted just now: the working-day "
                                       "calendar is not available. Report as soon as you can.")),
                        false);
        } else {
            char upg[11], kpk[11];
            cal_format_date(dl.upg, upg);
            cal_format_date(dl.kpk, kpk);
            json_t *u = due_item(rq, k, "upg", N_("Report to the UPG by"), upg, NULL, NULL);
            json_t *p = due_item(rq, k, "kpk", N_("Report to the KPK by"), kpk, NULL, NULL);
            const char *us = jstr(u, "state"), *ps = jstr(p, "state");
            json_object_set_new(o, "upg", json_string(upg));
            json_object_set_new(o, "kpk", json_string(kpk));
            json_object_set_new(o, "upg_state", json_string(us));
            json_object_set_new(o, "kpk_state", json_string(ps));
            json_object_set_new(o, "upg_text", json_string(jstr(u, "day")));
            json_object_set_new(o, "kpk_text", json_string(jstr(p, "day")));
            if (strcmp(us, "soon") == 0)
                warning_add(warnings,
                            subst(rq,
                                  N_("The deadline to report to the UPG, {date}, is near: send the "
                                     "report now."),
                                  "{date}", jstr(u, "day")),
                            false);
            if (strcmp(us, "passed") == 0 && strcmp(ps, "passed") != 0)
                warning_add(
                    warnings,
                    subst(rq,
                          N_("The deadline to report to the UPG passed on {date}. Report now "
                             "all the same: the UPG can still forward it to the KPK in "
                             "time."),
                          "{date}", jstr(u, "day")),
                    true);
            if (strcmp(ps, "soon") == 0)
                warning_add(warnings,
                            subst(rq,
                                  N_("The deadline to report to the KPK, {date}, is near: report "
                                     "today so that the UPG can forward it in time."),
                                  "{date}", jstr(p, "day")),
                            true);
            if (strcmp(ps, "passed") == 0) {
                warning_add(warnings,
                            subst(rq,
                                  N_("The deadline to report to the KPK passed on {date}. Report "
                                     "now all the same."),
                                  "{date}", jstr(p, "day")),
                            true);
                const struct grat_rule *rule = grat_rule_on(g.received);
                char late[GRAT_TEXT_MAX] = "";
                if (rule)
                    grat_rule_text(rule, "late_report", rq->lang, late, sizeof late);
                json_object_set_new(o, "late_text", json_string(late));
            }
            if (dl.unknown_year) {
                json_object_set_new(o, "unknown_year", json_integer(dl.unknown_year));
                json_object_set_new(
                    o, "unknown_year_text",
                    json_string(subst(rq,
                                      N_("No holiday list is loaded for {year} yet: the deadline "
                                         "counts only weekends as days off in that year."),
                                      "{year}", arena_printf(rq->a, "%d", dl.unknown_year))));
            }
            json_array_append_new(deadlines, u);
            json_array_append_new(deadlines, p);
        }
    }

    if (day_ok && value_ok && giver_ok && event_ok && total_ok) {
        struct grat_advice adv;
        if (grat_advise(&g, rq->lang, &adv) != 0) {
            json_object_set_new(
                errs, n->value,
                json_string(N_("Type the value in Rupiah, for example 1.500.000.")));
        } else {
            json_object_set_new(o, "must_report", json_boolean(adv.must_report));
            json_object_set_new(o, "rule", adv.rule ? json_string(adv.rule->name) : json_null());
            json_object_set_new(o, "rule_id", adv.rule ? json_string(adv.rule->id) : json_null());
            json_object_set_new(o, "reason", json_string(adv.reason));
            json_object_set_new(o, "threshold",
                                adv.threshold >= 0 ? json_integer(adv.threshold) : json_null());
            json_object_set_new(o, "year_threshold",
                                adv.year_threshold >= 0 ? json_integer(adv.year_threshold)
                                                        : json_null());
            json_object_set_new(o, "threshold_text",
                                json_string(adv.threshold >= 0 ? rupiah(rq, adv.threshold) : ""));
            json_object_set_new(
                o, "year_threshold_text",
                json_string(adv.year_threshold >= 0 ? rupiah(rq, adv.year_threshold) : ""));
        }
    }
    json_object_set_new(o, "has_advice",
                        json_boolean(json_is_boolean(json_object_get(o, "must_report"))));
    json_object_set_new(o, "has_deadlines", json_boolean(json_array_size(deadlines) > 0));
    json_object_set_new(o, "deadlines", deadlines);
    json_object_set_new(o, "has_warnings", json_boolean(json_array_size(warnings) > 0));
    json_object_set_new(o, "warnings", warnings);
    json_object_set_new(o, "has_pending", json_boolean(json_array_size(pending) > 0));
    json_object_set_new(o, "pending", pending);
    return o;
}

/* The panel of the form: check_run on the typed fields, with the problems it found listed as
 * "problems" (the check never blocks: the report's own reading decides). */
static json_t *
check_form(struct req *rq, const struct gclock *k, json_t *values)
{
    struct check_args a = {
        jstr(values, "tanggal"),       jstr(values, "nilai"),
        jstr(values, "pemberi_jenis"), jstr(values, "peristiwa_jenis"),
        jstr(values, "total_tahun"),   grat_object_is_cash(jstr(values, "objek_jenis"))};
    json_t *errs = json_object();
    json_t *o = check_run(rq, k, &a, &form_names, errs);
    json_t *problems = json_array(), *v;
    const char *key;
    json_object_foreach(errs, key, v)
        json_array_append_new(problems, json_string(frame_t(rq, json_string_value(v))));
    json_decref(errs);
    json_object_set_new(o, "has_problems", json_boolean(json_array_size(problems) > 0));
    json_object_set_new(o, "problems", problems);
    return o;
}

/* --- the form ------------------------------------------------------------------------------ */

/* The form's fields in the order people meet them (the error summary follows it). */
static const char *const field_order[] = {
    "jenis",           "tanggal",          "tempat",           "pemberi_jenis",
    "pemberi_nama",    "pemberi_instansi", "pemberi_hubungan", "pemberi_alamat",
    "peristiwa_jenis", "peristiwa",        "objek_jenis",      "objek_uraian",
    "nilai",           "total_tahun",      "disimpan",         "kronologi",
    "berkas",          "kompensasi",       "setuju",
};

static const char *const text_fields[] = {
    "jenis",         "pemberi_nama",    "pemberi_instansi", "pemberi_alamat", "pemberi_hubungan",
    "pemberi_jenis", "peristiwa_jenis", "peristiwa",        "objek_jenis",    "objek_uraian",
    "nilai",         "tanggal",         "tempat",           "disimpan",       "kronologi",
    "total_tahun",
};

/* {field: message id} as {field: message} and [{field, message}] in form order; a key the order
 * does not know comes last, so nothing said is lost. */
static json_t *
error_messages(struct req *rq, json_t *errs, json_t **list)
{
    json_t *m = json_object(), *v;
    *list = json_array();
    for (size_t i = 0; i < sizeof field_order / sizeof field_order[0]; i++) {
        const char *why = json_string_value(json_object_get(errs, field_order[i]));
        if (!why)
            continue;
        const char *msg = frame_t(rq, why);
        json_object_set_new(m, field_order[i], json_string(msg));
        json_array_append_new(*list,
                              json_pack("{s:s,s:s}", "field", field_order[i], "message", msg));
    }
    const char *key;
    json_object_foreach(errs, key, v)
    {
        if (json_object_get(m, key) || !json_is_string(v))
            continue;
        const char *msg = frame_t(rq, json_string_value(v));
        json_object_set_new(m, key, json_string(msg));
        json_array_append_new(
            *list, json_pack("{s:s,s:s}", "field", key[0] == '_' ? "jenis" : key, "message", msg));
    }
    return m;
}

/* [{value, label, id, selected}] of a settings list; the ids are "<field>-<code>". */
static json_t *
options(struct req *rq, const char *list, const char *field, const char *selected)
{
    json_t *l = json_array(), *x;
    size_t i;
    json_array_foreach(json_object_get(grat_settings(), list), i, x)
    {
        const char *code = jstr(x, "code");
        json_array_append_new(l, json_pack("{s:s,s:s,s:s,s:b}", "value", code, "label",
                                           grat_label(list, code, rq->lang), "id",
                                           arena_printf(rq->a, "%s-%s", field, code), "selected",
                                           strcmp(selected, code) == 0));
    }
    return l;
}

/* The object types that count as cash, space-separated (grat.js sends cash=1 for them). */
static const char *
cash_types(struct req *rq)
{
    struct buf b = BUF_INIT;
    json_t *x;
    size_t i;
    json_array_foreach(json_object_get(grat_settings(), "object_types"), i,
                       x) if (grat_object_is_cash(jstr(x, "code")))
        buf_printf(&b, "%s%s", b.len ? " " : "", jstr(x, "code"));
    const char *s = arena_strdup(rq->a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

/* What was sent, to refill the form. */
static json_t *
form_values(struct req *rq)
{
    json_t *v = json_object();
    for (size_t i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++)
        json_object_set_new(v, text_fields[i], json_string(req_field_trimmed(rq, text_fields[i])));
    const char *c = req_field(rq, "kompensasi");
    json_object_set_new(v, "kompensasi", json_boolean(c && *c));
    return v;
}

/* The fields of a filed report, to complete it. */
static json_t *
report_values(struct req *rq, json_t *r)
{
    return json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b}", "jenis",
        jstr(r, "kind"), "pemberi_nama", jstr(r, "giver_name"), "pemberi_instansi",
        jstr(r, "giver_institution"), "pemberi_alamat", jstr(r, "giver_address"),
        "pemberi_hubungan", jstr(r, "giver_relation"), "pemberi_jenis", jstr(r, "giver_kind"),
        "peristiwa_jenis", jstr(r, "event_kind"), "peristiwa", jstr(r, "event"), "objek_jenis",
        jstr(r, "object_type"), "objek_uraian", jstr(r, "description"), "nilai",
        amount_typed(rq, jnum(r, "value"), false), "tanggal", jstr(r, "received_day"), "tempat",
        jstr(r, "place"), "disimpan", jstr(r, "kept_at"), "kronologi", jstr(r, "chronology"),
        "total_tahun", amount_typed(rq, jnum(r, "year_total"), true), "kompensasi",
        flag(r, "wants_compensation"));
}

/* Did the request carry files (which a form sent back cannot keep)? */
static bool
files_sent(const struct req *rq)
{
    for (int i = 0; i < rq->nfiles; i++)
        if (rq->files[i].size > 0 || (rq->files[i].filename && *rq->files[i].filename))
            return true;
    const char *f = req_field(rq, "berkas"); /* a check sent urlencoded names them */
    return f && *f;
}

/* The model of the report's fields (templates/partials/grat_staff_fields.html): values (stolen),
 * errs ({field: why}, borrowed), the check panel (stolen; NULL: none yet). */
static json_t *
form_model(struct req *rq, const struct gclock *k, json_t *values, json_t *errs, json_t *check,
           bool files_again)
{
    json_t *list;
    json_t *emsg = error_messages(rq, errs, &list);
    const char *jenis = jstr(values, "jenis");
    json_t *kinds = json_pack(
        "[{s:s,s:s,s:s,s:b},{s:s,s:s,s:s,s:b}]", "value", "penerimaan", "label",
        frame_t(rq, N_("I received it")), "hint",
        frame_t(rq, N_("The gift reached you, or someone on your behalf.")), "selected",
        strcmp(jenis, "penolakan") != 0, "value", "penolakan", "label",
        frame_t(rq, N_("I refused it")), "hint",
        frame_t(rq, N_("You turned the gift down. A refusal is reported too, so that it is on "
                       "record.")),
        "selected", strcmp(jenis, "penolakan") == 0);
    json_t *m = json_pack(
        "{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:s,s:{s:i,s:s},s:b,s:s,s:s,s:i,s:i,s:i}",
        "kinds", kinds, "givers",
        options(rq, "givers", "pemberi_jenis", jstr(values, "pemberi_jenis")), "events",
        options(rq, "events", "peristiwa_jenis", jstr(values, "peristiwa_jenis")), "object_types",
        options(rq, "object_types", "objek_jenis", jstr(values, "objek_jenis")), "kept_at",
        options(rq, "kept_at", "disimpan", jstr(values, "disimpan")), "values", values, "errors",
        emsg, "error_list", list, "check", check ? check : json_null(), "has_errors",
        json_array_size(list) > 0, "today", k->today, "limits", "files_max", GRAT_FILES_MAX,
        "file_max", size_text(rq, config_get()->evidence_max), "files_again", files_again,
        "advice_api", GRAT_ADVICE_API, "cash_types", cash_types(rq), "name_max", GRAT_NAME_MAX,
        "addr_max", GRAT_ADDR_MAX, "desc_max", GRAT_DESC_MAX);
    return m;
}

static int
form_page(struct req *rq, struct resp *rs, int status, const struct org_unit *u,
          const struct gclock *k, json_t *values, json_t *errs, json_t *check, bool files_again)
{
    json_t *m = form_model(rq, k, values, errs, check, files_again);
    json_object_set_new(m, "csrf", json_string(csrf_token(rq, rs)));
    json_object_set_new(m, "action", json_string("/gratifikasi/lapor"));
    json_object_set_new(m, "unit_name", json_string(u->name));
    json_object_set_new(m, "upg_days", json_integer(grat_upg_days()));
    json_object_set_new(m, "kpk_days", json_integer(grat_kpk_days()));
    int rc = frame_render(rq, rs, status, "grat/form", N_("Report a gratification"), m);
    rs->no_store = true;
    return rc;
}

static int
grat_get_form(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    int rc = home_unit(rq, &u);
    if (rc)
        return rc;
    const struct gclock *k = clock_for(rq, u.id, u.tz);
    json_t *errs = json_object();
    arena_defer(rq->a, jdecref, errs);
    json_t *values = json_pack("{s:s,s:s,s:b}", "jenis", "penerimaan", "disimpan", "penerima",
                               "kompensasi", false);
    return form_page(rq, rs, 200, &u, k, values, errs, NULL, false);
}

/* --- supporting files ------------------------------------------------------------------------ */

/* The sniffed type of an uploaded file, or NULL when it is not a kind zona keeps: PDF, images
 * (photos from phones included) and office documents. The declared type is never trusted. */
static const char *
sniff(const struct upload *f)
{
    static const char *const ok[] = {
        "application/pdf",
        "image/png",
        "image/jpeg",
        "image/webp",
        "image/gif",
        "image/heic",
        "image/heif",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
    };
    char t[160];
    http_sniff_upload(f, t, sizeof t);
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp(t, ok[i]) == 0)
            return ok[i];
    return NULL;
}

/* A file chosen in the form. */
struct gfile {
    const struct upload *up;
    const char *name, *mime;
};

/* The files of the "berkas" field, checked: count, size, kind. A problem goes to errs["berkas"]
 * (a message already in the request's language). *out is in the arena. */
static void
files_read(struct req *rq, int64_t have, json_t *errs, struct gfile **out, size_t *n)
{
    *n = 0;
    *out = arena_alloc(rq->a, sizeof **out * (size_t)(rq->nfiles > 0 ? rq->nfiles : 1));
    for (int i = 0; i < rq->nfiles; i++) {
        const struct upload *f = &rq->files[i];
        if (strcmp(f->field, "berkas") != 0)
            continue;
        if (f->size == 0 && (!f->filename || !*f->filename))
            continue; /* the empty part a browser sends when no file was chosen */
        const char *name = file_name(rq, f->filename);
        const char *why = NULL;
        if (f->size == 0)
            why = subst(rq, N_("The file {name} is empty."), "{name}", name);
        else if (f->size > config_get()->evidence_max)
            why = replace(rq,
                          subst(rq, N_("The file {name} is larger than the limit of {size}."),
                                "{name}", name),
                          "{size}", size_text(rq, config_get()->evidence_max));
        const char *mime = why ? NULL : sniff(f);
        if (!why && !mime)
            why = subst(rq,
                        N_("zona keeps PDF files, photos and other images, and office documents. "
                           "The file {name} is of another kind."),
                        "{name}", name);
        if (why) {
            if (!json_object_get(errs, "berkas"))
                json_object_set_new(errs, "berkas", json_string(why));
            continue;
        }
        (*out)[(*n)++] = (struct gfile){f, name, mime};
    }
    if ((int64_t)*n + have > GRAT_FILES_MAX && !json_object_get(errs, "berkas"))
        json_object_set_new(errs, "berkas",
                            json_string(subst(rq, N_("Attach at most {n} files to one report."),
                                              "{n}", arena_printf(rq->a, "%d", GRAT_FILES_MAX))));
}

/* Stores the files as blobs of report id, in the caller's write transaction. */
static int
files_store(struct req *rq, int64_t id, const struct gfile *files, size_t n, int64_t now)
{
    for (size_t i = 0; i < n; i++) {
        struct blob_info b = {0};
        int rc = blob_put_fd(rq->db, files[i].up->fd, files[i].mime, &b);
        if (rc == 0)
            rc = grat_store_file_add(rq->db, id, b.id, files[i].name, files[i].mime, b.size,
                                     auth_me(rq), now);
        if (rc)
            return rc;
    }
    return 0;
}

/* What a refusal without a named field says (grat_read names one: a safety net). */
static const char *const unreadable =
    N_("The report could not be read. Check the fields and send it again.");

static const char *
form_get(void *arg, const char *name)
{
    return req_field(arg, name);
}

static int
grat_post_form(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    int rc = home_unit(rq, &u);
    if (rc)
        return rc;
    const struct gclock *k = clock_for(rq, u.id, u.tz);
    json_t *errs = json_object();
    arena_defer(rq->a, jdecref, errs);
    json_t *values = form_values(rq);
    bool again = files_sent(rq);
    if (req_field(rq, "periksa"))
        return form_page(rq, rs, 200, &u, k, values, errs, check_form(rq, k, values), again);

    struct grat_input in;
    int bad = grat_read(form_get, rq, k->today, &in, errs);
    if (bad && !json_object_size(errs))
        json_object_set_new(errs, "_form", json_string(unreadable));
    struct gfile *files;
    size_t nfiles;
    files_read(rq, 0, errs, &files, &nfiles);
    if (bad || json_object_size(errs)) {
        grat_input_clear(&in);
        return form_page(rq, rs, 422, &u, k, values, errs, check_form(rq, k, values), again);
    }
    json_decref(values);
    int64_t id = 0, now = clock_now_ms();
    if ((rc = db_begin_write(rq->db)) == 0) {
        rc = grat_store_insert(rq->db, u.id, u.tz, auth_me(rq), &in, now, &id);
        if (rc == 0)
            rc = files_store(rq, id, files, nfiles, now);
        if (rc == 0)
            rc = audit_request_take(
                rq, "grat.report", u.id, "grat_report", arena_printf(rq->a, "%lld", (long long)id),
                NULL, json_pack("{s:s,s:I}", "state", "diajukan", "files", (json_int_t)nfiles));
        if (rc == 0)
            rc = grat_figures_changed(rq->db, u.id, atoi(in.received_day), now);
        rc = db_commit_or_rollback(rq->db, rc);
    }
    grat_input_clear(&in);
    if (rc)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "/gratifikasi/%lld", (long long)id),
                          "grat_filed");
}

/* --- my reports ---------------------------------------------------------------------------- */

/* The deadline that matters now for a report, and its warnings, from where the reporter
 * stands: completing a returned report, or the KPK deadline while the UPG still holds it. */
static json_t *
current_due(struct req *rq, const struct gclock *k, json_t *r)
{
    const char *state = jstr(r, "state");
    if (strcmp(state, "dikembalikan") == 0 && *jstr(r, "lapse_due"))
        return due_item(rq, k, "lapse", N_("Complete the report by"), jstr(r, "lapse_due"), NULL,
                        NULL);
    if ((strcmp(state, "diajukan") == 0 || strcmp(state, "diverifikasi") == 0) &&
        *jstr(r, "kpk_due") && !*jstr(r, "forwarded_day"))
        return due_item(rq, k, "kpk", N_("The UPG forwards it to the KPK by"), jstr(r, "kpk_due"),
                        NULL, NULL);
    return NULL;
}

/* The declaration of the current period, for the pages that show it. */
static json_t *
nihil_model(struct req *rq, const struct gclock *k)
{
    if (!grat_nihil_enabled())
        return json_pack("{s:b}", "enabled", false);
    char period[GRAT_PERIOD_LEN];
    grat_period_of(k->today, period);
    return json_pack("{s:b,s:s,s:s,s:b,s:s}", "enabled", true, "period", period, "period_label",
                     period_label(rq, period), "declared",
                     grat_store_declared(rq->db, auth_me(rq), period), "href",
                     "/gratifikasi/nihil");
}

static int
grat_get_mine(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    int rc = home_unit(rq, &u);
    if (rc)
        return rc;
    const struct gclock *k = clock_for(rq, u.id, u.tz);
    json_t *list = json_array();
    arena_defer(rq->a, jdecref, list);
    if ((rc = grat_store_list(rq->db, "", auth_me(rq), "", 0, list)) != 0)
        return rc;
    json_t *rows = json_array(), *r;
    size_t i;
    int open = 0, returned = 0;
    json_array_foreach(list, i, r)
    {
        const char *state = jstr(r, "state");
        json_t *due = current_due(rq, k, r);
        bool is_returned = strcmp(state, "dikembalikan") == 0;
        returned += is_returned;
        open += strcmp(state, "selesai") != 0 && strcmp(state, "gugur") != 0;
        json_t *row = json_pack(
            "{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:b,s:b,s:o,s:b}", "id",
            (json_int_t)jnum(r, "id"), "href",
            arena_printf(rq->a, "/gratifikasi/%lld", (long long)jnum(r, "id")), "kind_label",
            kind_label(rq, jstr(r, "kind")), "giver_name", jstr(r, "giver_name"), "object_label",
            grat_label("object_types", jstr(r, "object_type"), rq->lang), "value",
            rupiah(rq, jnum(r, "value")), "received", frame_day(rq, jstr(r, "received_day")),
            "state_label", grat_state_label(state, rq->lang), "state_badge", state_badge(state),
            "missing", jstr(r, "missing"), "returned", is_returned, "reported",
            frame_day(rq, jstr(r, "reported_day")), "late", flag(r, "late"), "refusal",
            strcmp(jstr(r, "kind"), "penolakan") == 0, "due", due ? due : json_null(), "has_due",
            due != NULL);
        json_array_append_new(rows, row);
    }
    json_t *m =
        json_pack("{s:o,s:b,s:I,s:i,s:i,s:b,s:o,s:s}", "rows", rows, "has_rows",
                  json_array_size(rows) > 0, "count", (json_int_t)json_array_size(rows),
                  "open_count", open, "returned_count", returned, "has_returned", returned > 0,
                  "nihil", nihil_model(rq, k), "report_href", "/gratifikasi/lapor");
    rc = frame_render(rq, rs, 200, "grat/mine", N_("My gratification reports"), m);
    rs->no_store = true;
    return rc;
}

/* --- one report ---------------------------------------------------------------------------- */

/* The report of the URL for someone who may read it (404 for anyone else, as if it did not
 * exist), and its unit. The report is the arena's. */
static int
load_report(struct req *rq, struct org_unit *u, json_t **out)
{
    int64_t id = path_id(rq, "id");
    json_t *r = id ? grat_store_get(rq->db, id) : NULL;
    if (!r)
        return ZE_NOTFOUND;
    arena_defer(rq->a, jdecref, r);
    if (!grat_may_read(rq, jnum(r, "reporter_id"), jstr(r, "unit_path")))
        return ZE_NOTFOUND;
    if (org_unit_by_id(rq->db, jnum(r, "unit_id"), u) != 0)
        return ZE_NOTFOUND;
    *out = r;
    return 0;
}

/* What an event of grat_store_events says (actions: report, complete, state, deposit, lapse). */
static const char *
event_what(struct req *rq, json_t *e)
{
    const char *a = jstr(e, "action"), *from = jstr(e, "from"), *to = jstr(e, "to");
    if (strcmp(a, "report") == 0)
        return frame_t(rq, N_("Report filed"));
    if (strcmp(a, "complete") == 0)
        return frame_t(rq, N_("Completed by the reporter and sent again"));
    if (strcmp(a, "deposit") == 0)
        return frame_t(rq, N_("Object deposited with the UPG"));
    if (strcmp(a, "lapse") == 0)
        return frame_t(rq, N_("Not completed in time: the report is not followed up"));
    if (*from && *to && strcmp(from, to) != 0)
        return arena_printf(rq->a, "%s → %s", grat_state_label(from, rq->lang),
                            grat_state_label(to, rq->lang));
    if (*to)
        return grat_state_label(to, rq->lang);
    return a;
}

static json_t *
events_model(struct req *rq, json_t *events, const char *tz)
{
    json_t *l = json_array(), *e;
    size_t i;
    json_array_foreach(events, i, e)
    {
        json_t *when = frame_when(rq, (long long)jnum(e, "at"), tz);
        json_array_append_new(l, json_pack("{s:o,s:s,s:s,s:s}", "when", when, "actor",
                                           jstr(e, "actor"), "what", event_what(rq, e), "note",
                                           jstr(e, "note")));
    }
    return l;
}

static json_t *
files_model(struct req *rq, json_t *files, int64_t id, const char *tz)
{
    json_t *l = json_array(), *f;
    size_t i;
    json_array_foreach(files, i, f)
    {
        json_t *when = frame_when(rq, (long long)jnum(f, "at"), tz);
        json_array_append_new(l, json_pack("{s:I,s:s,s:s,s:s,s:o,s:s}", "id",
                                           (json_int_t)jnum(f, "id"), "name", jstr(f, "name"),
                                           "mime", jstr(f, "mime"), "size",
                                           size_text(rq, jnum(f, "size")), "at", when, "href",
                                           arena_printf(rq->a, "/gratifikasi/%lld/berkas/%lld",
                                                        (long long)id, (long long)jnum(f, "id"))));
    }
    return l;
}

/* The deadlines of a filed report and their warnings. */
static void
report_deadlines(struct req *rq, const struct gclock *k, json_t *r, json_t *deadlines,
                 json_t *warnings)
{
    const char *state = jstr(r, "state");
    bool closed = strcmp(state, "gugur") == 0;
    json_t *d = due_item(rq, k, "upg", N_("Report to the UPG by"), jstr(r, "upg_due"),
                         jstr(r, "reported_day"), N_("Reported on {date}"));
    if (d)
        json_array_append_new(deadlines, d);
    const char *fwd = jstr(r, "forwarded_day");
    bool waiting = !*fwd && !closed;
    if (*jstr(r, "forward_due") && (*fwd || waiting)) {
        d = due_item(rq, k, "forward", N_("The UPG forwards it to the KPK by"),
                     jstr(r, "forward_due"), fwd, N_("Forwarded to the KPK on {date}"));
        if (d)
            json_array_append_new(deadlines, d);
    }
    if (*fwd || waiting) {
        d = due_item(rq, k, "kpk", N_("Report to the KPK by"), jstr(r, "kpk_due"), fwd,
                     N_("Forwarded to the KPK on {date}"));
        if (d) {
            const char *s = jstr(d, "state");
            if (waiting && strcmp(state, "dikembalikan") != 0 && strcmp(s, "soon") == 0)
                warning_add(warnings,
                            subst(rq,
                                  N_("The deadline to report to the KPK, {date}, is near: the UPG "
                                     "must forward the report by then."),
                                  "{date}", jstr(d, "day")),
                            false);
            if (waiting && strcmp(s, "passed") == 0)
                warning_add(
                    warnings,
                    subst(rq,
                          N_("The deadline to report to the KPK passed on {date} before the "
                             "report was forwarded."),
                          "{date}", jstr(d, "day")),
                    true);
            json_array_append_new(deadlines, d);
        }
    }
    if (*jstr(r, "lapse_due") && (strcmp(state, "dikembalikan") == 0 || closed)) {
        d = due_item(rq, k, "lapse", N_("Complete the report by"), jstr(r, "lapse_due"), NULL,
                     NULL);
        if (d) {
            const char *s = jstr(d, "state");
            if (!closed && strcmp(s, "soon") == 0)
                warning_add(warnings,
                            subst(rq,
                                  N_("Complete the report by {date}: after that day an incomplete "
                                     "report is not followed up."),
                                  "{date}", jstr(d, "day")),
                            true);
            if (!closed && strcmp(s, "passed") == 0)
                warning_add(warnings,
                            subst(rq, N_("The time to complete the report ended on {date}."),
                                  "{date}", jstr(d, "day")),
                            true);
            json_array_append_new(deadlines, d);
        }
    }
}

/* The page of report r; form: the completing form's model (stolen; NULL builds it from the
 * report when the reader may complete it); upg_values, upg_errs: the UPG's step sent and its
 * problems (borrowed; NULL: none), for grat_upg_detail_keys. */
static int
detail_page(struct req *rq, struct resp *rs, int status, const struct org_unit *u, json_t *r,
            json_t *form, json_t *upg_values, json_t *upg_errs)
{
    int64_t id = jnum(r, "id");
    json_t *events = json_array(), *files = json_array();
    arena_defer(rq->a, jdecref, events);
    arena_defer(rq->a, jdecref, files);
    int rc = grat_store_events(rq->db, id, events);
    if (rc == 0)
        rc = grat_store_files(rq->db, id, files);
    if (rc) {
        json_decref(form);
        return rc;
    }
    const struct gclock *k = clock_for(rq, u->id, u->tz);
    const char *state = jstr(r, "state"), *unit_path = jstr(r, "unit_path");
    bool mine = jnum(r, "reporter_id") == auth_me(rq);
    bool can_complete = mine && strcmp(state, "dikembalikan") == 0;
    bool can_handle = grat_may_handle(rq, unit_path);
    json_t *deadlines = json_array(), *warnings = json_array();
    report_deadlines(rq, k, r, deadlines, warnings);
    const struct grat_rule *rule = grat_rule_by_id(jstr(r, "rule_id"));
    char lapse_text[GRAT_TEXT_MAX] = "", late_text[GRAT_TEXT_MAX] = "";
    if (rule && (strcmp(state, "dikembalikan") == 0 || strcmp(state, "gugur") == 0))
        grat_rule_text(rule, "incomplete_lapse", rq->lang, lapse_text, sizeof lapse_text);
    if (rule && flag(r, "late"))
        grat_rule_text(rule, "late_report", rq->lang, late_text, sizeof late_text);
    const char *outcome = jstr(r, "outcome"), *how = jstr(r, "finish_how");
    static const struct {
        const char *code, *label;
    } finishes[] = {{"diserahkan", N_("Handed over to the state")},
                    {"dikembalikan", N_("Returned to the recipient")},
                    {"dibayar", N_("Compensation paid: the recipient keeps the object")}};
    const char *how_label = how;
    for (size_t i = 0; i < sizeof finishes / sizeof finishes[0]; i++)
        if (strcmp(how, finishes[i].code) == 0)
            how_label = frame_t(rq, finishes[i].label);
    const char *nexts[2];
    size_t nn = grat_next_states(state, true, nexts);
    json_t *upg_next = json_array();
    for (size_t i = 0; i < nn; i++)
        json_array_append_new(upg_next, json_pack("{s:s,s:s}", "value", nexts[i], "label",
                                                  grat_state_label(nexts[i], rq->lang)));
    json_t *report = json_object();
    static const struct {
        const char *key, *column;
    } copied[] = {{"kind", "kind"},
                  {"giver_name", "giver_name"},
                  {"giver_institution", "giver_institution"},
                  {"giver_address", "giver_address"},
                  {"giver_relation", "giver_relation"},
                  {"event", "event"},
                  {"description", "description"},
                  {"place", "place"},
                  {"chronology", "chronology"},
                  {"reporter_name", "reporter_name"},
                  {"reporter_nip", "reporter_nip"},
                  {"reporter_position", "reporter_position"},
                  {"unit_name", "unit_name"},
                  {"unit_code", "unit_code"}};
    for (size_t i = 0; i < sizeof copied / sizeof copied[0]; i++)
        set_str(report, copied[i].key, jstr(r, copied[i].column));
    const char *kind = jstr(r, "kind");
    set_str(report, "kind_label", kind_label(rq, kind));
    set_str(report, "giver_kind_label", grat_label("givers", jstr(r, "giver_kind"), rq->lang));
    set_str(report, "event_kind_label", grat_label("events", jstr(r, "event_kind"), rq->lang));
    set_str(report, "object_label", grat_label("object_types", jstr(r, "object_type"), rq->lang));
    set_str(report, "kept_at_label", grat_label("kept_at", jstr(r, "kept_at"), rq->lang));
    set_str(report, "value", rupiah(rq, jnum(r, "value")));
    set_str(report, "received", frame_day(rq, jstr(r, "received_day")));
    json_object_set_new(report, "reported_at",
                        frame_when(rq, (long long)jnum(r, "reported_at"), u->tz));
    json_object_set_new(report, "refusal", json_boolean(strcmp(kind, "penolakan") == 0));
    json_object_set_new(report, "cash", json_boolean(flag(r, "cash")));
    json_object_set_new(report, "wants_compensation", json_boolean(flag(r, "wants_compensation")));
    json_object_set_new(report, "has_year_total", json_boolean(jnum(r, "year_total") > 0));
    set_str(report, "year_total", rupiah(rq, jnum(r, "year_total")));

    json_t *advice = json_object();
    json_object_set_new(advice, "must_report", json_boolean(flag(r, "must_report")));
    set_str(advice, "rule", rule ? rule->name : jstr(r, "rule_id"));
    set_str(advice, "rule_id", jstr(r, "rule_id"));
    set_str(advice, "text", jstr(r, "advice"));

    json_t *kpk = json_object();
    const char *fwd = jstr(r, "forwarded_day");
    json_object_set_new(kpk, "forwarded", json_boolean(*fwd != '\0'));
    set_str(kpk, "forwarded_day", frame_day(rq, fwd));
    set_str(kpk, "kpk_number", jstr(r, "kpk_number"));
    json_object_set_new(kpk, "decided", json_boolean(*outcome != '\0'));
    set_str(kpk, "outcome", outcome);
    set_str(kpk, "outcome_label", *outcome ? grat_label("outcomes", outcome, rq->lang) : "");
    set_str(kpk, "decree_number", jstr(r, "decree_number"));
    set_str(kpk, "decree_day", frame_day(rq, jstr(r, "decree_day")));
    json_object_set_new(kpk, "compensated",
                        json_boolean(strcmp(outcome, "milik_negara_kompensasi") == 0));
    set_str(kpk, "compensation", rupiah(rq, jnum(r, "compensation")));

    json_t *finish = json_object();
    json_object_set_new(finish, "finished", json_boolean(*how != '\0'));
    set_str(finish, "how", how);
    set_str(finish, "how_label", how_label);
    set_str(finish, "note", jstr(r, "finish_note"));
    json_object_set_new(finish, "closed_at",
                        frame_when(rq, (long long)jnum(r, "closed_at"), u->tz));

    json_t *deposit = json_object();
    json_object_set_new(deposit, "has_number", json_boolean(*jstr(r, "deposit_number") != '\0'));
    set_str(deposit, "number", jstr(r, "deposit_number"));
    json_object_set_new(deposit, "at", frame_when(rq, (long long)jnum(r, "deposited_at"), u->tz));

    if (!form && can_complete) {
        json_t *no_errs = json_object(); /* form_model borrows it */
        form = form_model(rq, k, report_values(rq, r), no_errs, NULL, false);
        json_decref(no_errs);
    }

    json_t *m = json_object();
    json_object_set_new(m, "id", json_integer(id));
    set_str(m, "state", state);
    set_str(m, "state_label", grat_state_label(state, rq->lang));
    set_str(m, "state_badge", state_badge(state));
    set_str(m, "missing", jstr(r, "missing"));
    json_object_set_new(m, "returned", json_boolean(strcmp(state, "dikembalikan") == 0));
    json_object_set_new(m, "late", json_boolean(flag(r, "late")));
    set_str(m, "unit_code", u->code);
    set_str(m, "unit_name", u->name);
    set_str(m, "unit_path", unit_path);
    json_object_set_new(m, "report", report);
    json_object_set_new(m, "advice", advice);
    json_object_set_new(m, "kpk", kpk);
    json_object_set_new(m, "finish", finish);
    json_object_set_new(m, "deposit", deposit);
    json_object_set_new(m, "deadlines", deadlines);
    json_object_set_new(m, "has_warnings", json_boolean(json_array_size(warnings) > 0));
    json_object_set_new(m, "warnings", warnings);
    set_str(m, "lapse_text", lapse_text);
    set_str(m, "late_text", late_text);
    json_object_set_new(m, "events", events_model(rq, events, u->tz));
    json_object_set_new(m, "has_files", json_boolean(json_array_size(files) > 0));
    json_object_set_new(m, "files", files_model(rq, files, id, u->tz));
    json_object_set_new(m, "mine", json_boolean(mine));
    json_object_set_new(m, "can_complete", json_boolean(can_complete));
    json_object_set_new(m, "form", form ? form : json_null());
    json_object_set_new(m, "can_handle", json_boolean(can_handle));
    json_object_set_new(m, "upg_next", upg_next);
    set_str(m, "csrf", csrf_token(rq, rs));
    set_str(m, "action", arena_printf(rq->a, "/gratifikasi/%lld", (long long)id));
    if (can_handle)
        grat_upg_detail_keys(rq, rs, m, r, upg_values, upg_errs);
    rc = frame_render(rq, rs, status, "grat/detail", N_("Gratification report"), m);
    rs->no_store = true;
    return rc;
}

static int
grat_get_detail(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    json_t *r;
    int rc = load_report(rq, &u, &r);
    if (rc)
        return rc;
    return detail_page(rq, rs, 200, &u, r, NULL, NULL, NULL);
}

int
grat_routes_detail(struct req *rq, struct resp *rs, int status, json_t *report, json_t *upg_values,
                   json_t *upg_errs)
{
    struct org_unit u;
    if (!report || org_unit_by_id(rq->db, jnum(report, "unit_id"), &u) != 0)
        return ZE_NOTFOUND;
    return detail_page(rq, rs, status, &u, report, NULL, upg_values, upg_errs);
}

/* POST /gratifikasi/:id: the reporter completes a returned report (aksi=lengkapi). */
static int
grat_post_detail(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    json_t *r;
    int rc = load_report(rq, &u, &r);
    if (rc)
        return rc;
    const char *aksi = req_field_trimmed(rq, "aksi");
    if (strcmp(aksi, "lengkapi") != 0) {
        rq->error_detail = N_("This form cannot be sent here.");
        return ZE_INVAL;
    }
    if (jnum(r, "reporter_id") != auth_me(rq) || strcmp(jstr(r, "state"), "dikembalikan") != 0) {
        rq->error_detail = N_("Only a report the UPG returned to you can be completed, and only by "
                              "you. This one is not waiting for that.");
        return ZE_CONFLICT;
    }
    const struct gclock *k = clock_for(rq, u.id, u.tz);
    json_t *errs = json_object();
    arena_defer(rq->a, jdecref, errs);
    json_t *values = form_values(rq);
    bool again = files_sent(rq);
    if (req_field(rq, "periksa")) {
        /* the report was made already: its own deadlines stand above the form, so the check
         * keeps to the advice */
        json_t *check = check_form(rq, k, values);
        json_object_set_new(check, "deadlines", json_array());
        json_object_set_new(check, "has_deadlines", json_false());
        json_object_set_new(check, "warnings", json_array());
        json_object_set_new(check, "has_warnings", json_false());
        json_object_set_new(check, "late_text", json_string(""));
        json_object_set_new(check, "unknown_year", json_null());
        json_object_set_new(check, "unknown_year_text", json_string(""));
        return detail_page(rq, rs, 200, &u, r, form_model(rq, k, values, errs, check, again), NULL,
                           NULL);
    }
    struct grat_input in;
    int bad = grat_read(form_get, rq, k->today, &in, errs);
    if (bad && !json_object_size(errs))
        json_object_set_new(errs, "_form", json_string(unreadable));
    json_t *have = json_array();
    arena_defer(rq->a, jdecref, have);
    int64_t id = jnum(r, "id");
    if ((rc = grat_store_files(rq->db, id, have)) != 0) {
        grat_input_clear(&in);
        json_decref(values);
        return rc;
    }
    struct gfile *files;
    size_t nfiles;
    files_read(rq, (int64_t)json_array_size(have), errs, &files, &nfiles);
    if (bad || json_object_size(errs)) {
        grat_input_clear(&in);
        return detail_page(rq, rs, 422, &u, r,
                           form_model(rq, k, values, errs, check_form(rq, k, values), again), NULL,
                           NULL);
    }
    json_decref(values);
    int64_t now = clock_now_ms();
    if ((rc = db_begin_write(rq->db)) == 0) {
        rc = grat_store_complete(rq->db, id, &in, auth_me(rq), now);
        if (rc == 0)
            rc = files_store(rq, id, files, nfiles, now);
        if (rc == 0)
            rc = audit_request_take(
                rq, "grat.complete", u.id, "grat_report",
                arena_printf(rq->a, "%lld", (long long)id),
                json_pack("{s:s}", "state", "dikembalikan"),
                json_pack("{s:s,s:I}", "state", "diajukan", "files", (json_int_t)nfiles));
        rc = db_commit_or_rollback(rq->db, rc);
    }
    grat_input_clear(&in);
    if (rc == ZE_CONFLICT)
        rq->error_detail = N_("The report changed in the meantime and is no longer waiting to be "
                              "completed. Open it again to see where it stands.");
    if (rc)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "/gratifikasi/%lld", (long long)id),
                          "grat_completed");
}

/* --- a supporting file --------------------------------------------------------------------- */

struct blob_reader {
    struct db *db;
    struct blob_info b;
};

static long
blob_reader_read(void *arg, uint64_t pos, char *buf, size_t max)
{
    struct blob_reader *r = arg;
    size_t got = 0;
    if (blob_read(r->db, &r->b, (int64_t)pos, buf, max, &got) != 0)
        return -1;
    return (long)got;
}

static int
grat_get_file(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    json_t *r;
    int rc = load_report(rq, &u, &r);
    if (rc)
        return rc;
    int64_t fid = path_id(rq, "file");
    json_t *files = json_array(), *f, *hit = NULL;
    arena_defer(rq->a, jdecref, files);
    if ((rc = grat_store_files(rq->db, jnum(r, "id"), files)) != 0)
        return rc;
    size_t i;
    json_array_foreach(files, i, f) if (jnum(f, "id") == fid) hit = f;
    if (!fid || !hit)
        return ZE_NOTFOUND;
    struct blob_reader *br = xcalloc(1, sizeof *br);
    br->db = rq->db;
    if (blob_stat_id(rq->db, jnum(hit, "blob_id"), &br->b) != 0) {
        free(br);
        return ZE_NOTFOUND;
    }
    const char *mime = br->b.mime;
    /* only kinds a browser shows without running anything open in place; the rest download */
    bool inline_ok = strcmp(mime, "application/pdf") == 0 || strcmp(mime, "image/png") == 0 ||
                     strcmp(mime, "image/jpeg") == 0 || strcmp(mime, "image/webp") == 0 ||
                     strcmp(mime, "image/gif") == 0;
    rs->status = 200;
    rs->content_type = arena_strdup(rq->a, inline_ok ? mime : "application/octet-stream");
    rs->kind = RESP_CALLBACK;
    rs->reader = blob_reader_read;
    rs->reader_arg = br;
    rs->reader_free = free;
    rs->total_len = br->b.size;
    rs->no_store = true;
    struct buf ascii = BUF_INIT, enc = BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)jstr(hit, "name"); *p; p++) {
        bool plain = *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' && *p != ';';
        buf_putc(&ascii, (char)(plain ? *p : '_'));
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p))
            buf_putc(&enc, (char)*p);
        else
            buf_printf(&enc, "%%%02X", *p);
    }
    resp_header(rs, "Content-Disposition",
                arena_printf(rq->a, "%s; filename=\"%s\"; filename*=UTF-8''%s",
                             inline_ok ? "inline" : "attachment", buf_cstr(&ascii),
                             buf_cstr(&enc)));
    buf_free(&ascii);
    buf_free(&enc);
    return 0;
}

/* --- laporan nihil ------------------------------------------------------------------------- */

static int
nihil_page(struct req *rq, struct resp *rs, int status, const struct org_unit *u,
           const struct gclock *k, json_t *errs, bool conflict)
{
    char period[GRAT_PERIOD_LEN];
    grat_period_of(k->today, period);
    const char *label = period_label(rq, period);
    /* the reports of gifts received in the period: the statement covers everything else */
    json_t *list = json_array(), *r;
    arena_defer(rq->a, jdecref, list);
    int rc = grat_store_list(rq->db, "", auth_me(rq), "", 0, list);
    if (rc)
        return rc;
    size_t i;
    int in_period = 0;
    json_array_foreach(list, i, r)
    {
        char p[GRAT_PERIOD_LEN];
        grat_period_of(jstr(r, "received_day"), p);
        in_period += strcmp(p, period) == 0;
    }
    json_t *list_errs;
    json_t *emsg = error_messages(rq, errs, &list_errs);
    bool declared = grat_store_declared(rq->db, auth_me(rq), period);
    json_t *m = json_pack(
        "{s:s,s:s,s:s,s:b,s:b,s:i,s:b,s:o,s:o,s:b,s:s,s:s,s:s,s:s}", "period", period,
        "period_label", label, "statement",
        subst(rq,
              N_("I declare that I received no gratification that must be reported in the period "
                 "{period}."),
              "{period}", label),
        "declared", declared, "conflict", conflict, "reports_in_period", in_period,
        "has_reports_in_period", in_period > 0, "errors", emsg, "error_list", list_errs,
        "has_errors", json_array_size(list_errs) > 0, "csrf", csrf_token(rq, rs), "action",
        "/gratifikasi/nihil", "unit_name", u->name, "report_href", "/gratifikasi/lapor");
    rc = frame_render(rq, rs, status, "grat/nihil", N_("Nil gratification declaration"), m);
    rs->no_store = true;
    return rc;
}

static int
grat_get_nihil(struct req *rq, struct resp *rs)
{
    if (!grat_nihil_enabled())
        return ZE_NOTFOUND;
    struct org_unit u;
    int rc = home_unit(rq, &u);
    if (rc)
        return rc;
    json_t *errs = json_object();
    arena_defer(rq->a, jdecref, errs);
    return nihil_page(rq, rs, 200, &u, clock_for(rq, u.id, u.tz), errs, false);
}

static int
grat_post_nihil(struct req *rq, struct resp *rs)
{
    if (!grat_nihil_enabled())
        return ZE_NOTFOUND;
    struct org_unit u;
    int rc = home_unit(rq, &u);
    if (rc)
        return rc;
    const struct gclock *k = clock_for(rq, u.id, u.tz);
    json_t *errs = json_object();
    arena_defer(rq->a, jdecref, errs);
    char period[GRAT_PERIOD_LEN];
    grat_period_of(k->today, period);
    if (strcmp(req_field_trimmed(rq, "setuju"), "1") != 0) {
        json_object_set_new(errs, "setuju", json_string(N_("Tick the box to make the statement.")));
        return nihil_page(rq, rs, 422, &u, k, errs, false);
    }
    if ((rc = db_begin_write(rq->db)) != 0)
        return rc;
    rc = grat_store_declare(rq->db, auth_me(rq), u.id, period, clock_now_ms());
    if (rc == 0)
        rc = audit_request_take(rq, "grat.declare", u.id, "grat_declaration",
                                arena_printf(rq->a, "%lld:%s", (long long)auth_me(rq), period),
                                NULL, json_pack("{s:s}", "period", period));
    if (rc == 0)
        rc = grat_figures_changed(rq->db, u.id, atoi(period), clock_now_ms());
    rc = db_commit_or_rollback(rq->db, rc);
    if (rc == ZE_CONFLICT) {
        json_object_set_new(
            errs, "setuju",
            json_string(N_("You have already made the declaration for this period. It is "
                           "recorded once; there is nothing more to do until the next period.")));
        return nihil_page(rq, rs, 409, &u, k, errs, true);
    }
    if (rc)
        return rc;
    return frame_redirect(rq, rs, "/gratifikasi/nihil", "grat_declared");
}

/* --- the API ------------------------------------------------------------------------------- */

static int
grat_api_advice(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    int rc = home_unit(rq, &u);
    if (rc)
        return rc;
    const struct gclock *k = clock_for(rq, u.id, u.tz);
    const char *q[5];
    const char *names[5] = {"received", "value", "giver", "event", "year_total"};
    for (int i = 0; i < 5; i++) {
        const char *v = req_query(rq, names[i]);
        q[i] = v ? v : "";
    }
    const char *cash = req_query(rq, "cash");
    struct check_args a = {q[0], q[1],
                           q[2], q[3],
                           q[4], cash && (strcmp(cash, "1") == 0 || strcmp(cash, "true") == 0)};
    json_t *errs = json_object();
    arena_defer(rq->a, jdecref, errs);
    if (!*a.received)
        json_object_set_new(
            errs, "received",
            json_string(N_("Enter the date the gift was received or refused, as YYYY-MM-DD.")));
    json_t *o = check_run(rq, k, &a, &api_names, errs);
    arena_defer(rq->a, jdecref, o);
    if (json_object_size(errs)) {
        json_t *fields = json_object(), *v;
        const char *first = NULL;
        for (int i = 0; i < 5; i++) {
            if (!(v = json_object_get(errs, names[i])))
                continue;
            const char *msg = frame_t(rq, json_string_value(v));
            first = first ? first : msg;
            json_object_set_new(fields, names[i], json_string(msg));
        }
        json_t *j = json_pack("{s:{s:s,s:s,s:o}}", "error", "code", "invalid", "message",
                              first ? first : "", "fields", fields);
        resp_json(rs, 422, j);
        json_decref(j);
        rs->no_store = true;
        return 0;
    }
    resp_json(rs, 200, o);
    rs->no_store = true;
    return 0;
}

/* --- the route table ------------------------------------------------------------------------- */

/* First match wins: the literal paths before /gratifikasi/:id. */
static const struct route grat_routes[] = {
    {HTTP_GET, "/gratifikasi/lapor", "session", NULL, grat_get_form, 0, NULL},
    {HTTP_POST, "/gratifikasi/lapor", "session", NULL, grat_post_form, ROUTE_UPLOAD, NULL},
    {HTTP_GET, "/gratifikasi/saya", "session", NULL, grat_get_mine, 0, NULL},
    {HTTP_GET, "/gratifikasi/nihil", "session", NULL, grat_get_nihil, 0, NULL},
    {HTTP_POST, "/gratifikasi/nihil", "session", NULL, grat_post_nihil, 0, NULL},
    {HTTP_GET, "/gratifikasi/:id", "session", NULL, grat_get_detail, 0, NULL},
    {HTTP_POST, "/gratifikasi/:id", "session", NULL, grat_post_detail, ROUTE_UPLOAD, NULL},
    {HTTP_GET, "/gratifikasi/:id/berkas/:file", "session", NULL, grat_get_file, 0, NULL},
    {HTTP_GET, GRAT_ADVICE_API, "session", NULL, grat_api_advice, 0, NULL},
};

void
grat_routes_register(void)
{
    router_add(grat_routes, sizeof grat_routes / sizeof grat_routes[0]);
}
