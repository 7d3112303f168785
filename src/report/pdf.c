/* pdf: the document writer of pdf.h. Layout is a cursor (y) moving down the current page; each
 * block asks need() for the height it cannot split (a heading with its first lines, a table header
 * with its first row) and need() opens a new page when that does not fit. Text that does not fit
 * is cut between lines: fit() finds the lowest position no line straddles, in every cell of a row
 * at once, and draw_lines() draws the lines that start in a slice.
 *
 * Pages are cairo recording surfaces until pdf_close(), which replays them into the PDF surface
 * (text stays text, fonts are subset once for the whole document) and adds each footer with the
 * final page count.
 *
 * QR codes are drawn as vector runs (one rectangle per horizontal run of dark modules, all filled
 * as one path, so no viewer shows seams between modules) and print sharp at any size. */
#include "report/pdf.h"

#include <cairo.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/qr.h"
#include "core/xmem.h"

#define MM(x)     ((x)*72.0 / 25.4)
#define PAGE_W    595.2756
#define PAGE_H    841.8898
#define MARGIN_L  MM(25)
#define MARGIN_R  MM(20)
#define MARGIN_T  MM(20)
#define MARGIN_B  MM(22)
#define TEXT_W    (PAGE_W - MARGIN_L - MARGIN_R)
#define BOTTOM    (PAGE_H - MARGIN_B)
#define FONT      "DejaVu Sans"
#define BODY_SIZE 10.0
#define CELL_SIZE 9.0
#define PAD_X     3.5
#define PAD_Y     2.5
#define PAD_PLAIN 1.5
/* Slack for comparisons of accumulated floating-point positions. */
#define EPS 0.01

enum { MAX_PENDING = 4 };

struct rgb {
    double r, g, b;
};
static const struct rgb ink = {0.10, 0.10, 0.12};
static const struct rgb grey_ink = {0.40, 0.40, 0.43};
static const struct rgb line_ink = {0.45, 0.47, 0.50};
static const struct rgb head_fill = {0.851, 0.882, 0.933};  /* the header and total rows */
static const struct rgb shade_fill = {0.937, 0.945, 0.957}; /* group rows */
static const struct rgb zebra_fill = {0.972, 0.976, 0.984};
static const struct rgb track_fill = {0.925, 0.933, 0.945}; /* the empty part of a bar */
static const struct rgb grid_ink = {0.72, 0.74, 0.77};

/* A heading waiting for the first lines of what follows it. */
struct pending {
    PangoLayout *layout;
    int level;
    char *text;
    double before, after;
};

/* A heading as drawn, for the PDF outline. */
struct mark {
    int level;
    char *text;
    size_t page;
    double y;
};

struct pdf {
    FILE *fp;
    char *path;
    int rc; /* sticky: the first error */
    struct buf why;
    int write_errno;
    char *title, *author, *subject, *keywords, *footer;
    bool en;
    PangoFontMap *fontmap;
    PangoContext *ctx;
    cairo_surface_t **pages;
    size_t npages, cap;
    cairo_t *cr; /* draws on pages[npages - 1] */
    double y;    /* cursor from the top of the page, points */
    double gap;  /* space owed before the next block (dropped at the top of a page) */
    bool fresh;  /* nothing drawn on this page yet */
    struct pending pend[MAX_PENDING];
    int npend;
    struct mark *marks;
    size_t nmarks, capmarks;
};

struct pdf_table {
    struct pdf *d;
    int n;
    double x[PDF_MAX_COLS], w[PDF_MAX_COLS];
    enum pdf_align align[PDF_MAX_COLS];
    PangoLayout *head[PDF_MAX_COLS];
    double head_h; /* points with padding; 0 for a plain table */
    double size, pad_x, pad_y;
    int flags;
    size_t page; /* the page its header was last drawn on (1-based; 0: not yet) */
    int rows_here;
    int nrows;
};

static void
fail(struct pdf *d, int rc, const char *why)
{
    if (d->rc)
        return;
    d->rc = rc;
    buf_puts(&d->why, why);
}

/* The text to hand to pango: never NULL, valid UTF-8 without control characters other than line
 * ends and tabs, at most PDF_TEXT_MAX bytes (plus "…"). Caller frees. */
