/* wbs_store: every SQL statement of the whistleblowing channel, bound and portable. Everything
 * a reporter wrote arrives here as ciphertext and leaves as ciphertext: this file only stores
 * and finds rows. Sealed values go out in JSON as base64 (ORIGINAL variant), public keys as hex.
 * Keys and other fixed-size columns are length-checked when read, so a damaged row is ZE_DB,
 * never an overflow. Every function runs in the caller's transaction and writes no audit entry
 * (the callers do).
 *
 * "A grant covers a unit" is the rule of auth/acl.c in SQL: an active grant (revoked_at NULL)
 * of an active person on an active unit G covers unit U when U.path LIKE G.path || '%'. Paths
 * are "/1/5/77/" (digits and slashes), so the pattern holds no wildcard of its own. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/xmem.h"
#include "db/db.h"
#include "wbs.h"

/* --- statements ------------------------------------------------------------------------------ */

#define R_COLS                                                                                     \
    "r.id, r.unit_id, u.code, u.name, u.path, r.category, r.channel, r.state, r.referral, r.pk, "  \
    "r.receipt_salt, r.receipt_kdf, r.receipt_key, r.has_identity, r.received_at, "                \
    "r.received_day, r.stage_day, r.stage_due, r.remind_day, r.expires_day, "                      \
    "COALESCE(r.closed_at, 0), r.updated_at FROM wbs_reports r JOIN units u ON u.id = r.unit_id "

/* the grant of role $ROLE held by person P.id, active, on an active unit covering path X */
#define COVERS(role, person, path)                                                                 \
    "EXISTS (SELECT 1 FROM grants g JOIN units gu ON gu.id = g.unit_id WHERE g.user_id = " person  \
    " AND g.role = " role " AND g.revoked_at IS NULL AND gu.active AND " path                      \
    " LIKE gu.path || '%')"

static const char q_report_insert[] =
    "INSERT INTO wbs_reports (lookup, unit_id, category, channel, state, referral, pk, "
    "receipt_salt, receipt_kdf, receipt_key, content, has_identity, received_at, received_day, "
    "stage_day, stage_due, remind_day, expires_day, closed_at, updated_at) VALUES ($1, $2, $3, "
    "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id";
static const char q_report_by_lookup[] = "SELECT " R_COLS "WHERE r.lookup = $1";
static const char q_report_get[] = "SELECT " R_COLS "WHERE r.id = $1";
static const char q_report_content[] = "SELECT content FROM wbs_reports WHERE id = $1";
static const char q_report_state[] =
    "UPDATE wbs_reports SET state = $2, referral = $3, stage_day = $4, stage_due = $5, "
    "remind_day = $6, closed_at = $7, updated_at = $8 WHERE id = $1 RETURNING id";
static const char q_report_expiry[] =
    "UPDATE wbs_reports SET expires_day = $2, updated_at = $3 WHERE id = $1 RETURNING id";
static const char q_reports[] =
    "SELECT r.id, u.code, u.name, r.category, r.state, r.referral, r.received_at, "
    "r.received_day, r.stage_due, r.remind_day, r.expires_day, r.has_identity, EXISTS (SELECT 1 "
    "FROM wbs_report_keys k WHERE k.report_id = r.id AND k.user_id = $2), COALESCE((SELECT "
    "m.author FROM wbs_messages m WHERE m.report_id = r.id ORDER BY m.at DESC, m.id DESC LIMIT "
    "1), '') = 'pelapor' FROM wbs_reports r JOIN units u ON u.id = r.unit_id WHERE u.path LIKE $1 "
    "|| '%' AND ($3 = '' OR ($3 = 'terbuka' AND r.state <> 'selesai') OR r.state = $3) ORDER BY "
    "r.received_at DESC, r.id DESC";
static const char q_open_reports[] =
    "SELECT id, unit_id, channel, state, stage_day FROM wbs_reports WHERE state <> 'selesai' "
    "ORDER BY id";
static const char q_expired[] =
    "SELECT id FROM wbs_reports WHERE expires_day < $1 ORDER BY expires_day, id";

/* report_delete, in dependency order */
static const char q_del_reasons[] =
    "DELETE FROM wbs_identity_reasons WHERE request_id IN (SELECT id FROM wbs_identity_requests "
    "WHERE report_id = $1)";
static const char q_del_requests[] = "DELETE FROM wbs_identity_requests WHERE report_id = $1";
static const char q_del_identities[] = "DELETE FROM wbs_identities WHERE report_id = $1";
static const char q_del_events[] = "DELETE FROM wbs_events WHERE report_id = $1";
static const char q_del_messages[] = "DELETE FROM wbs_messages WHERE report_id = $1";
static const char q_file_blobs[] =
    "SELECT DISTINCT blob_id FROM wbs_files WHERE report_id = $1 ORDER BY blob_id";
static const char q_del_files[] = "DELETE FROM wbs_files WHERE report_id = $1";
/* blob_chunks go with their blob (ON DELETE CASCADE; SQLite runs with foreign_keys=ON) */
static const char q_del_blob[] =
    "DELETE FROM blobs WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM wbs_files f WHERE f.blob_id = "
    "$1)";
static const char q_del_keys[] = "DELETE FROM wbs_report_keys WHERE report_id = $1";
static const char q_del_report[] = "DELETE FROM wbs_reports WHERE id = $1 RETURNING id";

/* a holder's copy is put once: a second put for the same pair keeps the first (sharing may run
 * twice on the same pair; both copies seal the same key) */
static const char q_key_put[] =
    "INSERT INTO wbs_report_keys (report_id, user_id, sealed) VALUES ($1, $2, $3) ON CONFLICT "
    "(report_id, user_id) DO NOTHING";
static const char q_key_get[] =
    "SELECT sealed FROM wbs_report_keys WHERE report_id = $1 AND user_id = $2";
