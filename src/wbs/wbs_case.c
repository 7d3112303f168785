/* wbs_case: what a whistleblowing report goes through, where the cryptography of wbs_crypto
 * meets the rows of wbs_store. Every function runs in the caller's transaction (a write one when
 * it changes something) and wipes the secrets it made before returning. */
#include <sys/mman.h>

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "db/blob.h"
#include "db/db.h"
#include "http/http.h"
#include "org/cal.h"
#include "org/org.h"
#include "wbs.h"
#include "web/fmt.h"

/* --- the figures hook ------------------------------------------------------------------------ */

static wbs_figures_hook figures_hook;

void
wbs_on_figures(wbs_figures_hook fn)
{
    figures_hook = fn;
}

static int
figures_changed(struct db *db, int64_t unit_id, int year, int64_t now)
{
    return figures_hook ? figures_hook(db, unit_id, year, now) : 0;
}

/* --- small helpers ---------------------------------------------------------------------------- */

/* The day of now in the unit's time zone. */
static int
unit_today(struct db *db, int64_t unit_id, int64_t now, char day[11])
{
    struct org_unit u;
    int rc = org_unit_by_id(db, unit_id, &u);
    if (rc)
        return rc;
    int64_t local = now + (int64_t)fmt_zone_offset(fmt_zone_of(u.tz)) * 60000;
    cal_format_date(local / 86400000, day);
    return 0;
}

static int
calendar_for(struct db *db, int64_t unit_id, struct cal *c, struct cal_rule *r)
{
    json_t *cbw = json_object_get(wbs_settings(), "cuti_bersama_works");
    return cal_store_for_unit(db, unit_id, json_is_true(cbw), c, r);
}

static void
add_days(const char *day, int n, char out[11])
{
    int64_t d = 0;
    if (cal_parse_date(day, &d) != 0) {
        out[0] = 0;
        return;
    }
    cal_format_date(d + n, out);
}

static int
kdf_of(const char *name, struct wbs_kdf *k)
{
    return wbs_kdf_named(name, k);
}

static int
hex_key(const char *hex, unsigned char out[WBS_KEY_BYTES])
{
    size_t n = 0;
    if (!hex || sodium_hex2bin(out, WBS_KEY_BYTES, hex, strlen(hex), NULL, &n, NULL) != 0 ||
        n != WBS_KEY_BYTES)
        return ZE_INVAL;
    return 0;
}

/* Opens a base64 sealed text of a JSON list item with kp into a JSON string (or NULL). */
static json_t *
open_b64(const struct wbs_keypair *kp, const char *b64)
{
    if (!b64 || !*b64)
        return NULL;
    size_t cap = strlen(b64), n = 0;
    unsigned char *bin = malloc(cap ? cap : 1);
    if (!bin)
        return NULL;
    json_t *out = NULL;
    if (sodium_base642bin(bin, cap, b64, strlen(b64), NULL, &n, NULL,
                          sodium_base64_VARIANT_ORIGINAL) == 0) {
        struct buf t = BUF_INIT;
        if (wbs_open(kp, bin, n, &t) == 0)
            out = json_stringn(t.p ? t.p : "", t.len);
        wbs_buf_wipe(&t);
    }
    free(bin);
    return out;
}

/* Seals text to pk into out (a buf the caller frees). */
static int
seal_text(const unsigned char pk[WBS_KEY_BYTES], const char *text, struct buf *out)
{
    return wbs_seal(pk, text, strlen(text), out);
}

static bool
text_ok(const char *s, size_t max_chars)
{
    if (!s)
        return false;
    size_t len = strlen(s);
    if (!utf8_valid(s, len))
        return false;
    size_t chars = 0;
    bool visible = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch & 0xC0) != 0x80)
            chars++;
        if (ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t')
            return false;
        if (ch > 0x20)
            visible = true;
    }
    return visible && chars <= max_chars;
}

/* --- the type of a file, sniffed ---------------------------------------------------------------
 */

/* The type of a reporter's file, read by libmagic from its first bytes, which are wiped after. */
static void
sniff(int fd, char *out, size_t outsz)
{
    char head[8192];
    ssize_t n = pread(fd, head, sizeof head, 0);
    http_sniff_buf(head, n > 0 ? (size_t)n : 0, out, outsz);
    sodium_memzero(head, sizeof head);
    if (!*out)
        snprintf(out, outsz, "application/octet-stream");
}

/* --- files ------------------------------------------------------------------------------------ */

