/* The working-day calendar (src/org/cal_calc.c): dates, the shipped 2024–2026 lists, working
 * days across the Idul Fitri blocks, year ends, election days and the 2025 revision, cuti bersama
 * as a working day, a six-day week, the day-1 rule, years without a list, and the holiday CSV
 * reader's messages. */
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
#include "org/cal.h"

static const struct cal_rule five = {false, false}, five_cb = {false, true}, six = {true, false},
                             six_cb = {true, true};

static int64_t
D(const char *s)
{
    int64_t d;
    if (cal_parse_date(s, &d) != 0)
        fail_msg("not a date: %s", s);
    return d;
}

static void
assert_date(int64_t day, const char *want)
{
    char iso[11];
    cal_format_date(day, iso);
    assert_string_equal(iso, want);
}

static struct cal *
shipped(void)
{
    static struct cal c;
    static bool loaded;
    if (!loaded) {
        struct buf err = BUF_INIT;
        cal_init(&c);
        if (cal_load_shipped(&c, &err) != 0)
            fail_msg("the shipped lists do not load: %s", buf_cstr(&err));
        buf_free(&err);
        loaded = true;
    }
    return &c;
}

/* The date n working days after from under rule r, with the year without a list in *unknown. */
static void
assert_add(const struct cal_rule *r, const char *from, int n, const char *want, int want_unknown)
{
    int64_t out = 0;
    int unknown = -1;
    assert_int_equal(cal_add(shipped(), D(from), n, r, &out, &unknown), 0);
    char iso[11];
    cal_format_date(out, iso);
    if (strcmp(iso, want) != 0)
        fail_msg("%s + %d working days: got %s, want %s", from, n, iso, want);
    assert_int_equal(unknown, want_unknown);
}

static void
assert_count(const struct cal_rule *r, const char *d1, const char *d2, int64_t want,
             int want_unknown)
{
    int unknown = -1;
    int64_t n = cal_count(shipped(), D(d1), D(d2), r, &unknown);
    if (n != want)
        fail_msg("working days after %s up to %s: got %lld, want %lld", d1, d2, (long long)n,
                 (long long)want);
    assert_int_equal(unknown, want_unknown);
}

static void
parse_ok(struct cal *c, int year, const char *csv)
{
    struct buf err = BUF_INIT;
    if (cal_parse_csv(c, year, "t.csv", csv, strlen(csv), &err) != 0)
        fail_msg("refused: %s", buf_cstr(&err));
    buf_free(&err);
}

/* The CSV is refused with exactly the message want, and c is left as it was. */
static void
parse_fails(int year, const char *csv, const char *want)
{
    struct cal c;
    cal_init(&c);
    assert_int_equal(cal_put(&c, D("2024-06-01"), CAL_LIBUR, "before"), 0);
    struct buf err = BUF_INIT;
    assert_int_equal(cal_parse_csv(&c, year, "t.csv", csv, strlen(csv), &err), ZE_INVAL);
    if (strcmp(buf_cstr(&err), want) != 0)
        fail_msg("expected \"%s\", got \"%s\"", want, buf_cstr(&err));
    assert_int_equal(c.n, 1); /* all or nothing */
    assert_string_equal(c.days[0].name, "before");
    for (int y = CAL_MIN_YEAR; y <= CAL_MAX_YEAR; y++)
        assert_false(cal_has_year(&c, y));
    buf_free(&err);
    cal_free(&c);
}

