/* grat_upg: the UPG's pages (Unit Pengendalian Gratifikasi, issue #7).
 *
 *   GET  /gratifikasi/upg              grat.handle  the queue of the units the UPG handles: every
 *                                                   report under each root of its grants that
 *                                                   grat_may_handle allows (?status = terbuka,
 *                                                   the default, or a state, or empty for all;
 *                                                   ?tahun = the year of receipt, empty for any),
 *                                                   with the next deadline of each. Returned
 *                                                   reports past their lapse day become gugur
 *                                                   first (audited when any did).
 *   GET  /gratifikasi/upg/titipan      grat.handle  the register of deposited objects of a year
 *                                                   (?tahun), or as CSV (?format=csv)
 *   GET  /gratifikasi/upg/statistik    grat.stats   counts of a year under a scope (?lingkup,
 *                                                   ?tahun): by state, object type, value band,
 *                                                   outcome; time to report, share in time,
 *                                                   refusals. Never a report's content, so a
 *                                                   unit's leader may see it too.
 *   POST /gratifikasi/:id/upg          grat.handle  one step of the workflow (grat_step_read):
 *                                                   → 303 to /gratifikasi/:id with a flash, or
 *                                                   the staff's detail page again with the
 *                                                   step's values and errors (422; 409 when the
 *                                                   report moved meanwhile)
 *   POST /gratifikasi/:id/titip        grat.handle  records that the object was deposited with
 *                                                   the UPG: a receipt number
 *   GET  /gratifikasi/:id/tanda-terima grat.handle  the deposit receipt, an A4 PDF to sign
 *   GET  /gratifikasi/:id/kpk.pdf      grat.handle  the report in the order of the KPK's online
 *   GET  /gratifikasi/:id/kpk.csv                   channel (GOL), to type or paste it there
 *
 * A report the UPG may not handle answers 404, as if it did not exist. Every change and every
 * export is audited with ids, codes and states only, never a report's text. The routes are
 * registered before the staff's /gratifikasi/:id, which would otherwise take "upg".
 *
 * The UPG's action forms live in templates/partials/grat_upg_actions.html, inside the staff's
 * detail page (grat_routes_detail): grat_upg_detail_keys() fills the keys that partial reads.
 * The documents are Indonesian in the data file (the KPK's channel is) and in the page's
 * language in the PDFs. */
#include <stdio.h>
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
#include "grat.h"
#include "http/http.h"
#include "org/cal.h"
#include "org/org.h"
#include "report/pdf.h"
#include "web/fmt.h"
#include "web/i18n.h"
#include "web/model.h"

enum {
    RULE_CACHE = 64 /* units whose calendar rule the queue keeps while it walks its rows */
};

/* --- helpers ------------------------------------------------------------------------------ */

static bool
yes(json_t *o, const char *key)
{
    return json_is_true(json_object_get(o, key));
}

