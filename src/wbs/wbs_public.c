/* wbs_public: the reporter's side of the whistleblowing channel (issue #6), with no account.
 *
 *   GET  /lapor/:code            the unit's front door: "what would you like to report?" — a
 *                                public-service complaint (/pengaduan/:code), suspected
 *                                wrongdoing by staff (/wbs/:code) or an election violation
 *                                (Bawaslu's channel, not ours); the year's WBS statistics with
 *                                small cells hidden
 *   GET  /wbs/:code              the report form: category, 5W+1H, narrative, files, identity
 *                                (only when an identity custodian can keep it), advice, a
 *                                proof-of-work challenge for static/js/wbs.js
 *   POST /wbs/:code              multipart: the report → 201 with the 16-digit receipt, shown
 *                                once; or the form again (422, 429) with what was typed
 *   GET  /wbs/lacak              the form to type a receipt
 *   POST /wbs/lacak              receipt → the report as its reporter sees it (404 for an unknown
 *                                receipt, counted per client: 429 once throttled)
 *   POST /wbs/lacak/pesan        receipt, message, files → added, the status page again
 *   POST /wbs/lacak/berkas       receipt, file → the file, decrypted, as an attachment
 *   GET  /api/v1/wbs/challenge   the proof-of-work parameters and a challenge
 *   POST /api/v1/wbs/reports     JSON report → 201 {"receipt"}
 *   POST /api/v1/wbs/follow-up   {"receipt"} → the report's state, text, messages and events
 *
 * What protects the reporter here: every route is ROUTE_PRIVATE (no client address in the log,
 * no-store, no-referrer); nothing reads the client's address, user agent or referrer except the
 * throttles, which keep only keyed hashes that rotate daily; the receipt travels in POST bodies
 * only, never in a URL or a log line, and the buffers holding it or the report's key are wiped;
 * audit entries name the report by id with an anonymous actor, even when someone signed in sends
 * the form; uploads arrive in memory (memfd) and downloads are decrypted into memory, so no
 * plaintext file touches the disk. */
#include <sys/mman.h>
#include <sys/stat.h>

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
#include "core/xmem.h"
#include "db/db.h"
#include "http/http.h"
#include "org/org.h"
#include "wbs.h"
#include "web/fmt.h"
#include "web/i18n.h"
#include "web/model.h"

/* The form's field of attachments, in the report form and the follow-up page. */
#define FILES_FIELD "berkas"

/* How the proof of work is laid out, for API clients (wbs_crypto.h). */
#define POW_LAYOUT                                                                                 \
    "challenge(16 bytes) || nonce(u64 little-endian); valid when the digest has `bits` leading "   \
    "zero bits"

/* --- helpers ------------------------------------------------------------------------------ */

/* Zeroes every string inside j (objects and arrays, at any depth) and drops the reference: for
 * the decrypted view, whose texts are the reporter's secrets. Nodes shared with a rendered model
 * are wiped here too, once the model is gone. Walks with a stack of its own, not recursion. */
static void
wipe_decref(json_t *j)
{
    json_t **stack = NULL;
    size_t n = 0, cap = 0;
    json_t *cur = j;
    while (cur) {
        if (json_is_string(cur)) {
            sodium_memzero(UNCONST(json_string_value(cur)), json_string_length(cur));
        } else if (json_is_object(cur) || json_is_array(cur)) {
            size_t more = json_is_object(cur) ? json_object_size(cur) : json_array_size(cur);
            if (n + more > cap) {
                cap = (n + more) * 2;
                stack = xrealloc(stack, cap * sizeof *stack);
            }
            const char *k;
            size_t i;
            json_t *v;
            if (json_is_object(cur))
                json_object_foreach(cur, k, v) stack[n++] = v;
            else
                json_array_foreach(cur, i, v) stack[n++] = v;
        }
        cur = n ? stack[--n] : NULL;
    }
    free(stack);
    json_decref(j);
}

/* The request's key for a throttle: what, then the client's address (hashed by the throttle
 * under a key that changes daily; never stored as such). */
static const char *
client_key(struct req *rq, const char *what)
{
    return arena_printf(rq->a, "%s%s", what, rq->client_addr ? rq->client_addr : "");
}

static void
retry_after(struct req *rq, struct resp *rs, int64_t wait_ms)
{
    rq->retry_after_s = (wait_ms + 999) / 1000;
    resp_header(rs, "Retry-After", arena_printf(rq->a, "%lld", (long long)rq->retry_after_s));
}

/* "1 Oktober 2026 10.05 WITA"; "" for 0. */
static const char *
when_text(struct req *rq, int64_t ms, const char *tz)
{
    json_t *w = frame_when(rq, ms, tz);
    const char *s = arena_strdup(rq->a, json_string_value(w));
    json_decref(w);
    return s;
}

/* A time of the view (Unix ms, or a text kept as it is) for people. */
static const char *
view_when(struct req *rq, json_t *v, const char *tz)
{
    if (json_is_string(v))
        return arena_strdup(rq->a, json_string_value(v));
    return when_text(rq, json_is_integer(v) ? (int64_t)json_integer_value(v) : 0, tz);
}

/* A time of the view as ISO 8601 with the unit's offset, for the API (null when none). */
static json_t *
view_iso(json_t *v, const char *tz)
{
    if (json_is_string(v))
        return json_incref(v);
    if (!json_is_integer(v) || json_integer_value(v) == 0)
        return json_null();
    struct buf b = BUF_INIT;
    fmt_iso8601(&b, (int64_t)json_integer_value(v), fmt_zone_of(tz));
    json_t *s = json_string(buf_cstr(&b));
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
    const char *s = arena_strdup(rq->a, b.p);
    buf_free(&b);
    return s;
}

/* A file's size for people: "340 KB", "1,2 MB", "20 MB". */
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

/* The unit of the URL, when it is active. */
static int
unit_of(struct req *rq, struct org_unit *u)
{
    const char *code = req_param(rq, "code");
    if (!code || org_unit_by_code(rq->db, code, u) != 0 || !u->active)
        return ZE_NOTFOUND;
    return 0;
}

static int64_t
files_max(void)
{
    return wbs_setting_int("files_max", 10);
}

static int64_t
file_max_bytes(void)
{
    return wbs_setting_int("file_max_bytes", (int64_t)20 << 20);
}

/* The acknowledgement clock in working days over the channels of the categories: lo..hi. */
static void
ack_days(int *lo, int *hi)
{
    json_t *x;
    size_t i;
    *lo = *hi = 0;
    json_array_foreach(json_object_get(wbs_settings(), "categories"), i, x)
    {
        int d = wbs_stage_days(wbs_category_channel(jstr(x, "code")), "diterima");
        if (d <= 0)
            continue;
        *lo = *lo == 0 || d < *lo ? d : *lo;
        *hi = d > *hi ? d : *hi;
    }
}

/* A new proof-of-work challenge, issued in the database (out: "" when the proof is off). */
static int
pow_issue(struct req *rq, char out[WBS_POW_CHALLENGE_HEX])
{
    out[0] = '\0';
    if (wbs_pow_bits() == 0)
        return 0;
    wbs_pow_challenge_new(out);
    int rc = db_begin_write(rq->db);
    if (rc == 0)
        rc = db_commit_or_rollback(rq->db, wbs_store_pow_issue(rq->db, out, clock_now_ms()));
    if (rc)
        out[0] = '\0';
    return rc;
}

/* Checks a proof of work and uses its challenge up, in the caller's write transaction. 0, or
 * ZE_FORBIDDEN (missing, malformed, not solved, unknown, used or expired). Always 0 when the
 * proof is off. */
