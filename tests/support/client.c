/* client: see client.h. Servers are real processes; nothing is mocked. */
#include "support/client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "auth/auth.h"
#include "core/clock.h"
#include "db/db.h"

extern char **environ;

static char *slurp_fd(int fd);

static const char *
zona_bin(void)
{
    const char *b = getenv("ZONA_BIN");
    return b && *b ? b : "build/zona";
}

static void
sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void
env_add(struct zt_server *s, const char *fmt, ...)
{
    if (s->nenv >= 46)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *v = NULL;
    if (vasprintf(&v, fmt, ap) < 0)
        v = NULL;
    va_end(ap);
    if (v)
        s->env[s->nenv++] = v;
    s->env[s->nenv] = NULL;
}

/* The environment of the test, less zona's own settings, plus the server's. */
static char **
build_env(struct zt_server *s)
{
    size_t n = 0;
    for (char **e = environ; *e; e++)
        n++;
    char **out = calloc(n + (size_t)s->nenv + 1, sizeof(char *));
    size_t k = 0;
    for (char **e = environ; *e; e++) {
        if (strncmp(*e, "ZONA_", 5) == 0 && strncmp(*e, "ZONA_TEST_", 10) != 0 &&
            strncmp(*e, "ZONA_BIN=", 9) != 0)
            continue;
        out[k++] = *e;
    }
    for (int i = 0; i < s->nenv; i++)
        out[k++] = s->env[i];
    out[k] = NULL;
    return out;
}

static int
spawn(struct zt_server *s, const char *const *args, int in_fd, int out_fd, int err_fd, pid_t *pid)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (in_fd >= 0)
        posix_spawn_file_actions_adddup2(&fa, in_fd, 0);
    if (out_fd >= 0)
        posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
    if (err_fd >= 0)
        posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
    char **env = build_env(s);
    int rc = posix_spawn(pid, args[0], &fa, NULL, (char *const *)(uintptr_t)args, env);
    free(env);
    posix_spawn_file_actions_destroy(&fa);
    return rc == 0 ? 0 : -1;
}

static int
admin_exec(const char *sql)
{
    const char *admin = getenv("ZONA_TEST_PG_URL");
    struct db *db;
    if (!admin || db_open(admin, &db) != 0)
        return -1;
    int rc = db_exec(db, sql);
    if (rc)
        fprintf(stderr, "test: %s: %s\n", sql, db_errmsg(db));
    db_close(db);
    return rc ? -1 : 0;
}

static int
pg_url_for(const char *admin, const char *name, char *out, size_t outsz)
{
    /* Replace the database part of postgresql://user@host:port/db[?query] */
    const char *scheme = strstr(admin, "://");
    if (!scheme)
        return -1;
    const char *slash = strchr(scheme + 3, '/');
    const char *q = strchr(scheme + 3, '?');
    size_t head = slash ? (size_t)(slash - admin) : (q ? (size_t)(q - admin) : strlen(admin));
    int n = snprintf(out, outsz, "%.*s/%s%s", (int)head, admin, name, q ? q : "");
    return n > 0 && (size_t)n < outsz ? 0 : -1;
}

