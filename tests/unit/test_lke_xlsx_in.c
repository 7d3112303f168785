/* Reading workbooks: the generic .xlsx reader (src/report/xlsx_read.c) on workbooks built here
 * part by part, and the LKE import (src/lke/lke_xlsx_in.c) on a workbook LibreOffice saved
 * (tests/unit/data/lke-filled-libreoffice.xlsx, made by make-lke-fixture.py next to it), on
 * hand-made sheets with moved columns and odd answers, and on files that are no workbook. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include "core/buf.h"
#include "core/err.h"
#include "lke/lke.h"
#include "lke/lke_docs.h"
#include "lke/lke_xlsx_in.h"
#include "report/xlsx_read.h"

#define FIXTURE "tests/unit/data/lke-filled-libreoffice.xlsx"
#define MAIN_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define REL_NS  "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG_NS  "http://schemas.openxmlformats.org/package/2006/relationships"

/* ---- building workbooks -------------------------------------------------------------------- */

struct part {
    const char *name;
    const char *data;
    size_t len; /* 0: strlen(data) */
};

/* Writes a zip of the parts to a new temporary file; returns its path (caller frees and
 * unlinks). */
static char *
make_zip(const struct part *parts, size_t n)
{
    char *path = strdup("/tmp/zona-xlsx-test-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    int e = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
    assert_non_null(z);
    for (size_t i = 0; i < n; i++) {
        size_t len = parts[i].len ? parts[i].len : strlen(parts[i].data);
        zip_source_t *s = zip_source_buffer(z, parts[i].data, len, 0);
        assert_non_null(s);
        assert_true(zip_file_add(z, parts[i].name, s, ZIP_FL_OVERWRITE) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    return path;
}

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    char *p = malloc((size_t)n + 1);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return p;
}

static const char pkg_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"" PKG_NS "\">"
    "<Relationship Id=\"rId1\" Type=\"" REL_NS "/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";

static const char one_sheet_wb[] = "<workbook xmlns=\"" MAIN_NS "\" xmlns:r=\"" REL_NS "\"><sheets>"
                                   "<sheet name=\"LKE\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
                                   "</workbook>";

static const char one_sheet_rels[] =
    "<Relationships xmlns=\"" PKG_NS "\">"
    "<Relationship Id=\"rId1\" Type=\"" REL_NS "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" REL_NS "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" REL_NS "/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";

/* A workbook of one sheet "LKE" with the given sheet XML, shared strings and styles (NULL: the
 * part is left out). */
static char *
workbook(const char *sheet, const char *sst, const char *styles)
{
    struct part parts[6] = {
        {"_rels/.rels", pkg_rels, 0},
        {"xl/workbook.xml", one_sheet_wb, 0},
        {"xl/_rels/workbook.xml.rels", one_sheet_rels, 0},
        {"xl/worksheets/sheet1.xml", sheet, 0},
    };
    size_t n = 4;
    if (sst)
        parts[n++] = (struct part){"xl/sharedStrings.xml", sst, 0};
    if (styles)
        parts[n++] = (struct part){"xl/styles.xml", styles, 0};
    return make_zip(parts, n);
}

#define SHEET(rows)   "<worksheet xmlns=\"" MAIN_NS "\"><sheetData>" rows "</sheetData></worksheet>"
#define ROW(r, cells) "<row r=\"" r "\">" cells "</row>"
#define IS(ref, s)    "<c r=\"" ref "\" t=\"inlineStr\"><is><t>" s "</t></is></c>"
#define NUM(ref, v)   "<c r=\"" ref "\"><v>" v "</v></c>"

/* ---- collecting cells ---------------------------------------------------------------------- */

struct got {
    uint32_t row, col;
    enum xlsx_type type;
    char text[64];
    char formula[64];
    bool has_formula, percent;
};

struct cells {
    struct got c[32];
    size_t n;
    int stop_after; /* 0: never */
};

static int
keep(void *arg, const struct xlsx_cell *cell)
{
    struct cells *cs = arg;
    assert_true(cs->n < sizeof cs->c / sizeof cs->c[0]);
    assert_int_equal(strlen(cell->text), cell->len);
    struct got *g = &cs->c[cs->n++];
    *g = (struct got){.row = cell->row,
                      .col = cell->col,
                      .type = cell->type,
                      .has_formula = cell->formula != NULL,
                      .percent = cell->percent};
    snprintf(g->text, sizeof g->text, "%s", cell->text);
    snprintf(g->formula, sizeof g->formula, "%s", cell->formula ? cell->formula : "");
    if (cs->stop_after && (int)cs->n == cs->stop_after)
        return 42;
    return 0;
}

static const struct got *
at(const struct cells *cs, uint32_t row, uint32_t col)
{
    for (size_t i = 0; i < cs->n; i++)
        if (cs->c[i].row == row && cs->c[i].col == col)
            return &cs->c[i];
    fail_msg("no cell at row %u, column %u", row, col);
    return NULL;
}

/* Opens path (from the file, and from memory when mem), walks sheet 0, returns the rc. */
static int
walk(const char *path, bool mem, struct cells *cs, struct buf *err)
{
    struct xlsx *x = NULL;
    char *data = NULL;
    size_t len = 0;
    int rc;
    if (mem) {
        data = slurp(path, &len);
        rc = xlsx_open_mem(data, len, &x, err);
    } else {
        rc = xlsx_open(path, &x, err);
    }
    if (rc == 0)
        rc = xlsx_sheet_cells(x, 0, keep, cs, err);
    xlsx_close(x);
    free(data);
    return rc;
}

/* ---- the reader ---------------------------------------------------------------------------- */

static const char cells_sst[] =
    "<sst xmlns=\"" MAIN_NS "\" count=\"3\" uniqueCount=\"3\">"
    "<si><t>plain</t></si>"
    "<si><r><rPr><b/></rPr><t xml:space=\"preserve\">rich </t></r><r><t>text</t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>"
    "<si><t>line_x000D_break _x005F_x0041_ &amp; &#233;</t></si>"
    "</sst>";

static const char cells_styles[] =
    "<styleSheet xmlns=\"" MAIN_NS "\"><numFmts count=\"2\">"
    "<numFmt numFmtId=\"164\" formatCode=\"0.0&quot;%&quot;\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"[Red]0.00%\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"9\"/></cellStyleXfs>"
    "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"9\"/><xf numFmtId=\"164\"/>"
    "<xf numFmtId=\"165\"/></cellXfs></styleSheet>";

static const char cells_sheet[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" SHEET(
    ROW("1", "<c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
             "<c r=\"C1\" t=\"s\" s=\"1\"><v>2</v></c>")
        ROW("2", IS("A2", "inline") NUM("B2", "85.5") "<c r=\"C2\" t=\"b\"><v>1</v></c>"
                                                      "<c r=\"D2\" t=\"e\"><v>#DIV/0!</v></c>")
            ROW("3",
                "<c r=\"A3\"><f>1+2</f><v>3</v></c>"
                "<c r=\"B3\" t=\"str\"><f>\"a\"&amp;\"b\"</f><v>ab</v></c>"
                "<c r=\"C3\" s=\"1\"><v>0.85</v></c><c r=\"D3\" s=\"2\"><v>5</v></c>"
                "<c r=\"E3\" s=\"3\"><f t=\"shared\" si=\"0\"/><v>0.5</v></c>"
                "<c r=\"AB3\"><v>-1E-3</v></c>") "<row><c><v>7</v></c><c s=\"1\"/><c><v>8</v></c></row>"
                                                 "<row spans=\"1:2\"><c><v>9</v></c><c r=\"XFD5\"><v>10</v></c></row>"
                                                 "<row r=\"9\"><c r=\"B9\" t=\"inlineStr\"><is><r><t>in</t></r><r><t>line "
                                                 "runs</t></r></is></c><c r=\"C9\" t=\"s\"/></row>") "";

static void
reads_every_kind_of_cell(void **state)
{
    (void)state;
    char *path = workbook(cells_sheet, cells_sst, cells_styles);
    for (int mem = 0; mem < 2; mem++) {
        struct cells cs = {0};
        struct buf err = BUF_INIT;
        if (walk(path, mem, &cs, &err) != 0)
            fail_msg("%s", buf_cstr(&err));
        /* shared strings: plain, rich-text runs joined without the phonetic run, escapes */
        assert_int_equal(at(&cs, 1, 1)->type, XLSX_SHARED);
        assert_string_equal(at(&cs, 1, 1)->text, "plain");
        assert_string_equal(at(&cs, 1, 2)->text, "rich text");
        assert_string_equal(at(&cs, 1, 3)->text, "line\rbreak _x0041_ & \xc3\xa9");
        /* a percentage format on a string does not make it a percentage */
        assert_false(at(&cs, 1, 3)->percent);
        assert_int_equal(at(&cs, 2, 1)->type, XLSX_INLINE);
        assert_string_equal(at(&cs, 2, 1)->text, "inline");
        assert_int_equal(at(&cs, 2, 2)->type, XLSX_NUMBER);
        assert_string_equal(at(&cs, 2, 2)->text, "85.5");
        assert_false(at(&cs, 2, 2)->has_formula);
        assert_int_equal(at(&cs, 2, 3)->type, XLSX_BOOL);
        assert_string_equal(at(&cs, 2, 3)->text, "1");
        assert_int_equal(at(&cs, 2, 4)->type, XLSX_ERROR);
        assert_string_equal(at(&cs, 2, 4)->text, "#DIV/0!");
        /* formulas come with their cached value, typed by it */
        assert_int_equal(at(&cs, 3, 1)->type, XLSX_NUMBER);
        assert_string_equal(at(&cs, 3, 1)->text, "3");
        assert_true(at(&cs, 3, 1)->has_formula);
        assert_string_equal(at(&cs, 3, 1)->formula, "1+2");
        assert_int_equal(at(&cs, 3, 2)->type, XLSX_STR);
        assert_string_equal(at(&cs, 3, 2)->text, "ab");
        assert_string_equal(at(&cs, 3, 2)->formula, "\"a\"&\"b\"");
        /* number formats: built-in 9 and a custom "%" are percentages; a quoted "%" is not */
        assert_true(at(&cs, 3, 3)->percent);
        assert_false(at(&cs, 3, 4)->percent);
        assert_true(at(&cs, 3, 5)->percent);
        assert_true(at(&cs, 3, 5)->has_formula);
        assert_string_equal(at(&cs, 3, 5)->formula, "");
        assert_string_equal(at(&cs, 3, 28)->text, "-1E-3");
        /* no r: the row after the last, the column after the last; empty cells still count */
        assert_string_equal(at(&cs, 4, 1)->text, "7");
        assert_string_equal(at(&cs, 4, 3)->text, "8");
        assert_string_equal(at(&cs, 5, 1)->text, "9");
        assert_string_equal(at(&cs, 5, 16384)->text, "10");
        assert_string_equal(at(&cs, 9, 2)->text, "inline runs");
        /* empty and self-closing cells are not reported */
        assert_int_equal(cs.n, 18);
        buf_free(&err);
    }
    unlink(path);
    free(path);
}

static void
follows_relationships_and_prefixes(void **state)
{
    (void)state;
    static const char wb[] =
        "<x:workbook xmlns:x=\"" MAIN_NS "\" xmlns:rel=\"" REL_NS "\"><x:sheets>"
        "<x:sheet name=\"Satu\" sheetId=\"1\" rel:id=\"rId7\"/>"
        "<x:sheet name=\"Dua &amp; tiga\" sheetId=\"2\" rel:id=\"rId8\"/>"
        "<x:sheet name=\"Lost\" sheetId=\"3\" rel:id=\"rId9\"/></x:sheets></x:workbook>";
    static const char rels[] =
        "<Relationships xmlns=\"" PKG_NS "\">"
        "<Relationship Id=\"rId8\" Type=\"" REL_NS "/worksheet\" "
        "Target=\"sheets/../Sheets/b.xml\"/>"
        "<Relationship Id=\"rId7\" Type=\"" REL_NS "/worksheet\" Target=\"/XL/a.xml\"/>"
        "</Relationships>";
    static const char a[] = "<x:worksheet xmlns:x=\"" MAIN_NS "\"><x:sheetData><x:row r=\"2\">"
                            "<x:c r=\"b2\" t=\"inlineStr\"><x:is><x:t>satu</x:t></x:is></x:c>"
                            "</x:row></x:sheetData></x:worksheet>";
    static const char b[] = SHEET(ROW("1", NUM("A1", "2")));
    struct part parts[] = {
        {"_rels/.rels", pkg_rels, 0},
        {"xl/workbook.xml", wb, 0},
        {"xl/_rels/workbook.xml.rels", rels, 0},
        {"xl/a.xml", a, 0},
        {"xl/sheets/b.xml", b, 0},
    };
    char *path = make_zip(parts, sizeof parts / sizeof parts[0]);
    struct xlsx *x = NULL;
    struct buf err = BUF_INIT;
    assert_int_equal(xlsx_open(path, &x, &err), 0);
    assert_int_equal(xlsx_sheet_count(x), 3);
    assert_string_equal(xlsx_sheet_name(x, 0), "Satu");
    assert_string_equal(xlsx_sheet_name(x, 1), "Dua & tiga");
    assert_null(xlsx_sheet_name(x, 3));
    struct cells cs = {0};
    assert_int_equal(xlsx_sheet_cells(x, 0, keep, &cs, &err), 0);
    assert_int_equal(cs.n, 1);
    assert_string_equal(at(&cs, 2, 2)->text, "satu");
    cs.n = 0;
    assert_int_equal(xlsx_sheet_cells(x, 1, keep, &cs, &err), 0);
    assert_string_equal(at(&cs, 1, 1)->text, "2");
    /* a sheet the relationships do not name, and one that is not there */
    assert_int_equal(xlsx_sheet_cells(x, 2, keep, &cs, &err), ZE_INVAL);
    assert_non_null(strstr(buf_cstr(&err), "Lost"));
    buf_reset(&err);
    assert_int_equal(xlsx_sheet_cells(x, 3, keep, &cs, &err), ZE_NOTFOUND);
    xlsx_close(x);
    buf_free(&err);
    unlink(path);
    free(path);
}

/* Opens a one-sheet workbook and walks it; returns the rc, the message in err. */
static int
walk_sheet(const char *sheet, const char *sst, struct cells *cs, struct buf *err)
{
    char *path = workbook(sheet, sst, NULL);
    int rc = walk(path, true, cs, err);
    unlink(path);
    free(path);
    return rc;
}

static void
refuses_damaged_sheets(void **state)
{
    (void)state;
    struct cells cs = {0};
    struct buf err = BUF_INIT;
    /* a DTD, even without entities, and the billion laughs with them */
    assert_int_equal(
        walk_sheet("<!DOCTYPE worksheet><worksheet xmlns=\"" MAIN_NS "\"/>", NULL, &cs, &err),
        ZE_INVAL);
    assert_non_null(strstr(buf_cstr(&err), "document type declaration"));
    buf_reset(&err);
    assert_int_equal(walk_sheet("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
                                "\"&lol;&lol;&lol;&lol;\">]><worksheet xmlns=\"" MAIN_NS
                                "\"><sheetData><row><c t=\"inlineStr\"><is><t>&lol2;</t></is>"
                                "</c></row></sheetData></worksheet>",
                                NULL, &cs, &err),
                     ZE_INVAL);
    assert_int_equal(cs.n, 0);
    buf_reset(&err);
    /* not XML */
    assert_int_equal(walk_sheet(SHEET(ROW("1", "<c r=\"A1\"><v>1</c>")), NULL, &cs, &err),
                     ZE_INVAL);
    assert_non_null(strstr(buf_cstr(&err), "not well-formed"));
    buf_reset(&err);
    /* a shared string that is not there */
    assert_int_equal(walk_sheet(SHEET(ROW("1", "<c r=\"A1\" t=\"s\"><v>1</v></c>")),
                                "<sst xmlns=\"" MAIN_NS "\"><si><t>only</t></si></sst>", &cs, &err),
                     ZE_INVAL);
    assert_non_null(strstr(buf_cstr(&err), "shared string"));
    buf_reset(&err);
    /* past the last row */
    assert_int_equal(
        walk_sheet(SHEET("<row r=\"1048576\"/><row><c><v>1</v></c></row>"), NULL, &cs, &err),
        ZE_LIMIT);
    buf_free(&err);
}

static void
reads_empty_strings(void **state)
{
    (void)state;
    struct cells cs = {0};
    struct buf err = BUF_INIT;
    /* an empty inline string first: its text is "", not what the buffer held before (fuzz_xlsx
     * regress/fuzz_xlsx/empty-inline-string-first) */
    assert_int_equal(walk_sheet(SHEET(ROW("1", "<c r=\"A1\" t=\"inlineStr\"><is/></c>"
                                               "<c r=\"B1\" t=\"inlineStr\"><is><t></t></is></c>"
                                               "<c r=\"C1\" t=\"str\"><f>\"\"</f><v></v></c>")),
                                NULL, &cs, &err),
                     0);
    assert_int_equal(cs.n, 3);
    for (size_t i = 0; i < cs.n; i++)
        assert_string_equal(cs.c[i].text, "");
    buf_free(&err);
}

static void
callback_stops_the_walk(void **state)
{
    (void)state;
    struct cells cs = {.stop_after = 2};
    struct buf err = BUF_INIT;
    assert_int_equal(
        walk_sheet(SHEET(ROW("1", NUM("A1", "1") NUM("B1", "2") NUM("C1", "3"))), NULL, &cs, &err),
        42);
    assert_int_equal(cs.n, 2);
    assert_int_equal(err.len, 0);
    buf_free(&err);
}

static void
refuses_what_is_not_a_workbook(void **state)
{
    (void)state;
    struct xlsx *x = NULL;
    struct buf err = BUF_INIT;
    char path[] = "/tmp/zona-xlsx-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "No,Jawaban\n1,ya\n", 16), 16);
    close(fd);
    assert_int_equal(xlsx_open(path, &x, &err), ZE_INVAL);
    assert_null(x);
    assert_non_null(strstr(buf_cstr(&err), "not an .xlsx workbook"));
    buf_reset(&err);
    assert_int_equal(xlsx_open_mem("PK\x03\x04", 4, &x, &err), ZE_INVAL);
    assert_int_equal(xlsx_open_mem("", 0, &x, &err), ZE_INVAL);
    buf_reset(&err);
    unlink(path);
    assert_int_equal(xlsx_open(path, &x, &err), ZE_IO);
    buf_reset(&err);
    /* a zip, but of something else */
    struct part other[] = {{"word/document.xml", "<document/>", 0}};
    char *zp = make_zip(other, 1);
    assert_int_equal(xlsx_open(zp, &x, &err), ZE_INVAL);
    assert_non_null(strstr(buf_cstr(&err), "no workbook part"));
    buf_reset(&err);
    unlink(zp);
    free(zp);
    /* a workbook without sheets */
    struct part empty[] = {
        {"xl/workbook.xml", "<workbook xmlns=\"" MAIN_NS "\"><sheets/></workbook>", 0}};
    zp = make_zip(empty, 1);
    assert_int_equal(xlsx_open(zp, &x, &err), ZE_INVAL);
    assert_non_null(strstr(buf_cstr(&err), "no sheets"));
    unlink(zp);
    free(zp);
    buf_free(&err);
}

static int
count(void *arg, const struct xlsx_cell *cell)
{
    (void)cell;
    (*(size_t *)arg)++;
    return 0;
}

static void
caps_part_size_and_cells(void **state)
{
    (void)state;
    struct cells cs = {0};
    struct buf err = BUF_INIT;
    /* boundary: a sheet one byte over XLSX_MAX_PART once inflated (a zip bomb: ~64 KiB packed) */
    size_t big = (size_t)XLSX_MAX_PART + 1;
    char *bomb = malloc(big);
    assert_non_null(bomb);
    memset(bomb, ' ', big);
    static const char head[] = "<worksheet xmlns=\"" MAIN_NS "\"><sheetData>";
    memcpy(bomb, head, sizeof head - 1);
    struct part parts[] = {
        {"_rels/.rels", pkg_rels, 0},
        {"xl/workbook.xml", one_sheet_wb, 0},
        {"xl/_rels/workbook.xml.rels", one_sheet_rels, 0},
        {"xl/worksheets/sheet1.xml", bomb, big},
    };
    char *path = make_zip(parts, 4);
    free(bomb);
    assert_int_equal(walk(path, false, &cs, &err), ZE_LIMIT);
    assert_non_null(strstr(buf_cstr(&err), "larger than 64 MiB"));
    buf_reset(&err);
    unlink(path);
    free(path);

    /* boundary: one cell more than XLSX_MAX_CELLS */
    struct buf sheet = BUF_INIT;
    buf_puts(&sheet, head);
    for (int r = 0; r <= XLSX_MAX_CELLS / 64; r++) {
        buf_puts(&sheet, "<row>");
        for (int c = 0; c < 64; c++)
            buf_puts(&sheet, "<c><v>1</v></c>");
        buf_puts(&sheet, "</row>");
    }
    buf_puts(&sheet, "</sheetData></worksheet>");
    struct xlsx *x = NULL;
    path = workbook(sheet.p, NULL, NULL);
    buf_free(&sheet);
    assert_int_equal(xlsx_open(path, &x, &err), 0);
    size_t n = 0;
    assert_int_equal(xlsx_sheet_cells(x, 0, count, &n, &err), ZE_LIMIT);
    assert_int_equal(n, XLSX_MAX_CELLS);
    assert_non_null(strstr(buf_cstr(&err), "more than 1048576 cells"));
    xlsx_close(x);
    unlink(path);
    free(path);
    buf_free(&err);
}

static void
parses_references_and_numbers(void **state)
{
    (void)state;
    uint32_t r, c;
    assert_int_equal(xlsx_ref_parse("A1", 2, &r, &c), 0);
    assert_true(r == 1 && c == 1);
    assert_int_equal(xlsx_ref_parse("ab12", 4, &r, &c), 0);
    assert_true(r == 12 && c == 28);
    /* boundary: XFD1048576 is the last cell */
    assert_int_equal(xlsx_ref_parse("XFD1048576", 10, &r, &c), 0);
    assert_true(r == 1048576 && c == 16384);
    assert_int_equal(xlsx_ref_parse("XFE1", 4, &r, &c), ZE_INVAL);
    assert_int_equal(xlsx_ref_parse("A1048577", 8, &r, &c), ZE_INVAL);
    assert_int_equal(xlsx_ref_parse("A0", 2, &r, &c), ZE_INVAL);
    assert_int_equal(xlsx_ref_parse("A01", 3, &r, &c), ZE_INVAL);
    assert_int_equal(xlsx_ref_parse("AAAA1", 5, &r, &c), ZE_INVAL);
    assert_int_equal(xlsx_ref_parse("12", 2, &r, &c), ZE_INVAL);
    assert_int_equal(xlsx_ref_parse("B", 1, &r, &c), ZE_INVAL);
    assert_int_equal(xlsx_ref_parse("$A$1", 4, &r, &c), ZE_INVAL);
    double d;
    assert_int_equal(xlsx_number("85", &d), 0);
    assert_true(d == 85);
    assert_int_equal(xlsx_number("-1.5E-3", &d), 0);
    assert_true(d == -0.0015);
    assert_int_equal(xlsx_number(".5", &d), 0);
    assert_int_equal(xlsx_number("1e999", &d), ZE_INVAL);
    assert_int_equal(xlsx_number("1,5", &d), ZE_INVAL);
    assert_int_equal(xlsx_number(" 1", &d), ZE_INVAL);
    assert_int_equal(xlsx_number("", &d), ZE_INVAL);
    assert_int_equal(xlsx_number(".", &d), ZE_INVAL);
    assert_int_equal(xlsx_number("nan", &d), ZE_INVAL);
}

/* ---- the LKE import ------------------------------------------------------------------------ */

static struct lke_framework *
shipped(void)
{
    struct lke_framework *f = NULL;
    struct buf err = BUF_INIT;
    if (lke_framework_shipped(&f, &err) != 0)
        fail_msg("%s", buf_cstr(&err));
    buf_free(&err);
    return f;
}

static struct lke_framework *
mini(void)
{
    json_error_t e;
    json_t *d = json_load_file("tests/unit/data/lke-mini.json", 0, &e);
    if (!d)
        fail_msg("tests/unit/data/lke-mini.json:%d: %s", e.line, e.text);
    struct lke_framework *f = NULL;
    struct buf err = BUF_INIT;
    if (lke_framework_load(d, &f, &err) != 0)
        fail_msg("%s", buf_cstr(&err));
    json_decref(d);
    buf_free(&err);
    return f;
}

static void
assert_json(json_t *got, const char *want)
{
    json_error_t e;
    json_t *w = json_loads(want, 0, &e);
    if (!w)
        fail_msg("bad expectation: %s", e.text);
    if (!json_equal(got, w)) {
        char *g = json_dumps(got, JSON_SORT_KEYS | JSON_INDENT(1));
        char *x = json_dumps(w, JSON_SORT_KEYS | JSON_INDENT(1));
        print_error("got:\n%s\nwant:\n%s\n", g, x);
        free(g);
        free(x);
        json_decref(w);
        fail();
    }
    json_decref(w);
}

static void
imports_what_libreoffice_saved(void **state)
{
    (void)state;
    struct lke_framework *f = shipped();
    struct buf err = BUF_INIT;
    json_t *out = NULL;
    if (lke_xlsx_import(f, FIXTURE, &out, &err) != 0)
        fail_msg("%s", buf_cstr(&err));
    /* lower case and padded answers normalised; the row without its No found by its text; the
     * percentage from its input rows, not from its formula; 85% as 85; "3,62" as 3.62 */
    assert_json(
        json_object_get(out, "answers"),
        "{\"pemenuhan.1.i.a\": \"ya\", \"pemenuhan.1.i.b\": \"B\","
        " \"pemenuhan.1.ii.a\": \"tidak\", \"pemenuhan.1.iv.a\": \"ya\","
        " \"pemenuhan.3.i.a\": \"ya\", \"pemenuhan.3.i.c\": \"tidak\","
        " \"reform.1.i.a\": {\"inputs\": {\"agen_perubahan\": 10, \"perubahan_dibuat\": 8}},"
        " \"reform.6.i.b\": 85, \"hasil.1.a\": 3.62, \"hasil.1.b\": \"A\","
        " \"hasil.2.a\": 3.5}");
    /* notes with their rich-text runs joined and their line breaks kept */
    assert_json(json_object_get(out, "notes"),
                "{\"pemenuhan.1.i.a\": \"SK Tim Kerja sudah ditetapkan\","
                " \"pemenuhan.1.i.b\": \"Sudah lengkap\","
                " \"pemenuhan.1.ii.c\": \"Menunggu dokumen sosialisasi\","
                " \"hasil.1.b\": \"Baris satu\\nBaris dua\"}");
    assert_json(json_object_get(out, "problems"),
                "[{\"sheet\": \"LKE Klungkung\", \"row\": 14, \"code\": \"pemenuhan.1.ii.b\","
                "  \"message\": \"answer is not one of the options\"},"
                " {\"sheet\": \"LKE Klungkung\", \"row\": 16, \"code\": \"pemenuhan.1.ii.z\","
                "  \"message\": \"unknown question code\"}]");
    /* 13 question rows (one found by its text) and 4 input rows */
    assert_int_equal(json_integer_value(json_object_get(out, "rows")), 17);
    /* what is imported scores */
    json_t *r = NULL;
    assert_int_equal(lke_score(f, json_object_get(out, "answers"), &r, &err), 0);
    json_decref(r);
    json_decref(out);

    /* the same bytes from memory */
    size_t len;
    char *data = slurp(FIXTURE, &len);
    assert_int_equal(lke_xlsx_import_mem(f, data, len, &out, &err), 0);
    assert_int_equal(json_array_size(json_object_get(out, "problems")), 2);
    json_decref(out);
    free(data);
    lke_framework_free(f);
    buf_free(&err);
}

static json_t *
import_sheet(const struct lke_framework *f, const char *sheet)
{
    char *path = workbook(sheet, NULL, NULL);
    json_t *out = NULL;
    struct buf err = BUF_INIT;
    if (lke_xlsx_import(f, path, &out, &err) != 0)
        fail_msg("%s", buf_cstr(&err));
    unlink(path);
    free(path);
    buf_free(&err);
    return out;
}

static void
finds_moved_columns_and_names_each_problem(void **state)
{
    (void)state;
    struct lke_framework *f = mini();
    /* A Catatan, B Jawaban, C No, D Penilaian, E a column of the unit's own */
    json_t *out = import_sheet(
        f,
        SHEET(ROW("1", IS("A1", "LKE")) ROW(
            "3", IS("A3", "Catatan") IS("B3", " jawaban ") IS("C3", "NO") IS("D3", "Penilaian")
                     IS("E3", "Keterangan")) ROW("4", IS("A4", "n1") IS("B4", "yes")
                                                          IS("C4", "pemenuhan.1.i.a"))
                  ROW("5", IS("B5", "C.") IS("C5", "Pemenuhan.1.I.B"))
                      ROW("6", IS("B6", "85,5 %") IS("C6", "pemenuhan.1.i.c")) ROW(
                          "7", "<c r=\"B7\"><f>1/0</f><v>0</v></c>" IS("C7", "reform.1.i.a"))
                          ROW("8", NUM("B8", "4") IS("C8", "reform.1.i.a:lalu")) ROW(
                              "9", IS("B9", "1.250") IS("C9", "reform.1.i.a:kini"))
                              ROW("10", IS("B10", "3,625") IS("C10", "hasil.1.a"))
                                  ROW("11", NUM("B11", "5") IS("C11", "hasil.2.a")) ROW(
                                      "12",
                                      "<c r=\"B12\" t=\"e\"><v>#N/A</v></c>" IS("C12", "hasil.1.b"))
                                      ROW("13", IS("B13", "tidak") IS("C13", "pemenuhan.1.i.a"))
                                          ROW("14",
                                              NUM("B14", "3") IS("C14", "reform.1.i.a:sekarang"))
                                              ROW("15", IS("C15", "Hasil.9")) ROW(
                                                  "16", IS("B16", "ya") IS("D16", "Tidak relevan"))
                                                  ROW("17", IS("C17", "1") IS("D17", "Bagian satu"))
                                                      ROW("18",
                                                          IS("B18", "x") IS("C18", "pemenuhan.1"))
                                                          ROW("19", IS("C19", "pengungkit"))));
    assert_json(json_object_get(out, "answers"),
                "{\"pemenuhan.1.i.a\": \"ya\", \"pemenuhan.1.i.b\": \"C\","
                " \"pemenuhan.1.i.c\": 85.5, \"hasil.1.a\": 3.625}");
    assert_json(json_object_get(out, "notes"), "{\"pemenuhan.1.i.a\": \"n1\"}");
    assert_json(json_object_get(out, "problems"),
                "[{\"sheet\": \"LKE\", \"row\": 9, \"code\": \"reform.1.i.a:kini\","
                "  \"message\": \"number is ambiguous: write it without a thousands separator\"},"
                " {\"sheet\": \"LKE\", \"row\": 9, \"code\": \"reform.1.i.a\","
                "  \"message\": \"an input of this percentage is missing\"},"
                " {\"sheet\": \"LKE\", \"row\": 11, \"code\": \"hasil.2.a\","
                "  \"message\": \"survey index is out of range\"},"
                " {\"sheet\": \"LKE\", \"row\": 12, \"code\": \"hasil.1.b\","
                "  \"message\": \"answer cell holds a spreadsheet error\"},"
                " {\"sheet\": \"LKE\", \"row\": 13, \"code\": \"pemenuhan.1.i.a\","
                "  \"message\": \"question appears more than once\"},"
                " {\"sheet\": \"LKE\", \"row\": 14, \"code\": \"reform.1.i.a:sekarang\","
                "  \"message\": \"unknown input of a percentage\"},"
                " {\"sheet\": \"LKE\", \"row\": 15, \"code\": \"hasil.9\","
                "  \"message\": \"unknown question code\"},"
                " {\"sheet\": \"LKE\", \"row\": 16, \"code\": null,"
                "  \"message\": \"row has an answer but no question code\"}]");
    json_decref(out);
    lke_framework_free(f);
}

static void
matches_rows_by_text_without_codes(void **state)
{
    (void)state;
    struct lke_framework *f = mini();
    /* the English export's headers, no No column: questions and input labels by their text */
    json_t *out = import_sheet(
        f, SHEET(ROW("2", IS("A2", "Assessment") IS("B2", "Answer") IS("C2", "Notes")) ROW(
               "3", IS("A3", "Area satu")) ROW("4", IS("A4", "  ya  atau TIDAK ") IS("B4", "Y")
                                                        IS("C4", "ok"))
                     ROW("5", IS("A5", "Fewer violations") "<c r=\"B5\"><f>x</f><v>0</v></c>") ROW(
                         "6", IS("A6", "Tahun lalu") NUM("B6", "10"))
                         ROW("7", IS("A7", "Tahun ini") NUM("B7", "4") IS("C7", "turun")) ROW(
                             "8", IS("A8", "Persen") IS("B8", "120%")) ROW("9", IS("A9", "Pilihan")
                                                                                    NUM("B9", "1"))
                             ROW("10", IS("A10", "Something else") IS("B10", "ya"))
                                 ROW("11", IS("A11", "IPAK") "<c r=\"B11\" t=\"b\"><v>1</v></c>")));
    assert_json(json_object_get(out, "answers"),
                "{\"pemenuhan.1.i.a\": \"ya\", \"pemenuhan.1.i.c\": 120,"
                " \"reform.1.i.a\": {\"inputs\": {\"lalu\": 10, \"kini\": 4}}}");
    assert_json(json_object_get(out, "notes"),
                "{\"pemenuhan.1.i.a\": \"ok\", \"reform.1.i.a\": \"turun\"}");
    assert_json(json_object_get(out, "problems"),
                "[{\"sheet\": \"LKE\", \"row\": 9, \"code\": \"pemenuhan.1.i.b\","
                "  \"message\": \"answer is not one of the options\"},"
                " {\"sheet\": \"LKE\", \"row\": 10, \"code\": null,"
                "  \"message\": \"row has an answer but no question code\"},"
                " {\"sheet\": \"LKE\", \"row\": 11, \"code\": \"hasil.1.a\","
                "  \"message\": \"answer is not a number\"}]");
    assert_int_equal(json_integer_value(json_object_get(out, "rows")), 7);
    json_decref(out);
    lke_framework_free(f);
}

static void
refuses_workbooks_without_an_lke_sheet(void **state)
{
    (void)state;
    struct lke_framework *f = mini();
    struct buf err = BUF_INIT;
    json_t *out = NULL;
    /* a lone "Jawaban" is not a header row; "No" and "Jawaban" in different rows neither */
    char *path =
        workbook(SHEET(ROW("1", IS("A1", "Jawaban")) ROW("2", IS("B2", "No"))), NULL, NULL);
    assert_int_equal(lke_xlsx_import(f, path, &out, &err), ZE_INVAL);
    assert_null(out);
    assert_non_null(strstr(buf_cstr(&err), "no LKE sheet"));
    unlink(path);
    free(path);
    buf_reset(&err);
    /* not a workbook at all */
    assert_int_equal(lke_xlsx_import(f, "tests/unit/data/lke-mini.json", &out, &err), ZE_INVAL);
    assert_null(out);
    assert_non_null(strstr(buf_cstr(&err), "not an .xlsx workbook"));
    buf_reset(&err);
    assert_int_equal(lke_xlsx_import_mem(f, "PK", 2, &out, &err), ZE_INVAL);
    assert_true(err.len > 0);
    buf_free(&err);
    lke_framework_free(f);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_every_kind_of_cell),
        cmocka_unit_test(follows_relationships_and_prefixes),
        cmocka_unit_test(refuses_damaged_sheets),
        cmocka_unit_test(reads_empty_strings),
        cmocka_unit_test(callback_stops_the_walk),
        cmocka_unit_test(refuses_what_is_not_a_workbook),
        cmocka_unit_test(caps_part_size_and_cells),
        cmocka_unit_test(parses_references_and_numbers),
        cmocka_unit_test(imports_what_libreoffice_saved),
        cmocka_unit_test(finds_moved_columns_and_names_each_problem),
        cmocka_unit_test(matches_rows_by_text_without_codes),
        cmocka_unit_test(refuses_workbooks_without_an_lke_sheet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