static int
pow_take(struct req *rq, const json_t *pow, const char *text, int64_t now)
{
    unsigned bits = wbs_pow_bits();
    if (bits == 0)
        return 0;
    char challenge[WBS_POW_CHALLENGE_HEX];
    uint64_t nonce;
    if (wbs_pow_parse(pow, text, challenge, &nonce) != 0 ||
        wbs_pow_check(challenge, nonce, bits) != 0)
        return ZE_FORBIDDEN;
    int64_t max_age = wbs_setting_int("pow_max_age_seconds", 3600) * 1000;
    int rc = wbs_store_pow_take(rq->db, challenge, now, max_age);
    return rc == ZE_NOTFOUND ? ZE_FORBIDDEN : rc;
}

/* The proof of work solves its challenge (not yet whether the challenge was issued and is
 * unused: pow_take asks the database inside the transaction). Checked before the receipt's
 * Argon2id runs, so a request without a solved proof costs the server no key derivation. */
static bool
pow_solved(const json_t *pow, const char *text)
{
    unsigned bits = wbs_pow_bits();
    char challenge[WBS_POW_CHALLENGE_HEX];
    uint64_t nonce;
    return bits == 0 || (wbs_pow_parse(pow, text, challenge, &nonce) == 0 &&
                         wbs_pow_check(challenge, nonce, bits) == 0);
}

/* The audit entry of a reporter's act: the report by id, the actor anonymous whoever is signed
 * in (a member of staff reporting a colleague must not be named by the trail). */
static int
audit_anonymous(struct req *rq, const char *action, int64_t unit_id, int64_t report_id)
{
    const char *id = arena_printf(rq->a, "%lld", (long long)report_id);
    struct audit_entry e = {.actor_id = 0,
                            .actor = "anonim",
                            .unit_id = unit_id,
                            .action = action,
                            .object_type = "wbs_report",
                            .object_id = id};
    return audit_append(rq->db, &e);
}

/* --- messages ------------------------------------------------------------------------------ */

static const char *const msg_robot =
    N_("The report could not be sent. Please check the form and send it again.");
static const char *const msg_flood =
    N_("Many reports have come from this connection in a short time. Please wait a few minutes "
       "and send it again.");
static const char *const msg_pow_none =
    N_("The form could not show that a person sent it: this needs JavaScript. Please allow "
       "JavaScript on this page and send the report again.");
static const char *const msg_pow_bad =
    N_("The page's protection against spam did not check out or has expired. Please send the "
       "report again: it takes only a moment.");
static const char *const msg_identity_conflict =
    N_("No one in this unit can keep a reporter's identity yet, so the report can only be sent "
       "without it. Untick “Give my identity” and send it again.");
static const char *const msg_too_many_files =
    N_("Too many files: choose at most the number given.");
static const char *const msg_file_too_big = N_("A file is larger than the size allowed.");
static const char *const msg_receipt_required =
    N_("Enter the 16-digit receipt number you were given when you sent the report.");
static const char *const msg_receipt_invalid =
    N_("A receipt number has 16 digits; spaces and dashes between them do not matter.");
static const char *const msg_receipt_unknown =
    N_("No report opens with this receipt number. Check each digit against the number you "
       "wrote down.");
static const char *const msg_receipt_throttled =
    N_("Too many receipt numbers that open no report have been tried from this connection. "
       "Please wait a while and try again.");
static const char *const msg_nothing = N_("Write a message or choose a file to send.");
static const char *const msg_closed =
    N_("This report is closed: no more messages or files can be added to it.");
static const char *const msg_message_bad =
    N_("The message could not be kept: it is longer than 10,000 characters or holds characters "
       "that cannot be used.");
static const char *const msg_files_full =
    N_("This report cannot take more files, or more messages.");

/* {field: message id} as {field: message} and [{field (the anchor), message}] in the form's
 * order; "_form" is about the whole form. */
static json_t *
error_messages(struct req *rq, json_t *errs, json_t **list)
{
    static const char *const order[] = {"_form",
                                        "category",
                                        "what",
                                        "who",
                                        "when",
                                        "where",
                                        "why",
                                        "how",
                                        "narrative",
                                        "identity_name",
                                        "identity_contact",
                                        "identity_note",
                                        FILES_FIELD,
                                        "receipt",
                                        "message"};
    json_t *m = json_object();
    *list = json_array();
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *why = json_string_value(json_object_get(errs, order[i]));
        if (!why)
            continue;
        const char *msg = frame_t(rq, why);
        bool form = order[i][0] == '_';
        json_object_set_new(m, form ? "form" : order[i], json_string(msg));
        json_array_append_new(
            *list, json_pack("{s:s,s:s}", "field", form ? "wbs-form" : order[i], "message", msg));
    }
    /* a field this list does not know still shows */
    const char *k;
    json_t *v;
    json_object_foreach(errs, k, v)
    {
        if (json_object_get(m, k) || (k[0] == '_' && json_object_get(m, "form")))
            continue;
        const char *msg = frame_t(rq, json_string_value(v) ? json_string_value(v) : "");
        json_object_set_new(m, k, json_string(msg));
        json_array_append_new(*list, json_pack("{s:s,s:s}", "field", k, "message", msg));
    }
    return m;
}

/* --- the front door ------------------------------------------------------------------------ */

/* [{label, n}] of a breakdown {code: n} with the labels of a settings list. */
static json_t *
breakdown(struct req *rq, json_t *by, const char *list)
{
    json_t *rows = json_array(), *v;
    const char *key;
    json_object_foreach(by, key, v)
        json_array_append_new(rows, json_pack("{s:s,s:s}", "label", wbs_label(list, key, rq->lang),
                                              "n", count_text(rq, v)));
    return rows;
}

/* The view of wbs_store_stats (public: cells under the minimum as "<5"). */
static json_t *
stats_model(struct req *rq, json_t *s, int year)
{
    json_t *total = json_object_get(s, "total"), *closed = json_object_get(s, "closed");
    json_t *median = json_object_get(s, "median_days");
    /* a median of a hidden count would tell about the few reports behind it */
    bool has_median = json_is_integer(median) && json_is_integer(closed);
    return json_pack("{s:i,s:s,s:s,s:b,s:s,s:o,s:o,s:b}", "year", year, "total",
                     count_text(rq, total), "closed", count_text(rq, closed), "has_median",
                     has_median, "median", has_median ? count_text(rq, median) : "", "by_category",
                     breakdown(rq, json_object_get(s, "by_category"), "categories"), "by_state",
                     breakdown(rq, json_object_get(s, "by_state"), "states"), "none",
                     json_is_integer(total) && json_integer_value(total) == 0);
}

static int
wbs_get_door(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    int rc = unit_of(rq, &u);
    if (rc)
        return rc;
    int year = fmt_year_of(clock_now_ms());
    json_t *stats = NULL;
    if ((rc = wbs_store_stats(rq->db, u.path, year, true, &stats)) != 0)
        return rc;
    json_t *ev = json_object_get(wbs_settings(), "election_violation");
    const char *text = jstr(ev, strcmp(rq->lang, "en") == 0 ? "en" : "id");
    json_t *m =
        json_pack("{s:s,s:s,s:s,s:s,s:i,s:o,s:{s:s,s:s,s:s,s:b}}", "unit_code", u.code, "unit_name",
                  u.name, "complaint_href", arena_printf(rq->a, "/pengaduan/%s", u.code),
                  "wbs_href", arena_printf(rq->a, "/wbs/%s", u.code), "year", year, "stats",
                  stats_model(rq, stats, year), "election", "name", jstr(ev, "name"), "url",
                  jstr(ev, "url"), "text", text, "has_url", *jstr(ev, "url") != '\0');
    json_decref(stats);
    return frame_render(rq, rs, 200, "wbs/door", N_("Make a report"), m);
}

