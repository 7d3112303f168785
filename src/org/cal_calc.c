/* cal_calc: the working-day arithmetic and the holiday lists, with no I/O but the files compiled
 * into the binary. Days are counted from 1970-01-01 (a Thursday) with the civil-date helpers of
 * web/fmt.h. A calendar is an array of holidays sorted by day plus a flag per year saying that a
 * list was loaded for it, so that a deadline computed across a year without a list can say so
 * instead of silently assuming the year has no holidays. The holiday CSV is outside input (an
 * admin's upload): every problem names the file and the line, nothing is added unless the whole
 * file is right, and tests/fuzz/fuzz_holidays.c feeds it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "core/buf.h"
#include "core/embed.h"
#include "core/err.h"
#include "core/xmem.h"
#include "org/org.h"
#include "web/fmt.h"

/* Days further than this from 1970 (about 750 million years) are taken as this far: the civil
 * helpers and the week arithmetic then never overflow, whatever a caller passes. */
#define CAL_FAR ((int64_t)1 << 38)

#define SHIPPED_PREFIX "data/holidays/id-"

/* The first and the last day a calendar can hold: 2000-01-01 and 2200-12-31. */
static int64_t
day_lo(void)
{
    return fmt_days_from_civil(CAL_MIN_YEAR, 1, 1);
}

static int64_t
day_hi(void)
{
    return fmt_days_from_civil(CAL_MAX_YEAR, 12, 31);
}

static int64_t
clamp_day(int64_t day)
{
    return day < -CAL_FAR ? -CAL_FAR : day > CAL_FAR ? CAL_FAR : day;
}

/* 0 Monday … 5 Saturday, 6 Sunday. */
static int
weekday(int64_t day)
{
    return (int)(((day % 7) + 7 + 3) % 7); /* day 0 was a Thursday (3) */
}

static bool
weekday_works(int wd, const struct cal_rule *r)
{
    return wd < 5 || (wd == 5 && r && r->six_day);
}

static bool
holiday_works(const struct cal_day *h, const struct cal_rule *r)
{
    return h->kind == CAL_CUTI_BERSAMA && r && r->cuti_bersama_works;
}

/* --- dates ----------------------------------------------------------------------------------- */

static int
days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dim[m - 1];
}

int
cal_parse_date(const char *s, int64_t *day)
{
    if (!s || strnlen(s, 11) != 10 || s[4] != '-' || s[7] != '-')
        return ZE_INVAL;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return ZE_INVAL;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < CAL_MIN_YEAR || y > CAL_MAX_YEAR || m < 1 || m > 12 || d < 1 ||
        d > days_in_month(y, m)) /* boundary: 29 February only in leap years */
        return ZE_INVAL;
    *day = fmt_days_from_civil(y, m, d);
    return 0;
}

void
cal_format_date(int64_t day, char out[11])
{
    int y, m, d;
    fmt_civil_from_days(clamp_day(day), &y, &m, &d);
    if (y < 0 || y > 9999) { /* not a date anyone writes; never produced by a calendar */
        memcpy(out, "0000-00-00", 11);
        return;
    }
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

int
cal_year_of(int64_t day)
{
    int y, m, d;
    fmt_civil_from_days(clamp_day(day), &y, &m, &d);
    return y;
}

/* --- the calendar ---------------------------------------------------------------------------- */

void
cal_init(struct cal *c)
{
    memset(c, 0, sizeof *c);
}

void
cal_free(struct cal *c)
{
    if (!c)
        return;
    free(c->days);
    cal_init(c);
}

/* Index of the first holiday on or after day (c->n when none). */
static size_t
lower_bound(const struct cal *c, int64_t day)
{
    size_t lo = 0, hi = c ? c->n : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->days[mid].day < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

enum name_check { NAME_OK, NAME_EMPTY, NAME_LONG, NAME_UTF8, NAME_CONTROL };

/* A holiday's name: 1 to CAL_NAME_MAX - 1 bytes of UTF-8, not only white space. NAME_CONTROL
 * flags a control character (a tab, a line break): cal_put takes such a name, as cal.h promises
 * (the database may hold one an admin typed, and dropping that holiday would move deadlines),
 * but a CSV list is refused for it, since it mostly means a quote was left open. */
static enum name_check
name_check(const char *name)
{
    if (!name)
        return NAME_EMPTY;
    size_t n = strnlen(name, CAL_NAME_MAX);
    if (n >= CAL_NAME_MAX) /* boundary: CAL_NAME_MAX - 1 bytes fit, with the NUL */
        return NAME_LONG;
    if (!utf8_valid(name, n))
        return NAME_UTF8;
    bool blank = true, control = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)name[i];
        if (ch < 0x20 || ch == 0x7f)
            control = true;
        if (ch != ' ' && (ch < '\t' || ch > '\r'))
            blank = false;
    }
    return blank ? NAME_EMPTY : control ? NAME_CONTROL : NAME_OK;
}

