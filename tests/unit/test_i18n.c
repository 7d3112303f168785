/* test_i18n: the .po reader, and the platform's promise that no user ever sees an untranslated
 * English message id: every {{t "..."}} in templates/ and every N_("...") in src/ must have a
 * translation in both catalogs, and the two catalogs must hold the same ids. */
#include <sys/stat.h>

#include <dirent.h>
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
#include "core/embed.h"
#include "core/err.h"
#include "web/i18n.h"

static int
group_teardown(void **state)
{
    (void)state;
    i18n_unload();
    return 0;
}

/* --- po_parse ------------------------------------------------------------------------------- */

struct parsed {
    int rc;
    struct po_entry *e;
    size_t n;
    char err[256];
};

static struct parsed
parse(const char *src)
{
    struct parsed p = {0};
    struct buf err = BUF_INIT;
    p.rc = po_parse(src, strlen(src), &p.e, &p.n, &err);
    snprintf(p.err, sizeof p.err, "%s", buf_cstr(&err));
    buf_free(&err);
    return p;
}

static void
expect_entries(const char *src, size_t n, const char *const *pairs)
{
    struct parsed p = parse(src);
    if (p.rc != 0)
        fail_msg("po_parse failed: %s", p.err);
    if (p.n != n)
        fail_msg("%zu entries, expected %zu", p.n, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(p.e[i].id, pairs[2 * i]);
        assert_string_equal(p.e[i].str, pairs[2 * i + 1]);
    }
    po_free(p.e, p.n);
}

/* Expects ZE_INVAL with a message containing want (e.g. "line 3:"). */
static void
expect_po_error(const char *src, const char *want)
{
    struct parsed p = parse(src);
    if (p.rc == 0) {
        po_free(p.e, p.n);
        fail_msg("po_parse accepted:\n%s", src);
    }
    assert_int_equal(p.rc, ZE_INVAL);
    assert_null(p.e);
    assert_int_equal(p.n, 0);
    if (want && !strstr(p.err, want))
        fail_msg("expected \"%s\" in \"%s\"", want, p.err);
}

static void
po_entries_sorted_and_header_skipped(void **state)
{
    (void)state;
    static const char *const want[] = {"Home", "Beranda", "Sign in", "Masuk"};
    expect_entries("msgid \"\"\n"
                   "msgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                   "\n"
                   "msgid \"Sign in\"\n"
                   "msgstr \"Masuk\"\n"
                   "\n"
                   "msgid \"Home\"\n"
                   "msgstr \"Beranda\"\n",
                   2, want);
}

static void
po_entries_without_blank_lines_between(void **state)
{
    (void)state;
    static const char *const want[] = {"a", "A", "b", "B"};
    expect_entries("msgid \"a\"\nmsgstr \"A\"\nmsgid \"b\"\nmsgstr \"B\"\n", 2, want);
}

static void
po_continuation_lines(void **state)
{
    (void)state;
    static const char *const want[] = {"Hello wide world", "Halo dunia yang luas"};
    expect_entries("msgid \"\"\n"
                   "\"Hello \"\n"
                   "\"wide world\"\n"
                   "msgstr \"Halo \"\n"
                   "  \"dunia \"\n"
                   "\t\"yang luas\"\n",
                   1, want);
}

static void
po_escapes(void **state)
{
    (void)state;
    static const char *const want[] = {"Say \"hi\"\n\tnow \\ later", "Ucapkan \"hai\"\\"};
    expect_entries("msgid \"Say \\\"hi\\\"\\n\\tnow \\\\ later\"\n"
                   "msgstr \"Ucapkan \\\"hai\\\"\\\\\"\n",
                   1, want);
}

static void
po_comments_blank_lines_and_crlf(void **state)
{
    (void)state;
    static const char *const want[] = {"Home", "Beranda", "Language", "Bahasa"};
    expect_entries("# translator comment\r\n"
                   "#: templates/layout.html:12\r\n"
                   "#, fuzzy\r\n"
                   "   \r\n"
                   "msgid \"Language\"   \r\n"
                   "msgstr \"Bahasa\"\r\n"
                   "\r\n"
                   "\r\n"
                   "  # indented comment\r\n"
                   "msgid \"Home\"\r\n"
                   "msgstr \"Beranda\"\r\n",
                   2, want);
}

