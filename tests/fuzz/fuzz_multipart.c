/* fuzz_multipart: the streaming multipart/form-data parser (src/http/form.c) and
 * form_boundary().
 *
 * Input layout (an input shorter than 2 bytes is a body with all flags clear):
 *   byte 0  flags: bits 0-1 how the body is cut into feeds (FEED_*), bit 2 a Content-Type line
 *           follows, bits 3-4 the limit on field bytes, bit 5 empty feeds between chunks, bit 6
 *           generator mode (below)
 *   byte 1  parameter of the cut (chunk size or random seed)
 *   [bit 2] a Content-Type header value up to '\n', given to form_boundary(); when it refuses,
 *           the fixed boundary "XyZ" is used
 *   rest    the body
 *
 * Every body is parsed twice: fed whole, and cut as byte 0 says. A streaming parser must not
 * care where the network split the body, so both runs must agree on the result and on the
 * error code.
 *
 * In generator mode, the rest is a list of records separated by NUL bytes: a kind byte (even: a
 * field "name\1value", odd: a file "name\1filename\1content", \1 being the byte 0x01), from
 * which a well-formed body is built the way a browser builds one. The parser must then accept it
 * and give back exactly those fields and files. Records a browser could not send are skipped. */
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/err.h"
#include "http/form.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { FEED_BYTE, FEED_FIXED, FEED_RANDOM, FEED_AT_MARKS };

enum {
    F_CONTENT_TYPE = 1 << 2,
    F_LIMIT_SHIFT = 3,
    F_EMPTY_FEEDS = 1 << 5,
    F_GENERATE = 1 << 6,
};

static const size_t value_limits[] = {16, 300, 65536, 1 << 20};

struct outcome {
    int rc;
    struct kv *fields;
    int nfields;
    struct upload *files;
    int nfiles;
};

struct cut {
    int mode; /* -1: the whole body in one feed */
    unsigned param;
    bool empty_feeds;
};

static size_t
next_len(const struct cut *c, uint32_t *rng, const char *body, size_t off, size_t len)
{
    size_t n = len - off;
    switch (c->mode) {
    case FEED_BYTE:
        n = 1;
        break;
    case FEED_FIXED:
        n = c->param + 1;
        break;
    case FEED_RANDOM:
        *rng ^= *rng << 13;
        *rng ^= *rng >> 17;
        *rng ^= *rng << 5;
        n = 1 + *rng % 64;
        break;
    case FEED_AT_MARKS: {
        /* end each feed just after a CR or a '-', where delimiters start */
        size_t i = off;
        while (i < len && body[i] != '\r' && body[i] != '-')
            i++;
        n = i - off + 1;
        break;
    }
    default:
        break;
    }
    return n < len - off ? n : len - off;
}

static void
parse(struct arena *a, const char *boundary, const char *body, size_t len, size_t max_value,
      const struct cut *c, struct outcome *o)
{
    struct form_parser *p = form_parser_new(a, boundary, NULL, max_value);
    uint32_t rng = c->param * 2654435761u + 1u;
    int rc = 0;
    size_t off = 0;
    while (off < len) {
        size_t n = next_len(c, &rng, body, off, len);
        rc = form_parser_feed(p, body + off, n);
        off += n;
        if (!rc && c->empty_feeds)
            rc = form_parser_feed(p, body + off, 0);
        if (rc) {
            /* an error sticks */
            if (form_parser_feed(p, "--", 2) != rc)
                abort();
            break;
        }
    }
    int fin = form_parser_finish(p);
    if (rc && fin != rc)
        abort();
    if (rc != 0 && rc != ZE_INVAL && rc != ZE_LIMIT)
        abort();
    o->rc = fin;
    form_parser_result(p, &o->fields, &o->nfields, &o->files, &o->nfiles);
}