static const char q_keys_missing[] =
    "SELECT k.report_id, ok.user_id, ok.pk FROM wbs_report_keys k JOIN wbs_reports r ON r.id = "
    "k.report_id JOIN units ru ON ru.id = r.unit_id JOIN wbs_officer_keys ok ON ok.user_id <> "
    "k.user_id JOIN users us ON us.id = ok.user_id WHERE k.user_id = $1 AND us.active AND " COVERS(
        "'petugas-wbs'", "ok.user_id",
        "ru.path") " AND NOT EXISTS (SELECT 1 FROM wbs_report_keys x WHERE x.report_id = "
                   "k.report_id AND x.user_id = ok.user_id) ORDER BY k.report_id, ok.user_id";
static const char q_holders[] =
    "SELECT ok.user_id, ok.pk FROM wbs_officer_keys ok JOIN users us ON us.id = ok.user_id WHERE "
    "us.active AND " COVERS("$1", "ok.user_id", "$2") " ORDER BY ok.user_id";
static const char q_key_custodians[] =
    "SELECT ok.user_id, ok.pk FROM wbs_officer_keys ok JOIN users us ON us.id = ok.user_id WHERE "
    "us.active AND EXISTS (SELECT 1 FROM grants g JOIN units gu ON gu.id = g.unit_id WHERE "
    "g.user_id = ok.user_id AND g.role = 'kustodian-kunci' AND g.revoked_at IS NULL AND "
    "gu.active) ORDER BY ok.user_id";

static const char q_message_add[] =
    "INSERT INTO wbs_messages (report_id, at, author, user_id, sealed) VALUES ($1, $2, $3, $4, "
    "$5) RETURNING id";
static const char q_messages[] =
    "SELECT m.id, m.at, m.author, COALESCE(u.name, ''), m.sealed FROM wbs_messages m LEFT JOIN "
    "users u ON u.id = m.user_id WHERE m.report_id = $1 ORDER BY m.at, m.id";

static const char q_file_add[] =
    "INSERT INTO wbs_files (report_id, at, author, blob_id, meta) VALUES ($1, $2, $3, $4, $5) "
    "RETURNING id";
static const char q_files[] =
    "SELECT id, at, author, meta FROM wbs_files WHERE report_id = $1 ORDER BY at, id";
static const char q_file_blob[] = "SELECT blob_id FROM wbs_files WHERE report_id = $1 AND id = $2";
static const char q_file_count[] = "SELECT COUNT(*) FROM wbs_files WHERE report_id = $1";

static const char q_event[] =
    "INSERT INTO wbs_events (report_id, at, actor_id, action, from_state, to_state, note, "
    "public) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
static const char q_events[] =
    "SELECT e.at, COALESCE(u.name, ''), e.action, e.from_state, e.to_state, e.note, e.public "
    "FROM wbs_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.report_id = $1 AND "
    "(e.public OR NOT $2) ORDER BY e.at, e.id";

static const char q_identity_put[] =
    "INSERT INTO wbs_identities (report_id, custodian_id, sealed) VALUES ($1, $2, $3) ON "
    "CONFLICT (report_id, custodian_id) DO UPDATE SET sealed = excluded.sealed";
static const char q_identity_get[] =
    "SELECT sealed FROM wbs_identities WHERE report_id = $1 AND custodian_id = $2";
static const char q_idreq_add[] =
    "INSERT INTO wbs_identity_requests (report_id, officer_id, reason, state, created_at) VALUES "
    "($1, $2, $3, 'menunggu', $4) RETURNING id";
static const char q_reason_put[] =
    "INSERT INTO wbs_identity_reasons (request_id, custodian_id, sealed) VALUES ($1, $2, $3) ON "
    "CONFLICT (request_id, custodian_id) DO UPDATE SET sealed = excluded.sealed";
static const char q_reason_get[] =
    "SELECT sealed FROM wbs_identity_reasons WHERE request_id = $1 AND custodian_id = $2";
static const char q_idreq_decide[] =
    "UPDATE wbs_identity_requests SET state = $3, custodian_id = $2, resealed = $4, decided_at = "
    "$5 WHERE id = $1 AND state = 'menunggu' RETURNING id";
static const char q_idreq_exists[] = "SELECT 1 FROM wbs_identity_requests WHERE id = $1";
#define Q_COLS                                                                                     \
    "q.id, q.report_id, q.officer_id, COALESCE(o.name, ''), q.state, q.reason, q.created_at, "     \
    "q.decided_at, COALESCE(c.name, ''), q.resealed FROM wbs_identity_requests q JOIN "            \
    "wbs_reports r ON r.id = q.report_id JOIN units u ON u.id = r.unit_id LEFT JOIN users o ON "   \
    "o.id = q.officer_id LEFT JOIN users c ON c.id = q.custodian_id "
static const char q_idreq_get[] = "SELECT " Q_COLS "WHERE q.id = $1";
/* $1 is a report id first, so PostgreSQL types it BIGINT; no report has id 0 */
static const char q_idreqs[] =
    "SELECT " Q_COLS "WHERE q.report_id = $1 OR ($1 = 0 AND q.state = 'menunggu' AND u.path LIKE "
    "$2 || '%') ORDER BY q.created_at, q.id";

static const char q_officer_get[] =
    "SELECT user_id, pk, salt, kdf, wrapped_pw, wrapped_rec, created_at, updated_at FROM "
    "wbs_officer_keys WHERE user_id = $1";
static const char q_officer_put[] =
    "INSERT INTO wbs_officer_keys (user_id, pk, salt, kdf, wrapped_pw, wrapped_rec, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (user_id) DO UPDATE SET pk = "
    "excluded.pk, salt = excluded.salt, kdf = excluded.kdf, wrapped_pw = excluded.wrapped_pw, "
    "wrapped_rec = excluded.wrapped_rec, updated_at = excluded.updated_at";