static int
file_store(struct db *db, int64_t report_id, const unsigned char pk[WBS_KEY_BYTES],
           const char *author, const struct wbs_file_in *f, int64_t now)
{
    if (f->fd < 0 || lseek(f->fd, 0, SEEK_SET) < 0)
        return ZE_IO;
    int out = memfd_create("wbs-file", MFD_CLOEXEC);
    if (out < 0)
        return ZE_IO;
    char type[128];
    sniff(f->fd, type, sizeof type);
    uint64_t size = 0;
    int rc = wbs_file_encrypt(f->fd, out, pk, &size);
    struct blob_info bi;
    if (!rc)
        rc = lseek(out, 0, SEEK_SET) < 0 ? ZE_IO : 0;
    if (!rc)
        rc = blob_put_fd(db, out, "application/octet-stream", &bi);
    close(out);
    if (rc)
        return rc;
    /* the name as given, never a path */
    const char *name = f->name ? f->name : "";
    const char *slash = strrchr(name, '/'), *bslash = strrchr(name, '\\');
    if (slash)
        name = slash + 1;
    if (bslash && bslash + 1 > name)
        name = bslash + 1;
    json_t *meta = json_pack("{s:s,s:s,s:I}", "name", utf8_valid(name, strlen(name)) ? name : "",
                             "type", type, "size", (json_int_t)size);
    char *text = json_dumps(meta, JSON_COMPACT);
    json_decref(meta);
    if (!text)
        return ZE_NOMEM;
    struct buf sealed = BUF_INIT;
    rc = seal_text(pk, text, &sealed);
    sodium_memzero(text, strlen(text));
    free(text);
    int64_t id = 0;
    if (!rc)
        rc = wbs_store_file_add(db, report_id, author, bi.id, sealed.p, sealed.len, now, &id);
    buf_free(&sealed);
    return rc;
}

int
wbs_case_files(struct db *db, const struct wbs_report_row *row, const char *author,
               const struct wbs_file_in *files, size_t nfiles, int64_t now)
{
    if (!nfiles)
        return 0;
    int64_t max = wbs_setting_int("files_max", 10);
    if (wbs_store_file_count(db, row->id) + (int64_t)nfiles > max)
        return ZE_LIMIT;
    int64_t max_bytes = wbs_setting_int("file_max_bytes", 20 << 20);
    for (size_t i = 0; i < nfiles; i++) {
        off_t end = lseek(files[i].fd, 0, SEEK_END);
        if (end < 0)
            return ZE_IO;
        if ((int64_t)end > max_bytes)
            return ZE_LIMIT;
    }
    for (size_t i = 0; i < nfiles; i++) {
        int rc = file_store(db, row->id, row->pk, author, &files[i], now);
        if (rc)
            return rc;
    }
    return 0;
}

int
wbs_case_file_read(struct db *db, const struct wbs_report_row *row,
                   const struct wbs_keypair *report, int64_t file_id, int out_fd, struct buf *name,
                   struct buf *type)
{
    int64_t blob_id = 0;
    int rc = wbs_store_file_blob(db, row->id, file_id, &blob_id);
    if (rc)
        return rc;
    json_t *files = json_array();
    rc = wbs_store_files(db, row->id, files);
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f)
    {
        if (json_integer_value(json_object_get(f, "id")) != file_id)
            continue;
        json_t *meta = open_b64(report, json_string_value(json_object_get(f, "meta")));
        json_t *m = meta ? json_loads(json_string_value(meta), 0, NULL) : NULL;
        if (m) {
            const char *nm = json_string_value(json_object_get(m, "name"));
            const char *ty = json_string_value(json_object_get(m, "type"));
            buf_puts(name, nm ? nm : "");
            buf_puts(type, ty ? ty : "");
        }
        json_decref(m);
        json_decref(meta);
    }
    json_decref(files);
    if (rc)
        return rc;
    /* the ciphertext comes out of the blob store into memory, never a file on disk */
    int in = memfd_create("wbs-cipher", MFD_CLOEXEC);
    if (in < 0)
        return ZE_IO;
    struct blob_info bi;
    memset(&bi, 0, sizeof bi);
    rc = ZE_NOTFOUND;
    rc = blob_stat_id(db, blob_id, &bi);
    char chunk[65536];
    for (int64_t off = 0; !rc && off < bi.size;) {
        size_t got = 0;
        rc = blob_read(db, &bi, off, chunk, sizeof chunk, &got);
        if (!rc && got == 0)
            break;
        if (!rc && write(in, chunk, got) != (ssize_t)got)
            rc = ZE_IO;
        off += (int64_t)got;
    }
    if (!rc)
        rc = lseek(in, 0, SEEK_SET) < 0 ? ZE_IO : 0;
    if (!rc)
        rc = wbs_file_decrypt(in, out_fd, report, NULL);
    close(in);
    return rc;
}

/* --- submitting ------------------------------------------------------------------------------- */

