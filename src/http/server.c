/* server: the libmicrohttpd daemon. Each pool thread serves a request from start to end and owns
 * one database connection, so there is no pool and no lock. Bodies are read as they arrive:
 * urlencoded and JSON into a bounded buffer, multipart through the streaming parser to disk. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/log.h"
#include "core/xmem.h"
#include "db/db.h"
#include "form.h"
#include "http.h"

static pthread_key_t db_key;
static pthread_once_t db_key_once = PTHREAD_ONCE_INIT;
static _Atomic int in_flight;
static _Atomic int64_t request_seq;

static void
close_thread_db(void *p)
{
    db_close(p);
}

static void
make_key(void)
{
    pthread_key_create(&db_key, close_thread_db);
}

struct db *
http_thread_db(void)
{
    pthread_once(&db_key_once, make_key);
    struct db *db = pthread_getspecific(db_key);
    if (db)
        return db;
    if (db_open(config_get()->db_url, &db) != 0)
        return NULL;
    pthread_setspecific(db_key, db);
    return db;
}

static enum MHD_Result
collect_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    struct req *rq = cls;
    if (rq->nheaders == rq->capheaders) {
        /* boundary: headers beyond the limit are dropped; MHD's memory limit caps their bytes */
        if (rq->capheaders >= LIMIT_HEADERS)
            return MHD_NO;
        int cap = rq->capheaders ? rq->capheaders * 2 : 16;
        struct kv *n = arena_alloc(rq->a, sizeof(struct kv) * (size_t)cap);
        if (rq->nheaders)
            memcpy(n, rq->headers, sizeof(struct kv) * (size_t)rq->nheaders);
        rq->headers = n;
        rq->capheaders = cap;
    }
    rq->headers[rq->nheaders++] = (struct kv){key, value ? value : "", value ? strlen(value) : 0};
    return MHD_YES;
}

/* The raw request target arrives here before any parsing, so the request is created with it and
 * libmicrohttpd's own unescaping is never relied on. */
static void *
uri_log(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    struct arena *a = arena_new();
    struct req *rq = arena_alloc(a, sizeof *rq);
    rq->a = a;
    rq->conn = conn;
    rq->start_ns = clock_mono_ns();
    rq->content_length = -1;
    rq->lang = "id";
    rq->raw_path = arena_strdup(a, uri ? uri : "/");
    unsigned char r[6];
    randombytes_buf(r, sizeof r);
    rq->request_id = arena_printf(a, "%02x%02x%02x%02x%02x%02x-%lld", r[0], r[1], r[2], r[3], r[4],
                                  r[5], (long long)atomic_fetch_add(&request_seq, 1));
    atomic_fetch_add(&in_flight, 1);
    return rq;
}

static size_t
no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

static bool
addr_trusted(const char *addr)
{
    const char *list = config_get()->trusted_proxy;
    size_t al = strlen(addr);
    while (list && *list) {
        while (*list == ',' || *list == ' ')
            list++;
        size_t n = strcspn(list, ", ");
        if (n == al && strncmp(list, addr, n) == 0)
            return true;
        list += n;
    }
    return false;
}

static void
find_client(struct req *rq)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char tmp[INET6_ADDRSTRLEN] = "unknown";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, tmp,
                      sizeof tmp);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, tmp,
                      sizeof tmp);
    }
    rq->client_addr = arena_strdup(rq->a, tmp);
    if (!addr_trusted(tmp))
        return;
    /* Behind a trusted proxy: the client is the rightmost address the proxies did not add. */
    const char *xff = req_header(rq, "X-Forwarded-For");
    if (xff) {
        char *parts[32], *best = NULL;
        int n = 0;
        char *copy = arena_strdup(rq->a, xff);
        for (char *save = NULL, *t = strtok_r(copy, ", ", &save); t && n < 32;
             t = strtok_r(NULL, ", ", &save))
            parts[n++] = t;
        for (int i = n - 1; i >= 0; i--) {
            best = parts[i];
            if (!addr_trusted(parts[i]))
                break;
        }
        if (best && strlen(best) < 64 && utf8_valid(best, strlen(best)))
            rq->client_addr = best;
    }
    const char *proto = req_header(rq, "X-Forwarded-Proto");
    rq->https = proto && strcmp(proto, "https") == 0;
}

