/* auth_store: the SQL of auth, bound and portable. */
#include "auth_store.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"

#define USER_COLS                                                                                  \
    "u.id, u.nip, u.name, u.email, u.position, u.unit_id, un.code, un.name, un.tz, "               \
    "COALESCE(u.password_hash, ''), COALESCE(u.totp_secret, ''), u.totp_enabled, u.active "        \
    "FROM users u JOIN units un ON un.id = u.unit_id "

static const char q_user_nip[] = "SELECT " USER_COLS "WHERE u.nip = $1";
static const char q_user_email[] = "SELECT " USER_COLS "WHERE u.email = lower($1)";
static const char q_user_id[] = "SELECT " USER_COLS "WHERE u.id = $1";
static const char q_set_password[] =
    "UPDATE users SET password_hash = $2, password_changed_at = $3, updated_at = $3 WHERE id = $1";
/* a new secret starts its own replay window: the steps used with the old one mean nothing to it
 * (a reset followed by enrolment within the same 30 s was refused as a replay) */
static const char q_set_totp[] =
    "UPDATE users SET totp_last_step = CASE WHEN COALESCE(totp_secret, '') = $2 THEN "
    "totp_last_step ELSE NULL END, totp_secret = $2, totp_enabled = $3, updated_at = $4 WHERE id "
    "= $1";
static const char q_grants[] =
    "SELECT g.id, g.role, g.unit_id, un.path, un.code, un.name, COALESCE(g.area, 0) "
    "FROM grants g JOIN units un ON un.id = g.unit_id "
    "WHERE g.user_id = $1 AND g.revoked_at IS NULL AND un.active ORDER BY un.path, g.role";
static const char q_unit_path[] = "SELECT path FROM units WHERE id = $1";
static const char q_session_insert[] =
    "INSERT INTO sessions (token_hash, user_id, stage, csrf, agent, created_at, last_seen_at, "
    "expires_at) VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id";
static const char q_session_find[] =
    "SELECT id, user_id, stage, csrf, created_at, last_seen_at, expires_at, "
    "COALESCE(ended_at, 0) FROM sessions WHERE token_hash = $1";
static const char q_session_touch[] = "UPDATE sessions SET last_seen_at = $2 WHERE id = $1";
static const char q_session_stage[] = "UPDATE sessions SET stage = $2 WHERE id = $1";
static const char q_session_end[] =
    "UPDATE sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL";
static const char q_session_end_all[] = "UPDATE sessions SET ended_at = $3 "
                                        "WHERE user_id = $1 AND id <> $2 AND ended_at IS NULL";
static const char q_token_insert[] =
    "INSERT INTO user_tokens (user_id, kind, token_hash, created_by, created_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
static const char q_token_find[] = "SELECT id, user_id, kind FROM user_tokens "
                                   "WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2";
static const char q_token_use[] = "UPDATE user_tokens SET used_at = $2 WHERE id = $1";
static const char q_tokens_void[] =
    "UPDATE user_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL";
static const char q_recovery_void[] =
    "UPDATE recovery_codes SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL";
static const char q_recovery_insert[] =
    "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)";
static const char q_recovery_find[] = "SELECT id FROM recovery_codes "
                                      "WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL";
static const char q_recovery_use[] = "UPDATE recovery_codes SET used_at = $2 WHERE id = $1";
static const char q_recovery_left[] =
    "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL";
static const char q_throttle_get[] =
    "SELECT failures, first_at, blocked_until FROM throttle WHERE key = $1";
static const char q_throttle_put[] =
    "INSERT INTO throttle (key, failures, first_at, blocked_until) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, first_at = excluded.first_at, "
    "blocked_until = excluded.blocked_until";
static const char q_throttle_clear[] = "DELETE FROM throttle WHERE key = $1";
static const char q_audit_head[] = "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1";
static const char q_audit_insert[] =
    "INSERT INTO audit_log (at, actor_id, actor, unit_id, action, object_type, object_id, "
    "before_json, after_json, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
    "$11)";