/* --- the report form ----------------------------------------------------------------------- */

/* The 5W+1H questions, in the form's order. */
static const struct {
    const char *name, *label, *hint;
    const char *either; /* who and where: at least one of them, said next to each */
} questions[] = {
    {"what", N_("What happened?"),
     N_("The act you suspect, in a few sentences: for example money asked for a service, a gift "
        "to an official, a favour in a procurement."),
     NULL},
    {"who", N_("Who was involved?"),
     N_("Names or positions of the staff involved, and anyone else who took part."),
     N_("this, or where it happened")},
    {"when", N_("When did it happen?"),
     N_("A date or a period, even an approximate one; say whether it is still going on."), NULL},
    {"where", N_("Where did it happen?"), N_("The office, the service or the place."),
     N_("this, or who was involved")},
    {"why", N_("Why, or how do you know about it?"),
     N_("Whether you saw it yourself, took part or heard of it, and why you think it is wrong."),
     NULL},
    {"how", N_("How did it happen?"),
     N_("The course of events: how it was asked for, paid, hidden or arranged."), NULL},
};

/* The form's fields as a getter for wbs_read. */
static const char *
form_get(void *arg, const char *name)
{
    return req_field(arg, name);
}

/* What was sent, to refill the form (never the files). */
static json_t *
form_values(struct req *rq)
{
    static const char *const text[] = {
        "category",     "what", "who",       "when",          "where",
        "why",          "how",  "narrative", "identity_name", "identity_contact",
        "identity_note"};
    json_t *v = json_object();
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        json_object_set_new(v, text[i], json_string(req_field_trimmed(rq, text[i])));
    const char *id = req_field(rq, "identity");
    json_object_set_new(v, "identity",
                        json_boolean(id && (strcmp(id, "1") == 0 || strcmp(id, "true") == 0)));
    return v;
}

/* The files of the form's attachment field; errs gets "berkas" when there are too many or one is
 * too large. Returns how many (files may be NULL to count only). */
static size_t
form_files(struct req *rq, struct wbs_file_in *files, json_t *errs)
{
    size_t n = 0;
    int64_t max = files_max(), max_bytes = file_max_bytes();
    for (int i = 0; i < rq->nfiles; i++) {
        const struct upload *f = &rq->files[i];
        if (strcmp(f->field, FILES_FIELD) != 0 || f->fd < 0)
            continue;
        if (errs && f->size > max_bytes) /* boundary: max_bytes kept, one more refused */
            json_object_set_new(errs, FILES_FIELD, json_string(msg_file_too_big));
        if ((int64_t)n >= max) {
            if (errs)
                json_object_set_new(errs, FILES_FIELD, json_string(msg_too_many_files));
            continue;
        }
        if (files) {
            lseek(f->fd, 0, SEEK_SET);
            files[n].name = f->filename ? f->filename : "";
            files[n].fd = f->fd;
        }
        n++;
    }
    return n;
}

static json_t *
limits_model(struct req *rq)
{
    return json_pack("{s:I,s:s,s:I}", "files_max", (json_int_t)files_max(), "file_max",
                     size_text(rq, file_max_bytes()), "file_max_bytes",
                     (json_int_t)file_max_bytes());
}

/* The form of unit u: values (stolen), errs ({field: message id}, borrowed); files_again: files
 * were sent and must be chosen again. */
static int
form_page(struct req *rq, struct resp *rs, int status, const struct org_unit *u, json_t *values,
          json_t *errs, bool files_again)
{
    char challenge[WBS_POW_CHALLENGE_HEX];
    int rc = pow_issue(rq, challenge);
    if (rc) {
        json_decref(values);
        return rc;
    }
    unsigned bits = wbs_pow_bits();
    json_t *list;
    json_t *emsg = error_messages(rq, errs, &list);
    json_t *cats = json_array(), *x;
    size_t i;
    const char *chosen = jstr(values, "category");
    json_array_foreach(json_object_get(wbs_settings(), "categories"), i, x)
    {
        const char *code = jstr(x, "code");
        json_array_append_new(cats, json_pack("{s:s,s:s,s:b}", "value", code, "label",
                                              wbs_label("categories", code, rq->lang), "checked",
                                              strcmp(chosen, code) == 0));
    }
    json_t *fields = json_array();
    for (size_t k = 0; k < sizeof questions / sizeof questions[0]; k++) {
        const char *name = questions[k].name;
        const char *err = json_string_value(json_object_get(emsg, name));
        json_array_append_new(
            fields, json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:s,s:b}", "name", name, "label",
                              frame_t(rq, questions[k].label), "hint",
                              frame_t(rq, questions[k].hint), "value", jstr(values, name), "error",
                              err ? err : "", "has_error", err != NULL, "required", k == 0,
                              "either", questions[k].either ? frame_t(rq, questions[k].either) : "",
                              "optional", k > 0 && !questions[k].either));
    }
    int lo, hi;
    ack_days(&lo, &hi);
    json_t *m = json_pack(
        "{s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:b,s:i,s:i,s:b,s:b,s:b,s:s,s:i,s:i,s:i,s:i,s:o,"
        "s:s}",
        "unit_code", u->code, "unit_name", u->name, "action",
        arena_printf(rq->a, "/wbs/%s", u->code), "door_href",
        arena_printf(rq->a, "/lapor/%s", u->code), "categories", cats, "fields", fields, "values",
        values, "errors", emsg, "error_list", list, "has_errors", json_array_size(list) > 0,
        "ack_min", lo, "ack_max", hi, "ack_range", lo != hi, "identity_possible",
        wbs_case_identity_possible(rq->db, u->path), "files_again", files_again, "csrf",
        csrf_token(rq, rs), "field_max", WBS_FIELD_MAX, "narrative_max", WBS_NARRATIVE_MAX,
        "identity_max", WBS_IDENTITY_MAX, "pow_bits", (int)bits, "limits", limits_model(rq),
        "pow_challenge", challenge);
    json_object_set_new(m, "has_pow", json_boolean(bits > 0 && challenge[0]));
    rc = frame_render(rq, rs, status, "wbs/form", N_("Report suspected wrongdoing"), m);
    rs->no_store = true;
    return rc;
}

static int
wbs_get_form(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    int rc = unit_of(rq, &u);
    if (rc)
        return rc;
    json_t *errs = json_object();
    rc = form_page(rq, rs, 200, &u, json_pack("{s:s,s:b}", "category", "", "identity", false), errs,
                   false);
    json_decref(errs);
    return rc;
}

/* The page after a report was filed: the receipt, this once. receipt is wiped here. */
static int
receipt_page(struct req *rq, struct resp *rs, const struct org_unit *u,
             char receipt[WBS_RECEIPT_DIGITS + 1], bool identity)
{
    json_t *groups = json_array();
    for (size_t g = 0; g < WBS_RECEIPT_DIGITS / 4; g++)
        json_array_append_new(groups, json_stringn(receipt + 4 * g, 4));
    sodium_memzero(receipt, WBS_RECEIPT_DIGITS + 1);
    int lo, hi;
    ack_days(&lo, &hi);
    /* O: the page holds its own reference, so the digits can be wiped once it is rendered */
    json_t *m =
        json_pack("{s:O,s:s,s:s,s:s,s:b,s:i,s:i,s:b}", "groups", groups, "unit_name", u->name,
                  "unit_code", u->code, "door_href", arena_printf(rq->a, "/lapor/%s", u->code),
                  "identity", identity, "ack_min", lo, "ack_max", hi, "ack_range", lo != hi);
    int rc = frame_render(rq, rs, 201, "wbs/receipt", N_("Report received"), m);
    rs->no_store = true;
    wipe_decref(groups);
    return rc;
}

