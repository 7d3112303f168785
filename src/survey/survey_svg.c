/* survey_svg: the survey's pictures for web pages (survey_docs.h), drawn by the server as SVG so
 * a page needs no script: the QR code of a campaign's link and the bar chart of its results.
 *
 * The QR modules come from report/pdf.c, the one place zona encodes QR codes; this file only puts
 * them in an <svg> of the asked size. Every text is escaped with the template engine's escaper,
 * so a label reads as typed and never becomes markup. Only presentation attributes are used (no
 * style attribute, no <style>): the page's Content-Security-Policy allows no inline style.
 *
 * The chart's geometry, in user units of a 640-wide viewBox: a row per bar, the label on a line of
 * its own at the left (so it keeps a readable size when the chart shrinks to 320 px on a phone),
 * under it the bar on a light track and the value at the right; gridlines at the whole numbers of
 * the axis, their numbers at the bottom; the reference mark (the index) dashed, its label on top.
 */
#include <math.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/qr.h"
#include "survey.h"
#include "survey_docs.h"
#include "web/fmt.h"
#include "web/tmpl.h"

#define DASH "\xE2\x80\x93" /* en dash: no data */

enum {
    QR_PX_MIN = 1,
    QR_PX_MAX = 32,
    CH_W = 640,        /* the viewBox's width */
    CH_PAD = 12,       /* left and right */
    CH_VALUE = 90,     /* the value column at the right of the track */
    CH_ROW = 66,       /* one bar: label line, bar line, space */
    CH_LABEL_Y = 24,   /* the label's baseline in its row */
    CH_BAR_Y = 32,     /* the bar's top in its row */
    CH_BAR_H = 22,     /* the bar's thickness */
    CH_VALUE_Y = 51,   /* the value's baseline in its row: level with the bar */
    CH_MARK_TOP = 34,  /* above the rows when a mark's label is drawn */
    CH_TOP = 8,        /* above the rows otherwise */
    CH_AXIS = 30,      /* the axis numbers beneath the rows */
    CH_TEXT = 24,      /* labels and values: 12 px when the chart is 320 px wide */
    CH_SMALL = 20,     /* axis numbers, the mark's label */
    CH_LABEL_MAX = 46, /* characters of a label drawn; the whole label is in the row's <title> */
    CH_MAX_GRID = 10   /* gridlines at most (every k-th whole number on a long axis) */
};

static void
esc(struct buf *out, const char *s)
{
    if (s)
        tmpl_escape(out, s, strlen(s));
}

int
survey_qr_svg(const char *text, int px, const char *label, struct buf *out)
{
    struct buf body = BUF_INIT;
    int side = 0;
    int rc = qr_svg_body(text, &body, &side);
    if (rc == 0) {
        /* boundary: px 1 and 32 are kept as asked, 0 and 33 are moved into the range */
        px = px < QR_PX_MIN ? QR_PX_MIN : px > QR_PX_MAX ? QR_PX_MAX : px;
        buf_printf(out,
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                   "height=\"%d\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"",
                   side, side, side * px, side * px);
        esc(out, label && *label ? label : "QR");
        buf_printf(out, "\">%s</svg>", buf_cstr(&body));
    }
    buf_free(&body);
    return rc;
}

/* The fill of a value's grade band of 14/2017 on the 4-point scale (survey_grade on value × 25:
 * D up to 2.5996, C up to 3.064, B up to 3.532, A above), the one classification zona has, so a
 * bar's colour agrees with the grade printed elsewhere. Dark tones that survive a grey printer. */
static const char *
band_fill(double v)
{
    static const char *const fills[4] = {"#2e7d32", "#1565c0", "#e65100", "#c62828"}; /* A..D */
    return fills[survey_grade(v * 25, NULL) - 'A'];
}

/* s escaped, cut after CH_LABEL_MAX characters with "…". */
static void
esc_short(struct buf *out, const char *s)
{
    if (!s)
        return;
    size_t n = 0, chars = 0;
    for (; s[n]; n++)
        if (((unsigned char)s[n] & 0xC0) != 0x80 && ++chars > CH_LABEL_MAX)
            break;
    tmpl_escape(out, s, n);
    if (s[n])
        buf_puts(out, "\xE2\x80\xA6");
}

/* x of v on the track for the axis [min, max], v clamped to the axis. */
static double
track_x(double v, double min, double max)
{
    double x0 = CH_PAD, w = CH_W - 2 * CH_PAD - CH_VALUE;
    return x0 + (fmin(fmax(v, min), max) - min) / (max - min) * w;
}

/* The value at the n-th gridline, or NAN past the last one. */
static double
grid_at(int n, double min, double max)
{
    double step = fmax(1, ceil((max - min) / CH_MAX_GRID));
    double k = ceil(min) + n * step;
    return k <= max + 1e-9 ? k : NAN;
}

