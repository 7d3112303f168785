/* test_config: settings as an operator meets them (README "Settings"): zona runs with no
 * settings at all, the environment and zona.conf change what they name, the environment wins, and
 * an unknown key or a bad value stops zona instead of being guessed at. */
#include <sys/stat.h>

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

#include "core/config.h"
#include "core/err.h"

/* Each test runs in an empty folder of its own, so a developer's ./zona.conf never leaks in. */
static char dir[64];
static char cwd[4096];

static void
clear_env(void)
{
    for (const struct config_setting *s = config_settings; s->name; s++)
        unsetenv(s->name);
    unsetenv("ZONA_CONF");
}

static int
group_setup(void **state)
{
    (void)state;
    if (!getcwd(cwd, sizeof cwd))
        return -1;
    snprintf(dir, sizeof dir, "/tmp/zona-config-XXXXXX");
    if (!mkdtemp(dir) || chdir(dir) != 0)
        return -1;
    return 0;
}

static int
group_teardown(void **state)
{
    (void)state;
    clear_env();
    config_free();
    if (chdir(cwd) != 0)
        return -1;
    rmdir(dir);
    return 0;
}

static int
test_setup(void **state)
{
    (void)state;
    clear_env();
    return 0;
}

static int
test_teardown(void **state)
{
    (void)state;
    clear_env();
    config_free();
    unlink("zona.conf");
    unlink("other.conf");
    return 0;
}