static char *
clean(const char *s)
{
    if (!s)
        return xstrdup("");
    size_t n = strlen(s);
    struct buf b = BUF_INIT;
    /* boundary: a text of exactly PDF_TEXT_MAX bytes is kept whole */
    if (n > PDF_TEXT_MAX) {
        n = PDF_TEXT_MAX;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
        buf_append(&b, s, n);
        buf_puts(&b, "\xE2\x80\xA6");
    } else {
        buf_append(&b, s, n);
    }
    char *out;
    if (b.len == 0 || utf8_valid(b.p, b.len)) {
        out = b.len ? buf_steal(&b) : xstrdup("");
    } else {
        gchar *fixed = g_utf8_make_valid(b.p, (gssize)b.len);
        out = xstrdup(fixed);
        g_free(fixed);
    }
    buf_free(&b);
    /* control characters would show as boxes of hex digits */
    for (char *p = out; *p; p++)
        if (((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r') || *p == 0x7f)
            *p = ' ';
    return out;
}

static char *
clean_or_null(const char *s)
{
    return s && *s ? clean(s) : NULL;
}

static PangoLayout *
layout(struct pdf *d, const char *text, double size, int font, enum pdf_align align, double width)
{
    PangoLayout *l = pango_layout_new(d->ctx);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, FONT);
    pango_font_description_set_absolute_size(fd, (size > 0 ? size : BODY_SIZE) * PANGO_SCALE);
    if (font & PDF_BOLD)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    if (font & PDF_ITALIC)
        pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    PangoAttrList *attrs = pango_attr_list_new();
    /* codes such as "pemenuhan.1.iii.a" must not gain a hyphen where a narrow cell breaks them */
    pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
    if (font & PDF_UNDERLINE)
        pango_attr_list_insert(attrs, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE));
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_width(l, (int)(fmax(width, 1) * PANGO_SCALE));
    switch (align) {
    case PDF_CENTER:
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
        break;
    case PDF_RIGHT:
        pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
        break;
    case PDF_JUSTIFY:
        pango_layout_set_justify(l, TRUE);
        break;
    case PDF_LEFT:
        break;
    }
    char *t = clean(text);
    pango_layout_set_text(l, t, -1);
    free(t);
    return l;
}

/* Height of a layout in pango units. */
static int
height_pu(PangoLayout *l)
{
    int h = 0;
    pango_layout_get_size(l, NULL, &h);
    return h;
}

static double
height_pt(PangoLayout *l)
{
    return pango_units_to_double(height_pu(l));
}

/* The height of the first k lines of l, points (all of it when shorter). */
static double
first_lines_pt(PangoLayout *l, int k)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    int bottom = 0;
    for (int i = 0; i < k; i++) {
        PangoRectangle r;
        pango_layout_iter_get_line_extents(it, NULL, &r);
        bottom = r.y + r.height;
        if (!pango_layout_iter_next_line(it))
            break;
    }
    pango_layout_iter_free(it);
    return pango_units_to_double(bottom);
}

/* The lowest position <= limit (pango units from the tops of the layouts) that no line of any of
 * the n layouts straddles: the top of the first line that would not fit whole. A result at or
 * above where the slice starts means not even one line fits. */
static int
fit(PangoLayout *const *ls, int n, int limit)
{
    int cut = limit;
    bool moved = true;
    while (moved) {
        moved = false;
        for (int i = 0; i < n; i++) {
            PangoLayoutIter *it = pango_layout_get_iter(ls[i]);
            do {
                PangoRectangle r;
                pango_layout_iter_get_line_extents(it, NULL, &r);
                if (r.y < cut && r.y + r.height > cut) {
                    cut = r.y;
                    moved = true;
                }
            } while (pango_layout_iter_next_line(it));
            pango_layout_iter_free(it);
        }
    }
    return cut;
}

static void
set_rgb(cairo_t *cr, struct rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* Draws the lines of l whose tops lie in [from, to) with position `from` at (x, y). */
static void
draw_lines(cairo_t *cr, PangoLayout *l, double x, double y, int from, int to)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
        PangoRectangle r;
        pango_layout_iter_get_line_extents(it, NULL, &r);
        if (r.y >= from && r.y < to) {
            int base = pango_layout_iter_get_baseline(it);
            cairo_move_to(cr, x + pango_units_to_double(r.x),
                          y + pango_units_to_double(base - from));
            pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(it));
        }
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

static void
new_page(struct pdf *d)
{
    if (d->rc)
        return;
    /* boundary: page PDF_MAX_PAGES is allowed, the next one is not */
    if (d->npages >= PDF_MAX_PAGES) {
        fail(d, ZE_LIMIT, "the document would have more pages than allowed");
        return;
    }
    if (d->cr)
        cairo_destroy(d->cr);
    if (d->npages == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 8;
        d->pages = xrealloc(d->pages, d->cap * sizeof *d->pages);
    }
    cairo_rectangle_t ext = {0, 0, PAGE_W, PAGE_H};
    d->pages[d->npages++] = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
    d->cr = cairo_create(d->pages[d->npages - 1]);
    if (d->npages == 1)
        pango_cairo_update_context(d->cr, d->ctx);
    d->y = MARGIN_T;
    d->gap = 0;
    d->fresh = true;
}

