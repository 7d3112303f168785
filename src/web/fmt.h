/* fmt: how people see numbers, money, dates and zones: "27 November 2026", "1.500.000",
 * "Rp1.500.000", "17.05 WITA"; and ISO 8601 with offset for the API. Pure; thread-safe. */
#ifndef ZONA_WEB_FMT_H
#define ZONA_WEB_FMT_H

#include <stdbool.h>
#include <stdint.h>

struct buf;

enum fmt_zone { ZONE_WIB, ZONE_WITA, ZONE_WIT, ZONE_MAX };

/* "WIB" -> ZONE_WIB...; returns -1 for an unknown name. */
int fmt_zone_parse(const char *name);
const char *fmt_zone_name(enum fmt_zone z);
/* Offset from UTC in minutes (WIB +420, WITA +480, WIT +540). */
int fmt_zone_offset(enum fmt_zone z);
/* The zone named tz ("WIB", "WITA", "WIT"), WIB for anything else. */
enum fmt_zone fmt_zone_of(const char *tz);
/* The civil year (UTC) of a time in ms. */
int fmt_year_of(int64_t ms);

/* Grouped integer: "1.500.000" (id) or "1,500,000" (en). */
void fmt_int(struct buf *out, const char *lang, int64_t v);
/* Fixed decimals: "87,25" (id) or "87.25" (en), grouped. */
void fmt_decimal(struct buf *out, const char *lang, double v, int decimals);
/* Rupiah: "Rp1.500.000" (id), "Rp1,500,000" (en); negative as "-Rp1.500". */
void fmt_rupiah(struct buf *out, const char *lang, int64_t v);
/* Calendar date of ms in zone z: "27 November 2026" (id) / "27 November 2026" (en). */
void fmt_date(struct buf *out, const char *lang, int64_t ms, enum fmt_zone z);
/* Date and time with the zone: "27 November 2026 17.05 WITA" (id) / "27 November 2026, 17:05
 * WITA" (en). */
void fmt_datetime(struct buf *out, const char *lang, int64_t ms, enum fmt_zone z);
/* ISO 8601 with offset: "2026-11-27T17:05:00.000+08:00". */
void fmt_iso8601(struct buf *out, int64_t ms, enum fmt_zone z);
/* ISO 8601 in UTC: "2026-11-27T09:05:00.000Z". */
void fmt_iso8601_utc(struct buf *out, int64_t ms);

/* Civil date from days since 1970-01-01 and back (proleptic Gregorian). */
void fmt_civil_from_days(int64_t days, int *y, int *m, int *d);
int64_t fmt_days_from_civil(int y, int m, int d);

#endif