static const char *
id_text(struct req *rq, int64_t id)
{
    return arena_printf(rq->a, "%lld", (long long)id);
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

/* "1 Oktober 2026" of a time, in the zone tz; "" for 0. */
static const char *
day_text(struct req *rq, int64_t ms, const char *tz)
{
    if (!ms)
        return "";
    char d[11];
    day_of(ms, tz, d);
    return frame_day(rq, d);
}

/* "Rp1.500.000" in the request's language. */
static const char *
rupiah(struct req *rq, const char *lang, int64_t v)
{
    struct buf b = BUF_INIT;
    fmt_rupiah(&b, lang, v);
    const char *s = arena_strdup(rq->a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

/* ?tahun: a year, or 0 when absent, empty or not a year (any; dflt when absent and dflt). */
static int
year_query(struct req *rq, bool dflt)
{
    const char *p = req_query(rq, "tahun");
    int64_t y;
    if (p && parse_i64(p, strlen(p), &y) == 0 && y >= CAL_MIN_YEAR && y <= CAL_MAX_YEAR)
        return (int)y;
    return !p && dflt ? fmt_year_of(clock_now_ms()) : 0;
}

/* As the staff's pages show a state. */
static const char *
state_badge(const char *state)
{
    return strcmp(state, "dikembalikan") == 0                                  ? "warning"
           : strcmp(state, "gugur") == 0                                       ? "error"
           : strcmp(state, "ditetapkan") == 0 || strcmp(state, "selesai") == 0 ? "success"
                                                                               : "info";
}

static const char *const all_states[] = {"diajukan",   "dikembalikan", "diverifikasi", "diteruskan",
                                         "ditetapkan", "selesai",      "gugur"};
enum { NSTATES = sizeof all_states / sizeof all_states[0] };

static bool
is_closed(const char *state)
{
    return strcmp(state, "selesai") == 0 || strcmp(state, "gugur") == 0;
}

static const char *
kind_label(const char *lang, const char *kind)
{
    return grat_label("report_kinds", kind, lang);
}

/* [{value, label, selected}] of a settings list. */
static json_t *
options(struct req *rq, const char *list, const char *selected)
{
    json_t *l = json_array(), *x;
    size_t i;
    json_array_foreach(json_object_get(grat_settings(), list), i, x)
    {
        const char *code = jstr(x, "code");
        json_array_append_new(l, json_pack("{s:s,s:s,s:b}", "value", code, "label",
                                           grat_label(list, code, rq->lang), "selected",
                                           strcmp(selected, code) == 0));
    }
    return l;
}

/* The report of the URL (:id) when the person asking may handle it; the report is the arena's.
 * Anything else is ZE_NOTFOUND, as if it did not exist. */
static int
load(struct req *rq, json_t **out)
{
    const char *p = req_param(rq, "id");
    int64_t id;
    if (!p || parse_i64(p, strlen(p), &id) != 0 || id <= 0)
        return ZE_NOTFOUND;
    json_t *r = grat_store_get(rq->db, id);
    if (!r)
        return ZE_NOTFOUND;
    arena_defer(rq->a, jdecref, r);
    if (!grat_may_handle(rq, jstr(r, "unit_path")))
        return ZE_NOTFOUND;
    *out = r;
    return 0;
}

/* The time zone of the report's unit (WIB when unknown). */
static const char *
unit_tz(struct req *rq, json_t *r)
{
    struct org_unit u;
    if (org_unit_by_id(rq->db, jnum(r, "unit_id"), &u) != 0)
        return "WIB";
    return arena_strdup(rq->a, u.tz);
}

/* --- deadlines --------------------------------------------------------------------------- */

/* The calendar and the rules of the units met so far. */
struct dues {
    struct cal cal;
    bool has_cal;
    int64_t unit[RULE_CACHE];
    struct cal_rule rule[RULE_CACHE];
    size_t n;
};

static void
dues_init(struct req *rq, struct dues *d)
{
    *d = (struct dues){.n = 0};
    cal_init(&d->cal);
    d->has_cal = cal_store_load(rq->db, &d->cal) == 0;
}

static bool
dues_rule(struct req *rq, struct dues *d, int64_t unit_id, struct cal_rule *out)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->unit[i] == unit_id) {
            *out = d->rule[i];
            return true;
        }
    if (cal_store_rule(rq->db, unit_id, grat_cuti_bersama_works(), out) != 0)
        return false;
    if (d->n < RULE_CACHE) {
        d->unit[d->n] = unit_id;
        d->rule[d->n++] = *out;
    }
    return true;
}

/* The deadline a report's state runs against, as {has, what, day, open, soon, passed}: the UPG
 * forwards a report it received (diajukan) or verified within grat_upg_forward_days working days
 * of the report, and never after the KPK's 30 working days from receipt, whichever comes first;
 * a returned report lapses on its lapse day. Later states wait for the KPK or are closed. */
static json_t *
next_due(struct req *rq, struct dues *d, json_t *r, const char *today)
{
    const char *state = jstr(r, "state");
    const char *what = NULL;
    int64_t due = 0, t;
    struct cal_rule rule;
    bool has_rule = d->has_cal && dues_rule(rq, d, jnum(r, "unit_id"), &rule);
    if (strcmp(state, "diajukan") == 0 || strcmp(state, "diverifikasi") == 0) {
        int64_t fwd = 0, kpk = 0, reported;
        if (cal_parse_date(jstr(r, "forward_due"), &fwd) != 0 && has_rule &&
            cal_parse_date(jstr(r, "reported_day"), &reported) == 0 &&
            cal_add(&d->cal, reported, grat_upg_forward_days(), &rule, &fwd, NULL) != 0)
            fwd = 0;
        if (cal_parse_date(jstr(r, "kpk_due"), &kpk) != 0)
            kpk = 0;
        /* boundary: on the same day the statute's deadline is the one to name */
        if (kpk && (!fwd || kpk <= fwd)) {
            due = kpk;
            what = N_("KPK deadline");
        } else if (fwd) {
            due = fwd;
            what = N_("Forward to the KPK by");
        }
    } else if (strcmp(state, "dikembalikan") == 0 &&
               cal_parse_date(jstr(r, "lapse_due"), &due) == 0) {
        what = N_("Lapses unless completed by");
    }
    if (!what || cal_parse_date(today, &t) != 0)
        return json_pack("{s:b}", "has", false);
    enum grat_due s = has_rule  ? grat_due_state(&d->cal, &rule, t, due)
                      : t > due ? GRAT_DUE_PASSED
                                : GRAT_DUE_OPEN;
    char day[11];
    cal_format_date(due, day);
    return json_pack("{s:b,s:s,s:s,s:b,s:b,s:b}", "has", true, "what", frame_t(rq, what), "day",
                     frame_day(rq, day), "open", s == GRAT_DUE_OPEN, "soon", s == GRAT_DUE_SOON,
                     "passed", s == GRAT_DUE_PASSED);
}

/* --- the queue ------------------------------------------------------------------------------ */

static int
newest_first(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int64_t p = jnum(x, "reported_at"), q = jnum(y, "reported_at");
    if (p != q)
        return p < q ? 1 : -1;
    p = jnum(x, "id");
    q = jnum(y, "id");
    return p < q ? 1 : p > q ? -1 : 0;
}

/* Every row of the lists of the caller's grat.handle roots that grat_may_handle allows (a
 * province's UPG that does not take the regencies' reports keeps its own unit's), newest first.
 * deposits: the register of year instead of the reports. tz: the first root's zone. */
static int
handled_rows(struct req *rq, const char *state, int year, bool deposits, json_t **out,
             const char **tz)
{
    struct auth_ctx *ctx = auth_ctx(rq);
    json_t *roots = acl_roots(ctx ? ctx->grants : NULL, ctx ? ctx->ngrants : 0, "grat.handle");
    json_t *all = json_array(), *root;
    size_t i;
    int rc = 0;
    *tz = "WIB";
    json_array_foreach(roots, i, root)
    {
        json_t *list = json_array(), *row;
        size_t k;
        rc = deposits ? grat_store_deposits(rq->db, jstr(root, "path"), year, list)
                      : grat_store_list(rq->db, jstr(root, "path"), 0, state, year, list);
        if (rc == 0) {
            json_array_foreach(list, k, row)
            {
                if (grat_may_handle(rq, jstr(row, "unit_path")))
                    json_array_append(all, row);
            }
        }
        json_decref(list);
        if (rc)
            break;
        struct org_unit u;
        if (i == 0 && org_unit_by_code(rq->db, jstr(root, "code"), &u) == 0)
            *tz = arena_strdup(rq->a, u.tz);
    }
    json_decref(roots);
    if (rc) {
        json_decref(all);
        return rc;
    }
    size_t n = json_array_size(all);
    json_t **v = xcalloc(n ? n : 1, sizeof(json_t *));
    for (i = 0; i < n; i++)
        v[i] = json_array_get(all, i);
    qsort(v, n, sizeof(json_t *), newest_first);
    *out = json_array();
    for (i = 0; i < n; i++)
        json_array_append(*out, v[i]);
    free(v);
    json_decref(all);
    return 0;
}

/* Returned reports whose lapse day passed become gugur before the UPG looks at its queue.
 * "Today" is taken in WIB, the westernmost zone, whose date turns last: no report lapses
 * before its day is over anywhere. *n how many lapsed. */
static int
sweep_lapsed(struct req *rq, int *n)
{
    char today[11];
    today_in("WIB", today);
    *n = 0;
    int rc = db_begin_write(rq->db);
    if (rc)
        return rc;
    rc = grat_store_lapse(rq->db, today, clock_now_ms(), n);
    if (rc == 0 && *n > 0)
        rc = audit_request_take(rq, "grat.lapsed", 0, "grat_report", "", NULL,
                                json_pack("{s:i,s:s}", "count", *n, "today", today));
    return db_commit_or_rollback(rq->db, rc);
}

static int
grat_upg_get_list(struct req *rq, struct resp *rs)
{
    int lapsed = 0;
    int rc = sweep_lapsed(rq, &lapsed);
    if (rc)
        return rc;
    int year = year_query(rq, false);
    const char *state = req_query(rq, "status");
    if (!state)
        state = "terbuka";
    else if (strcmp(state, "terbuka") != 0 && !grat_state_ok(state))
        state = "";
    json_t *list = NULL;
    const char *tz;
    if ((rc = handled_rows(rq, state, year, false, &list, &tz)) != 0)
        return rc;
    char today[11];
    today_in(tz, today);
    struct dues d;
    dues_init(rq, &d);
    json_t *rows = json_array(), *r;
    size_t i;
    json_array_foreach(list, i, r)
    {
        const char *st = jstr(r, "state");
        json_t *row = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:s,s:s,s:s,s:b,s:b}",
                                "id", (json_int_t)jnum(r, "id"), "href",
                                arena_printf(rq->a, "/gratifikasi/%lld", (long long)jnum(r, "id")),
                                "reporter", jstr(r, "reporter_name"), "unit_name",
                                jstr(r, "unit_name"), "unit_code", jstr(r, "unit_code"), "received",
                                frame_day(rq, jstr(r, "received_day")), "kind_label",
                                kind_label(rq->lang, jstr(r, "kind")), "object_label",
                                grat_label("object_types", jstr(r, "object_type"), rq->lang),
                                "refusal", strcmp(jstr(r, "kind"), "penolakan") == 0, "value",
                                rupiah(rq, rq->lang, jnum(r, "value")), "state", st, "state_label",
                                grat_state_label(st, rq->lang), "state_badge", state_badge(st),
                                "late", yes(r, "late"), "must_report", yes(r, "must_report"));
        json_object_set_new(row, "due", next_due(rq, &d, r, today));
        json_object_set_new(row, "deposited", json_boolean(*jstr(r, "deposit_number") != '\0'));
        json_array_append_new(rows, row);
    }
    cal_free(&d.cal);
    json_decref(list);
    json_t *states = json_array();
    json_array_append_new(states, json_pack("{s:s,s:s,s:b}", "value", "terbuka", "label",
                                            frame_t(rq, N_("Open (not finished or lapsed)")),
                                            "selected", strcmp(state, "terbuka") == 0));
    for (size_t k = 0; k < NSTATES; k++)
        json_array_append_new(states, json_pack("{s:s,s:s,s:b}", "value", all_states[k], "label",
                                                grat_state_label(all_states[k], rq->lang),
                                                "selected", strcmp(state, all_states[k]) == 0));
    size_t n = json_array_size(rows);
    json_t *m = json_pack("{s:o,s:I,s:b,s:o,s:s,s:s,s:i,s:b,s:s,s:s}", "rows", rows, "count",
                          (json_int_t)n, "empty", n == 0, "states", states, "status", state, "year",
                          year ? arena_printf(rq->a, "%d", year) : "", "lapsed", lapsed,
                          "has_lapsed", lapsed > 0, "deposits_href", "/gratifikasi/upg/titipan",
                          "stats_href", "/gratifikasi/upg/statistik");
    json_object_set_new(m, "upg_days", json_integer(grat_upg_forward_days()));
    rc = frame_render(rq, rs, 200, "grat/upg_list", N_("Gratification reports: UPG"), m);
    rs->no_store = true;
    return rc;
}

