/* wbs_routes: the officers' and custodians' side of the whistleblowing channel.
 *
 * Every route is ROUTE_PRIVATE (no client address in the log, no-store, no-referrer):
 *   GET  /wbs                              wbs.handle    the inbox: reports of the units in reach
 *                                                        (?status = terbuka | a state), their
 *                                                        clocks, the officer's key state and the
 *                                                        year's exact statistics. With the key
 *                                                        open it first shares report keys with
 *                                                        officers appointed later and runs the
 *                                                        daily retention sweep.
 *   GET  /wbs/kunci                        wbs.key       one's own key: its state, a recovery key
 *                                                        waiting to be shown (once), the unlock
 *                                                        form when the key is locked
 *   POST /wbs/kunci                        wbs.key       password + recovery key → unlocked, and
 *                                                        the new recovery key shown once;
 *                                                        wrong attempts throttled per account
 *   GET  /wbs/kasus/:id                    wbs.handle    one report, decrypted for the officer
 *   POST /wbs/kasus/:id                    wbs.handle    aksi = status | pesan | identitas |
 *                                                        perpanjang → 303 back with a flash
 *   POST /wbs/kasus/:id/berkas/:file       wbs.handle    a file, decrypted, as a download
 *   GET  /wbs/kasus/:id/pelimpahan         wbs.handle    the printable referral document: never
 *                                                        the identity, a note or a message
 *   GET  /wbs/identitas                    wbs.identity  the identity custodian's queue
 *   POST /wbs/identitas/:req               wbs.identity  putusan = setuju | tolak
 *   GET  /wbs/kustodian-kunci              wbs.escrow    the key custodian's list of people
 *   POST /wbs/kustodian-kunci/:user        wbs.escrow    restores an officer's key from escrow:
 *                                                        a new recovery key to hand over
 *
 * A report outside the officer's units answers 404, as if it did not exist. Audit entries hold
 * ids, states and counts only: never a report's text, a message, a reason or an identity.
 * Decrypted texts live in the view model of one request and in nothing that is logged. */
#include <sys/mman.h>

#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "auth/frame.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/log.h"
#include "core/xmem.h"
#include "db/db.h"
#include "http/http.h"
#include "org/cal.h"
#include "org/org.h"
#include "wbs.h"
#include "web/fmt.h"
#include "web/i18n.h"
#include "web/model.h"

/* --- helpers ---------------------------------------------------------------------------------- */

static void
put_s(json_t *o, const char *key, const char *v)
{
    json_object_set_new(o, key, json_string(v ? v : ""));
}

static void
put_b(json_t *o, const char *key, bool v)
{
    json_object_set_new(o, key, json_boolean(v));
}

static void
put_i(json_t *o, const char *key, int64_t v)
{
    json_object_set_new(o, key, json_integer((json_int_t)v));
}

/* Characters (not bytes) of UTF-8 text. */
static size_t
chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* A typed text: line breaks and tabs, no other control characters, at most max characters.
 * NULL or the refusal (a message id). Fields are valid UTF-8 once parsed. */
static const char *
text_problem(const char *s, size_t max)
{
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t')
            return N_("The text contains characters that cannot be read.");
    return chars(s) > max ? N_("The text is too long.") : NULL;
}

/* The day of ms, 'YYYY-MM-DD', in the time zone tz. */
static void
day_of(int64_t ms, const char *tz, char out[11])
{
    int64_t local = ms + (int64_t)fmt_zone_offset(fmt_zone_of(tz)) * 60000;
    cal_format_date(local / 86400000, out);
}

/* Calendar days from day a to day b ('YYYY-MM-DD'); false when either is not a date. */
static bool
days_between(const char *a, const char *b, int64_t *n)
{
    int64_t x, y;
    if (cal_parse_date(a, &x) != 0 || cal_parse_date(b, &y) != 0)
        return false;
    *n = y - x;
    return true;
}

static const char *
when_text(struct req *rq, int64_t ms, const char *tz)
{
    json_t *w = frame_when(rq, ms, tz);
    const char *s = arena_strdup(rq->a, json_string_value(w));
    json_decref(w);
    return s;
}

static const char *
day_text(struct req *rq, const char *ymd)
{
    return ymd && *ymd ? frame_day(rq, ymd) : "";
}

static const char *
id_text(struct req *rq, int64_t id)
{
    return arena_printf(rq->a, "%lld", (long long)id);
}

/* The id of a URL parameter; 0 when it is not a positive integer. */
static int64_t
param_id(struct req *rq, const char *name)
{
    const char *p = req_param(rq, name);
    int64_t id;
    if (!p || parse_i64(p, strlen(p), &id) != 0 || id <= 0)
        return 0;
    return id;
}

/* The time zone of a unit, for its days; WIB when unknown. */
static const char *
unit_tz(struct req *rq, int64_t unit_id)
{
    struct org_unit u;
    if (org_unit_by_id(rq->db, unit_id, &u) != 0)
        return "WIB";
    return arena_strdup(rq->a, u.tz);
}

static const char *
state_badge(const char *state)
{
    return strcmp(state, "diterima") == 0                                          ? "info"
           : strcmp(state, "ditelaah") == 0 || strcmp(state, "diinvestigasi") == 0 ? "warning"
           : strcmp(state, "dilimpahkan") == 0                                     ? "info"
           : strcmp(state, "selesai") == 0                                         ? "success"
                                                                                   : "neutral";
}

/* An integer grouped for people, or a hidden cell ("<5") as it is. */
static const char *
count_text(struct req *rq, json_t *v)
{
    if (json_is_string(v))
        return arena_strdup(rq->a, json_string_value(v));
    struct buf b = BUF_INIT;
    fmt_int(&b, rq->lang, json_is_integer(v) ? (int64_t)json_integer_value(v) : 0);
    const char *s = arena_strdup(rq->a, b.p ? b.p : "0");
    buf_free(&b);
    return s;
}

/* "12 KB", "3,4 MB" for a size in bytes. */
static const char *
size_text(struct req *rq, int64_t bytes)
{
    if (bytes < 1024)
        return arena_printf(rq->a, "%lld B", (long long)bytes);
    if (bytes < (int64_t)1024 * 1024)
        return arena_printf(rq->a, "%s KB", frame_decimal(rq, (double)bytes / 1024.0, 0));
    return arena_printf(rq->a, "%s MB", frame_decimal(rq, (double)bytes / 1048576.0, 1));
}

/* The person's key state as {open, locked, none} for partials/wbs_officer_key. */
static json_t *
key_model(struct req *rq)
{
    enum wbs_key_state s = wbs_key_state(rq);
    return json_pack("{s:b,s:b,s:b}", "open", s == WBS_KEY_OPEN, "locked", s == WBS_KEY_LOCKED,
                     "none", s == WBS_KEY_NONE);
}

/* {field: message id} as {field: message} and [{field, message}] in the form's order. */
static json_t *
error_messages(struct req *rq, json_t *errs, json_t **list)
{
    static const char *const order[] = {"_form",  "status",   "pelimpahan",      "catatan", "pesan",
                                        "alasan", "password", "kunci_pemulihan", "putusan"};
    json_t *m = json_object();
    *list = json_array();
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *why = json_string_value(json_object_get(errs, order[i]));
        if (!why)
            continue;
        const char *msg = frame_t(rq, why);
        const char *field = order[i][0] == '_' ? "form" : order[i];
        json_object_set_new(m, field, json_string(msg));
        json_array_append_new(*list, json_pack("{s:s,s:s}", "field", field, "message", msg));
    }
    return m;
}

/* The errors of a form into model m: errors, error_list, has_errors. */
static void
put_errors(struct req *rq, json_t *m, json_t *errs)
{
    json_t *list;
    json_object_set_new(m, "errors", error_messages(rq, errs, &list));
    put_b(m, "has_errors", json_array_size(list) > 0);
    json_object_set_new(m, "error_list", list);
}