static const char q_escrow_put[] =
    "INSERT INTO wbs_escrow (user_id, custodian_id, sealed, created_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (user_id, custodian_id) DO UPDATE SET sealed = excluded.sealed, created_at = "
    "excluded.created_at";
static const char q_escrow_get[] =
    "SELECT sealed FROM wbs_escrow WHERE user_id = $1 AND custodian_id = $2";
static const char q_people[] =
    "SELECT us.id, us.nip, us.name, g.role, EXISTS (SELECT 1 FROM wbs_officer_keys ok WHERE "
    "ok.user_id = us.id), EXISTS (SELECT 1 FROM wbs_escrow e WHERE e.user_id = us.id AND "
    "e.custodian_id = $1) FROM users us JOIN grants g ON g.user_id = us.id JOIN units gu ON gu.id "
    "= g.unit_id WHERE us.active AND gu.active AND g.revoked_at IS NULL AND g.role IN "
    "('petugas-wbs', 'kustodian-identitas', 'kustodian-kunci') ORDER BY us.name, us.id, g.role";

static const char q_session_put[] =
    "INSERT INTO wbs_session_keys (session_id, user_id, wrapped, pending, created_at) VALUES ($1, "
    "$2, $3, $4, $5) ON CONFLICT (session_id) DO UPDATE SET user_id = excluded.user_id, wrapped = "
    "excluded.wrapped, pending = excluded.pending, created_at = excluded.created_at";
static const char q_session_get[] =
    "SELECT user_id, wrapped, pending FROM wbs_session_keys WHERE session_id = $1";
static const char q_session_clear[] =
    "UPDATE wbs_session_keys SET pending = NULL WHERE session_id = $1";
static const char q_session_sweep[] =
    "DELETE FROM wbs_session_keys WHERE session_id IN (SELECT id FROM sessions WHERE ended_at IS "
    "NOT NULL OR expires_at < $1)";

static const char q_pow_issue[] = "INSERT INTO wbs_pow (challenge, issued_at) VALUES ($1, $2)";
static const char q_pow_take[] =
    "DELETE FROM wbs_pow WHERE challenge = $1 AND issued_at >= $2 RETURNING challenge";
static const char q_pow_stale[] = "DELETE FROM wbs_pow WHERE issued_at < $1";

static const char q_stats[] =
    "SELECT r.category, r.state, r.received_at, COALESCE(r.closed_at, 0) FROM wbs_reports r JOIN "
    "units u ON u.id = r.unit_id WHERE u.path LIKE $1 || '%' AND r.received_day >= $2 AND "
    "r.received_day < $3";

/* --- helpers --------------------------------------------------------------------------------- */

/* DB_DONE after a loop of rows is success; anything else is the error it is. */
static int
done(int rc)
{
    return rc == DB_DONE ? 0 : rc;
}

/* A fixed-size column: exactly n bytes, or the row is damaged. */
static int
col_fixed(struct db_stmt *st, int i, unsigned char *dst, size_t n)
{
    size_t len = 0;
    const void *p = db_col_blob(st, i, &len);
    if (len != n) /* boundary: n - 1 and n + 1 bytes are both ZE_DB */
        return ZE_DB;
    memcpy(dst, p, n);
    return 0;
}

/* A text column into a fixed buffer: longer than fits is a damaged row, not a cut. */
static int
col_text_into(struct db_stmt *st, int i, char *dst, size_t n)
{
    size_t len = strlen(db_col_text(st, i));
    if (len >= n) /* boundary: n - 1 bytes fit */
        return ZE_DB;
    memcpy(dst, db_col_text(st, i), len + 1);
    return 0;
}

/* A variable-size column into out (emptied first). */
static void
col_buf(struct db_stmt *st, int i, struct buf *out)
{
    size_t len = 0;
    const void *p = db_col_blob(st, i, &len);
    buf_reset(out);
    buf_reserve(out, len + 1);
    buf_append(out, p, len);
}

static json_t *
b64(const void *p, size_t len)
{
    size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
    char *s = xmalloc(n);
    sodium_bin2base64(s, n, p, len, sodium_base64_VARIANT_ORIGINAL);
    json_t *j = json_string(s);
    free(s);
    return j;
}

static json_t *
col_b64(struct db_stmt *st, int i)
{
    size_t len = 0;
    const void *p = db_col_blob(st, i, &len);
    return b64(p, len);
}

/* A public key column as hex, or NULL when it is not a key. */
static json_t *
col_pk_hex(struct db_stmt *st, int i)
{
    unsigned char pk[WBS_KEY_BYTES];
    char hex[WBS_KEY_BYTES * 2 + 1];
    if (col_fixed(st, i, pk, sizeof pk) != 0)
        return NULL;
    sodium_bin2hex(hex, sizeof hex, pk, sizeof pk);
    return json_string(hex);
}

static void
bind_id_or_null(struct db_stmt *st, int i, int64_t id)
{
    if (id > 0)
        db_bind_int64(st, i, id);
    else
        db_bind_null(st, i);
}

/* One row back from a statement with bound parameters: DB_ROW is 0, none is ZE_NOTFOUND. */
static int
expect_row(struct db_stmt *st)
{
    int rc = db_step(st);
    db_finalize(st);
    if (rc == DB_ROW)
        return 0;
    return rc == DB_DONE ? ZE_NOTFOUND : rc;
}

/* The sealed value of a (key1, key2) row into out; 0 or ZE_NOTFOUND. */
static int
get_sealed(struct db *db, const char *sql, int64_t k1, int64_t k2, struct buf *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, k1);
    db_bind_int64(st, 2, k2);
    rc = db_step(st);
    if (rc == DB_ROW) {
        col_buf(st, 0, out);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = ZE_NOTFOUND;
    }
    db_finalize(st);
    return rc;
}

