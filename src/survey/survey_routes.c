/* survey_routes: surveys on the web (the route list is in survey_routes.h). Staff prepare a
 * campaign, open it, hand out codes, register kiosks, key in paper, moderate comments, read the
 * results and record what they changed; the public answers on a small page without script or
 * account; the API takes the same responses as the form, through the same checks. */
#include "survey_routes.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "auth/frame.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/err.h"
#include "core/xmem.h"
#include "db/db.h"
#include "http/http.h"
#include "org/org.h"
#include "survey_docs.h"
#include "survey_work.h"
#include "web/fmt.h"
#include "web/i18n.h"
#include "web/tmpl.h"

/* --- helpers ------------------------------------------------------------------------------ */

struct sctx {
    struct org_unit u;
    struct survey_campaign c;
    const struct survey_instrument *in;
    char base[128]; /* "/survei/51.05/k7m2x9qa3b" */
};

static void
sctx_free(void *p)
{
    survey_campaign_clear(&((struct sctx *)p)->c);
}

/* The campaign of the URL (:id), which must belong to the unit of the URL (:code) when given. */
static int
load(struct req *rq, struct sctx **out)
{
    struct sctx *x = arena_alloc(rq->a, sizeof *x);
    memset(x, 0, sizeof *x);
    if (survey_store_campaign_get(rq->db, req_param(rq, "id"), &x->c) != 0)
        return ZE_NOTFOUND;
    arena_defer(rq->a, sctx_free, x);
    if (org_unit_by_id(rq->db, x->c.unit_id, &x->u) != 0)
        return ZE_NOTFOUND;
    const char *code = req_param(rq, "code");
    if (code && strcmp(code, x->u.code) != 0)
        return ZE_NOTFOUND;
    x->in = survey_instrument_get(x->c.instrument);
    if (!x->in)
        return ZE_UNAVAIL;
    snprintf(x->base, sizeof x->base, "/survei/%s/%s", x->u.code, x->c.public_id);
    *out = x;
    return 0;
}

static const char *
csrf(struct req *rq, struct resp *rs)
{
    return csrf_token(rq, rs);
}

static json_t *
num(struct req *rq, double v, int decimals)
{
    struct buf b = BUF_INIT;
    fmt_decimal(&b, rq->lang, v, decimals);
    json_t *s = json_string(b.p);
    buf_free(&b);
    return s;
}

static const char *
instrument_name(struct req *rq, const char *id)
{
    const struct survey_instrument *in = survey_instrument_get(id);
    return in ? survey_text(json_object_get(in->doc, "name"), rq->lang) : id;
}

static const char *
state_label(const char *state)
{
    return strcmp(state, "open") == 0     ? N_("Open")
           : strcmp(state, "closed") == 0 ? N_("Closed")
                                          : N_("Being prepared");
}

/* "1 Oktober 2026" of 'YYYY-MM-DD'. */
static const char *
period_text(struct req *rq, const struct survey_campaign *c)
{
    return arena_printf(rq->a, "%s – %s", frame_day(rq, c->starts_on), frame_day(rq, c->ends_on));
}

static const char *
absolute(struct req *rq, const char *path)
{
    const char *pub = config_get()->public_url;
    if (pub && *pub) {
        size_t n = strlen(pub);
        return arena_printf(rq->a, "%.*s%s", (int)(pub[n - 1] == '/' ? n - 1 : n), pub, path);
    }
    const char *host = req_header(rq, "Host");
    return arena_printf(rq->a, "%s://%s%s", rq->https ? "https" : "http",
                        host ? host : "127.0.0.1:8080", path);
}

/* The refusals of the intake and the reader: API code, HTTP status, message. */
struct refusal {
    const char *why;
    const char *code;
    int status;
    const char *msg;
};
static const struct refusal refusals[] = {
    {"survey.closed", "closed", 409, N_("This survey is not taking responses now.")},
    {"survey.code_used", "code_used", 409,
     N_("This code has already been used. Each code is for one response.")},
    {"survey.code_unknown", "code_unknown", 422,
     N_("This code is not one of this survey's. Check the code on your receipt.")},
    {"survey.code_required", "code_required", 422,
     N_("Enter the code from your receipt or from the service officer.")},
    {"survey.too_many", "too_many", 429,
     N_("Too many responses have come from this connection in the last hour. Please try again "
        "later, or ask the service officer for a code.")},
    {"survey.duplicate", "duplicate", 409, N_("We have already received this very response.")},
    {"survey.busy", "busy", 503,
     N_("The response could not be saved just now. Please send it again.")},
    {"survey.bad_answer", "invalid", 422, N_("Choose one of the answers.")},
    {"survey.nothing_answered", "invalid", 422, N_("Answer at least one question.")},
    {"survey.kelompok_required", "invalid", 422, N_("Choose which group you belong to.")},
    {"survey.bad_option", "invalid", 422, N_("Choose one of the options.")},
    {"survey.bad_service", "invalid", 422, N_("Choose one of the services listed.")},
    {"survey.service_required", "invalid", 422, N_("Choose the service you used.")},
    {"survey.bad_text", "invalid", 422, N_("The text contains characters that cannot be read.")},
    {"survey.comment_too_long", "invalid", 422, N_("The comment is too long.")},
};

static const struct refusal *
refusal_of(const char *why)
{
    for (size_t i = 0; why && i < sizeof refusals / sizeof refusals[0]; i++)
        if (strcmp(refusals[i].why, why) == 0)
            return &refusals[i];
    return &refusals[6]; /* busy */
}

/* The last campaign a worker thread loaded for the public, kept for a second: a busy desk's
 * responses arrive many a second, and the intake checks the state again inside its transaction,
 * so a second's staleness never lets a response into a closed campaign. One per thread (no
 * lock), freed when the thread ends. */
struct public_cache {
    struct sctx x;
    int64_t at; /* clock_mono_ms when loaded */
};
static pthread_key_t public_key;
static pthread_once_t public_once = PTHREAD_ONCE_INIT;

static void
public_cache_free(void *p)
{
    struct public_cache *pc = p;
    survey_campaign_clear(&pc->x.c);
    free(pc);
}

static void
public_key_make(void)
{
    pthread_key_create(&public_key, public_cache_free);
}

/* A campaign the public may see: one being prepared does not exist for them yet. */
static int
load_public(struct req *rq, struct sctx **out)
{
    pthread_once(&public_once, public_key_make);
    struct public_cache *pc = pthread_getspecific(public_key);
    const char *id = req_param(rq, "id");
    int64_t now = clock_mono_ms();
    if (pc && now - pc->at < 1000 && id && strcmp(id, pc->x.c.public_id) == 0) {
        struct sctx *x = arena_alloc(rq->a, sizeof *x);
        *x = pc->x;
        json_incref(x->c.services);
        json_incref(x->c.own_items);
        arena_defer(rq->a, sctx_free, x);
        *out = x;
        return strcmp(x->c.state, "draft") == 0 ? ZE_NOTFOUND : 0;
    }
    int rc = load(rq, out);
    if (rc == 0) {
        if (!pc) {
            pc = xcalloc(1, sizeof *pc);
            pthread_setspecific(public_key, pc);
        } else {
            survey_campaign_clear(&pc->x.c);
        }
        pc->x = **out;
        json_incref(pc->x.c.services);
        json_incref(pc->x.c.own_items);
        pc->at = now;
    }
    if (rc == 0 && strcmp((*out)->c.state, "draft") == 0)
        rc = ZE_NOTFOUND;
    return rc;
}

/* --- the questions, for the public form and paper entry -------------------------------------- */

/* Value of a field as the person sent it (for refilling a refused form). */
static const char *
sent(json_t *values, const char *name)
{
    const char *s = json_string_value(json_object_get(values, name));
    return s ? s : "";
}

static json_t *
question(struct req *rq, const struct survey_instrument *in, const char *field,
         const char *num_label, const char *text, json_t *labels, json_t *values, json_t *errs)
{
    json_t *opts = json_array();
    for (int v = 1; v <= in->scale; v++) {
        const char *label = "";
        size_t k;
        json_t *l;
        json_array_foreach(labels, k, l) if (json_integer_value(json_object_get(l, "value")) == v)
            label = survey_text(l, rq->lang);
        char val[12];
        snprintf(val, sizeof val, "%d", v);
        json_array_append_new(opts, json_pack("{s:s,s:s,s:s,s:b}", "value", val, "label", label,
                                              "id", arena_printf(rq->a, "%s-%d", field, v),
                                              "checked", strcmp(sent(values, field), val) == 0));
    }
    const char *e = json_string_value(json_object_get(errs, field));
    return json_pack("{s:s,s:s,s:s,s:o,s:s,s:b}", "field", field, "number", num_label, "text", text,
                     "options", opts, "error", e ? frame_t(rq, refusal_of(e)->msg) : "",
                     "has_error", e != NULL);
}

/* The model of the questions: items, the unit's own items, the respondent questions, services,
 * the comment. values: what was sent; errs: {field: why}. */
