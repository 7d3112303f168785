/* fmt: Indonesian conventions (PUEBI and Bank Indonesia's style): '.' groups thousands, ','
 * marks decimals, "Rp" sticks to the amount, "pukul 17.05" uses a dot. English keeps the
 * English separators. Dates use Howard Hinnant's civil-date arithmetic, independent of libc's
 * time zone settings. */
#include "fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"

static const char *zone_names[ZONE_MAX] = {"WIB", "WITA", "WIT"};
static const int zone_offsets[ZONE_MAX] = {7 * 60, 8 * 60, 9 * 60};

static const char *months_id[12] = {"Januari",   "Februari", "Maret",    "April",
                                    "Mei",       "Juni",     "Juli",     "Agustus",
                                    "September", "Oktober",  "November", "Desember"};
static const char *months_en[12] = {"January",   "February", "March",    "April",
                                    "May",       "June",     "July",     "August",
                                    "September", "October",  "November", "December"};

int
fmt_zone_parse(const char *name)
{
    for (int i = 0; i < ZONE_MAX; i++)
        if (name && strcmp(name, zone_names[i]) == 0)
            return i;
    return -1;
}

const char *
fmt_zone_name(enum fmt_zone z)
{
    return (unsigned)z < ZONE_MAX ? zone_names[z] : "WIB";
}

int
fmt_zone_offset(enum fmt_zone z)
{
    return (unsigned)z < ZONE_MAX ? zone_offsets[z] : zone_offsets[0];
}

static bool
is_en(const char *lang)
{
    return lang && strcmp(lang, "en") == 0;
}

static void
grouped(struct buf *out, uint64_t v, char sep)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf_putc(out, sep);
        buf_putc(out, digits[i]);
    }
}

static uint64_t
magnitude(int64_t v)
{
    return v < 0 ? (uint64_t)(-(v + 1)) + 1u : (uint64_t)v;
}

void
fmt_int(struct buf *out, const char *lang, int64_t v)
{
    if (v < 0)
        buf_putc(out, '-');
    grouped(out, magnitude(v), is_en(lang) ? ',' : '.');
}

void
fmt_decimal(struct buf *out, const char *lang, double v, int decimals)
{
    if (decimals < 0)
        decimals = 0;
    if (decimals > 9)
        decimals = 9;
    if (!isfinite(v)) {
        buf_puts(out, "-");
        return;
    }
    double scale = pow(10, decimals);
    double r = round(fabs(v) * scale);
    uint64_t whole = (uint64_t)(r / scale);
    uint64_t frac = (uint64_t)(r - (double)whole * scale);
    if (v < 0 && r > 0)
        buf_putc(out, '-');
    grouped(out, whole, is_en(lang) ? ',' : '.');
    if (decimals) {
        buf_putc(out, is_en(lang) ? '.' : ',');
        buf_printf(out, "%0*llu", decimals, (unsigned long long)frac);
    }
}

void
fmt_rupiah(struct buf *out, const char *lang, int64_t v)
{
    if (v < 0)
        buf_putc(out, '-');
    buf_puts(out, "Rp");
    grouped(out, magnitude(v), is_en(lang) ? ',' : '.');
}

int64_t
fmt_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void
fmt_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t yy = (int64_t)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

struct parts {
    int y, mo, d, h, mi, s, ms;
};

static int64_t
floor_div(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

static struct parts
split(int64_t ms, int offset_min)
{
    struct parts p;
    int64_t local = ms + (int64_t)offset_min * 60000;
    int64_t days = floor_div(local, 86400000);
    int64_t rem = local - days * 86400000;
    fmt_civil_from_days(days, &p.y, &p.mo, &p.d);
    p.h = (int)(rem / 3600000);
    p.mi = (int)(rem / 60000 % 60);
    p.s = (int)(rem / 1000 % 60);
    p.ms = (int)(rem % 1000);
    return p;
}

void
fmt_date(struct buf *out, const char *lang, int64_t ms, enum fmt_zone z)
{
    struct parts p = split(ms, fmt_zone_offset(z));
    const char *const *months = is_en(lang) ? months_en : months_id;
    buf_printf(out, "%d %s %d", p.d, months[p.mo - 1], p.y);
}

void
fmt_datetime(struct buf *out, const char *lang, int64_t ms, enum fmt_zone z)
{
    struct parts p = split(ms, fmt_zone_offset(z));
    if (is_en(lang))
        buf_printf(out, "%d %s %d, %02d:%02d %s", p.d, months_en[p.mo - 1], p.y, p.h, p.mi,
                   fmt_zone_name(z));
    else
        buf_printf(out, "%d %s %d %02d.%02d %s", p.d, months_id[p.mo - 1], p.y, p.h, p.mi,
                   fmt_zone_name(z));
}

void
fmt_iso8601(struct buf *out, int64_t ms, enum fmt_zone z)
{
    int off = fmt_zone_offset(z);
    struct parts p = split(ms, off);
    buf_printf(out, "%04d-%02d-%02dT%02d:%02d:%02d.%03d+%02d:%02d", p.y, p.mo, p.d, p.h, p.mi, p.s,
               p.ms, off / 60, off % 60);
}

void
fmt_iso8601_utc(struct buf *out, int64_t ms)
{
    struct parts p = split(ms, 0);
    buf_printf(out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", p.y, p.mo, p.d, p.h, p.mi, p.s, p.ms);
}

enum fmt_zone
fmt_zone_of(const char *tz)
{
    int z = tz ? fmt_zone_parse(tz) : -1;
    return z < 0 ? ZONE_WIB : (enum fmt_zone)z;
}

int
fmt_year_of(int64_t ms)
{
    int y, m, d;
    int64_t days = ms / 86400000;
    if (ms < 0 && ms % 86400000)
        days--;
    fmt_civil_from_days(days, &y, &m, &d);
    return y;
}