/* The same for a sealed key of fixed size; ZE_DB when the row holds another size. */
static int
get_sealed_key(struct db *db, const char *sql, int64_t k1, int64_t k2,
               unsigned char sealed[WBS_SEALED_KEY_BYTES])
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, k1);
    db_bind_int64(st, 2, k2);
    rc = db_step(st);
    if (rc == DB_ROW)
        rc = col_fixed(st, 0, sealed, WBS_SEALED_KEY_BYTES);
    else if (rc == DB_DONE)
        rc = ZE_NOTFOUND;
    db_finalize(st);
    return rc;
}

/* Runs sql with $1 = id and nothing else. */
static int
run_id(struct db *db, const char *sql, int64_t id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    return db_run(st);
}

/* [{"user_id", "pk"}] from (user_id, pk) rows. */
static int
user_keys(struct db_stmt *st, json_t *list)
{
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        json_t *pk = col_pk_hex(st, 1);
        if (!pk) {
            rc = ZE_DB;
            break;
        }
        json_array_append_new(
            list, json_pack("{s:I,s:o}", "user_id", (json_int_t)db_col_int64(st, 0), "pk", pk));
    }
    db_finalize(st);
    return done(rc);
}

/* --- reports --------------------------------------------------------------------------------- */

static int
read_report(struct db_stmt *st, struct wbs_report_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_col_int64(st, 0);
    r->unit_id = db_col_int64(st, 1);
    int rc = col_text_into(st, 2, r->unit_code, sizeof r->unit_code);
    if (rc == 0)
        rc = col_text_into(st, 3, r->unit_name, sizeof r->unit_name);
    if (rc == 0)
        rc = col_text_into(st, 4, r->unit_path, sizeof r->unit_path);
    if (rc == 0)
        rc = col_text_into(st, 5, r->category, sizeof r->category);
    if (rc == 0)
        rc = col_text_into(st, 6, r->channel, sizeof r->channel);
    if (rc == 0)
        rc = col_text_into(st, 7, r->state, sizeof r->state);
    if (rc == 0)
        rc = col_text_into(st, 8, r->referral, sizeof r->referral);
    if (rc == 0)
        rc = col_fixed(st, 9, r->pk, sizeof r->pk);
    if (rc == 0)
        rc = col_fixed(st, 10, r->receipt_salt, sizeof r->receipt_salt);
    if (rc == 0)
        rc = col_text_into(st, 11, r->receipt_kdf, sizeof r->receipt_kdf);
    if (rc == 0)
        rc = col_fixed(st, 12, r->receipt_key, sizeof r->receipt_key);
    r->has_identity = db_col_bool(st, 13);
    r->received_at = db_col_int64(st, 14);
    if (rc == 0)
        rc = col_text_into(st, 15, r->received_day, sizeof r->received_day);
    if (rc == 0)
        rc = col_text_into(st, 16, r->stage_day, sizeof r->stage_day);
    if (rc == 0)
        rc = col_text_into(st, 17, r->stage_due, sizeof r->stage_due);
    if (rc == 0)
        rc = col_text_into(st, 18, r->remind_day, sizeof r->remind_day);
    if (rc == 0)
        rc = col_text_into(st, 19, r->expires_day, sizeof r->expires_day);
    r->closed_at = db_col_int64(st, 20);
    r->updated_at = db_col_int64(st, 21);
    if (rc)
        memset(r, 0, sizeof *r);
    return rc;
}

static int
report_one(struct db *db, const char *sql, const char *text, int64_t id, struct wbs_report_row *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc)
        return rc;
    if (text)
        db_bind_text(st, 1, text, -1);
    else
        db_bind_int64(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW)
        rc = read_report(st, out);
    else if (rc == DB_DONE)
        rc = ZE_NOTFOUND;
    db_finalize(st);
    return rc;
}

int
wbs_store_report_insert(struct db *db, const struct wbs_report_row *r, const char *lookup,
                        const void *content, size_t content_len, int64_t *id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_report_insert, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, lookup, -1);
    db_bind_int64(st, 2, r->unit_id);
    db_bind_text(st, 3, r->category, -1);
    db_bind_text(st, 4, r->channel, -1);
    db_bind_text(st, 5, r->state, -1);
    db_bind_text(st, 6, r->referral, -1);
    db_bind_blob(st, 7, r->pk, sizeof r->pk);
    db_bind_blob(st, 8, r->receipt_salt, sizeof r->receipt_salt);
    db_bind_text(st, 9, r->receipt_kdf, -1);
    db_bind_blob(st, 10, r->receipt_key, sizeof r->receipt_key);
    db_bind_blob(st, 11, content, content_len);
    db_bind_bool(st, 12, r->has_identity);
    db_bind_int64(st, 13, r->received_at);
    db_bind_text(st, 14, r->received_day, -1);
    db_bind_text(st, 15, r->stage_day, -1);
    db_bind_text(st, 16, r->stage_due, -1);
    db_bind_text(st, 17, r->remind_day, -1);
    db_bind_text(st, 18, r->expires_day, -1);
    bind_id_or_null(st, 19, r->closed_at);
    db_bind_int64(st, 20, r->updated_at ? r->updated_at : r->received_at);
    rc = db_step(st);
    if (rc == DB_ROW)
        *id = db_col_int64(st, 0);
    db_finalize(st);
    if (rc == DB_ROW)
        return 0;
    return rc == DB_DONE ? ZE_DB : rc;
}

int
wbs_store_report_by_lookup(struct db *db, const char *lookup, struct wbs_report_row *out)
{
    return report_one(db, q_report_by_lookup, lookup ? lookup : "", 0, out);
}

int
wbs_store_report_get(struct db *db, int64_t id, struct wbs_report_row *out)
{
    return report_one(db, q_report_get, NULL, id, out);
}