static void
questions_model(struct req *rq, const struct sctx *x, json_t *values, json_t *errs, json_t *m)
{
    json_t *items = json_array();
    for (size_t i = 0; i < x->in->nitems; i++) {
        json_t *it = json_array_get(json_object_get(x->in->doc, "items"), i);
        json_array_append_new(items, question(rq, x->in, x->in->items[i].code,
                                              arena_printf(rq->a, "%zu", i + 1),
                                              survey_text(json_object_get(it, "text"), rq->lang),
                                              json_object_get(it, "labels"), values, errs));
    }
    size_t k;
    json_t *own;
    json_t *labels =
        json_object_get(json_array_get(json_object_get(x->in->doc, "items"), 0), "labels");
    json_array_foreach(x->c.own_items, k, own)
    {
        const char *code = json_string_value(json_object_get(own, "code"));
        if (!code)
            continue;
        json_array_append_new(items, question(rq, x->in, arena_printf(rq->a, "own_%s", code),
                                              arena_printf(rq->a, "%zu", x->in->nitems + k + 1),
                                              json_string_value(json_object_get(own, "text")),
                                              labels, values, errs));
    }
    json_t *resp = json_array(), *q;
    json_array_foreach(json_object_get(survey_respondent_doc(), "questions"), k, q)
    {
        const char *code = json_string_value(json_object_get(q, "code"));
        json_t *opts = json_array(), *o;
        size_t j;
        json_array_foreach(json_object_get(q, "options"), j, o)
        {
            const char *v = json_string_value(json_object_get(o, "code"));
            json_array_append_new(opts, json_pack("{s:s,s:s,s:b}", "value", v, "label",
                                                  survey_text(o, rq->lang), "selected",
                                                  strcmp(sent(values, code), v) == 0));
        }
        const char *e = json_string_value(json_object_get(errs, code));
        bool required = strcmp(code, "kelompok") == 0;
        json_array_append_new(resp, json_pack("{s:s,s:s,s:o,s:b,s:s,s:b}", "code", code, "text",
                                              survey_text(json_object_get(q, "text"), rq->lang),
                                              "options", opts, "required", required, "error",
                                              e ? frame_t(rq, refusal_of(e)->msg) : "", "has_error",
                                              e != NULL));
    }
    json_t *services = json_array(), *s;
    json_array_foreach(x->c.services, k, s) json_array_append_new(
        services, json_pack("{s:s,s:b}", "value", json_string_value(s), "selected",
                            strcmp(sent(values, "layanan"), json_string_value(s)) == 0));
    const char *se = json_string_value(json_object_get(errs, "layanan"));
    const char *ce = json_string_value(json_object_get(errs, "saran"));
    const char *fe = json_string_value(json_object_get(errs, "_form"));
    json_t *summary = json_array();
    const char *key;
    json_t *v;
    json_object_foreach(errs, key, v) json_array_append_new(
        summary, json_pack("{s:s,s:s}", "field", key[0] == '_' ? "pertanyaan" : key, "message",
                           frame_t(rq, refusal_of(json_string_value(v))->msg)));
    json_object_set_new(m, "items", items);
    json_object_set_new(m, "respondent", resp);
    json_object_set_new(m, "services", services);
    json_object_set_new(m, "has_services", json_boolean(json_array_size(x->c.services) > 1));
    json_object_set_new(m, "service_error",
                        json_string(se ? frame_t(rq, refusal_of(se)->msg) : ""));
    json_object_set_new(m, "comment", json_string(sent(values, "saran")));
    json_object_set_new(m, "comment_error",
                        json_string(ce ? frame_t(rq, refusal_of(ce)->msg) : ""));
    json_object_set_new(m, "form_error", json_string(fe ? frame_t(rq, refusal_of(fe)->msg) : ""));
    json_object_set_new(m, "errors", summary);
    json_object_set_new(m, "has_errors", json_boolean(json_object_size(errs) > 0));
    json_object_set_new(m, "comment_max",
                        json_integer(survey_setting_int("comment_max_chars", 1000)));
}

/* The form's fields as a getter for survey_response_read. */
static const char *
form_get(void *arg, const char *name)
{
    return req_field(arg, name);
}

/* Every field sent, to refill the form. */
static json_t *
form_values(struct req *rq)
{
    json_t *v = json_object();
    for (int i = 0; i < rq->nfields; i++)
        json_object_set_new(v, rq->fields[i].name, json_string(rq->fields[i].value));
    return v;
}

/* --- the public form ---------------------------------------------------------------------- */

#define KIOSK_COOKIE "zona_kiosk"

/* The kiosk this device is, for this campaign's unit: its id, or 0. */
static int64_t
kiosk_of(struct req *rq, const struct sctx *x)
{
    int64_t id, unit;
    if (survey_kiosk_find(rq->db, req_cookie(rq, KIOSK_COOKIE), &id, &unit) != 0)
        return 0;
    return unit == x->c.unit_id ? id : 0;
}

static int
public_page(struct req *rq, struct resp *rs, int status, const char *tmpl, json_t *m)
{
    int rc = frame_render_bare(rq, rs, status, tmpl, m);
    rs->no_store = true;
    return rc;
}

static int
public_form(struct req *rq, struct resp *rs, int status, struct sctx *x, json_t *values,
            json_t *errs)
{
    int64_t kiosk = kiosk_of(rq, x);
    json_t *m = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:s,s:s,s:b}", "title", x->c.title, "unit_name",
        x->u.name, "instrument_name", instrument_name(rq, x->c.instrument), "action",
        arena_printf(rq->a, "/s/%s", x->c.public_id), "csrf", csrf(rq, rs), "period",
        period_text(rq, &x->c), "needs_code", strcmp(x->c.access, "code") == 0 && !kiosk, "kiosk",
        kiosk != 0, "code_value", sent(values, "kode"), "code_error",
        json_string_value(json_object_get(errs, "kode"))
            ? frame_t(rq, refusal_of(json_string_value(json_object_get(errs, "kode")))->msg)
            : "",
        "open", strcmp(x->c.state, "open") == 0);
    questions_model(rq, x, values, errs, m);
    return public_page(rq, rs, status, "survey/public_form", m);
}

static int
survey_get_public(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load_public(rq, &x);
    if (rc)
        return rc;
    json_t *values = json_object(), *errs = json_object();
    if (req_query(rq, "kode"))
        json_object_set_new(values, "kode", json_string(req_query(rq, "kode")));
    rc = public_form(rq, rs, 200, x, values, errs);
    json_decref(values);
    json_decref(errs);
    return rc;
}

/* Fills who vouches for a submission (code, kiosk, or the open guard). why: the refusal when
 * none may. */
static int
vouch(struct req *rq, struct sctx *x, const char *code, struct survey_submission *s,
      const char **why)
{
    s->campaign_id = x->c.id;
    s->created_at = clock_now_ms();
    s->kiosk_id = kiosk_of(rq, x);
    int rc = survey_client_hash(rq->db, rq->client_addr, s->created_at, s->client_hash);
    if (rc)
        return rc;
    if (code && *code) {
        if (survey_code_hash(rq->db, code, s->code_hash) != 0) {
            *why = "survey.code_unknown";
            return ZE_INVAL;
        }
    } else if (strcmp(x->c.access, "code") == 0 && !s->kiosk_id) {
        *why = "survey.code_required";
        return ZE_INVAL;
    }
    s->open_guard = !*s->code_hash && !s->kiosk_id;
    if (s->kiosk_id)
        s->channel = "kiosk";
    if (s->open_guard) /* duplicates matter only where nothing else vouches */
        survey_fingerprint(s);
    return 0;
}

static int
survey_post_public(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load_public(rq, &x);
    if (rc)
        return rc;
    json_t *values = form_values(rq), *errs = json_object();
    struct survey_submission s = {0};
    s.channel = "web";
    const char *why = NULL;
    /* the honeypot: a field people never see; a filled one is a robot, thanked and forgotten */
    const char *trap = req_field(rq, "situs");
    if (trap && *trap) {
        json_decref(values);
        json_decref(errs);
        return frame_redirect(rq, rs, arena_printf(rq->a, "/s/%s/terima-kasih", x->c.public_id),
                              NULL);
    }
    if (strcmp(x->c.state, "open") != 0)
        json_object_set_new(errs, "_form", json_string("survey.closed"));
    else if (survey_response_read(&x->c, form_get, rq, &s, errs) == 0) {
        rc = vouch(rq, x, req_field(rq, "kode"), &s, &why);
        if (rc == ZE_INVAL)
            json_object_set_new(errs, "kode", json_string(why));
        else if (rc)
            goto out;
        else if ((rc = survey_intake_submit(rq->db, &s)) != 0) {
            const struct refusal *r = refusal_of(s.why);
            bool about_code = strncmp(s.why ? s.why : "", "survey.code", 11) == 0;
            json_object_set_new(errs, about_code ? "kode" : "_form",
                                json_string(s.why ? s.why : "survey.busy"));
            if (r->status == 429)
                rq->retry_after_s = 3600;
            rc = 0;
        }
    }
    if (json_object_size(errs)) {
        const char *f = json_string_value(json_object_get(errs, "_form"));
        int status = f ? refusal_of(f)->status : 422;
        if (f && strcmp(f, "survey.too_many") == 0)
            resp_header(rs, "Retry-After", "3600");
        rc = public_form(rq, rs, status, x, values, errs);
        goto out;
    }
    rc = frame_redirect(rq, rs, arena_printf(rq->a, "/s/%s/terima-kasih", x->c.public_id), NULL);
out:
    survey_submission_clear(&s);
    json_decref(values);
    json_decref(errs);
    return rc;
}

static int
survey_get_thanks(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load(rq, &x);
    if (rc)
        return rc;
    bool kiosk = kiosk_of(rq, x) != 0;
    json_t *m = json_pack("{s:s,s:s,s:s,s:b,s:I,s:s}", "title", x->c.title, "unit_name", x->u.name,
                          "again", arena_printf(rq->a, "/s/%s", x->c.public_id), "kiosk", kiosk,
                          "seconds", (json_int_t)survey_setting_int("kiosk_return_seconds", 8),
                          "results", arena_printf(rq->a, "/hasil-survei/%s", x->u.code));
    if (kiosk)
        resp_header(rs, "Refresh",
                    arena_printf(rq->a, "%lld; url=/s/%s",
                                 survey_setting_int("kiosk_return_seconds", 8), x->c.public_id));
    return public_page(rq, rs, 200, "survey/public_thanks", m);
}