bool
wbs_case_identity_possible(struct db *db, const char *unit_path)
{
    json_t *list = json_array();
    bool ok = wbs_store_holders(db, "kustodian-identitas", unit_path, list) == 0 &&
              json_array_size(list) > 0;
    json_decref(list);
    return ok;
}

/* Seals the report key to each holder of role covering unit_path; for identity custodians,
 * seals the identity instead. */
static int
seal_to_officers(struct db *db, int64_t report_id, const char *unit_path,
                 const struct wbs_keypair *kp)
{
    json_t *list = json_array();
    int rc = wbs_store_holders(db, "petugas-wbs", unit_path, list);
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o)
    {
        if (rc)
            break;
        unsigned char pk[WBS_KEY_BYTES], sealed[WBS_SEALED_KEY_BYTES];
        if (hex_key(json_string_value(json_object_get(o, "pk")), pk) != 0 ||
            wbs_key_seal(kp, pk, sealed) != 0)
            continue;
        rc = wbs_store_key_put(db, report_id, json_integer_value(json_object_get(o, "user_id")),
                               sealed);
    }
    json_decref(list);
    return rc;
}

static int
seal_identity(struct db *db, int64_t report_id, const char *unit_path, const struct wbs_input *in,
              int *n)
{
    json_t *list = json_array();
    int rc = wbs_store_holders(db, "kustodian-identitas", unit_path, list);
    struct buf id = BUF_INIT;
    wbs_identity_json(in, &id);
    *n = 0;
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o)
    {
        if (rc)
            break;
        unsigned char pk[WBS_KEY_BYTES];
        if (hex_key(json_string_value(json_object_get(o, "pk")), pk) != 0)
            continue;
        struct buf sealed = BUF_INIT;
        rc = wbs_identity_seal(pk, id.p ? id.p : "", id.len, &sealed);
        if (!rc)
            rc = wbs_store_identity_put(db, report_id,
                                        json_integer_value(json_object_get(o, "user_id")), sealed.p,
                                        sealed.len);
        buf_free(&sealed);
        if (!rc)
            (*n)++;
    }
    wbs_buf_wipe(&id);
    json_decref(list);
    return rc;
}

int
wbs_case_receipt_prepare(struct wbs_receipt_key *out)
{
    memset(out, 0, sizeof *out);
    unsigned char secret[WBS_KEY_BYTES];
    int rc = wbs_lookup_secret(secret);
    if (rc)
        return rc;
    wbs_salt_new(out->salt);
    snprintf(out->kdf, sizeof out->kdf, "%s", wbs_receipt_kdf_name());
    struct wbs_kdf k = {0, 0};
    wbs_receipt_new(out->receipt);
    rc = wbs_receipt_lookup(out->receipt, secret, out->lookup);
    sodium_memzero(secret, sizeof secret);
    if (!rc)
        rc = kdf_of(out->kdf, &k);
    if (!rc)
        rc = wbs_receipt_keypair(out->receipt, out->salt, k, &out->kp);
    if (rc)
        wbs_receipt_key_wipe(out);
    return rc;
}

void
wbs_receipt_key_wipe(struct wbs_receipt_key *k)
{
    sodium_memzero(k, sizeof *k);
}

