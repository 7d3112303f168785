/* auth: who is asking and what they may do. Passwords (Argon2id), TOTP second factor with
 * recovery codes, sessions in the database, CSRF tokens, sign-in throttling, roles from
 * data/roles.json held on unit subtrees, and the hash-chained audit trail. */
#ifndef ZONA_AUTH_AUTH_H
#define ZONA_AUTH_AUTH_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct db;
struct req;
struct resp;

/* --- settings and start-up (auth.c) --- */

/* Loads roles.json and the password lists, installs the request authorizer. Returns 0 or
 * ZE_INVAL with a message on stderr. */
int auth_init(void);
void auth_shutdown(void);

/* --- people as auth sees them (auth_store.c) --- */

struct auth_user {
    int64_t id;
    char nip[19];
    char name[160];
    char email[160];
    char position[160];
    int64_t unit_id;
    char unit_code[32];
    char unit_name[160];
    char unit_tz[8];
    char password_hash[160];
    char totp_secret[64]; /* base32 */
    bool totp_enabled;
    bool active;
};

/* By NIP (18 digits) or e-mail (any case). Returns 0 or ZE_NOTFOUND. */
int auth_user_by_login(struct db *db, const char *login, struct auth_user *u);
int auth_user_by_id(struct db *db, int64_t id, struct auth_user *u);

/* --- passwords (password.c) --- */

/* Argon2id cost, from ZONA_ARGON2 ("interactive": t=3, m=64 MiB, the default; "test": t=1,
 * m=8 KiB for the test suite) or ZONA_ARGON2_T and ZONA_ARGON2_M_KIB. */
int password_configure(void);
/* Hashes password into out (at least 128 bytes). At most 4 hashes run at once. */
int password_hash(const char *password, char *out, size_t outsz);
/* 0 when password matches hash, ZE_FORBIDDEN when not. *rehash is set when the stored hash
 * uses older parameters. */
int password_verify(const char *hash, const char *password, bool *rehash);
/* Checks the policy: length at least 10 characters (UTF-8 code points), not in the common lists,
 * not containing the NIP or the e-mail's name part. Returns NULL or a message id. */
const char *password_problem(const char *password, const char *nip, const char *email);
/* Hashes and stores a person's password (the policy is the caller's check). */
int auth_set_password(struct db *db, int64_t user_id, const char *password);
/* Loads the common-password lists (embedded data/passwords/). */
int password_lists_load(void);
size_t password_list_size(void);

/* --- TOTP (totp.c), RFC 6238 through liboath: 30 s steps, 6 digits, SHA-1 --- */

/* A new random secret, base32 without padding, into out (at least 40 bytes). */
void totp_new_secret(char *out, size_t outsz);
/* True when code is valid for secret at time now_ms, one step of drift either way. */
bool totp_check(const char *secret_b32, const char *code, int64_t now_ms);
/* As totp_check, and gives the time step (counter) the code belongs to. */
bool totp_check_step(const char *secret_b32, const char *code, int64_t now_ms, int64_t *step);
/* Accepts a code for a person once (RFC 6238 §5.2): 0, ZE_FORBIDDEN for a wrong code, or
 * ZE_CONFLICT for a code of a time step already used. Call inside a write transaction. */
int auth_totp_accept(struct db *db, int64_t user_id, const char *secret_b32, const char *code,
                     int64_t now_ms);
/* The code for a time (tests, demo). out: 7 bytes. Returns 0 or ZE_INVAL. */
int totp_code(const char *secret_b32, int64_t now_ms, char *out);
/* otpauth://totp/zona:NIP?secret=…&issuer=zona URI for authenticator apps. */
void totp_uri(struct buf *out, const char *secret_b32, const char *account);
/* An SVG QR code of text (libqrencode). */
int totp_qr_svg(struct buf *out, const char *text);

/* --- roles and permissions (acl.c) --- */

/* True when role (e.g. "admin-unit") is defined. */
bool acl_role_exists(const char *role);
bool acl_role_needs_area(const char *role);
bool acl_role_needs_totp(const char *role);
bool acl_role_has(const char *role, const char *perm);
const char *acl_role_label(const char *role, const char *lang);
/* Every role name in file order; returns how many. */
size_t acl_roles(const char **out, size_t max);
/* Every permission named by some role or route; for the matrix test. */
bool acl_perm_exists(const char *perm);

/* The caller's grants, loaded once per request. */
struct acl_grant {
    int64_t id;
    char role[32];
    int64_t unit_id;
    char unit_path[256];
    char unit_code[32];
    char unit_name[160];
    int area; /* 0 when not an area grant */
};

/* Loads the active grants of user into the request arena. */
int acl_load(struct req *rq, int64_t user_id, struct acl_grant **out, size_t *n);
/* True when one of the grants gives perm on the unit whose path is unit_path. */
bool acl_allows(const struct acl_grant *g, size_t n, const char *perm, const char *unit_path);
/* True when one of the grants gives perm on some unit. */
bool acl_allows_somewhere(const struct acl_grant *g, size_t n, const char *perm);
/* The units at the top of the grants' reach for perm (any grant when perm is NULL): grant units
 * not inside another one, as [{code, name, path}]. New reference. */
json_t *acl_roots(const struct acl_grant *g, size_t n, const char *perm);
/* True when the person asking holds perm on the unit whose path is unit_path. */
bool auth_may(const struct req *rq, const char *perm, const char *unit_path);
/* True when any grant's role requires TOTP. */
bool acl_needs_totp(const struct acl_grant *g, size_t n);

/* --- hooks for the parts above auth (auth_routes.c) --- */