static int
survey_get_qr(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load(rq, &x);
    if (rc)
        return rc;
    struct buf svg = BUF_INIT;
    rc = survey_qr_svg(absolute(rq, arena_printf(rq->a, "/s/%s", x->c.public_id)), 8,
                       frame_t(rq, N_("QR code of the survey's link")), &svg);
    if (rc == 0)
        resp_text(rs, 200, "image/svg+xml", svg.p, svg.len);
    buf_free(&svg);
    return rc;
}

/* --- kiosks: enrolment and the start page -------------------------------------------------- */

static int
survey_get_kiosk_enrol(struct req *rq, struct resp *rs)
{
    const char *token = req_param(rq, "token");
    int64_t id, unit;
    if (survey_kiosk_find(rq->db, token, &id, &unit) != 0)
        return ZE_NOTFOUND;
    resp_header(rs, "Set-Cookie",
                arena_printf(rq->a,
                             KIOSK_COOKIE "=%s; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax%s",
                             token, rq->https ? "; Secure" : ""));
    return frame_redirect(rq, rs, "/kios", NULL);
}

static int
survey_get_kiosk(struct req *rq, struct resp *rs)
{
    int64_t id, unit_id;
    if (survey_kiosk_find(rq->db, req_cookie(rq, KIOSK_COOKIE), &id, &unit_id) != 0)
        return ZE_NOTFOUND;
    struct org_unit u;
    if (org_unit_by_id(rq->db, unit_id, &u) != 0)
        return ZE_NOTFOUND;
    json_t *all = json_array(), *list = json_array();
    int rc = survey_store_campaigns(rq->db, u.path, 0, all);
    size_t k;
    json_t *c;
    json_array_foreach(all, k, c)
    {
        if (strcmp(json_string_value(json_object_get(c, "state")), "open") != 0 ||
            strcmp(json_string_value(json_object_get(c, "unit_code")), u.code) != 0)
            continue;
        json_array_append_new(
            list,
            json_pack(
                "{s:s,s:s,s:s}", "title", json_string_value(json_object_get(c, "title")),
                "instrument_name",
                instrument_name(rq, json_string_value(json_object_get(c, "instrument"))), "href",
                arena_printf(rq->a, "/s/%s", json_string_value(json_object_get(c, "public_id")))));
    }
    json_decref(all);
    if (rc) {
        json_decref(list);
        return rc;
    }
    json_t *m = json_pack("{s:s,s:o,s:b}", "unit_name", u.name, "campaigns", list, "none",
                          json_array_size(list) == 0);
    return public_page(rq, rs, 200, "survey/public_kiosk", m);
}

/* --- results as a model ---------------------------------------------------------------------- */

static const char *
item_label(struct req *rq, const struct survey_instrument *in, size_t i)
{
    json_t *it = json_array_get(json_object_get(in->doc, "items"), i);
    json_t *name = json_object_get(it, "unsur_name");
    if (name)
        return arena_printf(rq->a, "%s %s", in->items[i].code, survey_text(name, rq->lang));
    return arena_printf(rq->a, "%s %s", in->items[i].code, in->items[i].group);
}

static double
real_or(json_t *j, double def)
{
    return json_is_number(j) ? json_number_value(j) : def;
}

/* {n, index, ikm, grade, label, ci, items[{code,label,n,nrr,weighted,followup}]} for people. */
static json_t *
result_model(struct req *rq, const struct sctx *x, json_t *r, json_t *followups)
{
    json_t *items = json_array();
    for (size_t i = 0; i < x->in->nitems; i++) {
        json_t *it = json_object_get(json_object_get(r, "items"), x->in->items[i].code);
        double nrr = real_or(json_object_get(it, "nrr"), -1);
        json_t *fu = json_object_get(followups, x->in->items[i].code);
        json_array_append_new(
            items,
            json_pack("{s:s,s:s,s:I,s:s,s:s,s:s,s:b}", "code", x->in->items[i].code, "label",
                      item_label(rq, x->in, i), "n", json_integer_value(json_object_get(it, "n")),
                      "nrr", nrr < 0 ? "–" : frame_decimal(rq, nrr, 2), "weighted",
                      nrr < 0 ? "–"
                              : frame_decimal(rq, real_or(json_object_get(it, "weighted"), 0), 3),
                      "followup",
                      json_string_value(json_object_get(fu, "action"))
                          ? json_string_value(json_object_get(fu, "action"))
                          : "",
                      "weak", nrr >= 0 && nrr < 3.0644));
    }
    double index = real_or(json_object_get(r, "index"), -1);
    json_t *ci = json_object_get(r, "ci95");
    const char *grade = json_string_value(json_object_get(r, "grade"));
    json_t *m = json_pack("{s:I,s:s,s:b,s:o}", "n", json_integer_value(json_object_get(r, "n")),
                          "index", index < 0 ? "–" : frame_decimal(rq, index, 2), "has_index",
                          index >= 0, "items", items);
    if (x->in->converts && index >= 0) {
        json_object_set_new(m, "ikm", num(rq, real_or(json_object_get(r, "ikm"), 0), 2));
        json_object_set_new(m, "grade", json_string(grade ? grade : ""));
        json_object_set_new(m, "label",
                            json_string(json_string_value(json_object_get(r, "label"))
                                            ? json_string_value(json_object_get(r, "label"))
                                            : ""));
        json_object_set_new(m, "converts", json_true());
    }
    if (json_is_array(ci))
        json_object_set_new(
            m, "ci",
            json_string(arena_printf(rq->a, "%s – %s",
                                     frame_decimal(rq, real_or(json_array_get(ci, 0), 0), 2),
                                     frame_decimal(rq, real_or(json_array_get(ci, 1), 0), 2))));
    return m;
}

static json_t *
chart(struct req *rq, const struct sctx *x, json_t *r)
{
    struct survey_bar bars[SURVEY_MAX_ITEMS];
    for (size_t i = 0; i < x->in->nitems; i++) {
        json_t *it = json_object_get(json_object_get(r, "items"), x->in->items[i].code);
        double nrr = real_or(json_object_get(it, "nrr"), -1);
        bars[i] = (struct survey_bar){item_label(rq, x->in, i), nrr,
                                      nrr < 0 ? NULL : frame_decimal(rq, nrr, 2)};
    }
    double index = real_or(json_object_get(r, "index"), -1);
    struct survey_chart ch = {frame_t(rq, N_("Value per item (NRR, 1–4)")),
                              1,
                              4,
                              bars,
                              x->in->nitems,
                              index,
                              frame_t(rq, N_("Index"))};
    struct buf svg = BUF_INIT;
    survey_chart_svg(&ch, &svg);
    json_t *j = tmpl_safe(svg.p, svg.len);
    buf_free(&svg);
    return j;
}

/* Rows of a breakdown: [{key, label, n, index, ikm, grade}] */
static json_t *
breakdown(struct req *rq, const struct sctx *x, json_t *by, const char *kind)
{
    json_t *rows = json_array();
    const char *key;
    json_t *r;
    json_object_foreach(by, key, r)
    {
        const char *label = key;
        if (strcmp(key, "-") == 0)
            label = frame_t(rq, N_("Not stated"));
        else if (strcmp(kind, "kelompok") == 0) {
            json_t *q, *o;
            size_t k, j;
            json_array_foreach(json_object_get(survey_respondent_doc(), "questions"), k, q)
            {
                if (strcmp(json_string_value(json_object_get(q, "code")), "kelompok") != 0)
                    continue;
                json_array_foreach(json_object_get(q, "options"), j,
                                   o) if (strcmp(json_string_value(json_object_get(o, "code")),
                                                 key) == 0) label = survey_text(o, rq->lang);
            }
        }
        double index = real_or(json_object_get(r, "index"), -1);
        json_t *row = json_pack("{s:s,s:s,s:I,s:s}", "key", key, "label", label, "n",
                                json_integer_value(json_object_get(r, "n")), "index",
                                index < 0 ? "–" : frame_decimal(rq, index, 2));
        if (x->in->converts)
            json_object_set_new(row, "ikm",
                                index < 0 ? json_string("–")
                                          : num(rq, real_or(json_object_get(r, "ikm"), 0), 2));
        const char *g = json_string_value(json_object_get(r, "grade"));
        json_object_set_new(row, "grade", json_string(g ? g : ""));
        json_array_append_new(rows, row);
    }
    return rows;
}

/* --- staff pages ------------------------------------------------------------------------------ */

static int
year_query(struct req *rq)
{
    const char *p = req_query(rq, "tahun");
    int64_t y;
    if (p && parse_i64(p, strlen(p), &y) == 0 && y >= 2000 && y <= 2200)
        return (int)y;
    return fmt_year_of(clock_now_ms());
}

static json_t *
instruments_model(struct req *rq, const char *selected)
{
    json_t *l = json_array();
    static const char *const ids[] = {"ikm", "spak", "spkp"};
    for (size_t i = 0; i < 3; i++)
        json_array_append_new(l, json_pack("{s:s,s:s,s:b}", "value", ids[i], "label",
                                           instrument_name(rq, ids[i]), "selected",
                                           selected && strcmp(selected, ids[i]) == 0));
    return l;
}

