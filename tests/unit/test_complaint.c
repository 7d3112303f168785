/* test_complaint: the deadlines of complaints on the working-day calendar, the tracking number,
 * and what a complaint read from outside keeps (an anonymous one keeps no identity). */
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

#include "complaint/complaint.h"
#include "core/buf.h"
#include "core/err.h"
#include "org/cal.h"

static struct cal shipped;

struct pairs {
    const char *const *kv; /* name, value, ..., NULL */
};

static const char *
get(void *arg, const char *name)
{
    const struct pairs *p = arg;
    for (size_t i = 0; p->kv[i]; i += 2)
        if (strcmp(p->kv[i], name) == 0)
            return p->kv[i + 1];
    return NULL;
}

static void
deadlines_count_working_days_from_the_settings(void **state)
{
    (void)state;
    struct cal_rule r = {false, false};
    char first[11], resolve[11];
    /* Friday 5 April 2024, just before the Idul Fitri block (8-15 April) */
    assert_int_equal(complaint_due(&shipped, &r, "2024-04-05", "ringan", first, resolve), 0);
    assert_string_equal(first, "2024-04-18");   /* 3 working days: 16, 17, 18 */
    assert_string_equal(resolve, "2024-04-22"); /* 5 */
    assert_int_equal(complaint_due(&shipped, &r, "2024-04-05", "sedang", first, resolve), 0);
    assert_string_equal(resolve, "2024-05-06"); /* 14, past 1 May and the weekends */
    /* a six-day unit counts Saturdays */
    struct cal_rule six = {true, false};
    assert_int_equal(complaint_due(&shipped, &six, "2025-08-14", "ringan", first, resolve), 0);
    assert_string_equal(first, "2025-08-19"); /* 15, 16 (Sat), 19: 17 Sun, 18 cuti bersama */
    assert_int_equal(complaint_due(&shipped, &r, "2025-13-01", "ringan", first, resolve), ZE_INVAL);
    assert_int_equal(complaint_first_response_days(), 3);
    assert_int_equal(complaint_severity_days("berat"), 60);
    assert_string_equal(complaint_class_severity("permintaan_informasi"), "ringan");
    assert_string_equal(complaint_class_severity("pengaduan"), "sedang");
}

static void
tracking_numbers_are_random_and_typed_loosely(void **state)
{
    (void)state;
    char a[COMPLAINT_TRACKING_LEN + 1], b[COMPLAINT_TRACKING_LEN + 1],
        n[COMPLAINT_TRACKING_LEN + 1];
    complaint_new_tracking(a);
    complaint_new_tracking(b);
    assert_int_equal(strlen(a), COMPLAINT_TRACKING_LEN);
    assert_memory_equal(a, "ADU-", 4);
    assert_string_not_equal(a, b);
    assert_int_equal(complaint_tracking_normalise(a, n), 0);
    assert_string_equal(n, a);
    assert_int_equal(complaint_tracking_normalise("adu-acde 2347", n), 0);
    assert_string_equal(n, "ADU-ACDE2347");
    assert_int_equal(complaint_tracking_normalise("acde-2347", n), 0);
    assert_string_equal(n, "ADU-ACDE2347");
    assert_int_equal(complaint_tracking_normalise("ADU-ACDE234", n), ZE_INVAL);   /* short */
    assert_int_equal(complaint_tracking_normalise("ADU-ACDE2340", n), ZE_INVAL);  /* 0 */
    assert_int_equal(complaint_tracking_normalise("ADU-ACDE23470", n), ZE_INVAL); /* long */
}

static void
an_anonymous_complaint_keeps_no_identity(void **state)
{
    (void)state;
    static const char *const kv[] = {
        "kelas",  "pengaduan", "judul", " Antrean lama ", "isi",    "Menunggu satu jam.",
        "anonim", "1",         "nama",  "Budi",           "kontak", "0812",
        NULL};
    struct pairs p = {kv};
    struct complaint_input in;
    json_t *errs = json_object();
    assert_int_equal(complaint_read(get, &p, false, &in, errs), 0);
    assert_string_equal(in.subject, "Antrean lama");
    assert_true(in.anonymous);
    assert_string_equal(in.name, "");
    assert_string_equal(in.contact, "");
    assert_string_equal(in.channel, "web");
    complaint_input_clear(&in);
    json_decref(errs);
}

static void
bad_input_names_each_field(void **state)
{
    (void)state;
    static const char *const kv[] = {"kelas",  "keluhan", "judul",    "",  "isi",
                                     "x\001y", "kanal",   "telepati", NULL};
    struct pairs p = {kv};
    struct complaint_input in;
    json_t *errs = json_object();
    assert_int_equal(complaint_read(get, &p, true, &in, errs), ZE_INVAL);
    assert_string_equal(json_string_value(json_object_get(errs, "kelas")), "complaint.bad_option");
    assert_string_equal(json_string_value(json_object_get(errs, "judul")),
                        "complaint.subject_required");
    assert_string_equal(json_string_value(json_object_get(errs, "isi")), "complaint.bad_text");
    assert_string_equal(json_string_value(json_object_get(errs, "kanal")), "complaint.bad_option");
    complaint_input_clear(&in);
    json_decref(errs);
}

static int
setup(void **state)
{
    (void)state;
    cal_init(&shipped);
    struct buf err = BUF_INIT;
    int rc = cal_load_shipped(&shipped, &err);
    buf_free(&err);
    return rc;
}

static int
teardown(void **state)
{
    (void)state;
    cal_free(&shipped);
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deadlines_count_working_days_from_the_settings),
        cmocka_unit_test(tracking_numbers_are_random_and_typed_loosely),
        cmocka_unit_test(an_anonymous_complaint_keeps_no_identity),
        cmocka_unit_test(bad_input_names_each_field),
    };
    return cmocka_run_group_tests_name("complaint", tests, setup, teardown);
}
