/* app_routes: the platform's public routes. Health and metrics are public unless
 * ZONA_METRICS_TOKEN is set; then they need "Authorization: Bearer TOKEN". */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth/auth.h"
#include "auth/auth_routes.h"
#include "auth/frame.h"
#include "complaint/complaint.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/embed.h"
#include "core/err.h"
#include "core/xmem.h"
#include "db/db.h"
#include "grat/grat.h"
#include "http/http.h"
#include "lke/lke_routes.h"
#include "lke/lke_work.h"
#include "org/cal.h"
#include "org/cal_routes.h"
#include "org/org.h"
#include "survey/survey_routes.h"
#include "survey/survey_work.h"
#include "wbs/wbs.h"
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

/* The landing page is the same bytes for every visitor who is not signed in and has no message
 * waiting, in each language: rendered once, then served like a static file. Owned here for the
 * life of the process. */
static struct {
    pthread_mutex_t mu;
    char *body[2];
    size_t len[2];
    char etag[2][24];
} home = {PTHREAD_MUTEX_INITIALIZER, {NULL, NULL}, {0, 0}, {"", ""}};

static int
app_routes_get_home(struct req *rq, struct resp *rs)
{
    bool cacheable =
        !auth_ctx(rq) && !req_cookie(rq, "zona_flash") && !rq->wants_json && !embed_from_disk();
    int k = strcmp(rq->lang, "en") == 0 ? 1 : 0;
    if (cacheable) {
        pthread_mutex_lock(&home.mu);
        char *body = home.body[k];
        pthread_mutex_unlock(&home.mu);
        if (body) {
            /* served like a static file, but revalidated on every visit: it names no one */
            resp_header(rs, "ETag", home.etag[k]);
            resp_header(rs, "Cache-Control", "no-cache");
            resp_header(rs, "Vary", "Cookie");
            const char *inm = req_header(rq, "If-None-Match");
            if (inm && strstr(inm, home.etag[k])) {
                rs->status = 304;
                return 0;
            }
            rs->status = 200;
            rs->content_type = "text/html; charset=utf-8";
            rs->kind = RESP_STATIC;
            rs->static_data = body;
            rs->static_len = home.len[k];
            return 0;
        }
    }
    int rc = frame_render(rq, rs, 200, "home", N_("Integrity Zone"), json_object());
    if (rc || !cacheable || rs->kind != RESP_BUF || rs->nheaders > 0)
        return rc;
    pthread_mutex_lock(&home.mu);
    if (!home.body[k]) {
        unsigned long long h = 1469598103934665603ull;
        for (size_t i = 0; i < rs->body.len; i++)
            h = (h ^ (unsigned char)rs->body.p[i]) * 1099511628211ull;
        snprintf(home.etag[k], sizeof home.etag[k], "\"%016llx\"", h);
        home.len[k] = rs->body.len;
        home.body[k] = xstrndup(rs->body.p, rs->body.len);
    }
    resp_header(rs, "ETag", home.etag[k]);
    pthread_mutex_unlock(&home.mu);
    return 0;
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
    if (http_stopping()) {
        resp_text(rs, 503, "text/plain; charset=utf-8", "stopping\n", 9);
        rs->no_store = true;
        return 0;
    }
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

/* A new assessment takes the year's closed survey indices (the LKE does not know the surveys). */
static int
app_survey_into_lke(struct db *db, int64_t unit_id, int year, int64_t now)
{
    const char *base = config_get()->public_url;
    int rc = survey_lke_sync(db, unit_id, year, now, base ? base : "");
    if (!rc)
        rc = app_lke_wbs(db, unit_id, year, now);
    return rc ? rc : app_lke_grat(db, unit_id, year, now);
}

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
    if (lke_registry_init(NULL, &err) != 0) {
        fprintf(stderr, "zona: the shipped LKE framework does not load:\n%s", buf_cstr(&err));
        buf_free(&err);
        return ZE_INVAL;
    }
    lke_routes_register();
    survey_routes_register();
    cal_routes_register();
    complaint_routes_register();
    wbs_routes_register(); /* before the public /wbs/:code, which would take /wbs/kunci */
    wbs_public_register();
    wbs_keys_register();
    grat_upg_register(); /* before the staff's /gratifikasi/:id, which would take /upg */
    grat_public_register();
    grat_routes_register();
    cal_on_change(complaint_store_recompute);
    cal_on_change(wbs_case_recompute);
    wbs_on_figures(app_lke_wbs);
    grat_on_figures(app_lke_grat);
    lke_on_create(app_survey_into_lke);
    frame_set_inbox_counter(lke_inbox_unread);
    http_set_error_renderer(frame_error);
    return 0;
}

void
app_shutdown(void)
{
    router_clear();
    for (int k = 0; k < 2; k++) {
        free(home.body[k]);
        home.body[k] = NULL;
    }
    auth_shutdown();
    lke_registry_free();
    tmpl_unload_all();
    i18n_unload();
}
