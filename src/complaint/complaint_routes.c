/* complaint_routes: public-service complaints on the web and in the API.
 *
 * Public (no account; every page that shows a tracking number or a complaint is no-store):
 *   GET  /pengaduan/lacak             the form to type a tracking number
 *   POST /pengaduan/lacak             nomor → the complaint's status for its complainant: subject,
 *                                     class, state, due dates and the answers (never an internal
 *                                     note); 404 for an unknown number, counted per client: 429
 *                                     with Retry-After once throttled. POST, so the number never
 *                                     lands in a URL or a log.
 *   POST /pengaduan/lacak/nilai       nomor, nilai (1..5), catatan: the rating of an answered
 *                                     complaint, once
 *   GET  /pengaduan/:code             the unit's form (kelas, layanan, judul, isi, anonim, rahasia,
 *                                     nama, kontak), its public statistics of the year (small
 *                                     cells hidden) and its non-confidential complaints with
 *                                     their answers
 *   POST /pengaduan/:code             a complaint (channel web) → 201 with the tracking number,
 *                                     shown once; or the form again (422) with every value kept
 *   POST /api/v1/complaints           {"unit", "kelas", "layanan", "judul", "isi", "anonim",
 *                                     "rahasia", "nama", "kontak"} → 201 {"tracking"}
 * Staff (signed in; the permission holds on the unit of the URL):
 *   GET  /pengaduan                   complaint.read    the complaints of the units in reach
 *                                                       (?lingkup, ?tahun, ?status = terbuka |
 *                                                       terlambat | a state), the year's exact
 *                                                       statistics and reform.5.ii.a's share
 *   GET  /pengaduan/:code/baru        complaint.intake  the officer's form (adds kanal and
 *                                                       tiket_lapor)
 *   POST /pengaduan/:code/baru        complaint.intake  → 303 to the complaint's page
 *   GET  /pengaduan/:code/:tracking   complaint.read    the complaint, due dates, every event;
 *                                                       the identity for complaint.handle only
 *   POST /pengaduan/:code/:tracking   complaint.handle  status, keparahan, catatan, jenis
 *                                                       (jawaban: public | catatan: internal)
 *                                                       → 303 back with a flash
 * Officers' changes are audited with ids, codes and states only: never a complaint's text or its
 * complainant's identity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/frame.h"
#include "complaint.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "db/db.h"
#include "http/http.h"
#include "org/cal.h"
#include "org/org.h"
#include "web/fmt.h"
#include "web/i18n.h"
#include "web/model.h"

enum { PUBLIC_LIST_MAX = 20 };

/* --- helpers ------------------------------------------------------------------------------ */

/* Characters (not bytes) of UTF-8 text. */
static size_t
chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* The day of ms, 'YYYY-MM-DD', in the time zone tz. */
static void
day_of(int64_t ms, const char *tz, char out[11])
{
    int64_t local = ms + (int64_t)fmt_zone_offset(fmt_zone_of(tz)) * 60000;
    cal_format_date(local / 86400000, out);
}

static void
today_in(const char *tz, char out[11])
{
    day_of(clock_now_ms(), tz, out);
}

/* Text of a note: line breaks and tabs, no other control characters, at most max characters.
 * NULL or the refusal. (Fields are valid UTF-8 once parsed.) */
static const char *
note_problem(const char *s, size_t max)
{
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t')
            return "complaint.bad_text";
    return chars(s) > max ? "complaint.too_long" : NULL;
}

/* "1 Oktober 2026" of 'YYYY-MM-DD'; "" for an empty day. */
static const char *
when_text(struct req *rq, int64_t ms, const char *tz)
{
    json_t *w = frame_when(rq, ms, tz);
    const char *s = arena_strdup(rq->a, json_string_value(w));
    json_decref(w);
    return s;
}

static int
year_query(struct req *rq)
{
    const char *p = req_query(rq, "tahun");
    int64_t y;
    if (p && parse_i64(p, strlen(p), &y) == 0 && y >= CAL_MIN_YEAR && y <= CAL_MAX_YEAR)
        return (int)y;
    return fmt_year_of(clock_now_ms());
}

static const char *
state_badge(const char *state)
{
    return strcmp(state, "baru") == 0       ? "info"
           : strcmp(state, "diproses") == 0 ? "warning"
           : strcmp(state, "selesai") == 0  ? "success"
                                            : "neutral";
}

static bool
is_open(const char *state)
{
    return strcmp(state, "baru") == 0 || strcmp(state, "diproses") == 0;
}

/* The states an officer may move a complaint to ("baru" is only where one starts). */
static const char *const officer_states[] = {"diproses", "selesai", "bukan_wewenang", "diarsipkan"};

static bool
officer_state_ok(const char *s)
{
    for (size_t i = 0; i < sizeof officer_states / sizeof officer_states[0]; i++)
        if (strcmp(officer_states[i], s) == 0)
            return true;
    return false;
}

/* What each class is for, in the public form's words. */
static const char *
class_hint(const char *code)
{
    return strcmp(code, "aspirasi") == 0    ? N_("An idea or a wish to make our service better.")
           : strcmp(code, "pengaduan") == 0 ? N_("Something went wrong in our service, or an "
                                                 "officer did not act as they should.")
           : strcmp(code, "permintaan_informasi") == 0
               ? N_("You ask for information or a document we hold.")
               : "";
}

/* [{value, label, selected}] of a settings list (classes, severities, channels), classes with a
 * hint; skip: a code left out. */
static json_t *
options(struct req *rq, const char *list, const char *selected, const char *skip)
{
    json_t *l = json_array(), *x;
    size_t i;
    json_array_foreach(json_object_get(complaint_settings(), list), i, x)
    {
        const char *code = jstr(x, "code");
        if (skip && strcmp(code, skip) == 0)
            continue;
        json_t *o = json_pack("{s:s,s:s,s:b}", "value", code, "label",
                              complaint_label(list, code, rq->lang), "selected",
                              selected && strcmp(selected, code) == 0);
        if (strcmp(list, "classes") == 0)
            json_object_set_new(o, "hint", json_string(frame_t(rq, class_hint(code))));
        json_array_append_new(l, o);
    }
    return l;
}

/* --- refusals ----------------------------------------------------------------------------- */

/* What complaint_read and these routes refuse, as messages. A too long text names its field's
 * limit. */
