/* lke_routes: the assessments in the web UI and the API. The overview of the units in reach, an
 * assessment's page (state, deadline, completion, score and readiness, team, history, moves),
 * answering area by area with evidence, the review side by side, the inbox, and the documents.
 * The router has checked the route's permission on the unit the URL names; handlers check what
 * only they can know: the change area of an anggota-pokja, TPI team membership, the state. */
#include "lke_routes.h"

#include <sys/stat.h>

#include <ctype.h>
#include <fcntl.h>
#include <math.h>
#include <sodium.h>
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
#include "http/http.h"
#include "lke.h"
#include "lke_docs.h"
#include "lke_work.h"
#include "org/org.h"
#include "report/zip.h"
#include "web/fmt.h"

/* --- helpers ------------------------------------------------------------------------------ */

struct ctx {
    struct org_unit u;
    struct lke_assessment a;
    const struct lke_fw *fw;
    char base[96]; /* "/lke/51.05/2026" */
};

static int
year_param(struct req *rq, int *year)
{
    const char *p = req_param(rq, "year");
    int64_t y;
    if (!p || parse_i64(p, strlen(p), &y) != 0 || y < 2000 || y > 2200)
        return ZE_NOTFOUND;
    *year = (int)y;
    return 0;
}

static int
load(struct req *rq, struct ctx *c)
{
    int year;
    if (org_unit_by_code(rq->db, req_param(rq, "code"), &c->u) != 0 || year_param(rq, &year))
        return ZE_NOTFOUND;
    if (lke_store_get(rq->db, c->u.id, year, &c->a) != 0)
        return ZE_NOTFOUND;
    c->fw = lke_registry_get(c->a.framework_id, c->a.framework_version);
    if (!c->fw) { /* pinned to a version another process loaded */
        struct buf err = BUF_INIT;
        lke_registry_init(rq->db, &err);
        buf_free(&err);
        c->fw = lke_registry_get(c->a.framework_id, c->a.framework_version);
    }
    if (!c->fw)
        return ZE_UNAVAIL;
    snprintf(c->base, sizeof c->base, "/lke/%s/%d", c->u.code, c->a.year);
    return 0;
}

/* May the caller edit the answers of change area (1..6, 0 for Hasil) of this unit? A grant of a
 * role with lke.answer and no area covers every area; anggota-pokja:N covers area N. */
static bool
may_edit_area(struct req *rq, const struct org_unit *u, int area)
{
    struct auth_ctx *c = auth_ctx(rq);
    for (size_t i = 0; c && i < c->ngrants; i++) {
        const struct acl_grant *g = &c->grants[i];
        if (!acl_role_has(g->role, "lke.answer") ||
            strncmp(u->path, g->unit_path, strlen(g->unit_path)) != 0)
            continue;
        if (g->area == 0 || g->area == area)
            return true;
    }
    return false;
}

static json_t *
num(struct req *rq, double v)
{
    struct buf b = BUF_INIT;
    fmt_decimal(&b, rq->lang, v, 2);
    json_t *s = json_string(b.p);
    buf_free(&b);
    return s;
}

/* An error for a form post: a JSON error for scripts and the API, else the message on the page
 * the form came from (flash). */
static int
form_error(struct req *rq, struct resp *rs, int status, const char *code, const char *msg,
           const char *back)
{
    if (rq->wants_json) {
        http_error_json(rs, status, code, frame_t(rq, msg));
        return 0;
    }
    rq->error_detail = msg;
    (void)back;
    return status == 409 ? ZE_CONFLICT : status == 403 ? ZE_FORBIDDEN : ZE_INVAL;
}

/* The message shown when an answer is not one the question takes. */
static const char *
answer_hint(const struct lke_question *q)
{
    switch (q->type) {
    case LKE_YN:
        return N_("Choose Ya or Tidak.");
    case LKE_OPTIONS:
        return N_("Choose one of the options.");
    case LKE_INDEX:
        return N_("Enter a survey index from 1 to 4.");
    default:
        return q->ninputs ? N_("Enter each number as 0 or more.")
                          : N_("Enter a percentage of 0 or more.");
    }
}

static json_t *
number_of(const char *s, bool *ok)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%s", s);
    for (char *p = tmp; *p; p++)
        if (*p == ',')
            *p = '.';
    char *end;
    double d = strtod(tmp, &end);
    while (*end == ' ' || *end == '%')
        end++;
    *ok = end != tmp && !*end && isfinite(d);
    return *ok ? json_real(d) : NULL;
}

/* Turns one raw answer (form text or JSON) into lke_score's form and checks it with the scoring
 * function itself. Returns a new reference (json null for "no answer") or NULL with *why. */
static json_t *
parse_answer(const struct lke_framework *f, const struct lke_question *q, json_t *raw,
             const char **why)
{
    *why = answer_hint(q);
    if (!raw || json_is_null(raw) || (json_is_string(raw) && !*json_string_value(raw)))
        return json_null();
    json_t *v = NULL;
    bool ok = true;
    if (json_is_string(raw) && (q->type == LKE_PERCENT || q->type == LKE_INDEX)) {
        v = number_of(json_string_value(raw), &ok);
    } else if (json_is_string(raw) && q->type == LKE_YN) {
        const char *s = json_string_value(raw);
        v = json_string(strcasecmp(s, "ya") == 0      ? "ya"
                        : strcasecmp(s, "tidak") == 0 ? "tidak"
                                                      : s);
    } else if (json_is_string(raw) && q->type == LKE_OPTIONS) {
        char k[8];
        snprintf(k, sizeof k, "%s", json_string_value(raw));
        for (char *p = k; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        v = json_string(k);
    } else if (json_is_object(raw) && json_is_object(json_object_get(raw, "inputs"))) {
        /* inputs typed in a form arrive as strings */
        json_t *in = json_object(), *x;
        const char *k;
        json_object_foreach(json_object_get(raw, "inputs"), k, x)
        {
            json_t *n = json_is_string(x) ? number_of(json_string_value(x), &ok) : json_incref(x);
            if (!ok || !n) {
                json_decref(n);
                json_decref(in);
                return NULL;
            }
            json_object_set_new(in, k, n);
        }
        v = json_pack("{s:o}", "inputs", in);
    } else {
        v = json_incref(raw);
    }
    if (!ok || !v)
        return NULL;
    json_t *answers = json_pack("{s:O}", q->code, v), *result = NULL;
    struct buf err = BUF_INIT;
    int rc = lke_score(f, answers, &result, &err);
    json_decref(answers);
    json_decref(result);
    buf_free(&err);
    if (rc) {
        json_decref(v);
        return NULL;
    }
    *why = NULL;
    return v;
}

/* The text of an answer for display ("Ya", "B", "85,00 %", "12 / 15"). */
static json_t *
answer_text(struct req *rq, const struct lke_question *q, json_t *v)
{
    if (!v || json_is_null(v))
        return json_string("");
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (strcmp(s, "ya") == 0)
            return json_string("Ya");
        if (strcmp(s, "tidak") == 0)
            return json_string("Tidak");
        return json_string(s);
    }
    if (json_is_number(v)) {
        struct buf b = BUF_INIT;
        fmt_decimal(&b, rq->lang, json_number_value(v), 2);
        if (q && q->type == LKE_PERCENT)
            buf_puts(&b, " %");
        json_t *s = json_string(b.p);
        buf_free(&b);
        return s;
    }
    json_t *in = json_object_get(v, "inputs");
    if (json_is_object(in)) {
        struct buf b = BUF_INIT;
        const char *k;
        json_t *x;
        json_object_foreach(in, k, x)
        {
            if (b.len)
                buf_puts(&b, "; ");
            buf_printf(&b, "%s = ", k);
            fmt_decimal(&b, rq->lang, json_number_value(x), 0);
        }
        json_t *s = json_string(b.len ? b.p : "");
        buf_free(&b);
        return s;
    }
    return json_string("");
}

/* Reasons of a verdict in words. */
static json_t *
reasons_text(struct req *rq, const struct lke_fw *fw, json_t *result, const char *for_)
{
    json_t *list = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(result, "reasons"), i, r)
    {
        const char *rfor = json_string_value(json_object_get(r, "for"));
        if (!rfor || strcmp(rfor, for_) != 0)
            continue;
        const char *rule = json_string_value(json_object_get(r, "rule"));
        const char *code = json_string_value(json_object_get(r, "code"));
        struct buf b = BUF_INIT;
        const char *what = frame_t(rq, N_("Total"));
        if (rule && strcmp(rule, "area_min") == 0 && code) {
            json_t *node = json_object_get(fw->by_code, code);
            buf_printf(&b, "%s (%s)", lke_fw_text(node, "name", rq->lang), code);
            what = NULL;
        } else if (rule && strcmp(rule, "ipak") == 0)
            what = "IPAK";
        else if (rule && strcmp(rule, "ipkp") == 0)
            what = "IPKP";
        else if (rule && strcmp(rule, "capaian") == 0)
            what = frame_t(rq, N_("Performance achievement"));
        if (what)
            buf_puts(&b, what);
        buf_printf(&b, ": %s ", frame_t(rq, N_("score")));
        fmt_decimal(&b, rq->lang, json_number_value(json_object_get(r, "got")), 2);
        buf_printf(&b, ", %s ", frame_t(rq, N_("needs")));
        fmt_decimal(&b, rq->lang, json_number_value(json_object_get(r, "need")), 2);
        json_array_append_new(list, json_string(b.p));
        buf_free(&b);
    }
    return list;
}

/* The score and readiness panel of a scoring result. */
static json_t *
score_panel(struct req *rq, const struct lke_fw *fw, json_t *result)
{
    json_t *areas = json_array();
    for (size_t i = 0; i < fw->f->nareas; i++) {
        const struct lke_area *ar = &fw->f->areas[i];
        double got = json_number_value(json_object_get(json_object_get(result, "areas"), ar->code));
        double share = ar->weight > 0 ? got / ar->weight : 0;
        json_array_append_new(
            areas, json_pack("{s:s,s:s,s:o,s:o,s:i,s:b}", "code", ar->code, "name",
                             lke_fw_text(json_object_get(fw->by_code, ar->code), "name", rq->lang),
                             "score", num(rq, got), "weight", num(rq, ar->weight), "percent",
                             (int)lround(share * 100), "below_wbk",
                             share + 1e-9 < fw->f->wbk.area_min_share));
    }
    json_t *next = json_array();
    size_t i;
    json_t *n;
    json_array_foreach(json_object_get(result, "next"), i, n)
    {
        if (i >= 5)
            break;
        const char *code = json_string_value(json_object_get(n, "code"));
        json_array_append_new(
            next, json_pack("{s:s,s:s,s:o,s:i}", "code", code, "text",
                            lke_fw_text(json_object_get(fw->by_code, code), "text", rq->lang),
                            "gain", num(rq, json_number_value(json_object_get(n, "gain"))), "area",
                            lke_code_area(code)));
        int na = lke_code_area(code);
        json_object_set_new(json_array_get(next, json_array_size(next) - 1), "anchor",
                            json_string(na ? arena_printf(rq->a, "%d", na) : "hasil"));
    }
    bool wbk = json_is_true(json_object_get(result, "wbk"));
    bool wbbm = json_is_true(json_object_get(result, "wbbm"));
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:b,s:b,s:o,s:o,s:o}", "total",
                     num(rq, json_number_value(json_object_get(result, "total"))), "pengungkit",
                     num(rq, json_number_value(json_object_get(result, "pengungkit"))), "hasil",
                     num(rq, json_number_value(json_object_get(result, "hasil"))), "areas", areas,
                     "next", next, "wbk", wbk, "wbbm", wbbm, "wbk_reasons",
                     reasons_text(rq, fw, result, "wbk"), "wbbm_reasons",
                     reasons_text(rq, fw, result, "wbbm"), "total_value",
                     json_real(json_number_value(json_object_get(result, "total"))));
}

static json_t *
score_of(const struct lke_fw *fw, json_t *answers)
{
    json_t *result = NULL;
    struct buf err = BUF_INIT;
    if (lke_score(fw->f, answers, &result, &err) != 0) {
        log_warn("lke: stored answers do not score: %s", buf_cstr(&err));
        json_t *empty = json_object();
        lke_score(fw->f, empty, &result, &err);
        json_decref(empty);
    }
    buf_free(&err);
    return result;
}

/* The score of change area (1..6: both parts; 0: Hasil) in a scoring result. */
static double
area_points(const struct lke_fw *fw, json_t *result, int area)
{
    if (area == 0)
        return json_number_value(json_object_get(result, "hasil"));
    double sum = 0;
    for (size_t i = 0; i < fw->f->nareas; i++)
        if (fw->f->areas[i].number == area)
            sum += json_number_value(
                json_object_get(json_object_get(result, "areas"), fw->f->areas[i].code));
    return sum;
}

/* Completion per change area (1..6, 0 Hasil): answered / questions. */
static void
completion(const struct lke_fw *fw, json_t *answers, int answered[7], int total[7])
{
    memset(answered, 0, 7 * sizeof(int));
    memset(total, 0, 7 * sizeof(int));
    for (size_t i = 0; i < fw->f->nquestions; i++) {
        int ar = lke_code_area(fw->f->questions[i].code);
        total[ar]++;
        json_t *v = json_object_get(answers, fw->f->questions[i].code);
        if (v && !json_is_null(v))
            answered[ar]++;
    }
}

static const char *
area_name(struct req *rq, const struct lke_fw *fw, int area)
{
    if (area == 0)
        return frame_t(rq, N_("Results (Hasil)"));
    char code[24];
    snprintf(code, sizeof code, "pemenuhan.%d", area);
    return lke_fw_text(json_object_get(fw->by_code, code), "name", rq->lang);
}

/* Days left until the deadline (negative when past) and its date in the unit's zone. */
static json_t *
deadline_model(struct req *rq, const struct ctx *c)
{
    char d[11];
    lke_store_deadline(rq->db, c->a.year, d);
    enum fmt_zone z = fmt_zone_of(c->u.tz);
    int64_t end = lke_deadline_ms(d, fmt_zone_offset(z));
    int64_t left = end - clock_now_ms();
    long days = left > 0 ? (long)((left + 86399999) / 86400000) : -(long)(-left / 86400000);
    struct buf b = BUF_INIT;
    fmt_date(&b, rq->lang, end - 1, z);
    json_t *m =
        json_pack("{s:s,s:s,s:I,s:b,s:b,s:s}", "date", d, "label", b.p, "days", (json_int_t)days,
                  "past", left <= 0, "soon", left > 0 && days <= 14, "zone", fmt_zone_name(z));
    buf_free(&b);
    return m;
}

/* --- the overview: every unit in reach, for a year ------------------------------------------ */

static json_t *
roots(struct req *rq, const char *perm)
{
    struct auth_ctx *c = auth_ctx(rq);
    return c ? acl_roots(c->grants, c->ngrants, perm) : json_array();
}

static int
cmp_rows(const void *pa, const void *pb, void *arg)
{
    int sort_key = *(const int *)arg;
    json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
    int d = 0;
    if (sort_key == 1) { /* total, highest first */
        double x = json_number_value(json_object_get(a, "total_value")),
               y = json_number_value(json_object_get(b, "total_value"));
        d = x < y ? 1 : x > y ? -1 : 0;
    } else if (sort_key == 2) {
        d = strcmp(json_string_value(json_object_get(a, "state")),
                   json_string_value(json_object_get(b, "state")));
    } else if (sort_key == 3) {
        d = strcmp(json_string_value(json_object_get(a, "unit_name")),
                   json_string_value(json_object_get(b, "unit_name")));
    }
    if (!d)
        d = strcmp(json_string_value(json_object_get(a, "unit_path")),
                   json_string_value(json_object_get(b, "unit_path")));
    return d;
}

