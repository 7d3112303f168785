/* cal: the working-day calendar, part of org (DESIGN §3: the calendar belongs to org), shared by
 * every deadline in zona (complaints, whistleblowing, gratification). Indonesia's libur nasional
 * and cuti bersama per year (data/holidays/id-YYYY.csv shipped; the admins' own version in the
 * database), Monday to Friday by default or a six-day week for a unit (Perpres 21/2023 Pasal 7),
 * and whether cuti bersama counts as a working day as a setting of each deadline rule. Day 1 of "N
 * working days from D" is the first working day after D. Days are counted as days since 1970-01-01
 * (a civil date, no time zone).
 *
 * cal_calc.c is pure (fuzzed: the holiday CSV); cal_store.c keeps the calendar in the database;
 * cal_routes.c lets admins add a year, revise dates and add one-off holidays (audited);
 * cal_cli.c is `zona workdays`. */
#ifndef ZONA_ORG_CAL_H
#define ZONA_ORG_CAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct db;

enum cal_kind { CAL_LIBUR, CAL_CUTI_BERSAMA };

enum {
    CAL_MIN_YEAR = 2000,
    CAL_MAX_YEAR = 2200,
    CAL_NAME_MAX = 160,  /* bytes of a holiday's name */
    CAL_MAX_DAYS = 20000 /* holidays in one calendar */
};

struct cal_day {
    int64_t day; /* days since 1970-01-01 */
    enum cal_kind kind;
    char name[CAL_NAME_MAX];
};

/* A calendar: holidays sorted by day (one entry per day: a day listed twice keeps libur over
 * cuti bersama), and the years it has a list for. Owned by the caller: cal_free. Read-only
 * calendars may be shared by threads. */
struct cal {
    struct cal_day *days;
    size_t n, cap;
    bool years[CAL_MAX_YEAR - CAL_MIN_YEAR + 1]; /* a list was loaded for the year */
};

/* A deadline rule's view of the week. */
struct cal_rule {
    bool six_day;            /* Saturday is a working day (a unit under Pasal 7) */
    bool cuti_bersama_works; /* cuti bersama counts as a working day (default: it does not) */
};

/* 'YYYY-MM-DD' (a real date, years CAL_MIN_YEAR..CAL_MAX_YEAR) to days; 0 or ZE_INVAL. */
int cal_parse_date(const char *s, int64_t *day);
/* days to 'YYYY-MM-DD'. */
void cal_format_date(int64_t day, char out[11]);
/* The civil year of a day. */
int cal_year_of(int64_t day);

void cal_init(struct cal *c);
void cal_free(struct cal *c);
/* Adds (or replaces) the holiday on day. 0, ZE_INVAL (bad name: empty, too long, not UTF-8) or
 * ZE_LIMIT. */
int cal_put(struct cal *c, int64_t day, enum cal_kind kind, const char *name);
/* Marks year as having a list (even an empty one). */
void cal_mark_year(struct cal *c, int year);
bool cal_has_year(const struct cal *c, int year);
/* The holiday on day, or NULL. */
const struct cal_day *cal_holiday(const struct cal *c, int64_t day);

/* Reads one year's list: header "date,name,kind", kind libur or cuti_bersama, every date in
 * year (0: any year, each date marks its own year), no date twice. Adds to c and marks the
 * year(s). On a problem nothing is added: ZE_INVAL with "NAME:LINE: message" in err. Pure;
 * fuzzed by tests/fuzz/fuzz_holidays.c. */
int cal_parse_csv(struct cal *c, int year, const char *name, const char *src, size_t len,
                  struct buf *err);
/* The lists shipped in the binary (data/holidays/id-*.csv). 0 or ZE_INVAL with err. */
int cal_load_shipped(struct cal *c, struct buf *err);
/* The years shipped, ascending, into years (at most max); their count. */
int cal_shipped_years(int *years, int max);

/* Is day a working day under rule? Weekends (Sunday; Saturday unless six_day), libur nasional,
 * and cuti bersama unless cuti_bersama_works. */
bool cal_is_workday(const struct cal *c, int64_t day, const struct cal_rule *r);
/* The n-th working day after from (n >= 1; n = 0 gives from itself). *unknown_year (may be NULL)
 * is set to the first year crossed that has no list (0: none), so a caller can say the answer
 * assumed no holidays there. 0 or ZE_INVAL (n < 0 or beyond CAL_MAX_YEAR). */
int cal_add(const struct cal *c, int64_t from, int n, const struct cal_rule *r, int64_t *out,
            int *unknown_year);
/* Working days after d1 up to and including d2 (0 when d2 <= d1); *unknown_year as above. */
int64_t cal_count(const struct cal *c, int64_t d1, int64_t d2, const struct cal_rule *r,
                  int *unknown_year);

/* --- the database (cal_store.c) ------------------------------------------------------------- */

/* The calendar as the admins keep it: every year in the database, and each shipped year the
 * database does not hold yet (copied in once, in a transaction of its own). */
int cal_store_load(struct db *db, struct cal *c);
/* The rule of a unit for a deadline: its week (unit_workweek), and cuti_bersama_works. */
int cal_store_rule(struct db *db, int64_t unit_id, bool cuti_bersama_works, struct cal_rule *r);
/* Both for a deadline of a unit: the calendar as cal_store_load gives it, with each shipped year
 * it lacks filled in from the shipped lists (a transaction cannot copy them in), and the unit's
 * rule. c is the caller's to cal_free on success; nothing to free on failure. */
int cal_store_for_unit(struct db *db, int64_t unit_id, bool cuti_bersama_works, struct cal *c,
                       struct cal_rule *r);

/* Copies each shipped year the database lacks, each in a transaction of its own (before any
 * change by an admin, so a one-off date never hides a year's list). Outside a transaction. */
int cal_store_seed(struct db *db);
/* For the admin pages, inside the caller's write transaction where they change something.
 * [{"year", "source", "count", "updated_at", "listed"}], ascending; a year not listed holds only
 * one-off dates. */
int cal_store_years(struct db *db, json_t *list);
/* [{"day", "name", "kind", "source", "updated_at"}] of a year, by day. */
int cal_store_holidays(struct db *db, int year, json_t *list);
/* The holiday on day as JSON ({"day", "name", "kind"}) or NULL. */
json_t *cal_store_holiday(struct db *db, const char *day);
/* Adds or revises the holiday on day (the year is created when missing, source admin). */
int cal_store_holiday_put(struct db *db, const char *day, enum cal_kind kind, const char *name,
                          int64_t by, int64_t now);
/* Removes the holiday on day: 0 or ZE_NOTFOUND. */
int cal_store_holiday_delete(struct db *db, const char *day);
/* Replaces a year's whole list with the holidays of c in that year (source admin). */
int cal_store_year_replace(struct db *db, int year, const struct cal *c, int64_t by, int64_t now);
/* A unit's working days a week (5 or 6). */
int cal_store_workweek(struct db *db, int64_t unit_id);
/* days 5 or 6 for a unit (5 removes the exception). */
int cal_store_workweek_set(struct db *db, int64_t unit_id, int days, int64_t by, int64_t now);
/* [{"unit_code", "unit_name", "days"}] of the units with a six-day week. */
int cal_store_workweeks(struct db *db, json_t *list);

/* Parts that keep deadlines in working days register here to recompute the open ones after the
 * calendar changed (called inside the admin's transaction). */
void cal_on_change(int (*fn)(struct db *db, int64_t now));
int cal_changed(struct db *db, int64_t now);

#endif
