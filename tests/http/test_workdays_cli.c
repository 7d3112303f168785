/* zona workdays add and zona workdays count as a user runs them: the real binary (ZONA_BIN) in an
 * empty temporary directory. Without ZONA_DB, with ZONA_VAR pointing where nothing can be created,
 * so a pass shows the shipped calendar needs no database, no settings and no folder. Then with
 * ZONA_DB naming a fresh SQLite file: the calendar is the database's (a holiday an admin added
 * moves the answer) and --unit reads the unit's six-day week. No server. */
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include "core/buf.h"
#include "db/db.h"
#include "org/cal.h"
#include "org/org.h"

/* dir holds empty/ (where the runs without ZONA_DB happen) and db/ (the database runs) */
static char bin[PATH_MAX], dir[] = "/tmp/zona-workdays-cli-XXXXXX", empty[64], dbdir[64],
                           db_url[128];

static char *
slurp(int fd)
{
    struct buf b = BUF_INIT;
    char chunk[4096];
    ssize_t n;
    lseek(fd, 0, SEEK_SET);
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        buf_append(&b, chunk, (size_t)n);
    buf_putc(&b, '\0');
    close(fd);
    return buf_steal(&b);
}

/* Runs zona with args (NULL-terminated, without the program name) with ZONA_DB = db in dbdir, or
 * without ZONA_DB in empty when db is NULL; returns the exit status with stdout and stderr in *out
 * and *err (malloc'd). */