static enum body_kind
classify_body(const char *ct)
{
    if (!ct)
        return BODY_NONE;
    if (ascii_casecmp(ct, "application/x-www-form-urlencoded") == 0 ||
        strncasecmp(ct, "application/x-www-form-urlencoded;", 34) == 0)
        return BODY_URLENCODED;
    if (strncasecmp(ct, "multipart/form-data", 19) == 0)
        return BODY_MULTIPART;
    if (strncasecmp(ct, "application/json", 16) == 0 && (ct[16] == '\0' || ct[16] == ';'))
        return BODY_JSON;
    return BODY_OTHER;
}

/* Everything known from the request line and headers: path, query, cookies, language. */
static int
setup(struct req *rq, const char *method)
{
    rq->method_name = arena_strdup(rq->a, method);
    rq->method = http_method_parse(method);
    log_set_request_id(rq->request_id);
    MHD_get_connection_values(rq->conn, MHD_HEADER_KIND, collect_header, rq);
    find_client(rq);
    const char *raw = rq->raw_path;
    if (strlen(raw) > LIMIT_URL)
        return ZE_LIMIT;
    const char *q = strchr(raw, '?');
    size_t pl = q ? (size_t)(q - raw) : strlen(raw);
    int rc = 0;
    rq->path = http_decode(rq->a, raw, pl, false, NULL);
    if (!rq->path || rq->path[0] != '/') {
        rq->path = "/";
        rc = ZE_INVAL;
    }
    if (q) {
        rq->query_string = arena_strdup(rq->a, q + 1);
        int qrc = http_parse_urlencoded(rq->a, q + 1, strlen(q + 1), &rq->query, &rq->nquery);
        if (qrc && !rc)
            rc = qrc == ZE_LIMIT ? ZE_LIMIT : ZE_INVAL;
    }
    (void)http_parse_cookies(rq->a, req_header(rq, "Cookie"), &rq->cookies, &rq->ncookies);
    rq->lang = http_pick_lang(req_query(rq, "lang"), req_cookie(rq, "zona_lang"));
    const char *accept = req_header(rq, "Accept");
    const char *fmt = req_query(rq, "format");
    rq->wants_json = strncmp(rq->path, "/api/", 5) == 0 || (fmt && strcmp(fmt, "json") == 0) ||
                     (accept && strncmp(accept, "application/json", 16) == 0);
    const char *cl = req_header(rq, "Content-Length");
    if (cl && parse_i64(cl, strlen(cl), &rq->content_length) != 0)
        rc = rc ? rc : ZE_INVAL;
    rq->body_kind = classify_body(req_header(rq, "Content-Type"));
    return rc;
}

static size_t
body_limit(const struct req *rq)
{
    const struct config *c = config_get();
    if (rq->body_kind == BODY_MULTIPART && rq->route && (rq->route->flags & ROUTE_UPLOAD))
        return c->max_upload;
    return c->max_body;
}

static int
body_begin(struct req *rq)
{
    if (rq->content_length > 0 && (size_t)rq->content_length > body_limit(rq))
        return ZE_LIMIT;
    if (rq->body_kind == BODY_MULTIPART) {
        char boundary[80];
        if (form_boundary(req_header(rq, "Content-Type"), boundary, sizeof boundary) != 0)
            return ZE_INVAL;
        const char *tmpdir = rq->route && (rq->route->flags & ROUTE_PRIVATE)
                                 ? FORM_IN_MEMORY
                                 : arena_printf(rq->a, "%s/tmp", config_get()->var_dir);
        rq->parser = form_parser_new(rq->a, boundary, tmpdir, config_get()->max_body);
    }
    return 0;
}

static int
body_feed(struct req *rq, const char *data, size_t len)
{
    rq->body_bytes += (int64_t)len;
    if ((size_t)rq->body_bytes > body_limit(rq))
        return ZE_LIMIT;
    switch (rq->body_kind) {
    case BODY_URLENCODED:
    case BODY_JSON:
        buf_append(&rq->body, data, len);
        return 0;
    case BODY_MULTIPART:
        return form_parser_feed(rq->parser, data, len);
    default:
        return 0; /* other bodies are counted and dropped: no route reads them */
    }
}

static void
free_body(void *p)
{
    buf_free(p);
}