int
wbs_store_report_content(struct db *db, int64_t id, struct buf *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_report_content, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW) {
        col_buf(st, 0, out);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = ZE_NOTFOUND;
    }
    db_finalize(st);
    return rc;
}

int
wbs_store_report_state(struct db *db, int64_t id, const char *state, const char *referral,
                       const char *stage_day, const char *stage_due, const char *remind_day,
                       int64_t closed_at, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_report_state, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, state, -1);
    db_bind_text(st, 3, referral ? referral : "", -1);
    db_bind_text(st, 4, stage_day ? stage_day : "", -1);
    db_bind_text(st, 5, stage_due ? stage_due : "", -1);
    db_bind_text(st, 6, remind_day ? remind_day : "", -1);
    bind_id_or_null(st, 7, closed_at);
    db_bind_int64(st, 8, now);
    return expect_row(st);
}

int
wbs_store_report_expiry(struct db *db, int64_t id, const char *expires_day, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_report_expiry, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, expires_day, -1);
    db_bind_int64(st, 3, now);
    return expect_row(st);
}

int
wbs_store_reports(struct db *db, const char *prefix, int64_t viewer, const char *state,
                  json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_reports, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, prefix ? prefix : "", -1);
    db_bind_int64(st, 2, viewer);
    db_bind_text(st, 3, state ? state : "", -1);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(
            list,
            json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:b,s:b,s:b}", "id",
                      (json_int_t)db_col_int64(st, 0), "unit_code", db_col_text(st, 1), "unit_name",
                      db_col_text(st, 2), "category", db_col_text(st, 3), "state",
                      db_col_text(st, 4), "referral", db_col_text(st, 5), "received_at",
                      (json_int_t)db_col_int64(st, 6), "received_day", db_col_text(st, 7),
                      "stage_due", db_col_text(st, 8), "remind_day", db_col_text(st, 9),
                      "expires_day", db_col_text(st, 10), "has_identity", db_col_bool(st, 11),
                      "has_key", db_col_bool(st, 12), "awaiting_reply", db_col_bool(st, 13)));
    db_finalize(st);
    return done(rc);
}

int
wbs_store_open_reports(struct db *db, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_open_reports, &st);
    if (rc)
        return rc;
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(list, json_pack("{s:I,s:I,s:s,s:s,s:s}", "id",
                                              (json_int_t)db_col_int64(st, 0), "unit_id",
                                              (json_int_t)db_col_int64(st, 1), "channel",
                                              db_col_text(st, 2), "state", db_col_text(st, 3),
                                              "stage_day", db_col_text(st, 4)));
    db_finalize(st);
    return done(rc);
}

int
wbs_store_report_delete(struct db *db, int64_t id)
{
    static const char *const before_files[] = {q_del_reasons, q_del_requests, q_del_identities,
                                               q_del_events, q_del_messages};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof before_files / sizeof before_files[0]; i++)
        rc = run_id(db, before_files[i], id);
    if (rc)
        return rc;

    /* the blobs of the files, gathered before the rows that hold them go */
    struct db_stmt *st;
    if ((rc = db_prepare(db, q_file_blobs, &st)) != 0)
        return rc;
    db_bind_int64(st, 1, id);
    int64_t *blobs = NULL;
    size_t n = 0, cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            blobs = xrealloc(blobs, cap * sizeof *blobs);
        }
        blobs[n++] = db_col_int64(st, 0);
    }
    db_finalize(st);
    rc = done(rc);
    if (rc == 0)
        rc = run_id(db, q_del_files, id);
    /* a blob another file still uses (the store keeps equal bytes once) stays */
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = run_id(db, q_del_blob, blobs[i]);
    free(blobs);
    if (rc == 0)
        rc = run_id(db, q_del_keys, id);
    if (rc == 0 && (rc = db_prepare(db, q_del_report, &st)) == 0) {
        db_bind_int64(st, 1, id);
        rc = expect_row(st);
    }
    return rc;
}

int
wbs_store_expired(struct db *db, const char *today, json_t *ids)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_expired, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, today, -1);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(ids, json_integer(db_col_int64(st, 0)));
    db_finalize(st);
    return done(rc);
}

/* --- report keys ----------------------------------------------------------------------------- */

int
wbs_store_key_put(struct db *db, int64_t report_id, int64_t user_id,
                  const unsigned char sealed[WBS_SEALED_KEY_BYTES])
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_key_put, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, report_id);
    db_bind_int64(st, 2, user_id);
    db_bind_blob(st, 3, sealed, WBS_SEALED_KEY_BYTES);
    return db_run(st);
}

int
wbs_store_key_get(struct db *db, int64_t report_id, int64_t user_id,
                  unsigned char sealed[WBS_SEALED_KEY_BYTES])
{
    return get_sealed_key(db, q_key_get, report_id, user_id, sealed);
}

int
wbs_store_keys_missing(struct db *db, int64_t giver, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_keys_missing, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, giver);
    while ((rc = db_step(st)) == DB_ROW) {
        json_t *pk = col_pk_hex(st, 2);
        if (!pk) {
            rc = ZE_DB;
            break;
        }
        json_array_append_new(list, json_pack("{s:I,s:I,s:o}", "report_id",
                                              (json_int_t)db_col_int64(st, 0), "user_id",
                                              (json_int_t)db_col_int64(st, 1), "pk", pk));
    }
    db_finalize(st);
    return done(rc);
}

int
wbs_store_holders(struct db *db, const char *role, const char *unit_path, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_holders, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, role, -1);
    db_bind_text(st, 2, unit_path, -1);
    return user_keys(st, list);
}

int
wbs_store_key_custodians(struct db *db, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_key_custodians, &st);
    if (rc)
        return rc;
    return user_keys(st, list);
}

/* --- messages, files, events ----------------------------------------------------------------- */

