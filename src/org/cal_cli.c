/* cal_cli: zona workdays add (the date of the N-th working day after a date) and zona workdays
 * count (the working days after one date up to and including another). The arguments are checked
 * before anything is opened. Without ZONA_DB the calendar is the one shipped in the binary, so
 * the commands work from any directory on any machine; with it, the calendar is the database's
 * (the admins' revisions and one-off holidays), and --unit reads the unit's working week. The
 * answer is one line on stdout; a year crossed without a holiday list is a warning on stderr,
 * not an error, because weekends are still right there. */
#include "cal_cli.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "org/org.h"

enum cal_cli_op { CAL_CLI_ADD, CAL_CLI_COUNT };

struct cal_cli_args {
    enum cal_cli_op op;
    const char *cmd; /* "zona workdays add" or "zona workdays count", for messages */
    int64_t from, to;
    int days;
    const char *unit; /* a unit code, or NULL */
    struct cal_rule rule;
};

/* Reads argv[2..] into a; 0, or 2 (the exit status) after saying what is wrong. */
static int
parse_args(int argc, char **argv, struct cal_cli_args *a)
{
    bool has_from = false, has_to = false, has_days = false;
    for (int i = 2; i < argc; i++) {
        const char *o = argv[i];
        if (strcmp(o, "--cuti-bersama-works") == 0) {
            a->rule.cuti_bersama_works = true;
            continue;
        }
        if (strcmp(o, "--six-day") == 0) {
            a->rule.six_day = true;
            continue;
        }
        bool from = strcmp(o, "--from") == 0, unit = strcmp(o, "--unit") == 0;
        bool to = a->op == CAL_CLI_COUNT && strcmp(o, "--to") == 0;
        bool days = a->op == CAL_CLI_ADD && strcmp(o, "--days") == 0;
        if (!from && !unit && !to && !days) {
            fprintf(stderr, "%s: unexpected argument '%s' (see zona workdays --help)\n", a->cmd, o);
            return 2;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "%s: %s needs a value\n", a->cmd, o);
            return 2;
        }
        const char *v = argv[++i];
        if (from || to) {
            if (cal_parse_date(v, to ? &a->to : &a->from) != 0) {
                fprintf(stderr, "%s: %s must be a date YYYY-MM-DD from %d to %d, got '%s'\n",
                        a->cmd, o, CAL_MIN_YEAR, CAL_MAX_YEAR, v);
                return 2;
            }
            *(to ? &has_to : &has_from) = true;
        } else if (days) {
            int64_t n;
            if (parse_i64(v, strlen(v), &n) != 0 || n < 0 || n > INT_MAX) {
                fprintf(stderr, "%s: --days must be a whole number, 0 or more, got '%s'\n", a->cmd,
                        v);
                return 2;
            }
            a->days = (int)n;
            has_days = true;
        } else {
            a->unit = v;
        }
    }
    if (a->op == CAL_CLI_ADD && (!has_from || !has_days)) {
        fprintf(stderr, "%s: --from YYYY-MM-DD and --days N are required\n", a->cmd);
        return 2;
    }
    if (a->op == CAL_CLI_COUNT && (!has_from || !has_to)) {
        fprintf(stderr, "%s: --from YYYY-MM-DD and --to YYYY-MM-DD are required\n", a->cmd);
        return 2;
    }
    return 0;
}

/* The calendar and rule from the database: 0 or 1 (the exit status) after saying why not. */
static int
load_db(struct cal_cli_args *a, int (*open_db)(struct db **), struct cal *c)
{
    struct db *db = NULL;
    int rc = open_db(&db);
    if (rc)
        return rc;
    if (cal_store_load(db, c) != 0) {
        fprintf(stderr, "%s: cannot read the calendar from the database: %s\n", a->cmd,
                db_errmsg(db));
        rc = 1;
    } else if (a->unit) {
        struct org_unit u;
        int urc = org_unit_by_code(db, a->unit, &u);
        struct cal_rule r;
        if (urc == ZE_NOTFOUND) {
            fprintf(stderr, "%s: unknown unit '%s'\n", a->cmd, a->unit);
            rc = 1;
        } else if (urc != 0 || cal_store_rule(db, u.id, a->rule.cuti_bersama_works, &r) != 0) {
            fprintf(stderr, "%s: cannot read the unit's working week: %s\n", a->cmd, db_errmsg(db));
            rc = 1;
        } else {
            a->rule.six_day = a->rule.six_day || r.six_day; /* --six-day wins over the unit */
        }
    }
    db_close(db);
    return rc;
}

static void
warn_unknown(int year)
{
    if (year)
        fprintf(stderr, "zona workdays: no holiday list for %d; counted weekends only\n", year);
}

int
cal_cli(int argc, char **argv, int (*open_db)(struct db **db))
{
    struct cal_cli_args a = {.op = CAL_CLI_ADD};
    if (argc >= 2 && strcmp(argv[1], "add") == 0) {
        a.cmd = "zona workdays add";
    } else if (argc >= 2 && strcmp(argv[1], "count") == 0) {
        a.op = CAL_CLI_COUNT;
        a.cmd = "zona workdays count";
    } else {
        fprintf(stderr, "zona workdays: expected add or count (see zona workdays --help)\n");
        return 2;
    }
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc;
    const char *env = getenv("ZONA_DB");
    bool use_db = env && *env;
    if (a.unit && !use_db) {
        fprintf(stderr,
                "%s: --unit needs ZONA_DB: the unit's working week is kept in the database\n",
                a.cmd);
        return 2;
    }
    struct cal c;
    cal_init(&c);
    if (use_db) {
        rc = load_db(&a, open_db, &c);
    } else {
        struct buf err = BUF_INIT;
        if (cal_load_shipped(&c, &err) != 0) {
            fprintf(stderr, "%s: the shipped holiday lists do not load: %s\n", a.cmd,
                    buf_cstr(&err));
            rc = 1;
        }
        buf_free(&err);
    }
    if (rc) {
        cal_free(&c);
        return rc;
    }
    int unknown = 0;
    if (a.op == CAL_CLI_ADD) {
        int64_t day;
        if (cal_add(&c, a.from, a.days, &a.rule, &day, &unknown) != 0) {
            char iso[11];
            cal_format_date(a.from, iso);
            fprintf(stderr, "%s: %d working days after %s go beyond %d-12-31\n", a.cmd, a.days, iso,
                    CAL_MAX_YEAR);
            rc = 2;
        } else {
            char iso[11];
            cal_format_date(day, iso);
            warn_unknown(unknown);
            printf("%s\n", iso);
        }
    } else {
        int64_t n = cal_count(&c, a.from, a.to, &a.rule, &unknown);
        warn_unknown(unknown);
        printf("%lld\n", (long long)n);
    }
    cal_free(&c);
    return rc;
}
