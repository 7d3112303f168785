/* grat_cli: zona gratification deadline (the last days to report a gift to the UPG and to the KPK)
 * and zona gratification advise (must it be reported, under which rule, and why). Both come from
 * the code the web UI uses (grat_calc.c). The arguments are checked before anything is opened; the
 * answer is one line of JSON on stdout; a year crossed without a holiday list is a warning on
 * stderr, not an error, because weekends are still right there. */
#include "grat_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "grat.h"
#include "org/cal.h"

enum grat_cli_op { GRAT_CLI_DEADLINE, GRAT_CLI_ADVISE };

struct grat_cli_args {
    enum grat_cli_op op;
    const char *cmd; /* "zona gratification deadline" or "… advise", for messages */
    const char *lang;
    struct grat_gift gift;
    bool has_received, has_value, has_giver, has_event;
};

/* A whole number of Rupiah 0..GRAT_VALUE_MAX; 0 or ZE_INVAL. */
static int
parse_rupiah(const char *s, int64_t *out)
{
    if (!*s || *s == '-' || *s == '+' || parse_i64(s, strlen(s), out) != 0)
        return ZE_INVAL;
    return *out <= GRAT_VALUE_MAX ? 0 : ZE_INVAL;
}

/* Reads one option with its value into a; 0, or 2 (the exit status) after saying what is wrong. */
static int
parse_option(struct grat_cli_args *a, const char *o, const char *v)
{
    bool advise = a->op == GRAT_CLI_ADVISE;
    if (strcmp(o, "--received") == 0) {
        if (cal_parse_date(v, &a->gift.received) != 0) {
            fprintf(stderr, "%s: --received must be a date YYYY-MM-DD from %d to %d, got '%s'\n",
                    a->cmd, CAL_MIN_YEAR, CAL_MAX_YEAR, v);
            return 2;
        }
        a->has_received = true;
    } else if (advise && (strcmp(o, "--value") == 0 || strcmp(o, "--year-total") == 0)) {
        bool value = strcmp(o, "--value") == 0;
        if (parse_rupiah(v, value ? &a->gift.value : &a->gift.year_total) != 0) {
            fprintf(stderr,
                    "%s: %s must be a whole number of Rupiah from 0 to %lld, without separators, "
                    "got '%s'\n",
                    a->cmd, o, (long long)GRAT_VALUE_MAX, v);
            return 2;
        }
        a->has_value = a->has_value || value;
    } else if (advise && strcmp(o, "--giver") == 0) {
        if (grat_giver_parse(v, &a->gift.giver) != 0) {
            fprintf(stderr, "%s: --giver must be keluarga, rekan-kerja or lainnya, got '%s'\n",
                    a->cmd, v);
            return 2;
        }
        a->has_giver = true;
    } else if (advise && strcmp(o, "--event") == 0) {
        if (grat_event_parse(v, &a->gift.event) != 0) {
            fprintf(stderr,
                    "%s: --event must be upacara, musibah, pisah-sambut or lainnya, got '%s'\n",
                    a->cmd, v);
            return 2;
        }
        a->has_event = true;
    } else if (advise && strcmp(o, "--lang") == 0) {
        if (strcmp(v, "id") != 0 && strcmp(v, "en") != 0) {
            fprintf(stderr, "%s: --lang must be id or en, got '%s'\n", a->cmd, v);
            return 2;
        }
        a->lang = v;
    } else {
        fprintf(stderr, "%s: unexpected argument '%s' (see zona gratification --help)\n", a->cmd,
                o);
        return 2;
    }
    return 0;
}

/* Reads argv[2..] into a; 0, or 2 (the exit status) after saying what is wrong. */
static int
parse_args(int argc, char **argv, struct grat_cli_args *a)
{
    for (int i = 2; i < argc; i++) {
        const char *o = argv[i];
        if (a->op == GRAT_CLI_ADVISE && strcmp(o, "--cash") == 0) {
            a->gift.cash = true;
            continue;
        }
        bool known =
            strcmp(o, "--received") == 0 ||
            (a->op == GRAT_CLI_ADVISE &&
             (strcmp(o, "--value") == 0 || strcmp(o, "--year-total") == 0 ||
              strcmp(o, "--giver") == 0 || strcmp(o, "--event") == 0 || strcmp(o, "--lang") == 0));
        if (known && i + 1 >= argc) {
            fprintf(stderr, "%s: %s needs a value\n", a->cmd, o);
            return 2;
        }
        int rc = parse_option(a, o, known ? argv[++i] : "");
        if (rc)
            return rc;
    }
    if (a->op == GRAT_CLI_DEADLINE && !a->has_received) {
        fprintf(stderr, "%s: --received YYYY-MM-DD is required\n", a->cmd);
        return 2;
    }
    if (a->op == GRAT_CLI_ADVISE &&
        (!a->has_received || !a->has_value || !a->has_giver || !a->has_event)) {
        fprintf(stderr,
                "%s: --received YYYY-MM-DD, --value RUPIAH, --giver and --event are required\n",
                a->cmd);
        return 2;
    }
    return 0;
}

