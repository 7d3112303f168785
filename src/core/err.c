/* err: the one table mapping error codes to HTTP status, API codes and message ids. */
#include "err.h"

#include <stddef.h>

struct err_row {
    int status;
    const char *code;
    const char *title;
    const char *message;
};

/* Indexed by -ze. The titles and messages are message ids in data/locale/. */
static const struct err_row rows[-ZE_MIN] = {
    [0] = {200, "ok", "OK", "OK"},
    [-ZE_NOMEM] = {500, "internal", "Server error",
                   "Something went wrong on our side. Please try again in a moment."},
    [-ZE_INVAL] =
        {400, "bad_request", "Bad request",
         "The request could not be understood. Please check what you sent and try again."},
    [-ZE_NOTFOUND] = {404, "not_found", "Page not found",
                      "The page you asked for does not exist or has moved."},
    [-ZE_CONFLICT] = {409, "conflict", "Invalid input", "Some of the data you sent is not valid."},
    [-ZE_FORBIDDEN] = {403, "forbidden", "Forbidden", "You do not have permission to do this."},
    [-ZE_DB] = {500, "internal", "Server error",
                "Something went wrong on our side. Please try again in a moment."},
    [-ZE_IO] = {500, "internal", "Server error",
                "Something went wrong on our side. Please try again in a moment."},
    [-ZE_LIMIT] = {413, "too_large", "Request too large",
                   "The data you sent is larger than this server accepts."},
    [-ZE_UNAUTH] = {401, "unauthenticated", "Not signed in", "Please sign in to continue."},
    [-ZE_METHOD] = {405, "method_not_allowed", "Method not allowed",
                    "This address does not accept that kind of request."},
    [-ZE_MEDIA] = {415, "unsupported_media_type", "Unsupported media type",
                   "Send the request as application/json."},
    [-ZE_BUSY] = {429, "too_many_requests", "Too many requests",
                  "Too many attempts. Please wait a moment and try again."},
    [-ZE_UNAVAIL] = {503, "unavailable", "Service unavailable",
                     "The service is temporarily unavailable. Please try again shortly."},
    [-ZE_RANGE] =
        {416, "range_not_satisfiable", "Bad request",
         "The request could not be understood. Please check what you sent and try again."},
};

static const struct err_row *
row(int ze)
{
    if (ze > 0 || ze <= ZE_MIN)
        return &rows[-ZE_NOMEM];
    return &rows[-ze];
}

int
err_http_status(int ze)
{
    return row(ze)->status;
}

const char *
err_code(int ze)
{
    return row(ze)->code;
}

const char *
err_title(int ze)
{
    return row(ze)->title;
}

const char *
err_message(int ze)
{
    return row(ze)->message;
}
