/* zona: the command line. Each subcommand answers --help; serve runs the web server. */
#include <sys/stat.h>

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "complaint/complaint.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/embed.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "db/migrate.h"
#include "grat/grat.h"
#include "grat/grat_cli.h"
#include "http/http.h"
#include "lke/lke_cli.h"
#include "lke/lke_work.h"
#include "org/cal_cli.h"
#include "org/org.h"
#include "org/org_cli.h"
#include "survey/survey_cli.h"
#include "survey/survey_work.h"
#include "wbs/wbs.h"

#ifndef ZONA_VERSION
#define ZONA_VERSION "0.0.0"
#endif

struct command {
    const char *name;
    const char *args;
    const char *summary;
    const char *help;
    int (*run)(int argc, char **argv);
};

static const struct command *find_command(const char *name);

static void
set_log_level(void)
{
    const char *l = config_get()->log_level;
    log_set_level(strcmp(l, "debug") == 0   ? LOG_DEBUG
                  : strcmp(l, "warn") == 0  ? LOG_WARN
                  : strcmp(l, "error") == 0 ? LOG_ERROR
                                            : LOG_INFO);
}

/* Settings, dev mode, and the var folder: what every database command needs first. */
static int
prepare(void)
{
    if (config_load() != 0)
        return 2;
    set_log_level();
    const struct config *c = config_get();
    if (c->dev)
        embed_use_disk(c->root);
    if (mkdir(c->var_dir, 0750) != 0 && errno != EEXIST) {
        fprintf(stderr, "zona: cannot create %s: %s\n", c->var_dir, strerror(errno));
        return 1;
    }
    return 0;
}

static int
open_db(struct db **db)
{
    if (db_open(config_get()->db_url, db) != 0) {
        fprintf(stderr, "zona: cannot open the database (ZONA_DB=%s)\n",
                strncmp(config_get()->db_url, "sqlite:", 7) == 0 ? config_get()->db_url
                                                                 : "postgresql://…");
        return 1;
    }
    return 0;
}

static int
open_migrated(struct db **db)
{
    int rc = open_db(db);
    if (rc)
        return rc;
    if (migrate_run(*db, NULL) != 0) {
        fprintf(stderr, "zona: migrating the database failed: %s\n", db_errmsg(*db));
        db_close(*db);
        *db = NULL;
        return 1;
    }
    return 0;
}

static bool
wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

static int
cmd_serve(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "zona serve: unexpected argument '%s' (see zona serve --help)\n", argv[1]);
        return 2;
    }
    int rc = prepare();
    if (rc)
        return rc;
    struct db *db;
    if ((rc = open_migrated(&db)) != 0)
        return rc;
    char demo[8] = "";
    bool has_demo = meta_get(db, "demo", demo, sizeof demo) == 0 && strcmp(demo, "1") == 0;
    struct buf fw_err = BUF_INIT;
    if (lke_registry_init(db, &fw_err) != 0)
        fprintf(stderr, "zona serve: %s", buf_cstr(&fw_err));
    buf_free(&fw_err);
    db_close(db);
    if (has_demo && !config_get()->demo) {
        fprintf(stderr,
                "zona serve: this database holds demo data and demo accounts with published "
                "passwords; set ZONA_DEMO=1 to serve it anyway (make run does)\n");
        return 1;
    }
    if (app_init() != 0)
        return 1;
    lke_worker_start();
    rc = http_serve();
    lke_worker_stop();
    app_shutdown();
    return rc ? 1 : 0;
}

static int
cmd_migrate(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "zona migrate: unexpected argument '%s'\n", argv[1]);
        return 2;
    }
    int rc = prepare();
    if (rc)
        return rc;
    struct db *db;
    if ((rc = open_db(&db)) != 0)
        return rc;
    int n = 0;
    rc = migrate_run(db, &n);
    if (rc) {
        fprintf(stderr, "zona migrate: failed: %s\n", db_errmsg(db));
    } else {
        printf("%d migration(s) applied; schema version %d\n", n, migrate_version(db));
    }
    db_close(db);
    return rc ? 1 : 0;
}