/* Rows of the overview: every unit under top, with its assessment of year when there is one. */
static json_t *
overview_rows(struct req *rq, const struct org_unit *top, int year, const char *state_filter,
              const char *verdict, const char *q)
{
    json_t *units = json_array(), *assessed = json_array(), *by_code = json_object();
    org_units_under(rq->db, top->path, q ? q : "", units);
    lke_store_list(rq->db, top->path, year, assessed);
    size_t i;
    json_t *x;
    json_array_foreach(assessed, i, x)
        json_object_set(by_code, json_string_value(json_object_get(x, "unit_code")), x);
    const struct lke_fw *fw = lke_registry_current();
    json_t *rows = json_array();
    json_array_foreach(units, i, x)
    {
        const char *code = json_string_value(json_object_get(x, "code"));
        if (!json_is_true(json_object_get(x, "active")))
            continue;
        json_t *as = json_object_get(by_code, code);
        json_t *sum = json_object_get(as, "summary");
        const char *state = as ? json_string_value(json_object_get(as, "state")) : "none";
        if (state_filter && *state_filter && strcmp(state_filter, state) != 0)
            continue;
        bool wbk = json_is_true(json_object_get(sum, "wbk"));
        bool wbbm = json_is_true(json_object_get(sum, "wbbm"));
        if (verdict && *verdict &&
            ((strcmp(verdict, "wbk") == 0 && !wbk) || (strcmp(verdict, "wbbm") == 0 && !wbbm) ||
             (strcmp(verdict, "belum") == 0 && (wbk || !as))))
            continue;
        int st = lke_state_parse(state);
        json_t *areas = json_array();
        for (size_t k = 0; fw && k < fw->f->nareas; k++) {
            json_t *v = json_object_get(json_object_get(sum, "areas"), fw->f->areas[k].code);
            json_array_append_new(areas, as ? num(rq, json_number_value(v)) : json_string("–"));
        }
        int answered = (int)json_integer_value(json_object_get(sum, "answered"));
        int questions = (int)json_integer_value(json_object_get(sum, "questions"));
        json_array_append_new(
            rows,
            json_pack(
                "{s:s,s:s,s:s,s:s,s:s,s:b,s:o,s:f,s:o,s:b,s:b,s:i,s:s,s:s}", "unit_code", code,
                "unit_name", json_string_value(json_object_get(x, "name")), "unit_path",
                json_string_value(json_object_get(x, "path")), "state", state, "state_label",
                as ? frame_t(rq, lke_state_label((enum lke_state)(st < 0 ? 0 : st)))
                   : frame_t(rq, N_("Not started")),
                "has", as != NULL, "total",
                as ? num(rq, json_number_value(json_object_get(sum, "total"))) : json_string("–"),
                "total_value", json_number_value(json_object_get(sum, "total")), "areas", areas,
                "wbk", wbk, "wbbm", wbbm, "percent", questions ? answered * 100 / questions : 0,
                "href", arena_printf(rq->a, "/lke/%s/%d", code, year), "result",
                as ? json_string_value(json_object_get(as, "result")) : ""));
    }
    json_decref(units);
    json_decref(assessed);
    json_decref(by_code);
    const char *sort = req_query(rq, "urut");
    int sort_key = !sort                         ? 0
                   : strcmp(sort, "nilai") == 0  ? 1
                   : strcmp(sort, "status") == 0 ? 2
                   : strcmp(sort, "nama") == 0   ? 3
                                                 : 0;
    size_t n = json_array_size(rows);
    json_t **v = xcalloc(n ? n : 1, sizeof *v);
    for (i = 0; i < n; i++)
        v[i] = json_incref(json_array_get(rows, i));
    qsort_r(v, n, sizeof *v, cmp_rows, &sort_key);
    json_t *sorted = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(sorted, v[i]);
    free(v);
    json_decref(rows);
    return sorted;
}

static int
year_query(struct req *rq)
{
    const char *p = req_query(rq, "tahun");
    int64_t y;
    if (p && parse_i64(p, strlen(p), &y) == 0 && y >= 2000 && y <= 2200)
        return (int)y;
    return fmt_year_of(clock_now_ms());
}

static int
lke_get_overview(struct req *rq, struct resp *rs)
{
    struct org_unit top;
    json_t *rts;
    int rc = org_scope(rq, "lke.read", &top, &rts);
    if (rc) {
        json_decref(rts);
        return rc;
    }
    int year = year_query(rq);
    const char *state = req_query(rq, "status"), *verdict = req_query(rq, "predikat"),
               *q = req_query(rq, "q");
    json_t *rows = overview_rows(rq, &top, year, state, verdict, q);
    int counts[3] = {0, 0, 0};
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x)
    {
        counts[0] += json_is_true(json_object_get(x, "has"));
        counts[1] += json_is_true(json_object_get(x, "wbk"));
        counts[2] += json_is_true(json_object_get(x, "wbbm"));
    }
    const struct lke_fw *fw = lke_registry_current();
    json_t *area_heads = json_array();
    for (size_t k = 0; fw && k < fw->f->nareas; k++)
        json_array_append_new(
            area_heads, json_pack("{s:s,s:s}", "code", fw->f->areas[k].code, "name",
                                  lke_fw_text(json_object_get(fw->by_code, fw->f->areas[k].code),
                                              "name", rq->lang)));
    json_t *states = json_array();
    json_array_append_new(states, json_pack("{s:s,s:s,s:b}", "value", "none", "label",
                                            frame_t(rq, N_("Not started")), "selected",
                                            state && strcmp(state, "none") == 0));
    for (int s = 0; s < LKE_STATE__MAX; s++)
        json_array_append_new(
            states, json_pack("{s:s,s:s,s:b}", "value", lke_state_name((enum lke_state)s), "label",
                              frame_t(rq, lke_state_label((enum lke_state)s)), "selected",
                              state && strcmp(state, lke_state_name((enum lke_state)s)) == 0));
    /* units of the caller where an assessment of this year may be started */
    json_t *startable = json_array();
    struct auth_ctx *c = auth_ctx(rq);
    for (size_t g = 0; c && g < c->ngrants; g++) {
        if (!acl_role_has(c->grants[g].role, "lke.manage"))
            continue;
        struct lke_assessment a;
        if (lke_store_get(rq->db, c->grants[g].unit_id, year, &a) == 0)
            continue;
        json_array_append_new(startable, json_pack("{s:s,s:s}", "code", c->grants[g].unit_code,
                                                   "name", c->grants[g].unit_name));
    }
    struct buf csv = BUF_INIT;
    buf_printf(&csv, "/lke.csv?lingkup=%s&tahun=%d", top.code, year);
    json_t *m = json_pack(
        "{s:o,s:i,s:i,s:i,s:s,s:s,s:o,s:o,s:o,s:o,s:s,s:s,s:s,s:s,s:i,s:i,s:i,s:i,s:s}", "rows",
        rows, "year", year, "prev_year", year - 1, "next_year", year + 1, "scope_code", top.code,
        "scope_name", top.name, "roots", rts, "areas", area_heads, "states", states, "startable",
        startable, "q", q ? q : "", "verdict", verdict ? verdict : "", "sort",
        req_query(rq, "urut") ? req_query(rq, "urut") : "", "csv", csv.p, "count",
        (int)json_array_size(rows), "count_assessed", counts[0], "count_wbk", counts[1],
        "count_wbbm", counts[2], "csrf", c ? c->s.csrf : "");
    buf_free(&csv);
    json_object_set_new(m, "has_startable", json_boolean(json_array_size(startable) > 0));
    static const char *const verdicts[][2] = {{"", N_("All units")},
                                              {"wbk", N_("Meets WBK")},
                                              {"wbbm", N_("Meets WBBM")},
                                              {"belum", N_("Not yet WBK")}};
    static const char *const sorts[][2] = {{"", N_("Unit tree order")},
                                           {"nilai", N_("Total score, highest first")},
                                           {"status", N_("State")},
                                           {"nama", N_("Unit name")}};
    const char *sort = req_query(rq, "urut");
    json_t *vl = json_array(), *sl = json_array();
    for (size_t k = 0; k < 4; k++) {
        json_array_append_new(vl, json_pack("{s:s,s:s,s:b}", "value", verdicts[k][0], "label",
                                            frame_t(rq, verdicts[k][1]), "selected",
                                            strcmp(verdict ? verdict : "", verdicts[k][0]) == 0));
        json_array_append_new(sl, json_pack("{s:s,s:s,s:b}", "value", sorts[k][0], "label",
                                            frame_t(rq, sorts[k][1]), "selected",
                                            strcmp(sort ? sort : "", sorts[k][0]) == 0));
    }
    json_object_set_new(m, "verdicts", vl);
    json_object_set_new(m, "sorts", sl);
    char deadline[11];
    lke_store_deadline(rq->db, year, deadline);
    json_object_set_new(m, "deadline", json_string(deadline));
    json_object_set_new(
        m, "can_set_deadline",
        json_boolean(c && acl_allows_somewhere(c->grants, c->ngrants, "lke.settings")));
    return frame_render(rq, rs, 200, "lke/overview", N_("LKE assessments"), m);
}

static int
lke_get_overview_csv(struct req *rq, struct resp *rs)
{
    struct org_unit top;
    json_t *rts;
    int rc = org_scope(rq, "lke.read", &top, &rts);
    json_decref(rts);
    if (rc)
        return rc;
    int year = year_query(rq);
    json_t *rows = overview_rows(rq, &top, year, req_query(rq, "status"), req_query(rq, "predikat"),
                                 req_query(rq, "q"));
    const struct lke_fw *fw = lke_registry_current();
    struct buf out = BUF_INIT;
    buf_puts(&out, "\xEF\xBB\xBF");
    csv_cell(&out, frame_t(rq, N_("Unit code")), false);
    csv_cell(&out, frame_t(rq, N_("Unit")), false);
    csv_cell(&out, frame_t(rq, N_("Year")), false);
    csv_cell(&out, frame_t(rq, N_("State")), false);
    csv_cell(&out, frame_t(rq, N_("Answered (%)")), false);
    csv_cell(&out, frame_t(rq, N_("Total")), false);
    for (size_t k = 0; fw && k < fw->f->nareas; k++)
        csv_cell(&out, fw->f->areas[k].code, false);
    csv_cell(&out, "WBK", false);
    csv_cell(&out, "WBBM", true);
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x)
    {
        char tmp[32];
        csv_cell(&out, json_string_value(json_object_get(x, "unit_code")), false);
        csv_cell(&out, json_string_value(json_object_get(x, "unit_name")), false);
        snprintf(tmp, sizeof tmp, "%d", year);
        csv_cell(&out, tmp, false);
        csv_cell(&out, json_string_value(json_object_get(x, "state_label")), false);
        snprintf(tmp, sizeof tmp, "%d", (int)json_integer_value(json_object_get(x, "percent")));
        csv_cell(&out, tmp, false);
        csv_cell(&out, json_string_value(json_object_get(x, "total")), false);
        size_t k;
        json_t *ar;
        json_array_foreach(json_object_get(x, "areas"), k, ar)
            csv_cell(&out, json_string_value(ar), false);
        csv_cell(&out, json_is_true(json_object_get(x, "wbk")) ? "ya" : "tidak", false);
        csv_cell(&out, json_is_true(json_object_get(x, "wbbm")) ? "ya" : "tidak", true);
    }
    json_decref(rows);
    resp_text(rs, 200, "text/csv; charset=utf-8", out.p, out.len);
    resp_header(rs, "Content-Disposition",
                arena_printf(rq->a, "attachment; filename=\"lke-%s-%d.csv\"", top.code, year));
    buf_free(&out);
    return 0;
}

static int
lke_post_create(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    const char *code = req_field_trimmed(rq, "unit");
    const char *ys = req_field_trimmed(rq, "year");
    int64_t year;
    if (org_unit_by_code(rq->db, code, &u) != 0)
        return ZE_NOTFOUND;
    if (parse_i64(ys, strlen(ys), &year) != 0 || year < 2000 || year > 2200)
        return form_error(rq, rs, 400, "invalid", N_("Enter a year such as 2026."), "/lke");
    struct lke_assessment a;
    if (lke_store_get(rq->db, u.id, (int)year, &a) == 0)
        return frame_redirect(rq, rs, arena_printf(rq->a, "/lke/%s/%d", u.code, (int)year), NULL);
    int64_t id;
    int carried = 0, flagged = 0;
    int rc = db_begin_write(rq->db);
    if (!rc)
        rc = lke_assessment_create(rq->db, u.id, (int)year, auth_me(rq), &id, &carried, &flagged);
    if (!rc) {
        json_t *after =
            json_pack("{s:i,s:i,s:i}", "year", (int)year, "carried", carried, "flagged", flagged);
        rc = audit_request(rq, "lke.created", u.id, "assessment",
                           arena_printf(rq->a, "%s/%d", u.code, (int)year), NULL, after);
        json_decref(after);
    }
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    const char *to = arena_printf(rq->a, "/lke/%s/%d", u.code, (int)year);
    if (rq->wants_json) {
        json_t *j = json_pack("{s:s,s:i,s:i,s:i}", "unit", u.code, "year", (int)year, "carried",
                              carried, "flagged", flagged);
        resp_json(rs, 201, j);
        json_decref(j);
        return 0;
    }
    return frame_redirect(rq, rs, to, carried ? "lke_carried" : "lke_created");
}

/* --- one assessment ------------------------------------------------------------------------- */

/* The TPI level whose team must take a move in the current state. */
static const char *
move_team_level(const struct lke_move *m, enum lke_state s)
{
    switch (m->actor) {
    case ACTOR_ANGGOTA:
        return "anggota";
    case ACTOR_KETUA:
        return s == LKE_REVIEW_DALNIS ? "dalnis" : "ketua";
    case ACTOR_DALNIS:
        return "dalnis";
    default:
        return NULL;
    }
}

static bool
move_allowed(struct req *rq, const struct ctx *c, const struct lke_move *m)
{
    if (!lke_move_from(m, c->a.state) || !auth_may(rq, m->perm, c->u.path))
        return false;
    const char *level = move_team_level(m, c->a.state);
    return !level || lke_store_team_has(rq->db, c->a.id, auth_me(rq), level);
}

static json_t *
levels_row(struct req *rq, const struct ctx *c)
{
    json_t *list = json_array();
    for (int i = 0; i < 5; i++) {
        json_t *own = json_object();
        lke_store_answers(rq->db, c->a.id, lke_levels[i], own);
        bool any = json_object_size(own) > 0;
        json_decref(own);
        if (i > 0 && !any)
            continue;
        json_t *ans = lke_effective_answers(rq->db, &c->a, lke_levels[i]);
        json_t *res = score_of(c->fw, ans);
        json_array_append_new(list,
                              json_pack("{s:s,s:s,s:o,s:b,s:b}", "level", lke_levels[i], "label",
                                        frame_t(rq, lke_level_label(lke_levels[i])), "total",
                                        num(rq, json_number_value(json_object_get(res, "total"))),
                                        "wbk", json_is_true(json_object_get(res, "wbk")), "wbbm",
                                        json_is_true(json_object_get(res, "wbbm"))));
        json_decref(res);
        json_decref(ans);
    }
    return list;
}

/* What happened, for the history: moves in the past tense. */
static const char *
move_label(const char *action)
{
    static const char *const done[][2] = {
        {"submit", N_("Submitted to the TPI")},
        {"start", N_("The TPI started the review")},
        {"to_ketua", N_("Passed to the team lead")},
        {"to_dalnis", N_("Passed to the technical controller")},
        {"return", N_("Returned for revision")},
        {"accept", N_("Accepted by the TPI")},
        {"propose", N_("Proposed to the TPN")},
        {"result", N_("TPN result recorded")},
        {"close", N_("Closed")},
    };
    for (size_t i = 0; i < sizeof done / sizeof done[0]; i++)
        if (strcmp(done[i][0], action) == 0)
            return done[i][1];
    const struct lke_move *m = lke_move_find(action);
    if (m)
        return m->label;
    if (strcmp(action, "created") == 0)
        return N_("Assessment started");
    if (strcmp(action, "team") == 0)
        return N_("TPI team changed");
    return action;
}