int
cal_put(struct cal *c, int64_t day, enum cal_kind kind, const char *name)
{
    enum name_check nc = name_check(name);
    if ((nc != NAME_OK && nc != NAME_CONTROL) || (kind != CAL_LIBUR && kind != CAL_CUTI_BERSAMA) ||
        day < day_lo() || day > day_hi())
        return ZE_INVAL;
    size_t i = lower_bound(c, day);
    if (i < c->n && c->days[i].day == day) {
        /* One entry per day. A libur nasional put on a cuti bersama day replaces it (an election
         * day is a holiday for everyone); a cuti bersama never replaces a libur. */
        if (c->days[i].kind == CAL_LIBUR && kind == CAL_CUTI_BERSAMA)
            return 0;
    } else {
        if (c->n >= CAL_MAX_DAYS)
            return ZE_LIMIT;
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 64;
            c->days = xrealloc(c->days, c->cap * sizeof c->days[0]);
        }
        memmove(&c->days[i + 1], &c->days[i], (c->n - i) * sizeof c->days[0]);
        c->n++;
    }
    struct cal_day nd = {.day = day, .kind = kind}; /* name may be the entry's own */
    memcpy(nd.name, name, strlen(name));            /* checked above: shorter than nd.name */
    c->days[i] = nd;
    return 0;
}

void
cal_mark_year(struct cal *c, int year)
{
    if (year >= CAL_MIN_YEAR && year <= CAL_MAX_YEAR)
        c->years[year - CAL_MIN_YEAR] = true;
}

bool
cal_has_year(const struct cal *c, int year)
{
    return c && year >= CAL_MIN_YEAR && year <= CAL_MAX_YEAR && c->years[year - CAL_MIN_YEAR];
}

const struct cal_day *
cal_holiday(const struct cal *c, int64_t day)
{
    size_t i = lower_bound(c, day);
    return c && i < c->n && c->days[i].day == day ? &c->days[i] : NULL;
}

/* Adds every holiday and year of src to c, or nothing when c has no room for them. */
static int
merge(struct cal *c, const struct cal *src)
{
    size_t add = 0;
    for (size_t i = 0; i < src->n; i++)
        add += cal_holiday(c, src->days[i].day) == NULL;
    if (c->n + add > CAL_MAX_DAYS)
        return ZE_LIMIT;
    for (size_t i = 0; i < src->n; i++)
        if (cal_put(c, src->days[i].day, src->days[i].kind, src->days[i].name) != 0)
            abort(); /* src holds only what cal_put accepted, and there is room */
    for (int y = CAL_MIN_YEAR; y <= CAL_MAX_YEAR; y++)
        if (cal_has_year(src, y))
            cal_mark_year(c, y);
    return 0;
}

/* --- the CSV lists --------------------------------------------------------------------------- */

/* Quotes a cell for a message: at most about 40 bytes, cut at a character boundary, with control
 * bytes, quotes and backslashes shown as '?'. */
