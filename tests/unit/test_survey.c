/* The survey arithmetic of zi-regulation.md §4: NRR with blanks, the index and its weighting,
 * the 14/2017 grade boundaries, the rescaling, t quantiles, the interval, Krejcie–Morgan, the
 * responses CSV reader and the instrument checker. */
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
#include "survey/survey.h"

#define CLOSE(a, b, eps) assert_true(fabs((a) - (b)) < (eps))

static struct survey_instrument *
shipped(const char *name)
{
    struct survey_instrument *in = NULL;
    struct buf err = BUF_INIT;
    if (survey_instrument_shipped(name, &in, &err) != 0)
        fail_msg("%s did not load:\n%s", name, buf_cstr(&err));
    buf_free(&err);
    return in;
}

static void
parse_ok(const struct survey_instrument *in, const char *csv, int scale, struct survey_responses *r)
{
    struct buf err = BUF_INIT;
    if (survey_responses_parse(in, "t.csv", csv, strlen(csv), scale, r, &err) != 0)
        fail_msg("parse failed: %s", buf_cstr(&err));
    buf_free(&err);
}

static void
parse_fails(const struct survey_instrument *in, const char *csv, const char *want)
{
    struct buf err = BUF_INIT;
    struct survey_responses r;
    assert_int_equal(survey_responses_parse(in, "t.csv", csv, strlen(csv), 4, &r, &err), ZE_INVAL);
    assert_null(r.values);
    if (!strstr(buf_cstr(&err), want))
        fail_msg("expected \"%s\" in \"%s\"", want, buf_cstr(&err));
    buf_free(&err);
}

static void
shipped_instruments_load(void **state)
{
    (void)state;
    struct survey_instrument *ikm = shipped("ikm"), *spak = shipped("spak"),
                             *spkp = shipped("spkp");
    assert_int_equal(ikm->nitems, 9);
    assert_int_equal(spak->nitems, 5);
    assert_int_equal(spkp->nitems, 11);
    assert_true(ikm->converts);
    assert_false(spak->converts);
    assert_false(spkp->converts);
    for (size_t i = 0; i < ikm->nitems; i++) {
        char want[24];
        snprintf(want, sizeof want, "u%zu", i + 1);
        assert_string_equal(ikm->items[i].code, want);
        CLOSE(ikm->items[i].weight, 1.0 / 9, 1e-15);
    }
    assert_string_equal(spak->items[4].code, "spak5");
    assert_string_equal(spkp->items[10].code, "spkp11");
    assert_int_equal(ikm->scale, 4);
    struct survey_instrument *x = NULL;
    struct buf err = BUF_INIT;
    assert_int_equal(survey_instrument_shipped("lke", &x, &err), ZE_NOTFOUND);
    assert_null(x);
    buf_free(&err);
    survey_instrument_free(ikm);
    survey_instrument_free(spak);
    survey_instrument_free(spkp);
}