/* A throttled form: Retry-After on the response. */
static void
retry_after(struct req *rq, struct resp *rs, int64_t wait_ms)
{
    rq->retry_after_s = (wait_ms + 999) / 1000;
    resp_header(rs, "Retry-After", arena_printf(rq->a, "%lld", (long long)rq->retry_after_s));
}

/* --- statistics ------------------------------------------------------------------------------- */

/* [{label, n}] of a breakdown {code: n}; list names the settings list of the labels. */
static json_t *
breakdown(struct req *rq, json_t *by, const char *list)
{
    json_t *rows = json_array(), *v;
    const char *key;
    json_object_foreach(by, key, v)
    {
        json_array_append_new(rows, json_pack("{s:s,s:s}", "label", wbs_label(list, key, rq->lang),
                                              "n", count_text(rq, v)));
    }
    return rows;
}

/* The view of wbs_store_stats for the unit at the top of a scope. */
static json_t *
stats_model(struct req *rq, json_t *s)
{
    json_t *total = json_object_get(s, "total"), *median = json_object_get(s, "median_days");
    double md = json_is_number(median) ? json_number_value(median) : 0;
    return json_pack("{s:s,s:s,s:b,s:s,s:o,s:o,s:b}", "total", count_text(rq, total), "closed",
                     count_text(rq, json_object_get(s, "closed")), "has_median",
                     json_is_number(median), "median",
                     json_is_number(median) ? frame_decimal(rq, md, md == floor(md) ? 0 : 1) : "",
                     "by_category", breakdown(rq, json_object_get(s, "by_category"), "categories"),
                     "by_state", breakdown(rq, json_object_get(s, "by_state"), "states"), "none",
                     json_is_integer(total) && json_integer_value(total) == 0);
}

/* --- the inbox -------------------------------------------------------------------------------- */

/* With the officer's key open: report keys shared with officers appointed after a report came
 * in, and the daily retention sweep, in one transaction with their audit entries. A failure is
 * logged and the inbox still shows. */
static void
inbox_housekeeping(struct req *rq)
{
    struct wbs_keypair kp;
    if (wbs_my_key(rq, &kp) != 0) {
        wbs_keypair_wipe(&kp);
        return;
    }
    int64_t me = auth_me(rq), now = clock_now_ms();
    int swept = 0;
    int rc = db_begin_write(rq->db);
    if (rc == 0) {
        int shared = wbs_case_share(rq->db, me, &kp);
        rc = shared < 0 ? shared : 0;
        if (rc == 0 && shared > 0)
            rc = audit_request_take(rq, "wbs.keys_shared", 0, "user", id_text(rq, me), NULL,
                                    json_pack("{s:i}", "count", shared));
        /* the sweep audits each deletion itself (wbs.report_deleted) */
        if (rc == 0)
            rc = wbs_case_sweep(rq->db, now, false, &swept);
        rc = db_commit_or_rollback(rq->db, rc);
    }
    wbs_keypair_wipe(&kp);
    if (rc)
        log_error("wbs: sharing report keys or the retention sweep failed (%d)", rc);
}

static int
received_desc(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int64_t p = jnum(x, "received_at"), q = jnum(y, "received_at");
    if (p != q)
        return p < q ? 1 : -1;
    return jnum(x, "id") < jnum(y, "id") ? 1 : -1;
}

/* One report of the list, with its clocks against today. */
static json_t *
inbox_row(struct req *rq, json_t *r, const char *today)
{
    const char *state = jstr(r, "state"), *due = jstr(r, "stage_due"),
               *remind = jstr(r, "remind_day");
    const char *expires = jstr(r, "expires_day"), *category = jstr(r, "category");
    bool open = strcmp(state, "selesai") != 0;
    bool past = open && *due && strcmp(today, due) > 0;
    bool soon = open && !past && *remind && strcmp(today, remind) >= 0;
    int64_t left = 0;
    bool expiring = days_between(today, expires, &left) &&
                    left <= wbs_expiry_warning_days(wbs_category_channel(category));
    json_t *o = json_object();
    put_i(o, "id", jnum(r, "id"));
    put_s(o, "href", arena_printf(rq->a, "/wbs/kasus/%lld", (long long)jnum(r, "id")));
    put_s(o, "received", day_text(rq, jstr(r, "received_day")));
    put_s(o, "unit_name", jstr(r, "unit_name"));
    put_s(o, "unit_code", jstr(r, "unit_code"));
    put_s(o, "category_label", wbs_label("categories", category, rq->lang));
    put_s(o, "state_label", wbs_label("states", state, rq->lang));
    put_s(o, "state_badge", state_badge(state));
    put_s(o, "due", open ? day_text(rq, due) : "");
    put_b(o, "due_past", past);
    put_b(o, "due_soon", soon);
    put_b(o, "awaiting_reply", open && json_is_true(json_object_get(r, "awaiting_reply")));
    put_b(o, "locked", !json_is_true(json_object_get(r, "has_key")));
    put_b(o, "has_identity", json_is_true(json_object_get(r, "has_identity")));
    put_b(o, "expiring", expiring);
    put_s(o, "expires", day_text(rq, expires));
    return o;
}

static int
wbs_routes_get_inbox(struct req *rq, struct resp *rs)
{
    struct auth_ctx *c = auth_ctx(rq);
    if (!c)
        return ZE_UNAUTH;
    json_t *key = key_model(rq);
    if (json_is_true(json_object_get(key, "open")))
        inbox_housekeeping(rq);
    const char *status = req_query(rq, "status");
    if (!status || (strcmp(status, "terbuka") != 0 && !wbs_state_ok(status)))
        status = "";
    int64_t me = auth_me(rq), now = clock_now_ms();
    int year = fmt_year_of(now);
    json_t *roots = acl_roots(c->grants, c->ngrants, "wbs.handle");
    arena_defer(rq->a, jdecref, roots);
    json_t *all = json_array(), *scopes = json_array();
    arena_defer(rq->a, jdecref, all);
    json_t *m = json_object();
    json_object_set_new(m, "key", key);
    json_t *root;
    size_t i;
    int rc = 0;
    json_array_foreach(roots, i, root)
    {
        struct org_unit u;
        const char *tz = org_unit_by_code(rq->db, jstr(root, "code"), &u) == 0 ? u.tz : "WIB";
        char today[11];
        day_of(now, tz, today);
        json_t *list = json_array(), *stats = NULL, *r;
        rc = wbs_store_reports(rq->db, jstr(root, "path"), me, status, list);
        if (rc == 0)
            rc = wbs_store_stats(rq->db, jstr(root, "path"), year, false, &stats);
        if (rc) {
            json_decref(list);
            json_decref(stats);
            break;
        }
        size_t k;
        json_array_foreach(list, k, r)
        {
            json_t *row = inbox_row(rq, r, today);
            put_i(row, "received_at", jnum(r, "received_at"));
            json_array_append_new(all, row);
        }
        json_decref(list);
        json_array_append_new(scopes,
                              json_pack("{s:s,s:s,s:s,s:o}", "code", jstr(root, "code"), "name",
                                        jstr(root, "name"), "public_href",
                                        arena_printf(rq->a, "/lapor/%s", jstr(root, "code")),
                                        "stats", stats_model(rq, stats)));
        json_decref(stats);
    }
    if (rc) {
        json_decref(scopes);
        json_decref(m);
        return rc;
    }
    /* each root's list is newest first: merged, they are sorted again */
    size_t n = json_array_size(all);
    json_t **sorted = arena_alloc(rq->a, (n ? n : 1) * sizeof(json_t *));
    for (size_t k = 0; k < n; k++)
        sorted[k] = json_array_get(all, k);
    qsort(sorted, n, sizeof(json_t *), received_desc);
    json_t *rows = json_array();
    for (size_t k = 0; k < n; k++)
        json_array_append(rows, sorted[k]);
    json_t *statuses = json_array();
    json_array_append_new(statuses, json_pack("{s:s,s:s,s:b}", "value", "terbuka", "label",
                                              frame_t(rq, N_("Open (not closed)")), "selected",
                                              strcmp(status, "terbuka") == 0));
    json_t *x;
    json_array_foreach(json_object_get(wbs_settings(), "states"), i, x)
    {
        const char *code = jstr(x, "code");
        json_array_append_new(statuses, json_pack("{s:s,s:s,s:b}", "value", code, "label",
                                                  wbs_label("states", code, rq->lang), "selected",
                                                  strcmp(status, code) == 0));
    }
    json_object_set_new(m, "rows", rows);
    put_i(m, "count", (int64_t)n);
    put_b(m, "empty", n == 0);
    put_s(m, "status", status);
    json_object_set_new(m, "statuses", statuses);
    json_object_set_new(m, "scopes", scopes);
    put_i(m, "year", year);
    put_b(m, "many_scopes", json_array_size(scopes) > 1);
    return frame_render(rq, rs, 200, "wbs/inbox", N_("Whistleblowing reports"), m);
}