int
zt_server_start(struct zt_server *s, const char *const *extra)
{
    static int counter;
    memset(s, 0, sizeof *s);
    s->pid = -1;
    snprintf(s->dir, sizeof s->dir, "/tmp/zona-test-XXXXXX");
    if (!mkdtemp(s->dir))
        return -1;
    const char *backend = getenv("ZONA_TEST_BACKEND");
    if (backend && strcmp(backend, "postgresql") == 0) {
        const char *admin = getenv("ZONA_TEST_PG_URL");
        if (!admin) {
            fprintf(stderr, "test: ZONA_TEST_BACKEND=postgresql needs ZONA_TEST_PG_URL\n");
            return -1;
        }
        snprintf(s->pg_name, sizeof s->pg_name, "zt_%d_%d", (int)getpid(), counter++);
        char sql[128];
        snprintf(sql, sizeof sql, "CREATE DATABASE %s", s->pg_name);
        if (admin_exec(sql) != 0)
            return -1;
        if (pg_url_for(admin, s->pg_name, s->db_url, sizeof s->db_url) != 0)
            return -1;
    } else {
        snprintf(s->db_url, sizeof s->db_url, "sqlite:%s/zona.db", s->dir);
    }
    env_add(s, "ZONA_VAR=%s", s->dir);
    env_add(s, "ZONA_DB=%s", s->db_url);
    env_add(s, "ZONA_LISTEN=127.0.0.1:0");
    env_add(s, "ZONA_PORT_FILE=%s/port", s->dir);
    env_add(s, "ZONA_THREADS=2");
    env_add(s, "ZONA_ARGON2=test"); /* the cheap hashing profile; a test may override it */
    for (const char *const *e = extra; e && *e; e++)
        env_add(s, "%s", *e);

    const char *mig[] = {"migrate", NULL};
    if (zt_cli(s, mig, NULL, NULL, NULL) != 0) {
        fprintf(stderr, "test: zona migrate failed\n");
        return -1;
    }
    char logpath[300];
    snprintf(logpath, sizeof logpath, "%s/server.log", s->dir);
    int logfd = open(logpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const char *args[] = {zona_bin(), "serve", NULL};
    int rc = spawn(s, args, -1, logfd, logfd, &s->pid);
    close(logfd);
    if (rc)
        return -1;
    char portpath[300];
    snprintf(portpath, sizeof portpath, "%s/port", s->dir);
    for (int i = 0; i < 1500; i++) { /* sanitizer builds start slowly: up to 15 s */
        FILE *f = fopen(portpath, "r");
        if (f) {
            int ok = fscanf(f, "%d", &s->port) == 1;
            fclose(f);
            if (ok && s->port > 0)
                break;
        }
        int status;
        if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
            fprintf(stderr, "test: zona serve exited at start; see %s\n", logpath);
            s->pid = -1;
            return -1;
        }
        sleep_ms(10);
    }
    if (s->port <= 0)
        return -1;
    snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
    for (int i = 0; i < 500; i++) {
        struct zt_resp r;
        const char *h[] = {NULL, NULL};
        const char *tok = NULL;
        for (int k = 0; k < s->nenv; k++)
            if (strncmp(s->env[k], "ZONA_METRICS_TOKEN=", 19) == 0)
                tok = s->env[k] + 19;
        char auth[256];
        if (tok && *tok) {
            snprintf(auth, sizeof auth, "Authorization: Bearer %s", tok);
            h[0] = auth;
        }
        if (zt_request(s, "GET", "/healthz", h, NULL, 0, &r) == 0) {
            long st = r.status;
            zt_resp_free(&r);
            if (st == 200)
                return 0;
        }
        sleep_ms(10);
    }
    return -1;
}

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int
zt_server_stop_keep_dir(struct zt_server *s)
{
    int result = -1;
    if (s->pid <= 0)
        return -1;
    kill(s->pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 1500; i++) {
        pid_t w = waitpid(s->pid, &status, WNOHANG);
        if (w == s->pid) {
            result = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            break;
        }
        sleep_ms(10);
    }
    if (result == -1) {
        kill(s->pid, SIGKILL);
        waitpid(s->pid, NULL, 0);
    }
    if (result != 0) {
        char logpath[300];
        snprintf(logpath, sizeof logpath, "%s/server.log", s->dir);
        FILE *f = fopen(logpath, "r");
        char line[1024];
        fprintf(stderr, "test: zona serve stopped with status %d; its log:\n", result);
        while (f && fgets(line, sizeof line, f))
            fputs(line, stderr);
        if (f)
            fclose(f);
    }
    s->pid = -1;
    return result;
}

