/* Logs: one line per event on stderr, with the request id of the current thread. */
#ifndef ZONA_CORE_LOG_H
#define ZONA_CORE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Sets the minimum level written (default LOG_INFO; ZONA_LOG=debug|info|warn|error). */
void log_set_level(enum log_level l);
/* Sets (or clears with NULL) the request id printed on this thread's lines. The string must
 * outlive its use on this thread. */
void log_set_request_id(const char *rid);
void log_msg(enum log_level l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