static int
lke_get_assessment(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    json_t *answers = lke_effective_answers(rq->db, &c.a, "self");
    json_t *result = score_of(c.fw, answers);
    int answered[7], total[7];
    completion(c.fw, answers, answered, total);
    json_t *areas = json_array();
    int all_a = 0, all_t = 0;
    for (int ar = 1; ar <= 7; ar++) {
        int k = ar % 7; /* areas 1..6, then Hasil (0) */
        all_a += answered[k];
        all_t += total[k];
        json_array_append_new(
            areas,
            json_pack("{s:i,s:s,s:i,s:i,s:i,s:s,s:b}", "area", k, "name", area_name(rq, c.fw, k),
                      "answered", answered[k], "total", total[k], "percent",
                      total[k] ? answered[k] * 100 / total[k] : 0, "href",
                      arena_printf(rq->a, "%s/area/%s", c.base,
                                   k ? arena_printf(rq->a, "%d", k) : "hasil"),
                      "can_edit", lke_state_unit_edits(c.a.state) && may_edit_area(rq, &c.u, k)));
    }
    json_t *moves = json_array();
    const struct lke_move *mv;
    size_t nm = lke_moves(&mv);
    for (size_t i = 0; i < nm; i++)
        if (move_allowed(rq, &c, &mv[i]))
            json_array_append_new(moves, json_pack("{s:s,s:s,s:b,s:b,s:b}", "action", mv[i].action,
                                                   "label", frame_t(rq, mv[i].label), "is_result",
                                                   strcmp(mv[i].action, "result") == 0, "is_return",
                                                   strcmp(mv[i].action, "return") == 0, "danger",
                                                   strcmp(mv[i].action, "return") == 0));
    json_t *team = json_array();
    lke_store_team(rq->db, c.a.id, team);
    size_t i;
    json_t *x;
    json_array_foreach(team, i, x) json_object_set_new(
        x, "level_label",
        json_string(frame_t(rq, lke_level_label(json_string_value(json_object_get(x, "level"))))));
    json_t *events = json_array();
    lke_store_events(rq->db, c.a.id, events);
    json_array_foreach(events, i, x)
    {
        json_object_set_new(x, "when",
                            frame_when(rq, json_integer_value(json_object_get(x, "at")), c.u.tz));
        json_object_set_new(
            x, "label",
            json_string(frame_t(rq, move_label(json_string_value(json_object_get(x, "action"))))));
    }
    json_t *findings = json_array();
    lke_store_findings(rq->db, c.a.id, findings);
    json_array_foreach(findings, i, x)
    {
        const char *fcode = json_string_value(json_object_get(x, "code"));
        int fa = lke_code_area(fcode);
        json_object_set_new(x, "level_label",
                            json_string(frame_t(rq, lke_level_label(json_string_value(
                                                        json_object_get(x, "level"))))));
        json_object_set_new(
            x, "href",
            json_string(arena_printf(rq->a, "%s/area/%s#%s", c.base,
                                     fa ? arena_printf(rq->a, "%d", fa) : "hasil", fcode)));
        json_object_set_new(
            x, "question",
            json_string(lke_fw_text(json_object_get(c.fw->by_code, fcode), "text", rq->lang)));
    }
    int open_findings = 0;
    json_array_foreach(findings, i, x) open_findings +=
        !*json_string_value(json_object_get(x, "response"));
    /* steps the caller may take but not yet: said on the page rather than refused after */
    json_array_foreach(moves, i, x)
    {
        const char *action = json_string_value(json_object_get(x, "action"));
        if (strcmp(action, "submit") == 0 && c.a.state == LKE_RETURNED && open_findings > 0)
            json_object_set_new(
                x, "blocked",
                json_string(frame_t(rq, N_("Answer every finding of the TPI before submitting "
                                           "again."))));
        else if (strcmp(action, "return") == 0 && json_array_size(findings) == 0)
            json_object_set_new(x, "blocked",
                                json_string(frame_t(rq, N_("Record at least one finding before "
                                                           "returning the assessment."))));
    }
    bool can_assign = auth_may(rq, "lke.assign", c.u.path) && c.a.state < LKE_ACCEPTED;
    struct auth_ctx *ac = auth_ctx(rq);
    const char *result_label = !*c.a.result                      ? ""
                               : strcmp(c.a.result, "wbbm") == 0 ? "WBBM"
                               : strcmp(c.a.result, "wbk") == 0  ? "WBK"
                                                                 : frame_t(rq, N_("Not yet WBK"));
    json_t *m = json_pack(
        "{s:{s:s,s:s,s:s},s:i,s:s,s:s,s:s,s:i,s:s,s:o,s:b,s:o,s:i,s:o,s:o,s:o,s:o,s:o,s:b,s:b,"
        "s:i,s:s,s:b,s:s,s:s}",
        "unit", "code", c.u.code, "name", c.u.name, "tz", c.u.tz, "year", c.a.year, "base", c.base,
        "state", lke_state_name(c.a.state), "state_label", frame_t(rq, lke_state_label(c.a.state)),
        "round", c.a.round, "framework", lke_fw_text(c.fw->doc, "name", rq->lang), "deadline",
        deadline_model(rq, &c), "unit_edits", lke_state_unit_edits(c.a.state), "areas", areas,
        "percent", all_t ? all_a * 100 / all_t : 0, "score", score_panel(rq, c.fw, result),
        "levels", levels_row(rq, &c), "moves", moves, "team", team, "events", events, "can_assign",
        can_assign, "returned", c.a.state == LKE_RETURNED, "open_findings", open_findings, "csrf",
        ac ? ac->s.csrf : "", "has_result", *c.a.result != 0, "result_label", result_label,
        "result_letter", c.a.result_letter);
    json_object_set_new(m, "findings", findings);
    json_object_set_new(m, "has_moves", json_boolean(json_array_size(moves) > 0));
    json_object_set_new(m, "has_team", json_boolean(json_array_size(team) > 0));
    json_object_set_new(m, "can_review", json_boolean(c.a.round > 0));
    json_object_set_new(
        m, "can_import",
        json_boolean(lke_state_unit_edits(c.a.state) && auth_may(rq, "lke.answer", c.u.path)));
    json_object_set_new(m, "has_letter", json_boolean(*c.a.result_letter_sha != 0));
    json_object_set_new(m, "letter_href", json_string(arena_printf(rq->a, "%s/surat", c.base)));
    json_decref(result);
    json_decref(answers);
    return frame_render(rq, rs, 200, "lke/assessment", N_("LKE assessment"), m);
}

/* --- answering, area by area -------------------------------------------------------------- */

static int
area_param(struct req *rq)
{
    const char *p = req_param(rq, "area");
    if (!p)
        return -1;
    if (strcmp(p, "hasil") == 0)
        return 0;
    if (p[0] >= '1' && p[0] <= '6' && !p[1])
        return p[0] - '0';
    return -1;
}

/* One question as the pages show it. row: the level's stored row (or NULL); value: what it is
 * scored on. */
static json_t *
question_model(struct req *rq, const struct ctx *c, json_t *q, json_t *row, json_t *value,
               json_t *evidence, json_t *items)
{
    const char *code = json_string_value(json_object_get(q, "code"));
    const struct lke_question *lq = lke_question(c->fw->f, code);
    if (!lq)
        return NULL;
    json_t *options = json_array();
    size_t i;
    json_t *o;
    const char *sel = json_string_value(value);
    json_array_foreach(json_object_get(q, "options"), i, o)
    {
        const char *key = json_string_value(json_object_get(o, "key"));
        json_array_append_new(options, json_pack("{s:s,s:s,s:b,s:s}", "key", key, "text",
                                                 lke_fw_text(o, "text", rq->lang), "checked",
                                                 sel && key && strcmp(sel, key) == 0, "id",
                                                 arena_printf(rq->a, "q-%s-%s", code, key)));
    }
    json_t *inputs = json_array();
    json_t *given = json_object_get(value, "inputs");
    json_array_foreach(json_object_get(q, "inputs"), i, o)
    {
        const char *key = json_string_value(json_object_get(o, "key"));
        json_t *gv = json_object_get(given, key);
        struct buf b = BUF_INIT;
        if (json_is_number(gv))
            buf_printf(&b, "%g", json_number_value(gv));
        json_array_append_new(inputs, json_pack("{s:s,s:s,s:s,s:s}", "key", key, "label",
                                                lke_fw_text(o, "label", rq->lang), "value",
                                                b.len ? b.p : "", "id",
                                                arena_printf(rq->a, "q-%s-%s", code, key)));
        buf_free(&b);
    }
    char numtxt[32] = "";
    if (json_is_number(value))
        snprintf(numtxt, sizeof numtxt, "%g", json_number_value(value));
    json_t *ev = json_array();
    json_array_foreach(json_object_get(evidence, code), i, o)
    {
        const char *kind = json_string_value(json_object_get(o, "kind"));
        bool is_link = kind && strcmp(kind, "link") == 0;
        json_int_t id = json_integer_value(json_object_get(o, "id"));
        json_array_append_new(
            ev, json_pack("{s:I,s:s,s:b,s:s,s:s,s:s}", "id", id, "name",
                          json_string_value(json_object_get(o, "name")), "is_link", is_link, "href",
                          is_link ? json_string_value(json_object_get(o, "url"))
                                  : arena_printf(rq->a, "%s/eviden/%lld", c->base, (long long)id),
                          "link_date", json_string_value(json_object_get(o, "link_date")), "mime",
                          json_string_value(json_object_get(o, "mime"))));
        const char *copy = json_string_value(json_object_get(o, "sha256"));
        if (is_link && copy && *copy)
            json_object_set_new(json_array_get(ev, json_array_size(ev) - 1), "copy_href",
                                json_string(arena_printf(rq->a, "%s/eviden/%lld?salinan=1", c->base,
                                                         (long long)id)));
    }
    double pts = json_number_value(json_object_get(items, code));
    json_t *qm = json_pack(
        "{s:s,s:s,s:s,s:s,s:b,s:b,s:b,s:b,s:b,s:o,s:o,s:s,s:s,s:I,s:b,s:o,s:o,s:o,s:o,s:s,s:s}",
        "code", code, "text", lke_fw_text(q, "text", rq->lang), "guidance",
        lke_fw_text(q, "guidance", rq->lang), "evidence_hint", lke_fw_text(q, "evidence", rq->lang),
        "is_yn", lq->type == LKE_YN, "is_options", lq->type == LKE_OPTIONS, "is_percent",
        lq->type == LKE_PERCENT && !lq->ninputs, "is_inputs",
        lq->type == LKE_PERCENT && lq->ninputs > 0, "is_index", lq->type == LKE_INDEX, "options",
        options, "inputs", inputs, "number", numtxt, "note",
        row ? json_string_value(json_object_get(row, "note")) : "", "rev",
        row ? json_integer_value(json_object_get(row, "rev")) : 0, "changed",
        row && strcmp(json_string_value(json_object_get(row, "flag")), "changed") == 0, "evidence",
        ev, "points", num(rq, pts), "max", num(rq, lq->max_points), "answer",
        answer_text(rq, lq, value), "yes_id", arena_printf(rq->a, "q-%s-ya", code), "no_id",
        arena_printf(rq->a, "q-%s-tidak", code));
    json_object_set_new(qm, "is_yes", json_boolean(sel && strcmp(sel, "ya") == 0));
    json_object_set_new(qm, "is_no", json_boolean(sel && strcmp(sel, "tidak") == 0));
    return qm;
}

/* The indicator groups of one change area (both parts) or of Hasil. */
static json_t *
area_sections(struct req *rq, const struct ctx *c, int area, json_t *rows, json_t *values,
              json_t *evidence, json_t *items)
{
    json_t *sections = json_array();
    size_t ci, pi, ai, ii, qi;
    json_t *comp, *part, *ar, *ind, *q;
    json_array_foreach(json_object_get(c->fw->doc, "components"), ci, comp)
    {
        json_array_foreach(json_object_get(comp, "parts"), pi, part)
        {
            if (area == 0 && json_is_array(json_object_get(part, "items"))) {
                json_t *qs = json_array();
                json_array_foreach(json_object_get(part, "items"), qi, q)
                {
                    const char *code = json_string_value(json_object_get(q, "code"));
                    json_t *qm = question_model(rq, c, q, json_object_get(rows, code),
                                                json_object_get(values, code), evidence, items);
                    if (qm)
                        json_array_append_new(qs, qm);
                }
                json_array_append_new(
                    sections,
                    json_pack("{s:s,s:s,s:o}", "title", lke_fw_text(part, "name", rq->lang), "part",
                              frame_t(rq, N_("Results (Hasil)")), "questions", qs));
                continue;
            }
            json_array_foreach(json_object_get(part, "areas"), ai, ar)
            {
                if (lke_code_area(json_string_value(json_object_get(ar, "code"))) != area ||
                    area == 0)
                    continue;
                json_array_foreach(json_object_get(ar, "indicators"), ii, ind)
                {
                    json_t *qs = json_array();
                    json_array_foreach(json_object_get(ind, "questions"), qi, q)
                    {
                        const char *code = json_string_value(json_object_get(q, "code"));
                        json_t *qm = question_model(rq, c, q, json_object_get(rows, code),
                                                    json_object_get(values, code), evidence, items);
                        if (qm)
                            json_array_append_new(qs, qm);
                    }
                    json_array_append_new(
                        sections,
                        json_pack("{s:s,s:s,s:s,s:o}", "title", lke_fw_text(ind, "name", rq->lang),
                                  "code", json_string_value(json_object_get(ind, "code")), "part",
                                  lke_fw_text(part, "name", rq->lang), "questions", qs));
                }
            }
        }
    }
    return sections;
}

static json_t *
area_nav(struct req *rq, const struct ctx *c, int current, json_t *values)
{
    int answered[7], total[7];
    completion(c->fw, values, answered, total);
    json_t *nav = json_array();
    for (int ar = 1; ar <= 7; ar++) {
        int k = ar % 7;
        json_array_append_new(nav,
                              json_pack("{s:s,s:s,s:b,s:i,s:i}", "href",
                                        arena_printf(rq->a, "%s/area/%s", c->base,
                                                     k ? arena_printf(rq->a, "%d", k) : "hasil"),
                                        "name", area_name(rq, c->fw, k), "current", k == current,
                                        "answered", answered[k], "total", total[k]));
    }
    return nav;
}

/* What a refused form post typed, shown again with its message (the page works without
 * JavaScript, and nothing typed is lost). */
struct typed {
    const char *code, *msg, *value, *note;
    json_t *inputs; /* {key: "text"} for a percentage with inputs, or NULL */
};

/* Puts the typed answer and the message into the question's model. */
static void
retype(struct req *rq, json_t *sections, const struct typed *t)
{
    size_t si, qi, k;
    json_t *sec, *q, *x;
    json_array_foreach(sections, si, sec)
        json_array_foreach(json_object_get(sec, "questions"), qi, q)
    {
        if (strcmp(json_string_value(json_object_get(q, "code")), t->code) != 0)
            continue;
        json_object_set_new(q, "error", json_string(frame_t(rq, t->msg)));
        json_object_set_new(q, "note", json_string(t->note));
        json_object_set_new(q, "number", json_string(t->value));
        json_object_set_new(q, "is_yes", json_boolean(strcasecmp(t->value, "ya") == 0));
        json_object_set_new(q, "is_no", json_boolean(strcasecmp(t->value, "tidak") == 0));
        json_array_foreach(json_object_get(q, "options"), k, x) json_object_set_new(
            x, "checked",
            json_boolean(strcasecmp(json_string_value(json_object_get(x, "key")), t->value) == 0));
        json_array_foreach(json_object_get(q, "inputs"), k, x)
        {
            json_t *v = json_object_get(t->inputs, json_string_value(json_object_get(x, "key")));
            if (json_is_string(v))
                json_object_set(x, "value", v);
        }
    }
}

/* Answers other parts propose (a survey's index, the count of IKM campaigns, the complaints
 * handled): each question's "proposal" {shown, note, link}, never written over the answer. */