/* --- the UPG's steps ------------------------------------------------------------------------ */

/* The fields of a step in the order the partial shows them. */
static const char *const step_fields[] = {"status",     "kekurangan",   "nomor_kpk",
                                          "nomor_sk",   "tanggal_sk",   "status_kpk",
                                          "kompensasi", "penyelesaian", "catatan"};
enum { NSTEP_FIELDS = sizeof step_fields / sizeof step_fields[0] };

void
grat_upg_detail_keys(struct req *rq, struct resp *rs, json_t *model, json_t *report, json_t *values,
                     json_t *errs)
{
    const char *state = jstr(report, "state");
    int64_t id = jnum(report, "id");
    const char *kept = jstr(report, "kept_at"), *number = jstr(report, "deposit_number");
    bool deposited = *number != '\0';
    json_t *v = json_object();
    for (size_t i = 0; i < NSTEP_FIELDS; i++)
        json_object_set_new(v, step_fields[i],
                            json_string(values ? jstr(values, step_fields[i]) : ""));
    const char *sent = jstr(v, "status");
    /* the end that follows from the KPK's decision is the one offered first */
    const char *outcome = jstr(report, "outcome");
    if (!*jstr(v, "penyelesaian"))
        json_object_set_new(v, "penyelesaian",
                            json_string(strcmp(outcome, "milik_negara") == 0     ? "diserahkan"
                                        : strcmp(outcome, "milik_penerima") == 0 ? "dikembalikan"
                                        : strcmp(outcome, "milik_negara_kompensasi") == 0
                                            ? "dibayar"
                                            : ""));
    json_t *emsg = json_object(), *elist = json_array();
    for (size_t i = 0; errs && i < NSTEP_FIELDS; i++) {
        const char *why = json_string_value(json_object_get(errs, step_fields[i]));
        if (!why)
            continue;
        const char *msg = frame_t(rq, why);
        json_object_set_new(emsg, step_fields[i], json_string(msg));
        json_array_append_new(elist, json_pack("{s:s,s:s}", "field",
                                               arena_printf(rq->a, "upg-%s", step_fields[i]),
                                               "message", msg));
    }
    const char *why = errs ? json_string_value(json_object_get(errs, "_form")) : NULL;
    if (why) {
        json_object_set_new(emsg, "form", json_string(frame_t(rq, why)));
        json_array_append_new(elist,
                              json_pack("{s:s,s:s}", "field", "upg", "message", frame_t(rq, why)));
    }
    const char *base = arena_printf(rq->a, "/gratifikasi/%lld", (long long)id);
    json_t *upg = json_pack(
        "{s:s,s:s,s:s,s:b,s:b,s:b,s:b,s:b,s:b,s:s,s:s,s:o,s:o,s:b,s:b,s:s,s:s,s:s,s:s,s:s,s:b}",
        "action", arena_printf(rq->a, "%s/upg", base), "csrf", csrf_token(rq, rs), "state_label",
        grat_state_label(state, rq->lang), "diajukan", strcmp(state, "diajukan") == 0,
        "diverifikasi", strcmp(state, "diverifikasi") == 0, "diteruskan",
        strcmp(state, "diteruskan") == 0, "ditetapkan", strcmp(state, "ditetapkan") == 0, "closed",
        is_closed(state), "waiting", strcmp(state, "dikembalikan") == 0, "missing",
        jstr(report, "missing"), "outcome_label",
        *jstr(report, "outcome") ? grat_label("outcomes", jstr(report, "outcome"), rq->lang) : "",
        "outcomes", options(rq, "outcomes", jstr(v, "status_kpk")), "finishes",
        options(rq, "finish_how", jstr(v, "penyelesaian")), "deposited", deposited,
        /* an object kept by its recipient may be brought to the UPG; one at the KPK is not ours */
        "can_deposit", !deposited && !is_closed(state) && strcmp(kept, "kpk") != 0,
        "deposit_action", arena_printf(rq->a, "%s/titip", base), "deposit_number", number,
        "receipt_href", arena_printf(rq->a, "%s/tanda-terima", base), "kpk_pdf_href",
        arena_printf(rq->a, "%s/kpk.pdf", base), "kpk_csv_href",
        arena_printf(rq->a, "%s/kpk.csv", base), "exports",
        /* the KPK's fields are worth having from verification on */
        strcmp(state, "diverifikasi") == 0 || strcmp(state, "diteruskan") == 0 ||
            strcmp(state, "ditetapkan") == 0 || strcmp(state, "selesai") == 0);
    json_object_set_new(upg, "wants_compensation", json_boolean(yes(report, "wants_compensation")));
    json_object_set_new(upg, "value", json_string(rupiah(rq, rq->lang, jnum(report, "value"))));
    /* which form was sent, so its errors show beside it and the others stay clean */
    static const char *const targets[] = {"diverifikasi", "dikembalikan", "diteruskan",
                                          "ditetapkan", "selesai"};
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++)
        json_object_set_new(upg, arena_printf(rq->a, "sent_%s", targets[i]),
                            json_boolean(strcmp(sent, targets[i]) == 0));
    json_object_set_new(model, "upg", upg);
    json_object_set_new(model, "upg_values", v);
    json_object_set_new(model, "upg_errors", emsg);
    json_object_set_new(model, "upg_error_list", elist);
    json_object_set_new(model, "upg_has_errors", json_boolean(json_array_size(elist) > 0));
}

static const char *
form_get(void *arg, const char *name)
{
    return req_field(arg, name);
}

