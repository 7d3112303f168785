/* xlsx_read: .xlsx in, cells out. An .xlsx is a zip of XML parts: _rels/.rels names the workbook
 * part, the workbook lists the sheets by relationship id, its .rels file maps each id to a sheet
 * part, and strings live once in the shared string table. Each part is streamed from libzip into
 * expat in chunks, counting the bytes as they come out of the decompressor, so neither a zip
 * header that lies about sizes nor a deflate bomb gets past XLSX_MAX_PART; the handle as a whole
 * stops at XLSX_MAX_TOTAL. One small state machine over local element names (namespace prefixes
 * vary between writers) serves every part: it knows the few paths it reads and ignores the rest. */
#include "report/xlsx_read.h"

#include <expat.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/xmem.h"

enum {
    NAME_MAX_LEN = 255, /* bytes of a sheet name or relationship id */
    TARGET_MAX = 1024,  /* bytes of a part name */
    RELS_MAX = 4 * XLSX_MAX_SHEETS,
    PCT_FMTS_MAX = 1024, /* custom number formats that show a percentage */
    STACK_MAX = 64,      /* element kinds remembered; deeper elements are ignored */
    CHUNK = 64 * 1024    /* bytes handed to expat at a time */
};

#define NS_SEP '|'

struct sheet {
    char *name;
    char *rid;  /* r:id in the workbook */
    char *part; /* the sheet's part, NULL when the relationships name none */
};

struct rel {
    char *id, *type, *target;
    bool external;
};

struct xlsx {
    zip_t *zip;
    size_t total; /* bytes read from all parts so far */
    char *wb_part, *sst_part, *styles_part;
    struct sheet *sheets;
    size_t nsheets;
    bool loaded;    /* shared strings and styles read */
    int load_rc;    /* and how that went: a later walk fails the same way */
    struct buf sst; /* the shared strings, each NUL-terminated */
    size_t *sst_off;
    size_t nsst, capsst;
    bool *xf_percent; /* by cellXfs index */
    size_t nxf, capxf;
    uint32_t pct_fmts[PCT_FMTS_MAX];
    size_t npct_fmts;
};

enum kind {
    K_OTHER,
    K_WORKSHEET,
    K_SHEETDATA,
    K_ROW,
    K_C,
    K_V,
    K_F,
    K_IS,
    K_T,
    K_RUN,
    K_RPH,
    K_SST,
    K_SI,
    K_WORKBOOK,
    K_SHEETS,
    K_SHEET,
    K_RELS,
    K_REL,
    K_STYLESHEET,
    K_NUMFMTS,
    K_NUMFMT,
    K_CELLXFS,
    K_XF
};

/* What one part's parse needs; the fields of the other parts stay unused. */
struct pctx {
    struct xlsx *x;
    XML_Parser p;
    const char *part;
    struct buf *err;
    int rc; /* the first error, or the callback's stop value */
    enum kind root;
    unsigned depth;
    unsigned char stack[STACK_MAX];
    struct buf s, v, f, dec; /* string runs, <v>, <f>, decoded text */
    /* sheets */
    xlsx_cell_fn fn;
    void *arg;
    uint32_t row, col;
    uint32_t crow, ccol;
    char ctype[16];
    long cstyle;
    bool have_v, have_is, have_f;
    size_t ncells;
    /* relationships */
    struct rel *rels;
    size_t nrels;
};

static void fail(struct pctx *c, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct pctx *c, int rc, const char *fmt, ...)
{
    if (c->rc == 0) {
        c->rc = rc;
        va_list ap;
        va_start(ap, fmt);
        buf_printf(c->err, "%s: ", c->part);
        buf_vprintf(c->err, fmt, ap);
        va_end(ap);
    }
    XML_StopParser(c->p, XML_FALSE);
}

static const char *
local_name(const char *name)
{
    const char *sep = strrchr(name, NS_SEP);
    return sep ? sep + 1 : name;
}

/* The value of the attribute with this local name; ns says whether it must have a namespace
 * (r:id) or none (r, t, s). */
static const char *
attr(const XML_Char **atts, const char *local, bool ns)
{
    for (size_t i = 0; atts[i] && atts[i + 1]; i += 2) {
        const char *sep = strrchr(atts[i], NS_SEP);
        if ((sep != NULL) == ns && strcmp(sep ? sep + 1 : atts[i], local) == 0)
            return atts[i + 1];
    }
    return NULL;
}