static void
attach_proposals(struct req *rq, const struct ctx *c, json_t *sections, bool can_edit)
{
    json_t *props = json_object();
    if (lke_store_proposals(rq->db, c->a.id, props) != 0 || json_object_size(props) == 0) {
        json_decref(props);
        return;
    }
    size_t i, k;
    json_t *sec, *q;
    json_array_foreach(sections, i, sec) json_array_foreach(json_object_get(sec, "questions"), k, q)
    {
        json_t *p = json_object_get(props, json_string_value(json_object_get(q, "code")));
        if (!p)
            continue;
        json_t *v = json_object_get(p, "value");
        struct auth_ctx *ac = auth_ctx(rq);
        char raw[32];
        snprintf(raw, sizeof raw, "%.2f", json_is_number(v) ? json_number_value(v) : 0.0);
        /* a computed answer ({"inputs": {key: n}}) is taken as its inputs */
        json_t *inputs = json_object_get(v, "inputs"), *fields = json_array();
        struct buf shown = BUF_INIT;
        const char *key;
        json_t *x;
        json_object_foreach(inputs, key, x)
        {
            char n[32];
            snprintf(n, sizeof n, "%lld", (long long)json_integer_value(x));
            json_array_append_new(
                fields,
                json_pack("{s:s,s:s}", "name", arena_printf(rq->a, "input.%s", key), "value", n));
            buf_printf(&shown, "%s%s", shown.len ? " · " : "", n);
        }
        json_object_set_new(q, "proposal_take",
                            json_pack("{s:b,s:s,s:s,s:s,s:o,s:b}", "can", can_edit, "value",
                                      json_is_string(v) ? json_string_value(v) : raw, "action",
                                      arena_printf(rq->a, "%s/jawaban", c->base), "csrf",
                                      ac ? ac->s.csrf : "", "inputs", fields, "has_inputs",
                                      inputs != NULL));
        json_object_set_new(q, "proposal",
                            json_pack("{s:o,s:s,s:s}", "shown",
                                      inputs              ? json_string(shown.p ? shown.p : "")
                                      : json_is_number(v) ? num(rq, json_number_value(v))
                                      : json_is_string(v) ? json_incref(v)
                                                          : json_string(""),
                                      "note", json_string_value(json_object_get(p, "note")), "link",
                                      json_string_value(json_object_get(p, "link"))));
        buf_free(&shown);
    }
    json_decref(props);
}

static int
area_page(struct req *rq, struct resp *rs, struct ctx *cp, int status, int area,
          const struct typed *t)
{
    struct ctx c = *cp;
    json_t *rows = json_object(), *evidence = json_object();
    lke_store_answers(rq->db, c.a.id, "self", rows);
    lke_store_attached(rq->db, c.a.id, evidence);
    json_t *values = lke_effective_answers(rq->db, &c.a, "self");
    json_t *result = score_of(c.fw, values);
    bool can_edit = lke_state_unit_edits(c.a.state) && may_edit_area(rq, &c.u, area);
    json_t *vault = json_array();
    if (can_edit)
        lke_store_vault(rq->db, c.u.id, vault);
    struct auth_ctx *ac = auth_ctx(rq);
    json_t *m = json_pack(
        "{s:{s:s,s:s},s:i,s:s,s:i,s:s,s:s,s:b,s:o,s:o,s:o,s:s,s:s,s:o,s:I}", "unit", "code",
        c.u.code, "name", c.u.name, "year", c.a.year, "base", c.base, "area", area, "area_name",
        area_name(rq, c.fw, area), "state_label", frame_t(rq, lke_state_label(c.a.state)),
        "can_edit", can_edit, "sections",
        area_sections(rq, &c, area, rows, values, evidence, json_object_get(result, "items")),
        "nav", area_nav(rq, &c, area, values), "score", score_panel(rq, c.fw, result), "csrf",
        ac ? ac->s.csrf : "", "area_key", area ? arena_printf(rq->a, "%d", area) : "hasil", "vault",
        vault, "max_upload_mb", (json_int_t)(config_get()->max_upload >> 20));
    json_object_set_new(m, "read_only_reason",
                        json_string(can_edit ? ""
                                    : !lke_state_unit_edits(c.a.state)
                                        ? frame_t(rq, N_("The assessment has been submitted: "
                                                         "answers are frozen until it is "
                                                         "returned for revision."))
                                        : frame_t(rq, N_("You may read this change area; "
                                                         "another working group fills it in."))));
    json_decref(rows);
    json_decref(evidence);
    json_decref(values);
    json_decref(result);
    if (t)
        retype(rq, json_object_get(m, "sections"), t);
    attach_proposals(rq, &c, json_object_get(m, "sections"), can_edit);
    return frame_render(rq, rs, status, "lke/area", N_("LKE assessment"), m);
}

static int
lke_get_area(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    int area = area_param(rq);
    if (area < 0)
        return ZE_NOTFOUND;
    return area_page(rq, rs, &c, 200, area, NULL);
}

/* The answer in a form post: value, or input.KEY fields for a percentage with inputs. */
static json_t *
form_answer(struct req *rq, const struct lke_question *q)
{
    if (q->type == LKE_PERCENT && q->ninputs > 0) {
        json_t *in = json_object();
        bool any = false;
        for (int i = 0; i < q->ninputs; i++) {
            const char *v =
                req_field_trimmed(rq, arena_printf(rq->a, "input.%s", q->input_keys[i]));
            if (*v)
                any = true;
            json_object_set_new(in, q->input_keys[i], json_string(v));
        }
        if (!any) {
            json_decref(in);
            return json_null();
        }
        /* a partly filled set is refused by the scoring check below, which names the gap */
        json_t *out = json_object();
        const char *k;
        json_t *x;
        json_object_foreach(in, k, x)
        {
            if (*json_string_value(x))
                json_object_set(out, k, x);
        }
        json_decref(in);
        return json_pack("{s:o}", "inputs", out);
    }
    return json_string(req_field_trimmed(rq, "value"));
}

/* Whether the caller may change the self-assessment's question code now: 0, or a ZE_* code
 * with the HTTP status and the message id. */
static int
may_change(struct req *rq, const struct ctx *c, const char *code, const char **why, int *status)
{
    *status = 400;
    if (!lke_question(c->fw->f, code)) {
        *why = N_("There is no such question in this assessment.");
        return ZE_INVAL;
    }
    if (!lke_state_unit_edits(c->a.state)) {
        *status = 409;
        *why = N_("The assessment has been submitted: answers are frozen until it is returned "
                  "for revision.");
        return ZE_CONFLICT;
    }
    if (!may_edit_area(rq, &c->u, lke_code_area(code))) {
        *status = 403;
        *why = N_("Your working group does not fill in this change area.");
        return ZE_FORBIDDEN;
    }
    return 0;
}

/* Saves one self-assessment answer: the shared path of the form, the autosave and the API. */
static int
save_self(struct req *rq, struct ctx *c, const char *code, json_t *raw, const char *note,
          int64_t expected_rev, int64_t *rev, const char **why, int *status)
{
    const struct lke_question *q = lke_question(c->fw->f, code);
    int rc = may_change(rq, c, code, why, status);
    if (rc)
        return rc;
    *status = 400;
    if (note && strlen(note) > 4000) {
        *why = N_("The note is longer than 4,000 characters.");
        return ZE_INVAL;
    }
    json_t *v = parse_answer(c->fw->f, q, raw, why);
    if (!v)
        return ZE_INVAL;
    char *vt = json_is_null(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    rc = db_begin_write(rq->db);
    if (!rc)
        rc = lke_store_answer_save(rq->db, c->a.id, "self", code, vt, note, expected_rev,
                                   auth_me(rq), clock_now_ms(), rev);
    if (!rc)
        rc = lke_refresh_summary(rq->db, &c->a);
    if (!rc) {
        json_t *after = json_pack("{s:s,s:O}", "code", code, "value", v);
        rc = audit_request(rq, "lke.answer", c->u.id, "assessment",
                           arena_printf(rq->a, "%s/%d", c->u.code, c->a.year), NULL, after);
        json_decref(after);
    }
    free(vt);
    json_decref(v);
    rc = db_commit_or_rollback(rq->db, rc);
    if (rc == ZE_CONFLICT) {
        *status = 409;
        *why = N_("Someone saved this answer after you opened the page (perhaps in another tab). "
                  "Reload to see it; what you typed is kept here.");
    }
    *why = rc ? (*why ? *why : N_("The answer could not be saved. Please try again.")) : NULL;
    return rc;
}

static int
lke_post_answer(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    const char *code = req_field_trimmed(rq, "code");
    const struct lke_question *q = lke_question(c.fw->f, code);
    json_t *raw = q ? form_answer(rq, q) : json_null();
    const char *revs = req_field_trimmed(rq, "rev");
    int64_t expected = 0, rev = 0;
    if (*revs)
        parse_i64(revs, strlen(revs), &expected);
    const char *why = NULL;
    int status;
    rc = save_self(rq, &c, code, raw, req_field_trimmed(rq, "note"), expected, &rev, &why, &status);
    json_decref(raw);
    int area = lke_code_area(code);
    const char *back = arena_printf(rq->a, "%s/area/%s#%s", c.base,
                                    area ? arena_printf(rq->a, "%d", area) : "hasil", code);
    if (rq->wants_json) {
        if (rc) {
            json_t *j = json_pack("{s:{s:s,s:s},s:I}", "error", "code",
                                  status == 409   ? "conflict"
                                  : status == 403 ? "forbidden"
                                                  : "invalid",
                                  "message", frame_t(rq, why), "rev", (json_int_t)rev);
            resp_json(rs, status, j);
            json_decref(j);
            return 0;
        }
        json_t *values = lke_effective_answers(rq->db, &c.a, "self");
        json_t *result = score_of(c.fw, values);
        int answered[7], total[7];
        completion(c.fw, values, answered, total);
        json_t *j = json_pack(
            "{s:s,s:I,s:o,s:o,s:o,s:b,s:b,s:i,s:i}", "code", code, "rev", (json_int_t)rev, "points",
            num(rq, json_number_value(json_object_get(json_object_get(result, "items"), code))),
            "total", num(rq, json_number_value(json_object_get(result, "total"))), "area_score",
            num(rq, area_points(c.fw, result, area)), "wbk",
            json_is_true(json_object_get(result, "wbk")), "wbbm",
            json_is_true(json_object_get(result, "wbbm")), "answered", answered[area], "questions",
            total[area]);
        json_object_set_new(j, "saved_at", frame_when(rq, clock_now_ms(), c.u.tz));
        resp_json(rs, 200, j);
        json_decref(j);
        json_decref(result);
        json_decref(values);
        return 0;
    }
    if (rc && q && (rc == ZE_INVAL || rc == ZE_CONFLICT)) {
        /* the area page again, with the message at the question and what was typed */
        struct typed t = {.code = code,
                          .msg = why,
                          .value = req_field_trimmed(rq, "value"),
                          .note = req_field_trimmed(rq, "note"),
                          .inputs = json_object()};
        for (int i = 0; i < q->ninputs; i++)
            json_object_set_new(t.inputs, q->input_keys[i],
                                json_string(req_field_trimmed(
                                    rq, arena_printf(rq->a, "input.%s", q->input_keys[i]))));
        rc = area_page(rq, rs, &c, status, area, &t);
        json_decref(t.inputs);
        return rc;
    }
    if (rc) {
        rq->error_detail = why;
        return rc == ZE_FORBIDDEN ? ZE_FORBIDDEN : rc == ZE_CONFLICT ? ZE_CONFLICT : ZE_INVAL;
    }
    return frame_redirect(rq, rs, back, "lke_saved");
}

/* --- the evidence vault ------------------------------------------------------------------- */

/* The sniffed type of an uploaded file, or NULL when zona does not keep that kind of file. */
static const char *
sniff(struct req *rq, const struct upload *f)
{
    static const char *const ok[] = {
        "application/pdf",
        "image/png",
        "image/jpeg",
        "image/webp",
        "image/gif",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
    };
    char t[160];
    http_sniff_upload(f, t, sizeof t);
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp(t, ok[i]) == 0)
            return arena_strdup(rq->a, t);
    return NULL;
}

static bool
url_ok(const char *u)
{
    if (strncasecmp(u, "https://", 8) != 0 && strncasecmp(u, "http://", 7) != 0)
        return false;
    for (const char *p = u; *p; p++)
        if ((unsigned char)*p <= ' ')
            return false;
    return strlen(u) <= 2000 && strchr(strchr(u, ':') + 3, '.') != NULL;
}

static bool
date_ok(const char *d)
{
    return !*d || lke_deadline_ms(d, 0) > 0;
}

/* Adds evidence to one question: an uploaded file, a link, or an entry of the unit's vault. */
static int
add_evidence(struct req *rq, struct ctx *c, const char *code, int64_t *eid, const char **why,
             int *status)
{
    int rc = may_change(rq, c, code, why, status);
    if (rc)
        return rc;
    const struct upload *f = req_file(rq, "file");
    const char *url = req_field_trimmed(rq, "url");
    const char *existing = req_field_trimmed(rq, "evidence_id");
    const char *name = req_field_trimmed(rq, "name");
    int64_t now = clock_now_ms();
    if (f && f->size > 0 && !*url) {
        int64_t limit = config_get()->evidence_max;
        if (f->size > limit) {
            *status = 413;
            *why = N_("The file is larger than the limit for evidence.");
            return ZE_LIMIT;
        }
        const char *mime = sniff(rq, f);
        if (!mime) {
            *status = 415;
            *why = N_("zona keeps PDF files, images (PNG, JPEG, WebP, GIF) and office documents "
                      "as evidence. This file is of another kind.");
            return ZE_MEDIA;
        }
        if (!*name)
            name = f->filename && *f->filename ? f->filename : "eviden";
        if (strlen(name) > 200)
            name = arena_strndup(rq->a, name, 200);
        struct blob_info b = {0};
        rc = db_begin_write(rq->db);
        if (!rc)
            rc = blob_put_fd(rq->db, f->fd, mime, &b);
        if (!rc)
            rc = lke_store_evidence_insert(rq->db, c->u.id, "file", name, b.sha256, mime, b.size,
                                           "", "", auth_me(rq), now, eid);
    } else if (*url) {
        const char *date = req_field_trimmed(rq, "link_date");
        if (!url_ok(url)) {
            *why = N_("Enter a web address that starts with https:// or http://.");
            return ZE_INVAL;
        }
        if (!date_ok(date)) {
            *why = N_("Enter the date as YYYY-MM-DD.");
            return ZE_INVAL;
        }
        if (!*name)
            name = url;
        if (strlen(name) > 200)
            name = arena_strndup(rq->a, name, 200);
        /* an optional captured copy of the page (a PDF print or a screenshot) */
        const char *mime = "";
        if (f && f->size > 0) {
            if (f->size > config_get()->evidence_max) {
                *status = 413;
                *why = N_("The file is larger than the limit for evidence.");
                return ZE_LIMIT;
            }
            if (!(mime = sniff(rq, f))) {
                *status = 415;
                *why = N_("zona keeps PDF files, images (PNG, JPEG, WebP, GIF) and office "
                          "documents as evidence. This file is of another kind.");
                return ZE_MEDIA;
            }
        }
        struct blob_info copy = {0};
        rc = db_begin_write(rq->db);
        if (!rc && *mime)
            rc = blob_put_fd(rq->db, f->fd, mime, &copy);
        if (!rc)
            rc = lke_store_evidence_insert(rq->db, c->u.id, "link", name, copy.sha256, mime,
                                           copy.size, url, date, auth_me(rq), now, eid);
    } else if (*existing) {
        if (parse_i64(existing, strlen(existing), eid) != 0) {
            *why = N_("Choose a file from the vault.");
            return ZE_INVAL;
        }
        json_t *e = lke_store_evidence_get(rq->db, *eid);
        bool mine = e && json_integer_value(json_object_get(e, "unit_id")) == c->u.id;
        json_decref(e);
        if (!mine) {
            *why = N_("Choose a file from the vault.");
            return ZE_INVAL;
        }
        rc = db_begin_write(rq->db);
    } else {
        *why = N_("Choose a file to upload or enter a link.");
        return ZE_INVAL;
    }
    if (!rc)
        rc = lke_store_attach(rq->db, c->a.id, code, *eid, auth_me(rq), now);
    if (!rc) {
        json_t *after =
            json_pack("{s:s,s:I,s:s}", "code", code, "evidence", (json_int_t)*eid, "name", name);
        rc = audit_request(rq, "lke.evidence_added", c->u.id, "assessment",
                           arena_printf(rq->a, "%s/%d", c->u.code, c->a.year), NULL, after);
        json_decref(after);
    }
    rc = db_commit_or_rollback(rq->db, rc);
    if (rc) {
        *status = 500;
        *why = N_("The evidence could not be saved. Please try again.");
    }
    return rc;
}

