/* sniff: the type of an uploaded file read from its bytes by libmagic, never from its name or the
 * type the client declared (DESIGN: "sniff uploads instead of trusting names"). One libmagic
 * handle per worker thread, closed when the thread ends. */
#include <magic.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "http.h"

static pthread_key_t magic_key;
static pthread_once_t magic_once = PTHREAD_ONCE_INIT;

static void
magic_release(void *cookie)
{
    magic_close(cookie);
}

static void
magic_key_make(void)
{
    pthread_key_create(&magic_key, magic_release);
}

static magic_t
magic_handle(void)
{
    pthread_once(&magic_once, magic_key_make);
    magic_t m = pthread_getspecific(magic_key);
    if (!m && (m = magic_open(MAGIC_MIME_TYPE)) != NULL) {
        if (magic_load(m, NULL) != 0) {
            magic_close(m);
            return NULL;
        }
        pthread_setspecific(magic_key, m);
    }
    return m;
}

void
http_sniff_fd(int fd, char *out, size_t outsz)
{
    snprintf(out, outsz, "%s", "");
    magic_t m = magic_handle();
    off_t at = fd >= 0 ? lseek(fd, 0, SEEK_CUR) : -1;
    if (!m || at < 0 || lseek(fd, 0, SEEK_SET) < 0)
        return;
    const char *t = magic_descriptor(m, fd);
    if (t && strlen(t) < outsz)
        snprintf(out, outsz, "%s", t);
    (void)lseek(fd, at, SEEK_SET);
}

void
http_sniff_buf(const void *p, size_t len, char *out, size_t outsz)
{
    snprintf(out, outsz, "%s", "");
    magic_t m = magic_handle();
    const char *t = m && len ? magic_buffer(m, p, len) : NULL;
    if (t && strlen(t) < outsz)
        snprintf(out, outsz, "%s", t);
}

void
http_sniff_upload(const struct upload *f, char *out, size_t outsz)
{
    http_sniff_fd(f->fd, out, outsz);
    /* office files libmagic only knows as zip or CDF: trust the extension inside that family */
    const char *dot = f->filename ? strrchr(f->filename, '.') : NULL;
    if (dot &&
        (strcmp(out, "application/zip") == 0 || strcmp(out, "application/octet-stream") == 0)) {
        if (strcasecmp(dot, ".docx") == 0)
            snprintf(out, outsz, "%s",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        else if (strcasecmp(dot, ".xlsx") == 0)
            snprintf(out, outsz, "%s",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        else if (strcasecmp(dot, ".pptx") == 0)
            snprintf(out, outsz, "%s",
                     "application/vnd.openxmlformats-officedocument.presentationml.presentation");
    } else if (dot && strcmp(out, "application/x-ole-storage") == 0 &&
               strcasecmp(dot, ".doc") == 0) {
        snprintf(out, outsz, "%s", "application/msword");
    }
}