static void
instrument_problems_are_named_by_path(void **state)
{
    (void)state;
    const char *doc = "{\"id\": \"uji\", \"scale\": 3, \"items\": ["
                      " {\"code\": \"a1\", \"group\": \"g\", \"weight\": 0.5,"
                      "  \"text\": {\"id\": \"x\", \"en\": \"x\", \"verbatim\": false},"
                      "  \"labels\": [{\"value\": 1, \"id\": \"a\", \"en\": \"a\"},"
                      "             {\"value\": 2, \"id\": \"b\", \"en\": \"b\"}]},"
                      " {\"code\": \"a1\", \"group\": \"g\", \"weight\": 0.5,"
                      "  \"text\": {\"id\": \"x\", \"en\": \"x\"},"
                      "  \"labels\": [{\"value\": 1, \"id\": \"a\", \"en\": \"a\"},"
                      "             {\"value\": 3, \"id\": \"b\", \"en\": \"b\"},"
                      "             {\"value\": 3, \"id\": \"c\", \"en\": \"c\"}]},"
                      " {\"code\": \"9x\", \"weight\": 0}]}";
    json_t *j = json_loads(doc, 0, NULL);
    assert_non_null(j);
    struct survey_instrument *in = NULL;
    struct buf err = BUF_INIT;
    assert_int_equal(survey_instrument_load(j, &in, &err), ZE_INVAL);
    assert_null(in);
    const char *m = buf_cstr(&err);
    assert_non_null(strstr(m, "$.items[0]: \"labels\" must list 3 answer labels"));
    assert_non_null(strstr(m, "$.items[1]: the code \"a1\" appears twice"));
    assert_non_null(strstr(m, "$.items[1]: \"text\" needs the texts"));
    assert_non_null(strstr(m, "$.items[1].labels[1]: \"value\" must be 2"));
    assert_non_null(strstr(m, "$.items[2]: \"code\" is missing or not a short code"));
    assert_non_null(strstr(m, "$.items[2]: \"unsur\" or \"group\" is missing"));
    assert_non_null(strstr(m, "$.items[2]: \"weight\" must be a number"));
    json_decref(j);
    buf_reset(&err);

    /* the scale: 1 is refused (boundary), and so are weights that do not add up to 1 */
    j = json_loads("{\"id\": \"uji\", \"scale\": 1, \"items\": []}", 0, NULL);
    assert_int_equal(survey_instrument_load(j, &in, &err), ZE_INVAL);
    assert_non_null(strstr(buf_cstr(&err), "$.scale: must be an integer from 2 to 10"));
    assert_non_null(strstr(buf_cstr(&err), "$.items: must list 1 to 32 items"));
    json_decref(j);
    buf_reset(&err);
    j = json_loads("{\"id\": \"uji\", \"scale\": 2, \"items\": [{\"code\": \"a\", \"group\": "
                   "\"g\", \"weight\": 0.5, \"text\": {\"id\": \"x\", \"en\": \"x\", "
                   "\"verbatim\": true}, \"labels\": [{\"value\": 1, \"id\": \"a\", \"en\": "
                   "\"a\"}, {\"value\": 2, \"id\": \"b\", \"en\": \"b\"}]}]}",
                   0, NULL);
    assert_int_equal(survey_instrument_load(j, &in, &err), ZE_INVAL);
    assert_non_null(strstr(buf_cstr(&err), "$.items: the weights add up to 0.5, not 1"));
    buf_reset(&err);
    json_object_set_new(json_array_get(json_object_get(j, "items"), 0), "weight", json_real(1.0));
    assert_int_equal(survey_instrument_load(j, &in, &err), 0);
    assert_int_equal(in->scale, 2);
    survey_instrument_free(in);
    json_decref(j);
    buf_free(&err);
}

static void
grade_boundaries_are_exact(void **state)
{
    (void)state;
    const char *label;
    assert_int_equal(survey_grade(25.00, &label), 'D');
    assert_string_equal(label, "Tidak baik");
    assert_int_equal(survey_grade(64.99, NULL), 'D');
    assert_int_equal(survey_grade(65.00, &label), 'C');
    assert_string_equal(label, "Kurang baik");
    assert_int_equal(survey_grade(76.60, NULL), 'C');
    assert_int_equal(survey_grade(76.61, &label), 'B');
    assert_string_equal(label, "Baik");
    assert_int_equal(survey_grade(88.30, NULL), 'B');
    assert_int_equal(survey_grade(88.31, &label), 'A');
    assert_string_equal(label, "Sangat baik");
    assert_int_equal(survey_grade(100.00, NULL), 'A');
    /* rounding to 2 decimals decides, half up */
    assert_int_equal(survey_grade(64.994, NULL), 'D');
    assert_int_equal(survey_grade(64.995, NULL), 'C');
    assert_int_equal(survey_grade(76.604, NULL), 'C');
    assert_int_equal(survey_grade(76.605, NULL), 'B');
    assert_int_equal(survey_grade(88.304, NULL), 'B');
    assert_int_equal(survey_grade(88.305, NULL), 'A');
    /* the IKM interval ends of the table, × 25 as computed */
    assert_int_equal(survey_grade(2.5996 * 25, NULL), 'D'); /* 64.99 */
    assert_int_equal(survey_grade(2.60 * 25, NULL), 'C');   /* 65.00 */
    assert_int_equal(survey_grade(3.064 * 25, NULL), 'C');  /* 76.60 */
    assert_int_equal(survey_grade(3.0644 * 25, NULL), 'B'); /* 76.61 */
    assert_int_equal(survey_grade(3.532 * 25, NULL), 'B');  /* 88.30 */
    assert_int_equal(survey_grade(3.5324 * 25, NULL), 'A'); /* 88.31 */
}