static int
run_with(const char *db, const char *const *args, char **out, char **err)
{
    char op[] = "/tmp/zona-workdays-out-XXXXXX", ep[] = "/tmp/zona-workdays-err-XXXXXX";
    int o = mkstemp(op), e = mkstemp(ep);
    assert_true(o >= 0 && e >= 0);
    unlink(op);
    unlink(ep);
    const char *argv[16];
    int n = 0;
    argv[n++] = bin;
    for (; *args && n < 15; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (chdir(db ? dbdir : empty) != 0)
            _exit(126);
        dup2(o, 1);
        dup2(e, 2);
        if (db) {
            char var[PATH_MAX + 8];
            snprintf(var, sizeof var, "%s/var", dbdir);
            setenv("ZONA_DB", db, 1);
            setenv("ZONA_VAR", var, 1);
            setenv("ZONA_LOG", "error", 1);
        } else {
            unsetenv("ZONA_DB");
            setenv("ZONA_VAR", "/nonexistent/zona-workdays/var", 1);
        }
        unsetenv("ZONA_DEV");
        unsetenv("ZONA_CONF");
        execv(bin, (char *const *)(uintptr_t)argv);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        ;
    *out = slurp(o);
    *err = slurp(e);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* Runs on the shipped calendar and checks the exit status, stdout and stderr exactly. */
static void
expect(const char *const *args, int want_rc, const char *want_out, const char *want_err)
{
    char *out, *err;
    int rc = run_with(NULL, args, &out, &err);
    if (rc != want_rc || strcmp(out, want_out) != 0 || strcmp(err, want_err) != 0)
        fail_msg("zona %s %s: exit %d, stdout \"%s\", stderr \"%s\"; wanted exit %d, \"%s\", "
                 "\"%s\"",
                 args[0], args[1] ? args[1] : "", rc, out, err, want_rc, want_out, want_err);
    free(out);
    free(err);
}

static void
add_on_the_shipped_calendar(void **state)
{
    (void)state;
    /* after the Idul Fitri block of 8–15 April 2024 */
    const char *a[] = {"workdays", "add", "--from", "2024-04-05", "--days", "3", NULL};
    expect(a, 0, "2024-04-18\n", "");
    /* 18 August 2025 is cuti bersama, a working day only on request */
    const char *b[] = {"workdays", "add", "--from", "2025-08-15", "--days", "1", NULL};
    expect(b, 0, "2025-08-19\n", "");
    const char *c[] = {"workdays", "add", "--cuti-bersama-works", "--from", "2025-08-15", "--days",
                       "1",        NULL};
    expect(c, 0, "2025-08-18\n", "");
    /* a six-day week counts Saturday 6 April 2024 */
    const char *d[] = {"workdays", "add", "--from", "2024-04-05", "--days", "1", "--six-day", NULL};
    expect(d, 0, "2024-04-06\n", "");
    /* 0 days: the date itself */
    const char *e[] = {"workdays", "add", "--days", "0", "--from", "2024-04-10", NULL};
    expect(e, 0, "2024-04-10\n", "");
}

static void
count_on_the_shipped_calendar(void **state)
{
    (void)state;
    /* 25 and 26 December 2024 and 1 January 2025 */
    const char *a[] = {"workdays", "count", "--from", "2024-12-20", "--to", "2025-01-10", NULL};
    expect(a, 0, "12\n", "");
    /* the Pilkada of 27 November 2024 */
    const char *b[] = {"workdays", "count", "--from", "2024-11-25", "--to", "2024-11-29", NULL};
    expect(b, 0, "3\n", "");
    const char *c[] = {"workdays", "count", "--from", "2024-11-29", "--to", "2024-11-25", NULL};
    expect(c, 0, "0\n", "");
}

static void
a_year_without_a_list_is_a_warning(void **state)
{
    (void)state;
    const char *a[] = {"workdays", "add", "--from", "2026-12-28", "--days", "5", NULL};
    expect(a, 0, "2027-01-04\n",
           "zona workdays: no holiday list for 2027; counted weekends only\n");
    const char *b[] = {"workdays", "count", "--from", "2026-12-31", "--to", "2027-01-05", NULL};
    expect(b, 0, "3\n", "zona workdays: no holiday list for 2027; counted weekends only\n");
}

static void
bad_arguments_exit_2(void **state)
{
    (void)state;
    const char *a[] = {"workdays", "add", "--from", "2024-02-30", "--days", "3", NULL};
    expect(a, 2, "",
           "zona workdays add: --from must be a date YYYY-MM-DD from 2000 to 2200, got "
           "'2024-02-30'\n");
    const char *b[] = {"workdays", "add", "--from", "2024-02-01", "--days", "-1", NULL};
    expect(b, 2, "", "zona workdays add: --days must be a whole number, 0 or more, got '-1'\n");
    const char *c[] = {"workdays", "add", "--from", "2024-02-01", NULL};
    expect(c, 2, "", "zona workdays add: --from YYYY-MM-DD and --days N are required\n");
    const char *d[] = {"workdays", "count", "--from", "2024-02-01", NULL};
    expect(d, 2, "", "zona workdays count: --from YYYY-MM-DD and --to YYYY-MM-DD are required\n");
    const char *e[] = {"workdays", "add",    "--from", "2024-02-01", "--days",
                       "1",        "--unit", "X1",     NULL};
    expect(e, 2, "",
           "zona workdays add: --unit needs ZONA_DB: the unit's working week is kept in the "
           "database\n");
    const char *f[] = {"workdays", "count", "--from", "2024-02-01", "--days", "1", NULL};
    expect(f, 2, "",
           "zona workdays count: unexpected argument '--days' (see zona workdays --help)\n");
    const char *g[] = {"workdays", NULL};
    expect(g, 2, "", "zona workdays: expected add or count (see zona workdays --help)\n");
    const char *h[] = {"workdays", "add", "--days", "1", "--from", NULL};
    expect(h, 2, "", "zona workdays add: --from needs a value\n");
    const char *i[] = {"workdays", "add", "--from", "2200-12-29", "--days", "3", NULL};
    expect(i, 2, "", "zona workdays add: 3 working days after 2200-12-29 go beyond 2200-12-31\n");
}

static void
help_and_nothing_created(void **state)
{
    (void)state;
    char *out, *err;
    const char *h[] = {"workdays", "--help", NULL};
    assert_int_equal(run_with(NULL, h, &out, &err), 0);
    assert_non_null(strstr(out, "zona workdays add --from YYYY-MM-DD --days N [--unit CODE]"));
    assert_non_null(strstr(out, "zona workdays count --from D1 --to D2 [--unit CODE]"));
    assert_non_null(strstr(out, "--cuti-bersama-works"));
    assert_non_null(strstr(out, "--six-day"));
    free(out);
    free(err);
    /* no run without ZONA_DB wrote anything where it ran */
    const char *a[] = {"workdays", "count", "--from", "2024-01-01", "--to", "2026-12-31", NULL};
    expect(a, 0, "715\n", ""); /* 238 + 237 + 240, counted by hand */
    DIR *d = opendir(empty);
    assert_non_null(d);
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL)
        if (strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0)
            fail_msg("%s/%s was created", empty, ent->d_name);
    closedir(d);
}

/* Runs against the database and checks the exit status and stdout. */
static void
expect_db(const char *const *args, int want_rc, const char *want_out, const char *err_has)
{
    char *out, *err;
    int rc = run_with(db_url, args, &out, &err);
    if (rc != want_rc || strcmp(out, want_out) != 0 || (err_has && !strstr(err, err_has)))
        fail_msg("zona %s %s (ZONA_DB): exit %d, stdout \"%s\", stderr \"%s\"", args[0], args[1],
                 rc, out, err);
    free(out);
    free(err);
}

static void
with_zona_db_the_database_calendar(void **state)
{
    (void)state;
    const char *add[] = {"workdays", "add", "--from", "2024-04-05", "--days", "3", NULL};
    expect_db(add, 0, "2024-04-18\n", NULL); /* the shipped years were copied in */
    /* an admin's one-off holiday on 16 April 2024, and a unit keeping a six-day week */
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/units.csv", dbdir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("code,name,type,parent\nX1,Kantor Satu,pusat,\n", f);
    fclose(f);
    char *out, *err;
    const char *imp[] = {"unit", "import", "units.csv", NULL};
    if (run_with(db_url, imp, &out, &err) != 0)
        fail_msg("unit import: %s %s", out, err);
    free(out);
    free(err);
    struct db *db;
    assert_int_equal(db_open(db_url, &db), 0);
    struct org_unit u;
    assert_int_equal(org_unit_by_code(db, "X1", &u), 0);
    assert_int_equal(cal_store_holiday_put(db, "2024-04-16", CAL_LIBUR, "Libur tambahan", 0, 1), 0);
    assert_int_equal(cal_store_workweek_set(db, u.id, 6, 0, 1), 0);
    db_close(db);
    expect_db(add, 0, "2024-04-19\n", NULL);
    const char *unit[] = {"workdays", "add",    "--from", "2024-04-05", "--days",
                          "3",        "--unit", "X1",     NULL};
    expect_db(unit, 0, "2024-04-17\n", NULL); /* 6 and 13 April are Saturdays at work */
    const char *cnt[] = {"workdays",   "count",  "--from", "2024-04-05", "--to",
                         "2024-04-20", "--unit", "X1",     NULL};
    expect_db(cnt, 0, "6\n", NULL);
    const char *none[] = {"workdays", "add",    "--from", "2024-04-05", "--days",
                          "3",        "--unit", "NOPE",   NULL};
    expect_db(none, 1, "", "zona workdays add: unknown unit 'NOPE'\n");
    const char *late[] = {"workdays", "add", "--from", "2026-12-28", "--days", "5", NULL};
    expect_db(late, 0, "2027-01-04\n",
              "zona workdays: no holiday list for 2027; counted weekends only\n");
}

static int
setup(void **state)
{
    (void)state;
    const char *b = getenv("ZONA_BIN");
    if (!realpath(b && *b ? b : "build/zona", bin) || !mkdtemp(dir)) {
        fprintf(stderr, "test: zona binary or temporary directory missing\n");
        return -1;
    }
    snprintf(empty, sizeof empty, "%s/empty", dir);
    snprintf(dbdir, sizeof dbdir, "%s/db", dir);
    snprintf(db_url, sizeof db_url, "sqlite:%s/var/zona.db", dbdir);
    return mkdir(empty, 0700) == 0 && mkdir(dbdir, 0700) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(add_on_the_shipped_calendar),
        cmocka_unit_test(count_on_the_shipped_calendar),
        cmocka_unit_test(a_year_without_a_list_is_a_warning),
        cmocka_unit_test(bad_arguments_exit_2),
        cmocka_unit_test(help_and_nothing_created),
        cmocka_unit_test(with_zona_db_the_database_calendar),
    };
    return cmocka_run_group_tests_name("workdays_cli", tests, setup, teardown);
}