int
wbs_store_message_add(struct db *db, int64_t report_id, const char *author, int64_t user_id,
                      const void *sealed, size_t len, int64_t now, int64_t *id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_message_add, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, report_id);
    db_bind_int64(st, 2, now);
    db_bind_text(st, 3, author, -1);
    bind_id_or_null(st, 4, user_id);
    db_bind_blob(st, 5, sealed, len);
    rc = db_step(st);
    if (rc == DB_ROW && id)
        *id = db_col_int64(st, 0);
    db_finalize(st);
    if (rc == DB_ROW)
        return 0;
    return rc == DB_DONE ? ZE_DB : rc;
}

int
wbs_store_messages(struct db *db, int64_t report_id, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_messages, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, report_id);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(
            list, json_pack("{s:I,s:I,s:s,s:s,s:o}", "id", (json_int_t)db_col_int64(st, 0), "at",
                            (json_int_t)db_col_int64(st, 1), "author", db_col_text(st, 2),
                            "user_name", db_col_text(st, 3), "sealed", col_b64(st, 4)));
    db_finalize(st);
    return done(rc);
}

int
wbs_store_file_add(struct db *db, int64_t report_id, const char *author, int64_t blob_id,
                   const void *meta, size_t meta_len, int64_t now, int64_t *id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_file_add, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, report_id);
    db_bind_int64(st, 2, now);
    db_bind_text(st, 3, author, -1);
    db_bind_int64(st, 4, blob_id);
    db_bind_blob(st, 5, meta, meta_len);
    rc = db_step(st);
    if (rc == DB_ROW && id)
        *id = db_col_int64(st, 0);
    db_finalize(st);
    if (rc == DB_ROW)
        return 0;
    return rc == DB_DONE ? ZE_DB : rc;
}

int
wbs_store_files(struct db *db, int64_t report_id, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_files, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, report_id);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(list,
                              json_pack("{s:I,s:I,s:s,s:o}", "id", (json_int_t)db_col_int64(st, 0),
                                        "at", (json_int_t)db_col_int64(st, 1), "author",
                                        db_col_text(st, 2), "meta", col_b64(st, 3)));
    db_finalize(st);
    return done(rc);
}

int
wbs_store_file_blob(struct db *db, int64_t report_id, int64_t file_id, int64_t *blob_id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_file_blob, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, report_id);
    db_bind_int64(st, 2, file_id);
    rc = db_step(st);
    if (rc == DB_ROW) {
        *blob_id = db_col_int64(st, 0);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = ZE_NOTFOUND;
    }
    db_finalize(st);
    return rc;
}

int64_t
wbs_store_file_count(struct db *db, int64_t report_id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_file_count, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, report_id);
    rc = db_step(st);
    int64_t n = rc == DB_ROW ? db_col_int64(st, 0) : (rc == DB_DONE ? ZE_DB : rc);
    db_finalize(st);
    return n;
}

int
wbs_store_event(struct db *db, int64_t report_id, int64_t actor_id, const char *action,
                const char *from, const char *to, const void *note_sealed, size_t note_len,
                bool public, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_event, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, report_id);
    db_bind_int64(st, 2, now);
    bind_id_or_null(st, 3, actor_id);
    db_bind_text(st, 4, action, -1);
    db_bind_text(st, 5, from ? from : "", -1);
    db_bind_text(st, 6, to ? to : "", -1);
    if (note_sealed)
        db_bind_blob(st, 7, note_sealed, note_len);
    else
        db_bind_null(st, 7);
    db_bind_bool(st, 8, public);
    return db_run(st);
}

int
wbs_store_events(struct db *db, int64_t report_id, bool public_only, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_events, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, report_id);
    db_bind_bool(st, 2, public_only);
    while ((rc = db_step(st)) == DB_ROW) {
        json_t *e =
            json_pack("{s:I,s:s,s:s,s:s,s:s,s:b}", "at", (json_int_t)db_col_int64(st, 0), "actor",
                      db_col_text(st, 1), "action", db_col_text(st, 2), "from", db_col_text(st, 3),
                      "to", db_col_text(st, 4), "public", db_col_bool(st, 6));
        if (!db_col_isnull(st, 5))
            json_object_set_new(e, "note", col_b64(st, 5));
        json_array_append_new(list, e);
    }
    db_finalize(st);
    return done(rc);
}

/* --- identity and its requests --------------------------------------------------------------- */

static int
put_sealed(struct db *db, const char *sql, int64_t k1, int64_t k2, const void *sealed, size_t len)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, k1);
    db_bind_int64(st, 2, k2);
    db_bind_blob(st, 3, sealed, len);
    return db_run(st);
}

int
wbs_store_identity_put(struct db *db, int64_t report_id, int64_t custodian_id, const void *sealed,
                       size_t len)
{
    return put_sealed(db, q_identity_put, report_id, custodian_id, sealed, len);
}

int
wbs_store_identity_get(struct db *db, int64_t report_id, int64_t custodian_id, struct buf *out)
{
    return get_sealed(db, q_identity_get, report_id, custodian_id, out);
}

int
wbs_store_idreq_add(struct db *db, int64_t report_id, int64_t officer_id, const void *reason,
                    size_t len, int64_t now, int64_t *id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_idreq_add, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, report_id);
    db_bind_int64(st, 2, officer_id);
    db_bind_blob(st, 3, reason, len);
    db_bind_int64(st, 4, now);
    rc = db_step(st);
    if (rc == DB_ROW && id)
        *id = db_col_int64(st, 0);
    db_finalize(st);
    if (rc == DB_ROW)
        return 0;
    return rc == DB_DONE ? ZE_DB : rc;
}

int
wbs_store_idreq_reason_put(struct db *db, int64_t req_id, int64_t custodian_id, const void *sealed,
                           size_t len)
{
    return put_sealed(db, q_reason_put, req_id, custodian_id, sealed, len);
}