/* A whole unsigned decimal number up to max; surrounding spaces allowed. */
static bool
parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    unsigned long v = 0;
    bool any = false;
    if (!s)
        return false;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > max)
            return false;
        any = true;
    }
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (!any || *s)
        return false;
    *out = v;
    return true;
}

int
xlsx_ref_parse(const char *s, size_t len, uint32_t *row, uint32_t *col)
{
    size_t i = 0;
    uint32_t c = 0, r = 0;
    for (; i < len && i < 4; i++) {
        char ch = s[i];
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 32);
        if (ch < 'A' || ch > 'Z')
            break;
        c = c * 26 + (uint32_t)(ch - 'A' + 1);
    }
    /* boundary: XFD (16384) is the last column, four letters are never one */
    if (i == 0 || c > XLSX_MAX_COL || i == len || s[i] == '0')
        return ZE_INVAL;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return ZE_INVAL;
        r = r * 10 + (uint32_t)(s[i] - '0');
        /* boundary: row 1048576 is the last */
        if (r > XLSX_MAX_ROW)
            return ZE_INVAL;
    }
    *row = r;
    *col = c;
    return 0;
}

int
xlsx_number(const char *text, double *out)
{
    const char *p = text;
    bool digits = false;
    if (*p == '+' || *p == '-')
        p++;
    for (; *p >= '0' && *p <= '9'; p++)
        digits = true;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            digits = true;
    if (!digits)
        return ZE_INVAL;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (*p < '0' || *p > '9')
            return ZE_INVAL;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p)
        return ZE_INVAL;
    char *end = NULL;
    double d = strtod(text, &end);
    if (end != p || !isfinite(d))
        return ZE_INVAL;
    *out = d;
    return 0;
}

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static void
put_utf8(struct buf *b, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    }
    buf_append(b, u, n);
}

/* Appends s[0..n) to out with the _xHHHH_ escapes of OOXML strings decoded (how a writer stores a
 * control character, or "_x" itself as _x005F_x). NUL and surrogates stay as written. */
static void
decode_x(struct buf *out, const char *s, size_t n)
{
    buf_reserve(out, n);
    size_t i = 0;
    while (i < n) {
        if (s[i] == '_' && i + 7 <= n && s[i + 1] == 'x' && s[i + 6] == '_') {
            int h[4] = {hexval(s[i + 2]), hexval(s[i + 3]), hexval(s[i + 4]), hexval(s[i + 5])};
            if (h[0] >= 0 && h[1] >= 0 && h[2] >= 0 && h[3] >= 0) {
                unsigned cp = (unsigned)(h[0] << 12 | h[1] << 8 | h[2] << 4 | h[3]);
                if (cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
                    put_utf8(out, cp);
                    i += 7;
                    continue;
                }
            }
        }
        buf_append(out, s + i, 1);
        i++;
    }
    /* terminated even when nothing was appended to a buffer that was only reserved */
    buf_append(out, "", 0);
}

/* --- the element state machine --------------------------------------------------------------- */

static enum kind
root_kind(const char *n)
{
    if (strcmp(n, "worksheet") == 0)
        return K_WORKSHEET;
    if (strcmp(n, "sst") == 0)
        return K_SST;
    if (strcmp(n, "workbook") == 0)
        return K_WORKBOOK;
    if (strcmp(n, "Relationships") == 0)
        return K_RELS;
    if (strcmp(n, "styleSheet") == 0)
        return K_STYLESHEET;
    return K_OTHER;
}

