/* test_lke_lhe: the Laporan Hasil Evaluasi as a reader gets it. Each test scores answers on the
 * shipped PermenPAN-RB 90/2021 framework, writes the PDF and reads it back with poppler's
 * pdftotext: `-layout` for what must sit on one line (a table row with its numbers, the footer),
 * `-raw` (content order, so a wrapped table cell reads as one text) for long texts. A missing
 * pdftotext is a failure, not a skip. */
#include <sys/stat.h>

#include <math.h>
#include <pthread.h>
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
#include "lke/lke.h"
#include "lke/lke_docs.h"
#include "report/pdf.h"
#include "web/fmt.h"

/* LeakSanitizer: fontconfig 2.14.1 leaks 288 bytes once per process while it parses its
 * configuration (FcInitLoadConfigAndFonts, on pango's font-map init thread); it is not ours to
 * free. The entry belongs in tests/lsan.supp, but tests/run.sh also hands that file to ASan
 * (ASAN_OPTIONS=suppressions=...), which rejects "leak:" lines and aborts every binary, so it
 * lives here until run.sh passes the file to LSAN_OPTIONS only. */
const char *__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

static char dir[64];
static struct lke_framework *fw;
static json_t *fw_doc; /* the framework file, for the names a reader sees */

static int
setup(void **state)
{
    (void)state;
    struct buf err = BUF_INIT;
    if (lke_framework_shipped(&fw, &err) != 0)
        fail_msg("the shipped framework did not load:\n%s", buf_cstr(&err));
    buf_free(&err);
    json_error_t e;
    fw_doc = json_load_file("data/frameworks/lke-permenpanrb-90-2021.json", 0, &e);
    if (!fw_doc)
        fail_msg("data/frameworks/lke-permenpanrb-90-2021.json:%d: %s", e.line, e.text);
    snprintf(dir, sizeof dir, "/tmp/zona-lhe-XXXXXX");
    if (!mkdtemp(dir))
        fail_msg("mkdtemp failed");
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    lke_framework_free(fw);
    json_decref(fw_doc);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return 0;
}

static void
pdf_path(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
}

/* The text of a PDF through pdftotext with the given mode ("-layout" or "-raw"). Caller frees. */
static char *
pdftext(const char *path, const char *mode)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "pdftotext %s -enc UTF-8 '%s' -", mode, path);
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
        fail_msg("`%s` failed (status %d): is poppler-utils (pdftotext) installed?", cmd, st);
    buf_putc(&b, '\0');
    return buf_steal(&b);
}

/* s with every run of white space (and form feeds) made one space. Caller frees. */
static char *
squeeze(const char *s)
{
    struct buf b = BUF_INIT;
    bool space = false;
    for (; *s; s++) {
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
    return buf_steal(&b);
}

static void
assert_has(const char *hay, const char *needle, const char *what)
{
    if (!strstr(hay, needle))
        fail_msg("%s: \"%s\" is not in the report", what, needle);
}

/* True when one line of text holds the words in this order. */
static bool
line_has(const char *text, const char *const *words, int n)
{
    const char *line = text;
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char *copy = strndup(line, len);
        const char *at = copy;
        int i = 0;
        for (; i < n; i++) {
            const char *hit = strstr(at, words[i]);
            if (!hit)
                break;
            at = hit + strlen(words[i]);
        }
        free(copy);
        if (i == n)
            return true;
        if (!end)
            break;
        line = end + 1;
    }
    return false;
}

static void
fmt2(char *out, size_t n, double v)
{
    struct buf b = BUF_INIT;
    fmt_decimal(&b, "id", v, 2);
    snprintf(out, n, "%s", buf_cstr(&b));
    buf_free(&b);
}

/* The Indonesian name of an area or item in the framework file. */
static const char *
name_in_file(json_t *node, const char *code)
{
    if (json_is_array(node)) {
        size_t i;
        json_t *x;
        json_array_foreach(node, i, x)
        {
            const char *s = name_in_file(x, code);
            if (s)
                return s;
        }
        return NULL;
    }
    if (!json_is_object(node))
        return NULL;
    const char *c = json_string_value(json_object_get(node, "code"));
    if (c && strcmp(c, code) == 0) {
        json_t *t = json_object_get(node, "name");
        if (!t)
            t = json_object_get(node, "text");
        return json_string_value(json_object_get(t, "id"));
    }
    const char *k;
    json_t *v;
    json_object_foreach(node, k, v)
    {
        if (json_is_array(v)) {
            const char *s = name_in_file(v, code);
            if (s)
                return s;
        }
    }
    return NULL;
}

