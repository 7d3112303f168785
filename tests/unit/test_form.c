/* test_form: the streaming multipart/form-data parser. What a user notices: every field and file
 * arrives intact however the network splits the body, files land on disk with the right bytes and
 * hash, limits answer 413 instead of eating memory, malformed bodies are refused, and no temporary
 * file outlives its request. */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
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

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/blob.h"
#include "http/form.h"
#include "http/http.h"

#define BOUNDARY "----zonaFormBoundary7MA4YWxkTrZu0gW"
/* CRLF, two dashes and the boundary less its last character: not a delimiter */
#define LOOKALIKE "\r\n------zonaFormBoundary7MA4YWxkTrZu0g"

/* --- fixture: an arena and a private temporary folder per test ------------------------------- */

struct fx {
    struct arena *a;
    char dir[64];
};

static int
group_setup(void **state)
{
    (void)state;
    return sodium_init() < 0 ? -1 : 0;
}

static int
fx_setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/zona-form-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    f->a = arena_new();
    *state = f;
    return 0;
}

/* Entries in dir besides . and .. */
static int
count_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static void
empty_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char p[512];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    closedir(d);
}

static int
fx_teardown(void **state)
{
    struct fx *f = *state;
    arena_free(f->a);
    empty_dir(f->dir); /* only after a failed assertion: tests check the folder is empty */
    rmdir(f->dir);
    free(f);
    return 0;
}

/* Frees the arena, as the server does when the request ends, and gives a fresh one. */
static void
end_request(struct fx *f)
{
    arena_free(f->a);
    f->a = arena_new();
}

/* --- building bodies ------------------------------------------------------------------------ */

static void
add_field(struct buf *b, const char *name, const char *value, size_t len)
{
    buf_printf(b, "--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n", BOUNDARY, name);
    buf_append(b, value, len);
    buf_puts(b, "\r\n");
}

static void
add_text(struct buf *b, const char *name, const char *value)
{
    add_field(b, name, value, strlen(value));
}

static void
add_file(struct buf *b, const char *field, const char *filename, const char *ctype,
         const void *data, size_t len)
{
    buf_printf(b, "--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n",
               BOUNDARY, field, filename);
    if (ctype)
        buf_printf(b, "Content-Type: %s\r\n", ctype);
    buf_puts(b, "\r\n");
    buf_append(b, data, len);
    buf_puts(b, "\r\n");
}

static void
add_end(struct buf *b)
{
    buf_printf(b, "--%s--\r\n", BOUNDARY);
}

/* --- parsing -------------------------------------------------------------------------------- */

struct result {
    int feed_rc, finish_rc;
    struct kv *fields;
    int nfields;
    struct upload *files;
    int nfiles;
};

/* A small deterministic generator, so a failing chunking can be replayed from its seed. */
static uint64_t
next_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* chunk 0: whole body; chunk 1: a byte at a time; otherwise random sizes from seed chunk. */
static struct result
parse_body(struct fx *f, const char *body, size_t len, uint64_t chunk, const char *dir,
           size_t max_values)
{
    struct result r = {0};
    struct form_parser *p = form_parser_new(f->a, BOUNDARY, dir, max_values);
    size_t off = 0;
    uint64_t seed = chunk * 0x9E3779B97F4A7C15ull + 1;
    while (off < len) {
        size_t n = len - off;
        if (chunk == 1)
            n = 1;
        else if (chunk > 1) {
            uint64_t x = next_rand(&seed);
            size_t want = (x & 3) == 0 ? 1 + (size_t)(x >> 8) % 4096 : 1 + (size_t)(x >> 8) % 97;
            n = want < n ? want : n;
        }
        r.feed_rc = form_parser_feed(p, body + off, n);
        if (r.feed_rc)
            break;
        off += n;
    }
    r.finish_rc = form_parser_finish(p);
    form_parser_result(p, &r.fields, &r.nfields, &r.files, &r.nfiles);
    return r;
}

static struct result
parse_whole(struct fx *f, const struct buf *b)
{
    return parse_body(f, b->p, b->len, 0, f->dir, 1 << 20);
}

static void
sha256_hex(const void *p, size_t len, char out[65])
{
    unsigned char d[32];
    crypto_hash_sha256(d, p, len);
    blob_hex(d, out);
}

