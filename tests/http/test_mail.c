/* E-mail notifications against a real SMTP conversation: a small SMTP server inside the test (a
 * thread on 127.0.0.1 that speaks plain ESMTP without STARTTLS or AUTH and keeps every message it
 * is given) receives what `zona lke remind` sends for inbox entries made by workflow moves on the
 * demo data. Without ZONA_SMTP_URL nothing is sent and the entries wait in the inbox; with it each
 * pending entry goes out once, in Bahasa Indonesia, with an absolute link, and a person's name
 * cannot add a header or smuggle a second message. One server with one `zona demo` for all. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include "core/buf.h"
#include "core/clock.h"
#include "support/client.h"
#include "web/fmt.h"

#define PASSWORD     "Demo-Zona-Integritas"
#define UNIT         "51.05"
#define UNIT_NAME    "Bawaslu Kabupaten Klungkung"
#define FROM         "zona@bawaslu.test"
#define PUBLIC_URL   "https://zona.example"
#define NIP_KOORD    "197001011995032003"
#define KOORD_MAIL   "koordinator.klungkung@bawaslu.test"
#define NIP_ANGGOTA  "197001011995032006"
#define ANGGOTA_MAIL "tpi.anggota@bawaslu.test"
#define ANGGOTA_NAME "Ni Luh Putu Sri Wahyuni"
#define TOTP_ANGGOTA "ZONADEMOTPIANGGOTAAAAAAAAAAAAAAA"
#define KIND_SUBMIT  "An assessment was submitted to the TPI"
#define SUBJ_SUBMIT  "Subject: [zona] Penilaian diajukan ke TPI\r\n"
#define SUBJ_START   "Subject: [zona] TPI mulai meninjau penilaian\r\n"

/* A coordinator of Klungkung whose name tries to add a Bcc header and, after a lone dot, to
 * start a second message (SMTP smuggling). */
#define NIP_ODD  "198203042008012017"
#define ODD_MAIL "uji.nama@bawaslu.test"
#define ODD_NAME "Wayan Uji\r\nBcc: x@evil.test\r\n.\r\nMAIL FROM:<x@evil.test>"

/* --- the SMTP server ------------------------------------------------------------------------- */

struct smtp_msg {
    char *from;  /* the envelope sender as given, "<a@b>" */
    char *rcpts; /* the envelope recipients, one "<a@b>\n" each */
    int nrcpt;
    char *data; /* what came after DATA, dots unstuffed, up to the lone dot */
};

#define MAX_CONNS 64

static struct {
    int fd, port;
    pthread_t accepter;
    pthread_t conns[MAX_CONNS];
    int nconns;
    atomic_bool stop;
    pthread_mutex_t lock;
    struct smtp_msg *msgs;
    size_t nmsgs;
    struct buf transcript; /* every command line, each followed by "\n" */
    char reject[128];      /* a recipient answered 550, as a mail server refuses an address */
} smtp = {.fd = -1, .lock = PTHREAD_MUTEX_INITIALIZER};

struct conn {
    int fd;
    char in[4096];
    size_t len;
};