struct refusal {
    const char *why;
    const char *field; /* NULL: any */
    const char *msg;
};
static const struct refusal refusals[] = {
    {"complaint.class_required", NULL,
     N_("Choose whether this is a suggestion, a complaint or a request for information.")},
    {"complaint.subject_required", NULL, N_("Give your message a short title.")},
    {"complaint.body_required", NULL, N_("Describe what happened or what you ask for.")},
    {"complaint.bad_text", NULL, N_("The text contains characters that cannot be read.")},
    {"complaint.too_long", "judul", N_("Keep the title to at most 200 characters.")},
    {"complaint.too_long", "isi", N_("Keep the description to at most 10,000 characters.")},
    {"complaint.too_long", "layanan", N_("Keep the service's name to at most 120 characters.")},
    {"complaint.too_long", "nama", N_("Keep the name to at most 120 characters.")},
    {"complaint.too_long", "kontak", N_("Keep the contact to at most 120 characters.")},
    {"complaint.too_long", "tiket_lapor",
     N_("Keep the SP4N-LAPOR! ticket to at most 60 characters.")},
    {"complaint.too_long", "catatan", N_("Keep the text to at most 5,000 characters.")},
    {"complaint.too_long", NULL, N_("The text is too long.")},
    {"complaint.bad_option", NULL, N_("Choose one of the options listed.")},
    {"complaint.unit_required", NULL, N_("Name the unit the message is for (its code).")},
    {"complaint.nomor_required", NULL, N_("Enter the tracking number you received.")},
    {"complaint.nomor_invalid", NULL,
     N_("A tracking number looks like ADU-ACD3EF7G: ADU and eight letters and numbers.")},
    {"complaint.unknown", NULL,
     N_("No complaint has this tracking number. Check it against the number you noted when you "
        "sent the complaint.")},
    {"complaint.throttled", NULL,
     N_("Too many numbers that do not exist have been tried from this connection. Please wait a "
        "moment and try again.")},
    {"complaint.too_many", NULL,
     N_("Many messages have come from this connection in a short time. Please wait a few minutes "
        "and send it again; what you wrote is kept below.")},
    {"complaint.rating_required", NULL, N_("Choose a rating from 1 to 5.")},
    {"complaint.rated", NULL,
     N_("This answer has already been rated, or the complaint has not been answered yet.")},
    {"complaint.nothing", NULL,
     N_("Choose a new state or severity, or write an answer or a note.")},
    {"complaint.answer_first", NULL,
     N_("Write the answer the complainant will read before closing the complaint.")},
};

static const char *
refusal_msg(struct req *rq, const char *field, const char *why)
{
    for (size_t i = 0; why && i < sizeof refusals / sizeof refusals[0]; i++)
        if (strcmp(refusals[i].why, why) == 0 &&
            (!refusals[i].field || (field && strcmp(refusals[i].field, field) == 0)))
            return frame_t(rq, refusals[i].msg);
    return frame_t(rq, N_("The text is not valid."));
}

/* {field: why} as {field: message} and [{field, message}] in form order. */
static json_t *
error_messages(struct req *rq, json_t *errs, json_t **list)
{
    static const char *const order[] = {"_form",   "unit",  "kelas",  "kanal",     "tiket_lapor",
                                        "layanan", "judul", "isi",    "nama",      "kontak",
                                        "nomor",   "nilai", "status", "keparahan", "catatan"};
    json_t *m = json_object();
    *list = json_array();
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *why = json_string_value(json_object_get(errs, order[i]));
        if (!why)
            continue;
        const char *msg = refusal_msg(rq, order[i], why);
        json_object_set_new(m, order[i][0] == '_' ? "form" : order[i], json_string(msg));
        json_array_append_new(*list,
                              json_pack("{s:s,s:s}", "field",
                                        order[i][0] == '_' ? "catatan" : order[i], "message", msg));
    }
    return m;
}

/* --- statistics ---------------------------------------------------------------------------- */

/* An integer grouped for people, or a hidden cell ("<5") as it is. */
static const char *
count_text(struct req *rq, json_t *v)
{
    if (json_is_string(v))
        return arena_strdup(rq->a, json_string_value(v));
    struct buf b = BUF_INIT;
    fmt_int(&b, rq->lang, json_is_integer(v) ? (int64_t)json_integer_value(v) : 0);
    const char *s = arena_strdup(rq->a, b.p);
    buf_free(&b);
    return s;
}

/* [{label, n}] of a breakdown {code: n}; list names the settings list of the labels (NULL: the
 * code is the label, "-" is "Not stated"). */
static json_t *
breakdown(struct req *rq, json_t *by, const char *list)
{
    json_t *rows = json_array(), *v;
    const char *key;
    json_object_foreach(by, key, v)
    {
        const char *label = strcmp(key, "-") == 0 ? frame_t(rq, N_("Not stated"))
                            : list                ? complaint_label(list, key, rq->lang)
                                                  : key;
        json_array_append_new(rows, json_pack("{s:s,s:s}", "label", label, "n", count_text(rq, v)));
    }
    return rows;
}

/* The view of complaint_store_stats: counts as text, the share handled (reform.5.ii.a) as a
 * percentage, and the three inputs of the LKE's question. */
static json_t *
stats_model(struct req *rq, json_t *s, bool public)
{
    json_t *share = json_object_get(s, "handled_share");
    json_t *total = json_object_get(s, "total");
    /* a share next to a hidden count would tell the count */
    bool has_share = json_is_number(share) && json_is_integer(total) &&
                     json_is_integer(json_object_get(s, "handled"));
    json_t *median = json_object_get(s, "median_days");
    json_t *rating = json_object_get(s, "rating_mean");
    json_t *by_state = json_object_get(s, "by_state");
    json_t *m =
        json_pack("{s:s,s:s,s:s,s:b,s:s,s:b,s:s,s:b,s:s,s:o,s:o,s:o,s:b,s:b}", "total",
                  count_text(rq, total), "handled", count_text(rq, json_object_get(s, "handled")),
                  "on_time", count_text(rq, json_object_get(s, "on_time")), "has_share", has_share,
                  "share", has_share ? frame_decimal(rq, json_number_value(share) * 100.0, 1) : "",
                  "has_median", json_is_number(median), "median",
                  json_is_number(median) ? frame_decimal(rq, json_number_value(median), 0) : "",
                  "has_rating", json_is_number(rating), "rating",
                  json_is_number(rating) ? frame_decimal(rq, json_number_value(rating), 1) : "",
                  "by_class", breakdown(rq, json_object_get(s, "by_class"), "classes"), "by_state",
                  breakdown(rq, by_state, "states"), "by_service",
                  breakdown(rq, json_object_get(s, "by_service"), NULL), "none",
                  json_is_integer(total) && json_integer_value(total) == 0, "public", public);
    if (!public) {
        /* the LKE's inputs: owed (received), in process, completed */
        json_int_t in_process = json_integer_value(json_object_get(by_state, "baru")) +
                                json_integer_value(json_object_get(by_state, "diproses"));
        json_object_set_new(m, "in_process", json_integer(in_process));
    }
    return m;
}

/* --- the complainant's pages --------------------------------------------------------------- */

static const char *
event_label(struct req *rq, json_t *e, bool for_public)
{
    const char *a = jstr(e, "action");
    if (strcmp(a, "received") == 0)
        return frame_t(rq, N_("Complaint received"));
    if (strcmp(a, "state") == 0)
        return arena_printf(rq->a, "%s: %s", frame_t(rq, N_("State")),
                            complaint_label("states", jstr(e, "to"), rq->lang));
    if (strcmp(a, "answer") == 0)
        return frame_t(rq, N_("Answer"));
    if (strcmp(a, "rating") == 0)
        return for_public ? frame_t(rq, N_("You rated the answer"))
                          : frame_t(rq, N_("The complainant rated the answer"));
    if (strcmp(a, "note") == 0)
        return frame_t(rq, N_("Internal note"));
    if (strcmp(a, "severity") == 0)
        return frame_t(rq, N_("Severity changed"));
    return a;
}