/* The bytes of an upload as stored on disk. Caller frees. */
static char *
read_upload(const struct upload *u, size_t *len)
{
    struct stat sb;
    assert_int_equal(fstat(u->fd, &sb), 0);
    char *data = malloc((size_t)sb.st_size + 1);
    assert_non_null(data);
    ssize_t got = pread(u->fd, data, (size_t)sb.st_size, 0);
    assert_int_equal(got, sb.st_size);
    *len = (size_t)sb.st_size;
    return data;
}

/* Everything a handler could observe, as text, with file contents hashed from the disk. */
static void
snapshot(const struct result *r, struct buf *out)
{
    buf_printf(out, "feed=%d finish=%d\n", r->feed_rc, r->finish_rc);
    for (int i = 0; i < r->nfields; i++) {
        buf_printf(out, "field %s %zu:", r->fields[i].name, r->fields[i].len);
        buf_append(out, r->fields[i].value, r->fields[i].len);
        buf_putc(out, '\n');
    }
    for (int i = 0; i < r->nfiles; i++) {
        const struct upload *u = &r->files[i];
        size_t len = 0;
        char hex[65] = "-";
        if (u->fd >= 0) {
            char *data = read_upload(u, &len);
            sha256_hex(data, len, hex);
            free(data);
        }
        buf_printf(out, "file %s [%s] %s size=%lld sha=%s disk=%zu:%s\n", u->field, u->filename,
                   u->content_type, (long long)u->size, u->sha256, len, hex);
    }
}

/* --- form_boundary -------------------------------------------------------------------------- */

static void
boundary_from_content_type(void **state)
{
    (void)state;
    char b[80];
    assert_int_equal(form_boundary("multipart/form-data; boundary=abc", b, sizeof b), 0);
    assert_string_equal(b, "abc");
    assert_int_equal(form_boundary("multipart/form-data; boundary=" BOUNDARY, b, sizeof b), 0);
    assert_string_equal(b, BOUNDARY);
    assert_int_equal(form_boundary("multipart/form-data; boundary=abc; charset=utf-8", b, sizeof b),
                     0);
    assert_string_equal(b, "abc");
    assert_int_equal(form_boundary("multipart/form-data;boundary=x y", b, sizeof b), 0);
    assert_string_equal(b, "x");
}

static void
boundary_quoted(void **state)
{
    (void)state;
    char b[80];
    assert_int_equal(form_boundary("multipart/form-data; boundary=\"a b;c=d\"", b, sizeof b), 0);
    assert_string_equal(b, "a b;c=d");
    assert_int_equal(form_boundary("multipart/form-data; boundary=\"simple\"; x=1", b, sizeof b),
                     0);
    assert_string_equal(b, "simple");
    assert_int_equal(form_boundary("multipart/form-data; boundary=\"unterminated", b, sizeof b),
                     ZE_INVAL);
    assert_int_equal(form_boundary("multipart/form-data; boundary=\"\"", b, sizeof b), ZE_INVAL);
}

static void
boundary_length_limits(void **state)
{
    (void)state;
    char b[80], ct[200];
    char seventy[71], seventy_one[72];
    memset(seventy, 'b', 70);
    seventy[70] = '\0';
    memset(seventy_one, 'b', 71);
    seventy_one[71] = '\0';
    /* boundary: RFC 2046 allows 1 to 70 characters */
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", seventy);
    assert_int_equal(form_boundary(ct, b, sizeof b), 0);
    assert_int_equal(strlen(b), 70);
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", seventy_one);
    assert_int_equal(form_boundary(ct, b, sizeof b), ZE_INVAL);
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=\"%s\"", seventy_one);
    assert_int_equal(form_boundary(ct, b, sizeof b), ZE_INVAL);
    assert_int_equal(form_boundary("multipart/form-data; boundary=a", b, sizeof b), 0);
    assert_string_equal(b, "a");
    assert_int_equal(form_boundary("multipart/form-data; boundary=", b, sizeof b), ZE_INVAL);
    assert_int_equal(form_boundary("multipart/form-data; boundary=;x=1", b, sizeof b), ZE_INVAL);
    /* the caller's buffer is respected */
    char small[4];
    assert_int_equal(form_boundary("multipart/form-data; boundary=abc", small, sizeof small), 0);
    assert_int_equal(form_boundary("multipart/form-data; boundary=abcd", small, sizeof small),
                     ZE_INVAL);
}

