/* tmpl: templates are parsed once into an array of ops. While the literal text is scanned, a
 * small HTML tokenizer tracks where each tag lands, and refuses value tags where HTML escaping is
 * not enough: inside <script> or <style>, in on* or style attributes, in unquoted attribute
 * values, and inside a tag's name or attribute list. */
#include "tmpl.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/embed.h"
#include "core/err.h"
#include "core/xmem.h"

enum op_kind { OP_TEXT, OP_VAR, OP_SECTION, OP_INVERTED, OP_END, OP_PARTIAL, OP_TRANS };

struct op {
    enum op_kind kind;
    char *s; /* text, name, partial or message id */
    size_t len;
    size_t jump; /* SECTION/INVERTED: index of the matching END */
    bool url;    /* VAR at the start of an href/src/action value: only safe schemes pass */
};

struct tmpl {
    char *name;
    struct op *ops;
    size_t n, cap;
};

/* --- the HTML context tracker --- */
enum hstate {
    H_DATA,
    H_TAG_OPEN,
    H_TAG_NAME,
    H_IN_TAG,
    H_ATTR_NAME,
    H_AFTER_ATTR,
    H_BEFORE_VALUE,
    H_VALUE_DQ,
    H_VALUE_SQ,
    H_VALUE_UNQ,
    H_RAW,
    H_DECL,
    H_COMMENT,
    H_END_TAG
};