static json_t *
events_model(struct req *rq, json_t *events, const char *tz, bool for_public)
{
    json_t *l = json_array(), *e;
    size_t i;
    json_array_foreach(events, i, e)
    {
        const char *note = jstr(e, "note");
        json_t *row =
            json_pack("{s:s,s:s,s:s,s:b,s:b}", "when", when_text(rq, jnum(e, "at"), tz), "what",
                      event_label(rq, e, for_public), "note", note, "has_note", *note != '\0',
                      "public", json_is_true(json_object_get(e, "public")));
        if (!for_public)
            json_object_set_new(row, "actor", json_string(jstr(e, "actor")));
        json_array_append_new(l, row);
    }
    return l;
}

/* The form to type a tracking number; why: the refusal shown (NULL: none). */
static int
track_page(struct req *rq, struct resp *rs, int status, const char *typed, const char *why)
{
    if (status == 404 && rq->wants_json) {
        http_error_json(rs, 404, "not_found", refusal_msg(rq, "nomor", why));
        return 0;
    }
    json_t *m = json_pack("{s:s,s:s,s:s,s:b}", "csrf", csrf_token(rq, rs), "nomor", typed, "error",
                          why ? refusal_msg(rq, "nomor", why) : "", "has_error", why != NULL);
    int rc = frame_render(rq, rs, status, "complaint/track", N_("Follow up a complaint"), m);
    rs->no_store = true;
    return rc;
}

static int
complaint_get_track(struct req *rq, struct resp *rs)
{
    return track_page(rq, rs, 200, "", NULL);
}

/* The complaint of the typed number (field nomor) for its complainant, or NULL when this
 * answered the request itself (*rc 0: the form again with 422, 404 or 429) or failed (*rc). Only
 * lookups of well-formed numbers that do not exist count toward the client's throttle. */
static json_t *
lookup_or_reply(struct req *rq, struct resp *rs, int *rc)
{
    const char *typed = req_field_trimmed(rq, "nomor");
    char t[COMPLAINT_TRACKING_LEN + 1];
    *rc = 0;
    if (!*typed) {
        *rc = track_page(rq, rs, 422, typed, "complaint.nomor_required");
        return NULL;
    }
    if (complaint_tracking_normalise(typed, t) != 0) {
        *rc = track_page(rq, rs, 422, typed, "complaint.nomor_invalid");
        return NULL;
    }
    int64_t now = clock_now_ms();
    const char *key = arena_printf(rq->a, "complaint:%s", rq->client_addr ? rq->client_addr : "");
    /* only a miss writes (the counter), so lookups that find their complaint take no write lock */
    int64_t wait = throttle_wait_key(rq->db, key, now);
    json_t *c = wait > 0 ? NULL : complaint_store_get(rq->db, t);
    if (wait <= 0 && !c) {
        if ((*rc = db_begin_write(rq->db)) != 0)
            return NULL;
        *rc = db_commit_or_rollback(rq->db, throttle_fail_key(rq->db, key, now));
        if (*rc)
            return NULL;
    }
    if (wait > 0) {
        rq->retry_after_s = (wait + 999) / 1000;
        resp_header(rs, "Retry-After", arena_printf(rq->a, "%lld", (long long)rq->retry_after_s));
        *rc = track_page(rq, rs, 429, typed, "complaint.throttled");
        return NULL;
    }
    if (!c) {
        *rc = track_page(rq, rs, 404, typed, "complaint.unknown");
        return NULL;
    }
    arena_defer(rq->a, jdecref, c);
    return c;
}

/* The status page of complaint c for its complainant. values/errs: the rating form sent (NULL:
 * none); thanks: a rating was just recorded. */
static int
status_page(struct req *rq, struct resp *rs, int status, json_t *c, json_t *values, json_t *errs,
            bool thanks)
{
    struct org_unit u;
    if (org_unit_by_id(rq->db, jnum(c, "unit_id"), &u) != 0)
        return ZE_NOTFOUND;
    json_t *events = json_array();
    int rc = complaint_store_events(rq->db, jnum(c, "id"), true, events);
    if (rc) {
        json_decref(events);
        return rc;
    }
    const char *state = jstr(c, "state");
    int64_t rating = jnum(c, "rating");
    json_t *none = json_object(), *list = NULL;
    json_t *emsg = error_messages(rq, errs ? errs : none, &list);
    json_decref(none);
    const char *sent = values ? jstr(values, "nilai") : "";
    json_t *stars = json_array();
    static const char *const labels[] = {N_("Very poor"), N_("Poor"), N_("Fair"), N_("Good"),
                                         N_("Very good")};
    for (int v = 1; v <= 5; v++) {
        char val[2] = {(char)('0' + v), '\0'};
        json_array_append_new(stars, json_pack("{s:s,s:s,s:b}", "value", val, "label",
                                               frame_t(rq, labels[v - 1]), "checked",
                                               strcmp(sent, val) == 0));
    }
    json_t *m = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:b,s:b,s:I,s:s,s:s,s:o,s:o,s:o,s:b,"
        "s:b,s:b,s:s}",
        "tracking", jstr(c, "tracking"), "unit_name", u.name, "unit_code", u.code, "subject",
        jstr(c, "subject"), "class_label", complaint_label("classes", jstr(c, "class"), rq->lang),
        "state", state, "state_label", complaint_label("states", state, rq->lang), "state_badge",
        state_badge(state), "received", when_text(rq, jnum(c, "received_at"), u.tz), "first_due",
        frame_day(rq, jstr(c, "first_response_due")), "resolve_due",
        frame_day(rq, jstr(c, "resolve_due")), "resolved",
        when_text(rq, jnum(c, "resolved_at"), u.tz), "events", events_model(rq, events, u.tz, true),
        "open", is_open(state), "can_rate", strcmp(state, "selesai") == 0 && rating == 0, "rating",
        (json_int_t)rating, "rating_note", jstr(c, "rating_note"), "csrf", csrf_token(rq, rs),
        "stars", stars, "errors", emsg, "error_list", list, "has_errors", json_array_size(list) > 0,
        "rated", rating > 0, "thanks", thanks, "note", values ? jstr(values, "catatan") : "");
    json_decref(events);
    rc = frame_render(rq, rs, status, "complaint/status", N_("Your complaint"), m);
    rs->no_store = true;
    return rc;
}

static int
complaint_post_track(struct req *rq, struct resp *rs)
{
    int rc;
    json_t *c = lookup_or_reply(rq, rs, &rc);
    if (!c)
        return rc;
    return status_page(rq, rs, 200, c, NULL, NULL, false);
}