static void
shown(const char *s, char *out, size_t outsz)
{
    size_t n = 0;
    while (*s && n + 4 < outsz && n < 40) {
        unsigned char ch = (unsigned char)*s;
        size_t k = ch < 0x80 ? 1 : ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : 2;
        if (n + k + 4 > outsz || strnlen(s, k) < k)
            break;
        if (k == 1) {
            bool odd = ch < 0x20 || ch == 0x7f || ch == '"' || ch == '\\';
            out[n++] = odd ? (char)'?' : *s;
        } else {
            memcpy(out + n, s, k);
            n += k;
        }
        s += k;
    }
    if (*s) {
        memcpy(out + n, "...", 3);
        n += 3;
    }
    out[n] = '\0';
}

struct entry {
    int64_t day;
    enum cal_kind kind;
    const char *name;
    int line;
};

/* One data row into e, or a message in err. */
static int
read_row(const struct csv_row *row, int year, const char *name, struct entry *e, struct buf *err)
{
    char show[48];
    if (row->nfields != 3) {
        buf_printf(err, "%s:%d: expected 3 fields (date,name,kind), got %d", name, row->line,
                   row->nfields);
        return ZE_INVAL;
    }
    const char *date = row->fields[0], *hname = row->fields[1], *kind = row->fields[2];
    if (cal_parse_date(date, &e->day) != 0) {
        shown(date, show, sizeof show);
        buf_printf(err, "%s:%d: \"%s\" is not a date YYYY-MM-DD from %d to %d", name, row->line,
                   show, CAL_MIN_YEAR, CAL_MAX_YEAR);
        return ZE_INVAL;
    }
    if (year && cal_year_of(e->day) != year) { /* boundary: 31 December in, 1 January out */
        buf_printf(err, "%s:%d: %s is not in %d", name, row->line, date, year);
        return ZE_INVAL;
    }
    if (strcmp(kind, "libur") == 0) {
        e->kind = CAL_LIBUR;
    } else if (strcmp(kind, "cuti_bersama") == 0) {
        e->kind = CAL_CUTI_BERSAMA;
    } else {
        shown(kind, show, sizeof show);
        buf_printf(err, "%s:%d: the kind must be libur or cuti_bersama, got \"%s\"", name,
                   row->line, show);
        return ZE_INVAL;
    }
    switch (name_check(hname)) {
    case NAME_OK:
        break;
    case NAME_EMPTY:
        buf_printf(err, "%s:%d: the name of %s is empty", name, row->line, date);
        return ZE_INVAL;
    case NAME_LONG:
        buf_printf(err, "%s:%d: the name of %s is longer than %d bytes", name, row->line, date,
                   CAL_NAME_MAX - 1);
        return ZE_INVAL;
    case NAME_UTF8: /* csv_parse already refuses a file that is not UTF-8 */
        buf_printf(err, "%s:%d: the name of %s is not UTF-8 text", name, row->line, date);
        return ZE_INVAL;
    case NAME_CONTROL:
        buf_printf(err, "%s:%d: the name of %s holds a control character (a line break?)", name,
                   row->line, date);
        return ZE_INVAL;
    }
    e->name = hname;
    e->line = row->line;
    return 0;
}