static int
survey_get_list(struct req *rq, struct resp *rs)
{
    struct org_unit top;
    json_t *roots;
    int rc = org_scope(rq, "survey.read", &top, &roots);
    if (rc) {
        json_decref(roots);
        return rc;
    }
    int year = year_query(rq);
    json_t *rows = json_array();
    if ((rc = survey_store_campaigns(rq->db, top.path, year, rows)) != 0) {
        json_decref(rows);
        json_decref(roots);
        return rc;
    }
    size_t k;
    json_t *r;
    json_array_foreach(rows, k, r)
    {
        int64_t n = json_integer_value(json_object_get(r, "n")),
                t = json_integer_value(json_object_get(r, "target"));
        json_object_set_new(
            r, "instrument_name",
            json_string(instrument_name(rq, json_string_value(json_object_get(r, "instrument")))));
        json_object_set_new(
            r, "state_label",
            json_string(frame_t(rq, state_label(json_string_value(json_object_get(r, "state"))))));
        json_object_set_new(r, "percent", json_integer(t > 0 ? (n >= t ? 100 : n * 100 / t) : 0));
        json_object_set_new(
            r, "href",
            json_string(arena_printf(rq->a, "/survei/%s/%s",
                                     json_string_value(json_object_get(r, "unit_code")),
                                     json_string_value(json_object_get(r, "public_id")))));
    }
    json_t *creatable = json_array();
    struct auth_ctx *c = auth_ctx(rq);
    for (size_t g = 0; c && g < c->ngrants; g++)
        if (acl_role_has(c->grants[g].role, "survey.manage"))
            json_array_append_new(creatable, json_pack("{s:s,s:s}", "code", c->grants[g].unit_code,
                                                       "name", c->grants[g].unit_name));
    char today[11];
    int y, mo, d;
    fmt_civil_from_days(clock_now_ms() / 86400000, &y, &mo, &d);
    snprintf(today, sizeof today, "%04d-%02d-%02d", y, mo, d);
    json_t *m = json_pack("{s:o,s:i,s:i,s:i,s:s,s:s,s:o,s:o,s:b,s:o,s:s,s:s,s:i,s:b}", "rows", rows,
                          "year", year, "prev_year", year - 1, "next_year", year + 1, "scope_code",
                          top.code, "scope_name", top.name, "roots", roots, "creatable", creatable,
                          "can_create", json_array_size(creatable) > 0, "instruments",
                          instruments_model(rq, "ikm"), "csrf", c ? c->s.csrf : "", "today", today,
                          "count", (int)json_array_size(rows), "empty", json_array_size(rows) == 0);
    return frame_render(rq, rs, 200, "survey/list", N_("Surveys"), m);
}

/* Reads the campaign fields of a form into c; problems as {field: message} (translated). */
static void
read_campaign_form(struct req *rq, struct survey_campaign *c, json_t *errs)
{
    snprintf(c->title, sizeof c->title, "%s", req_field_trimmed(rq, "title"));
    if (!*c->title)
        json_object_set_new(errs, "title",
                            json_string(frame_t(rq, N_("Give the survey a title."))));
    const char *yr = req_field_trimmed(rq, "year");
    int64_t y;
    if (parse_i64(yr, strlen(yr), &y) != 0 || y < 2000 || y > 2200)
        json_object_set_new(errs, "year",
                            json_string(frame_t(rq, N_("Enter a year such as 2026."))));
    else
        c->year = (int)y;
    const char *s = req_field_trimmed(rq, "starts_on"), *e = req_field_trimmed(rq, "ends_on");
    int a1, a2, a3;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d", &a1, &a2, &a3) != 3)
        json_object_set_new(errs, "starts_on",
                            json_string(frame_t(rq, N_("Enter a date as YYYY-MM-DD."))));
    if (strlen(e) != 10 || sscanf(e, "%4d-%2d-%2d", &a1, &a2, &a3) != 3)
        json_object_set_new(errs, "ends_on",
                            json_string(frame_t(rq, N_("Enter a date as YYYY-MM-DD."))));
    else if (strcmp(e, s) < 0)
        json_object_set_new(errs, "ends_on",
                            json_string(frame_t(rq, N_("The end comes before the start."))));
    snprintf(c->starts_on, sizeof c->starts_on, "%s", s);
    snprintf(c->ends_on, sizeof c->ends_on, "%s", e);
    const char *pop = req_field_trimmed(rq, "population");
    int64_t p;
    if (parse_i64(pop, strlen(pop), &p) != 0 || p < 1 || p > 100000000)
        json_object_set_new(errs, "population",
                            json_string(frame_t(rq, N_("Enter how many people use the services in "
                                                       "the period (1 or more)."))));
    else
        c->population = p;
    const char *acc = req_field_trimmed(rq, "access");
    snprintf(c->access, sizeof c->access, "%s", strcmp(acc, "code") == 0 ? "code" : "open");
    /* services and own items: one per line */
    json_decref(c->services);
    json_decref(c->own_items);
    c->services = json_array();
    c->own_items = json_array();
    const char *lists[2] = {req_field(rq, "services"), req_field(rq, "own_items")};
    for (int l = 0; l < 2; l++) {
        const char *p0 = lists[l] ? lists[l] : "";
        while (*p0) {
            const char *nl = strchr(p0, '\n');
            size_t n = nl ? (size_t)(nl - p0) : strlen(p0);
            char line[256];
            while (n && (*p0 == ' ' || *p0 == '\t'))
                p0++, n--;
            while (n && (p0[n - 1] == '\r' || p0[n - 1] == ' ' || p0[n - 1] == '\t'))
                n--;
            if (n >= sizeof line)
                n = sizeof line - 1;
            memcpy(line, p0, n);
            line[n] = '\0';
            if (*line) {
                if (l == 0)
                    json_array_append_new(c->services, json_string(line));
                else
                    json_array_append_new(
                        c->own_items,
                        json_pack("{s:s,s:s}", "code",
                                  arena_printf(rq->a, "p%zu", json_array_size(c->own_items) + 1),
                                  "text", line));
            }
            p0 = nl ? nl + 1 : p0 + strlen(p0);
        }
    }
    if (json_array_size(c->services) > 50)
        json_object_set_new(errs, "services", json_string(frame_t(rq, N_("At most 50 services."))));
    if (json_array_size(c->own_items) > 10)
        json_object_set_new(
            errs, "own_items",
            json_string(frame_t(rq, N_("At most 10 questions of the unit's own."))));
}

static int
refused_form(struct req *rq, struct resp *rs, json_t *errs, const char *back)
{
    const char *key;
    json_t *v;
    const char *first = NULL;
    json_object_foreach(errs, key, v) if (!first) first = json_string_value(v);
    if (rq->wants_json) {
        json_t *j = json_pack("{s:{s:s,s:s,s:O}}", "error", "code", "invalid", "message",
                              first ? first : "", "fields", errs);
        resp_json(rs, 422, j);
        json_decref(j);
        json_decref(errs);
        return 0;
    }
    (void)back;
    rq->error_detail = arena_strdup(rq->a, first ? first : "");
    json_decref(errs);
    return ZE_INVAL;
}

static int
survey_post_create(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    if (org_unit_by_code(rq->db, req_field(rq, "unit"), &u) != 0)
        return ZE_NOTFOUND;
    struct survey_campaign c = {0};
    c.unit_id = u.id;
    const char *inst = req_field_trimmed(rq, "instrument");
    json_t *errs = json_object();
    if (!survey_instrument_get(inst))
        json_object_set_new(errs, "instrument",
                            json_string(frame_t(rq, N_("Choose IKM, SPAK or SPKP."))));
    snprintf(c.instrument, sizeof c.instrument, "%s", inst);
    read_campaign_form(rq, &c, errs);
    if (json_object_size(errs)) {
        survey_campaign_clear(&c);
        return refused_form(rq, rs, errs, "/survei");
    }
    json_decref(errs);
    int64_t now = clock_now_ms();
    int rc = db_begin_write(rq->db);
    if (rc == 0) {
        rc = survey_store_campaign_insert(rq->db, &c, auth_me(rq), now);
        if (rc == 0)
            rc = audit_request_take(rq, "survey.create", u.id, "survey", c.public_id, NULL,
                                    json_pack("{s:s,s:s,s:I}", "instrument", c.instrument, "title",
                                              c.title, "population", (json_int_t)c.population));
        rc = db_commit_or_rollback(rq->db, rc);
    }
    const char *to = arena_printf(rq->a, "/survei/%s/%s", u.code, c.public_id);
    survey_campaign_clear(&c);
    if (rc)
        return rc;
    if (rq->wants_json) {
        json_t *j = json_pack("{s:s,s:s}", "id", c.public_id, "href", to);
        resp_json(rs, 201, j);
        json_decref(j);
        return 0;
    }
    return frame_redirect(rq, rs, to, "survey_created");
}

static int
survey_post_edit(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load(rq, &x);
    if (rc)
        return rc;
    json_t *errs = json_object();
    json_t *before = json_pack("{s:s,s:I,s:s}", "title", x->c.title, "population",
                               (json_int_t)x->c.population, "access", x->c.access);
    read_campaign_form(rq, &x->c, errs);
    if (json_object_size(errs)) {
        json_decref(before);
        return refused_form(rq, rs, errs, x->base);
    }
    json_decref(errs);
    if ((rc = db_begin_write(rq->db)) == 0) {
        rc = survey_store_campaign_update(rq->db, &x->c, clock_now_ms());
        if (rc == 0)
            rc = audit_request_take(rq, "survey.edit", x->u.id, "survey", x->c.public_id,
                                    json_incref(before),
                                    json_pack("{s:s,s:I,s:s}", "title", x->c.title, "population",
                                              (json_int_t)x->c.population, "access", x->c.access));
        rc = db_commit_or_rollback(rq->db, rc);
    }
    json_decref(before);
    if (rc)
        return rc;
    return frame_redirect(rq, rs, x->base, "survey_saved");
}

