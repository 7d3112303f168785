/* Error codes: functions that can fail return 0 or a negative ZE_* code. */
#ifndef ZONA_CORE_ERR_H
#define ZONA_CORE_ERR_H

/* Marks an English message id for the catalog check; the text is translated where it is shown. */
#ifndef N_
#define N_(s) (s)
#endif

enum ze {
    ZE_OK = 0,
    ZE_NOMEM = -1,
    ZE_INVAL = -2,
    ZE_NOTFOUND = -3,
    ZE_CONFLICT = -4,
    ZE_FORBIDDEN = -5,
    ZE_DB = -6,
    ZE_IO = -7,
    ZE_LIMIT = -8,
    ZE_UNAUTH = -9,
    ZE_METHOD = -10,
    ZE_MEDIA = -11,
    ZE_BUSY = -12,
    ZE_UNAVAIL = -13,
    ZE_RANGE = -14,
    ZE_MIN = -15
};

/* HTTP status for an error code (500 for unknown codes). */
int err_http_status(int ze);
/* Stable machine-readable code for the API error body, e.g. "not_found". */
const char *err_code(int ze);
/* English message id (translated by callers through i18n) for the default page text. */
const char *err_title(int ze);
const char *err_message(int ze);

#endif
