/* test_survey_docs: the survey's pictures and paper as people get them. The SVGs are parsed as
 * XML (expat) and searched for what a reader sees; the PDFs are read back with poppler's pdftotext
 * and pdfinfo, and the poster's QR code is rendered with pdftoppm and compared module by module
 * with what libqrencode says the link encodes. A missing poppler tool is a failure, not a skip. */
#include <sys/stat.h>

#include <expat.h>
#include <math.h>
#include <qrencode.h>
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

#include "auth/auth.h"
#include "core/buf.h"
#include "core/err.h"
#include "report/pdf.h"
#include "survey/survey_docs.h"

#define DASH "\xE2\x80\x93"
#define URL  "https://zona.example.go.id/s/klk-2026-ikm?k=7Q2M"

static char dir[64];

static int
setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/zona-survey-docs-XXXXXX");
    if (!mkdtemp(dir))
        fail_msg("mkdtemp failed");
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return 0;
}

static void
path_of(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
}

/* What a command prints; a failing command fails the test. Caller frees. */
static char *
run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        fail_msg("popen(%s) failed", cmd);
    struct buf b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        buf_append(&b, chunk, n);
    int st = pclose(p);
    if (st != 0)
        fail_msg("`%s` failed (status %d): is poppler-utils installed?", cmd, st);
    buf_putc(&b, '\0');
    return buf_steal(&b);
}

/* The text of a PDF, every run of white space made one space. Caller frees. */
static char *
pdf_words(const char *path)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "pdftotext -raw -enc UTF-8 '%s' -", path);
    char *raw = run(cmd);
    struct buf b = BUF_INIT;
    bool space = false;
    for (const char *s = raw; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\f' || *s == '\r') {
            space = true;
            continue;
        }
        if (space && b.len)
            buf_putc(&b, ' ');
        space = false;
        buf_putc(&b, *s);
    }
    buf_putc(&b, '\0');
    free(raw);
    return buf_steal(&b);
}

static int
pdf_pages(const char *path)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
    char *info = run(cmd);
    const char *p = strstr(info, "Pages:");
    assert_non_null(p);
    int n = atoi(p + 6);
    free(info);
    return n;
}

/* A writer's result that must be 0; frees err. */
static void
written(int rc, struct buf *err)
{
    if (rc != 0)
        fail_msg("writing failed: %d %s", rc, buf_cstr(err));
    buf_free(err);
}

static void
assert_has(const char *hay, const char *needle, const char *what)
{
    if (!strstr(hay, needle))
        fail_msg("%s: \"%s\" is not in:\n%s", what, needle, hay);
}

static size_t
count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* True when the text is one well-formed XML document whose root is <svg>. */
struct xml_root {
    int depth;
    char root[64];
};

static void XMLCALL
xml_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    (void)attrs;
    struct xml_root *r = ud;
    if (r->depth++ == 0)
        snprintf(r->root, sizeof r->root, "%s", name);
}

static void XMLCALL
xml_end(void *ud, const XML_Char *name)
{
    (void)name;
    ((struct xml_root *)ud)->depth--;
}

static void
assert_svg_xml(const struct buf *svg)
{
    XML_Parser p = XML_ParserCreateNS("UTF-8", ' ');
    struct xml_root r = {0, ""};
    XML_SetUserData(p, &r);
    XML_SetElementHandler(p, xml_start, xml_end);
    enum XML_Status st = XML_Parse(p, svg->p, (int)svg->len, 1);
    if (st != XML_STATUS_OK)
        fail_msg("not XML (line %lu: %s):\n%s", (unsigned long)XML_GetCurrentLineNumber(p),
                 XML_ErrorString(XML_GetErrorCode(p)), buf_cstr(svg));
    XML_ParserFree(p);
    assert_string_equal(r.root, "http://www.w3.org/2000/svg svg");
}

/* --- the QR code as SVG -------------------------------------------------------------------- */

