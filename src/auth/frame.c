/* frame: the layout's view model is built in one place so every part's pages share the header,
 * navigation, language switch and flash messages, and can all answer ?format=json. */
#include "frame.h"

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "core/xmem.h"
#include "http/http.h"
#include "web/i18n.h"
#include "web/tmpl.h"

#ifndef ZONA_VERSION
#define ZONA_VERSION "0.0.0"
#endif

const char *
frame_t(const struct req *rq, const char *id)
{
    return i18n_t(rq->lang, id);
}

int
frame_safe_next(const char *s)
{
    return s && s[0] == '/' && s[1] != '/' && s[1] != '\\' && !strpbrk(s, "\r\n\\") &&
           strlen(s) < 2048;
}

static void
url_escape(struct buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
            buf_putc(out, (char)c);
        } else {
            buf_putc(out, '%');
            buf_putc(out, hex[c >> 4]);
            buf_putc(out, hex[c & 15]);
        }
    }
}

static json_t *
layout_model(struct req *rq, const char *title)
{
    const char *other = strcmp(rq->lang, "en") == 0 ? "id" : "en";
    struct buf href = BUF_INIT;
    buf_printf(&href, "/bahasa/%s?next=", other);
    /* the current page, less any ?lang= that would override the choice */
    struct buf here = BUF_INIT;
    buf_puts(&here, rq->path);
    url_escape(&href, here.p);
    buf_free(&here);
    json_t *m = json_pack("{s:s,s:s,s:n,s:[],s:{s:s,s:s,s:s},s:[],s:s,s:s}", "lang", rq->lang,
                          "title", title, "user", "nav", "lang_switch", "href", href.p, "label",
                          strcmp(other, "en") == 0 ? "English" : "Bahasa Indonesia", "code", other,
                          "flash", "version", ZONA_VERSION, "path", rq->path);
    buf_free(&href);
    return m;
}

int
frame_render(struct req *rq, struct resp *rs, int status, const char *tmpl, const char *title_id,
             json_t *model)
{
    if (!model)
        model = json_object();
    if (rq->wants_json) {
        resp_json(rs, status, model);
        json_decref(model);
        return 0;
    }
    struct buf body = BUF_INIT, page = BUF_INIT;
    int rc = tmpl_render_named(tmpl, model, i18n_tmpl_translate, UNCONST(rq->lang), &body);
    json_decref(model);
    if (rc) {
        log_error("template %s: render failed (%d)", tmpl, rc);
        buf_free(&body);
        return ZE_IO;
    }
    json_t *lm = layout_model(rq, frame_t(rq, title_id));
    json_object_set_new(lm, "content", tmpl_safe(body.p, body.len));
    buf_free(&body);
    rc = tmpl_render_named("layout", lm, i18n_tmpl_translate, UNCONST(rq->lang), &page);
    json_decref(lm);
    if (rc) {
        log_error("template layout: render failed (%d)", rc);
        buf_free(&page);
        return ZE_IO;
    }
    resp_html(rs, status, page.p, page.len);
    buf_free(&page);
    return 0;
}

void
frame_error(struct req *rq, struct resp *rs, int ze, const char *detail)
{
    int status = err_http_status(ze);
    const char *message = detail ? detail : frame_t(rq, err_message(ze));
    if (rq->wants_json) {
        http_error_json(rs, status, err_code(ze), message);
        return;
    }
    json_t *m = json_pack("{s:i,s:s,s:s}", "status", status, "heading", frame_t(rq, err_title(ze)),
                          "message", message);
    if (frame_render(rq, rs, status, "error", err_title(ze), m) != 0) {
        const char *fallback = frame_t(rq, err_title(ze));
        resp_text(rs, status, "text/plain; charset=utf-8", fallback, strlen(fallback));
    }
    rs->no_store = true;
}
