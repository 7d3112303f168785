/* org_store: every SQL statement of org. Internal to src/org. */
#ifndef ZONA_ORG_STORE_H
#define ZONA_ORG_STORE_H

#include "org.h"

int org_store_unit_get(struct db *db, const char *code, int64_t id, struct org_unit *u);
int org_store_unit_insert(struct db *db, const char *code, const char *name, const char *type,
                          int64_t parent_id, const char *parent_path, const char *address,
                          const char *tz, bool active, int64_t now, int64_t *id);
int org_store_unit_update(struct db *db, int64_t id, const char *name, const char *type,
                          const char *address, const char *tz, bool active, int64_t now);
int org_store_unit_move(struct db *db, int64_t id, int64_t parent_id, const char *old_path,
                        const char *new_path, int64_t now);
/* Units whose path starts with prefix (and, when q is not empty, whose name or code contains
 * it), in path order, appended to list as objects. */
int org_store_units_under(struct db *db, const char *prefix, const char *q, json_t *list);
int org_store_unit_counts(struct db *db, int64_t id, int64_t *active_children, int64_t *people);

int org_store_user_insert(struct db *db, const char *nip, const char *name, const char *email,
                          const char *position, int64_t unit_id, int64_t now, int64_t *id);
int org_store_user_update(struct db *db, int64_t id, const char *name, const char *email,
                          const char *position, int64_t now);
int org_store_user_active(struct db *db, int64_t id, bool active, int64_t now);
int org_store_user_move(struct db *db, int64_t id, int64_t unit_id, const char *position,
                        int64_t now);
int org_store_user_exists(struct db *db, const char *nip, const char *email, int64_t except_id,
                          bool *nip_taken, bool *email_taken);
/* {id, nip, name, email, position, active, unit_id, unit_code, unit_name, unit_path, demo} */
json_t *org_store_user_get(struct db *db, int64_t id);
int org_store_users_under(struct db *db, const char *prefix, const char *q, int limit, int offset,
                          json_t *list, int64_t *total);
int org_store_user_history(struct db *db, int64_t id, json_t *list);

int org_store_grant_insert(struct db *db, int64_t user_id, const char *role, int64_t unit_id,
                           int area, int64_t by, int64_t now, int64_t *id);
int org_store_grant_get(struct db *db, int64_t id, int64_t *user_id, int64_t *unit_id, char *role,
                        size_t rolesz, bool *active);
int org_store_grant_revoke(struct db *db, int64_t id, int64_t by, int64_t now);
int org_store_grants_end_all(struct db *db, int64_t user_id, int64_t by, int64_t now);
int org_store_grant_exists(struct db *db, int64_t user_id, const char *role, int64_t unit_id,
                           int area, bool *yes);
/* {id, role, unit_code, unit_name, area, granted_at, revoked_at, active} */
int org_store_grants_of(struct db *db, int64_t user_id, json_t *list);

/* Audit rows whose unit is under prefix (and, when with_unitless, rows with no unit). */
struct audit_filter {
    const char *prefix;
    bool with_unitless;
    const char *action; /* prefix of the action, "" for all */
    const char *actor;  /* part of the actor's name, "" for all */
    int64_t from, to;   /* ms; 0 for open */
    int limit, offset;
};
int org_store_audit(struct db *db, const struct audit_filter *f, json_t *list, int64_t *total);

/* Marks a demo account, with its published TOTP secret (NULL: none). */
int org_store_user_demo(struct db *db, int64_t id, const char *totp_secret);

#endif
