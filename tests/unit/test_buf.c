/* test_buf: the core helpers every layer builds on: growable buffers and strings (buf.c), strict
 * integer parsing and UTF-8 validation at the input boundary, arenas (arena.c) and the one table
 * that maps error codes to HTTP statuses (err.c). */
#include <limits.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

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

/* --- buf ------------------------------------------------------------------------------------ */

static void
buf_append_keeps_content_nul_terminated(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    assert_string_equal(buf_cstr(&b), "");
    buf_append(&b, "abc", 3);
    assert_int_equal(b.len, 3);
    assert_int_equal(b.p[3], '\0');
    buf_puts(&b, "de");
    buf_putc(&b, 'f');
    assert_int_equal(b.len, 6);
    assert_string_equal(buf_cstr(&b), "abcdef");
    buf_append(&b, "ignored", 0);
    assert_string_equal(buf_cstr(&b), "abcdef");
    buf_free(&b);
}

static void
buf_append_grows_over_many_appends(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    for (int i = 0; i < 100000; i++)
        buf_putc(&b, (char)('a' + i % 26));
    assert_int_equal(b.len, 100000);
    assert_true(b.cap > b.len);
    assert_int_equal(b.p[100000], '\0');
    for (int i = 0; i < 100000; i += 9973)
        assert_int_equal(b.p[i], 'a' + i % 26);
    /* one append far larger than the capacity at hand */
    char *big = malloc(1 << 20);
    assert_non_null(big);
    memset(big, 'x', 1 << 20);
    buf_append(&b, big, 1 << 20);
    assert_int_equal(b.len, 100000 + (1 << 20));
    assert_int_equal(b.p[b.len - 1], 'x');
    assert_int_equal(b.p[b.len], '\0');
    free(big);
    buf_free(&b);
}

static void
buf_holds_binary_bytes_with_nul(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    const char bytes[] = {'a', '\0', 'b', '\0', '\xff'};
    buf_append(&b, bytes, sizeof bytes);
    assert_int_equal(b.len, sizeof bytes);
    assert_memory_equal(b.p, bytes, sizeof bytes);
    buf_free(&b);
}

static void
buf_printf_formats_and_appends(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    buf_printf(&b, "%d-%s", 42, "x");
    buf_printf(&b, "|%05.1f", 3.14159);
    assert_string_equal(buf_cstr(&b), "42-x|003.1");
    /* longer than the first block of 64 bytes */
    char longs[1000];
    memset(longs, 'z', sizeof longs - 1);
    longs[sizeof longs - 1] = '\0';
    buf_printf(&b, "[%s]", longs);
    assert_int_equal(b.len, strlen("42-x|003.1") + 2 + 999);
    assert_int_equal(b.p[b.len - 1], ']');
    assert_int_equal(b.p[b.len], '\0');
    /* an empty result leaves the buffer as it was */
    size_t before = b.len;
    buf_printf(&b, "%s", "");
    assert_int_equal(b.len, before);
    buf_free(&b);

    struct buf e = BUF_INIT;
    buf_printf(&e, "%s", "");
    assert_string_equal(buf_cstr(&e), "");
    assert_int_equal(e.len, 0);
    buf_free(&e);
}

static void
buf_reset_empties_and_reuses(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    buf_reset(&b); /* never allocated: still fine */
    buf_puts(&b, "hello");
    size_t cap = b.cap;
    buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(buf_cstr(&b), "");
    assert_int_equal(b.cap, cap);
    buf_puts(&b, "again");
    assert_string_equal(buf_cstr(&b), "again");
    buf_free(&b);
}

static void
buf_steal_hands_over_the_bytes(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    buf_puts(&b, "owned");
    char *s = buf_steal(&b);
    assert_string_equal(s, "owned");
    assert_null(b.p);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    free(s);
    /* an empty buffer still gives a string the caller can free */
    s = buf_steal(&b);
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);
}

static void
buf_free_is_null_safe_and_idempotent(void **state)
{
    (void)state;
    buf_free(NULL);
    struct buf b = BUF_INIT;
    buf_free(&b);
    buf_puts(&b, "x");
    buf_free(&b);
    buf_free(&b);
    assert_null(b.p);
    assert_int_equal(b.len, 0);
}