static const char *
back_to_question(struct req *rq, const struct ctx *c, const char *code)
{
    int area = lke_code_area(code);
    return arena_printf(rq->a, "%s/area/%s#%s", c->base,
                        area ? arena_printf(rq->a, "%d", area) : "hasil", code);
}

static int
lke_post_evidence(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    const char *code = req_field_trimmed(rq, "code");
    int64_t eid = 0;
    const char *why = NULL;
    int status;
    rc = add_evidence(rq, &c, code, &eid, &why, &status);
    if (rq->wants_json) {
        if (rc) {
            http_error_json(rs, status,
                            status == 413   ? "too_large"
                            : status == 415 ? "unsupported_media_type"
                            : status == 409 ? "conflict"
                            : status == 403 ? "forbidden"
                                            : "invalid",
                            frame_t(rq, why));
            return 0;
        }
        json_t *e = lke_store_evidence_get(rq->db, eid);
        json_object_set_new(e, "code", json_string(code));
        json_object_set_new(
            e, "href", json_string(arena_printf(rq->a, "%s/eviden/%lld", c.base, (long long)eid)));
        resp_json(rs, 201, e);
        json_decref(e);
        return 0;
    }
    if (rc) {
        rq->error_detail = why;
        return rc;
    }
    return frame_redirect(rq, rs, back_to_question(rq, &c, code), "lke_evidence_added");
}

static int
lke_post_evidence_detach(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    const char *code = req_field_trimmed(rq, "code");
    const char *ids = req_field_trimmed(rq, "evidence_id");
    int64_t eid;
    const char *why;
    int status;
    if (parse_i64(ids, strlen(ids), &eid) != 0)
        return ZE_INVAL;
    if ((rc = may_change(rq, &c, code, &why, &status)) != 0) {
        rq->error_detail = why;
        return rc;
    }
    rc = db_begin_write(rq->db);
    if (!rc)
        rc = lke_store_detach(rq->db, c.a.id, code, eid);
    if (!rc) {
        json_t *before = json_pack("{s:s,s:I}", "code", code, "evidence", (json_int_t)eid);
        rc = audit_request(rq, "lke.evidence_removed", c.u.id, "assessment",
                           arena_printf(rq->a, "%s/%d", c.u.code, c.a.year), before, NULL);
        json_decref(before);
    }
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    if (rq->wants_json) {
        resp_text(rs, 204, "text/plain", "", 0);
        return 0;
    }
    return frame_redirect(rq, rs, back_to_question(rq, &c, code), "lke_evidence_removed");
}

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

/* Serves a stored blob: inline for PDF and images (previewed in our own pages), as a download
 * otherwise. */
static int
serve_blob(struct req *rq, struct resp *rs, const char *sha, const char *name, bool download)
{
    struct blob_reader *r = xcalloc(1, sizeof *r);
    r->db = rq->db;
    if (blob_stat(rq->db, sha, &r->b) != 0) {
        free(r);
        return ZE_NOTFOUND;
    }
    bool inline_ok = !download && (strcmp(r->b.mime, "application/pdf") == 0 ||
                                   strncmp(r->b.mime, "image/", 6) == 0);
    rs->status = 200;
    rs->content_type = arena_strdup(rq->a, r->b.mime);
    rs->kind = RESP_CALLBACK;
    rs->reader = blob_reader_read;
    rs->reader_arg = r;
    rs->reader_free = free;
    rs->total_len = r->b.size;
    rs->frame_self = true;
    rs->no_store = true;
    struct buf ascii = BUF_INIT, enc = BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        buf_putc(&ascii, *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' ? (char)*p : '_');
        if (isalnum(*p) || strchr("-._~", *p))
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

static int
lke_get_evidence(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    const char *ids = req_param(rq, "id");
    int64_t eid;
    if (!ids || parse_i64(ids, strlen(ids), &eid) != 0)
        return ZE_NOTFOUND;
    json_t *e = lke_store_evidence_get(rq->db, eid);
    if (!e || json_integer_value(json_object_get(e, "unit_id")) != c.u.id) {
        json_decref(e);
        return ZE_NOTFOUND;
    }
    const char *kind = json_string_value(json_object_get(e, "kind"));
    const char *copy = json_string_value(json_object_get(e, "sha256"));
    if (strcmp(kind, "link") == 0 && !(req_query(rq, "salinan") && copy && *copy)) {
        resp_redirect(rs, 303, arena_strdup(rq->a, json_string_value(json_object_get(e, "url"))));
        json_decref(e);
        return 0;
    }
    rc = serve_blob(rq, rs, json_string_value(json_object_get(e, "sha256")),
                    json_string_value(json_object_get(e, "name")), req_query(rq, "unduh") != NULL);
    json_decref(e);
    return rc;
}

/* --- review, side by side ------------------------------------------------------------------ */

/* The level the caller may record now, or NULL. */
static const char *
my_review_level(struct req *rq, const struct ctx *c)
{
    const char *level = lke_state_review_level(c->a.state);
    if (!level)
        return NULL;
    if (strcmp(level, "tpn") == 0)
        return auth_may(rq, "lke.tpn", c->u.path) ? level : NULL;
    if (!auth_may(rq, "lke.review", c->u.path) ||
        !lke_store_team_has(rq->db, c->a.id, auth_me(rq), level))
        return NULL;
    return level;
}

static int
lke_get_review(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    const char *as = req_query(rq, "area");
    int area = as && strcmp(as, "hasil") == 0       ? 0
               : as && as[0] >= '1' && as[0] <= '6' ? as[0] - '0'
                                                    : 1;
    const char *mine = my_review_level(rq, &c);
    /* self as submitted: the snapshot of the round under review */
    json_t *snap = c.a.round ? lke_store_snapshot_get(rq->db, c.a.id, c.a.round) : NULL;
    json_t *self_rows = json_object_get(snap, "answers");
    json_t *snap_ev = json_object_get(snap, "evidence");
    json_t *rows[5] = {NULL}, *eff[5] = {NULL}, *res[5] = {NULL};
    for (int i = 0; i < 5; i++) {
        rows[i] = json_object();
        if (i == 0 && json_is_object(self_rows))
            json_object_update(rows[i], self_rows);
        else
            lke_store_answers(rq->db, c.a.id, lke_levels[i], rows[i]);
        eff[i] = lke_effective_answers(rq->db, &c.a, lke_levels[i]);
        res[i] = score_of(c.fw, eff[i]);
    }
    if (!snap_ev) {
        snap_ev = json_object();
        lke_store_attached(rq->db, c.a.id, snap_ev);
        json_object_set_new(snap ? snap : (snap = json_object()), "evidence", snap_ev);
    }
    json_t *empty = json_object();
    json_t *sections =
        area_sections(rq, &c, area, rows[0], eff[0], snap_ev, json_object_get(res[0], "items"));
    /* add every level's column to each question */
    size_t si, qi;
    json_t *sec, *qm;
    json_array_foreach(sections, si, sec)
    {
        json_array_foreach(json_object_get(sec, "questions"), qi, qm)
        {
            const char *code = json_string_value(json_object_get(qm, "code"));
            const struct lke_question *lq = lke_question(c.fw->f, code);
            json_t *cols = json_array();
            for (int i = 0; i < 5; i++) {
                json_t *row = json_object_get(rows[i], code);
                json_t *own = json_object_get(row, "value");
                bool has_own = own && !json_is_null(own);
                if (i > 0 && !row)
                    continue;
                json_array_append_new(
                    cols,
                    json_pack(
                        "{s:s,s:o,s:s,s:s,s:s,s:s,s:o,s:b}", "label",
                        frame_t(rq, lke_level_label(lke_levels[i])), "answer",
                        answer_text(rq, lq,
                                    has_own ? own
                                    : i     ? NULL
                                            : own),
                        "note", row ? json_string_value(json_object_get(row, "note")) : "",
                        "finding", row ? json_string_value(json_object_get(row, "finding")) : "",
                        "recommendation",
                        row ? json_string_value(json_object_get(row, "recommendation")) : "",
                        "response", row ? json_string_value(json_object_get(row, "response")) : "",
                        "points",
                        num(rq, json_number_value(
                                    json_object_get(json_object_get(res[i], "items"), code))),
                        "differs",
                        i > 0 && has_own && !json_equal(own, json_object_get(eff[i - 1], code))));
            }
            json_object_set_new(qm, "columns", cols);
            if (mine) {
                int li = lke_level_index(mine);
                json_t *row = json_object_get(rows[li], code);
                json_t *cur = json_object_get(eff[li], code);
                json_t *fresh = question_model(rq, &c, json_object_get(c.fw->by_code, code), row,
                                               cur, empty, empty);
                json_object_set_new(qm, "mine", fresh);
                json_object_set_new(
                    json_object_get(qm, "mine"), "finding",
                    json_string(row ? json_string_value(json_object_get(row, "finding")) : ""));
                json_object_set_new(
                    json_object_get(qm, "mine"), "recommendation",
                    json_string(row ? json_string_value(json_object_get(row, "recommendation"))
                                    : ""));
            }
        }
    }
    json_t *tabs = json_array();
    for (int ar = 1; ar <= 7; ar++) {
        int k = ar % 7;
        json_array_append_new(tabs,
                              json_pack("{s:s,s:s,s:b}", "href",
                                        arena_printf(rq->a, "%s/tinjau?area=%s", c.base,
                                                     k ? arena_printf(rq->a, "%d", k) : "hasil"),
                                        "name", area_name(rq, c.fw, k), "current", k == area));
    }
    struct auth_ctx *ac = auth_ctx(rq);
    json_t *m =
        json_pack("{s:{s:s,s:s},s:i,s:s,s:s,s:o,s:o,s:o,s:b,s:s,s:s,s:s,s:i}", "unit", "code",
                  c.u.code, "name", c.u.name, "year", c.a.year, "base", c.base, "state_label",
                  frame_t(rq, lke_state_label(c.a.state)), "sections", sections, "tabs", tabs,
                  "levels", levels_row(rq, &c), "can_record", mine != NULL, "my_level_label",
                  mine ? frame_t(rq, lke_level_label(mine)) : "", "csrf", ac ? ac->s.csrf : "",
                  "area_name", area_name(rq, c.fw, area), "round", c.a.round);
    json_object_set_new(m, "area_key",
                        json_string(area ? arena_printf(rq->a, "%d", area) : "hasil"));
    for (int i = 0; i < 5; i++) {
        json_decref(rows[i]);
        json_decref(eff[i]);
        json_decref(res[i]);
    }
    json_decref(empty);
    json_decref(snap);
    return frame_render(rq, rs, 200, "lke/review", N_("LKE review"), m);
}

static int
lke_post_review(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    const char *level = my_review_level(rq, &c);
    const char *code = req_field_trimmed(rq, "code");
    const struct lke_question *q = lke_question(c.fw->f, code);
    if (!level) {
        rq->error_detail = N_("Only the assigned TPI team member of the current review step (or "
                              "the TPN once proposed) records answers now.");
        return ZE_FORBIDDEN;
    }
    if (!q)
        return ZE_INVAL;
    const char *note = req_field_trimmed(rq, "note"), *finding = req_field_trimmed(rq, "finding"),
               *reco = req_field_trimmed(rq, "recommendation");
    if (strlen(note) > 4000 || strlen(finding) > 4000 || strlen(reco) > 4000) {
        rq->error_detail = N_("The note is longer than 4,000 characters.");
        return ZE_INVAL;
    }
    json_t *raw = form_answer(rq, q);
    const char *why;
    json_t *v = parse_answer(c.fw->f, q, raw, &why);
    json_decref(raw);
    if (!v) {
        if (rq->wants_json) {
            http_error_json(rs, 400, "invalid", frame_t(rq, why));
            return 0;
        }
        rq->error_detail = why;
        return ZE_INVAL;
    }
    char *vt = json_is_null(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    int64_t rev, now = clock_now_ms();
    rc = db_begin_write(rq->db);
    if (!rc)
        rc =
            lke_store_answer_save(rq->db, c.a.id, level, code, vt, note, 0, auth_me(rq), now, &rev);
    if (!rc)
        rc = lke_store_finding_save(rq->db, c.a.id, level, code, finding, reco, auth_me(rq), now);
    if (!rc)
        rc = lke_refresh_summary(rq->db, &c.a);
    if (!rc) {
        json_t *after = json_pack("{s:s,s:s,s:O,s:b}", "level", level, "code", code, "value", v,
                                  "finding", *finding != 0);
        rc = audit_request(rq, "lke.review", c.u.id, "assessment",
                           arena_printf(rq->a, "%s/%d", c.u.code, c.a.year), NULL, after);
        json_decref(after);
    }
    free(vt);
    json_decref(v);
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    if (rq->wants_json) {
        json_t *j =
            json_pack("{s:s,s:s,s:I}", "code", code, "level", level, "rev", (json_int_t)rev);
        resp_json(rs, 200, j);
        json_decref(j);
        return 0;
    }
    int area = lke_code_area(code);
    return frame_redirect(rq, rs,
                          arena_printf(rq->a, "%s/tinjau?area=%s#%s", c.base,
                                       area ? arena_printf(rq->a, "%d", area) : "hasil", code),
                          "lke_saved");
}

static int
lke_post_response(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    const char *code = req_field_trimmed(rq, "code"), *level = req_field_trimmed(rq, "level"),
               *text = req_field_trimmed(rq, "response");
    if (!lke_question(c.fw->f, code) || lke_level_index(level) < 1)
        return ZE_INVAL;
    if (c.a.state != LKE_RETURNED) {
        rq->error_detail = N_("Findings are answered while the assessment is returned for "
                              "revision.");
        return ZE_CONFLICT;
    }
    if (!may_edit_area(rq, &c.u, lke_code_area(code))) {
        rq->error_detail = N_("Your working group does not fill in this change area.");
        return ZE_FORBIDDEN;
    }
    if (!*text || strlen(text) > 4000) {
        rq->error_detail = N_("Write the unit's answer to the finding (at most 4,000 characters).");
        return ZE_INVAL;
    }
    rc = db_begin_write(rq->db);
    if (!rc)
        rc =
            lke_store_response_save(rq->db, c.a.id, level, code, text, auth_me(rq), clock_now_ms());
    if (!rc) {
        json_t *after = json_pack("{s:s,s:s}", "code", code, "level", level);
        rc = audit_request(rq, "lke.response", c.u.id, "assessment",
                           arena_printf(rq->a, "%s/%d", c.u.code, c.a.year), NULL, after);
        json_decref(after);
    }
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "%s#temuan", c.base), "lke_saved");
}

/* --- moves, team, inbox --------------------------------------------------------------------- */

static void
notify(struct req *rq, const struct ctx *c, json_t *ids, const char *kind, const char *link)
{
    const char *subject = arena_printf(rq->a, "%s · %d", c->u.name, c->a.year);
    size_t i;
    json_t *x;
    json_array_foreach(ids, i, x)
    {
        int64_t uid = json_integer_value(x);
        if (uid == auth_me(rq))
            continue;
        lke_store_inbox_add(rq->db, uid, kind, c->u.id, subject, link, clock_now_ms());
    }
}

static void
team_ids(struct req *rq, const struct ctx *c, const char *level, json_t *ids)
{
    json_t *team = json_array();
    lke_store_team(rq->db, c->a.id, team);
    size_t i;
    json_t *x;
    json_array_foreach(team, i, x)
    {
        if (!level || strcmp(json_string_value(json_object_get(x, "level")), level) == 0)
            json_array_append(ids, json_object_get(x, "user_id"));
    }
    json_decref(team);
}

/* Who hears of a move, and what. */
static void
notify_move(struct req *rq, const struct ctx *c, const struct lke_move *m)
{
    json_t *ids = json_array();
    const char *kind = m->label;
    if (strcmp(m->action, "submit") == 0) {
        team_ids(rq, c, "anggota", ids);
        if (!json_array_size(ids))
            lke_store_people_with_roles(rq->db, c->u.path, "tpi-ketua,tpi-dalnis", ids);
        kind = N_("An assessment was submitted to the TPI");
    } else if (strcmp(m->action, "to_ketua") == 0) {
        team_ids(rq, c, "ketua", ids);
        kind = N_("An assessment awaits the team lead's review");
    } else if (strcmp(m->action, "to_dalnis") == 0) {
        team_ids(rq, c, "dalnis", ids);
        kind = N_("An assessment awaits the technical controller's review");
    } else if (strcmp(m->action, "return") == 0) {
        lke_store_people_with_roles(rq->db, c->u.path, "koordinator-zi,anggota-pokja,pimpinan",
                                    ids);
        kind = N_("The assessment was returned for revision");
    } else if (strcmp(m->action, "accept") == 0) {
        lke_store_people_with_roles(rq->db, c->u.path, "koordinator-zi,pimpinan", ids);
        kind = N_("The TPI accepted the assessment");
    } else if (strcmp(m->action, "propose") == 0) {
        lke_store_people_with_roles(rq->db, c->u.path, "tpn,koordinator-zi,pimpinan", ids);
        kind = N_("An assessment was proposed to the TPN");
    } else if (strcmp(m->action, "result") == 0) {
        lke_store_people_with_roles(rq->db, c->u.path, "koordinator-zi,pimpinan", ids);
        team_ids(rq, c, NULL, ids);
        kind = N_("The TPN result was recorded");
    } else if (strcmp(m->action, "start") == 0) {
        lke_store_people_with_roles(rq->db, c->u.path, "koordinator-zi", ids);
        kind = N_("The TPI started reviewing the assessment");
    }
    notify(rq, c, ids, kind, c->base);
    json_decref(ids);
}

/* Takes a move; the shared path of the form and the API. */
static int
take_move(struct req *rq, struct ctx *c, const char *action, const char *note, const char **why,
          int *status)
{
    const struct lke_move *m = lke_move_find(action);
    *status = 400;
    if (!m) {
        *why = N_("Unknown action.");
        return ZE_INVAL;
    }
    if (!lke_move_from(m, c->a.state)) {
        *status = 409;
        *why = N_("This step is not possible in the assessment's current state.");
        return ZE_CONFLICT;
    }
    if (!move_allowed(rq, c, m)) {
        *status = 403;
        *why = N_("You may not take this step: it belongs to another role or to the assigned TPI "
                  "team.");
        return ZE_FORBIDDEN;
    }
    if (strlen(note) > 4000) {
        *why = N_("The note is longer than 4,000 characters.");
        return ZE_INVAL;
    }
    json_t *findings = json_array();
    lke_store_findings(rq->db, c->a.id, findings);
    size_t nf = json_array_size(findings), open = 0, i;
    json_t *x;
    json_array_foreach(findings, i, x) open += !*json_string_value(json_object_get(x, "response"));
    json_decref(findings);
    if (strcmp(action, "return") == 0 && nf == 0) {
        *why = N_("Record at least one finding before returning the assessment.");
        return ZE_INVAL;
    }
    if (strcmp(action, "submit") == 0 && c->a.state == LKE_RETURNED && open > 0) {
        *why = N_("Answer every finding of the TPI before submitting again.");
        return ZE_INVAL;
    }
    const char *result = NULL, *letter = "";
    char letter_sha[65] = "";
    const struct upload *lf = req_file(rq, "letter_file");
    if (strcmp(action, "result") == 0) {
        result = req_field_trimmed(rq, "result");
        if (rq->json && json_is_string(json_object_get(rq->json, "result")))
            result = json_string_value(json_object_get(rq->json, "result"));
        letter = req_field_trimmed(rq, "letter");
        if (rq->json && json_is_string(json_object_get(rq->json, "letter")))
            letter = json_string_value(json_object_get(rq->json, "letter"));
        if (strcmp(result, "wbk") != 0 && strcmp(result, "wbbm") != 0 &&
            strcmp(result, "none") != 0) {
            *why = N_("Choose the TPN's result: WBK, WBBM or not yet.");
            return ZE_INVAL;
        }
        if (!*letter || strlen(letter) > 190) {
            *why = N_("Enter the number of the decision letter (at most 190 characters).");
            return ZE_INVAL;
        }
        if (lf && lf->size > 0 && !sniff(rq, lf)) {
            *status = 415;
            *why = N_("zona keeps PDF files, images (PNG, JPEG, WebP, GIF) and office documents "
                      "as evidence. This file is of another kind.");
            return ZE_MEDIA;
        }
    }
    int64_t now = clock_now_ms();
    int round = c->a.round + (strcmp(action, "submit") == 0);
    enum lke_state from = c->a.state;
    int rc = db_begin_write(rq->db);
    if (!rc)
        rc = db_lock(rq->db, c->a.id);
    struct lke_assessment fresh;
    if (!rc && (rc = lke_store_get_id(rq->db, c->a.id, &fresh)) == 0 && fresh.state != from) {
        rc = ZE_CONFLICT; /* someone moved it meanwhile */
        *status = 409;
        *why = N_("This step is not possible in the assessment's current state.");
    }
    if (!rc && strcmp(action, "submit") == 0)
        rc = lke_snapshot_take(rq->db, &c->a, round, auth_me(rq));
    if (!rc && result && lf && lf->size > 0) {
        struct blob_info b = {0};
        if ((rc = blob_put_fd(rq->db, lf->fd, sniff(rq, lf), &b)) == 0)
            snprintf(letter_sha, sizeof letter_sha, "%s", b.sha256);
    }
    if (!rc && result) {
        rc = lke_store_set_result(rq->db, c->a.id, result, letter, letter_sha, now);
        snprintf(c->a.result, sizeof c->a.result, "%s", result);
        snprintf(c->a.result_letter, sizeof c->a.result_letter, "%s", letter);
        snprintf(c->a.result_letter_sha, sizeof c->a.result_letter_sha, "%s", letter_sha);
    }
    if (!rc)
        rc = lke_store_set_state(rq->db, c->a.id, m->to, round, now);
    if (!rc)
        rc = lke_store_event(rq->db, c->a.id, auth_me(rq), action, lke_state_name(from),
                             lke_state_name(m->to), note, now);
    if (!rc) {
        c->a.state = m->to;
        c->a.round = round;
        rc = lke_refresh_summary(rq->db, &c->a);
    }
    if (!rc) {
        json_t *before = json_pack("{s:s}", "state", lke_state_name(from));
        json_t *after = json_pack("{s:s,s:i}", "state", lke_state_name(m->to), "round", round);
        if (result)
            json_object_set_new(after, "result", json_string(result));
        rc = audit_request(rq, arena_printf(rq->a, "lke.%s", action), c->u.id, "assessment",
                           arena_printf(rq->a, "%s/%d", c->u.code, c->a.year), before, after);
        json_decref(before);
        json_decref(after);
    }
    if (!rc)
        notify_move(rq, c, m);
    rc = db_commit_or_rollback(rq->db, rc);
    if (rc && !*why) {
        *status = 500;
        *why = N_("The step could not be saved. Please try again.");
    }
    return rc;
}

static int
lke_post_move(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    const char *why = "";
    int status;
    const char *action = req_field_trimmed(rq, "action");
    rc = take_move(rq, &c, action, req_field_trimmed(rq, "note"), &why, &status);
    if (rc) {
        rq->error_detail = why;
        return rc;
    }
    return frame_redirect(rq, rs, c.base, "lke_moved");
}

static int
lke_post_team(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    const char *nip = req_field_trimmed(rq, "nip"), *level = req_field_trimmed(rq, "level"),
               *op = req_field_trimmed(rq, "op");
    if (lke_level_index(level) < 1 || lke_level_index(level) > 3) {
        rq->error_detail = N_("Choose the team role: member, team lead or technical controller.");
        return ZE_INVAL;
    }
    if (c.a.state >= LKE_ACCEPTED) {
        rq->error_detail = N_("The TPI team cannot change after the assessment was accepted.");
        return ZE_CONFLICT;
    }
    struct auth_user u;
    if (auth_user_by_login(rq->db, nip, &u) != 0 || !u.active) {
        rq->error_detail = N_("Nobody with this NIP or e-mail address has an active account.");
        return ZE_INVAL;
    }
    bool removing = strcmp(op, "hapus") == 0;
    if (u.id == auth_me(rq)) {
        rq->error_detail = N_("Nobody adds themselves to a TPI team or removes themselves from it: "
                              "ask another assigner.");
        return ZE_FORBIDDEN;
    }
    if (strcmp(level, "anggota") != 0 && !auth_may(rq, "lke.assign.lead", c.u.path)) {
        rq->error_detail = N_("Only a technical controller (or the system administrator) assigns "
                              "the team lead and the technical controller.");
        return ZE_FORBIDDEN;
    }
    if (!removing) {
        if (u.unit_id == c.u.id) {
            rq->error_detail = N_("Nobody reviews their own unit: choose an assessor from another "
                                  "unit.");
            return ZE_INVAL;
        }
        json_t *ids = json_array();
        lke_store_people_with_roles(rq->db, c.u.path, arena_printf(rq->a, "tpi-%s", level), ids);
        bool holds = false;
        size_t i;
        json_t *x;
        json_array_foreach(ids, i, x) holds |= json_integer_value(x) == u.id;
        json_decref(ids);
        if (!holds) {
            rq->error_detail = N_("This person does not hold the matching TPI role over this "
                                  "unit.");
            return ZE_INVAL;
        }
    }
    int64_t now = clock_now_ms();
    rc = db_begin_write(rq->db);
    if (!rc)
        rc = removing ? lke_store_team_remove(rq->db, c.a.id, u.id, level)
                      : lke_store_team_add(rq->db, c.a.id, u.id, level, auth_me(rq), now);
    if (!rc)
        rc = lke_store_event(rq->db, c.a.id, auth_me(rq), "team", lke_state_name(c.a.state),
                             lke_state_name(c.a.state),
                             arena_printf(rq->a, "%s %s (%s)", removing ? "−" : "+", u.name, level),
                             now);
    if (!rc) {
        json_t *after =
            json_pack("{s:s,s:s,s:b}", "nip", u.nip, "level", level, "removed", removing);
        rc = audit_request(rq, "lke.team", c.u.id, "assessment",
                           arena_printf(rq->a, "%s/%d", c.u.code, c.a.year), NULL, after);
        json_decref(after);
    }
    if (!rc && !removing)
        rc = lke_store_inbox_add(rq->db, u.id, N_("You were assigned to an assessment's TPI team"),
                                 c.u.id, arena_printf(rq->a, "%s · %d", c.u.name, c.a.year), c.base,
                                 now);
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "%s#tim", c.base), "lke_team_saved");
}

