/* The HTTP test kit: start a real zona on a free port with a fresh database (SQLite, or a new
 * PostgreSQL database when ZONA_TEST_BACKEND=postgresql), talk to it with libcurl or raw TCP,
 * run its command line, and stop it gracefully. */
#ifndef ZONA_TESTS_CLIENT_H
#define ZONA_TESTS_CLIENT_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

struct zt_server {
    pid_t pid;
    int port;
    char dir[256];    /* ZONA_VAR of this server */
    char base[64];    /* "http://127.0.0.1:PORT" */
    char db_url[512]; /* ZONA_DB */
    char pg_name[64]; /* the scratch PostgreSQL database, "" for SQLite */
    char *env[48];    /* the environment the server and CLI runs get */
    int nenv;
};

/* Creates the database (running `zona migrate`), starts `zona serve` with extra "KEY=VALUE"
 * settings (NULL-terminated, may be NULL) and waits for /healthz. Returns 0 or -1. */
int zt_server_start(struct zt_server *s, const char *const *extra_env);
/* SIGTERM, then waits (up to 15 s). Returns the exit status (0 for a clean stop), or -1. Drops
 * the scratch PostgreSQL database and the folder. */
int zt_server_stop(struct zt_server *s);
/* Stops the server but keeps its folder and database for CLI runs and checks. */
int zt_server_stop_keep_dir(struct zt_server *s);
/* Stops (if running), drops the database, removes the folder. */
void zt_server_cleanup(struct zt_server *s);
/* Stops, hands back the server's log (malloc'd), cleans up. Returns the exit status. */
int zt_server_stop_keep_log(struct zt_server *s, char **log);
/* A TCP connection to the server, or -1. */
int zt_connect(struct zt_server *s);
/* The server every test of a binary shares: started on first use, stopped by zt_shared_stop. */
struct zt_server *zt_shared(void);
int zt_shared_stop(void);

struct zt_resp {
    long status;
    char *body;
    size_t len;
    char *headers; /* raw header block */
};

/* A request to path on s (or a full URL when path starts with "http"). headers: NULL-terminated
 * "Name: value" strings. Returns 0, or -1 when no response came. Redirects are not followed. */
int zt_request(struct zt_server *s, const char *method, const char *path,
               const char *const *headers, const char *body, size_t len, struct zt_resp *out);
int zt_get(struct zt_server *s, const char *path, struct zt_resp *out);
/* The first value of a response header (case-insensitive name), copied into a static buffer of
 * the calling thread; NULL when absent. */
const char *zt_header(const struct zt_resp *r, const char *name);
void zt_resp_free(struct zt_resp *r);
bool zt_contains(const struct zt_resp *r, const char *needle);

/* Sends raw bytes over TCP and reads until the server closes or 5 s pass. *out is malloc'd. */
int zt_raw(struct zt_server *s, const char *raw, size_t len, char **out, size_t *outlen);

/* Runs build/zona (ZONA_BIN) with argv (NULL-terminated, without the program name) in the
 * server's environment, feeding stdin_data. Returns the exit status; out/err may be NULL. */
int zt_cli(struct zt_server *s, const char *const *argv, const char *stdin_data, char **out,
           char **err);

/* Runs SQL on the server's database through a separate connection (fixtures, checks). Returns 0
 * or -1; the first column of the first row goes to *first (malloc'd) when first is not NULL. */
int zt_sql(struct zt_server *s, const char *sql, char **first);

/* A signed-in person for tests: the session cookie header and the session's CSRF token. */
struct zt_who {
    char cookie[256]; /* "Cookie: zona_session=…" */
    char csrf[96];
};
/* Signs in through POST /api/v1/session (with the current TOTP code when totp_secret is not
 * NULL) and reads the CSRF token from GET /akun?format=json. Returns the sign-in status (200 on
 * success) or -1. */
int zt_sign_in(struct zt_server *s, const char *login, const char *password,
               const char *totp_secret, struct zt_who *w);
/* A full session made directly in the database for the person with this NIP (a fixture for
 * tests that need more sessions than TOTP time steps allow). Returns 200 or -1. */
int zt_session_fixture(struct zt_server *s, const char *nip, struct zt_who *w);
/* A request as w: adds the cookie, and for a form body the csrf field is the caller's. */
int zt_as(struct zt_server *s, const struct zt_who *w, const char *method, const char *path,
          const char *form, struct zt_resp *out);
/* The value of a Set-Cookie named name in r, copied to out; 0 or -1. */
int zt_cookie(const struct zt_resp *r, const char *name, char *out, size_t outsz);
#endif
