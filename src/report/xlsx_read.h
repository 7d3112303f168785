/* xlsx_read: a small reader of .xlsx workbooks (Office Open XML spreadsheets, as Excel and
 * LibreOffice save them) on libzip and expat. It lists the sheets and walks one sheet's cells with
 * their values as the file caches them: it evaluates no formula and reads no style beyond "this
 * number is shown as a percentage". The file is untrusted: every part is read through a size cap
 * and a budget for the whole workbook (a zip bomb stops there), cells and shared strings are
 * counted, DTDs are refused (no entity expansion), and a damaged file is an error, never a crash.
 * Merged cells, column widths, drawings and the rest of a sheet are ignored. */
#ifndef ZONA_REPORT_XLSX_READ_H
#define ZONA_REPORT_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

/* Opaque handle on an open workbook. */
struct xlsx;

enum {
    XLSX_MAX_PART = 64 << 20,   /* bytes of one uncompressed part (a sheet, the shared strings) */
    XLSX_MAX_TOTAL = 256 << 20, /* bytes of all the parts read through one handle */
    XLSX_MAX_CELLS = 1 << 20,   /* cells with a value in one sheet */
    XLSX_MAX_STRINGS = 1 << 20, /* shared strings */
    XLSX_MAX_TEXT = 1 << 20,    /* bytes of one string, value or formula */
    XLSX_MAX_SHEETS = 1024,     /* sheets listed in the workbook */
    XLSX_MAX_STYLES = 1 << 16,  /* cell formats (cellXfs) */
    XLSX_MAX_ROW = 1048576,     /* rows of a sheet, as in Excel */
    XLSX_MAX_COL = 16384        /* columns (A to XFD) */
};

/* What a cell holds. A formula cell has the type of its cached value and a non-NULL formula. */
enum xlsx_type {
    XLSX_SHARED, /* a string from the shared string table (t="s") */
    XLSX_INLINE, /* an inline string (t="inlineStr", <is><t>…</t></is>) */
    XLSX_NUMBER, /* a number, its text as written ("85", "0.85", "1E-3") */
    XLSX_BOOL,   /* "1" or "0" */
    XLSX_ERROR,  /* an error value: "#DIV/0!", "#REF!", … */
    XLSX_STR,    /* a formula's string result (t="str"), or a type this reader does not know */
    XLSX_DATE    /* an ISO 8601 date (t="d"), its text as written */
};

struct xlsx_cell {
    uint32_t row; /* 1-based */
    uint32_t col; /* 1-based: A = 1, AB = 28 */
    enum xlsx_type type;
    const char *text;    /* UTF-8 without NUL bytes, NUL-terminated; see xlsx_sheet_cells */
    size_t len;          /* bytes of text */
    const char *formula; /* the <f> text without "=", "" for a shared formula's follower, or NULL */
    bool percent;        /* the cell's number format shows a percentage: 0.85 appears as 85% */
};

/* Called for each cell that holds a value (a <v> or an <is>), in the order of the file. Return 0
 * to go on; any other value stops the walk, and xlsx_sheet_cells returns it. */
typedef int (*xlsx_cell_fn)(void *arg, const struct xlsx_cell *cell);

/* Opens the workbook at path and reads its list of sheets. On success *out is a handle the caller
 * frees with xlsx_close. Returns 0; ZE_IO when the file cannot be read; ZE_INVAL when it is not
 * an .xlsx workbook (not a zip archive, no workbook part, a damaged part); ZE_LIMIT when a part
 * is larger than the caps above. The reason, in English, is appended to err. Not thread-safe per
 * handle; separate handles may be used by separate threads. */
int xlsx_open(const char *path, struct xlsx **out, struct buf *err);

/* The same from len bytes in memory, which stay borrowed (unchanged, not freed) until
 * xlsx_close. */
int xlsx_open_mem(const void *data, size_t len, struct xlsx **out, struct buf *err);

/* Frees the handle; accepts NULL. */
void xlsx_close(struct xlsx *x);

/* The number of sheets, and the name of sheet i (0-based, in the workbook's tab order; NULL when
 * i is out of range). The name lives as long as the handle. */
size_t xlsx_sheet_count(const struct xlsx *x);
const char *xlsx_sheet_name(const struct xlsx *x, size_t i);

/* Walks the cells of sheet i, calling fn(arg, cell) for each cell with a value. A cell's position
 * comes from its r attribute ("AB12"), or, when that is missing or malformed, from its place: the
 * row after the previous row, the column after the previous cell. Strings have their _xHHHH_
 * escapes decoded; rich-text runs are joined; phonetic runs (<rPh>) are left out. The cell and its
 * texts are valid during the call only, except the text of an XLSX_SHARED cell, which lives as
 * long as the handle. The shared strings and the number formats are read on the first call.
 * Returns 0 after the last cell; fn's non-zero value when it stopped the walk; ZE_NOTFOUND when
 * there is no sheet i; ZE_INVAL when the sheet or the shared strings are damaged (bad XML, a DTD,
 * a shared string index out of range); ZE_LIMIT beyond a cap. The reason is appended to err. */
int xlsx_sheet_cells(struct xlsx *x, size_t i, xlsx_cell_fn fn, void *arg, struct buf *err);

/* Reads a number cell's value (XLSX_NUMBER, or a formula's number): the whole text must be a
 * decimal number in the file's syntax ("-1.5E-3"), finite. Locale-independent. Returns 0 or
 * ZE_INVAL. */
int xlsx_number(const char *text, double *out);

/* Parses a cell reference such as "B7" or "xfd1048576" into a 1-based row and column. Returns 0,
 * or ZE_INVAL when s[0..len) is not one within the limits above. */
int xlsx_ref_parse(const char *s, size_t len, uint32_t *row, uint32_t *col);

#endif
