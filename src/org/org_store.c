/* org_store: the SQL of org, bound and portable (lower(x) LIKE lower($1) for searches, path
 * prefixes for subtrees). */
#include "org_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/xmem.h"
#include "db/db.h"

#define UNIT_COLS                                                                                  \
    "u.id, u.code, u.name, u.type, COALESCE(u.parent_id, 0), COALESCE(p.code, ''), u.path, "       \
    "u.address, u.tz, u.active FROM units u LEFT JOIN units p ON p.id = u.parent_id "

static const char q_unit_by_code[] = "SELECT " UNIT_COLS "WHERE u.code = $1";
static const char q_unit_by_id[] = "SELECT " UNIT_COLS "WHERE u.id = $1";
static const char q_unit_insert[] =
    "INSERT INTO units (code, name, type, parent_id, path, address, tz, active, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, '', $5, $6, $7, $8, $8) RETURNING id";
static const char q_unit_set_path[] = "UPDATE units SET path = $2 WHERE id = $1";
static const char q_unit_update[] = "UPDATE units SET name = $2, type = $3, address = $4, tz = $5, "
                                    "active = $6, updated_at = $7 WHERE id = $1";
static const char q_unit_parent[] =
    "UPDATE units SET parent_id = $2, updated_at = $3 WHERE id = $1";
static const char q_unit_repath[] =
    "UPDATE units SET path = $1 || substr(path, $2) WHERE path LIKE $3 || '%'";
static const char q_units_under[] =
    "SELECT u.code, u.name, u.type, COALESCE(p.code, ''), u.tz, u.active, u.path, u.address "
    "FROM units u LEFT JOIN units p ON p.id = u.parent_id WHERE u.path LIKE $1 || '%' "
    "AND ($2 = '' OR lower(u.name) LIKE lower('%' || $2 || '%') ESCAPE '\\' OR lower(u.code) "
    "LIKE lower($2 || '%') ESCAPE '\\') ORDER BY u.path";
static const char q_unit_counts[] =
    "SELECT (SELECT COUNT(*) FROM units WHERE parent_id = $1 AND active), "
    "(SELECT COUNT(*) FROM users WHERE unit_id = $1 AND active)";

static const char q_user_insert[] =
    "INSERT INTO users (nip, name, email, position, unit_id, created_at, updated_at) VALUES ($1, "
    "$2, lower($3), $4, $5, $6, $6) RETURNING id";
static const char q_user_unit_start[] =
    "INSERT INTO user_units (user_id, unit_id, position, started_at) VALUES ($1, $2, $3, $4)";
static const char q_user_unit_end[] =
    "UPDATE user_units SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL";
static const char q_user_update[] = "UPDATE users SET name = $2, email = lower($3), position = $4, "
                                    "updated_at = $5 WHERE id = $1";
static const char q_user_active[] = "UPDATE users SET active = $2, updated_at = $3 WHERE id = $1";
static const char q_user_move[] =
    "UPDATE users SET unit_id = $2, position = $3, updated_at = $4 WHERE id = $1";
static const char q_user_exists[] =
    "SELECT COALESCE(SUM(CASE WHEN nip = $1 THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN email = lower($2) THEN 1 ELSE 0 END), 0) FROM users WHERE id <> $3";
static const char q_user_get[] =
    "SELECT u.id, u.nip, u.name, u.email, u.position, u.active, un.id, un.code, un.name, "
    "un.path, u.demo, u.totp_enabled, CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END "
    "FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = $1";
static const char q_users_under[] =
    "SELECT u.id, u.nip, u.name, u.email, u.position, u.active, un.code, un.name, "
    "(SELECT COUNT(*) FROM grants g WHERE g.user_id = u.id AND g.revoked_at IS NULL) "
    "FROM users u JOIN units un ON un.id = u.unit_id WHERE un.path LIKE $1 || '%' "
    "AND ($2 = '' OR lower(u.name) LIKE lower('%' || $2 || '%') ESCAPE '\\' OR u.nip LIKE $2 || '%' "
    "ESCAPE '\\' OR lower(u.email) LIKE lower('%' || $2 || '%') ESCAPE '\\') ORDER BY un.path, u.name LIMIT $3 OFFSET $4";
