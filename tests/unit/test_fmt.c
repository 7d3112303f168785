/* test_fmt: what people read: Indonesian and English numbers, money, dates in WIB/WITA/WIT, and
 * ISO 8601 for the API. The reference instants were computed outside zona (Python's datetime). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include "core/buf.h"
#include "web/fmt.h"

/* 2026-11-27T09:05:00Z, which is 17.05 in WITA */
#define MS_0905Z INT64_C(1795770300000)
/* 2026-11-27T09:05:07.123Z */
#define MS_0905_07_123Z INT64_C(1795770307123)
/* 2026-11-26T17:30:00Z: 00:30 WIB, 01:30 WITA and 02:30 WIT on 27 November */
#define MS_1730Z INT64_C(1795714200000)
/* 2026-11-26T17:00:00Z: midnight in WIB */
#define MS_WIB_MIDNIGHT INT64_C(1795712400000)
/* 2026-11-26T16:00:00Z: midnight in WITA */
#define MS_WITA_MIDNIGHT INT64_C(1795708800000)
/* 2026-11-26T15:00:00Z: midnight in WIT */
#define MS_WIT_MIDNIGHT INT64_C(1795705200000)
/* 2024-02-29T12:00:00Z */
#define MS_LEAP_NOON INT64_C(1709208000000)
/* 2024-02-28T17:00:00Z: midnight of 29 February in WIB */
#define MS_LEAP_WIB_MIDNIGHT INT64_C(1709139600000)
/* 2026-12-31T17:00:00Z: New Year 2027 in WIB */
#define MS_NEW_YEAR_WIB INT64_C(1798736400000)

static struct buf out;

static int
reset_out(void **state)
{
    (void)state;
    buf_reset(&out);
    return 0;
}

static int
free_out(void **state)
{
    (void)state;
    buf_free(&out);
    return 0;
}

#define EXPECT(call, want)                                                                         \
    do {                                                                                           \
        buf_reset(&out);                                                                           \
        call;                                                                                      \
        assert_string_equal(buf_cstr(&out), want);                                                 \
    } while (0)

/* --- zones ---------------------------------------------------------------------------------- */

static void
fmt_zones_have_their_names_and_offsets(void **state)
{
    (void)state;
    assert_int_equal(fmt_zone_parse("WIB"), ZONE_WIB);
    assert_int_equal(fmt_zone_parse("WITA"), ZONE_WITA);
    assert_int_equal(fmt_zone_parse("WIT"), ZONE_WIT);
    assert_int_equal(fmt_zone_parse("wib"), -1);
    assert_int_equal(fmt_zone_parse("WI"), -1);
    assert_int_equal(fmt_zone_parse("WITAX"), -1);
    assert_int_equal(fmt_zone_parse(""), -1);
    assert_int_equal(fmt_zone_parse(NULL), -1);
    assert_string_equal(fmt_zone_name(ZONE_WIB), "WIB");
    assert_string_equal(fmt_zone_name(ZONE_WITA), "WITA");
    assert_string_equal(fmt_zone_name(ZONE_WIT), "WIT");
    assert_int_equal(fmt_zone_offset(ZONE_WIB), 420);
    assert_int_equal(fmt_zone_offset(ZONE_WITA), 480);
    assert_int_equal(fmt_zone_offset(ZONE_WIT), 540);
    /* an out-of-range zone falls back to WIB instead of reading past the table */
    assert_string_equal(fmt_zone_name(ZONE_MAX), "WIB");
    assert_int_equal(fmt_zone_offset(ZONE_MAX), 420);
}

/* --- numbers -------------------------------------------------------------------------------- */

static void
fmt_int_groups_thousands_per_language(void **state)
{
    (void)state;
    EXPECT(fmt_int(&out, "id", 1500000), "1.500.000");
    EXPECT(fmt_int(&out, "en", 1500000), "1,500,000");
    EXPECT(fmt_int(&out, "id", 0), "0");
    EXPECT(fmt_int(&out, "id", 7), "7");
    EXPECT(fmt_int(&out, "id", 999), "999");
    EXPECT(fmt_int(&out, "id", 1000), "1.000");
    EXPECT(fmt_int(&out, "id", 12345), "12.345");
    EXPECT(fmt_int(&out, "id", 123456), "123.456");
    EXPECT(fmt_int(&out, "id", 1234567), "1.234.567");
    EXPECT(fmt_int(&out, "en", 999999), "999,999");
    EXPECT(fmt_int(&out, "en", 1000000), "1,000,000");
}