static int
lke_get_inbox(struct req *rq, struct resp *rs)
{
    struct auth_ctx *ac = auth_ctx(rq);
    json_t *list = json_array();
    lke_store_inbox(rq->db, ac->u.id, 200, list);
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        json_object_set_new(
            x, "when", frame_when(rq, json_integer_value(json_object_get(x, "at")), ac->u.unit_tz));
        json_object_set_new(
            x, "title", json_string(frame_t(rq, json_string_value(json_object_get(x, "kind")))));
    }
    json_t *m = json_pack("{s:o,s:I,s:s}", "items", list, "unread",
                          (json_int_t)lke_store_inbox_unread(rq->db, ac->u.id), "csrf", ac->s.csrf);
    return frame_render(rq, rs, 200, "lke/inbox", N_("Inbox"), m);
}

static int
lke_post_inbox_read(struct req *rq, struct resp *rs)
{
    struct auth_ctx *ac = auth_ctx(rq);
    const char *ids = req_field_trimmed(rq, "id");
    int64_t id = 0;
    if (*ids && parse_i64(ids, strlen(ids), &id) != 0)
        return ZE_INVAL;
    const char *go = "/kotak-masuk";
    if (id) {
        json_t *list = json_array();
        lke_store_inbox(rq->db, ac->u.id, 1000, list);
        size_t i;
        json_t *x;
        json_array_foreach(list, i, x) if (json_integer_value(json_object_get(x, "id")) == id) go =
            arena_strdup(rq->a, json_string_value(json_object_get(x, "link")));
        json_decref(list);
    }
    int rc = db_begin_write(rq->db);
    if (!rc)
        rc = lke_store_inbox_read(rq->db, ac->u.id, id, clock_now_ms());
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    resp_redirect(rs, 303, frame_safe_next(go) ? go : "/kotak-masuk");
    return 0;
}

/* --- year settings ------------------------------------------------------------------------- */

static int
lke_post_deadline(struct req *rq, struct resp *rs)
{
    const char *ys = req_field_trimmed(rq, "year"), *d = req_field_trimmed(rq, "deadline");
    int64_t y;
    if (parse_i64(ys, strlen(ys), &y) != 0 || y < 2000 || y > 2200) {
        rq->error_detail = N_("Enter a year such as 2026.");
        return ZE_INVAL;
    }
    if (lke_deadline_ms(d, 0) < 0) {
        rq->error_detail = N_("Enter the date as YYYY-MM-DD.");
        return ZE_INVAL;
    }
    int rc = db_begin_write(rq->db);
    if (!rc)
        rc = lke_store_deadline_set(rq->db, (int)y, d, auth_me(rq), clock_now_ms());
    if (!rc) {
        json_t *after = json_pack("{s:i,s:s}", "year", (int)y, "deadline", d);
        rc = audit_request(rq, "lke.deadline", 0, "lke_year", ys, NULL, after);
        json_decref(after);
    }
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "/lke?tahun=%d", (int)y), "lke_saved");
}

/* --- the API --------------------------------------------------------------------------------- */

static json_t *
api_assessment(struct req *rq, struct ctx *c)
{
    json_t *levels = json_object();
    for (int i = 0; i < 5; i++) {
        json_t *rows = json_object();
        if (i == 0 && !lke_state_unit_edits(c->a.state) && c->a.round > 0) {
            json_t *snap = lke_store_snapshot_get(rq->db, c->a.id, c->a.round);
            json_t *ans = json_object_get(snap, "answers");
            if (json_is_object(ans))
                json_object_update(rows, ans);
            json_decref(snap);
        } else {
            lke_store_answers(rq->db, c->a.id, lke_levels[i], rows);
        }
        if (i > 0 && !json_object_size(rows)) {
            json_decref(rows);
            continue;
        }
        const char *k;
        json_t *r;
        json_object_foreach(rows, k, r)
        {
            json_t *at = json_object_get(r, "updated_at");
            struct buf b = BUF_INIT;
            fmt_iso8601(&b, json_integer_value(at), fmt_zone_of(c->u.tz));
            json_object_set_new(r, "updated_at", json_string(b.p));
            buf_free(&b);
            json_object_del(r, "updated_by_name");
        }
        json_t *eff = lke_effective_answers(rq->db, &c->a, lke_levels[i]);
        json_t *res = score_of(c->fw, eff);
        json_object_set_new(levels, lke_levels[i],
                            json_pack("{s:o,s:o}", "answers", rows, "scores", res));
        json_decref(eff);
    }
    json_t *evidence = json_object();
    lke_store_attached(rq->db, c->a.id, evidence);
    json_t *team = json_array();
    lke_store_team(rq->db, c->a.id, team);
    json_t *findings = json_array();
    lke_store_findings(rq->db, c->a.id, findings);
    char d[11];
    lke_store_deadline(rq->db, c->a.year, d);
    json_t *moves = json_array();
    const struct lke_move *mv;
    size_t nm = lke_moves(&mv);
    for (size_t i = 0; i < nm; i++)
        if (move_allowed(rq, c, &mv[i]))
            json_array_append_new(moves, json_string(mv[i].action));
    return json_pack("{s:s,s:s,s:i,s:s,s:i,s:{s:s,s:I},s:s,s:s,s:o,s:o,s:o,s:o,s:o}", "unit",
                     c->u.code, "unit_name", c->u.name, "year", c->a.year, "state",
                     lke_state_name(c->a.state), "round", c->a.round, "framework", "id",
                     c->a.framework_id, "version", (json_int_t)c->a.framework_version, "deadline",
                     d, "result", c->a.result, "levels", levels, "evidence", evidence, "team", team,
                     "findings", findings, "moves", moves);
}