static void
boundary_missing_or_bad(void **state)
{
    (void)state;
    char b[80];
    assert_int_equal(form_boundary(NULL, b, sizeof b), ZE_INVAL);
    assert_int_equal(form_boundary("multipart/form-data", b, sizeof b), ZE_INVAL);
    assert_int_equal(form_boundary("application/x-www-form-urlencoded", b, sizeof b), ZE_INVAL);
    assert_int_equal(form_boundary("multipart/form-data; boundary=a\x01z", b, sizeof b), ZE_INVAL);
    assert_int_equal(form_boundary("multipart/form-data; boundary=\"caf\xc3\xa9\"", b, sizeof b),
                     ZE_INVAL);
}

/* --- fields and files ----------------------------------------------------------------------- */

static void
form_fields_and_a_file(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    const char content[] = "%PDF-1.4\n\x00\x01\x02\xff binary \r\n evidence";
    buf_puts(&b, "preamble that clients may send\r\n");
    add_text(&b, "unit", "Kota Batu");
    add_text(&b, "note", "Catatan: caf\xc3\xa9 \xe2\x80\x94 baris 1\r\nbaris 2");
    add_file(&b, "evidence", "SK Tim ZI.pdf", "application/pdf", content, sizeof content - 1);
    add_text(&b, "empty", "");
    add_end(&b);
    buf_puts(&b, "epilogue that is ignored");

    struct result r = parse_whole(f, &b);
    assert_int_equal(r.feed_rc, 0);
    assert_int_equal(r.finish_rc, 0);
    assert_int_equal(r.nfields, 3);
    assert_string_equal(r.fields[0].name, "unit");
    assert_string_equal(r.fields[0].value, "Kota Batu");
    assert_int_equal(r.fields[0].len, 9);
    assert_string_equal(r.fields[1].name, "note");
    assert_string_equal(r.fields[1].value, "Catatan: caf\xc3\xa9 \xe2\x80\x94 baris 1\r\nbaris 2");
    assert_string_equal(r.fields[2].name, "empty");
    assert_string_equal(r.fields[2].value, "");
    assert_int_equal(r.fields[2].len, 0);

    assert_int_equal(r.nfiles, 1);
    const struct upload *u = &r.files[0];
    assert_string_equal(u->field, "evidence");
    assert_string_equal(u->filename, "SK Tim ZI.pdf");
    assert_string_equal(u->content_type, "application/pdf");
    assert_int_equal(u->size, sizeof content - 1);
    char want[65];
    sha256_hex(content, sizeof content - 1, want);
    assert_string_equal(u->sha256, want);
    size_t len;
    char *disk = read_upload(u, &len);
    assert_int_equal(len, sizeof content - 1);
    assert_memory_equal(disk, content, len);
    free(disk);
    /* the file is where the server put it, under its own name */
    assert_non_null(u->tmp_path);
    assert_true(strncmp(u->tmp_path, f->dir, strlen(f->dir)) == 0);
    assert_int_equal(count_files(f->dir), 1);
    buf_free(&b);
}

static void
form_file_name_is_never_a_path(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    add_file(&b, "evidence", "../../../etc/passwd", NULL, "x", 1);
    add_end(&b);
    struct result r = parse_whole(f, &b);
    assert_int_equal(r.finish_rc, 0);
    assert_int_equal(r.nfiles, 1);
    assert_string_equal(r.files[0].filename, "../../../etc/passwd"); /* for display only */
    assert_null(strstr(r.files[0].tmp_path, ".."));
    assert_null(strstr(r.files[0].tmp_path, "passwd"));
    assert_true(strncmp(r.files[0].tmp_path, f->dir, strlen(f->dir)) == 0);
    /* no Content-Type header: never trusted anyway, and a safe default */
    assert_string_equal(r.files[0].content_type, "application/octet-stream");
    buf_free(&b);
}

static void
form_temp_files_removed_when_the_request_ends(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    add_file(&b, "a", "a.txt", "text/plain", "first", 5);
    add_file(&b, "b", "b.txt", "text/plain", "second", 6);
    add_end(&b);
    struct result r = parse_whole(f, &b);
    assert_int_equal(r.finish_rc, 0);
    assert_int_equal(r.nfiles, 2);
    char path0[256];
    snprintf(path0, sizeof path0, "%s", r.files[0].tmp_path);
    assert_int_equal(count_files(f->dir), 2);
    end_request(f);
    assert_int_equal(count_files(f->dir), 0);
    assert_int_equal(access(path0, F_OK), -1);
    buf_free(&b);
}