static int
cmd_demo(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "zona demo: unexpected argument '%s'\n", argv[1]);
        return 2;
    }
    int rc = prepare();
    if (rc)
        return rc;
    struct db *db;
    if ((rc = open_migrated(&db)) != 0)
        return rc;
    char demo[8] = "";
    bool again = meta_get(db, "demo", demo, sizeof demo) == 0 && strcmp(demo, "1") == 0;
    if (app_init() != 0) {
        db_close(db);
        return 1;
    }
    struct buf out = BUF_INIT;
    rc = org_demo(db, &out);
    if (!rc)
        rc = lke_demo(db, &out);
    if (!rc)
        rc = survey_demo(db, &out);
    if (!rc)
        rc = complaint_demo(db, &out);
    if (!rc)
        rc = wbs_demo(db, &out);
    if (!rc)
        rc = grat_demo(db, &out);
    if (!rc) {
        char when[32];
        snprintf(when, sizeof when, "%lld", (long long)clock_now_ms());
        rc = db_begin_write(db);
        if (!rc && !again)
            rc = meta_set(db, "demo_created_at", when);
        if (!rc)
            rc = meta_set(db, "demo", "1");
        if (!rc)
            rc = db_commit(db);
        else
            db_rollback(db);
    }
    if (rc)
        fprintf(stderr, "zona demo: failed: %s%s\n", buf_cstr(&out), db_errmsg(db));
    else
        printf("%s%s\n", buf_cstr(&out),
               again ? "demo data was already present; it is complete" : "demo data created");
    buf_free(&out);
    app_shutdown();
    db_close(db);
    return rc ? 1 : 0;
}

static int
cmd_backup(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "zona backup: expected one FILE (see zona backup --help)\n");
        return 2;
    }
    int rc = prepare();
    if (rc)
        return rc;
    struct stat sb;
    if (stat(argv[1], &sb) == 0) {
        fprintf(stderr, "zona backup: %s already exists; choose a new file name\n", argv[1]);
        return 1;
    }
    struct db *db;
    if ((rc = open_db(&db)) != 0)
        return rc;
    rc = db_backup(db, argv[1]);
    if (rc)
        fprintf(stderr, "zona backup: failed: %s\n", db_errmsg(db));
    else
        printf("backup written to %s\n", argv[1]);
    db_close(db);
    return rc ? 1 : 0;
}

static int
cmd_restore(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "zona restore: expected one FILE (see zona restore --help)\n");
        return 2;
    }
    int rc = prepare();
    if (rc)
        return rc;
    struct stat sb;
    if (stat(argv[1], &sb) != 0 || !S_ISREG(sb.st_mode)) {
        fprintf(stderr, "zona restore: %s is not a readable file\n", argv[1]);
        return 1;
    }
    struct db *db;
    if ((rc = open_db(&db)) != 0)
        return rc;
    rc = db_restore(db, argv[1]);
    if (rc)
        fprintf(stderr, "zona restore: failed, nothing was changed: %s\n", db_errmsg(db));
    else
        printf("database restored from %s\n", argv[1]);
    db_close(db);
    return rc ? 1 : 0;
}

/* The commands that work on the database with org and auth loaded. */
static int
with_org(int (*fn)(struct db *, int, char **), int argc, char **argv)
{
    int rc = prepare();
    if (rc)
        return rc;
    struct db *db;
    if ((rc = open_migrated(&db)) != 0)
        return rc;
    if (app_init() != 0) {
        db_close(db);
        return 1;
    }
    rc = fn(db, argc, argv);
    app_shutdown();
    db_close(db);
    return rc;
}

static int
cmd_unit(int argc, char **argv)
{
    return with_org(org_cli_unit, argc, argv);
}

static int
cmd_user(int argc, char **argv)
{
    return with_org(org_cli_user, argc, argv);
}

static int
cmd_audit(int argc, char **argv)
{
    return with_org(org_cli_audit, argc, argv);
}

static int
cmd_routes(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "zona routes: unexpected argument\n");
        return 2;
    }
    int rc = prepare();
    if (rc)
        return rc;
    if (app_init() != 0)
        return 1;
    rc = org_cli_routes();
    app_shutdown();
    return rc;
}

static int
cmd_framework(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "load") == 0)
        return with_org(lke_cli_framework_load, argc, argv);
    return lke_cli_framework(argc, argv);
}

static int
cmd_lke(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "score") != 0)
        return with_org(lke_cli_lke_db, argc, argv);
    return lke_cli_lke(argc, argv);
}

static int
cmd_survey(int argc, char **argv)
{
    return survey_cli(argc, argv);
}

/* What zona workdays and zona gratification deadline need when ZONA_DB is set: the settings and
 * the migrated database. */
static int
open_for_workdays(struct db **db)
{
    int rc = prepare();
    return rc ? rc : open_migrated(db);
}

static int
cmd_workdays(int argc, char **argv)
{
    return cal_cli(argc, argv, open_for_workdays);
}