static void
str_helpers_compare_bytes(void **state)
{
    (void)state;
    struct str s = str_from("Zona");
    assert_int_equal(s.len, 4);
    assert_true(str_eq(s, "Zona"));
    assert_false(str_eq(s, "zona"));
    assert_false(str_eq(s, "Zon"));
    assert_false(str_eq(s, "Zonas"));
    assert_true(str_ieq(s, "ZONA"));
    assert_true(str_ieq(s, "zona"));
    assert_false(str_ieq(s, "zonas"));
    struct str lit = STR_LIT("ab");
    assert_int_equal(lit.len, 2);
    /* bytes outside ASCII are compared exactly, never case-folded */
    assert_false(str_ieq(str_from("\xc3\x89"), "\xc3\xa9"));
    assert_true(str_has_prefix("/static/x", "/static/"));
    assert_false(str_has_prefix("/stat", "/static/"));
    assert_true(str_has_prefix("x", ""));
}

static void
str_from_null_is_the_empty_string(void **state)
{
    (void)state;
    /* str_from(NULL) is allowed, so what it gives must compare like "" (and without undefined
     * behaviour: the sanitizer build aborts on memcmp(NULL, ..., 0)). Kept last in the list. */
    struct str none = str_from(NULL);
    assert_int_equal(none.len, 0);
    assert_true(str_ieq(none, ""));
    assert_false(str_eq(none, "x"));
    assert_true(str_eq(none, ""));
}

static void
ascii_casecmp_orders_without_locale(void **state)
{
    (void)state;
    assert_int_equal(ascii_casecmp("Content-Type", "content-type"), 0);
    assert_true(ascii_casecmp("a", "B") < 0);
    assert_true(ascii_casecmp("b", "A") > 0);
    assert_true(ascii_casecmp("ab", "abc") < 0);
    assert_true(ascii_casecmp("abc", "ab") > 0);
    assert_int_equal(ascii_casecmp("", ""), 0);
    /* the Turkish dotless i is not an ASCII letter and is not folded */
    assert_true(ascii_casecmp("\xc4\xb1", "I") != 0);
    assert_int_equal(ascii_casecmp("I", "i"), 0);
}

/* --- parse_i64 ------------------------------------------------------------------------------ */

static int
parse(const char *s, int64_t *v)
{
    return parse_i64(s, strlen(s), v);
}