static void
form_temp_file_removed_after_an_error(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    char big[10000];
    memset(big, 'z', sizeof big);
    add_file(&b, "done", "done.bin", NULL, big, sizeof big);
    /* a second file cut off in the middle: the client went away */
    buf_printf(&b,
               "--%s\r\nContent-Disposition: form-data; name=\"cut\"; filename=\"c.bin\"\r\n\r\n",
               BOUNDARY);
    buf_append(&b, big, sizeof big);
    struct result r = parse_whole(f, &b);
    assert_int_equal(r.feed_rc, 0);
    assert_int_equal(r.finish_rc, ZE_INVAL);
    assert_int_equal(count_files(f->dir), 2); /* the finished one and the partial one */
    end_request(f);
    assert_int_equal(count_files(f->dir), 0);
    buf_free(&b);
}

static void
form_files_without_a_folder_are_hashed_only(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    add_file(&b, "f", "x.bin", NULL, "abc", 3);
    add_end(&b);
    struct result r = parse_body(f, b.p, b.len, 0, NULL, 1 << 20);
    assert_int_equal(r.finish_rc, 0);
    assert_int_equal(r.nfiles, 1);
    assert_int_equal(r.files[0].size, 3);
    assert_null(r.files[0].tmp_path);
    assert_int_equal(r.files[0].fd, -1);
    assert_string_equal(r.files[0].sha256,
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(count_files(f->dir), 0);
    buf_free(&b);
}

static void
form_empty_file_input_is_skipped(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    add_text(&b, "before", "1");
    /* what a browser sends for <input type=file> left empty */
    add_file(&b, "evidence", "", "application/octet-stream", "", 0);
    add_text(&b, "after", "2");
    add_end(&b);
    struct result r = parse_whole(f, &b);
    assert_int_equal(r.finish_rc, 0);
    assert_int_equal(r.nfiles, 0);
    assert_int_equal(r.nfields, 2);
    assert_string_equal(r.fields[1].name, "after");
    assert_int_equal(count_files(f->dir), 0); /* not even for the length of the request */
    buf_free(&b);
}

static void
form_chosen_empty_file_is_kept(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    add_file(&b, "evidence", "empty.txt", "text/plain", "", 0);
    add_end(&b);
    struct result r = parse_whole(f, &b);
    assert_int_equal(r.finish_rc, 0);
    assert_int_equal(r.nfiles, 1);
    assert_int_equal(r.files[0].size, 0);
    assert_string_equal(r.files[0].sha256,
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(count_files(f->dir), 1);
    buf_free(&b);
}

/* --- content that looks like structure ------------------------------------------------------ */

static void
form_crlf_and_boundary_lookalikes_in_content(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT, content = BUF_INIT;
    buf_puts(&content, "line 1\r\nline 2\r\n\r\n");
    buf_puts(&content, "text --" BOUNDARY " without CRLF before it\r\n");
    buf_puts(&content, "x--" BOUNDARY "\r\n");
    buf_puts(&content, "\n--" BOUNDARY " after a bare LF\r\n");
    buf_puts(&content, "\r--" BOUNDARY " after a bare CR\r\n");
    buf_puts(&content, "\r\n-" BOUNDARY " one dash\r\n");
    /* the boundary less its last character, right after CRLF */
    buf_puts(&content, "\r\n--");
    buf_append(&content, BOUNDARY, strlen(BOUNDARY) - 1);
    buf_puts(&content, "\r\n\r\n--\r\n");
    buf_puts(&content, "ends with CRLF\r\n");
    add_file(&b, "doc", "tricky.txt", "text/plain", content.p, content.len);
    add_field(&b, "value", content.p, content.len);
    add_text(&b, "cr", "ends with CR\r");
    add_end(&b);
    for (uint64_t chunk = 0; chunk < 3; chunk++) {
        struct result r = parse_body(f, b.p, b.len, chunk, f->dir, 1 << 20);
        assert_int_equal(r.feed_rc, 0);
        assert_int_equal(r.finish_rc, 0);
        assert_int_equal(r.nfiles, 1);
        assert_int_equal(r.files[0].size, content.len);
        size_t len;
        char *disk = read_upload(&r.files[0], &len);
        assert_int_equal(len, content.len);
        assert_memory_equal(disk, content.p, len);
        free(disk);
        assert_int_equal(r.nfields, 2);
        assert_int_equal(r.fields[0].len, content.len);
        assert_memory_equal(r.fields[0].value, content.p, content.len);
        assert_string_equal(r.fields[1].value, "ends with CR\r");
        end_request(f);
    }
    buf_free(&content);
    buf_free(&b);
}

static void
form_tolerates_padding_and_header_case(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    /* transport padding after the delimiter, and headers in any case */
    buf_printf(&b, "--%s  \t\r\ncontent-disposition: FORM-DATA; NAME=\"a\"\r\n\r\n1\r\n", BOUNDARY);
    buf_printf(&b,
               "--%s\r\nCONTENT-TYPE: text/plain\r\nContent-Disposition: form-data; "
               "name=b\r\n\r\n2\r\n",
               BOUNDARY);
    buf_printf(&b, "--%s--", BOUNDARY); /* no CRLF after the close delimiter */
    struct result r = parse_whole(f, &b);
    assert_int_equal(r.feed_rc, 0);
    assert_int_equal(r.finish_rc, 0);
    assert_int_equal(r.nfields, 2);
    assert_string_equal(r.fields[0].name, "a");
    assert_string_equal(r.fields[0].value, "1");
    assert_string_equal(r.fields[1].name, "b");
    assert_string_equal(r.fields[1].value, "2");
    buf_free(&b);
}

/* --- chunking ------------------------------------------------------------------------------- */

/* Found by fuzz_multipart: "filename=" inside a quoted name made the field a file. */
static void
form_issue2_filename_inside_a_quoted_name_is_a_field(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=\" filename=f\"\r\n\r\nisi\r\n",
               BOUNDARY);
    buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=\"a;filename=x\"\r\n\r\ndua\r\n",
               BOUNDARY);
    buf_printf(
        &b,
        "--%s\r\nContent-Disposition: form-data; name=\"c:\\dir\\\"; filename=\"C:\\a\\b.pdf\"\r\n\r\nPDF\r\n",
        BOUNDARY);
    add_end(&b);
    struct result r = parse_whole(f, &b);
    assert_int_equal(r.feed_rc, 0);
    assert_int_equal(r.finish_rc, 0);
    assert_int_equal(r.nfields, 2);
    assert_string_equal(r.fields[0].name, " filename=f");
    assert_string_equal(r.fields[1].name, "a;filename=x");
    assert_int_equal(r.nfiles, 1);
    /* backslashes are ordinary characters, as browsers send them */
    assert_string_equal(r.files[0].field, "c:\\dir\\");
    assert_string_equal(r.files[0].filename, "C:\\a\\b.pdf");
    buf_free(&b);
    end_request(f);
}

