/* grat_public: a unit's face against gratification (issue #7), and the campaign that carries it.
 *
 *   GET  /gratifikasi/publik/:code              the public page: what gratification is, what our
 *                                               staff may not accept, the gifts the Peraturan KPK
 *                                               in force today exempts (with their limits, read
 *                                               from its rule file), how staff report (the UPG
 *                                               and KPK deadlines of the settings), how the public
 *                                               reports a member of staff (the unit's front door
 *                                               /lapor/:code), the KPK's channels (settings
 *                                               "kpk_channels") and the year's counts, small
 *                                               cells hidden as the WBS hides them
 *   GET  /gratifikasi/publik/:code/poster.pdf   the same in short on an A4 poster, with a QR code
 *                                               to the page
 *   GET  /gratifikasi/kampanye/:code            the year's campaign activities with their
 *                                               evidence, and the form to record one
 *                                               (grat.campaign on the unit)
 *   POST /gratifikasi/kampanye/:code            multipart: an activity and its evidence files,
 *                                               kept as blobs, audited and proposed to the LKE
 *                                               (grat_figures_changed) in one transaction; 422 with
 *                                               what was typed
 *   GET  /gratifikasi/kampanye/:code/berkas/:file  an evidence file
 *
 * Nothing on the public side names a person or a gift: the figures are counts of the unit's
 * subtree, and a count under the WBS's stats_min_cell is shown as "<5", so no reporter can be
 * singled out. The public routes are ROUTE_PRIVATE as the front door is: a visitor reading how to
 * report a member of staff leaves no address in the log. Every number of the rules comes from
 * data/gratification/ (the rule in force on the unit's today, the deadlines of the settings), so
 * an amendment changes the page and the poster without a line of C. */
#include <sys/stat.h>

#include <ctype.h>
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
#include "core/xmem.h"
#include "db/blob.h"
#include "db/db.h"
#include "grat.h"
#include "http/http.h"
#include "org/cal.h"
#include "org/org.h"
#include "report/pdf.h"
#include "wbs/wbs.h"
#include "web/fmt.h"
#include "web/i18n.h"
#include "web/model.h"

/* The form's field of evidence files. */
#define FILES_FIELD "berkas"
/* The poster's QR code: 8 cm, read from a step away; the survey poster's 10 cm would push the
 * rules off the page. */
#define QR_PT (80 * 72.0 / 25.4)

enum {
    ACTIVITY_FILES_MAX = 10,            /* evidence files of one activity, sent at once */
    ACTIVITY_PARTICIPANTS_MAX = 1000000 /* participants of one activity */
};

/* --- helpers ------------------------------------------------------------------------------ */

static bool
is_en(const struct req *rq)
{
    return strcmp(rq->lang, "en") == 0;
}

/* The text {"id": …, "en": …} at key of obj in the request's language (Indonesian when the
 * English one is missing). */