/* Called inside the sign-in's write transaction once the password was checked and the session
 * started (the whistleblowing part opens the officer's key here). It may add headers to rs and
 * returns where the person should continue, or NULL for where they were going. A failure is the
 * hook's to log: sign-in goes on. */
typedef const char *(*auth_sign_in_hook)(struct req *rq, struct resp *rs, const struct auth_user *u,
                                         int64_t session_id, const char *password);
void auth_on_sign_in(auth_sign_in_hook fn);
/* Called inside the password change's write transaction with the old and the new password (a
 * signed-in person changing their own). A non-zero return aborts the change. */
typedef int (*auth_password_hook)(struct req *rq, int64_t user_id, const char *old_password,
                                  const char *new_password);
void auth_on_password_change(auth_password_hook fn);

/* --- sessions (session.c) --- */

enum session_stage { SESSION_FULL, SESSION_TOTP, SESSION_ENROL };

struct session {
    int64_t id;
    int64_t user_id;
    enum session_stage stage;
    char csrf[64];
    int64_t created_at, last_seen_at, expires_at;
};

/* What the authorizer leaves on a request (rq->session). */
struct auth_ctx {
    struct session s;
    struct auth_user u;
    struct acl_grant *grants;
    size_t ngrants;
    bool signed_in; /* a session at any stage */
};

/* The signed-in context of rq, or NULL for an anonymous request. */
struct auth_ctx *auth_ctx(const struct req *rq);
/* The id of the person making the request, 0 for nobody signed in. */
int64_t auth_me(const struct req *rq);

/* Creates a session (in the caller's transaction) and puts its cookie on rs. */
int session_start(struct req *rq, struct resp *rs, int64_t user_id, enum session_stage stage,
                  struct session *out);
/* Finds the session of the request's cookie; ZE_NOTFOUND when absent, ended or expired. */
int session_lookup(struct req *rq, struct session *out);
int session_set_stage(struct db *db, int64_t session_id, enum session_stage stage);
/* Ends one session / every session of a user (except keep_id when > 0). */
int session_end(struct db *db, int64_t session_id);
int session_end_all(struct db *db, int64_t user_id, int64_t keep_id);
/* Expires the session cookie on rs. */
void session_clear_cookie(struct req *rq, struct resp *rs);
const char *session_stage_name(enum session_stage s);

/* --- CSRF (csrf.c) --- */

/* The token forms of this request must carry (the session's, or the anonymous cookie's, which it
 * sets on rs when missing). */
const char *csrf_token(struct req *rq, struct resp *rs);
/* Checks a state-changing request: forms carry the token; JSON bodies need Content-Type
 * application/json and a same-origin Origin when one is sent. 0, ZE_FORBIDDEN or ZE_MEDIA. */
int csrf_check(struct req *rq);

/* --- throttling (throttle.c) --- */

/* Milliseconds the caller must still wait before trying login again from this client; 0 when
 * allowed. */
int64_t throttle_wait(struct db *db, const char *client, const char *login, int64_t now);
/* Records a failed attempt for the client, the login and the pair. */
int throttle_fail(struct db *db, const char *client, const char *login, int64_t now);
/* Clears the pair's counter after a success. */
int throttle_success(struct db *db, const char *client, const char *login);
/* Throttles a second factor per session. */
int64_t throttle_wait_key(struct db *db, const char *what, int64_t now);
int throttle_fail_key(struct db *db, const char *what, int64_t now);
/* Anonymous submissions (a complaint, a report): 20 an hour from one source are free, then each
 * waits longer, up to 15 minutes. note counts one; wait gives the milliseconds still to wait. */
int64_t throttle_flood_wait(struct db *db, const char *what, int64_t now);
int throttle_flood_note(struct db *db, const char *what, int64_t now);

/* --- one-time codes (codes.c) --- */

/* Issues a one-time code to set a password ("setup", valid 7 days) or after a lost password or
 * device ("reset", valid 24 hours, also clears the second factor when used), in the caller's
 * transaction. out receives "ABCD-EFGH-JKLM-NPQR" (at least 20 bytes). Earlier codes stop
 * working. */
int auth_issue_code(struct db *db, int64_t user_id, const char *kind, int64_t by, char *out,
                    size_t outsz);
/* Normalises a typed code (case, spaces, dashes) and hashes it; 0 or ZE_INVAL. */
int auth_code_hash(const char *code, char out[65]);

/* --- the server secret (secret.c) --- */
/* A 32-byte random secret kept in the database (meta), created on first use. */
int secret_get(struct db *db, unsigned char out[32]);

/* --- audit trail (audit.c) --- */

struct audit_entry {
    int64_t actor_id;  /* 0: nobody signed in, or the system */
    const char *actor; /* name or label ("anonim", "sistem", "cli") */
    int64_t unit_id;   /* 0 when none */
    const char *action;
    const char *object_type;
    const char *object_id;
    json_t *before; /* borrowed; NULL for none */
    json_t *after;
};

/* Appends an entry inside the caller's write transaction, chained to the last one (the chain
 * head is read under the transaction's lock, so several processes may append). */
int audit_append(struct db *db, const struct audit_entry *e);
/* The entry for a request: actor from the session. */
int audit_request(struct req *rq, const char *action, int64_t unit_id, const char *object_type,
                  const char *object_id, json_t *before, json_t *after);
/* audit_request that takes over before and after (decref'd here, whatever the outcome). */
int audit_request_take(struct req *rq, const char *action, int64_t unit_id, const char *object_type,
                       const char *object_id, json_t *before, json_t *after);
/* Recomputes the chain. Returns 0 when intact; otherwise ZE_CONFLICT with *bad_id the first
 * broken record and a reason in why. */
int audit_verify(struct db *db, int64_t *checked, int64_t *bad_id, struct buf *why);

#endif