/* Found by fuzz_multipart: a part header at the limit was refused only when it came in pieces. */
static void
form_issue2_header_at_the_limit_in_any_pieces(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=\"x\"\r\nX-Pad: ", BOUNDARY);
    size_t head_start = strlen(BOUNDARY) + 4;
    /* headers (without the blank line) of exactly LIMIT_MULTIPART_HEADER bytes */
    while (b.len - head_start < LIMIT_MULTIPART_HEADER - 2)
        buf_putc(&b, 'a');
    buf_puts(&b, "\r\n\r\nnilai\r\n");
    add_end(&b);
    struct result whole = parse_body(f, b.p, b.len, 0, f->dir, 1 << 20);
    int w_feed = whole.feed_rc, w_finish = whole.finish_rc;
    end_request(f);
    struct result bytes = parse_body(f, b.p, b.len, 1, f->dir, 1 << 20);
    assert_int_equal(bytes.feed_rc, w_feed);
    assert_int_equal(bytes.finish_rc, w_finish);
    assert_int_equal(w_feed, 0);
    buf_free(&b);
    end_request(f);
}

static void
build_mixed_body(struct buf *b, struct buf *blob)
{
    uint64_t s = 42;
    for (int i = 0; i < 300000; i++) {
        uint64_t x = next_rand(&s);
        if (x % 5000 == 0) /* CRLFs and boundary fragments sprinkled in */
            buf_puts(blob, LOOKALIKE "\r");
        else
            buf_putc(blob, (char)(x >> 24));
    }
    add_text(b, "title", "Bukti pembangunan ZI \xe2\x80\x94 area I");
    add_file(b, "evidence", "foto.jpg", "image/jpeg", blob->p, blob->len);
    add_file(b, "skipped", "", "application/octet-stream", "", 0);
    add_file(b, "notes", "notes.txt", "text/plain", "one\r\ntwo\r\n", 10);
    add_text(b, "count", "3");
    add_end(b);
}