/* --- one's own key ---------------------------------------------------------------------------- */

/* The key page; recovery: a recovery key to show this once ("" none); unlocked: it was just
 * made by unlocking. typed/errs: the recovery key typed and the unlock form's problems (NULL:
 * none). */
static int
key_page(struct req *rq, struct resp *rs, int status, const char *recovery, bool unlocked,
         const char *typed, json_t *errs)
{
    json_t *m = json_object();
    json_object_set_new(m, "key", key_model(rq));
    put_s(m, "recovery", recovery);
    put_b(m, "has_recovery", *recovery != '\0');
    put_b(m, "unlocked", unlocked);
    put_s(m, "kunci_pemulihan", typed ? typed : "");
    put_s(m, "csrf", csrf_token(rq, rs));
    struct auth_ctx *c = auth_ctx(rq);
    put_b(m, "can_handle", c && acl_allows_somewhere(c->grants, c->ngrants, "wbs.handle"));
    json_t *none = json_object();
    put_errors(rq, m, errs ? errs : none);
    json_decref(none);
    return frame_render(rq, rs, status, "wbs/key", N_("Your whistleblowing key"), m);
}

static int
wbs_routes_get_key(struct req *rq, struct resp *rs)
{
    char text[WBS_RECOVERY_TEXT] = "";
    /* shown once: reading it clears it, so the read and the clearing commit together */
    int rc = db_begin_write(rq->db);
    if (rc)
        return rc;
    rc = db_commit_or_rollback(rq->db, wbs_pending_recovery(rq, text));
    if (rc) {
        sodium_memzero(text, sizeof text);
        return rc;
    }
    rc = key_page(rq, rs, 200, text, false, NULL, NULL);
    sodium_memzero(text, sizeof text);
    return rc;
}

static int
wbs_routes_post_key(struct req *rq, struct resp *rs)
{
    const char *password = req_field(rq, "password");
    const char *typed = req_field_trimmed(rq, "kunci_pemulihan");
    json_t *errs = json_object();
    arena_defer(rq->a, jdecref, errs);
    if (!password || !*password)
        json_object_set_new(errs, "password", json_string(N_("Enter your password.")));
    else if (strlen(password) > WBS_PASSWORD_MAX)
        json_object_set_new(errs, "password", json_string(N_("The password is too long.")));
    if (!*typed)
        json_object_set_new(errs, "kunci_pemulihan",
                            json_string(N_("Enter the recovery key you wrote down, or the one "
                                           "the key custodian gave you.")));
    if (json_object_size(errs))
        return key_page(rq, rs, 422, "", false, typed, errs);
    int64_t me = auth_me(rq), now = clock_now_ms();
    const char *tkey = arena_printf(rq->a, "wbs-unlock:%lld", (long long)me);
    int64_t wait = throttle_wait_key(rq->db, tkey, now);
    if (wait > 0) {
        retry_after(rq, rs, wait);
        json_object_set_new(
            errs, "_form",
            json_string(N_("Too many attempts. Please wait a moment and try again.")));
        return key_page(rq, rs, 429, "", false, typed, errs);
    }
    char fresh[WBS_RECOVERY_TEXT] = "";
    int rc = db_begin_write(rq->db);
    if (rc)
        return rc;
    /* wbs_key_unlock writes its own audit entry (wbs.key_unlocked) in this transaction */
    rc = db_commit_or_rollback(rq->db, wbs_key_unlock(rq, rs, password, typed, fresh));
    if (rc == 0) {
        rc = key_page(rq, rs, 200, fresh, true, NULL, NULL);
        sodium_memzero(fresh, sizeof fresh);
        return rc;
    }
    sodium_memzero(fresh, sizeof fresh);
    if (rc == ZE_INVAL) {
        /* a typo the check symbol caught: no guess was made, nothing is counted */
        json_object_set_new(errs, "kunci_pemulihan",
                            json_string(N_("The recovery key has a typo: one of its characters "
                                           "does not match the check symbol. Compare it with "
                                           "your paper again.")));
        return key_page(rq, rs, 422, "", false, typed, errs);
    }
    if (rc != ZE_FORBIDDEN)
        return rc;
    if ((rc = db_begin_write(rq->db)) != 0)
        return rc;
    rc = throttle_fail_key(rq->db, tkey, now);
    if (rc == 0)
        rc =
            audit_request_take(rq, "wbs.key_unlock_failed", 0, "user", id_text(rq, me), NULL, NULL);
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    json_object_set_new(errs, "_form",
                        json_string(N_("The password or the recovery key is not correct.")));
    return key_page(rq, rs, 403, "", false, typed, errs);
}

/* --- one report ------------------------------------------------------------------------------- */

/* The report of :id when the officer may handle it; ZE_NOTFOUND otherwise (never telling that a
 * report of another unit exists). */
static int
load_case(struct req *rq, struct wbs_report_row *row)
{
    int64_t id = param_id(rq, "id");
    if (!id)
        return ZE_NOTFOUND;
    int rc = wbs_store_report_get(rq->db, id, row);
    if (rc)
        return rc;
    if (!auth_may(rq, "wbs.handle", row->unit_path))
        return ZE_NOTFOUND;
    return 0;
}

/* Opens the report with the officer's own key: 0 with both key pairs (the caller wipes them), or
 * ZE_FORBIDDEN with *locked telling why (true: their key is not open in this session; false: the
 * report's key has not been shared with them yet). row is refreshed on success. */
static int
open_case(struct req *rq, struct wbs_report_row *row, struct wbs_keypair *mine,
          struct wbs_keypair *report, bool *locked)
{
    *locked = false;
    sodium_memzero(report, sizeof *report);
    int rc = wbs_my_key(rq, mine);
    if (rc) {
        wbs_keypair_wipe(mine);
        *locked = rc == ZE_FORBIDDEN;
        return rc;
    }
    struct wbs_report_row fresh;
    rc = wbs_case_open_officer(rq->db, row->id, auth_me(rq), mine, &fresh, report);
    if (rc) {
        wbs_keypair_wipe(mine);
        wbs_keypair_wipe(report);
        return rc;
    }
    *row = fresh;
    return 0;
}

/* What happened, in words: the actions wbs_case.c records; an unknown one is shown as it is. */
static const char *
event_label(struct req *rq, json_t *e)
{
    const char *a = jstr(e, "action"), *to = jstr(e, "to");
    if (strcmp(a, "diterima") == 0)
        return frame_t(rq, N_("Report received"));
    if (strcmp(a, "status") == 0)
        return arena_printf(rq->a, "%s: %s", frame_t(rq, N_("State")),
                            wbs_label("states", to, rq->lang));
    if (strcmp(a, "catatan") == 0)
        return frame_t(rq, N_("Internal note"));
    if (strcmp(a, "perpanjang") == 0)
        return frame_t(rq, N_("Retention extended"));
    if (strcmp(a, "identitas_diminta") == 0)
        return frame_t(rq, N_("Identity requested"));
    if (strcmp(a, "identitas_disetujui") == 0)
        return frame_t(rq, N_("Identity request approved"));
    if (strcmp(a, "identitas_ditolak") == 0)
        return frame_t(rq, N_("Identity request denied"));
    return a;
}