static const char *
text_of(const struct req *rq, const json_t *obj, const char *key)
{
    json_t *t = json_object_get(obj, key);
    const char *s = json_string_value(json_object_get(t, is_en(rq) ? "en" : "id"));
    if (!s)
        s = json_string_value(json_object_get(t, "id"));
    return s ? s : "";
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

/* An integer grouped for people, or a hidden cell ("<5") as it is. */
static const char *
count_text(struct req *rq, json_t *v)
{
    if (json_is_string(v))
        return arena_strdup(rq->a, json_string_value(v));
    struct buf b = BUF_INIT;
    fmt_int(&b, rq->lang, json_is_integer(v) ? (int64_t)json_integer_value(v) : 0);
    const char *s = arena_strdup(rq->a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

/* A count for the public: the WBS's rule (stats_min_cell) hides 0 < n < min. */
static const char *
public_count(struct req *rq, int64_t n)
{
    json_t *c = wbs_stat_cell(n, true);
    const char *s = count_text(rq, c);
    json_decref(c);
    return s;
}

/* A file's size for people: "340 KB", "1,2 MB". */
static const char *
size_text(struct req *rq, int64_t bytes)
{
    const int64_t kib = 1024, mib = kib * kib;
    if (bytes < mib)
        return arena_printf(
            rq->a, "%s KB",
            frame_decimal(rq, bytes > 0 && bytes < kib ? 1.0 : (double)bytes / (double)kib, 0));
    return arena_printf(rq->a, "%s MB",
                        frame_decimal(rq, (double)bytes / (double)mib, bytes % mib ? 1 : 0));
}

/* Characters of UTF-8 text (the form parser has checked it). */
static size_t
chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The day of now in the unit's zone, days since 1970-01-01. */
static int64_t
unit_today(const struct org_unit *u, int64_t now)
{
    return (now + (int64_t)fmt_zone_offset(fmt_zone_of(u->tz)) * 60000) / 86400000;
}

/* The unit of the URL, when it is active. */
static int
public_unit(struct req *rq, struct org_unit *u)
{
    const char *code = req_param(rq, "code");
    if (!code || org_unit_by_code(rq->db, code, u) != 0 || !u->active)
        return ZE_NOTFOUND;
    return 0;
}

/* The unit of the URL for the campaign: the route's permission was checked on it by the
 * resolver; checked again here so the handler never relies on the table alone. */
static int
campaign_unit(struct req *rq, struct org_unit *u)
{
    const char *code = req_param(rq, "code");
    if (!code || org_unit_by_code(rq->db, code, u) != 0 || !auth_may(rq, "grat.campaign", u->path))
        return ZE_NOTFOUND;
    return 0;
}

/* How people reach zona, then path: ZONA_PUBLIC_URL when set, else the request's host (the
 * survey posters do the same). */
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

static int
year_query(struct req *rq)
{
    const char *p = req_query(rq, "tahun");
    int64_t y;
    if (p && parse_i64(p, strlen(p), &y) == 0 && y >= CAL_MIN_YEAR && y <= CAL_MAX_YEAR)
        return (int)y;
    return fmt_year_of(clock_now_ms());
}

/* --- the rules, as the page and the poster tell them ------------------------------------------ */

/* "up to Rp500.000, and at most Rp1.500.000 a year from the same giver" of one exemption of a
 * rule file, with "; not in money" when it allows no cash and cash is asked for. */
static const char *
limit_text(struct req *rq, const json_t *ex, bool cash)
{
    json_t *max = json_object_get(ex, "max"), *year = json_object_get(ex, "year_max");
    struct buf b = BUF_INIT;
    if (json_is_integer(max))
        buf_printf(&b, "%s %s", frame_t(rq, N_("up to")), rupiah(rq, json_integer_value(max)));
    else
        buf_puts(&b, frame_t(rq, N_("whatever its value")));
    if (json_is_integer(year))
        buf_printf(&b, ", %s %s %s", frame_t(rq, N_("and at most")),
                   rupiah(rq, json_integer_value(year)),
                   frame_t(rq, N_("a year from the same giver")));
    if (cash && !json_is_true(json_object_get(ex, "cash")))
        buf_printf(&b, "; %s", frame_t(rq, N_("not in money")));
    const char *s = arena_strdup(rq->a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

/* The rule in force on day: {has_rule, id, name, title, cite, since, exemptions[{label, limit,
 * cash}], has_exemptions}. */
static json_t *
rule_model(struct req *rq, int64_t day)
{
    const struct grat_rule *r = grat_rule_on(day);
    if (!r)
        return json_pack("{s:b}", "has_rule", false);
    char since[11];
    cal_format_date(r->effective_from, since);
    json_t *list = json_array(), *ex;
    size_t i;
    json_array_foreach(json_object_get(r->doc, "exemptions"), i, ex)
        json_array_append_new(list, json_pack("{s:s,s:s,s:b}", "label", text_of(rq, ex, "label"),
                                              "limit", limit_text(rq, ex, false), "cash",
                                              json_is_true(json_object_get(ex, "cash"))));
    const char *title = text_of(rq, r->doc, "title");
    return json_pack("{s:b,s:s,s:s,s:s,s:s,s:s,s:b,s:o}", "has_rule", true, "id", r->id, "name",
                     r->name, "title", *title ? title : r->name, "cite",
                     text_of(rq, r->doc, "cite"), "since", frame_day(rq, since), "has_exemptions",
                     json_array_size(list) > 0, "exemptions", list);
}

/* The KPK's channels of the settings ("kpk_channels"), for whom ("recipient": staff reporting a
 * gift they received; "public": anyone reporting corruption): [{name, href, text, has_href}]. */
static json_t *
channels_model(struct req *rq, const char *whom)
{
    json_t *list = json_array(), *c;
    size_t i;
    json_array_foreach(json_object_get(grat_settings(), "kpk_channels"), i, c)
    {
        if (strcmp(jstr(c, "for"), whom) != 0)
            continue;
        const char *url = jstr(c, "url");
        bool ok = strncmp(url, "https://", 8) == 0 || strncmp(url, "mailto:", 7) == 0;
        json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:b}", "name", jstr(c, "name"), "href",
                                              ok ? url : "", "text",
                                              jstr(c, is_en(rq) ? "en" : "id"), "has_href", ok));
    }
    return list;
}

/* --- the public page ---------------------------------------------------------------------- */

/* [{label, n}] of a breakdown {code: n} in the order of the settings' list (the codes it does not
 * know last), public cells, empty rows left out. The states take grat_state_label. */
static json_t *
breakdown(struct req *rq, json_t *by, const char *list)
{
    bool states = strcmp(list, "states") == 0;
    json_t *rows = json_array(), *order = json_array(), *x, *v;
    size_t i;
    const char *key;
    json_array_foreach(json_object_get(grat_settings(), list), i, x)
    {
        if (json_is_string(json_object_get(x, "code")))
            json_array_append(order, json_object_get(x, "code"));
    }
    json_object_foreach(by, key, v)
    {
        if (!grat_code_ok(list, key))
            json_array_append_new(order, json_string(key));
    }
    json_array_foreach(order, i, x)
    {
        key = json_string_value(x);
        json_int_t n = json_integer_value(json_object_get(by, key));
        if (n <= 0)
            continue;
        const char *label =
            states ? grat_state_label(key, rq->lang) : grat_label(list, key, rq->lang);
        json_array_append_new(rows,
                              json_pack("{s:s,s:s}", "label", label, "n", public_count(rq, n)));
    }
    json_decref(order);
    return rows;
}

/* The year's counts for the public (grat_store_stats of the unit's subtree; never a median or a
 * share, which would tell about the few reports behind a hidden count). */
static json_t *
stats_model(struct req *rq, json_t *s, int year)
{
    int64_t total = jnum(s, "total");
    int64_t min = wbs_setting_int("stats_min_cell", 5);
    return json_pack("{s:i,s:s,s:s,s:s,s:o,s:o,s:o,s:b,s:s}", "year", year, "total",
                     public_count(rq, total), "refusals", public_count(rq, jnum(s, "refusals")),
                     "in_time", public_count(rq, jnum(s, "in_time")), "by_object",
                     breakdown(rq, json_object_get(s, "by_object"), "object_types"), "by_outcome",
                     breakdown(rq, json_object_get(s, "by_outcome"), "outcomes"), "by_state",
                     breakdown(rq, json_object_get(s, "by_state"), "states"), "none", total == 0,
                     "min", arena_printf(rq->a, "%lld", (long long)min));
}

static int
grat_get_public(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    int rc = public_unit(rq, &u);
    if (rc)
        return rc;
    int64_t now = clock_now_ms();
    int year = cal_year_of(unit_today(&u, now));
    json_t *stats = NULL;
    if ((rc = grat_store_stats(rq->db, u.path, year, &stats)) != 0)
        return rc;
    arena_defer(rq->a, jdecref, stats);
    json_t *recipient = channels_model(rq, "recipient"), *public = channels_model(rq, "public");
    json_t *m =
        json_pack("{s:s,s:s,s:i,s:o,s:i,s:i,s:s,s:s,s:b,s:o,s:b,s:o,s:o}", "unit_code", u.code,
                  "unit_name", u.name, "year", year, "rule", rule_model(rq, unit_today(&u, now)),
                  "kpk_days", grat_kpk_days(), "upg_days", grat_upg_days(), "door_href",
                  arena_printf(rq->a, "/lapor/%s", u.code), "poster_href",
                  arena_printf(rq->a, "/gratifikasi/publik/%s/poster.pdf", u.code),
                  "has_recipient_channels", json_array_size(recipient) > 0, "recipient_channels",
                  recipient, "has_public_channels", json_array_size(public) > 0, "public_channels",
                  public, "stats", stats_model(rq, stats, year));
    return frame_render(rq, rs, 200, "grat/public", N_("We refuse gratification"), m);
}

/* --- the poster ----------------------------------------------------------------------------- */

static void
centred(struct pdf *d, double size, int font, double after, const char *text)
{
    struct pdf_style st = {size, font, PDF_CENTER, 0, 0, after};
    pdf_text(d, &st, text);
}

/* A bullet of the poster: "•" and the text, in size points. */
static void
bullet(struct pdf *d, double size, const char *text)
{
    double tw = pdf_text_width(d);
    struct pdf_style line = {size, 0, PDF_LEFT, tw * 0.04, tw * 0.92, 5};
    struct buf b = BUF_INIT;
    buf_printf(&b, "\xE2\x80\xA2  %s", text);
    pdf_text(d, &line, buf_cstr(&b));
    buf_free(&b);
}

/* Writes the poster of unit u to path. */
static int
poster_write(struct req *rq, const struct org_unit *u, int64_t today, const char *path)
{
    const char *page = absolute(rq, arena_printf(rq->a, "/gratifikasi/publik/%s", u->code));
    const char *door = absolute(rq, arena_printf(rq->a, "/lapor/%s", u->code));
    const char *title = frame_t(rq, N_("We refuse gratification"));
    struct pdf_meta meta = {
        .title = arena_printf(rq->a, "%s \xE2\x80\x93 %s", title, u->name),
        .author = u->name,
        .subject = frame_t(rq, N_("Anti-gratification poster")),
        .keywords = frame_t(rq, N_("gratification, KPK, poster")),
        .footer = u->name,
        .lang = is_en(rq) ? "en" : "id",
    };
    struct pdf *d = NULL;
    struct buf err = BUF_INIT;
    int rc = pdf_open(path, &meta, &d, &err);
    if (rc) {
        buf_free(&err);
        return rc;
    }
    centred(d, 14, PDF_BOLD, 4, u->name);
    centred(d, 32, PDF_BOLD, 4, title);
    centred(d, 12, 0, 10,
            frame_t(rq, N_("Our staff accept no money, goods or favours connected with their "
                           "position or their work.")));
    bullet(d, 11,
           frame_t(rq, N_("Please give nothing to our staff for a service: not before it, not "
                          "after it, not as a thank-you.")));
    bullet(d, 11,
           frame_t(rq, N_("A gratification connected with a position and against its duties is "
                          "deemed a bribe (Article 12B of Law 20/2001).")));
    const char *upg = frame_t(rq, N_("A member of staff who receives a gift reports it to our UPG "
                                     "within"));
    const char *kpk_within = frame_t(rq, N_("working days, and it reaches the KPK within"));
    const char *kpk_latest =
        frame_t(rq, N_("working days at the latest (Article 12C of Law 20/2001)."));
    bullet(d, 11,
           arena_printf(rq->a, "%s %d %s %d %s", upg, grat_upg_days(), kpk_within, grat_kpk_days(),
                        kpk_latest));
    const struct grat_rule *r = grat_rule_on(today);
    if (r) {
        bullet(d, 11,
               arena_printf(rq->a, "%s %s:", frame_t(rq, N_("Need not be reported under")),
                            text_of(rq, r->doc, "cite")));
        double tw = pdf_text_width(d);
        struct pdf_style sub = {10, 0, PDF_LEFT, tw * 0.08, tw * 0.88, 2};
        json_t *ex;
        size_t i;
        json_array_foreach(json_object_get(r->doc, "exemptions"), i, ex)
        {
            pdf_text(d, &sub,
                     arena_printf(rq->a, "\xE2\x80\x93 %s: %s", text_of(rq, ex, "label"),
                                  limit_text(rq, ex, true)));
        }
        struct pdf_style last = {10, PDF_BOLD, PDF_LEFT, tw * 0.08, tw * 0.88, 0};
        pdf_text(d, &last, frame_t(rq, N_("Anything else is refused or reported.")));
    }
    pdf_qr(d, page, QR_PT);
    centred(d, 10, 0, 1,
            frame_t(rq, N_("Scan for the rules in full, how to report and this year's figures:")));
    centred(d, 11.5, PDF_BOLD, 8, page);
    centred(d, 12, PDF_BOLD, 1,
            frame_t(rq, N_("Did a member of our staff ask for or accept a gift? Report it, "
                           "anonymously if you wish:")));
    centred(d, 12, PDF_BOLD, 8, door);
    json_t *c;
    size_t i;
    struct buf kpk = BUF_INIT;
    json_array_foreach(json_object_get(grat_settings(), "kpk_channels"), i, c)
    {
        if (strcmp(jstr(c, "for"), "recipient") == 0)
            buf_printf(&kpk, "%s%s", kpk.len ? " \xC2\xB7 " : "", jstr(c, "name"));
    }
    if (kpk.len)
        centred(d, 9.5, 0, 0,
                arena_printf(rq->a, "%s %s", frame_t(rq, N_("Reporting gratification to the KPK:")),
                             buf_cstr(&kpk)));
    buf_free(&kpk);
    rc = pdf_close(d, &err);
    buf_free(&err);
    return rc;
}

static int
grat_get_poster(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    int rc = public_unit(rq, &u);
    if (rc)
        return rc;
    char path[512];
    int fd = resp_temp_file(path, sizeof path, ".pdf");
    if (fd < 0)
        return ZE_IO;
    close(fd);
    if ((rc = poster_write(rq, &u, unit_today(&u, clock_now_ms()), path)) != 0) {
        unlink(path);
        return rc;
    }
    return resp_temp_download(rq, rs, path, "application/pdf",
                              arena_printf(rq->a, "Poster-Gratifikasi-%s.pdf", u.code));
}

/* --- campaign activities -------------------------------------------------------------------- */

static const char *const msg_kind = N_("Choose what kind of activity it was.");
static const char *const msg_title = N_("Give the activity a title.");
static const char *const msg_title_long = N_("The title is longer than 200 characters.");
static const char *const msg_day = N_("Enter the day the activity was held as a date.");
static const char *const msg_day_future = N_("The day the activity was held is still to come.");
static const char *const msg_desc_long = N_("The description is longer than 5,000 characters.");
static const char *const msg_participants =
    N_("Enter the number of participants as a whole number, or leave it empty.");
static const char *const msg_files_none =
    N_("Attach at least one file as evidence: a photo, the poster, the announcement or the "
       "attendance list.");
static const char *const msg_files_many = N_("Too many files: attach at most 10 at once.");
static const char *const msg_file_big = N_("A file is larger than the limit for evidence.");
static const char *const msg_file_kind =
    N_("One of the files is of a kind zona does not keep as evidence: choose PDF files, images "
       "(PNG, JPEG, WebP, GIF) or office documents.");

/* The form's fields, in its order (the error summary follows it). */
static const char *const form_fields[] = {"jenis",   "judul",  "tanggal",
                                          "peserta", "uraian", FILES_FIELD};

/* The sniffed type of an uploaded file when it is one zona keeps as evidence (the LKE's list:
 * PDF, images, office documents), else NULL. */
static const char *
sniff(const struct upload *f)
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
            return ok[i];
    return NULL;
}

/* An activity as typed. */
struct activity_in {
    const char *kind, *title, *held_day, *description;
    int64_t participants;
    const struct upload *files[ACTIVITY_FILES_MAX];
    const char *mimes[ACTIVITY_FILES_MAX];
    size_t nfiles;
};

/* Reads and checks the form into in; problems go to errs as {field: message id}. today is the
 * unit's day. */
static void
activity_read(struct req *rq, int64_t today, struct activity_in *in, json_t *errs)
{
    *in = (struct activity_in){0};
    in->kind = req_field_trimmed(rq, "jenis");
    in->title = req_field_trimmed(rq, "judul");
    in->held_day = req_field_trimmed(rq, "tanggal");
    in->description = req_field_trimmed(rq, "uraian");
    const char *p = req_field_trimmed(rq, "peserta");
    if (!grat_code_ok("activity_kinds", in->kind))
        json_object_set_new(errs, "jenis", json_string(msg_kind));
    if (!*in->title)
        json_object_set_new(errs, "judul", json_string(msg_title));
    else if (chars(in->title) > GRAT_NAME_MAX) /* boundary: 200 kept, 201 refused */
        json_object_set_new(errs, "judul", json_string(msg_title_long));
    int64_t day;
    if (cal_parse_date(in->held_day, &day) != 0)
        json_object_set_new(errs, "tanggal", json_string(msg_day));
    else if (day > today) /* boundary: today kept, tomorrow refused */
        json_object_set_new(errs, "tanggal", json_string(msg_day_future));
    if (chars(in->description) > GRAT_DESC_MAX)
        json_object_set_new(errs, "uraian", json_string(msg_desc_long));
    if (*p && (parse_i64(p, strlen(p), &in->participants) != 0 || in->participants < 0 ||
               in->participants > ACTIVITY_PARTICIPANTS_MAX))
        json_object_set_new(errs, "peserta", json_string(msg_participants));
    int64_t limit = config_get()->evidence_max;
    size_t sent = 0;
    for (int i = 0; i < rq->nfiles; i++) {
        const struct upload *f = &rq->files[i];
        if (strcmp(f->field, FILES_FIELD) != 0 || f->fd < 0 || f->size <= 0)
            continue; /* an empty file input still sends an empty part */
        if (sent++ >= ACTIVITY_FILES_MAX) {
            json_object_set_new(errs, FILES_FIELD, json_string(msg_files_many));
            continue;
        }
        if (f->size > limit) { /* boundary: the limit kept, one byte more refused */
            json_object_set_new(errs, FILES_FIELD, json_string(msg_file_big));
            continue;
        }
        const char *mime = sniff(f);
        if (!mime) {
            json_object_set_new(errs, FILES_FIELD, json_string(msg_file_kind));
            continue;
        }
        in->files[in->nfiles] = f;
        in->mimes[in->nfiles++] = mime;
    }
    if (sent == 0)
        json_object_set_new(errs, FILES_FIELD, json_string(msg_files_none));
}

/* A file's name as shown and kept: the client's, without any folder, at most 200 bytes. */
static const char *
file_name(struct req *rq, const struct upload *f)
{
    const char *n = f->filename && *f->filename ? f->filename : "berkas";
    const char *slash = strrchr(n, '/'), *back = strrchr(n, '\\');
    if (slash && slash[1])
        n = slash + 1;
    if (back && back[1] && back + 1 > n)
        n = back + 1;
    size_t len = strlen(n);
    if (len > 200) { /* cut on a character boundary */
        len = 200;
        while (len > 0 && ((unsigned char)n[len] & 0xC0) == 0x80)
            len--;
    }
    return arena_strndup(rq->a, n, len);
}

/* Stores the activity, its files, the audit entry and the LKE proposal in one transaction. */
static int
activity_save(struct req *rq, const struct org_unit *u, const struct activity_in *in, int64_t now,
              int year, int64_t *id)
{
    int rc = db_begin_write(rq->db);
    if (rc)
        return rc;
    rc = grat_store_activity_add(rq->db, u->id, in->kind, in->title, in->held_day, in->description,
                                 in->participants, auth_me(rq), now, id);
    json_t *files = json_array();
    for (size_t i = 0; rc == 0 && i < in->nfiles; i++) {
        const struct upload *f = in->files[i];
        struct blob_info b = {0};
        const char *name = file_name(rq, f);
        if (lseek(f->fd, 0, SEEK_SET) < 0)
            rc = ZE_IO;
        if (rc == 0)
            rc = blob_put_fd(rq->db, f->fd, in->mimes[i], &b);
        if (rc == 0)
            rc = grat_store_activity_file_add(rq->db, *id, b.id, name, in->mimes[i], b.size, now);
        if (rc == 0)
            json_array_append_new(files, json_pack("{s:s,s:s,s:I}", "name", name, "sha256",
                                                   b.sha256, "size", (json_int_t)b.size));
    }
    if (rc == 0)
        rc = audit_request_take(rq, "grat.activity_added", u->id, "grat_activity",
                                arena_printf(rq->a, "%lld", (long long)*id), NULL,
                                json_pack("{s:s,s:s,s:s,s:I,s:O}", "kind", in->kind, "title",
                                          in->title, "held_day", in->held_day, "participants",
                                          (json_int_t)in->participants, "files", files));
    if (rc == 0)
        rc = grat_figures_changed(rq->db, u->id, year, now);
    json_decref(files);
    return db_commit_or_rollback(rq->db, rc);
}

/* {field: message id} as {field: message} and [{field, message}] in the form's order. */
static json_t *
error_messages(struct req *rq, json_t *errs, json_t **list)
{
    json_t *m = json_object();
    *list = json_array();
    for (size_t i = 0; i < sizeof form_fields / sizeof form_fields[0]; i++) {
        const char *why = json_string_value(json_object_get(errs, form_fields[i]));
        if (!why)
            continue;
        const char *msg = frame_t(rq, why);
        json_object_set_new(m, form_fields[i], json_string(msg));
        json_array_append_new(*list,
                              json_pack("{s:s,s:s}", "field", form_fields[i], "message", msg));
    }
    return m;
}

/* The year's activities for the page: rows with labels, dates and file links; counts by kind
 * into kinds[{label, n}]. */
static json_t *
activities_model(struct req *rq, const struct org_unit *u, json_t *list, json_t **kinds)
{
    json_t *rows = json_array(), *a, *k;
    json_t *count = json_object();
    size_t i, j;
    json_array_foreach(list, i, a)
    {
        const char *kind = jstr(a, "kind");
        json_object_set_new(count, kind, json_integer(jnum(count, kind) + 1));
        json_t *files = json_array(), *f;
        json_array_foreach(json_object_get(a, "files"), j, f) json_array_append_new(
            files, json_pack("{s:s,s:s,s:s}", "name", jstr(f, "name"), "size",
                             size_text(rq, jnum(f, "size")), "href",
                             arena_printf(rq->a, "/gratifikasi/kampanye/%s/berkas/%lld", u->code,
                                          (long long)jnum(f, "id"))));
        int64_t n = jnum(a, "participants");
        struct buf pb = BUF_INIT;
        if (n > 0)
            fmt_int(&pb, rq->lang, n);
        json_array_append_new(
            rows, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:s,s:o,s:b}", "id",
                            (json_int_t)jnum(a, "id"), "kind", kind, "kind_label",
                            grat_label("activity_kinds", kind, rq->lang), "title", jstr(a, "title"),
                            "held_day", jstr(a, "held_day"), "held",
                            frame_day(rq, jstr(a, "held_day")), "description",
                            jstr(a, "description"), "has_participants", n > 0, "participants",
                            arena_strdup(rq->a, buf_cstr(&pb)), "by", jstr(a, "created_by_name"),
                            "files", files, "has_files", json_array_size(files) > 0));
        buf_free(&pb);
    }
    *kinds = json_array();
    json_array_foreach(json_object_get(grat_settings(), "activity_kinds"), i, k)
    {
        const char *code = jstr(k, "code");
        json_array_append_new(*kinds, json_pack("{s:s,s:s,s:I}", "code", code, "label",
                                                grat_label("activity_kinds", code, rq->lang), "n",
                                                (json_int_t)jnum(count, code)));
    }
    json_decref(count);
    return rows;
}

