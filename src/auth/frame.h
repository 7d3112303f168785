/* frame: every HTML page inside the shared layout, for the person making the request: language,
 * navigation, flash messages, the language switch; and the error pages. */
#ifndef ZONA_AUTH_FRAME_H
#define ZONA_AUTH_FRAME_H

#include <jansson.h>

struct req;
struct resp;

/* Renders templates/<tmpl>.html with model (stolen: decref'd here) inside templates/layout.html,
 * titled with the translation of title_id. With ?format=json or Accept: application/json the
 * model itself is sent instead. Returns 0 or a ZE_* code. */
int frame_render(struct req *rq, struct resp *rs, int status, const char *tmpl,
                 const char *title_id, json_t *model);
/* Renders templates/<tmpl>.html as a whole document of its own, without the staff layout (the
 * public survey pages: a small page with its stylesheet inline). The model (stolen) gets "lang",
 * "lang_href" and "lang_label" (the language switch). JSON as frame_render. */
int frame_render_bare(struct req *rq, struct resp *rs, int status, const char *tmpl, json_t *model);
/* The error renderer installed in http: an HTML page in the layout or a JSON error. */
void frame_error(struct req *rq, struct resp *rs, int ze, const char *detail);
/* The text of a message id in the request's language. */
const char *frame_t(const struct req *rq, const char *id);
/* A time for people: "27 November 2026 17.05 WITA" in the request's language and the zone tz
 * (WIB for an unknown one); "" for 0. New reference. */
json_t *frame_when(struct req *rq, long long ms, const char *tz);
/* A number for people in the request's language ("3,52" / "3.52"), in the request's arena. */
const char *frame_decimal(struct req *rq, double v, int decimals);
/* A civil date 'YYYY-MM-DD' for people ("1 Oktober 2026"), in the request's arena; the text
 * itself when it is not such a date. */
const char *frame_day(struct req *rq, const char *ymd);
/* Shows a message on the next page (codes in frame.c: "signed_out", "unit_saved"...). */
void frame_flash(struct req *rq, struct resp *rs, const char *code);
/* Counts a person's unread inbox entries for the header (set by the application; the inbox
 * belongs to a part above auth). */
void frame_set_inbox_counter(long long (*fn)(struct req *rq, long long user_id));
/* A 303 to the local path to (copied: it may live on the caller's stack), with a flash message
 * code for the next page (NULL: none). Returns 0. */
int frame_redirect(struct req *rq, struct resp *rs, const char *to, const char *flash);
/* True when s is a local path safe to redirect to ("/x", not "//host" or "/\host"). */
int frame_safe_next(const char *s);

#endif
