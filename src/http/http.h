/* http: requests, responses and the route table. Domain code sees these types only; the
 * libmicrohttpd details stay in server.c. */
#ifndef ZONA_HTTP_HTTP_H
#define ZONA_HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/config.h"

struct arena;
struct db;

enum http_method {
    HTTP_GET,
    HTTP_HEAD,
    HTTP_POST,
    HTTP_PUT,
    HTTP_PATCH,
    HTTP_DELETE,
    HTTP_OPTIONS,
    HTTP_OTHER,
    HTTP_METHOD_MAX
};

/* A name/value pair decoded from a query string, a cookie or a form. */
struct kv {
    const char *name;
    const char *value;
    size_t len; /* bytes of value */
};

/* An uploaded file, already streamed to a temporary file that is removed when the request ends. */
struct upload {
    const char *field;
    const char *filename;     /* as the client named it: display only, never a path */
    const char *content_type; /* as the client declared it: never trusted */
    const char *tmp_path;     /* server-chosen name under ZONA_VAR/tmp */
    int fd;                   /* open for reading, positioned anywhere */
    int64_t size;
    char sha256[65];
};

enum body_kind { BODY_NONE, BODY_URLENCODED, BODY_MULTIPART, BODY_JSON, BODY_OTHER };

struct form_parser;
struct route;

/* One request. Allocated in, and owned by, its arena; valid until the response is sent. */
struct req {
    struct arena *a;
    void *conn; /* the server's connection handle */
    enum http_method method;
    const char *method_name;
    const char *path; /* percent-decoded, always starts with '/' */
    const char *raw_path;
    const char *query_string;
    struct kv *query;
    int nquery;
    struct kv *cookies;
    int ncookies;
    struct kv *headers; /* request headers as received (names in the client's case) */
    int nheaders, capheaders;
    struct kv *fields; /* urlencoded or multipart non-file fields */
    int nfields;
    struct upload *files;
    int nfiles;
    json_t *json; /* parsed JSON body (decref'd by the arena) */
    enum body_kind body_kind;
    struct buf body; /* urlencoded and JSON bodies, bounded by max_body */
    struct form_parser *parser;
    int body_error; /* ZE_LIMIT, ZE_INVAL... found while reading the body */
    int64_t body_bytes;
    int64_t content_length; /* -1 when absent */
    const char *client_addr;
    const char *request_id;
    const char *lang; /* "id" or "en" */
    bool https;
    bool wants_json; /* /api/, Accept: application/json or ?format=json */
    const struct route *route;
    const char *params[LIMIT_ROUTE_PARAMS];
    const char *param_names[LIMIT_ROUTE_PARAMS];
    int nparams;
    struct db *db; /* this thread's connection */
    int64_t start_ns;
    void *session;            /* filled by auth */
    void *user;               /* filled by auth */
    const char *allow;        /* methods for a 405 */
    const char *anon_csrf;    /* CSRF token set for an anonymous form during this request */
    const char *error_detail; /* message id shown with an error a handler or check returns */
    int64_t retry_after_s;    /* sent as Retry-After with a 429 */
    int status;               /* the status sent, for the log and /metrics */
    size_t resp_bytes;
};

struct resp_header {
    const char *name;
    const char *value;
};

/* How a response body is produced. */
enum resp_body { RESP_BUF, RESP_STATIC, RESP_CALLBACK };

struct resp {
    int status;
    const char *content_type;
    struct buf body; /* RESP_BUF: freed by the server */
    enum resp_body kind;
    const void *static_data; /* RESP_STATIC: lives as long as the process */
    size_t static_len;
    /* RESP_CALLBACK: fills buf at pos, returns bytes, 0 at end, -1 on error. */
    long (*reader)(void *arg, uint64_t pos, char *buf, size_t max);
    void *reader_arg;
    void (*reader_free)(void *arg);
    int64_t total_len; /* -1 unknown */
    struct resp_header headers[24];
    int nheaders;
    bool frame_self; /* preview routes: frame-ancestors 'self' */
    bool no_store;
};