static void
form_same_result_a_byte_at_a_time(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT, blob = BUF_INIT, whole = BUF_INIT, bytes = BUF_INIT;
    build_mixed_body(&b, &blob);
    struct result r = parse_body(f, b.p, b.len, 0, f->dir, 1 << 20);
    assert_int_equal(r.finish_rc, 0);
    assert_int_equal(r.nfiles, 2);
    assert_int_equal(r.nfields, 2);
    char want[65];
    sha256_hex(blob.p, blob.len, want);
    assert_string_equal(r.files[0].sha256, want);
    assert_int_equal(r.files[0].size, blob.len);
    snapshot(&r, &whole);
    end_request(f);
    r = parse_body(f, b.p, b.len, 1, f->dir, 1 << 20);
    snapshot(&r, &bytes);
    assert_string_equal(buf_cstr(&bytes), buf_cstr(&whole));
    end_request(f);
    assert_int_equal(count_files(f->dir), 0);
    buf_free(&b);
    buf_free(&blob);
    buf_free(&whole);
    buf_free(&bytes);
}

static void
form_same_result_in_random_chunks(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT, blob = BUF_INIT, whole = BUF_INIT, other = BUF_INIT;
    build_mixed_body(&b, &blob);
    struct result r = parse_body(f, b.p, b.len, 0, f->dir, 1 << 20);
    snapshot(&r, &whole);
    end_request(f);
    for (uint64_t seed = 2; seed < 40; seed++) {
        buf_reset(&other);
        r = parse_body(f, b.p, b.len, seed, f->dir, 1 << 20);
        snapshot(&r, &other);
        if (strcmp(buf_cstr(&other), buf_cstr(&whole)) != 0)
            fail_msg("chunking seed %llu differs:\n%s\nexpected:\n%s", (unsigned long long)seed,
                     buf_cstr(&other), buf_cstr(&whole));
        end_request(f);
    }
    assert_int_equal(count_files(f->dir), 0);
    buf_free(&b);
    buf_free(&blob);
    buf_free(&whole);
    buf_free(&other);
}

/* --- malformed bodies ----------------------------------------------------------------------- */

static void
form_missing_final_boundary(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    add_text(&b, "a", "1");
    struct result r = parse_whole(f, &b);
    assert_int_equal(r.feed_rc, 0);
    assert_int_equal(r.finish_rc, ZE_INVAL);
    /* the closing delimiter cut short */
    buf_printf(&b, "--%s-", BOUNDARY);
    r = parse_whole(f, &b);
    assert_int_equal(r.finish_rc, ZE_INVAL);
    buf_reset(&b);
    /* nothing but a preamble, or nothing at all */
    buf_puts(&b, "just some text");
    r = parse_whole(f, &b);
    assert_int_equal(r.finish_rc, ZE_INVAL);
    struct form_parser *p = form_parser_new(f->a, BOUNDARY, f->dir, 1 << 20);
    assert_int_equal(form_parser_finish(p), ZE_INVAL);
    buf_free(&b);
}

static void
form_part_without_a_name(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    buf_printf(&b, "--%s\r\nContent-Disposition: form-data\r\n\r\nx\r\n", BOUNDARY);
    add_end(&b);
    assert_int_equal(parse_whole(f, &b).feed_rc, ZE_INVAL);
    buf_reset(&b);
    buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n", BOUNDARY);
    add_end(&b);
    assert_int_equal(parse_whole(f, &b).feed_rc, ZE_INVAL);
    buf_reset(&b);
    buf_printf(&b, "--%s\r\nContent-Type: text/plain\r\n\r\nx\r\n", BOUNDARY);
    add_end(&b);
    assert_int_equal(parse_whole(f, &b).feed_rc, ZE_INVAL);
    buf_reset(&b);
    buf_printf(&b, "--%s\r\n\r\nno headers at all\r\n", BOUNDARY);
    add_end(&b);
    assert_int_equal(parse_whole(f, &b).feed_rc, ZE_INVAL);
    buf_reset(&b);
    buf_printf(&b, "--%s\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n", BOUNDARY);
    add_end(&b);
    assert_int_equal(parse_whole(f, &b).feed_rc, ZE_INVAL);
    buf_free(&b);
}