/* Answers for every question. generous: a unit's own view; otherwise what the TPI accepted, which
 * varies by question so that the areas (and the two parts of each) score differently. */
static json_t *
answers(bool generous)
{
    json_t *a = json_object();
    for (size_t i = 0; i < fw->nquestions; i++) {
        const struct lke_question *q = &fw->questions[i];
        json_t *v = NULL;
        size_t k = i * 7 + (size_t)(q->area > 0 ? q->area : 0);
        switch (q->type) {
        case LKE_YN:
            v = json_string(generous || k % 5 ? "ya" : "tidak");
            break;
        case LKE_OPTIONS: {
            int opt = generous ? 0 : (int)(k % 3);
            if (opt >= q->noptions)
                opt = q->noptions - 1;
            v = json_string(q->option_keys[opt]);
            break;
        }
        case LKE_PERCENT:
            v = json_real(generous ? 95 : 60 + (double)(k % 35));
            break;
        case LKE_INDEX:
            /* IPAK 3.40 is below the WBK minimum of 3.60; IPKP 3.30 passes WBK (3.20) */
            v = json_real(generous ? 3.7 : strcmp(q->role, "ipak") == 0 ? 3.4 : 3.3);
            break;
        }
        json_object_set_new(a, q->code, v);
    }
    return a;
}

static json_t *
scored(bool generous)
{
    json_t *a = answers(generous), *r = NULL;
    struct buf err = BUF_INIT;
    if (lke_score(fw, a, &r, &err) != 0)
        fail_msg("lke_score: %s", buf_cstr(&err));
    buf_free(&err);
    json_decref(a);
    return r;
}

static const char *const finding_texts[] = {
    "SK Tim Kerja Pembangunan ZI tahun berjalan belum ditandatangani oleh pimpinan unit dan belum "
    "memuat pembagian tugas per area perubahan.",
    "Monitoring rencana kerja ZI hanya dilakukan satu kali dalam setahun tanpa notulen rapat.",
    "Survei IPAK dilaksanakan dengan 18 responden saja, di bawah jumlah sampel yang memadai.",
};
static const char *const recommendation_texts[] = {
    "Menetapkan kembali SK Tim Kerja Pembangunan Zona Integritas yang memuat pembagian tugas "
    "setiap area perubahan dan ditandatangani oleh Ketua Bawaslu Kabupaten Klungkung.",
    "Melaksanakan monitoring dan evaluasi rencana kerja pembangunan ZI setiap triwulan dan "
    "mendokumentasikan hasilnya dalam notulen.",
    "Memperluas sampel Survei Persepsi Anti Korupsi kepada seluruh pengguna layanan.",
};

static json_t *
klungkung_model(size_t nfindings)
{
    json_t *model = json_pack(
        "{s:{s:s,s:s,s:s},s:i,s:s,s:s,s:s,s:o,s:o,s:[],s:[],s:{s:s,s:s,s:s,s:s,s:s}}", "unit",
        "code", "51.05", "name", "Bawaslu Kabupaten Klungkung", "parent", "Bawaslu Provinsi Bali",
        "year", 2025, "evaluator", "Inspektorat Utama Badan Pengawas Pemilihan Umum", "level",
        "dalnis", "level_label", "TPI \xE2\x80\x93 Pengendali Teknis", "scores", scored(false),
        "self_scores", scored(true), "findings", "recommendations", "signature", "place",
        "Klungkung", "date", "12 Mei 2025", "role", "Pengendali Teknis Tim Penilai Internal",
        "name", "Ni Made Sri Wahyuni, S.E., M.Ak.", "nip", "19790312 200501 2 002");
    assert_non_null(model);
    json_t *fs = json_object_get(model, "findings");
    static const char *const codes[] = {"pemenuhan.1.i.a", "pemenuhan.1.iii.b", "hasil.1.a"};
    for (size_t i = 0; i < nfindings; i++) {
        char text[64], resp[64];
        const char *finding = finding_texts[i % 3];
        if (nfindings > 3) {
            snprintf(text, sizeof text, "Temuan nomor %zu", i + 1);
            finding = text;
        }
        snprintf(resp, sizeof resp, "Akan ditindaklanjuti (%zu)", i + 1);
        json_array_append_new(fs, json_pack("{s:s,s:s,s:s,s:s}", "code", codes[i % 3], "finding",
                                            finding, "recommendation",
                                            "Lengkapi data dukung sesuai kriteria LKE.", "response",
                                            resp));
    }
    json_t *rs = json_object_get(model, "recommendations");
    for (size_t i = 0; i < 3; i++)
        json_array_append_new(rs, json_string(recommendation_texts[i]));
    return model;
}