void
zt_server_cleanup(struct zt_server *s)
{
    if (s->pid > 0)
        (void)zt_server_stop_keep_dir(s);
    if (s->pg_name[0]) {
        char sql[160];
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", s->pg_name);
        admin_exec(sql);
        s->pg_name[0] = '\0';
    }
    if (s->dir[0] && !getenv("ZONA_TEST_KEEP"))
        nftw(s->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    s->dir[0] = '\0';
    for (int i = 0; i < s->nenv; i++)
        free(s->env[i]);
    s->nenv = 0;
}

int
zt_server_stop(struct zt_server *s)
{
    int rc = zt_server_stop_keep_dir(s);
    zt_server_cleanup(s);
    return rc;
}

int
zt_server_stop_keep_log(struct zt_server *s, char **log)
{
    int rc = zt_server_stop_keep_dir(s);
    char path[300];
    snprintf(path, sizeof path, "%s/server.log", s->dir);
    int fd = open(path, O_RDONLY);
    *log = fd >= 0 ? slurp_fd(fd) : calloc(1, 1);
    if (fd >= 0)
        close(fd);
    zt_server_cleanup(s);
    return rc;
}

int
zt_connect(struct zt_server *s)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s->port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static struct zt_server shared;
static bool shared_up;

struct zt_server *
zt_shared(void)
{
    if (!shared_up) {
        if (zt_server_start(&shared, NULL) != 0) {
            fprintf(stderr, "test: cannot start zona\n");
            exit(1);
        }
        shared_up = true;
    }
    return &shared;
}

int
zt_shared_stop(void)
{
    if (!shared_up)
        return 0;
    shared_up = false;
    return zt_server_stop(&shared);
}

struct grow {
    char *p;
    size_t len;
};

static size_t
grow_cb(char *data, size_t size, size_t n, void *arg)
{
    struct grow *g = arg;
    size_t add = size * n;
    char *np = realloc(g->p, g->len + add + 1);
    if (!np)
        return 0;
    g->p = np;
    memcpy(g->p + g->len, data, add);
    g->len += add;
    g->p[g->len] = '\0';
    return add;
}

int
zt_request(struct zt_server *s, const char *method, const char *path, const char *const *headers,
           const char *body, size_t len, struct zt_resp *out)
{
    memset(out, 0, sizeof *out);
    CURL *c = curl_easy_init();
    if (!c)
        return -1;
    char url[4096];
    if (strncmp(path, "http", 4) == 0)
        snprintf(url, sizeof url, "%s", path);
    else
        snprintf(url, sizeof url, "%s%s", s->base, path);
    struct grow b = {NULL, 0}, h = {NULL, 0};
    struct curl_slist *hl = NULL;
    for (const char *const *p = headers; p && *p; p++)
        hl = curl_slist_append(hl, *p);
    hl = curl_slist_append(hl, "Expect:");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (strcmp(method, "HEAD") == 0)
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, grow_cb);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, grow_cb);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    out->body = b.p ? b.p : calloc(1, 1);
    out->len = b.len;
    out->headers = h.p ? h.p : calloc(1, 1);
    return rc == CURLE_OK ? 0 : -1;
}

int
zt_get(struct zt_server *s, const char *path, struct zt_resp *out)
{
    return zt_request(s, "GET", path, NULL, NULL, 0, out);
}

const char *
zt_header(const struct zt_resp *r, const char *name)
{
    static _Thread_local char value[4096];
    size_t nl = strlen(name);
    const char *p = r->headers;
    while (p && *p) {
        const char *eol = strstr(p, "\r\n");
        if (!eol)
            eol = p + strlen(p);
        if ((size_t)(eol - p) > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
            const char *v = p + nl + 1;
            while (*v == ' ')
                v++;
            snprintf(value, sizeof value, "%.*s", (int)(eol - v), v);
            return value;
        }
        p = *eol ? eol + 2 : eol;
    }
    return NULL;
}

void
zt_resp_free(struct zt_resp *r)
{
    free(r->body);
    free(r->headers);
    memset(r, 0, sizeof *r);
}

bool
zt_contains(const struct zt_resp *r, const char *needle)
{
    return r->body && memmem(r->body, r->len, needle, strlen(needle)) != NULL;
}

