/* form: multipart/form-data as a state machine over a small carry buffer, so uploads stream to
 * disk as they arrive and a body is never held whole in memory. The stream is read as if it
 * began with CRLF, so the first boundary needs no special case. */
#include "form.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/blob.h"

enum state { S_PREAMBLE, S_AFTER_DELIM, S_HEADERS, S_BODY, S_DONE };

struct form_parser {
    struct arena *a;
    enum state state;
    int error;
    char delim[80]; /* "\r\n--" boundary */
    size_t dlen;
    struct buf pending;
    const char *tmpdir;
    size_t max_value_total, value_total;
    /* the current part */
    const char *name;
    const char *filename;
    const char *ctype;
    bool is_file;
    struct buf value;
    int fd;
    const char *path;
    int64_t size;
    crypto_hash_sha256_state sha;
    /* results */
    struct kv *fields;
    int nfields, capfields;
    struct upload *files;
    int nfiles, capfiles;
};

int
form_boundary(const char *ct, char *out, size_t outsz)
{
    const char *p = NULL;
    for (const char *s = ct; s && *s; s++) {
        /* the parameter name, not a longer name that ends in it */
        if (strncasecmp(s, "boundary=", 9) == 0 && s > ct && (s[-1] == ';' || s[-1] == ' ')) {
            p = s + 9;
            break;
        }
    }
    if (!p)
        return ZE_INVAL;
    size_t n;
    if (*p == '"') {
        p++;
        const char *e = strchr(p, '"');
        if (!e)
            return ZE_INVAL;
        n = (size_t)(e - p);
    } else {
        n = strcspn(p, "; \t");
    }
    /* boundary: RFC 2046 allows 1 to 70 characters */
    if (n == 0 || n > 70 || n + 1 > outsz)
        return ZE_INVAL;
    memcpy(out, p, n);
    out[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)out[i] < 0x20 || (unsigned char)out[i] > 0x7e)
            return ZE_INVAL;
    return 0;
}

static void
free_pending(void *arg)
{
    struct form_parser *p = arg;
    buf_free(&p->pending);
    buf_free(&p->value);
    if (p->fd >= 0) {
        close(p->fd);
        p->fd = -1;
        if (p->path)
            unlink(p->path);
    }
}

static void
close_upload(void *arg)
{
    struct upload *u = arg;
    if (u->fd >= 0)
        close(u->fd);
    if (u->tmp_path)
        unlink(u->tmp_path);
}

struct form_parser *
form_parser_new(struct arena *a, const char *boundary, const char *tmpdir, size_t max_value_total)
{
    struct form_parser *p = arena_alloc(a, sizeof *p);
    p->a = a;
    p->fd = -1;
    p->tmpdir = tmpdir;
    p->max_value_total = max_value_total;
    int n = snprintf(p->delim, sizeof p->delim, "\r\n--%s", boundary);
    p->dlen = n > 0 ? (size_t)n : 0;
    buf_append(&p->pending, "\r\n", 2);
    arena_defer(a, free_pending, p);
    return p;
}

static void
consume(struct form_parser *p, size_t n)
{
    memmove(p->pending.p, p->pending.p + n, p->pending.len - n);
    p->pending.len -= n;
    p->pending.p[p->pending.len] = '\0';
}

/* Reads a parameter (name="x" or name=x) of a Content-Disposition header value, walking the
 * parameters in order so that text inside a quoted value is never taken for a parameter.
 * Browsers percent-encode quotes in names and filenames and send backslashes as they are, so a
 * backslash is an ordinary character. */
static const char *
disp_param(struct arena *a, const char *h, size_t hl, const char *key)
{
    size_t kl = strlen(key), i = 0;
    while (i < hl && h[i] != ';') /* skip the disposition type */
        i++;
    while (i < hl) {
        while (i < hl && (h[i] == ';' || h[i] == ' ' || h[i] == '\t'))
            i++;
        size_t ks = i;
        while (i < hl && h[i] != '=' && h[i] != ';')
            i++;
        size_t ke = i;
        while (ke > ks && (h[ke - 1] == ' ' || h[ke - 1] == '\t'))
            ke--;
        if (i >= hl || h[i] != '=')
            continue;
        i++;
        while (i < hl && (h[i] == ' ' || h[i] == '\t'))
            i++;
        size_t vs, ve;
        if (i < hl && h[i] == '"') {
            vs = ++i;
            while (i < hl && h[i] != '"')
                i++;
            if (i >= hl)
                return NULL; /* an unterminated quoted value */
            ve = i++;
        } else {
            vs = i;
            while (i < hl && h[i] != ';')
                i++;
            ve = i;
            while (ve > vs && (h[ve - 1] == ' ' || h[ve - 1] == '\t'))
                ve--;
        }
        if (ke - ks == kl && strncasecmp(h + ks, key, kl) == 0)
            return arena_strndup(a, h + vs, ve - vs);
    }
    return NULL;
}