static const struct lke_doc_meta meta_id = {"51.05",  "Bawaslu Kabupaten Klungkung",        2025,
                                            "dalnis", "TPI \xE2\x80\x93 Pengendali Teknis", "id"};

static void
write_ok(json_t *model, const struct lke_doc_meta *m, const char *path)
{
    struct buf err = BUF_INIT;
    int rc = lke_lhe_pdf(fw, model, m, path, &err);
    if (rc != 0)
        fail_msg("lke_lhe_pdf: %d %s", rc, buf_cstr(&err));
    buf_free(&err);
}

static void
report_shows_what_the_unit_needs(void **state)
{
    (void)state;
    char path[128];
    pdf_path(path, sizeof path, "lhe.pdf");
    json_t *model = klungkung_model(3);
    write_ok(model, &meta_id, path);
    char *layout = pdftext(path, "-layout"), *raw = pdftext(path, "-raw");
    char *flat = squeeze(raw);
    json_t *scores = json_object_get(model, "scores"),
           *self = json_object_get(model, "self_scores");

    assert_has(layout, "Bawaslu Kabupaten Klungkung", "the unit");
    assert_has(layout, "LAPORAN HASIL EVALUASI PEMBANGUNAN ZONA INTEGRITAS", "the title");
    assert_has(layout, "PADA BAWASLU KABUPATEN KLUNGKUNG", "the title's unit");
    assert_has(layout, "TAHUN 2025", "the year");
    assert_has(layout, "INSPEKTORAT UTAMA BADAN PENGAWAS PEMILIHAN UMUM", "the letterhead");
    assert_has(layout, "Bawaslu Provinsi Bali", "the parent");

    /* every area on one line: name, weight, self score, reviewed score */
    for (size_t i = 0; i < fw->nareas; i++) {
        const struct lke_area *a = &fw->areas[i];
        char wt[32], sf[32], rv[32];
        fmt2(wt, sizeof wt, a->weight);
        fmt2(sf, sizeof sf,
             json_number_value(json_object_get(json_object_get(self, "areas"), a->code)));
        fmt2(rv, sizeof rv,
             json_number_value(json_object_get(json_object_get(scores, "areas"), a->code)));
        const char *name = name_in_file(json_object_get(fw_doc, "components"), a->code);
        assert_non_null(name);
        const char *row[4] = {name, wt, sf, rv};
        if (!line_has(layout, row, 4))
            fail_msg("area %s: no line shows \"%s %s %s %s\"\n%s", a->code, name, wt, sf, rv,
                     layout);
    }
    char total[32], self_total[32];
    fmt2(total, sizeof total, json_number_value(json_object_get(scores, "total")));
    fmt2(self_total, sizeof self_total, json_number_value(json_object_get(self, "total")));
    const char *total_row[3] = {"NILAI TOTAL", self_total, total};
    assert_true(line_has(layout, total_row, 3));
    /* the Hasil items with their scores */
    for (size_t i = 0; i < fw->nquestions; i++) {
        const struct lke_question *q = &fw->questions[i];
        if (q->area >= 0)
            continue;
        char rv[32];
        fmt2(rv, sizeof rv,
             json_number_value(json_object_get(json_object_get(scores, "items"), q->code)));
        /* the name may wrap in its cell; the score stands on its first line */
        char name[24];
        snprintf(name, sizeof name, "%s",
                 name_in_file(json_object_get(fw_doc, "components"), q->code));
        const char *row[2] = {name, rv};
        if (!line_has(layout, row, 2))
            fail_msg("Hasil item %s: no line shows \"%s ... %s\"", q->code, name, rv);
    }

    /* the summary in words: the verdict and the reason that IPAK is too low */
    char sentence[160];
    snprintf(sentence, sizeof sentence, "memperoleh nilai total %s dari 100,00", total);
    assert_has(flat, sentence, "the total in words");
    assert_has(flat, "belum memenuhi syarat untuk diusulkan sebagai WBK", "the verdict");
    char ipak[32];
    fmt2(ipak, sizeof ipak,
         json_number_value(json_object_get(json_object_get(scores, "items"), "hasil.1.a")));
    snprintf(sentence, sizeof sentence,
             "nilai Indeks Persepsi Anti Korupsi (IPAK) sebesar %s masih di bawah batas minimal "
             "15,75 (setara indeks 3,40 dari minimal 3,60",
             ipak);
    assert_has(flat, sentence, "the IPAK reason");

    for (size_t i = 0; i < 3; i++) {
        assert_has(flat, finding_texts[i], "a finding");
        assert_has(flat, recommendation_texts[i], "a recommendation");
    }
    /* a finding without its question shows the question's words from the framework */
    assert_has(flat, "Unit kerja telah membentuk tim untuk melakukan pembangunan Zona Integritas",
               "the question of a finding");
    assert_has(layout, "Ni Made Sri Wahyuni, S.E., M.Ak.", "the signer");
    assert_has(layout, "NIP 19790312 200501 2 002", "the signer's NIP");
    assert_has(layout, "Klungkung, 12 Mei 2025", "the place and date");
    assert_has(layout, "Halaman 1 dari", "the footer");

    free(layout);
    free(raw);
    free(flat);
    json_decref(model);
}