static double
pending_height(const struct pdf *d)
{
    double h = 0;
    for (int i = 0; i < d->npend; i++)
        h += (i ? d->pend[i].before : 0) + height_pt(d->pend[i].layout) + d->pend[i].after;
    return h;
}

static void
add_mark(struct pdf *d, const struct pending *p)
{
    if (d->nmarks == d->capmarks) {
        d->capmarks = d->capmarks ? 2 * d->capmarks : 16;
        d->marks = xrealloc(d->marks, d->capmarks * sizeof *d->marks);
    }
    d->marks[d->nmarks++] = (struct mark){p->level, p->text, d->npages, d->y};
}

/* Makes room for h points (with the headings waiting for this block): a new page when they do not
 * fit and this page already has something on it. Then pays the gap owed and draws the waiting
 * headings; the caller draws at d->y. */
static void
need(struct pdf *d, double h)
{
    if (d->rc)
        return;
    double g = d->fresh ? 0 : d->gap;
    if (!d->fresh && d->y + g + pending_height(d) + h > BOTTOM + EPS) {
        new_page(d);
        if (d->rc)
            return;
        g = 0;
    }
    d->y += g;
    d->gap = 0;
    for (int i = 0; i < d->npend; i++) {
        struct pending *p = &d->pend[i];
        if (i)
            d->y += p->before;
        set_rgb(d->cr, ink);
        draw_lines(d->cr, p->layout, MARGIN_L, d->y, 0, INT_MAX);
        add_mark(d, p);
        p->text = NULL; /* now the mark's */
        d->y += height_pt(p->layout) + p->after;
        g_object_unref(p->layout);
        p->layout = NULL;
        d->fresh = false;
    }
    d->npend = 0;
}

/* Flows l down the page from x, splitting between lines at page ends; label (may be NULL) is
 * drawn beside the first line. Keeps at least two lines together at the start. */
static void
flow(struct pdf *d, PangoLayout *l, double x, PangoLayout *label, double lx)
{
    int total = height_pu(l), off = 0;
    need(d, first_lines_pt(l, 2));
    while (!d->rc) {
        double avail = BOTTOM - d->y;
        if (pango_units_to_double(total - off) <= avail + EPS) {
            set_rgb(d->cr, ink);
            if (label && off == 0)
                draw_lines(d->cr, label, lx, d->y, 0, INT_MAX);
            draw_lines(d->cr, l, x, d->y, off, INT_MAX);
            d->y += pango_units_to_double(total - off);
            d->fresh = false;
            return;
        }
        int cut = fit(&l, 1, off + (int)(avail * PANGO_SCALE));
        if (cut <= off) {
            if (!d->fresh) {
                new_page(d);
                continue;
            }
            /* boundary: a single line taller than a page; draw it and move on */
            cut = off + (int)(fmax(avail, BODY_SIZE) * PANGO_SCALE);
        }
        set_rgb(d->cr, ink);
        if (label && off == 0) /* first, so that text extraction reads "1. text" */
            draw_lines(d->cr, label, lx, d->y, 0, INT_MAX);
        draw_lines(d->cr, l, x, d->y, off, cut);
        off = cut;
        new_page(d);
    }
}

/* --- the document -------------------------------------------------------------------------- */