static void
chart_row(struct buf *out, const struct survey_bar *b, double y, double min, double max)
{
    struct buf shown = BUF_INIT;
    bool data = b->value >= min; /* boundary: min itself is data (a bar of no length) */
    if (!data)
        buf_puts(&shown, DASH);
    else if (b->shown)
        buf_puts(&shown, b->shown);
    else /* the value as text all the same: colour is never the only carrier */
        fmt_decimal(&shown, "id", b->value, 2);
    buf_puts(out, "<g><title>");
    esc(out, b->label);
    buf_puts(out, ": ");
    esc(out, buf_cstr(&shown));
    buf_printf(out, "</title><text x=\"%d\" y=\"%.0f\">", CH_PAD, y + CH_LABEL_Y);
    esc_short(out, b->label);
    buf_puts(out, "</text>");
    if (data) {
        double x0 = track_x(min, min, max), x1 = track_x(b->value, min, max);
        const char *fill = band_fill(b->value);
        buf_printf(out,
                   "<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"%d\" fill=\"%s\" "
                   "data-grade=\"%c\"/>",
                   x0, y + CH_BAR_Y, x1 - x0, CH_BAR_H, fill, survey_grade(b->value * 25, NULL));
    }
    buf_printf(out, "<text x=\"%d\" y=\"%.0f\" text-anchor=\"end\" font-weight=\"bold\"%s>",
               CH_W - CH_PAD, y + CH_VALUE_Y, data ? "" : " fill=\"#5f6368\"");
    esc(out, buf_cstr(&shown));
    buf_puts(out, "</text></g>");
    buf_free(&shown);
}

void
survey_chart_svg(const struct survey_chart *ch, struct buf *out)
{
    if (!ch)
        return;
    double min = ch->min, max = ch->max;
    if (!isfinite(max - min) || min >= max) { /* a broken axis still draws: the 4-point one */
        min = 1;
        max = SURVEY_INDEX_SCALE;
    }
    size_t n = ch->bars ? ch->nbars : 0;
    bool mark = ch->mark >= min && ch->mark <= max;
    double top = mark && ch->mark_label && *ch->mark_label ? CH_MARK_TOP : CH_TOP;
    double bottom = top + (double)n * CH_ROW, height = bottom + CH_AXIS;
    const char *title = ch->title ? ch->title : "";

    buf_printf(out,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %.0f\" width=\"100%%\" "
               "class=\"survey-chart\" role=\"img\" aria-label=\"",
               CH_W, height);
    esc(out, title);
    buf_printf(out,
               "\" font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"%d\" "
               "fill=\"#1a1a1e\"><title>",
               CH_TEXT);
    esc(out, title);
    buf_puts(out, "</title>");

    /* under everything: the tracks, then the gridlines across all rows */
    double x0 = track_x(min, min, max), x1 = track_x(max, min, max);
    for (size_t i = 0; i < n; i++)
        buf_printf(out,
                   "<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"%d\" fill=\"#eceff3\"/>",
                   x0, top + (double)i * CH_ROW + CH_BAR_Y, x1 - x0, CH_BAR_H);
    double k;
    for (int i = 0; !isnan(k = grid_at(i, min, max)); i++) {
        double x = track_x(k, min, max);
        buf_printf(out,
                   "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#c4c9d0\"/>"
                   "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\" font-size=\"%d\" "
                   "fill=\"#5f6368\">%g</text>",
                   x, top, x, bottom, x, bottom + CH_SMALL + 2, CH_SMALL, k);
    }

    for (size_t i = 0; i < n; i++)
        chart_row(out, &ch->bars[i], top + (double)i * CH_ROW, min, max);

    if (mark) {
        double x = track_x(ch->mark, min, max);
        /* across the bars only, so it never strikes through a label */
        buf_printf(out, "<path d=\"M%.1f %.0fV%.0f", x, top - 4, top + 2);
        for (size_t i = 0; i < n; i++) {
            double y = top + (double)i * CH_ROW + CH_BAR_Y;
            buf_printf(out, "M%.1f %.0fV%.0f", x, y - 4, y + CH_BAR_H + 4);
        }
        buf_puts(out, "\" stroke=\"#1a1a1e\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>");
        if (ch->mark_label && *ch->mark_label) {
            /* kept inside the picture near either end */
            const char *anchor = x < 140 ? "start" : x > CH_W - 140 ? "end" : "middle";
            buf_printf(out, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"%s\" font-size=\"%d\">", x,
                       top - 12, anchor, CH_SMALL);
            esc(out, ch->mark_label);
            buf_puts(out, "</text>");
        }
    }
    buf_puts(out, "</svg>");
}
