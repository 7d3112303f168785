/* The survey exports (src/survey/survey_export.c): the responses CSV exactly as written for a
 * small campaign, no formula getting through, no comment leaving before a moderator approved it,
 * the item columns reading back through `zona survey index`'s parser to the same NRRs; the
 * results workbook's five sheets with the cells a person looks at, read back with the project's
 * xlsx reader and as LibreOffice shows them; failures that say why. */
#define _XOPEN_SOURCE 700
#include <sys/stat.h>

#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include "core/buf.h"
#include "core/err.h"
#include "org/org.h"
#include "report/xlsx_read.h"
#include "survey/survey.h"
#include "survey/survey_docs.h"

#define CLOSE(a, b, eps) assert_true(fabs((a) - (b)) < (eps))

struct fixture {
    struct survey_instrument *ikm, *spak, *tiny;
    char dir[64];
};

static json_t *
parse(const char *s)
{
    json_error_t e;
    json_t *j = json_loads(s, 0, &e);
    if (!j)
        fail_msg("test JSON, line %d: %s", e.line, e.text);
    return j;
}

/* A small instrument on a 1-5 scale: a1, a2 (group "layanan"), a3 ("sarana"). */
static struct survey_instrument *
tiny_instrument(void)
{
    static const char *const codes[] = {"a1", "a2", "a3"}, *const groups[] = {"layanan", "layanan",
                                                                              "sarana"};
    static const double weights[] = {0.5, 0.25, 0.25};
    json_t *items = json_array();
    for (int i = 0; i < 3; i++) {
        json_t *labels = json_array();
        for (int v = 1; v <= 5; v++)
            json_array_append_new(labels,
                                  json_pack("{s:i,s:s,s:s}", "value", v, "id", "x", "en", "x"));
        json_array_append_new(items, json_pack("{s:s,s:s,s:{s:s,s:s,s:b},s:f,s:o}", "code",
                                               codes[i], "group", groups[i], "text", "id",
                                               "Pertanyaan", "en", "Question", "verbatim", 0,
                                               "weight", weights[i], "labels", labels));
    }
    json_t *doc = json_pack("{s:s,s:i,s:o}", "id", "tiny", "scale", 5, "items", items);
    struct survey_instrument *in = NULL;
    struct buf err = BUF_INIT;
    if (survey_instrument_load(doc, &in, &err) != 0)
        fail_msg("tiny instrument: %s", buf_cstr(&err));
    json_decref(doc);
    buf_free(&err);
    return in;
}

static struct survey_instrument *
shipped(const char *name)
{
    struct survey_instrument *in = NULL;
    struct buf err = BUF_INIT;
    if (survey_instrument_shipped(name, &in, &err) != 0)
        fail_msg("%s: %s", name, buf_cstr(&err));
    buf_free(&err);
    return in;
}