static cairo_status_t
write_out(void *closure, const unsigned char *data, unsigned int length)
{
    struct pdf *d = closure;
    if (fwrite(data, 1, length, d->fp) != length) {
        d->write_errno = errno ? errno : EIO;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

int
pdf_open(const char *path, const struct pdf_meta *meta, struct pdf **out, struct buf *err)
{
    *out = NULL;
    if (!path || !*path) {
        buf_puts(err, "no path for the PDF");
        return ZE_INVAL;
    }
    FILE *fp = fopen(path, "wb");
    if (!fp) {
        buf_printf(err, "%s: %s", path, strerror(errno));
        return ZE_IO;
    }
    struct pdf *d = xcalloc(1, sizeof *d);
    d->fp = fp;
    d->path = xstrdup(path);
    if (meta) {
        d->title = clean_or_null(meta->title);
        d->author = clean_or_null(meta->author);
        d->subject = clean_or_null(meta->subject);
        d->keywords = clean_or_null(meta->keywords);
        d->footer = clean_or_null(meta->footer);
        d->en = meta->lang && strcmp(meta->lang, "en") == 0;
    }
    /* A font map of its own: pango font maps are not thread-safe, and this one dies with d. */
    d->fontmap = pango_cairo_font_map_new();
    d->ctx = pango_font_map_create_context(d->fontmap);
    pango_cairo_context_set_resolution(d->ctx, 72);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(d->ctx, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_language(d->ctx, pango_language_from_string(d->en ? "en" : "id"));
    new_page(d);
    *out = d;
    return 0;
}

static void
release(struct pdf *d)
{
    for (int i = 0; i < d->npend; i++) {
        g_object_unref(d->pend[i].layout);
        free(d->pend[i].text);
    }
    for (size_t i = 0; i < d->nmarks; i++)
        free(d->marks[i].text);
    free(d->marks);
    if (d->cr)
        cairo_destroy(d->cr);
    for (size_t i = 0; i < d->npages; i++)
        cairo_surface_destroy(d->pages[i]);
    free(d->pages);
    g_object_unref(d->ctx);
    g_object_unref(d->fontmap);
    free(d->title);
    free(d->author);
    free(d->subject);
    free(d->keywords);
    free(d->footer);
    free(d->path);
    buf_free(&d->why);
    free(d);
}

void
pdf_abandon(struct pdf *d)
{
    if (!d)
        return;
    fclose(d->fp);
    unlink(d->path);
    release(d);
}

static void
footer(struct pdf *d, cairo_t *cr, size_t page)
{
    double y = BOTTOM + MM(8);
    cairo_set_line_width(cr, 0.4);
    set_rgb(cr, line_ink);
    cairo_move_to(cr, MARGIN_L, y - 3);
    cairo_line_to(cr, PAGE_W - MARGIN_R, y - 3);
    cairo_stroke(cr);
    char n[96];
    snprintf(n, sizeof n, d->en ? "Page %zu of %zu" : "Halaman %zu dari %zu", page, d->npages);
    PangoLayout *right = layout(d, n, 7.5, 0, PDF_RIGHT, TEXT_W);
    set_rgb(cr, grey_ink);
    cairo_move_to(cr, MARGIN_L, y);
    pango_cairo_show_layout(cr, right);
    g_object_unref(right);
    if (d->footer) {
        PangoLayout *left = layout(d, d->footer, 7.5, 0, PDF_LEFT, TEXT_W * 0.7);
        pango_layout_set_ellipsize(left, PANGO_ELLIPSIZE_END);
        cairo_move_to(cr, MARGIN_L, y);
        pango_cairo_show_layout(cr, left);
        g_object_unref(left);
    }
}

static void
outline(struct pdf *d, cairo_surface_t *s)
{
    int parent = CAIRO_PDF_OUTLINE_ROOT;
    for (size_t i = 0; i < d->nmarks; i++) {
        const struct mark *m = &d->marks[i];
        char dest[128];
        snprintf(dest, sizeof dest, "page=%zu pos=[%.1f %.1f]", m->page, MARGIN_L, m->y);
        int id = cairo_pdf_surface_add_outline(s, m->level <= 1 ? CAIRO_PDF_OUTLINE_ROOT : parent,
                                               m->text, dest, 0);
        if (m->level <= 1)
            parent = id;
    }
}

static void
metadata(struct pdf *d, cairo_surface_t *s)
{
    if (d->title)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
    if (d->author)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, d->author);
    if (d->subject)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, d->subject);
    if (d->keywords)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, d->keywords);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "zona");
}

int
pdf_close(struct pdf *d, struct buf *err)
{
    if (!d)
        return 0;
    need(d, 0); /* headings still waiting are drawn at the end */
    if (d->cr) {
        cairo_destroy(d->cr);
        d->cr = NULL;
    }
    if (!d->rc) {
        cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_out, d, PAGE_W, PAGE_H);
        metadata(d, s);
        cairo_t *cr = cairo_create(s);
        for (size_t i = 0; i < d->npages; i++) {
            cairo_set_source_surface(cr, d->pages[i], 0, 0);
            cairo_paint(cr);
            footer(d, cr, i + 1);
            cairo_show_page(cr);
        }
        outline(d, s);
        cairo_status_t st = cairo_status(cr);
        cairo_destroy(cr);
        cairo_surface_finish(s);
        if (st == CAIRO_STATUS_SUCCESS)
            st = cairo_surface_status(s);
        cairo_surface_destroy(s);
        if (st != CAIRO_STATUS_SUCCESS) {
            if (st == CAIRO_STATUS_WRITE_ERROR)
                fail(d, ZE_IO, d->write_errno ? strerror(d->write_errno) : "write error");
            else
                fail(d, ZE_IO, cairo_status_to_string(st));
        }
    }
    if (fclose(d->fp) != 0 && !d->rc)
        fail(d, ZE_IO, strerror(errno));
    int rc = d->rc;
    if (rc) {
        buf_printf(err, "%s: %s", d->path, buf_cstr(&d->why));
        unlink(d->path);
    }
    release(d);
    return rc;
}