int
wbs_store_idreq_reason_get(struct db *db, int64_t req_id, int64_t custodian_id, struct buf *out)
{
    return get_sealed(db, q_reason_get, req_id, custodian_id, out);
}

/* 0; ZE_NOTFOUND (no such request) or ZE_CONFLICT (decided already). */
int
wbs_store_idreq_decide(struct db *db, int64_t req_id, int64_t custodian_id, bool approve,
                       const void *resealed, size_t len, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_idreq_decide, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, req_id);
    db_bind_int64(st, 2, custodian_id);
    db_bind_text(st, 3, approve ? "disetujui" : "ditolak", -1);
    if (approve && resealed)
        db_bind_blob(st, 4, resealed, len);
    else
        db_bind_null(st, 4);
    db_bind_int64(st, 5, now);
    rc = expect_row(st);
    if (rc != ZE_NOTFOUND)
        return rc;
    if ((rc = db_prepare(db, q_idreq_exists, &st)) != 0)
        return rc;
    db_bind_int64(st, 1, req_id);
    rc = expect_row(st);
    return rc == 0 ? ZE_CONFLICT : rc;
}

static json_t *
idreq_row(struct db_stmt *st)
{
    json_t *j = json_pack(
        "{s:I,s:I,s:I,s:s,s:s,s:o,s:I,s:o,s:s}", "id", (json_int_t)db_col_int64(st, 0), "report_id",
        (json_int_t)db_col_int64(st, 1), "officer_id", (json_int_t)db_col_int64(st, 2),
        "officer_name", db_col_text(st, 3), "state", db_col_text(st, 4), "reason", col_b64(st, 5),
        "created_at", (json_int_t)db_col_int64(st, 6), "decided_at",
        db_col_isnull(st, 7) ? json_null() : json_integer(db_col_int64(st, 7)), "custodian_name",
        db_col_text(st, 8));
    if (!db_col_isnull(st, 9))
        json_object_set_new(j, "resealed", col_b64(st, 9));
    return j;
}

json_t *
wbs_store_idreq_get(struct db *db, int64_t req_id)
{
    struct db_stmt *st;
    if (db_prepare(db, q_idreq_get, &st) != 0)
        return NULL;
    db_bind_int64(st, 1, req_id);
    json_t *j = db_step(st) == DB_ROW ? idreq_row(st) : NULL;
    db_finalize(st);
    return j;
}

int
wbs_store_idreqs(struct db *db, int64_t report_id, const char *prefix, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_idreqs, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, report_id > 0 ? report_id : 0);
    db_bind_text(st, 2, prefix ? prefix : "", -1);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(list, idreq_row(st));
    db_finalize(st);
    return done(rc);
}

/* --- officers' keys, escrow, people ---------------------------------------------------------- */

int
wbs_store_officer_get(struct db *db, int64_t user_id, struct wbs_officer_row *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_officer_get, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, user_id);
    rc = db_step(st);
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        out->user_id = db_col_int64(st, 0);
        rc = col_fixed(st, 1, out->pk, sizeof out->pk);
        if (rc == 0)
            rc = col_fixed(st, 2, out->salt, sizeof out->salt);
        if (rc == 0)
            rc = col_text_into(st, 3, out->kdf, sizeof out->kdf);
        if (rc == 0)
            rc = col_fixed(st, 4, out->wrapped_pw, sizeof out->wrapped_pw);
        if (rc == 0)
            rc = col_fixed(st, 5, out->wrapped_rec, sizeof out->wrapped_rec);
        out->created_at = db_col_int64(st, 6);
        out->updated_at = db_col_int64(st, 7);
        if (rc)
            memset(out, 0, sizeof *out);
    } else if (rc == DB_DONE) {
        rc = ZE_NOTFOUND;
    }
    db_finalize(st);
    return rc;
}

int
wbs_store_officer_put(struct db *db, const struct wbs_officer_row *o, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_officer_put, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, o->user_id);
    db_bind_blob(st, 2, o->pk, sizeof o->pk);
    db_bind_blob(st, 3, o->salt, sizeof o->salt);
    db_bind_text(st, 4, o->kdf, -1);
    db_bind_blob(st, 5, o->wrapped_pw, sizeof o->wrapped_pw);
    db_bind_blob(st, 6, o->wrapped_rec, sizeof o->wrapped_rec);
    db_bind_int64(st, 7, now);
    return db_run(st);
}

int
wbs_store_escrow_put(struct db *db, int64_t user_id, int64_t custodian_id,
                     const unsigned char sealed[WBS_SEALED_KEY_BYTES], int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_escrow_put, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, user_id);
    db_bind_int64(st, 2, custodian_id);
    db_bind_blob(st, 3, sealed, WBS_SEALED_KEY_BYTES);
    db_bind_int64(st, 4, now);
    return db_run(st);
}

int
wbs_store_escrow_get(struct db *db, int64_t user_id, int64_t custodian_id,
                     unsigned char sealed[WBS_SEALED_KEY_BYTES])
{
    return get_sealed_key(db, q_escrow_get, user_id, custodian_id, sealed);
}

int
wbs_store_people(struct db *db, int64_t custodian_id, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_people, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, custodian_id);
    json_t *last = NULL; /* borrowed from list: rows come grouped by person */
    while ((rc = db_step(st)) == DB_ROW) {
        json_int_t uid = (json_int_t)db_col_int64(st, 0);
        if (!last || json_integer_value(json_object_get(last, "user_id")) != uid) {
            last = json_pack("{s:I,s:s,s:s,s:[],s:b,s:b}", "user_id", uid, "nip",
                             db_col_text(st, 1), "name", db_col_text(st, 2), "roles", "has_key",
                             db_col_bool(st, 4), "escrowed", db_col_bool(st, 5));
            json_array_append_new(list, last);
        }
        /* the same role on two units is one role; rows of a person come sorted by role */
        json_t *roles = json_object_get(last, "roles");
        const char *role = db_col_text(st, 3);
        size_t n = json_array_size(roles);
        if (n == 0 || strcmp(json_string_value(json_array_get(roles, n - 1)), role) != 0)
            json_array_append_new(roles, json_string(role));
    }
    db_finalize(st);
    return done(rc);
}