static int
wbs_post_form(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    int rc = unit_of(rq, &u);
    if (rc)
        return rc;
    json_t *errs = json_object();
    arena_defer(rq->a, jdecref, errs);
    bool had_files = form_files(rq, NULL, NULL) > 0;
    struct wbs_input in;
    int bad = wbs_read(form_get, rq, &in, errs);
    size_t nfiles = form_files(rq, NULL, errs);
    if (bad || json_object_size(errs)) {
        wbs_input_clear(&in);
        return form_page(rq, rs, 422, &u, form_values(rq), errs, had_files);
    }
    int64_t now = clock_now_ms();
    const char *key = client_key(rq, "wbs:");
    /* the honeypot, a field people never see: a robot learns nothing, and counts as a sender */
    const char *trap = req_field(rq, "situs");
    if (trap && *trap) {
        wbs_input_clear(&in);
        if ((rc = db_begin_write(rq->db)) == 0)
            rc = db_commit_or_rollback(rq->db, throttle_flood_note(rq->db, key, now));
        if (rc)
            return rc;
        json_object_set_new(errs, "_form", json_string(msg_robot));
        return form_page(rq, rs, 422, &u, form_values(rq), errs, had_files);
    }
    int64_t wait = throttle_flood_wait(rq->db, key, now);
    if (wait > 0) {
        wbs_input_clear(&in);
        retry_after(rq, rs, wait);
        json_object_set_new(errs, "_form", json_string(msg_flood));
        return form_page(rq, rs, 429, &u, form_values(rq), errs, had_files);
    }
    struct wbs_file_in *files = arena_alloc(rq->a, sizeof *files * (nfiles ? nfiles : 1));
    form_files(rq, files, NULL);
    const char *pc = req_field(rq, "pow_challenge"), *pn = req_field(rq, "pow_nonce");
    const char *pow_text = arena_printf(rq->a, "%s:%s", pc ? pc : "", pn ? pn : "");
    bool pow_missing = !pn || !*pn;
    char receipt[WBS_RECEIPT_DIGITS + 1] = "";
    int64_t id = 0;
    /* the receipt is shown once: the report must be on disk before it is */
    int pow_rc = 0;
    /* the receipt's Argon2id runs before the write transaction, which it would hold for tens of
     * milliseconds (every other writer of zona waiting); only for a solved proof of work */
    struct wbs_receipt_key rk;
    memset(&rk, 0, sizeof rk);
    bool solved = pow_solved(NULL, pow_text);
    if (solved && (rc = wbs_case_receipt_prepare(&rk)) != 0) {
        wbs_input_clear(&in);
        return rc;
    }
    if ((rc = db_durable(rq->db, true)) == 0 && (rc = db_begin_write(rq->db)) == 0) {
        int step = pow_rc = solved ? pow_take(rq, NULL, pow_text, now) : ZE_FORBIDDEN;
        if (step == 0)
            step =
                wbs_case_submit_prepared(rq->db, u.id, u.path, &in, files, nfiles, &rk, now, &id);
        if (step == 0)
            memcpy(receipt, rk.receipt, sizeof receipt);
        if (step == 0)
            step = audit_anonymous(rq, "wbs.report_received", u.id, id);
        if (step == 0)
            step = throttle_flood_note(rq->db, key, now);
        rc = db_commit_or_rollback(rq->db, step);
    }
    db_durable(rq->db, false);
    wbs_receipt_key_wipe(&rk);
    bool identity = in.identity;
    wbs_input_clear(&in);
    if (pow_rc == ZE_FORBIDDEN || (pow_rc == 0 && rc == ZE_CONFLICT)) {
        sodium_memzero(receipt, sizeof receipt);
        json_object_set_new(errs, "_form",
                            json_string(pow_rc == 0   ? msg_identity_conflict
                                        : pow_missing ? msg_pow_none
                                                      : msg_pow_bad));
        return form_page(rq, rs, 422, &u, form_values(rq), errs, had_files);
    }
    if (rc) {
        sodium_memzero(receipt, sizeof receipt);
        return rc;
    }
    return receipt_page(rq, rs, &u, receipt, identity);
}

/* --- following a report up ----------------------------------------------------------------- */

/* A report opened by its receipt. Holds secrets: wipe with opened_wipe. */
struct opened {
    struct wbs_report_row row;
    struct wbs_keypair kp;
    char receipt[WBS_RECEIPT_DIGITS + 1]; /* normalised, for the page's hidden fields */
};

static void
opened_wipe(struct opened *o)
{
    wbs_keypair_wipe(&o->kp);
    sodium_memzero(o->receipt, sizeof o->receipt);
}

/* Why a receipt did not open a report. */
enum refusal { REFUSE_NONE, REFUSE_REQUIRED, REFUSE_INVALID, REFUSE_UNKNOWN, REFUSE_THROTTLED };

/* Opens the report of the typed receipt: 0 with *why REFUSE_NONE, 0 with a refusal (and
 * *wait_ms for a throttle), or an error. Throttled before anything: only receipts that open no
 * report count, per client. */
static int
open_receipt(struct req *rq, const char *typed, struct opened *o, enum refusal *why,
             int64_t *wait_ms)
{
    memset(o, 0, sizeof *o);
    *why = REFUSE_NONE;
    *wait_ms = 0;
    int64_t now = clock_now_ms();
    const char *key = client_key(rq, "wbs-receipt:");
    int64_t wait = throttle_wait_key(rq->db, key, now);
    if (wait > 0) {
        *why = REFUSE_THROTTLED;
        *wait_ms = wait;
        return 0;
    }
    if (!typed || !*typed) {
        *why = REFUSE_REQUIRED;
        return 0;
    }
    if (wbs_receipt_normalise(typed, o->receipt) != 0) {
        *why = REFUSE_INVALID;
        return 0;
    }
    int rc = wbs_case_open_receipt(rq->db, o->receipt, &o->row, &o->kp);
    if (rc == ZE_INVAL) {
        opened_wipe(o);
        *why = REFUSE_INVALID;
        return 0;
    }
    if (rc == ZE_NOTFOUND || rc == ZE_FORBIDDEN) {
        opened_wipe(o);
        *why = REFUSE_UNKNOWN;
        if ((rc = db_begin_write(rq->db)) != 0)
            return rc;
        return db_commit_or_rollback(rq->db, throttle_fail_key(rq->db, key, now));
    }
    if (rc)
        opened_wipe(o);
    return rc;
}

static const char *
refusal_msg(enum refusal why)
{
    switch (why) {
    case REFUSE_REQUIRED:
        return msg_receipt_required;
    case REFUSE_INVALID:
        return msg_receipt_invalid;
    case REFUSE_UNKNOWN:
        return msg_receipt_unknown;
    case REFUSE_THROTTLED:
        return msg_receipt_throttled;
    case REFUSE_NONE:
        break;
    }
    return "";
}

static int
refusal_status(enum refusal why)
{
    return why == REFUSE_THROTTLED ? 429 : why == REFUSE_UNKNOWN ? 404 : 422;
}

/* The form to type a receipt, with a refusal (REFUSE_NONE: none). The typed text is kept, so a
 * mistyped digit can be corrected; the page is never stored. */
