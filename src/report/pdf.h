/* pdf: a small document writer over cairo and pango. A4 portrait pages with margins; headings that
 * stay with what follows them; wrapped and justified paragraphs; list items with a hanging label;
 * tables with column shares, wrapped cells, right-aligned numbers, shaded rows and a header row
 * that is repeated after every page break; QR codes and horizontal bar charts; and on every page a
 * footer "Halaman N dari M" (or "Page N of M"). Pages break by themselves.
 *
 * Every page is first drawn onto a cairo recording surface; pdf_close() knows the page count and
 * replays the pages into the PDF, each with its footer, so N of M is exact without laying out the
 * document twice. Text is always plain text (never pango markup), so what a user typed is drawn as
 * typed; invalid UTF-8 is repaired and a text longer than PDF_TEXT_MAX bytes is cut with "…".
 * Font: DejaVu Sans (fonts-dejavu-core), through fontconfig.
 *
 * Errors are sticky (as SQLite's mallocFailed): the drawing calls return nothing and do nothing
 * once something failed; pdf_close() reports the first failure. One struct pdf belongs to one
 * thread; separate documents may be written on separate threads (each has its own pango font map).
 */
#ifndef ZONA_REPORT_PDF_H
#define ZONA_REPORT_PDF_H

#include <stdbool.h>

struct buf;

enum {
    PDF_TEXT_MAX = 32768, /* bytes of one text (paragraph, cell); the rest is cut */
    PDF_MAX_PAGES = 2000, /* more is ZE_LIMIT */
    PDF_MAX_COLS = 16     /* columns of one table */
};

enum pdf_align { PDF_LEFT, PDF_CENTER, PDF_RIGHT, PDF_JUSTIFY };

/* Font flags of a pdf_style or a table row. */
enum { PDF_BOLD = 1, PDF_ITALIC = 2, PDF_UNDERLINE = 4 };

struct pdf_meta {
    const char *title;    /* PDF Title, also the first outline entry's document */
    const char *author;   /* PDF Author */
    const char *subject;  /* PDF Subject (may be NULL) */
    const char *keywords; /* PDF Keywords (may be NULL) */
    const char *footer;   /* small text at the left of every footer (may be NULL) */
    const char *lang;     /* "en": "Page N of M"; anything else: "Halaman N dari M" */
};

struct pdf_style {
    double size;          /* points; 0: the body size (10 pt) */
    int font;             /* PDF_BOLD | PDF_ITALIC | PDF_UNDERLINE */
    enum pdf_align align; /* within [indent, indent + width] */
    double indent;        /* points from the left margin */
    double width;         /* points; 0: up to the right margin */
    double after;         /* space after, points (dropped at the top of a page) */
};

struct pdf;

/* Starts a document that pdf_close() writes to path. The file is created (truncated) now, so an
 * unwritable path fails here: ZE_IO with the reason in err and *out NULL. meta's strings are
 * copied. On success *out is owned by the caller until pdf_close() or pdf_abandon(). */
int pdf_open(const char *path, const struct pdf_meta *meta, struct pdf **out, struct buf *err);
/* Lays out the footers, writes the PDF and frees d. Returns 0, or the first error (ZE_IO: the
 * file could not be written; ZE_LIMIT: more than PDF_MAX_PAGES pages; ZE_INVAL: a bad table)
 * with the reason in err; on error the partial file is removed. NULL-safe (returns 0). */
int pdf_close(struct pdf *d, struct buf *err);
/* Frees d and removes the file it had started. NULL-safe. */
void pdf_abandon(struct pdf *d);

/* Width of the text column between the margins, points. */
double pdf_text_width(const struct pdf *d);

