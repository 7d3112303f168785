/* The LKE scoring function and the framework checker, on a small framework written for the test
 * (tests/unit/data/lke-mini.json) and on the shipped PermenPAN-RB 90/2021 framework. */
#include <math.h>
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

#include "core/buf.h"
#include "core/err.h"
#include "lke/lke.h"

static json_t *
mini_doc(void)
{
    json_error_t e;
    json_t *d = json_load_file("tests/unit/data/lke-mini.json", 0, &e);
    if (!d)
        fail_msg("tests/unit/data/lke-mini.json:%d: %s", e.line, e.text);
    return d;
}

static struct lke_framework *
mini(void)
{
    json_t *d = mini_doc();
    struct lke_framework *f = NULL;
    struct buf err = BUF_INIT;
    if (lke_framework_load(d, &f, &err) != 0)
        fail_msg("the mini framework did not load:\n%s", buf_cstr(&err));
    buf_free(&err);
    json_decref(d);
    return f;
}

static json_t *
score(const struct lke_framework *f, const char *answers, int want_rc, struct buf *err)
{
    json_t *a = json_loads(answers, 0, NULL), *r = NULL;
    assert_non_null(a);
    int rc = lke_score(f, a, &r, err);
    json_decref(a);
    assert_int_equal(rc, want_rc);
    return r;
}

static double
num(json_t *r, const char *path)
{
    char key[64];
    snprintf(key, sizeof key, "%s", path);
    char *dot = strchr(key, '/');
    json_t *v = r;
    if (dot) {
        *dot = '\0';
        v = json_object_get(v, key);
        v = json_object_get(v, dot + 1);
    } else {
        v = json_object_get(v, key);
    }
    assert_true(json_is_number(v));
    return json_number_value(v);
}

#define CLOSE(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static void
scores_every_answer_type(void **state)
{
    (void)state;
    struct lke_framework *f = mini();
    struct buf err = BUF_INIT;
    json_t *r =
        score(f,
              "{\"pemenuhan.1.i.a\": \"ya\", \"pemenuhan.1.i.b\": \"B\", "
              "\"pemenuhan.1.i.c\": 120, \"reform.1.i.a\": {\"inputs\": {\"lalu\": 10, "
              "\"kini\": 4}}, \"hasil.1.a\": 3.6, \"hasil.1.b\": \"C\", \"hasil.2.a\": 3.2}",
              0, &err);
    /* indicator weight x mean: (1 + 0.67 + 1) / 3 x 30; a percentage above 100 counts as 100 */
    CLOSE(num(r, "items/pemenuhan.1.i.a"), 10);
    CLOSE(num(r, "items/pemenuhan.1.i.b"), 6.7);
    CLOSE(num(r, "items/pemenuhan.1.i.c"), 10);
    CLOSE(num(r, "areas/pemenuhan.1"), 26.7);
    /* (10 - 4) / 10 = 60 % of 30 */
    CLOSE(num(r, "items/reform.1.i.a"), 18);
    /* an index scores index / 4 x weight; A-E scores 1, 0.75, 0.5, 0.25, 0 */
    CLOSE(num(r, "items/hasil.1.a"), 15.75);
    CLOSE(num(r, "items/hasil.1.b"), 2.5);
    CLOSE(num(r, "items/hasil.2.a"), 14);
    CLOSE(num(r, "hasil"), 32.25);
    CLOSE(num(r, "pengungkit"), 44.7);
    CLOSE(num(r, "parts/reform"), 18);
    CLOSE(num(r, "total"), 76.95);
    assert_true(json_is_true(json_object_get(r, "wbk")));
    assert_false(json_is_true(json_object_get(r, "wbbm")));
    json_decref(r);
    lke_framework_free(f);
    buf_free(&err);
}

static int
has_reason(json_t *r, const char *rule, const char *code, const char *who)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(r, "reasons"), i, x)
    {
        const char *c = json_string_value(json_object_get(x, "code"));
        if (strcmp(json_string_value(json_object_get(x, "rule")), rule) == 0 &&
            strcmp(json_string_value(json_object_get(x, "for")), who) == 0 &&
            ((!code && !c) || (code && c && strcmp(code, c) == 0)))
            return 1;
    }
    return 0;
}