static enum kind
child_kind(enum kind parent, const char *n)
{
    switch (parent) {
    case K_WORKSHEET:
        return strcmp(n, "sheetData") == 0 ? K_SHEETDATA : K_OTHER;
    case K_SHEETDATA:
        return strcmp(n, "row") == 0 ? K_ROW : K_OTHER;
    case K_ROW:
        return strcmp(n, "c") == 0 ? K_C : K_OTHER;
    case K_C:
        if (strcmp(n, "v") == 0)
            return K_V;
        if (strcmp(n, "f") == 0)
            return K_F;
        return strcmp(n, "is") == 0 ? K_IS : K_OTHER;
    case K_IS:
    case K_SI:
        if (strcmp(n, "t") == 0)
            return K_T;
        if (strcmp(n, "r") == 0)
            return K_RUN;
        return strcmp(n, "rPh") == 0 ? K_RPH : K_OTHER;
    case K_RUN:
        return strcmp(n, "t") == 0 ? K_T : K_OTHER;
    case K_SST:
        return strcmp(n, "si") == 0 ? K_SI : K_OTHER;
    case K_WORKBOOK:
        return strcmp(n, "sheets") == 0 ? K_SHEETS : K_OTHER;
    case K_SHEETS:
        return strcmp(n, "sheet") == 0 ? K_SHEET : K_OTHER;
    case K_RELS:
        return strcmp(n, "Relationship") == 0 ? K_REL : K_OTHER;
    case K_STYLESHEET:
        if (strcmp(n, "numFmts") == 0)
            return K_NUMFMTS;
        return strcmp(n, "cellXfs") == 0 ? K_CELLXFS : K_OTHER;
    case K_NUMFMTS:
        return strcmp(n, "numFmt") == 0 ? K_NUMFMT : K_OTHER;
    case K_CELLXFS:
        return strcmp(n, "xf") == 0 ? K_XF : K_OTHER;
    default:
        return K_OTHER;
    }
}

static enum kind
top(const struct pctx *c)
{
    if (c->depth == 0 || c->depth > STACK_MAX)
        return K_OTHER;
    return (enum kind)c->stack[c->depth - 1];
}

/* True when a number format code shows a percentage: a '%' outside quotes, brackets and
 * escapes. */
static bool
format_is_percent(const char *code)
{
    for (const char *p = code; *p; p++) {
        if (*p == '"') {
            while (p[1] && p[1] != '"')
                p++;
            if (p[1])
                p++;
        } else if (*p == '[') {
            while (p[1] && p[1] != ']')
                p++;
            if (p[1])
                p++;
        } else if (*p == '\\' || *p == '_' || *p == '*') {
            if (p[1])
                p++;
        } else if (*p == '%') {
            return true;
        }
    }
    return false;
}

static bool
fmt_is_percent(const struct xlsx *x, unsigned long id)
{
    /* built-in formats 9 ("0%") and 10 ("0.00%") */
    if (id == 9 || id == 10)
        return true;
    for (size_t i = 0; i < x->npct_fmts; i++)
        if (x->pct_fmts[i] == id)
            return true;
    return false;
}

static char *
dup_capped(const char *s)
{
    if (!s || strlen(s) > TARGET_MAX)
        return NULL;
    return xstrdup(s);
}

static void
on_sheet(struct pctx *c, const XML_Char **atts)
{
    struct xlsx *x = c->x;
    const char *name = attr(atts, "name", false), *rid = attr(atts, "id", true);
    if (x->nsheets >= XLSX_MAX_SHEETS) {
        fail(c, ZE_LIMIT, "more than %d sheets", XLSX_MAX_SHEETS);
        return;
    }
    if ((name && strlen(name) > NAME_MAX_LEN) || (rid && strlen(rid) > NAME_MAX_LEN)) {
        fail(c, ZE_INVAL, "a sheet name is longer than %d bytes", NAME_MAX_LEN);
        return;
    }
    if (x->nsheets % 16 == 0)
        x->sheets = xrealloc(x->sheets, sizeof(*x->sheets) * (x->nsheets + 16));
    struct sheet *s = &x->sheets[x->nsheets++];
    s->name = xstrdup(name ? name : "");
    s->rid = rid ? xstrdup(rid) : NULL;
    s->part = NULL;
}

static void
on_rel(struct pctx *c, const XML_Char **atts)
{
    if (c->nrels >= RELS_MAX) {
        fail(c, ZE_LIMIT, "more than %d relationships", RELS_MAX);
        return;
    }
    char *id = dup_capped(attr(atts, "Id", false)), *type = dup_capped(attr(atts, "Type", false)),
         *target = dup_capped(attr(atts, "Target", false));
    const char *mode = attr(atts, "TargetMode", false);
    if (!id || !type || !target) {
        /* incomplete or oversized: not one we could follow */
        free(id);
        free(type);
        free(target);
        return;
    }
    if (c->nrels % 16 == 0)
        c->rels = xrealloc(c->rels, sizeof(*c->rels) * (c->nrels + 16));
    c->rels[c->nrels++] = (struct rel){id, type, target, mode && strcmp(mode, "External") == 0};
}