static int
cmd_gratification(int argc, char **argv)
{
    return grat_cli(argc, argv, open_for_workdays);
}

/* zona wbs sweep: the whistleblowing channel's daily retention, for cron. */
static int
cmd_wbs(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "sweep") != 0 || argc > 2) {
        fprintf(stderr, "usage: zona wbs sweep\n");
        return 2;
    }
    int rc = prepare();
    struct db *db = NULL;
    if (!rc)
        rc = open_migrated(&db);
    if (rc)
        return 1;
    int n = 0;
    rc = db_begin_write(db);
    if (!rc)
        rc = db_commit_or_rollback(db, wbs_case_sweep(db, clock_now_ms(), true, &n));
    db_close(db);
    if (rc) {
        fprintf(stderr, "zona: the sweep failed (%s)\n", err_code(rc));
        return 1;
    }
    printf("%d\n", n);
    return 0;
}

static int
cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("zona %s\n", ZONA_VERSION);
    return 0;
}

static int cmd_help(int argc, char **argv);

static const struct command commands[] = {
    {"serve", "", "run the web server",
     "Serves zona on ZONA_LISTEN (default 127.0.0.1:8080) with the database ZONA_DB.\n"
     "Applies pending migrations first. SIGTERM or Ctrl-C finishes requests in flight, then\n"
     "stops. Refuses a database holding demo data unless ZONA_DEMO=1.\n",
     cmd_serve},
    {"migrate", "", "create or update the database schema",
     "Applies every migration in sql/ not yet applied, each in its own transaction.\n"
     "Safe to run while zona serve runs, and from several machines at once.\n",
     cmd_migrate},
    {"demo", "", "create the demo data",
     "Migrates the database and adds the demo data (dated relative to today).\n"
     "Does nothing when the demo data is already there.\n",
     cmd_demo},
    {"backup", "FILE", "copy the whole database to FILE",
     "SQLite: an online backup into a new SQLite file, consistent while zona serve runs.\n"
     "PostgreSQL: pg_dump in custom format (needs postgresql-client).\n"
     "FILE must not exist yet.\n",
     cmd_backup},
    {"restore", "FILE", "replace the database with a backup",
     "Replaces the content of ZONA_DB with FILE, made by zona backup on the same engine.\n"
     "The file is checked first; nothing changes when it is not a zona backup.\n"
     "Stop zona serve before restoring.\n",
     cmd_restore},
    {"unit", "import FILE.csv|--bawaslu | list [CODE]", "load or list the unit tree",
     "zona unit import FILE.csv   adds or updates units from a CSV file with the header\n"
     "                            code,name,type,parent[,address][,tz][,active]\n"
     "                            (type: pusat, provinsi, kabupaten, kota or unit; parent: the\n"
     "                            parent's code, empty for the top; tz: WIB, WITA or WIT,\n"
     "                            default the parent's). One bad line imports nothing; every\n"
     "                            problem is reported with its line number.\n"
     "zona unit import --bawaslu  builds Bawaslu's 553 units from the shipped area data.\n"
     "zona unit list [CODE]       prints the units (under CODE), tab-separated.\n",
     cmd_unit},
    {"user", "add ... | list [CODE]", "add or list people",
     "zona user add --nip N --name NAME --email E --unit CODE [--position P] [--role ROLE]...\n"
     "    reads the password as one line from standard input (the newline is not part of\n"
     "    it); --role may repeat (anggota-pokja:N for one change area). The account can sign\n"
     "    in at once. Exits 0 on success, non-zero with a message otherwise.\n"
     "zona user list [CODE]   prints the people (of the units under CODE), tab-separated.\n"
     "Messages are in Bahasa Indonesia; ZONA_LANG=en for English.\n",
     cmd_user},
    {"audit", "verify", "check the audit trail's hash chain",
     "zona audit verify   recomputes the hash chain of the audit trail; exits 0 when it is\n"
     "                    intact, otherwise non-zero naming the first broken record.\n",
     cmd_audit},
    {"routes", "", "list the HTTP routes and their permissions",
     "Prints METHOD, path pattern and permission (or public) of every route.\n", cmd_routes},
    {"framework", "check FILE | load FILE", "check or load an LKE framework file",
     "zona framework check FILE   checks a framework file: weights add up at every level,\n"
     "                            codes are unique and well formed, every type is known. Each\n"
     "                            problem is named by its path. Opens no database.\n"
     "zona framework load FILE    checks the file and stores it in the database as a new\n"
     "                            version (new texts, or a new regulation). New assessments use\n"
     "                            the newest version; existing ones keep the version they pinned.\n",
     cmd_framework},
    {"lke", "score | export | import | remind", "score, export and import LKE workbooks",
     "zona lke score --answers FILE.json [--framework FILE]\n"
     "    reads a JSON object of question code -> answer (\"ya\"/\"tidak\", \"A\"..\"E\", a\n"
     "    percentage 0-100, a survey index 1-4, or {\"inputs\": {...}} for a computed\n"
     "    percentage) and prints the scores at every level, the WBK and WBBM verdicts with\n"
     "    their reasons, and the questions that would add most points, as JSON with unrounded\n"
     "    numbers. Exits 0 whenever it prints a result; a bad code or value is an error naming\n"
     "    it. Uses the shipped PermenPAN-RB 90/2021 framework unless --framework is given.\n"
     "    Opens no database; works from any directory.\n"
     "zona lke export --unit CODE --year YYYY [--level L] --out FILE\n"
     "    writes the assessment of a unit and year at level L (self, the default; anggota,\n"
     "    ketua, dalnis or tpn) as FILE.xlsx in the official LKE layout, with every score a\n"
     "    formula, or as FILE.json in the answers format zona lke score reads.\n"
     "zona lke import --unit CODE --year YYYY FILE [--apply]\n"
     "    reads a filled LKE workbook and lists what it would change and every row it did not\n"
     "    understand; nothing is written without --apply (then only while the assessment is a\n"
     "    draft or returned for revision).\n"
     "zona lke remind\n"
     "    adds deadline reminders to the inboxes and sends pending e-mail (zona serve does this\n"
     "    every ten minutes by itself).\n",
     cmd_lke},
    {"survey", "index | sample-size", "compute survey indices and sample sizes",
     "zona survey index --instrument ikm|spak|spkp --responses FILE.csv [--scale K]\n"
     "    reads a CSV with a header row of item codes (u1..u9 for IKM, spak1..spak5,\n"
     "    spkp1..spkp11; any order) and one row per response with answers 1-4 (a blank is a\n"
     "    skipped item), and prints as JSON with unrounded numbers: n (every response row),\n"
     "    each item's n and NRR (the sum of its answers / the responses that answered it), the\n"
     "    index (the mean of the items' NRRs, 1-4), for IKM also ikm (index x 25) and the grade\n"
     "    A-D of PermenPAN-RB 14/2017, and ci95, the 95% Student's t interval over each\n"
     "    respondent's mean (null with fewer than two respondents). --scale K reads answers\n"
     "    1..K and converts them to 1-4 as 1 + (v - 1) x 3 / (K - 1). Errors name the line\n"
     "    and column. Exits 0 whenever it prints a result.\n"
     "zona survey sample-size --population N\n"
     "    prints the Krejcie-Morgan sample size for a population of N, one integer on one\n"
     "    line: the printed table at its own populations, the formula rounded to nearest\n"
     "    elsewhere.\n"
     "Both open no database and work from any directory.\n",
     cmd_survey},
    {"workdays", "add | count", "count working days on the holiday calendar",
     "zona workdays add --from YYYY-MM-DD --days N [--unit CODE]\n"
     "    prints the date (YYYY-MM-DD) of the N-th working day after the date; day 1 is the\n"
     "    first working day after it, and --days 0 prints the date itself.\n"
     "zona workdays count --from D1 --to D2 [--unit CODE]\n"
     "    prints how many working days lie after D1 up to and including D2 (0 when D2 is not\n"
     "    after D1), one integer.\n"
     "Working days are Monday to Friday except libur nasional and cuti bersama.\n"
     "  --cuti-bersama-works  counts cuti bersama as working days\n"
     "  --six-day             counts Saturdays as working days (Perpres 21/2023 Pasal 7)\n"
     "  --unit CODE           uses the unit's working week as kept in the database\n"
     "Without ZONA_DB in the environment they use the holiday lists shipped in zona\n"
     "(data/holidays/, 2024-2026) and open no database; --unit then is an error. With\n"
     "ZONA_DB they use the calendar as the admins keep it. Across a year with no holiday\n"
     "list they warn on stderr, count weekends only there, and still exit 0. A bad\n"
     "argument exits 2.\n",
     cmd_workdays},
    {"gratification", "deadline | advise", "gratification deadlines and whether to report a gift",
     "zona gratification deadline --received YYYY-MM-DD\n"
     "    prints the last days to report a gift received (or refused) on that date, as JSON\n"
     "    {\"upg\": \"YYYY-MM-DD\", \"kpk\": \"YYYY-MM-DD\"}: to the UPG after upg_days (10) and to\n"
     "    the KPK after kpk_days (30, UU 20/2001 Pasal 12C) working days; day 1 is the first\n"
     "    working day after receipt (data/gratification/settings.json).\n"
     "zona gratification advise --received YYYY-MM-DD --value RUPIAH\n"
     "        --giver keluarga|rekan-kerja|lainnya --event upacara|musibah|pisah-sambut|lainnya\n"
     "        [--cash] [--year-total RUPIAH] [--lang id|en]\n"
     "    prints whether the gift must be reported under the Peraturan KPK in force on the day\n"
     "    of receipt (2/2019 until 2026-01-13, 1/2026 from 2026-01-14; data/gratification/),\n"
     "    as JSON {\"must_report\": true|false, \"rule\": \"...\", \"reason\": \"...\", \"rule_id\",\n"
     "    \"exemption\", \"threshold\", \"year_threshold\"}. keluarga is family with no conflict\n"
     "    of interest; upacara a wedding, birth, aqiqah, baptism, circumcision, tooth-filing or\n"
     "    other customary or religious ceremony; pisah-sambut a farewell, retirement, promotion\n"
     "    or birthday; --cash a gift in money (or a voucher); --year-total what the same giver\n"
     "    already gave this year. Anything not clearly exempt must be reported. The reason is in\n"
     "    Bahasa Indonesia; --lang en or ZONA_LANG=en gives English.\n"
     "Both exit 0 whenever they print a result and 2 on a bad argument. The advice never opens\n"
     "a database; the deadline opens none without ZONA_DB in the environment (it uses the\n"
     "holiday lists shipped in zona) and with ZONA_DB uses the calendar as the admins keep it.\n"
     "Across a year with no holiday list the deadline warns on stderr and counts weekends only.\n",
     cmd_gratification},
    {"wbs", "sweep", "delete whistleblowing reports whose retention ended",
     "zona wbs sweep\n"
     "    deletes every whistleblowing report whose retention period (data/wbs/settings.json,\n"
     "    per channel, counted from receipt; officers may extend it) has ended, with its\n"
     "    messages, files and keys, and prints how many, one integer. On SQLite the deleted\n"
     "    pages are overwritten (secure_delete). The server runs the same sweep once a day\n"
     "    when an officer opens the inbox; run this from cron to be sure it happens.\n",
     cmd_wbs},
    {"version", "", "print the version", "Prints zona's version.\n", cmd_version},
    {"help", "[COMMAND]", "show help", "Lists the commands, or explains one.\n", cmd_help},
};