static void
readiness_gives_every_reason(void **state)
{
    (void)state;
    struct lke_framework *f = mini();
    struct buf err = BUF_INIT;
    json_t *r = score(f, "{}", 0, &err);
    CLOSE(num(r, "total"), 0);
    assert_false(json_is_true(json_object_get(r, "wbk")));
    assert_true(has_reason(r, "total", NULL, "wbk"));
    assert_true(has_reason(r, "area_min", "pemenuhan.1", "wbk"));
    assert_true(has_reason(r, "area_min", "reform.1", "wbbm"));
    assert_true(has_reason(r, "ipak", "hasil.1.a", "wbk"));
    assert_true(has_reason(r, "capaian", "hasil.1.b", "wbbm"));
    assert_true(has_reason(r, "ipkp", "hasil.2.a", "wbk"));
    /* the questions that would add most points come first */
    json_t *next = json_object_get(r, "next");
    assert_int_equal(json_array_size(next), 7);
    assert_string_equal(json_string_value(json_object_get(json_array_get(next, 0), "code")),
                        "reform.1.i.a");
    CLOSE(json_number_value(json_object_get(json_array_get(next, 0), "gain")), 30);
    json_decref(r);

    /* everything right: both verdicts, no reason, nothing to gain */
    r = score(f,
              "{\"pemenuhan.1.i.a\": \"ya\", \"pemenuhan.1.i.b\": \"A\", \"pemenuhan.1.i.c\": 100, "
              "\"reform.1.i.a\": 100, \"hasil.1.a\": 4, \"hasil.1.b\": \"A\", \"hasil.2.a\": 4}",
              0, &err);
    CLOSE(num(r, "total"), 100);
    assert_true(json_is_true(json_object_get(r, "wbk")));
    assert_true(json_is_true(json_object_get(r, "wbbm")));
    assert_int_equal(json_array_size(json_object_get(r, "reasons")), 0);
    assert_int_equal(json_array_size(json_object_get(r, "next")), 0);
    json_decref(r);
    lke_framework_free(f);
    buf_free(&err);
}

static void
nothing_owed_counts_as_done_and_is_flagged(void **state)
{
    (void)state;
    struct lke_framework *f = mini();
    struct buf err = BUF_INIT;
    json_t *r = score(f, "{\"reform.1.i.a\": {\"inputs\": {\"lalu\": 0, \"kini\": 0}}}", 0, &err);
    CLOSE(num(r, "items/reform.1.i.a"), 30);
    json_t *flag = json_array_get(json_object_get(r, "flags"), 0);
    assert_string_equal(json_string_value(json_object_get(flag, "code")), "reform.1.i.a");
    json_decref(r);
    /* more violations than last year: 0, not negative */
    r = score(f, "{\"reform.1.i.a\": {\"inputs\": {\"lalu\": 2, \"kini\": 5}}}", 0, &err);
    CLOSE(num(r, "items/reform.1.i.a"), 0);
    json_decref(r);
    lke_framework_free(f);
    buf_free(&err);
}