static void
say(int fd, const char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* The next line, line break included, into out. -1 at the end of the connection, after 20 s of
 * silence, or when the server stops. */
static int
next_line(struct conn *c, struct buf *out)
{
    buf_reset(out);
    int quiet_ms = 0;
    for (;;) {
        char *nl = memchr(c->in, '\n', c->len);
        if (nl || c->len == sizeof c->in) {
            size_t n = nl ? (size_t)(nl - c->in) + 1 : c->len;
            buf_append(out, c->in, n);
            memmove(c->in, c->in + n, c->len - n);
            c->len -= n;
            if (nl)
                return 0;
            continue;
        }
        if (atomic_load(&smtp.stop) || quiet_ms >= 20000)
            return -1;
        struct pollfd p = {c->fd, POLLIN, 0};
        int r = poll(&p, 1, 100);
        if (r < 0 && errno != EINTR)
            return -1;
        if (r <= 0) {
            quiet_ms += 100;
            continue;
        }
        ssize_t got = recv(c->fd, c->in + c->len, sizeof c->in - c->len, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        c->len += (size_t)got;
        quiet_ms = 0;
    }
}

/* "<a@b>" out of "FROM:<a@b> SIZE=1" (the whole argument when there are no angle brackets). */
static char *
address_of(const char *arg)
{
    const char *lt = strchr(arg, '<'), *gt = lt ? strchr(lt, '>') : NULL;
    return lt && gt ? strndup(lt, (size_t)(gt - lt) + 1) : strdup(arg);
}

static bool
is_cmd(const char *line, const char *cmd)
{
    size_t n = strlen(cmd);
    return strncasecmp(line, cmd, n) == 0 &&
           (line[n] == '\0' || line[n] == ' ' || cmd[n - 1] == ':');
}

static void
session(int fd)
{
    struct conn c = {.fd = fd};
    struct buf line = BUF_INIT, rcpts = BUF_INIT, data = BUF_INIT;
    char *from = NULL;
    int nrcpt = 0;
    say(fd, "220 fake.smtp.test ESMTP ready\r\n");
    while (next_line(&c, &line) == 0) {
        char *l = line.p;
        size_t n = line.len;
        while (n > 0 && (l[n - 1] == '\n' || l[n - 1] == '\r'))
            l[--n] = '\0';
        pthread_mutex_lock(&smtp.lock);
        buf_printf(&smtp.transcript, "%s\n", l);
        pthread_mutex_unlock(&smtp.lock);
        if (is_cmd(l, "EHLO")) {
            /* neither STARTTLS nor AUTH: curl with CURLUSESSL_TRY goes on in plain text */
            free(from);
            from = NULL;
            buf_reset(&rcpts);
            nrcpt = 0;
            say(fd, "250-fake.smtp.test\r\n250 8BITMIME\r\n");
        } else if (is_cmd(l, "HELO")) {
            say(fd, "250 fake.smtp.test\r\n");
        } else if (is_cmd(l, "MAIL FROM:")) {
            free(from);
            from = address_of(l + 10);
            buf_reset(&rcpts);
            nrcpt = 0;
            say(fd, "250 2.1.0 OK\r\n");
        } else if (is_cmd(l, "RCPT TO:")) {
            if (!from) {
                say(fd, "503 5.5.1 MAIL first\r\n");
                continue;
            }
            char *a = address_of(l + 8);
            pthread_mutex_lock(&smtp.lock);
            bool refused = smtp.reject[0] && strstr(a, smtp.reject) != NULL;
            pthread_mutex_unlock(&smtp.lock);
            if (refused) {
                free(a);
                say(fd, "550 5.1.1 mailbox unavailable\r\n");
                continue;
            }
            buf_printf(&rcpts, "%s\n", a);
            free(a);
            nrcpt++;
            say(fd, "250 2.1.5 OK\r\n");
        } else if (is_cmd(l, "DATA")) {
            if (!from || nrcpt == 0) {
                say(fd, "503 5.5.1 RCPT first\r\n");
                continue;
            }
            say(fd, "354 End data with <CR><LF>.<CR><LF>\r\n");
            buf_reset(&data);
            bool ended = false;
            while (next_line(&c, &line) == 0) {
                if (strcmp(buf_cstr(&line), ".\r\n") == 0 || strcmp(buf_cstr(&line), ".\n") == 0) {
                    ended = true;
                    break;
                }
                /* a line that starts with a dot had one more put before it (RFC 5321 4.5.2) */
                size_t skip = line.p[0] == '.' ? 1 : 0;
                buf_append(&data, line.p + skip, line.len - skip);
            }
            if (!ended)
                break;
            struct smtp_msg m = {from, strdup(buf_cstr(&rcpts)), nrcpt, strdup(buf_cstr(&data))};
            from = NULL;
            buf_reset(&rcpts);
            nrcpt = 0;
            pthread_mutex_lock(&smtp.lock);
            smtp.msgs = realloc(smtp.msgs, (smtp.nmsgs + 1) * sizeof *smtp.msgs);
            smtp.msgs[smtp.nmsgs++] = m;
            pthread_mutex_unlock(&smtp.lock);
            /* kept before it is acknowledged: the sender returns after this line */
            say(fd, "250 2.0.0 OK queued\r\n");
        } else if (is_cmd(l, "RSET")) {
            free(from);
            from = NULL;
            buf_reset(&rcpts);
            nrcpt = 0;
            say(fd, "250 2.0.0 OK\r\n");
        } else if (is_cmd(l, "NOOP")) {
            say(fd, "250 2.0.0 OK\r\n");
        } else if (is_cmd(l, "QUIT")) {
            say(fd, "221 2.0.0 Bye\r\n");
            break;
        } else {
            say(fd, "500 5.5.1 Unrecognised command\r\n"); /* zona sends none other */
        }
    }
    free(from);
    buf_free(&line);
    buf_free(&rcpts);
    buf_free(&data);
}

static void *
conn_main(void *arg)
{
    int fd = (int)(intptr_t)arg;
    session(fd);
    close(fd);
    return NULL;
}

static void *
accept_main(void *arg)
{
    (void)arg;
    while (!atomic_load(&smtp.stop)) {
        struct pollfd p = {smtp.fd, POLLIN, 0};
        if (poll(&p, 1, 100) <= 0)
            continue;
        int fd = accept(smtp.fd, NULL, NULL);
        if (fd < 0)
            continue;
        pthread_mutex_lock(&smtp.lock);
        bool room = smtp.nconns < MAX_CONNS;
        if (room &&
            pthread_create(&smtp.conns[smtp.nconns], NULL, conn_main, (void *)(intptr_t)fd) == 0)
            smtp.nconns++;
        else
            close(fd);
        pthread_mutex_unlock(&smtp.lock);
    }
    return NULL;
}

static int
smtp_start(void)
{
    smtp.fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (smtp.fd < 0)
        return -1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(smtp.fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(smtp.fd, 16) != 0 ||
        getsockname(smtp.fd, (struct sockaddr *)&a, &len) != 0)
        return -1;
    smtp.port = ntohs(a.sin_port);
    atomic_store(&smtp.stop, false);
    return pthread_create(&smtp.accepter, NULL, accept_main, NULL) == 0 ? 0 : -1;
}

static void
smtp_stop(void)
{
    if (smtp.fd < 0)
        return;
    atomic_store(&smtp.stop, true);
    pthread_join(smtp.accepter, NULL);
    for (int i = 0; i < smtp.nconns; i++)
        pthread_join(smtp.conns[i], NULL);
    close(smtp.fd);
    smtp.fd = -1;
    for (size_t i = 0; i < smtp.nmsgs; i++) {
        free(smtp.msgs[i].from);
        free(smtp.msgs[i].rcpts);
        free(smtp.msgs[i].data);
    }
    free(smtp.msgs);
    smtp.msgs = NULL;
    smtp.nmsgs = 0;
    buf_free(&smtp.transcript);
}

static size_t
smtp_count(void)
{
    pthread_mutex_lock(&smtp.lock);
    size_t n = smtp.nmsgs;
    pthread_mutex_unlock(&smtp.lock);
    return n;
}

static int
smtp_connections(void)
{
    pthread_mutex_lock(&smtp.lock);
    int n = smtp.nconns;
    pthread_mutex_unlock(&smtp.lock);
    return n;
}

static char *
smtp_transcript(void)
{
    pthread_mutex_lock(&smtp.lock);
    char *t = strdup(buf_cstr(&smtp.transcript));
    pthread_mutex_unlock(&smtp.lock);
    return t;
}

/* A copy of the messages (to free with msgs_free). */
static struct smtp_msg *
smtp_messages(size_t *n)
{
    pthread_mutex_lock(&smtp.lock);
    *n = smtp.nmsgs;
    struct smtp_msg *out = calloc(*n + 1, sizeof *out);
    for (size_t i = 0; i < *n; i++)
        out[i] = (struct smtp_msg){strdup(smtp.msgs[i].from), strdup(smtp.msgs[i].rcpts),
                                   smtp.msgs[i].nrcpt, strdup(smtp.msgs[i].data)};
    pthread_mutex_unlock(&smtp.lock);
    return out;
}

static void
msgs_free(struct smtp_msg *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(m[i].from);
        free(m[i].rcpts);
        free(m[i].data);
    }
    free(m);
}

/* The messages of m whose recipients include <to> and whose data holds needle (NULL: any):
 * how many, and the last in *found. */
static int
messages_to(const struct smtp_msg *m, size_t n, const char *to, const char *needle,
            const struct smtp_msg **found)
{
    char want[200];
    snprintf(want, sizeof want, "<%s>\n", to);
    int k = 0;
    for (size_t i = 0; i < n; i++)
        if (strstr(m[i].rcpts, want) && (!needle || strstr(m[i].data, needle))) {
            k++;
            *found = &m[i];
        }
    return k;
}

/* The header block of a message (up to the first empty line), malloc'd; NULL without one. */
static char *
header_block(const char *data)
{
    const char *end = strstr(data, "\r\n\r\n");
    return end ? strndup(data, (size_t)(end - data) + 2) : NULL;
}

static const char *
body_of(const char *data)
{
    const char *end = strstr(data, "\r\n\r\n");
    return end ? end + 4 : "";
}

/* True when a header line of block starts with name (case-insensitive, name includes ':'). */
static bool
has_header(const char *block, const char *name)
{
    size_t n = strlen(name);
    for (const char *l = block; l && *l;) {
        if (strncasecmp(l, name, n) == 0)
            return true;
        l = strstr(l, "\r\n");
        l = l ? l + 2 : NULL;
    }
    return false;
}

/* --- zona ------------------------------------------------------------------------------------ */

static struct zt_server srv, *S = &srv;
static int this_year;
static char base[64]; /* "/lke/51.05/YEAR" */
static struct zt_who koord, anggota;
static int odd_rc = -1;     /* how `zona user add` took ODD_NAME */
static char *odd_err;       /* and what it said */
static bool odd_refused;    /* it refused the name */
static int sent_first = -1; /* what the first remind with SMTP reported */
static size_t msgs_before_first, msgs_after_first;

static void
url_enc(struct buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p))
            buf_putc(b, (char)*p);
        else
            buf_printf(b, "%%%02X", *p);
    }
}