static void
write_conf(const char *name, const char *text)
{
    FILE *f = fopen(name, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const struct config *
load_ok(void)
{
    int rc = config_load();
    if (rc != 0)
        fail_msg("config_load failed with %d", rc);
    return config_get();
}

static void
expect_rejected(const char *name, const char *value)
{
    setenv(name, value, 1);
    if (config_load() != ZE_INVAL)
        fail_msg("%s=%s was accepted", name, value);
    unsetenv(name);
}

static void
config_defaults_run(void **state)
{
    (void)state;
    const struct config *c = load_ok();
    assert_string_equal(c->listen_host, "127.0.0.1");
    assert_int_equal(c->listen_port, 8080);
    assert_string_equal(c->var_dir, "var");
    assert_string_equal(c->db_url, "sqlite:var/zona.db");
    assert_string_equal(c->root, ".");
    assert_false(c->dev);
    assert_false(c->demo);
    assert_string_equal(c->trusted_proxy, "");
    assert_string_equal(c->metrics_token, "");
    assert_string_equal(c->port_file, "");
    assert_string_equal(c->log_level, "info");
    assert_int_equal(c->max_body, 1048576);
    assert_int_equal(c->max_upload, 26214400);
    assert_int_equal(c->conn_timeout, 30);
    assert_int_equal(c->max_connections, 1024);
    assert_int_equal(c->per_ip_connections, 0);
    assert_int_equal(c->shutdown_grace, 10);
    assert_int_equal(c->pg_statement_timeout, 30000);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    assert_int_equal(c->threads, 2 * (cores < 1 ? 1 : cores));
}

static void
config_settings_table_documents_every_setting(void **state)
{
    (void)state;
    int n = 0;
    for (const struct config_setting *s = config_settings; s->name; s++, n++) {
        assert_true(strncmp(s->name, "ZONA_", 5) == 0);
        assert_non_null(s->def);
        assert_non_null(s->help);
        assert_true(strlen(s->help) > 0);
        for (const struct config_setting *t = s + 1; t->name; t++)
            if (strcmp(s->name, t->name) == 0)
                fail_msg("%s is listed twice", s->name);
    }
    assert_true(n >= 19);
    static const char *required[] = {"ZONA_LISTEN", "ZONA_VAR", "ZONA_DB", "ZONA_CONF", "ZONA_LOG"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        bool found = false;
        for (const struct config_setting *s = config_settings; s->name; s++)
            found = found || strcmp(s->name, required[i]) == 0;
        if (!found)
            fail_msg("%s is not in the settings table", required[i]);
    }
}

static void
config_environment_overrides(void **state)
{
    (void)state;
    setenv("ZONA_LISTEN", "0.0.0.0:9090", 1);
    setenv("ZONA_VAR", "/srv/zona", 1);
    setenv("ZONA_DEV", "1", 1);
    setenv("ZONA_ROOT", "/src/zona", 1);
    setenv("ZONA_DEMO", "true", 1);
    setenv("ZONA_TRUSTED_PROXY", "10.0.0.1,10.0.0.2", 1);
    setenv("ZONA_METRICS_TOKEN", "s3cret", 1);
    setenv("ZONA_THREADS", "4", 1);
    setenv("ZONA_MAX_BODY", "2048", 1);
    setenv("ZONA_MAX_UPLOAD", "1048576", 1);
    setenv("ZONA_CONN_TIMEOUT", "5", 1);
    setenv("ZONA_MAX_CONNECTIONS", "10", 1);
    setenv("ZONA_PER_IP_CONNECTIONS", "3", 1);
    setenv("ZONA_SHUTDOWN_GRACE", "0", 1);
    setenv("ZONA_PG_STATEMENT_TIMEOUT", "1500", 1);
    setenv("ZONA_PORT_FILE", "/tmp/port", 1);
    setenv("ZONA_LOG", "debug", 1);
    const struct config *c = load_ok();
    assert_string_equal(c->listen_host, "0.0.0.0");
    assert_int_equal(c->listen_port, 9090);
    assert_string_equal(c->var_dir, "/srv/zona");
    assert_string_equal(c->db_url, "sqlite:/srv/zona/zona.db"); /* follows ZONA_VAR */
    assert_true(c->dev);
    assert_string_equal(c->root, "/src/zona");
    assert_true(c->demo);
    assert_string_equal(c->trusted_proxy, "10.0.0.1,10.0.0.2");
    assert_string_equal(c->metrics_token, "s3cret");
    assert_int_equal(c->threads, 4);
    assert_int_equal(c->max_body, 2048);
    assert_int_equal(c->max_upload, 1048576);
    assert_int_equal(c->conn_timeout, 5);
    assert_int_equal(c->max_connections, 10);
    assert_int_equal(c->per_ip_connections, 3);
    assert_int_equal(c->shutdown_grace, 0);
    assert_int_equal(c->pg_statement_timeout, 1500);
    assert_string_equal(c->port_file, "/tmp/port");
    assert_string_equal(c->log_level, "debug");
}

static void
config_database_url(void **state)
{
    (void)state;
    setenv("ZONA_DB", "postgresql://zona@db.internal:5432/zona", 1);
    setenv("ZONA_VAR", "/srv/zona", 1);
    assert_string_equal(load_ok()->db_url, "postgresql://zona@db.internal:5432/zona");
    /* an empty value means the default */
    setenv("ZONA_DB", "", 1);
    assert_string_equal(load_ok()->db_url, "sqlite:/srv/zona/zona.db");
}

static void
config_booleans(void **state)
{
    (void)state;
    const char *yes[] = {"1", "true", "yes"};
    const char *no[] = {"0", "false", "no", ""};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        setenv("ZONA_DEV", yes[i], 1);
        assert_true(load_ok()->dev);
    }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        setenv("ZONA_DEV", no[i], 1);
        assert_false(load_ok()->dev);
    }
}

static void
config_rejects_bad_booleans(void **state)
{
    (void)state;
    /* README: "a bad value stops zona with a message naming it" - not a silent "off" */
    expect_rejected("ZONA_DEV", "maybe");
    expect_rejected("ZONA_DEMO", "2");
}

static void
config_log_levels(void **state)
{
    (void)state;
    const char *ok[] = {"debug", "info", "warn", "error"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        setenv("ZONA_LOG", ok[i], 1);
        assert_string_equal(load_ok()->log_level, ok[i]);
    }
}

static void
config_rejects_unknown_log_level(void **state)
{
    (void)state;
    /* README: "log level: debug, info, warn or error"; anything else silently logged at info */
    expect_rejected("ZONA_LOG", "verbose");
    expect_rejected("ZONA_LOG", "DEBUG");
}

static void
config_listen_addresses(void **state)
{
    (void)state;
    struct {
        const char *v, *host;
        int port;
    } ok[] = {
        {"127.0.0.1:8080", "127.0.0.1", 8080}, {"0.0.0.0:80", "0.0.0.0", 80},
        {"[::1]:9000", "::1", 9000},           {"[::]:8080", "::", 8080},
        {"localhost:1", "localhost", 1},       {"example.org:65535", "example.org", 65535},
        {"127.0.0.1:0", "127.0.0.1", 0}, /* port 0 picks a free port */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        setenv("ZONA_LISTEN", ok[i].v, 1);
        const struct config *c = load_ok();
        assert_string_equal(c->listen_host, ok[i].host);
        assert_int_equal(c->listen_port, ok[i].port);
    }
}