static int
track_page(struct req *rq, struct resp *rs, enum refusal why, const char *typed)
{
    const char *msg = why == REFUSE_NONE ? "" : frame_t(rq, refusal_msg(why));
    json_t *m = json_pack("{s:s,s:s,s:s,s:b}", "csrf", csrf_token(rq, rs), "receipt",
                          typed ? typed : "", "error", msg, "has_error", why != REFUSE_NONE);
    int rc = frame_render(rq, rs, why == REFUSE_NONE ? 200 : refusal_status(why), "wbs/track",
                          N_("Follow up a report"), m);
    rs->no_store = true;
    return rc;
}

/* Opens the report of the field "receipt", or answers with the tracking form itself (returns
 * 1). */
static int
open_or_reply(struct req *rq, struct resp *rs, struct opened *o, int *rc)
{
    const char *typed = req_field_trimmed(rq, "receipt");
    enum refusal why;
    int64_t wait;
    *rc = open_receipt(rq, typed, o, &why, &wait);
    if (*rc)
        return 1;
    if (why == REFUSE_NONE)
        return 0;
    if (why == REFUSE_THROTTLED)
        retry_after(rq, rs, wait);
    *rc = track_page(rq, rs, why, typed);
    return 1;
}

static const char *
state_badge(const char *state)
{
    return strcmp(state, "diterima") == 0         ? "info"
           : strcmp(state, "terbukti") == 0       ? "success"
           : strcmp(state, "tidak_terbukti") == 0 ? "neutral"
           : strcmp(state, "selesai") == 0        ? "neutral"
                                                  : "warning";
}

/* What a state means for the reporter. */
static const char *
state_meaning(const char *state)
{
    return strcmp(state, "diterima") == 0
               ? N_("Your report has arrived and waits for the officers' first reading.")
           : strcmp(state, "ditelaah") == 0
               ? N_("The officers are checking whether the report is for this channel and "
                    "whether it gives enough to go on.")
           : strcmp(state, "diinvestigasi") == 0 ? N_("The report is being investigated.")
           : strcmp(state, "dilimpahkan") == 0
               ? N_("The report has been passed on to the body that can deal with it, without "
                    "your identity.")
           : strcmp(state, "terbukti") == 0
               ? N_("The investigation found the report substantiated; what follows from it is "
                    "under way.")
           : strcmp(state, "tidak_terbukti") == 0
               ? N_("The investigation did not find enough to substantiate the report.")
           : strcmp(state, "selesai") == 0 ? N_("The handling of the report has ended.")
                                           : "";
}

/* What an event of the report's history was, for the reporter. Identity steps name no officer. */
static const char *
event_label(struct req *rq, json_t *e, const char *referral_label)
{
    const char *a = jstr(e, "action"), *to = jstr(e, "to");
    if (strstr(a, "identity") || strstr(a, "identitas")) {
        if (strcmp(to, "disetujui") == 0 || strstr(a, "approve") || strstr(a, "setuju"))
            return frame_t(rq, N_("The identity custodian approved an officer's request to know "
                                  "who you are"));
        if (strcmp(to, "ditolak") == 0 || strstr(a, "refuse") || strstr(a, "reject") ||
            strstr(a, "tolak"))
            return frame_t(rq, N_("The identity custodian refused an officer's request to know "
                                  "who you are"));
        return frame_t(rq, N_("An officer asked the identity custodian to know who you are"));
    }
    if (strcmp(a, "received") == 0 || strcmp(a, "submitted") == 0 || strcmp(a, "submit") == 0 ||
        strcmp(a, "created") == 0 || (strcmp(to, "diterima") == 0 && !*jstr(e, "from")))
        return frame_t(rq, N_("Report received"));
    if (*to && wbs_state_ok(to)) {
        const char *label = wbs_label("states", to, rq->lang);
        if (strcmp(to, "dilimpahkan") == 0 && *referral_label)
            return arena_printf(rq->a, "%s: %s (%s)", frame_t(rq, N_("State")), label,
                                referral_label);
        return arena_printf(rq->a, "%s: %s", frame_t(rq, N_("State")), label);
    }
    return frame_t(rq, N_("The report was updated"));
}

static const char *
idreq_state_label(struct req *rq, const char *state)
{
    return strcmp(state, "disetujui") == 0
               ? frame_t(rq, N_("Approved: your identity was disclosed to the officer who asked."))
           : strcmp(state, "ditolak") == 0
               ? frame_t(rq, N_("Refused: your identity stays sealed."))
               : frame_t(rq, N_("Waiting for the identity custodian's decision."));
}

/* The report's page for its reporter, from the decrypted view. message: the text to keep in the
 * message form; errs ({field: message id}, may be NULL); sent: a confirmation (NULL: none). */
static int
status_page(struct req *rq, struct resp *rs, int status, struct opened *o, const char *message,
            json_t *errs, const char *sent)
{
    json_t *view = wbs_case_view(rq->db, &o->row, &o->kp, false, rq->lang);
    if (!view)
        return ZE_DB;
    struct org_unit u;
    const char *tz = org_unit_by_id(rq->db, o->row.unit_id, &u) == 0 ? u.tz : "WIB";
    const char *state = jstr(view, "state");
    const char *referral = jstr(view, "referral");
    const char *referral_label = *referral ? wbs_label("referrals", referral, rq->lang) : "";
    /* the texts are shared with the view (json_object_set, not _new), which is wiped below */
    json_t *content = json_object_get(view, "content");
    json_t *answers = json_array();
    for (size_t k = 0; k < sizeof questions / sizeof questions[0]; k++) {
        json_t *t = json_object_get(content, questions[k].name);
        if (!json_is_string(t) || json_string_length(t) == 0)
            continue;
        json_t *row = json_pack("{s:s}", "label", frame_t(rq, questions[k].label));
        json_object_set(row, "text", t);
        json_array_append_new(answers, row);
    }
    json_t *events = json_array(), *e;
    size_t i;
    json_array_foreach(json_object_get(view, "events"), i, e)
    {
        json_t *note = json_object_get(e, "note");
        json_t *row =
            json_pack("{s:s,s:s,s:b}", "when", view_when(rq, json_object_get(e, "at"), tz), "what",
                      event_label(rq, e, referral_label), "has_note",
                      json_is_string(note) && json_string_length(note) > 0);
        if (json_is_string(note))
            json_object_set(row, "note", note);
        json_array_append_new(events, row);
    }
    json_t *idreqs = json_array();
    json_array_foreach(json_object_get(view, "identity_requests"), i, e)
    {
        json_t *reason = json_object_get(e, "reason");
        json_t *row = json_pack(
            "{s:s,s:s,s:s,s:b}", "asked", view_when(rq, json_object_get(e, "created_at"), tz),
            "decided", view_when(rq, json_object_get(e, "decided_at"), tz), "state_label",
            idreq_state_label(rq, jstr(e, "state")), "has_reason", json_is_string(reason));
        if (json_is_string(reason))
            json_object_set(row, "reason", reason);
        json_array_append_new(idreqs, row);
    }
    json_t *messages = json_array();
    json_array_foreach(json_object_get(view, "messages"), i, e)
    {
        bool mine = strcmp(jstr(e, "author"), "pelapor") == 0;
        json_t *row =
            json_pack("{s:s,s:s,s:b}", "when", view_when(rq, json_object_get(e, "at"), tz), "from",
                      mine ? frame_t(rq, N_("You")) : frame_t(rq, N_("Officer")), "mine", mine);
        json_object_set(row, "text", json_object_get(e, "text"));
        json_array_append_new(messages, row);
    }
    json_t *files = json_array();
    json_array_foreach(json_object_get(view, "files"), i, e)
    {
        bool mine = strcmp(jstr(e, "author"), "pelapor") == 0;
        json_t *row = json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)jnum(e, "id"), "when",
                                view_when(rq, json_object_get(e, "at"), tz), "from",
                                mine ? frame_t(rq, N_("You")) : frame_t(rq, N_("Officer")), "size",
                                size_text(rq, jnum(e, "size")));
        json_t *name = json_object_get(e, "name");
        if (json_is_string(name) && json_string_length(name) > 0)
            json_object_set(row, "name", name);
        else
            json_object_set_new(row, "name",
                                json_string(frame_t(rq, N_("(a file without a name)"))));
        json_array_append_new(files, row);
    }
    json_t *none = json_object(), *list;
    json_t *emsg = error_messages(rq, errs ? errs : none, &list);
    json_decref(none);
    const char *stage_due = jstr(view, "stage_due");
    bool open = strcmp(state, "selesai") != 0;
    int64_t left = files_max() - (int64_t)json_array_size(json_object_get(view, "files"));
    json_t *m = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:b,s:s,s:b,s:o,s:o,s:o,s:o,s:o,s:b,s:b,s:b,s:b,"
        "s:o,s:o,s:b,s:s,s:s,s:b,s:s,s:o,s:I,s:b}",
        "receipt", o->receipt, "unit_name", o->row.unit_name, "category_label",
        wbs_label("categories", jstr(view, "category"), rq->lang), "state", state, "state_label",
        wbs_label("states", state, rq->lang), "state_badge", state_badge(state), "state_text",
        frame_t(rq, state_meaning(state)), "has_referral", *referral_label != '\0',
        "referral_label", referral_label, "open", open, "stage_due",
        *stage_due ? frame_day(rq, stage_due) : "", "has_stage_due", open && *stage_due, "answers",
        answers, "events", events, "identity_requests", idreqs, "messages", messages, "files",
        files, "has_answers", json_array_size(answers) > 0, "has_idreqs",
        json_array_size(idreqs) > 0, "has_messages", json_array_size(messages) > 0, "has_files",
        json_array_size(files) > 0, "errors", emsg, "error_list", list, "has_errors",
        json_array_size(list) > 0, "message", message ? message : "", "sent", sent ? sent : "",
        "has_sent", sent != NULL, "csrf", csrf_token(rq, rs), "limits", limits_model(rq),
        "files_left", (json_int_t)(left > 0 ? left : 0), "can_add_files", left > 0);
    json_object_set_new(m, "received", json_string(frame_day(rq, jstr(view, "received_day"))));
    json_t *narrative = json_object_get(content, "narrative");
    if (json_is_string(narrative))
        json_object_set(m, "narrative", narrative);
    json_object_set_new(m, "message_max", json_integer(WBS_MESSAGE_MAX));
    int rc = frame_render(rq, rs, status, "wbs/status", N_("Your report"), m);
    rs->no_store = true;
    wipe_decref(view);
    return rc;
}