static const char *
step_flash(const char *to)
{
    return strcmp(to, "diverifikasi") == 0   ? "grat_verified"
           : strcmp(to, "dikembalikan") == 0 ? "grat_returned"
           : strcmp(to, "diteruskan") == 0   ? "grat_forwarded"
           : strcmp(to, "ditetapkan") == 0   ? "grat_decided"
                                             : "grat_finished";
}

static int
grat_upg_post_step(struct req *rq, struct resp *rs)
{
    json_t *r;
    int rc = load(rq, &r);
    if (rc)
        return rc;
    json_t *values = json_object();
    arena_defer(rq->a, jdecref, values);
    for (size_t i = 0; i < NSTEP_FIELDS; i++)
        json_object_set_new(values, step_fields[i],
                            json_string(req_field_trimmed(rq, step_fields[i])));
    json_t *errs = json_object();
    arena_defer(rq->a, jdecref, errs);
    const char *from = arena_strdup(rq->a, jstr(r, "state"));
    struct grat_step *step = arena_alloc(rq->a, sizeof *step); /* grat_step_read clears it */
    int bad = grat_step_read(form_get, rq, from, step, errs);
    if (!bad && !json_object_size(errs) && !grat_transition_ok(from, step->to, true))
        json_object_set_new(errs, "status",
                            json_string(N_("This step does not follow from the report's state.")));
    if (bad || json_object_size(errs)) {
        if (!json_object_size(errs))
            json_object_set_new(errs, "_form", json_string(N_("The step could not be read.")));
        return grat_routes_detail(rq, rs, 422, r, values, errs);
    }
    int64_t id = jnum(r, "id");
    if ((rc = db_begin_write(rq->db)) != 0)
        return rc;
    rc = grat_store_transition(rq->db, id, step, auth_me(rq), clock_now_ms());
    if (rc == 0)
        rc = audit_request_take(rq, "grat.step", jnum(r, "unit_id"), "grat_report", id_text(rq, id),
                                json_pack("{s:s}", "state", from),
                                json_pack("{s:s}", "state", step->to));
    if (rc == 0) /* a working UPG is the LKE's pemenuhan.5.i.b */
        rc = grat_figures_changed(rq->db, jnum(r, "unit_id"), atoi(jstr(r, "received_day")),
                                  clock_now_ms());
    rc = db_commit_or_rollback(rq->db, rc);
    if (rc == ZE_INVAL && strcmp(step->to, "selesai") == 0) {
        /* the store refuses an ending that does not fit the KPK's decision (dibayar needs
         * compensation, dikembalikan milik penerima, diserahkan milik negara) */
        json_object_set_new(errs, "penyelesaian",
                            json_string(N_("This ending does not fit the KPK's decision: a "
                                           "payment follows a decision with compensation, a "
                                           "return to the recipient a decision of milik "
                                           "penerima, a handover a decision of milik negara.")));
        return grat_routes_detail(rq, rs, 422, r, values, errs);
    }
    if (rc == ZE_CONFLICT) {
        /* someone moved the report meanwhile: show it as it is now */
        json_t *now = grat_store_get(rq->db, id);
        if (!now)
            return ZE_NOTFOUND;
        arena_defer(rq->a, jdecref, now);
        json_object_set_new(errs, "_form",
                            json_string(N_("The report was changed by someone else in the "
                                           "meantime. Check its state and try again.")));
        return grat_routes_detail(rq, rs, 409, now, values, errs);
    }
    if (rc)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "/gratifikasi/%lld", (long long)id),
                          step_flash(step->to));
}

static int
grat_upg_post_deposit(struct req *rq, struct resp *rs)
{
    json_t *r;
    int rc = load(rq, &r);
    if (rc)
        return rc;
    int64_t id = jnum(r, "id");
    const char *state = jstr(r, "state");
    if (is_closed(state) || strcmp(jstr(r, "kept_at"), "kpk") == 0) {
        rq->error_detail =
            N_("Only an object kept by its recipient or at the UPG can be deposited, "
               "while the report is still open.");
        return ZE_CONFLICT;
    }
    char number[64] = "";
    if ((rc = db_begin_write(rq->db)) != 0)
        return rc;
    rc = grat_store_deposit(rq->db, id, auth_me(rq), clock_now_ms(), number);
    if (rc == 0)
        rc = audit_request_take(rq, "grat.deposited", jnum(r, "unit_id"), "grat_report",
                                id_text(rq, id), json_pack("{s:s}", "kept_at", jstr(r, "kept_at")),
                                json_pack("{s:s,s:s}", "kept_at", "upg", "number", number));
    rc = db_commit_or_rollback(rq->db, rc);
    if (rc == ZE_CONFLICT) {
        rq->error_detail = N_("The deposit of this object has already been recorded.");
        return rc;
    }
    if (rc)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "/gratifikasi/%lld", (long long)id),
                          "grat_deposited");
}

/* --- the report for the KPK (GOL) ------------------------------------------------------------ */

/* The fields in the order of the KPK's online form: the report, the reporter, the giver, the
 * event and the object, the receipt, the request, the attachments (wbs-facts.md §4.2). */
enum kpk_field {
    K_KIND,
    K_NUMBER,
    K_NAME,
    K_NIP,
    K_POSITION,
    K_UNIT,
    K_CONTACT,
    K_GIVER_NAME,
    K_GIVER_INSTITUTION,
    K_GIVER_ADDRESS,
    K_GIVER_RELATION,
    K_EVENT,
    K_OBJECT_TYPE,
    K_DESCRIPTION,
    K_VALUE,
    K_PLACE,
    K_RECEIVED,
    K_REPORTED,
    K_CHRONOLOGY,
    K_KEPT,
    K_COMPENSATION,
    K_FILES,
    K__MAX
};

enum kpk_group { G_REPORT, G_REPORTER, G_GIVER, G_GIFT, G_RECEIPT, G_OTHER, G__MAX };

static const char *const kpk_groups[G__MAX] = {
    [G_REPORT] = N_("The report"),
    [G_REPORTER] = N_("The reporter (recipient)"),
    [G_GIVER] = N_("The giver"),
    [G_GIFT] = N_("The event and the object"),
    [G_RECEIPT] = N_("Place, date and chronology"),
    [G_OTHER] = N_("The object, the request and the attachments"),
};

static const struct {
    enum kpk_group group;
    const char *label;
} kpk_fields[K__MAX] = {
    [K_KIND] = {G_REPORT, N_("Type of report")},
    [K_NUMBER] = {G_REPORT, N_("Report number in zona")},
    [K_NAME] = {G_REPORTER, N_("Reporter's name")},
    [K_NIP] = {G_REPORTER, N_("NIP")},
    [K_POSITION] = {G_REPORTER, N_("Position")},
    [K_UNIT] = {G_REPORTER, N_("Work unit")},
    [K_CONTACT] = {G_REPORTER, N_("Reporter's e-mail")},
    [K_GIVER_NAME] = {G_GIVER, N_("Giver's name")},
    [K_GIVER_INSTITUTION] = {G_GIVER, N_("Giver's institution")},
    [K_GIVER_ADDRESS] = {G_GIVER, N_("Giver's address")},
    [K_GIVER_RELATION] = {G_GIVER, N_("Relationship to the giver")},
    [K_EVENT] = {G_GIFT, N_("Event")},
    [K_OBJECT_TYPE] = {G_GIFT, N_("Type of object")},
    [K_DESCRIPTION] = {G_GIFT, N_("Description of the object")},
    [K_VALUE] = {G_GIFT, N_("Estimated value (Rupiah)")},
    [K_PLACE] = {G_RECEIPT, N_("Place of receipt")},
    [K_RECEIVED] = {G_RECEIPT, N_("Date of receipt or refusal")},
    [K_REPORTED] = {G_RECEIPT, N_("Date reported")},
    [K_CHRONOLOGY] = {G_RECEIPT, N_("Chronology")},
    [K_KEPT] = {G_OTHER, N_("Where the object is kept")},
    [K_COMPENSATION] = {G_OTHER, N_("Asks to keep the object against payment of its value")},
    [K_FILES] = {G_OTHER, N_("Supporting documents")},
};

