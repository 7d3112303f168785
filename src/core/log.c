/* log: a line is written with one write(2) so lines from several threads never interleave.
 * Control characters from input are escaped so a request cannot forge log lines. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

static enum log_level min_level = LOG_INFO;
static _Thread_local const char *request_id;

void
log_set_level(enum log_level l)
{
    min_level = l;
}

void
log_set_request_id(const char *rid)
{
    request_id = rid;
}

void
log_msg(enum log_level l, const char *fmt, ...)
{
    static const char *names[] = {"debug", "info", "warn", "error"};
    if (l < min_level)
        return;
    char msg[2048], line[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int64_t now = clock_now_ms();
    time_t secs = (time_t)(now / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    int n = snprintf(line, sizeof line, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ %s%s%s ",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     (int)(now % 1000), names[l], request_id ? " rid=" : "",
                     request_id ? request_id : "");
    if (n < 0 || (size_t)n >= sizeof line)
        n = 0;
    size_t o = (size_t)n;
    for (const char *p = msg; *p && o + 5 < sizeof line; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 || c == 0x7f) {
            o += (size_t)snprintf(line + o, sizeof line - o, "\\x%02x", c);
        } else {
            line[o++] = (char)c;
        }
    }
    line[o++] = '\n';
    ssize_t w = write(STDERR_FILENO, line, o);
    (void)w;
}