double
pdf_text_width(const struct pdf *d)
{
    (void)d;
    return TEXT_W;
}

/* --- text ---------------------------------------------------------------------------------- */

void
pdf_text(struct pdf *d, const struct pdf_style *st, const char *text)
{
    static const struct pdf_style body = {0, 0, PDF_LEFT, 0, 0, 6};
    if (!d || d->rc)
        return;
    if (!st)
        st = &body;
    double indent = fmin(fmax(st->indent, 0), TEXT_W - 10);
    double w = st->width > 0 ? fmin(st->width, TEXT_W - indent) : TEXT_W - indent;
    PangoLayout *l = layout(d, text, st->size, st->font, st->align, w);
    flow(d, l, MARGIN_L + indent, NULL, 0);
    g_object_unref(l);
    d->gap = fmax(st->after, 0);
}

void
pdf_paragraph(struct pdf *d, const char *text)
{
    static const struct pdf_style para = {0, 0, PDF_JUSTIFY, 0, 0, 6};
    pdf_text(d, &para, text);
}

void
pdf_heading(struct pdf *d, int level, const char *text)
{
    if (!d || d->rc)
        return;
    if (d->npend == MAX_PENDING)
        need(d, 0);
    if (d->rc)
        return;
    struct pending *p = &d->pend[d->npend++];
    p->level = level <= 1 ? 1 : 2;
    p->layout = layout(d, text, p->level == 1 ? 11.5 : BODY_SIZE, PDF_BOLD, PDF_LEFT, TEXT_W);
    p->text = clean(text);
    p->before = p->level == 1 ? 14 : 9;
    p->after = p->level == 1 ? 6 : 4;
    if (d->npend == 1)
        d->gap = fmax(d->gap, p->before);
}

void
pdf_item(struct pdf *d, double indent, const char *label, const char *text)
{
    if (!d || d->rc)
        return;
    indent = fmin(fmax(indent, 0), TEXT_W / 2);
    PangoLayout *lab = layout(d, label, BODY_SIZE, 0, PDF_LEFT, TEXT_W / 4);
    PangoRectangle r;
    pango_layout_get_extents(lab, NULL, &r);
    /* labels up to "99." share one hang, so the texts of a list line up */
    double hang = fmax(20, pango_units_to_double(r.x + r.width) + 5);
    PangoLayout *l = layout(d, text, BODY_SIZE, 0, PDF_LEFT, TEXT_W - indent - hang);
    flow(d, l, MARGIN_L + indent + hang, lab, MARGIN_L + indent);
    g_object_unref(l);
    g_object_unref(lab);
    d->gap = 3;
}

void
pdf_space(struct pdf *d, double pt)
{
    if (!d || d->rc || pt <= 0)
        return;
    d->gap += pt;
}

void
pdf_rule(struct pdf *d, bool double_)
{
    if (!d || d->rc)
        return;
    need(d, 5);
    if (d->rc)
        return;
    set_rgb(d->cr, ink);
    cairo_set_line_width(d->cr, double_ ? 1.6 : 0.6);
    cairo_move_to(d->cr, MARGIN_L, d->y + 1);
    cairo_line_to(d->cr, PAGE_W - MARGIN_R, d->y + 1);
    cairo_stroke(d->cr);
    if (double_) {
        cairo_set_line_width(d->cr, 0.5);
        cairo_move_to(d->cr, MARGIN_L, d->y + 3.2);
        cairo_line_to(d->cr, PAGE_W - MARGIN_R, d->y + 3.2);
        cairo_stroke(d->cr);
    }
    d->y += 5;
    d->fresh = false;
    d->gap = 4;
}

void
pdf_keep(struct pdf *d, double pt)
{
    if (!d || d->rc)
        return;
    need(d, fmax(pt, 0));
}

void
pdf_page_break(struct pdf *d)
{
    if (!d || d->rc)
        return;
    need(d, 0);
    if (!d->fresh)
        new_page(d);
}

/* --- tables -------------------------------------------------------------------------------- */