/* The values of the fields in lang: for people (the PDF: Rupiah and dates written out, files one
 * a line) or for a data file (csv: plain digits, ISO dates, files separated by "; "). */
static void
kpk_values(struct req *rq, const char *lang, bool csv, json_t *r, const char *contact,
           json_t *files, const char *vals[K__MAX])
{
    const char *rel = jstr(r, "giver_relation"), *gk = jstr(r, "giver_kind");
    const char *gkl = *gk ? grat_label("givers", gk, lang) : "";
    const char *ek = jstr(r, "event_kind"), *ev = jstr(r, "event");
    const char *ekl = *ek ? grat_label("events", ek, lang) : "";
    vals[K_KIND] = kind_label(lang, jstr(r, "kind"));
    vals[K_NUMBER] = id_text(rq, jnum(r, "id"));
    vals[K_NAME] = jstr(r, "reporter_name");
    vals[K_NIP] = jstr(r, "reporter_nip");
    vals[K_POSITION] = jstr(r, "reporter_position");
    vals[K_UNIT] = jstr(r, "unit_name");
    vals[K_CONTACT] = contact;
    vals[K_GIVER_NAME] = jstr(r, "giver_name");
    vals[K_GIVER_INSTITUTION] = jstr(r, "giver_institution");
    vals[K_GIVER_ADDRESS] = jstr(r, "giver_address");
    vals[K_GIVER_RELATION] = *rel && *gkl ? arena_printf(rq->a, "%s (%s)", rel, gkl)
                             : *rel       ? rel
                                          : gkl;
    vals[K_EVENT] = *ev && *ekl ? arena_printf(rq->a, "%s: %s", ekl, ev) : *ev ? ev : ekl;
    vals[K_OBJECT_TYPE] = grat_label("object_types", jstr(r, "object_type"), lang);
    vals[K_DESCRIPTION] = jstr(r, "description");
    vals[K_VALUE] = csv ? arena_printf(rq->a, "%lld", (long long)jnum(r, "value"))
                        : rupiah(rq, lang, jnum(r, "value"));
    vals[K_PLACE] = jstr(r, "place");
    vals[K_RECEIVED] = csv ? jstr(r, "received_day") : frame_day(rq, jstr(r, "received_day"));
    vals[K_REPORTED] = csv ? jstr(r, "reported_day") : frame_day(rq, jstr(r, "reported_day"));
    vals[K_CHRONOLOGY] = jstr(r, "chronology");
    const char *kept = grat_label("kept_at", jstr(r, "kept_at"), lang);
    const char *number = jstr(r, "deposit_number");
    vals[K_KEPT] =
        *number ? arena_printf(rq->a, "%s, %s %s", kept, i18n_t(lang, N_("receipt number")), number)
                : kept;
    vals[K_COMPENSATION] = i18n_t(lang, yes(r, "wants_compensation") ? N_("Yes") : N_("No"));
    struct buf b = BUF_INIT;
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f)
    {
        if (i)
            buf_puts(&b, csv ? "; " : "\n");
        buf_puts(&b, jstr(f, "name"));
    }
    vals[K_FILES] = arena_strdup(rq->a, buf_cstr(&b));
    buf_free(&b);
}

/* The report, its files and its reporter's e-mail, for the documents. */
static int
kpk_load(struct req *rq, json_t **r, json_t **files, const char **contact)
{
    int rc = load(rq, r);
    if (rc)
        return rc;
    *files = json_array();
    arena_defer(rq->a, jdecref, *files);
    if ((rc = grat_store_files(rq->db, jnum(*r, "id"), *files)) != 0)
        return rc;
    struct auth_user u;
    *contact = auth_user_by_id(rq->db, jnum(*r, "reporter_id"), &u) == 0
                   ? arena_strdup(rq->a, u.email)
                   : "";
    return 0;
}

static int
audit_export(struct req *rq, json_t *r, const char *action, const char *format)
{
    int rc = db_begin_write(rq->db);
    if (rc)
        return rc;
    rc = audit_request_take(rq, action, jnum(r, "unit_id"), "grat_report",
                            id_text(rq, jnum(r, "id")), NULL,
                            json_pack("{s:s,s:s}", "format", format, "state", jstr(r, "state")));
    return db_commit_or_rollback(rq->db, rc);
}

static int
grat_upg_get_kpk_csv(struct req *rq, struct resp *rs)
{
    json_t *r, *files;
    const char *contact;
    int rc = kpk_load(rq, &r, &files, &contact);
    if (rc)
        return rc;
    /* the KPK's channel is in Indonesian: so is the data file, whatever the page's language */
    const char *vals[K__MAX];
    kpk_values(rq, "id", true, r, contact, files, vals);
    struct buf out = BUF_INIT;
    buf_puts(&out, "\xEF\xBB\xBF"); /* a byte-order mark, so spreadsheets read UTF-8 */
    for (int k = 0; k < K__MAX; k++)
        csv_cell(&out, i18n_t("id", kpk_fields[k].label), k == K__MAX - 1);
    for (int k = 0; k < K__MAX; k++)
        csv_cell(&out, vals[k], k == K__MAX - 1);
    if ((rc = audit_export(rq, r, "grat.kpk_exported", "csv")) != 0) {
        buf_free(&out);
        return rc;
    }
    resp_text(rs, 200, "text/csv; charset=utf-8", out.p, out.len);
    buf_free(&out);
    resp_header(rs, "Content-Disposition",
                arena_printf(rq->a, "attachment; filename=\"gratifikasi-%lld-kpk.csv\"",
                             (long long)jnum(r, "id")));
    rs->no_store = true;
    return 0;
}

/* Text across the column in size points. */
static void
line(struct pdf *d, double size, int font, enum pdf_align align, double after, const char *text)
{
    struct pdf_style st = {size, font, align, 0, 0, after};
    pdf_text(d, &st, text);
}

/* A label/value block. */
static void
pairs(struct pdf *d, const char *const *labels, const char *const *values, int n)
{
    static const struct pdf_column cols[2] = {{"", 0.36, PDF_LEFT}, {"", 0.64, PDF_LEFT}};
    struct pdf_table *t = pdf_table_begin(d, cols, 2, 10, PDF_TABLE_PLAIN);
    for (int i = 0; i < n; i++) {
        const char *cells[2] = {labels[i], *values[i] ? values[i] : "\xE2\x80\x93"};
        pdf_table_row(t, cells, 0);
    }
    pdf_table_end(t);
}