int
wbs_case_submit_prepared(struct db *db, int64_t unit_id, const char *unit_path,
                         const struct wbs_input *in, const struct wbs_file_in *files, size_t nfiles,
                         const struct wbs_receipt_key *rk, int64_t now, int64_t *id)
{
    if (!wbs_category_ok(in->category))
        return ZE_INVAL;
    if (in->identity && !wbs_case_identity_possible(db, unit_path))
        return ZE_CONFLICT;
    int64_t max = wbs_setting_int("files_max", 10);
    if ((int64_t)nfiles > max)
        return ZE_LIMIT;
    struct wbs_report_row other;
    if (wbs_store_report_by_lookup(db, rk->lookup, &other) != ZE_NOTFOUND)
        return ZE_BUSY;
    struct wbs_report_row r;
    memset(&r, 0, sizeof r);
    r.unit_id = unit_id;
    snprintf(r.unit_path, sizeof r.unit_path, "%s", unit_path);
    snprintf(r.category, sizeof r.category, "%s", in->category);
    snprintf(r.channel, sizeof r.channel, "%s", wbs_category_channel(in->category));
    snprintf(r.state, sizeof r.state, "diterima");
    r.has_identity = in->identity;
    r.received_at = r.updated_at = now;
    int rc = unit_today(db, unit_id, now, r.received_day);
    if (rc)
        return rc;
    memcpy(r.stage_day, r.received_day, sizeof r.stage_day);
    struct cal c;
    struct cal_rule rule;
    if ((rc = calendar_for(db, unit_id, &c, &rule)) != 0)
        return rc;
    rc = wbs_stage_due(&c, &rule, r.channel, "diterima", r.received_day, r.stage_due, r.remind_day);
    cal_free(&c);
    if (rc)
        return rc;
    add_days(r.received_day, wbs_retention_days(r.channel), r.expires_day);
    memcpy(r.receipt_salt, rk->salt, sizeof r.receipt_salt);
    snprintf(r.receipt_kdf, sizeof r.receipt_kdf, "%s", rk->kdf);

    struct wbs_keypair kp;
    wbs_keypair_new(&kp);
    memcpy(r.pk, kp.pk, sizeof r.pk);
    rc = wbs_key_seal(&kp, rk->kp.pk, r.receipt_key);
    struct buf content = BUF_INIT, sealed = BUF_INIT;
    if (!rc) {
        wbs_content_json(in, &content);
        rc = wbs_seal(kp.pk, content.p ? content.p : "", content.len, &sealed);
        wbs_buf_wipe(&content);
    }
    if (!rc)
        rc = wbs_store_report_insert(db, &r, rk->lookup, sealed.p, sealed.len, id);
    buf_free(&sealed);
    if (!rc) {
        r.id = *id;
        rc = seal_to_officers(db, r.id, unit_path, &kp);
    }
    if (!rc && in->identity) {
        int n = 0;
        rc = seal_identity(db, r.id, unit_path, in, &n);
        if (!rc && n == 0)
            rc = ZE_CONFLICT;
    }
    if (!rc)
        rc = wbs_case_files(db, &r, "pelapor", files, nfiles, now);
    if (!rc)
        rc = wbs_store_event(db, r.id, 0, "diterima", "", "diterima", NULL, 0, true, now);
    if (!rc)
        rc = figures_changed(db, unit_id, atoi(r.received_day), now);
    wbs_keypair_wipe(&kp);
    return rc;
}

int
wbs_case_submit(struct db *db, int64_t unit_id, const char *unit_path, const struct wbs_input *in,
                const struct wbs_file_in *files, size_t nfiles, int64_t now,
                char receipt[WBS_RECEIPT_DIGITS + 1], int64_t *id)
{
    receipt[0] = 0;
    struct wbs_receipt_key rk;
    int rc = ZE_BUSY;
    for (int attempt = 0; rc == ZE_BUSY && attempt < 5; attempt++) {
        if ((rc = wbs_case_receipt_prepare(&rk)) != 0)
            break;
        rc = wbs_case_submit_prepared(db, unit_id, unit_path, in, files, nfiles, &rk, now, id);
        if (!rc)
            memcpy(receipt, rk.receipt, sizeof rk.receipt);
        wbs_receipt_key_wipe(&rk);
    }
    return rc;
}

/* --- opening ---------------------------------------------------------------------------------- */

int
wbs_case_open_receipt(struct db *db, const char *typed, struct wbs_report_row *row,
                      struct wbs_keypair *report)
{
    char receipt[WBS_RECEIPT_DIGITS + 1], lookup[WBS_LOOKUP_HEX];
    unsigned char secret[WBS_KEY_BYTES];
    memset(report, 0, sizeof *report);
    if (wbs_receipt_normalise(typed ? typed : "", receipt) != 0)
        return ZE_INVAL;
    int rc = wbs_lookup_secret(secret);
    if (!rc)
        rc = wbs_receipt_lookup(receipt, secret, lookup);
    sodium_memzero(secret, sizeof secret);
    if (!rc)
        rc = wbs_store_report_by_lookup(db, lookup, row);
    struct wbs_kdf k = {0, 0};
    if (!rc)
        rc = kdf_of(row->receipt_kdf, &k);
    struct wbs_keypair rkp;
    memset(&rkp, 0, sizeof rkp);
    if (!rc)
        rc = wbs_receipt_keypair(receipt, row->receipt_salt, k, &rkp);
    if (!rc)
        rc = wbs_key_open(row->receipt_key, &rkp, row->pk, report) == 0 ? 0 : ZE_FORBIDDEN;
    wbs_keypair_wipe(&rkp);
    sodium_memzero(receipt, sizeof receipt);
    return rc;
}

int
wbs_case_open_officer(struct db *db, int64_t id, int64_t user_id, const struct wbs_keypair *officer,
                      struct wbs_report_row *row, struct wbs_keypair *report)
{
    memset(report, 0, sizeof *report);
    int rc = wbs_store_report_get(db, id, row);
    if (rc)
        return rc;
    unsigned char sealed[WBS_SEALED_KEY_BYTES];
    if (wbs_store_key_get(db, id, user_id, sealed) != 0)
        return ZE_FORBIDDEN;
    return wbs_key_open(sealed, officer, row->pk, report) == 0 ? 0 : ZE_FORBIDDEN;
}

/* --- the view --------------------------------------------------------------------------------- */