int
cal_parse_csv(struct cal *c, int year, const char *name, const char *src, size_t len,
              struct buf *err)
{
    struct csv_row *rows = NULL;
    size_t nrows = 0, ne = 0;
    struct buf cerr = BUF_INIT;
    struct entry *e = NULL;
    unsigned char *seen = NULL; /* a bit per day from day_lo(): listed already */
    struct cal add;
    int rc = ZE_INVAL;
    cal_init(&add);
    if (!name)
        name = "holidays.csv";
    if (year != 0 && (year < CAL_MIN_YEAR || year > CAL_MAX_YEAR)) {
        buf_printf(err, "%s: the year must be %d to %d, got %d", name, CAL_MIN_YEAR, CAL_MAX_YEAR,
                   year);
        return ZE_INVAL;
    }
    if (csv_parse(src ? src : "", src ? len : 0, &rows, &nrows, &cerr) != 0) {
        /* csv_parse says "line N: …" (or nothing of a line for a file that is not UTF-8) */
        const char *m = buf_cstr(&cerr);
        if (strncmp(m, "line ", 5) == 0)
            buf_printf(err, "%s:%s", name, m + 5);
        else
            buf_printf(err, "%s: %s", name, m);
        goto out;
    }
    if (nrows == 0) {
        buf_printf(err, "%s:1: the file is empty; the first line must be date,name,kind", name);
        goto out;
    }
    const struct csv_row *h = &rows[0];
    if (h->nfields != 3 || strcmp(h->fields[0], "date") != 0 || strcmp(h->fields[1], "name") != 0 ||
        strcmp(h->fields[2], "kind") != 0) {
        buf_printf(err, "%s:%d: the first line must be the header date,name,kind", name, h->line);
        goto out;
    }
    int64_t lo = day_lo();
    e = xcalloc(nrows, sizeof *e);
    seen = xcalloc((size_t)(day_hi() - lo) / 8 + 1, 1);
    for (size_t r = 1; r < nrows; r++) {
        struct entry *x = &e[ne];
        if (read_row(&rows[r], year, name, x, err) != 0)
            goto out;
        size_t bit = (size_t)(x->day - lo);
        if (seen[bit / 8] & (1u << (bit % 8))) {
            int first = 0;
            for (size_t k = 0; k < ne && !first; k++)
                if (e[k].day == x->day)
                    first = e[k].line;
            buf_printf(err, "%s:%d: %s is listed twice (first on line %d)", name, x->line,
                       rows[r].fields[0], first);
            goto out;
        }
        seen[bit / 8] |= (unsigned char)(1u << (bit % 8));
        ne++;
    }
    /* all or nothing: the rows into a calendar of their own, then into c if it has room */
    for (size_t k = 0; k < ne; k++) {
        if (cal_put(&add, e[k].day, e[k].kind, e[k].name) != 0) {
            buf_printf(err, "%s:%d: more than %d holidays", name, e[k].line, CAL_MAX_DAYS);
            goto out;
        }
        cal_mark_year(&add, cal_year_of(e[k].day));
    }
    if (year)
        cal_mark_year(&add, year); /* boundary: an empty list still says the year has none */
    if (merge(c, &add) != 0) {
        buf_printf(err, "%s: the calendar would hold more than %d holidays", name, CAL_MAX_DAYS);
        goto out;
    }
    rc = 0;
out:
    cal_free(&add);
    free(seen);
    free(e);
    csv_free(rows, nrows);
    buf_free(&cerr);
    return rc;
}

/* --- the shipped lists ----------------------------------------------------------------------- */

/* The year of "data/holidays/id-YYYY.csv", or 0 for any other path. */
static int
shipped_year(const char *path)
{
    size_t pl = sizeof SHIPPED_PREFIX - 1;
    if (strncmp(path, SHIPPED_PREFIX, pl) != 0 || strcmp(path + pl + 4, ".csv") != 0)
        return 0;
    int y = 0;
    for (size_t i = pl; i < pl + 4; i++) {
        if (path[i] < '0' || path[i] > '9')
            return 0;
        y = y * 10 + (path[i] - '0');
    }
    return y >= CAL_MIN_YEAR && y <= CAL_MAX_YEAR ? y : 0;
}

struct shipped {
    const char *paths[CAL_MAX_YEAR - CAL_MIN_YEAR + 1];
    int years[CAL_MAX_YEAR - CAL_MIN_YEAR + 1];
    int n;
};

static void
shipped_one(const char *path, void *arg)
{
    struct shipped *s = arg;
    int y = shipped_year(path);
    if (y && s->n < (int)(sizeof s->years / sizeof s->years[0])) {
        s->paths[s->n] = path;
        s->years[s->n++] = y;
    }
}