static const struct command *
find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void
usage(FILE *f)
{
    fprintf(f,
            "zona %s: build and evaluate a Zona Integritas (WBK/WBBM)\n\n"
            "Usage: zona COMMAND [ARGS]\n\nCommands:\n",
            ZONA_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        char left[40];
        snprintf(left, sizeof left, "%s %s", commands[i].name, commands[i].args);
        fprintf(f, "  %-18s %s\n", left, commands[i].summary);
    }
    fprintf(f, "\nEach command has --help. Settings come from the environment or zona.conf;\n"
               "the README lists them all.\n");
}

static void
command_help(const struct command *c)
{
    printf("Usage: zona %s %s\n\n%s", c->name, c->args, c->help);
}

static int
cmd_help(int argc, char **argv)
{
    if (argc > 1) {
        const struct command *c = find_command(argv[1]);
        if (!c) {
            fprintf(stderr, "zona: unknown command '%s'\n", argv[1]);
            return 2;
        }
        command_help(c);
        return 0;
    }
    usage(stdout);
    return 0;
}

int
main(int argc, char **argv)
{
    if (sodium_init() < 0) {
        fprintf(stderr, "zona: libsodium failed to initialise\n");
        return 1;
    }
    const char *fixed = getenv("ZONA_TEST_NOW_MS");
    int64_t now;
    if (fixed && parse_i64(fixed, strlen(fixed), &now) == 0)
        clock_set_fixed_ms(now);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return cmd_help(1, argv);
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(1, argv);
    const struct command *c = find_command(argv[1]);
    if (!c) {
        fprintf(stderr, "zona: unknown command '%s'\n\n", argv[1]);
        usage(stderr);
        return 2;
    }
    if (c->run != cmd_help && wants_help(argc - 1, argv + 1)) {
        command_help(c);
        return 0;
    }
    int rc = c->run(argc - 1, argv + 1);
    config_free();
    return rc;
}