/* Whether the reporter sees an event: the view's "public" when it gives one, else what
 * wbs_case.c records (internal notes and retention changes are the officers' alone). */
static bool
event_public(json_t *e)
{
    json_t *p = json_object_get(e, "public");
    if (json_is_boolean(p))
        return json_is_true(p);
    const char *a = jstr(e, "action");
    return strcmp(a, "catatan") != 0 && strcmp(a, "perpanjang") != 0;
}

static const char *
idreq_state_label(struct req *rq, const char *state)
{
    return strcmp(state, "menunggu") == 0    ? frame_t(rq, N_("Waiting for the custodian"))
           : strcmp(state, "disetujui") == 0 ? frame_t(rq, N_("Approved"))
           : strcmp(state, "ditolak") == 0   ? frame_t(rq, N_("Denied"))
                                             : state;
}

static const char *
idreq_state_badge(const char *state)
{
    return strcmp(state, "menunggu") == 0    ? "warning"
           : strcmp(state, "disetujui") == 0 ? "success"
           : strcmp(state, "ditolak") == 0   ? "error"
                                             : "neutral";
}

/* The 5W+1H of the sealed content as [{label, text, has_text}]. */
static json_t *
content_rows(struct req *rq, json_t *content)
{
    static const struct {
        const char *key, *label;
    } fields[] = {{"what", N_("What happened")},
                  {"who", N_("Who was involved")},
                  {"when", N_("When")},
                  {"where", N_("Where")},
                  {"why", N_("Why")},
                  {"how", N_("How")}};
    json_t *l = json_array();
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *t = jstr(content, fields[i].key);
        json_array_append_new(l, json_pack("{s:s,s:s,s:b}", "label", frame_t(rq, fields[i].label),
                                           "text", t, "has_text", *t != '\0'));
    }
    return l;
}

/* The metadata of a report, its clocks against today and the links, into m. */
static void
case_base_model(struct req *rq, json_t *m, const struct wbs_report_row *row, const char *tz)
{
    char today[11];
    day_of(clock_now_ms(), tz, today);
    bool open = strcmp(row->state, "selesai") != 0;
    bool past = open && *row->stage_due && strcmp(today, row->stage_due) > 0;
    bool soon = open && !past && *row->remind_day && strcmp(today, row->remind_day) >= 0;
    int64_t left = 0;
    bool expiring = days_between(today, row->expires_day, &left) &&
                    left <= wbs_expiry_warning_days(row->channel);
    const char *href = arena_printf(rq->a, "/wbs/kasus/%lld", (long long)row->id);
    put_i(m, "id", row->id);
    put_s(m, "action", href);
    put_s(m, "unit_name", row->unit_name);
    put_s(m, "unit_code", row->unit_code);
    put_s(m, "category_label", wbs_label("categories", row->category, rq->lang));
    put_s(m, "state", row->state);
    put_s(m, "state_label", wbs_label("states", row->state, rq->lang));
    put_s(m, "state_badge", state_badge(row->state));
    put_b(m, "open", open);
    put_b(m, "has_referral", *row->referral != '\0');
    put_s(m, "referral_label",
          *row->referral ? wbs_label("referrals", row->referral, rq->lang) : "");
    put_s(m, "referral_href", arena_printf(rq->a, "%s/pelimpahan", href));
    put_b(m, "referred", strcmp(row->state, "dilimpahkan") == 0 && *row->referral);
    put_s(m, "received", when_text(rq, row->received_at, tz));
    put_b(m, "has_identity", row->has_identity);
    json_object_set_new(m, "clock",
                        json_pack("{s:s,s:b,s:b,s:b,s:s,s:b,s:s,s:b,s:I}", "due",
                                  open ? day_text(rq, row->stage_due) : "", "has_due",
                                  open && *row->stage_due, "due_past", past, "due_soon", soon,
                                  "remind", open ? day_text(rq, row->remind_day) : "", "has_remind",
                                  open && *row->remind_day, "expires",
                                  day_text(rq, row->expires_day), "expiring", expiring,
                                  "expires_left", (json_int_t)(left > 0 ? left : 0)));
}

/* The decrypted parts of the view (messages, files, events, identity requests) into m. */
static void
case_view_model(struct req *rq, json_t *m, json_t *view, const char *tz, const char *action)
{
    json_t *content = json_object_get(view, "content");
    json_object_set_new(m, "content", content_rows(rq, content));
    put_s(m, "narrative", jstr(content, "narrative"));
    json_t *l = json_array(), *x;
    size_t i;
    json_array_foreach(json_object_get(view, "messages"), i, x)
    {
        bool reporter = strcmp(jstr(x, "author"), "pelapor") == 0;
        json_array_append_new(
            l, json_pack("{s:s,s:b,s:s,s:s}", "when", when_text(rq, jnum(x, "at"), tz), "reporter",
                         reporter, "who",
                         reporter ? frame_t(rq, N_("Reporter")) : jstr(x, "user_name"), "text",
                         jstr(x, "text")));
    }
    put_b(m, "has_messages", json_array_size(l) > 0);
    json_object_set_new(m, "messages", l);
    l = json_array();
    json_array_foreach(json_object_get(view, "files"), i, x)
    {
        const char *name = jstr(x, "name");
        json_array_append_new(
            l, json_pack("{s:s,s:s,s:s,s:b,s:s}", "name", *name ? name : "-", "size",
                         size_text(rq, jnum(x, "size")), "when", when_text(rq, jnum(x, "at"), tz),
                         "reporter", strcmp(jstr(x, "author"), "pelapor") == 0, "action",
                         arena_printf(rq->a, "%s/berkas/%lld", action, (long long)jnum(x, "id"))));
    }
    put_b(m, "has_files", json_array_size(l) > 0);
    json_object_set_new(m, "files", l);
    l = json_array();
    json_array_foreach(json_object_get(view, "events"), i, x)
    {
        const char *note = jstr(x, "note");
        json_array_append_new(
            l, json_pack("{s:s,s:s,s:s,s:s,s:b,s:b}", "when", when_text(rq, jnum(x, "at"), tz),
                         "actor", jstr(x, "actor"), "what", event_label(rq, x), "note", note,
                         "has_note", *note != '\0', "public", event_public(x)));
    }
    json_object_set_new(m, "events", l);
    l = json_array();
    json_array_foreach(json_object_get(view, "identity_requests"), i, x)
    {
        const char *state = jstr(x, "state");
        json_array_append_new(l, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "state_label",
                                           idreq_state_label(rq, state), "state_badge",
                                           idreq_state_badge(state), "reason", jstr(x, "reason"),
                                           "created", when_text(rq, jnum(x, "created_at"), tz),
                                           "decided", when_text(rq, jnum(x, "decided_at"), tz),
                                           "officer_name", jstr(x, "officer_name")));
    }
    put_b(m, "has_requests", json_array_size(l) > 0);
    json_object_set_new(m, "identity_requests", l);
}

/* Whether the officer may ask for the identity: no request of theirs waits or was approved. */
static bool
may_request_identity(struct req *rq, const struct wbs_report_row *row, int64_t me)
{
    json_t *reqs = json_array(), *x;
    size_t i;
    bool may = true;
    if (wbs_store_idreqs(rq->db, row->id, "", reqs) == 0)
        json_array_foreach(reqs, i, x)
        {
            const char *s = jstr(x, "state");
            if (jnum(x, "officer_id") == me &&
                (strcmp(s, "menunggu") == 0 || strcmp(s, "disetujui") == 0))
                may = false;
        }
    json_decref(reqs);
    return may;
}

/* [{value, label, selected}] of the referral targets. */
static json_t *
referral_options(struct req *rq, const char *selected)
{
    json_t *l = json_array(), *x;
    size_t i;
    json_array_foreach(json_object_get(wbs_settings(), "referrals"), i, x)
    {
        const char *code = jstr(x, "code");
        json_array_append_new(l, json_pack("{s:s,s:s,s:b}", "value", code, "label",
                                           wbs_label("referrals", code, rq->lang), "selected",
                                           strcmp(code, selected) == 0));
    }
    return l;
}