static int
complaint_post_rate(struct req *rq, struct resp *rs)
{
    int rc;
    json_t *c = lookup_or_reply(rq, rs, &rc);
    if (!c)
        return rc;
    json_t *values = json_pack("{s:s,s:s}", "nilai", req_field_trimmed(rq, "nilai"), "catatan",
                               req_field_trimmed(rq, "catatan"));
    arena_defer(rq->a, jdecref, values);
    json_t *errs = json_object();
    arena_defer(rq->a, jdecref, errs);
    const char *nv = jstr(values, "nilai"), *note = jstr(values, "catatan");
    int64_t rating;
    if (parse_i64(nv, strlen(nv), &rating) != 0 || rating < 1 || rating > 5)
        json_object_set_new(errs, "nilai", json_string("complaint.rating_required"));
    const char *why = note_problem(note, COMPLAINT_NOTE_MAX);
    if (why)
        json_object_set_new(errs, "catatan", json_string(why));
    if (json_object_size(errs))
        return status_page(rq, rs, 422, c, values, errs, false);
    if ((rc = db_begin_write(rq->db)) != 0)
        return rc;
    rc = complaint_store_rate(rq->db, jnum(c, "id"), (int)rating, note, clock_now_ms());
    rc = db_commit_or_rollback(rq->db, rc);
    if (rc == ZE_CONFLICT) {
        json_object_set_new(errs, "nilai", json_string("complaint.rated"));
        return status_page(rq, rs, 409, c, values, errs, false);
    }
    if (rc)
        return rc;
    json_t *now = complaint_store_get(rq->db, jstr(c, "tracking"));
    if (!now)
        return ZE_NOTFOUND;
    arena_defer(rq->a, jdecref, now);
    return status_page(rq, rs, 200, now, NULL, NULL, true);
}

/* --- the unit's public page and the intake ------------------------------------------------- */

/* The form's fields as a getter for complaint_read. */
static const char *
form_get(void *arg, const char *name)
{
    return req_field(arg, name);
}

/* What was sent, to refill the form. */
static json_t *
form_values(struct req *rq)
{
    static const char *const text[] = {"kelas", "layanan", "judul", "isi",
                                       "nama",  "kontak",  "kanal", "tiket_lapor"};
    json_t *v = json_object();
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        json_object_set_new(v, text[i], json_string(req_field_trimmed(rq, text[i])));
    json_object_set_new(v, "anonim", json_boolean(req_field(rq, "anonim") != NULL));
    json_object_set_new(v, "rahasia", json_boolean(req_field(rq, "rahasia") != NULL));
    return v;
}

/* The unit of the URL, when it takes complaints. */
static int
unit_of(struct req *rq, struct org_unit *u)
{
    if (org_unit_by_code(rq->db, req_param(rq, "code"), u) != 0 || !u->active)
        return ZE_NOTFOUND;
    return 0;
}

/* The fields of the form, shared by the public page and the intake: values (stolen), errs
 * ({field: why}, borrowed) into m. */
static void
form_model(struct req *rq, struct resp *rs, json_t *m, json_t *values, json_t *errs)
{
    json_t *list;
    json_t *emsg = error_messages(rq, errs, &list);
    json_object_set_new(m, "classes", options(rq, "classes", jstr(values, "kelas"), NULL));
    json_object_set_new(m, "channels", options(rq, "channels", jstr(values, "kanal"), "web"));
    json_object_set_new(m, "values", values);
    json_object_set_new(m, "errors", emsg);
    json_object_set_new(m, "error_list", list);
    json_object_set_new(m, "has_errors", json_boolean(json_array_size(list) > 0));
    json_object_set_new(m, "csrf", json_string(csrf_token(rq, rs)));
    json_object_set_new(m, "subject_max", json_integer(COMPLAINT_SUBJECT_MAX));
    json_object_set_new(m, "body_max", json_integer(COMPLAINT_BODY_MAX));
}

static int
unit_page(struct req *rq, struct resp *rs, int status, const struct org_unit *u, json_t *values,
          json_t *errs)
{
    int year = year_query(rq);
    json_t *stats = NULL, *pub = json_array();
    int rc = complaint_store_stats(rq->db, u->path, year, true, &stats);
    if (rc == 0)
        rc = complaint_store_public(rq->db, u->id, PUBLIC_LIST_MAX, pub);
    if (rc) {
        json_decref(stats);
        json_decref(pub);
        json_decref(values);
        return rc;
    }
    json_t *rows = json_array(), *p;
    size_t i;
    json_array_foreach(pub, i, p)
    {
        /* never the key of the complainant's page, nor anything beyond what the list gives */
        const char *answer = jstr(p, "answer");
        json_array_append_new(
            rows, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:b}", "subject", jstr(p, "subject"),
                            "class_label", complaint_label("classes", jstr(p, "class"), rq->lang),
                            "state_label", complaint_label("states", jstr(p, "state"), rq->lang),
                            "state_badge", state_badge(jstr(p, "state")), "received",
                            frame_day(rq, jstr(p, "received_day")), "answer", answer, "has_answer",
                            *answer != '\0'));
    }
    json_decref(pub);
    json_t *m =
        json_pack("{s:s,s:s,s:s,s:i,s:o,s:o,s:b,s:i,s:i}", "unit_code", u->code, "unit_name",
                  u->name, "action", arena_printf(rq->a, "/pengaduan/%s", u->code), "year", year,
                  "stats", stats_model(rq, stats, true), "complaints", rows, "has_complaints",
                  json_array_size(rows) > 0, "first_days", complaint_first_response_days(),
                  "public_max", PUBLIC_LIST_MAX);
    json_decref(stats);
    /* the answer's range of working days over the severities */
    int lo = 0, hi = 0;
    json_t *x;
    json_array_foreach(json_object_get(complaint_settings(), "severities"), i, x)
    {
        int d = complaint_severity_days(jstr(x, "code"));
        lo = lo == 0 || d < lo ? d : lo;
        hi = d > hi ? d : hi;
    }
    json_object_set_new(m, "answer_min", json_integer(lo));
    json_object_set_new(m, "answer_max", json_integer(hi));
    form_model(rq, rs, m, values, errs);
    rc = frame_render(rq, rs, status, "complaint/unit", N_("Complaints and suggestions"), m);
    rs->no_store = true;
    return rc;
}

static int
complaint_get_unit(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    int rc = unit_of(rq, &u);
    if (rc)
        return rc;
    json_t *errs = json_object();
    json_t *values =
        json_pack("{s:s,s:b,s:b}", "kelas", "pengaduan", "anonim", false, "rahasia", false);
    rc = unit_page(rq, rs, 200, &u, values, errs);
    json_decref(errs);
    return rc;
}

