/* wbs_keys: the installation's receipt-lookup secret, and the key pairs of the people who handle
 * whistleblowing reports (petugas-wbs, kustodian-identitas, kustodian-kunci).
 *
 * A key pair is made at the person's first sign-in after they hold one of the roles: its private
 * key is wrapped by a key from their password (Argon2id, a salt of its own), by a recovery key
 * shown to them once, and sealed (escrow) to every key custodian who has a key pair. At each
 * sign-in the private key is opened with the password and wrapped again under 32 random bytes
 * that only the browser keeps (cookie zona_wbs, Path=/wbs, HttpOnly, SameSite=Strict); the
 * database keeps that wrapped copy for the session. A copy of the database therefore opens no
 * officer's key, and a session cookie without the database opens nothing either.
 *
 * After a password reset (the one-time code of an administrator), the old wrapping no longer
 * opens: the key is "locked" until the person gives their recovery key, or one the key custodian
 * made from the escrow copy, with their new password (wbs_key_unlock). A password change by the
 * person re-wraps the key under the new password (the auth hook). */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "http/http.h"
#include "wbs.h"

#define KEY_COOKIE "zona_wbs"

/* --- the lookup secret ------------------------------------------------------------------------ */

static pthread_mutex_t secret_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char secret_cache[WBS_KEY_BYTES];
static char secret_path_cached[1024];
static bool secret_loaded;

static void
secret_path(char *out, size_t outsz)
{
    const struct config *c = config_get();
    if (c && c->wbs_secret_file && *c->wbs_secret_file)
        snprintf(out, outsz, "%s", c->wbs_secret_file);
    else
        snprintf(out, outsz, "%s/wbs-lookup.key", c && c->var_dir ? c->var_dir : "var");
}

static int
read_secret(const char *path, unsigned char out[WBS_KEY_BYTES])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? ZE_NOTFOUND : ZE_IO;
    ssize_t n = read(fd, out, WBS_KEY_BYTES);
    close(fd);
    return n == WBS_KEY_BYTES ? 0 : ZE_IO;
}

int
wbs_lookup_secret(unsigned char out[WBS_KEY_BYTES])
{
    char path[1024];
    secret_path(path, sizeof path);
    pthread_mutex_lock(&secret_lock);
    int rc = 0;
    if (!secret_loaded || strcmp(path, secret_path_cached) != 0) {
        rc = read_secret(path, secret_cache);
        if (rc == ZE_NOTFOUND) {
            /* first use: made once, readable by zona's user only; a second process racing us
             * reads what the first wrote */
            unsigned char fresh[WBS_KEY_BYTES];
            randombytes_buf(fresh, sizeof fresh);
            int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
            if (fd >= 0) {
                bool ok = write(fd, fresh, sizeof fresh) == (ssize_t)sizeof fresh && fsync(fd) == 0;
                close(fd);
                if (!ok) {
                    unlink(path);
                    rc = ZE_IO;
                } else {
                    memcpy(secret_cache, fresh, sizeof fresh);
                    rc = 0;
                    log_info("wbs: made the receipt lookup secret %s", path);
                }
            } else if (errno == EEXIST) {
                usleep(10000);
                rc = read_secret(path, secret_cache);
            } else {
                rc = ZE_IO;
            }
            sodium_memzero(fresh, sizeof fresh);
        }
        if (rc == 0) {
            secret_loaded = true;
            snprintf(secret_path_cached, sizeof secret_path_cached, "%s", path);
        } else {
            log_error("wbs: cannot read or make the receipt lookup secret %s", path);
        }
    }
    if (rc == 0)
        memcpy(out, secret_cache, WBS_KEY_BYTES);
    pthread_mutex_unlock(&secret_lock);
    return rc;
}

/* --- roles ------------------------------------------------------------------------------------ */

static bool
is_wbs_role(const char *role)
{
    return strcmp(role, "petugas-wbs") == 0 || strcmp(role, "kustodian-identitas") == 0 ||
           strcmp(role, "kustodian-kunci") == 0;
}

static bool
grants_hold(const struct acl_grant *g, size_t n, const char *role)
{
    for (size_t i = 0; i < n; i++)
        if (role ? strcmp(g[i].role, role) == 0 : is_wbs_role(g[i].role))
            return true;
    return false;
}

bool
wbs_holds(const struct req *rq, const char *role)
{
    struct auth_ctx *c = auth_ctx(rq);
    return c && grants_hold(c->grants, c->ngrants, role);
}