static size_t
count_pages(const char *text)
{
    size_t n = 0;
    for (const char *p = text; *p; p++)
        n += *p == '\f';
    return n;
}

static void
long_findings_table_repeats_its_header(void **state)
{
    (void)state;
    char path[128];
    pdf_path(path, sizeof path, "lhe-60.pdf");
    json_t *model = klungkung_model(60);
    write_ok(model, &meta_id, path);
    char *layout = pdftext(path, "-layout");
    size_t pages = count_pages(layout);
    assert_true(pages >= 3);
    /* every page says which of how many it is */
    const char *page = layout;
    size_t with_findings = 0;
    for (size_t k = 1; k <= pages; k++) {
        const char *end = strchr(page, '\f');
        assert_non_null(end);
        char *text = strndup(page, (size_t)(end - page));
        char footer[64];
        snprintf(footer, sizeof footer, "Halaman %zu dari %zu", k, pages);
        assert_has(text, footer, "the page number");
        if (strstr(text, "Temuan nomor ")) {
            with_findings++;
            assert_has(text, "Tanggapan Unit", "the repeated header");
            assert_has(text, "Rekomendasi", "the repeated header");
        }
        free(text);
        page = end + 1;
    }
    assert_true(with_findings >= 2);
    /* each finding whole, once */
    char *flat = squeeze(layout);
    for (size_t i = 1; i <= 60; i++) {
        char want[48];
        snprintf(want, sizeof want, "Temuan nomor %zu ", i);
        const char *hit = strstr(flat, want);
        if (!hit || strstr(hit + 1, want))
            fail_msg("\"%s\" is not in the report exactly once", want);
    }
    free(flat);
    free(layout);
    json_decref(model);
}

