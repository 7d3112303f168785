/* The assessment workflow as a table (lke_flow.c), deadlines at midnight in the unit's zone,
 * change areas of codes, answer equality, and the bundle names of the TPN package. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include "lke/lke_work.h"
#include "report/zip.h"

static void
every_state_has_a_name_that_parses_back(void **state)
{
    (void)state;
    for (int s = 0; s < LKE_STATE__MAX; s++) {
        const char *name = lke_state_name((enum lke_state)s);
        assert_int_equal(lke_state_parse(name), s);
        assert_non_null(lke_state_label((enum lke_state)s));
    }
    assert_int_equal(lke_state_parse("approved"), -1);
    assert_int_equal(lke_state_parse(NULL), -1);
}

/* The path of the regulation: draft → submitted → anggota → ketua → dalnis → accepted →
 * proposed → result → closed, with returns from the ketua and dalnis steps. */
static void
the_moves_follow_the_review_chain(void **state)
{
    (void)state;
    static const struct {
        const char *action;
        enum lke_state from, to;
    } path[] = {
        {"submit", LKE_DRAFT, LKE_SUBMITTED},
        {"start", LKE_SUBMITTED, LKE_REVIEW_ANGGOTA},
        {"to_ketua", LKE_REVIEW_ANGGOTA, LKE_REVIEW_KETUA},
        {"to_dalnis", LKE_REVIEW_KETUA, LKE_REVIEW_DALNIS},
        {"return", LKE_REVIEW_DALNIS, LKE_RETURNED},
        {"submit", LKE_RETURNED, LKE_SUBMITTED},
        {"return", LKE_REVIEW_KETUA, LKE_RETURNED},
        {"accept", LKE_REVIEW_DALNIS, LKE_ACCEPTED},
        {"propose", LKE_ACCEPTED, LKE_PROPOSED},
        {"result", LKE_PROPOSED, LKE_RESULT},
        {"close", LKE_RESULT, LKE_CLOSED},
    };
    for (size_t i = 0; i < sizeof path / sizeof path[0]; i++) {
        const struct lke_move *m = lke_move_find(path[i].action);
        assert_non_null(m);
        assert_true(lke_move_from(m, path[i].from));
        assert_int_equal(m->to, path[i].to);
    }
    /* what may not happen */
    assert_false(lke_move_from(lke_move_find("accept"), LKE_REVIEW_ANGGOTA));
    assert_false(lke_move_from(lke_move_find("return"), LKE_REVIEW_ANGGOTA));
    assert_false(lke_move_from(lke_move_find("submit"), LKE_SUBMITTED));
    assert_false(lke_move_from(lke_move_find("propose"), LKE_REVIEW_DALNIS));
    assert_false(lke_move_from(lke_move_find("close"), LKE_PROPOSED));
    assert_null(lke_move_find("approve"));
    /* nothing leaves a closed assessment */
    const struct lke_move *all;
    size_t n = lke_moves(&all);
    for (size_t i = 0; i < n; i++)
        assert_false(lke_move_from(&all[i], LKE_CLOSED));
}

static void
only_drafts_and_returns_are_editable(void **state)
{
    (void)state;
    for (int s = 0; s < LKE_STATE__MAX; s++)
        assert_int_equal(lke_state_unit_edits((enum lke_state)s),
                         s == LKE_DRAFT || s == LKE_RETURNED);
    assert_string_equal(lke_state_review_level(LKE_REVIEW_ANGGOTA), "anggota");
    assert_string_equal(lke_state_review_level(LKE_REVIEW_KETUA), "ketua");
    assert_string_equal(lke_state_review_level(LKE_REVIEW_DALNIS), "dalnis");
    assert_string_equal(lke_state_review_level(LKE_PROPOSED), "tpn");
    assert_null(lke_state_review_level(LKE_DRAFT));
    assert_null(lke_state_review_level(LKE_ACCEPTED));
}