static void
on_numfmt(struct pctx *c, const XML_Char **atts)
{
    unsigned long id;
    const char *code = attr(atts, "formatCode", false);
    if (!code || !parse_uint(attr(atts, "numFmtId", false), UINT32_MAX, &id))
        return;
    if (format_is_percent(code) && c->x->npct_fmts < PCT_FMTS_MAX)
        c->x->pct_fmts[c->x->npct_fmts++] = (uint32_t)id;
}

static void
on_xf(struct pctx *c, const XML_Char **atts)
{
    struct xlsx *x = c->x;
    unsigned long id = 0;
    /* boundary: formats beyond XLSX_MAX_STYLES are read as not percentages */
    if (x->nxf >= XLSX_MAX_STYLES)
        return;
    if (x->nxf == x->capxf) {
        x->capxf = x->capxf ? x->capxf * 2 : 64;
        x->xf_percent = xrealloc(x->xf_percent, sizeof(*x->xf_percent) * x->capxf);
    }
    x->xf_percent[x->nxf++] =
        parse_uint(attr(atts, "numFmtId", false), UINT32_MAX, &id) && fmt_is_percent(x, id);
}

static void
on_row(struct pctx *c, const XML_Char **atts)
{
    unsigned long r;
    if (parse_uint(attr(atts, "r", false), XLSX_MAX_ROW, &r) && r >= 1) {
        c->row = (uint32_t)r;
    } else if (c->row >= XLSX_MAX_ROW) {
        fail(c, ZE_LIMIT, "more than %d rows", XLSX_MAX_ROW);
        return;
    } else {
        c->row++;
    }
    c->col = 0;
}

static void
on_cell(struct pctx *c, const XML_Char **atts)
{
    const char *r = attr(atts, "r", false), *t = attr(atts, "t", false),
               *s = attr(atts, "s", false);
    uint32_t row, col;
    unsigned long style;
    if (r && xlsx_ref_parse(r, strlen(r), &row, &col) == 0) {
        c->row = row;
        c->col = col;
    } else if (c->col >= XLSX_MAX_COL) {
        fail(c, ZE_LIMIT, "row %u has more than %d columns", c->row, XLSX_MAX_COL);
        return;
    } else {
        c->col++;
    }
    if (c->row == 0)
        c->row = 1;
    c->crow = c->row;
    c->ccol = c->col;
    /* the type as written, "n" when absent, "?" when too long to be one we know */
    const char *type = !t ? "n" : strlen(t) < sizeof c->ctype ? t : "?";
    memcpy(c->ctype, type, strlen(type) + 1);
    c->cstyle = parse_uint(s, UINT32_MAX, &style) ? (long)style : -1;
    c->have_v = c->have_is = c->have_f = false;
    buf_reset(&c->v);
    buf_reset(&c->f);
    buf_reset(&c->s);
}

static void
cell_end(struct pctx *c)
{
    struct xlsx *x = c->x;
    if (!c->have_v && !c->have_is)
        return;
    /* boundary: the cell after the last allowed one stops the walk */
    if (c->ncells >= XLSX_MAX_CELLS) {
        fail(c, ZE_LIMIT, "more than %d cells", XLSX_MAX_CELLS);
        return;
    }
    c->ncells++;
    struct xlsx_cell cell = {.row = c->crow, .col = c->ccol};
    const char *t = c->ctype;
    buf_reset(&c->dec);
    if (c->have_is && (!c->have_v || strcmp(t, "inlineStr") == 0)) {
        cell.type = XLSX_INLINE;
        decode_x(&c->dec, buf_cstr(&c->s), c->s.len);
        cell.text = c->dec.p;
        cell.len = c->dec.len;
    } else if (strcmp(t, "s") == 0) {
        unsigned long i;
        if (!parse_uint(buf_cstr(&c->v), ULONG_MAX / 2, &i) || i >= x->nsst) {
            fail(
                c, ZE_INVAL,
                "cell at row %u, column %u refers to shared string \"%.20s\", which does not exist",
                c->crow, c->ccol, buf_cstr(&c->v));
            return;
        }
        cell.type = XLSX_SHARED;
        cell.text = x->sst.p + x->sst_off[i];
        cell.len = strlen(cell.text);
    } else {
        if (strcmp(t, "n") == 0)
            cell.type = XLSX_NUMBER;
        else if (strcmp(t, "b") == 0)
            cell.type = XLSX_BOOL;
        else if (strcmp(t, "e") == 0)
            cell.type = XLSX_ERROR;
        else if (strcmp(t, "d") == 0)
            cell.type = XLSX_DATE;
        else
            cell.type = XLSX_STR;
        if (cell.type == XLSX_STR) {
            decode_x(&c->dec, buf_cstr(&c->v), c->v.len);
            cell.text = c->dec.p;
            cell.len = c->dec.len;
        } else {
            cell.text = buf_cstr(&c->v);
            cell.len = c->v.len;
        }
    }
    if (c->have_f)
        cell.formula = buf_cstr(&c->f);
    cell.percent = cell.type == XLSX_NUMBER && c->cstyle >= 0 && (size_t)c->cstyle < x->nxf &&
                   x->xf_percent[c->cstyle];
    int rc = c->fn(c->arg, &cell);
    if (rc != 0) {
        c->rc = rc;
        XML_StopParser(c->p, XML_FALSE);
    }
}

