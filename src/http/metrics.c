/* metrics: Prometheus text for /metrics: requests by route and status, a latency histogram per
 * route, database connections by state, memory and uptime. One mutex; the work under it is a few
 * additions, far cheaper than the request it counts. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "db/db.h"
#include "http.h"

enum { M_ROUTES = 256, M_STATUSES = 16, M_BUCKETS = 12 };

static const double bucket_s[M_BUCKETS] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                           0.1,   0.25,   0.5,   1,    2.5,   10};

struct m_route {
    const char *label;
    int statuses[M_STATUSES];
    uint64_t counts[M_STATUSES];
    uint64_t buckets[M_BUCKETS];
    uint64_t n;
    double sum_s;
};

static struct m_route routes[M_ROUTES];
static int nroutes;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int64_t started_ms;

void
metrics_start(void)
{
    started_ms = clock_mono_ms();
}

void
metrics_observe(const char *label, int status, int64_t ns)
{
    double s = (double)ns / 1e9;
    pthread_mutex_lock(&mu);
    struct m_route *r = NULL;
    for (int i = 0; i < nroutes; i++)
        if (routes[i].label == label || strcmp(routes[i].label, label) == 0) {
            r = &routes[i];
            break;
        }
    if (!r && nroutes < M_ROUTES) {
        r = &routes[nroutes++];
        r->label = label; /* route patterns and the fixed labels live for the process */
    }
    if (r) {
        for (int i = 0; i < M_STATUSES; i++) {
            if (r->statuses[i] == status || r->statuses[i] == 0) {
                r->statuses[i] = status;
                r->counts[i]++;
                break;
            }
        }
        for (int i = 0; i < M_BUCKETS; i++)
            if (s <= bucket_s[i])
                r->buckets[i]++;
        r->n++;
        r->sum_s += s;
    }
    pthread_mutex_unlock(&mu);
}

static void
label_escape(struct buf *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            buf_putc(out, '\\');
        if (*s == '\n') {
            buf_puts(out, "\\n");
            continue;
        }
        buf_putc(out, *s);
    }
}

static long
rss_bytes(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f)
        return 0;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
        resident = 0;
    fclose(f);
    return resident * sysconf(_SC_PAGESIZE);
}

void
metrics_render(struct buf *out)
{
    buf_puts(out, "# HELP zona_http_requests_total HTTP requests answered, by route and status.\n"
                  "# TYPE zona_http_requests_total counter\n");
    pthread_mutex_lock(&mu);
    for (int i = 0; i < nroutes; i++) {
        for (int k = 0; k < M_STATUSES && routes[i].statuses[k]; k++) {
            buf_puts(out, "zona_http_requests_total{route=\"");
            label_escape(out, routes[i].label);
            buf_printf(out, "\",status=\"%d\"} %llu\n", routes[i].statuses[k],
                       (unsigned long long)routes[i].counts[k]);
        }
    }
    buf_puts(out, "# HELP zona_http_request_duration_seconds Time from request line to response.\n"
                  "# TYPE zona_http_request_duration_seconds histogram\n");
    for (int i = 0; i < nroutes; i++) {
        for (int b = 0; b < M_BUCKETS; b++) {
            buf_puts(out, "zona_http_request_duration_seconds_bucket{route=\"");
            label_escape(out, routes[i].label);
            buf_printf(out, "\",le=\"%g\"} %llu\n", bucket_s[b],
                       (unsigned long long)routes[i].buckets[b]);
        }
        buf_puts(out, "zona_http_request_duration_seconds_bucket{route=\"");
        label_escape(out, routes[i].label);
        buf_printf(out, "\",le=\"+Inf\"} %llu\n", (unsigned long long)routes[i].n);
        buf_puts(out, "zona_http_request_duration_seconds_sum{route=\"");
        label_escape(out, routes[i].label);
        buf_printf(out, "\"} %.6f\n", routes[i].sum_s);
        buf_puts(out, "zona_http_request_duration_seconds_count{route=\"");
        label_escape(out, routes[i].label);
        buf_printf(out, "\"} %llu\n", (unsigned long long)routes[i].n);
    }
    pthread_mutex_unlock(&mu);

    struct db_conn_info conns[512];
    int n = db_conn_snapshot(conns, 512);
    buf_puts(out, "# HELP zona_db_connection_state Database connection of each worker thread "
                  "(1 for its current state).\n# TYPE zona_db_connection_state gauge\n");
    for (int i = 0; i < n; i++)
        buf_printf(out, "zona_db_connection_state{conn=\"%d\",backend=\"%s\",state=\"%s\"} 1\n",
                   conns[i].slot, conns[i].kind == DB_SQLITE ? "sqlite" : "postgresql",
                   db_conn_state_name(conns[i].state));
    buf_puts(out, "# HELP zona_db_queries_total Statements run, by connection.\n"
                  "# TYPE zona_db_queries_total counter\n");
    for (int i = 0; i < n; i++)
        buf_printf(out, "zona_db_queries_total{conn=\"%d\"} %llu\n", conns[i].slot,
                   (unsigned long long)conns[i].queries);
    buf_puts(out, "# HELP zona_db_errors_total Statements that failed, by connection.\n"
                  "# TYPE zona_db_errors_total counter\n");
    for (int i = 0; i < n; i++)
        buf_printf(out, "zona_db_errors_total{conn=\"%d\"} %llu\n", conns[i].slot,
                   (unsigned long long)conns[i].errors);
    buf_printf(out,
               "# HELP zona_uptime_seconds Seconds since the server started.\n"
               "# TYPE zona_uptime_seconds gauge\nzona_uptime_seconds %.3f\n",
               (double)(clock_mono_ms() - started_ms) / 1000.0);
    buf_printf(out,
               "# HELP process_resident_memory_bytes Resident memory.\n"
               "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes %ld\n",
               rss_bytes());
}