struct hctx {
    enum hstate st;
    char tag[16];
    size_t taglen;
    bool closing;
    char attr[32];
    size_t attrlen;
    const char *raw_end; /* "</script" or "</style" while in H_RAW */
    size_t raw_match;
    size_t comment_match;
    size_t value_len; /* characters of the current quoted attribute value so far */
};

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void
h_feed(struct hctx *h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        switch (h->st) {
        case H_DATA:
            if (c == '<') {
                h->st = H_TAG_OPEN;
                h->taglen = 0;
                h->closing = false;
            }
            break;
        case H_TAG_OPEN:
            if (c == '/') {
                h->closing = true;
            } else if (c == '!') {
                h->st = H_DECL;
                h->comment_match = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                h->st = H_TAG_NAME;
                h->tag[0] = (char)(c | 0x20);
                h->taglen = 1;
            } else {
                h->st = H_DATA;
            }
            break;
        case H_TAG_NAME:
            if (is_space(c) || c == '/' || c == '>') {
                h->tag[h->taglen < 15 ? h->taglen : 15] = '\0';
                h->st = H_IN_TAG;
                if (c == '>')
                    goto close_tag;
            } else if (h->taglen < 15) {
                h->tag[h->taglen++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
            }
            break;
        case H_IN_TAG:
        case H_AFTER_ATTR:
            if (c == '>')
                goto close_tag;
            if (c == '=' && h->st == H_AFTER_ATTR) {
                h->st = H_BEFORE_VALUE;
            } else if (!is_space(c) && c != '/') {
                h->st = H_ATTR_NAME;
                h->attr[0] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
                h->attrlen = 1;
            }
            break;
        case H_ATTR_NAME:
            if (c == '=') {
                h->st = H_BEFORE_VALUE;
            } else if (c == '>') {
                goto close_tag;
            } else if (is_space(c)) {
                h->st = H_AFTER_ATTR;
            } else if (h->attrlen < 31) {
                h->attr[h->attrlen++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
            }
            h->attr[h->attrlen < 31 ? h->attrlen : 31] = '\0';
            break;
        case H_BEFORE_VALUE:
            h->value_len = 0;
            if (c == '"')
                h->st = H_VALUE_DQ;
            else if (c == '\'')
                h->st = H_VALUE_SQ;
            else if (c == '>')
                goto close_tag;
            else if (!is_space(c))
                h->st = H_VALUE_UNQ;
            break;
        case H_VALUE_DQ:
            if (c == '"')
                h->st = H_IN_TAG;
            else
                h->value_len++;
            break;
        case H_VALUE_SQ:
            if (c == '\'')
                h->st = H_IN_TAG;
            else
                h->value_len++;
            break;
        case H_VALUE_UNQ:
            if (is_space(c))
                h->st = H_IN_TAG;
            else if (c == '>')
                goto close_tag;
            break;
        case H_RAW: {
            char lc = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
            if (!h->raw_end[h->raw_match]) {
                /* "</script" ends raw text only when whitespace, / or > follows ("</scripty"
                 * does not) */
                if (is_space(c) || c == '/' || c == '>') {
                    h->st = c == '>' ? H_DATA : H_END_TAG;
                    h->raw_match = 0;
                    break;
                }
                h->raw_match = 0;
            }
            if (lc == h->raw_end[h->raw_match])
                h->raw_match++;
            else
                h->raw_match = lc == '<' ? 1 : 0;
            break;
        }
        case H_END_TAG:
            if (c == '>')
                h->st = H_DATA;
            break;
        case H_DECL: /* after "<!": a comment if "--" follows, else a declaration */
            if (h->comment_match == 0 && c == '-') {
                h->comment_match = 1;
            } else if (h->comment_match == 1 && c == '-') {
                h->st = H_COMMENT;
                h->comment_match = 0;
            } else if (c == '>') {
                h->st = H_DATA;
            } else {
                h->comment_match = 2;
            }
            break;
        case H_COMMENT: /* ends at "-->" */
            if (c == '-')
                h->comment_match++;
            else if (c == '>' && h->comment_match >= 2)
                h->st = H_DATA;
            else
                h->comment_match = 0;
            break;
        }
        continue;
close_tag:
        h->st = H_DATA;
        if (!h->closing && (strcmp(h->tag, "script") == 0 || strcmp(h->tag, "style") == 0)) {
            h->st = H_RAW;
            h->raw_end = h->tag[1] == 'c' ? "</script" : "</style";
            h->raw_match = 0;
        }
    }
}

/* Where a value may be written: data, or a quoted value of an ordinary attribute. */
static const char *
h_value_problem(const struct hctx *h)
{
    switch (h->st) {
    case H_DATA:
        return NULL;
    case H_VALUE_DQ:
    case H_VALUE_SQ:
        if (h->attrlen >= 2 && h->attr[0] == 'o' && h->attr[1] == 'n')
            return "a value inside an on* event attribute";
        if (strcmp(h->attr, "style") == 0)
            return "a value inside a style attribute";
        if (strcmp(h->attr, "srcdoc") == 0)
            return "a value inside a srcdoc attribute";
        return NULL;
    case H_RAW:
        return "a value inside <script> or <style>";
    case H_VALUE_UNQ:
    case H_BEFORE_VALUE:
        return "a value in an unquoted attribute";
    case H_DECL:
    case H_COMMENT:
        return "a value inside an HTML comment or declaration";
    default:
        return "a value inside a tag's name or attribute list";
    }
}

/* --- compiling --- */

/* A value that starts a URL attribute decides its scheme, so it is checked when rendered. */
static bool
h_url_start(const struct hctx *h)
{
    static const char *attrs[] = {"href",   "src",  "action",     "formaction",
                                  "poster", "cite", "xlink:href", "data"};
    if ((h->st != H_VALUE_DQ && h->st != H_VALUE_SQ) || h->value_len != 0)
        return false;
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
        if (strcmp(h->attr, attrs[i]) == 0)
            return true;
    return false;
}

static struct op *
push(struct tmpl *t, enum op_kind k, const char *s, size_t len)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 32;
        t->ops = xrealloc(t->ops, sizeof(struct op) * t->cap);
    }
    struct op *o = &t->ops[t->n++];
    o->kind = k;
    o->s = xstrndup(s, len);
    o->len = len;
    o->jump = 0;
    o->url = false;
    return o;
}

static int
fail(struct buf *err, const char *name, const char *src, const char *at, const char *msg)
{
    int line = 1;
    for (const char *p = src; p < at; p++)
        if (*p == '\n')
            line++;
    buf_printf(err, "%s:%d: %s", name, line, msg);
    return ZE_INVAL;
}