static void
nrr_leaves_blanks_out(void **state)
{
    (void)state;
    struct survey_instrument *in = shipped("spak");
    struct survey_responses r;
    parse_ok(in,
             "spak3,spak1,spak2\n"
             "4,2,\n"
             "3,, 4 \n"
             ",,\n"
             "2,3,4\n",
             4, &r);
    assert_int_equal(r.nrows, 4);
    struct survey_result res;
    survey_compute(in, &r, &res);
    assert_int_equal(res.n, 4); /* every row, the empty one too */
    assert_int_equal(res.items[0].n, 2);
    CLOSE(res.items[0].nrr, 2.5, 1e-12);
    assert_int_equal(res.items[1].n, 2);
    CLOSE(res.items[1].nrr, 4.0, 1e-12);
    assert_int_equal(res.items[2].n, 3);
    CLOSE(res.items[2].nrr, 3.0, 1e-12);
    assert_int_equal(res.items[3].n, 0); /* nobody answered spak4 or spak5 */
    assert_int_equal(res.items[4].n, 0);
    assert_true(res.has_index);
    CLOSE(res.index, (2.5 + 4.0 + 3.0) / 3, 1e-12);
    CLOSE(res.items[0].weighted, 2.5 * 0.2, 1e-12);
    assert_int_equal(res.ci_n, 3);
    survey_responses_free(&r);

    /* only blanks: no index, no interval */
    parse_ok(in, "spak1,spak2\n,\n", 4, &r);
    survey_compute(in, &r, &res);
    assert_int_equal(res.n, 1);
    assert_false(res.has_index);
    assert_false(res.has_ci);
    survey_responses_free(&r);
    survey_instrument_free(in);
}

static void
ikm_weighting_equals_the_mean(void **state)
{
    (void)state;
    struct survey_instrument *in = shipped("ikm");
    struct survey_responses r;
    parse_ok(in,
             "u9,u8,u7,u6,u5,u4,u3,u2,u1\n"
             "4,3,4,3,4,2,3,4,1\n"
             "3,3,4,4,4,3,3,2,2\n"
             "2,4,4,1,3,3,4,4,3\n",
             4, &r);
    struct survey_result res;
    survey_compute(in, &r, &res);
    double sum = 0, weighted = 0;
    for (size_t i = 0; i < 9; i++) {
        sum += res.items[i].nrr;
        weighted += res.items[i].weighted;
    }
    CLOSE(res.index, sum / 9, 1e-12);
    CLOSE(weighted, res.index, 1e-12);
    CLOSE(res.items[0].nrr, 2.0, 1e-12); /* u1: 1, 2, 3 */
    CLOSE(res.ikm, res.index * 25, 1e-12);
    assert_int_equal(res.grade, survey_grade(res.ikm, NULL));
    survey_responses_free(&r);
    survey_instrument_free(in);
}

static void
rescaling_to_four_points(void **state)
{
    (void)state;
    CLOSE(survey_rescale(1, 6), 1.0, 1e-15);
    CLOSE(survey_rescale(6, 6), 4.0, 1e-15);
    CLOSE(survey_rescale(3, 6), 2.2, 1e-15);
    CLOSE(survey_rescale(4, 6), 2.8, 1e-15);
    CLOSE(survey_rescale(1, 10), 1.0, 1e-15);
    CLOSE(survey_rescale(10, 10), 4.0, 1e-15);
    CLOSE(survey_rescale(4, 10), 2.0, 1e-15);
    CLOSE(survey_rescale(7, 10), 3.0, 1e-15);
    CLOSE(survey_rescale(3, 4), 3.0, 1e-15);
    struct survey_instrument *in = shipped("spak");
    struct survey_responses r;
    parse_ok(in, "spak1\n6\n1\n", 6, &r);
    CLOSE(r.values[0], 4.0, 1e-15);
    CLOSE(r.values[in->nitems], 1.0, 1e-15);
    survey_responses_free(&r);
    struct buf err = BUF_INIT;
    assert_int_equal(survey_responses_parse(in, "t.csv", "spak1\n7\n", 8, 6, &r, &err), ZE_INVAL);
    assert_non_null(strstr(buf_cstr(&err), "t.csv:2: column spak1: the answer must be 1 to 6"));
    buf_free(&err);
    survey_instrument_free(in);
}