static void
fmt_int_handles_negatives_and_extremes(void **state)
{
    (void)state;
    EXPECT(fmt_int(&out, "id", -1), "-1");
    EXPECT(fmt_int(&out, "id", -1000), "-1.000");
    EXPECT(fmt_int(&out, "en", -1500000), "-1,500,000");
    EXPECT(fmt_int(&out, "id", INT64_MAX), "9.223.372.036.854.775.807");
    EXPECT(fmt_int(&out, "id", INT64_MIN), "-9.223.372.036.854.775.808");
    EXPECT(fmt_int(&out, "en", INT64_MIN), "-9,223,372,036,854,775,808");
}

static void
fmt_int_defaults_to_indonesian(void **state)
{
    (void)state;
    EXPECT(fmt_int(&out, NULL, 1500000), "1.500.000");
    EXPECT(fmt_int(&out, "fr", 1500000), "1.500.000");
    EXPECT(fmt_int(&out, "EN", 1500000), "1.500.000");
}

static void
fmt_int_appends_to_what_is_there(void **state)
{
    (void)state;
    buf_reset(&out);
    buf_puts(&out, "Total: ");
    fmt_int(&out, "id", 2500);
    assert_string_equal(buf_cstr(&out), "Total: 2.500");
}

static void
fmt_rupiah_sticks_rp_to_the_amount(void **state)
{
    (void)state;
    EXPECT(fmt_rupiah(&out, "id", 1500000), "Rp1.500.000");
    EXPECT(fmt_rupiah(&out, "en", 1500000), "Rp1,500,000");
    EXPECT(fmt_rupiah(&out, "id", 0), "Rp0");
    EXPECT(fmt_rupiah(&out, "id", 500), "Rp500");
    EXPECT(fmt_rupiah(&out, "id", -1500), "-Rp1.500");
    EXPECT(fmt_rupiah(&out, "id", INT64_MIN), "-Rp9.223.372.036.854.775.808");
    EXPECT(fmt_rupiah(&out, "id", INT64_MAX), "Rp9.223.372.036.854.775.807");
}

static void
fmt_decimal_uses_comma_in_indonesian(void **state)
{
    (void)state;
    EXPECT(fmt_decimal(&out, "id", 87.25, 2), "87,25");
    EXPECT(fmt_decimal(&out, "en", 87.25, 2), "87.25");
    EXPECT(fmt_decimal(&out, "id", 1234567.891, 2), "1.234.567,89");
    EXPECT(fmt_decimal(&out, "en", 1234567.891, 2), "1,234,567.89");
    EXPECT(fmt_decimal(&out, "id", 0, 2), "0,00");
    EXPECT(fmt_decimal(&out, "id", 5, 1), "5,0");
    EXPECT(fmt_decimal(&out, "id", 0.05, 2), "0,05");
    EXPECT(fmt_decimal(&out, "id", 3.5, 0), "4");
    EXPECT(fmt_decimal(&out, "id", 1000, 0), "1.000");
}

static void
fmt_decimal_rounds_and_carries(void **state)
{
    (void)state;
    EXPECT(fmt_decimal(&out, "id", 0.125, 2), "0,13"); /* half away from zero */
    EXPECT(fmt_decimal(&out, "id", 9.999, 2), "10,00");
    EXPECT(fmt_decimal(&out, "id", 999.9996, 3), "1.000,000");
    EXPECT(fmt_decimal(&out, "id", 87.254, 2), "87,25");
    EXPECT(fmt_decimal(&out, "id", 87.256, 2), "87,26");
}

static void
fmt_decimal_handles_signs_and_odd_inputs(void **state)
{
    (void)state;
    EXPECT(fmt_decimal(&out, "id", -87.25, 2), "-87,25");
    EXPECT(fmt_decimal(&out, "en", -1234.5, 1), "-1,234.5");
    /* a negative that rounds to zero shows no sign */
    EXPECT(fmt_decimal(&out, "id", -0.004, 2), "0,00");
    EXPECT(fmt_decimal(&out, "id", -0.0, 1), "0,0");
    EXPECT(fmt_decimal(&out, "id", NAN, 2), "-");
    EXPECT(fmt_decimal(&out, "id", INFINITY, 2), "-");
    EXPECT(fmt_decimal(&out, "id", -INFINITY, 2), "-");
    /* decimals are clamped to 0..9 */
    EXPECT(fmt_decimal(&out, "id", 87.25, -3), "87");
    EXPECT(fmt_decimal(&out, "id", 0.5, 12), "0,500000000");
}