static void
english_switches_the_headings(void **state)
{
    (void)state;
    char path[128];
    pdf_path(path, sizeof path, "lhe-en.pdf");
    json_t *model = klungkung_model(3);
    struct lke_doc_meta m = meta_id;
    m.lang = "en";
    write_ok(model, &m, path);
    char *layout = pdftext(path, "-layout"), *flat = squeeze(layout);
    assert_has(layout, "EVALUATION REPORT ON INTEGRITY ZONE DEVELOPMENT", "the title");
    assert_has(layout, "III. SCORES BY COMPONENT AND CHANGE AREA", "a heading");
    assert_has(layout, "Change management", "an area in English");
    assert_has(flat, "does not yet meet the requirements to be proposed as a WBK", "the verdict");
    assert_has(layout, "Page 1 of", "the footer");
    char total[32];
    struct buf b = BUF_INIT;
    fmt_decimal(&b, "en",
                json_number_value(json_object_get(json_object_get(model, "scores"), "total")), 2);
    snprintf(total, sizeof total, "%s", buf_cstr(&b));
    buf_free(&b);
    assert_has(layout, total, "the total with a decimal point");
    free(layout);
    free(flat);
    json_decref(model);
}

static void
missing_and_odd_fields_are_tolerated(void **state)
{
    (void)state;
    char path[128];
    pdf_path(path, sizeof path, "lhe-empty.pdf");
    json_t *empty = json_object();
    write_ok(empty, NULL, path);
    char *layout = pdftext(path, "-layout");
    assert_has(layout, "LAPORAN HASIL EVALUASI", "the title");
    assert_has(layout, "Nilai hasil evaluasi belum tersedia.", "no scores");
    assert_has(layout, "Tidak terdapat catatan atas jawaban unit.", "no findings");
    assert_has(layout, "Halaman 1 dari", "the footer");
    free(layout);
    json_decref(empty);

    /* every field of the wrong type, a finding that is not an object, bytes that are not UTF-8,
     * a text of 60000 bytes, a heading with nothing after it */
    struct buf big = BUF_INIT;
    for (int i = 0; i < 6000; i++)
        buf_puts(&big, "kata kata ");
    json_t *odd = json_pack("{s:s,s:s,s:i,s:[i,s,{s:i,s:s,s:s}],s:{s:b},s:i,s:[i,{s:s}],s:s}",
                            "unit", "not an object", "scores", "none", "self_scores", 7, "findings",
                            1, "x", "code", 5, "finding", buf_cstr(&big), "question", "?",
                            "signature", "nip", 1, "year", -4, "recommendations", 3, "text",
                            "Rekomendasi sebagai objek", "evaluator", "Inspektorat");
    assert_non_null(odd);
    json_object_set_new(odd, "area_names",
                        json_pack("{s:s,s:i}", "pemenuhan.1", "Area Satu", "x", 1));
    json_array_append_new(json_object_get(odd, "findings"),
                          json_pack("{s:s}", "finding", "caf\xC3\xA9 ok"));
    buf_free(&big);
    pdf_path(path, sizeof path, "lhe-odd.pdf");
    write_ok(odd, NULL, path);
    layout = pdftext(path, "-layout");
    assert_true(count_pages(layout) >= 2); /* the long finding spans pages */
    assert_has(layout, "Rekomendasi sebagai objek", "a recommendation given as an object");
    free(layout);
    json_decref(odd);

    struct buf err = BUF_INIT;
    json_t *arr = json_array();
    assert_int_equal(lke_lhe_pdf(fw, arr, &meta_id, path, &err), ZE_INVAL);
    assert_true(err.len > 0);
    json_decref(arr);
    buf_free(&err);
}

static void
invalid_utf8_is_repaired(void **state)
{
    (void)state;
    char path[128];
    pdf_path(path, sizeof path, "lhe-utf8.pdf");
    json_t *model = json_object();
    /* jansson refuses invalid UTF-8 in json_string, so the bytes go in unchecked */
    json_t *f = json_object();
    json_object_set_new(f, "finding", json_stringn_nocheck("bad \xFF\xFE bytes", 13));
    json_t *fs = json_array();
    json_array_append_new(fs, f);
    json_object_set_new(model, "findings", fs);
    /* in the letterhead, the title (capitals), the PDF metadata and the footer too */
    json_t *unit = json_object();
    json_object_set_new(unit, "name", json_stringn_nocheck("Unit \xC3", 6));
    json_object_set_new(model, "unit", unit);
    json_object_set_new(model, "evaluator", json_stringn_nocheck("Inspektorat \xF0", 13));
    write_ok(model, NULL, path);
    char *layout = pdftext(path, "-layout");
    assert_has(layout, "bad", "the repaired text");
    assert_has(layout, "bytes", "the repaired text");
    free(layout);
    json_decref(model);
}