static void
t_quantiles(void **state)
{
    (void)state;
    CLOSE(survey_t_quantile(0.975, 1), 12.706204736174698, 1e-9);
    CLOSE(survey_t_quantile(0.975, 2), 4.302652729749464, 1e-9);
    CLOSE(survey_t_quantile(0.975, 3), 3.182446305284263, 1e-9);
    CLOSE(survey_t_quantile(0.975, 10), 2.228138851986274, 1e-9);
    CLOSE(survey_t_quantile(0.975, 30), 2.042272456301238, 1e-9);
    CLOSE(survey_t_quantile(0.975, 120), 1.979930405052777, 1e-9);
    /* at df 1000 the bisection hands over to the Cornish–Fisher expansion: both sides agree */
    CLOSE(survey_t_quantile(0.975, 1000), 1.9623390808, 1e-9);
    CLOSE(survey_t_quantile(0.975, 1001), 1.9623367053, 1e-9);
    CLOSE(survey_t_quantile(0.975, 999) - survey_t_quantile(0.975, 1000),
          survey_t_quantile(0.975, 1000) - survey_t_quantile(0.975, 1001), 1e-8);
    CLOSE(survey_t_quantile(0.975, 1e9), 1.959963984540054, 1e-8);
    CLOSE(survey_t_quantile(0.995, 5), 4.032142983557536, 1e-9);
    /* the printed 3-decimal values */
    CLOSE(survey_t_quantile(0.975, 1), 12.706, 5e-4);
    CLOSE(survey_t_quantile(0.975, 2), 4.303, 5e-4);
    CLOSE(survey_t_quantile(0.975, 10), 2.228, 5e-4);
    CLOSE(survey_t_quantile(0.975, 30), 2.042, 5e-4);
    CLOSE(survey_t_quantile(0.975, 120), 1.980, 5e-4);
}

static void
interval_by_hand(void **state)
{
    (void)state;
    struct survey_instrument *in = shipped("spak");
    struct survey_responses r;
    /* respondent means 2, 3 and 4 (the second skips an item): mean 3, s 1, n 3 */
    parse_ok(in,
             "spak1,spak2\n"
             "2,2\n"
             "3,\n"
             "4,4\n"
             ",\n",
             4, &r);
    struct survey_result res;
    survey_compute(in, &r, &res);
    assert_int_equal(res.n, 4);
    assert_int_equal(res.ci_n, 3);
    assert_true(res.has_ci);
    double half = 4.302652729749464 / sqrt(3);
    CLOSE(res.ci95[0], 3 - half, 1e-9);
    CLOSE(res.ci95[1], 3 + half, 1e-9);
    survey_responses_free(&r);

    /* one respondent: no interval (boundary) */
    parse_ok(in, "spak1\n4\n", 4, &r);
    survey_compute(in, &r, &res);
    assert_true(res.has_index);
    assert_false(res.has_ci);
    survey_responses_free(&r);
    /* everybody the same: a zero-width interval */
    parse_ok(in, "spak1\n3\n3\n", 4, &r);
    survey_compute(in, &r, &res);
    assert_true(res.has_ci);
    CLOSE(res.ci95[0], 3, 1e-12);
    CLOSE(res.ci95[1], 3, 1e-12);
    survey_responses_free(&r);
    survey_instrument_free(in);
}

static void
krejcie_morgan(void **state)
{
    (void)state;
    static const int64_t table[][2] = {
        {10, 10},     {15, 14},     {20, 19},      {25, 24},    {30, 28},    {40, 36},
        {50, 44},     {60, 52},     {70, 59},      {80, 66},    {90, 73},    {100, 80},
        {120, 92},    {150, 108},   {200, 132},    {250, 152},  {300, 169},  {400, 196},
        {500, 217},   {600, 234},   {700, 248},    {800, 260},  {900, 269},  {1000, 278},
        {1500, 306},  {2000, 322},  {3000, 341},   {4000, 351}, {5000, 357}, {10000, 370},
        {20000, 377}, {50000, 381}, {100000, 384},
    };
    int64_t s;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        assert_int_equal(survey_sample_size(table[i][0], &s), 0);
        if (s != table[i][1])
            fail_msg("N=%lld: got %lld, the table says %lld", (long long)table[i][0], (long long)s,
                     (long long)table[i][1]);
    }
    /* the formula itself reproduces N = 50 → 44 (S22) and serves the other populations */
    double f50 = 3.841 * 50 * 0.25 / (0.0025 * 49 + 3.841 * 0.25);
    assert_int_equal((int64_t)floor(f50 + 0.5), 44);
    assert_int_equal(survey_sample_size(1, &s), 0);
    assert_int_equal(s, 1);
    assert_int_equal(survey_sample_size(11, &s), 0);
    assert_int_equal(s, 11); /* 10.70 */
    assert_int_equal(survey_sample_size(55, &s), 0);
    assert_int_equal(s, 48); /* 48.20 */
    assert_int_equal(survey_sample_size(1200, &s), 0);
    assert_int_equal(s, 291); /* 291.4 */
    /* beyond the table the formula tends to χ²P(1−P)/d² = 384.1 */
    assert_int_equal(survey_sample_size(1000000, &s), 0);
    assert_int_equal(s, 384);
    assert_int_equal(survey_sample_size(INT64_C(1000000000000), &s), 0);
    assert_int_equal(s, 384);
    assert_int_equal(survey_sample_size(0, &s), ZE_INVAL);
    assert_int_equal(survey_sample_size(-5, &s), ZE_INVAL);
}