/* Writes the complaint read into in for unit u, durably (its number is shown once). */
static int
insert(struct req *rq, const struct org_unit *u, const struct complaint_input *in,
       int64_t recorded_by, char tracking[COMPLAINT_TRACKING_LEN + 1], int64_t *id)
{
    int rc = db_durable(rq->db, true);
    if (rc == 0 && (rc = db_begin_write(rq->db)) == 0) {
        rc = complaint_store_insert(rq->db, u->id, u->tz, in, recorded_by, clock_now_ms(), tracking,
                                    id);
        if (rc == 0 && recorded_by)
            rc = audit_request_take(rq, "complaint.intake", u->id, "complaint",
                                    arena_printf(rq->a, "%lld", (long long)*id), NULL,
                                    json_pack("{s:s,s:s,s:s}", "state", "baru", "class", in->klass,
                                              "channel", in->channel));
        rc = db_commit_or_rollback(rq->db, rc);
    }
    db_durable(rq->db, false);
    return rc;
}

/* The page after a complaint was sent: its number, once. */
static int
received_page(struct req *rq, struct resp *rs, const struct org_unit *u, const char *tracking,
              const struct complaint_input *in)
{
    json_t *c = complaint_store_get(rq->db, tracking);
    /* a robot caught by the honeypot gets the same page for a number never stored */
    json_t *m = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:i}", "tracking", tracking, "unit_name", u->name,
        "unit_code", u->code, "first_due", c ? frame_day(rq, jstr(c, "first_response_due")) : "",
        "resolve_due", c ? frame_day(rq, jstr(c, "resolve_due")) : "", "anonymous", in->anonymous,
        "confidential", in->confidential, "first_days", complaint_first_response_days());
    json_decref(c);
    int rc = frame_render(rq, rs, 201, "complaint/received", N_("Complaint received"), m);
    rs->no_store = true;
    return rc;
}

static int
complaint_post_unit(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    int rc = unit_of(rq, &u);
    if (rc)
        return rc;
    json_t *errs = json_object();
    arena_defer(rq->a, jdecref, errs);
    struct complaint_input in;
    if (complaint_read(form_get, rq, false, &in, errs) != 0) {
        complaint_input_clear(&in);
        return unit_page(rq, rs, 422, &u, form_values(rq), errs);
    }
    char tracking[COMPLAINT_TRACKING_LEN + 1];
    /* the honeypot, a field people never see: a robot is thanked and nothing is kept */
    const char *trap = req_field(rq, "situs");
    if (trap && *trap) {
        complaint_new_tracking(tracking);
        rc = received_page(rq, rs, &u, tracking, &in);
        complaint_input_clear(&in);
        return rc;
    }
    /* a flood from one connection waits (the platform's throttle: twenty an hour free, then
     * doubling waits); no address is stored, only a keyed hash of the day */
    int64_t now = clock_now_ms();
    const char *key =
        arena_printf(rq->a, "complaint-send:%s", rq->client_addr ? rq->client_addr : "");
    int64_t wait = throttle_flood_wait(rq->db, key, now);
    if (wait > 0) {
        complaint_input_clear(&in);
        rq->retry_after_s = (wait + 999) / 1000;
        resp_header(rs, "Retry-After", arena_printf(rq->a, "%lld", (long long)rq->retry_after_s));
        json_object_set_new(errs, "_form", json_string("complaint.too_many"));
        return unit_page(rq, rs, 429, &u, form_values(rq), errs);
    }
    int64_t id;
    rc = insert(rq, &u, &in, 0, tracking, &id);
    if (rc == 0 && (rc = db_begin_write(rq->db)) == 0)
        rc = db_commit_or_rollback(rq->db, throttle_flood_note(rq->db, key, now));
    if (rc == 0)
        rc = received_page(rq, rs, &u, tracking, &in);
    complaint_input_clear(&in);
    return rc;
}

static int
intake_page(struct req *rq, struct resp *rs, int status, const struct org_unit *u, json_t *values,
            json_t *errs)
{
    json_t *m = json_pack("{s:s,s:s,s:s}", "unit_code", u->code, "unit_name", u->name, "action",
                          arena_printf(rq->a, "/pengaduan/%s/baru", u->code));
    form_model(rq, rs, m, values, errs);
    return frame_render(rq, rs, status, "complaint/intake", N_("Record a complaint"), m);
}

static int
complaint_get_intake(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    int rc = unit_of(rq, &u);
    if (rc)
        return rc;
    json_t *errs = json_object();
    rc = intake_page(rq, rs, 200, &u,
                     json_pack("{s:s,s:s,s:b,s:b}", "kelas", "pengaduan", "kanal", "loket",
                               "anonim", false, "rahasia", false),
                     errs);
    json_decref(errs);
    return rc;
}

static int
complaint_post_intake(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    int rc = unit_of(rq, &u);
    if (rc)
        return rc;
    json_t *errs = json_object();
    arena_defer(rq->a, jdecref, errs);
    struct complaint_input in;
    int bad = complaint_read(form_get, rq, true, &in, errs);
    /* "web" is what the public sends themselves: an officer records the channel it came by */
    if (!json_object_get(errs, "kanal") && strcmp(in.channel, "web") == 0)
        json_object_set_new(errs, "kanal", json_string("complaint.bad_option"));
    if (bad || json_object_size(errs)) {
        complaint_input_clear(&in);
        return intake_page(rq, rs, 422, &u, form_values(rq), errs);
    }
    char tracking[COMPLAINT_TRACKING_LEN + 1];
    int64_t id;
    rc = insert(rq, &u, &in, auth_me(rq), tracking, &id);
    complaint_input_clear(&in);
    if (rc)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "/pengaduan/%s/%lld", u.code, (long long)id),
                          "complaint_recorded");
}

/* --- the API ------------------------------------------------------------------------------ */

struct json_get {
    struct req *rq;
    json_t *body;
};

static const char *
json_get_field(void *arg, const char *name)
{
    struct json_get *g = arg;
    json_t *v = json_object_get(g->body, name);
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_true(v))
        return "true";
    if (!v || json_is_null(v) || json_is_false(v))
        return NULL;
    if (json_is_integer(v))
        return arena_printf(g->rq->a, "%lld", (long long)json_integer_value(v));
    return "\x01"; /* a list or an object: refused by the reader as unreadable text */
}

static int
api_refuse(struct req *rq, struct resp *rs, int status, json_t *errs)
{
    json_t *list;
    json_t *fields = error_messages(rq, errs, &list);
    const char *first = json_string_value(json_object_get(json_array_get(list, 0), "message"));
    json_t *j = json_pack("{s:{s:s,s:s,s:o}}", "error", "code", "invalid", "message",
                          first ? first : "", "fields", fields);
    json_decref(list);
    resp_json(rs, status, j);
    json_decref(j);
    return 0;
}