static void
decref_json(void *p)
{
    json_decref(p);
}

/* jansson nests up to 2048 levels; our request schemas need far fewer. */
static int
json_depth(const json_t *j, int depth)
{
    if (depth > LIMIT_JSON_DEPTH)
        return depth;
    int max = depth;
    if (json_is_object(j)) {
        const char *k;
        const json_t *v;
        json_object_foreach((json_t *)(uintptr_t)j, k, v)
        {
            int d = json_depth(v, depth + 1);
            if (d > max)
                max = d;
        }
    } else if (json_is_array(j)) {
        size_t i;
        const json_t *v;
        json_array_foreach(j, i, v)
        {
            int d = json_depth(v, depth + 1);
            if (d > max)
                max = d;
        }
    }
    return max;
}

static int
body_end(struct req *rq)
{
    switch (rq->body_kind) {
    case BODY_URLENCODED:
        return http_parse_urlencoded(rq->a, buf_cstr(&rq->body), rq->body.len, &rq->fields,
                                     &rq->nfields);
    case BODY_MULTIPART: {
        int rc = form_parser_finish(rq->parser);
        if (rc)
            return rc;
        form_parser_result(rq->parser, &rq->fields, &rq->nfields, &rq->files, &rq->nfiles);
        return 0;
    }
    case BODY_JSON: {
        if (rq->body.len == 0)
            return 0;
        json_error_t e;
        rq->json = json_loadb(buf_cstr(&rq->body), rq->body.len, JSON_REJECT_DUPLICATES, &e);
        if (!rq->json)
            return ZE_INVAL;
        arena_defer(rq->a, decref_json, rq->json);
        /* boundary: LIMIT_JSON_DEPTH levels are accepted, one more is not */
        return json_depth(rq->json, 1) > LIMIT_JSON_DEPTH ? ZE_INVAL : 0;
    }
    default:
        return 0;
    }
}

/* The permission check, installed by auth. Without one, only public routes answer. */
static int (*authorize)(struct req *rq) = NULL;

void
http_set_authorizer(int (*fn)(struct req *rq))
{
    authorize = fn;
}

static void
add_security_headers(struct req *rq, struct resp *rs, struct MHD_Response *r)
{
    MHD_add_response_header(
        r, "Content-Security-Policy",
        rs->frame_self
            ? "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'self'; "
              "base-uri 'none'; object-src 'none'"
            : "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
              "base-uri 'none'; object-src 'none'");
    MHD_add_response_header(r, "X-Frame-Options", rs->frame_self ? "SAMEORIGIN" : "DENY");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (rq->https)
        MHD_add_response_header(r, "Strict-Transport-Security",
                                "max-age=31536000; includeSubDomains");
    MHD_add_response_header(r, "X-Request-Id", rq->request_id);
}

static ssize_t
reader_cb(void *cls, uint64_t pos, char *buf, size_t max)
{
    struct resp *rs = cls;
    long n = rs->reader(rs->reader_arg, pos, buf, max);
    if (n < 0)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    if (n == 0)
        return MHD_CONTENT_READER_END_OF_STREAM;
    return (ssize_t)n;
}

static void
reader_free_cb(void *cls)
{
    struct resp *rs = cls;
    if (rs->reader_free)
        rs->reader_free(rs->reader_arg);
    buf_free(&rs->body);
    free(rs);
}