static void
deadlines_end_at_midnight_in_the_units_zone(void **state)
{
    (void)state;
    char d[11];
    lke_default_deadline(2026, d);
    assert_string_equal(d, "2026-05-31");
    /* 31 May 2026 ends at 1 June 00:00 local: 31 May 17:00 UTC in WIB (+7), 16:00 in WITA (+8),
     * 15:00 in WIT (+9) */
    int64_t wib = lke_deadline_ms(d, 420), wita = lke_deadline_ms(d, 480),
            wit = lke_deadline_ms(d, 540);
    assert_int_equal(wib, 1780246800000LL);
    assert_int_equal(wita, wib - 3600000LL);
    assert_int_equal(wit, wib - 7200000LL);
    /* bad dates are refused */
    assert_int_equal(lke_deadline_ms("2026-02-29", 420), -1);
    assert_true(lke_deadline_ms("2028-02-29", 420) > 0);
    assert_int_equal(lke_deadline_ms("2026-13-01", 420), -1);
    assert_int_equal(lke_deadline_ms("2026-05-31x", 420), -1);
    assert_int_equal(lke_deadline_ms("31-05-2026", 420), -1);
    assert_int_equal(lke_deadline_ms("", 420), -1);
    assert_int_equal(lke_deadline_ms(NULL, 420), -1);
}

static void
codes_belong_to_their_change_area(void **state)
{
    (void)state;
    assert_int_equal(lke_code_area("pemenuhan.1.i.a"), 1);
    assert_int_equal(lke_code_area("reform.5.iii.b"), 5);
    assert_int_equal(lke_code_area("pemenuhan.6"), 6);
    assert_int_equal(lke_code_area("hasil.1.a"), 0);
    assert_int_equal(lke_code_area("pemenuhan.7.i.a"), 0);
    assert_int_equal(lke_code_area("pemenuhan.12.i.a"), 0);
    assert_int_equal(lke_code_area("other.1.i.a"), 0);
    assert_int_equal(lke_code_area(""), 0);
    assert_int_equal(lke_code_area(NULL), 0);
}

static void
answers_compare_as_values(void **state)
{
    (void)state;
    json_t *a = json_real(3.2550000000000003), *b = json_real(3.2549999999999999),
           *c = json_integer(85), *d = json_real(85.0), *e = json_string("ya");
    assert_true(lke_value_equal(a, b));
    assert_true(lke_value_equal(c, d));
    assert_false(lke_value_equal(a, c));
    assert_false(lke_value_equal(e, c));
    json_t *i1 = json_pack("{s:{s:i,s:f}}", "inputs", "x", 3, "y", 4.0);
    json_t *i2 = json_pack("{s:{s:f,s:i}}", "inputs", "x", 3.0, "y", 4);
    json_t *i3 = json_pack("{s:{s:i}}", "inputs", "x", 3);
    assert_true(lke_value_equal(i1, i2));
    assert_false(lke_value_equal(i1, i3));
    json_decref(a);
    json_decref(b);
    json_decref(c);
    json_decref(d);
    json_decref(e);
    json_decref(i1);
    json_decref(i2);
    json_decref(i3);
}

static void
bundle_names_are_safe_everywhere(void **state)
{
    (void)state;
    char out[64];
    zip_safe_name("1.i.a SK Tim ZI: \"final\"/v2?.pdf", out, sizeof out);
    assert_string_equal(out, "1.i.a SK Tim ZI_ _final__v2_.pdf");
    zip_safe_name("..", out, sizeof out);
    assert_string_equal(out, "_");
    zip_safe_name("", out, sizeof out);
    assert_string_equal(out, "_");
    /* UTF-8 is kept whole, never cut inside a character */
    zip_safe_name("Laporan Pengaduan – Triwulan", out, 18);
    assert_string_equal(out, "Laporan Pengaduan");
    zip_safe_name("é\x01", out, sizeof out);
    assert_string_equal(out, "é_");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_state_has_a_name_that_parses_back),
        cmocka_unit_test(the_moves_follow_the_review_chain),
        cmocka_unit_test(only_drafts_and_returns_are_editable),
        cmocka_unit_test(deadlines_end_at_midnight_in_the_units_zone),
        cmocka_unit_test(codes_belong_to_their_change_area),
        cmocka_unit_test(answers_compare_as_values),
        cmocka_unit_test(bundle_names_are_safe_everywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