static void
parse_i64_accepts_plain_integers(void **state)
{
    (void)state;
    int64_t v = 99;
    assert_int_equal(parse("0", &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(parse("-0", &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(parse("42", &v), 0);
    assert_int_equal(v, 42);
    assert_int_equal(parse("-42", &v), 0);
    assert_true(v == -42);
    assert_int_equal(parse("1500000", &v), 0);
    assert_int_equal(v, 1500000);
    /* only len bytes are read */
    assert_int_equal(parse_i64("123abc", 3, &v), 0);
    assert_int_equal(v, 123);
}

static void
parse_i64_accepts_int64_extremes(void **state)
{
    (void)state;
    int64_t v = 0;
    /* boundary: INT64_MAX and INT64_MIN are accepted, one more is not */
    assert_int_equal(parse("9223372036854775807", &v), 0);
    assert_true(v == INT64_MAX);
    assert_int_equal(parse("-9223372036854775808", &v), 0);
    assert_true(v == INT64_MIN);
    assert_int_equal(parse("9223372036854775806", &v), 0);
    assert_true(v == INT64_MAX - 1);
    assert_int_equal(parse("-9223372036854775807", &v), 0);
    assert_true(v == INT64_MIN + 1);
}

static void
parse_i64_rejects_overflow(void **state)
{
    (void)state;
    int64_t v = 0;
    assert_int_equal(parse("9223372036854775808", &v), ZE_INVAL);
    assert_int_equal(parse("-9223372036854775809", &v), ZE_INVAL);
    assert_int_equal(parse("18446744073709551615", &v), ZE_INVAL); /* UINT64_MAX */
    assert_int_equal(parse("18446744073709551616", &v), ZE_INVAL); /* UINT64_MAX + 1 */
    assert_int_equal(parse("99999999999999999999", &v), ZE_INVAL);
    assert_int_equal(parse("-99999999999999999999", &v), ZE_INVAL);
    assert_int_equal(parse("92233720368547758070", &v), ZE_INVAL);
    assert_int_equal(parse("100000000000000000000000000000000000000000", &v), ZE_INVAL);
}

static void
parse_i64_rejects_anything_but_digits(void **state)
{
    (void)state;
    int64_t v = 0;
    const char *bad[] = {"",    "-",   "+1", " 1",  "1 ", "1a",  "a1",  "0x10", "1.0",
                         "1e3", "--1", "1-", "- 1", "١٢", "\t1", "1\n", "12,3", "Infinity"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (parse(bad[i], &v) != ZE_INVAL)
            fail_msg("parse_i64 accepted \"%s\"", bad[i]);
    }
    /* an embedded NUL is not a digit */
    assert_int_equal(parse_i64("1\0", 2, &v), ZE_INVAL);
    assert_int_equal(parse_i64("-", 1, &v), ZE_INVAL);
    assert_int_equal(parse_i64("5", 0, &v), ZE_INVAL);
}

/* --- utf8_valid ----------------------------------------------------------------------------- */

static bool
valid(const char *s)
{
    return utf8_valid(s, strlen(s));
}

static void
utf8_valid_accepts_well_formed_text(void **state)
{
    (void)state;
    assert_true(utf8_valid("", 0));
    assert_true(valid("plain ASCII ~\x7f"));
    assert_true(valid("Kab. Banyuwangi \xe2\x80\x94 caf\xc3\xa9"));
    assert_true(valid("\xc2\x80"));               /* U+0080, smallest 2-byte */
    assert_true(valid("\xdf\xbf"));               /* U+07FF, largest 2-byte */
    assert_true(valid("\xe0\xa0\x80"));           /* U+0800, smallest 3-byte */
    assert_true(valid("\xed\x9f\xbf"));           /* U+D7FF, just below the surrogates */
    assert_true(valid("\xee\x80\x80"));           /* U+E000, just above them */
    assert_true(valid("\xef\xbf\xbf"));           /* U+FFFF */
    assert_true(valid("\xf0\x90\x80\x80"));       /* U+10000, smallest 4-byte */
    assert_true(valid("\xf0\x9f\x98\x80"));       /* an emoji */
    assert_true(valid("\xf4\x8f\xbf\xbf"));       /* U+10FFFF, the last code point */
    assert_true(valid("a\xc3\xa9z\xe2\x82\xac")); /* mixed widths back to back */
}

static void
utf8_valid_rejects_overlongs(void **state)
{
    (void)state;
    assert_false(valid("\xc0\xaf"));         /* '/' in two bytes */
    assert_false(valid("\xc0\x80"));         /* NUL in two bytes */
    assert_false(valid("\xc1\xbf"));         /* U+007F in two bytes */
    assert_false(valid("\xe0\x80\xaf"));     /* '/' in three bytes */
    assert_false(valid("\xe0\x9f\xbf"));     /* U+07FF in three bytes */
    assert_false(valid("\xf0\x80\x80\xaf")); /* '/' in four bytes */
    assert_false(valid("\xf0\x8f\xbf\xbf")); /* U+FFFF in four bytes */
}

static void
utf8_valid_rejects_surrogates_and_beyond_unicode(void **state)
{
    (void)state;
    assert_false(valid("\xed\xa0\x80")); /* U+D800 */
    assert_false(valid("\xed\xaf\xbf")); /* U+DBFF */
    assert_false(valid("\xed\xb0\x80")); /* U+DC00 */
    assert_false(valid("\xed\xbf\xbf")); /* U+DFFF */
    /* a CESU-8 encoded surrogate pair */
    assert_false(valid("\xed\xa0\xbd\xed\xb8\x80"));
    assert_false(valid("\xf4\x90\x80\x80")); /* U+110000 */
    assert_false(valid("\xf7\xbf\xbf\xbf")); /* U+1FFFFF */
    assert_false(valid("\xf5\x80\x80\x80"));
    assert_false(valid("\xf8\x88\x80\x80\x80"));     /* old 5-byte form */
    assert_false(valid("\xfc\x84\x80\x80\x80\x80")); /* old 6-byte form */
    assert_false(valid("\xfe"));
    assert_false(valid("\xff"));
}

static void
utf8_valid_rejects_truncated_and_stray_bytes(void **state)
{
    (void)state;
    /* boundary: a sequence cut off by the end of input is invalid */
    assert_false(valid("\xc3"));
    assert_false(valid("abc\xc3"));
    assert_false(valid("\xe2\x82"));
    assert_false(valid("\xf0\x9f\x98"));
    assert_false(valid("\xf0\x9f"));
    assert_false(valid("\xf0"));
    /* the full sequence is there, but len stops short of it */
    assert_false(utf8_valid("\xe2\x82\xac", 2));
    assert_false(utf8_valid("\xf0\x9f\x98\x80", 3));
    assert_true(utf8_valid("\xe2\x82\xac", 3));
    /* continuation bytes where a lead byte belongs, and a lead where a continuation belongs */
    assert_false(valid("\x80"));
    assert_false(valid("a\xbf"));
    assert_false(valid("\xc3\x28"));
    assert_false(valid("\xe2\x28\xa1"));
    assert_false(valid("\xe2\x82\x28"));
    assert_false(valid("\xf0\x28\x8c\xbc"));
    assert_false(valid("\xc3\xc3\xa9"));
}

static void
utf8_valid_rejects_nul(void **state)
{
    (void)state;
    assert_false(utf8_valid("\0", 1));
    assert_false(utf8_valid("a\0b", 3));
    assert_false(utf8_valid("abc\0", 4));
    assert_true(utf8_valid("a\0b", 1));
}

/* --- arena ---------------------------------------------------------------------------------- */

static void
arena_alloc_gives_zeroed_aligned_distinct_memory(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    assert_non_null(a);
    unsigned char *prev = NULL;
    for (size_t n = 0; n < 3000; n++) {
        unsigned char *p = arena_alloc(a, n % 97);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
        for (size_t k = 0; k < n % 97; k++)
            assert_int_equal(p[k], 0);
        memset(p, 0xAB, n % 97);
        assert_true(p != prev);
        prev = p;
    }
    arena_free(a);
}

static void
arena_zero_byte_allocations_are_distinct(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    void *x = arena_alloc(a, 0), *y = arena_alloc(a, 0);
    assert_non_null(x);
    assert_non_null(y);
    assert_true(x != y);
    arena_free(a);
}

static void
arena_serves_allocations_larger_than_a_block(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    char *small1 = arena_strdup(a, "before");
    unsigned char *big = arena_alloc(a, 100000);
    for (size_t i = 0; i < 100000; i++)
        assert_int_equal(big[i], 0);
    memset(big, 0x5A, 100000);
    char *small2 = arena_strdup(a, "after");
    unsigned char *big2 = arena_alloc(a, 1 << 20);
    memset(big2, 0x11, 1 << 20);
    /* nothing overlapped */
    assert_string_equal(small1, "before");
    assert_string_equal(small2, "after");
    assert_int_equal(big[0], 0x5A);
    assert_int_equal(big[99999], 0x5A);
    assert_true(arena_used(a) >= 100000 + (1 << 20));
    arena_free(a);
}

static void
arena_used_counts_bytes_handed_out(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    assert_int_equal(arena_used(a), 0);
    (void)arena_alloc(a, 10);
    size_t u1 = arena_used(a);
    assert_true(u1 >= 10);
    (void)arena_alloc(a, 1000);
    assert_true(arena_used(a) >= u1 + 1000);
    arena_free(a);
}

static void
arena_strings_are_copies(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    char src[] = "mutable";
    char *d = arena_strdup(a, src);
    src[0] = 'M';
    assert_string_equal(d, "mutable");
    char *n = arena_strndup(a, "abcdef", 3);
    assert_string_equal(n, "abc");
    char *z = arena_strndup(a, "x", 0);
    assert_string_equal(z, "");
    char *f = arena_printf(a, "%s=%d", "k", -7);
    assert_string_equal(f, "k=-7");
    /* longer than a whole block */
    char *longs = malloc(40000);
    assert_non_null(longs);
    memset(longs, 'q', 39999);
    longs[39999] = '\0';
    char *g = arena_printf(a, "<%s>", longs);
    assert_int_equal(strlen(g), 40001);
    assert_int_equal(g[0], '<');
    assert_int_equal(g[40000], '>');
    free(longs);
    arena_free(a);
}

static int order[8];
static int norder;

static void
record(void *p)
{
    order[norder++] = *(int *)p;
}

static void
arena_free_runs_deferred_in_reverse_order_once(void **state)
{
    (void)state;
    static int one = 1, two = 2, three = 3;
    norder = 0;
    struct arena *a = arena_new();
    arena_defer(a, record, &one);
    arena_defer(a, record, &two);
    (void)arena_alloc(a, 50000); /* a new block between the registrations */
    arena_defer(a, record, &three);
    assert_int_equal(norder, 0);
    arena_free(a);
    assert_int_equal(norder, 3);
    assert_int_equal(order[0], 3);
    assert_int_equal(order[1], 2);
    assert_int_equal(order[2], 1);
}

static void
arena_free_accepts_null(void **state)
{
    (void)state;
    arena_free(NULL);
}

/* --- err ------------------------------------------------------------------------------------ */

static void
err_maps_each_code_to_its_http_status(void **state)
{
    (void)state;
    static const struct {
        int ze, status;
        const char *code;
    } want[] = {
        {ZE_NOMEM, 500, "internal"},
        {ZE_INVAL, 400, "bad_request"},
        {ZE_NOTFOUND, 404, "not_found"},
        {ZE_CONFLICT, 409, "conflict"},
        {ZE_FORBIDDEN, 403, "forbidden"},
        {ZE_DB, 500, "internal"},
        {ZE_IO, 500, "internal"},
        {ZE_LIMIT, 413, "too_large"},
        {ZE_UNAUTH, 401, "unauthenticated"},
        {ZE_METHOD, 405, "method_not_allowed"},
        {ZE_MEDIA, 415, "unsupported_media_type"},
        {ZE_BUSY, 429, "too_many_requests"},
        {ZE_UNAVAIL, 503, "unavailable"},
        {ZE_RANGE, 416, "range_not_satisfiable"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_int_equal(err_http_status(want[i].ze), want[i].status);
        assert_string_equal(err_code(want[i].ze), want[i].code);
    }
}

static void
err_table_has_a_row_for_every_code(void **state)
{
    (void)state;
    /* A code added to enum ze without a row would answer with NULL texts. */
    for (int ze = ZE_NOMEM; ze > ZE_MIN; ze--) {
        int st = err_http_status(ze);
        if (st < 400 || st > 599)
            fail_msg("code %d maps to status %d", ze, st);
        if (!err_code(ze) || !*err_code(ze))
            fail_msg("code %d has no API code", ze);
        if (!err_title(ze) || !*err_title(ze))
            fail_msg("code %d has no title", ze);
        if (!err_message(ze) || !*err_message(ze))
            fail_msg("code %d has no message", ze);
    }
}

static void
err_unknown_codes_are_server_errors(void **state)
{
    (void)state;
    const int unknown[] = {ZE_MIN, ZE_MIN - 1, -1000, INT_MIN, 1, 404, INT_MAX};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        assert_int_equal(err_http_status(unknown[i]), 500);
        assert_string_equal(err_code(unknown[i]), "internal");
        assert_non_null(err_title(unknown[i]));
        assert_non_null(err_message(unknown[i]));
    }
}

static void
err_server_errors_do_not_reveal_the_cause(void **state)
{
    (void)state;
    /* A database or I/O failure looks to the user like any other server error. */
    assert_string_equal(err_message(ZE_DB), err_message(ZE_NOMEM));
    assert_string_equal(err_message(ZE_IO), err_message(ZE_NOMEM));
    assert_string_equal(err_title(ZE_DB), err_title(ZE_NOMEM));
    assert_string_equal(err_title(ZE_NOTFOUND), "Page not found");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_append_keeps_content_nul_terminated),
        cmocka_unit_test(buf_append_grows_over_many_appends),
        cmocka_unit_test(buf_holds_binary_bytes_with_nul),
        cmocka_unit_test(buf_printf_formats_and_appends),
        cmocka_unit_test(buf_reset_empties_and_reuses),
        cmocka_unit_test(buf_steal_hands_over_the_bytes),
        cmocka_unit_test(buf_free_is_null_safe_and_idempotent),
        cmocka_unit_test(str_helpers_compare_bytes),
        cmocka_unit_test(ascii_casecmp_orders_without_locale),
        cmocka_unit_test(parse_i64_accepts_plain_integers),
        cmocka_unit_test(parse_i64_accepts_int64_extremes),
        cmocka_unit_test(parse_i64_rejects_overflow),
        cmocka_unit_test(parse_i64_rejects_anything_but_digits),
        cmocka_unit_test(utf8_valid_accepts_well_formed_text),
        cmocka_unit_test(utf8_valid_rejects_overlongs),
        cmocka_unit_test(utf8_valid_rejects_surrogates_and_beyond_unicode),
        cmocka_unit_test(utf8_valid_rejects_truncated_and_stray_bytes),
        cmocka_unit_test(utf8_valid_rejects_nul),
        cmocka_unit_test(arena_alloc_gives_zeroed_aligned_distinct_memory),
        cmocka_unit_test(arena_zero_byte_allocations_are_distinct),
        cmocka_unit_test(arena_serves_allocations_larger_than_a_block),
        cmocka_unit_test(arena_used_counts_bytes_handed_out),
        cmocka_unit_test(arena_strings_are_copies),
        cmocka_unit_test(arena_free_runs_deferred_in_reverse_order_once),
        cmocka_unit_test(arena_free_accepts_null),
        cmocka_unit_test(err_maps_each_code_to_its_http_status),
        cmocka_unit_test(err_table_has_a_row_for_every_code),
        cmocka_unit_test(err_unknown_codes_are_server_errors),
        cmocka_unit_test(err_server_errors_do_not_reveal_the_cause),
        cmocka_unit_test(str_from_null_is_the_empty_string),
    };
    return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