static int
wbs_get_track(struct req *rq, struct resp *rs)
{
    return track_page(rq, rs, REFUSE_NONE, "");
}

static int
wbs_post_track(struct req *rq, struct resp *rs)
{
    struct opened o;
    int rc;
    if (open_or_reply(rq, rs, &o, &rc))
        return rc;
    rc = status_page(rq, rs, 200, &o, NULL, NULL, NULL);
    opened_wipe(&o);
    return rc;
}

static int
wbs_post_message(struct req *rq, struct resp *rs)
{
    struct opened o;
    int rc;
    if (open_or_reply(rq, rs, &o, &rc))
        return rc;
    json_t *errs = json_object();
    arena_defer(rq->a, jdecref, errs);
    const char *text = req_field_trimmed(rq, "message");
    size_t nfiles = form_files(rq, NULL, errs);
    if (strcmp(o.row.state, "selesai") == 0) {
        json_object_set_new(errs, "message", json_string(msg_closed));
        rc = status_page(rq, rs, 409, &o, text, errs, NULL);
        opened_wipe(&o);
        return rc;
    }
    if (!json_object_size(errs) && !*text && nfiles == 0)
        json_object_set_new(errs, "message", json_string(msg_nothing));
    int64_t now = clock_now_ms();
    const char *key = client_key(rq, "wbs:");
    int64_t wait = json_object_size(errs) ? 0 : throttle_flood_wait(rq->db, key, now);
    if (wait > 0) {
        retry_after(rq, rs, wait);
        json_object_set_new(errs, "message", json_string(msg_flood));
    }
    if (json_object_size(errs)) {
        rc = status_page(rq, rs, wait > 0 ? 429 : 422, &o, text, errs, NULL);
        opened_wipe(&o);
        return rc;
    }
    struct wbs_file_in *files = arena_alloc(rq->a, sizeof *files * (nfiles ? nfiles : 1));
    form_files(rq, files, NULL);
    const char *bad = NULL;
    if ((rc = db_begin_write(rq->db)) == 0) {
        int step = 0;
        if (*text && (step = wbs_case_message(rq->db, &o.row, 0, text, now)) != 0)
            bad = step == ZE_INVAL ? msg_message_bad : step == ZE_LIMIT ? msg_files_full : NULL;
        if (step == 0 && nfiles &&
            (step = wbs_case_files(rq->db, &o.row, "pelapor", files, nfiles, now)) != 0)
            bad = step == ZE_LIMIT ? msg_files_full : step == ZE_INVAL ? msg_message_bad : NULL;
        if (step == 0)
            step = audit_anonymous(rq, "wbs.reporter_message", o.row.unit_id, o.row.id);
        if (step == 0)
            step = throttle_flood_note(rq->db, key, now);
        rc = db_commit_or_rollback(rq->db, step);
    }
    if (rc && bad) {
        json_object_set_new(errs, bad == msg_message_bad ? "message" : FILES_FIELD,
                            json_string(bad));
        rc = status_page(rq, rs, 422, &o, text, errs, NULL);
    } else if (rc == 0) {
        rc = status_page(rq, rs, 200, &o, NULL, NULL,
                         frame_t(rq, *text ? N_("Your message has been sent to the officers.")
                                           : N_("Your files have been added to the report.")));
    }
    opened_wipe(&o);
    return rc;
}

/* --- a file, decrypted into memory --------------------------------------------------------- */

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

/* Content-Disposition for a name the reporter or an officer gave: its last path segment; an
 * ASCII fallback with anything else as '_' (no quote, backslash or control character can
 * reach the header), and the name itself in filename* (RFC 6266/8187); "lampiran" when empty. */
static const char *
disposition(struct req *rq, const char *name)
{
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t len = strlen(base);
    if (len > 200) { /* the header stays small: a long name keeps its start, whole characters */
        len = 200;
        while (len && ((unsigned char)base[len] & 0xc0) == 0x80)
            len--;
    }
    struct buf ascii = BUF_INIT, ext = BUF_INIT;
    bool visible = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)base[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        bool plain = alnum || c == '.' || c == '-' || c == '_' || c == ' ' || c == '(' || c == ')';
        bool attr = alnum || c == '.' || c == '-' || c == '_' || c == '!' || c == '#' || c == '$' ||
                    c == '&' || c == '+' || c == '^' || c == '`' || c == '|' || c == '~';
        if ((c & 0xc0) != 0x80) /* one '_' per character outside ASCII */
            buf_putc(&ascii, plain ? (char)c : '_');
        visible |= alnum;
        if (attr)
            buf_putc(&ext, (char)c);
        else
            buf_printf(&ext, "%%%02X", c);
    }
    const char *out = visible
                          ? arena_printf(rq->a, "attachment; filename=\"%s\"; filename*=UTF-8''%s",
                                         buf_cstr(&ascii), buf_cstr(&ext))
                          : "attachment; filename=\"lampiran\"";
    wbs_buf_wipe(&ascii);
    wbs_buf_wipe(&ext);
    return out;
}