/* Text in the given style (NULL: body text, left-aligned, 6 pt after). */
void pdf_text(struct pdf *d, const struct pdf_style *st, const char *text);
/* A justified body paragraph. */
void pdf_paragraph(struct pdf *d, const char *text);
/* A heading: level 1 (11.5 pt bold) or 2 (10 pt bold). It is drawn together with the beginning of
 * whatever comes next, never alone at the foot of a page, and becomes a PDF outline entry. */
void pdf_heading(struct pdf *d, int level, const char *text);
/* A list item: label ("1.", "a.", "•") at indent points, text wrapped beside it. */
void pdf_item(struct pdf *d, double indent, const char *label, const char *text);
/* Vertical space, points (dropped at the top of a page). */
void pdf_space(struct pdf *d, double pt);
/* A horizontal rule across the text column; twice (a letterhead's thick-thin line) if double_. */
void pdf_rule(struct pdf *d, bool double_);
/* Starts a new page unless at least pt points are left on this one (to keep a block together). */
void pdf_keep(struct pdf *d, double pt);
/* Starts a new page unless the current one is still empty. */
void pdf_page_break(struct pdf *d);

/* Tables. */
struct pdf_column {
    const char *title;    /* header text ("\n" allowed) */
    double share;         /* relative width; the shares are scaled to the text column */
    enum pdf_align align; /* of the body cells (the header is centred) */
};
enum {
    PDF_TABLE_PLAIN = 1, /* no header, no borders (a label/value block) */
    PDF_TABLE_ZEBRA = 2  /* every other body row lightly shaded */
};
enum {
    PDF_ROW_BOLD = 1,   /* bold text */
    PDF_ROW_SHADE = 2,  /* light shading (a group row) */
    PDF_ROW_STRONG = 4, /* the header's shading (a total row) */
    PDF_ROW_SPAN = 8    /* cells[0] spans the whole row */
};

struct pdf_table;

/* Begins a table of ncols (1..PDF_MAX_COLS) columns in size-point text (0: 9 pt). Nothing is
 * drawn before the first row, which comes with the header. Returns NULL (and sets the sticky
 * error to ZE_INVAL for a bad column count) when nothing can be drawn; the row and end calls
 * accept NULL. */
struct pdf_table *pdf_table_begin(struct pdf *d, const struct pdf_column *cols, int ncols,
                                  double size, int flags);
/* One row: cells[0..ncols) (NULL cells are empty; with PDF_ROW_SPAN only cells[0] is read). A row
 * that does not fit moves to the next page under a repeated header; a row taller than a page is
 * split between lines. */
void pdf_table_row(struct pdf_table *t, const char *const *cells, int flags);
/* Ends and frees the table (a table without rows still shows its header). */
void pdf_table_end(struct pdf_table *t);

/* A QR code of text (core/qr.h), black, centred in the text column: the symbol is size_pt points
 * wide (less when the symbol with its quiet zone would not fit the text column or a page), and its
 * quiet zone is left white above, below and beside it. Text that cannot be encoded (empty, or too
 * long for a QR code) is the sticky error ZE_INVAL. */
void pdf_qr(struct pdf *d, const char *text, double size_pt);

/* One bar of pdf_bars. */
struct pdf_bar {
    const char *label; /* at the left ("U3 Waktu penyelesaian"); at most 3 lines, then "…" */
    double value;      /* on [min, max] (clamped); below min or NaN: no bar */
    const char *shown; /* the value as text at the right ("3,52", "–"); NULL: none */
    unsigned rgb;      /* the bar's colour, 0xRRGGBB */
};
/* A horizontal bar chart across the text column: a row per bar with its label at the left, the
 * bar on a light track from min to max and its shown text at the right (label and value read on
 * one line), light gridlines at each whole number of the axis (at most about ten) and their
 * numbers beneath the last row. A row is never split; the chart breaks between rows. A bad axis
 * (min >= max, not finite) or n < 0 or no bars for n > 0 is the sticky error ZE_INVAL. */
void pdf_bars(struct pdf *d, const struct pdf_bar *bars, int n, double min, double max);

#endif