/* The campaign page of unit u for year: values (stolen) refill the form, errs ({field: message
 * id}, borrowed); files_again: files were sent and must be chosen again. */
static int
campaign_page(struct req *rq, struct resp *rs, int status, const struct org_unit *u, int year,
              json_t *values, json_t *errs, bool files_again)
{
    json_t *list = json_array();
    int rc = grat_store_activities(rq->db, u->id, year, list);
    if (rc) {
        json_decref(list);
        json_decref(values);
        return rc;
    }
    json_t *kinds, *elist, *k;
    json_t *rows = activities_model(rq, u, list, &kinds);
    json_decref(list);
    json_t *emsg = error_messages(rq, errs, &elist);
    const char *chosen = jstr(values, "jenis");
    json_t *choices = json_array();
    size_t i;
    json_array_foreach(json_object_get(grat_settings(), "activity_kinds"), i, k)
    {
        const char *code = jstr(k, "code");
        json_array_append_new(choices, json_pack("{s:s,s:s,s:b}", "value", code, "label",
                                                 grat_label("activity_kinds", code, rq->lang),
                                                 "checked", strcmp(chosen, code) == 0));
    }
    char today[11];
    cal_format_date(unit_today(u, clock_now_ms()), today);
    json_t *m = json_pack(
        "{s:s,s:s,s:i,s:i,s:i,s:o,s:b,s:o,s:o,s:o,s:o,s:o,s:b,s:b,s:s,s:s,s:s,s:s,s:s,s:I,s:s,"
        "s:i,s:i,s:i}",
        "unit_code", u->code, "unit_name", u->name, "year", year, "prev_year", year - 1,
        "next_year", year + 1, "activities", rows, "empty", json_array_size(rows) == 0, "kinds",
        kinds, "choices", choices, "values", values, "errors", emsg, "error_list", elist,
        "has_errors", json_array_size(elist) > 0, "files_again", files_again, "action",
        arena_printf(rq->a, "/gratifikasi/kampanye/%s", u->code), "public_href",
        arena_printf(rq->a, "/gratifikasi/publik/%s", u->code), "poster_href",
        arena_printf(rq->a, "/gratifikasi/publik/%s/poster.pdf", u->code), "today", today, "csrf",
        csrf_token(rq, rs), "file_max_bytes", (json_int_t)config_get()->evidence_max, "file_max",
        size_text(rq, config_get()->evidence_max), "files_max", ACTIVITY_FILES_MAX, "title_max",
        GRAT_NAME_MAX, "desc_max", GRAT_DESC_MAX);
    rc = frame_render(rq, rs, status, "grat/campaign", N_("Anti-gratification campaign"), m);
    rs->no_store = true;
    return rc;
}