/* The case page. values/errs: the form sent (borrowed). Without the officer's key open, or
 * without a copy of the report's key, it shows the report's metadata and what to do (403). */
static int
case_page(struct req *rq, struct resp *rs, int status, const struct wbs_report_row *given,
          json_t *values, json_t *errs)
{
    struct wbs_report_row row = *given;
    const char *tz = unit_tz(rq, row.unit_id);
    struct wbs_keypair mine, report;
    bool locked;
    int64_t me = auth_me(rq);
    int rc = open_case(rq, &row, &mine, &report, &locked);
    if (rc && rc != ZE_FORBIDDEN)
        return rc;
    json_t *m = json_object();
    case_base_model(rq, m, &row, tz);
    json_object_set_new(m, "key", key_model(rq));
    put_b(m, "readable", rc == 0);
    put_b(m, "key_locked", rc == ZE_FORBIDDEN && locked);
    put_b(m, "key_unshared", rc == ZE_FORBIDDEN && !locked);
    if (rc == ZE_FORBIDDEN)
        return frame_render(rq, rs, 403, "wbs/case", N_("Whistleblowing report"), m);
    json_t *view = wbs_case_view(rq->db, &row, &report, true, rq->lang);
    json_t *identity = NULL;
    if (view && row.has_identity && wbs_case_identity_read(rq->db, &row, me, &mine, &identity) != 0)
        identity = NULL;
    wbs_keypair_wipe(&mine);
    wbs_keypair_wipe(&report);
    if (!view) {
        json_decref(m);
        return ZE_DB;
    }
    const char *action = jstr(m, "action");
    case_view_model(rq, m, view, tz, action);
    json_decref(view);
    bool shown = identity != NULL;
    if (identity) {
        json_object_set_new(m, "identity",
                            json_pack("{s:s,s:s,s:s}", "name", jstr(identity, "name"), "contact",
                                      jstr(identity, "contact"), "note", jstr(identity, "note")));
        json_decref(identity);
    }
    put_b(m, "identity_shown", shown);
    /* after a refused request its form stays, with what was typed */
    put_b(m, "can_request",
          row.has_identity && !shown &&
              (json_object_get(errs, "alasan") || may_request_identity(rq, &row, me)));
    /* the moves from here */
    const char *next[4];
    size_t nn = wbs_next_states(row.state, next);
    const char *chosen = jstr(values, "status");
    json_t *moves = json_array();
    bool referral = false;
    for (size_t i = 0; i < nn; i++) {
        referral |= strcmp(next[i], "dilimpahkan") == 0;
        json_array_append_new(moves, json_pack("{s:s,s:s,s:b}", "value", next[i], "label",
                                               wbs_label("states", next[i], rq->lang), "checked",
                                               strcmp(chosen, next[i]) == 0));
    }
    put_b(m, "can_move", nn > 0);
    json_object_set_new(m, "moves", moves);
    put_b(m, "can_refer", referral);
    json_object_set_new(m, "referrals", referral_options(rq, jstr(values, "pelimpahan")));
    json_object_set_new(m, "values", json_incref(values));
    put_errors(rq, m, errs);
    put_s(m, "csrf", csrf_token(rq, rs));
    put_i(m, "message_max", WBS_MESSAGE_MAX);
    put_i(m, "reason_max", WBS_REASON_MAX);
    return frame_render(rq, rs, status, "wbs/case", N_("Whistleblowing report"), m);
}

static int
wbs_routes_get_case(struct req *rq, struct resp *rs)
{
    struct wbs_report_row row;
    int rc = load_case(rq, &row);
    if (rc)
        return rc;
    json_t *values = json_object(), *errs = json_object();
    arena_defer(rq->a, jdecref, values);
    arena_defer(rq->a, jdecref, errs);
    return case_page(rq, rs, 200, &row, values, errs);
}

/* What was sent, to refill the forms. */
static json_t *
case_values(struct req *rq)
{
    static const char *const text[] = {"status", "pelimpahan", "catatan", "pesan", "alasan"};
    json_t *v = json_object();
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        put_s(v, text[i], req_field_trimmed(rq, text[i]));
    put_b(v, "publik", req_field(rq, "publik") != NULL);
    return v;
}

/* One action of the case form, checked and done in a write transaction with its audit entry.
 * Problems go to errs; *flash names the message of the next page. */
static int
case_act(struct req *rq, const struct wbs_report_row *row, const char *aksi, json_t *values,
         json_t *errs, const char **flash)
{
    int64_t me = auth_me(rq), now = clock_now_ms();
    const char *oid = id_text(rq, row->id);
    const char *why;
    int rc;
    if (strcmp(aksi, "status") == 0) {
        const char *to = jstr(values, "status"), *ref = jstr(values, "pelimpahan");
        const char *note = jstr(values, "catatan");
        bool refer = strcmp(to, "dilimpahkan") == 0;
        if (!*to || !wbs_transition_ok(row->state, to))
            json_object_set_new(errs, "status",
                                json_string(N_("Choose one of the next states listed.")));
        else if (refer && !wbs_referral_ok(ref))
            json_object_set_new(errs, "pelimpahan",
                                json_string(N_("Choose where the report is referred to.")));
        if ((why = text_problem(note, WBS_MESSAGE_MAX)) != NULL)
            json_object_set_new(errs, "catatan", json_string(why));
        if (json_object_size(errs))
            return ZE_INVAL;
        if (!refer)
            ref = "";
        bool pub = *note && json_is_true(json_object_get(values, "publik"));
        if ((rc = db_begin_write(rq->db)) != 0)
            return rc;
        rc = wbs_case_transition(rq->db, row, to, ref, note, pub, me, now);
        if (rc == 0)
            rc = audit_request_take(
                rq, "wbs.state_changed", row->unit_id, "wbs_report", oid, NULL,
                json_pack("{s:s,s:s,s:s}", "from", row->state, "to", to, "referral", ref));
        rc = db_commit_or_rollback(rq->db, rc);
        if (rc == ZE_INVAL)
            json_object_set_new(
                errs, "status",
                json_string(N_("This move is not possible from the report's current state.")));
        *flash = "wbs_state_changed";
        return rc;
    }
    if (strcmp(aksi, "pesan") == 0) {
        const char *text = jstr(values, "pesan");
        if (!*text)
            json_object_set_new(errs, "pesan", json_string(N_("Write the message first.")));
        else if ((why = text_problem(text, WBS_MESSAGE_MAX)) != NULL)
            json_object_set_new(errs, "pesan", json_string(why));
        if (json_object_size(errs))
            return ZE_INVAL;
        if ((rc = db_begin_write(rq->db)) != 0)
            return rc;
        rc = wbs_case_message(rq->db, row, me, text, now);
        if (rc == 0)
            rc = audit_request_take(rq, "wbs.officer_message", row->unit_id, "wbs_report", oid,
                                    NULL, NULL);
        rc = db_commit_or_rollback(rq->db, rc);
        if (rc == ZE_INVAL || rc == ZE_LIMIT)
            json_object_set_new(
                errs, "pesan",
                json_string(rc == ZE_LIMIT ? N_("This report has reached its number of messages.")
                                           : N_("The message could not be sent as it is.")));
        else if (rc == ZE_CONFLICT)
            json_object_set_new(errs, "pesan",
                                json_string(N_("This report is closed: no more messages or files "
                                               "can be added to it.")));
        *flash = "wbs_message_sent";
        return rc;
    }
    if (strcmp(aksi, "identitas") == 0) {
        const char *reason = jstr(values, "alasan");
        if (!row->has_identity)
            json_object_set_new(errs, "alasan",
                                json_string(N_("The reporter gave no identity in this report.")));
        else if (!*reason)
            json_object_set_new(
                errs, "alasan",
                json_string(N_("Give the reason why the handling needs the reporter's identity.")));
        else if ((why = text_problem(reason, WBS_REASON_MAX)) != NULL)
            json_object_set_new(errs, "alasan", json_string(why));
        if (json_object_size(errs))
            return ZE_INVAL;
        if ((rc = db_begin_write(rq->db)) != 0)
            return rc;
        rc = wbs_case_identity_request(rq->db, row, me, reason, now);
        if (rc == 0)
            rc = audit_request_take(rq, "wbs.identity_requested", row->unit_id, "wbs_report", oid,
                                    NULL, NULL);
        rc = db_commit_or_rollback(rq->db, rc);
        if (rc == ZE_CONFLICT)
            json_object_set_new(errs, "alasan",
                                json_string(N_("You have already asked for this identity: your "
                                               "request is waiting or was approved.")));
        else if (rc == ZE_INVAL)
            json_object_set_new(errs, "alasan",
                                json_string(N_("The request could not be made as it is.")));
        *flash = "wbs_identity_requested";
        return rc;
    }
    if (strcmp(aksi, "perpanjang") == 0) {
        if ((rc = db_begin_write(rq->db)) != 0)
            return rc;
        struct wbs_report_row after;
        rc = wbs_case_extend(rq->db, row, me, now);
        if (rc == 0)
            rc = wbs_store_report_get(rq->db, row->id, &after);
        if (rc == 0)
            rc = audit_request_take(rq, "wbs.retention_extended", row->unit_id, "wbs_report", oid,
                                    json_pack("{s:s}", "expires_day", row->expires_day),
                                    json_pack("{s:s}", "expires_day", after.expires_day));
        rc = db_commit_or_rollback(rq->db, rc);
        *flash = "wbs_retention_extended";
        return rc;
    }
    json_object_set_new(errs, "_form", json_string(N_("Choose one of the actions on the page.")));
    return ZE_INVAL;
}