static void
config_listen_errors(void **state)
{
    (void)state;
    const char *bad[] = {"",
                         "localhost",
                         "8080",
                         ":8080",
                         "127.0.0.1:",
                         "127.0.0.1:-1",
                         "127.0.0.1:65536",
                         "127.0.0.1:99999999999999999999",
                         "127.0.0.1:80x",
                         "127.0.0.1: 80",
                         "127.0.0.1:+80",
                         "[::1]",
                         "[::1]:"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_rejected("ZONA_LISTEN", bad[i]);
}

static void
config_numbers_within_bounds(void **state)
{
    (void)state;
    static const struct {
        const char *name, *low, *high;
    } bounds[] = {
        {"ZONA_THREADS", "1", "256"},
        {"ZONA_MAX_BODY", "1024", "1073741824"},
        {"ZONA_MAX_UPLOAD", "1024", "17179869184"},
        {"ZONA_CONN_TIMEOUT", "1", "3600"},
        {"ZONA_MAX_CONNECTIONS", "1", "65536"},
        {"ZONA_PER_IP_CONNECTIONS", "0", "65536"},
        {"ZONA_SHUTDOWN_GRACE", "0", "3600"},
        {"ZONA_PG_STATEMENT_TIMEOUT", "0", "86400000"},
    };
    for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++) {
        setenv(bounds[i].name, bounds[i].low, 1);
        if (config_load() != 0)
            fail_msg("%s=%s rejected", bounds[i].name, bounds[i].low);
        setenv(bounds[i].name, bounds[i].high, 1);
        if (config_load() != 0)
            fail_msg("%s=%s rejected", bounds[i].name, bounds[i].high);
        unsetenv(bounds[i].name);
    }
    setenv("ZONA_MAX_UPLOAD", "17179869184", 1);
    assert_true(load_ok()->max_upload == (size_t)17179869184ULL);
}

