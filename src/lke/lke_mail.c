/* lke_mail: notifications by e-mail (libcurl SMTP) for inbox entries, and the background worker
 * of zona serve that adds deadline reminders and sends the mail. Without ZONA_SMTP_URL the inbox
 * is the only channel and nothing is sent. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "lke_work.h"
#include "web/i18n.h"

struct upload_state {
    const char *p;
    size_t left;
};

static size_t
read_cb(char *dst, size_t size, size_t n, void *arg)
{
    struct upload_state *u = arg;
    size_t max = size * n, k = u->left < max ? u->left : max;
    memcpy(dst, u->p, k);
    u->p += k;
    u->left -= k;
    return k;
}

/* Header values must not carry line breaks (header injection). */
static void
clean_header(struct buf *out, const char *s)
{
    for (; *s; s++)
        buf_putc(out, *s == '\r' || *s == '\n' ? ' ' : *s);
}

static int
send_one(CURL *c, const struct config *cfg, json_t *m)
{
    const char *to = json_string_value(json_object_get(m, "email"));
    const char *title = i18n_t("id", json_string_value(json_object_get(m, "kind")));
    struct buf msg = BUF_INIT;
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    buf_printf(&msg, "Date: %s\r\nFrom: zona <%s>\r\nTo: ", date, cfg->smtp_from);
    clean_header(&msg, to);
    buf_puts(&msg, "\r\nSubject: [zona] ");
    clean_header(&msg, title);
    buf_puts(&msg, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                   "Content-Transfer-Encoding: 8bit\r\n\r\n");
    buf_printf(&msg, "Yth. %s,\r\n\r\n%s\r\n%s\r\n\r\n%s%s\r\n\r\n-- \r\nzona: pesan otomatis\r\n",
               json_string_value(json_object_get(m, "name")), title,
               json_string_value(json_object_get(m, "subject")), cfg->public_url,
               json_string_value(json_object_get(m, "link")));
    struct upload_state up = {msg.p, msg.len};
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    char from[300];
    snprintf(from, sizeof from, "<%s>", cfg->smtp_from);
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (strncmp(cfg->smtp_url, "smtp://", 7) == 0)
        curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    if (*cfg->smtp_user) {
        curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->smtp_password);
    }
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(rcpt);
    buf_free(&msg);
    if (rc != CURLE_OK) {
        log_warn("mail to inbox entry %lld failed: %s",
                 (long long)json_integer_value(json_object_get(m, "id")), curl_easy_strerror(rc));
        return ZE_IO;
    }
    return 0;
}

int
lke_mail_pending(struct db *db, int *sent, int *failed)
{
    const struct config *cfg = config_get();
    *sent = *failed = 0;
    if (!cfg->smtp_url || !*cfg->smtp_url)
        return 0;
    json_t *list = json_array();
    int64_t now = clock_now_ms();
    int rc = lke_store_mail_pending(db, now - 7 * 86400000LL, list);
    CURL *c = rc ? NULL : curl_easy_init();
    int in_a_row = 0;
    size_t i;
    json_t *m;
    json_array_foreach(list, i, m)
    {
        if (!c || in_a_row >= 3)
            break;
        int64_t id = json_integer_value(json_object_get(m, "id"));
        bool mine = false;
        if (db_begin_write(db) != 0)
            break;
        if (db_commit_or_rollback(db, lke_store_mail_claim(db, id, now, &mine)) != 0 || !mine)
            continue; /* another node or a cron run sends this one */
        if (send_one(c, cfg, m) == 0) {
            (*sent)++;
            in_a_row = 0;
            continue;
        }
        (*failed)++;
        in_a_row++;
        if (db_begin_write(db) == 0)
            db_commit_or_rollback(db, lke_store_mail_unclaim(db, id));
    }
    if (c)
        curl_easy_cleanup(c);
    json_decref(list);
    return rc;
}

/* --- the worker -------------------------------------------------------------------------- */

static pthread_t worker;
static bool worker_running;
static bool worker_stop;
static pthread_mutex_t worker_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t worker_cond = PTHREAD_COND_INITIALIZER;

static void *
worker_main(void *arg)
{
    (void)arg;
    struct db *db = NULL;
    pthread_mutex_lock(&worker_lock);
    while (!worker_stop) {
        pthread_mutex_unlock(&worker_lock);
        if (!db && db_open(config_get()->db_url, &db) != 0)
            db = NULL;
        if (db) {
            int made = 0, sent = 0, failed = 0;
            if (lke_remind(db, clock_now_ms(), &made) != 0)
                log_warn("reminders failed: %s", db_errmsg(db));
            lke_mail_pending(db, &sent, &failed);
            if (made || sent || failed)
                log_info("reminders: %d added, %d e-mails sent, %d failed", made, sent, failed);
        }
        pthread_mutex_lock(&worker_lock);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 600;
        while (!worker_stop && pthread_cond_timedwait(&worker_cond, &worker_lock, &until) == 0) {
        }
    }
    pthread_mutex_unlock(&worker_lock);
    if (db)
        db_close(db);
    return NULL;
}

void
lke_worker_start(void)
{
    pthread_mutex_lock(&worker_lock);
    worker_stop = false;
    /* the worker never takes the server's signals (SIGTERM ends serve gracefully) */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    if (!worker_running && pthread_create(&worker, NULL, worker_main, NULL) == 0)
        worker_running = true;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_mutex_unlock(&worker_lock);
}

void
lke_worker_stop(void)
{
    pthread_mutex_lock(&worker_lock);
    bool running = worker_running;
    worker_stop = true;
    pthread_cond_broadcast(&worker_cond);
    pthread_mutex_unlock(&worker_lock);
    if (running)
        pthread_join(worker, NULL);
    worker_running = false;
}