static void
po_utf8_text(void **state)
{
    (void)state;
    static const char *const want[] = {"Caf\xc3\xa9 \xe2\x80\x94 menu", "Kafe \xe2\x80\x94 menu"};
    expect_entries("msgid \"Caf\xc3\xa9 \xe2\x80\x94 menu\"\nmsgstr \"Kafe \xe2\x80\x94 menu\"\n",
                   1, want);
}

static void
po_empty_translation_is_kept_for_the_checks(void **state)
{
    (void)state;
    static const char *const want[] = {"Untranslated", ""};
    expect_entries("msgid \"Untranslated\"\nmsgstr \"\"\n", 1, want);
}

static void
po_empty_or_header_only(void **state)
{
    (void)state;
    expect_entries("", 0, NULL);
    expect_entries("\n\n# only comments\n", 0, NULL);
    expect_entries("msgid \"\"\nmsgstr \"Language: id\\n\"\n", 0, NULL);
}

static void
po_last_entry_without_final_newline(void **state)
{
    (void)state;
    /* Editors may drop the file's last newline; the last translation must not vanish with it. */
    static const char *const one[] = {"Sign in", "Masuk"};
    expect_entries("msgid \"Sign in\"\nmsgstr \"Masuk\"", 1, one);
    static const char *const two[] = {"a", "A", "b", "B"};
    expect_entries("msgid \"a\"\nmsgstr \"A\"\n\nmsgid \"b\"\nmsgstr \"B\"", 2, two);
    expect_entries("msgid \"a\"\nmsgstr \"A\"\n\nmsgid \"b\"\nmsgstr \"\"\n\"B\"", 2, two);
}

static void
po_duplicate_msgid(void **state)
{
    (void)state;
    expect_po_error("msgid \"Home\"\nmsgstr \"Beranda\"\n\n"
                    "msgid \"Other\"\nmsgstr \"Lain\"\n\n"
                    "msgid \"Home\"\nmsgstr \"Rumah\"\n",
                    "duplicate");
    /* the same id written in two ways is still the same id */
    expect_po_error("msgid \"a b\"\nmsgstr \"x\"\n\nmsgid \"a \"\n\"b\"\nmsgstr \"y\"\n",
                    "duplicate");
}

static void
po_msgid_without_msgstr(void **state)
{
    (void)state;
    expect_po_error("msgid \"a\"\n\nmsgid \"b\"\nmsgstr \"B\"\n", "line 3:");
    expect_po_error("msgid \"a\"\nmsgstr \"A\"\n\nmsgid \"b\"\n", "msgid without msgstr");
    expect_po_error("msgid \"a\"", "msgid without msgstr");
}

static void
po_msgstr_without_msgid(void **state)
{
    (void)state;
    expect_po_error("msgstr \"A\"\n", "line 1:");
    expect_po_error("msgid \"a\"\nmsgstr \"A\"\nmsgstr \"B\"\n", "line 3:");
}

static void
po_invalid_escape(void **state)
{
    (void)state;
    expect_po_error("msgid \"a\"\nmsgstr \"bad \\q escape\"\n", "line 2:");
    expect_po_error("msgid \"a\\x41\"\nmsgstr \"A\"\n", "line 1:");
    expect_po_error("msgid \"a\\\"\nmsgstr \"A\"\n", "line 1:"); /* escaped closing quote */
}

static void
po_malformed_strings(void **state)
{
    (void)state;
    expect_po_error("msgid \"open\nmsgstr \"A\"\n", "line 1:");
    expect_po_error("msgid open\nmsgstr \"A\"\n", "line 1:");
    expect_po_error("msgid \"a\" trailing\nmsgstr \"A\"\n", "line 1:");
    expect_po_error("msgid \"a\"\nmsgstr \"A\"\n\n\"stray continuation\"\n", "line 4:");
    expect_po_error("msgid \"a\"\nmsgstr \"A\"\nnonsense\n", "line 3:");
}

static void
po_contexts_and_plurals_are_refused(void **state)
{
    (void)state;
    expect_po_error("msgctxt \"menu\"\nmsgid \"a\"\nmsgstr \"A\"\n", "line 1:");
    expect_po_error("msgid \"file\"\nmsgid_plural \"files\"\nmsgstr[0] \"berkas\"\n", "line 2:");
}