static const char q_users_count[] =
    "SELECT COUNT(*) FROM users u JOIN units un ON un.id = u.unit_id WHERE un.path LIKE $1 || '%' "
    "AND ($2 = '' OR lower(u.name) LIKE lower('%' || $2 || '%') ESCAPE '\\' OR u.nip LIKE $2 || '%' "
    "ESCAPE '\\' OR lower(u.email) LIKE lower('%' || $2 || '%') ESCAPE '\\')";
static const char q_user_history[] =
    "SELECT un.code, un.name, h.position, h.started_at, COALESCE(h.ended_at, 0) FROM user_units h "
    "JOIN units un ON un.id = h.unit_id WHERE h.user_id = $1 ORDER BY h.started_at DESC, h.id DESC";

static const char q_grant_insert[] =
    "INSERT INTO grants (user_id, role, unit_id, area, granted_by, granted_at) VALUES ($1, $2, $3, "
    "$4, $5, $6) RETURNING id";
static const char q_grant_get[] =
    "SELECT user_id, unit_id, role, revoked_at IS NULL FROM grants WHERE id = $1";
static const char q_grant_revoke[] =
    "UPDATE grants SET revoked_at = $3, revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL";
static const char q_grants_end_all[] =
    "UPDATE grants SET revoked_at = $3, revoked_by = $2 WHERE user_id = $1 AND revoked_at IS NULL";
static const char q_grant_exists[] =
    "SELECT COUNT(*) FROM grants WHERE user_id = $1 AND role = $2 AND unit_id = $3 AND "
    "COALESCE(area, 0) = $4 AND revoked_at IS NULL";
static const char q_grants_of[] =
    "SELECT g.id, g.role, un.code, un.name, COALESCE(g.area, 0), g.granted_at, "
    "COALESCE(g.revoked_at, 0) FROM grants g JOIN units un ON un.id = g.unit_id "
    "WHERE g.user_id = $1 ORDER BY g.revoked_at IS NOT NULL, g.granted_at DESC, g.id DESC";

static const char q_audit[] =
    "SELECT a.id, a.at, a.actor, COALESCE(un.code, ''), COALESCE(un.name, ''), a.action, "
    "a.object_type, a.object_id, a.before_json, a.after_json FROM audit_log a LEFT JOIN units un "
    "ON un.id = a.unit_id WHERE ((un.path LIKE $1 || '%') OR ($2 AND a.unit_id IS NULL)) "
    "AND a.action LIKE $3 || '%' ESCAPE '\\' AND ($4 = '' OR lower(a.actor) LIKE lower('%' || $4 "
    "|| '%') ESCAPE '\\') AND a.at >= $5 AND ($6 = 0 OR a.at < $6) ORDER BY a.id DESC LIMIT $7 OFFSET $8";
static const char q_audit_count[] =
    "SELECT COUNT(*) FROM audit_log a LEFT JOIN units un ON un.id = a.unit_id WHERE ((un.path "
    "LIKE $1 || '%') OR ($2 AND a.unit_id IS NULL)) AND a.action LIKE $3 || '%' ESCAPE '\\' AND ($4 = '' "
    "OR lower(a.actor) LIKE lower('%' || $4 || '%') ESCAPE '\\') AND a.at >= $5 AND ($6 = 0 OR a.at < $6)";

/* User text inside a LIKE pattern matches itself only: \, % and _ are escaped. Owned by the
 * caller. */
static char *
like_escape(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    char *out = xmalloc(2 * n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' || s[i] == '%' || s[i] == '_')
            *o++ = '\\';
        *o++ = s[i];
    }
    *o = '\0';
    return out;
}

static void
bind_like(struct db_stmt *st, int i, const char *text)
{
    char *esc = like_escape(text);
    db_bind_text(st, i, esc, -1);
    free(esc);
}

static void
copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