/* --- dates ---------------------------------------------------------------------------------- */

static void
fmt_date_names_the_month_per_language(void **state)
{
    (void)state;
    EXPECT(fmt_date(&out, "id", MS_0905Z, ZONE_WITA), "27 November 2026");
    EXPECT(fmt_date(&out, "en", MS_0905Z, ZONE_WITA), "27 November 2026");
    static const char *id[12] = {"Januari",   "Februari", "Maret",    "April",
                                 "Mei",       "Juni",     "Juli",     "Agustus",
                                 "September", "Oktober",  "November", "Desember"};
    static const char *en[12] = {"January",   "February", "March",    "April",
                                 "May",       "June",     "July",     "August",
                                 "September", "October",  "November", "December"};
    for (int m = 1; m <= 12; m++) {
        int64_t ms = fmt_days_from_civil(2026, m, 15) * 86400000 + 12 * 3600000;
        char want[64];
        snprintf(want, sizeof want, "15 %s 2026", id[m - 1]);
        EXPECT(fmt_date(&out, "id", ms, ZONE_WIB), want);
        snprintf(want, sizeof want, "15 %s 2026", en[m - 1]);
        EXPECT(fmt_date(&out, "en", ms, ZONE_WIB), want);
    }
    /* one-digit days are not padded */
    EXPECT(fmt_date(&out, "id", fmt_days_from_civil(2026, 8, 1) * 86400000, ZONE_WIB),
           "1 Agustus 2026");
}

static void
fmt_date_follows_the_zone_across_midnight(void **state)
{
    (void)state;
    /* 17:30Z on the 26th is already the 27th in every Indonesian zone */
    EXPECT(fmt_date(&out, "id", MS_1730Z, ZONE_WIB), "27 November 2026");
    EXPECT(fmt_date(&out, "id", MS_1730Z, ZONE_WITA), "27 November 2026");
    EXPECT(fmt_date(&out, "id", MS_1730Z, ZONE_WIT), "27 November 2026");
    /* boundary: the last millisecond of the 26th and the first of the 27th, zone by zone */
    EXPECT(fmt_date(&out, "id", MS_WIB_MIDNIGHT - 1, ZONE_WIB), "26 November 2026");
    EXPECT(fmt_date(&out, "id", MS_WIB_MIDNIGHT, ZONE_WIB), "27 November 2026");
    EXPECT(fmt_date(&out, "id", MS_WITA_MIDNIGHT - 1, ZONE_WITA), "26 November 2026");
    EXPECT(fmt_date(&out, "id", MS_WITA_MIDNIGHT, ZONE_WITA), "27 November 2026");
    EXPECT(fmt_date(&out, "id", MS_WIT_MIDNIGHT - 1, ZONE_WIT), "26 November 2026");
    EXPECT(fmt_date(&out, "id", MS_WIT_MIDNIGHT, ZONE_WIT), "27 November 2026");
    /* one instant, two dates: midnight in WIT is still the 26th in WIB */
    EXPECT(fmt_date(&out, "id", MS_WIT_MIDNIGHT, ZONE_WIB), "26 November 2026");
    /* and across a year */
    EXPECT(fmt_date(&out, "id", MS_NEW_YEAR_WIB - 1, ZONE_WIB), "31 Desember 2026");
    EXPECT(fmt_date(&out, "id", MS_NEW_YEAR_WIB, ZONE_WIB), "1 Januari 2027");
    EXPECT(fmt_date(&out, "en", MS_NEW_YEAR_WIB, ZONE_WIB), "1 January 2027");
}