static bool
valid_name(const char *s, size_t n)
{
    if (n == 1 && s[0] == '.')
        return true;
    if (n == 0 || n > 128)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || (c == '.' && i > 0 && i + 1 < n && s[i + 1] != '.');
        if (!ok)
            return false;
    }
    return true;
}

int
tmpl_compile(const char *name, const char *src, size_t len, struct tmpl **out, struct buf *err)
{
    struct tmpl *t = xcalloc(1, sizeof *t);
    t->name = xstrdup(name);
    struct hctx h = {.st = H_DATA};
    size_t stack[64];
    int depth = 0;
    const char *p = src, *end = src + len;
    int rc = 0;
    *out = NULL;
    if (memchr(src, '\0', len)) {
        rc = fail(err, name, src, src, "NUL byte in template");
        goto out;
    }
    while (p < end) {
        const char *open = memmem(p, (size_t)(end - p), "{{", 2);
        const char *text_end = open ? open : end;
        if (text_end > p) {
            /* A value that starts a URL must also end its scheme: href="{{s}}:x" would let
             * s = "javascript" through the check made when it is rendered. */
            if (t->n && t->ops[t->n - 1].kind == OP_VAR && t->ops[t->n - 1].url) {
                for (const char *q = p; q < text_end && *q != '"' && *q != '\''; q++) {
                    if (*q == '/' || *q == '?' || *q == '#')
                        break;
                    if (*q == ':') {
                        rc = fail(err, name, src, q,
                                  "a value followed by ':' could start a URL scheme");
                        goto out;
                    }
                }
            }
            h_feed(&h, p, (size_t)(text_end - p));
            push(t, OP_TEXT, p, (size_t)(text_end - p));
        }
        if (!open)
            break;
        const char *close = memmem(open + 2, (size_t)(end - open - 2), "}}", 2);
        if (!close) {
            rc = fail(err, name, src, open, "unclosed {{");
            goto out;
        }
        const char *b = open + 2, *e = close;
        while (b < e && *b == ' ')
            b++;
        while (e > b && e[-1] == ' ')
            e--;
        if (b == e) {
            rc = fail(err, name, src, open, "empty tag");
            goto out;
        }
        char sigil = *b;
        if (sigil == '!') {
            p = close + 2;
            continue;
        }
        if (sigil == '{' || sigil == '&') {
            rc = fail(err, name, src, open, "raw output tags are not supported: use tmpl_safe()");
            goto out;
        }
        if (sigil == 't' && e - b >= 3 && b[1] == ' ') {
            const char *q = b + 2;
            while (q < e && *q == ' ')
                q++;
            if (q >= e || *q != '"' || e - q < 2 || e[-1] != '"' ||
                memchr(q + 1, '"', (size_t)(e - 1 - (q + 1)))) {
                rc = fail(err, name, src, open, "expected {{t \"message id\"}}");
                goto out;
            }
            const char *why = h_value_problem(&h);
            if (why) {
                rc = fail(err, name, src, open, why);
                goto out;
            }
            if (e - 1 == q + 1) {
                rc = fail(err, name, src, open, "empty message id");
                goto out;
            }
            push(t, OP_TRANS, q + 1, (size_t)(e - 1 - (q + 1)));
            p = close + 2;
            continue;
        }
        const char *nb = (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '>') ? b + 1 : b;
        while (nb < e && *nb == ' ')
            nb++;
        size_t nl = (size_t)(e - nb);
        bool partial = sigil == '>';
        if (partial ? (nl == 0 || nl > 64 || !valid_name(nb, nl) || memchr(nb, '.', nl))
                    : !valid_name(nb, nl)) {
            rc = fail(err, name, src, open, "invalid tag name");
            goto out;
        }
        if (sigil == '#' || sigil == '^') {
            if (depth == 64) {
                rc = fail(err, name, src, open, "sections nested too deeply");
                goto out;
            }
            stack[depth++] = t->n;
            push(t, sigil == '#' ? OP_SECTION : OP_INVERTED, nb, nl);
        } else if (sigil == '/') {
            if (depth == 0 || strcmp(t->ops[stack[depth - 1]].s, "") == 0 ||
                t->ops[stack[depth - 1]].len != nl ||
                memcmp(t->ops[stack[depth - 1]].s, nb, nl) != 0) {
                rc = fail(err, name, src, open, "closing tag does not match the open section");
                goto out;
            }
            size_t start = stack[--depth];
            push(t, OP_END, nb, nl);
            t->ops[start].jump = t->n - 1;
        } else if (partial) {
            if (h.st != H_DATA) {
                rc = fail(err, name, src, open, "a partial must stand outside any tag");
                goto out;
            }
            push(t, OP_PARTIAL, nb, nl);
        } else {
            const char *why = h_value_problem(&h);
            if (why) {
                rc = fail(err, name, src, open, why);
                goto out;
            }
            push(t, OP_VAR, nb, nl)->url = h_url_start(&h);
        }
        p = close + 2;
    }
    if (depth) {
        rc = fail(err, name, src, end, "section not closed");
        goto out;
    }
out:
    if (rc) {
        tmpl_free(t);
        return rc;
    }
    *out = t;
    return 0;
}