static void
po_invalid_utf8(void **state)
{
    (void)state;
    expect_po_error("msgid \"caf\xe9\"\nmsgstr \"A\"\n", "UTF-8");
    expect_po_error("msgid \"a\"\nmsgstr \"\xc3\"\n", "UTF-8");
}

/* --- lookups -------------------------------------------------------------------------------- */

static char lang_id[] = "id";

static void
i18n_lookups(void **state)
{
    (void)state;
    struct buf err = BUF_INIT;
    int rc = i18n_load(&err);
    if (rc != 0)
        fail_msg("the embedded catalogs do not load: %s", buf_cstr(&err));
    assert_int_equal(err.len, 0);
    buf_free(&err);
    assert_string_equal(i18n_t("id", "Sign in"), "Masuk");
    assert_string_equal(i18n_t("en", "Sign in"), "Sign in");
    assert_string_equal(i18n_t("id", "Home"), "Beranda");
    /* Indonesian unless English is asked for */
    assert_string_equal(i18n_t(NULL, "Sign in"), "Masuk");
    assert_string_equal(i18n_t("fr", "Sign in"), "Masuk");
    /* a missing id shows itself */
    const char *missing = "No such message id, surely";
    assert_ptr_equal(i18n_t("id", missing), missing);
    assert_false(i18n_has("id", missing));
    assert_false(i18n_has("en", missing));
    assert_true(i18n_has("id", "Sign in"));
    assert_true(i18n_has("en", "Sign in"));
    assert_string_equal(i18n_tmpl_translate(lang_id, "Home"), "Beranda");
    /* loading twice replaces, never duplicates */
    struct buf err2 = BUF_INIT;
    assert_int_equal(i18n_load(&err2), 0);
    buf_free(&err2);
    assert_string_equal(i18n_t("id", "Sign in"), "Masuk");
}

/* --- the catalog check ---------------------------------------------------------------------- */

struct use {
    char *id;
    char *where; /* "templates/home.html:12" */
};

struct uses {
    struct use *u;
    size_t n, cap;
};

static void
add_use(struct uses *l, const char *id, size_t len, const char *file, int line)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->u = realloc(l->u, sizeof(*l->u) * l->cap);
        assert_non_null(l->u);
    }
    l->u[l->n].id = strndup(id, len);
    struct buf w = BUF_INIT;
    buf_printf(&w, "%s:%d", file, line);
    l->u[l->n].where = buf_steal(&w);
    l->n++;
}

static void
free_uses(struct uses *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->u[i].id);
        free(l->u[i].where);
    }
    free(l->u);
    memset(l, 0, sizeof *l);
}

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct buf b = BUF_INIT;
    char tmp[8192];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        buf_append(&b, tmp, n);
    fclose(f);
    *len = b.len;
    return buf_steal(&b);
}

static int
line_at(const char *s, const char *at)
{
    int line = 1;
    for (; s < at; s++)
        if (*s == '\n')
            line++;
    return line;
}

/* {{t "id"}} as the template compiler reads it: "{{", spaces, 't', spaces, a quoted id with no
 * quote inside, spaces, "}}". */
static void
scan_template(const char *path, struct uses *l)
{
    size_t len;
    char *s = slurp(path, &len);
    assert_non_null(s);
    const char *end = s + len;
    for (const char *p = s; (p = memmem(p, (size_t)(end - p), "{{", 2)) != NULL;) {
        const char *q = p + 2;
        p += 2;
        while (q < end && *q == ' ')
            q++;
        if (q + 2 >= end || q[0] != 't' || q[1] != ' ')
            continue;
        q++;
        while (q < end && *q == ' ')
            q++;
        if (q >= end || *q != '"')
            continue;
        const char *id = ++q;
        while (q < end && *q != '"' && *q != '\n')
            q++;
        if (q >= end || *q != '"')
            continue;
        const char *id_end = q++;
        while (q < end && *q == ' ')
            q++;
        if (q + 1 < end && q[0] == '}' && q[1] == '}')
            add_use(l, id, (size_t)(id_end - id), path, line_at(s, id));
    }
    free(s);
}