struct pdf_table *
pdf_table_begin(struct pdf *d, const struct pdf_column *cols, int ncols, double size, int flags)
{
    if (!d || d->rc)
        return NULL;
    if (ncols < 1 || ncols > PDF_MAX_COLS || !cols) {
        fail(d, ZE_INVAL, "a table needs 1 to 16 columns");
        return NULL;
    }
    struct pdf_table *t = xcalloc(1, sizeof *t);
    t->d = d;
    t->n = ncols;
    t->flags = flags;
    t->size = size > 0 ? size : CELL_SIZE;
    t->pad_x = flags & PDF_TABLE_PLAIN ? PAD_PLAIN : PAD_X;
    t->pad_y = flags & PDF_TABLE_PLAIN ? PAD_PLAIN : PAD_Y;
    double sum = 0;
    for (int i = 0; i < ncols; i++)
        sum += cols[i].share > 0 ? cols[i].share : 1;
    double x = MARGIN_L;
    for (int i = 0; i < ncols; i++) {
        t->x[i] = x;
        t->w[i] = TEXT_W * (cols[i].share > 0 ? cols[i].share : 1) / sum;
        t->align[i] = cols[i].align;
        x += t->w[i];
    }
    if (!(flags & PDF_TABLE_PLAIN)) {
        int h = 0;
        for (int i = 0; i < ncols; i++) {
            t->head[i] =
                layout(d, cols[i].title, t->size, PDF_BOLD, PDF_CENTER, t->w[i] - 2 * t->pad_x);
            h = h > height_pu(t->head[i]) ? h : height_pu(t->head[i]);
        }
        t->head_h = pango_units_to_double(h) + 2 * t->pad_y;
    }
    return t;
}

static void
fill_rect(cairo_t *cr, struct rgb c, double x, double y, double w, double h)
{
    set_rgb(cr, c);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
}

static void
frame(struct pdf_table *t, const double *x, const double *w, int n, double y, double h)
{
    if (t->flags & PDF_TABLE_PLAIN)
        return;
    cairo_t *cr = t->d->cr;
    set_rgb(cr, line_ink);
    cairo_set_line_width(cr, 0.5);
    for (int i = 0; i < n; i++)
        cairo_rectangle(cr, x[i], y, w[i], h);
    cairo_stroke(cr);
}

static void
draw_header(struct pdf_table *t)
{
    struct pdf *d = t->d;
    if (t->flags & PDF_TABLE_PLAIN)
        return;
    fill_rect(d->cr, head_fill, MARGIN_L, d->y, TEXT_W, t->head_h);
    set_rgb(d->cr, ink);
    for (int i = 0; i < t->n; i++) {
        /* centred vertically: titles of one line sit level with titles of two */
        double dy = (t->head_h - 2 * t->pad_y - height_pt(t->head[i])) / 2;
        draw_lines(d->cr, t->head[i], t->x[i] + t->pad_x, d->y + t->pad_y + dy, 0, INT_MAX);
    }
    frame(t, t->x, t->w, t->n, d->y, t->head_h);
    d->y += t->head_h;
    d->fresh = false;
}

/* Puts the header on this page (or on a new one, with room for `first` points of the row). */
static void
header_here(struct pdf_table *t, double first)
{
    struct pdf *d = t->d;
    need(d, t->head_h + first);
    if (d->rc)
        return;
    draw_header(t);
    t->page = d->npages;
    t->rows_here = 0;
}

static void
draw_slice(struct pdf_table *t, PangoLayout *const *ls, const double *x, const double *w, int n,
           int from, int to, int flags, double h)
{
    struct pdf *d = t->d;
    if (flags & PDF_ROW_STRONG)
        fill_rect(d->cr, head_fill, MARGIN_L, d->y, TEXT_W, h);
    else if (flags & PDF_ROW_SHADE)
        fill_rect(d->cr, shade_fill, MARGIN_L, d->y, TEXT_W, h);
    else if ((t->flags & PDF_TABLE_ZEBRA) && t->nrows % 2 == 1)
        fill_rect(d->cr, zebra_fill, MARGIN_L, d->y, TEXT_W, h);
    set_rgb(d->cr, ink);
    for (int i = 0; i < n; i++)
        draw_lines(d->cr, ls[i], x[i] + t->pad_x, d->y + t->pad_y, from, to);
    frame(t, x, w, n, d->y, h);
    d->y += h;
    d->fresh = false;
    t->rows_here++;
}