void
tmpl_free(struct tmpl *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->ops[i].s);
    free(t->ops);
    free(t->name);
    free(t);
}

/* --- rendering --- */

static char safe_key[48];
static pthread_once_t safe_once = PTHREAD_ONCE_INIT;

static void
make_safe_key(void)
{
    unsigned char r[12];
    randombytes_buf(r, sizeof r);
    int n = snprintf(safe_key, sizeof safe_key, "\x01safe-");
    for (int i = 0; i < 12; i++)
        n += snprintf(safe_key + n, sizeof safe_key - (size_t)n, "%02x", r[i]);
}

json_t *
tmpl_safe(const char *html, size_t len)
{
    pthread_once(&safe_once, make_safe_key);
    json_t *o = json_object();
    json_object_set_new(o, safe_key, json_stringn(html, len));
    return o;
}

static const char *
safe_value(json_t *v, size_t *len)
{
    pthread_once(&safe_once, make_safe_key);
    if (!json_is_object(v) || json_object_size(v) != 1)
        return NULL;
    json_t *s = json_object_get(v, safe_key);
    if (!json_is_string(s))
        return NULL;
    *len = json_string_length(s);
    return json_string_value(s);
}

void
tmpl_escape(struct buf *out, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        case '`':
            rep = "&#96;";
            break;
        case '=':
            rep = "&#61;";
            break;
        default:
            continue;
        }
        buf_append(out, s + start, i - start);
        buf_puts(out, rep);
        start = i + 1;
    }
    buf_append(out, s + start, n - start);
}

struct rctx {
    json_t *stack[96];
    int depth;
    const struct tmpl_env *env;
    struct buf *out;
    int partial_depth;
};

static json_t *
lookup(struct rctx *r, const char *name)
{
    if (name[0] == '.' && name[1] == '\0')
        return r->stack[r->depth - 1];
    const char *dot = strchr(name, '.');
    size_t first = dot ? (size_t)(dot - name) : strlen(name);
    char key[132];
    memcpy(key, name, first);
    key[first] = '\0';
    json_t *v = NULL;
    for (int i = r->depth - 1; i >= 0 && !v; i--)
        if (json_is_object(r->stack[i]))
            v = json_object_get(r->stack[i], key);
    while (v && dot) {
        const char *seg = dot + 1;
        dot = strchr(seg, '.');
        size_t sl = dot ? (size_t)(dot - seg) : strlen(seg);
        memcpy(key, seg, sl);
        key[sl] = '\0';
        v = json_is_object(v) ? json_object_get(v, key) : NULL;
    }
    return v;
}

static bool
truthy(json_t *v)
{
    if (!v || json_is_null(v) || json_is_false(v))
        return false;
    if (json_is_array(v))
        return json_array_size(v) > 0;
    if (json_is_string(v))
        return json_string_length(v) > 0;
    return true;
}

