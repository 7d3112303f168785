/* auth_store: every SQL statement of auth. Internal to src/auth. */
#ifndef ZONA_AUTH_STORE_H
#define ZONA_AUTH_STORE_H

#include "auth.h"

struct arena;

int auth_store_user_by_nip(struct db *db, const char *nip, struct auth_user *u);
int auth_store_user_by_email(struct db *db, const char *email, struct auth_user *u);
int auth_store_user_by_id(struct db *db, int64_t id, struct auth_user *u);
int auth_store_set_password(struct db *db, int64_t user_id, const char *hash, int64_t now);
/* Records step as used when it is later than the last one: 0, or ZE_CONFLICT for a replay. */
int auth_store_totp_use(struct db *db, int64_t user_id, int64_t step);
int auth_store_set_totp(struct db *db, int64_t user_id, const char *secret, bool enabled,
                        int64_t now);

int auth_store_grants(struct db *db, struct arena *a, int64_t user_id, struct acl_grant **out,
                      size_t *n);
int auth_store_unit_path(struct db *db, int64_t unit_id, char *path, size_t pathsz);

int auth_store_session_insert(struct db *db, const char *token_hash, int64_t user_id,
                              const char *stage, const char *csrf, const char *agent, int64_t now,
                              int64_t expires, int64_t *id);
int auth_store_session_find(struct db *db, const char *token_hash, struct session *s,
                            int64_t *ended_at);
int auth_store_session_touch(struct db *db, int64_t id, int64_t now);
int auth_store_session_stage(struct db *db, int64_t id, const char *stage);
int auth_store_session_end(struct db *db, int64_t id, int64_t now);
int auth_store_session_end_all(struct db *db, int64_t user_id, int64_t keep_id, int64_t now);

int auth_store_token_insert(struct db *db, int64_t user_id, const char *kind, const char *hash,
                            int64_t created_by, int64_t now, int64_t expires);
/* Finds an unused, unexpired token: *user_id and *token_id. */
int auth_store_token_find(struct db *db, const char *hash, int64_t now, int64_t *user_id,
                          int64_t *token_id, char *kind, size_t kindsz);
int auth_store_token_use(struct db *db, int64_t token_id, int64_t now);
int auth_store_tokens_void(struct db *db, int64_t user_id, int64_t now);

int auth_store_recovery_replace(struct db *db, int64_t user_id, char hashes[][65], int n,
                                int64_t now);
/* Marks the unused code with this hash as used; ZE_NOTFOUND when none. */
int auth_store_recovery_use(struct db *db, int64_t user_id, const char *hash, int64_t now);
int auth_store_recovery_left(struct db *db, int64_t user_id, int64_t *left);

int auth_store_throttle_get(struct db *db, const char *key, int64_t *failures, int64_t *first_at,
                            int64_t *blocked_until);
int auth_store_throttle_put(struct db *db, const char *key, int64_t failures, int64_t first_at,
                            int64_t blocked_until);
int auth_store_throttle_clear(struct db *db, const char *key);

int auth_store_audit_head(struct db *db, char *hash, size_t hashsz);
int auth_store_audit_insert(struct db *db, int64_t at, int64_t actor_id, const char *actor,
                            int64_t unit_id, const char *action, const char *otype, const char *oid,
                            const char *before, const char *after, const char *prev,
                            const char *hash);

/* Calls fn for each audit row in id order until it returns non-zero. */
struct audit_row {
    int64_t id, at, actor_id, unit_id;
    const char *actor, *action, *otype, *oid, *before, *after, *prev, *hash;
};
int auth_store_audit_each(struct db *db, int (*fn)(const struct audit_row *r, void *arg),
                          void *arg);
int auth_store_secret_init(struct db *db, const char *hex);
/* Appends {id, created_at, last_seen_at, agent} of the user's live sessions to list. */
int auth_store_sessions(struct db *db, int64_t user_id, int64_t now, int64_t idle_ms, json_t *list);
/* True when session id belongs to user_id. */
int auth_store_session_owner(struct db *db, int64_t id, int64_t *user_id);
#endif