static bool
ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int
hexdigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads one C string literal at *pp (on its opening quote) into out, decoding escapes. */
static bool
read_c_string(const char **pp, const char *end, struct buf *out)
{
    const char *p = *pp + 1;
    while (p < end && *p != '"') {
        if (*p == '\n')
            return false;
        if (*p != '\\') {
            buf_putc(out, *p++);
            continue;
        }
        if (++p >= end)
            return false;
        char c = *p++;
        switch (c) {
        case 'n':
            buf_putc(out, '\n');
            break;
        case 't':
            buf_putc(out, '\t');
            break;
        case 'r':
            buf_putc(out, '\r');
            break;
        case 'x': {
            int v = 0, d;
            while (p < end && (d = hexdigit(*p)) >= 0) {
                v = v * 16 + d;
                p++;
            }
            buf_putc(out, (char)v);
            break;
        }
        default:
            if (c >= '0' && c <= '7') {
                int v = c - '0';
                for (int k = 0; k < 2 && p < end && *p >= '0' && *p <= '7'; k++)
                    v = v * 8 + (*p++ - '0');
                buf_putc(out, (char)v);
            } else {
                buf_putc(out, c); /* \" \\ \' \? */
            }
        }
    }
    if (p >= end)
        return false;
    *pp = p + 1;
    return true;
}