static void
emit_value(struct rctx *r, json_t *v)
{
    char tmp[64];
    size_t sl;
    const char *safe;
    if (!v || json_is_null(v))
        return;
    if (json_is_string(v)) {
        tmpl_escape(r->out, json_string_value(v), json_string_length(v));
    } else if (json_is_integer(v)) {
        snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(v));
        buf_puts(r->out, tmp);
    } else if (json_is_real(v)) {
        snprintf(tmp, sizeof tmp, "%g", json_real_value(v));
        buf_puts(r->out, tmp);
    } else if (json_is_boolean(v)) {
        buf_puts(r->out, json_is_true(v) ? "true" : "false");
    } else if ((safe = safe_value(v, &sl)) != NULL) {
        buf_append(r->out, safe, sl);
    }
}

static int render_ops(struct rctx *r, const struct tmpl *t, size_t from, size_t to);

/* Local paths, fragments, queries, http(s) and mailto links, and scheme-less relative links;
 * anything else (javascript:, data:, //host) becomes "#". */
static bool
url_safe(const char *s)
{
    if (strchr(s, '\\'))
        return false; /* browsers read \ as / in http(s) URLs: "\\host" is "//host" */
    if (s[0] == '/')
        return s[1] != '/' && s[1] != '\\';
    if (s[0] == '#' || s[0] == '?')
        return true;
    if (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0 ||
        strncmp(s, "mailto:", 7) == 0)
        return true;
    const char *colon = strchr(s, ':'), *slash = strchr(s, '/');
    return !colon || (slash && slash < colon);
}

static int
render_section(struct rctx *r, const struct tmpl *t, size_t i)
{
    const struct op *o = &t->ops[i];
    json_t *v = lookup(r, o->s);
    if (o->kind == OP_INVERTED)
        return truthy(v) ? 0 : render_ops(r, t, i + 1, o->jump);
    if (!truthy(v))
        return 0;
    if (r->depth >= 95)
        return ZE_LIMIT;
    if (json_is_array(v)) {
        size_t k;
        json_t *item;
        json_array_foreach(v, k, item)
        {
            r->stack[r->depth++] = item;
            int rc = render_ops(r, t, i + 1, o->jump);
            r->depth--;
            if (rc)
                return rc;
        }
        return 0;
    }
    if (json_is_boolean(v))
        return render_ops(r, t, i + 1, o->jump);
    r->stack[r->depth++] = v;
    int rc = render_ops(r, t, i + 1, o->jump);
    r->depth--;
    return rc;
}

static int
render_ops(struct rctx *r, const struct tmpl *t, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        const struct op *o = &t->ops[i];
        int rc = 0;
        switch (o->kind) {
        case OP_TEXT:
            buf_append(r->out, o->s, o->len);
            break;
        case OP_VAR: {
            json_t *v = lookup(r, o->s);
            if (o->url && json_is_string(v) && !url_safe(json_string_value(v)))
                buf_putc(r->out, '#');
            else
                emit_value(r, v);
            break;
        }
        case OP_TRANS: {
            const char *s =
                r->env && r->env->translate ? r->env->translate(r->env->translate_arg, o->s) : o->s;
            tmpl_escape(r->out, s, strlen(s));
            break;
        }
        case OP_SECTION:
        case OP_INVERTED:
            rc = render_section(r, t, i);
            i = o->jump;
            break;
        case OP_END:
            break;
        case OP_PARTIAL: {
            const struct tmpl *p =
                r->env && r->env->partial ? r->env->partial(r->env->partial_arg, o->s) : NULL;
            if (!p)
                return ZE_NOTFOUND;
            if (r->partial_depth >= 16)
                return ZE_LIMIT;
            r->partial_depth++;
            rc = render_ops(r, p, 0, p->n);
            r->partial_depth--;
            break;
        }
        }
        if (rc)
            return rc;
    }
    return 0;
}