static int
wbs_routes_post_case(struct req *rq, struct resp *rs)
{
    struct wbs_report_row row;
    int rc = load_case(rq, &row);
    if (rc)
        return rc;
    json_t *values = case_values(rq), *errs = json_object();
    arena_defer(rq->a, jdecref, values);
    arena_defer(rq->a, jdecref, errs);
    /* only an officer who can read the report acts on it */
    struct wbs_keypair mine, report;
    bool locked;
    rc = open_case(rq, &row, &mine, &report, &locked);
    wbs_keypair_wipe(&mine);
    wbs_keypair_wipe(&report);
    if (rc == ZE_FORBIDDEN)
        return case_page(rq, rs, 403, &row, values, errs);
    if (rc)
        return rc;
    const char *flash = NULL;
    rc = case_act(rq, &row, req_field_trimmed(rq, "aksi"), values, errs, &flash);
    if (rc && json_object_size(errs))
        return case_page(rq, rs, rc == ZE_CONFLICT ? 409 : 422, &row, values, errs);
    if (rc)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "/wbs/kasus/%lld", (long long)row.id), flash);
}

/* --- files ------------------------------------------------------------------------------------ */

/* A decrypted file is served from memory (memfd), so its plaintext never reaches a disk. */
struct fd_reader {
    int fd;
};

static long
fd_reader_read(void *arg, uint64_t pos, char *buf, size_t max)
{
    struct fd_reader *r = arg;
    ssize_t n = pread(r->fd, buf, max, (off_t)pos);
    return n < 0 ? -1 : (long)n;
}

static void
fd_reader_free(void *arg)
{
    struct fd_reader *r = arg;
    close(r->fd);
    free(r);
}

/* A file name safe in a Content-Disposition header: letters, digits, '.', '-', '_' of the
 * name as the reporter gave it (others become '_'), no leading dot, at most 100 bytes; a name
 * of the file's id when nothing is left. */
static const char *
safe_name(struct req *rq, const char *name, int64_t file_id)
{
    char out[101];
    size_t n = 0;
    bool under = false;
    for (const unsigned char *p = (const unsigned char *)name; *p && n < sizeof out - 1; p++) {
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                  (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_';
        if ((*p & 0xc0) == 0x80)
            continue; /* a UTF-8 continuation: its character is one '_' already */
        if (!ok || (n == 0 && *p == '.')) {
            if (!under && n > 0)
                out[n++] = '_';
            under = true;
            continue;
        }
        out[n++] = (char)*p;
        under = false;
    }
    while (n > 0 && out[n - 1] == '_')
        n--;
    out[n] = '\0';
    if (n == 0)
        return arena_printf(rq->a, "berkas-%lld", (long long)file_id);
    return arena_strdup(rq->a, out);
}

/* The name in UTF-8 as RFC 5987 percent-encoding, for filename*; NULL when it is not text. */
static const char *
name_star(struct req *rq, const char *name)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t len = strlen(name);
    if (len == 0 || len > 255 || !utf8_valid(name, len))
        return NULL;
    struct buf b = BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            continue;
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '.' || *p == '-' || *p == '_') {
            buf_putc(&b, (char)*p);
        } else {
            buf_putc(&b, '%');
            buf_putc(&b, hex[*p >> 4]);
            buf_putc(&b, hex[*p & 15]);
        }
    }
    const char *s = b.p ? arena_strdup(rq->a, b.p) : NULL;
    buf_free(&b);
    return s;
}

/* The sniffed type when it looks like one ("image/png"), else application/octet-stream. */
static const char *
safe_type(struct req *rq, const char *type)
{
    size_t n = strlen(type), slash = 0;
    if (n == 0 || n > 100)
        return "application/octet-stream";
    for (size_t i = 0; i < n; i++) {
        char ch = type[i];
        if (ch == '/' && !slash && i > 0)
            slash = i;
        else if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '+' ||
                   ch == '-'))
            return "application/octet-stream";
    }
    return slash && slash + 1 < n ? arena_strdup(rq->a, type) : "application/octet-stream";
}

static int
wbs_routes_post_file(struct req *rq, struct resp *rs)
{
    struct wbs_report_row row;
    int rc = load_case(rq, &row);
    if (rc)
        return rc;
    int64_t file_id = param_id(rq, "file");
    if (!file_id)
        return ZE_NOTFOUND;
    struct wbs_keypair mine, report;
    bool locked;
    rc = open_case(rq, &row, &mine, &report, &locked);
    wbs_keypair_wipe(&mine);
    if (rc == ZE_FORBIDDEN) {
        json_t *values = json_object(), *errs = json_object();
        arena_defer(rq->a, jdecref, values);
        arena_defer(rq->a, jdecref, errs);
        return case_page(rq, rs, 403, &row, values, errs);
    }
    if (rc)
        return rc;
    int fd = memfd_create("zona-wbs-file", MFD_CLOEXEC);
    if (fd < 0) {
        wbs_keypair_wipe(&report);
        log_error("wbs: memfd_create failed");
        return ZE_IO;
    }
    struct buf name = BUF_INIT, type = BUF_INIT;
    rc = wbs_case_file_read(rq->db, &row, &report, file_id, fd, &name, &type);
    wbs_keypair_wipe(&report);
    const char *fname = safe_name(rq, name.p ? name.p : "", file_id);
    const char *star = name_star(rq, name.p ? name.p : "");
    const char *ctype = safe_type(rq, type.p ? type.p : "");
    wbs_buf_wipe(&name);
    wbs_buf_wipe(&type);
    off_t size = rc == 0 ? lseek(fd, 0, SEEK_END) : -1;
    if (rc == 0 && size < 0)
        rc = ZE_IO;
    if (rc == 0 && (rc = db_begin_write(rq->db)) == 0) {
        rc = audit_request_take(rq, "wbs.file_downloaded", row.unit_id, "wbs_report",
                                id_text(rq, row.id), NULL,
                                json_pack("{s:I}", "file", (json_int_t)file_id));
        rc = db_commit_or_rollback(rq->db, rc);
    }
    if (rc) {
        close(fd);
        return rc;
    }
    struct fd_reader *r = xcalloc(1, sizeof *r);
    r->fd = fd;
    rs->status = 200;
    rs->content_type = ctype;
    rs->kind = RESP_CALLBACK;
    rs->reader = fd_reader_read;
    rs->reader_arg = r;
    rs->reader_free = fd_reader_free;
    rs->total_len = (int64_t)size;
    rs->no_store = true;
    resp_header(
        rs, "Content-Disposition",
        star ? arena_printf(rq->a, "attachment; filename=\"%s\"; filename*=UTF-8''%s", fname, star)
             : arena_printf(rq->a, "attachment; filename=\"%s\"", fname));
    return 0;
}

