/* zona survey index and zona survey sample-size as a user runs them: the real binary (ZONA_BIN),
 * started in an empty temporary directory with ZONA_DB pointing at a database that cannot exist,
 * so a pass shows the commands are pure (no database, no settings, any directory). No server. */
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
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

static char bin[PATH_MAX], fixture[PATH_MAX], dir[] = "/tmp/zona-survey-cli-XXXXXX";

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

/* Runs zona with args (NULL-terminated, without the program name) in dir; returns the exit
 * status with stdout and stderr in *out and *err (malloc'd). */
static int
run(const char *const *args, char **out, char **err)
{
    char op[] = "/tmp/zona-survey-out-XXXXXX", ep[] = "/tmp/zona-survey-err-XXXXXX";
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
        if (chdir(dir) != 0)
            _exit(126);
        dup2(o, 1);
        dup2(e, 2);
        setenv("ZONA_DB", "sqlite:/nonexistent/zona-survey/none.db", 1);
        setenv("ZONA_VAR", "/nonexistent/zona-survey/var", 1);
        unsetenv("ZONA_DEV");
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

static void
write_file(const char *name, const char *text)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void
index_of_the_fixture(void **state)
{
    (void)state;
    const char *args[] = {"survey", "index", "--instrument", "ikm", "--responses", fixture, NULL};
    char *out, *err;
    assert_int_equal(run(args, &out, &err), 0);
    json_error_t je;
    json_t *j = json_loads(out, 0, &je);
    if (!j)
        fail_msg("not JSON (%s): %s / %s", je.text, out, err);
    const char *keys[] = {"n", "items", "index", "ikm", "grade", "ci95"};
    assert_int_equal(json_object_size(j), 6);
    for (size_t i = 0; i < 6; i++)
        assert_non_null(json_object_get(j, keys[i]));
    assert_int_equal(json_integer_value(json_object_get(j, "n")), 6);
    json_t *items = json_object_get(j, "items");
    assert_int_equal(json_object_size(items), 9);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(items, "u2"), "n")), 4);
    assert_true(fabs(json_number_value(json_object_get(json_object_get(items, "u1"), "nrr")) -
                     3.6) < 1e-12);
    assert_true(fabs(json_number_value(json_object_get(j, "index")) - 30.9 / 9) < 1e-12);
    assert_true(fabs(json_number_value(json_object_get(j, "ikm")) - 30.9 / 9 * 25) < 1e-12);
    assert_string_equal(json_string_value(json_object_get(j, "grade")), "B");
    json_t *ci = json_object_get(j, "ci95");
    assert_int_equal(json_array_size(ci), 2);
    assert_true(json_number_value(json_array_get(ci, 0)) <
                json_number_value(json_array_get(ci, 1)));
    json_decref(j);
    free(out);
    free(err);
}

static void
index_of_spak_with_a_scale_and_one_respondent(void **state)
{
    (void)state;
    write_file("spak.csv", "spak2,spak1\n6,1\n");
    const char *args[] = {
        "survey", "index", "--instrument", "spak", "--responses", "spak.csv", "--scale", "6", NULL};
    char *out, *err;
    assert_int_equal(run(args, &out, &err), 0);
    json_t *j = json_loads(out, 0, NULL);
    assert_non_null(j);
    assert_null(json_object_get(j, "ikm")); /* IKM only */
    assert_null(json_object_get(j, "grade"));
    assert_true(json_is_null(json_object_get(j, "ci95"))); /* one respondent */
    assert_true(fabs(json_number_value(json_object_get(j, "index")) - 2.5) < 1e-12);
    assert_true(json_is_null(
        json_object_get(json_object_get(json_object_get(j, "items"), "spak5"), "nrr")));
    json_decref(j);
    free(out);
    free(err);
}

static void
index_errors_name_line_and_column(void **state)
{
    (void)state;
    write_file("responses.csv", "u1,u2,u3\n4,4,4\n4,4,4\n4,4,4\n4,4,4\n4,4,4\n4,4,5\n");
    const char *args[] = {"survey",        "index", "--instrument", "ikm", "--responses",
                          "responses.csv", NULL};
    char *out, *err;
    assert_int_not_equal(run(args, &out, &err), 0);
    assert_string_equal(out, "");
    assert_non_null(
        strstr(err, "responses.csv:7: column u3: the answer must be 1 to 4, got \"5\""));
    free(out);
    free(err);
    write_file("responses.csv", "u1,u10\n4,4\n");
    assert_int_not_equal(run(args, &out, &err), 0);
    assert_non_null(strstr(err, "unknown column \"u10\""));
    free(out);
    free(err);
    const char *bad[] = {"survey", "index", "--instrument", "skm", "--responses", "x.csv", NULL};
    assert_int_not_equal(run(bad, &out, &err), 0);
    assert_non_null(strstr(err, "unknown instrument \"skm\""));
    free(out);
    free(err);
}

static void
sample_size_prints_one_integer(void **state)
{
    (void)state;
    const char *a[] = {"survey", "sample-size", "--population", "50", NULL};
    char *out, *err;
    assert_int_equal(run(a, &out, &err), 0);
    assert_string_equal(out, "44\n");
    free(out);
    free(err);
    const char *b[] = {"survey", "sample-size", "--population", "100000", NULL};
    assert_int_equal(run(b, &out, &err), 0);
    assert_string_equal(out, "384\n");
    free(out);
    free(err);
    const char *c[] = {"survey", "sample-size", "--population", "0", NULL};
    assert_int_not_equal(run(c, &out, &err), 0);
    assert_string_equal(out, "");
    free(out);
    free(err);
    const char *h[] = {"survey", "--help", NULL};
    assert_int_equal(run(h, &out, &err), 0);
    assert_non_null(strstr(out, "zona survey sample-size --population N"));
    free(out);
    free(err);
}

static int
setup(void **state)
{
    (void)state;
    const char *b = getenv("ZONA_BIN");
    if (!realpath(b && *b ? b : "build/zona", bin) ||
        !realpath("tests/unit/data/survey-ikm.csv", fixture) || !mkdtemp(dir)) {
        fprintf(stderr, "test: zona binary, fixture or temporary directory missing\n");
        return -1;
    }
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    char path[PATH_MAX];
    const char *files[] = {"spak.csv", "responses.csv"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    return rmdir(dir) == 0 ? 0 : -1;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(index_of_the_fixture),
        cmocka_unit_test(index_of_spak_with_a_scale_and_one_respondent),
        cmocka_unit_test(index_errors_name_line_and_column),
        cmocka_unit_test(sample_size_prints_one_integer),
    };
    return cmocka_run_group_tests_name("survey_cli", tests, setup, teardown);
}