static void
form_garbage_after_a_delimiter(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    buf_printf(&b, "--%sXYZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n", BOUNDARY);
    add_end(&b);
    assert_int_equal(parse_whole(f, &b).feed_rc, ZE_INVAL);
    buf_free(&b);
}

static void
form_invalid_utf8_is_refused(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    add_text(&b, "name", "Budi \xff\xfe");
    add_end(&b);
    assert_int_equal(parse_whole(f, &b).feed_rc, ZE_INVAL);
    buf_reset(&b);
    add_field(&b, "nul", "a\0b", 3);
    add_end(&b);
    assert_int_equal(parse_whole(f, &b).feed_rc, ZE_INVAL);
    buf_reset(&b);
    add_text(&b, "bad\xc3", "x");
    add_end(&b);
    assert_int_equal(parse_whole(f, &b).feed_rc, ZE_INVAL);
    buf_reset(&b);
    add_file(&b, "f", "foto\xc0\xaf.jpg", NULL, "x", 1);
    add_end(&b);
    assert_int_equal(parse_whole(f, &b).feed_rc, ZE_INVAL);
    /* file bytes are binary and never checked */
    buf_reset(&b);
    add_file(&b, "f", "foto.jpg", NULL, "\xff\xd8\xff\x00", 4);
    add_end(&b);
    assert_int_equal(parse_whole(f, &b).finish_rc, 0);
    buf_free(&b);
}

static void
form_errors_are_sticky(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT, good = BUF_INIT;
    add_text(&b, "name", "\xff");
    buf_printf(&b, "--%s", BOUNDARY); /* the delimiter that closes the bad part */
    buf_puts(&good, "\r\n");
    add_text(&good, "later", "fine");
    add_end(&good);
    struct form_parser *p = form_parser_new(f->a, BOUNDARY, f->dir, 1 << 20);
    assert_int_equal(form_parser_feed(p, b.p, b.len), ZE_INVAL);
    assert_int_equal(form_parser_feed(p, good.p, good.len), ZE_INVAL);
    assert_int_equal(form_parser_finish(p), ZE_INVAL);
    buf_free(&b);
    buf_free(&good);
}

/* --- limits --------------------------------------------------------------------------------- */

static void
form_field_values_are_bounded_in_total(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    char v[101];
    memset(v, 'v', sizeof v);
    add_field(&b, "a", v, 100);
    add_end(&b);
    assert_int_equal(parse_body(f, b.p, b.len, 0, f->dir, 100).finish_rc, 0);
    buf_reset(&b);
    add_field(&b, "a", v, 101);
    add_end(&b);
    assert_int_equal(parse_body(f, b.p, b.len, 0, f->dir, 100).feed_rc, ZE_LIMIT);
    assert_int_equal(parse_body(f, b.p, b.len, 1, f->dir, 100).feed_rc, ZE_LIMIT);
    /* the bound is on all fields together */
    buf_reset(&b);
    add_field(&b, "a", v, 60);
    add_field(&b, "b", v, 41);
    add_end(&b);
    assert_int_equal(parse_body(f, b.p, b.len, 0, f->dir, 100).feed_rc, ZE_LIMIT);
    /* file bytes do not count against it */
    buf_reset(&b);
    char big[5000];
    memset(big, 'f', sizeof big);
    add_field(&b, "a", v, 100);
    add_file(&b, "f", "f.bin", NULL, big, sizeof big);
    add_end(&b);
    assert_int_equal(parse_body(f, b.p, b.len, 0, f->dir, 100).finish_rc, 0);
    buf_free(&b);
}

static void
form_one_field_value_is_bounded(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    char *v = malloc(LIMIT_FIELD_VALUE + 1);
    assert_non_null(v);
    memset(v, 'v', LIMIT_FIELD_VALUE + 1);
    add_field(&b, "a", v, LIMIT_FIELD_VALUE);
    add_end(&b);
    struct result r = parse_body(f, b.p, b.len, 0, f->dir, 1 << 30);
    assert_int_equal(r.finish_rc, 0);
    assert_int_equal(r.fields[0].len, LIMIT_FIELD_VALUE);
    end_request(f);
    buf_reset(&b);
    add_field(&b, "a", v, LIMIT_FIELD_VALUE + 1);
    add_end(&b);
    assert_int_equal(parse_body(f, b.p, b.len, 0, f->dir, 1 << 30).feed_rc, ZE_LIMIT);
    free(v);
    buf_free(&b);
}

