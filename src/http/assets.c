/* assets: the files under /static/ served from the embedded files with ETag, conditional GET and
 * Range; the binary's files never change while it runs, so release builds may cache them for long.
 */
#include <string.h>

#include "core/arena.h"
#include "core/embed.h"
#include "core/err.h"
#include "http.h"

static void
release(void *p)
{
    embed_release(p);
}

int
http_assets_serve(struct req *rq, struct resp *rs, const char *path)
{
    struct embed_file *f = arena_alloc(rq->a, sizeof *f);
    if (embed_get(path, f) != 0)
        return ZE_NOTFOUND;
    arena_defer(rq->a, release, f);
    /* A dev-mode file is freed with the arena, so its bytes are copied into the response. */
    if (embed_from_disk()) {
        resp_text(rs, 200, http_mime_for(path), (const char *)f->data, f->len);
        resp_header(rs, "Cache-Control", "no-cache");
        resp_header(rs, "ETag", arena_strdup(rq->a, f->etag));
        return 0;
    }
    return resp_static(rq, rs, f->data, f->len, http_mime_for(path), f->etag, false);
}
