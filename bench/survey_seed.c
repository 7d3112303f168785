/* survey_seed: the bench seeder of the survey intake. Uses ZONA_DB / ZONA_VAR like zona itself;
 * run `zona demo` first (unit 51.05 must exist).
 *
 *   survey_seed N FILE      makes (or reuses) the bench campaign of unit 51.05: instrument spak,
 *                           access "code", state "open", one service; issues N new one-time codes
 *                           (survey_codes_issue, 500 to a write transaction) and writes the
 *                           campaign's public_id on FILE's first line, then one code a line
 *   survey_seed -c PUBLIC_ID counts what the campaign holds: "responses R codes_used U
 *                           codes_issued I" on one line (the bench compares R with the 2xx
 *                           answers wrk saw)
 *
 * Codes issued by an earlier run of the same database are not shown again (only their hashes
 * are kept), so every run writes fresh codes only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/err.h"
#include "db/db.h"
#include "db/migrate.h"
#include "org/org.h"
#include "survey/survey_work.h"
#include "web/fmt.h"

enum { BATCH = SURVEY_MAX_CODES };

static const char bench_title[] = "Bench: SPAK lewat API";
static const char bench_service[] = "Penerimaan Laporan Dugaan Pelanggaran";

static double
mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The open bench campaign of unit u made by an earlier run, into c; ZE_NOTFOUND when none. */
static int
find_campaign(struct db *db, const struct org_unit *u, struct survey_campaign *c)
{
    json_t *list = json_array(), *x;
    size_t i;
    int rc = survey_store_campaigns(db, u->path, 0, list);
    if (rc == 0)
        rc = ZE_NOTFOUND;
    json_array_foreach(list, i, x)
    {
        if (rc != ZE_NOTFOUND)
            break;
        const char *s;
        if ((s = json_string_value(json_object_get(x, "unit_code"))) && strcmp(s, u->code) == 0 &&
            (s = json_string_value(json_object_get(x, "title"))) && strcmp(s, bench_title) == 0 &&
            (s = json_string_value(json_object_get(x, "instrument"))) && strcmp(s, "spak") == 0 &&
            (s = json_string_value(json_object_get(x, "access"))) && strcmp(s, "code") == 0 &&
            (s = json_string_value(json_object_get(x, "state"))) && strcmp(s, "open") == 0)
            rc = survey_store_campaign_get(db, json_string_value(json_object_get(x, "public_id")),
                                           c);
    }
    json_decref(list);
    return rc;
}

static int
make_campaign(struct db *db, const struct org_unit *u, struct survey_campaign *c)
{
    int y, m, d;
    int64_t now = clock_now_ms();
    fmt_civil_from_days(now / 86400000, &y, &m, &d);
    memset(c, 0, sizeof *c);
    c->unit_id = u->id;
    snprintf(c->instrument, sizeof c->instrument, "spak");
    snprintf(c->title, sizeof c->title, "%s", bench_title);
    c->year = y;
    snprintf(c->starts_on, sizeof c->starts_on, "%04d-01-01", y);
    snprintf(c->ends_on, sizeof c->ends_on, "%04d-12-31", y);
    c->services = json_pack("[s]", bench_service);
    c->own_items = json_array();
    c->population = 100000;
    snprintf(c->access, sizeof c->access, "code");
    int rc = db_begin_write(db);
    if (rc == 0) {
        rc = survey_store_campaign_insert(db, c, 0, now);
        if (rc == 0 && (rc = survey_store_campaign_state(db, c->id, "open", now)) == 0)
            snprintf(c->state, sizeof c->state, "open");
        rc = db_commit_or_rollback(db, rc);
    }
    return rc;
}

static int
seed(struct db *db, long n, const char *path)
{
    struct org_unit u;
    if (org_unit_by_code(db, "51.05", &u) != 0) {
        fprintf(stderr, "survey_seed: run zona demo first (no unit 51.05)\n");
        return 1;
    }
    struct survey_campaign c;
    memset(&c, 0, sizeof c);
    int rc = find_campaign(db, &u, &c);
    bool reused = rc == 0;
    if (rc == ZE_NOTFOUND)
        rc = make_campaign(db, &u, &c);
    if (rc) {
        fprintf(stderr, "survey_seed: campaign: %s\n", db_errmsg(db));
        survey_campaign_clear(&c);
        return 1;
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        survey_campaign_clear(&c);
        return 1;
    }
    fprintf(f, "%s\n", c.public_id);
    double t0 = mono_s();
    long made = 0;
    json_t *codes = json_array();
    while (rc == 0 && made < n) {
        int k = n - made < BATCH ? (int)(n - made) : BATCH;
        json_array_clear(codes);
        if ((rc = db_begin_write(db)) != 0)
            break;
        rc = survey_codes_issue(db, c.id, k, bench_service, 0, clock_now_ms(), codes);
        if ((rc = db_commit_or_rollback(db, rc)) != 0)
            break;
        size_t i;
        json_t *x;
        json_array_foreach(codes, i, x) fprintf(f, "%s\n", json_string_value(x));
        made += k;
    }
    double dt = mono_s() - t0;
    json_decref(codes);
    if (fclose(f) != 0 && rc == 0) {
        perror(path);
        rc = ZE_IO;
    }
    if (rc) {
        fprintf(stderr, "survey_seed: codes: %s (%d)\n", db_errmsg(db), rc);
        survey_campaign_clear(&c);
        return 1;
    }
    printf("survey_seed: campaign %s (%s, unit %s, spak, access code, open), %ld codes issued in "
           "%.1f s (%.0f codes/s, %d to a transaction)\n",
           c.public_id, reused ? "reused" : "new", u.code, made, dt, dt > 0 ? made / dt : 0.0,
           BATCH);
    survey_campaign_clear(&c);
    return 0;
}

static int
count(struct db *db, const char *public_id)
{
    struct survey_campaign c;
    memset(&c, 0, sizeof c);
    int64_t n = 0, pending = 0, issued = 0, used = 0;
    int rc = survey_store_campaign_get(db, public_id, &c);
    if (rc == 0)
        rc = survey_store_counts(db, c.id, &n, &pending);
    if (rc == 0)
        rc = survey_codes_counts(db, c.id, &issued, &used);
    survey_campaign_clear(&c);
    if (rc) {
        fprintf(stderr, "survey_seed: campaign %s: %s (%d)\n", public_id, db_errmsg(db), rc);
        return 1;
    }
    printf("responses %lld codes_used %lld codes_issued %lld\n", (long long)n, (long long)used,
           (long long)issued);
    return 0;
}

int
main(int argc, char **argv)
{
    bool counting = argc == 3 && strcmp(argv[1], "-c") == 0;
    char *end = NULL;
    long n = argc == 3 && !counting ? strtol(argv[1], &end, 10) : 0;
    if (!counting && (n < 1 || !end || *end)) {
        fprintf(stderr, "usage: survey_seed N FILE | survey_seed -c PUBLIC_ID\n");
        return 2;
    }
    if (config_load() != 0)
        return 2;
    struct db *db;
    if (db_open(config_get()->db_url, &db) != 0 || migrate_run(db, NULL) != 0) {
        fprintf(stderr, "survey_seed: cannot open the database\n");
        return 1;
    }
    int rc = counting ? count(db, argv[2]) : seed(db, n, argv[2]);
    db_close(db);
    return rc;
}
