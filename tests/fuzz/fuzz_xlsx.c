/* fuzz_xlsx: .xlsx workbooks from outside (src/report/xlsx_read.c) and the LKE import on them
 * (src/lke/lke_xlsx_in.c), against the shipped framework. Two kinds of input:
 *  - starting with "PK": the bytes are the workbook (zip structure, sizes, compression);
 *  - anything else: the sheet XML, then optionally "\n--sst--\n" and the shared strings XML, then
 *    optionally "\n--styles--\n" and the styles XML, zipped here (stored, with correct CRCs) into
 *    a one-sheet workbook, so that mutations reach the XML and the import instead of dying on a
 *    checksum.
 * A workbook that opens must list at most XLSX_MAX_SHEETS sheets; every cell must lie inside the
 * sheet's limits and hold UTF-8 text of the length it claims; a refusal must say why. An import
 * that succeeds must give answers lke_score accepts, notes that are strings, and problems with a
 * row below or at the number of rows a sheet can have. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/buf.h"
#include "core/err.h"
#include "lke/lke.h"
#include "lke/lke_xlsx_in.h"
#include "report/xlsx_read.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAIN_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define REL_NS  "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static struct lke_framework *framework;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    struct buf err = BUF_INIT;
    (void)argc;
    (void)argv;
    if (lke_framework_shipped(&framework, &err) != 0) {
        fprintf(stderr, "fuzz_xlsx: %s\n", buf_cstr(&err));
        abort();
    }
    buf_free(&err);
    return 0;
}

static const char rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL_NS "/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";
static const char wb[] = "<workbook xmlns=\"" MAIN_NS "\" xmlns:r=\"" REL_NS "\"><sheets>"
                         "<sheet name=\"LKE\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char wb_rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL_NS "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" REL_NS "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" REL_NS "/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";

/* Cuts s[0..*len) at the first sep: the rest goes to *rest, *len becomes the head's length. */
static const char *
cut(const char *s, size_t *len, const char *sep, size_t *rest_len)
{
    size_t k = strlen(sep);
    for (size_t i = 0; i + k <= *len; i++)
        if (memcmp(s + i, sep, k) == 0) {
            *rest_len = *len - i - k;
            *len = i;
            return s + i + k;
        }
    *rest_len = 0;
    return NULL;
}

static void
add(zip_t *z, const char *name, const void *data, size_t len)
{
    zip_source_t *s = zip_source_buffer(z, data, len, 0);
    zip_int64_t i = s ? zip_file_add(z, name, s, ZIP_FL_OVERWRITE) : -1;
    if (i < 0 || zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0) != 0)
        abort();
}

/* Zips the parts of a structured input into memory; returns the bytes (caller frees). */
static uint8_t *
zip_parts(const uint8_t *data, size_t size, size_t *out_len)
{
    size_t sheet_len = size, sst_len = 0, styles_len = 0;
    const char *sst = cut((const char *)data, &sheet_len, "\n--sst--\n", &sst_len);
    const char *styles = NULL;
    if (sst)
        styles = cut(sst, &sst_len, "\n--styles--\n", &styles_len);
    else
        styles = cut((const char *)data, &sheet_len, "\n--styles--\n", &styles_len);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src)
        abort();
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!z)
        abort();
    add(z, "_rels/.rels", rels, sizeof rels - 1);
    add(z, "xl/workbook.xml", wb, sizeof wb - 1);
    add(z, "xl/_rels/workbook.xml.rels", wb_rels, sizeof wb_rels - 1);
    add(z, "xl/worksheets/sheet1.xml", data, sheet_len);
    if (sst)
        add(z, "xl/sharedStrings.xml", sst, sst_len);
    if (styles)
        add(z, "xl/styles.xml", styles, styles_len);
    if (zip_close(z) != 0)
        abort();
    if (zip_source_open(src) != 0 || zip_source_seek(src, 0, SEEK_END) != 0)
        abort();
    zip_int64_t n = zip_source_tell(src);
    if (n <= 0 || zip_source_seek(src, 0, SEEK_SET) != 0)
        abort();
    uint8_t *buf = malloc((size_t)n);
    if (!buf || zip_source_read(src, buf, (zip_uint64_t)n) != n)
        abort();
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    *out_len = (size_t)n;
    return buf;
}