static void
bad_answers_are_named(void **state)
{
    (void)state;
    struct lke_framework *f = mini();
    struct {
        const char *answers, *mention;
    } cases[] = {
        {"{\"pemenuhan.9.i.a\": \"ya\"}", "pemenuhan.9.i.a"},
        {"{\"pemenuhan.1.i.a\": \"mungkin\"}", "pemenuhan.1.i.a"},
        {"{\"pemenuhan.1.i.b\": \"E\"}", "pemenuhan.1.i.b"},
        {"{\"pemenuhan.1.i.c\": -1}", "pemenuhan.1.i.c"},
        {"{\"pemenuhan.1.i.c\": \"50\"}", "pemenuhan.1.i.c"},
        {"{\"pemenuhan.1.i.c\": {\"inputs\": {\"a\": 1}}}", "pemenuhan.1.i.c"},
        {"{\"reform.1.i.a\": {\"inputs\": {\"lalu\": 1}}}", "kini"},
        {"{\"reform.1.i.a\": {\"inputs\": {\"lalu\": 1, \"kini\": 0, \"lain\": 2}}}", "lain"},
        {"{\"hasil.1.a\": 4.5}", "hasil.1.a"},
        {"{\"hasil.1.a\": 0.5}", "hasil.1.a"},
        {"[]", "object"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf err = BUF_INIT;
        json_t *r = score(f, cases[i].answers, ZE_INVAL, &err);
        assert_null(r);
        if (!strstr(buf_cstr(&err), cases[i].mention))
            fail_msg("%s: the message \"%s\" does not name %s", cases[i].answers, buf_cstr(&err),
                     cases[i].mention);
        buf_free(&err);
    }
    lke_framework_free(f);
}

/* Each broken copy of the mini framework is refused with the path of its problem. */
static void
framework_check_names_problems_by_path(void **state)
{
    (void)state;
    json_t *d = mini_doc();
    json_t *pengungkit = json_array_get(json_object_get(d, "components"), 0);
    json_t *part = json_array_get(json_object_get(pengungkit, "parts"), 0);
    json_t *area = json_array_get(json_object_get(part, "areas"), 0);
    json_t *ind = json_array_get(json_object_get(area, "indicators"), 0);
    json_object_set_new(ind, "weight", json_real(29.5));
    struct lke_framework *f = NULL;
    struct buf err = BUF_INIT;
    assert_int_equal(lke_framework_load(d, &f, &err), ZE_INVAL);
    assert_null(f);
    assert_non_null(
        strstr(err.p, "components[0].parts[0].areas[0]: the indicators' weights add up to 29.5"));
    buf_reset(&err);
    json_object_set_new(ind, "weight", json_integer(30));
    json_t *q = json_array_get(json_object_get(ind, "questions"), 0);
    json_object_set_new(q, "type", json_string("essay"));
    assert_int_equal(lke_framework_load(d, &f, &err), ZE_INVAL);
    assert_non_null(strstr(err.p, "questions[0]: unknown type \"essay\""));
    buf_reset(&err);
    json_object_set_new(q, "type", json_string("yn"));
    json_object_set_new(json_array_get(json_object_get(ind, "questions"), 1), "code",
                        json_string("pemenuhan.1.i.a"));
    assert_int_equal(lke_framework_load(d, &f, &err), ZE_INVAL);
    assert_non_null(strstr(err.p, "pemenuhan.1.i.a: this code appears more than once"));
    json_decref(d);
    buf_free(&err);
}

static void
shipped_framework_is_complete(void **state)
{
    (void)state;
    struct lke_framework *f = NULL;
    struct buf err = BUF_INIT;
    if (lke_framework_shipped(&f, &err) != 0)
        fail_msg("the shipped framework has problems:\n%s", buf_cstr(&err));
    size_t counts[3] = {0, 0, 0};
    for (size_t i = 0; i < f->nquestions; i++)
        counts[f->questions[i].area < 0 ? 2 : f->areas[f->questions[i].area].part]++;
    assert_int_equal(f->nquestions, 113);
    assert_int_equal(counts[0], 87);
    assert_int_equal(counts[1], 23);
    assert_int_equal(counts[2], 3);
    assert_int_equal(f->nareas, 12);
    assert_non_null(lke_question(f, "pemenuhan.1.i.a"));
    assert_non_null(lke_question(f, "reform.5.iii.b"));
    assert_non_null(lke_question(f, "hasil.2.a"));
    /* A-D as the official workbook computes: 1, 0.67, 0.33, 0 (a setting) */
    CLOSE(f->option_scores[4][1], 0.67);
    CLOSE(f->wbk.total, 75);
    CLOSE(f->wbbm.total, 85);

    /* the survey minimums, at their boundaries: IPAK 3.6 is 15.75 of 17.5 */
    json_t *r = score(f, "{\"hasil.1.a\": 3.6, \"hasil.2.a\": 3.2, \"hasil.1.b\": \"C\"}", 0, &err);
    assert_false(has_reason(r, "ipak", "hasil.1.a", "wbk"));
    assert_false(has_reason(r, "ipkp", "hasil.2.a", "wbk"));
    assert_true(has_reason(r, "ipkp", "hasil.2.a", "wbbm"));
    assert_false(has_reason(r, "capaian", "hasil.1.b", "wbk"));
    assert_true(has_reason(r, "capaian", "hasil.1.b", "wbbm"));
    /* every area of both parts is below its minimum with nothing answered */
    int areas = 0;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(r, "reasons"), i, x) areas +=
        strcmp(json_string_value(json_object_get(x, "rule")), "area_min") == 0 &&
        strcmp(json_string_value(json_object_get(x, "for")), "wbk") == 0;
    assert_int_equal(areas, 12);
    json_decref(r);
    r = score(f, "{\"hasil.1.a\": 3.59}", 0, &err);
    assert_true(has_reason(r, "ipak", "hasil.1.a", "wbk"));
    json_decref(r);
    lke_framework_free(f);
    buf_free(&err);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scores_every_answer_type),
        cmocka_unit_test(readiness_gives_every_reason),
        cmocka_unit_test(nothing_owed_counts_as_done_and_is_flagged),
        cmocka_unit_test(bad_answers_are_named),
        cmocka_unit_test(framework_check_names_problems_by_path),
        cmocka_unit_test(shipped_framework_is_complete),
    };
    return cmocka_run_group_tests_name("lke", tests, NULL, NULL);
}