static void
form_too_many_files(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    for (int i = 0; i < LIMIT_FILES; i++) {
        char name[16];
        snprintf(name, sizeof name, "f%d", i);
        add_file(&b, name, "x.txt", "text/plain", name, strlen(name));
    }
    struct buf ok = BUF_INIT;
    buf_append(&ok, b.p, b.len);
    add_end(&ok);
    struct result r = parse_whole(f, &ok);
    assert_int_equal(r.finish_rc, 0);
    assert_int_equal(r.nfiles, LIMIT_FILES);
    assert_string_equal(r.files[LIMIT_FILES - 1].field, "f19");
    end_request(f);
    add_file(&b, "one_more", "x.txt", "text/plain", "x", 1);
    add_end(&b);
    r = parse_whole(f, &b);
    assert_int_equal(r.feed_rc, ZE_LIMIT);
    end_request(f);
    assert_int_equal(count_files(f->dir), 0);
    buf_free(&b);
    buf_free(&ok);
}

static void
form_too_many_fields(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    for (int i = 0; i < LIMIT_FIELDS; i++)
        add_text(&b, "f", "1");
    struct buf ok = BUF_INIT;
    buf_append(&ok, b.p, b.len);
    add_end(&ok);
    struct result r = parse_whole(f, &ok);
    assert_int_equal(r.finish_rc, 0);
    assert_int_equal(r.nfields, LIMIT_FIELDS);
    add_text(&b, "f", "1");
    add_end(&b);
    assert_int_equal(parse_whole(f, &b).feed_rc, ZE_LIMIT);
    buf_free(&b);
    buf_free(&ok);
}

static void
form_part_headers_are_bounded(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: ", BOUNDARY);
    for (int i = 0; i < LIMIT_MULTIPART_HEADER; i++)
        buf_putc(&b, 'p');
    buf_puts(&b, "\r\n\r\nv\r\n");
    add_end(&b);
    assert_int_equal(parse_whole(f, &b).feed_rc, ZE_LIMIT);
    assert_int_equal(parse_body(f, b.p, b.len, 1, f->dir, 1 << 20).feed_rc, ZE_LIMIT);
    buf_free(&b);
}

static void
form_field_names_are_bounded(void **state)
{
    struct fx *f = *state;
    struct buf b = BUF_INIT;
    char name[LIMIT_FIELD_NAME + 2];
    memset(name, 'n', sizeof name);
    name[LIMIT_FIELD_NAME] = '\0';
    add_text(&b, name, "v");
    add_end(&b);
    assert_int_equal(parse_whole(f, &b).finish_rc, 0);
    buf_reset(&b);
    name[LIMIT_FIELD_NAME] = 'n';
    name[LIMIT_FIELD_NAME + 1] = '\0';
    add_text(&b, name, "v");
    add_end(&b);
    assert_int_not_equal(parse_whole(f, &b).feed_rc, 0);
    buf_free(&b);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(boundary_from_content_type),
        T(form_issue2_filename_inside_a_quoted_name_is_a_field),
        T(form_issue2_header_at_the_limit_in_any_pieces),
        cmocka_unit_test(boundary_quoted),
        cmocka_unit_test(boundary_length_limits),
        cmocka_unit_test(boundary_missing_or_bad),
        T(form_fields_and_a_file),
        T(form_file_name_is_never_a_path),
        T(form_temp_files_removed_when_the_request_ends),
        T(form_temp_file_removed_after_an_error),
        T(form_files_without_a_folder_are_hashed_only),
        T(form_empty_file_input_is_skipped),
        T(form_chosen_empty_file_is_kept),
        T(form_crlf_and_boundary_lookalikes_in_content),
        T(form_tolerates_padding_and_header_case),
        T(form_same_result_a_byte_at_a_time),
        T(form_same_result_in_random_chunks),
        T(form_missing_final_boundary),
        T(form_part_without_a_name),
        T(form_garbage_after_a_delimiter),
        T(form_invalid_utf8_is_refused),
        T(form_errors_are_sticky),
        T(form_field_values_are_bounded_in_total),
        T(form_one_field_value_is_bounded),
        T(form_too_many_files),
        T(form_too_many_fields),
        T(form_part_headers_are_bounded),
        T(form_field_names_are_bounded),
    };
#undef T
    return cmocka_run_group_tests_name("form", tests, group_setup, NULL);
}