static void
fmt_datetime_shows_time_and_zone(void **state)
{
    (void)state;
    EXPECT(fmt_datetime(&out, "id", MS_0905Z, ZONE_WITA), "27 November 2026 17.05 WITA");
    EXPECT(fmt_datetime(&out, "en", MS_0905Z, ZONE_WITA), "27 November 2026, 17:05 WITA");
    EXPECT(fmt_datetime(&out, "id", MS_0905Z, ZONE_WIB), "27 November 2026 16.05 WIB");
    EXPECT(fmt_datetime(&out, "id", MS_0905Z, ZONE_WIT), "27 November 2026 18.05 WIT");
    EXPECT(fmt_datetime(&out, "id", MS_1730Z, ZONE_WIB), "27 November 2026 00.30 WIB");
    EXPECT(fmt_datetime(&out, "id", MS_1730Z, ZONE_WITA), "27 November 2026 01.30 WITA");
    EXPECT(fmt_datetime(&out, "id", MS_1730Z, ZONE_WIT), "27 November 2026 02.30 WIT");
    EXPECT(fmt_datetime(&out, "id", MS_WIB_MIDNIGHT, ZONE_WIB), "27 November 2026 00.00 WIB");
    EXPECT(fmt_datetime(&out, "id", MS_WIB_MIDNIGHT - 1, ZONE_WIB), "26 November 2026 23.59 WIB");
    /* seconds are cut, never rounded up to the next minute */
    EXPECT(fmt_datetime(&out, "id", MS_0905Z + 59999, ZONE_WITA), "27 November 2026 17.05 WITA");
}

static void
fmt_dates_handle_leap_days(void **state)
{
    (void)state;
    EXPECT(fmt_date(&out, "id", MS_LEAP_NOON, ZONE_WIB), "29 Februari 2024");
    EXPECT(fmt_date(&out, "en", MS_LEAP_NOON, ZONE_WIT), "29 February 2024");
    EXPECT(fmt_date(&out, "id", MS_LEAP_WIB_MIDNIGHT - 1, ZONE_WIB), "28 Februari 2024");
    EXPECT(fmt_datetime(&out, "id", MS_LEAP_WIB_MIDNIGHT, ZONE_WIB), "29 Februari 2024 00.00 WIB");
    /* 2100 is not a leap year: 28 February is followed by 1 March */
    int64_t feb28 = fmt_days_from_civil(2100, 2, 28);
    EXPECT(fmt_date(&out, "id", (feb28 + 1) * 86400000, ZONE_WIB), "1 Maret 2100");
    /* 2000 is one */
    int64_t feb28_2000 = fmt_days_from_civil(2000, 2, 28);
    EXPECT(fmt_date(&out, "id", (feb28_2000 + 1) * 86400000, ZONE_WIB), "29 Februari 2000");
}

static void
fmt_iso8601_carries_the_offset(void **state)
{
    (void)state;
    EXPECT(fmt_iso8601(&out, MS_0905Z, ZONE_WITA), "2026-11-27T17:05:00.000+08:00");
    EXPECT(fmt_iso8601(&out, MS_0905Z, ZONE_WIB), "2026-11-27T16:05:00.000+07:00");
    EXPECT(fmt_iso8601(&out, MS_0905Z, ZONE_WIT), "2026-11-27T18:05:00.000+09:00");
    EXPECT(fmt_iso8601(&out, MS_0905_07_123Z, ZONE_WITA), "2026-11-27T17:05:07.123+08:00");
    EXPECT(fmt_iso8601(&out, MS_1730Z, ZONE_WIB), "2026-11-27T00:30:00.000+07:00");
    EXPECT(fmt_iso8601_utc(&out, MS_0905Z), "2026-11-27T09:05:00.000Z");
    EXPECT(fmt_iso8601_utc(&out, MS_0905_07_123Z), "2026-11-27T09:05:07.123Z");
    EXPECT(fmt_iso8601_utc(&out, 0), "1970-01-01T00:00:00.000Z");
}

static void
fmt_iso8601_handles_instants_before_1970(void **state)
{
    (void)state;
    EXPECT(fmt_iso8601_utc(&out, -1), "1969-12-31T23:59:59.999Z");
    EXPECT(fmt_iso8601(&out, -1, ZONE_WIB), "1970-01-01T06:59:59.999+07:00");
    EXPECT(fmt_iso8601_utc(&out, -86400000), "1969-12-31T00:00:00.000Z");
    EXPECT(fmt_iso8601_utc(&out, -25567 * INT64_C(86400000)), "1900-01-01T00:00:00.000Z");
    EXPECT(fmt_date(&out, "id", -1, ZONE_WIB), "1 Januari 1970");
    EXPECT(fmt_date(&out, "id", -7 * 3600000 - 1, ZONE_WIB), "31 Desember 1969");
}