static void
responses_csv_errors_name_line_and_column(void **state)
{
    (void)state;
    struct survey_instrument *in = shipped("ikm");
    parse_fails(in, "", "t.csv: the file is empty");
    parse_fails(in, "u1,u2,x\n4,4,4\n", "t.csv:1: column 3: unknown column \"x\"");
    parse_fails(in, "u1,u2,u1\n", "t.csv:1: column 3: \"u1\" appears twice");
    parse_fails(in, "u1,u2,u3\n4,4,4\n4,4,4\n4,4,4\n4,4,4\n4,4,4\n4,4,5\n",
                "t.csv:7: column u3: the answer must be 1 to 4, got \"5\"");
    parse_fails(in, "u1\n0\n", "t.csv:2: column u1: the answer must be 1 to 4, got \"0\"");
    parse_fails(in, "u1\n3.5\n", "got \"3.5\"");
    parse_fails(in, "u1\nempat\n", "got \"empat\"");
    parse_fails(in, "u1,u2\n4\n", "t.csv:2: 1 columns, the header has 2");
    parse_fails(in, "u1\n\"4\n", "t.csv:2: a quoted field is not closed");
    parse_fails(in, "u1\n\xff\n", "t.csv: the file is not UTF-8 text");
    struct survey_responses r;
    /* CRLF, a BOM, quoted values and a header alone */
    parse_ok(in, "\xEF\xBB\xBFu2,u1\r\n\"3\",4\r\n", 4, &r);
    assert_int_equal(r.nrows, 1);
    CLOSE(r.values[0], 4, 1e-15);
    CLOSE(r.values[1], 3, 1e-15);
    survey_responses_free(&r);
    parse_ok(in, "u1\n", 4, &r);
    assert_int_equal(r.nrows, 0);
    struct survey_result res;
    survey_compute(in, &r, &res);
    assert_int_equal(res.n, 0);
    assert_false(res.has_index);
    survey_responses_free(&r);
    survey_instrument_free(in);
}

static void
fixture_file_matches_hand_computation(void **state)
{
    (void)state;
    FILE *f = fopen("tests/unit/data/survey-ikm.csv", "rb");
    assert_non_null(f);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    struct survey_instrument *in = shipped("ikm");
    struct survey_responses r;
    parse_ok(in, buf, 4, &r);
    struct survey_result res;
    survey_compute(in, &r, &res);
    assert_int_equal(res.n, 6);
    /* NRRs 3.6 3.5 3.0 4.0 3.4 3.4 3.6 3.0 3.4: mean 30.9 / 9 */
    CLOSE(res.index, 30.9 / 9, 1e-12);
    CLOSE(res.ikm, 30.9 / 9 * 25, 1e-12);
    assert_int_equal(res.grade, 'B');
    assert_int_equal(res.ci_n, 5);
    /* respondent means 32/9, 3, 29/8, 3, 4 */
    double m[5] = {32.0 / 9, 3, 29.0 / 8, 3, 4}, mean = 0, ss = 0;
    for (int i = 0; i < 5; i++)
        mean += m[i] / 5;
    for (int i = 0; i < 5; i++)
        ss += (m[i] - mean) * (m[i] - mean);
    double half = 2.776445105197799 * sqrt(ss / 4) / sqrt(5);
    CLOSE(res.ci95[0], mean - half, 1e-9);
    CLOSE(res.ci95[1], mean + half, 1e-9);
    survey_responses_free(&r);
    survey_instrument_free(in);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_instruments_load),
        cmocka_unit_test(instrument_problems_are_named_by_path),
        cmocka_unit_test(grade_boundaries_are_exact),
        cmocka_unit_test(nrr_leaves_blanks_out),
        cmocka_unit_test(ikm_weighting_equals_the_mean),
        cmocka_unit_test(rescaling_to_four_points),
        cmocka_unit_test(t_quantiles),
        cmocka_unit_test(interval_by_hand),
        cmocka_unit_test(krejcie_morgan),
        cmocka_unit_test(responses_csv_errors_name_line_and_column),
        cmocka_unit_test(fixture_file_matches_hand_computation),
    };
    return cmocka_run_group_tests_name("survey", tests, NULL, NULL);
}