int
org_store_unit_get(struct db *db, const char *code, int64_t id, struct org_unit *u)
{
    struct db_stmt *st;
    int rc = db_prepare(db, code ? q_unit_by_code : q_unit_by_id, &st);
    if (rc)
        return rc;
    if (code)
        db_bind_text(st, 1, code, -1);
    else
        db_bind_int64(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW) {
        memset(u, 0, sizeof *u);
        u->id = db_col_int64(st, 0);
        copy(u->code, sizeof u->code, db_col_text(st, 1));
        copy(u->name, sizeof u->name, db_col_text(st, 2));
        copy(u->type, sizeof u->type, db_col_text(st, 3));
        u->parent_id = db_col_int64(st, 4);
        copy(u->parent_code, sizeof u->parent_code, db_col_text(st, 5));
        copy(u->path, sizeof u->path, db_col_text(st, 6));
        copy(u->address, sizeof u->address, db_col_text(st, 7));
        copy(u->tz, sizeof u->tz, db_col_text(st, 8));
        u->active = db_col_bool(st, 9);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = ZE_NOTFOUND;
    }
    db_finalize(st);
    return rc;
}

int
org_store_unit_insert(struct db *db, const char *code, const char *name, const char *type,
                      int64_t parent_id, const char *parent_path, const char *address,
                      const char *tz, bool active, int64_t now, int64_t *id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_unit_insert, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, code, -1);
    db_bind_text(st, 2, name, -1);
    db_bind_text(st, 3, type, -1);
    if (parent_id > 0)
        db_bind_int64(st, 4, parent_id);
    else
        db_bind_null(st, 4);
    db_bind_text(st, 5, address, -1);
    db_bind_text(st, 6, tz, -1);
    db_bind_bool(st, 7, active);
    db_bind_int64(st, 8, now);
    rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int64(st, 0);
        rc = 0;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    char path[300];
    snprintf(path, sizeof path, "%s%lld/", parent_path ? parent_path : "/", (long long)*id);
    if ((rc = db_prepare(db, q_unit_set_path, &st)) != 0)
        return rc;
    db_bind_int64(st, 1, *id);
    db_bind_text(st, 2, path, -1);
    return db_run(st);
}

int
org_store_unit_update(struct db *db, int64_t id, const char *name, const char *type,
                      const char *address, const char *tz, bool active, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_unit_update, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, name, -1);
    db_bind_text(st, 3, type, -1);
    db_bind_text(st, 4, address, -1);
    db_bind_text(st, 5, tz, -1);
    db_bind_bool(st, 6, active);
    db_bind_int64(st, 7, now);
    return db_run(st);
}

int
org_store_unit_move(struct db *db, int64_t id, int64_t parent_id, const char *old_path,
                    const char *new_path, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_unit_parent, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, parent_id);
    db_bind_int64(st, 3, now);
    if ((rc = db_run(st)) != 0)
        return rc;
    if ((rc = db_prepare(db, q_unit_repath, &st)) != 0)
        return rc;
    db_bind_text(st, 1, new_path, -1);
    db_bind_int64(st, 2, (int64_t)strlen(old_path) + 1);
    db_bind_text(st, 3, old_path, -1);
    return db_run(st);
}

int
org_store_units_under(struct db *db, const char *prefix, const char *q, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_units_under, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, prefix, -1);
    bind_like(st, 2, q);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(list,
                              json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:s}", "code",
                                        db_col_text(st, 0), "name", db_col_text(st, 1), "type",
                                        db_col_text(st, 2), "parent", db_col_text(st, 3), "tz",
                                        db_col_text(st, 4), "active", db_col_bool(st, 5), "path",
                                        db_col_text(st, 6), "address", db_col_text(st, 7)));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
org_store_unit_counts(struct db *db, int64_t id, int64_t *children, int64_t *people)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_unit_counts, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    rc = db_step(st);
    *children = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    *people = rc == DB_ROW ? db_col_int64(st, 1) : 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int
user_unit_start(struct db *db, int64_t user, int64_t unit, const char *position, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_user_unit_start, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, user);
    db_bind_int64(st, 2, unit);
    db_bind_text(st, 3, position, -1);
    db_bind_int64(st, 4, now);
    return db_run(st);
}

int
org_store_user_insert(struct db *db, const char *nip, const char *name, const char *email,
                      const char *position, int64_t unit_id, int64_t now, int64_t *id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_user_insert, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, nip, -1);
    db_bind_text(st, 2, name, -1);
    db_bind_text(st, 3, email, -1);
    db_bind_text(st, 4, position, -1);
    db_bind_int64(st, 5, unit_id);
    db_bind_int64(st, 6, now);
    rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int64(st, 0);
        rc = 0;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    return user_unit_start(db, *id, unit_id, position, now);
}