/* Route handler. Returns 0 when rs is filled, or a ZE_* code that the server turns into the
 * error page or JSON error in the caller's language. */
typedef int (*http_handler)(struct req *rq, struct resp *rs);
/* Finds the unit a request is about (later issues). Returns 0 and sets *unit, or ZE_NOTFOUND. */
typedef int (*http_resolver)(struct req *rq, int64_t *unit);

enum route_flags {
    ROUTE_PUBLIC = 1 << 0,  /* no session needed */
    ROUTE_PREVIEW = 1 << 1, /* may be framed by our own pages */
    ROUTE_UPLOAD = 1 << 2,  /* accepts multipart bodies up to ZONA_MAX_UPLOAD */
    ROUTE_NO_LOG = 1 << 3,  /* not logged per request (health checks) */
    ROUTE_PARTIAL = 1 << 4, /* open to a session still owing its second factor */
    ROUTE_ANON = 1 << 5,    /* public GET that never looks at who asks (static files, health);
                               logged without the client address, which a static file loaded
                               by a whistleblowing page would otherwise tie to the report */
    ROUTE_PRIVATE = 1 << 6, /* whistleblowing: the log line leaves the client address out and the
                               response is never cached (Cache-Control: no-store). The referrer
                               policy stays same-origin: with no-referrer browsers send
                               "Origin: null" on forms, which the CSRF check must refuse */
};

struct route {
    enum http_method method;
    const char *pattern; /* "/api/v1/units/:code", or ending in a star for the rest */
    const char *perm;    /* permission name, or NULL with ROUTE_PUBLIC */
    http_resolver resolver;
    http_handler handler;
    unsigned flags;
    const char *metric; /* label for /metrics; the pattern when NULL */
};

/* --- request.c --- */
const char *http_method_name(enum http_method m);
enum http_method http_method_parse(const char *s);
/* First value of a query parameter / form field / cookie, or NULL. */
const char *req_query(const struct req *rq, const char *name);
const char *req_field(const struct req *rq, const char *name);
const char *req_cookie(const struct req *rq, const char *name);
/* A form field without leading and trailing whitespace, copied into the arena; "" when absent. */
const char *req_field_trimmed(struct req *rq, const char *name);
const char *req_param(const struct req *rq, const char *name);
const char *req_header(const struct req *rq, const char *name);
const struct upload *req_file(const struct req *rq, const char *field);
/* The MIME type libmagic reads from the bytes of the open file fd (its offset kept), into out;
 * "" when it cannot tell (sniff.c). */
void http_sniff_fd(int fd, char *out, size_t outsz);
/* The same for bytes in memory (the start of a file), for callers that must wipe what they read. */
void http_sniff_buf(const void *p, size_t len, char *out, size_t outsz);
/* The same for an upload; office files libmagic knows only as zip or CDF are named by their
 * extension within that family (.docx, .xlsx, .pptx; .doc). Callers check the result against the
 * kinds of file they keep; the type the client declared is never trusted. */
void http_sniff_upload(const struct upload *f, char *out, size_t outsz);

/* Percent-decodes s[0..len) into the arena ('+' as space when plus). Returns NULL for a bad
 * escape or invalid UTF-8. */
char *http_decode(struct arena *a, const char *s, size_t len, bool plus, size_t *out_len);
/* Parses "a=1&b=2" into the arena. Returns 0, ZE_INVAL (bad escape or UTF-8) or ZE_LIMIT. */
int http_parse_urlencoded(struct arena *a, const char *s, size_t len, struct kv **out, int *n);
/* Parses a Cookie header. Malformed pairs are skipped, as browsers do. */
int http_parse_cookies(struct arena *a, const char *s, struct kv **out, int *n);
/* Picks "id" or "en": ?lang=, then the zona_lang cookie, else "id". */
const char *http_pick_lang(const char *query_lang, const char *cookie);