static int
complaint_api_post(struct req *rq, struct resp *rs)
{
    if (!json_is_object(rq->json)) {
        http_error_json(rs, 400, "invalid", frame_t(rq, N_("Send a JSON object.")));
        return 0;
    }
    json_t *errs = json_object();
    arena_defer(rq->a, jdecref, errs);
    struct json_get g = {rq, rq->json};
    const char *code = json_get_field(&g, "unit");
    struct complaint_input in;
    int bad = complaint_read(json_get_field, &g, false, &in, errs);
    if (!code || !*code)
        json_object_set_new(errs, "unit", json_string("complaint.unit_required"));
    if (bad || json_object_size(errs)) {
        complaint_input_clear(&in);
        return api_refuse(rq, rs, 422, errs);
    }
    struct org_unit u;
    if (org_unit_by_code(rq->db, code, &u) != 0 || !u.active) {
        complaint_input_clear(&in);
        http_error_json(rs, 404, "not_found", frame_t(rq, N_("No unit has this code.")));
        return 0;
    }
    int64_t now = clock_now_ms();
    const char *key =
        arena_printf(rq->a, "complaint-send:%s", rq->client_addr ? rq->client_addr : "");
    int64_t wait = throttle_flood_wait(rq->db, key, now);
    if (wait > 0) {
        complaint_input_clear(&in);
        resp_header(rs, "Retry-After", arena_printf(rq->a, "%lld", (long long)(wait + 999) / 1000));
        http_error_json(rs, 429, "too_many", refusal_msg(rq, NULL, "complaint.too_many"));
        return 0;
    }
    char tracking[COMPLAINT_TRACKING_LEN + 1];
    int64_t id;
    int rc = insert(rq, &u, &in, 0, tracking, &id);
    complaint_input_clear(&in);
    if (rc == 0 && (rc = db_begin_write(rq->db)) == 0)
        rc = db_commit_or_rollback(rq->db, throttle_flood_note(rq->db, key, now));
    if (rc)
        return rc;
    json_t *j = json_pack("{s:s}", "tracking", tracking);
    resp_json(rs, 201, j);
    json_decref(j);
    return 0;
}

/* --- staff pages --------------------------------------------------------------------------- */

static int
complaint_get_list(struct req *rq, struct resp *rs)
{
    struct org_unit top;
    json_t *roots;
    int rc = org_scope(rq, "complaint.read", &top, &roots);
    if (rc) {
        json_decref(roots);
        return rc;
    }
    int year = year_query(rq);
    const char *status = req_query(rq, "status");
    if (!status || (strcmp(status, "terbuka") != 0 && strcmp(status, "terlambat") != 0 &&
                    strcmp(status, "baru") != 0 && !officer_state_ok(status)))
        status = "";
    char today[11];
    today_in(top.tz, today);
    json_t *list = json_array(), *stats = NULL;
    if ((rc = complaint_store_list(rq->db, top.path, status, year, today, list)) == 0)
        rc = complaint_store_stats(rq->db, top.path, year, false, &stats);
    if (rc) {
        json_decref(list);
        json_decref(roots);
        return rc;
    }
    /* the rows name no complainant: the list is for complaint.read */
    json_t *rows = json_array(), *c;
    size_t i;
    json_array_foreach(list, i, c)
    {
        const char *state = jstr(c, "state");
        json_array_append_new(
            rows, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:b,s:s}", "tracking",
                            jstr(c, "tracking"), "unit_code", jstr(c, "unit_code"), "unit_name",
                            jstr(c, "unit_name"), "class_label",
                            complaint_label("classes", jstr(c, "class"), rq->lang), "channel_label",
                            complaint_label("channels", jstr(c, "channel"), rq->lang), "subject",
                            jstr(c, "subject"), "state_label",
                            complaint_label("states", state, rq->lang), "state_badge",
                            state_badge(state), "received", frame_day(rq, jstr(c, "received_day")),
                            "resolve_due", frame_day(rq, jstr(c, "resolve_due")), "overdue",
                            json_is_true(json_object_get(c, "overdue")), "anonymous",
                            json_is_true(json_object_get(c, "anonymous")), "confidential",
                            json_is_true(json_object_get(c, "confidential")), "href",
                            arena_printf(rq->a, "/pengaduan/%s/%lld", jstr(c, "unit_code"),
                                         (long long)jnum(c, "id"))));
    }
    json_decref(list);
    json_t *statuses = json_array();
    static const struct {
        const char *value, *label;
    } filters[] = {{"terbuka", N_("Open (new or being handled)")}, {"terlambat", N_("Overdue")}};
    for (size_t k = 0; k < 2; k++)
        json_array_append_new(statuses,
                              json_pack("{s:s,s:s,s:b}", "value", filters[k].value, "label",
                                        frame_t(rq, filters[k].label), "selected",
                                        strcmp(status, filters[k].value) == 0));
    static const char *const all_states[] = {"baru", "diproses", "selesai", "bukan_wewenang",
                                             "diarsipkan"};
    for (size_t k = 0; k < 5; k++)
        json_array_append_new(statuses,
                              json_pack("{s:s,s:s,s:b}", "value", all_states[k], "label",
                                        complaint_label("states", all_states[k], rq->lang),
                                        "selected", strcmp(status, all_states[k]) == 0));
    /* where this person may record a complaint from another channel */
    json_t *intake = json_array();
    struct auth_ctx *ctx = auth_ctx(rq);
    for (size_t g = 0; ctx && g < ctx->ngrants; g++) {
        if (!acl_role_has(ctx->grants[g].role, "complaint.intake"))
            continue;
        bool seen = false;
        json_t *x;
        size_t k;
        json_array_foreach(intake, k, x) seen |=
            strcmp(jstr(x, "code"), ctx->grants[g].unit_code) == 0;
        if (!seen)
            json_array_append_new(
                intake,
                json_pack("{s:s,s:s,s:s}", "code", ctx->grants[g].unit_code, "name",
                          ctx->grants[g].unit_name, "href",
                          arena_printf(rq->a, "/pengaduan/%s/baru", ctx->grants[g].unit_code)));
    }
    size_t n = json_array_size(rows);
    json_t *m = json_pack(
        "{s:o,s:i,s:i,s:i,s:s,s:s,s:o,s:b,s:o,s:s,s:I,s:b,s:o,s:o,s:b,s:s}", "rows", rows, "year",
        year, "prev_year", year - 1, "next_year", year + 1, "scope_code", top.code, "scope_name",
        top.name, "scopes", roots, "many_scopes", json_array_size(roots) > 1, "statuses", statuses,
        "status", status, "count", (json_int_t)n, "empty", n == 0, "stats",
        stats_model(rq, stats, false), "intake", intake, "has_intake", json_array_size(intake) > 0,
        "public_href", arena_printf(rq->a, "/pengaduan/%s", top.code));
    json_decref(stats);
    rc = frame_render(rq, rs, 200, "complaint/list", N_("Complaints"), m);
    rs->no_store = true;
    return rc;
}

/* The complaint of the URL (:tracking: its id, or its tracking number), which must belong to the
 * unit of the URL (:code). The complaint is the arena's. */