int
zt_raw(struct zt_server *s, const char *raw, size_t len, char **out, size_t *outlen)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s->port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    *out = NULL;
    *outlen = 0;
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = send(fd, raw + off, len - off, MSG_NOSIGNAL);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    shutdown(fd, SHUT_WR);
    struct grow g = {NULL, 0};
    struct pollfd p = {fd, POLLIN, 0};
    while (poll(&p, 1, 5000) > 0) {
        char tmp[4096];
        ssize_t n = recv(fd, tmp, sizeof tmp, 0);
        if (n <= 0)
            break;
        grow_cb(tmp, 1, (size_t)n, &g);
    }
    close(fd);
    *out = g.p ? g.p : calloc(1, 1);
    *outlen = g.len;
    return 0;
}

static char *
slurp_fd(int fd)
{
    struct grow g = {NULL, 0};
    char tmp[4096];
    ssize_t n;
    lseek(fd, 0, SEEK_SET);
    while ((n = read(fd, tmp, sizeof tmp)) > 0)
        grow_cb(tmp, 1, (size_t)n, &g);
    return g.p ? g.p : calloc(1, 1);
}

int
zt_cli(struct zt_server *s, const char *const *argv, const char *stdin_data, char **out, char **err)
{
    const char *args[32];
    int n = 0;
    args[n++] = zona_bin();
    for (const char *const *a = argv; a && *a && n < 31; a++)
        args[n++] = *a;
    args[n] = NULL;
    char inp[] = "/tmp/zt-in-XXXXXX", outp[] = "/tmp/zt-out-XXXXXX", errp[] = "/tmp/zt-err-XXXXXX";
    int in = mkstemp(inp), o = mkstemp(outp), e = mkstemp(errp);
    unlink(inp);
    unlink(outp);
    unlink(errp);
    if (stdin_data) {
        ssize_t w = write(in, stdin_data, strlen(stdin_data));
        (void)w;
    }
    lseek(in, 0, SEEK_SET);
    pid_t pid;
    int status = -1;
    if (spawn(s, args, in, o, e, &pid) == 0) {
        /* A command that should have refused to run must not hang the suite: 60 s at most. */
        int w = 0, i;
        for (i = 0; i < 6000; i++) {
            w = (int)waitpid(pid, &status, WNOHANG);
            if (w == pid || (w < 0 && errno != EINTR))
                break;
            sleep_ms(10);
        }
        if (w != pid) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            status = -1;
        } else {
            status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
    }
    if (out)
        *out = slurp_fd(o);
    if (err)
        *err = slurp_fd(e);
    close(in);
    close(o);
    close(e);
    return status;
}

int
zt_sql(struct zt_server *s, const char *sql, char **first)
{
    struct db *db;
    if (first)
        *first = NULL;
    if (db_open(s->db_url, &db) != 0)
        return -1;
    struct db_stmt *st;
    int rc = db_prepare_dynamic(db, sql, &st);
    if (rc == 0) {
        rc = db_step(st);
        if (rc == DB_ROW && first)
            *first = strdup(db_col_text(st, 0));
        rc = rc < 0 ? rc : 0;
        db_finalize(st);
    }
    if (rc)
        fprintf(stderr, "test: %s: %s\n", sql, db_errmsg(db));
    db_close(db);
    return rc ? -1 : 0;
}

int
zt_cookie(const struct zt_resp *r, const char *name, char *out, size_t outsz)
{
    size_t nl = strlen(name);
    for (const char *p = r->headers; p && (p = strcasestr(p, "\nSet-Cookie:")) != NULL; p++) {
        const char *v = p + 12;
        while (*v == ' ')
            v++;
        if (strncmp(v, name, nl) == 0 && v[nl] == '=') {
            v += nl + 1;
            size_t n = strcspn(v, ";\r\n");
            if (n + 1 > outsz)
                return -1;
            memcpy(out, v, n);
            out[n] = '\0';
            return 0;
        }
    }
    return -1;
}

/* A TOTP code is accepted once per time step (RFC 6238 §5.2), and codes of the steps next to
 * the current one are accepted too: the steps used per secret are remembered so each sign-in
 * takes a step not used yet. When the three steps around now are all used, a session is made
 * directly in the database instead, as a fixture, so tests never wait for the clock. */
struct used_step {
    char secret[64];
    int64_t last;
};
static struct used_step used_steps[64];