static int
check_cell(void *arg, const struct xlsx_cell *c)
{
    size_t *n = arg;
    if (c->row < 1 || c->row > XLSX_MAX_ROW || c->col < 1 || c->col > XLSX_MAX_COL)
        abort();
    if ((unsigned)c->type > XLSX_DATE || !c->text || strlen(c->text) != c->len)
        abort();
    if (c->len && !utf8_valid(c->text, c->len))
        abort();
    if (c->formula && strlen(c->formula) > XLSX_MAX_TEXT)
        abort();
    if (c->percent && c->type != XLSX_NUMBER)
        abort();
    if (++*n > XLSX_MAX_CELLS)
        abort();
    return 0;
}

static void
read_all(const uint8_t *data, size_t size)
{
    struct xlsx *x = NULL;
    struct buf err = BUF_INIT;
    int rc = xlsx_open_mem(data, size, &x, &err);
    if (rc != 0) {
        if (x || err.len == 0 || (rc != ZE_INVAL && rc != ZE_LIMIT && rc != ZE_NOMEM))
            abort();
        buf_free(&err);
        return;
    }
    size_t nsheets = xlsx_sheet_count(x);
    if (nsheets < 1 || nsheets > XLSX_MAX_SHEETS || xlsx_sheet_name(x, nsheets) != NULL)
        abort();
    for (size_t i = 0; i < nsheets && i < 4; i++) {
        size_t n = 0;
        buf_reset(&err);
        if (!xlsx_sheet_name(x, i))
            abort();
        rc = xlsx_sheet_cells(x, i, check_cell, &n, &err);
        if (rc != 0 && (rc > 0 || err.len == 0))
            abort();
    }
    xlsx_close(x);
    buf_free(&err);
}

static void
import(const uint8_t *data, size_t size)
{
    json_t *out = NULL;
    struct buf err = BUF_INIT;
    int rc = lke_xlsx_import_mem(framework, data, size, &out, &err);
    if (rc != 0) {
        if (out || err.len == 0)
            abort();
        buf_free(&err);
        return;
    }
    json_t *answers = json_object_get(out, "answers"), *notes = json_object_get(out, "notes");
    json_t *problems = json_object_get(out, "problems"), *r = NULL;
    if (!json_is_object(answers) || !json_is_object(notes) || !json_is_array(problems) ||
        !json_is_integer(json_object_get(out, "rows")))
        abort();
    /* what imports also scores */
    if (lke_score(framework, answers, &r, &err) != 0 || !r) {
        fprintf(stderr, "fuzz_xlsx: imported answers do not score: %s\n", buf_cstr(&err));
        abort();
    }
    json_decref(r);
    const char *k;
    json_t *v;
    json_object_foreach(notes, k, v)
    {
        if (!json_is_string(v) || !lke_question(framework, k))
            abort();
    }
    size_t i;
    json_array_foreach(problems, i, v)
    {
        json_int_t row = json_integer_value(json_object_get(v, "row"));
        if (row < 1 || row > XLSX_MAX_ROW || !json_is_string(json_object_get(v, "message")) ||
            !json_is_string(json_object_get(v, "sheet")))
            abort();
    }
    json_decref(out);
    buf_free(&err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!framework)
        LLVMFuzzerInitialize(NULL, NULL);
    if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
        read_all(data, size);
        import(data, size);
        return 0;
    }
    size_t len = 0;
    uint8_t *zipped = zip_parts(data, size, &len);
    read_all(zipped, len);
    import(zipped, len);
    free(zipped);
    return 0;
}