/* --- router.c --- */
/* Matches path against pattern, filling params (pointers into the arena). Pure. */
bool router_match(struct arena *a, const char *pattern, const char *path, const char **names,
                  const char **values, int *n);
/* Registers routes (copied by pointer: the table must outlive the server). */
void router_add(const struct route *routes, size_t n);
/* Finds the route for method and path. Returns the route, or NULL with *status 404 or 405 and
 * *allow listing the methods that would have matched. */
const struct route *router_find(struct req *rq, int *status, struct buf *allow);
/* Every registered route, for the permission matrix test and the OpenAPI check. */
size_t router_count(void);
const struct route *router_at(size_t i);
void router_clear(void);

/* --- response.c --- */
void resp_header(struct resp *rs, const char *name, const char *value);
/* Sets status and a body copied into the response. */
void resp_text(struct resp *rs, int status, const char *content_type, const char *body, size_t len);
void resp_html(struct resp *rs, int status, const char *html, size_t len);
/* Serialises j (reference kept by nobody after; decref is the caller's). */
void resp_json(struct resp *rs, int status, const json_t *j);
void resp_redirect(struct resp *rs, int status, const char *location);
/* Serves bytes that live for the process (embedded files) with ETag, conditional GET and a
 * single Range. */
int resp_static(struct req *rq, struct resp *rs, const void *data, size_t len,
                const char *content_type, const char *etag, bool immutable);
/* A temporary file under ZONA_VAR/tmp named ...XXXXXX<suffix>; path receives its name. Returns an
 * open fd or -1. */
int resp_temp_file(char *path, size_t n, const char *suffix);
/* Sends the file at path as a download named name and removes it from the disk (the open
 * descriptor keeps the bytes until the response is sent). 0 or ZE_IO. */
int resp_temp_download(struct req *rq, struct resp *rs, const char *path, const char *type,
                       const char *name);
/* Parses a single "bytes=a-b" range against size. Returns 0 with from and to (inclusive),
 * ZE_NOTFOUND when there is no usable Range (serve the whole), ZE_RANGE when unsatisfiable. */
int http_parse_range(const char *h, int64_t size, int64_t *from, int64_t *to);
/* A content type from a file name's extension (for embedded static files). */
const char *http_mime_for(const char *path);

/* The error renderer: set once by the application so error pages use the site's templates. It
 * fills rs for error code ze (and an optional detail message already translated). */
typedef void (*http_error_renderer)(struct req *rq, struct resp *rs, int ze, const char *detail);
void http_set_error_renderer(http_error_renderer fn);
/* Fills rs with the error page or JSON error for ze. */
void http_error(struct req *rq, struct resp *rs, int ze, const char *detail);
/* JSON error body {"error": {"code", "message"}} with the given (already translated) message. */
void http_error_json(struct resp *rs, int status, const char *code, const char *message);

/* --- server.c --- */
/* Installs the check every request passes before its handler (auth): it identifies the caller,
 * checks CSRF on state changes and the route's permission. Returns 0 to allow, or ZE_UNAUTH /
 * ZE_FORBIDDEN / ZE_NOTFOUND / ZE_MEDIA. Without one, only public routes answer. */
void http_set_authorizer(int (*fn)(struct req *rq));
/* Called once per worker thread to get its database connection (opened lazily). */
struct db *http_thread_db(void);
/* True once SIGTERM/SIGINT arrived and the server is finishing the requests in flight. */
bool http_stopping(void);
/* Runs the server until SIGTERM/SIGINT; finishes requests in flight. Returns 0 or ZE_IO. */
int http_serve(void);

/* --- assets.c --- */
/* Serves the embedded file at path (for example static/css/zona.css). Returns 0 or ZE_NOTFOUND. */
int http_assets_serve(struct req *rq, struct resp *rs, const char *path);

/* --- metrics.c --- */
void metrics_observe(const char *route, int status, int64_t ns);
void metrics_render(struct buf *out);
void metrics_start(void);

#endif