static enum MHD_Result
send_resp(struct req *rq, struct resp *rs)
{
    struct MHD_Response *r;
    size_t bytes = 0;
    if (rs->kind == RESP_STATIC) {
        r = MHD_create_response_from_buffer(rs->static_len, (void *)(uintptr_t)rs->static_data,
                                            MHD_RESPMEM_PERSISTENT);
        bytes = rs->static_len;
    } else if (rs->kind == RESP_CALLBACK) {
        struct resp *heap = xmalloc(sizeof *heap);
        *heap = *rs;
        rs->body = (struct buf)BUF_INIT;
        r = MHD_create_response_from_callback(rs->total_len < 0 ? MHD_SIZE_UNKNOWN
                                                                : (uint64_t)rs->total_len,
                                              64 * 1024, reader_cb, heap, reader_free_cb);
        bytes = rs->total_len > 0 ? (size_t)rs->total_len : 0;
    } else {
        bytes = rs->body.len;
        char *b = buf_steal(&rs->body);
        r = MHD_create_response_from_buffer(bytes, b, MHD_RESPMEM_MUST_FREE);
    }
    if (!r)
        return MHD_NO;
    if (rs->content_type)
        MHD_add_response_header(r, "Content-Type", rs->content_type);
    for (int i = 0; i < rs->nheaders; i++)
        MHD_add_response_header(r, rs->headers[i].name, rs->headers[i].value);
    if (rs->no_store || (rq->route && (rq->route->flags & ROUTE_PRIVATE)))
        MHD_add_response_header(r, "Cache-Control", "no-store");
    else if (rs->kind == RESP_BUF && !MHD_get_response_header(r, "Cache-Control"))
        MHD_add_response_header(r, "Cache-Control", "no-cache");
    if (rs->kind == RESP_BUF && rs->content_type && strncmp(rs->content_type, "text/html", 9) == 0)
        MHD_add_response_header(r, "Vary", "Cookie");
    add_security_headers(rq, rs, r);
    rq->status = rs->status ? rs->status : 200;
    rq->resp_bytes = bytes;
    enum MHD_Result ok = MHD_queue_response(rq->conn, (unsigned)rq->status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result
answer(struct req *rq, struct resp *rs, int rc)
{
    if (rc) {
        buf_reset(&rs->body);
        rs->kind = RESP_BUF;
        if (rc == ZE_BUSY && rq->retry_after_s > 0)
            resp_header(rs, "Retry-After",
                        arena_printf(rq->a, "%lld", (long long)rq->retry_after_s));
        http_error(rq, rs, rc, rq->error_detail);
    }
    enum MHD_Result ok = send_resp(rq, rs);
    buf_free(&rs->body);
    return ok;
}

static int
dispatch(struct req *rq, struct resp *rs)
{
    if (rq->body_error)
        return rq->body_error;
    if (!rq->route)
        return ZE_NOTFOUND;
    rq->db = http_thread_db();
    if (authorize) {
        int rc = authorize(rq);
        if (rc)
            return rc;
    } else if (!(rq->route->flags & ROUTE_PUBLIC)) {
        return ZE_UNAUTH;
    }
    int rc = rq->route->handler(rq, rs);
    if (rq->db && db_in_transaction(rq->db))
        db_rollback(rq->db); /* a handler that forgot its transaction must not leak it */
    return rc;
}

static enum MHD_Result
access_cb(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
          const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    (void)cls;
    (void)url;
    (void)version;
    struct req *rq = *con_cls;
    struct resp rs = {.status = 200, .total_len = -1};
    if (!rq)
        return MHD_NO;
    log_set_request_id(rq->request_id);
    if (!rq->method_name) {
        rq->conn = conn;
        int rc = setup(rq, method);
        /* A declared body beyond every limit is refused before routing and before reading it. */
        const struct config *c = config_get();
        size_t cap = rq->body_kind == BODY_MULTIPART ? c->max_upload : c->max_body;
        if (!rc && rq->content_length > 0 && (size_t)rq->content_length > cap)
            rc = ZE_LIMIT;
        if (rc) {
            rq->body_error = rc;
        } else {
            int status;
            struct buf allow = BUF_INIT;
            if (!router_find(rq, &status, &allow)) {
                if (status == 405) {
                    rq->body_error = ZE_METHOD;
                    rq->allow = arena_strdup(rq->a, buf_cstr(&allow));
                    resp_header(&rs, "Allow", rq->allow);
                } else {
                    rq->body_error = ZE_NOTFOUND;
                }
            }
            buf_free(&allow);
        }
        if (!rq->body_error) {
            rq->body_error = body_begin(rq);
            arena_defer(rq->a, free_body, &rq->body);
        }
        /* A body over the limit is refused before it is read. */
        if (rq->body_error == ZE_LIMIT)
            return answer(rq, &rs, ZE_LIMIT);
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!rq->body_error) {
            int rc = body_feed(rq, upload_data, *upload_data_size);
            if (rc) {
                rq->body_error = rc;
                if (rc == ZE_LIMIT) {
                    *upload_data_size = 0;
                    return answer(rq, &rs, ZE_LIMIT);
                }
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (!rq->body_error)
        rq->body_error = body_end(rq);
    if (rq->allow)
        resp_header(&rs, "Allow", rq->allow);
    int rc = dispatch(rq, &rs);
    return answer(rq, &rs, rc);
}

static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
          enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    struct req *rq = *con_cls;
    if (!rq)
        return;
    *con_cls = NULL;
    int status = rq->status;
    int64_t ns = clock_mono_ns() - rq->start_ns;
    const char *label = rq->route ? (rq->route->metric ? rq->route->metric : rq->route->pattern)
                                  : (status == 405 ? "(method)" : "(unmatched)");
    metrics_observe(label, status, ns);
    if (!rq->route || !(rq->route->flags & ROUTE_NO_LOG) || status >= 400) {
        log_set_request_id(rq->request_id);
        log_msg(status >= 500 ? LOG_ERROR : LOG_INFO, "%s %s %d %.1fms %zu client=%s%s",
                rq->method_name ? rq->method_name : "-", rq->path ? rq->path : rq->raw_path, status,
                (double)ns / 1e6, rq->resp_bytes,
                rq->client_addr && !(rq->route && (rq->route->flags & (ROUTE_PRIVATE | ROUTE_ANON)))
                    ? rq->client_addr
                    : "-",
                toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (connection ended early)");
    }
    log_set_request_id(NULL);
    arena_free(rq->a);
    atomic_fetch_sub(&in_flight, 1);
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    log_warn("http: %s", msg);
}

static void
write_port_file(int port)
{
    const char *pf = config_get()->port_file;
    if (!pf || !*pf)
        return;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", pf);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return;
    fprintf(f, "%d\n", port);
    fclose(f);
    rename(tmp, pf);
}

static atomic_bool stopping;

bool
http_stopping(void)
{
    return atomic_load(&stopping);
}

int
http_serve(void)
{
    const struct config *c = config_get();
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
    unsigned flags =
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_USE_ITC;
    if (inet_pton(AF_INET, c->listen_host, &sin->sin_addr) == 1) {
        sin->sin_family = AF_INET;
        sin->sin_port = htons((uint16_t)c->listen_port);
    } else if (inet_pton(AF_INET6, c->listen_host, &sin6->sin6_addr) == 1) {
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((uint16_t)c->listen_port);
        flags |= MHD_USE_IPv6;
    } else if (strcmp(c->listen_host, "localhost") == 0) {
        sin->sin_family = AF_INET;
        sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        sin->sin_port = htons((uint16_t)c->listen_port);
    } else {
        log_error("ZONA_LISTEN host '%s' is not an IP address", c->listen_host);
        return ZE_INVAL;
    }
    char tmpdir[4096];
    snprintf(tmpdir, sizeof tmpdir, "%s/tmp", c->var_dir);
    mkdir(c->var_dir, 0750);
    mkdir(tmpdir, 0700);

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    metrics_start();
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, access_cb, NULL, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)c->threads, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)c->conn_timeout,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)c->max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)c->per_ip_connections,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)LIMIT_HEADER_BYTES * 2,
        MHD_OPTION_URI_LOG_CALLBACK, uri_log, NULL, MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
        MHD_OPTION_END);
    if (!d) {
        log_error("cannot listen on %s:%d: %s", c->listen_host, c->listen_port, strerror(errno));
        return ZE_IO;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    int port = di ? di->port : c->listen_port;
    write_port_file(port);
    log_info("zona listening on http://%s:%d (%d threads, database %s)", c->listen_host, port,
             c->threads, strncmp(c->db_url, "sqlite:", 7) == 0 ? c->db_url : "postgresql");

    int sig = 0;
    sigwait(&set, &sig);
    log_info("signal %d: finishing requests in flight", sig);
    /* No MHD_quiesce_daemon: in libmicrohttpd 0.9.75 it races with the epoll worker threads
     * removing the listening socket themselves and then aborts the process ("Failed to remove
     * listen FD from epoll set"). Instead /healthz says 503 from now on, so a proxy stops
     * sending, and the requests in flight finish before the daemon stops. */
    atomic_store(&stopping, true);
    int64_t deadline = clock_mono_ms() + (int64_t)c->shutdown_grace * 1000;
    while (atomic_load(&in_flight) > 0 && clock_mono_ms() < deadline) {
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(d);
    log_info("stopped");
    return 0;
}
