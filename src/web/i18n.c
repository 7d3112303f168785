/* i18n: a .po reader (msgid/msgstr with continuation lines and C escapes) and lookups by binary
 * search. Catalogs load once at start and are read-only afterwards. */
#include "i18n.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/embed.h"
#include "core/err.h"
#include "core/xmem.h"

struct catalog {
    const char *lang;
    struct po_entry *e;
    size_t n;
};

static struct catalog catalogs[2] = {{"id", NULL, 0}, {"en", NULL, 0}};

static int
cmp_entry(const void *a, const void *b)
{
    return strcmp(((const struct po_entry *)a)->id, ((const struct po_entry *)b)->id);
}

/* Reads one "..." string at *p (after spaces), appending its unescaped bytes to out. */
static int
read_quoted(const char **p, const char *end, struct buf *out)
{
    const char *s = *p;
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    if (s >= end || *s != '"')
        return ZE_INVAL;
    s++;
    while (s < end && *s != '"') {
        if (*s == '\n')
            return ZE_INVAL;
        if (*s == '\\') {
            if (++s >= end)
                return ZE_INVAL;
            switch (*s) {
            case 'n':
                buf_putc(out, '\n');
                break;
            case 't':
                buf_putc(out, '\t');
                break;
            case '"':
                buf_putc(out, '"');
                break;
            case '\\':
                buf_putc(out, '\\');
                break;
            default:
                return ZE_INVAL;
            }
            s++;
            continue;
        }
        buf_putc(out, *s++);
    }
    if (s >= end)
        return ZE_INVAL;
    s++;
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
        s++;
    if (s < end && *s != '\n')
        return ZE_INVAL;
    *p = s;
    return 0;
}

/* True when the line s..eol begins with lit; never reads past eol. */
static bool
starts(const char *s, const char *eol, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(eol - s) >= n && memcmp(s, lit, n) == 0;
}

int
po_parse(const char *src, size_t len, struct po_entry **out, size_t *n, struct buf *err)
{
    const char *p = src, *end = src + len;
    struct po_entry *e = NULL;
    size_t ne = 0, cap = 0;
    struct buf id = BUF_INIT, str = BUF_INIT;
    struct buf *cur = NULL;
    bool have_id = false, have_str = false;
    int line = 1, rc = 0;
    *out = NULL;
    *n = 0;
    while (p <= end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *s = p;
        while (s < eol && (*s == ' ' || *s == '\t' || *s == '\r'))
            s++;
        bool flush = s == eol || starts(s, eol, "msgid ") || p == end;
        if (flush && have_id && have_str) {
            if (id.len) {
                if (!utf8_valid(buf_cstr(&id), id.len) || !utf8_valid(buf_cstr(&str), str.len)) {
                    buf_printf(err, "line %d: invalid UTF-8", line);
                    rc = ZE_INVAL;
                    break;
                }
                if (ne == cap) {
                    cap = cap ? cap * 2 : 64;
                    e = xrealloc(e, sizeof(*e) * cap);
                }
                e[ne].id = xstrndup(buf_cstr(&id), id.len);
                e[ne].str = xstrndup(buf_cstr(&str), str.len);
                ne++;
            }
            buf_reset(&id);
            buf_reset(&str);
            have_id = have_str = false;
            cur = NULL;
        }
        if (s == eol || *s == '#') {
            /* blank or comment */
        } else if (starts(s, eol, "msgid ")) {
            if (have_id) {
                buf_printf(err, "line %d: msgid without msgstr", line);
                rc = ZE_INVAL;
                break;
            }
            const char *q = s + 6;
            if (read_quoted(&q, end, &id) != 0) {
                buf_printf(err, "line %d: malformed string", line);
                rc = ZE_INVAL;
                break;
            }
            have_id = true;
            cur = &id;
        } else if (starts(s, eol, "msgstr ")) {
            if (!have_id || have_str) {
                buf_printf(err, "line %d: msgstr without msgid", line);
                rc = ZE_INVAL;
                break;
            }
            const char *q = s + 7;
            if (read_quoted(&q, end, &str) != 0) {
                buf_printf(err, "line %d: malformed string", line);
                rc = ZE_INVAL;
                break;
            }
            have_str = true;
            cur = &str;
        } else if (*s == '"' && cur) {
            const char *q = s;
            if (read_quoted(&q, end, cur) != 0) {
                buf_printf(err, "line %d: malformed string", line);
                rc = ZE_INVAL;
                break;
            }
        } else if (starts(s, eol, "msgctxt") || starts(s, eol, "msgid_plural")) {
            buf_printf(err, "line %d: contexts and plurals are not supported", line);
            rc = ZE_INVAL;
            break;
        } else {
            buf_printf(err, "line %d: unexpected text", line);
            rc = ZE_INVAL;
            break;
        }
        if (p == end)
            break;
        /* the last line may lack its newline: go round once more on the empty rest */
        p = eol == end ? end : eol + 1;
        line++;
    }
    if (!rc && have_id && !have_str) {
        buf_printf(err, "line %d: msgid without msgstr", line);
        rc = ZE_INVAL;
    }
    buf_free(&id);
    buf_free(&str);
    if (rc) {
        po_free(e, ne);
        return rc;
    }
    if (ne)
        qsort(e, ne, sizeof(*e), cmp_entry);
    for (size_t i = 1; i < ne; i++) {
        if (strcmp(e[i - 1].id, e[i].id) == 0) {
            buf_printf(err, "duplicate msgid \"%s\"", e[i].id);
            po_free(e, ne);
            return ZE_INVAL;
        }
    }
    *out = e;
    *n = ne;
    return 0;
}

void
po_free(struct po_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(e[i].id);
        free(e[i].str);
    }
    free(e);
}

int
i18n_load(struct buf *err)
{
    i18n_unload();
    for (int i = 0; i < 2; i++) {
        struct buf path = BUF_INIT;
        buf_printf(&path, "data/locale/%s.po", catalogs[i].lang);
        struct embed_file f;
        if (embed_get(path.p, &f) != 0) {
            buf_printf(err, "%s: not found", path.p);
            buf_free(&path);
            return ZE_INVAL;
        }
        size_t before = err->len;
        buf_printf(err, "%s: ", path.p);
        int rc = po_parse((const char *)f.data, f.len, &catalogs[i].e, &catalogs[i].n, err);
        embed_release(&f);
        buf_free(&path);
        if (rc)
            return rc;
        err->len = before;
        if (err->p)
            err->p[before] = '\0';
    }
    return 0;
}

void
i18n_unload(void)
{
    for (int i = 0; i < 2; i++) {
        po_free(catalogs[i].e, catalogs[i].n);
        catalogs[i].e = NULL;
        catalogs[i].n = 0;
    }
}

static const struct po_entry *
find(const char *lang, const char *id)
{
    const struct catalog *c = &catalogs[lang && strcmp(lang, "en") == 0 ? 1 : 0];
    struct po_entry key = {(char *)(uintptr_t)id, NULL};
    return c->n ? bsearch(&key, c->e, c->n, sizeof key, cmp_entry) : NULL;
}

const char *
i18n_t(const char *lang, const char *id)
{
    const struct po_entry *e = find(lang, id);
    return e && e->str[0] ? e->str : id;
}

bool
i18n_has(const char *lang, const char *id)
{
    const struct po_entry *e = find(lang, id);
    return e && e->str[0];
}

const char *
i18n_tmpl_translate(void *lang, const char *id)
{
    return i18n_t(lang, id);
}