static void
qr_svg_is_xml_with_the_escaped_label(void **state)
{
    (void)state;
    struct buf svg = BUF_INIT;
    assert_int_equal(survey_qr_svg(URL "&a=<b>", 4, "Survei \"IKM\" <Klungkung> & co", &svg), 0);
    assert_svg_xml(&svg);
    assert_has(svg.p, "aria-label=\"Survei &quot;IKM&quot; &lt;Klungkung&gt; &amp; co\"",
               "the escaped label");
    assert_has(svg.p, "role=\"img\"", "an image to assistive technology");
    assert_null(strstr(svg.p, "<Klungkung>"));

    /* the size: the symbol plus the 4-module quiet zone, px pixels a module */
    QRcode *q = QRcode_encodeString(URL "&a=<b>", 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    assert_non_null(q);
    int side = q->width + 8;
    QRcode_free(q);
    char want[96];
    snprintf(want, sizeof want, "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\"", side, side,
             side * 4, side * 4);
    assert_has(svg.p, want, "the size");

    /* the dark modules, run by run, are the code's */
    const char *d = strstr(svg.p, " d=\"");
    assert_non_null(d);
    d += 4;
    unsigned char *seen = calloc((size_t)side * (size_t)side, 1);
    int x, y, len, len2, used;
    while (sscanf(d, "M%d %dh%dv1h-%dz%n", &x, &y, &len, &len2, &used) == 4) {
        assert_int_equal(len, len2);
        assert_true(x >= 4 && y >= 4 && x + len <= side - 4 && y < side - 4);
        for (int i = 0; i < len; i++)
            seen[y * side + x + i] = 1;
        d += used;
    }
    assert_int_equal(*d, '"');
    q = QRcode_encodeString(URL "&a=<b>", 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    for (int r = 0; r < q->width; r++)
        for (int c = 0; c < q->width; c++)
            assert_int_equal(seen[(r + 4) * side + c + 4], q->data[r * q->width + c] & 1);
    QRcode_free(q);
    free(seen);

    /* px outside 1..32 is moved into it */
    buf_reset(&svg);
    assert_int_equal(survey_qr_svg(URL, 0, NULL, &svg), 0);
    assert_has(svg.p, "aria-label=\"QR\"", "a default name");
    buf_reset(&svg);
    assert_int_equal(survey_qr_svg("x", 99, "x", &svg), 0);
    snprintf(want, sizeof want, "width=\"%d\"", (21 + 8) * 32);
    assert_has(svg.p, want, "px 32 at most");
    buf_free(&svg);
}

static void
qr_svg_refuses_what_cannot_be_encoded(void **state)
{
    (void)state;
    struct buf svg = BUF_INIT;
    assert_int_equal(survey_qr_svg("", 4, "x", &svg), ZE_INVAL);
    assert_int_equal(survey_qr_svg(NULL, 4, "x", &svg), ZE_INVAL);
    char *big = malloc(5001);
    memset(big, 'a', 5000);
    big[5000] = '\0';
    assert_int_equal(survey_qr_svg(big, 4, "x", &svg), ZE_INVAL);
    free(big);
    assert_int_equal(svg.len, 0); /* nothing half-written */
    buf_free(&svg);
}

/* The TOTP enrolment draws the same modules (one encoder for both). */
static void
totp_qr_is_the_same_code(void **state)
{
    (void)state;
    struct buf a = BUF_INIT, b = BUF_INIT;
    assert_int_equal(totp_qr_svg(&a, URL), 0);
    assert_int_equal(survey_qr_svg(URL, 4, "QR", &b), 0);
    assert_svg_xml(&a);
    const char *pa = strstr(a.p, "<path"), *pb = strstr(b.p, "<path");
    assert_non_null(pa);
    assert_non_null(pb);
    assert_string_equal(pa, pb);
    assert_int_equal(totp_qr_svg(&a, ""), ZE_INVAL);
    buf_free(&a);
    buf_free(&b);
}

/* --- the chart ----------------------------------------------------------------------------- */

static const struct survey_bar ikm_bars[] = {
    {"U1 Persyaratan", 3.52, "3,52"},
    {"U2 Sistem, mekanisme, dan prosedur", 3.41, "3,41"},
    {"U3 Waktu penyelesaian", 2.91, "2,91"},
    {"U4 Biaya/tarif", -1, NULL},
    {"U5 <script>alert(1)</script>", 3.70, "3,70"},
};

static void
chart_shows_every_label_and_value(void **state)
{
    (void)state;
    struct survey_chart ch = {"IKM per unsur \"2026\"", 1, 4, ikm_bars, 5, 3.39, "Indeks 3,39"};
    struct buf svg = BUF_INIT;
    survey_chart_svg(&ch, &svg);
    assert_svg_xml(&svg);
    assert_has(svg.p, "aria-label=\"IKM per unsur &quot;2026&quot;\"", "the name");
    assert_has(svg.p, "<title>IKM per unsur &quot;2026&quot;</title>", "the title");
    assert_has(svg.p, "width=\"100%\"", "fits a phone");
    assert_has(svg.p, "viewBox=\"0 0 640 ", "640 wide");
    assert_has(svg.p, ">U1 Persyaratan</text>", "a label");
    assert_has(svg.p, ">U2 Sistem, mekanisme, dan prosedur</text>", "a long label");
    assert_has(svg.p, ">U3 Waktu penyelesaian</text>", "a label");
    assert_has(svg.p, ">U4 Biaya/tarif</text>", "a label without data");
    assert_has(svg.p, ">3,52</text>", "a value");
    assert_has(svg.p, ">3,41</text>", "a value");
    assert_has(svg.p, ">2,91</text>", "a value");
    assert_has(svg.p, ">3,70</text>", "a value");
    assert_has(svg.p, ">" DASH "</text>", "no data as a dash");
    assert_null(strstr(svg.p, "<script"));
    assert_has(svg.p, "U5 &lt;script&gt;alert(1)&lt;/script&gt;", "the escaped label");
    assert_has(svg.p, ">Indeks 3,39</text>", "the mark's label");
    assert_has(svg.p, "stroke-dasharray", "the mark");
    /* four bars have data, the fifth none */
    assert_int_equal(count(svg.p, "data-grade="), 4);
    /* gridlines at 1, 2, 3 and 4 with their numbers */
    assert_int_equal(count(svg.p, "<line "), 4);
    assert_has(svg.p, ">1</text>", "the axis");
    assert_has(svg.p, ">4</text>", "the axis");
    assert_null(strstr(svg.p, "style="));
    buf_free(&svg);

    /* no bars, no mark: still a picture */
    struct survey_chart empty = {NULL, 1, 4, NULL, 0, 0, NULL};
    survey_chart_svg(&empty, &svg);
    assert_svg_xml(&svg);
    assert_null(strstr(svg.p, "stroke-dasharray"));
    buf_free(&svg);

    /* a value without its text is written as a number all the same */
    struct survey_bar bare = {"U9 Sarana", 3.125, NULL};
    struct survey_chart one = {"x", 1, 4, &bare, 1, 0, NULL};
    survey_chart_svg(&one, &svg);
    assert_has(svg.p, ">3,13</text>", "the value as text");
    buf_free(&svg);
}

/* The grade band drawn for one value: "D #c62828" etc. */
static void
band(double v, char *out, size_t n)
{
    struct survey_bar b = {"x", v, "v"};
    struct survey_chart ch = {"t", 1, 4, &b, 1, 0, NULL};
    struct buf svg = BUF_INIT;
    survey_chart_svg(&ch, &svg);
    const char *g = strstr(svg.p, "data-grade=\"");
    assert_non_null(g);
    const char *rect = g;
    while (rect > svg.p && strncmp(rect, "<rect", 5) != 0)
        rect--;
    const char *fill = strstr(rect, "fill=\"");
    assert_true(fill && fill < g);
    snprintf(out, n, "%c %.7s", g[12], fill + 6);
    buf_free(&svg);
}

static void
chart_colours_follow_the_grade_bands(void **state)
{
    (void)state;
    static const struct {
        double v;
        const char *want;
    } cases[] = {
        {1.00, "D #c62828"},   {2.5996, "D #c62828"}, {2.60, "C #e65100"},   {3.064, "C #e65100"},
        {3.0644, "B #1565c0"}, {3.532, "B #1565c0"},  {3.5324, "A #2e7d32"}, {4.00, "A #2e7d32"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[16];
        band(cases[i].v, got, sizeof got);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("%.4f: drawn as %s, not %s", cases[i].v, got, cases[i].want);
    }
}

/* --- the poster ---------------------------------------------------------------------------- */

static const struct survey_poster poster_id = {
    .unit_name = "Bawaslu Kabupaten Klungkung",
    .title = "Survei Kepuasan Masyarakat Semester II 2026 untuk Layanan Informasi Publik",
    .instrument_name = "Survei Kepuasan Masyarakat (IKM)",
    .url = URL,
    .period = "1 Oktober \xE2\x80\x93 30 November 2026",
    .needs_code = true,
    .lang = "id",
};

/* Writes the poster, which must succeed. */
static void
write_poster(const struct survey_poster *p, const char *path)
{
    struct buf err = BUF_INIT;
    written(survey_poster_pdf(p, path, &err), &err);
}

static void
poster_says_where_and_how(void **state)
{
    (void)state;
    char path[128];
    path_of(path, sizeof path, "poster.pdf");
    write_poster(&poster_id, path);
    char *t = pdf_words(path);
    assert_has(t, "Bawaslu Kabupaten Klungkung", "the unit");
    assert_has(t, "Survei Kepuasan Masyarakat (IKM)", "the instrument");
    assert_has(t, "Nilai pelayanan kami", "the call to action");
    assert_has(t, "Survei Kepuasan Masyarakat Semester II 2026 untuk Layanan Informasi Publik",
               "the title");
    assert_has(t, URL, "the link");
    assert_has(t, "1. Pindai kode QR dengan kamera ponsel", "step 1");
    assert_has(t, "2. Jawab pertanyaan (\xC2\xB1 3 menit)", "step 2");
    assert_has(t, "3. Kirim \xE2\x80\x94 tanpa nama, tanpa akun", "step 3");
    assert_has(t, "tanda terima", "where the code is");
    assert_has(t, "anonim", "anonymous");
    assert_has(t, "tiga menit", "three minutes");
    assert_has(t, "1 Oktober \xE2\x80\x93 30 November 2026", "the period");
    assert_int_equal(pdf_pages(path), 1);
    free(t);

    struct survey_poster en = poster_id;
    en.lang = "en";
    en.needs_code = false;
    path_of(path, sizeof path, "poster-en.pdf");
    write_poster(&en, path);
    t = pdf_words(path);
    assert_has(t, "Rate our service", "the call to action");
    assert_has(t, "1. Scan the QR code with your phone's camera", "step 1");
    assert_has(t, "anonymous", "anonymous");
    assert_has(t, URL, "the link");
    assert_null(strstr(t, "receipt"));
    assert_int_equal(pdf_pages(path), 1);
    free(t);
}

/* Reads a binary PGM (P5, maxval 255). Caller frees *px. */
static void
read_pgm(const char *path, unsigned char **px, int *w, int *h)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("no %s", path);
    int maxval = 0;
    if (fscanf(f, "P5 %d %d %d", w, h, &maxval) != 3 || maxval != 255)
        fail_msg("%s is not an 8-bit PGM", path);
    fgetc(f);
    size_t n = (size_t)*w * (size_t)*h;
    *px = malloc(n);
    assert_int_equal(fread(*px, 1, n, f), n);
    fclose(f);
}

/* What a phone sees: the printed symbol has the modules libqrencode gives for the link, and is
 * at least 9 cm wide. */
static void
poster_qr_code_holds_the_link(void **state)
{
    (void)state;
    char path[128], cmd[384], pgm[160];
    path_of(path, sizeof path, "poster-qr.pdf");
    write_poster(&poster_id, path);
    path_of(pgm, sizeof pgm, "poster-qr");
    snprintf(cmd, sizeof cmd, "pdftoppm -r 150 -gray -singlefile '%s' '%s' && echo ok", path, pgm);
    free(run(cmd));
    path_of(pgm, sizeof pgm, "poster-qr.pgm");
    unsigned char *px = NULL;
    int w = 0, h = 0;
    read_pgm(pgm, &px, &w, &h);

    /* the symbol is the only pure black: text is drawn in a softer ink */
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (px[y * w + x] < 8) {
                x0 = x < x0 ? x : x0;
                x1 = x > x1 ? x : x1;
                y0 = y < y0 ? y : y0;
                y1 = y > y1 ? y : y1;
            }
    assert_true(x1 > x0 && y1 > y0);
    double cm = (x1 - x0 + 1) / 150.0 * 2.54;
    if (cm < 9.0)
        fail_msg("the QR code is %.2f cm wide", cm);
    /* centred in the text column, whose margins are 25 mm left and 20 mm right */
    assert_true(fabs((x0 + x1) / 2.0 - w / 2.0 - (25 - 20) / 2.0 / 25.4 * 150) < 3);

    QRcode *q = QRcode_encodeString(URL, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    assert_non_null(q);
    double m = (x1 - x0 + 1) / (double)q->width;
    for (int r = 0; r < q->width; r++)
        for (int c = 0; c < q->width; c++) {
            int x = x0 + (int)((c + 0.5) * m), y = y0 + (int)((r + 0.5) * m);
            bool dark = px[y * w + x] < 128, want = q->data[r * q->width + c] & 1;
            if (dark != want)
                fail_msg("module (%d, %d) is %s", c, r, dark ? "dark" : "light");
        }
    /* the quiet zone: four modules of white around it */
    for (int x = x0 - (int)(4 * m); x < x0 - 1; x++)
        assert_true(px[(y0 + y1) / 2 * w + x] > 200);
    QRcode_free(q);
    free(px);
}

static void
poster_refuses_what_it_cannot_print(void **state)
{
    (void)state;
    char path[128];
    struct stat st;
    struct buf err = BUF_INIT;
    path_of(path, sizeof path, "poster-bad.pdf");
    struct survey_poster p = poster_id;
    p.url = "";
    assert_int_equal(survey_poster_pdf(&p, path, &err), ZE_INVAL);
    assert_true(err.len > 0);
    assert_int_equal(survey_poster_pdf(NULL, path, &err), ZE_INVAL);

    char *big = malloc(4001);
    memset(big, 'a', 4000);
    big[4000] = '\0';
    p.url = big;
    buf_reset(&err);
    assert_int_equal(survey_poster_pdf(&p, path, &err), ZE_INVAL);
    assert_has(buf_cstr(&err), "QR code", "why");
    assert_int_not_equal(stat(path, &st), 0); /* no half-written poster */
    free(big);
    buf_free(&err);
}

/* --- the infographic ----------------------------------------------------------------------- */

static const struct survey_bar items11[] = {
    {"U1 Persyaratan", 3.52, "3,52"},
    {"U2 Sistem, mekanisme, dan prosedur", 3.41, "3,41"},
    {"U3 Waktu penyelesaian", 2.91, "2,91"},
    {"U4 Biaya/tarif", 3.88, "3,88"},
    {"U5 Produk spesifikasi jenis pelayanan", 3.47, "3,47"},
    {"U6 Kompetensi pelaksana", 3.36, "3,36"},
    {"U7 Perilaku pelaksana", 3.61, "3,61"},
    {"U8 Penanganan pengaduan, saran dan masukan", 2.55, "2,55"},
    {"U9 Sarana dan prasarana", 3.02, "3,02"},
    {"L1 Ketersediaan informasi daring", 3.15, "3,15"},
    {"L2 Ruang tunggu ramah disabilitas", -1, NULL},
};

static const struct survey_followup_line follow5[] = {
    {"U8 Penanganan pengaduan, saran dan masukan",
     "Kotak pengaduan diganti dengan formulir daring yang dijawab paling lambat tiga hari kerja, "
     "dan rekap pengaduan diumumkan setiap bulan di papan informasi."},
    {"U3 Waktu penyelesaian",
     "Standar waktu layanan dipasang di loket dan petugas cadangan disiapkan pada jam sibuk."},
    {"U9 Sarana dan prasarana", "Kursi tunggu ditambah dan toilet diperbaiki pada November 2026."},
    {"L1 Ketersediaan informasi daring",
     "Daftar informasi publik diperbarui setiap pekan di laman resmi."},
    {"U6 Kompetensi pelaksana", "Petugas loket mengikuti pelatihan pelayanan prima."},
};

static struct survey_infographic
infographic(void)
{
    return (struct survey_infographic){
        .unit_name = "Bawaslu Kabupaten Klungkung",
        .title = "Hasil Survei Kepuasan Masyarakat Semester II 2026",
        .instrument_name = "Survei Kepuasan Masyarakat (IKM)",
        .period = "1 Oktober \xE2\x80\x93 30 November 2026",
        .n = 1234,
        .index = "3,32",
        .ikm = "83,05",
        .grade = "B",
        .label = "Baik",
        .ci95 = "3,25 \xE2\x80\x93 3,39",
        .bars = items11,
        .nbars = 11,
        .followups = follow5,
        .nfollowups = 5,
        .lang = "id",
    };
}

static void
write_infographic(const struct survey_infographic *g, const char *path)
{
    struct buf err = BUF_INIT;
    written(survey_infographic_pdf(g, path, &err), &err);
}

static void
infographic_shows_results_and_follow_up(void **state)
{
    (void)state;
    char path[128];
    path_of(path, sizeof path, "infographic.pdf");
    struct survey_infographic g = infographic();
    write_infographic(&g, path);
    char *t = pdf_words(path);
    assert_has(t, "Bawaslu Kabupaten Klungkung", "the unit");
    assert_has(t, "Hasil Survei Kepuasan Masyarakat Semester II 2026", "the title");
    assert_has(t, "83,05", "IKM x 25");
    assert_has(t, "Mutu pelayanan B \xC2\xB7 Baik", "the grade");
    assert_has(t, "Nilai indeks 3,32 dari 4", "the index");
    assert_has(t, "1.234 responden", "n");
    assert_has(t, "3,25 \xE2\x80\x93 3,39", "the interval");
    for (size_t i = 0; i < 11; i++) {
        assert_has(t, items11[i].label, "an item");
        if (items11[i].shown)
            assert_has(t, items11[i].shown, "an item's value");
    }
    assert_has(t, "L2 Ruang tunggu ramah disabilitas " DASH, "no data as a dash");
    for (size_t i = 0; i < 5; i++) {
        assert_has(t, follow5[i].item, "a follow-up's item");
        assert_has(t, follow5[i].action, "a follow-up");
    }
    assert_has(t, "Yang kami lakukan", "the follow-up heading");
    assert_int_equal(pdf_pages(path), 1);
    free(t);

    /* in English, for another instrument: the index is the headline */
    g.lang = "en";
    g.ikm = g.grade = g.label = NULL;
    g.instrument_name = "Anti-Corruption Perception Survey (IPAK)";
    g.nfollowups = 0;
    path_of(path, sizeof path, "infographic-en.pdf");
    write_infographic(&g, path);
    t = pdf_words(path);
    assert_has(t, "Index (scale 1" DASH "4) 3,32", "the index as the headline");
    assert_has(t, "1,234 respondents", "n");
    assert_has(t, "What we are doing about it", "the follow-up heading");
    assert_has(t, "being prepared", "no follow-up yet");
    assert_null(strstr(t, "Service quality"));
    assert_int_equal(pdf_pages(path), 1);
    free(t);
}

static void
unwritable_paths_are_io_errors(void **state)
{
    (void)state;
    struct buf err = BUF_INIT;
    struct stat st;
    const char *path = "/nonexistent-zona-dir/poster.pdf";
    assert_int_equal(survey_poster_pdf(&poster_id, path, &err), ZE_IO);
    assert_has(buf_cstr(&err), "/nonexistent-zona-dir/poster.pdf", "the path in the message");
    assert_int_not_equal(stat(path, &st), 0);
    buf_reset(&err);
    struct survey_infographic g = infographic();
    assert_int_equal(survey_infographic_pdf(&g, dir, &err), ZE_IO); /* a directory */
    assert_has(buf_cstr(&err), dir, "the path in the message");
    buf_reset(&err);
    g.bars = NULL;
    assert_int_equal(survey_infographic_pdf(&g, "/tmp/x.pdf", &err), ZE_INVAL);
    assert_int_equal(survey_infographic_pdf(NULL, "/tmp/x.pdf", &err), ZE_INVAL);
    buf_free(&err);
}

/* --- the writer's new parts ---------------------------------------------------------------- */

static void
pdf_bars_and_qr_errors_are_sticky(void **state)
{
    (void)state;
    char path[128];
    struct buf err = BUF_INIT;
    struct stat st;
    struct pdf *d = NULL;
    struct pdf_bar b = {"a", 2, "2", 0x000000};

    path_of(path, sizeof path, "bars-axis.pdf");
    assert_int_equal(pdf_open(path, NULL, &d, &err), 0);
    pdf_bars(d, &b, 1, 4, 4);
    pdf_paragraph(d, "ignored");
    assert_int_equal(pdf_close(d, &err), ZE_INVAL);
    assert_int_not_equal(stat(path, &st), 0);

    buf_reset(&err);
    assert_int_equal(pdf_open(path, NULL, &d, &err), 0);
    pdf_bars(d, NULL, 2, 1, 4);
    assert_int_equal(pdf_close(d, &err), ZE_INVAL);

    buf_reset(&err);
    assert_int_equal(pdf_open(path, NULL, &d, &err), 0);
    pdf_qr(d, "", 200);
    assert_int_equal(pdf_close(d, &err), ZE_INVAL);
    assert_has(buf_cstr(&err), "QR code", "why");

    /* many rows break between rows onto more pages, with every label kept */
    struct pdf_bar many[80];
    char labels[80][24];
    for (int i = 0; i < 80; i++) {
        snprintf(labels[i], sizeof labels[i], "Butir %02d", i);
        many[i] = (struct pdf_bar){labels[i], 1 + (i % 31) / 10.0, labels[i] + 6, 0x1565c0};
    }
    buf_reset(&err);
    assert_int_equal(pdf_open(path, NULL, &d, &err), 0);
    pdf_bars(d, many, 80, 1, 4);
    pdf_bars(d, many, 0, 1, 4); /* nothing */
    assert_int_equal(pdf_close(d, &err), 0);
    assert_true(pdf_pages(path) >= 2);
    char *t = pdf_words(path);
    assert_has(t, "Butir 00", "the first row");
    assert_has(t, "Butir 79", "the last row");
    free(t);
    buf_free(&err);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(qr_svg_is_xml_with_the_escaped_label),
        cmocka_unit_test(qr_svg_refuses_what_cannot_be_encoded),
        cmocka_unit_test(totp_qr_is_the_same_code),
        cmocka_unit_test(chart_shows_every_label_and_value),
        cmocka_unit_test(chart_colours_follow_the_grade_bands),
        cmocka_unit_test(poster_says_where_and_how),
        cmocka_unit_test(poster_qr_code_holds_the_link),
        cmocka_unit_test(poster_refuses_what_it_cannot_print),
        cmocka_unit_test(infographic_shows_results_and_follow_up),
        cmocka_unit_test(unwritable_paths_are_io_errors),
        cmocka_unit_test(pdf_bars_and_qr_errors_are_sticky),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