json_t *
wbs_case_view(struct db *db, const struct wbs_report_row *row, const struct wbs_keypair *report,
              bool officer, const char *lang)
{
    json_t *v = json_pack(
        "{s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:b}", "id", (json_int_t)row->id,
        "category", row->category, "category_label", wbs_label("categories", row->category, lang),
        "state", row->state, "state_label", wbs_label("states", row->state, lang), "referral",
        row->referral, "received_at", (json_int_t)row->received_at, "received_day",
        row->received_day, "stage_day", row->stage_day, "stage_due", row->stage_due, "remind_day",
        row->remind_day, "expires_day", row->expires_day, "has_identity", row->has_identity);
    if (row->referral[0])
        json_object_set_new(v, "referral_label",
                            json_string(wbs_label("referrals", row->referral, lang)));
    /* content */
    struct buf sealed = BUF_INIT, text = BUF_INIT;
    json_t *content = NULL;
    if (wbs_store_report_content(db, row->id, &sealed) == 0 &&
        wbs_open(report, sealed.p, sealed.len, &text) == 0)
        content = json_loadb(text.p ? text.p : "", text.len, 0, NULL);
    wbs_buf_wipe(&text);
    buf_free(&sealed);
    json_object_set_new(v, "content", content ? content : json_object());
    /* messages */
    json_t *msgs = json_array(), *out = json_array();
    wbs_store_messages(db, row->id, msgs);
    size_t i;
    json_t *m;
    json_array_foreach(msgs, i, m)
    {
        json_t *t = open_b64(report, json_string_value(json_object_get(m, "sealed")));
        const char *author = json_string_value(json_object_get(m, "author"));
        json_t *o = json_pack("{s:O,s:O,s:s,s:o}", "id", json_object_get(m, "id"), "at",
                              json_object_get(m, "at"), "author", author ? author : "", "text",
                              t ? t : json_string(""));
        if (officer)
            json_object_set(o, "user_name", json_object_get(m, "user_name"));
        json_array_append_new(out, o);
    }
    json_decref(msgs);
    json_object_set_new(v, "messages", out);
    /* files */
    json_t *files = json_array();
    out = json_array();
    wbs_store_files(db, row->id, files);
    json_array_foreach(files, i, m)
    {
        json_t *t = open_b64(report, json_string_value(json_object_get(m, "meta")));
        json_t *meta = t ? json_loads(json_string_value(t), 0, NULL) : NULL;
        json_decref(t);
        json_t *o = json_pack("{s:O,s:O,s:O}", "id", json_object_get(m, "id"), "at",
                              json_object_get(m, "at"), "author", json_object_get(m, "author"));
        json_t *name = meta ? json_object_get(meta, "name") : NULL;
        json_t *type = meta ? json_object_get(meta, "type") : NULL;
        json_t *size = meta ? json_object_get(meta, "size") : NULL;
        json_object_set_new(o, "name", name ? json_incref(name) : json_string(""));
        json_object_set_new(o, "type", type ? json_incref(type) : json_string(""));
        json_object_set_new(o, "size", size ? json_incref(size) : json_integer(0));
        json_decref(meta);
        json_array_append_new(out, o);
    }
    json_decref(files);
    json_object_set_new(v, "files", out);
    /* events */
    json_t *events = json_array();
    out = json_array();
    wbs_store_events(db, row->id, !officer, events);
    json_array_foreach(events, i, m)
    {
        json_t *o = json_pack("{s:O,s:O,s:O,s:O}", "at", json_object_get(m, "at"), "action",
                              json_object_get(m, "action"), "from", json_object_get(m, "from"),
                              "to", json_object_get(m, "to"));
        const char *to = json_string_value(json_object_get(m, "to"));
        if (to && *to)
            json_object_set_new(o, "to_label", json_string(wbs_label("states", to, lang)));
        if (officer) {
            json_object_set(o, "actor", json_object_get(m, "actor"));
            json_object_set(o, "public", json_object_get(m, "public"));
        }
        json_t *note = open_b64(report, json_string_value(json_object_get(m, "note")));
        if (note)
            json_object_set_new(o, "note", note);
        json_array_append_new(out, o);
    }
    json_decref(events);
    json_object_set_new(v, "events", out);
    /* identity requests: what was asked and decided, shown to the reporter too */
    json_t *reqs = json_array();
    out = json_array();
    wbs_store_idreqs(db, row->id, "", reqs);
    json_array_foreach(reqs, i, m)
    {
        json_t *reason = open_b64(report, json_string_value(json_object_get(m, "reason")));
        json_t *o =
            json_pack("{s:O,s:O,s:O,s:O,s:o}", "id", json_object_get(m, "id"), "state",
                      json_object_get(m, "state"), "created_at", json_object_get(m, "created_at"),
                      "decided_at", json_object_get(m, "decided_at"), "reason",
                      reason ? reason : json_string(""));
        if (officer) {
            json_object_set(o, "officer_id", json_object_get(m, "officer_id"));
            json_object_set(o, "officer_name", json_object_get(m, "officer_name"));
            json_object_set(o, "custodian_name", json_object_get(m, "custodian_name"));
        }
        json_array_append_new(out, o);
    }
    json_decref(reqs);
    json_object_set_new(v, "identity_requests", out);
    return v;
}