static long
count(const char *fmt, ...)
{
    char sql[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    char *v = NULL;
    if (zt_sql(S, sql, &v) != 0 || !v) {
        fprintf(stderr, "SQL failed: %s\n", sql);
        free(v);
        return -1;
    }
    long n = atol(v);
    free(v);
    return n;
}

static json_t *
get_json(const struct zt_who *w, const char *path)
{
    const char *h[] = {w->cookie, "Accept: application/json", NULL};
    struct zt_resp r;
    assert_int_equal(zt_request(S, "GET", path, h, NULL, 0, &r), 0);
    if (r.status != 200)
        fprintf(stderr, "GET %s: HTTP %ld %.400s\n", path, r.status, r.body);
    assert_int_equal(r.status, 200);
    json_t *j = json_loadb(r.body, r.len, 0, NULL);
    zt_resp_free(&r);
    assert_non_null(j);
    return j;
}

static const char *
state_of(const struct zt_who *w)
{
    static char state[32];
    char path[96];
    snprintf(path, sizeof path, "/api/v1/assessments/%s/%d", UNIT, this_year);
    json_t *a = get_json(w, path);
    const char *s = json_string_value(json_object_get(a, "state"));
    snprintf(state, sizeof state, "%s", s ? s : "");
    json_decref(a);
    return state;
}

/* `zona lke remind` (with or without ZONA_SMTP_URL): the number of e-mails it says it sent. */
static int
remind(bool with_smtp)
{
    char *saved = NULL;
    int at = -1;
    if (!with_smtp) /* the default: no ZONA_SMTP_URL at all */
        for (int i = 0; i < S->nenv && at < 0; i++)
            if (strncmp(S->env[i], "ZONA_SMTP_URL=", 14) == 0) {
                at = i;
                saved = S->env[i];
                memmove(&S->env[i], &S->env[i + 1], (size_t)(S->nenv - i) * sizeof S->env[0]);
                S->nenv--;
            }
    const char *argv[] = {"lke", "remind", NULL};
    char *out = NULL, *err = NULL;
    int rc = zt_cli(S, argv, NULL, &out, &err);
    if (saved) {
        memmove(&S->env[at + 1], &S->env[at], (size_t)(S->nenv - at + 1) * sizeof S->env[0]);
        S->env[at] = saved;
        S->nenv++;
    }
    if (rc != 0 || !strstr(out, " e-mails sent"))
        fprintf(stderr, "zona lke remind: exit %d: %s%s\n", rc, out, err);
    int sent = -1;
    const char *p = strstr(out ? out : "", " e-mails sent");
    if (p) {
        while (p > out && p[-1] >= '0' && p[-1] <= '9')
            p--;
        sent = atoi(p);
    }
    free(out);
    free(err);
    assert_int_equal(rc, 0);
    assert_true(sent >= 0);
    return sent;
}

/* Klungkung's draft of this year, submitted by its coordinator through the page's form: the
 * team's TPI member gets an inbox entry. Done once, on first use. */
static void
ensure_submitted(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    assert_string_equal(state_of(&koord), "draft");
    struct buf form = BUF_INIT;
    buf_puts(&form, "csrf=");
    url_enc(&form, koord.csrf);
    buf_puts(&form, "&action=submit&note=Mohon+dinilai.");
    char path[96];
    snprintf(path, sizeof path, "%s/status", base);
    struct zt_resp r;
    assert_int_equal(zt_as(S, &koord, "POST", path, buf_cstr(&form), &r), 0);
    buf_free(&form);
    if (r.status != 303)
        fprintf(stderr, "submit: HTTP %ld %.400s\n", r.status, r.body);
    assert_int_equal(r.status, 303);
    zt_resp_free(&r);
    assert_string_equal(state_of(&koord), "submitted");
    assert_int_equal(count("SELECT COUNT(*) FROM inbox i JOIN users u ON u.id = i.user_id WHERE "
                           "u.nip = '%s' AND i.kind = '%s' AND i.link = '%s'",
                           NIP_ANGGOTA, KIND_SUBMIT, base),
                     1);
}

/* The TPI member starts the review: the unit's coordinators (the odd-named one among them, when
 * zona took the name) get an inbox entry. Done once, on first use. */
static void
ensure_started(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    ensure_submitted();
    const char *add[] = {"user",    "add",    "--nip",  NIP_ODD, "--name", ODD_NAME,
                         "--email", ODD_MAIL, "--unit", UNIT,    "--role", "koordinator-zi",
                         NULL};
    char *out = NULL;
    odd_rc = zt_cli(S, add, "Sandi-Uji-Nama-2034\n", &out, &odd_err);
    free(out);
    odd_refused = odd_rc != 0;
    char path[96], body[] = "{\"action\":\"start\"}";
    snprintf(path, sizeof path, "/api/v1/assessments/%s/%d/transitions", UNIT, this_year);
    const char *h[] = {anggota.cookie, "Accept: application/json", "Content-Type: application/json",
                       NULL};
    struct zt_resp r;
    assert_int_equal(zt_request(S, "POST", path, h, body, strlen(body), &r), 0);
    if (r.status != 200)
        fprintf(stderr, "start: HTTP %ld %.400s\n", r.status, r.body);
    assert_int_equal(r.status, 200);
    zt_resp_free(&r);
    assert_string_equal(state_of(&koord), "review_anggota");
}

/* The entries `zona lke remind` should mail: not yet mailed, of the last seven days, of active
 * people. */
static long
pending(void)
{
    return count("SELECT COUNT(*) FROM inbox i JOIN users u ON u.id = i.user_id WHERE "
                 "i.mailed_at IS NULL AND i.at > %lld AND u.active",
                 (long long)(clock_now_ms() - 7 * 86400000LL));
}

/* The first `zona lke remind` with the SMTP server, once. */
static void
ensure_mailed(void)
{
    if (sent_first >= 0)
        return;
    ensure_started();
    long want = pending();
    assert_true(want >= 3); /* the TPI member's and at least two coordinators' */
    msgs_before_first = smtp_count();
    sent_first = remind(true);
    msgs_after_first = smtp_count();
    assert_int_equal(sent_first, want);
    assert_int_equal(msgs_after_first - msgs_before_first, (size_t)sent_first);
    assert_int_equal(pending(), 0);
}

/* --- the tests ------------------------------------------------------------------------------- */

static void
without_smtp_url_nothing_is_sent_and_the_inbox_keeps_the_entries(void **state)
{
    (void)state;
    ensure_submitted();
    size_t msgs = smtp_count();
    int conns = smtp_connections();
    long waiting = pending();
    assert_true(waiting >= 1);
    assert_int_equal(remind(false), 0);
    assert_int_equal(smtp_count(), msgs);
    assert_int_equal(smtp_connections(), conns);
    assert_int_equal(pending(), waiting);
    assert_int_equal(count("SELECT COUNT(*) FROM inbox i JOIN users u ON u.id = i.user_id WHERE "
                           "u.nip = '%s' AND i.link = '%s' AND i.mailed_at IS NULL",
                           NIP_ANGGOTA, base),
                     1);

    /* the TPI member's inbox shows the entry, unread, titled in Bahasa Indonesia */
    json_t *j = get_json(&anggota, "/kotak-masuk?format=json");
    int seen = 0;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(j, "items"), i, x)
    {
        const char *link = json_string_value(json_object_get(x, "link"));
        const char *kind = json_string_value(json_object_get(x, "kind"));
        if (!link || strcmp(link, base) != 0 || !kind || strcmp(kind, KIND_SUBMIT) != 0)
            continue;
        seen++;
        assert_false(json_is_true(json_object_get(x, "read")));
        assert_string_equal(json_string_value(json_object_get(x, "title")),
                            "Penilaian diajukan ke TPI");
        char subject[128];
        snprintf(subject, sizeof subject, "%s · %d", UNIT_NAME, this_year);
        assert_string_equal(json_string_value(json_object_get(x, "subject")), subject);
    }
    assert_true(json_integer_value(json_object_get(j, "unread")) >= 1);
    json_decref(j);
    assert_int_equal(seen, 1);
}