int
org_store_user_update(struct db *db, int64_t id, const char *name, const char *email,
                      const char *position, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_user_update, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, name, -1);
    db_bind_text(st, 3, email, -1);
    db_bind_text(st, 4, position, -1);
    db_bind_int64(st, 5, now);
    return db_run(st);
}

int
org_store_user_active(struct db *db, int64_t id, bool active, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_user_active, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_bool(st, 2, active);
    db_bind_int64(st, 3, now);
    return db_run(st);
}

int
org_store_user_move(struct db *db, int64_t id, int64_t unit_id, const char *position, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_user_unit_end, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, now);
    if ((rc = db_run(st)) != 0)
        return rc;
    if ((rc = db_prepare(db, q_user_move, &st)) != 0)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, unit_id);
    db_bind_text(st, 3, position, -1);
    db_bind_int64(st, 4, now);
    if ((rc = db_run(st)) != 0)
        return rc;
    return user_unit_start(db, id, unit_id, position, now);
}

int
org_store_user_exists(struct db *db, const char *nip, const char *email, int64_t except_id,
                      bool *nip_taken, bool *email_taken)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_user_exists, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, nip ? nip : "", -1);
    db_bind_text(st, 2, email ? email : "", -1);
    db_bind_int64(st, 3, except_id);
    rc = db_step(st);
    *nip_taken = rc == DB_ROW && db_col_int64(st, 0) > 0;
    *email_taken = rc == DB_ROW && db_col_int64(st, 1) > 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

json_t *
org_store_user_get(struct db *db, int64_t id)
{
    struct db_stmt *st;
    if (db_prepare(db, q_user_get, &st) != 0)
        return NULL;
    db_bind_int64(st, 1, id);
    json_t *j = NULL;
    if (db_step(st) == DB_ROW)
        j = json_pack("{s:I,s:s,s:s,s:s,s:s,s:b,s:I,s:s,s:s,s:s,s:b,s:b,s:b}", "id",
                      (json_int_t)db_col_int64(st, 0), "nip", db_col_text(st, 1), "name",
                      db_col_text(st, 2), "email", db_col_text(st, 3), "position",
                      db_col_text(st, 4), "active", db_col_bool(st, 5), "unit_id",
                      (json_int_t)db_col_int64(st, 6), "unit_code", db_col_text(st, 7), "unit_name",
                      db_col_text(st, 8), "unit_path", db_col_text(st, 9), "demo",
                      db_col_bool(st, 10), "totp", db_col_bool(st, 11), "has_password",
                      db_col_int64(st, 12) != 0);
    db_finalize(st);
    return j;
}

int
org_store_users_under(struct db *db, const char *prefix, const char *q, int limit, int offset,
                      json_t *list, int64_t *total)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_users_count, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, prefix, -1);
    bind_like(st, 2, q);
    rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    db_finalize(st);
    if ((rc = db_prepare(db, q_users_under, &st)) != 0)
        return rc;
    db_bind_text(st, 1, prefix, -1);
    bind_like(st, 2, q);
    db_bind_int64(st, 3, limit);
    db_bind_int64(st, 4, offset);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(
            list, json_pack("{s:I,s:s,s:s,s:s,s:s,s:b,s:s,s:s,s:I}", "id",
                            (json_int_t)db_col_int64(st, 0), "nip", db_col_text(st, 1), "name",
                            db_col_text(st, 2), "email", db_col_text(st, 3), "position",
                            db_col_text(st, 4), "active", db_col_bool(st, 5), "unit_code",
                            db_col_text(st, 6), "unit_name", db_col_text(st, 7), "roles",
                            (json_int_t)db_col_int64(st, 8)));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
org_store_user_history(struct db *db, int64_t id, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_user_history, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:I,s:I}", "unit_code",
                                              db_col_text(st, 0), "unit_name", db_col_text(st, 1),
                                              "position", db_col_text(st, 2), "started_at",
                                              (json_int_t)db_col_int64(st, 3), "ended_at",
                                              (json_int_t)db_col_int64(st, 4)));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
org_store_grant_insert(struct db *db, int64_t user_id, const char *role, int64_t unit_id, int area,
                       int64_t by, int64_t now, int64_t *id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_grant_insert, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, role, -1);
    db_bind_int64(st, 3, unit_id);
    if (area > 0)
        db_bind_int64(st, 4, area);
    else
        db_bind_null(st, 4);
    if (by > 0)
        db_bind_int64(st, 5, by);
    else
        db_bind_null(st, 5);
    db_bind_int64(st, 6, now);
    rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int64(st, 0);
        rc = 0;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