static void
copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static int
one_user(struct db *db, const char *sql, const char *text, int64_t id, struct auth_user *u)
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
    if (rc == DB_ROW) {
        memset(u, 0, sizeof *u);
        u->id = db_col_int64(st, 0);
        copy(u->nip, sizeof u->nip, db_col_text(st, 1));
        copy(u->name, sizeof u->name, db_col_text(st, 2));
        copy(u->email, sizeof u->email, db_col_text(st, 3));
        copy(u->position, sizeof u->position, db_col_text(st, 4));
        u->unit_id = db_col_int64(st, 5);
        copy(u->unit_code, sizeof u->unit_code, db_col_text(st, 6));
        copy(u->unit_name, sizeof u->unit_name, db_col_text(st, 7));
        copy(u->unit_tz, sizeof u->unit_tz, db_col_text(st, 8));
        copy(u->password_hash, sizeof u->password_hash, db_col_text(st, 9));
        copy(u->totp_secret, sizeof u->totp_secret, db_col_text(st, 10));
        u->totp_enabled = db_col_bool(st, 11);
        u->active = db_col_bool(st, 12);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = ZE_NOTFOUND;
    }
    db_finalize(st);
    return rc;
}

int
auth_store_user_by_nip(struct db *db, const char *nip, struct auth_user *u)
{
    return one_user(db, q_user_nip, nip, 0, u);
}

int
auth_store_user_by_email(struct db *db, const char *email, struct auth_user *u)
{
    return one_user(db, q_user_email, email, 0, u);
}

int
auth_store_user_by_id(struct db *db, int64_t id, struct auth_user *u)
{
    return one_user(db, q_user_id, NULL, id, u);
}

int
auth_store_set_password(struct db *db, int64_t user_id, const char *hash, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_set_password, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, hash, -1);
    db_bind_int64(st, 3, now);
    return db_run(st);
}

int
auth_store_set_totp(struct db *db, int64_t user_id, const char *secret, bool enabled, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_set_totp, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, secret, -1);
    db_bind_bool(st, 3, enabled);
    db_bind_int64(st, 4, now);
    return db_run(st);
}

int
auth_store_grants(struct db *db, struct arena *a, int64_t user_id, struct acl_grant **out,
                  size_t *n)
{
    struct db_stmt *st;
    *out = NULL;
    *n = 0;
    int rc = db_prepare(db, q_grants, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, user_id);
    size_t cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            struct acl_grant *g = arena_alloc(a, sizeof(*g) * ncap);
            if (*n)
                memcpy(g, *out, sizeof(*g) * *n);
            *out = g;
            cap = ncap;
        }
        struct acl_grant *g = &(*out)[(*n)++];
        g->id = db_col_int64(st, 0);
        copy(g->role, sizeof g->role, db_col_text(st, 1));
        g->unit_id = db_col_int64(st, 2);
        copy(g->unit_path, sizeof g->unit_path, db_col_text(st, 3));
        copy(g->unit_code, sizeof g->unit_code, db_col_text(st, 4));
        copy(g->unit_name, sizeof g->unit_name, db_col_text(st, 5));
        g->area = (int)db_col_int64(st, 6);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
auth_store_unit_path(struct db *db, int64_t unit_id, char *path, size_t pathsz)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_unit_path, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, unit_id);
    rc = db_step(st);
    if (rc == DB_ROW) {
        copy(path, pathsz, db_col_text(st, 0));
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = ZE_NOTFOUND;
    }
    db_finalize(st);
    return rc;
}

int
auth_store_session_insert(struct db *db, const char *token_hash, int64_t user_id, const char *stage,
                          const char *csrf, const char *agent, int64_t now, int64_t expires,
                          int64_t *id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_session_insert, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, token_hash, -1);
    db_bind_int64(st, 2, user_id);
    db_bind_text(st, 3, stage, -1);
    db_bind_text(st, 4, csrf, -1);
    db_bind_text(st, 5, agent, -1);
    db_bind_int64(st, 6, now);
    db_bind_int64(st, 7, expires);
    rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int64(st, 0);
        rc = 0;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static enum session_stage
stage_of(const char *s)
{
    if (strcmp(s, "totp") == 0)
        return SESSION_TOTP;
    if (strcmp(s, "enrol") == 0)
        return SESSION_ENROL;
    return SESSION_FULL;
}