static void
unwritable_path_is_an_error(void **state)
{
    (void)state;
    json_t *model = klungkung_model(1);
    struct buf err = BUF_INIT;
    const char *path = "/nonexistent-zona-dir/lhe.pdf";
    assert_int_equal(lke_lhe_pdf(fw, model, &meta_id, path, &err), ZE_IO);
    assert_non_null(strstr(buf_cstr(&err), "/nonexistent-zona-dir/lhe.pdf"));
    struct stat st;
    assert_int_not_equal(stat(path, &st), 0);
    buf_reset(&err);
    assert_int_equal(lke_lhe_pdf(fw, model, &meta_id, dir, &err), ZE_IO); /* a directory */
    buf_free(&err);
    json_decref(model);
}

static void
metadata_names_the_report(void **state)
{
    (void)state;
    char path[128], cmd[256];
    pdf_path(path, sizeof path, "lhe-meta.pdf");
    json_t *model = klungkung_model(1);
    write_ok(model, &meta_id, path);
    snprintf(cmd, sizeof cmd, "pdfinfo -enc UTF-8 '%s'", path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    struct buf b = BUF_INIT;
    char chunk[1024];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        buf_append(&b, chunk, n);
    assert_int_equal(pclose(p), 0);
    assert_has(buf_cstr(&b), "Laporan Hasil Evaluasi Pembangunan Zona Integritas", "the title");
    assert_has(buf_cstr(&b), "Bawaslu Kabupaten Klungkung 2025", "the title's unit");
    assert_has(buf_cstr(&b), "Inspektorat Utama Badan Pengawas Pemilihan Umum", "the author");
    assert_has(buf_cstr(&b), "595.276 x 841.89 pts (A4)", "A4");
    buf_free(&b);
    json_decref(model);
}

/* The three verdicts: ready for both, WBK only (with the WBBM reasons), neither. */
static void
verdicts_in_words(void **state)
{
    (void)state;
    char path[128];
    pdf_path(path, sizeof path, "lhe-verdict.pdf");
    struct buf err = BUF_INIT;
    json_t *model = klungkung_model(0);
    json_object_set_new(model, "scores", scored(true));
    write_ok(model, &meta_id, path);
    char *raw = pdftext(path, "-raw"), *flat = squeeze(raw);
    assert_has(flat,
               "Bawaslu Kabupaten Klungkung memenuhi syarat nilai untuk diusulkan sebagai WBK "
               "(Wilayah Bebas dari Korupsi) maupun WBBM (Wilayah Birokrasi Bersih dan Melayani).",
               "ready for both");
    assert_has(flat, "sama dengan nilai penilaian mandiri", "the same score as the unit's own");
    free(raw);
    free(flat);

    /* IPKP 3.30: enough for WBK (3.20), not for WBBM (3.60) */
    json_t *a = answers(true), *r = NULL;
    json_object_set_new(a, "hasil.2.a", json_real(3.3));
    assert_int_equal(lke_score(fw, a, &r, &err), 0);
    json_decref(a);
    json_object_set_new(model, "scores", r);
    write_ok(model, &meta_id, path);
    raw = pdftext(path, "-raw");
    flat = squeeze(raw);
    char ipkp[32], want[256];
    fmt2(ipkp, sizeof ipkp,
         json_number_value(json_object_get(json_object_get(r, "items"), "hasil.2.a")));
    assert_has(flat,
               "memenuhi syarat untuk diusulkan sebagai WBK (Wilayah Bebas dari Korupsi), namun "
               "belum memenuhi syarat untuk diusulkan sebagai WBBM",
               "WBK only");
    snprintf(want, sizeof want,
             "a. nilai Indeks Persepsi Kualitas Pelayanan (IPKP) sebesar %s masih di bawah batas "
             "minimal 15,75 (setara indeks 3,30 dari minimal 3,60 pada skala 1\xE2\x80\x93"
             "4).",
             ipkp);
    assert_has(flat, want, "the WBBM reason");
    assert_null(strstr(flat, "tidak memenuhi")); /* the words are "belum", not yet */
    free(raw);
    free(flat);
    buf_free(&err);
    json_decref(model);
}

/* Each document has its own font map, so reports can be written on several threads at once. */
static void *
write_in_thread(void *arg)
{
    const char *path = arg;
    json_t *model = klungkung_model(5);
    struct buf err = BUF_INIT;
    intptr_t rc = 0;
    for (int i = 0; i < 2 && rc == 0; i++)
        rc = lke_lhe_pdf(fw, model, &meta_id, path, &err);
    buf_free(&err);
    json_decref(model);
    return (void *)rc;
}

static void
threads_write_reports_side_by_side(void **state)
{
    (void)state;
    enum { N = 4 };
    pthread_t th[N];
    char paths[N][128];
    for (int i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "lhe-thread-%d.pdf", i);
        pdf_path(paths[i], sizeof paths[i], name);
        assert_int_equal(pthread_create(&th[i], NULL, write_in_thread, paths[i]), 0);
    }
    for (int i = 0; i < N; i++) {
        void *rc = NULL;
        assert_int_equal(pthread_join(th[i], &rc), 0);
        assert_int_equal((intptr_t)rc, 0);
    }
    for (int i = 0; i < N; i++) {
        char *raw = pdftext(paths[i], "-raw"), *flat = squeeze(raw);
        assert_has(flat, "Akan ditindaklanjuti (5)", "the last finding");
        free(raw);
        free(flat);
    }
}