static int
grat_get_campaign(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    int rc = campaign_unit(rq, &u);
    if (rc)
        return rc;
    json_t *errs = json_object();
    arena_defer(rq->a, jdecref, errs);
    return campaign_page(rq, rs, 200, &u, year_query(rq), json_pack("{s:s}", "jenis", ""), errs,
                         false);
}

/* What was typed, to refill the form (never the files). */
static json_t *
form_values(struct req *rq)
{
    json_t *v = json_object();
    for (size_t i = 0; i < sizeof form_fields / sizeof form_fields[0]; i++)
        if (strcmp(form_fields[i], FILES_FIELD) != 0)
            json_object_set_new(v, form_fields[i],
                                json_string(req_field_trimmed(rq, form_fields[i])));
    return v;
}

static int
grat_post_campaign(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    int rc = campaign_unit(rq, &u);
    if (rc)
        return rc;
    int64_t now = clock_now_ms();
    json_t *errs = json_object();
    arena_defer(rq->a, jdecref, errs);
    struct activity_in in;
    activity_read(rq, unit_today(&u, now), &in, errs);
    if (json_object_size(errs)) {
        bool sent = false;
        for (int i = 0; i < rq->nfiles; i++)
            sent |= strcmp(rq->files[i].field, FILES_FIELD) == 0 && rq->files[i].size > 0;
        int64_t day;
        int year = cal_parse_date(in.held_day, &day) == 0 ? cal_year_of(day) : year_query(rq);
        return campaign_page(rq, rs, 422, &u, year, form_values(rq), errs, sent);
    }
    int64_t day = 0, id = 0;
    cal_parse_date(in.held_day, &day);
    int year = cal_year_of(day);
    if ((rc = activity_save(rq, &u, &in, now, year, &id)) != 0)
        return rc;
    return frame_redirect(rq, rs,
                          arena_printf(rq->a, "/gratifikasi/kampanye/%s?tahun=%d#kegiatan-%lld",
                                       u.code, year, (long long)id),
                          "grat_activity_added");
}

