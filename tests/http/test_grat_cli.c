/* zona gratification deadline and zona gratification advise as a user runs them: the real binary
 * (ZONA_BIN) in an empty temporary directory. Without ZONA_DB, with ZONA_VAR pointing where
 * nothing can be created, so a pass shows the shipped rules and calendar need no database, no
 * settings and no folder; the advice does not even look at a ZONA_DB that cannot be opened. Then
 * with ZONA_DB naming a fresh SQLite file: the deadline follows the database's calendar (a holiday
 * an admin added moves it). No server. */
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <fcntl.h>
#include <jansson.h>
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

/* dir holds empty/ (where the runs without ZONA_DB happen) and db/ (the database runs) */
static char bin[PATH_MAX], dir[] = "/tmp/zona-grat-cli-XXXXXX", empty[64], dbdir[64], db_url[128];

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
 * without ZONA_DB in empty when db is NULL, and ZONA_LANG = lang when not NULL; returns the exit
 * status with stdout and stderr in *out and *err (malloc'd). */
static int
run_with(const char *db, const char *lang, const char *const *args, char **out, char **err)
{
    char op[] = "/tmp/zona-grat-out-XXXXXX", ep[] = "/tmp/zona-grat-err-XXXXXX";
    int o = mkstemp(op), e = mkstemp(ep);
    assert_true(o >= 0 && e >= 0);
    unlink(op);
    unlink(ep);
    const char *argv[24];
    int n = 0;
    argv[n++] = bin;
    for (; *args && n < 23; args++)
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
            setenv("ZONA_VAR", "/nonexistent/zona-grat/var", 1);
        }
        if (lang)
            setenv("ZONA_LANG", lang, 1);
        else
            unsetenv("ZONA_LANG");
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

/* Runs without ZONA_DB and checks the exit status, stdout and stderr exactly. */
static void
expect(const char *const *args, int want_rc, const char *want_out, const char *want_err)
{
    char *out, *err;
    int rc = run_with(NULL, NULL, args, &out, &err);
    if (rc != want_rc || strcmp(out, want_out) != 0 || strcmp(err, want_err) != 0)
        fail_msg("zona %s %s: exit %d, stdout \"%s\", stderr \"%s\"; wanted exit %d, \"%s\", "
                 "\"%s\"",
                 args[0], args[1] ? args[1] : "", rc, out, err, want_rc, want_out, want_err);
    free(out);
    free(err);
}

/* Runs an advice (without ZONA_DB unless db) and returns its JSON, checking exit 0, one line and
 * an empty stderr. */
static json_t *
advice(const char *db, const char *lang, const char *const *args)
{
    char *out, *err;
    int rc = run_with(db, lang, args, &out, &err);
    size_t n = strlen(out);
    if (rc != 0 || strcmp(err, "") != 0 || n == 0 || out[n - 1] != '\n' ||
        strchr(out, '\n') != out + n - 1)
        fail_msg("zona gratification advise: exit %d, stdout \"%s\", stderr \"%s\"", rc, out, err);
    json_error_t e;
    json_t *j = json_loads(out, 0, &e);
    if (!json_is_object(j))
        fail_msg("not a JSON object: %s (%s)", out, e.text);
    free(out);
    free(err);
    return j;
}

static const char *
str(const json_t *j, const char *key)
{
    const char *s = json_string_value(json_object_get(j, key));
    if (!s)
        fail_msg("\"%s\" is not a string", key);
    return s;
}

static void
deadline_on_the_shipped_calendar(void **state)
{
    (void)state;
    /* across Nyepi, the Idulfitri block, Wafat Yesus Kristus and 1 May (test_grat_calc.c) */
    const char *a[] = {"gratification", "deadline", "--received", "2026-03-13", NULL};
    expect(a, 0, "{\"upg\": \"2026-04-06\", \"kpk\": \"2026-05-05\"}\n", "");
    /* across Christmas 2025, New Year and Isra Mikraj */
    const char *b[] = {"gratification", "deadline", "--received", "2025-12-19", NULL};
    expect(b, 0, "{\"upg\": \"2026-01-07\", \"kpk\": \"2026-02-05\"}\n", "");
    /* into 2027, which has no list: weekends only there (1 January 2027 counts), and a warning */
    const char *c[] = {"gratification", "deadline", "--received", "2026-12-15", NULL};
    expect(c, 0, "{\"upg\": \"2026-12-31\", \"kpk\": \"2027-01-28\"}\n",
           "zona gratification: no holiday list for 2027; counted weekends only\n");
}

static void
advice_on_each_side_of_14_january_2026(void **state)
{
    (void)state;
    const char *a[] = {"gratification", "advise",  "--received", "2026-01-13", "--value", "1200000",
                       "--giver",       "lainnya", "--event",    "upacara",    "--cash",  NULL};
    json_t *j = advice(NULL, NULL, a);
    assert_true(json_is_true(json_object_get(j, "must_report")));
    assert_string_equal(str(j, "rule"), "Peraturan KPK Nomor 2 Tahun 2019");
    assert_string_equal(str(j, "reason"),
                        "Hadiah pernikahan atau upacara adat/agama dari satu pemberi senilai "
                        "Rp1.200.000 melebihi batas Rp1.000.000 per pemberi (Peraturan KPK 2/2019 "
                        "Pasal 2 ayat (3)) — wajib dilaporkan.");
    assert_string_equal(str(j, "rule_id"), "peraturan-kpk-2-2019");
    assert_string_equal(str(j, "exemption"), "upacara");
    assert_int_equal(json_integer_value(json_object_get(j, "threshold")), 1000000);
    assert_true(json_is_null(json_object_get(j, "year_threshold")));
    json_decref(j);
    a[3] = "2026-01-14"; /* the same gift a day later */
    j = advice(NULL, NULL, a);
    assert_true(json_is_false(json_object_get(j, "must_report")));
    assert_string_equal(str(j, "rule"), "Peraturan KPK Nomor 1 Tahun 2026 tentang Perubahan atas "
                                        "Peraturan KPK Nomor 2 Tahun 2019");
    assert_non_null(strstr(str(j, "reason"), "tidak melebihi batas Rp1.500.000 per pemberi"));
    assert_int_equal(json_integer_value(json_object_get(j, "threshold")), 1500000);
    json_decref(j);
    /* a colleague's birthday present of Rp400.000: reported before, exempt after, with a note */
    const char *b[] = {"gratification", "advise",       "--received", "2026-01-13",
                       "--value",       "400000",       "--giver",    "rekan-kerja",
                       "--event",       "pisah-sambut", NULL};
    j = advice(NULL, NULL, b);
    assert_true(json_is_true(json_object_get(j, "must_report")));
    assert_string_equal(str(j, "exemption"), "pisah-sambut");
    assert_int_equal(json_integer_value(json_object_get(j, "threshold")), 300000);
    assert_int_equal(json_integer_value(json_object_get(j, "year_threshold")), 1000000);
    json_decref(j);
    b[3] = "2026-01-14";
    j = advice(NULL, NULL, b);
    assert_true(json_is_false(json_object_get(j, "must_report")));
    assert_string_equal(str(j, "exemption"), "rekan-kerja");
    assert_non_null(strstr(str(j, "reason"), "telah dihapus oleh Peraturan KPK 1/2026"));
    json_decref(j);
    /* the giver's year total, at the limit and one Rupiah over */
    const char *c[] = {"gratification", "advise",  "--received",  "2026-02-02", "--value",
                       "500000",        "--giver", "rekan-kerja", "--event",    "lainnya",
                       "--year-total",  "1000000", NULL};
    j = advice(NULL, NULL, c);
    assert_true(json_is_false(json_object_get(j, "must_report")));
    json_decref(j);
    c[11] = "1000001";
    j = advice(NULL, NULL, c);
    assert_true(json_is_true(json_object_get(j, "must_report")));
    assert_non_null(strstr(str(j, "reason"), "Rp1.500.001, melebihi batas Rp1.500.000 setahun"));
    json_decref(j);
}

static void
advice_in_english_and_when_in_doubt(void **state)
{
    (void)state;
    const char *a[] = {"gratification", "advise",  "--received",  "2025-06-02", "--value",
                       "250000",        "--giver", "rekan-kerja", "--event",    "lainnya",
                       "--lang",        "en",      NULL};
    json_t *j = advice(NULL, NULL, a);
    assert_string_equal(str(j, "reason"), "A colleague's gift of Rp250,000 exceeds the limit of "
                                          "Rp200,000 per gift (KPK Regulation 2/2019, Article "
                                          "2(3)) — it must be reported.");
    json_decref(j);
    /* ZONA_LANG=en does the same; --lang wins over it */
    const char *b[] = {"gratification", "advise",  "--received", "2025-06-02",
                       "--value",       "250000",  "--giver",    "rekan-kerja",
                       "--event",       "lainnya", NULL};
    j = advice(NULL, "en", b);
    assert_non_null(strstr(str(j, "reason"), "it must be reported"));
    json_decref(j);
    a[11] = "id";
    j = advice(NULL, "en", a);
    assert_non_null(strstr(str(j, "reason"), "wajib dilaporkan"));
    json_decref(j);
    /* cash from a colleague is never exempt */
    const char *c[] = {"gratification", "advise",      "--received", "2026-03-02", "--value", "1",
                       "--giver",       "rekan-kerja", "--event",    "lainnya",    "--cash",  NULL};
    j = advice(NULL, NULL, c);
    assert_true(json_is_true(json_object_get(j, "must_report")));
    json_decref(j);
    /* family, whatever the value */
    const char *d[] = {"gratification", "advise",   "--received", "2026-03-02",
                       "--value",       "75000000", "--giver",    "keluarga",
                       "--event",       "lainnya",  "--cash",     NULL};
    j = advice(NULL, NULL, d);
    assert_true(json_is_false(json_object_get(j, "must_report")));
    assert_string_equal(str(j, "exemption"), "keluarga");
    assert_true(json_is_null(json_object_get(j, "threshold")));
    json_decref(j);
    /* anyone else, on no particular occasion, and a date before every rule: report */
    const char *e[] = {"gratification", "advise",  "--received", "2026-03-02", "--value", "0",
                       "--giver",       "lainnya", "--event",    "lainnya",    NULL};
    j = advice(NULL, NULL, e);
    assert_true(json_is_true(json_object_get(j, "must_report")));
    assert_true(json_is_null(json_object_get(j, "exemption")));
    json_decref(j);
    e[3] = "2019-01-01";
    j = advice(NULL, NULL, e);
    assert_true(json_is_true(json_object_get(j, "must_report")));
    assert_true(json_is_null(json_object_get(j, "rule")));
    assert_non_null(strstr(str(j, "reason"), "bila ragu, laporkan"));
    json_decref(j);
}

static void
bad_arguments_exit_2(void **state)
{
    (void)state;
    const char *a[] = {"gratification", "deadline", "--received", "2026-02-30", NULL};
    expect(a, 2, "",
           "zona gratification deadline: --received must be a date YYYY-MM-DD from 2000 to 2200, "
           "got '2026-02-30'\n");
    const char *b[] = {"gratification", "deadline", NULL};
    expect(b, 2, "", "zona gratification deadline: --received YYYY-MM-DD is required\n");
    const char *c[] = {"gratification", "deadline", "--received", "2026-02-02", "--cash", NULL};
    expect(c, 2, "",
           "zona gratification deadline: unexpected argument '--cash' (see zona gratification "
           "--help)\n");
    const char *d[] = {"gratification", NULL};
    expect(d, 2, "",
           "zona gratification: expected deadline or advise (see zona gratification --help)\n");
    const char *e[] = {"gratification", "advise",    "--received", "2026-02-02",
                       "--value",       "1.200.000", "--giver",    "lainnya",
                       "--event",       "upacara",   NULL};
    expect(e, 2, "",
           "zona gratification advise: --value must be a whole number of Rupiah from 0 to "
           "1000000000000000, without separators, got '1.200.000'\n");
    e[5] = "-5";
    expect(e, 2, "",
           "zona gratification advise: --value must be a whole number of Rupiah from 0 to "
           "1000000000000000, without separators, got '-5'\n");
    e[5] = "1000000000000001";
    expect(e, 2, "",
           "zona gratification advise: --value must be a whole number of Rupiah from 0 to "
           "1000000000000000, without separators, got '1000000000000001'\n");
    e[5] = "1200000";
    e[7] = "teman";
    expect(e, 2, "",
           "zona gratification advise: --giver must be keluarga, rekan-kerja or lainnya, got "
           "'teman'\n");
    e[7] = "lainnya";
    e[9] = "lebaran";
    expect(e, 2, "",
           "zona gratification advise: --event must be upacara, musibah, pisah-sambut or "
           "lainnya, got 'lebaran'\n");
    const char *f[] = {"gratification", "advise", "--received", "2026-02-02", "--value", "1", NULL};
    expect(f, 2, "",
           "zona gratification advise: --received YYYY-MM-DD, --value RUPIAH, --giver and --event "
           "are required\n");
    const char *g[] = {"gratification", "advise",  "--received",   "2026-02-02",
                       "--value",       "1",       "--giver",      "lainnya",
                       "--event",       "lainnya", "--year-total", NULL};
    expect(g, 2, "", "zona gratification advise: --year-total needs a value\n");
    const char *h[] = {
        "gratification", "advise",  "--received", "2026-02-02", "--value", "1", "--giver",
        "lainnya",       "--event", "lainnya",    "--lang",     "jv",      NULL};
    expect(h, 2, "", "zona gratification advise: --lang must be id or en, got 'jv'\n");
    const char *i[] = {"gratification", "deadline", "--received", "2200-12-20", NULL};
    expect(i, 2, "",
           "zona gratification deadline: 30 working days after 2200-12-20 go beyond "
           "2200-12-31\n");
}

static void
help_and_nothing_created(void **state)
{
    (void)state;
    char *out, *err;
    const char *h[] = {"gratification", "--help", NULL};
    assert_int_equal(run_with(NULL, NULL, h, &out, &err), 0);
    assert_non_null(strstr(out, "zona gratification deadline --received YYYY-MM-DD"));
    assert_non_null(strstr(out, "zona gratification advise --received YYYY-MM-DD --value RUPIAH"));
    assert_non_null(strstr(out, "--year-total RUPIAH"));
    free(out);
    free(err);
    const char *l[] = {"help", NULL};
    assert_int_equal(run_with(NULL, NULL, l, &out, &err), 0);
    assert_non_null(strstr(out, "gratification deadline | advise"));
    free(out);
    free(err);
    /* no run without ZONA_DB wrote anything where it ran */
    const char *a[] = {"gratification", "deadline", "--received", "2024-04-05", NULL};
    expect(a, 0, "{\"upg\": \"2024-04-29\", \"kpk\": \"2024-06-03\"}\n", "");
    DIR *d = opendir(empty);
    assert_non_null(d);
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL)
        if (strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0)
            fail_msg("%s/%s was created", empty, ent->d_name);
    closedir(d);
    /* the advice never opens a database, even one that cannot be opened; the deadline with it
     * tries, and says it could not */
    const char *b[] = {"gratification", "advise",  "--received", "2026-02-02", "--value", "1",
                       "--giver",       "lainnya", "--event",    "lainnya",    NULL};
    json_t *j = advice("sqlite:/nonexistent/zona-grat/zona.db", NULL, b);
    assert_true(json_is_true(json_object_get(j, "must_report")));
    json_decref(j);
    const char *c[] = {"gratification", "deadline", "--received", "2026-02-02", NULL};
    assert_int_not_equal(run_with("sqlite:/nonexistent/zona-grat/zona.db", NULL, c, &out, &err), 0);
    assert_string_equal(out, "");
    assert_non_null(strstr(err, "zona"));
    free(out);
    free(err);
}

