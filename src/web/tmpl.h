/* tmpl: a small mustache subset with escaping by default and HTML-context checks at compile
 * time. See DESIGN.md §6 "HTML templates". */
#ifndef ZONA_WEB_TMPL_H
#define ZONA_WEB_TMPL_H

#include <jansson.h>
#include <stddef.h>

struct buf;
struct tmpl;

/* Compiles src. On error returns ZE_INVAL and appends "name:line: message" to err.
 * The template is owned by the caller (tmpl_free). Pure; fuzzed. */
int tmpl_compile(const char *name, const char *src, size_t len, struct tmpl **out, struct buf *err);
void tmpl_free(struct tmpl *t);

/* Translation callback for {{t "id"}}: returns the text for id (never NULL). */
typedef const char *(*tmpl_translate_fn)(void *arg, const char *id);
/* Finds a partial by name ("flash" for templates/partials/flash.html); NULL when missing. The
 * returned template must stay valid during the render. */
typedef const struct tmpl *(*tmpl_partial_fn)(void *arg, const char *name);

struct tmpl_env {
    tmpl_translate_fn translate;
    void *translate_arg;
    tmpl_partial_fn partial;
    void *partial_arg;
};

/* Renders t with model into out. Returns 0, or ZE_NOTFOUND for a missing partial, ZE_LIMIT when
 * partials nest deeper than 16. The model is borrowed. */
int tmpl_render(const struct tmpl *t, json_t *model, const struct tmpl_env *env, struct buf *out);

/* Trusted markup (server-drawn SVG, a rendered page body): a value the renderer emits unescaped.
 * Only server code can create one: the marker key holds a per-process random nonce. New ref. */
json_t *tmpl_safe(const char *html, size_t len);
/* Appends s HTML-escaped (& < > " ' ` =). */
void tmpl_escape(struct buf *out, const char *s, size_t len);

/* The templates of the binary (or, in dev mode, of the disk): compiled once at start. */
int tmpl_load_all(struct buf *err);
void tmpl_unload_all(void);
/* Renders templates/<name>.html; translate as above; partials come from templates/partials/. */
int tmpl_render_named(const char *name, json_t *model, tmpl_translate_fn tr, void *tr_arg,
                      struct buf *out);

#endif