static int
setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    fx->ikm = shipped("ikm");
    fx->spak = shipped("spak");
    fx->tiny = tiny_instrument();
    snprintf(fx->dir, sizeof fx->dir, "/tmp/zona-survey-export-XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    *state = fx;
    return 0;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int
teardown(void **state)
{
    struct fixture *fx = *state;
    nftw(fx->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    survey_instrument_free(fx->ikm);
    survey_instrument_free(fx->spak);
    survey_instrument_free(fx->tiny);
    free(fx);
    return 0;
}

/* ---- 1: the CSV --------------------------------------------------------------------------- */

/* Four responses of the small instrument: everything filled in and an approved comment with a
 * comma and quotes; only the items and an approved two-line comment (at 09:07:59.999, still
 * 09:07); a pending comment; a rejected one. Own items as a code and as {"code", "text"}. */
static const char TINY_RESPONSES[] =
    "[{\"id\": 1, \"created_at\": 1767225600000, \"channel\": \"web\", \"service\": \"Informasi "
    "publik\", \"kelompok\": \"umum\", \"umur\": \"30-39\", \"jenis_kelamin\": \"P\", "
    "\"pendidikan\": \"s1\", \"pekerjaan\": \"pns\", \"answers\": {\"a1\": 5, \"a2\": 4, \"a3\": "
    "1}, \"own\": {\"x1\": 3}, \"comment\": \"Cepat, ramah \\\"sekali\\\"\", \"comment_state\": "
    "\"approved\"},"
    " {\"id\": 2, \"created_at\": 1773565679999, \"channel\": \"kiosk\", \"service\": \"\", "
    "\"kelompok\": \"\", \"umur\": \"\", \"jenis_kelamin\": \"\", \"pendidikan\": \"\", "
    "\"pekerjaan\": \"\", \"answers\": {\"a2\": 2}, \"own\": {\"x2\": 1}, \"comment\": \"Baris "
    "satu\\nbaris dua\", \"comment_state\": \"approved\"},"
    " {\"id\": 3, \"created_at\": 1772323170000, \"channel\": \"paper\", \"service\": \"Informasi "
    "publik\", \"kelompok\": \"umum\", \"umur\": \"60+\", \"jenis_kelamin\": \"L\", "
    "\"pendidikan\": \"sma\", \"pekerjaan\": \"lainnya\", \"answers\": {\"a1\": 3, \"a3\": 5}, "
    "\"own\": {}, \"comment\": \"Nomor HP saya 0812\", \"comment_state\": \"pending\"},"
    " {\"id\": 4, \"created_at\": 1772323170000, \"channel\": \"api\", \"service\": \"\", "
    "\"kelompok\": \"mitra\", \"umur\": \"\", \"jenis_kelamin\": \"\", \"pendidikan\": \"\", "
    "\"pekerjaan\": \"\", \"answers\": {\"a1\": 1, \"a2\": 1, \"a3\": 1}, \"own\": {}, "
    "\"comment\": \"kata kasar\", \"comment_state\": \"rejected\"}]";

static const char TINY_OWN[] = "[\"x1\", {\"code\": \"x2\", \"text\": \"Kebersihan ruang\"}]";

static void
export_csv(const struct survey_instrument *in, const char *own, const char *responses,
           struct buf *out)
{
    json_t *o = parse(own), *r = parse(responses);
    survey_export_csv(in, o, r, out);
    json_decref(o);
    json_decref(r);
}

static void
csv_header_and_rows_exact(void **state)
{
    struct fixture *fx = *state;
    struct buf out = BUF_INIT;
    export_csv(fx->tiny, TINY_OWN, TINY_RESPONSES, &out);
    const char *want =
        "id,waktu,kanal,layanan,kelompok,umur,jenis_kelamin,pendidikan,pekerjaan,a1,a2,a3,x1,x2,"
        "saran\r\n"
        "1,2026-01-01 00:00,web,Informasi publik,umum,30-39,P,s1,pns,5,4,1,3,,\"Cepat, ramah "
        "\"\"sekali\"\"\"\r\n"
        "2,2026-03-15 09:07,kiosk,,,,,,,,2,,,1,\"Baris satu\nbaris dua\"\r\n"
        "3,2026-02-28 23:59,paper,Informasi publik,umum,60+,L,sma,lainnya,3,,5,,,\r\n"
        "4,2026-02-28 23:59,api,,mitra,,,,,1,1,1,,,\r\n";
    assert_string_equal(buf_cstr(&out), want);
    /* UTF-8 without a byte-order mark */
    assert_memory_not_equal(out.p, "\xEF\xBB\xBF", 3);
    buf_free(&out);

    /* a time beyond the years 0-9999 is left blank; 1969 counts back from the epoch */
    export_csv(
        fx->tiny, "[]",
        "[{\"id\": 1, \"created_at\": 1e300}, {\"id\": 2, \"created_at\": "
        "9223372036854775807}, {\"id\": 3, \"created_at\": -1, \"answers\": {\"a1\": 3.0, \"a2\": "
        "2.5}}, {\"id\": 4, "
        "\"created_at\": 253402300799999}, {\"id\": 5, \"created_at\": "
        "253402300800000}]",
        &out);
    assert_string_equal(strstr(buf_cstr(&out), "\r\n") + 2, "1,,,,,,,,,,,,\r\n"
                                                            "2,,,,,,,,,,,,\r\n"
                                                            "3,1969-12-31 23:59,,,,,,,,3,2.5,,\r\n"
                                                            "4,9999-12-31 23:59,,,,,,,,,,,\r\n"
                                                            "5,,,,,,,,,,,,\r\n");
    buf_free(&out);

    /* no responses and no own items: the header alone */
    export_csv(fx->tiny, "[]", "[]", &out);
    assert_string_equal(buf_cstr(&out), "id,waktu,kanal,layanan,kelompok,umur,jenis_kelamin,"
                                        "pendidikan,pekerjaan,a1,a2,a3,saran\r\n");
    buf_free(&out);
}

static void
csv_cells_never_become_formulas(void **state)
{
    struct fixture *fx = *state;
    struct buf out = BUF_INIT;
    export_csv(
        fx->tiny, "[]",
        "[{\"id\": 9, \"created_at\": 1767225600000, \"channel\": \"paper\", \"service\": "
        "\"=1+2\", \"kelompok\": \"+62 812\", \"umur\": \"-5\", \"jenis_kelamin\": "
        "\"@SUM(A1)\", \"pendidikan\": \"\\tx\", \"pekerjaan\": \"a-b =c\", \"answers\": "
        "{\"a1\": 2}, \"comment\": \"=HYPERLINK(\\\"http://evil.example\\\",\\\"klik\\\")\", "
        "\"comment_state\": \"approved\"}]",
        &out);
    const char *row = strstr(buf_cstr(&out), "\r\n");
    assert_non_null(row);
    assert_string_equal(row + 2, "9,2026-01-01 00:00,paper,\"'=1+2\",\"'+62 812\",\"'-5\","
                                 "\"'@SUM(A1)\",\"'\tx\",a-b =c,2,,,\"'=HYPERLINK(\"\"http://"
                                 "evil.example\"\",\"\"klik\"\")\"\r\n");
    buf_free(&out);
}

static void
unapproved_comments_stay_inside(void **state)
{
    struct fixture *fx = *state;
    struct buf out = BUF_INIT;
    export_csv(fx->tiny, TINY_OWN, TINY_RESPONSES, &out);
    assert_non_null(strstr(buf_cstr(&out), "Cepat, ramah"));
    assert_null(strstr(buf_cstr(&out), "0812"));       /* pending */
    assert_null(strstr(buf_cstr(&out), "kata kasar")); /* rejected */
    buf_free(&out);
    /* a comment with no state at all is not approved either */
    export_csv(fx->tiny, "[]",
               "[{\"id\": 1, \"answers\": {\"a1\": 1}, \"comment\": \"tanpa status\"}]", &out);
    assert_null(strstr(buf_cstr(&out), "tanpa status"));
    buf_free(&out);
}

/* Keeps the columns of csv whose header is an item code of in, as `zona survey index` wants. */
static void
item_columns(const struct survey_instrument *in, const char *csv, struct buf *out)
{
    struct csv_row *rows = NULL;
    size_t n = 0;
    struct buf err = BUF_INIT;
    if (csv_parse(csv, strlen(csv), &rows, &n, &err) != 0)
        fail_msg("the export is not CSV: %s", buf_cstr(&err));
    assert_true(n >= 1);
    for (size_t r = 0; r < n; r++) {
        bool first = true;
        assert_int_equal(rows[r].nfields, rows[0].nfields);
        for (int c = 0; c < rows[0].nfields; c++) {
            if (survey_item_index(in, rows[0].fields[c]) < 0)
                continue;
            buf_printf(out, "%s%s", first ? "" : ",", rows[r].fields[c]);
            first = false;
        }
        buf_puts(out, "\r\n");
    }
    csv_free(rows, n);
    buf_free(&err);
}

/* n responses with every item skipped now and then; answers on the instrument's scale. */
static json_t *
many_responses(const struct survey_instrument *in, int n)
{
    json_t *list = json_array();
    unsigned seed = 12345;
    for (int i = 0; i < n; i++) {
        json_t *answers = json_object();
        for (size_t k = 0; k < in->nitems; k++) {
            seed = seed * 1103515245u + 12345u;
            unsigned x = (seed >> 16) % (unsigned)(in->scale + 1);
            if (x) /* 0: skipped */
                json_object_set_new(answers, in->items[k].code, json_integer(x));
        }
        json_array_append_new(
            list, json_pack("{s:i,s:I,s:s,s:s,s:s,s:o,s:{s:i},s:s,s:s}", "id", i + 1, "created_at",
                            (json_int_t)1767225600000 + (json_int_t)i * 3600000, "channel", "web",
                            "service", i % 3 ? "Informasi, publik" : "=cmd", "kelompok",
                            i % 2 ? "umum" : "", "answers", answers, "own", "x1", 2, "comment",
                            "Baik, \"sekali\"\n-terima kasih", "comment_state",
                            i % 4 ? "approved" : "pending"));
    }
    return list;
}

static void
check_same_nrrs(const struct survey_instrument *in)
{
    json_t *list = many_responses(in, 57), *own = parse("[\"x1\"]");
    struct buf csv = BUF_INIT, items = BUF_INIT, err = BUF_INIT;
    survey_export_csv(in, own, list, &csv);
    item_columns(in, buf_cstr(&csv), &items);
    struct survey_responses r;
    if (survey_responses_parse(in, "export.csv", items.p, items.len, in->scale, &r, &err) != 0)
        fail_msg("the item columns do not read back: %s", buf_cstr(&err));
    assert_int_equal(r.nrows, 57);
    struct survey_result res;
    survey_compute(in, &r, &res);
    for (size_t k = 0; k < in->nitems; k++) {
        double sum = 0;
        size_t n = 0, i;
        json_t *resp;
        json_array_foreach(list, i, resp)
        {
            json_t *v = json_object_get(json_object_get(resp, "answers"), in->items[k].code);
            if (v) {
                sum += survey_rescale((double)json_integer_value(v), in->scale);
                n++;
            }
        }
        assert_true(n > 0);
        assert_int_equal(res.items[k].n, n);
        CLOSE(res.items[k].nrr, sum / (double)n, 1e-12);
    }
    survey_responses_free(&r);
    json_decref(list);
    json_decref(own);
    buf_free(&csv);
    buf_free(&items);
    buf_free(&err);
}

static void
csv_item_columns_give_the_same_nrrs(void **state)
{
    struct fixture *fx = *state;
    check_same_nrrs(fx->ikm);
    check_same_nrrs(fx->tiny); /* a 1-5 scale, rescaled by the reader */
}

/* ---- 2: the workbook ---------------------------------------------------------------------- */

static const char IKM_META[] =
    "{\"unit\": \"Bawaslu Kabupaten Klungkung\", \"title\": \"Survei IKM Semester I 2026\", "
    "\"instrument_name\": \"Survei Kepuasan Masyarakat (IKM)\", \"period\": \"1 Januari – 31 "
    "Maret 2026\", \"lang\": \"id\"}";

static const char IKM_RESULTS[] =
    "{\"overall\": {\"n\": 120, \"items\": {\"u1\": {\"n\": 118, \"nrr\": 3.41, \"weighted\": "
    "0.379}, \"u2\": {\"n\": 0, \"nrr\": null, \"weighted\": null}, \"u3\": {\"n\": 117, "
    "\"nrr\": 3.2}}, \"index\": 3.39, \"ikm\": 84.75, \"grade\": \"B\", \"label\": \"Baik\", "
    "\"ci95\": [3.31, 3.47]},"
    " \"by_kelompok\": {\"umum\": {\"n\": 100, \"items\": {}, \"index\": 3.4, \"ikm\": 85, "
    "\"grade\": \"B\", \"label\": \"Baik\", \"ci95\": null}, \"\": {\"n\": 20, \"items\": {}, "
    "\"index\": null, \"ikm\": null, \"grade\": null, \"label\": null, \"ci95\": null}},"
    " \"by_service\": {\"Informasi publik\": {\"n\": 120, \"items\": {}, \"index\": 3.39, "
    "\"ikm\": 84.75, \"grade\": \"B\", \"label\": \"Baik\", \"ci95\": [3.31, 3.47]}},"
    " \"by_month\": {\"2026-03\": {\"n\": 70, \"items\": {}, \"index\": 3.6, \"ikm\": 90, "
    "\"grade\": \"A\", \"label\": \"Sangat baik\", \"ci95\": null}, \"2026-01\": {\"n\": 50, "
    "\"items\": {}, \"index\": 3.1, \"ikm\": 77.5, \"grade\": \"B\", \"label\": \"Baik\", "
    "\"ci95\": null}}}";

static const char IKM_RESPONSES[] =
    "[{\"id\": 11, \"created_at\": 1767225600000, \"channel\": \"web\", \"service\": \"Informasi "
    "publik\", \"kelompok\": \"umum\", \"umur\": \"30-39\", \"jenis_kelamin\": \"P\", "
    "\"pendidikan\": \"s1\", \"pekerjaan\": \"pns\", \"answers\": {\"u1\": 4, \"u2\": 3, \"u3\": "
    "4, \"u4\": 4, \"u5\": 3, \"u6\": 4, \"u7\": 4, \"u8\": 2, \"u9\": 3}, \"own\": {\"x1\": 4}, "
    "\"comment\": \"=HYPERLINK(\\\"http://evil.example\\\")\", \"comment_state\": \"approved\"},"
    " {\"id\": 12, \"created_at\": 1773565679999, \"channel\": \"kiosk\", \"service\": \"+62 812\", "
    "\"kelompok\": \"\", \"umur\": \"\", \"jenis_kelamin\": \"\", \"pendidikan\": \"\", "
    "\"pekerjaan\": \"\", \"answers\": {\"u1\": 1, \"u9\": 2}, \"own\": {}, \"comment\": \"Antre "
    "lama,\\nloket dua tutup\", \"comment_state\": \"approved\"},"
    " {\"id\": 13, \"created_at\": 1772323170000, \"channel\": \"paper\", \"service\": "
    "\"Informasi publik\", \"kelompok\": \"mitra\", \"umur\": \"60+\", \"jenis_kelamin\": \"L\", "
    "\"pendidikan\": \"sma\", \"pekerjaan\": \"lainnya\", \"answers\": {\"u3\": 3}, \"own\": {}, "
    "\"comment\": \"Nomor HP saya 0812\", \"comment_state\": \"pending\"}]";

/* The cells of one sheet, as xlsx_read gives them. */
struct gcell {
    uint32_t row, col;
    enum xlsx_type type;
    char *text;
    bool formula;
};
struct got {
    struct gcell *cells;
    size_t n;
};

static int
collect(void *arg, const struct xlsx_cell *c)
{
    struct got *g = arg;
    g->cells = realloc(g->cells, (g->n + 1) * sizeof *g->cells);
    g->cells[g->n++] = (struct gcell){c->row, c->col, c->type, strdup(c->text), c->formula != NULL};
    return 0;
}

static void
got_free(struct got *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->cells[i].text);
    free(g->cells);
    memset(g, 0, sizeof *g);
}

/* Opens the workbook, checks its sheets are the five of the contract in order, reads sheet i. */
static void
read_sheet(const char *path, size_t i, struct got *g)
{
    static const char *const names[] = {"Ringkasan", "Kelompok", "Layanan", "Periode", "Tanggapan"};
    struct xlsx *x = NULL;
    struct buf err = BUF_INIT;
    if (xlsx_open(path, &x, &err) != 0)
        fail_msg("%s does not open: %s", path, buf_cstr(&err));
    assert_int_equal(xlsx_sheet_count(x), 5);
    for (size_t k = 0; k < 5; k++)
        assert_string_equal(xlsx_sheet_name(x, k), names[k]);
    memset(g, 0, sizeof *g);
    if (xlsx_sheet_cells(x, i, collect, g, &err) != 0)
        fail_msg("sheet %s: %s", names[i], buf_cstr(&err));
    xlsx_close(x);
    buf_free(&err);
}

static const struct gcell *
at(const struct got *g, const char *ref)
{
    uint32_t row, col;
    assert_int_equal(xlsx_ref_parse(ref, strlen(ref), &row, &col), 0);
    for (size_t i = 0; i < g->n; i++)
        if (g->cells[i].row == row && g->cells[i].col == col)
            return &g->cells[i];
    return NULL;
}

static void
expect_text(const struct got *g, const char *ref, const char *want)
{
    const struct gcell *c = at(g, ref);
    if (!c)
        fail_msg("%s: empty, expected \"%s\"", ref, want);
    if (c->type != XLSX_SHARED && c->type != XLSX_INLINE)
        fail_msg("%s: not a string (\"%s\"), expected \"%s\"", ref, c->text, want);
    if (c->formula)
        fail_msg("%s: a formula", ref);
    if (strcmp(c->text, want) != 0)
        fail_msg("%s: \"%s\", expected \"%s\"", ref, c->text, want);
}

static void
expect_num(const struct got *g, const char *ref, double want)
{
    const struct gcell *c = at(g, ref);
    double v;
    if (!c)
        fail_msg("%s: empty, expected %g", ref, want);
    if (c->type != XLSX_NUMBER || c->formula || xlsx_number(c->text, &v) != 0)
        fail_msg("%s: \"%s\" is not a plain number, expected %g", ref, c->text, want);
    if (fabs(v - want) > 1e-9)
        fail_msg("%s: %s, expected %g", ref, c->text, want);
}

static void
expect_none(const struct got *g, const char *ref)
{
    const struct gcell *c = at(g, ref);
    if (c)
        fail_msg("%s: expected nothing, holds \"%s\"", ref, c->text);
}

static void
export_xlsx(const struct survey_instrument *in, const char *meta, const char *results,
            const char *own, const char *responses, const char *path)
{
    json_t *m = parse(meta), *r = parse(results), *o = parse(own), *t = parse(responses);
    struct buf err = BUF_INIT;
    int rc = survey_export_xlsx(in, m, r, o, t, path, &err);
    if (rc != 0)
        fail_msg("survey_export_xlsx: %d %s", rc, buf_cstr(&err));
    json_decref(m);
    json_decref(r);
    json_decref(o);
    json_decref(t);
    buf_free(&err);
}

static const char *
item_text(const struct survey_instrument *in, size_t i, const char *key, const char *lang)
{
    json_t *it = json_array_get(json_object_get(in->doc, "items"), i);
    return json_string_value(json_object_get(json_object_get(it, key), lang));
}

static void
workbook_has_the_five_sheets(void **state)
{
    struct fixture *fx = *state;
    const struct survey_instrument *in = fx->ikm;
    char path[128];
    snprintf(path, sizeof path, "%s/hasil.xlsx", fx->dir);
    export_xlsx(in, IKM_META, IKM_RESULTS, "[\"x1\"]", IKM_RESPONSES, path);
    struct got g;

    read_sheet(path, 0, &g); /* Ringkasan */
    expect_text(&g, "A1", "Survei IKM Semester I 2026");
    expect_text(&g, "A2", "Unit kerja");
    expect_text(&g, "B2", "Bawaslu Kabupaten Klungkung");
    expect_text(&g, "A3", "Instrumen");
    expect_text(&g, "B3", "Survei Kepuasan Masyarakat (IKM)");
    expect_text(&g, "A4", "Periode");
    expect_text(&g, "B4", "1 Januari – 31 Maret 2026");
    expect_text(&g, "A5", "Jumlah responden");
    expect_num(&g, "B5", 120);
    expect_text(&g, "A6", "Indeks (1–4)");
    expect_num(&g, "B6", 3.39);
    expect_text(&g, "A7", "IKM (indeks × 25)");
    expect_num(&g, "B7", 84.75);
    expect_text(&g, "A8", "Mutu pelayanan");
    expect_text(&g, "B8", "B");
    expect_text(&g, "C8", "Baik");
    expect_text(&g, "A9", "Interval kepercayaan 95 % indeks");
    expect_num(&g, "B9", 3.31);
    expect_num(&g, "C9", 3.47);
    expect_none(&g, "A10");
    const char *head[] = {"Kode", "Unsur", "Pertanyaan", "n", "NRR", "NRR tertimbang"};
    for (int c = 0; c < 6; c++) {
        char ref[8];
        snprintf(ref, sizeof ref, "%c11", 'A' + c);
        expect_text(&g, ref, head[c]);
    }
    expect_text(&g, "A12", "u1");
    expect_text(&g, "B12", "Persyaratan");
    expect_text(&g, "C12", item_text(in, 0, "text", "id"));
    expect_num(&g, "D12", 118);
    expect_num(&g, "E12", 3.41);
    expect_num(&g, "F12", 0.379);
    /* nobody answered u2 */
    expect_text(&g, "A13", "u2");
    expect_text(&g, "B13", "Sistem, Mekanisme, dan Prosedur");
    expect_num(&g, "D13", 0);
    expect_text(&g, "E13", "–");
    expect_text(&g, "F13", "–");
    /* an R without "weighted": NRR × 1/9 */
    expect_num(&g, "E14", 3.2);
    expect_num(&g, "F14", 3.2 / 9);
    /* an item missing from the results is still listed, with n 0 */
    expect_text(&g, "A20", "u9");
    expect_text(&g, "B20", item_text(in, 8, "unsur_name", "id"));
    expect_num(&g, "D20", 0);
    expect_none(&g, "A21");
    got_free(&g);

    read_sheet(path, 1, &g); /* Kelompok */
    const char *bhead[] = {"Kelompok",       "n",         "Indeks (1–4)", "IKM (indeks × 25)",
                           "Mutu pelayanan", "Keterangan"};
    for (int c = 0; c < 6; c++) {
        char ref[8];
        snprintf(ref, sizeof ref, "%c1", 'A' + c);
        expect_text(&g, ref, bhead[c]);
    }
    expect_text(&g, "A2", "umum");
    expect_num(&g, "B2", 100);
    expect_num(&g, "C2", 3.4);
    expect_num(&g, "D2", 85);
    expect_text(&g, "E2", "B");
    expect_text(&g, "F2", "Baik");
    expect_text(&g, "A3", "(tidak diisi)");
    expect_num(&g, "B3", 20);
    expect_text(&g, "C3", "–");
    expect_text(&g, "D3", "–");
    expect_text(&g, "E3", "–");
    expect_none(&g, "A4");
    got_free(&g);

    read_sheet(path, 2, &g); /* Layanan */
    expect_text(&g, "A1", "Layanan");
    expect_text(&g, "A2", "Informasi publik");
    expect_num(&g, "B2", 120);
    expect_num(&g, "D2", 84.75);
    expect_none(&g, "A3");
    got_free(&g);

    read_sheet(path, 3, &g); /* Periode: months in order of time */
    expect_text(&g, "A1", "Bulan");
    expect_text(&g, "A2", "2026-01");
    expect_num(&g, "B2", 50);
    expect_text(&g, "E2", "B");
    expect_text(&g, "A3", "2026-03");
    expect_num(&g, "C3", 3.6);
    expect_text(&g, "E3", "A");
    expect_text(&g, "F3", "Sangat baik");
    got_free(&g);

    read_sheet(path, 4, &g); /* Tanggapan: the CSV's rows, numbers as numbers */
    const char *thead[] = {"id",   "waktu",         "kanal",      "layanan",  "kelompok",
                           "umur", "jenis_kelamin", "pendidikan", "pekerjaan"};
    for (int c = 0; c < 9; c++) {
        char ref[8];
        snprintf(ref, sizeof ref, "%c1", 'A' + c);
        expect_text(&g, ref, thead[c]);
    }
    for (int c = 0; c < 9; c++) {
        char ref[8], code[16];
        snprintf(ref, sizeof ref, "%c1", 'J' + c);
        snprintf(code, sizeof code, "u%d", c + 1);
        expect_text(&g, ref, code);
    }
    expect_text(&g, "S1", "x1");
    expect_text(&g, "T1", "saran");
    expect_none(&g, "U1");
    expect_num(&g, "A2", 11);
    expect_num(&g, "B2", 46023); /* 2026-01-01 00:00, days since 1899-12-30 */
    expect_text(&g, "C2", "web");
    expect_text(&g, "D2", "Informasi publik");
    expect_num(&g, "J2", 4);
    expect_num(&g, "Q2", 2);
    expect_num(&g, "R2", 3);
    expect_num(&g, "S2", 4);
    /* a comment that looks like a formula is a string, without the CSV's apostrophe */
    expect_text(&g, "T2", "=HYPERLINK(\"http://evil.example\")");
    expect_num(&g, "A3", 12);
    expect_num(&g, "B3", 46096 + (9 * 60 + 7) / 1440.0); /* 2026-03-15 09:07 */
    expect_text(&g, "D3", "+62 812");
    expect_none(&g, "E3");
    expect_num(&g, "J3", 1);
    expect_none(&g, "K3");
    expect_num(&g, "R3", 2);
    expect_text(&g, "T3", "Antre lama,\nloket dua tutup");
    expect_num(&g, "A4", 13);
    expect_num(&g, "L4", 3);
    expect_none(&g, "T4"); /* pending */
    expect_none(&g, "A5");
    for (size_t i = 0; i < g.n; i++)
        assert_null(strstr(g.cells[i].text, "Nomor HP"));
    got_free(&g);
}

/* SPAK does not convert: no IKM, no grade; the groups head the second column as "Aspek". The
 * document's own words follow the language asked for. */
static void
workbook_of_another_instrument_and_language(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/spak.xlsx", fx->dir);
    export_xlsx(fx->spak,
                "{\"unit\": \"Bawaslu Kabupaten Klungkung\", \"title\": \"SPAK 2026\", "
                "\"period\": \"2026\"}",
                "{\"overall\": {\"n\": 3, \"items\": {\"spak1\": {\"n\": 3, \"nrr\": 3.5, "
                "\"weighted\": 0.7}}, \"index\": 3.5, \"ci95\": null}, \"by_kelompok\": {\"umum\": "
                "{\"n\": 3, \"items\": {}, \"index\": 3.5, \"ci95\": null}}}",
                "[]", "[]", path);
    struct got g;
    read_sheet(path, 0, &g);
    expect_text(&g, "A1", "SPAK 2026");
    /* no instrument_name in meta: the instrument's own */
    expect_text(&g, "B3",
                json_string_value(json_object_get(json_object_get(fx->spak->doc, "name"), "id")));
    expect_num(&g, "B6", 3.5);
    expect_text(&g, "A7", "Interval kepercayaan 95 % indeks");
    expect_text(&g, "B7", "–");
    expect_text(&g, "B9", "Aspek");
    expect_text(&g, "A10", "spak1");
    expect_text(&g, "B10", fx->spak->items[0].group);
    expect_text(&g, "C10", item_text(fx->spak, 0, "text", "id"));
    expect_num(&g, "F10", 0.7);
    expect_text(&g, "A14", "spak5");
    got_free(&g);
    read_sheet(path, 1, &g);
    expect_text(&g, "C1", "Indeks (1–4)");
    expect_none(&g, "D1");
    expect_num(&g, "C2", 3.5);
    got_free(&g);
    read_sheet(path, 3, &g); /* no months: the header alone */
    expect_text(&g, "A1", "Bulan");
    expect_none(&g, "A2");
    got_free(&g);
    read_sheet(path, 4, &g);
    expect_text(&g, "O1", "saran");
    expect_none(&g, "A2");
    got_free(&g);

    snprintf(path, sizeof path, "%s/en.xlsx", fx->dir);
    export_xlsx(fx->ikm, "{\"lang\": \"en\"}", IKM_RESULTS, "[]", "[]", path);
    read_sheet(path, 0, &g);
    expect_text(&g, "A1", "Public Satisfaction Survey (IKM)");
    expect_text(&g, "A2", "Work unit");
    expect_text(&g, "A8", "Service quality");
    expect_text(&g, "B11", "Element");
    expect_text(&g, "B12", "Requirements");
    expect_text(&g, "C12", item_text(fx->ikm, 0, "text", "en"));
    got_free(&g);
    read_sheet(path, 1, &g);
    expect_text(&g, "A1", "Group");
    expect_text(&g, "A3", "(not given)");
    got_free(&g);
    read_sheet(path, 4, &g); /* the CSV's header, whatever the language */
    expect_text(&g, "B1", "waktu");
    got_free(&g);
}

/* Text from the public with control characters and beyond a cell's limit still makes a
 * workbook that opens; the long comment is cut on a character boundary. */
static void
odd_text_still_makes_a_workbook(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/odd.xlsx", fx->dir);
    struct buf longc = BUF_INIT;
    for (int i = 0; i < 20000; i++)
        buf_puts(&longc, "é"); /* 40,000 bytes */
    json_t *responses =
        json_pack("[{s:i,s:s,s:s,s:s},{s:i,s:s,s:s,s:s}]", "id", 1, "service", "loket\x01\x1f satu",
                  "comment", "bel\x07 berbunyi", "comment_state", "approved", "id", 2, "service",
                  "", "comment", longc.p, "comment_state", "approved");
    assert_non_null(responses);
    json_t *meta = json_object(), *results = json_object(), *own = json_array();
    struct buf err = BUF_INIT;
    assert_int_equal(survey_export_xlsx(fx->tiny, meta, results, own, responses, path, &err), 0);
    struct got g;
    read_sheet(path, 4, &g);
    const struct gcell *c = at(&g, "D2");
    assert_non_null(c);
    assert_non_null(strstr(c->text, "loket"));
    c = at(&g, "M3");
    assert_non_null(c);
    assert_true(strlen(c->text) <= 32767 && strlen(c->text) > 32000);
    assert_true(utf8_valid(c->text, strlen(c->text)));
    got_free(&g);
    /* and an empty results object gives "–" where the figures go */
    read_sheet(path, 0, &g);
    expect_text(&g, "B6", "–");
    got_free(&g);
    json_decref(responses);
    json_decref(meta);
    json_decref(results);
    json_decref(own);
    buf_free(&err);
    buf_free(&longc);
}

/* ---- 3: as LibreOffice shows it ------------------------------------------------------------ */

static bool
soffice_found(void)
{
    return system("command -v soffice >/dev/null 2>&1") == 0;
}

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("%s: LibreOffice wrote no such file", path);
    struct buf b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return b.p ? buf_steal(&b) : calloc(1, 1);
}

