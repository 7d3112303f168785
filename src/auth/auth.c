/* auth: start-up, and the check every request passes before its handler: who is asking (the
 * session cookie), CSRF on state changes, then the route's permission on the unit the request is
 * about. Deny by default: a route with no permission and no ROUTE_PUBLIC is never reached. */
#include "auth.h"

#include <stdio.h>
#include <string.h>

#include "auth_store.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "http/http.h"
#include "web/i18n.h"

int acl_load_roles(void);
void acl_free_roles(void);

static int authorize(struct req *rq);

int
auth_init(void)
{
    password_configure();
    if (acl_load_roles() != 0)
        return ZE_INVAL;
    if (password_lists_load() != 0) {
        fprintf(stderr, "zona: the common-password lists under data/passwords/ are missing\n");
        return ZE_INVAL;
    }
    http_set_authorizer(authorize);
    return 0;
}

void
auth_shutdown(void)
{
    acl_free_roles();
}

struct auth_ctx *
auth_ctx(const struct req *rq)
{
    return rq->session;
}

int64_t
auth_me(const struct req *rq)
{
    struct auth_ctx *c = auth_ctx(rq);
    return c ? c->u.id : 0;
}

int
auth_user_by_login(struct db *db, const char *login, struct auth_user *u)
{
    if (!login || !*login)
        return ZE_NOTFOUND;
    if (strchr(login, '@'))
        return auth_store_user_by_email(db, login, u);
    return auth_store_user_by_nip(db, login, u);
}

int
auth_user_by_id(struct db *db, int64_t id, struct auth_user *u)
{
    return auth_store_user_by_id(db, id, u);
}

int
auth_totp_accept(struct db *db, int64_t user_id, const char *secret_b32, const char *code,
                 int64_t now_ms)
{
    int64_t step;
    if (!totp_check_step(secret_b32, code, now_ms, &step))
        return ZE_FORBIDDEN;
    return auth_store_totp_use(db, user_id, step);
}

int
auth_set_password(struct db *db, int64_t user_id, const char *password)
{
    char h[160];
    int rc = password_hash(password, h, sizeof h);
    return rc ? rc : auth_store_set_password(db, user_id, h, clock_now_ms());
}

static void
identify(struct req *rq)
{
    struct session s;
    if (!req_cookie(rq, "zona_session") || session_lookup(rq, &s) != 0)
        return;
    struct auth_ctx *c = arena_alloc(rq->a, sizeof *c);
    if (auth_store_user_by_id(rq->db, s.user_id, &c->u) != 0 || !c->u.active)
        return;
    c->s = s;
    c->signed_in = true;
    if (auth_store_grants(rq->db, rq->a, c->u.id, &c->grants, &c->ngrants) != 0)
        c->ngrants = 0;
    rq->session = c;
}

/* Refused requests are audited in a transaction of their own: nothing else is written. */
static void
audit_rejection(struct req *rq, const char *action)
{
    if (db_begin_write(rq->db) != 0)
        return;
    json_t *after = json_pack("{s:s,s:s}", "method", rq->method_name, "path", rq->path);
    if (audit_request(rq, action, 0, "request", rq->request_id, NULL, after) == 0)
        db_commit(rq->db);
    else
        db_rollback(rq->db);
    json_decref(after);
}

static int
authorize(struct req *rq)
{
    const struct route *r = rq->route;
    if ((r->flags & ROUTE_ANON) && (rq->method == HTTP_GET || rq->method == HTTP_HEAD))
        return 0; /* no session lookup for static files and health checks */
    /* the whistleblowing channel's public pages never look at who is signed in: no session is
     * read or touched, so no row of a colleague's session ties them to a report's time */
    if (!((r->flags & ROUTE_PUBLIC) && (r->flags & ROUTE_PRIVATE)))
        identify(rq);
    struct auth_ctx *c = auth_ctx(rq);
    if (!(r->flags & ROUTE_PUBLIC) && !c) {
        if (req_cookie(rq, "zona_session"))
            audit_rejection(rq, "security.session_invalid");
        return ZE_UNAUTH;
    }
    if (rq->method != HTTP_GET && rq->method != HTTP_HEAD) {
        int rc = csrf_check(rq);
        if (rc) {
            audit_rejection(rq,
                            rc == ZE_MEDIA ? "security.bad_media_type" : "security.csrf_rejected");
            if (rc == ZE_FORBIDDEN)
                rq->error_detail = N_("Your form has expired. Please try again.");
            return rc;
        }
    }
    if (r->flags & ROUTE_PUBLIC)
        return 0;
    if (c->s.stage != SESSION_FULL && !(r->flags & ROUTE_PARTIAL))
        return ZE_UNAUTH;
    if (!r->perm || strcmp(r->perm, "session") == 0)
        return 0;
    if (r->resolver) {
        int64_t unit = 0;
        int rc = r->resolver(rq, &unit);
        if (rc)
            return rc;
        char path[256];
        if (auth_store_unit_path(rq->db, unit, path, sizeof path) != 0)
            return ZE_NOTFOUND;
        if (acl_allows(c->grants, c->ngrants, r->perm, path))
            return 0;
        /* Another unit's object: as if it did not exist, unless the caller may not do this at all
         */
        audit_rejection(rq, "security.access_denied");
        return acl_allows_somewhere(c->grants, c->ngrants, r->perm) ? ZE_NOTFOUND : ZE_FORBIDDEN;
    }
    if (acl_allows_somewhere(c->grants, c->ngrants, r->perm))
        return 0;
    audit_rejection(rq, "security.access_denied");
    return ZE_FORBIDDEN;
}

bool
auth_may(const struct req *rq, const char *perm, const char *unit_path)
{
    struct auth_ctx *c = auth_ctx(rq);
    return c && acl_allows(c->grants, c->ngrants, perm, unit_path);
}