/* Prints obj as one line and frees it; 0, or 1 when it could not be written. */
static int
print_json(json_t *obj)
{
    char *s = json_dumps(obj, JSON_PRESERVE_ORDER);
    json_decref(obj);
    if (!s)
        return 1;
    printf("%s\n", s);
    free(s);
    return 0;
}

static int
advise(struct grat_cli_args *a)
{
    struct grat_advice adv;
    if (*grat_rules_problems()) /* a broken rule file is left out; say so */
        fprintf(stderr, "zona gratification: %s", grat_rules_problems());
    if (grat_advise(&a->gift, a->lang, &adv) != 0) {
        fprintf(stderr, "%s: the gift could not be judged\n", a->cmd);
        return 2;
    }
    json_t *o = json_object();
    json_object_set_new(o, "must_report", json_boolean(adv.must_report));
    json_object_set_new(o, "rule", adv.rule ? json_string(adv.rule->name) : json_null());
    json_object_set_new(o, "reason", json_string(adv.reason));
    json_object_set_new(o, "rule_id", adv.rule ? json_string(adv.rule->id) : json_null());
    json_object_set_new(o, "exemption", adv.exemption ? json_string(adv.exemption) : json_null());
    json_object_set_new(o, "threshold",
                        adv.threshold >= 0 ? json_integer(adv.threshold) : json_null());
    json_object_set_new(o, "year_threshold",
                        adv.year_threshold >= 0 ? json_integer(adv.year_threshold) : json_null());
    return print_json(o);
}

/* The calendar from the database: 0 or the exit status after saying why not. */
static int
load_db(const struct grat_cli_args *a, int (*open_db)(struct db **), struct cal *c)
{
    struct db *db = NULL;
    int rc = open_db(&db);
    if (rc)
        return rc;
    if (cal_store_load(db, c) != 0) {
        fprintf(stderr, "%s: cannot read the calendar from the database: %s\n", a->cmd,
                db_errmsg(db));
        rc = 1;
    }
    db_close(db);
    return rc;
}

static int
deadline(struct grat_cli_args *a, int (*open_db)(struct db **))
{
    const char *env = getenv("ZONA_DB");
    struct cal c;
    cal_init(&c);
    int rc = 0;
    if (env && *env) {
        rc = load_db(a, open_db, &c);
    } else {
        struct buf err = BUF_INIT;
        if (cal_load_shipped(&c, &err) != 0) {
            fprintf(stderr, "%s: the shipped holiday lists do not load: %s\n", a->cmd,
                    buf_cstr(&err));
            rc = 1;
        }
        buf_free(&err);
    }
    if (rc) {
        cal_free(&c);
        return rc;
    }
    struct cal_rule r = {.six_day = false, .cuti_bersama_works = grat_cuti_bersama_works()};
    struct grat_deadlines d;
    char iso[11];
    if (grat_deadlines(&c, &r, a->gift.received, &d) != 0) {
        cal_format_date(a->gift.received, iso);
        fprintf(stderr, "%s: %d working days after %s go beyond %d-12-31\n", a->cmd,
                grat_kpk_days(), iso, CAL_MAX_YEAR);
        cal_free(&c);
        return 2;
    }
    cal_free(&c);
    if (d.unknown_year)
        fprintf(stderr, "zona gratification: no holiday list for %d; counted weekends only\n",
                d.unknown_year);
    json_t *o = json_object();
    cal_format_date(d.upg, iso);
    json_object_set_new(o, "upg", json_string(iso));
    cal_format_date(d.kpk, iso);
    json_object_set_new(o, "kpk", json_string(iso));
    return print_json(o);
}

int
grat_cli(int argc, char **argv, int (*open_db)(struct db **db))
{
    struct grat_cli_args a = {.op = GRAT_CLI_DEADLINE,
                              .gift.giver = GRAT_GIVER_LAINNYA,
                              .gift.event = GRAT_EVENT_LAINNYA};
    const char *l = getenv("ZONA_LANG");
    a.lang = l && strcmp(l, "en") == 0 ? "en" : "id";
    if (argc >= 2 && strcmp(argv[1], "deadline") == 0) {
        a.cmd = "zona gratification deadline";
    } else if (argc >= 2 && strcmp(argv[1], "advise") == 0) {
        a.op = GRAT_CLI_ADVISE;
        a.cmd = "zona gratification advise";
    } else {
        fprintf(
            stderr,
            "zona gratification: expected deadline or advise (see zona gratification --help)\n");
        return 2;
    }
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc;
    if (a.op == GRAT_CLI_ADVISE)
        return advise(&a);
    return deadline(&a, open_db);
}