static void
si_end(struct pctx *c)
{
    struct xlsx *x = c->x;
    if (x->nsst >= XLSX_MAX_STRINGS) {
        fail(c, ZE_LIMIT, "more than %d shared strings", XLSX_MAX_STRINGS);
        return;
    }
    if (x->nsst == x->capsst) {
        x->capsst = x->capsst ? x->capsst * 2 : 256;
        x->sst_off = xrealloc(x->sst_off, sizeof(*x->sst_off) * x->capsst);
    }
    x->sst_off[x->nsst++] = x->sst.len;
    decode_x(&x->sst, buf_cstr(&c->s), c->s.len);
    buf_append(&x->sst, "", 1);
}

static void XMLCALL
on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct pctx *c = ud;
    if (c->rc)
        return;
    const char *n = local_name(name);
    enum kind k;
    if (c->depth == 0) {
        k = root_kind(n);
        if (k != c->root)
            k = K_OTHER;
    } else {
        k = child_kind(top(c), n);
    }
    if (c->depth < STACK_MAX)
        c->stack[c->depth] = (unsigned char)k;
    else
        k = K_OTHER;
    c->depth++;
    switch (k) {
    case K_ROW:
        on_row(c, atts);
        break;
    case K_C:
        on_cell(c, atts);
        break;
    case K_V:
        buf_reset(&c->v);
        c->have_v = true;
        break;
    case K_F:
        buf_reset(&c->f);
        c->have_f = true;
        break;
    case K_IS:
        buf_reset(&c->s);
        c->have_is = true;
        break;
    case K_SI:
        buf_reset(&c->s);
        break;
    case K_SHEET:
        on_sheet(c, atts);
        break;
    case K_REL:
        on_rel(c, atts);
        break;
    case K_NUMFMT:
        on_numfmt(c, atts);
        break;
    case K_XF:
        on_xf(c, atts);
        break;
    default:
        break;
    }
}

static void XMLCALL
on_end(void *ud, const XML_Char *name)
{
    struct pctx *c = ud;
    (void)name;
    if (c->rc || c->depth == 0)
        return;
    enum kind k = top(c);
    c->depth--;
    if (k == K_C)
        cell_end(c);
    else if (k == K_SI)
        si_end(c);
}

static void XMLCALL
on_text(void *ud, const XML_Char *s, int len)
{
    struct pctx *c = ud;
    struct buf *b;
    if (c->rc || len <= 0)
        return;
    switch (top(c)) {
    case K_T:
        b = &c->s;
        break;
    case K_V:
        b = &c->v;
        break;
    case K_F:
        b = &c->f;
        break;
    default:
        return;
    }
    /* boundary: a text of exactly XLSX_MAX_TEXT bytes is read, one more is not */
    if (b->len + (size_t)len > XLSX_MAX_TEXT) {
        fail(c, ZE_LIMIT, "a text is longer than %d bytes", XLSX_MAX_TEXT);
        return;
    }
    buf_append(b, s, (size_t)len);
}