org_store_grant_get(struct db *db, int64_t id, int64_t *user_id, int64_t *unit_id, char *role,
                    size_t rolesz, bool *active)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_grant_get, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW) {
        *user_id = db_col_int64(st, 0);
        *unit_id = db_col_int64(st, 1);
        copy(role, rolesz, db_col_text(st, 2));
        *active = db_col_bool(st, 3);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = ZE_NOTFOUND;
    }
    db_finalize(st);
    return rc;
}

static int
revoke(struct db *db, const char *sql, int64_t id, int64_t by, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    if (by > 0)
        db_bind_int64(st, 2, by);
    else
        db_bind_null(st, 2);
    db_bind_int64(st, 3, now);
    return db_run(st);
}

int
org_store_grant_revoke(struct db *db, int64_t id, int64_t by, int64_t now)
{
    return revoke(db, q_grant_revoke, id, by, now);
}

int
org_store_grants_end_all(struct db *db, int64_t user_id, int64_t by, int64_t now)
{
    return revoke(db, q_grants_end_all, user_id, by, now);
}

int
org_store_grant_exists(struct db *db, int64_t user_id, const char *role, int64_t unit_id, int area,
                       bool *yes)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_grant_exists, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, role, -1);
    db_bind_int64(st, 3, unit_id);
    db_bind_int64(st, 4, area);
    rc = db_step(st);
    *yes = rc == DB_ROW && db_col_int64(st, 0) > 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
org_store_grants_of(struct db *db, int64_t user_id, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_grants_of, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, user_id);
    while ((rc = db_step(st)) == DB_ROW) {
        json_t *g = json_pack("{s:I,s:s,s:s,s:s,s:I,s:I,s:b}", "id",
                              (json_int_t)db_col_int64(st, 0), "role", db_col_text(st, 1),
                              "unit_code", db_col_text(st, 2), "unit_name", db_col_text(st, 3),
                              "granted_at", (json_int_t)db_col_int64(st, 5), "revoked_at",
                              (json_int_t)db_col_int64(st, 6), "active", db_col_int64(st, 6) == 0);
        if (db_col_int64(st, 4))
            json_object_set_new(g, "area", json_integer(db_col_int64(st, 4)));
        json_array_append_new(list, g);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static void
bind_filter(struct db_stmt *st, const struct audit_filter *f)
{
    db_bind_text(st, 1, f->prefix, -1);
    db_bind_bool(st, 2, f->with_unitless);
    bind_like(st, 3, f->action);
    bind_like(st, 4, f->actor);
    db_bind_int64(st, 5, f->from);
    db_bind_int64(st, 6, f->to);
}

int
org_store_audit(struct db *db, const struct audit_filter *f, json_t *list, int64_t *total)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_audit_count, &st);
    if (rc)
        return rc;
    bind_filter(st, f);
    rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    db_finalize(st);
    if ((rc = db_prepare(db, q_audit, &st)) != 0)
        return rc;
    bind_filter(st, f);
    db_bind_int64(st, 7, f->limit);
    db_bind_int64(st, 8, f->offset);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(
            list, json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id",
                            (json_int_t)db_col_int64(st, 0), "at", (json_int_t)db_col_int64(st, 1),
                            "actor", db_col_text(st, 2), "unit_code", db_col_text(st, 3),
                            "unit_name", db_col_text(st, 4), "action", db_col_text(st, 5),
                            "object_type", db_col_text(st, 6), "object_id", db_col_text(st, 7),
                            "before", db_col_text(st, 8), "after", db_col_text(st, 9)));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static const char q_user_demo[] =
    "UPDATE users SET demo = TRUE, totp_secret = $2, totp_enabled = $3 WHERE id = $1";

int
org_store_user_demo(struct db *db, int64_t id, const char *totp_secret)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_user_demo, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    if (totp_secret)
        db_bind_text(st, 2, totp_secret, -1);
    else
        db_bind_null(st, 2);
    db_bind_bool(st, 3, totp_secret != NULL);
    return db_run(st);
}