static int64_t
next_step(const char *secret)
{
    int64_t cur = clock_now_ms() / 30000;
    struct used_step *u = NULL;
    for (int i = 0; i < 64 && !u; i++)
        if (strcmp(used_steps[i].secret, secret) == 0)
            u = &used_steps[i];
    for (int i = 0; i < 64 && !u; i++)
        if (!used_steps[i].secret[0]) {
            u = &used_steps[i];
            snprintf(u->secret, sizeof u->secret, "%s", secret);
            u->last = 0;
        }
    if (!u)
        return -1;
    int64_t step = u->last + 1 > cur - 1 ? u->last + 1 : cur - 1;
    if (step > cur + 1)
        return -1;
    u->last = step;
    return step;
}

static int
csrf_from_account(struct zt_server *s, struct zt_who *w)
{
    struct zt_resp r;
    if (zt_as(s, w, "GET", "/akun?format=json", NULL, &r) != 0)
        return -1;
    const char *c = strstr(r.body, "\"csrf\":\"");
    if (c) {
        c += 8;
        size_t n = strcspn(c, "\"");
        if (n < sizeof w->csrf) {
            memcpy(w->csrf, c, n);
            w->csrf[n] = '\0';
        }
    }
    long st = r.status;
    zt_resp_free(&r);
    return st == 200 ? 0 : -1;
}

int
zt_session_fixture(struct zt_server *s, const char *nip, struct zt_who *w)
{
    unsigned char raw[32], d[32];
    char token[64], hash[65], sql[512];
    memset(w, 0, sizeof *w);
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(token, sizeof token, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    crypto_generichash(d, sizeof d, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(hash, sizeof hash, d, sizeof d);
    int64_t now = clock_now_ms();
    snprintf(sql, sizeof sql,
             "INSERT INTO sessions (token_hash, user_id, stage, csrf, agent, created_at, "
             "last_seen_at, expires_at) SELECT '%s', id, 'full', 'fixture-%s', 'test fixture', "
             "%lld, %lld, %lld FROM users WHERE nip = '%s'",
             hash, hash, (long long)now, (long long)now, (long long)(now + 3600000), nip);
    if (zt_sql(s, sql, NULL) != 0)
        return -1;
    snprintf(w->cookie, sizeof w->cookie, "Cookie: zona_session=%s", token);
    return csrf_from_account(s, w) == 0 ? 200 : -1;
}

int
zt_sign_in(struct zt_server *s, const char *login, const char *password, const char *totp_secret,
           struct zt_who *w)
{
    char body[512], otp[8] = "";
    memset(w, 0, sizeof *w);
    if (totp_secret) {
        int64_t step = next_step(totp_secret);
        if (step < 0)
            return zt_session_fixture(s, login, w);
        if (totp_code(totp_secret, step * 30000 + 15000, otp) != 0)
            return -1;
    }
    snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"%s%s%s}", login, password,
             totp_secret ? ",\"otp\":\"" : "", otp, totp_secret ? "\"" : "");
    const char *h[] = {"Content-Type: application/json", NULL};
    struct zt_resp r;
    if (zt_request(s, "POST", "/api/v1/session", h, body, strlen(body), &r) != 0)
        return -1;
    long status = r.status;
    char tok[160];
    int rc = zt_cookie(&r, "zona_session", tok, sizeof tok);
    zt_resp_free(&r);
    if (status != 200 || rc != 0)
        return status == 200 ? -1 : (int)status;
    snprintf(w->cookie, sizeof w->cookie, "Cookie: zona_session=%s", tok);
    return csrf_from_account(s, w) == 0 ? 200 : -1;
}

int
zt_as(struct zt_server *s, const struct zt_who *w, const char *method, const char *path,
      const char *form, struct zt_resp *out)
{
    const char *h[3] = {NULL, NULL, NULL};
    int k = 0;
    if (w && w->cookie[0])
        h[k++] = w->cookie;
    if (form)
        h[k++] = "Content-Type: application/x-www-form-urlencoded";
    return zt_request(s, method, path, h, form, form ? strlen(form) : 0, out);
}