static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
           int has_internal)
{
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal;
    fail(ud, ZE_INVAL, "a document type declaration is not allowed");
}

static void XMLCALL
on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value, int value_len,
          const XML_Char *base, const XML_Char *sysid, const XML_Char *pubid,
          const XML_Char *notation)
{
    (void)name;
    (void)is_param;
    (void)value;
    (void)value_len;
    (void)base;
    (void)sysid;
    (void)pubid;
    (void)notation;
    fail(ud, ZE_INVAL, "an entity declaration is not allowed");
}

static void
pctx_init(struct pctx *c, struct xlsx *x, enum kind root, struct buf *err)
{
    memset(c, 0, sizeof *c);
    c->x = x;
    c->root = root;
    c->err = err;
}

static void
pctx_fini(struct pctx *c)
{
    buf_free(&c->s);
    buf_free(&c->v);
    buf_free(&c->f);
    buf_free(&c->dec);
    for (size_t i = 0; i < c->nrels; i++) {
        free(c->rels[i].id);
        free(c->rels[i].type);
        free(c->rels[i].target);
    }
    free(c->rels);
    c->rels = NULL;
    c->nrels = 0;
}

/* Streams the part name through the state machine of c. Returns 0, c's error, or ZE_NOTFOUND
 * (with nothing in err) when the archive has no such part. */
static int
parse_part(struct xlsx *x, const char *name, struct pctx *c)
{
    c->part = name;
    zip_int64_t idx = zip_name_locate(x->zip, name, ZIP_FL_NOCASE);
    if (idx < 0)
        return ZE_NOTFOUND;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        st.size > XLSX_MAX_PART) {
        buf_printf(c->err, "%s: the part is larger than %d MiB", name, XLSX_MAX_PART >> 20);
        return c->rc = ZE_LIMIT;
    }
    zip_file_t *zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
    if (!zf) {
        buf_printf(c->err, "%s: cannot read the part: %s", name, zip_strerror(x->zip));
        return c->rc = ZE_INVAL;
    }
    XML_Parser p = XML_ParserCreateNS(NULL, NS_SEP);
    if (!p) {
        zip_fclose(zf);
        buf_printf(c->err, "%s: out of memory", name);
        return c->rc = ZE_NOMEM;
    }
    c->p = p;
    c->depth = 0;
    XML_SetUserData(p, c);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    XML_SetEntityDeclHandler(p, on_entity);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    char *chunk = xmalloc(CHUNK);
    size_t got = 0;
    for (;;) {
        zip_int64_t n = zip_fread(zf, chunk, CHUNK);
        if (n < 0) {
            if (!c->rc) {
                c->rc = ZE_INVAL;
                buf_printf(c->err, "%s: the part is damaged: %s", name, zip_file_strerror(zf));
            }
            break;
        }
        got += (size_t)n;
        x->total += (size_t)n;
        /* boundary: a part of exactly XLSX_MAX_PART bytes is read, one more byte is not */
        if (got > XLSX_MAX_PART) {
            buf_printf(c->err, "%s: the part is larger than %d MiB", name, XLSX_MAX_PART >> 20);
            c->rc = ZE_LIMIT;
            break;
        }
        if (x->total > XLSX_MAX_TOTAL) {
            buf_printf(c->err, "%s: the workbook holds more than %d MiB of data", name,
                       XLSX_MAX_TOTAL >> 20);
            c->rc = ZE_LIMIT;
            break;
        }
        if (XML_Parse(p, chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
            if (!c->rc) {
                c->rc = ZE_INVAL;
                buf_printf(c->err, "%s: not well-formed XML (line %lu): %s", name,
                           (unsigned long)XML_GetCurrentLineNumber(p),
                           XML_ErrorString(XML_GetErrorCode(p)));
            }
            break;
        }
        if (c->rc || n == 0)
            break;
    }
    free(chunk);
    XML_ParserFree(p);
    c->p = NULL;
    zip_fclose(zf);
    return c->rc;
}

/* The folder of a part name, with its '/': "xl/workbook.xml" -> "xl/". */
static void
part_dir(const char *part, struct buf *out)
{
    const char *slash = strrchr(part, '/');
    buf_reset(out);
    if (slash)
        buf_append(out, part, (size_t)(slash - part + 1));
    else
        buf_append(out, "", 0);
}

