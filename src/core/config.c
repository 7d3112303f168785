/* config: every setting is named in one table, read from zona.conf then the environment
 * (the environment wins), checked, and frozen for the life of the process. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "xmem.h"

const struct config_setting config_settings[] = {
    {"ZONA_LISTEN", "127.0.0.1:8080", "address and port the server listens on"},
    {"ZONA_VAR", "var", "folder for writable files (SQLite database, temporary uploads)"},
    {"ZONA_DB", "sqlite:$ZONA_VAR/zona.db", "database: sqlite:PATH or postgresql://..."},
    {"ZONA_DEV", "0",
     "1 reads templates, static files and data from ZONA_ROOT instead of the binary"},
    {"ZONA_ROOT", ".", "source tree read when ZONA_DEV=1"},
    {"ZONA_DEMO", "0", "1 allows serving a database that holds demo accounts"},
    {"ZONA_TRUSTED_PROXY", "", "comma-separated proxy addresses whose X-Forwarded-For is believed"},
    {"ZONA_METRICS_TOKEN", "",
     "when set, /metrics and /healthz need 'Authorization: Bearer TOKEN'"},
    {"ZONA_THREADS", "2 x cores", "worker threads (each holds one database connection)"},
    {"ZONA_MAX_BODY", "1048576", "largest form or JSON body in bytes (413 above)"},
    {"ZONA_MAX_UPLOAD", "26214400", "largest multipart upload in bytes (413 above)"},
    {"ZONA_CONN_TIMEOUT", "30", "seconds an idle or slow client connection is kept"},
    {"ZONA_MAX_CONNECTIONS", "1024", "simultaneous connections"},
    {"ZONA_PER_IP_CONNECTIONS", "0", "simultaneous connections per client address (0: no limit)"},
    {"ZONA_SHUTDOWN_GRACE", "10", "seconds SIGTERM waits for requests in flight"},
    {"ZONA_PG_STATEMENT_TIMEOUT", "30000", "PostgreSQL statement timeout in milliseconds"},
    {"ZONA_PORT_FILE", "", "file where 'zona serve' writes the port it listens on"},
    {"ZONA_LOG", "info", "log level: debug, info, warn or error"},
    {"ZONA_CONF", "zona.conf", "optional settings file of KEY=value lines"},
    {"ZONA_ARGON2", "interactive",
     "password hashing cost: interactive (Argon2id t=3, 64 MiB) or test"},
    {"ZONA_SESSION_IDLE", "30", "minutes without a request before a session ends"},
    {"ZONA_SESSION_MAX", "12", "hours from sign-in before a session ends"},
    {"ZONA_PUBLIC_URL", "", "the address people use to reach zona (links in set-password codes)"},
    {"ZONA_EVIDENCE_MAX", "20971520", "largest evidence file in bytes (a clear message above)"},
    {"ZONA_SMTP_URL", "",
     "mail server for notifications, smtp://host:587 or smtps://host:465; "
     "empty: in-app inbox only"},
    {"ZONA_SMTP_FROM", "zona@localhost", "sender address of notification e-mails"},
    {"ZONA_SMTP_USER", "", "user name at the mail server (empty: no login)"},
    {"ZONA_SMTP_PASSWORD", "", "password at the mail server"},
    {"ZONA_WBS_POW_BITS", "",
     "proof of work a whistleblowing report must carry, in leading zero bits; "
     "empty: data/wbs/settings.json (16); 0: none"},
    {"ZONA_WBS_SECRET_FILE", "",
     "file holding the key of the whistleblowing receipts' lookup hashes; "
     "empty: ZONA_VAR/wbs-lookup.key"},
    {NULL, NULL, NULL},
};

static struct config cfg;

/* Values read from zona.conf, looked up when the environment has none. */
static char *file_keys[64], *file_vals[64];
static int file_n;

static const char *
setting(const char *name)
{
    const char *v = getenv(name);
    if (v)
        return v;
    for (int i = 0; i < file_n; i++)
        if (strcmp(file_keys[i], name) == 0)
            return file_vals[i];
    return NULL;
}

static bool
known(const char *name)
{
    for (const struct config_setting *s = config_settings; s->name; s++)
        if (strcmp(s->name, name) == 0)
            return true;
    return false;
}