/* --- messages, states ------------------------------------------------------------------------- */

int
wbs_case_message(struct db *db, const struct wbs_report_row *row, int64_t user_id, const char *text,
                 int64_t now)
{
    if (!text_ok(text, WBS_MESSAGE_MAX))
        return ZE_INVAL;
    if (strcmp(row->state, "selesai") == 0)
        return ZE_CONFLICT;
    json_t *list = json_array();
    int rc = wbs_store_messages(db, row->id, list);
    size_t n = json_array_size(list);
    json_decref(list);
    if (rc)
        return rc;
    if ((int64_t)n >= wbs_setting_int("messages_max", 200))
        return ZE_LIMIT;
    struct buf sealed = BUF_INIT;
    rc = seal_text(row->pk, text, &sealed);
    int64_t id = 0;
    if (!rc)
        rc = wbs_store_message_add(db, row->id, user_id ? "petugas" : "pelapor", user_id, sealed.p,
                                   sealed.len, now, &id);
    buf_free(&sealed);
    return rc;
}

int
wbs_case_transition(struct db *db, const struct wbs_report_row *row, const char *state,
                    const char *referral, const char *note, bool public_note, int64_t by,
                    int64_t now)
{
    if (!state || !wbs_transition_ok(row->state, state))
        return ZE_INVAL;
    bool refer = strcmp(state, "dilimpahkan") == 0;
    if (refer && (!referral || !wbs_referral_ok(referral)))
        return ZE_INVAL;
    bool has_note = note && *note;
    if (has_note && !text_ok(note, WBS_MESSAGE_MAX))
        return ZE_INVAL;
    char today[11], due[11] = "", remind[11] = "";
    int rc = unit_today(db, row->unit_id, now, today);
    if (rc)
        return rc;
    struct cal c;
    struct cal_rule r;
    if ((rc = calendar_for(db, row->unit_id, &c, &r)) != 0)
        return rc;
    rc = wbs_stage_due(&c, &r, row->channel, state, today, due, remind);
    cal_free(&c);
    if (rc)
        return rc;
    bool closing = strcmp(state, "selesai") == 0;
    rc = wbs_store_report_state(db, row->id, state, refer ? referral : row->referral, today, due,
                                remind, closing ? now : 0, now);
    struct buf sealed = BUF_INIT;
    if (!rc && has_note)
        rc = seal_text(row->pk, note, &sealed);
    if (!rc)
        rc = wbs_store_event(db, row->id, by, "status", row->state, state,
                             has_note && public_note ? sealed.p : NULL,
                             has_note && public_note ? sealed.len : 0, true, now);
    if (!rc && has_note && !public_note)
        rc = wbs_store_event(db, row->id, by, "catatan", "", "", sealed.p, sealed.len, false, now);
    if (!rc && closing)
        rc = figures_changed(db, row->unit_id, atoi(row->received_day), now);
    buf_free(&sealed);
    return rc;
}

int
wbs_case_extend(struct db *db, const struct wbs_report_row *row, int64_t by, int64_t now)
{
    char today[11], until[11];
    int rc = unit_today(db, row->unit_id, now, today);
    if (rc)
        return rc;
    add_days(today, wbs_retention_days(row->channel), until);
    if (strcmp(until, row->expires_day) <= 0)
        return 0;
    rc = wbs_store_report_expiry(db, row->id, until, now);
    if (!rc)
        rc = wbs_store_event(db, row->id, by, "perpanjang", "", "", NULL, 0, false, now);
    return rc;
}

/* --- identity --------------------------------------------------------------------------------- */