/* Starts a PDF in a temporary file; path receives its name. */
static int
doc_open(struct req *rq, const char *title, const char *unit, char *path, size_t n, struct pdf **d)
{
    int fd = resp_temp_file(path, n, ".pdf");
    if (fd < 0)
        return ZE_IO;
    close(fd);
    struct pdf_meta meta = {
        .title = title,
        .author = unit,
        .subject = title,
        .keywords = frame_t(rq, N_("gratification, UPG, KPK")),
        .footer = arena_printf(rq->a, "%s \xC2\xB7 %s", unit, title),
        .lang = rq->lang,
    };
    struct buf err = BUF_INIT;
    int rc = pdf_open(path, &meta, d, &err);
    if (rc) {
        log_error("grat: %s: %s", path, buf_cstr(&err));
        unlink(path);
    }
    buf_free(&err);
    return rc;
}

static int
doc_close(struct req *rq, struct resp *rs, struct pdf *d, const char *path, const char *name)
{
    struct buf err = BUF_INIT;
    int rc = pdf_close(d, &err);
    if (rc) {
        log_error("grat: %s: %s", name, buf_cstr(&err));
        buf_free(&err);
        unlink(path);
        return ZE_IO;
    }
    buf_free(&err);
    rc = resp_temp_download(rq, rs, path, "application/pdf", name);
    rs->no_store = true;
    return rc;
}

static int
grat_upg_get_kpk_pdf(struct req *rq, struct resp *rs)
{
    json_t *r, *files;
    const char *contact;
    int rc = kpk_load(rq, &r, &files, &contact);
    if (rc)
        return rc;
    const char *vals[K__MAX];
    kpk_values(rq, rq->lang, false, r, contact, files, vals);
    const char *title = frame_t(rq, N_("Gratification report to be forwarded to the KPK"));
    const char *unit = jstr(r, "unit_name");
    char today[11];
    today_in(unit_tz(rq, r), today);
    char path[512];
    struct pdf *d = NULL;
    if ((rc = doc_open(rq, title, unit, path, sizeof path, &d)) != 0)
        return rc;
    line(d, 11, PDF_BOLD, PDF_LEFT, 0, unit);
    line(d, 9, 0, PDF_LEFT, 8, frame_t(rq, N_("Gratification Control Unit (UPG)")));
    line(d, 15, PDF_BOLD, PDF_LEFT, 2, title);
    line(d, 9.5, 0, PDF_LEFT, 4,
         arena_printf(rq->a, "%s: %s \xC2\xB7 %s: %s", frame_t(rq, N_("Date")),
                      frame_day(rq, today), frame_t(rq, N_("Report number in zona")),
                      vals[K_NUMBER]));
    pdf_rule(d, true);
    pdf_space(d, 4);
    for (int g = 0; g < G__MAX; g++) {
        const char *labels[K__MAX], *values[K__MAX];
        int n = 0;
        for (int k = 0; k < K__MAX; k++)
            if (kpk_fields[k].group == (enum kpk_group)g) {
                labels[n] = frame_t(rq, kpk_fields[k].label);
                values[n++] = vals[k];
            }
        pdf_heading(d, 1, frame_t(rq, kpk_groups[g]));
        pairs(d, labels, values, n);
        pdf_space(d, 4);
    }
    pdf_space(d, 6);
    struct pdf_style small = {8.5, PDF_ITALIC, PDF_LEFT, 0, 0, 0};
    pdf_text(d, &small,
             frame_t(rq, N_("Prepared by the UPG for entry into the KPK's Gratifikasi Online (GOL) "
                            "at https://gol.kpk.go.id, in the order of its form. The supporting "
                            "documents are attached there as files.")));
    if ((rc = audit_export(rq, r, "grat.kpk_exported", "pdf")) != 0) {
        pdf_abandon(d);
        return rc;
    }
    return doc_close(rq, rs, d, path,
                     arena_printf(rq->a, "gratifikasi-%lld-kpk.pdf", (long long)jnum(r, "id")));
}

/* --- the deposit receipt -------------------------------------------------------------------- */

/* Who took the object in: the actor of the deposit's event, else the person printing. */
static const char *
deposit_officer(struct req *rq, json_t *r, const char **nip)
{
    struct auth_ctx *ctx = auth_ctx(rq);
    const char *me = ctx ? ctx->u.name : "";
    json_t *events = json_array(), *e;
    size_t i;
    const char *who = NULL;
    if (grat_store_events(rq->db, jnum(r, "id"), events) == 0)
        json_array_foreach(events, i, e)
        {
            const char *a = jstr(e, "action");
            if (strstr(a, "deposit") || strstr(a, "titip"))
                who = arena_strdup(rq->a, jstr(e, "actor"));
        }
    json_decref(events);
    if (!who || !*who || strcmp(who, me) == 0) {
        *nip = ctx ? arena_strdup(rq->a, ctx->u.nip) : "";
        return arena_strdup(rq->a, me);
    }
    *nip = "";
    return who;
}