static int
load_staff(struct req *rq, struct org_unit *u, json_t **out)
{
    if (org_unit_by_code(rq->db, req_param(rq, "code"), u) != 0)
        return ZE_NOTFOUND;
    /* the UI links by id, so that no tracking number reaches a log; a number typed into the
     * address by an officer still finds its complaint */
    const char *p = req_param(rq, "tracking");
    char t[COMPLAINT_TRACKING_LEN + 1];
    int64_t id;
    json_t *c = NULL;
    if (p && *p >= '0' && *p <= '9' && parse_i64(p, strlen(p), &id) == 0)
        c = complaint_store_get_id(rq->db, id);
    else if (complaint_tracking_normalise(p, t) == 0)
        c = complaint_store_get(rq->db, t);
    if (!c)
        return ZE_NOTFOUND;
    arena_defer(rq->a, jdecref, c);
    if (jnum(c, "unit_id") != u->id)
        return ZE_NOTFOUND;
    *out = c;
    return 0;
}

/* Working days from today to a due day ('YYYY-MM-DD') on the unit's calendar: *left when it is
 * still ahead (0: due today), *late when it has passed. */
static void
working_days(const struct cal *cal, const struct cal_rule *r, const char *today, const char *due,
             int64_t *left, int64_t *late)
{
    int64_t t, d;
    *left = *late = 0;
    if (cal_parse_date(today, &t) != 0 || cal_parse_date(due, &d) != 0)
        return;
    if (d >= t)
        *left = cal_count(cal, t, d, r, NULL);
    else
        *late = cal_count(cal, d, t, r, NULL);
}

static int
detail_page(struct req *rq, struct resp *rs, int status, const struct org_unit *u, json_t *c,
            json_t *values, json_t *errs)
{
    json_t *events = json_array();
    int rc = complaint_store_events(rq->db, jnum(c, "id"), false, events);
    if (rc) {
        json_decref(events);
        return rc;
    }
    const char *state = jstr(c, "state"), *severity = jstr(c, "severity");
    bool open = is_open(state);
    bool anonymous = json_is_true(json_object_get(c, "anonymous"));
    bool may_handle = auth_may(rq, "complaint.handle", u->path);
    char today[11];
    today_in(u->tz, today);
    struct cal cal;
    struct cal_rule rule = {false, false};
    cal_init(&cal);
    bool has_cal =
        cal_store_load(rq->db, &cal) == 0 &&
        cal_store_rule(rq->db, u->id,
                       json_is_true(json_object_get(complaint_settings(), "cuti_bersama_works")),
                       &rule) == 0;
    int64_t first_left = 0, first_late = 0, resolve_left = 0, resolve_late = 0;
    const char *first_due = jstr(c, "first_response_due"), *resolve_due = jstr(c, "resolve_due");
    bool responded = jnum(c, "first_response_at") != 0;
    if (has_cal) {
        working_days(&cal, &rule, today, first_due, &first_left, &first_late);
        working_days(&cal, &rule, today, resolve_due, &resolve_left, &resolve_late);
    }
    cal_free(&cal);
    bool first_overdue = open && !responded && strcmp(today, first_due) > 0;
    bool resolve_overdue = open && strcmp(today, resolve_due) > 0;
    int64_t resolved_at = jnum(c, "resolved_at");
    char resolved_day[11] = "";
    if (resolved_at)
        day_of(resolved_at, u->tz, resolved_day);
    json_t *identity;
    if (anonymous)
        identity = json_pack("{s:b}", "anonymous", true);
    else if (may_handle)
        identity = json_pack("{s:s,s:s,s:b}", "name", jstr(c, "reporter_name"), "contact",
                             jstr(c, "reporter_contact"), "shown", true);
    else
        identity = json_pack("{s:b}", "hidden", true);
    json_t *list;
    json_t *emsg = error_messages(rq, errs, &list);
    json_t *states = json_array(), *sevs;
    for (size_t i = 0; i < sizeof officer_states / sizeof officer_states[0]; i++)
        json_array_append_new(
            states, json_pack("{s:s,s:s,s:b,s:b}", "value", officer_states[i], "label",
                              complaint_label("states", officer_states[i], rq->lang), "selected",
                              strcmp(jstr(values, "status"), officer_states[i]) == 0, "current",
                              strcmp(state, officer_states[i]) == 0));
    sevs = options(rq, "severities", jstr(values, "keparahan"), NULL);
    size_t k;
    json_t *x;
    json_array_foreach(sevs, k, x)
        json_object_set_new(x, "current", json_boolean(strcmp(jstr(x, "value"), severity) == 0));
    int64_t rating = jnum(c, "rating");
    const char *lapor = jstr(c, "lapor_ticket"), *service = jstr(c, "service");
    json_t *m = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:b,s:o}",
        "unit_code", u->code, "unit_name", u->name, "tracking", jstr(c, "tracking"), "subject",
        jstr(c, "subject"), "body", jstr(c, "body"), "class_label",
        complaint_label("classes", jstr(c, "class"), rq->lang), "severity", severity,
        "severity_label", complaint_label("severities", severity, rq->lang), "channel_label",
        complaint_label("channels", jstr(c, "channel"), rq->lang), "service", service, "lapor",
        lapor, "state", state, "state_label", complaint_label("states", state, rq->lang),
        "state_badge", state_badge(state), "received", when_text(rq, jnum(c, "received_at"), u->tz),
        "open", open, "anonymous", anonymous, "confidential",
        json_is_true(json_object_get(c, "confidential")), "identity", identity);
    json_t *due = json_pack(
        "{s:s,s:b,s:s,s:I,s:I,s:b,s:s,s:I,s:I,s:b,s:s,s:b,s:b}", "first_due",
        frame_day(rq, first_due), "first_overdue", first_overdue, "first_response",
        when_text(rq, jnum(c, "first_response_at"), u->tz), "first_left", (json_int_t)first_left,
        "first_late", (json_int_t)first_late, "first_pending", open && !responded && !first_overdue,
        "resolve_due", frame_day(rq, resolve_due), "resolve_left", (json_int_t)resolve_left,
        "resolve_late", (json_int_t)resolve_late, "resolve_overdue", resolve_overdue, "resolved",
        when_text(rq, resolved_at, u->tz), "resolve_pending", open && !resolve_overdue,
        "resolved_on_time", resolved_at && strcmp(resolved_day, resolve_due) <= 0);
    json_object_set_new(due, "first_today", json_boolean(strcmp(today, first_due) == 0));
    json_object_set_new(due, "resolve_today", json_boolean(strcmp(today, resolve_due) == 0));
    json_object_set_new(m, "due", due);
    json_object_set_new(m, "has_service", json_boolean(*service != '\0'));
    json_object_set_new(m, "has_lapor", json_boolean(*lapor != '\0'));
    json_object_set_new(m, "events", events_model(rq, events, u->tz, false));
    json_object_set_new(m, "has_rating", json_boolean(rating > 0));
    json_object_set_new(m, "rating", json_integer(rating));
    json_object_set_new(m, "rating_note", json_string(jstr(c, "rating_note")));
    json_object_set_new(m, "can_handle", json_boolean(may_handle));
    json_object_set_new(m, "states", states);
    json_object_set_new(m, "severities", sevs);
    json_object_set_new(m, "values", json_incref(values));
    json_object_set_new(m, "errors", emsg);
    json_object_set_new(m, "error_list", list);
    json_object_set_new(m, "has_errors", json_boolean(json_array_size(list) > 0));
    json_object_set_new(m, "answer_public", json_boolean(strcmp(jstr(values, "jenis"), "catatan")));
    json_object_set_new(m, "csrf", json_string(csrf_token(rq, rs)));
    json_object_set_new(
        m, "action",
        json_string(arena_printf(rq->a, "/pengaduan/%s/%lld", u->code, (long long)jnum(c, "id"))));
    json_decref(events);
    rc = frame_render(rq, rs, status, "complaint/detail", N_("Complaint"), m);
    rs->no_store = true;
    return rc;
}