/* Resolves a relationship target against the folder of its source part: "worksheets/s1.xml",
 * "../xl/x.xml" and "/xl/x.xml" all work. Returns an allocated part name, or NULL when the target
 * leaves the archive or is too long. */
static char *
resolve(const char *dir, const char *target)
{
    struct buf in = BUF_INIT, out = BUF_INIT;
    if (target[0] != '/')
        buf_puts(&in, dir);
    buf_puts(&in, target[0] == '/' ? target + 1 : target);
    char *save = NULL, *path = buf_steal(&in);
    bool bad = false;
    for (char *seg = strtok_r(path, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
        if (strcmp(seg, ".") == 0)
            continue;
        if (strcmp(seg, "..") == 0) {
            char *slash = out.len ? memrchr(out.p, '/', out.len) : NULL;
            if (!out.len) {
                bad = true;
                break;
            }
            out.len = slash ? (size_t)(slash - out.p) : 0;
            out.p[out.len] = '\0';
            continue;
        }
        if (out.len)
            buf_putc(&out, '/');
        buf_puts(&out, seg);
    }
    free(path);
    if (bad || out.len == 0 || out.len > TARGET_MAX) {
        buf_free(&out);
        return NULL;
    }
    return buf_steal(&out);
}

static bool
type_is(const char *type, const char *suffix)
{
    size_t n = strlen(type), k = strlen(suffix);
    return n >= k && strcmp(type + n - k, suffix) == 0;
}

static const struct rel *
rel_by_type(const struct pctx *c, const char *suffix)
{
    for (size_t i = 0; i < c->nrels; i++)
        if (!c->rels[i].external && type_is(c->rels[i].type, suffix))
            return &c->rels[i];
    return NULL;
}

/* Reads the package relationships, the workbook and its relationships. */
static int
read_structure(struct xlsx *x, struct buf *err)
{
    struct pctx c;
    struct buf dir = BUF_INIT;
    int rc;

    pctx_init(&c, x, K_RELS, err);
    rc = parse_part(x, "_rels/.rels", &c);
    if (rc != 0 && rc != ZE_NOTFOUND)
        goto out;
    const struct rel *doc = rel_by_type(&c, "/officeDocument");
    x->wb_part = doc ? resolve("", doc->target) : NULL;
    if (!x->wb_part)
        x->wb_part = xstrdup("xl/workbook.xml");
    pctx_fini(&c);

    pctx_init(&c, x, K_WORKBOOK, err);
    rc = parse_part(x, x->wb_part, &c);
    if (rc == ZE_NOTFOUND) {
        buf_printf(err, "not an .xlsx workbook: it has no workbook part (%s)", x->wb_part);
        rc = ZE_INVAL;
    }
    if (rc != 0)
        goto out;
    if (x->nsheets == 0) {
        buf_printf(err, "%s: the workbook lists no sheets", x->wb_part);
        rc = ZE_INVAL;
        goto out;
    }
    pctx_fini(&c);

    part_dir(x->wb_part, &dir);
    struct buf rels = BUF_INIT;
    buf_printf(&rels, "%s_rels/%s.rels", dir.p, x->wb_part + dir.len);
    pctx_init(&c, x, K_RELS, err);
    rc = parse_part(x, rels.p, &c);
    buf_free(&rels);
    if (rc != 0 && rc != ZE_NOTFOUND)
        goto out;
    rc = 0;
    for (size_t i = 0; i < x->nsheets; i++)
        for (size_t k = 0; x->sheets[i].rid && k < c.nrels; k++)
            if (!c.rels[k].external && strcmp(c.rels[k].id, x->sheets[i].rid) == 0) {
                x->sheets[i].part = resolve(dir.p, c.rels[k].target);
                break;
            }
    const struct rel *sst = rel_by_type(&c, "/sharedStrings"), *styles = rel_by_type(&c, "/styles");
    if (sst)
        x->sst_part = resolve(dir.p, sst->target);
    else if (c.nrels == 0)
        x->sst_part = resolve(dir.p, "sharedStrings.xml");
    if (styles)
        x->styles_part = resolve(dir.p, styles->target);
    else if (c.nrels == 0)
        x->styles_part = resolve(dir.p, "styles.xml");
out:
    pctx_fini(&c);
    buf_free(&dir);
    return rc;
}

/* Reads the shared strings and the number formats, once. */
static int
load_strings(struct xlsx *x, struct buf *err)
{
    struct pctx c;
    int rc = 0;
    if (x->loaded) {
        if (x->load_rc)
            buf_printf(err, "the workbook's shared strings or styles cannot be read");
        return x->load_rc;
    }
    x->loaded = true;
    if (x->styles_part) {
        pctx_init(&c, x, K_STYLESHEET, err);
        rc = parse_part(x, x->styles_part, &c);
        pctx_fini(&c);
        if (rc != 0 && rc != ZE_NOTFOUND)
            return x->load_rc = rc;
    }
    rc = 0;
    if (x->sst_part) {
        pctx_init(&c, x, K_SST, err);
        rc = parse_part(x, x->sst_part, &c);
        pctx_fini(&c);
        if (rc == ZE_NOTFOUND)
            rc = 0;
    }
    return x->load_rc = rc;
}

static int
open_zip(zip_t *z, struct xlsx **out, struct buf *err)
{
    struct xlsx *x = xcalloc(1, sizeof *x);
    x->zip = z;
    int rc = read_structure(x, err);
    if (rc != 0) {
        xlsx_close(x);
        return rc;
    }
    *out = x;
    return 0;
}

int
xlsx_open(const char *path, struct xlsx **out, struct buf *err)
{
    int code = 0;
    *out = NULL;
    zip_t *z = zip_open(path, ZIP_RDONLY, &code);
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, code);
        int rc = ZE_INVAL;
        if (code == ZIP_ER_NOENT || code == ZIP_ER_OPEN || code == ZIP_ER_READ ||
            code == ZIP_ER_MEMORY)
            rc = ZE_IO;
        if (rc == ZE_IO)
            buf_printf(err, "%s: cannot read the file: %s", path, zip_error_strerror(&ze));
        else
            buf_printf(err, "%s: not an .xlsx workbook: %s", path, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return rc;
    }
    return open_zip(z, out, err);
}