static void
pending_entries_are_mailed_once_in_indonesian_with_an_absolute_link(void **state)
{
    (void)state;
    ensure_mailed();
    size_t n;
    struct smtp_msg *m = smtp_messages(&n);
    const struct smtp_msg *got = NULL;

    /* the TPI member hears of the submission */
    assert_int_equal(messages_to(m, n, ANGGOTA_MAIL, SUBJ_SUBMIT, &got), 1);
    assert_string_equal(got->from, "<" FROM ">");
    assert_int_equal(got->nrcpt, 1);
    assert_string_equal(got->rcpts, "<" ANGGOTA_MAIL ">\n");
    char *h = header_block(got->data);
    assert_non_null(h);
    assert_true(strncmp(h, "Date: ", 6) == 0);
    assert_non_null(strstr(h, "\r\nFrom: zona <" FROM ">\r\n"));
    assert_non_null(strstr(h, "\r\nTo: " ANGGOTA_MAIL "\r\n"));
    assert_non_null(strstr(h, "\r\n" SUBJ_SUBMIT));
    assert_non_null(strstr(h, "\r\nMIME-Version: 1.0\r\n"));
    assert_non_null(strstr(h, "\r\nContent-Type: text/plain; charset=utf-8\r\n"));
    free(h);
    const char *body = body_of(got->data);
    char want[256];
    assert_non_null(strstr(body, "Yth. " ANGGOTA_NAME ","));
    assert_non_null(strstr(body, "\r\nPenilaian diajukan ke TPI\r\n"));
    snprintf(want, sizeof want, "\r\n%s · %d\r\n", UNIT_NAME, this_year);
    assert_non_null(strstr(body, want));
    snprintf(want, sizeof want, "\r\n%s%s\r\n", PUBLIC_URL, base);
    if (!strstr(body, want))
        fprintf(stderr, "no link %s in:\n%s\n", want, body);
    assert_non_null(strstr(body, want));
    assert_null(strstr(body, "An assessment")); /* nothing left in English */

    /* the coordinator hears that the review started */
    assert_int_equal(messages_to(m, n, KOORD_MAIL, SUBJ_START, &got), 1);
    assert_string_equal(got->from, "<" FROM ">");
    assert_string_equal(got->rcpts, "<" KOORD_MAIL ">\n");
    snprintf(want, sizeof want, "\r\n%s%s\r\n", PUBLIC_URL, base);
    assert_non_null(strstr(body_of(got->data), want));
    /* every message goes to one recipient from zona, in plain text without a login */
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(m[i].from, "<" FROM ">");
        assert_int_equal(m[i].nrcpt, 1);
        assert_non_null(strstr(m[i].data, "\r\nSubject: [zona] "));
    }
    msgs_free(m, n);
    char *t = smtp_transcript();
    assert_null(strcasestr(t, "STARTTLS"));
    assert_null(strcasestr(t, "\nAUTH"));
    assert_true(strncasecmp(t, "EHLO ", 5) == 0);
    free(t);

    /* sent once: the next run finds nothing to send */
    assert_int_equal(
        count("SELECT COUNT(*) FROM inbox WHERE link = '%s' AND mailed_at IS NULL", base), 0);
    assert_int_equal(remind(true), 0);
    assert_int_equal(smtp_count(), msgs_after_first);
}