static const char *
skip_space(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* N_("id") in C, outside comments and other literals; adjacent literals are joined as the
 * compiler joins them. N_(s) in the macro's own definition is not an id. */
static void
scan_c(const char *path, struct uses *l)
{
    size_t len;
    char *s = slurp(path, &len);
    assert_non_null(s);
    const char *p = s, *end = s + len;
    while (p < end) {
        if (p[0] == '/' && p + 1 < end && p[1] == '/') {
            while (p < end && *p != '\n')
                p++;
        } else if (p[0] == '/' && p + 1 < end && p[1] == '*') {
            const char *e = memmem(p + 2, (size_t)(end - p - 2), "*/", 2);
            p = e ? e + 2 : end;
        } else if (*p == '"' || *p == '\'') {
            char q = *p++;
            while (p < end && *p != q) {
                if (*p == '\\')
                    p++;
                p++;
            }
            p++;
        } else if (p[0] == 'N' && p + 1 < end && p[1] == '_' && (p == s || !ident_char(p[-1])) &&
                   (p + 2 >= end || !ident_char(p[2]))) {
            const char *q = skip_space(p + 2, end);
            p += 2;
            if (q >= end || *q != '(')
                continue;
            q = skip_space(q + 1, end);
            if (q >= end || *q != '"')
                continue;
            const char *first = q;
            struct buf id = BUF_INIT;
            bool ok = true;
            while (ok && q < end && *q == '"') {
                ok = read_c_string(&q, end, &id);
                q = skip_space(q, end);
            }
            if (ok && q < end && *q == ')')
                add_use(l, buf_cstr(&id), id.len, path, line_at(s, first));
            else
                fail_msg("%s:%d: N_( must hold string literals only", path, line_at(s, first));
            buf_free(&id);
            p = q;
        } else {
            p++;
        }
    }
    free(s);
}

static bool
has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void
walk(const char *dir, bool c_only, struct uses *l)
{
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("cannot open %s (run the tests from the repository root)", dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        struct buf path = BUF_INIT;
        buf_printf(&path, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (stat(path.p, &sb) == 0 && S_ISDIR(sb.st_mode))
            walk(path.p, c_only, l);
        else if (!c_only)
            scan_template(path.p, l);
        else if (has_suffix(e->d_name, ".c") || has_suffix(e->d_name, ".h"))
            scan_c(path.p, l);
        buf_free(&path);
    }
    closedir(d);
}

/* The tests run from the repository root; a build folder below it works as well. */
static void
go_to_repo_root(void)
{
    for (int i = 0; i < 4; i++) {
        struct stat a, b;
        if (stat("templates", &a) == 0 && S_ISDIR(a.st_mode) && stat("src/web/i18n.c", &b) == 0)
            return;
        if (chdir("..") != 0)
            break;
    }
    fail_msg("the source tree (templates/ and src/) is not in the working folder or above it");
}

static void
report_missing(const struct uses *l, const char *kind, int *missing)
{
    for (size_t i = 0; i < l->n; i++) {
        for (int k = 0; k < 2; k++) {
            const char *lang = k ? "en" : "id";
            if (!i18n_has(lang, l->u[i].id)) {
                print_error("missing translation in data/locale/%s.po for %s id \"%s\" (%s)\n",
                            lang, kind, l->u[i].id, l->u[i].where);
                (*missing)++;
            }
        }
    }
}

static void
i18n_every_used_id_is_translated(void **state)
{
    (void)state;
    struct buf err = BUF_INIT;
    int rc = i18n_load(&err);
    if (rc != 0)
        fail_msg("the embedded catalogs do not load: %s", buf_cstr(&err));
    buf_free(&err);
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    go_to_repo_root();
    struct uses tmpl = {0}, code = {0};
    walk("templates", false, &tmpl);
    walk("src", true, &code);
    assert_int_equal(chdir(cwd), 0);
    /* the scanners found what is there, so a pass is not an empty one */
    assert_true(tmpl.n >= 10);
    assert_true(code.n >= 10);
    int missing = 0;
    report_missing(&tmpl, "template", &missing);
    report_missing(&code, "N_()", &missing);
    size_t nt = tmpl.n, nc = code.n;
    free_uses(&tmpl);
    free_uses(&code);
    if (missing)
        fail_msg("%d translation(s) missing (%zu template and %zu C uses checked)", missing, nt,
                 nc);
}

static void
load_catalog(const char *path, struct po_entry **e, size_t *n)
{
    struct embed_file f;
    if (embed_get(path, &f) != 0)
        fail_msg("%s is not embedded", path);
    struct buf err = BUF_INIT;
    int rc = po_parse((const char *)f.data, f.len, e, n, &err);
    embed_release(&f);
    if (rc != 0)
        fail_msg("%s: %s", path, buf_cstr(&err));
    buf_free(&err);
}

static void
i18n_catalogs_hold_the_same_ids(void **state)
{
    (void)state;
    struct po_entry *id, *en;
    size_t nid, nen;
    load_catalog("data/locale/id.po", &id, &nid);
    load_catalog("data/locale/en.po", &en, &nen);
    /* both are sorted: walk them side by side */
    size_t i = 0, k = 0;
    int diff = 0;
    while (i < nid || k < nen) {
        int c = i >= nid ? 1 : k >= nen ? -1 : strcmp(id[i].id, en[k].id);
        if (c < 0) {
            print_error("only in id.po: \"%s\"\n", id[i++].id);
            diff++;
        } else if (c > 0) {
            print_error("only in en.po: \"%s\"\n", en[k++].id);
            diff++;
        } else {
            i++;
            k++;
        }
    }
    /* and no entry of either is left empty */
    for (size_t j = 0; j < nid; j++)
        if (!id[j].str[0]) {
            print_error("empty msgstr in id.po: \"%s\"\n", id[j].id);
            diff++;
        }
    for (size_t j = 0; j < nen; j++)
        if (!en[j].str[0]) {
            print_error("empty msgstr in en.po: \"%s\"\n", en[j].id);
            diff++;
        }
    po_free(id, nid);
    po_free(en, nen);
    if (diff)
        fail_msg("%d difference(s) between data/locale/id.po and en.po", diff);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(po_entries_sorted_and_header_skipped),
        cmocka_unit_test(po_entries_without_blank_lines_between),
        cmocka_unit_test(po_continuation_lines),
        cmocka_unit_test(po_escapes),
        cmocka_unit_test(po_comments_blank_lines_and_crlf),
        cmocka_unit_test(po_utf8_text),
        cmocka_unit_test(po_empty_translation_is_kept_for_the_checks),
        cmocka_unit_test(po_empty_or_header_only),
        cmocka_unit_test(po_last_entry_without_final_newline),
        cmocka_unit_test(po_duplicate_msgid),
        cmocka_unit_test(po_msgid_without_msgstr),
        cmocka_unit_test(po_msgstr_without_msgid),
        cmocka_unit_test(po_invalid_escape),
        cmocka_unit_test(po_malformed_strings),
        cmocka_unit_test(po_contexts_and_plurals_are_refused),
        cmocka_unit_test(po_invalid_utf8),
        cmocka_unit_test(i18n_lookups),
        cmocka_unit_test(i18n_every_used_id_is_translated),
        cmocka_unit_test(i18n_catalogs_hold_the_same_ids),
    };
    return cmocka_run_group_tests_name("i18n", tests, NULL, group_teardown);
}