int
auth_store_session_find(struct db *db, const char *token_hash, struct session *s, int64_t *ended_at)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_session_find, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, token_hash, -1);
    rc = db_step(st);
    if (rc == DB_ROW) {
        memset(s, 0, sizeof *s);
        s->id = db_col_int64(st, 0);
        s->user_id = db_col_int64(st, 1);
        s->stage = stage_of(db_col_text(st, 2));
        copy(s->csrf, sizeof s->csrf, db_col_text(st, 3));
        s->created_at = db_col_int64(st, 4);
        s->last_seen_at = db_col_int64(st, 5);
        s->expires_at = db_col_int64(st, 6);
        *ended_at = db_col_int64(st, 7);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = ZE_NOTFOUND;
    }
    db_finalize(st);
    return rc;
}

static int
id_time(struct db *db, const char *sql, int64_t id, int64_t t)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, t);
    return db_run(st);
}

int
auth_store_session_touch(struct db *db, int64_t id, int64_t now)
{
    return id_time(db, q_session_touch, id, now);
}

int
auth_store_session_stage(struct db *db, int64_t id, const char *stage)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_session_stage, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, stage, -1);
    return db_run(st);
}

int
auth_store_session_end(struct db *db, int64_t id, int64_t now)
{
    return id_time(db, q_session_end, id, now);
}

int
auth_store_session_end_all(struct db *db, int64_t user_id, int64_t keep_id, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_session_end_all, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, user_id);
    db_bind_int64(st, 2, keep_id);
    db_bind_int64(st, 3, now);
    return db_run(st);
}

int
auth_store_token_insert(struct db *db, int64_t user_id, const char *kind, const char *hash,
                        int64_t created_by, int64_t now, int64_t expires)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_token_insert, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, kind, -1);
    db_bind_text(st, 3, hash, -1);
    if (created_by > 0)
        db_bind_int64(st, 4, created_by);
    else
        db_bind_null(st, 4);
    db_bind_int64(st, 5, now);
    db_bind_int64(st, 6, expires);
    return db_run(st);
}

int
auth_store_token_find(struct db *db, const char *hash, int64_t now, int64_t *user_id,
                      int64_t *token_id, char *kind, size_t kindsz)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_token_find, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, hash, -1);
    db_bind_int64(st, 2, now);
    rc = db_step(st);
    if (rc == DB_ROW) {
        *token_id = db_col_int64(st, 0);
        *user_id = db_col_int64(st, 1);
        copy(kind, kindsz, db_col_text(st, 2));
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = ZE_NOTFOUND;
    }
    db_finalize(st);
    return rc;
}

int
auth_store_token_use(struct db *db, int64_t token_id, int64_t now)
{
    return id_time(db, q_token_use, token_id, now);
}

int
auth_store_tokens_void(struct db *db, int64_t user_id, int64_t now)
{
    return id_time(db, q_tokens_void, user_id, now);
}

int
auth_store_recovery_replace(struct db *db, int64_t user_id, char hashes[][65], int n, int64_t now)
{
    int rc = id_time(db, q_recovery_void, user_id, now);
    for (int i = 0; i < n && rc == 0; i++) {
        struct db_stmt *st;
        if ((rc = db_prepare(db, q_recovery_insert, &st)) != 0)
            return rc;
        db_bind_int64(st, 1, user_id);
        db_bind_text(st, 2, hashes[i], -1);
        db_bind_int64(st, 3, now);
        rc = db_run(st);
    }
    return rc;
}

int
auth_store_recovery_use(struct db *db, int64_t user_id, const char *hash, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_recovery_find, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, hash, -1);
    rc = db_step(st);
    int64_t id = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (!id)
        return ZE_NOTFOUND;
    return id_time(db, q_recovery_use, id, now);
}

int
auth_store_recovery_left(struct db *db, int64_t user_id, int64_t *left)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_recovery_left, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, user_id);
    rc = db_step(st);
    *left = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
auth_store_throttle_get(struct db *db, const char *key, int64_t *failures, int64_t *first_at,
                        int64_t *blocked_until)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_throttle_get, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, key, -1);
    rc = db_step(st);
    *failures = *first_at = *blocked_until = 0;
    if (rc == DB_ROW) {
        *failures = db_col_int64(st, 0);
        *first_at = db_col_int64(st, 1);
        *blocked_until = db_col_int64(st, 2);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
auth_store_throttle_put(struct db *db, const char *key, int64_t failures, int64_t first_at,
                        int64_t blocked_until)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_throttle_put, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, key, -1);
    db_bind_int64(st, 2, failures);
    db_bind_int64(st, 3, first_at);
    db_bind_int64(st, 4, blocked_until);
    return db_run(st);
}