static void
with_zona_db_the_database_calendar(void **state)
{
    (void)state;
    char *out, *err;
    const char *a[] = {"gratification", "deadline", "--received", "2026-03-13", NULL};
    int rc = run_with(db_url, NULL, a, &out, &err);
    if (rc != 0 || strcmp(out, "{\"upg\": \"2026-04-06\", \"kpk\": \"2026-05-05\"}\n") != 0)
        fail_msg("with ZONA_DB: exit %d, stdout \"%s\", stderr \"%s\"", rc, out, err);
    free(out);
    free(err);
    /* an admin's one-off holiday on Monday 16 March 2026 moves both deadlines a working day */
    struct db *db;
    assert_int_equal(db_open(db_url, &db), 0);
    assert_int_equal(cal_store_holiday_put(db, "2026-03-16", CAL_LIBUR, "Libur tambahan", 0, 1), 0);
    db_close(db);
    rc = run_with(db_url, NULL, a, &out, &err);
    if (rc != 0 || strcmp(out, "{\"upg\": \"2026-04-07\", \"kpk\": \"2026-05-06\"}\n") != 0)
        fail_msg("with ZONA_DB after a holiday: exit %d, stdout \"%s\", stderr \"%s\"", rc, out,
                 err);
    free(out);
    free(err);
    /* without ZONA_DB the shipped calendar still answers */
    expect(a, 0, "{\"upg\": \"2026-04-06\", \"kpk\": \"2026-05-05\"}\n", "");
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
        cmocka_unit_test(deadline_on_the_shipped_calendar),
        cmocka_unit_test(advice_on_each_side_of_14_january_2026),
        cmocka_unit_test(advice_in_english_and_when_in_doubt),
        cmocka_unit_test(bad_arguments_exit_2),
        cmocka_unit_test(help_and_nothing_created),
        cmocka_unit_test(with_zona_db_the_database_calendar),
    };
    return cmocka_run_group_tests_name("grat_cli", tests, setup, teardown);
}