int
wbs_case_identity_request(struct db *db, const struct wbs_report_row *row, int64_t officer_id,
                          const char *reason, int64_t now)
{
    if (!row->has_identity || !text_ok(reason, WBS_REASON_MAX))
        return ZE_INVAL;
    json_t *reqs = json_array();
    int rc = wbs_store_idreqs(db, row->id, "", reqs);
    size_t i;
    json_t *m;
    json_array_foreach(reqs, i, m)
    {
        const char *st = json_string_value(json_object_get(m, "state"));
        if (json_integer_value(json_object_get(m, "officer_id")) == officer_id && st &&
            strcmp(st, "ditolak") != 0)
            rc = rc ? rc : ZE_CONFLICT;
    }
    json_decref(reqs);
    if (rc)
        return rc;
    struct buf sealed = BUF_INIT;
    rc = seal_text(row->pk, reason, &sealed);
    int64_t req_id = 0;
    if (!rc)
        rc = wbs_store_idreq_add(db, row->id, officer_id, sealed.p, sealed.len, now, &req_id);
    buf_free(&sealed);
    /* the custodians hold no report key: the reason is sealed to each of them as well */
    json_t *list = json_array();
    if (!rc)
        rc = wbs_store_holders(db, "kustodian-identitas", row->unit_path, list);
    json_array_foreach(list, i, m)
    {
        if (rc)
            break;
        int64_t cid = json_integer_value(json_object_get(m, "user_id"));
        unsigned char pk[WBS_KEY_BYTES];
        struct buf probe = BUF_INIT, copy = BUF_INIT;
        if (wbs_store_identity_get(db, row->id, cid, &probe) == 0 &&
            hex_key(json_string_value(json_object_get(m, "pk")), pk) == 0 &&
            seal_text(pk, reason, &copy) == 0)
            rc = wbs_store_idreq_reason_put(db, req_id, cid, copy.p, copy.len);
        buf_free(&probe);
        buf_free(&copy);
    }
    json_decref(list);
    if (!rc)
        rc = wbs_store_event(db, row->id, officer_id, "identitas_diminta", "", "", NULL, 0, true,
                             now);
    return rc;
}

int
wbs_case_identity_decide(struct db *db, int64_t req_id, int64_t custodian_id,
                         const struct wbs_keypair *custodian, bool approve, int64_t now)
{
    json_t *req = wbs_store_idreq_get(db, req_id);
    if (!req)
        return ZE_NOTFOUND;
    int rc = 0;
    const char *st = json_string_value(json_object_get(req, "state"));
    if (!st || strcmp(st, "menunggu") != 0)
        rc = ZE_CONFLICT;
    int64_t report_id = json_integer_value(json_object_get(req, "report_id"));
    int64_t officer_id = json_integer_value(json_object_get(req, "officer_id"));
    json_decref(req);
    struct buf copy = BUF_INIT, resealed = BUF_INIT;
    if (!rc && wbs_store_identity_get(db, report_id, custodian_id, &copy) != 0)
        rc = ZE_FORBIDDEN;
    if (!rc && approve) {
        struct wbs_officer_row o;
        rc = wbs_store_officer_get(db, officer_id, &o);
        if (!rc)
            rc = wbs_identity_reseal(copy.p, copy.len, custodian, o.pk, &resealed);
    }
    if (!rc)
        rc = wbs_store_idreq_decide(db, req_id, custodian_id, approve, approve ? resealed.p : NULL,
                                    approve ? resealed.len : 0, now);
    if (!rc)
        rc = wbs_store_event(db, report_id, custodian_id,
                             approve ? "identitas_disetujui" : "identitas_ditolak", "", "", NULL, 0,
                             true, now);
    buf_free(&copy);
    buf_free(&resealed);
    return rc;
}

int
wbs_case_identity_read(struct db *db, const struct wbs_report_row *row, int64_t officer_id,
                       const struct wbs_keypair *officer, json_t **out)
{
    *out = NULL;
    json_t *reqs = json_array();
    int rc = wbs_store_idreqs(db, row->id, "", reqs);
    const char *resealed = NULL;
    size_t i;
    json_t *m;
    json_array_foreach(reqs, i, m)
    {
        const char *st = json_string_value(json_object_get(m, "state"));
        if (json_integer_value(json_object_get(m, "officer_id")) == officer_id && st &&
            strcmp(st, "disetujui") == 0 && json_string_value(json_object_get(m, "resealed")))
            resealed = json_string_value(json_object_get(m, "resealed"));
    }
    json_t *text = !rc && resealed ? open_b64(officer, resealed) : NULL;
    if (text)
        *out = json_loads(json_string_value(text), 0, NULL);
    json_decref(text);
    json_decref(reqs);
    if (rc)
        return rc;
    return *out ? 0 : ZE_FORBIDDEN;
}