/* --- wrapping under the session's cookie key ---------------------------------------------------
 * nonce (24) || secretbox(data, key). */

static int
box_wrap(const unsigned char key[WBS_KEY_BYTES], const void *data, size_t len, struct buf *out)
{
    unsigned char nonce[crypto_secretbox_NONCEBYTES];
    randombytes_buf(nonce, sizeof nonce);
    buf_reserve(out, sizeof nonce + len + crypto_secretbox_MACBYTES + 1);
    memcpy(out->p + out->len, nonce, sizeof nonce);
    crypto_secretbox_easy((unsigned char *)out->p + out->len + sizeof nonce, data, len, nonce, key);
    out->len += sizeof nonce + len + crypto_secretbox_MACBYTES;
    return 0;
}

static int
box_open(const unsigned char key[WBS_KEY_BYTES], const void *boxed, size_t len, void *out,
         size_t outsz)
{
    if (len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES ||
        len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES != outsz)
        return ZE_INVAL;
    const unsigned char *b = boxed;
    return crypto_secretbox_open_easy(out, b + crypto_secretbox_NONCEBYTES,
                                      len - crypto_secretbox_NONCEBYTES, b, key) == 0
               ? 0
               : ZE_FORBIDDEN;
}

static int
cookie_key(const struct req *rq, unsigned char key[WBS_KEY_BYTES])
{
    const char *v = req_cookie(rq, KEY_COOKIE);
    size_t n = 0;
    if (!v || strlen(v) > 64 ||
        sodium_base642bin(key, WBS_KEY_BYTES, v, strlen(v), NULL, &n, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        n != WBS_KEY_BYTES) {
        sodium_memzero(key, WBS_KEY_BYTES);
        return ZE_NOTFOUND;
    }
    return 0;
}

static void
set_cookie(struct req *rq, struct resp *rs, const unsigned char key[WBS_KEY_BYTES])
{
    char text[64];
    sodium_bin2base64(text, sizeof text, key, WBS_KEY_BYTES,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    resp_header(rs, "Set-Cookie",
                arena_printf(rq->a, KEY_COOKIE "=%s; Path=/wbs; HttpOnly; SameSite=Strict%s", text,
                             rq->https ? "; Secure" : ""));
    sodium_memzero(text, sizeof text);
}

/* Keeps kp's private key for session_id under a fresh cookie key; pending (may be NULL) is a
 * recovery key to show once. */
static int
session_keep(struct req *rq, struct resp *rs, int64_t session_id, int64_t user_id,
             const struct wbs_keypair *kp, const char *pending, int64_t now)
{
    unsigned char key[WBS_KEY_BYTES];
    randombytes_buf(key, sizeof key);
    struct buf w = BUF_INIT, p = BUF_INIT;
    int rc = box_wrap(key, kp->sk, WBS_KEY_BYTES, &w);
    if (!rc && pending)
        rc = box_wrap(key, pending, WBS_RECOVERY_TEXT, &p);
    if (!rc)
        rc = wbs_store_session_put(rq->db, session_id, user_id, (const unsigned char *)w.p,
                                   pending ? p.p : NULL, pending ? p.len : 0, now);
    if (!rc)
        set_cookie(rq, rs, key);
    sodium_memzero(key, sizeof key);
    buf_free(&w);
    buf_free(&p);
    return rc;
}

/* Escrow copies of kp for every key custodian who lacks one. */
static int
escrow_ensure(struct db *db, int64_t user_id, const struct wbs_keypair *kp, int64_t now)
{
    json_t *list = json_array();
    int rc = wbs_store_key_custodians(db, list);
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o)
    {
        if (rc)
            break;
        int64_t cid = json_integer_value(json_object_get(o, "user_id"));
        unsigned char have[WBS_SEALED_KEY_BYTES], pk[WBS_KEY_BYTES];
        if (cid == user_id || wbs_store_escrow_get(db, user_id, cid, have) == 0)
            continue;
        const char *hex = json_string_value(json_object_get(o, "pk"));
        size_t n = 0;
        if (!hex || sodium_hex2bin(pk, sizeof pk, hex, strlen(hex), NULL, &n, NULL) != 0 ||
            n != sizeof pk)
            continue;
        unsigned char sealed[WBS_SEALED_KEY_BYTES];
        if (wbs_key_seal(kp, pk, sealed) == 0)
            rc = wbs_store_escrow_put(db, user_id, cid, sealed, now);
    }
    json_decref(list);
    return rc;
}

static int
kdf_of(const char *name, struct wbs_kdf *k)
{
    return wbs_kdf_named(name, k);
}

/* A new key pair for user, wrapped three ways; recovery receives the recovery key. */
static int
key_create(struct db *db, int64_t user_id, const char *password, struct wbs_keypair *kp,
           char recovery[WBS_RECOVERY_TEXT], int64_t now)
{
    struct wbs_officer_row o;
    memset(&o, 0, sizeof o);
    o.user_id = user_id;
    wbs_keypair_new(kp);
    memcpy(o.pk, kp->pk, sizeof o.pk);
    wbs_salt_new(o.salt);
    snprintf(o.kdf, sizeof o.kdf, "%s", wbs_officer_kdf_name());
    struct wbs_kdf k = {0, 0};
    int rc = kdf_of(o.kdf, &k);
    if (!rc)
        rc = wbs_officer_wrap_password(kp, password, strlen(password), o.salt, k, o.wrapped_pw);
    wbs_recovery_new(recovery);
    if (!rc)
        rc = wbs_officer_wrap_recovery(kp, recovery, o.wrapped_rec);
    if (!rc)
        rc = wbs_store_officer_put(db, &o, now);
    if (!rc)
        rc = escrow_ensure(db, user_id, kp, now);
    return rc;
}

static void
audit_key(struct db *db, const struct auth_user *u, const char *action)
{
    char oid[32];
    snprintf(oid, sizeof oid, "%lld", (long long)u->id);
    struct audit_entry e = {u->id, u->name, u->unit_id, action, "user", oid, NULL, NULL};
    (void)audit_append(db, &e);
}

int
wbs_key_setup(struct db *db, int64_t user_id, const char *password,
              char recovery[WBS_RECOVERY_TEXT], int64_t now)
{
    recovery[0] = 0;
    struct wbs_officer_row o;
    int rc = wbs_store_officer_get(db, user_id, &o);
    if (rc != ZE_NOTFOUND)
        return rc;
    struct wbs_keypair kp;
    rc = key_create(db, user_id, password, &kp, recovery, now);
    wbs_keypair_wipe(&kp);
    if (rc)
        sodium_memzero(recovery, WBS_RECOVERY_TEXT);
    return rc;
}

/* --- the auth hooks --------------------------------------------------------------------------- */

static const char *
on_sign_in(struct req *rq, struct resp *rs, const struct auth_user *u, int64_t session_id,
           const char *password)
{
    struct acl_grant *g = NULL;
    size_t ng = 0;
    if (acl_load(rq, u->id, &g, &ng) != 0 || !grants_hold(g, ng, NULL))
        return NULL;
    struct db *db = rq->db;
    int64_t now = clock_now_ms();
    struct wbs_keypair kp;
    char recovery[WBS_RECOVERY_TEXT] = "";
    struct wbs_officer_row o;
    const char *next = NULL;
    int rc = wbs_store_officer_get(db, u->id, &o);
    if (rc == ZE_NOTFOUND) {
        rc = key_create(db, u->id, password, &kp, recovery, now);
        if (!rc)
            audit_key(db, u, "wbs.key_created");
    } else if (rc == 0) {
        struct wbs_kdf k = {0, 0};
        rc = kdf_of(o.kdf, &k);
        if (!rc)
            rc = wbs_officer_unwrap_password(o.wrapped_pw, password, strlen(password), o.salt, k,
                                             o.pk, &kp);
        if (rc == ZE_FORBIDDEN) {
            /* the password was reset: the key waits for the recovery key */
            sodium_memzero(&kp, sizeof kp);
            return "/wbs/kunci";
        }
        if (!rc)
            rc = escrow_ensure(db, u->id, &kp, now);
    }
    if (!rc)
        rc = session_keep(rq, rs, session_id, u->id, &kp, recovery[0] ? recovery : NULL, now);
    if (!rc && recovery[0])
        next = "/wbs/kunci";
    if (rc)
        log_warn("wbs: could not open the key of user %lld at sign-in (%d)", (long long)u->id, rc);
    wbs_keypair_wipe(&kp);
    sodium_memzero(recovery, sizeof recovery);
    return next;
}

static int
on_password_change(struct req *rq, int64_t user_id, const char *old_password,
                   const char *new_password)
{
    struct wbs_officer_row o;
    if (wbs_store_officer_get(rq->db, user_id, &o) != 0)
        return 0;
    struct wbs_kdf k = {0, 0};
    struct wbs_keypair kp;
    int rc = kdf_of(o.kdf, &k);
    if (!rc)
        rc = wbs_officer_unwrap_password(o.wrapped_pw, old_password, strlen(old_password), o.salt,
                                         k, o.pk, &kp);
    if (rc)
        return 0; /* locked already: the recovery key opens it later */
    wbs_salt_new(o.salt);
    snprintf(o.kdf, sizeof o.kdf, "%s", wbs_officer_kdf_name());
    rc = kdf_of(o.kdf, &k);
    if (!rc)
        rc = wbs_officer_wrap_password(&kp, new_password, strlen(new_password), o.salt, k,
                                       o.wrapped_pw);
    if (!rc)
        rc = wbs_store_officer_put(rq->db, &o, clock_now_ms());
    wbs_keypair_wipe(&kp);
    return rc;
}

void
wbs_keys_register(void)
{
    auth_on_sign_in(on_sign_in);
    auth_on_password_change(on_password_change);
}

/* --- during a session ------------------------------------------------------------------------- */

/* Opens the session's copy into kp, and its pending recovery key when pending is not NULL. */
static int
session_open(struct req *rq, struct wbs_keypair *kp, char pending[WBS_RECOVERY_TEXT])
{
    struct auth_ctx *c = auth_ctx(rq);
    if (!c)
        return ZE_FORBIDDEN;
    unsigned char key[WBS_KEY_BYTES], wrapped[WBS_WRAPPED_KEY_BYTES];
    if (cookie_key(rq, key) != 0)
        return ZE_FORBIDDEN;
    int64_t uid = 0;
    struct buf p = BUF_INIT;
    int rc = wbs_store_session_get(rq->db, c->s.id, &uid, wrapped, &p);
    if (rc == ZE_NOTFOUND || (!rc && uid != c->u.id))
        rc = ZE_FORBIDDEN;
    struct wbs_officer_row o;
    if (!rc)
        rc = wbs_store_officer_get(rq->db, c->u.id, &o) == 0 ? 0 : ZE_FORBIDDEN;
    if (!rc) {
        rc = box_open(key, wrapped, sizeof wrapped, kp->sk, WBS_KEY_BYTES) == 0 ? 0 : ZE_FORBIDDEN;
        if (!rc) {
            crypto_scalarmult_base(kp->pk, kp->sk);
            if (sodium_memcmp(kp->pk, o.pk, WBS_KEY_BYTES) != 0)
                rc = ZE_FORBIDDEN;
        }
    }
    if (!rc && pending) {
        pending[0] = 0;
        if (p.len && box_open(key, p.p, p.len, pending, WBS_RECOVERY_TEXT) != 0)
            pending[0] = 0;
        pending[WBS_RECOVERY_TEXT - 1] = 0;
    }
    if (rc)
        wbs_keypair_wipe(kp);
    sodium_memzero(key, sizeof key);
    buf_free(&p);
    return rc;
}

enum wbs_key_state
wbs_key_state(struct req *rq)
{
    struct auth_ctx *c = auth_ctx(rq);
    struct wbs_officer_row o;
    if (!c || wbs_store_officer_get(rq->db, c->u.id, &o) != 0)
        return WBS_KEY_NONE;
    struct wbs_keypair kp;
    if (session_open(rq, &kp, NULL) != 0)
        return WBS_KEY_LOCKED;
    wbs_keypair_wipe(&kp);
    return WBS_KEY_OPEN;
}

int
wbs_my_key(struct req *rq, struct wbs_keypair *out)
{
    return session_open(rq, out, NULL);
}

/* Runs fn in a write transaction of its own unless the caller has one open. */
static int
begin_own(struct db *db, bool *own)
{
    *own = !db_in_transaction(db);
    return *own ? db_begin_write(db) : 0;
}

static int
end_own(struct db *db, bool own, int rc)
{
    return own ? db_commit_or_rollback(db, rc) : rc;
}

int
wbs_pending_recovery(struct req *rq, char text[WBS_RECOVERY_TEXT])
{
    text[0] = 0;
    struct wbs_keypair kp;
    int rc = session_open(rq, &kp, text);
    wbs_keypair_wipe(&kp);
    if (rc || !text[0])
        return 0;
    bool own;
    rc = begin_own(rq->db, &own);
    if (!rc)
        rc = end_own(rq->db, own, wbs_store_session_clear_pending(rq->db, auth_ctx(rq)->s.id));
    if (rc)
        sodium_memzero(text, WBS_RECOVERY_TEXT);
    return rc;
}

int
wbs_key_unlock(struct req *rq, struct resp *rs, const char *password, const char *recovery,
               char new_recovery[WBS_RECOVERY_TEXT])
{
    struct auth_ctx *c = auth_ctx(rq);
    new_recovery[0] = 0;
    if (!c)
        return ZE_FORBIDDEN;
    unsigned char probe[WBS_KEY_BYTES];
    int rc = wbs_recovery_key(recovery ? recovery : "", probe);
    sodium_memzero(probe, sizeof probe);
    if (rc)
        return ZE_INVAL;
    struct auth_user u;
    if (auth_user_by_id(rq->db, c->u.id, &u) != 0 || !password || !u.password_hash[0] ||
        password_verify(u.password_hash, password, NULL) != 0)
        return ZE_FORBIDDEN;
    bool own;
    if ((rc = begin_own(rq->db, &own)) != 0)
        return rc;
    struct wbs_officer_row o;
    struct wbs_keypair kp;
    memset(&kp, 0, sizeof kp);
    int64_t now = clock_now_ms();
    rc = wbs_store_officer_get(rq->db, c->u.id, &o);
    if (rc == ZE_NOTFOUND)
        rc = ZE_FORBIDDEN;
    if (!rc)
        rc = wbs_officer_unwrap_recovery(o.wrapped_rec, recovery, o.pk, &kp);
    if (!rc) {
        wbs_salt_new(o.salt);
        snprintf(o.kdf, sizeof o.kdf, "%s", wbs_officer_kdf_name());
        struct wbs_kdf k = {0, 0};
        rc = kdf_of(o.kdf, &k);
        if (!rc)
            rc =
                wbs_officer_wrap_password(&kp, password, strlen(password), o.salt, k, o.wrapped_pw);
    }
    if (!rc) {
        /* the recovery key used is spent: a new one replaces it */
        wbs_recovery_new(new_recovery);
        rc = wbs_officer_wrap_recovery(&kp, new_recovery, o.wrapped_rec);
    }
    if (!rc)
        rc = wbs_store_officer_put(rq->db, &o, now);
    if (!rc)
        rc = escrow_ensure(rq->db, c->u.id, &kp, now);
    if (!rc)
        rc = session_keep(rq, rs, c->s.id, c->u.id, &kp, NULL, now);
    if (!rc)
        audit_key(rq->db, &c->u, "wbs.key_unlocked");
    rc = end_own(rq->db, own, rc);
    if (rc)
        sodium_memzero(new_recovery, WBS_RECOVERY_TEXT);
    wbs_keypair_wipe(&kp);
    return rc;
}

int
wbs_key_escrow_restore(struct req *rq, int64_t officer_id, char out[WBS_RECOVERY_TEXT])
{
    struct auth_ctx *c = auth_ctx(rq);
    out[0] = 0;
    struct wbs_keypair mine, theirs;
    memset(&theirs, 0, sizeof theirs);
    if (!c || wbs_my_key(rq, &mine) != 0)
        return ZE_FORBIDDEN;
    bool own;
    int rc = begin_own(rq->db, &own);
    if (rc) {
        wbs_keypair_wipe(&mine);
        return rc;
    }
    struct wbs_officer_row o;
    unsigned char sealed[WBS_SEALED_KEY_BYTES];
    rc = wbs_store_officer_get(rq->db, officer_id, &o);
    if (!rc)
        rc = wbs_store_escrow_get(rq->db, officer_id, c->u.id, sealed);
    if (!rc)
        rc = wbs_key_open(sealed, &mine, o.pk, &theirs);
    if (!rc) {
        wbs_recovery_new(out);
        rc = wbs_officer_wrap_recovery(&theirs, out, o.wrapped_rec);
    }
    if (!rc)
        rc = wbs_store_officer_put(rq->db, &o, clock_now_ms());
    rc = end_own(rq->db, own, rc);
    if (rc)
        sodium_memzero(out, WBS_RECOVERY_TEXT);
    wbs_keypair_wipe(&mine);
    wbs_keypair_wipe(&theirs);
    return rc;
}
