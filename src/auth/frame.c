/* frame: the layout's view model is built in one place so every part's pages share the header,
 * navigation, language switch and flash messages, and can all answer ?format=json. */
#include "frame.h"

#include <string.h>

#include "auth.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "core/xmem.h"
#include "http/http.h"
#include "web/fmt.h"
#include "web/i18n.h"
#include "web/tmpl.h"

#ifndef ZONA_VERSION
#define ZONA_VERSION "0.0.0"
#endif

const char *
frame_t(const struct req *rq, const char *id)
{
    return i18n_t(rq->lang, id);
}

int
frame_safe_next(const char *s)
{
    if (!s || s[0] != '/' || s[1] == '/' || strlen(s) >= 2048)
        return 0;
    /* browsers drop tabs and newlines inside URLs and read \ as /: "/\t/host" would leave */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p == 0x7f || *p == '\\')
            return 0;
    return 1;
}

static void
url_escape(struct buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
            buf_putc(out, (char)c);
        } else {
            buf_putc(out, '%');
            buf_putc(out, hex[c >> 4]);
            buf_putc(out, hex[c & 15]);
        }
    }
}

struct flash_def {
    const char *code;
    const char *kind;
    const char *text;
};

static const struct flash_def flashes[] = {
    {"signed_out", "success", N_("You have signed out.")},
    {"password_set", "success", N_("Your password has been saved. You can sign in now.")},
    {"password_changed", "success", N_("Your password has been changed.")},
    {"sessions_ended", "success", N_("All your other sessions have been ended.")},
    {"session_ended", "success", N_("The session has been ended.")},
    {"totp_enabled", "success", N_("Two-step verification is on.")},
    {"unit_saved", "success", N_("The unit has been saved.")},
    {"unit_created", "success", N_("The unit has been added.")},
    {"user_saved", "success", N_("The details have been saved.")},
    {"user_created", "success", N_("The account has been created.")},
    {"role_granted", "success", N_("The role has been granted.")},
    {"role_revoked", "success", N_("The role has been revoked.")},
    {"user_moved", "success",
     N_("The transfer has been recorded. The roles held in the previous unit have ended.")},
    {"import_done", "success", N_("The import is complete.")},
    {"reset_issued", "success", N_("A new one-time code has been issued.")},
    {"lke_created", "success", N_("The assessment has been started.")},
    {"lke_carried", "success",
     N_("The assessment has been started from last year's answers and evidence. Questions whose "
        "wording changed are marked for a fresh look.")},
    {"lke_saved", "success", N_("Saved.")},
    {"lke_evidence_added", "success", N_("The evidence has been attached.")},
    {"lke_evidence_removed", "success", N_("The evidence has been detached from this question.")},
    {"lke_moved", "success", N_("The assessment has moved to its next step.")},
    {"lke_team_saved", "success", N_("The TPI team has been updated.")},
    {"lke_imported", "success", N_("The workbook's answers have been applied.")},
    {"survey_created", "success", N_("The survey has been created. Open it when it is ready.")},
    {"survey_saved", "success", N_("The survey has been saved.")},
    {"survey_opened", "success",
     N_("The survey is open: the link and the QR code take responses.")},
    {"survey_closed", "success", N_("The survey is closed. Its results count toward the LKE.")},
    {"survey_entered", "success", N_("The questionnaire has been recorded.")},
    {"survey_imported", "success", N_("The questionnaires have been imported.")},
    {"survey_moderated", "success", N_("The comment has been moderated.")},
    {"survey_followup_saved", "success", N_("The follow-up has been saved.")},
    {"survey_kiosk_revoked", "success", N_("The kiosk device can no longer submit responses.")},
    {"calendar_saved", "success", N_("The date has been saved. Open deadlines follow it.")},
    {"calendar_removed", "success", N_("The date has been removed from the calendar.")},
    {"calendar_year_saved", "success", N_("The year's list has been saved.")},
    {"calendar_week_saved", "success", N_("The unit's working week has been saved.")},
    {"complaint_recorded", "success",
     N_("The complaint has been recorded. Give the complainant its tracking number: with it they "
        "follow the complaint and read the answer.")},
    {"complaint_answered", "success",
     N_("The answer has been saved. The complainant reads it on the tracking page.")},
    {"complaint_noted", "success",
     N_("The internal note has been saved. The complainant does not see it.")},
    {"complaint_updated", "success", N_("The complaint has been updated.")},
    {"wbs_state_changed", "success", N_("The report's state has been changed.")},
    {"wbs_message_sent", "success",
     N_("The message has been sent. The reporter reads it when they follow up with their "
        "receipt.")},
    {"wbs_identity_requested", "success",
     N_("The request has been sent to the identity custodian. The reporter sees that it was "
        "made.")},
    {"wbs_retention_extended", "success", N_("The report will be kept longer.")},
    {"wbs_identity_approved", "success",
     N_("The request has been approved: the identity is now sealed to the officer who asked.")},
    {"wbs_identity_denied", "success", N_("The request has been denied.")},
    {"grat_filed", "success",
     N_("The report has been sent to the UPG. Its progress and deadlines are shown below.")},
    {"grat_completed", "success", N_("The completed report has been sent back to the UPG.")},
    {"grat_declared", "success", N_("Your declaration for this period has been recorded.")},
    {"grat_verified", "success",
     N_("The report has been verified. Forward it to the KPK within the deadline.")},
    {"grat_returned", "success",
     N_("The report has been returned to the reporter with what is missing.")},
    {"grat_forwarded", "success", N_("The report has been recorded as forwarded to the KPK.")},
    {"grat_decided", "success", N_("The KPK's decision has been recorded.")},
    {"grat_finished", "success", N_("The report has been closed.")},
    {"grat_deposited", "success",
     N_("The deposit has been recorded. Print the receipt for the reporter and the UPG officer to "
        "sign.")},
    {"grat_activity_added", "success",
     N_("The activity has been recorded. zona proposes it to the unit's LKE as evidence of the "
        "campaign.")},
    {"session_expired", "error", N_("Your session has ended. Please sign in again.")},
};