int
cal_load_shipped(struct cal *c, struct buf *err)
{
    struct shipped s = {.n = 0};
    embed_each(SHIPPED_PREFIX, shipped_one, &s);
    struct cal all;
    cal_init(&all);
    int rc = 0;
    for (int i = 0; i < s.n && rc == 0; i++) {
        struct embed_file f;
        if (embed_get(s.paths[i], &f) != 0) {
            buf_printf(err, "%s: not found", s.paths[i]);
            rc = ZE_INVAL;
            break;
        }
        rc = cal_parse_csv(&all, s.years[i], s.paths[i], (const char *)f.data, f.len, err);
        embed_release(&f);
    }
    if (rc == 0 && merge(c, &all) != 0) {
        buf_printf(err, "the calendar would hold more than %d holidays", CAL_MAX_DAYS);
        rc = ZE_INVAL;
    }
    cal_free(&all);
    return rc;
}

int
cal_shipped_years(int *years, int max)
{
    struct shipped s = {.n = 0};
    embed_each(SHIPPED_PREFIX, shipped_one, &s);
    int n = 0;
    for (; n < s.n && n < max; n++) /* embedded paths are sorted, so the years ascend */
        years[n] = s.years[n];
    return n;
}

/* --- working days ---------------------------------------------------------------------------- */

bool
cal_is_workday(const struct cal *c, int64_t day, const struct cal_rule *r)
{
    if (!weekday_works(weekday(day), r))
        return false;
    const struct cal_day *h = cal_holiday(c, day);
    return !h || holiday_works(h, r);
}

int
cal_add(const struct cal *c, int64_t from, int n, const struct cal_rule *r, int64_t *out,
        int *unknown_year)
{
    if (unknown_year)
        *unknown_year = 0;
    int64_t hi = day_hi();
    if (n < 0 || from < day_lo() - 1 || from > hi)
        return ZE_INVAL;
    int64_t d = from, next_year = from + 1; /* the first day whose year is not yet checked */
    int unknown = 0;
    size_t i = lower_bound(c, from + 1), nh = c ? c->n : 0;
    while (n > 0) {
        if (d >= hi) /* boundary: the answer would lie beyond CAL_MAX_YEAR */
            return ZE_INVAL;
        d++;
        if (d >= next_year) {
            int y = cal_year_of(d);
            next_year = fmt_days_from_civil(y + 1, 1, 1);
            if (!unknown && !cal_has_year(c, y))
                unknown = y;
        }
        while (i < nh && c->days[i].day < d)
            i++;
        if (!weekday_works(weekday(d), r))
            continue;
        if (i < nh && c->days[i].day == d && !holiday_works(&c->days[i], r))
            continue;
        n--;
    }
    *out = d;
    if (unknown_year)
        *unknown_year = unknown;
    return 0;
}

int64_t
cal_count(const struct cal *c, int64_t d1, int64_t d2, const struct cal_rule *r, int *unknown_year)
{
    if (unknown_year)
        *unknown_year = 0;
    d1 = clamp_day(d1);
    d2 = clamp_day(d2);
    if (d2 <= d1) /* boundary: the same day counts nothing */
        return 0;
    /* whole weeks, then the days left over at the end, then the holidays on working weekdays */
    int64_t span = d2 - d1, count = span / 7 * (r && r->six_day ? 6 : 5);
    for (int64_t k = 0; k < span % 7; k++)
        count += weekday_works(weekday(d2 - k), r);
    for (size_t i = lower_bound(c, d1 + 1); c && i < c->n && c->days[i].day <= d2; i++)
        if (weekday_works(weekday(c->days[i].day), r) && !holiday_works(&c->days[i], r))
            count--;
    if (unknown_year) {
        /* a year outside CAL_MIN_YEAR..CAL_MAX_YEAR never has a list, so this loop is short */
        for (int y = cal_year_of(d1 + 1), y2 = cal_year_of(d2); y <= y2; y++)
            if (!cal_has_year(c, y)) {
                *unknown_year = y;
                break;
            }
    }
    return count;
}