static int
survey_post_status(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load(rq, &x);
    if (rc)
        return rc;
    const char *action = req_field(rq, "action");
    const char *to = NULL, *flash = NULL;
    if (action && strcmp(action, "open") == 0 && strcmp(x->c.state, "open") != 0)
        to = "open", flash = "survey_opened";
    else if (action && strcmp(action, "close") == 0 && strcmp(x->c.state, "open") == 0)
        to = "closed", flash = "survey_closed";
    if (!to) {
        rq->error_detail = N_("This step is not possible in the survey's present state.");
        return ZE_CONFLICT;
    }
    int64_t now = clock_now_ms();
    if ((rc = db_begin_write(rq->db)) == 0) {
        rc = survey_store_campaign_state(rq->db, x->c.id, to, now);
        if (rc == 0)
            rc = audit_request_take(rq, "survey.state", x->u.id, "survey", x->c.public_id,
                                    json_pack("{s:s}", "state", x->c.state),
                                    json_pack("{s:s}", "state", to));
        /* a closed SPAK or SPKP (or another IKM) changes what the LKE is offered */
        if (rc == 0 && (strcmp(to, "closed") == 0 || strcmp(x->c.state, "closed") == 0))
            rc = survey_lke_sync(rq->db, x->u.id, x->c.year, now, absolute(rq, ""));
        rc = db_commit_or_rollback(rq->db, rc);
    }
    if (rc)
        return rc;
    return frame_redirect(rq, rs, x->base, flash);
}

static int
survey_get_campaign(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load(rq, &x);
    if (rc)
        return rc;
    json_t *results = NULL, *followups = json_object();
    if ((rc = survey_results_json(rq->db, &x->c, &results)) != 0 ||
        (rc = survey_store_followups(rq->db, x->c.id, followups)) != 0) {
        json_decref(results);
        json_decref(followups);
        return rc;
    }
    int64_t n = 0, pending = 0, issued = 0, used = 0;
    survey_store_counts(rq->db, x->c.id, &n, &pending);
    survey_codes_counts(rq->db, x->c.id, &issued, &used);
    json_t *overall = json_object_get(results, "overall");
    const char *link = absolute(rq, arena_printf(rq->a, "/s/%s", x->c.public_id));
    struct buf qr = BUF_INIT;
    survey_qr_svg(link, 4, frame_t(rq, N_("QR code of the survey's link")), &qr);
    json_t *services = json_array(), *s;
    size_t k;
    struct buf svc = BUF_INIT, own = BUF_INIT;
    json_array_foreach(x->c.services, k, s)
    {
        json_array_append_new(services, json_pack("{s:s}", "value", json_string_value(s)));
        buf_printf(&svc, "%s\n", json_string_value(s));
    }
    json_t *o;
    json_array_foreach(x->c.own_items, k, o)
        buf_printf(&own, "%s\n", json_string_value(json_object_get(o, "text")));
    json_t *own_rows = json_array();
    json_array_foreach(x->c.own_items, k, o)
    {
        json_t *r = json_object_get(json_object_get(results, "own"),
                                    json_string_value(json_object_get(o, "code")));
        double nrr = real_or(json_object_get(r, "nrr"), -1);
        json_array_append_new(own_rows,
                              json_pack("{s:s,s:I,s:s}", "text",
                                        json_string_value(json_object_get(o, "text")), "n",
                                        json_integer_value(json_object_get(r, "n")), "nrr",
                                        nrr < 0 ? "–" : frame_decimal(rq, nrr, 2)));
    }
    bool open = strcmp(x->c.state, "open") == 0, closed = strcmp(x->c.state, "closed") == 0;
    int64_t percent = x->c.target > 0 ? (n >= x->c.target ? 100 : n * 100 / x->c.target) : 0;
    json_t *m = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:s,s:s,s:s,s:b,s:b,s:b,"
        "s:o,s:o,s:o,s:o,s:o,s:o}",
        "base", x->base, "public_id", x->c.public_id, "unit_code", x->u.code, "unit_name",
        x->u.name, "title", x->c.title, "instrument_name", instrument_name(rq, x->c.instrument),
        "state", x->c.state, "state_label", frame_t(rq, state_label(x->c.state)), "period",
        period_text(rq, &x->c), "access", x->c.access, "population", (json_int_t)x->c.population,
        "target", (json_int_t)x->c.target, "n", (json_int_t)n, "percent", (json_int_t)percent,
        "link", link, "starts_on", x->c.starts_on, "ends_on", x->c.ends_on, "is_open", open,
        "is_closed", closed, "is_draft", !open && !closed, "qr", tmpl_safe(qr.p, qr.len), "result",
        result_model(rq, x, overall, followups), "chart", chart(rq, x, overall), "by_kelompok",
        breakdown(rq, x, json_object_get(results, "by_kelompok"), "kelompok"), "by_service",
        breakdown(rq, x, json_object_get(results, "by_service"), "service"), "by_month",
        breakdown(rq, x, json_object_get(results, "by_month"), "month"));
    json_object_set_new(m, "services", services);
    json_object_set_new(m, "services_text", json_string(svc.p ? svc.p : ""));
    json_object_set_new(m, "own_text", json_string(own.p ? own.p : ""));
    json_object_set_new(m, "own_rows", own_rows);
    json_object_set_new(m, "has_own", json_boolean(json_array_size(own_rows) > 0));
    json_object_set_new(m, "year", json_integer(x->c.year));
    json_object_set_new(m, "pending", json_integer(pending));
    json_object_set_new(m, "codes_issued", json_integer(issued));
    json_object_set_new(m, "codes_used", json_integer(used));
    json_object_set_new(m, "needs_code", json_boolean(strcmp(x->c.access, "code") == 0));
    json_object_set_new(m, "converts", json_boolean(x->in->converts));
    json_object_set_new(m, "csrf", json_string(csrf(rq, rs)));
    json_object_set_new(m, "can_manage", json_boolean(auth_may(rq, "survey.manage", x->u.path)));
    json_object_set_new(m, "can_codes",
                        json_boolean(open && auth_may(rq, "survey.codes", x->u.path)));
    json_object_set_new(
        m, "can_entry",
        json_boolean(!open && !closed ? false : auth_may(rq, "survey.entry", x->u.path)));
    json_object_set_new(m, "can_moderate",
                        json_boolean(auth_may(rq, "survey.moderate", x->u.path)));
    json_object_set_new(m, "instruments", instruments_model(rq, x->c.instrument));
    json_object_set_new(m, "public_results",
                        json_string(arena_printf(rq->a, "/hasil-survei/%s", x->u.code)));
    buf_free(&qr);
    buf_free(&svc);
    buf_free(&own);
    json_decref(results);
    json_decref(followups);
    return frame_render(rq, rs, 200, "survey/campaign", N_("Survey"), m);
}

static int
survey_post_codes(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load(rq, &x);
    if (rc)
        return rc;
    if (strcmp(x->c.state, "open") != 0) {
        rq->error_detail = N_("Codes can be issued while the survey is open.");
        return ZE_CONFLICT;
    }
    const char *ns = req_field_trimmed(rq, "n");
    int64_t n;
    if (parse_i64(ns, strlen(ns), &n) != 0 || n < 1 || n > SURVEY_MAX_CODES) {
        rq->error_detail = N_("Issue from 1 to 500 codes at a time.");
        return ZE_INVAL;
    }
    const char *service = req_field_trimmed(rq, "layanan");
    json_t *codes = json_array();
    if ((rc = db_begin_write(rq->db)) == 0) {
        rc = survey_codes_issue(rq->db, x->c.id, (int)n, service, auth_me(rq), clock_now_ms(),
                                codes);
        if (rc == 0)
            rc = audit_request_take(rq, "survey.codes", x->u.id, "survey", x->c.public_id, NULL,
                                    json_pack("{s:I,s:s}", "n", (json_int_t)n, "service", service));
        rc = db_commit_or_rollback(rq->db, rc);
    }
    if (rc) {
        json_decref(codes);
        return rc;
    }
    json_t *slips = json_array(), *c;
    size_t k;
    json_array_foreach(codes, k, c) json_array_append_new(
        slips, json_pack("{s:s,s:s}", "code", json_string_value(c), "link",
                         absolute(rq, arena_printf(rq->a, "/s/%s?kode=%s", x->c.public_id,
                                                   json_string_value(c)))));
    json_t *m = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:I}", "base", x->base, "title", x->c.title,
                          "unit_name", x->u.name, "link",
                          absolute(rq, arena_printf(rq->a, "/s/%s", x->c.public_id)), "service",
                          service, "slips", slips, "codes", codes, "n", (json_int_t)n);
    rs->no_store = true;
    return frame_render(rq, rs, 201, "survey/codes", N_("One-time codes"), m);
}

static int
entry_page(struct req *rq, struct resp *rs, int status, struct sctx *x, json_t *values,
           json_t *errs, const char *import_error)
{
    json_t *m = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "base", x->base, "title", x->c.title,
                          "unit_name", x->u.name, "csrf", csrf(rq, rs), "instrument",
                          x->c.instrument, "import_error", import_error ? import_error : "");
    struct buf head = BUF_INIT;
    for (size_t i = 0; i < x->in->nitems; i++)
        buf_printf(&head, "%s%s", i ? "," : "", x->in->items[i].code);
    buf_puts(&head, ",kelompok,layanan,umur,jenis_kelamin,pendidikan,pekerjaan,saran");
    json_object_set_new(m, "csv_header", json_string(head.p));
    buf_free(&head);
    questions_model(rq, x, values, errs, m);
    return frame_render(rq, rs, status, "survey/entry", N_("Paper questionnaires"), m);
}

static int
survey_get_entry(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load(rq, &x);
    if (rc)
        return rc;
    json_t *v = json_object(), *e = json_object();
    rc = entry_page(rq, rs, 200, x, v, e, NULL);
    json_decref(v);
    json_decref(e);
    return rc;
}