const char *
frame_decimal(struct req *rq, double v, int decimals)
{
    struct buf b = BUF_INIT;
    fmt_decimal(&b, rq->lang, v, decimals);
    const char *s = arena_strdup(rq->a, b.p ? b.p : "");
    buf_free(&b);
    return s;
}

const char *
frame_day(struct req *rq, const char *ymd)
{
    int y, m, d;
    char tail;
    if (!ymd || strlen(ymd) != 10 || sscanf(ymd, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
        m < 1 || m > 12 || d < 1 || d > 31)
        return ymd ? ymd : "";
    struct buf b = BUF_INIT;
    /* noon: the same civil day in every Indonesian zone */
    fmt_date(&b, rq->lang, fmt_days_from_civil(y, m, d) * 86400000LL + 12 * 3600000LL, ZONE_WIB);
    const char *s = arena_strdup(rq->a, b.p ? b.p : "");
    buf_free(&b);
    return s;
}

void
frame_flash(struct req *rq, struct resp *rs, const char *code)
{
    resp_header(rs, "Set-Cookie",
                arena_printf(rq->a, "zona_flash=%s; Path=/; Max-Age=120; HttpOnly; SameSite=Lax%s",
                             code, rq->https ? "; Secure" : ""));
}

static json_t *
flash_model(struct req *rq, struct resp *rs)
{
    json_t *list = json_array();
    const char *code = req_cookie(rq, "zona_flash");
    if (!code)
        return list;
    for (size_t i = 0; i < sizeof flashes / sizeof flashes[0]; i++) {
        if (strcmp(flashes[i].code, code) != 0)
            continue;
        json_array_append_new(list, json_pack("{s:s,s:s,s:b}", "kind", flashes[i].kind, "text",
                                              frame_t(rq, flashes[i].text), "is_error",
                                              strcmp(flashes[i].kind, "error") == 0));
    }
    resp_header(rs, "Set-Cookie",
                arena_printf(rq->a, "zona_flash=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s",
                             rq->https ? "; Secure" : ""));
    return list;
}

struct nav_def {
    const char *href;
    const char *label;
    const char *perm; /* NULL: every signed-in person */
};

static const struct nav_def navs[] = {
    {"/beranda", N_("Home"), NULL},
    {"/lke", N_("LKE"), "lke.read"},
    {"/survei", N_("Surveys"), "survey.read"},
    {"/pengaduan", N_("Complaints"), "complaint.read"},
    {"/wbs", N_("Whistleblowing"), "wbs.key"},
    {"/gratifikasi", N_("Gratification"), NULL},
    {"/kotak-masuk", N_("Inbox"), NULL},
    {"/admin/kalender", N_("Calendar"), "unit.read"},
    {"/admin/unit", N_("Units"), "unit.read"},
    {"/admin/pengguna", N_("People"), "user.read"},
    {"/admin/audit", N_("Audit trail"), "audit.read"},
    {"/akun", N_("My account"), NULL},
};

static long long (*inbox_counter)(struct req *rq, long long user_id);

void
frame_set_inbox_counter(long long (*fn)(struct req *rq, long long user_id))
{
    inbox_counter = fn;
}

/* The whistleblowing item leads each WBS role to its own page. */
static const char *
wbs_nav_href(const struct auth_ctx *c)
{
    return acl_allows_somewhere(c->grants, c->ngrants, "wbs.handle")     ? "/wbs"
           : acl_allows_somewhere(c->grants, c->ngrants, "wbs.identity") ? "/wbs/identitas"
           : acl_allows_somewhere(c->grants, c->ngrants, "wbs.escrow")   ? "/wbs/kustodian-kunci"
                                                                         : "/wbs/kunci";
}

/* The gratification item: the UPG to its queue, everybody else to their own reports. */
static const char *
grat_nav_href(const struct auth_ctx *c)
{
    return acl_allows_somewhere(c->grants, c->ngrants, "grat.handle") ? "/gratifikasi/upg"
                                                                      : "/gratifikasi/saya";
}

static json_t *
nav_model(struct req *rq, const struct auth_ctx *c)
{
    json_t *list = json_array();
    if (!c || c->s.stage != SESSION_FULL)
        return list;
    for (size_t i = 0; i < sizeof navs / sizeof navs[0]; i++) {
        if (navs[i].perm && !acl_allows_somewhere(c->grants, c->ngrants, navs[i].perm))
            continue;
        size_t hl = strlen(navs[i].href);
        bool current = strncmp(rq->path, navs[i].href, hl) == 0 &&
                       (rq->path[hl] == '\0' || rq->path[hl] == '/');
        const char *href = strcmp(navs[i].href, "/wbs") == 0           ? wbs_nav_href(c)
                           : strcmp(navs[i].href, "/gratifikasi") == 0 ? grat_nav_href(c)
                                                                       : navs[i].href;
        json_t *item = json_pack("{s:s,s:s,s:b}", "href", href, "label", frame_t(rq, navs[i].label),
                                 "current", current);
        if (strcmp(navs[i].href, "/kotak-masuk") == 0 && inbox_counter) {
            long long n = inbox_counter(rq, (long long)c->u.id);
            if (n > 0)
                json_object_set_new(item, "count", json_integer(n));
        }
        json_array_append_new(list, item);
    }
    return list;
}

static json_t *
layout_model(struct req *rq, struct resp *rs, const char *title)
{
    const char *other = strcmp(rq->lang, "en") == 0 ? "id" : "en";
    struct buf href = BUF_INIT;
    buf_printf(&href, "/bahasa/%s?next=", other);
    url_escape(&href, rq->raw_path); /* the path with its query: a search survives the switch */
    struct auth_ctx *c = auth_ctx(rq);
    json_t *user = json_null();
    if (c && c->signed_in)
        user = json_pack("{s:s,s:s,s:b}", "name", c->u.name, "unit_name", c->u.unit_name, "full",
                         c->s.stage == SESSION_FULL);
    json_t *m =
        json_pack("{s:s,s:s,s:o,s:o,s:{s:s,s:s,s:s},s:b,s:o,s:s,s:s,s:s}", "lang", rq->lang,
                  "title", title, "user", user, "nav", nav_model(rq, c), "lang_switch", "href",
                  href.p, "label", strcmp(other, "en") == 0 ? "English" : "Bahasa Indonesia",
                  "code", other, "has_nav", c && c->s.stage == SESSION_FULL, "flash",
                  flash_model(rq, rs), "version", ZONA_VERSION, "path", rq->path,
                  /* the sign-out form's token; anonymous pages set no cookie for it */
                  "csrf", c && c->signed_in ? c->s.csrf : "");
    buf_free(&href);
    return m;
}

int
frame_render_bare(struct req *rq, struct resp *rs, int status, const char *tmpl, json_t *model)
{
    if (!model)
        model = json_object();
    if (rq->wants_json) {
        resp_json(rs, status, model);
        json_decref(model);
        return 0;
    }
    const char *other = strcmp(rq->lang, "en") == 0 ? "id" : "en";
    struct buf href = BUF_INIT, out = BUF_INIT;
    buf_printf(&href, "/bahasa/%s?next=", other);
    url_escape(&href, rq->raw_path);
    json_object_set_new(model, "lang", json_string(rq->lang));
    json_object_set_new(model, "lang_href", json_string(href.p));
    json_object_set_new(model, "lang_label",
                        json_string(strcmp(other, "en") == 0 ? "English" : "Bahasa Indonesia"));
    buf_free(&href);
    int rc = tmpl_render_named(tmpl, model, i18n_tmpl_translate, UNCONST(rq->lang), &out);
    json_decref(model);
    if (rc == 0)
        resp_html(rs, status, out.p, out.len);
    buf_free(&out);
    return rc;
}

int
frame_render(struct req *rq, struct resp *rs, int status, const char *tmpl, const char *title_id,
             json_t *model)
{
    if (!model)
        model = json_object();
    if (rq->wants_json) {
        resp_json(rs, status, model);
        json_decref(model);
        return 0;
    }
    struct buf body = BUF_INIT, page = BUF_INIT;
    int rc = tmpl_render_named(tmpl, model, i18n_tmpl_translate, UNCONST(rq->lang), &body);
    json_decref(model);
    if (rc) {
        log_error("template %s: render failed (%d)", tmpl, rc);
        buf_free(&body);
        return ZE_IO;
    }
    json_t *lm = layout_model(rq, rs, frame_t(rq, title_id));
    json_object_set_new(lm, "content", tmpl_safe(body.p, body.len));
    buf_free(&body);
    rc = tmpl_render_named("layout", lm, i18n_tmpl_translate, UNCONST(rq->lang), &page);
    json_decref(lm);
    if (rc) {
        log_error("template layout: render failed (%d)", rc);
        buf_free(&page);
        return ZE_IO;
    }
    resp_html(rs, status, page.p, page.len);
    buf_free(&page);
    return 0;
}

void
frame_error(struct req *rq, struct resp *rs, int ze, const char *detail)
{
    int status = err_http_status(ze);
    /* A browser that is not signed in (or still owes its second factor) goes to the sign-in
     * step it needs, and comes back afterwards. */
    if (ze == ZE_UNAUTH && !rq->wants_json && rq->method == HTTP_GET) {
        struct auth_ctx *c = auth_ctx(rq);
        const char *to = "/masuk";
        if (c && c->s.stage == SESSION_TOTP)
            to = "/masuk/totp";
        else if (c && c->s.stage == SESSION_ENROL)
            to = "/masuk/totp-daftar";
        struct buf loc = BUF_INIT;
        buf_printf(&loc, "%s?lanjut=", to);
        url_escape(&loc, rq->raw_path);
        resp_redirect(rs, 303, arena_strdup(rq->a, loc.p));
        buf_free(&loc);
        return;
    }
    const char *message = frame_t(rq, detail ? detail : err_message(ze));
    if (rq->wants_json) {
        http_error_json(rs, status, err_code(ze), message);
        return;
    }
    json_t *m = json_pack("{s:i,s:s,s:s}", "status", status, "heading", frame_t(rq, err_title(ze)),
                          "message", message);
    if (frame_render(rq, rs, status, "error", err_title(ze), m) != 0) {
        const char *fallback = frame_t(rq, err_title(ze));
        resp_text(rs, status, "text/plain; charset=utf-8", fallback, strlen(fallback));
    }
    rs->no_store = true;
}

json_t *
frame_when(struct req *rq, long long ms, const char *tz)
{
    if (!ms)
        return json_string("");
    struct buf b = BUF_INIT;
    fmt_datetime(&b, rq->lang, (int64_t)ms, fmt_zone_of(tz));
    json_t *s = json_string(b.p);
    buf_free(&b);
    return s;
}

int
frame_redirect(struct req *rq, struct resp *rs, const char *to, const char *flash)
{
    if (flash)
        frame_flash(rq, rs, flash);
    resp_redirect(rs, 303, arena_strdup(rq->a, to));
    return 0;
}