void
pdf_table_row(struct pdf_table *t, const char *const *cells, int flags)
{
    if (!t || t->d->rc)
        return;
    struct pdf *d = t->d;
    bool span = flags & PDF_ROW_SPAN;
    int n = span ? 1 : t->n;
    PangoLayout *ls[PDF_MAX_COLS];
    double x[PDF_MAX_COLS], w[PDF_MAX_COLS];
    int hc = 0;
    for (int i = 0; i < n; i++) {
        x[i] = t->x[i];
        w[i] = span ? TEXT_W : t->w[i];
        ls[i] = layout(d, cells ? cells[i] : NULL, t->size, flags & PDF_ROW_BOLD ? PDF_BOLD : 0,
                       span ? PDF_LEFT : t->align[i], w[i] - 2 * t->pad_x);
        hc = hc > height_pu(ls[i]) ? hc : height_pu(ls[i]);
    }
    double pads = 2 * t->pad_y;
    double full = pango_units_to_double(hc) + pads;
    double room = BOTTOM - MARGIN_T - t->head_h; /* on a page of its own */
    double two = 0;
    for (int i = 0; i < n; i++)
        two = fmax(two, first_lines_pt(ls[i], 2));
    int off = 0;
    while (!d->rc) {
        if (t->page != d->npages) {
            header_here(t, full <= room ? full : two + pads);
            if (d->rc)
                break;
        }
        double avail = BOTTOM - d->y;
        if (pango_units_to_double(hc - off) + pads <= avail + EPS) {
            draw_slice(t, ls, x, w, n, off, INT_MAX, flags, pango_units_to_double(hc - off) + pads);
            break;
        }
        /* a row that fits on a page of its own is not split: it moves */
        if (off == 0 && t->rows_here > 0 && full <= room) {
            new_page(d);
            continue;
        }
        int cut = fit(ls, n, off + (int)((avail - pads) * PANGO_SCALE));
        if (cut <= off) {
            if (t->rows_here > 0) {
                new_page(d);
                continue;
            }
            /* boundary: one line taller than the room under the header */
            cut = off + (int)(fmax(avail - pads, t->size) * PANGO_SCALE);
        }
        draw_slice(t, ls, x, w, n, off, cut, flags, pango_units_to_double(cut - off) + pads);
        off = cut;
        new_page(d);
    }
    t->nrows++;
    for (int i = 0; i < n; i++)
        g_object_unref(ls[i]);
}

void
pdf_table_end(struct pdf_table *t)
{
    if (!t)
        return;
    struct pdf *d = t->d;
    if (!d->rc && t->page == 0 && !(t->flags & PDF_TABLE_PLAIN))
        header_here(t, 0);
    for (int i = 0; i < t->n; i++)
        if (t->head[i])
            g_object_unref(t->head[i]);
    if (!d->rc)
        d->gap = t->flags & PDF_TABLE_PLAIN ? 6 : 10;
    free(t);
}

/* --- QR codes ------------------------------------------------------------------------------ */

struct qr_pen {
    cairo_t *cr;
    double x, y; /* the symbol's top left corner, points */
    double m;    /* one module, points */
};

static void
qr_run_rect(void *ctx, int x, int y, int len)
{
    const struct qr_pen *p = ctx;
    cairo_rectangle(p->cr, p->x + x * p->m, p->y + y * p->m, len * p->m, p->m);
}

/* The dark runs are first collected (their count is not known before encoding), then placed once
 * the module size is: the symbol is drawn in one fill. */
struct qr_runs_list {
    struct buf b; /* int x, y, len triples */
};

static void
qr_collect(void *ctx, int x, int y, int len)
{
    int t[3] = {x, y, len};
    buf_append(&((struct qr_runs_list *)ctx)->b, t, sizeof t);
}

void
pdf_qr(struct pdf *d, const char *text, double size_pt)
{
    if (!d || d->rc)
        return;
    struct qr_runs_list runs = {BUF_INIT};
    int width = 0;
    if (qr_runs(text, qr_collect, &runs, &width) != 0) {
        buf_free(&runs.b);
        fail(d, ZE_INVAL, "the text cannot be put in a QR code (empty or too long)");
        return;
    }
    int side = width + 2 * QR_QUIET;
    /* the module size: as asked, but the symbol with its quiet zone within the column and a page */
    double m = fmin(fmax(size_pt, 1) / width, fmin(TEXT_W, BOTTOM - MARGIN_T) / side);
    need(d, side * m);
    if (!d->rc) {
        struct qr_pen pen = {d->cr, MARGIN_L + (TEXT_W - width * m) / 2, d->y + QR_QUIET * m, m};
        cairo_set_source_rgb(d->cr, 0, 0, 0); /* full black: the most contrast for a camera */
        const int *t = (const int *)(const void *)runs.b.p;
        for (size_t i = 0; i + 3 <= runs.b.len / sizeof(int); i += 3)
            qr_run_rect(&pen, t[i], t[i + 1], t[i + 2]);
        cairo_fill(d->cr);
        d->y += side * m;
        d->fresh = false;
    }
    buf_free(&runs.b);
}

/* --- bar charts ---------------------------------------------------------------------------- */