static int
survey_post_entry(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load(rq, &x);
    if (rc)
        return rc;
    json_t *values = form_values(rq), *errs = json_object();
    struct survey_submission s = {0};
    s.channel = "paper";
    s.entered_by = auth_me(rq);
    s.campaign_id = x->c.id;
    if (strcmp(x->c.state, "draft") == 0)
        json_object_set_new(errs, "_form", json_string("survey.closed"));
    else if (survey_response_read(&x->c, form_get, rq, &s, errs) == 0) {
        survey_intake_submit(rq->db, &s);
        if (s.rc)
            json_object_set_new(errs, "_form", json_string(s.why ? s.why : "survey.busy"));
    }
    if (json_object_size(errs))
        rc = entry_page(rq, rs, 422, x, values, errs, NULL);
    else
        rc = frame_redirect(rq, rs, arena_printf(rq->a, "%s/isi", x->base), "survey_entered");
    survey_submission_clear(&s);
    json_decref(values);
    json_decref(errs);
    return rc;
}

/* The message of an import's refusal, in the request's language. */
static const char *
import_message(struct req *rq, const struct survey_import_error *e)
{
    if (strcmp(e->why, "survey.bad_csv") == 0)
        return arena_printf(rq->a, "%s %s", frame_t(rq, N_("The file could not be read as CSV:")),
                            e->detail);
    if (strcmp(e->why, "survey.empty_file") == 0)
        return frame_t(rq, N_("The file has no questionnaires: the first line names the columns, "
                              "each further line is one questionnaire."));
    if (strcmp(e->why, "survey.unknown_column") == 0)
        return arena_printf(rq->a, "%s %d: %s \"%s\"", frame_t(rq, N_("Line")), e->line,
                            frame_t(rq, N_("this column is not one of this survey's:")), e->column);
    return arena_printf(rq->a, "%s %d, %s %s: %s", frame_t(rq, N_("Line")), e->line,
                        frame_t(rq, N_("column")), e->column, frame_t(rq, refusal_of(e->why)->msg));
}

static int
survey_post_import(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load(rq, &x);
    if (rc)
        return rc;
    const struct upload *f = req_file(rq, "berkas");
    const char *problem = NULL;
    struct survey_submission *subs = NULL;
    size_t n = 0;
    if (!f || f->size <= 0 || f->size > 8 * 1024 * 1024) {
        problem = frame_t(rq, N_("Choose a CSV file of at most 8 MB."));
    } else {
        char *src = xmalloc((size_t)f->size + 1);
        ssize_t got = pread(f->fd, src, (size_t)f->size, 0);
        struct survey_import_error e;
        if (got != f->size)
            problem = frame_t(rq, N_("The file could not be read."));
        else if (survey_import_read(&x->c, src, (size_t)got, &subs, &n, &e) != 0)
            problem = import_message(rq, &e);
        free(src);
    }
    /* all rows or none: one transaction of our own, not the public intake's group */
    if (!problem && (rc = db_begin_write(rq->db)) == 0) {
        int64_t now = clock_now_ms();
        for (size_t i = 0; i < n && rc == 0; i++) {
            subs[i].entered_by = auth_me(rq);
            subs[i].created_at = now;
            rc = survey_intake_write(rq->db, &subs[i]);
            if (rc == 0 && subs[i].rc) {
                problem = frame_t(rq, refusal_of(subs[i].why)->msg);
                rc = ZE_INVAL;
            }
        }
        if (rc == 0)
            rc = audit_request_take(rq, "survey.import", x->u.id, "survey", x->c.public_id, NULL,
                                    json_pack("{s:I}", "n", (json_int_t)n));
        rc = db_commit_or_rollback(rq->db, rc);
        if (rc == ZE_INVAL)
            rc = 0;
    }
    for (size_t i = 0; i < n; i++)
        survey_submission_clear(&subs[i]);
    free(subs);
    if (rc)
        return rc;
    if (problem) {
        json_t *v = json_object(), *e = json_object();
        rc = entry_page(rq, rs, 422, x, v, e, problem);
        json_decref(v);
        json_decref(e);
        return rc;
    }
    if (rq->wants_json) {
        json_t *j = json_pack("{s:I}", "imported", (json_int_t)n);
        resp_json(rs, 201, j);
        json_decref(j);
        return 0;
    }
    return frame_redirect(rq, rs, x->base, "survey_imported");
}

static int
survey_get_moderation(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load(rq, &x);
    if (rc)
        return rc;
    json_t *list = json_array();
    if ((rc = survey_store_comments(rq->db, x->c.id, req_query(rq, "semua") != NULL, list)) != 0) {
        json_decref(list);
        return rc;
    }
    size_t k;
    json_t *c;
    json_array_foreach(list, k, c)
    {
        json_object_set_new(
            c, "when",
            frame_when(rq, json_integer_value(json_object_get(c, "created_at")), x->u.tz));
        const char *st = json_string_value(json_object_get(c, "comment_state"));
        json_object_set_new(c, "pending", json_boolean(strcmp(st, "pending") == 0));
        json_object_set_new(
            c, "state_label",
            json_string(frame_t(rq, strcmp(st, "approved") == 0   ? N_("Shown")
                                    : strcmp(st, "rejected") == 0 ? N_("Not shown")
                                                                  : N_("Waiting"))));
    }
    json_t *m =
        json_pack("{s:s,s:s,s:s,s:o,s:b,s:s,s:b}", "base", x->base, "title", x->c.title,
                  "unit_name", x->u.name, "comments", list, "empty", json_array_size(list) == 0,
                  "csrf", csrf(rq, rs), "all", req_query(rq, "semua") != NULL);
    return frame_render(rq, rs, 200, "survey/moderation", N_("Comments to moderate"), m);
}

static int
survey_post_moderation(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load(rq, &x);
    if (rc)
        return rc;
    const char *d = req_field(rq, "decision"), *idp = req_field(rq, "response");
    int64_t id;
    if (!d || (strcmp(d, "approve") != 0 && strcmp(d, "reject") != 0) || !idp ||
        parse_i64(idp, strlen(idp), &id) != 0) {
        rq->error_detail = N_("Choose to show or not to show the comment.");
        return ZE_INVAL;
    }
    const char *state = strcmp(d, "approve") == 0 ? "approved" : "rejected";
    if ((rc = db_begin_write(rq->db)) == 0) {
        rc = survey_store_moderate(rq->db, x->c.id, id, state, auth_me(rq), clock_now_ms());
        if (rc == 0)
            rc = audit_request_take(rq, "survey.moderate", x->u.id, "survey_response", idp, NULL,
                                    json_pack("{s:s}", "comment_state", state));
        rc = db_commit_or_rollback(rq->db, rc);
    }
    if (rc)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "%s/moderasi", x->base), "survey_moderated");
}

static int
survey_post_followup(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load(rq, &x);
    if (rc)
        return rc;
    const char *item = req_field_trimmed(rq, "item"), *action = req_field_trimmed(rq, "action");
    if (survey_item_index(x->in, item) < 0) {
        rq->error_detail = N_("Choose one of the survey's items.");
        return ZE_INVAL;
    }
    if (strlen(action) > 2000) {
        rq->error_detail = N_("Describe the follow-up in at most 2000 characters.");
        return ZE_INVAL;
    }
    if ((rc = db_begin_write(rq->db)) == 0) {
        rc = survey_store_followup_set(rq->db, x->c.id, item, action, auth_me(rq), clock_now_ms());
        if (rc == 0)
            rc = audit_request_take(rq, "survey.followup", x->u.id, "survey", x->c.public_id, NULL,
                                    json_pack("{s:s,s:s}", "item", item, "action", action));
        rc = db_commit_or_rollback(rq->db, rc);
    }
    if (rc)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "%s#tindak-lanjut", x->base),
                          "survey_followup_saved");
}

/* --- documents ----------------------------------------------------------------------------------
 */

static int
survey_get_poster(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load(rq, &x);
    if (rc)
        return rc;
    char path[512];
    int fd = resp_temp_file(path, sizeof path, ".pdf");
    if (fd < 0)
        return ZE_IO;
    close(fd);
    struct survey_poster p = {x->u.name,
                              x->c.title,
                              instrument_name(rq, x->c.instrument),
                              absolute(rq, arena_printf(rq->a, "/s/%s", x->c.public_id)),
                              period_text(rq, &x->c),
                              strcmp(x->c.access, "code") == 0,
                              rq->lang};
    struct buf err = BUF_INIT;
    rc = survey_poster_pdf(&p, path, &err);
    buf_free(&err);
    if (rc) {
        unlink(path);
        return rc;
    }
    return resp_temp_download(rq, rs, path, "application/pdf",
                              arena_printf(rq->a, "Poster-Survei-%s.pdf", x->c.public_id));
}

