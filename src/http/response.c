/* response: building responses (HTML, JSON, static bytes with ETag and Range, redirects) and
 * the error path shared by every route. The security headers are added in server.c so that no
 * response can leave without them. */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "core/xmem.h"
#include "http.h"

static http_error_renderer error_renderer;

void
resp_header(struct resp *rs, const char *name, const char *value)
{
    if (rs->nheaders < (int)(sizeof rs->headers / sizeof rs->headers[0]))
        rs->headers[rs->nheaders++] = (struct resp_header){name, value};
}

void
resp_text(struct resp *rs, int status, const char *content_type, const char *body, size_t len)
{
    rs->status = status;
    rs->content_type = content_type;
    rs->kind = RESP_BUF;
    buf_reset(&rs->body);
    buf_append(&rs->body, body, len);
}

void
resp_html(struct resp *rs, int status, const char *html, size_t len)
{
    resp_text(rs, status, "text/html; charset=utf-8", html, len);
}

void
resp_json(struct resp *rs, int status, const json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
    resp_text(rs, status, "application/json", s ? s : "null", s ? strlen(s) : 4);
    free(s);
    rs->no_store = true;
}

void
resp_redirect(struct resp *rs, int status, const char *location)
{
    rs->status = status;
    rs->kind = RESP_BUF;
    buf_reset(&rs->body);
    rs->content_type = "text/plain; charset=utf-8";
    resp_header(rs, "Location", location);
}

int
http_parse_range(const char *h, int64_t size, int64_t *from, int64_t *to)
{
    if (!h || strncmp(h, "bytes=", 6) != 0)
        return ZE_NOTFOUND;
    const char *p = h + 6;
    if (strchr(p, ','))
        return ZE_NOTFOUND; /* several ranges: serve the whole, as RFC 9110 allows */
    const char *dash = strchr(p, '-');
    if (!dash)
        return ZE_NOTFOUND;
    int64_t a = -1, b = -1;
    if (dash > p && parse_i64(p, (size_t)(dash - p), &a) != 0)
        return ZE_NOTFOUND;
    if (dash[1] && parse_i64(dash + 1, strlen(dash + 1), &b) != 0)
        return ZE_NOTFOUND;
    if (a < 0 && b < 0)
        return ZE_NOTFOUND;
    if (a < 0) { /* suffix: the last b bytes */
        if (b == 0)
            return ZE_RANGE;
        a = b >= size ? 0 : size - b;
        b = size - 1;
    } else {
        if (b < 0 || b >= size)
            b = size - 1;
        if (a > b || a >= size)
            return ZE_RANGE;
    }
    if (size == 0)
        return ZE_RANGE;
    *from = a;
    *to = b;
    return 0;
}

static bool
etag_matches(const char *inm, const char *etag)
{
    if (!inm || !etag)
        return false;
    if (strcmp(inm, "*") == 0)
        return true;
    size_t el = strlen(etag);
    for (const char *p = inm; (p = strstr(p, etag)) != NULL; p += el)
        return true;
    return false;
}

int
resp_static(struct req *rq, struct resp *rs, const void *data, size_t len, const char *content_type,
            const char *etag, bool immutable)
{
    rs->content_type = content_type;
    if (etag)
        resp_header(rs, "ETag", etag);
    resp_header(rs, "Accept-Ranges", "bytes");
    resp_header(rs, "Cache-Control",
                immutable ? "public, max-age=31536000, immutable"
                          : "public, max-age=300, must-revalidate");
    if (etag_matches(req_header(rq, "If-None-Match"), etag)) {
        rs->status = 304;
        rs->kind = RESP_BUF;
        return 0;
    }
    const char *range = req_header(rq, "Range");
    const char *if_range = req_header(rq, "If-Range");
    int64_t from, to;
    int rc = (range && (!if_range || (etag && strcmp(if_range, etag) == 0)))
                 ? http_parse_range(range, (int64_t)len, &from, &to)
                 : ZE_NOTFOUND;
    if (rc == ZE_RANGE) {
        resp_header(rs, "Content-Range", arena_printf(rq->a, "bytes */%zu", len));
        return ZE_RANGE;
    }
    rs->kind = RESP_STATIC;
    if (rc == 0) {
        rs->status = 206;
        rs->static_data = (const char *)data + from;
        rs->static_len = (size_t)(to - from + 1);
        resp_header(
            rs, "Content-Range",
            arena_printf(rq->a, "bytes %lld-%lld/%zu", (long long)from, (long long)to, len));
    } else {
        rs->status = 200;
        rs->static_data = data;
        rs->static_len = len;
    }
    return 0;
}

const char *
http_mime_for(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".json", "application/json"},
        {".txt", "text/plain; charset=utf-8"},
        {".html", "text/html; charset=utf-8"},
        {".woff2", "font/woff2"},
        {".pdf", "application/pdf"},
        {".csv", "text/csv; charset=utf-8"},
        {".md", "text/markdown; charset=utf-8"},
    };
    const char *dot = strrchr(path, '.');
    if (dot)
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (strcmp(dot, types[i].ext) == 0)
                return types[i].type;
    return "application/octet-stream";
}

void
http_set_error_renderer(http_error_renderer fn)
{
    error_renderer = fn;
}

void
http_error_json(struct resp *rs, int status, const char *code, const char *message)
{
    json_t *j = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", message);
    resp_json(rs, status, j);
    json_decref(j);
}

void
http_error(struct req *rq, struct resp *rs, int ze, const char *detail)
{
    if (error_renderer) {
        error_renderer(rq, rs, ze, detail);
        return;
    }
    http_error_json(rs, err_http_status(ze), err_code(ze), detail ? detail : err_message(ze));
}

/* --- temporary files sent as downloads ---------------------------------------------------------
 */

/* A temporary file under ZONA_VAR/tmp; path receives its name. Returns an open fd or -1. */
int
resp_temp_file(char *path, size_t n, const char *suffix)
{
    snprintf(path, n, "%s/tmp/zona-doc-XXXXXX%s", config_get()->var_dir, suffix);
    return mkstemps(path, (int)strlen(suffix));
}

struct file_reader {
    int fd;
};

static long
file_reader_read(void *arg, uint64_t pos, char *buf, size_t max)
{
    struct file_reader *r = arg;
    ssize_t n = pread(r->fd, buf, max, (off_t)pos);
    return n < 0 ? -1 : (long)n;
}

static void
file_reader_free(void *arg)
{
    struct file_reader *r = arg;
    close(r->fd);
    free(r);
}

/* Sends the file at path as a download named name and removes it from the disk (the open
 * descriptor keeps the bytes until the response is sent). */
int
resp_temp_download(struct req *rq, struct resp *rs, const char *path, const char *type,
                   const char *name)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    unlink(path);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return ZE_IO;
    }
    struct file_reader *r = xcalloc(1, sizeof *r);
    r->fd = fd;
    rs->status = 200;
    rs->content_type = type;
    rs->kind = RESP_CALLBACK;
    rs->reader = file_reader_read;
    rs->reader_arg = r;
    rs->reader_free = file_reader_free;
    rs->total_len = st.st_size;
    rs->no_store = true;
    resp_header(rs, "Content-Disposition",
                arena_printf(rq->a, "attachment; filename=\"%s\"", name));
    return 0;
}