static void
a_name_adds_no_header_and_no_second_message(void **state)
{
    (void)state;
    ensure_mailed();
    if (odd_refused) { /* zona may refuse such a name: then it must say so */
        fprintf(stderr, "zona user add refused the name: %s\n", odd_err ? odd_err : "");
        assert_true(odd_rc != 0);
        assert_non_null(odd_err);
        assert_true(strlen(odd_err) > 0);
        assert_int_equal(count("SELECT COUNT(*) FROM users WHERE nip = '%s'", NIP_ODD), 0);
        return;
    }
    size_t n;
    struct smtp_msg *m = smtp_messages(&n);
    const struct smtp_msg *got = NULL;
    assert_int_equal(messages_to(m, n, ODD_MAIL, NULL, &got), 1);
    assert_int_equal(got->nrcpt, 1);
    char *h = header_block(got->data);
    assert_non_null(h);
    assert_false(has_header(h, "Bcc:"));
    assert_null(strstr(h, "evil"));
    assert_non_null(strstr(h, "\r\n" SUBJ_START));
    free(h);
    /* the name stays in the body, whole, lone dot included, and the message goes on after it */
    const char *body = body_of(got->data);
    assert_non_null(strstr(body, "Yth. " ODD_NAME ",\r\n"));
    char want[256];
    snprintf(want, sizeof want, "\r\n%s%s\r\n", PUBLIC_URL, base);
    assert_non_null(strstr(body, want));
    assert_non_null(strstr(body, "\r\n-- \r\nzona: pesan otomatis\r\n"));
    /* nobody else was written to, and no message was smuggled in */
    for (size_t i = 0; i < n; i++) {
        assert_null(strstr(m[i].rcpts, "evil"));
        assert_string_equal(m[i].from, "<" FROM ">");
    }
    assert_int_equal(n, msgs_after_first);
    msgs_free(m, n);
}