int
xlsx_open_mem(const void *data, size_t len, struct xlsx **out, struct buf *err)
{
    zip_error_t ze;
    *out = NULL;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(len ? data : "", len, 0, &ze);
    if (!src) {
        buf_printf(err, "cannot read the workbook: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return ZE_NOMEM;
    }
    zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!z) {
        zip_source_free(src);
        buf_printf(err, "not an .xlsx workbook: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return ZE_INVAL;
    }
    zip_error_fini(&ze);
    return open_zip(z, out, err);
}

void
xlsx_close(struct xlsx *x)
{
    if (!x)
        return;
    if (x->zip)
        zip_discard(x->zip);
    for (size_t i = 0; i < x->nsheets; i++) {
        free(x->sheets[i].name);
        free(x->sheets[i].rid);
        free(x->sheets[i].part);
    }
    free(x->sheets);
    free(x->wb_part);
    free(x->sst_part);
    free(x->styles_part);
    buf_free(&x->sst);
    free(x->sst_off);
    free(x->xf_percent);
    free(x);
}

size_t
xlsx_sheet_count(const struct xlsx *x)
{
    return x->nsheets;
}

const char *
xlsx_sheet_name(const struct xlsx *x, size_t i)
{
    return i < x->nsheets ? x->sheets[i].name : NULL;
}

int
xlsx_sheet_cells(struct xlsx *x, size_t i, xlsx_cell_fn fn, void *arg, struct buf *err)
{
    if (i >= x->nsheets) {
        buf_printf(err, "the workbook has no sheet %zu", i + 1);
        return ZE_NOTFOUND;
    }
    int rc = load_strings(x, err);
    if (rc != 0)
        return rc;
    const struct sheet *s = &x->sheets[i];
    if (!s->part) {
        buf_printf(err, "sheet \"%s\": the workbook names no part for it", s->name);
        return ZE_INVAL;
    }
    struct pctx c;
    pctx_init(&c, x, K_WORKSHEET, err);
    c.fn = fn;
    c.arg = arg;
    rc = parse_part(x, s->part, &c);
    pctx_fini(&c);
    if (rc == ZE_NOTFOUND) {
        buf_printf(err, "sheet \"%s\": its part %s is missing", s->name, s->part);
        rc = ZE_INVAL;
    }
    return rc;
}
