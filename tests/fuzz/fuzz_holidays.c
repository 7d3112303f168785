/* fuzz_holidays: the holiday list reader (cal_parse_csv in src/org/cal_calc.c), which reads the
 * lists admins upload, and the working-day arithmetic on what it accepts. The first input byte
 * picks the year the list is for (% 4: any year, 2024, 2025, 2026) and the rule ((>> 2) % 4:
 * six-day week, cuti bersama working); the rest is the CSV, read into a calendar that already holds
 * one holiday. A refusal leaves that calendar as it was, with a UTF-8 message naming the file; an
 * accepted list gives days sorted and unique, in the year, with known kinds and valid names, whose
 * years are marked, and on it cal_add and cal_count agree: count(d, add(d, n)) == n, the day
 * reached is a working day, and both name the same year without a list. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "org/cal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
name_ok(const char *s)
{
    size_t n = strnlen(s, CAL_NAME_MAX);
    if (n == 0 || n >= CAL_NAME_MAX || !utf8_valid(s, n))
        return false;
    bool blank = true;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch == 0x7f)
            return false;
        blank = blank && ch == ' ';
    }
    return !blank;
}

/* add and count agree from day d for n = 0..12 under r. */
static void
agree(const struct cal *c, int64_t d, const struct cal_rule *r)
{
    for (int n = 0; n <= 12; n++) {
        int64_t out = 0;
        int u1 = -1, u2 = -1;
        if (cal_add(c, d, n, r, &out, &u1) != 0)
            return; /* only beyond CAL_MAX_YEAR, and then for every larger n too */
        if (out < d || (n == 0 && out != d) || (n > 0 && !cal_is_workday(c, out, r)))
            abort();
        if (cal_count(c, d, out, r, &u2) != n || u1 != u2)
            abort();
        if (n > 0 && cal_count(c, out - 1, out, r, NULL) != 1)
            abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int years[4] = {0, 2024, 2025, 2026};
    if (size < 1)
        return 0;
    int year = years[data[0] % 4];
    struct cal_rule rule = {(data[0] >> 2) & 1, (data[0] >> 3) & 1};
    struct cal c;
    cal_init(&c);
    int64_t before;
    if (cal_parse_date("2030-06-03", &before) != 0 || cal_put(&c, before, CAL_LIBUR, "x") != 0)
        abort();
    struct buf err = BUF_INIT;
    int rc = cal_parse_csv(&c, year, "f.csv", (const char *)data + 1, size - 1, &err);
    if (rc != 0) {
        const char *m = buf_cstr(&err);
        if (rc != ZE_INVAL || strncmp(m, "f.csv:", 6) != 0 || !utf8_valid(m, strlen(m)))
            abort();
        if (c.n != 1 || c.days[0].day != before || strcmp(c.days[0].name, "x") != 0)
            abort();
        for (int y = CAL_MIN_YEAR; y <= CAL_MAX_YEAR; y++)
            if (cal_has_year(&c, y))
                abort();
        buf_free(&err);
        cal_free(&c);
        return 0;
    }
    if (err.len != 0 || (year && !cal_has_year(&c, year)))
        abort();
    for (size_t i = 0; i < c.n; i++) {
        const struct cal_day *d = &c.days[i];
        int y = cal_year_of(d->day);
        bool pre = d->day == before; /* the holiday the calendar held already */
        if ((i > 0 && c.days[i - 1].day >= d->day) || y < CAL_MIN_YEAR || y > CAL_MAX_YEAR ||
            (year && y != year && !pre) || (!pre && !cal_has_year(&c, y)) ||
            (d->kind != CAL_LIBUR && d->kind != CAL_CUTI_BERSAMA) || !name_ok(d->name))
            abort();
        char iso[11];
        int64_t back;
        cal_format_date(d->day, iso);
        if (cal_parse_date(iso, &back) != 0 || back != d->day || cal_holiday(&c, d->day) != d)
            abort();
        if (pre && year != 0 && cal_has_year(&c, y))
            abort(); /* only a list of any year naming a day in 2030 marks 2030 */
    }
    /* around the first holidays, and from 1999-12-31, the earliest start */
    for (size_t i = 0; i < c.n && i < 24; i++) {
        agree(&c, c.days[i].day - 1, &rule);
        agree(&c, c.days[i].day, &rule);
    }
    int64_t first;
    if (cal_parse_date("2000-01-01", &first) != 0)
        abort();
    agree(&c, first - 1, &rule);
    buf_free(&err);
    cal_free(&c);
    return 0;
}