static char *
trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

static int
load_file(void)
{
    const char *path = getenv("ZONA_CONF");
    bool explicit = path != NULL;
    if (!path)
        path = "zona.conf";
    FILE *f = fopen(path, "r");
    if (!f) {
        if (explicit) {
            fprintf(stderr, "zona: cannot open settings file %s\n", path);
            return ZE_INVAL;
        }
        return 0;
    }
    char line[4096];
    int lineno = 0, rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *s = trim(line);
        if (!*s || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            fprintf(stderr, "zona: %s:%d: expected KEY=value\n", path, lineno);
            rc = ZE_INVAL;
            break;
        }
        *eq = '\0';
        char *k = trim(s), *v = trim(eq + 1);
        if (!known(k)) {
            fprintf(stderr, "zona: %s:%d: unknown setting %s\n", path, lineno, k);
            rc = ZE_INVAL;
            break;
        }
        if (file_n < 64) {
            file_keys[file_n] = xstrdup(k);
            file_vals[file_n] = xstrdup(v);
            file_n++;
        }
    }
    fclose(f);
    return rc;
}

static int
int_setting(const char *name, long def, long min, long max, long *out)
{
    const char *v = setting(name);
    int64_t x;
    if (!v || !*v) {
        *out = def;
        return 0;
    }
    if (parse_i64(v, strlen(v), &x) != 0 || x < min || x > max) {
        fprintf(stderr, "zona: %s must be a whole number from %ld to %ld (got '%s')\n", name, min,
                max, v);
        return ZE_INVAL;
    }
    *out = (long)x;
    return 0;
}

static int
bool_setting(const char *name, bool *out)
{
    const char *v = setting(name);
    *out = false;
    if (!v || !*v || strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "no") == 0)
        return 0;
    if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0) {
        *out = true;
        return 0;
    }
    fprintf(stderr, "zona: %s must be 1 or 0 (true/false, yes/no) (got '%s')\n", name, v);
    return ZE_INVAL;
}

static char *
str_setting(const char *name, const char *def)
{
    const char *v = setting(name);
    return xstrdup(v ? v : def);
}

static int
parse_listen(const char *v)
{
    const char *colon = strrchr(v, ':');
    int64_t port;
    if (!colon || colon == v || parse_i64(colon + 1, strlen(colon + 1), &port) != 0 || port < 0 ||
        port > 65535) {
        fprintf(stderr, "zona: ZONA_LISTEN must be host:port, e.g. 127.0.0.1:8080 (got '%s')\n", v);
        return ZE_INVAL;
    }
    const char *h = v;
    size_t hl = (size_t)(colon - v);
    if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    cfg.listen_host = xstrndup(h, hl);
    cfg.listen_port = (int)port;
    return 0;
}