/* Regression: one address the mail server refuses used to stop the whole run, so every later
 * e-mail waited behind it for a week, and `zona lke remind` still said all was well. */
static void
a_refused_address_does_not_hold_up_the_others(void **state)
{
    (void)state;
    ensure_mailed();
    /* two new entries, the refused person's first (lower id: sent first) */
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO inbox (user_id, at, kind, subject, link) SELECT id, %lld, 'The TPN "
             "result was recorded', 'uji', '/lke' FROM users WHERE email IN "
             "('admin.sistem@bawaslu.test', 'pokja1.klungkung@bawaslu.test')",
             (long long)clock_now_ms());
    assert_int_equal(zt_sql(S, sql, NULL), 0);
    assert_int_equal(pending(), 2);
    pthread_mutex_lock(&smtp.lock);
    snprintf(smtp.reject, sizeof smtp.reject, "admin.sistem@");
    pthread_mutex_unlock(&smtp.lock);
    size_t before = smtp_count();
    const char *argv[] = {"lke", "remind", NULL};
    char *out = NULL, *err = NULL;
    int rc = zt_cli(S, argv, NULL, &out, &err);
    assert_int_not_equal(rc, 0); /* a failure is not a success */
    assert_non_null(strstr(out, "1 e-mails sent"));
    assert_non_null(strstr(err, "could not be sent"));
    free(out);
    free(err);
    assert_int_equal(smtp_count(), before + 1); /* the other one went out */
    size_t n;
    struct smtp_msg *m = smtp_messages(&n);
    const struct smtp_msg *got = NULL;
    assert_true(messages_to(m, n, "pokja1.klungkung@bawaslu.test", NULL, &got) >= 1);
    msgs_free(m, n);
    assert_int_equal(pending(), 1); /* the refused one waits for the next run */
    pthread_mutex_lock(&smtp.lock);
    smtp.reject[0] = '\0';
    pthread_mutex_unlock(&smtp.lock);
    assert_int_equal(remind(true), 1);
    assert_int_equal(pending(), 0);
}