static int
survey_get_infographic(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load(rq, &x);
    if (rc)
        return rc;
    json_t *results = NULL, *followups = json_object();
    if ((rc = survey_results_json(rq->db, &x->c, &results)) != 0 ||
        (rc = survey_store_followups(rq->db, x->c.id, followups)) != 0) {
        json_decref(results);
        json_decref(followups);
        return rc;
    }
    json_t *r = json_object_get(results, "overall");
    json_t *model = result_model(rq, x, r, followups);
    struct survey_bar bars[SURVEY_MAX_ITEMS];
    struct survey_followup_line fl[SURVEY_MAX_ITEMS];
    size_t nfl = 0;
    for (size_t i = 0; i < x->in->nitems; i++) {
        json_t *it = json_object_get(json_object_get(r, "items"), x->in->items[i].code);
        double nrr = real_or(json_object_get(it, "nrr"), -1);
        bars[i] = (struct survey_bar){item_label(rq, x->in, i), nrr,
                                      nrr < 0 ? NULL : frame_decimal(rq, nrr, 2)};
        const char *a = json_string_value(
            json_object_get(json_object_get(followups, x->in->items[i].code), "action"));
        if (a && *a)
            fl[nfl++] = (struct survey_followup_line){bars[i].label, a};
    }
    struct survey_infographic g = {x->u.name,
                                   x->c.title,
                                   instrument_name(rq, x->c.instrument),
                                   period_text(rq, &x->c),
                                   (long)json_integer_value(json_object_get(r, "n")),
                                   json_string_value(json_object_get(model, "index")),
                                   json_string_value(json_object_get(model, "ikm")),
                                   json_string_value(json_object_get(model, "grade")),
                                   json_string_value(json_object_get(model, "label")),
                                   json_string_value(json_object_get(model, "ci")),
                                   bars,
                                   x->in->nitems,
                                   fl,
                                   nfl,
                                   rq->lang};
    char path[512];
    int fd = resp_temp_file(path, sizeof path, ".pdf");
    if (fd < 0)
        rc = ZE_IO;
    else {
        close(fd);
        struct buf err = BUF_INIT;
        rc = survey_infographic_pdf(&g, path, &err);
        buf_free(&err);
    }
    json_decref(model);
    json_decref(results);
    json_decref(followups);
    if (rc) {
        if (fd >= 0)
            unlink(path);
        return rc;
    }
    return resp_temp_download(rq, rs, path, "application/pdf",
                              arena_printf(rq->a, "Infografis-Survei-%s.pdf", x->c.public_id));
}

static json_t *
own_codes(const struct sctx *x)
{
    json_t *l = json_array(), *o;
    size_t k;
    json_array_foreach(x->c.own_items, k, o) json_array_append(l, json_object_get(o, "code"));
    return l;
}

static int
survey_get_csv(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load(rq, &x);
    if (rc)
        return rc;
    json_t *rows = json_array(), *codes = own_codes(x);
    if ((rc = survey_store_responses(rq->db, x->c.id, rows)) == 0) {
        struct buf out = BUF_INIT;
        survey_export_csv(x->in, codes, rows, &out);
        resp_text(rs, 200, "text/csv; charset=utf-8", out.p ? out.p : "", out.len);
        resp_header(
            rs, "Content-Disposition",
            arena_printf(rq->a, "attachment; filename=\"Tanggapan-%s.csv\"", x->c.public_id));
        rs->no_store = true;
        buf_free(&out);
    }
    json_decref(rows);
    json_decref(codes);
    return rc;
}

static int
survey_get_xlsx(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load(rq, &x);
    if (rc)
        return rc;
    json_t *rows = json_array(), *codes = own_codes(x), *results = NULL;
    if ((rc = survey_store_responses(rq->db, x->c.id, rows)) != 0 ||
        (rc = survey_results_json(rq->db, &x->c, &results)) != 0) {
        json_decref(rows);
        json_decref(codes);
        return rc;
    }
    json_t *meta = json_pack("{s:s,s:s,s:s,s:s,s:s}", "unit", x->u.name, "title", x->c.title,
                             "instrument_name", instrument_name(rq, x->c.instrument), "period",
                             period_text(rq, &x->c), "lang", rq->lang);
    char path[512];
    int fd = resp_temp_file(path, sizeof path, ".xlsx");
    if (fd < 0)
        rc = ZE_IO;
    else {
        close(fd);
        struct buf err = BUF_INIT;
        rc = survey_export_xlsx(x->in, meta, results, codes, rows, path, &err);
        buf_free(&err);
        if (rc)
            unlink(path);
    }
    json_decref(meta);
    json_decref(rows);
    json_decref(codes);
    json_decref(results);
    if (rc)
        return rc;
    return resp_temp_download(rq, rs, path,
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                              arena_printf(rq->a, "Hasil-Survei-%s.xlsx", x->c.public_id));
}

/* --- kiosks ------------------------------------------------------------------------------------
 */

static int
kiosks_page(struct req *rq, struct resp *rs, int status, const struct org_unit *u,
            const char *enrol)
{
    json_t *list = json_array();
    int rc = survey_kiosks(rq->db, u->id, list);
    if (rc) {
        json_decref(list);
        return rc;
    }
    size_t k;
    json_t *r;
    json_array_foreach(list, k, r)
    {
        json_object_set_new(
            r, "registered",
            frame_when(rq, json_integer_value(json_object_get(r, "registered_at")), u->tz));
        int64_t seen = json_integer_value(json_object_get(r, "last_seen_at"));
        json_object_set_new(r, "seen", frame_when(rq, seen, u->tz));
        json_object_set_new(
            r, "active", json_boolean(json_integer_value(json_object_get(r, "revoked_at")) == 0));
    }
    json_t *m = json_pack("{s:s,s:s,s:o,s:b,s:s,s:b,s:s}", "unit_code", u->code, "unit_name",
                          u->name, "kiosks", list, "empty", json_array_size(list) == 0, "enrol",
                          enrol ? enrol : "", "has_enrol", enrol != NULL, "csrf", csrf(rq, rs));
    if (enrol)
        rs->no_store = true;
    return frame_render(rq, rs, status, "survey/kiosks", N_("Kiosk devices"), m);
}

static int
survey_get_kiosks(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    if (org_unit_by_code(rq->db, req_param(rq, "code"), &u) != 0)
        return ZE_NOTFOUND;
    return kiosks_page(rq, rs, 200, &u, NULL);
}

static int
survey_post_kiosk(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    if (org_unit_by_code(rq->db, req_param(rq, "code"), &u) != 0)
        return ZE_NOTFOUND;
    const char *name = req_field_trimmed(rq, "name");
    if (!*name || strlen(name) > 100) {
        rq->error_detail = N_("Name the device (for example \"Kios loket PTSP\").");
        return ZE_INVAL;
    }
    char token[65];
    int64_t id = 0;
    int rc = db_begin_write(rq->db);
    if (rc == 0) {
        rc = survey_kiosk_register(rq->db, u.id, name, auth_me(rq), clock_now_ms(), token, &id);
        if (rc == 0)
            rc = audit_request_take(rq, "survey.kiosk", u.id, "survey_kiosk",
                                    arena_printf(rq->a, "%lld", (long long)id), NULL,
                                    json_pack("{s:s}", "name", name));
        rc = db_commit_or_rollback(rq->db, rc);
    }
    if (rc)
        return rc;
    return kiosks_page(rq, rs, 201, &u,
                       absolute(rq, arena_printf(rq->a, "/kios/daftar/%s", token)));
}

static int
survey_post_kiosk_revoke(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    if (org_unit_by_code(rq->db, req_param(rq, "code"), &u) != 0)
        return ZE_NOTFOUND;
    const char *idp = req_field(rq, "id");
    int64_t id;
    if (!idp || parse_i64(idp, strlen(idp), &id) != 0)
        return ZE_NOTFOUND;
    int rc = db_begin_write(rq->db);
    if (rc == 0) {
        rc = survey_kiosk_revoke(rq->db, u.id, id, clock_now_ms());
        if (rc == 0)
            rc = audit_request_take(rq, "survey.kiosk_revoke", u.id, "survey_kiosk", idp, NULL,
                                    NULL);
        rc = db_commit_or_rollback(rq->db, rc);
    }
    if (rc)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "/survei/%s/kios", u.code),
                          "survey_kiosk_revoked");
}

/* --- the public results page -------------------------------------------------------------------
 */

static int
survey_get_public_results(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    if (org_unit_by_code(rq->db, req_param(rq, "code"), &u) != 0)
        return ZE_NOTFOUND;
    json_t *all = json_array(), *list = json_array();
    int rc = survey_store_campaigns(rq->db, u.path, 0, all);
    size_t k;
    json_t *c;
    json_array_foreach(all, k, c)
    {
        if (rc || strcmp(json_string_value(json_object_get(c, "state")), "closed") != 0 ||
            strcmp(json_string_value(json_object_get(c, "unit_code")), u.code) != 0)
            continue;
        struct sctx *x = arena_alloc(rq->a, sizeof *x);
        memset(x, 0, sizeof *x);
        if (survey_store_campaign_get(rq->db, json_string_value(json_object_get(c, "public_id")),
                                      &x->c) != 0)
            continue;
        arena_defer(rq->a, sctx_free, x);
        x->u = u;
        x->in = survey_instrument_get(x->c.instrument);
        json_t *results = NULL, *followups = json_object(), *comments = json_array();
        if (!x->in || (rc = survey_results_json(rq->db, &x->c, &results)) != 0 ||
            (rc = survey_store_followups(rq->db, x->c.id, followups)) != 0 ||
            (rc = survey_store_public_comments(rq->db, x->c.id, 20, comments)) != 0) {
            json_decref(results);
            json_decref(followups);
            json_decref(comments);
            continue;
        }
        json_t *overall = json_object_get(results, "overall");
        json_t *fl = json_array();
        for (size_t i = 0; i < x->in->nitems; i++) {
            const char *a = json_string_value(
                json_object_get(json_object_get(followups, x->in->items[i].code), "action"));
            if (a && *a)
                json_array_append_new(
                    fl, json_pack("{s:s,s:s}", "label", item_label(rq, x->in, i), "action", a));
        }
        json_array_append_new(
            list, json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:b,s:o,s:b}", "title", x->c.title,
                            "instrument_name", instrument_name(rq, x->c.instrument), "period",
                            period_text(rq, &x->c), "result",
                            result_model(rq, x, overall, followups), "chart", chart(rq, x, overall),
                            "followups", fl, "has_followups", json_array_size(fl) > 0, "comments",
                            comments, "has_comments", json_array_size(comments) > 0));
        json_decref(results);
        json_decref(followups);
    }
    json_decref(all);
    if (rc) {
        json_decref(list);
        return rc;
    }
    json_t *m = json_pack("{s:s,s:s,s:o,s:b}", "unit_name", u.name, "unit_code", u.code,
                          "campaigns", list, "empty", json_array_size(list) == 0);
    return frame_render(rq, rs, 200, "survey/public_results", N_("Survey results"), m);
}