static void
config_rejects_bad_numbers(void **state)
{
    (void)state;
    static const struct {
        const char *name, *value;
    } bad[] = {
        {"ZONA_THREADS", "0"},
        {"ZONA_THREADS", "257"},
        {"ZONA_THREADS", "four"},
        {"ZONA_THREADS", "4 "},
        {"ZONA_THREADS", " 4"},
        {"ZONA_THREADS", "-4"},
        {"ZONA_THREADS", "4.0"},
        {"ZONA_MAX_BODY", "1023"},
        {"ZONA_MAX_BODY", "1073741825"},
        {"ZONA_MAX_BODY", "1e6"},
        {"ZONA_MAX_BODY", "1MB"},
        {"ZONA_MAX_UPLOAD", "17179869185"},
        {"ZONA_CONN_TIMEOUT", "0"},
        {"ZONA_MAX_CONNECTIONS", "0"},
        {"ZONA_PER_IP_CONNECTIONS", "-1"},
        {"ZONA_SHUTDOWN_GRACE", "3601"},
        {"ZONA_PG_STATEMENT_TIMEOUT", "-1"},
        {"ZONA_PG_STATEMENT_TIMEOUT", "99999999999999999999"},
        {"ZONA_PG_STATEMENT_TIMEOUT", "0x10"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_rejected(bad[i].name, bad[i].value);
    /* an empty number means the default */
    setenv("ZONA_THREADS", "", 1);
    setenv("ZONA_CONN_TIMEOUT", "", 1);
    assert_int_equal(load_ok()->conn_timeout, 30);
}

static void
config_file_with_comments(void **state)
{
    (void)state;
    write_conf("other.conf", "# zona settings for the office server\n"
                             "\n"
                             "ZONA_LISTEN=0.0.0.0:9191\n"
                             "   # an indented comment\n"
                             "  ZONA_VAR =  /var/lib/zona  \n"
                             "ZONA_THREADS=3\r\n"
                             "ZONA_METRICS_TOKEN=a=b=c\n"
                             "\t\n"
                             "ZONA_DEMO=1");
    setenv("ZONA_CONF", "other.conf", 1);
    const struct config *c = load_ok();
    assert_string_equal(c->listen_host, "0.0.0.0");
    assert_int_equal(c->listen_port, 9191);
    assert_string_equal(c->var_dir, "/var/lib/zona");
    assert_string_equal(c->db_url, "sqlite:/var/lib/zona/zona.db");
    assert_int_equal(c->threads, 3);
    assert_string_equal(c->metrics_token, "a=b=c");
    assert_true(c->demo);
}

static void
config_default_file_is_read_when_present(void **state)
{
    (void)state;
    assert_int_equal(load_ok()->listen_port, 8080); /* no ./zona.conf: defaults */
    write_conf("zona.conf", "ZONA_LISTEN=127.0.0.1:7070\n");
    assert_int_equal(load_ok()->listen_port, 7070);
}

static void
config_file_errors(void **state)
{
    (void)state;
    setenv("ZONA_CONF", "other.conf", 1);
    write_conf("other.conf", "ZONA_LISTEN=127.0.0.1:1\nZONA_NOT_A_SETTING=1\n");
    assert_int_equal(config_load(), ZE_INVAL);
    write_conf("other.conf", "zona_listen=127.0.0.1:1\n"); /* keys are case-sensitive */
    assert_int_equal(config_load(), ZE_INVAL);
    write_conf("other.conf", "ZONA_LISTEN 127.0.0.1:1\n");
    assert_int_equal(config_load(), ZE_INVAL);
    write_conf("other.conf", "=value\n");
    assert_int_equal(config_load(), ZE_INVAL);
    write_conf("other.conf", "ZONA_THREADS=many\n");
    assert_int_equal(config_load(), ZE_INVAL);
    write_conf("other.conf", "ZONA_LISTEN=nowhere\n");
    assert_int_equal(config_load(), ZE_INVAL);
    /* a named file must exist */
    setenv("ZONA_CONF", "/nonexistent-zona-dir/zona.conf", 1);
    assert_int_equal(config_load(), ZE_INVAL);
    /* an unknown key is refused even in the default file */
    unsetenv("ZONA_CONF");
    write_conf("zona.conf", "ZONA_TYPO=1\n");
    assert_int_equal(config_load(), ZE_INVAL);
}

static void
config_environment_wins_over_the_file(void **state)
{
    (void)state;
    write_conf("other.conf", "ZONA_LISTEN=0.0.0.0:9191\nZONA_VAR=/from/file\nZONA_LOG=warn\n");
    setenv("ZONA_CONF", "other.conf", 1);
    setenv("ZONA_LISTEN", "127.0.0.1:7000", 1);
    setenv("ZONA_LOG", "error", 1);
    const struct config *c = load_ok();
    assert_int_equal(c->listen_port, 7000);
    assert_string_equal(c->listen_host, "127.0.0.1");
    assert_string_equal(c->log_level, "error");
    assert_string_equal(c->var_dir, "/from/file"); /* not in the environment: from the file */
    /* a bad file value is harmless when the environment overrides it */
    write_conf("other.conf", "ZONA_THREADS=many\n");
    setenv("ZONA_THREADS", "2", 1);
    assert_int_equal(load_ok()->threads, 2);
}

static void
config_reload_forgets_the_old_file(void **state)
{
    (void)state;
    write_conf("other.conf", "ZONA_VAR=/from/file\n");
    setenv("ZONA_CONF", "other.conf", 1);
    assert_string_equal(load_ok()->var_dir, "/from/file");
    unsetenv("ZONA_CONF");
    assert_string_equal(load_ok()->var_dir, "var");
    config_free();
    config_free(); /* twice is harmless */
    assert_null(config_get()->listen_host);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, test_setup, test_teardown)
    const struct CMUnitTest tests[] = {
        T(config_defaults_run),
        T(config_settings_table_documents_every_setting),
        T(config_environment_overrides),
        T(config_database_url),
        T(config_booleans),
        T(config_rejects_bad_booleans),
        T(config_log_levels),
        T(config_rejects_unknown_log_level),
        T(config_listen_addresses),
        T(config_listen_errors),
        T(config_numbers_within_bounds),
        T(config_rejects_bad_numbers),
        T(config_file_with_comments),
        T(config_default_file_is_read_when_present),
        T(config_file_errors),
        T(config_environment_wins_over_the_file),
        T(config_reload_forgets_the_old_file),
    };
#undef T
    return cmocka_run_group_tests_name("config", tests, group_setup, group_teardown);
}