static int
grat_upg_get_receipt(struct req *rq, struct resp *rs)
{
    json_t *r;
    int rc = load(rq, &r);
    if (rc)
        return rc;
    const char *number = jstr(r, "deposit_number");
    if (!*number) {
        rq->error_detail = N_("No deposit has been recorded for this report yet.");
        return ZE_NOTFOUND;
    }
    const char *tz = unit_tz(rq, r), *unit = jstr(r, "unit_name");
    const char *title = frame_t(rq, N_("Receipt for a deposited gratification object"));
    const char *when = day_text(rq, jnum(r, "deposited_at"), tz);
    const char *officer_nip, *officer = deposit_officer(rq, r, &officer_nip);
    char path[512];
    struct pdf *d = NULL;
    if ((rc = doc_open(rq, title, unit, path, sizeof path, &d)) != 0)
        return rc;
    line(d, 11, PDF_BOLD, PDF_CENTER, 0, unit);
    line(d, 9, 0, PDF_CENTER, 6, frame_t(rq, N_("Gratification Control Unit (UPG)")));
    pdf_rule(d, true);
    pdf_space(d, 8);
    line(d, 14, PDF_BOLD, PDF_CENTER, 2, title);
    line(d, 10.5, 0, PDF_CENTER, 12, arena_printf(rq->a, "%s: %s", frame_t(rq, N_("No.")), number));
    pdf_paragraph(d, frame_t(rq, N_("The Gratification Control Unit has received the object "
                                    "described below from its recipient, to keep until the KPK "
                                    "decides whose property it is.")));
    pdf_space(d, 2);
    const char *kept = arena_printf(rq->a, "%s (%s)", grat_label("kept_at", "upg", rq->lang), unit);
    const char *labels[] = {
        frame_t(rq, N_("Receipt number")),
        frame_t(rq, N_("Date deposited")),
        frame_t(rq, N_("Report number in zona")),
        frame_t(rq, N_("Reporter's name")),
        frame_t(rq, N_("NIP")),
        frame_t(rq, N_("Position")),
        frame_t(rq, N_("Work unit")),
        frame_t(rq, N_("Type of object")),
        frame_t(rq, N_("Description of the object")),
        frame_t(rq, N_("Estimated value (Rupiah)")),
        frame_t(rq, N_("Date of receipt or refusal")),
        frame_t(rq, N_("Where the object is kept")),
    };
    const char *values[] = {
        number,
        when,
        id_text(rq, jnum(r, "id")),
        jstr(r, "reporter_name"),
        jstr(r, "reporter_nip"),
        jstr(r, "reporter_position"),
        unit,
        grat_label("object_types", jstr(r, "object_type"), rq->lang),
        jstr(r, "description"),
        rupiah(rq, rq->lang, jnum(r, "value")),
        frame_day(rq, jstr(r, "received_day")),
        kept,
    };
    pairs(d, labels, values, (int)(sizeof labels / sizeof labels[0]));
    pdf_space(d, 8);
    pdf_paragraph(d, frame_t(rq, N_("The object is handed over, returned to the recipient or "
                                    "released against payment only as the KPK's decision "
                                    "says, against a signature.")));
    pdf_space(d, 14);
    pdf_keep(d, 160);
    line(d, 10, 0, PDF_RIGHT, 8, when);
    static const struct pdf_column sig[2] = {{"", 0.5, PDF_CENTER}, {"", 0.5, PDF_CENTER}};
    struct pdf_table *t = pdf_table_begin(d, sig, 2, 10, PDF_TABLE_PLAIN);
    const char *head[2] = {
        arena_printf(rq->a, "%s\n%s", frame_t(rq, N_("Handed over by")),
                     frame_t(rq, N_("the reporter"))),
        arena_printf(rq->a, "%s\n%s", frame_t(rq, N_("Received by")),
                     frame_t(rq, N_("the UPG officer"))),
    };
    const char *space[2] = {"\n\n\n\n", "\n\n\n\n"};
    const char *names[2] = {
        arena_printf(rq->a, "( %s )\n%s %s", jstr(r, "reporter_name"), frame_t(rq, N_("NIP")),
                     jstr(r, "reporter_nip")),
        arena_printf(rq->a, "( %s )\n%s %s", *officer ? officer : "........................",
                     frame_t(rq, N_("NIP")), *officer_nip ? officer_nip : "...................."),
    };
    pdf_table_row(t, head, 0);
    pdf_table_row(t, space, 0);
    pdf_table_row(t, names, 0);
    pdf_table_end(t);
    if ((rc = audit_export(rq, r, "grat.receipt_printed", "pdf")) != 0) {
        pdf_abandon(d);
        return rc;
    }
    return doc_close(rq, rs, d, path,
                     arena_printf(rq->a, "tanda-terima-%lld.pdf", (long long)jnum(r, "id")));
}

/* --- the register of deposits ---------------------------------------------------------------- */

static int
deposits_csv(struct req *rq, struct resp *rs, json_t *list, int year, const char *tz)
{
    static const char *const head[] = {
        N_("Receipt number"),
        N_("Date deposited"),
        N_("Report number in zona"),
        N_("Reporter's name"),
        N_("Work unit"),
        N_("Type of object"),
        N_("Description of the object"),
        N_("Estimated value (Rupiah)"),
        N_("State"),
        N_("Outcome"),
    };
    enum { NHEAD = sizeof head / sizeof head[0] };
    struct buf out = BUF_INIT;
    buf_puts(&out, "\xEF\xBB\xBF");
    for (size_t k = 0; k < NHEAD; k++)
        csv_cell(&out, i18n_t("id", head[k]), k == NHEAD - 1);
    size_t i;
    json_t *r;
    json_array_foreach(list, i, r)
    {
        char day[11] = "";
        if (jnum(r, "deposited_at"))
            day_of(jnum(r, "deposited_at"), tz, day);
        const char *outcome = jstr(r, "outcome");
        csv_cell(&out, jstr(r, "deposit_number"), false);
        csv_cell(&out, day, false);
        csv_cell(&out, id_text(rq, jnum(r, "id")), false);
        csv_cell(&out, jstr(r, "reporter_name"), false);
        csv_cell(&out, jstr(r, "unit_name"), false);
        csv_cell(&out, grat_label("object_types", jstr(r, "object_type"), "id"), false);
        csv_cell(&out, jstr(r, "description"), false);
        csv_cell(&out, id_text(rq, jnum(r, "value")), false);
        csv_cell(&out, grat_state_label(jstr(r, "state"), "id"), false);
        csv_cell(&out, *outcome ? grat_label("outcomes", outcome, "id") : "", true);
    }
    int rc = db_begin_write(rq->db);
    if (rc == 0) {
        rc = audit_request_take(
            rq, "grat.deposits_exported", 0, "grat_report", "", NULL,
            json_pack("{s:i,s:I}", "year", year, "rows", (json_int_t)json_array_size(list)));
        rc = db_commit_or_rollback(rq->db, rc);
    }
    if (rc) {
        buf_free(&out);
        return rc;
    }
    resp_text(rs, 200, "text/csv; charset=utf-8", out.p, out.len);
    buf_free(&out);
    resp_header(rs, "Content-Disposition",
                arena_printf(rq->a, "attachment; filename=\"titipan-gratifikasi-%d.csv\"", year));
    rs->no_store = true;
    return 0;
}

static int
grat_upg_get_deposits(struct req *rq, struct resp *rs)
{
    int year = year_query(rq, true);
    if (!year)
        year = fmt_year_of(clock_now_ms());
    json_t *list = NULL;
    const char *tz;
    int rc = handled_rows(rq, "", year, true, &list, &tz);
    if (rc)
        return rc;
    arena_defer(rq->a, jdecref, list);
    const char *format = req_query(rq, "format");
    if (format && strcmp(format, "csv") == 0)
        return deposits_csv(rq, rs, list, year, tz);
    json_t *rows = json_array(), *r;
    size_t i;
    json_array_foreach(list, i, r)
    {
        const char *st = jstr(r, "state"), *outcome = jstr(r, "outcome");
        const char *href = arena_printf(rq->a, "/gratifikasi/%lld", (long long)jnum(r, "id"));
        json_array_append_new(
            rows,
            json_pack(
                "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "number",
                jstr(r, "deposit_number"), "deposited", day_text(rq, jnum(r, "deposited_at"), tz),
                "reporter", jstr(r, "reporter_name"), "unit_name", jstr(r, "unit_name"),
                "object_label", grat_label("object_types", jstr(r, "object_type"), rq->lang),
                "description", jstr(r, "description"), "value",
                rupiah(rq, rq->lang, jnum(r, "value")), "state_label",
                grat_state_label(st, rq->lang), "state_badge", state_badge(st), "outcome_label",
                *outcome ? grat_label("outcomes", outcome, rq->lang) : "", "href", href,
                "receipt_href", arena_printf(rq->a, "%s/tanda-terima", href), "finish_label",
                *jstr(r, "finish_how") ? grat_label("finish_how", jstr(r, "finish_how"), rq->lang)
                                       : ""));
    }
    size_t n = json_array_size(rows);
    json_t *m = json_pack("{s:o,s:I,s:b,s:i,s:i,s:i,s:s,s:s}", "rows", rows, "count", (json_int_t)n,
                          "empty", n == 0, "year", year, "prev_year", year - 1, "next_year",
                          year + 1, "csv_href",
                          arena_printf(rq->a, "/gratifikasi/upg/titipan?tahun=%d&format=csv", year),
                          "queue_href", "/gratifikasi/upg");
    rc = frame_render(rq, rs, 200, "grat/upg_deposits", N_("Register of deposited objects"), m);
    rs->no_store = true;
    return rc;
}