int
wbs_case_identity_queue(struct db *db, const char *prefix, int64_t custodian_id,
                        const struct wbs_keypair *custodian, json_t *list)
{
    json_t *reqs = json_array();
    int rc = wbs_store_idreqs(db, 0, prefix, reqs);
    size_t i;
    json_t *m;
    json_array_foreach(reqs, i, m)
    {
        if (rc)
            break;
        int64_t req_id = json_integer_value(json_object_get(m, "id"));
        struct buf sealed = BUF_INIT, text = BUF_INIT;
        if (wbs_store_idreq_reason_get(db, req_id, custodian_id, &sealed) != 0) {
            buf_free(&sealed);
            continue; /* not one of this custodian's reports */
        }
        json_t *reason = NULL;
        if (wbs_open(custodian, sealed.p, sealed.len, &text) == 0)
            reason = json_stringn(text.p ? text.p : "", text.len);
        wbs_buf_wipe(&text);
        buf_free(&sealed);
        struct wbs_report_row row;
        int64_t report_id = json_integer_value(json_object_get(m, "report_id"));
        if (wbs_store_report_get(db, report_id, &row) != 0) {
            json_decref(reason);
            continue;
        }
        json_array_append_new(
            list,
            json_pack("{s:I,s:I,s:s,s:s,s:s,s:O,s:o,s:O,s:O}", "id", (json_int_t)req_id,
                      "report_id", (json_int_t)report_id, "category", row.category, "unit_code",
                      row.unit_code, "unit_name", row.unit_name, "officer_name",
                      json_object_get(m, "officer_name"), "reason",
                      reason ? reason : json_string(""), "created_at",
                      json_object_get(m, "created_at"), "state", json_object_get(m, "state")));
    }
    json_decref(reqs);
    return rc;
}

/* --- sharing, retention, clocks --------------------------------------------------------------- */

int
wbs_case_share(struct db *db, int64_t giver, const struct wbs_keypair *giver_key)
{
    json_t *list = json_array();
    int rc = wbs_store_keys_missing(db, giver, list);
    int made = 0;
    size_t i;
    json_t *m;
    json_array_foreach(list, i, m)
    {
        if (rc)
            break;
        int64_t report_id = json_integer_value(json_object_get(m, "report_id"));
        struct wbs_report_row row;
        unsigned char sealed[WBS_SEALED_KEY_BYTES], pk[WBS_KEY_BYTES];
        struct wbs_keypair report;
        if (wbs_store_report_get(db, report_id, &row) != 0 ||
            wbs_store_key_get(db, report_id, giver, sealed) != 0 ||
            hex_key(json_string_value(json_object_get(m, "pk")), pk) != 0 ||
            wbs_key_open(sealed, giver_key, row.pk, &report) != 0)
            continue;
        if (wbs_key_seal(&report, pk, sealed) == 0) {
            rc = wbs_store_key_put(db, report_id, json_integer_value(json_object_get(m, "user_id")),
                                   sealed);
            if (!rc)
                made++;
        }
        wbs_keypair_wipe(&report);
    }
    json_decref(list);
    return rc ? rc : made;
}

int
wbs_case_sweep(struct db *db, int64_t now, bool force, int *n)
{
    *n = 0;
    char today[11], last[16] = "";
    cal_format_date(now / 86400000, today);
    if (!force && meta_get(db, "wbs.sweep_day", last, sizeof last) == 0 && strcmp(last, today) == 0)
        return 0;
    json_t *ids = json_array();
    int rc = wbs_store_expired(db, today, ids);
    size_t i;
    json_t *m;
    json_array_foreach(ids, i, m)
    {
        if (rc)
            break;
        int64_t id = json_integer_value(m);
        rc = wbs_store_report_delete(db, id);
        if (!rc) {
            char oid[32];
            snprintf(oid, sizeof oid, "%lld", (long long)id);
            struct audit_entry e = {0,   "sistem", 0,   "wbs.report_deleted", "wbs_report",
                                    oid, NULL,     NULL};
            rc = audit_append(db, &e);
            (*n)++;
        }
    }
    json_decref(ids);
    if (!rc)
        rc = wbs_store_session_sweep(db, now);
    if (!rc)
        rc = meta_set(db, "wbs.sweep_day", today);
    return rc;
}

int
wbs_case_recompute(struct db *db, int64_t now)
{
    (void)now;
    json_t *list = json_array();
    int rc = wbs_store_open_reports(db, list);
    size_t i;
    json_t *m;
    json_array_foreach(list, i, m)
    {
        if (rc)
            break;
        struct wbs_report_row row;
        int64_t id = json_integer_value(json_object_get(m, "id"));
        if (wbs_store_report_get(db, id, &row) != 0)
            continue;
        struct cal c;
        struct cal_rule r;
        if ((rc = calendar_for(db, row.unit_id, &c, &r)) != 0)
            break;
        char due[11] = "", remind[11] = "";
        rc = wbs_stage_due(&c, &r, row.channel, row.state, row.stage_day, due, remind);
        cal_free(&c);
        if (!rc && (strcmp(due, row.stage_due) != 0 || strcmp(remind, row.remind_day) != 0))
            rc = wbs_store_report_state(db, row.id, row.state, row.referral, row.stage_day, due,
                                        remind, row.closed_at, row.updated_at);
    }
    json_decref(list);
    return rc;
}