/* --- the API ------------------------------------------------------------------------------------
 */

static int
survey_api_get(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load_public(rq, &x);
    if (rc)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < x->in->nitems; i++) {
        json_t *it = json_array_get(json_object_get(x->in->doc, "items"), i);
        json_array_append_new(items,
                              json_pack("{s:s,s:s,s:O,s:O}", "code", x->in->items[i].code, "group",
                                        x->in->items[i].group, "text", json_object_get(it, "text"),
                                        "labels", json_object_get(it, "labels")));
    }
    json_t *j = json_pack("{s:s,s:s,s:s,s:{s:s,s:s},s:s,s:s,s:s,s:s,s:i,s:o,s:O,s:O,s:O,s:b,s:s}",
                          "id", x->c.public_id, "title", x->c.title, "instrument", x->c.instrument,
                          "unit", "code", x->u.code, "name", x->u.name, "state", x->c.state,
                          "starts_on", x->c.starts_on, "ends_on", x->c.ends_on, "access",
                          x->c.access, "scale", x->in->scale, "items", items, "own_items",
                          x->c.own_items, "services", x->c.services, "respondent",
                          json_object_get(survey_respondent_doc(), "questions"), "needs_code",
                          strcmp(x->c.access, "code") == 0, "submit",
                          arena_printf(rq->a, "/api/v1/surveys/%s/responses", x->c.public_id));
    resp_json(rs, 200, j);
    json_decref(j);
    return 0;
}

/* The JSON body as a getter: answers by item code, own items, the respondent's fields. */
struct json_get {
    struct req *rq;
    json_t *body;
};

static const char *
json_get_field(void *arg, const char *name)
{
    struct json_get *g = arg;
    json_t *v = NULL;
    if (strncmp(name, "own_", 4) == 0)
        v = json_object_get(json_object_get(g->body, "own"), name + 4);
    else if (!strcmp(name, "kelompok") || !strcmp(name, "layanan") || !strcmp(name, "saran") ||
             !strcmp(name, "kode"))
        v = json_object_get(g->body, name);
    else if (!strcmp(name, "umur") || !strcmp(name, "jenis_kelamin") ||
             !strcmp(name, "pendidikan") || !strcmp(name, "pekerjaan"))
        v = json_object_get(json_object_get(g->body, "responden"), name);
    else
        v = json_object_get(json_object_get(g->body, "answers"), name);
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        return arena_printf(g->rq->a, "%lld", (long long)json_integer_value(v));
    if (v && !json_is_null(v))
        return "?"; /* a number that is not whole, a list...: refused by the reader */
    return NULL;
}

static int
api_refuse(struct req *rq, struct resp *rs, const char *why, json_t *fields)
{
    const struct refusal *r = refusal_of(why);
    json_t *j =
        json_pack("{s:{s:s,s:s}}", "error", "code", r->code, "message", frame_t(rq, r->msg));
    if (fields) {
        json_t *f = json_object();
        const char *key;
        json_t *v;
        json_object_foreach(fields, key, v) json_object_set_new(
            f, key, json_string(frame_t(rq, refusal_of(json_string_value(v))->msg)));
        json_object_set_new(json_object_get(j, "error"), "fields", f);
    }
    if (r->status == 429)
        resp_header(rs, "Retry-After", "3600");
    resp_json(rs, r->status, j);
    json_decref(j);
    return 0;
}

static int
survey_api_post(struct req *rq, struct resp *rs)
{
    struct sctx *x;
    int rc = load_public(rq, &x);
    if (rc)
        return rc;
    if (!json_is_object(rq->json)) {
        http_error_json(rs, 400, "invalid", frame_t(rq, N_("Send a JSON object.")));
        return 0;
    }
    if (strcmp(x->c.state, "open") != 0)
        return api_refuse(rq, rs, "survey.closed", NULL);
    struct json_get g = {rq, rq->json};
    struct survey_submission s = {0};
    s.channel = "api";
    json_t *errs = json_object();
    if (survey_response_read(&x->c, json_get_field, &g, &s, errs) != 0) {
        const char *key;
        json_t *v;
        const char *first = NULL;
        json_object_foreach(errs, key, v) if (!first) first = json_string_value(v);
        rc = api_refuse(rq, rs, first, errs);
        goto out;
    }
    const char *why = NULL;
    rc = vouch(rq, x, json_get_field(&g, "kode"), &s, &why);
    if (rc == ZE_INVAL) {
        rc = api_refuse(rq, rs, why, NULL);
        goto out;
    }
    if (rc)
        goto out;
    if (survey_intake_submit(rq->db, &s) != 0) {
        rc = api_refuse(rq, rs, s.why, NULL);
        goto out;
    }
    json_t *j = json_pack("{s:I,s:s}", "id", (json_int_t)s.id, "status", "received");
    resp_json(rs, 201, j);
    json_decref(j);
out:
    json_decref(errs);
    survey_submission_clear(&s);
    return rc;
}

/* --- the route table ------------------------------------------------------------------------- */

static const struct route survey_routes[] = {
    {HTTP_GET, "/survei", "survey.read", NULL, survey_get_list, 0, NULL},
    {HTTP_POST, "/survei", "survey.manage", org_resolve_unit, survey_post_create, 0, NULL},
    {HTTP_GET, "/survei/:code/kios", "survey.manage", org_resolve_unit, survey_get_kiosks, 0, NULL},
    {HTTP_POST, "/survei/:code/kios", "survey.manage", org_resolve_unit, survey_post_kiosk, 0,
     NULL},
    {HTTP_POST, "/survei/:code/kios/cabut", "survey.manage", org_resolve_unit,
     survey_post_kiosk_revoke, 0, NULL},
    {HTTP_GET, "/survei/:code/:id", "survey.read", org_resolve_unit, survey_get_campaign, 0, NULL},
    {HTTP_POST, "/survei/:code/:id/ubah", "survey.manage", org_resolve_unit, survey_post_edit, 0,
     NULL},
    {HTTP_POST, "/survei/:code/:id/status", "survey.manage", org_resolve_unit, survey_post_status,
     0, NULL},
    {HTTP_POST, "/survei/:code/:id/kode", "survey.codes", org_resolve_unit, survey_post_codes, 0,
     NULL},
    {HTTP_GET, "/survei/:code/:id/isi", "survey.entry", org_resolve_unit, survey_get_entry, 0,
     NULL},
    {HTTP_POST, "/survei/:code/:id/isi", "survey.entry", org_resolve_unit, survey_post_entry, 0,
     NULL},
    {HTTP_POST, "/survei/:code/:id/impor", "survey.entry", org_resolve_unit, survey_post_import,
     ROUTE_UPLOAD, NULL},
    {HTTP_GET, "/survei/:code/:id/moderasi", "survey.moderate", org_resolve_unit,
     survey_get_moderation, 0, NULL},
    {HTTP_POST, "/survei/:code/:id/moderasi", "survey.moderate", org_resolve_unit,
     survey_post_moderation, 0, NULL},
    {HTTP_POST, "/survei/:code/:id/tindak-lanjut", "survey.manage", org_resolve_unit,
     survey_post_followup, 0, NULL},
    {HTTP_GET, "/survei/:code/:id/poster.pdf", "survey.read", org_resolve_unit, survey_get_poster,
     0, NULL},
    {HTTP_GET, "/survei/:code/:id/infografis.pdf", "survey.read", org_resolve_unit,
     survey_get_infographic, 0, NULL},
    {HTTP_GET, "/survei/:code/:id/tanggapan.csv", "survey.read", org_resolve_unit, survey_get_csv,
     0, NULL},
    {HTTP_GET, "/survei/:code/:id/hasil.xlsx", "survey.read", org_resolve_unit, survey_get_xlsx, 0,
     NULL},
    {HTTP_GET, "/s/:id", NULL, NULL, survey_get_public, ROUTE_PUBLIC, "/s/:id"},
    {HTTP_POST, "/s/:id", NULL, NULL, survey_post_public, ROUTE_PUBLIC, "/s/:id"},
    {HTTP_GET, "/s/:id/terima-kasih", NULL, NULL, survey_get_thanks, ROUTE_PUBLIC, NULL},
    {HTTP_GET, "/s/:id/qr.svg", NULL, NULL, survey_get_qr, ROUTE_PUBLIC, NULL},
    {HTTP_GET, "/kios", NULL, NULL, survey_get_kiosk, ROUTE_PUBLIC, NULL},
    {HTTP_GET, "/kios/daftar/:token", NULL, NULL, survey_get_kiosk_enrol, ROUTE_PUBLIC, NULL},
    {HTTP_GET, "/hasil-survei/:code", NULL, NULL, survey_get_public_results, ROUTE_PUBLIC, NULL},
    {HTTP_GET, "/api/v1/surveys/:id", NULL, NULL, survey_api_get, ROUTE_PUBLIC, NULL},
    {HTTP_POST, "/api/v1/surveys/:id/responses", NULL, NULL, survey_api_post, ROUTE_PUBLIC, NULL},
};

void
survey_routes_register(void)
{
    router_add(survey_routes, sizeof survey_routes / sizeof survey_routes[0]);
}