/* --- the referral document -------------------------------------------------------------------- */

static int
wbs_routes_get_referral(struct req *rq, struct resp *rs)
{
    struct wbs_report_row row;
    int rc = load_case(rq, &row);
    if (rc)
        return rc;
    if (!*row.referral)
        return ZE_NOTFOUND;
    struct wbs_keypair mine, report;
    bool locked;
    rc = open_case(rq, &row, &mine, &report, &locked);
    wbs_keypair_wipe(&mine);
    if (rc == ZE_FORBIDDEN) {
        json_t *values = json_object(), *errs = json_object();
        arena_defer(rq->a, jdecref, values);
        arena_defer(rq->a, jdecref, errs);
        return case_page(rq, rs, 403, &row, values, errs);
    }
    if (rc)
        return rc;
    json_t *view = wbs_case_view(rq->db, &row, &report, true, rq->lang);
    wbs_keypair_wipe(&report);
    if (!view)
        return ZE_DB;
    arena_defer(rq->a, jdecref, view);
    const char *tz = unit_tz(rq, row.unit_id);
    char today[11];
    day_of(clock_now_ms(), tz, today);
    /* only the report itself and its files: never the identity, a note or a message */
    json_t *content = json_object_get(view, "content");
    json_t *files = json_array(), *x;
    size_t i;
    json_array_foreach(json_object_get(view, "files"), i, x)
    {
        const char *name = jstr(x, "name");
        json_array_append_new(files, json_pack("{s:s,s:s}", "name", *name ? name : "-", "size",
                                               size_text(rq, jnum(x, "size"))));
    }
    json_t *m = json_object();
    put_s(m, "unit_name", row.unit_name);
    put_s(m, "unit_code", row.unit_code);
    put_s(m, "date", day_text(rq, today));
    put_s(m, "reference", arena_printf(rq->a, "WBS-%06lld", (long long)row.id));
    put_s(m, "target_label", wbs_label("referrals", row.referral, rq->lang));
    put_s(m, "category_label", wbs_label("categories", row.category, rq->lang));
    put_s(m, "received", day_text(rq, row.received_day));
    json_object_set_new(m, "content", content_rows(rq, content));
    put_s(m, "narrative", jstr(content, "narrative"));
    put_b(m, "has_files", json_array_size(files) > 0);
    json_object_set_new(m, "files", files);
    put_s(m, "back_href", arena_printf(rq->a, "/wbs/kasus/%lld", (long long)row.id));
    if ((rc = db_begin_write(rq->db)) == 0) {
        rc = audit_request_take(rq, "wbs.referral_printed", row.unit_id, "wbs_report",
                                id_text(rq, row.id), NULL,
                                json_pack("{s:s}", "referral", row.referral));
        rc = db_commit_or_rollback(rq->db, rc);
    }
    if (rc) {
        json_decref(m);
        return rc;
    }
    rc = frame_render_bare(rq, rs, 200, "wbs/referral", m);
    rs->no_store = true;
    return rc;
}

/* --- the identity custodian ------------------------------------------------------------------- */

/* The queue of pending requests under each unit of the custodian's reach; error: a refusal
 * shown at the top (NULL: none). */
static int
identity_page(struct req *rq, struct resp *rs, int status, const char *error)
{
    struct auth_ctx *c = auth_ctx(rq);
    if (!c)
        return ZE_UNAUTH;
    json_t *m = json_object();
    json_object_set_new(m, "key", key_model(rq));
    put_s(m, "error", error ? frame_t(rq, error) : "");
    put_b(m, "has_error", error != NULL);
    put_s(m, "csrf", csrf_token(rq, rs));
    struct wbs_keypair kp;
    int rc = wbs_my_key(rq, &kp);
    put_b(m, "readable", rc == 0);
    json_t *scopes = json_array();
    json_object_set_new(m, "scopes", scopes);
    if (rc == ZE_FORBIDDEN) {
        wbs_keypair_wipe(&kp);
        return frame_render(rq, rs, status, "wbs/identity", N_("Identity requests"), m);
    }
    if (rc) {
        json_decref(m);
        return rc;
    }
    json_t *roots = acl_roots(c->grants, c->ngrants, "wbs.identity"), *root;
    size_t i;
    int64_t count = 0;
    json_array_foreach(roots, i, root)
    {
        json_t *list = json_array();
        rc = wbs_case_identity_queue(rq->db, jstr(root, "path"), auth_me(rq), &kp, list);
        if (rc) {
            json_decref(list);
            break;
        }
        struct org_unit u;
        const char *tz = org_unit_by_code(rq->db, jstr(root, "code"), &u) == 0 ? u.tz : "WIB";
        json_t *rows = json_array(), *x;
        size_t k;
        json_array_foreach(list, k, x)
        {
            json_array_append_new(
                rows,
                json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "unit_name", jstr(x, "unit_name"),
                          "category_label", wbs_label("categories", jstr(x, "category"), rq->lang),
                          "officer_name", jstr(x, "officer_name"), "reason", jstr(x, "reason"),
                          "created", when_text(rq, jnum(x, "created_at"), tz), "action",
                          arena_printf(rq->a, "/wbs/identitas/%lld", (long long)jnum(x, "id"))));
        }
        count += (int64_t)json_array_size(rows);
        json_array_append_new(scopes,
                              json_pack("{s:s,s:o,s:b}", "name", jstr(root, "name"), "requests",
                                        rows, "empty", json_array_size(rows) == 0));
        json_decref(list);
    }
    wbs_keypair_wipe(&kp);
    json_decref(roots);
    if (rc) {
        json_decref(m);
        return rc;
    }
    put_i(m, "count", count);
    put_b(m, "empty", count == 0);
    return frame_render(rq, rs, status, "wbs/identity", N_("Identity requests"), m);
}

static int
wbs_routes_get_identity(struct req *rq, struct resp *rs)
{
    return identity_page(rq, rs, 200, NULL);
}

static int
wbs_routes_post_identity(struct req *rq, struct resp *rs)
{
    int64_t req_id = param_id(rq, "req");
    if (!req_id)
        return ZE_NOTFOUND;
    json_t *ir = wbs_store_idreq_get(rq->db, req_id);
    if (!ir)
        return ZE_NOTFOUND;
    arena_defer(rq->a, jdecref, ir);
    struct wbs_report_row row;
    int rc = wbs_store_report_get(rq->db, jnum(ir, "report_id"), &row);
    if (rc == ZE_NOTFOUND || (rc == 0 && !auth_may(rq, "wbs.identity", row.unit_path)))
        return ZE_NOTFOUND;
    if (rc)
        return rc;
    int64_t me = auth_me(rq);
    /* nobody decides their own request, even when they hold both roles */
    if (jnum(ir, "officer_id") == me)
        return identity_page(rq, rs, 403,
                             N_("This request is your own: another identity custodian decides "
                                "it."));
    const char *d = req_field_trimmed(rq, "putusan");
    bool approve = strcmp(d, "setuju") == 0;
    if (!approve && strcmp(d, "tolak") != 0)
        return identity_page(rq, rs, 422, N_("Choose whether to approve or deny the request."));
    struct wbs_keypair kp;
    rc = wbs_my_key(rq, &kp);
    if (rc) {
        wbs_keypair_wipe(&kp);
        return rc == ZE_FORBIDDEN
                   ? identity_page(rq, rs, 403,
                                   N_("Your key is locked. Unlock it first on the page Your "
                                      "whistleblowing key."))
                   : rc;
    }
    if ((rc = db_begin_write(rq->db)) == 0) {
        rc = wbs_case_identity_decide(rq->db, req_id, me, &kp, approve, clock_now_ms());
        if (rc == 0)
            rc = audit_request_take(rq, "wbs.identity_decided", row.unit_id, "wbs_identity_request",
                                    id_text(rq, req_id), NULL,
                                    json_pack("{s:b}", "approve", approve));
        rc = db_commit_or_rollback(rq->db, rc);
    }
    wbs_keypair_wipe(&kp);
    if (rc == ZE_CONFLICT)
        return identity_page(rq, rs, 409, N_("This request has already been decided."));
    if (rc == ZE_FORBIDDEN)
        return identity_page(rq, rs, 403,
                             N_("The identity of this report was not sealed to you, so you "
                                "cannot decide this request. Another identity custodian can."));
    if (rc)
        return rc;
    return frame_redirect(rq, rs, "/wbs/identitas",
                          approve ? "wbs_identity_approved" : "wbs_identity_denied");
}