int
tmpl_render(const struct tmpl *t, json_t *model, const struct tmpl_env *env, struct buf *out)
{
    struct rctx r = {.depth = 1, .env = env, .out = out};
    r.stack[0] = model;
    buf_append(out, "", 0);
    return render_ops(&r, t, 0, t->n);
}

/* --- the template set --- */

struct named {
    char *name; /* "home", "partials/flash" */
    struct tmpl *t;
};

static struct named *set;
static size_t nset;

static char *
name_of(const char *path)
{
    /* "templates/auth/login.html" -> "auth/login" */
    const char *s = path + strlen("templates/");
    size_t n = strlen(s);
    if (n > 5 && strcmp(s + n - 5, ".html") == 0)
        n -= 5;
    return xstrndup(s, n);
}

struct load_arg {
    struct buf *err;
    int rc;
};

static int
compile_path(const char *path, struct tmpl **t, struct buf *err)
{
    struct embed_file f;
    if (embed_get(path, &f) != 0) {
        buf_printf(err, "%s: not found", path);
        return ZE_NOTFOUND;
    }
    char *name = name_of(path);
    int rc = tmpl_compile(name, (const char *)f.data, f.len, t, err);
    free(name);
    embed_release(&f);
    return rc;
}

static void
load_one(const char *path, void *arg)
{
    struct load_arg *la = arg;
    size_t n = strlen(path);
    if (n < 5 || strcmp(path + n - 5, ".html") != 0)
        return;
    struct tmpl *t;
    int rc = compile_path(path, &t, la->err);
    if (rc) {
        if (!la->rc)
            la->rc = rc;
        buf_putc(la->err, '\n');
        return;
    }
    set = xrealloc(set, sizeof(*set) * (nset + 1));
    set[nset].name = name_of(path);
    set[nset].t = t;
    nset++;
}

int
tmpl_load_all(struct buf *err)
{
    tmpl_unload_all();
    struct load_arg la = {err, 0};
    embed_each("templates/", load_one, &la);
    return la.rc;
}

void
tmpl_unload_all(void)
{
    for (size_t i = 0; i < nset; i++) {
        free(set[i].name);
        tmpl_free(set[i].t);
    }
    free(set);
    set = NULL;
    nset = 0;
}

/* In dev mode every render compiles from disk; the compiled copies live until the render ends. */
struct dev_cache {
    struct named items[32];
    int n;
};

static const struct tmpl *
find_named(struct dev_cache *dc, const char *name)
{
    if (!embed_from_disk()) {
        for (size_t i = 0; i < nset; i++)
            if (strcmp(set[i].name, name) == 0)
                return set[i].t;
        return NULL;
    }
    for (int i = 0; i < dc->n; i++)
        if (strcmp(dc->items[i].name, name) == 0)
            return dc->items[i].t;
    if (dc->n == 32)
        return NULL;
    struct buf path = BUF_INIT, err = BUF_INIT;
    buf_printf(&path, "templates/%s.html", name);
    struct tmpl *t = NULL;
    int rc = compile_path(path.p, &t, &err);
    if (rc)
        fprintf(stderr, "zona: template error: %s\n", buf_cstr(&err));
    buf_free(&path);
    buf_free(&err);
    if (rc)
        return NULL;
    dc->items[dc->n].name = xstrdup(name);
    dc->items[dc->n].t = t;
    dc->n++;
    return t;
}

static const struct tmpl *
partial_cb(void *arg, const char *name)
{
    char full[96];
    snprintf(full, sizeof full, "partials/%s", name);
    return find_named(arg, full);
}

int
tmpl_render_named(const char *name, json_t *model, tmpl_translate_fn tr, void *tr_arg,
                  struct buf *out)
{
    struct dev_cache dc = {.n = 0};
    const struct tmpl *t = find_named(&dc, name);
    int rc = ZE_NOTFOUND;
    if (t) {
        struct tmpl_env env = {tr, tr_arg, partial_cb, &dc};
        rc = tmpl_render(t, model, &env, out);
    }
    for (int i = 0; i < dc.n; i++) {
        free(dc.items[i].name);
        tmpl_free(dc.items[i].t);
    }
    return rc;
}