/* --- statistics ------------------------------------------------------------------------------ */

static const char *
count_text(struct req *rq, json_int_t v)
{
    struct buf b = BUF_INIT;
    fmt_int(&b, rq->lang, (int64_t)v);
    const char *s = arena_strdup(rq->a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

/* [{label, n}] of a breakdown {code: n}, in the order of the settings list (or of the states),
 * then any code the list does not know. */
static json_t *
breakdown(struct req *rq, json_t *by, const char *list)
{
    json_t *rows = json_array(), *seen = json_object(), *x;
    size_t i;
    const char *key;
    if (list) {
        json_array_foreach(json_object_get(grat_settings(), list), i, x)
        {
            const char *code = jstr(x, "code");
            json_t *v = json_object_get(by, code);
            if (!json_is_integer(v))
                continue;
            json_object_set_new(seen, code, json_true());
            json_array_append_new(rows,
                                  json_pack("{s:s,s:s}", "label", grat_label(list, code, rq->lang),
                                            "n", count_text(rq, json_integer_value(v))));
        }
    } else {
        for (size_t k = 0; k < NSTATES; k++) {
            json_t *v = json_object_get(by, all_states[k]);
            if (!json_is_integer(v))
                continue;
            json_object_set_new(seen, all_states[k], json_true());
            json_array_append_new(rows, json_pack("{s:s,s:s}", "label",
                                                  grat_state_label(all_states[k], rq->lang), "n",
                                                  count_text(rq, json_integer_value(v))));
        }
    }
    json_t *v;
    json_object_foreach(by, key, v)
    {
        if (json_object_get(seen, key))
            continue;
        json_array_append_new(
            rows, json_pack("{s:s,s:s}", "label",
                            strcmp(key, "-") == 0 || !*key ? frame_t(rq, N_("Not stated")) : key,
                            "n", count_text(rq, json_integer_value(v))));
    }
    json_decref(seen);
    return rows;
}

static int
grat_upg_get_stats(struct req *rq, struct resp *rs)
{
    struct org_unit top;
    json_t *roots;
    int rc = org_scope(rq, "grat.stats", &top, &roots);
    if (rc) {
        json_decref(roots);
        return rc;
    }
    int year = year_query(rq, true);
    if (!year)
        year = fmt_year_of(clock_now_ms());
    json_t *s = NULL;
    if ((rc = grat_store_stats(rq->db, top.path, year, &s)) != 0) {
        json_decref(roots);
        return rc;
    }
    json_int_t total = json_integer_value(json_object_get(s, "total"));
    json_t *median = json_object_get(s, "median_days_to_report");
    json_t *share = json_object_get(s, "in_time_share");
    json_t *m = json_pack(
        "{s:i,s:i,s:i,s:s,s:s,s:o,s:b,s:s,s:b,s:s,s:s,s:b,s:s,s:s,s:b,s:o,s:o,s:o,s:o,s:b}", "year",
        year, "prev_year", year - 1, "next_year", year + 1, "scope_code", top.code, "scope_name",
        top.name, "scopes", roots, "many_scopes", json_array_size(roots) > 1, "total",
        count_text(rq, total), "none", total == 0, "refusals",
        count_text(rq, json_integer_value(json_object_get(s, "refusals"))), "in_time",
        count_text(rq, json_integer_value(json_object_get(s, "in_time"))), "has_median",
        json_is_number(median), "median",
        json_is_number(median) ? frame_decimal(rq, json_number_value(median), 0) : "", "share",
        json_is_number(share) ? frame_decimal(rq, json_number_value(share) * 100.0, 1) : "",
        "has_share", json_is_number(share), "by_state",
        breakdown(rq, json_object_get(s, "by_state"), NULL), "by_object",
        breakdown(rq, json_object_get(s, "by_object"), "object_types"), "by_band",
        breakdown(rq, json_object_get(s, "by_band"), "value_bands"), "by_outcome",
        breakdown(rq, json_object_get(s, "by_outcome"), "outcomes"), "is_upg",
        auth_may(rq, "grat.handle", top.path));
    json_decref(s);
    json_object_set_new(m, "upg_days", json_integer(grat_upg_days()));
    /* "laporan nihil": who declared for the current period, unit by unit */
    if (grat_nihil_enabled()) {
        char today[11], period[GRAT_PERIOD_LEN];
        cal_format_date(clock_now_ms() / 86400000, today);
        grat_period_of(today, period);
        json_t *units = json_array();
        if ((rc = grat_store_declarations(rq->db, top.path, period, units)) != 0) {
            json_decref(units);
            json_decref(m);
            return rc;
        }
        json_t *rows = json_array();
        size_t i;
        json_t *u;
        json_array_foreach(units, i, u)
        {
            int64_t staff = json_integer_value(json_object_get(u, "staff"));
            int64_t done = json_integer_value(json_object_get(u, "declared"));
            if (staff == 0)
                continue;
            json_array_append_new(
                rows,
                json_pack("{s:O,s:O,s:I,s:I,s:s,s:b}", "unit_code", json_object_get(u, "unit_code"),
                          "unit_name", json_object_get(u, "unit_name"), "staff", (json_int_t)staff,
                          "declared", (json_int_t)done, "share",
                          frame_decimal(rq, 100.0 * (double)done / (double)staff, 0), "complete",
                          done >= staff));
        }
        json_decref(units);
        json_object_set_new(m, "nihil",
                            json_pack("{s:s,s:o,s:b}", "period", period, "units", rows, "none",
                                      json_array_size(rows) == 0));
    }
    rc = frame_render(rq, rs, 200, "grat/upg_stats", N_("Gratification statistics"), m);
    rs->no_store = true;
    return rc;
}

/* --- the route table ------------------------------------------------------------------------- */

/* Before the staff's /gratifikasi/:id (first match wins). */
static const struct route grat_upg_routes[] = {
    {HTTP_GET, "/gratifikasi/upg", "grat.handle", NULL, grat_upg_get_list, 0, NULL},
    {HTTP_GET, "/gratifikasi/upg/titipan", "grat.handle", NULL, grat_upg_get_deposits, 0, NULL},
    {HTTP_GET, "/gratifikasi/upg/statistik", "grat.stats", NULL, grat_upg_get_stats, 0, NULL},
    {HTTP_POST, "/gratifikasi/:id/upg", "grat.handle", NULL, grat_upg_post_step, 0, NULL},
    {HTTP_POST, "/gratifikasi/:id/titip", "grat.handle", NULL, grat_upg_post_deposit, 0, NULL},
    {HTTP_GET, "/gratifikasi/:id/tanda-terima", "grat.handle", NULL, grat_upg_get_receipt, 0, NULL},
    {HTTP_GET, "/gratifikasi/:id/kpk.pdf", "grat.handle", NULL, grat_upg_get_kpk_pdf, 0, NULL},
    {HTTP_GET, "/gratifikasi/:id/kpk.csv", "grat.handle", NULL, grat_upg_get_kpk_csv, 0, NULL},
};

void
grat_upg_register(void)
{
    router_add(grat_upg_routes, sizeof grat_upg_routes / sizeof grat_upg_routes[0]);
}