int
auth_store_throttle_clear(struct db *db, const char *key)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_throttle_clear, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, key, -1);
    return db_run(st);
}

int
auth_store_audit_head(struct db *db, char *hash, size_t hashsz)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_audit_head, &st);
    if (rc)
        return rc;
    rc = db_step(st);
    copy(hash, hashsz, rc == DB_ROW ? db_col_text(st, 0) : "");
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
auth_store_audit_insert(struct db *db, int64_t at, int64_t actor_id, const char *actor,
                        int64_t unit_id, const char *action, const char *otype, const char *oid,
                        const char *before, const char *after, const char *prev, const char *hash)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_audit_insert, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, at);
    if (actor_id > 0)
        db_bind_int64(st, 2, actor_id);
    else
        db_bind_null(st, 2);
    db_bind_text(st, 3, actor, -1);
    if (unit_id > 0)
        db_bind_int64(st, 4, unit_id);
    else
        db_bind_null(st, 4);
    db_bind_text(st, 5, action, -1);
    db_bind_text(st, 6, otype, -1);
    db_bind_text(st, 7, oid, -1);
    db_bind_text(st, 8, before, -1);
    db_bind_text(st, 9, after, -1);
    db_bind_text(st, 10, prev, -1);
    db_bind_text(st, 11, hash, -1);
    return db_run(st);
}

static const char q_audit_all[] =
    "SELECT id, at, COALESCE(actor_id, 0), actor, COALESCE(unit_id, 0), action, object_type, "
    "object_id, before_json, after_json, prev_hash, hash FROM audit_log ORDER BY id";

int
auth_store_audit_each(struct db *db, int (*fn)(const struct audit_row *r, void *arg), void *arg)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_audit_all, &st);
    if (rc)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        struct audit_row r = {
            .id = db_col_int64(st, 0),
            .at = db_col_int64(st, 1),
            .actor_id = db_col_int64(st, 2),
            .actor = db_col_text(st, 3),
            .unit_id = db_col_int64(st, 4),
            .action = db_col_text(st, 5),
            .otype = db_col_text(st, 6),
            .oid = db_col_text(st, 7),
            .before = db_col_text(st, 8),
            .after = db_col_text(st, 9),
            .prev = db_col_text(st, 10),
            .hash = db_col_text(st, 11),
        };
        int stop = fn(&r, arg);
        if (stop) {
            db_finalize(st);
            return stop;
        }
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static const char q_secret_init[] = "INSERT INTO meta (key, value, updated_at) "
                                    "VALUES ('secret', $1, 0) ON CONFLICT (key) DO NOTHING";

int
auth_store_secret_init(struct db *db, const char *hex)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_secret_init, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, hex, -1);
    return db_run(st);
}

static const char q_sessions[] =
    "SELECT id, created_at, last_seen_at, agent FROM sessions WHERE user_id = $1 AND ended_at IS "
    "NULL AND expires_at > $2 AND last_seen_at > $3 ORDER BY last_seen_at DESC LIMIT 100";
static const char q_session_owner[] = "SELECT user_id FROM sessions WHERE id = $1";

int
auth_store_sessions(struct db *db, int64_t user_id, int64_t now, int64_t idle_ms, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_sessions, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, user_id);
    db_bind_int64(st, 2, now);
    db_bind_int64(st, 3, now - idle_ms);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(
            list, json_pack("{s:I,s:I,s:I,s:s}", "id", (json_int_t)db_col_int64(st, 0),
                            "created_at", (json_int_t)db_col_int64(st, 1), "last_seen_at",
                            (json_int_t)db_col_int64(st, 2), "agent", db_col_text(st, 3)));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
auth_store_session_owner(struct db *db, int64_t id, int64_t *user_id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_session_owner, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    rc = db_step(st);
    *user_id = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    db_finalize(st);
    return rc == DB_ROW ? 0 : rc < 0 ? rc : ZE_NOTFOUND;
}

static const char q_totp_use[] = "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND "
                                 "COALESCE(totp_last_step, -1) < $2 RETURNING id";

int
auth_store_totp_use(struct db *db, int64_t user_id, int64_t step)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_totp_use, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, user_id);
    db_bind_int64(st, 2, step);
    rc = db_step(st);
    db_finalize(st);
    return rc == DB_ROW ? 0 : rc < 0 ? rc : ZE_CONFLICT;
}