static int
complaint_get_detail(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    json_t *c;
    int rc = load_staff(rq, &u, &c);
    if (rc)
        return rc;
    json_t *values = json_pack("{s:s}", "jenis", "jawaban"), *errs = json_object();
    rc = detail_page(rq, rs, 200, &u, c, values, errs);
    json_decref(values);
    json_decref(errs);
    return rc;
}

/* True when the complainant has been given an answer (a public event with text). */
static bool
has_public_answer(struct req *rq, int64_t id)
{
    json_t *events = json_array(), *e;
    size_t i;
    bool yes = false;
    if (complaint_store_events(rq->db, id, true, events) == 0)
        json_array_foreach(events, i, e) yes |= *jstr(e, "note") != '\0';
    json_decref(events);
    return yes;
}

static int
complaint_post_detail(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    json_t *c;
    int rc = load_staff(rq, &u, &c);
    if (rc)
        return rc;
    json_t *values =
        json_pack("{s:s,s:s,s:s,s:s}", "status", req_field_trimmed(rq, "status"), "keparahan",
                  req_field_trimmed(rq, "keparahan"), "catatan", req_field_trimmed(rq, "catatan"),
                  "jenis", req_field_trimmed(rq, "jenis"));
    arena_defer(rq->a, jdecref, values);
    json_t *errs = json_object();
    arena_defer(rq->a, jdecref, errs);
    const char *state = jstr(values, "status"), *sev = jstr(values, "keparahan");
    const char *note = jstr(values, "catatan");
    bool public_note = strcmp(jstr(values, "jenis"), "catatan") != 0;
    const char *cur_state = jstr(c, "state"), *cur_sev = jstr(c, "severity");
    if (*state && !officer_state_ok(state))
        json_object_set_new(errs, "status", json_string("complaint.bad_option"));
    if (*sev && !complaint_severity_ok(sev))
        json_object_set_new(errs, "keparahan", json_string("complaint.bad_option"));
    const char *why = note_problem(note, COMPLAINT_NOTE_MAX);
    if (why)
        json_object_set_new(errs, "catatan", json_string(why));
    const char *to = *state && strcmp(state, cur_state) != 0 ? state : NULL;
    const char *new_sev = *sev && strcmp(sev, cur_sev) != 0 ? sev : NULL;
    bool answering = public_note && *note;
    if (!json_object_size(errs) && !to && !new_sev && !*note)
        json_object_set_new(errs, "_form", json_string("complaint.nothing"));
    /* a complaint closed as answered or not ours tells the complainant why */
    if (!json_object_size(errs) && to &&
        (strcmp(to, "selesai") == 0 || strcmp(to, "bukan_wewenang") == 0) && !answering &&
        !has_public_answer(rq, jnum(c, "id")))
        json_object_set_new(errs, "catatan", json_string("complaint.answer_first"));
    if (json_object_size(errs))
        return detail_page(rq, rs, 422, &u, c, values, errs);
    int64_t id = jnum(c, "id"), me = auth_me(rq), now = clock_now_ms();
    if ((rc = db_begin_write(rq->db)) != 0)
        return rc;
    if (answering || !*note) {
        rc = complaint_store_update(rq->db, id, to, new_sev, *note ? note : NULL, true, me, now);
    } else {
        /* an internal note stays internal: the change of state (public, so the complainant
         * sees the complaint move) is an event of its own */
        if (to || new_sev)
            rc = complaint_store_update(rq->db, id, to, new_sev, NULL, false, me, now);
        if (rc == 0)
            rc = complaint_store_update(rq->db, id, NULL, NULL, note, false, me, now);
    }
    if (rc == 0)
        rc = audit_request_take(rq, "complaint.update", u.id, "complaint",
                                arena_printf(rq->a, "%lld", (long long)id),
                                json_pack("{s:s,s:s}", "state", cur_state, "severity", cur_sev),
                                json_pack("{s:s,s:s,s:b,s:b}", "state", to ? to : cur_state,
                                          "severity", new_sev ? new_sev : cur_sev, "answer",
                                          answering, "note", !public_note && *note));
    rc = db_commit_or_rollback(rq->db, rc);
    if (rc)
        return rc;
    return frame_redirect(
        rq, rs, arena_printf(rq->a, "/pengaduan/%s/%lld", u.code, (long long)jnum(c, "id")),
        answering ? "complaint_answered"
        : *note   ? "complaint_noted"
                  : "complaint_updated");
}

/* --- the route table ------------------------------------------------------------------------- */

/* First match wins: /pengaduan/lacak... before /pengaduan/:code, and /pengaduan/:code/baru
 * before /pengaduan/:code/:tracking. */
static const struct route complaint_routes[] = {
    {HTTP_GET, "/pengaduan", "complaint.read", NULL, complaint_get_list, 0, NULL},
    {HTTP_GET, "/pengaduan/lacak", NULL, NULL, complaint_get_track, ROUTE_PUBLIC, NULL},
    {HTTP_POST, "/pengaduan/lacak", NULL, NULL, complaint_post_track, ROUTE_PUBLIC, NULL},
    {HTTP_POST, "/pengaduan/lacak/nilai", NULL, NULL, complaint_post_rate, ROUTE_PUBLIC, NULL},
    {HTTP_GET, "/pengaduan/:code", NULL, NULL, complaint_get_unit, ROUTE_PUBLIC, NULL},
    {HTTP_POST, "/pengaduan/:code", NULL, NULL, complaint_post_unit, ROUTE_PUBLIC, NULL},
    {HTTP_GET, "/pengaduan/:code/baru", "complaint.intake", org_resolve_unit, complaint_get_intake,
     0, NULL},
    {HTTP_POST, "/pengaduan/:code/baru", "complaint.intake", org_resolve_unit,
     complaint_post_intake, 0, NULL},
    {HTTP_GET, "/pengaduan/:code/:tracking", "complaint.read", org_resolve_unit,
     complaint_get_detail, 0, NULL},
    {HTTP_POST, "/pengaduan/:code/:tracking", "complaint.handle", org_resolve_unit,
     complaint_post_detail, 0, NULL},
    {HTTP_POST, "/api/v1/complaints", NULL, NULL, complaint_api_post, ROUTE_PUBLIC, NULL},
};

void
complaint_routes_register(void)
{
    router_add(complaint_routes, sizeof complaint_routes / sizeof complaint_routes[0]);
}