/* --- the key custodian ------------------------------------------------------------------------ */

/* Role names of wbs_store_people's "roles" (a list of names, or text) in words. */
static const char *
roles_text(struct req *rq, json_t *roles)
{
    if (json_is_string(roles))
        return json_string_value(roles);
    struct buf b = BUF_INIT;
    json_t *x;
    size_t i;
    json_array_foreach(roles, i, x)
    {
        const char *r = json_is_string(x) ? json_string_value(x) : jstr(x, "role");
        if (!*r)
            continue;
        buf_printf(&b, "%s%s", b.len ? ", " : "",
                   acl_role_exists(r) ? acl_role_label(r, rq->lang) : r);
    }
    const char *s = arena_strdup(rq->a, b.p ? b.p : "");
    buf_free(&b);
    return s;
}

/* The people with WBS roles; restored: the person just restored and their new recovery key
 * (NULL: none); error: a refusal (NULL: none). */
static int
escrow_page(struct req *rq, struct resp *rs, int status, json_t *restored, const char *error)
{
    json_t *people = json_array(), *x;
    int64_t me = auth_me(rq);
    int rc = wbs_store_people(rq->db, me, people);
    if (rc) {
        json_decref(people);
        json_decref(restored);
        return rc;
    }
    json_t *rows = json_array();
    size_t i;
    json_array_foreach(people, i, x)
    {
        bool has_key = json_is_true(json_object_get(x, "has_key"));
        bool escrowed = json_is_true(json_object_get(x, "escrowed"));
        int64_t uid = jnum(x, "user_id");
        json_array_append_new(
            rows,
            json_pack("{s:I,s:s,s:s,s:s,s:b,s:b,s:b,s:b,s:s}", "user_id", (json_int_t)uid, "name",
                      jstr(x, "name"), "nip", jstr(x, "nip"), "roles",
                      roles_text(rq, json_object_get(x, "roles")), "has_key", has_key, "escrowed",
                      escrowed, "me", uid == me, "can_restore", has_key && escrowed && uid != me,
                      "action", arena_printf(rq->a, "/wbs/kustodian-kunci/%lld", (long long)uid)));
    }
    json_decref(people);
    json_t *m = json_object();
    json_object_set_new(m, "key", key_model(rq));
    json_object_set_new(m, "people", rows);
    put_b(m, "has_people", json_array_size(rows) > 0);
    put_b(m, "has_restored", restored != NULL);
    json_object_set_new(m, "restored", restored ? restored : json_null());
    put_s(m, "error", error ? frame_t(rq, error) : "");
    put_b(m, "has_error", error != NULL);
    put_s(m, "csrf", csrf_token(rq, rs));
    return frame_render(rq, rs, status, "wbs/escrow", N_("Key custodian"), m);
}

static int
wbs_routes_get_escrow(struct req *rq, struct resp *rs)
{
    return escrow_page(rq, rs, 200, NULL, NULL);
}

static int
wbs_routes_post_escrow(struct req *rq, struct resp *rs)
{
    int64_t uid = param_id(rq, "user");
    if (!uid)
        return ZE_NOTFOUND;
    /* only someone on the custodian's list, with an escrow copy for them */
    json_t *people = json_array(), *x, *who = NULL;
    arena_defer(rq->a, jdecref, people);
    int rc = wbs_store_people(rq->db, auth_me(rq), people);
    if (rc)
        return rc;
    size_t i;
    json_array_foreach(people, i, x) if (jnum(x, "user_id") == uid) who = x;
    if (!who || !json_is_true(json_object_get(who, "escrowed")))
        return ZE_NOTFOUND;
    if (uid == auth_me(rq))
        return escrow_page(rq, rs, 403, NULL,
                           N_("Your own key is unlocked with your own recovery key, or by "
                              "another key custodian."));
    char fresh[WBS_RECOVERY_TEXT] = "";
    if ((rc = db_begin_write(rq->db)) != 0)
        return rc;
    rc = wbs_key_escrow_restore(rq, uid, fresh);
    if (rc == 0)
        rc = audit_request_take(rq, "wbs.key_restored", 0, "user", id_text(rq, uid), NULL, NULL);
    rc = db_commit_or_rollback(rq->db, rc);
    if (rc == ZE_FORBIDDEN) {
        sodium_memzero(fresh, sizeof fresh);
        return escrow_page(rq, rs, 403, NULL,
                           N_("Your own key must be open to restore another person's key. "
                              "Unlock it first on the page Your whistleblowing key."));
    }
    if (rc) {
        sodium_memzero(fresh, sizeof fresh);
        return rc;
    }
    json_t *restored = json_pack("{s:s,s:s,s:s}", "name", jstr(who, "name"), "nip",
                                 jstr(who, "nip"), "recovery", fresh);
    sodium_memzero(fresh, sizeof fresh);
    return escrow_page(rq, rs, 200, restored, NULL);
}

/* --- the route table -------------------------------------------------------------------------- */

static const struct route wbs_routes[] = {
    {HTTP_GET, "/wbs", "wbs.handle", NULL, wbs_routes_get_inbox, ROUTE_PRIVATE, NULL},
    {HTTP_GET, "/wbs/kunci", "wbs.key", NULL, wbs_routes_get_key, ROUTE_PRIVATE, NULL},
    {HTTP_POST, "/wbs/kunci", "wbs.key", NULL, wbs_routes_post_key, ROUTE_PRIVATE, NULL},
    {HTTP_GET, "/wbs/kasus/:id", "wbs.handle", NULL, wbs_routes_get_case, ROUTE_PRIVATE, NULL},
    {HTTP_POST, "/wbs/kasus/:id", "wbs.handle", NULL, wbs_routes_post_case, ROUTE_PRIVATE, NULL},
    {HTTP_POST, "/wbs/kasus/:id/berkas/:file", "wbs.handle", NULL, wbs_routes_post_file,
     ROUTE_PRIVATE, NULL},
    {HTTP_GET, "/wbs/kasus/:id/pelimpahan", "wbs.handle", NULL, wbs_routes_get_referral,
     ROUTE_PRIVATE, NULL},
    {HTTP_GET, "/wbs/identitas", "wbs.identity", NULL, wbs_routes_get_identity, ROUTE_PRIVATE,
     NULL},
    {HTTP_POST, "/wbs/identitas/:req", "wbs.identity", NULL, wbs_routes_post_identity,
     ROUTE_PRIVATE, NULL},
    {HTTP_GET, "/wbs/kustodian-kunci", "wbs.escrow", NULL, wbs_routes_get_escrow, ROUTE_PRIVATE,
     NULL},
    {HTTP_POST, "/wbs/kustodian-kunci/:user", "wbs.escrow", NULL, wbs_routes_post_escrow,
     ROUTE_PRIVATE, NULL},
};

void
wbs_routes_register(void)
{
    router_add(wbs_routes, sizeof wbs_routes / sizeof wbs_routes[0]);
}