/* --- session copies -------------------------------------------------------------------------- */

int
wbs_store_session_put(struct db *db, int64_t session_id, int64_t user_id,
                      const unsigned char wrapped[WBS_WRAPPED_KEY_BYTES], const void *pending,
                      size_t pending_len, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_session_put, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, session_id);
    db_bind_int64(st, 2, user_id);
    db_bind_blob(st, 3, wrapped, WBS_WRAPPED_KEY_BYTES);
    if (pending)
        db_bind_blob(st, 4, pending, pending_len);
    else
        db_bind_null(st, 4);
    db_bind_int64(st, 5, now);
    return db_run(st);
}

/* pending (may be NULL) is emptied, then receives the waiting recovery key when there is one. */
int
wbs_store_session_get(struct db *db, int64_t session_id, int64_t *user_id,
                      unsigned char wrapped[WBS_WRAPPED_KEY_BYTES], struct buf *pending)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_session_get, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, session_id);
    if (pending)
        buf_reset(pending);
    rc = db_step(st);
    if (rc == DB_ROW) {
        *user_id = db_col_int64(st, 0);
        rc = col_fixed(st, 1, wrapped, WBS_WRAPPED_KEY_BYTES);
        if (rc == 0 && pending && !db_col_isnull(st, 2))
            col_buf(st, 2, pending);
    } else if (rc == DB_DONE) {
        rc = ZE_NOTFOUND;
    }
    db_finalize(st);
    return rc;
}

int
wbs_store_session_clear_pending(struct db *db, int64_t session_id)
{
    return run_id(db, q_session_clear, session_id);
}

int
wbs_store_session_sweep(struct db *db, int64_t now)
{
    return run_id(db, q_session_sweep, now);
}

/* --- proof of work --------------------------------------------------------------------------- */

int
wbs_store_pow_issue(struct db *db, const char *challenge, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_pow_issue, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, challenge, -1);
    db_bind_int64(st, 2, now);
    return db_run(st);
}

int
wbs_store_pow_take(struct db *db, const char *challenge, int64_t now, int64_t max_age_ms)
{
    int64_t oldest = now - max_age_ms; /* boundary: issued exactly max_age_ms ago still counts */
    struct db_stmt *st;
    int rc = db_prepare(db, q_pow_take, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, challenge, -1);
    db_bind_int64(st, 2, oldest);
    rc = expect_row(st);
    if (rc != 0 && rc != ZE_NOTFOUND)
        return rc;
    /* the challenges nobody came back with */
    int crc = run_id(db, q_pow_stale, oldest);
    return crc ? crc : rc;
}

/* --- statistics ------------------------------------------------------------------------------ */

static int
cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Replaces each count of obj by its cell. */
static void
cells(json_t *obj, bool public)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
    {
        json_object_set_new(obj, k, wbs_stat_cell(json_integer_value(v), public));
    }
}

static void
bump(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    json_object_set_new(obj, key, json_integer(v ? json_integer_value(v) + 1 : 1));
}

int
wbs_store_stats(struct db *db, const char *prefix, int year, bool public, json_t **out)
{
    *out = NULL;
    if (year < 0 || year > 9998)
        return ZE_INVAL;
    /* the year as a range of received_day, so the index order of days serves it */
    char lo[16] = "", hi[16] = "9999-99-99";
    if (year > 0) {
        if ((size_t)snprintf(lo, sizeof lo, "%04d-01-01", year) >= sizeof lo ||
            (size_t)snprintf(hi, sizeof hi, "%04d-01-01", year + 1) >= sizeof hi)
            return ZE_INVAL;
    }
    struct db_stmt *st;
    int rc = db_prepare(db, q_stats, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, prefix ? prefix : "", -1);
    db_bind_text(st, 2, lo, -1);
    db_bind_text(st, 3, hi, -1);
    json_t *by_category = json_object(), *by_state = json_object();
    int64_t total = 0, closed = 0;
    int64_t *days = NULL;
    size_t ndays = 0, cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        total++;
        bump(by_category, db_col_text(st, 0));
        bump(by_state, db_col_text(st, 1));
        if (strcmp(db_col_text(st, 1), "selesai") != 0)
            continue;
        closed++;
        int64_t received = db_col_int64(st, 2), closed_at = db_col_int64(st, 3);
        if (closed_at < received) /* a closed report without its time has no duration */
            continue;
        if (ndays == cap) {
            cap = cap ? cap * 2 : 16;
            days = xrealloc(days, cap * sizeof *days);
        }
        days[ndays++] = (closed_at - received) / 86400000; /* whole days elapsed */
    }
    db_finalize(st);
    if ((rc = done(rc)) != 0) {
        json_decref(by_category);
        json_decref(by_state);
        free(days);
        return rc;
    }
    json_t *median = json_null();
    if (ndays) {
        qsort(days, ndays, sizeof *days, cmp_i64);
        /* an even count takes the mean of the middle two, halves rounded up */
        int64_t m = ndays % 2 ? days[ndays / 2] : (days[ndays / 2 - 1] + days[ndays / 2] + 1) / 2;
        median = json_integer(m);
    }
    free(days);
    cells(by_category, public);
    cells(by_state, public);
    *out = json_pack("{s:o,s:o,s:o,s:o,s:o}", "total", wbs_stat_cell(total, public), "by_category",
                     by_category, "by_state", by_state, "closed", wbs_stat_cell(closed, public),
                     "median_days", median);
    return 0;
}