static int
start_part(struct form_parser *p, const char *h, size_t hl)
{
    p->name = p->filename = p->ctype = NULL;
    p->is_file = false;
    p->size = 0;
    buf_reset(&p->value);
    size_t i = 0;
    while (i < hl) {
        size_t e = i;
        while (e + 1 < hl && !(h[e] == '\r' && h[e + 1] == '\n'))
            e++;
        if (e + 1 >= hl)
            e = hl;
        const char *line = h + i;
        size_t ll = e - i;
        const char *colon = memchr(line, ':', ll);
        if (colon) {
            size_t nl = (size_t)(colon - line);
            const char *v = colon + 1;
            while (v < line + ll && (*v == ' ' || *v == '\t'))
                v++;
            size_t vl = (size_t)(line + ll - v);
            if (nl == 19 && strncasecmp(line, "Content-Disposition", 19) == 0) {
                if (vl < 9 || strncasecmp(v, "form-data", 9) != 0)
                    return ZE_INVAL;
                p->name = disp_param(p->a, v, vl, "name");
                p->filename = disp_param(p->a, v, vl, "filename");
            } else if (nl == 12 && strncasecmp(line, "Content-Type", 12) == 0) {
                p->ctype = arena_strndup(p->a, v, vl);
            }
        }
        i = e + 2;
    }
    if (!p->name || !*p->name)
        return ZE_INVAL;
    size_t nl = strlen(p->name);
    if (nl > LIMIT_FIELD_NAME || !utf8_valid(p->name, nl))
        return ZE_INVAL;
    if (p->filename && !utf8_valid(p->filename, strlen(p->filename)))
        return ZE_INVAL;
    p->is_file = p->filename != NULL;
    if (p->is_file) {
        if (p->nfiles >= LIMIT_FILES)
            return ZE_LIMIT;
        crypto_hash_sha256_init(&p->sha);
        if (p->tmpdir && strcmp(p->tmpdir, FORM_IN_MEMORY) == 0) {
            /* never on disk: a whistleblower's file is encrypted before anything is written */
            int fd = memfd_create("upload", MFD_CLOEXEC);
            if (fd < 0)
                return ZE_IO;
            p->fd = fd;
            p->path = NULL;
        } else if (p->tmpdir) {
            char *path = arena_printf(p->a, "%s/upload-XXXXXX", p->tmpdir);
            int fd = mkstemp(path);
            if (fd < 0)
                return ZE_IO;
            p->fd = fd;
            p->path = path;
        }
    } else if (p->nfields >= LIMIT_FIELDS) {
        return ZE_LIMIT;
    }
    return 0;
}

static int
part_data(struct form_parser *p, const char *d, size_t n)
{
    if (n == 0)
        return 0;
    if (p->is_file) {
        crypto_hash_sha256_update(&p->sha, (const unsigned char *)d, n);
        p->size += (int64_t)n;
        if (p->fd >= 0) {
            size_t off = 0;
            while (off < n) {
                ssize_t w = write(p->fd, d + off, n - off);
                if (w <= 0)
                    return ZE_IO;
                off += (size_t)w;
            }
        }
        return 0;
    }
    p->value_total += n;
    if (p->value.len + n > LIMIT_FIELD_VALUE || p->value_total > p->max_value_total)
        return ZE_LIMIT;
    buf_append(&p->value, d, n);
    return 0;
}