static bool
is_hex64(const char *s)
{
    for (int i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return s[64] == '\0';
}

/* What every caller of form_parser_result relies on. */
static void
check_outcome(const struct outcome *o)
{
    if (o->rc != 0)
        return;
    if (o->nfields < 0 || o->nfields > LIMIT_FIELDS || o->nfiles < 0 || o->nfiles > LIMIT_FILES)
        abort();
    for (int i = 0; i < o->nfields; i++) {
        const struct kv *f = &o->fields[i];
        size_t nl = strlen(f->name);
        if (nl == 0 || nl > LIMIT_FIELD_NAME || !utf8_valid(f->name, nl))
            abort();
        if (f->len > LIMIT_FIELD_VALUE || strlen(f->value) != f->len ||
            !utf8_valid(f->value, f->len))
            abort();
    }
    for (int i = 0; i < o->nfiles; i++) {
        const struct upload *u = &o->files[i];
        size_t nl = strlen(u->field);
        if (nl == 0 || nl > LIMIT_FIELD_NAME || !utf8_valid(u->field, nl))
            abort();
        if (!u->filename || !utf8_valid(u->filename, strlen(u->filename)) || !u->content_type)
            abort();
        /* no temporary directory: nothing may be written anywhere */
        if (u->fd != -1 || u->tmp_path || u->size < 0 || !is_hex64(u->sha256))
            abort();
    }
}

static void
same_outcome(const struct outcome *x, const struct outcome *y)
{
    if (x->rc != y->rc)
        abort();
    if (x->rc != 0)
        return;
    if (x->nfields != y->nfields || x->nfiles != y->nfiles)
        abort();
    for (int i = 0; i < x->nfields; i++) {
        const struct kv *f = &x->fields[i], *g = &y->fields[i];
        if (strcmp(f->name, g->name) != 0 || f->len != g->len ||
            memcmp(f->value, g->value, f->len) != 0)
            abort();
    }
    for (int i = 0; i < x->nfiles; i++) {
        const struct upload *u = &x->files[i], *v = &y->files[i];
        if (strcmp(u->field, v->field) != 0 || strcmp(u->filename, v->filename) != 0 ||
            strcmp(u->content_type, v->content_type) != 0 || u->size != v->size ||
            strcmp(u->sha256, v->sha256) != 0)
            abort();
    }
}

/* --- generator mode --- */

/* What a browser puts between the quotes of name="" and filename="": it percent-encodes '"', CR
 * and LF and sends backslashes as they are (C:\dir\a.pdf). A trailing backslash is left out: it
 * would read as the \" escape that form.c also accepts. */
static bool
quotable(const char *s, size_t n, size_t max)
{
    if (n > max || !utf8_valid(s, n) || (n > 0 && s[n - 1] == '\\'))
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            return false;
    return true;
}

struct want_file {
    const char *field, *filename, *ctype;
    size_t flen, fnlen;
    const char *content;
    size_t clen;
};

static void
generate(const char *boundary, const char *in, size_t len, const struct cut *c)
{
    static const char *const ctypes[] = {NULL, "text/plain", "application/pdf"};
    struct buf body = BUF_INIT;
    struct kv *want = calloc(LIMIT_FIELDS, sizeof *want);
    size_t *name_len = calloc(LIMIT_FIELDS, sizeof *name_len);
    struct want_file wf[LIMIT_FILES];
    int nw = 0, nf = 0, file_parts = 0;
    char delim[96];
    size_t dl = (size_t)snprintf(delim, sizeof delim, "\r\n--%s", boundary);
    if (!want || !name_len)
        abort();
    if (len > LIMIT_FIELD_VALUE / 2) {
        /* every value must stay under the limits for the expectation to hold */
        free(want);
        free(name_len);
        return;
    }

    for (size_t i = 0; i < len;) {
        const char *rec = in + i;
        const char *end = memchr(rec, '\0', len - i);
        size_t rl = end ? (size_t)(end - rec) : len - i;
        i += rl + 1;
        if (rl < 2)
            continue;
        bool file = rec[0] & 1;
        const char *name = rec + 1;
        const char *sep = memchr(name, '\1', rl - 1);
        if (!sep)
            continue;
        size_t nl = (size_t)(sep - name);
        const char *val = sep + 1;
        size_t vl = rl - 1 - nl - 1;
        const char *fn = NULL;
        size_t fnl = 0;
        if (file) {
            const char *sep2 = memchr(val, '\1', vl);
            if (!sep2)
                continue;
            fn = val;
            fnl = (size_t)(sep2 - val);
            val = sep2 + 1;
            vl -= fnl + 1;
        }
        if (nl == 0 || !quotable(name, nl, LIMIT_FIELD_NAME) ||
            (file && !quotable(fn, fnl, 1024)) || memmem(val, vl, delim, dl))
            continue;
        if (file ? file_parts == LIMIT_FILES : (nw == LIMIT_FIELDS || !utf8_valid(val, vl)))
            continue;
        const char *ct = file ? ctypes[(unsigned char)rec[0] / 2 % 3] : NULL;
        buf_printf(&body, "--%s\r\nContent-Disposition: form-data; name=\"%.*s\"", boundary,
                   (int)nl, name);
        if (file)
            buf_printf(&body, "; filename=\"%.*s\"", (int)fnl, fn);
        buf_puts(&body, "\r\n");
        if (ct)
            buf_printf(&body, "Content-Type: %s\r\n", ct);
        buf_puts(&body, "\r\n");
        buf_append(&body, val, vl);
        buf_puts(&body, "\r\n");
        if (!file) {
            want[nw] = (struct kv){name, val, vl};
            name_len[nw++] = nl;
        } else {
            file_parts++;
            /* an empty file input sends filename="" and no bytes: nothing was chosen */
            if (fnl || vl)
                wf[nf++] = (struct want_file){.field = name,
                                              .flen = nl,
                                              .filename = fn,
                                              .fnlen = fnl,
                                              .ctype = ct ? ct : "application/octet-stream",
                                              .content = val,
                                              .clen = vl};
        }
    }
    buf_printf(&body, "--%s--\r\n", boundary);

    struct arena *a = arena_new();
    struct outcome o;
    parse(a, boundary, body.p, body.len, 1 << 20, c, &o);
    check_outcome(&o);
    if (o.rc != 0 || o.nfields != nw || o.nfiles != nf)
        abort();
    for (int k = 0; k < nw; k++) {
        const struct kv *f = &o.fields[k];
        if (strlen(f->name) != name_len[k] || memcmp(f->name, want[k].name, name_len[k]) != 0 ||
            f->len != want[k].len || memcmp(f->value, want[k].value, f->len) != 0)
            abort();
    }
    for (int k = 0; k < nf; k++) {
        const struct upload *u = &o.files[k];
        unsigned char d[crypto_hash_sha256_BYTES];
        char hex[65];
        crypto_hash_sha256(d, (const unsigned char *)wf[k].content, wf[k].clen);
        sodium_bin2hex(hex, sizeof hex, d, sizeof d);
        if (strlen(u->field) != wf[k].flen || memcmp(u->field, wf[k].field, wf[k].flen) != 0 ||
            strlen(u->filename) != wf[k].fnlen ||
            memcmp(u->filename, wf[k].filename, wf[k].fnlen) != 0 ||
            strcmp(u->content_type, wf[k].ctype) != 0 || u->size != (int64_t)wf[k].clen ||
            strcmp(u->sha256, hex) != 0)
            abort();
    }
    arena_free(a);
    buf_free(&body);
    free(want);
    free(name_len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    if (!ready) {
        if (sodium_init() < 0)
            abort();
        ready = true;
    }
    const char *in = (const char *)data;
    unsigned flags = size >= 2 ? data[0] : 0;
    struct cut c = {.mode = (int)(flags & 3),
                    .param = size >= 2 ? data[1] : 0,
                    .empty_feeds = (flags & F_EMPTY_FEEDS) != 0};
    size_t max_value = value_limits[(flags >> F_LIMIT_SHIFT) & 3];
    size_t off = size >= 2 ? 2 : 0;

    char boundary[80] = "XyZ";
    if (flags & F_CONTENT_TYPE) {
        const char *nl = memchr(in + off, '\n', size - off);
        size_t hl = nl ? (size_t)(nl - (in + off)) : size - off;
        char *ct = malloc(hl + 1);
        if (!ct)
            abort();
        memcpy(ct, in + off, hl);
        ct[hl] = '\0';
        char got[80];
        int rc = form_boundary(ct, got, sizeof got);
        if (rc == 0) {
            size_t bl = strlen(got);
            if (bl == 0 || bl > 70)
                abort();
            for (size_t i = 0; i < bl; i++)
                if ((unsigned char)got[i] < 0x20 || (unsigned char)got[i] > 0x7e)
                    abort();
            memcpy(boundary, got, bl + 1);
        } else if (rc != ZE_INVAL) {
            abort();
        }
        /* a buffer too small for the boundary is refused, never overrun */
        char tiny[4];
        rc = form_boundary(ct, tiny, sizeof tiny);
        if (rc == 0 && strlen(tiny) > 3)
            abort();
        free(ct);
        off += hl + (nl ? 1 : 0);
    }
    const char *body = in + off;
    size_t len = size - off;

    if (flags & F_GENERATE) {
        generate(boundary, body, len, &c);
        return 0;
    }

    struct arena *a = arena_new();
    struct outcome whole, cut;
    struct cut one = {.mode = -1};
    parse(a, boundary, body, len, max_value, &one, &whole);
    check_outcome(&whole);
    parse(a, boundary, body, len, max_value, &c, &cut);
    check_outcome(&cut);
    same_outcome(&whole, &cut);
    arena_free(a);
    return 0;
}