static json_t *
or_null(json_t *v)
{
    return v ? v : json_null();
}

static json_t *
or_false(json_t *v)
{
    return v ? v : json_false();
}

static int
lke_api_list(struct req *rq, struct resp *rs)
{
    const char *code = req_query(rq, "unit");
    const char *ys = req_query(rq, "year");
    int64_t year = 0;
    if (ys && (parse_i64(ys, strlen(ys), &year) != 0 || year < 2000 || year > 2200)) {
        http_error_json(rs, 400, "invalid", frame_t(rq, N_("Enter a year such as 2026.")));
        return 0;
    }
    json_t *all = json_array();
    if (code) {
        struct org_unit u;
        if (org_unit_by_code(rq->db, code, &u) != 0 || !auth_may(rq, "lke.read", u.path)) {
            json_decref(all);
            return ZE_NOTFOUND;
        }
        lke_store_list(rq->db, u.path, (int)year, all);
    } else {
        json_t *rts = roots(rq, "lke.read");
        size_t i;
        json_t *r;
        json_array_foreach(rts, i, r)
            lke_store_list(rq->db, json_string_value(json_object_get(r, "path")), (int)year, all);
        json_decref(rts);
    }
    json_t *out = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(all, i, x)
    {
        if (code && strcmp(json_string_value(json_object_get(x, "unit_code")), code) != 0 &&
            !req_query(rq, "subtree"))
            continue;
        json_t *s = json_object_get(x, "summary");
        json_array_append_new(
            out,
            json_pack(
                "{s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O}", "unit",
                json_object_get(x, "unit_code"), "unit_name", json_object_get(x, "unit_name"),
                "year", json_object_get(x, "year"), "state", json_object_get(x, "state"), "round",
                json_object_get(x, "round"), "level", or_null(json_object_get(s, "level")), "total",
                or_null(json_object_get(s, "total")), "areas", or_null(json_object_get(s, "areas")),
                "wbk", or_false(json_object_get(s, "wbk")), "wbbm",
                or_false(json_object_get(s, "wbbm")), "result", json_object_get(x, "result")));
    }
    json_decref(all);
    json_t *j = json_pack("{s:o}", "assessments", out);
    resp_json(rs, 200, j);
    json_decref(j);
    return 0;
}

static int
lke_api_get(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    json_t *j = api_assessment(rq, &c);
    resp_json(rs, 200, j);
    json_decref(j);
    return 0;
}

/* PUT answers: {"answers": {code: value | {"value": v, "note": "…"}}}. All or nothing. */
static int
lke_api_put_answers(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    json_t *in = json_object_get(rq->json, "answers");
    if (!json_is_object(in)) {
        http_error_json(rs, 400, "invalid",
                        frame_t(rq, N_("Send {\"answers\": {code: answer}} as JSON.")));
        return 0;
    }
    if (!lke_state_unit_edits(c.a.state)) {
        http_error_json(rs, 409, "conflict",
                        frame_t(rq, N_("The assessment has been submitted: answers are frozen "
                                       "until it is returned for revision.")));
        return 0;
    }
    json_t *parsed = json_object(), *notes = json_object();
    const char *code;
    json_t *x;
    json_object_foreach(in, code, x)
    {
        const struct lke_question *q = lke_question(c.fw->f, code);
        json_t *raw = x, *note = NULL;
        if (json_is_object(x) && !json_object_get(x, "inputs")) {
            raw = json_object_get(x, "value");
            note = json_object_get(x, "note");
        }
        const char *why = N_("There is no such question in this assessment.");
        json_t *v = q ? parse_answer(c.fw->f, q, raw, &why) : NULL;
        if (v && !may_edit_area(rq, &c.u, lke_code_area(code))) {
            json_decref(v);
            json_decref(parsed);
            json_decref(notes);
            http_error_json(rs, 403, "forbidden",
                            arena_printf(rq->a, "%s: %s", code,
                                         frame_t(rq, N_("Your working group does not fill in "
                                                        "this change area."))));
            return 0;
        }
        if (!v || (note && (!json_is_string(note) || json_string_length(note) > 4000))) {
            json_decref(v);
            json_decref(parsed);
            json_decref(notes);
            http_error_json(rs, 400, "invalid",
                            arena_printf(rq->a, "%s: %s", code,
                                         frame_t(rq, v ? N_("The note is longer than 4,000 "
                                                            "characters.")
                                                       : why)));
            return 0;
        }
        json_object_set_new(parsed, code, v);
        if (note)
            json_object_set(notes, code, note);
    }
    json_t *existing = json_object();
    lke_store_answers(rq->db, c.a.id, "self", existing);
    int64_t now = clock_now_ms(), rev;
    rc = db_begin_write(rq->db);
    json_object_foreach(parsed, code, x)
    {
        if (rc)
            break;
        char *vt = json_is_null(x) ? NULL : json_dumps(x, JSON_ENCODE_ANY | JSON_COMPACT);
        json_t *note = json_object_get(notes, code);
        const char *nt =
            note ? json_string_value(note)
                 : json_string_value(json_object_get(json_object_get(existing, code), "note"));
        rc = lke_store_answer_save(rq->db, c.a.id, "self", code, vt, nt, 0, auth_me(rq), now, &rev);
        free(vt);
    }
    if (!rc)
        rc = lke_refresh_summary(rq->db, &c.a);
    if (!rc) {
        json_t *after = json_pack("{s:i}", "answers", (int)json_object_size(parsed));
        rc = audit_request(rq, "lke.answer", c.u.id, "assessment",
                           arena_printf(rq->a, "%s/%d", c.u.code, c.a.year), NULL, after);
        json_decref(after);
    }
    json_decref(existing);
    json_decref(parsed);
    json_decref(notes);
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    json_t *j = api_assessment(rq, &c);
    resp_json(rs, 200, j);
    json_decref(j);
    return 0;
}

static int
lke_api_post_evidence(struct req *rq, struct resp *rs)
{
    rq->wants_json = true;
    return lke_post_evidence(rq, rs);
}

static int
lke_api_post_transition(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    const char *action = json_string_value(json_object_get(rq->json, "action"));
    const char *note = json_string_value(json_object_get(rq->json, "note"));
    if (!action)
        action = req_field_trimmed(rq, "action");
    const char *why = "";
    int status;
    rc = take_move(rq, &c, action ? action : "", note ? note : "", &why, &status);
    if (rc) {
        http_error_json(rs, status,
                        status == 409   ? "conflict"
                        : status == 403 ? "forbidden"
                        : status == 415 ? "unsupported_media_type"
                        : status == 500 ? "internal"
                                        : "invalid",
                        frame_t(rq, why));
        return 0;
    }
    json_t *j = api_assessment(rq, &c);
    resp_json(rs, 200, j);
    json_decref(j);
    return 0;
}

/* --- documents: the workbook, the LHE, the TPN package, import ---------------------------- */

static const char *
level_query(struct req *rq)
{
    const char *l = req_query(rq, "tingkat");
    return l && lke_level_index(l) >= 0 ? l : "self";
}

static void
doc_meta(struct req *rq, const struct ctx *c, const char *level, struct lke_doc_meta *m)
{
    memset(m, 0, sizeof *m);
    m->unit_code = c->u.code;
    m->unit_name = c->u.name;
    m->year = c->a.year;
    m->level = level;
    m->level_label = frame_t(rq, lke_level_label(level));
    m->lang = rq->lang;
}

/* Writes the workbook of level into path. */
static int
write_workbook(struct req *rq, const struct ctx *c, const char *level, const char *path,
               struct buf *err)
{
    json_t *answers = lke_export_answers(rq->db, &c->a, level);
    struct lke_doc_meta m;
    doc_meta(rq, c, level, &m);
    int rc = lke_xlsx_export(c->fw->f, answers, &m, path, err);
    json_decref(answers);
    return rc;
}

static int
lke_get_xlsx(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    const char *level = level_query(rq);
    char path[512];
    int fd = resp_temp_file(path, sizeof path, ".xlsx");
    if (fd < 0)
        return ZE_IO;
    close(fd);
    struct buf err = BUF_INIT;
    rc = write_workbook(rq, &c, level, path, &err);
    if (rc) {
        log_error("lke: workbook %s/%d: %s", c.u.code, c.a.year, buf_cstr(&err));
        unlink(path);
        buf_free(&err);
        return ZE_IO;
    }
    buf_free(&err);
    return resp_temp_download(rq, rs, path,
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                              arena_printf(rq->a, "LKE-%s-%d-%s.xlsx", c.u.code, c.a.year, level));
}

/* The place of a signature: the town in an address "…, Denpasar, Bali". */
static const char *
town_of(struct req *rq, const char *address)
{
    const char *last = strrchr(address, ',');
    if (!last)
        return "";
    const char *p = last;
    while (p > address && p[-1] != ',')
        p--;
    if (p == address)
        return "";
    while (*p == ' ')
        p++;
    return arena_strndup(rq->a, p, (size_t)(last - p));
}

static json_t *
lhe_model(struct req *rq, const struct ctx *c, const char *level)
{
    json_t *eff = lke_effective_answers(rq->db, &c->a, level);
    json_t *self = lke_effective_answers(rq->db, &c->a, "self");
    json_t *scores = score_of(c->fw, eff), *self_scores = score_of(c->fw, self);
    json_t *findings = json_array(), *recos = json_array(), *raw = json_array();
    lke_store_findings(rq->db, c->a.id, raw);
    size_t i;
    json_t *x;
    json_array_foreach(raw, i, x)
    {
        const char *code = json_string_value(json_object_get(x, "code"));
        const char *reco = json_string_value(json_object_get(x, "recommendation"));
        json_array_append_new(
            findings,
            json_pack("{s:s,s:s,s:O,s:O,s:O}", "code", code, "question",
                      lke_fw_text(json_object_get(c->fw->by_code, code), "text", rq->lang),
                      "finding", json_object_get(x, "finding"), "recommendation",
                      json_object_get(x, "recommendation"), "response",
                      json_object_get(x, "response")));
        if (reco && *reco)
            json_array_append_new(recos, json_string(reco));
    }
    json_decref(raw);
    /* the signature: the dalnis of the team, else the ketua */
    json_t *team = json_array();
    lke_store_team(rq->db, c->a.id, team);
    static const char *const signers[] = {"dalnis", "ketua"};
    const char *sign_level = signers[0];
    json_t *signer = NULL;
    for (size_t pass = 0; pass < 2 && !signer; pass++) {
        sign_level = signers[pass];
        json_array_foreach(team, i, x)
        {
            if (!signer && strcmp(json_string_value(json_object_get(x, "level")), sign_level) == 0)
                signer = x;
        }
    }
    struct org_unit eu;
    bool has_eu =
        signer &&
        org_unit_by_id(rq->db, json_integer_value(json_object_get(signer, "unit_id")), &eu) == 0;
    struct buf date = BUF_INIT;
    fmt_date(&date, rq->lang, clock_now_ms(), fmt_zone_of(has_eu ? eu.tz : c->u.tz));
    json_t *area_names = json_object();
    for (size_t k = 0; k < c->fw->f->nareas; k++)
        json_object_set_new(
            area_names, c->fw->f->areas[k].code,
            json_string(lke_fw_text(json_object_get(c->fw->by_code, c->fw->f->areas[k].code),
                                    "name", rq->lang)));
    struct org_unit parent;
    bool has_parent = c->u.parent_id && org_unit_by_id(rq->db, c->u.parent_id, &parent) == 0;
    json_t *m = json_pack(
        "{s:{s:s,s:s,s:s},s:i,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:{s:s,s:s,s:s,s:s,s:s},s:o}", "unit",
        "code", c->u.code, "name", c->u.name, "parent", has_parent ? parent.name : "", "year",
        c->a.year, "evaluator",
        has_eu ? arena_printf(rq->a, "Tim Penilai Internal %s", eu.name) : "Tim Penilai Internal",
        "level", level, "level_label", frame_t(rq, lke_level_label(level)), "scores", scores,
        "self_scores", self_scores, "findings", findings, "recommendations", recos, "signature",
        "place", has_eu ? town_of(rq, eu.address) : "", "date", date.p, "role",
        frame_t(rq, strcmp(sign_level, "ketua") == 0 && signer ? N_("TPI team lead")
                                                               : N_("TPI technical controller")),
        "name", signer ? json_string_value(json_object_get(signer, "name")) : "", "nip",
        signer ? json_string_value(json_object_get(signer, "nip")) : "", "area_names", area_names);
    buf_free(&date);
    json_decref(team);
    json_decref(eff);
    json_decref(self);
    return m;
}

/* The latest reviewer level with answers of its own, else self. */
static const char *
latest_level(struct req *rq, const struct ctx *c)
{
    for (int i = 4; i >= 1; i--) {
        json_t *own = json_object();
        lke_store_answers(rq->db, c->a.id, lke_levels[i], own);
        size_t n = json_object_size(own);
        json_decref(own);
        if (n)
            return lke_levels[i];
    }
    return "self";
}

static int
lke_get_lhe(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    if (c.a.round == 0) {
        rq->error_detail = N_("The report of the evaluation is made once the TPI has reviewed a "
                              "submitted assessment.");
        return ZE_CONFLICT;
    }
    const char *level = req_query(rq, "tingkat") ? level_query(rq) : latest_level(rq, &c);
    json_t *model = lhe_model(rq, &c, level);
    char path[512];
    int fd = resp_temp_file(path, sizeof path, ".pdf");
    if (fd < 0) {
        json_decref(model);
        return ZE_IO;
    }
    close(fd);
    struct lke_doc_meta m;
    doc_meta(rq, &c, level, &m);
    struct buf err = BUF_INIT;
    rc = lke_lhe_pdf(c.fw->f, model, &m, path, &err);
    json_decref(model);
    if (rc) {
        log_error("lke: LHE %s/%d: %s", c.u.code, c.a.year, buf_cstr(&err));
        unlink(path);
        buf_free(&err);
        return ZE_IO;
    }
    buf_free(&err);
    return resp_temp_download(rq, rs, path, "application/pdf",
                              arena_printf(rq->a, "LHE-%s-%d.pdf", c.u.code, c.a.year));
}

/* Copies a blob into a new temporary file; path receives its name. */
static int
blob_to_temp(struct db *db, const char *sha, char *path, size_t n)
{
    struct blob_info b = {0};
    if (blob_stat(db, sha, &b) != 0)
        return ZE_NOTFOUND;
    int fd = resp_temp_file(path, n, "");
    if (fd < 0)
        return ZE_IO;
    char *chunk = xmalloc(1 << 16);
    int64_t pos = 0;
    int rc = 0;
    for (;;) {
        size_t got = 0;
        if ((rc = blob_read(db, &b, pos, chunk, 1 << 16, &got)) != 0 || got == 0)
            break;
        if (write(fd, chunk, got) != (ssize_t)got) {
            rc = ZE_IO;
            break;
        }
        pos += (int64_t)got;
    }
    free(chunk);
    close(fd);
    if (rc)
        unlink(path);
    return rc;
}