/* The writer itself: the page limit and a bad table are errors reported at close, and the
 * partial file is gone; pdf_abandon removes its file too. */
static void
writer_errors_remove_the_file(void **state)
{
    (void)state;
    char path[128];
    struct stat st;
    struct buf err = BUF_INIT;
    struct pdf *d = NULL;
    pdf_path(path, sizeof path, "limit.pdf");
    assert_int_equal(pdf_open(path, NULL, &d, &err), 0);
    for (int i = 0; i <= PDF_MAX_PAGES; i++) {
        pdf_paragraph(d, "x");
        pdf_page_break(d);
    }
    pdf_paragraph(d, "after the limit: ignored");
    assert_int_equal(pdf_close(d, &err), ZE_LIMIT);
    assert_non_null(strstr(buf_cstr(&err), "limit.pdf"));
    assert_int_not_equal(stat(path, &st), 0);

    buf_reset(&err);
    pdf_path(path, sizeof path, "table.pdf");
    assert_int_equal(pdf_open(path, NULL, &d, &err), 0);
    struct pdf_column cols[1] = {{"a", 1, PDF_LEFT}};
    assert_null(pdf_table_begin(d, cols, 0, 0, 0));
    pdf_table_row(NULL, NULL, 0);
    pdf_table_end(NULL);
    assert_int_equal(pdf_close(d, &err), ZE_INVAL);
    assert_int_not_equal(stat(path, &st), 0);

    buf_reset(&err);
    pdf_path(path, sizeof path, "abandoned.pdf");
    assert_int_equal(pdf_open(path, NULL, &d, &err), 0);
    assert_int_equal(stat(path, &st), 0);
    pdf_heading(d, 1, "Judul");
    pdf_abandon(d);
    assert_int_not_equal(stat(path, &st), 0);
    assert_int_equal(pdf_close(NULL, &err), 0);
    pdf_abandon(NULL);
    buf_free(&err);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(report_shows_what_the_unit_needs),
        cmocka_unit_test(long_findings_table_repeats_its_header),
        cmocka_unit_test(english_switches_the_headings),
        cmocka_unit_test(missing_and_odd_fields_are_tolerated),
        cmocka_unit_test(invalid_utf8_is_repaired),
        cmocka_unit_test(unwritable_path_is_an_error),
        cmocka_unit_test(metadata_names_the_report),
        cmocka_unit_test(verdicts_in_words),
        cmocka_unit_test(threads_write_reports_side_by_side),
        cmocka_unit_test(writer_errors_remove_the_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
