/* csrf: every state-changing form carries a token the attacker's page cannot read: the session's
 * own, or for anonymous forms (sign-in, set password) the value of a SameSite=Strict cookie
 * (double submit). JSON requests instead need Content-Type application/json, which a cross-site
 * form cannot send, and a same-origin Origin when the browser sends one. */
#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "core/arena.h"
#include "core/err.h"
#include "http/http.h"

#define CSRF_COOKIE "zona_csrf"

const char *
csrf_token(struct req *rq, struct resp *rs)
{
    struct auth_ctx *c = auth_ctx(rq);
    if (c && c->signed_in)
        return c->s.csrf;
    if (rq->anon_csrf)
        return rq->anon_csrf;
    const char *have = req_cookie(rq, CSRF_COOKIE);
    if (have && strlen(have) >= 20 && strlen(have) < 64) {
        rq->anon_csrf = have;
        return have;
    }
    unsigned char r[24];
    randombytes_buf(r, sizeof r);
    char *tok = arena_alloc(rq->a, 48);
    sodium_bin2base64(tok, 48, r, sizeof r, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    rq->anon_csrf = tok;
    if (rs)
        resp_header(rs, "Set-Cookie",
                    arena_printf(rq->a, CSRF_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s", tok,
                                 rq->https ? "; Secure" : ""));
    return tok;
}

static bool
same(const char *a, const char *b)
{
    size_t la = a ? strlen(a) : 0, lb = b ? strlen(b) : 0;
    return la && la == lb && sodium_memcmp(a, b, la) == 0;
}

static bool
origin_ok(struct req *rq)
{
    const char *origin = req_header(rq, "Origin");
    if (!origin)
        return true;
    const char *host = req_header(rq, "Host");
    const char *p = strstr(origin, "://");
    if (!host || !p)
        return false;
    return strcasecmp(p + 3, host) == 0;
}

int
csrf_check(struct req *rq)
{
    enum http_method m = rq->method;
    if (m == HTTP_GET || m == HTTP_HEAD || m == HTTP_OPTIONS)
        return 0;
    /* The API takes JSON, which a browser cannot send across sites without asking; an upload
     * route of the API also takes multipart, which a browser can, so that one needs the token. */
    bool api_upload =
        rq->body_kind == BODY_MULTIPART && rq->route && (rq->route->flags & ROUTE_UPLOAD);
    if (strncmp(rq->path, "/api/", 5) == 0 && !api_upload) {
        if (m != HTTP_DELETE && rq->body_kind != BODY_JSON)
            return ZE_MEDIA;
        return origin_ok(rq) ? 0 : ZE_FORBIDDEN;
    }
    if (!origin_ok(rq))
        return ZE_FORBIDDEN;
    struct auth_ctx *c = auth_ctx(rq);
    const char *expected = c && c->signed_in ? c->s.csrf : req_cookie(rq, CSRF_COOKIE);
    const char *given = req_field(rq, "csrf");
    if (!given)
        given = req_header(rq, "X-CSRF-Token");
    return same(given, expected) ? 0 : ZE_FORBIDDEN;
}