/* Types a browser may be told; anything else is sent as bytes to save. */
static const char *
safe_type(const char *type)
{
    static const char *const known[] = {"application/pdf", "image/png",  "image/jpeg",
                                        "image/gif",       "image/webp", "text/plain"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(type, known[i]) == 0)
            return known[i];
    return "application/octet-stream";
}

static int
wbs_post_file(struct req *rq, struct resp *rs)
{
    struct opened o;
    int rc;
    if (open_or_reply(rq, rs, &o, &rc))
        return rc;
    const char *p = req_field_trimmed(rq, "file");
    int64_t file_id;
    if (parse_i64(p, strlen(p), &file_id) != 0 || file_id <= 0) {
        opened_wipe(&o);
        rq->error_detail = N_("This report has no such file.");
        return ZE_NOTFOUND;
    }
    /* in memory, never on disk: the file is the reporter's secret once decrypted */
    int fd = memfd_create("wbs-file", MFD_CLOEXEC);
    if (fd < 0) {
        opened_wipe(&o);
        return ZE_IO;
    }
    struct buf name = BUF_INIT, type = BUF_INIT;
    rc = wbs_case_file_read(rq->db, &o.row, &o.kp, file_id, fd, &name, &type);
    opened_wipe(&o);
    struct stat st;
    if (rc == 0 && fstat(fd, &st) != 0)
        rc = ZE_IO;
    if (rc) {
        close(fd);
        wbs_buf_wipe(&name);
        wbs_buf_wipe(&type);
        if (rc == ZE_NOTFOUND)
            rq->error_detail = N_("This report has no such file.");
        return rc;
    }
    struct fd_reader *r = xcalloc(1, sizeof *r);
    r->fd = fd;
    rs->status = 200;
    rs->content_type = safe_type(buf_cstr(&type));
    rs->kind = RESP_CALLBACK;
    rs->reader = fd_reader_read;
    rs->reader_arg = r;
    rs->reader_free = fd_reader_free;
    rs->total_len = st.st_size;
    rs->no_store = true;
    resp_header(rs, "Content-Disposition", disposition(rq, buf_cstr(&name)));
    wbs_buf_wipe(&name);
    wbs_buf_wipe(&type);
    return 0;
}

/* --- the API ------------------------------------------------------------------------------ */

struct json_get {
    struct req *rq;
    json_t *body;
};

static const char *
scalar(struct json_get *g, json_t *v)
{
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

/* The body's fields for wbs_read: "identity": {"name", "contact", "note"} gives "identity" and
 * "identity_name"... (the flat names are read too). */
static const char *
api_get(void *arg, const char *name)
{
    struct json_get *g = arg;
    json_t *id = json_object_get(g->body, "identity");
    if (json_is_object(id)) {
        if (strcmp(name, "identity") == 0)
            return json_object_size(id) ? "true" : NULL;
        if (strncmp(name, "identity_", 9) == 0)
            return scalar(g, json_object_get(id, name + 9));
    }
    return scalar(g, json_object_get(g->body, name));
}

/* {"error": {"code": "invalid", "message": the first, "fields": {field: message}}}. */
static int
api_refuse(struct req *rq, struct resp *rs, int status, json_t *errs)
{
    json_t *list;
    json_t *fields = error_messages(rq, errs, &list);
    json_t *form = json_object_get(fields, "form");
    if (form) { /* a refusal of the whole request is not a field's */
        json_incref(form);
        json_object_del(fields, "form");
    }
    const char *first = json_string_value(json_object_get(json_array_get(list, 0), "message"));
    json_t *j = json_pack("{s:{s:s,s:s,s:o}}", "error", "code", "invalid", "message",
                          first ? first : "", "fields", fields);
    json_decref(form);
    json_decref(list);
    resp_json(rs, status, j);
    json_decref(j);
    return 0;
}

static int
wbs_api_challenge(struct req *rq, struct resp *rs)
{
    char challenge[WBS_POW_CHALLENGE_HEX];
    int rc = pow_issue(rq, challenge);
    if (rc)
        return rc;
    unsigned bits = wbs_pow_bits();
    json_t *j = json_pack("{s:s,s:i,s:o,s:I,s:s}", "algorithm", "blake2b-256", "bits", (int)bits,
                          "challenge", bits && challenge[0] ? json_string(challenge) : json_null(),
                          "expires_in", (json_int_t)wbs_setting_int("pow_max_age_seconds", 3600),
                          "layout", POW_LAYOUT);
    resp_json(rs, 200, j);
    json_decref(j);
    rs->no_store = true;
    return 0;
}

static int
wbs_api_report(struct req *rq, struct resp *rs)
{
    if (!json_is_object(rq->json)) {
        http_error_json(rs, 400, "invalid", frame_t(rq, N_("Send a JSON object.")));
        return 0;
    }
    json_t *errs = json_object();
    arena_defer(rq->a, jdecref, errs);
    struct json_get g = {rq, rq->json};
    const char *code = scalar(&g, json_object_get(rq->json, "unit"));
    struct wbs_input in;
    int bad = wbs_read(api_get, &g, &in, errs);
    if (!code || !*code)
        json_object_set_new(errs, "unit",
                            json_string(N_("Name the unit the report is for (its code).")));
    if (bad || json_object_size(errs)) {
        wbs_input_clear(&in);
        return api_refuse(rq, rs, 422, errs);
    }
    struct org_unit u;
    if (org_unit_by_code(rq->db, code, &u) != 0 || !u.active) {
        wbs_input_clear(&in);
        http_error_json(rs, 404, "not_found", frame_t(rq, N_("No unit has this code.")));
        return 0;
    }
    int64_t now = clock_now_ms();
    const char *key = client_key(rq, "wbs:");
    int64_t wait = throttle_flood_wait(rq->db, key, now);
    if (wait > 0) {
        wbs_input_clear(&in);
        retry_after(rq, rs, wait);
        http_error_json(rs, 429, "too_many", frame_t(rq, msg_flood));
        return 0;
    }
    json_t *pow = json_object_get(rq->json, "pow");
    char receipt[WBS_RECEIPT_DIGITS + 1] = "";
    int64_t id = 0;
    int rc;
    int pow_rc = 0;
    const json_t *pow_json = json_is_string(pow) || json_is_object(pow) ? pow : NULL;
    const char *pow_text = pow ? NULL : "";
    /* as on the form: the Argon2id before the transaction, for a solved proof only */
    struct wbs_receipt_key rk;
    memset(&rk, 0, sizeof rk);
    bool solved = pow_solved(pow_json, pow_text);
    if (solved && (rc = wbs_case_receipt_prepare(&rk)) != 0) {
        wbs_input_clear(&in);
        return rc;
    }
    if ((rc = db_durable(rq->db, true)) == 0 && (rc = db_begin_write(rq->db)) == 0) {
        int step = pow_rc = solved ? pow_take(rq, pow_json, pow_text, now) : ZE_FORBIDDEN;
        if (step == 0)
            step = wbs_case_submit_prepared(rq->db, u.id, u.path, &in, NULL, 0, &rk, now, &id);
        if (step == 0)
            memcpy(receipt, rk.receipt, sizeof receipt);
        if (step == 0)
            step = audit_anonymous(rq, "wbs.report_received", u.id, id);
        if (step == 0)
            step = throttle_flood_note(rq->db, key, now);
        rc = db_commit_or_rollback(rq->db, step);
    }
    db_durable(rq->db, false);
    wbs_receipt_key_wipe(&rk);
    wbs_input_clear(&in);
    if (pow_rc == ZE_FORBIDDEN) {
        http_error_json(
            rs, 403, "pow",
            frame_t(rq, N_("A solved proof of work is needed: get a challenge from "
                           "/api/v1/wbs/challenge, solve it and send it once, within its life.")));
        return 0;
    }
    if (pow_rc == 0 && rc == ZE_CONFLICT) {
        json_object_set_new(errs, "identity", json_string(msg_identity_conflict));
        return api_refuse(rq, rs, 422, errs);
    }
    if (rc)
        return rc;
    json_t *j = json_pack("{s:s#}", "receipt", receipt, (int)WBS_RECEIPT_DIGITS);
    sodium_memzero(receipt, sizeof receipt);
    resp_json(rs, 201, j);
    rs->no_store = true;
    wipe_decref(j);
    return 0;
}

/* The report for its reporter through the API: what the page shows, as data. */
static json_t *
follow_up_model(struct req *rq, json_t *view, const char *tz)
{
    const char *state = jstr(view, "state"), *referral = jstr(view, "referral");
    json_t *m = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:O}", "state", state, "state_label",
        wbs_label("states", state, rq->lang), "state_text", frame_t(rq, state_meaning(state)),
        "category", jstr(view, "category"), "category_label",
        wbs_label("categories", jstr(view, "category"), rq->lang), "received_day",
        jstr(view, "received_day"), "stage_due", jstr(view, "stage_due"), "content",
        json_object_get(view, "content") ? json_object_get(view, "content") : json_null());
    if (*referral)
        json_object_set_new(m, "referral",
                            json_pack("{s:s,s:s}", "code", referral, "label",
                                      wbs_label("referrals", referral, rq->lang)));
    else
        json_object_set_new(m, "referral", json_null());
    json_t *list = json_array(), *e;
    size_t i;
    json_array_foreach(json_object_get(view, "messages"), i, e)
    {
        json_t *row = json_pack("{s:o,s:s}", "at", view_iso(json_object_get(e, "at"), tz), "author",
                                jstr(e, "author"));
        json_object_set(row, "text", json_object_get(e, "text"));
        json_array_append_new(list, row);
    }
    json_object_set_new(m, "messages", list);
    list = json_array();
    json_array_foreach(json_object_get(view, "events"), i, e)
    {
        json_t *row =
            json_pack("{s:o,s:s,s:s,s:s}", "at", view_iso(json_object_get(e, "at"), tz), "action",
                      jstr(e, "action"), "from", jstr(e, "from"), "to", jstr(e, "to"));
        if (json_is_string(json_object_get(e, "note")))
            json_object_set(row, "note", json_object_get(e, "note"));
        json_array_append_new(list, row);
    }
    json_object_set_new(m, "events", list);
    list = json_array();
    json_array_foreach(json_object_get(view, "files"), i, e)
    {
        json_t *row = json_pack("{s:I,s:o,s:s,s:I}", "id", (json_int_t)jnum(e, "id"), "at",
                                view_iso(json_object_get(e, "at"), tz), "author", jstr(e, "author"),
                                "size", (json_int_t)jnum(e, "size"));
        json_object_set(row, "name", json_object_get(e, "name"));
        json_array_append_new(list, row);
    }
    json_object_set_new(m, "files", list);
    list = json_array();
    json_array_foreach(json_object_get(view, "identity_requests"), i, e)
    {
        json_t *row = json_pack("{s:s,s:o,s:o}", "state", jstr(e, "state"), "created_at",
                                view_iso(json_object_get(e, "created_at"), tz), "decided_at",
                                view_iso(json_object_get(e, "decided_at"), tz));
        if (json_is_string(json_object_get(e, "reason")))
            json_object_set(row, "reason", json_object_get(e, "reason"));
        json_array_append_new(list, row);
    }
    json_object_set_new(m, "identity_requests", list);
    return m;
}