/* The proposal package for the TPN (PMPZI): the workbook and one folder of evidence per
 * question code. */
static int
lke_get_package(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    const char *level = req_query(rq, "tingkat") ? level_query(rq) : latest_level(rq, &c);
    char zpath[512], xpath[512];
    int fd = resp_temp_file(zpath, sizeof zpath, ".zip");
    if (fd < 0)
        return ZE_IO;
    close(fd);
    fd = resp_temp_file(xpath, sizeof xpath, ".xlsx");
    if (fd < 0) {
        unlink(zpath);
        return ZE_IO;
    }
    close(fd);
    struct buf err = BUF_INIT;
    struct zip_bundle *z = NULL;
    json_t *temps = json_array();
    rc = write_workbook(rq, &c, level, xpath, &err);
    if (!rc)
        rc = zip_bundle_open(zpath, &z, &err);
    if (!rc)
        rc = zip_bundle_add_file(z, arena_printf(rq->a, "LKE-%s-%d.xlsx", c.u.code, c.a.year),
                                 xpath, &err);
    /* evidence: what was submitted (the snapshot) once there is one */
    json_t *snap = c.a.round ? lke_store_snapshot_get(rq->db, c.a.id, c.a.round) : NULL;
    json_t *ev = json_object_get(snap, "evidence");
    json_t *live = NULL;
    if (!ev) {
        live = json_object();
        lke_store_attached(rq->db, c.a.id, live);
        ev = live;
    }
    struct buf links = BUF_INIT;
    const char *code;
    json_t *list;
    json_object_foreach(ev, code, list)
    {
        size_t i;
        json_t *e;
        json_array_foreach(list, i, e)
        {
            if (rc)
                break;
            const char *kind = json_string_value(json_object_get(e, "kind"));
            const char *name = json_string_value(json_object_get(e, "name"));
            const char *sha = json_string_value(json_object_get(e, "sha256"));
            if (kind && strcmp(kind, "link") == 0) {
                buf_printf(&links, "%s\t%s\t%s\t%s\r\n", code, name,
                           json_string_value(json_object_get(e, "url")),
                           json_string_value(json_object_get(e, "link_date")));
                if (!sha || !*sha)
                    continue; /* a link without a captured copy */
            }
            char tmp[512], safe[160];
            if ((rc = blob_to_temp(rq->db, sha, tmp, sizeof tmp)) != 0)
                break;
            json_array_append_new(temps, json_string(tmp));
            zip_safe_name(name ? name : "eviden", safe, sizeof safe);
            rc = zip_bundle_add_file(
                z,
                arena_printf(rq->a, "eviden/%s/%lld-%s", code,
                             (long long)json_integer_value(json_object_get(e, "id")), safe),
                tmp, &err);
        }
    }
    if (!rc && links.len)
        rc = zip_bundle_add_mem(z, "eviden/tautan.tsv", links.p, links.len, &err);
    buf_free(&links);
    json_decref(snap);
    json_decref(live);
    if (z) {
        if (rc)
            zip_bundle_discard(z);
        else
            rc = zip_bundle_close(z, &err);
    }
    size_t i;
    json_t *t;
    json_array_foreach(temps, i, t) unlink(json_string_value(t));
    json_decref(temps);
    unlink(xpath);
    if (rc) {
        log_error("lke: package %s/%d: %s", c.u.code, c.a.year, buf_cstr(&err));
        unlink(zpath);
        buf_free(&err);
        return ZE_IO;
    }
    buf_free(&err);
    return resp_temp_download(rq, rs, zpath, "application/zip",
                              arena_printf(rq->a, "Usulan-TPN-%s-%d.zip", c.u.code, c.a.year));
}

/* Import: the upload is kept as a blob so the confirmation applies exactly what was previewed.
 * The preview signs the blob's hash for this unit, so a confirmation cannot name another unit's
 * file (or learn whether one exists). */
static const char *
import_sig(struct req *rq, const struct ctx *c, const char *sha)
{
    unsigned char key[32], mac[crypto_auth_BYTES];
    if (secret_get(rq->db, key) != 0)
        return "";
    const char *msg = arena_printf(rq->a, "lke-import:%lld:%s", (long long)c->u.id, sha);
    crypto_auth(mac, (const unsigned char *)msg, strlen(msg), key);
    sodium_memzero(key, sizeof key);
    char *hex = arena_alloc(rq->a, sizeof mac * 2 + 1);
    sodium_bin2hex(hex, sizeof mac * 2 + 1, mac, sizeof mac);
    return hex;
}

static json_t *
import_preview(struct req *rq, const struct ctx *c, const char *sha, json_t *imported)
{
    json_t *rows = json_object();
    lke_store_answers(rq->db, c->a.id, "self", rows);
    json_t *changes = json_array();
    const char *code;
    json_t *v;
    json_t *answers = json_object_get(imported, "answers");
    json_t *notes = json_object_get(imported, "notes");
    int overwrite = 0, fresh = 0;
    json_object_foreach(answers, code, v)
    {
        json_t *row = json_object_get(rows, code);
        json_t *cur = json_object_get(row, "value");
        if (cur && lke_value_equal(cur, v))
            continue;
        bool over = cur && !json_is_null(cur);
        overwrite += over;
        fresh += !over;
        const struct lke_question *q = lke_question(c->fw->f, code);
        json_array_append_new(
            changes, json_pack("{s:s,s:o,s:o,s:b,s:b}", "code", code, "old",
                               answer_text(rq, q, cur), "new", answer_text(rq, q, v), "overwrite",
                               over, "allowed", may_edit_area(rq, &c->u, lke_code_area(code))));
    }
    json_t *problems = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(imported, "problems"), i, p)
    {
        json_array_append_new(
            problems,
            json_pack("{s:O,s:O,s:s,s:s}", "sheet", json_object_get(p, "sheet"), "row",
                      json_object_get(p, "row"), "code",
                      json_string_value(json_object_get(p, "code"))
                          ? json_string_value(json_object_get(p, "code"))
                          : "",
                      "message", frame_t(rq, json_string_value(json_object_get(p, "message")))));
    }
    json_decref(rows);
    struct auth_ctx *ac = auth_ctx(rq);
    bool has_problems = json_array_size(problems) > 0;
    return json_pack(
        "{s:{s:s,s:s},s:i,s:s,s:s,s:o,s:o,s:i,s:i,s:i,s:O,s:b,s:s,s:b,s:s}", "unit", "code",
        c->u.code, "name", c->u.name, "year", c->a.year, "base", c->base, "sha", sha, "changes",
        changes, "problems", problems, "overwrite", overwrite, "fresh", fresh, "notes",
        (int)json_object_size(notes), "rows", json_object_get(imported, "rows"), "preview", true,
        "csrf", ac ? ac->s.csrf : "", "has_problems", has_problems, "sig", import_sig(rq, c, sha));
}

static int
import_read(struct req *rq, const struct ctx *c, const char *sha, json_t **out, const char **why)
{
    char path[512];
    int rc = blob_to_temp(rq->db, sha, path, sizeof path);
    if (rc) {
        *why = N_("The uploaded workbook is no longer available. Upload it again.");
        return ZE_INVAL;
    }
    struct buf err = BUF_INIT;
    rc = lke_xlsx_import(c->fw->f, path, out, &err);
    unlink(path);
    if (rc)
        *why = N_("This file is not an LKE workbook zona can read (.xlsx with a sheet whose header "
                  "has a Jawaban column).");
    buf_free(&err);
    return rc;
}

static int
lke_get_import(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    struct auth_ctx *ac = auth_ctx(rq);
    json_t *m = json_pack(
        "{s:{s:s,s:s},s:i,s:s,s:b,s:b,s:s,s:I}", "unit", "code", c.u.code, "name", c.u.name, "year",
        c.a.year, "base", c.base, "preview", false, "can_import",
        lke_state_unit_edits(c.a.state) && auth_may(rq, "lke.answer", c.u.path), "csrf",
        ac ? ac->s.csrf : "", "max_upload_mb", (json_int_t)(config_get()->max_upload >> 20));
    return frame_render(rq, rs, 200, "lke/import", N_("Import a workbook"), m);
}

static int
lke_post_import(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    if (!lke_state_unit_edits(c.a.state)) {
        rq->error_detail = N_("The assessment has been submitted: answers are frozen until it is "
                              "returned for revision.");
        return ZE_CONFLICT;
    }
    const char *sha = req_field_trimmed(rq, "sha");
    const struct upload *f = req_file(rq, "file");
    const char *why = NULL;
    if (f && f->size > 0) {
        struct blob_info b = {0};
        rc = db_begin_write(rq->db);
        if (!rc)
            rc = blob_put_fd(rq->db, f->fd,
                             "application/vnd.openxmlformats-officedocument."
                             "spreadsheetml.sheet",
                             &b);
        if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
            return rc;
        sha = arena_strdup(rq->a, b.sha256);
    } else if (!*sha || strlen(sha) != 64) {
        rq->error_detail = N_("Choose the filled LKE workbook (.xlsx) to import.");
        return ZE_INVAL;
    } else {
        const char *want = import_sig(rq, &c, sha), *sig = req_field_trimmed(rq, "sig");
        if (strlen(sig) != strlen(want) || sodium_memcmp(sig, want, strlen(want)) != 0) {
            rq->error_detail = N_("The uploaded workbook is no longer available. Upload it again.");
            return ZE_INVAL;
        }
    }
    json_t *imported = NULL;
    if ((rc = import_read(rq, &c, sha, &imported, &why)) != 0) {
        rq->error_detail = why;
        return ZE_INVAL;
    }
    if (!*req_field_trimmed(rq, "apply")) {
        json_t *m = import_preview(rq, &c, sha, imported);
        json_decref(imported);
        return frame_render(rq, rs, 200, "lke/import", N_("Import a workbook"), m);
    }
    /* apply: only the areas the caller fills in */
    json_t *answers = json_object(), *notes = json_object();
    const char *code;
    json_t *v;
    json_object_foreach(json_object_get(imported, "answers"), code, v)
    {
        if (may_edit_area(rq, &c.u, lke_code_area(code)))
            json_object_set(answers, code, v);
    }
    json_object_foreach(json_object_get(imported, "notes"), code, v)
    {
        if (may_edit_area(rq, &c.u, lke_code_area(code)))
            json_object_set(notes, code, v);
    }
    int changed = 0;
    rc = db_begin_write(rq->db);
    if (!rc)
        rc = lke_import_apply(rq->db, &c.a, answers, notes, auth_me(rq), &changed);
    if (!rc) {
        json_t *after = json_pack("{s:s,s:i}", "workbook", sha, "changed", changed);
        rc = audit_request(rq, "lke.imported", c.u.id, "assessment",
                           arena_printf(rq->a, "%s/%d", c.u.code, c.a.year), NULL, after);
        json_decref(after);
    }
    json_decref(answers);
    json_decref(notes);
    json_decref(imported);
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    return frame_redirect(rq, rs, c.base, "lke_imported");
}

/* The scan of the TPN's decision letter. */
static int
lke_get_letter(struct req *rq, struct resp *rs)
{
    struct ctx c;
    int rc = load(rq, &c);
    if (rc)
        return rc;
    if (!*c.a.result_letter_sha)
        return ZE_NOTFOUND;
    return serve_blob(rq, rs, c.a.result_letter_sha,
                      arena_printf(rq->a, "Keputusan-TPN-%s-%d", c.u.code, c.a.year),
                      req_query(rq, "unduh") != NULL);
}

/* --- the route table ------------------------------------------------------------------------ */

static const struct route lke_routes[] = {
    {HTTP_GET, "/lke", "lke.read", NULL, lke_get_overview, 0, NULL},
    {HTTP_GET, "/lke.csv", "lke.read", NULL, lke_get_overview_csv, 0, NULL},
    {HTTP_POST, "/lke", "lke.manage", org_resolve_unit, lke_post_create, 0, NULL},
    {HTTP_POST, "/lke/tenggat", "lke.settings", NULL, lke_post_deadline, 0, NULL},
    {HTTP_GET, "/lke/:code/:year", "lke.read", org_resolve_unit, lke_get_assessment, 0, NULL},
    {HTTP_GET, "/lke/:code/:year/area/:area", "lke.read", org_resolve_unit, lke_get_area, 0, NULL},
    {HTTP_POST, "/lke/:code/:year/jawaban", "lke.answer", org_resolve_unit, lke_post_answer, 0,
     NULL},
    {HTTP_POST, "/lke/:code/:year/eviden", "lke.answer", org_resolve_unit, lke_post_evidence,
     ROUTE_UPLOAD, NULL},
    {HTTP_POST, "/lke/:code/:year/eviden/lepas", "lke.answer", org_resolve_unit,
     lke_post_evidence_detach, 0, NULL},
    {HTTP_GET, "/lke/:code/:year/eviden/:id", "lke.read", org_resolve_unit, lke_get_evidence,
     ROUTE_PREVIEW, NULL},
    {HTTP_GET, "/lke/:code/:year/tinjau", "lke.read", org_resolve_unit, lke_get_review, 0, NULL},
    {HTTP_POST, "/lke/:code/:year/tinjau", "lke.read", org_resolve_unit, lke_post_review, 0, NULL},
    {HTTP_POST, "/lke/:code/:year/tanggapan", "lke.answer", org_resolve_unit, lke_post_response, 0,
     NULL},
    {HTTP_POST, "/lke/:code/:year/status", "lke.read", org_resolve_unit, lke_post_move,
     ROUTE_UPLOAD, NULL},
    {HTTP_POST, "/lke/:code/:year/tim", "lke.assign", org_resolve_unit, lke_post_team, 0, NULL},
    {HTTP_GET, "/lke/:code/:year/lke.xlsx", "lke.read", org_resolve_unit, lke_get_xlsx, 0, NULL},
    {HTTP_GET, "/lke/:code/:year/lhe.pdf", "lke.read", org_resolve_unit, lke_get_lhe, 0, NULL},
    {HTTP_GET, "/lke/:code/:year/paket.zip", "lke.read", org_resolve_unit, lke_get_package, 0,
     NULL},
    {HTTP_GET, "/lke/:code/:year/surat", "lke.read", org_resolve_unit, lke_get_letter,
     ROUTE_PREVIEW, NULL},
    {HTTP_GET, "/lke/:code/:year/impor", "lke.answer", org_resolve_unit, lke_get_import, 0, NULL},
    {HTTP_POST, "/lke/:code/:year/impor", "lke.answer", org_resolve_unit, lke_post_import,
     ROUTE_UPLOAD, NULL},
    {HTTP_GET, "/kotak-masuk", "session", NULL, lke_get_inbox, 0, NULL},
    {HTTP_POST, "/kotak-masuk/baca", "session", NULL, lke_post_inbox_read, 0, NULL},
    {HTTP_GET, "/api/v1/assessments", "lke.read", NULL, lke_api_list, 0, NULL},
    {HTTP_GET, "/api/v1/assessments/:code/:year", "lke.read", org_resolve_unit, lke_api_get, 0,
     NULL},
    {HTTP_PUT, "/api/v1/assessments/:code/:year/answers", "lke.answer", org_resolve_unit,
     lke_api_put_answers, 0, NULL},
    {HTTP_POST, "/api/v1/assessments/:code/:year/evidence", "lke.answer", org_resolve_unit,
     lke_api_post_evidence, ROUTE_UPLOAD, NULL},
    {HTTP_POST, "/api/v1/assessments/:code/:year/transitions", "lke.read", org_resolve_unit,
     lke_api_post_transition, 0, NULL},
};

void
lke_routes_register(void)
{
    router_add(lke_routes, sizeof lke_routes / sizeof lke_routes[0]);
}

long long
lke_inbox_unread(struct req *rq, long long user_id)
{
    return (long long)lke_store_inbox_unread(rq->db, (int64_t)user_id);
}