static int
end_part(struct form_parser *p)
{
    if (p->is_file) {
        unsigned char d[32];
        crypto_hash_sha256_final(&p->sha, d);
        /* An empty file input still sends a part with filename="": nothing was chosen. */
        if (p->size == 0 && !*p->filename) {
            if (p->fd >= 0) {
                close(p->fd);
                if (p->path)
                    unlink(p->path);
            }
            p->fd = -1;
            return 0;
        }
        if (p->nfiles == p->capfiles) {
            int cap = p->capfiles ? p->capfiles * 2 : 4;
            struct upload *n = arena_alloc(p->a, sizeof(struct upload) * (size_t)cap);
            if (p->nfiles)
                memcpy(n, p->files, sizeof(struct upload) * (size_t)p->nfiles);
            p->files = n;
            p->capfiles = cap;
        }
        struct upload *u = &p->files[p->nfiles++];
        u->field = p->name;
        u->filename = p->filename;
        u->content_type = p->ctype ? p->ctype : "application/octet-stream";
        u->tmp_path = p->fd >= 0 ? p->path : NULL;
        u->fd = p->fd;
        u->size = p->size;
        blob_hex(d, u->sha256);
        if (u->fd >= 0)
            arena_defer(p->a, close_upload, u);
        p->fd = -1;
        p->path = NULL;
        return 0;
    }
    if (!utf8_valid(buf_cstr(&p->value), p->value.len))
        return ZE_INVAL;
    if (p->nfields == p->capfields) {
        int cap = p->capfields ? p->capfields * 2 : 8;
        struct kv *n = arena_alloc(p->a, sizeof(struct kv) * (size_t)cap);
        if (p->nfields)
            memcpy(n, p->fields, sizeof(struct kv) * (size_t)p->nfields);
        p->fields = n;
        p->capfields = cap;
    }
    p->fields[p->nfields++] =
        (struct kv){p->name, arena_strndup(p->a, buf_cstr(&p->value), p->value.len), p->value.len};
    return 0;
}

static int
step(struct form_parser *p, bool *more)
{
    struct buf *b = &p->pending;
    *more = false;
    switch (p->state) {
    case S_PREAMBLE: {
        char *m = memmem(b->p, b->len, p->delim, p->dlen);
        if (!m) {
            if (b->len >= p->dlen)
                consume(p, b->len - p->dlen + 1);
            return 0;
        }
        consume(p, (size_t)(m - b->p) + p->dlen);
        p->state = S_AFTER_DELIM;
        *more = true;
        return 0;
    }
    case S_AFTER_DELIM: {
        size_t i = 0;
        while (i < b->len && (b->p[i] == ' ' || b->p[i] == '\t'))
            i++;
        if (i > 64)
            return ZE_INVAL;
        if (b->len - i < 2)
            return 0;
        if (b->p[i] == '-' && b->p[i + 1] == '-') {
            p->state = S_DONE;
            b->len = 0;
            return 0;
        }
        if (b->p[i] != '\r' || b->p[i + 1] != '\n')
            return ZE_INVAL;
        consume(p, i + 2);
        p->state = S_HEADERS;
        *more = true;
        return 0;
    }
    case S_HEADERS: {
        size_t hl;
        if (b->len >= 2 && b->p[0] == '\r' && b->p[1] == '\n') {
            hl = 0;
        } else {
            char *m = memmem(b->p, b->len, "\r\n\r\n", 4);
            if (!m) {
                /* boundary: the blank line may still be on its way (2 bytes past the limit) */
                if (b->len > LIMIT_MULTIPART_HEADER + 1)
                    return ZE_LIMIT;
                return 0;
            }
            hl = (size_t)(m - b->p) + 2;
        }
        if (hl > LIMIT_MULTIPART_HEADER)
            return ZE_LIMIT;
        int rc = start_part(p, b->p, hl);
        if (rc)
            return rc;
        consume(p, hl + 2);
        p->state = S_BODY;
        *more = true;
        return 0;
    }
    case S_BODY: {
        char *m = memmem(b->p, b->len, p->delim, p->dlen);
        if (!m) {
            if (b->len >= p->dlen) {
                size_t n = b->len - p->dlen + 1;
                int rc = part_data(p, b->p, n);
                if (rc)
                    return rc;
                consume(p, n);
            }
            return 0;
        }
        size_t n = (size_t)(m - b->p);
        int rc = part_data(p, b->p, n);
        if (!rc)
            rc = end_part(p);
        if (rc)
            return rc;
        consume(p, n + p->dlen);
        p->state = S_AFTER_DELIM;
        *more = true;
        return 0;
    }
    case S_DONE:
        b->len = 0;
        return 0;
    }
    return ZE_INVAL;
}

int
form_parser_feed(struct form_parser *p, const char *data, size_t len)
{
    if (p->error)
        return p->error;
    if (p->state == S_DONE)
        return 0;
    buf_append(&p->pending, data, len);
    bool more = true;
    while (more && !p->error) {
        int rc = step(p, &more);
        if (rc)
            p->error = rc;
    }
    return p->error;
}

int
form_parser_finish(struct form_parser *p)
{
    if (p->error)
        return p->error;
    return p->state == S_DONE ? 0 : ZE_INVAL;
}

void
form_parser_result(const struct form_parser *p, struct kv **fields, int *nfields,
                   struct upload **files, int *nfiles)
{
    *fields = p->fields;
    *nfields = p->nfields;
    *files = p->files;
    *nfiles = p->nfiles;
}