static int
wbs_api_follow_up(struct req *rq, struct resp *rs)
{
    if (!json_is_object(rq->json)) {
        http_error_json(rs, 400, "invalid", frame_t(rq, N_("Send a JSON object.")));
        return 0;
    }
    json_t *r = json_object_get(rq->json, "receipt");
    const char *typed = json_is_string(r) ? json_string_value(r) : NULL;
    struct opened o;
    enum refusal why;
    int64_t wait;
    int rc = open_receipt(rq, typed, &o, &why, &wait);
    if (rc)
        return rc;
    if (why != REFUSE_NONE) {
        if (why == REFUSE_THROTTLED) {
            retry_after(rq, rs, wait);
            http_error_json(rs, 429, "too_many", frame_t(rq, refusal_msg(why)));
        } else if (why == REFUSE_UNKNOWN) {
            http_error_json(rs, 404, "not_found", frame_t(rq, refusal_msg(why)));
        } else {
            json_t *errs = json_pack("{s:s}", "receipt", refusal_msg(why));
            api_refuse(rq, rs, 422, errs);
            json_decref(errs);
        }
        return 0;
    }
    json_t *view = wbs_case_view(rq->db, &o.row, &o.kp, false, rq->lang);
    if (!view) {
        opened_wipe(&o);
        return ZE_DB;
    }
    struct org_unit u;
    const char *tz = org_unit_by_id(rq->db, o.row.unit_id, &u) == 0 ? u.tz : "WIB";
    json_t *m = follow_up_model(rq, view, tz);
    opened_wipe(&o);
    resp_json(rs, 200, m);
    rs->no_store = true;
    json_decref(m);
    wipe_decref(view);
    return 0;
}

/* --- the route table ------------------------------------------------------------------------- */

#define WBS_PUBLIC (ROUTE_PUBLIC | ROUTE_PRIVATE)

/* First match wins: /wbs/lacak before /wbs/:code. */
static const struct route wbs_public_routes[] = {
    {HTTP_GET, "/lapor/:code", NULL, NULL, wbs_get_door, WBS_PUBLIC, NULL},
    {HTTP_GET, "/wbs/lacak", NULL, NULL, wbs_get_track, WBS_PUBLIC, NULL},
    {HTTP_POST, "/wbs/lacak", NULL, NULL, wbs_post_track, WBS_PUBLIC, NULL},
    {HTTP_POST, "/wbs/lacak/pesan", NULL, NULL, wbs_post_message, WBS_PUBLIC | ROUTE_UPLOAD, NULL},
    {HTTP_POST, "/wbs/lacak/berkas", NULL, NULL, wbs_post_file, WBS_PUBLIC, NULL},
    {HTTP_GET, "/wbs/:code", NULL, NULL, wbs_get_form, WBS_PUBLIC, NULL},
    {HTTP_POST, "/wbs/:code", NULL, NULL, wbs_post_form, WBS_PUBLIC | ROUTE_UPLOAD, NULL},
    {HTTP_GET, "/api/v1/wbs/challenge", NULL, NULL, wbs_api_challenge, WBS_PUBLIC, NULL},
    {HTTP_POST, "/api/v1/wbs/reports", NULL, NULL, wbs_api_report, WBS_PUBLIC, NULL},
    {HTTP_POST, "/api/v1/wbs/follow-up", NULL, NULL, wbs_api_follow_up, WBS_PUBLIC, NULL},
};

void
wbs_public_register(void)
{
    router_add(wbs_public_routes, sizeof wbs_public_routes / sizeof wbs_public_routes[0]);
}
