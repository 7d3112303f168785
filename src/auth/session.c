/* session: the cookie carries 32 random bytes; the database keeps only their hash, so a copy of
 * the database opens no session. Sessions end after ZONA_SESSION_IDLE minutes without a request
 * and ZONA_SESSION_MAX hours after sign-in, whichever comes first. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "auth_store.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/err.h"
#include "http/http.h"

#define SESSION_COOKIE "zona_session"

static void
token_hash(const char *token, char out[65])
{
    unsigned char d[32];
    crypto_generichash(d, sizeof d, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, 65, d, sizeof d);
}

static void
random_token(char *out, size_t outsz, size_t bytes)
{
    unsigned char r[32];
    randombytes_buf(r, bytes);
    sodium_bin2base64(out, outsz, r, bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

const char *
session_stage_name(enum session_stage s)
{
    return s == SESSION_TOTP ? "totp" : s == SESSION_ENROL ? "enrol" : "full";
}

int
session_start(struct req *rq, struct resp *rs, int64_t user_id, enum session_stage stage,
              struct session *out)
{
    char token[64], hash[65];
    random_token(token, sizeof token, 32);
    token_hash(token, hash);
    memset(out, 0, sizeof *out);
    random_token(out->csrf, sizeof out->csrf, 24);
    int64_t now = clock_now_ms();
    const char *ua = req_header(rq, "User-Agent");
    char agent[200] = "";
    if (ua && utf8_valid(ua, strlen(ua)))
        snprintf(agent, sizeof agent, "%s", ua);
    out->user_id = user_id;
    out->stage = stage;
    out->created_at = out->last_seen_at = now;
    out->expires_at = now + (int64_t)config_get()->session_max_hours * 3600 * 1000;
    int rc = auth_store_session_insert(rq->db, hash, user_id, session_stage_name(stage), out->csrf,
                                       agent, now, out->expires_at, &out->id);
    if (rc)
        return rc;
    resp_header(rs, "Set-Cookie",
                arena_printf(rq->a, SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax%s", token,
                             rq->https ? "; Secure" : ""));
    return 0;
}

int
session_lookup(struct req *rq, struct session *out)
{
    const char *token = req_cookie(rq, SESSION_COOKIE);
    if (!token || strlen(token) < 16 || strlen(token) > 128)
        return ZE_NOTFOUND;
    char hash[65];
    token_hash(token, hash);
    int64_t ended = 0;
    int rc = auth_store_session_find(rq->db, hash, out, &ended);
    if (rc)
        return rc;
    int64_t now = clock_now_ms();
    int64_t idle = (int64_t)config_get()->session_idle_min * 60 * 1000;
    /* boundary: a session is valid up to, not at, its expiry instant */
    if (ended || now >= out->expires_at || now >= out->last_seen_at + idle)
        return ZE_NOTFOUND;
    if (now - out->last_seen_at > 60 * 1000) { /* one write a minute at most */
        (void)auth_store_session_touch(rq->db, out->id, now);
        out->last_seen_at = now;
    }
    return 0;
}

int
session_set_stage(struct db *db, int64_t session_id, enum session_stage stage)
{
    return auth_store_session_stage(db, session_id, session_stage_name(stage));
}

int
session_end(struct db *db, int64_t session_id)
{
    return auth_store_session_end(db, session_id, clock_now_ms());
}

int
session_end_all(struct db *db, int64_t user_id, int64_t keep_id)
{
    return auth_store_session_end_all(db, user_id, keep_id, clock_now_ms());
}

void
session_clear_cookie(struct req *rq, struct resp *rs)
{
    resp_header(rs, "Set-Cookie",
                arena_printf(rq->a, SESSION_COOKIE "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s",
                             rq->https ? "; Secure" : ""));
}