/* --- evidence downloads --------------------------------------------------------------------- */

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

/* Content-Disposition of a stored file: inline for PDF and images (they open in the browser),
 * an attachment otherwise; the name as ASCII and as RFC 5987 UTF-8. */
static const char *
disposition(struct req *rq, const char *mime, const char *name)
{
    bool inline_ok = strcmp(mime, "application/pdf") == 0 || strncmp(mime, "image/", 6) == 0;
    struct buf ascii = BUF_INIT, enc = BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        bool plain = *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\';
        if (plain)
            buf_putc(&ascii, (char)*p);
        else
            buf_putc(&ascii, '_');
        if (isalnum(*p) || strchr("-._~", *p))
            buf_putc(&enc, (char)*p);
        else
            buf_printf(&enc, "%%%02X", *p);
    }
    const char *s =
        arena_printf(rq->a, "%s; filename=\"%s\"; filename*=UTF-8''%s",
                     inline_ok ? "inline" : "attachment", buf_cstr(&ascii), buf_cstr(&enc));
    buf_free(&ascii);
    buf_free(&enc);
    return s;
}

static int
grat_get_file(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    int rc = campaign_unit(rq, &u);
    if (rc)
        return rc;
    const char *p = req_param(rq, "file");
    int64_t file_id;
    if (!p || parse_i64(p, strlen(p), &file_id) != 0 || file_id <= 0)
        return ZE_NOTFOUND;
    /* the file must belong to an activity of this unit: found through the unit's own list */
    json_t *list = json_array(), *a, *f, *hit = NULL;
    arena_defer(rq->a, jdecref, list);
    if ((rc = grat_store_activities(rq->db, u.id, 0, list)) != 0)
        return rc;
    size_t i, j;
    json_array_foreach(list, i, a)
    {
        json_array_foreach(json_object_get(a, "files"), j, f)
        {
            if (jnum(f, "id") == file_id)
                hit = f;
        }
    }
    if (!hit) {
        rq->error_detail = N_("This activity has no such file.");
        return ZE_NOTFOUND;
    }
    struct blob_reader *r = xcalloc(1, sizeof *r);
    r->db = rq->db;
    if (blob_stat(rq->db, jstr(hit, "sha256"), &r->b) != 0) {
        free(r);
        return ZE_NOTFOUND;
    }
    rs->status = 200;
    rs->content_type = arena_strdup(rq->a, r->b.mime);
    rs->kind = RESP_CALLBACK;
    rs->reader = blob_reader_read;
    rs->reader_arg = r;
    rs->reader_free = free;
    rs->total_len = r->b.size;
    rs->no_store = true;
    resp_header(rs, "Content-Disposition", disposition(rq, r->b.mime, jstr(hit, "name")));
    return 0;
}

/* --- the route table ------------------------------------------------------------------------- */

#define GRAT_PUBLIC (ROUTE_PUBLIC | ROUTE_PRIVATE)

static const struct route grat_public_routes[] = {
    {HTTP_GET, "/gratifikasi/publik/:code", NULL, NULL, grat_get_public, GRAT_PUBLIC, NULL},
    {HTTP_GET, "/gratifikasi/publik/:code/poster.pdf", NULL, NULL, grat_get_poster, GRAT_PUBLIC,
     NULL},
    {HTTP_GET, "/gratifikasi/kampanye/:code", "grat.campaign", org_resolve_unit, grat_get_campaign,
     0, NULL},
    {HTTP_POST, "/gratifikasi/kampanye/:code", "grat.campaign", org_resolve_unit,
     grat_post_campaign, ROUTE_UPLOAD, NULL},
    {HTTP_GET, "/gratifikasi/kampanye/:code/berkas/:file", "grat.campaign", org_resolve_unit,
     grat_get_file, 0, NULL},
};

void
grat_public_register(void)
{
    router_add(grat_public_routes, sizeof grat_public_routes / sizeof grat_public_routes[0]);
}