/* --- the civil calendar ---------------------------------------------------------------------- */

static bool
is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

static void
fmt_civil_known_days(void **state)
{
    (void)state;
    assert_int_equal(fmt_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(fmt_days_from_civil(1970, 1, 2), 1);
    assert_true(fmt_days_from_civil(1969, 12, 31) == -1);
    assert_true(fmt_days_from_civil(1900, 1, 1) == -25567);
    assert_int_equal(fmt_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(fmt_days_from_civil(2026, 11, 27), 20784);
    assert_int_equal(fmt_days_from_civil(2100, 12, 31), 47846);
}

static void
fmt_civil_round_trips_every_day_1900_to_2100(void **state)
{
    (void)state;
    /* An independent calendar walks day by day; both directions must agree with it. */
    int64_t days = -25567;
    int count = 0;
    for (int y = 1900; y <= 2100; y++) {
        for (int m = 1; m <= 12; m++) {
            for (int d = 1; d <= month_days(y, m); d++, days++, count++) {
                if (fmt_days_from_civil(y, m, d) != days)
                    fail_msg("%04d-%02d-%02d: days %lld, expected %lld", y, m, d,
                             (long long)fmt_days_from_civil(y, m, d), (long long)days);
                int yy, mm, dd;
                fmt_civil_from_days(days, &yy, &mm, &dd);
                if (yy != y || mm != m || dd != d)
                    fail_msg("day %lld: %04d-%02d-%02d, expected %04d-%02d-%02d", (long long)days,
                             yy, mm, dd, y, m, d);
            }
        }
    }
    assert_int_equal(days, 47847);
    assert_int_equal(count, 47847 + 25567);
}

static void
fmt_iso8601_utc_agrees_with_libc(void **state)
{
    (void)state;
    /* gmtime_r as a second oracle, one instant a week with a moving time of day */
    for (int64_t s = -2208988800LL; s < 4133980800LL; s += 7 * 86400 + 3671) {
        time_t t = (time_t)s;
        struct tm tm;
        assert_non_null(gmtime_r(&t, &tm));
        char want[96];
        snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d.000Z", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        buf_reset(&out);
        fmt_iso8601_utc(&out, s * 1000);
        if (strcmp(buf_cstr(&out), want) != 0)
            fail_msg("%lld: got %s, expected %s", (long long)s, buf_cstr(&out), want);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(fmt_zones_have_their_names_and_offsets, reset_out),
        cmocka_unit_test_setup(fmt_int_groups_thousands_per_language, reset_out),
        cmocka_unit_test_setup(fmt_int_handles_negatives_and_extremes, reset_out),
        cmocka_unit_test_setup(fmt_int_defaults_to_indonesian, reset_out),
        cmocka_unit_test_setup(fmt_int_appends_to_what_is_there, reset_out),
        cmocka_unit_test_setup(fmt_rupiah_sticks_rp_to_the_amount, reset_out),
        cmocka_unit_test_setup(fmt_decimal_uses_comma_in_indonesian, reset_out),
        cmocka_unit_test_setup(fmt_decimal_rounds_and_carries, reset_out),
        cmocka_unit_test_setup(fmt_decimal_handles_signs_and_odd_inputs, reset_out),
        cmocka_unit_test_setup(fmt_date_names_the_month_per_language, reset_out),
        cmocka_unit_test_setup(fmt_date_follows_the_zone_across_midnight, reset_out),
        cmocka_unit_test_setup(fmt_datetime_shows_time_and_zone, reset_out),
        cmocka_unit_test_setup(fmt_dates_handle_leap_days, reset_out),
        cmocka_unit_test_setup(fmt_iso8601_carries_the_offset, reset_out),
        cmocka_unit_test_setup(fmt_iso8601_handles_instants_before_1970, reset_out),
        cmocka_unit_test_setup(fmt_civil_known_days, reset_out),
        cmocka_unit_test_setup(fmt_civil_round_trips_every_day_1900_to_2100, reset_out),
        cmocka_unit_test_setup(fmt_iso8601_utc_agrees_with_libc, reset_out),
    };
    return cmocka_run_group_tests_name("fmt", tests, NULL, free_out);
}