#define BAR_SIZE  9.0  /* label and value text, points */
#define BAR_H     9.0  /* the bar's thickness */
#define BAR_GAP   8.0  /* between the label, the track and the value */
#define BAR_VALUE 48.0 /* the value column */
#define BAR_LABEL (TEXT_W * 0.36)

/* The x of v on the track [x, x + w] for the axis [min, max], v clamped to the axis. */
static double
bar_x(double v, double min, double max, double x, double w)
{
    return x + (fmin(fmax(v, min), max) - min) / (max - min) * w;
}

/* The value at the n-th gridline (every whole number of the axis, or every k-th whole number when
 * the axis holds more than ten), or NAN past the last one. */
static double
bar_grid(int n, double min, double max)
{
    double step = fmax(1, ceil((max - min) / 10));
    double k = ceil(min) + n * step;
    return k <= max + EPS ? k : NAN;
}

/* Where the axis runs: from *x, *w points wide. */
static void
bar_track(double *x, double *w)
{
    *x = MARGIN_L + BAR_LABEL + BAR_GAP;
    *w = TEXT_W - BAR_LABEL - 2 * BAR_GAP - BAR_VALUE;
}

static void
bar_row(struct pdf *d, const struct pdf_bar *b, double min, double max)
{
    double track_x, track_w;
    bar_track(&track_x, &track_w);
    PangoLayout *lab = layout(d, b->label, BAR_SIZE, 0, PDF_LEFT, BAR_LABEL);
    pango_layout_set_ellipsize(lab, PANGO_ELLIPSIZE_END);
    pango_layout_set_height(lab, -3); /* at most three lines */
    PangoLayout *val = layout(d, b->shown, BAR_SIZE, PDF_BOLD, PDF_RIGHT, BAR_VALUE);
    double h = fmax(height_pt(lab), BAR_H + 3) + 7;
    need(d, h);
    if (!d->rc) {
        cairo_t *cr = d->cr;
        double top = d->y, mid = top + h / 2;
        fill_rect(cr, track_fill, track_x, mid - BAR_H / 2, track_w, BAR_H);
        set_rgb(cr, grid_ink);
        cairo_set_line_width(cr, 0.4);
        double k;
        for (int i = 0; !isnan(k = bar_grid(i, min, max)); i++) {
            double x = bar_x(k, min, max, track_x, track_w);
            cairo_move_to(cr, x, top);
            cairo_line_to(cr, x, top + h);
        }
        cairo_stroke(cr);
        /* boundary: a value equal to min is a bar of no length, below min no bar */
        if (b->value >= min) {
            struct rgb c = {((b->rgb >> 16) & 255) / 255.0, ((b->rgb >> 8) & 255) / 255.0,
                            (b->rgb & 255) / 255.0};
            fill_rect(cr, c, track_x, mid - BAR_H / 2,
                      bar_x(b->value, min, max, track_x, track_w) - track_x, BAR_H);
        }
        set_rgb(cr, ink);
        draw_lines(cr, lab, MARGIN_L, mid - height_pt(lab) / 2, 0, INT_MAX);
        draw_lines(cr, val, MARGIN_L + TEXT_W - BAR_VALUE, mid - height_pt(val) / 2, 0, INT_MAX);
        d->y += h;
        d->fresh = false;
    }
    g_object_unref(lab);
    g_object_unref(val);
}

/* The numbers of the gridlines, beneath the last row. */
static void
bar_axis(struct pdf *d, double min, double max)
{
    double track_x, track_w, k;
    bar_track(&track_x, &track_w);
    need(d, 10);
    if (d->rc)
        return;
    set_rgb(d->cr, grey_ink);
    for (int i = 0; !isnan(k = bar_grid(i, min, max)); i++) {
        char n[32];
        snprintf(n, sizeof n, "%g", k);
        PangoLayout *l = layout(d, n, 7, 0, PDF_CENTER, 30);
        draw_lines(d->cr, l, bar_x(k, min, max, track_x, track_w) - 15, d->y + 1, 0, INT_MAX);
        g_object_unref(l);
    }
    d->y += 10;
}

void
pdf_bars(struct pdf *d, const struct pdf_bar *bars, int n, double min, double max)
{
    if (!d || d->rc)
        return;
    if (!isfinite(max - min) || min >= max || n < 0 || (n > 0 && !bars)) {
        fail(d, ZE_INVAL, "a bar chart needs an axis with min < max and its bars");
        return;
    }
    for (int i = 0; i < n && !d->rc; i++)
        bar_row(d, &bars[i], min, max);
    if (n > 0)
        bar_axis(d, min, max);
    if (!d->rc)
        d->gap = 8;
}
