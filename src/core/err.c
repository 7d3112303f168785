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
    [0] = {200, "ok", "OK", "OK"}, /* never shown */
    [-ZE_NOMEM] = {500, "internal", N_("Server error"),
                   N_("Something went wrong on our side. Please try again in a moment.")},
    [-ZE_INVAL] =
        {400, "bad_request", N_("Bad request"),
         N_("The request could not be understood. Please check what you sent and try again.")},
    [-ZE_NOTFOUND] = {404, "not_found", N_("Page not found"),
                      N_("The page you asked for does not exist or has moved.")},
    [-ZE_CONFLICT] = {409, "conflict", N_("Invalid input"),
                      N_("Some of the data you sent is not valid.")},
    [-ZE_FORBIDDEN] = {403, "forbidden", N_("Forbidden"),
                       N_("You do not have permission to do this.")},
    [-ZE_DB] = {500, "internal", N_("Server error"),
                N_("Something went wrong on our side. Please try again in a moment.")},
    [-ZE_IO] = {500, "internal", N_("Server error"),
                N_("Something went wrong on our side. Please try again in a moment.")},
    [-ZE_LIMIT] = {413, "too_large", N_("Request too large"),
                   N_("The data you sent is larger than this server accepts.")},
    [-ZE_UNAUTH] = {401, "unauthenticated", N_("Not signed in"), N_("Please sign in to continue.")},
    [-ZE_METHOD] = {405, "method_not_allowed", N_("Method not allowed"),
                    N_("This address does not accept that kind of request.")},
    [-ZE_MEDIA] = {415, "unsupported_media_type", N_("Unsupported media type"),
                   N_("Send the request as application/json.")},
    [-ZE_BUSY] = {429, "too_many_requests", N_("Too many requests"),
                  N_("Too many attempts. Please wait a moment and try again.")},
    [-ZE_UNAVAIL] = {503, "unavailable", N_("Service unavailable"),
                     N_("The service is temporarily unavailable. Please try again shortly.")},
    [-ZE_RANGE] =
        {416, "range_not_satisfiable", N_("Bad request"),
         N_("The request could not be understood. Please check what you sent and try again.")},
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