/* The sheet "Tanggapan" as LibreOffice shows it is the CSV, but for the apostrophes that keep
 * formulas out of the CSV: same rows, same cells, the times as the same text. */
static void
libreoffice_shows_the_csv(void **state)
{
    struct fixture *fx = *state;
    if (!soffice_found())
        fail_msg("soffice (Debian package libreoffice-calc-nogui) is needed for this test");
    char xlsx[128], cmd[1024], path[256];
    snprintf(xlsx, sizeof xlsx, "%s/lo.xlsx", fx->dir);
    /* the responses above, then 300 at 59.999 s past a minute all through the day: a time is
     * stored as a fraction of a day, and must still show its own minute */
    json_t *responses = parse(IKM_RESPONSES), *more = many_responses(fx->ikm, 300), *resp;
    size_t i;
    json_array_foreach(more, i, resp)
    {
        json_object_set_new(resp, "id", json_integer((json_int_t)i + 100));
        json_object_set_new(resp, "created_at",
                            json_integer(1767225600000 + (json_int_t)i * 7 * 60000 + 59999));
    }
    json_array_extend(responses, more);
    json_decref(more);
    char *rtext = json_dumps(responses, 0);
    export_xlsx(fx->ikm, IKM_META, IKM_RESULTS, "[\"x1\"]", rtext, xlsx);
    snprintf(path, sizeof path, "%s/lohome", fx->dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(cmd, sizeof cmd,
             "HOME=%s/lohome timeout 300 soffice -env:UserInstallation=file://%s/loprofile "
             "--headless --norestore --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,"
             "false,true,true,false,false,-1' --outdir %s/locsv %s >%s/soffice.log 2>&1",
             fx->dir, fx->dir, fx->dir, xlsx, fx->dir);
    int rc = system(cmd);
    if (rc != 0) {
        snprintf(cmd, sizeof cmd, "cat %s/soffice.log >&2", fx->dir);
        fail_msg("soffice failed (%d, log shown: %d)", rc, system(cmd));
    }

    struct buf ours = BUF_INIT, err = BUF_INIT;
    export_csv(fx->ikm, "[\"x1\"]", rtext, &ours);
    free(rtext);
    json_decref(responses);
    size_t len;
    snprintf(path, sizeof path, "%s/locsv/lo-Tanggapan.csv", fx->dir);
    char *lo = slurp(path, &len);
    struct csv_row *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    assert_int_equal(csv_parse(ours.p, ours.len, &a, &na, &err), 0);
    if (csv_parse(lo, len, &b, &nb, &err) != 0)
        fail_msg("LibreOffice's CSV: %s", buf_cstr(&err));
    assert_int_equal(na, 304);
    assert_int_equal(nb, na);
    for (size_t r = 0; r < na; r++) {
        assert_int_equal(b[r].nfields, a[r].nfields);
        for (int c = 0; c < a[r].nfields; c++) {
            const char *want = a[r].fields[c];
            if (want[0] == '\'' && strchr("=+-@\t\r", want[1]) && want[1])
                want++;
            if (strcmp(b[r].fields[c], want) != 0)
                fail_msg("row %zu column %d: LibreOffice shows \"%s\", the CSV has \"%s\"", r + 1,
                         c + 1, b[r].fields[c], a[r].fields[c]);
        }
    }
    csv_free(a, na);
    csv_free(b, nb);
    free(lo);

    /* and the headline figures with their two decimals */
    snprintf(path, sizeof path, "%s/locsv/lo-Ringkasan.csv", fx->dir);
    lo = slurp(path, &len);
    assert_int_equal(csv_parse(lo, len, &b, &nb, &err), 0);
    assert_true(nb >= 12);
    assert_string_equal(b[5].fields[1], "3.39");
    assert_string_equal(b[6].fields[1], "84.75");
    assert_string_equal(b[7].fields[1], "B");
    assert_string_equal(b[11].fields[5], "0.379");
    csv_free(b, nb);
    free(lo);
    buf_free(&ours);
    buf_free(&err);
}

/* ---- 4: failures ------------------------------------------------------------------------- */

static void
an_unwritable_path_says_why(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/no/such/folder/hasil.xlsx", fx->dir);
    json_t *meta = parse(IKM_META), *results = parse(IKM_RESULTS), *own = json_array(),
           *responses = parse(IKM_RESPONSES);
    struct buf err = BUF_INIT;
    assert_int_equal(survey_export_xlsx(fx->ikm, meta, results, own, responses, path, &err), ZE_IO);
    if (!strstr(buf_cstr(&err), path) || !strstr(buf_cstr(&err), "No such file"))
        fail_msg("the message \"%s\" does not name the path and the reason", buf_cstr(&err));
    assert_int_not_equal(access(path, F_OK), 0);
    buf_free(&err);
    /* a folder where the file should be */
    assert_int_equal(survey_export_xlsx(fx->ikm, meta, results, own, responses, fx->dir, &err),
                     ZE_IO);
    assert_non_null(strstr(buf_cstr(&err), fx->dir));
    buf_free(&err);
    json_decref(meta);
    json_decref(results);
    json_decref(own);
    json_decref(responses);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_header_and_rows_exact),
        cmocka_unit_test(csv_cells_never_become_formulas),
        cmocka_unit_test(unapproved_comments_stay_inside),
        cmocka_unit_test(csv_item_columns_give_the_same_nrrs),
        cmocka_unit_test(workbook_has_the_five_sheets),
        cmocka_unit_test(workbook_of_another_instrument_and_language),
        cmocka_unit_test(odd_text_still_makes_a_workbook),
        cmocka_unit_test(libreoffice_shows_the_csv),
        cmocka_unit_test(an_unwritable_path_says_why),
    };
    return cmocka_run_group_tests_name("survey_export", tests, setup, teardown);
}
