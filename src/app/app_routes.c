/* app_routes: the platform's public routes. Health and metrics are public unless
 * ZONA_METRICS_TOKEN is set; then they need "Authorization: Bearer TOKEN". */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth/auth.h"
#include "auth/auth_routes.h"
#include "auth/frame.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/embed.h"
#include "core/err.h"
#include "db/db.h"
#include "http/http.h"
#include "org/org.h"
#include "web/i18n.h"
#include "web/tmpl.h"

static int
token_ok(struct req *rq)
{
    const char *tok = config_get()->metrics_token;
    if (!tok || !*tok)
        return 1;
    const char *h = req_header(rq, "Authorization");
    if (!h || strncmp(h, "Bearer ", 7) != 0)
        return 0;
    const char *given = h + 7;
    size_t a = strlen(given), b = strlen(tok);
    unsigned diff = (unsigned)(a ^ b);
    for (size_t i = 0; i < a && i < b; i++)
        diff |= (unsigned)(given[i] ^ tok[i]);
    return diff == 0;
}

/* A monitoring client without the token: a plain 401, not the sign-in page. */
static int
token_refused(struct resp *rs)
{
    resp_text(rs, 401, "text/plain; charset=utf-8", "unauthorized\n", 13);
    resp_header(rs, "WWW-Authenticate", "Bearer realm=\"zona\"");
    rs->no_store = true;
    return 0;
}

static int
app_routes_get_home(struct req *rq, struct resp *rs)
{
    return frame_render(rq, rs, 200, "home", N_("Integrity Zone"), json_object());
}

static int
app_routes_get_privacy(struct req *rq, struct resp *rs)
{
    return frame_render(rq, rs, 200, "privacy", N_("Privacy notice"), json_object());
}

static int
app_routes_get_lang(struct req *rq, struct resp *rs)
{
    const char *code = req_param(rq, "code");
    if (!code || (strcmp(code, "id") != 0 && strcmp(code, "en") != 0))
        return ZE_NOTFOUND;
    const char *next = req_query(rq, "next");
    if (!frame_safe_next(next))
        next = "/";
    resp_header(rs, "Set-Cookie",
                arena_printf(rq->a,
                             "zona_lang=%s; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly%s",
                             code, rq->https ? "; Secure" : ""));
    resp_redirect(rs, 303, next);
    return 0;
}

static int
app_routes_get_healthz(struct req *rq, struct resp *rs)
{
    if (!token_ok(rq))
        return token_refused(rs);
    if (!rq->db || db_ping(rq->db) != 0) {
        resp_text(rs, 503, "text/plain; charset=utf-8", "database unavailable\n", 21);
        rs->no_store = true;
        return 0;
    }
    resp_text(rs, 200, "text/plain; charset=utf-8", "ok\n", 3);
    rs->no_store = true;
    return 0;
}

static int
app_routes_get_metrics(struct req *rq, struct resp *rs)
{
    if (!token_ok(rq))
        return token_refused(rs);
    struct buf b = BUF_INIT;
    metrics_render(&b);
    resp_text(rs, 200, "text/plain; version=0.0.4; charset=utf-8", b.p, b.len);
    buf_free(&b);
    rs->no_store = true;
    return 0;
}

static int
app_routes_get_openapi(struct req *rq, struct resp *rs)
{
    return http_assets_serve(rq, rs, "data/openapi.json");
}

static int
app_routes_get_static(struct req *rq, struct resp *rs)
{
    const char *rest = req_param(rq, "*");
    char *path = arena_printf(rq->a, "static/%s", rest ? rest : "");
    return http_assets_serve(rq, rs, path);
}

static int
app_routes_get_favicon(struct req *rq, struct resp *rs)
{
    return http_assets_serve(rq, rs, "static/img/favicon.svg");
}

static const struct route app_routes[] = {
    {HTTP_GET, "/", NULL, NULL, app_routes_get_home, ROUTE_PUBLIC, NULL},
    {HTTP_GET, "/privasi", NULL, NULL, app_routes_get_privacy, ROUTE_PUBLIC, NULL},
    {HTTP_GET, "/bahasa/:code", NULL, NULL, app_routes_get_lang, ROUTE_PUBLIC, NULL},
    {HTTP_GET, "/healthz", NULL, NULL, app_routes_get_healthz,
     ROUTE_PUBLIC | ROUTE_NO_LOG | ROUTE_ANON, NULL},
    {HTTP_GET, "/metrics", NULL, NULL, app_routes_get_metrics,
     ROUTE_PUBLIC | ROUTE_NO_LOG | ROUTE_ANON, NULL},
    {HTTP_GET, "/api/v1/openapi.json", NULL, NULL, app_routes_get_openapi,
     ROUTE_PUBLIC | ROUTE_ANON, NULL},
    {HTTP_GET, "/static/*", NULL, NULL, app_routes_get_static, ROUTE_PUBLIC | ROUTE_ANON,
     "/static/*"},
    {HTTP_GET, "/favicon.ico", NULL, NULL, app_routes_get_favicon, ROUTE_PUBLIC | ROUTE_ANON, NULL},
};

int
app_init(void)
{
    struct buf err = BUF_INIT;
    int rc = i18n_load(&err);
    if (rc == 0)
        rc = tmpl_load_all(&err);
    if (rc) {
        fprintf(stderr, "zona: %s\n", buf_cstr(&err));
        buf_free(&err);
        return ZE_INVAL;
    }
    buf_free(&err);
    if (auth_init() != 0)
        return ZE_INVAL;
    router_clear();
    router_add(app_routes, sizeof app_routes / sizeof app_routes[0]);
    auth_routes_register();
    org_routes_register();
    http_set_error_renderer(frame_error);
    return 0;
}

void
app_shutdown(void)
{
    router_clear();
    auth_shutdown();
    tmpl_unload_all();
    i18n_unload();
}