static void
dates_parse_strictly(void **state)
{
    (void)state;
    int64_t d;
    assert_int_equal(cal_parse_date("2000-01-01", &d), 0);
    assert_int_equal(d, 10957);
    assert_int_equal(cal_parse_date("2200-12-31", &d), 0);
    assert_date(d, "2200-12-31");
    assert_int_equal(cal_parse_date("2024-02-29", &d), 0); /* leap */
    assert_date(d, "2024-02-29");
    assert_int_equal(cal_parse_date("2000-02-29", &d), 0); /* divisible by 400 */
    const char *bad[] = {"2023-02-29",  "2100-02-29", "2024-04-31", "2024-13-01",
                         "2024-00-10",  "2024-01-00", "1999-12-31", "2201-01-01",
                         "2024-1-01",   "2024-01-1",  "2024/01/01", "2024-01-01 ",
                         " 2024-01-01", "+024-01-01", "",           "2024-01-01T00:00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (cal_parse_date(bad[i], &d) != ZE_INVAL)
            fail_msg("accepted \"%s\"", bad[i]);
    assert_int_equal(cal_parse_date(NULL, &d), ZE_INVAL);
    assert_int_equal(cal_year_of(D("2024-12-31")), 2024);
    assert_int_equal(cal_year_of(D("2025-01-01")), 2025);
    assert_int_equal(cal_year_of(0), 1970);
    assert_date(0, "1970-01-01");
    /* 1970-01-01 was a Thursday: the week around it */
    assert_true(cal_is_workday(NULL, 0, &five));                /* Thursday */
    assert_true(cal_is_workday(NULL, 1, &five));                /* Friday */
    assert_false(cal_is_workday(NULL, 2, &five));               /* Saturday */
    assert_true(cal_is_workday(NULL, 2, &six));                 /* Saturday, six-day week */
    assert_false(cal_is_workday(NULL, 3, &six));                /* Sunday */
    assert_true(cal_is_workday(NULL, -3, &five));               /* Monday 1969-12-29 */
    assert_false(cal_is_workday(NULL, -4, &five));              /* Sunday 1969-12-28 */
    assert_false(cal_is_workday(NULL, D("2026-11-28"), &five)); /* a Saturday */
}

static void
shipped_lists_load(void **state)
{
    (void)state;
    struct cal *c = shipped();
    int years[8];
    assert_int_equal(cal_shipped_years(years, 8), 3);
    assert_int_equal(years[0], 2024);
    assert_int_equal(years[1], 2025);
    assert_int_equal(years[2], 2026);
    assert_int_equal(cal_shipped_years(years, 2), 2);
    assert_true(cal_has_year(c, 2024) && cal_has_year(c, 2025) && cal_has_year(c, 2026));
    assert_false(cal_has_year(c, 2023));
    assert_false(cal_has_year(c, 2027));
    assert_false(cal_has_year(c, 1999));
    assert_false(cal_has_year(c, 2201));
    assert_int_equal(c->n, 29 + 28 + 25);
    for (size_t i = 1; i < c->n; i++)
        assert_true(c->days[i - 1].day < c->days[i].day);
    size_t cuti = 0;
    for (size_t i = 0; i < c->n; i++)
        cuti += c->days[i].kind == CAL_CUTI_BERSAMA;
    assert_int_equal(cuti, 10 + 11 + 8);
    const struct cal_day *h = cal_holiday(c, D("2025-08-18")); /* SKB 933/1/3 Tahun 2025 */
    assert_non_null(h);
    assert_int_equal(h->kind, CAL_CUTI_BERSAMA);
    h = cal_holiday(c, D("2024-11-27")); /* Pilkada, Keppres 33/2024 */
    assert_non_null(h);
    assert_int_equal(h->kind, CAL_LIBUR);
    assert_non_null(strstr(h->name, "Pilkada"));
    assert_non_null(cal_holiday(c, D("2024-02-14"))); /* Pemilu, Keppres 10/2024 */
    assert_null(cal_holiday(c, D("2024-11-26")));
    /* loading again adds nothing new */
    struct buf err = BUF_INIT;
    size_t n = c->n;
    assert_int_equal(cal_load_shipped(c, &err), 0);
    assert_int_equal(c->n, n);
    buf_free(&err);
}

static void
idul_fitri_blocks(void **state)
{
    (void)state;
    /* Friday 5 April 2024; 8–12 and 15 April are libur or cuti bersama */
    assert_add(&five, "2024-04-05", 1, "2024-04-16", 0);
    assert_add(&five, "2024-04-05", 3, "2024-04-18", 0);
    assert_count(&five, "2024-04-05", "2024-04-18", 3, 0);
    assert_count(&five, "2024-04-05", "2024-04-15", 0, 0);
    /* 2025: 31 March–7 April */
    assert_add(&five, "2025-03-27", 1, "2025-04-08", 0);
    /* 2026: 18–24 March, with Nyepi on 19 March */
    assert_add(&five, "2026-03-17", 1, "2026-03-25", 0);
    assert_count(&five, "2026-03-13", "2026-03-31", 7, 0);
}

static void
year_boundaries(void **state)
{
    (void)state;
    /* 25 Dec libur, 26 Dec cuti bersama, 1 Jan libur */
    assert_count(&five, "2024-12-20", "2025-01-10", 12, 0);
    assert_add(&five, "2024-12-24", 1, "2024-12-27", 0);
    assert_add(&five, "2024-12-31", 1, "2025-01-02", 0);
    assert_count(&five, "2025-12-19", "2026-01-09", 12, 0);
    assert_add(&five, "2025-12-24", 2, "2025-12-30", 0);
    /* 2026: 24 Dec cuti bersama, 25 Dec libur; 2027 has no list */
    assert_add(&five, "2026-12-23", 1, "2026-12-28", 0);
    assert_add(&five, "2026-12-28", 5, "2027-01-04", 2027);
    assert_count(&five, "2026-12-31", "2027-01-05", 3, 2027);
    assert_count(&five, "2026-12-21", "2026-12-31", 6, 0);
    /* the answer's year alone, not the start's, decides */
    assert_add(&five, "2026-12-30", 1, "2026-12-31", 0);
    /* a year before the lists */
    assert_count(&five, "2023-12-28", "2024-01-03", 3, 2023);
    assert_add(&five, "2023-12-29", 1, "2024-01-02", 2023); /* 30 and 31 December are crossed */
    assert_add(&five, "2023-12-31", 1, "2024-01-02", 0);
}

static void
election_day_and_the_2025_revision(void **state)
{
    (void)state;
    /* Wednesday 27 November 2024, Pilkada */
    assert_count(&five, "2024-11-25", "2024-11-29", 3, 0);
    assert_add(&five, "2024-11-26", 1, "2024-11-28", 0);
    assert_add(&five_cb, "2024-11-26", 1, "2024-11-28", 0); /* a libur, not cuti bersama */
    /* Monday 18 August 2025, cuti bersama (17 August was a Sunday) */
    assert_add(&five, "2025-08-15", 1, "2025-08-19", 0);
    assert_add(&five_cb, "2025-08-15", 1, "2025-08-18", 0);
    assert_count(&five, "2025-08-15", "2025-08-22", 4, 0);
    assert_count(&five_cb, "2025-08-15", "2025-08-22", 5, 0);
    assert_false(cal_is_workday(shipped(), D("2025-08-18"), &five));
    assert_true(cal_is_workday(shipped(), D("2025-08-18"), &five_cb));
}

static void
cuti_bersama_as_a_working_day(void **state)
{
    (void)state;
    /* 8 and 9 April 2024 are cuti bersama, 10 and 11 libur, 12 cuti bersama */
    assert_add(&five_cb, "2024-04-05", 1, "2024-04-08", 0);
    assert_add(&five_cb, "2024-04-05", 3, "2024-04-12", 0);
    assert_count(&five_cb, "2024-04-05", "2024-04-19", 8, 0);
    assert_count(&five, "2024-04-05", "2024-04-19", 4, 0);
}

static void
six_day_week(void **state)
{
    (void)state;
    /* Saturday 6 April and 13 April 2024 count; Sunday never does */
    assert_add(&six, "2024-04-05", 1, "2024-04-06", 0);
    assert_add(&six, "2024-04-05", 3, "2024-04-16", 0);
    assert_count(&six, "2024-04-05", "2024-04-20", 7, 0);
    assert_add(&six_cb, "2024-04-05", 3, "2024-04-09", 0);
    /* a libur on a Saturday is a holiday in a six-day week: 17 August 2024 */
    assert_count(&six, "2024-08-16", "2024-08-17", 0, 0);
    assert_count(&six, "2024-08-16", "2024-08-19", 1, 0);
    /* a plain week: six working days from Monday to Saturday */
    assert_count(&six, "2024-07-14", "2024-07-21", 6, 0);
    assert_count(&five, "2024-07-14", "2024-07-21", 5, 0);
}

static void
day_one_is_the_first_working_day_after(void **state)
{
    (void)state;
    assert_add(&five, "2024-07-15", 1, "2024-07-16", 0); /* Monday → Tuesday, not itself */
    assert_add(&five, "2024-07-19", 1, "2024-07-22", 0); /* Friday → Monday */
    assert_add(&five, "2024-07-20", 1, "2024-07-22", 0); /* Saturday → Monday */
    assert_add(&five, "2024-07-21", 1, "2024-07-22", 0); /* Sunday → Monday */
    assert_add(&five, "2024-07-15", 5, "2024-07-22", 0);
    assert_count(&five, "2024-07-15", "2024-07-15", 0, 0);
    assert_count(&five, "2024-07-15", "2024-07-16", 1, 0);
    assert_count(&five, "2024-07-16", "2024-07-15", 0, 0); /* backwards */
}

static void
zero_days_is_the_date_itself(void **state)
{
    (void)state;
    assert_add(&five, "2024-04-10", 0, "2024-04-10", 0); /* even a holiday */
    assert_add(&five, "2024-07-20", 0, "2024-07-20", 0); /* or a Saturday */
    assert_add(&five, "2027-03-01", 0, "2027-03-01", 0); /* no year is crossed */
}

static void
add_refuses_negative_and_beyond(void **state)
{
    (void)state;
    int64_t out = 7;
    int unknown = -1;
    assert_int_equal(cal_add(shipped(), D("2024-01-01"), -1, &five, &out, &unknown), ZE_INVAL);
    assert_int_equal(out, 7);
    assert_int_equal(cal_add(shipped(), D("2200-12-29"), 3, &five, &out, &unknown), ZE_INVAL);
    assert_int_equal(cal_add(shipped(), D("2200-12-29"), 2, &five, &out, &unknown), 0);
    assert_date(out, "2200-12-31"); /* a Wednesday */
    assert_int_equal(unknown, 2200);
    assert_int_equal(cal_add(shipped(), D("2024-01-01"), 2147483647, &five, &out, NULL), ZE_INVAL);
    assert_int_equal(cal_add(shipped(), D("2000-01-01") - 2, 1, &five, &out, NULL), ZE_INVAL);
    assert_int_equal(cal_add(shipped(), D("2000-01-01") - 1, 1, &five, &out, &unknown), 0);
    assert_date(out, "2000-01-03");
    assert_int_equal(unknown, 2000);
}

static void
add_and_count_agree(void **state)
{
    (void)state;
    const struct cal_rule *rules[] = {&five, &five_cb, &six, &six_cb};
    struct cal *c = shipped();
    for (int64_t d = D("2023-12-01"); d <= D("2027-01-31"); d += 3)
        for (size_t k = 0; k < 4; k++) {
            for (int n = 0; n <= 25; n++) {
                int64_t out;
                int u1, u2;
                assert_int_equal(cal_add(c, d, n, rules[k], &out, &u1), 0);
                assert_int_equal(cal_count(c, d, out, rules[k], &u2), n);
                assert_int_equal(u1, u2);
                assert_true(n == 0 || cal_is_workday(c, out, rules[k]));
            }
            assert_int_equal(cal_count(c, d - 1, d, rules[k], NULL),
                             cal_is_workday(c, d, rules[k]) ? 1 : 0);
        }
    /* a whole year, counted the long way */
    int64_t n = 0;
    for (int64_t d = D("2025-01-01"); d <= D("2025-12-31"); d++)
        n += cal_is_workday(c, d, &five);
    assert_int_equal(cal_count(c, D("2024-12-31"), D("2025-12-31"), &five, NULL), n);
    assert_int_equal(n, 261 - 13 - 11); /* weekdays, libur on weekdays, cuti bersama */
}

static void
csv_errors_name_the_line(void **state)
{
    (void)state;
    parse_fails(2024, "", "t.csv:1: the file is empty; the first line must be date,name,kind");
    parse_fails(2024, "date,kind,name\n2024-01-01,libur,Tahun Baru\n",
                "t.csv:1: the first line must be the header date,name,kind");
    parse_fails(2024, "date,name\n", "t.csv:1: the first line must be the header date,name,kind");
    parse_fails(2024, "\n\nDate,name,kind\n",
                "t.csv:3: the first line must be the header date,name,kind");
    parse_fails(2024, "date,name,kind\n2024-01-01,Tahun Baru,libur\n2024-02-30,Salah,libur\n",
                "t.csv:3: \"2024-02-30\" is not a date YYYY-MM-DD from 2000 to 2200");
    parse_fails(2024,
                "date,name,kind\r\n2024-01-01,Tahun Baru,libur\r\n\r\n1 Mei 2024,Buruh,libur\r\n",
                "t.csv:4: \"1 Mei 2024\" is not a date YYYY-MM-DD from 2000 to 2200");
    parse_fails(2024, "date,name,kind\n2024-12-31,Akhir,libur\n2025-01-01,Tahun Baru,libur\n",
                "t.csv:3: 2025-01-01 is not in 2024");
    parse_fails(2024, "date,name,kind\n2024-01-01,Tahun Baru,Libur\n",
                "t.csv:2: the kind must be libur or cuti_bersama, got \"Libur\"");
    parse_fails(2024, "date,name,kind\n2024-01-01,Tahun Baru,cuti bersama\n",
                "t.csv:2: the kind must be libur or cuti_bersama, got \"cuti bersama\"");
    parse_fails(2024, "date,name,kind\n2024-01-01,,libur\n",
                "t.csv:2: the name of 2024-01-01 is empty");
    parse_fails(2024, "date,name,kind\n2024-01-01,   ,libur\n",
                "t.csv:2: the name of 2024-01-01 is empty");
    parse_fails(2024, "date,name,kind\n2024-01-01,\"Tahun\nBaru\",libur\n",
                "t.csv:2: the name of 2024-01-01 holds a control character (a line break?)");
    parse_fails(2024, "date,name,kind\n2024-01-01,Tahun\tBaru,libur\n",
                "t.csv:2: the name of 2024-01-01 holds a control character (a line break?)");
    parse_fails(2024, "date,name,kind\n2024-01-01,\"\n\",libur\n",
                "t.csv:2: the name of 2024-01-01 is empty");
    parse_fails(2024, "date,name,kind\n2024-01-01,Tahun Baru\n",
                "t.csv:2: expected 3 fields (date,name,kind), got 2");
    parse_fails(2024, "date,name,kind\n2024-01-01,Tahun Baru,libur,x\n",
                "t.csv:2: expected 3 fields (date,name,kind), got 4");
    parse_fails(2024, "date,name,kind\n2024-01-01,\"Tahun Baru,libur\n",
                "t.csv:2: a quoted field is not closed");
    parse_fails(2024, "date,name,kind\n2024-01-01,Tahun \xff,libur\n",
                "t.csv: the file is not UTF-8 text");
    parse_fails(1999, "date,name,kind\n", "t.csv: the year must be 2000 to 2200, got 1999");
    /* a name of CAL_NAME_MAX - 1 bytes fits, one more does not */
    char csv[512], name[CAL_NAME_MAX + 1];
    memset(name, 'a', sizeof name);
    name[CAL_NAME_MAX] = '\0';
    snprintf(csv, sizeof csv, "date,name,kind\n2024-01-01,%s,libur\n", name);
    parse_fails(2024, csv, "t.csv:2: the name of 2024-01-01 is longer than 159 bytes");
    name[CAL_NAME_MAX - 1] = '\0';
    snprintf(csv, sizeof csv, "date,name,kind\n2024-01-01,%s,libur\n", name);
    struct cal c;
    cal_init(&c);
    parse_ok(&c, 2024, csv);
    assert_int_equal(strlen(c.days[0].name), CAL_NAME_MAX - 1);
    cal_free(&c);
    /* a long quoted cell is cut in a message, at a character boundary */
    parse_fails(2024,
                "date,name,kind\n2024-01-01,x,"
                "ééééééééééééééééééééééééééééééé\n",
                "t.csv:2: the kind must be libur or cuti_bersama, got "
                "\"éééééééééééééééééééé...\"");
}

static void
a_day_listed_twice_is_refused(void **state)
{
    (void)state;
    parse_fails(2024,
                "date,name,kind\n2024-01-01,Tahun Baru,libur\n2024-02-08,Isra Mikraj,libur\n\n"
                "2024-01-01,Tahun Baru lagi,cuti_bersama\n",
                "t.csv:5: 2024-01-01 is listed twice (first on line 2)");
    parse_fails(0, "date,name,kind\n2030-05-01,a,libur\n2031-05-01,b,libur\n2030-05-01,c,libur\n",
                "t.csv:4: 2030-05-01 is listed twice (first on line 2)");
}

static void
csv_reading(void **state)
{
    (void)state;
    struct cal c;
    cal_init(&c);
    /* a BOM, CRLF, quotes, rows out of order */
    parse_ok(&c, 2027,
             "\xEF\xBB\xBF"
             "date,name,kind\r\n2027-08-17,\"Proklamasi, HUT RI\",libur\r\n"
             "2027-01-01,Tahun Baru 2027 Masehi,libur\r\n");
    assert_int_equal(c.n, 2);
    assert_date(c.days[0].day, "2027-01-01");
    assert_string_equal(c.days[1].name, "Proklamasi, HUT RI");
    assert_true(cal_has_year(&c, 2027));
    assert_false(cal_has_year(&c, 2028));
    /* an empty list still says the year has no holidays */
    parse_ok(&c, 2028, "date,name,kind\n");
    assert_true(cal_has_year(&c, 2028));
    assert_int_equal(c.n, 2);
    /* year 0: each date marks its own year */
    parse_ok(&c, 0, "date,name,kind\n2030-01-01,a,libur\n2031-12-31,b,cuti_bersama\n");
    assert_true(cal_has_year(&c, 2030) && cal_has_year(&c, 2031));
    assert_false(cal_has_year(&c, 2029));
    assert_int_equal(c.n, 4);
    /* another list with the same day: libur wins over cuti bersama, whichever comes first */
    parse_ok(&c, 2031, "date,name,kind\n2031-12-31,Hari Pemungutan Suara,libur\n");
    assert_int_equal(cal_holiday(&c, D("2031-12-31"))->kind, CAL_LIBUR);
    parse_ok(&c, 2031, "date,name,kind\n2031-12-31,Cuti,cuti_bersama\n");
    assert_string_equal(cal_holiday(&c, D("2031-12-31"))->name, "Hari Pemungutan Suara");
    cal_free(&c);
    assert_int_equal(c.n, 0);
    assert_null(c.days);
}

static void
put_rules(void **state)
{
    (void)state;
    struct cal c;
    cal_init(&c);
    int64_t d = D("2024-05-01");
    assert_int_equal(cal_put(&c, d, CAL_CUTI_BERSAMA, "Cuti"), 0);
    assert_int_equal(cal_put(&c, d, CAL_CUTI_BERSAMA, "Cuti revisi"), 0); /* replaces */
    assert_string_equal(cal_holiday(&c, d)->name, "Cuti revisi");
    assert_int_equal(cal_put(&c, d, CAL_LIBUR, "Buruh"), 0);
    assert_int_equal(cal_put(&c, d, CAL_CUTI_BERSAMA, "Cuti"), 0); /* kept: libur */
    assert_int_equal(cal_holiday(&c, d)->kind, CAL_LIBUR);
    assert_string_equal(cal_holiday(&c, d)->name, "Buruh");
    assert_int_equal(cal_put(&c, d, CAL_LIBUR, cal_holiday(&c, d)->name), 0); /* its own name */
    assert_string_equal(cal_holiday(&c, d)->name, "Buruh");
    assert_int_equal(c.n, 1);
    assert_int_equal(cal_put(&c, d, CAL_LIBUR, ""), ZE_INVAL);
    assert_int_equal(cal_put(&c, d, CAL_LIBUR, NULL), ZE_INVAL);
    assert_int_equal(cal_put(&c, d, CAL_LIBUR, "\xc3"), ZE_INVAL);
    assert_int_equal(cal_put(&c, d, CAL_LIBUR, " \t\r\n"), ZE_INVAL); /* blank */
    assert_int_equal(cal_put(&c, D("2000-01-01") - 1, CAL_LIBUR, "x"), ZE_INVAL);
    assert_int_equal(cal_put(&c, d, (enum cal_kind)7, "x"), ZE_INVAL);
    assert_string_equal(cal_holiday(&c, d)->name, "Buruh");
    /* a control character is taken here (a CSV list is refused for it) */
    assert_int_equal(cal_put(&c, d, CAL_LIBUR, "Hari\tBuruh"), 0);
    assert_string_equal(cal_holiday(&c, d)->name, "Hari\tBuruh");
    /* CAL_MAX_DAYS holidays, then no more */
    cal_free(&c);
    int64_t lo = D("2000-01-01");
    for (int i = 0; i < CAL_MAX_DAYS; i++)
        assert_int_equal(cal_put(&c, lo + i, CAL_LIBUR, "x"), 0);
    assert_int_equal(c.n, CAL_MAX_DAYS);
    assert_int_equal(cal_put(&c, lo + CAL_MAX_DAYS, CAL_LIBUR, "x"), ZE_LIMIT);
    assert_int_equal(cal_put(&c, lo, CAL_LIBUR, "y"), 0); /* replacing still works */
    for (size_t i = 1; i < c.n; i++)
        assert_true(c.days[i - 1].day < c.days[i].day);
    struct buf err = BUF_INIT;
    const char *csv = "date,name,kind\n2100-01-01,x,libur\n";
    assert_int_equal(cal_parse_csv(&c, 2100, "t.csv", csv, strlen(csv), &err), ZE_INVAL);
    assert_string_equal(buf_cstr(&err), "t.csv: the calendar would hold more than 20000 holidays");
    assert_false(cal_has_year(&c, 2100));
    buf_free(&err);
    cal_free(&c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dates_parse_strictly),
        cmocka_unit_test(shipped_lists_load),
        cmocka_unit_test(idul_fitri_blocks),
        cmocka_unit_test(year_boundaries),
        cmocka_unit_test(election_day_and_the_2025_revision),
        cmocka_unit_test(cuti_bersama_as_a_working_day),
        cmocka_unit_test(six_day_week),
        cmocka_unit_test(day_one_is_the_first_working_day_after),
        cmocka_unit_test(zero_days_is_the_date_itself),
        cmocka_unit_test(add_refuses_negative_and_beyond),
        cmocka_unit_test(add_and_count_agree),
        cmocka_unit_test(csv_errors_name_the_line),
        cmocka_unit_test(a_day_listed_twice_is_refused),
        cmocka_unit_test(csv_reading),
        cmocka_unit_test(put_rules),
    };
    int rc = cmocka_run_group_tests_name("cal", tests, NULL, NULL);
    cal_free(shipped());
    return rc;
}