/* --- setup ----------------------------------------------------------------------------------- */

static int
setup(void **state)
{
    (void)state;
    int y, mo, d;
    fmt_civil_from_days(clock_now_ms() / 86400000, &y, &mo, &d);
    this_year = y;
    snprintf(base, sizeof base, "/lke/%s/%d", UNIT, this_year);
    if (smtp_start() != 0) {
        fprintf(stderr, "the SMTP server did not start: %s\n", strerror(errno));
        return -1;
    }
    /* zona serve mails too, but only as it starts (an empty database then) and every ten
     * minutes after: here only `zona lke remind` sends */
    char url[64];
    snprintf(url, sizeof url, "ZONA_SMTP_URL=smtp://127.0.0.1:%d", smtp.port);
    const char *env[] = {url, "ZONA_SMTP_FROM=" FROM, "ZONA_PUBLIC_URL=" PUBLIC_URL, NULL};
    if (zt_server_start(S, env) != 0)
        return -1;
    const char *demo[] = {"demo", NULL};
    char *out = NULL, *err = NULL;
    int rc = zt_cli(S, demo, NULL, &out, &err);
    if (rc != 0)
        fprintf(stderr, "zona demo: %s%s\n", out, err);
    free(out);
    free(err);
    if (rc != 0)
        return -1;
    if (zt_sign_in(S, NIP_KOORD, PASSWORD, NULL, &koord) != 200 ||
        zt_sign_in(S, NIP_ANGGOTA, PASSWORD, TOTP_ANGGOTA, &anggota) != 200) {
        fprintf(stderr, "signing in failed\n");
        return -1;
    }
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    int rc = zt_server_stop(S);
    smtp_stop();
    free(odd_err);
    return rc == 0 ? 0 : -1;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(without_smtp_url_nothing_is_sent_and_the_inbox_keeps_the_entries),
        cmocka_unit_test(pending_entries_are_mailed_once_in_indonesian_with_an_absolute_link),
        cmocka_unit_test(a_name_adds_no_header_and_no_second_message),
        cmocka_unit_test(a_refused_address_does_not_hold_up_the_others),
    };
    return cmocka_run_group_tests_name("mail", tests, setup, teardown);
}