int
config_load(void)
{
    long x;
    int rc;
    config_free();
    if ((rc = load_file()) != 0)
        return rc;
    const char *listen = setting("ZONA_LISTEN");
    if ((rc = parse_listen(listen ? listen : "127.0.0.1:8080")) != 0)
        return rc;
    cfg.var_dir = str_setting("ZONA_VAR", "var");
    const char *db = setting("ZONA_DB");
    if (db && *db) {
        cfg.db_url = xstrdup(db);
    } else {
        struct buf b = BUF_INIT;
        buf_printf(&b, "sqlite:%s/zona.db", cfg.var_dir);
        cfg.db_url = buf_steal(&b);
    }
    cfg.root = str_setting("ZONA_ROOT", ".");
    if ((rc = bool_setting("ZONA_DEV", &cfg.dev)) != 0 ||
        (rc = bool_setting("ZONA_DEMO", &cfg.demo)) != 0)
        return rc;
    cfg.trusted_proxy = str_setting("ZONA_TRUSTED_PROXY", "");
    cfg.metrics_token = str_setting("ZONA_METRICS_TOKEN", "");
    cfg.port_file = str_setting("ZONA_PORT_FILE", "");
    cfg.log_level = str_setting("ZONA_LOG", "info");
    if (strcmp(cfg.log_level, "debug") && strcmp(cfg.log_level, "info") &&
        strcmp(cfg.log_level, "warn") && strcmp(cfg.log_level, "error")) {
        fprintf(stderr, "zona: ZONA_LOG must be debug, info, warn or error (got '%s')\n",
                cfg.log_level);
        return ZE_INVAL;
    }
    cfg.argon2 = str_setting("ZONA_ARGON2", "interactive");
    cfg.public_url = str_setting("ZONA_PUBLIC_URL", "");
    if (strcmp(cfg.argon2, "interactive") != 0 && strcmp(cfg.argon2, "test") != 0) {
        fprintf(stderr, "zona: ZONA_ARGON2 must be interactive or test (got '%s')\n", cfg.argon2);
        return ZE_INVAL;
    }
    if ((rc = int_setting("ZONA_SESSION_IDLE", 30, 1, 24 * 60, &x)) != 0)
        return rc;
    cfg.session_idle_min = (int)x;
    if ((rc = int_setting("ZONA_SESSION_MAX", 12, 1, 24 * 30, &x)) != 0)
        return rc;
    cfg.session_max_hours = (int)x;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1)
        cores = 1;
    if ((rc = int_setting("ZONA_THREADS", cores * 2, 1, 256, &x)) != 0)
        return rc;
    cfg.threads = (int)x;
    if ((rc = int_setting("ZONA_MAX_BODY", 1 << 20, 1024, 1L << 30, &x)) != 0)
        return rc;
    cfg.max_body = (size_t)x;
    if ((rc = int_setting("ZONA_MAX_UPLOAD", 25L << 20, 1024, 1L << 34, &x)) != 0)
        return rc;
    cfg.max_upload = (size_t)x;
    if ((rc = int_setting("ZONA_EVIDENCE_MAX", 20L << 20, 1024, 1L << 34, &x)) != 0)
        return rc;
    cfg.evidence_max = x;
    cfg.smtp_url = str_setting("ZONA_SMTP_URL", "");
    cfg.smtp_from = str_setting("ZONA_SMTP_FROM", "zona@localhost");
    cfg.smtp_user = str_setting("ZONA_SMTP_USER", "");
    cfg.smtp_password = str_setting("ZONA_SMTP_PASSWORD", "");
    cfg.wbs_secret_file = str_setting("ZONA_WBS_SECRET_FILE", "");
    cfg.wbs_pow_bits = -1;
    if (setting("ZONA_WBS_POW_BITS") && *setting("ZONA_WBS_POW_BITS")) {
        if ((rc = int_setting("ZONA_WBS_POW_BITS", -1, 0, 40, &x)) != 0)
            return rc;
        cfg.wbs_pow_bits = (int)x;
    }
    if ((rc = int_setting("ZONA_CONN_TIMEOUT", 30, 1, 3600, &x)) != 0)
        return rc;
    cfg.conn_timeout = (int)x;
    if ((rc = int_setting("ZONA_MAX_CONNECTIONS", 1024, 1, 65536, &x)) != 0)
        return rc;
    cfg.max_connections = (int)x;
    if ((rc = int_setting("ZONA_PER_IP_CONNECTIONS", 0, 0, 65536, &x)) != 0)
        return rc;
    cfg.per_ip_connections = (int)x;
    if ((rc = int_setting("ZONA_SHUTDOWN_GRACE", 10, 0, 3600, &x)) != 0)
        return rc;
    cfg.shutdown_grace = (int)x;
    if ((rc = int_setting("ZONA_PG_STATEMENT_TIMEOUT", 30000, 0, 86400000, &x)) != 0)
        return rc;
    cfg.pg_statement_timeout = (int)x;
    return 0;
}

const struct config *
config_get(void)
{
    return &cfg;
}

void
config_free(void)
{
    free(cfg.listen_host);
    free(cfg.var_dir);
    free(cfg.db_url);
    free(cfg.root);
    free(cfg.trusted_proxy);
    free(cfg.metrics_token);
    free(cfg.port_file);
    free(cfg.log_level);
    free(cfg.argon2);
    free(cfg.public_url);
    free(cfg.smtp_url);
    free(cfg.smtp_from);
    free(cfg.smtp_user);
    free(cfg.smtp_password);
    free(cfg.wbs_secret_file);
    memset(&cfg, 0, sizeof cfg);
    for (int i = 0; i < file_n; i++) {
        free(file_keys[i]);
        free(file_vals[i]);
    }
    file_n = 0;
}
