/* org_units: loading a unit tree from CSV (any agency's), or Bawaslu's from the shipped area
 * data. One transaction: a file with one bad line changes nothing. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth/auth.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/embed.h"
#include "core/err.h"
#include "db/db.h"
#include "org.h"
#include "org_store.h"

int
org_unit_by_code(struct db *db, const char *code, struct org_unit *u)
{
    return org_store_unit_get(db, code, 0, u);
}

int
org_unit_by_id(struct db *db, int64_t id, struct org_unit *u)
{
    return org_store_unit_get(db, NULL, id, u);
}

int
org_units_under(struct db *db, const char *prefix, const char *q, json_t *list)
{
    return org_store_units_under(db, prefix, q, list);
}

static int
col_index(const struct csv_row *h, const char *name)
{
    for (int i = 0; i < h->nfields; i++)
        if (strcasecmp(h->fields[i], name) == 0)
            return i;
    return -1;
}

static const char *
field(const struct csv_row *r, int i)
{
    return i >= 0 && i < r->nfields ? r->fields[i] : "";
}

/* Imports rows already parsed; the caller holds the write transaction. */
static int
import_rows(struct db *db, struct csv_row *rows, size_t n, int64_t actor_id, const char *actor,
            struct buf *err, int *added, int *updated)
{
    int64_t now = clock_now_ms();
    int problems = 0;
    if (n == 0) {
        buf_printf(err, "the file is empty\n");
        return ZE_INVAL;
    }
    const struct csv_row *h = &rows[0];
    int ci = col_index(h, "code"), ni = col_index(h, "name"), ti = col_index(h, "type"),
        pi = col_index(h, "parent"), ai = col_index(h, "address"), zi = col_index(h, "tz"),
        act = col_index(h, "active");
    if (ci < 0 || ni < 0 || ti < 0 || pi < 0) {
        buf_printf(err, "line 1: the header must name the columns code, name, type and parent "
                        "(address, tz and active are optional)\n");
        return ZE_INVAL;
    }
    for (size_t i = 1; i < n; i++) {
        const struct csv_row *r = &rows[i];
        const char *code = field(r, ci), *name = field(r, ni), *type = field(r, ti),
                   *parent = field(r, pi), *address = field(r, ai), *tz = field(r, zi),
                   *active_s = field(r, act);
        int line = r->line;
        if (!org_unit_code_ok(code)) {
            buf_printf(err, "line %d: the code '%s' is not valid (1-32 letters, digits, . - _)\n",
                       line, code);
            problems++;
            continue;
        }
        if (!*name || strlen(name) > 160) {
            buf_printf(err, "line %d: the name is missing or longer than 160 characters\n", line);
            problems++;
            continue;
        }
        if (!org_unit_type_ok(type)) {
            buf_printf(
                err,
                "line %d: the type '%s' is not one of pusat, provinsi, kabupaten, kota, unit\n",
                line, type);
            problems++;
            continue;
        }
        if (strlen(address) > 320) {
            buf_printf(err, "line %d: the address is longer than 320 characters\n", line);
            problems++;
            continue;
        }
        bool active = !*active_s || strcmp(active_s, "1") == 0 ||
                      strcasecmp(active_s, "true") == 0 || strcasecmp(active_s, "ya") == 0;
        struct org_unit p = {0}, cur;
        if (*parent && org_store_unit_get(db, parent, 0, &p) != 0) {
            buf_printf(err, "line %d: the parent unit '%s' does not exist (list parents first)\n",
                       line, parent);
            problems++;
            continue;
        }
        if (!*tz)
            tz = *parent ? p.tz : "WIB";
        if (strcmp(tz, "WIB") && strcmp(tz, "WITA") && strcmp(tz, "WIT")) {
            buf_printf(err, "line %d: the time zone '%s' is not WIB, WITA or WIT\n", line, tz);
            problems++;
            continue;
        }
        int rc;
        if (org_store_unit_get(db, code, 0, &cur) == 0) {
            /* columns the file does not have keep their values */
            if (ai < 0)
                address = cur.address;
            if (act < 0)
                active = cur.active;
            if (zi < 0 && !*field(r, zi))
                tz = cur.tz;
            bool same = strcmp(cur.name, name) == 0 && strcmp(cur.type, type) == 0 &&
                        strcmp(cur.address, address) == 0 && strcmp(cur.tz, tz) == 0 &&
                        cur.active == active && strcmp(cur.parent_code, parent) == 0;
            if (same)
                continue;
            if (*parent && strncmp(p.path, cur.path, strlen(cur.path)) == 0) {
                buf_printf(err, "line %d: '%s' cannot be placed under its own subtree\n", line,
                           code);
                problems++;
                continue;
            }
            rc = org_store_unit_update(db, cur.id, name, type, address, tz, active, now);
            if (!rc && p.id != cur.parent_id && *parent) {
                char np[300];
                snprintf(np, sizeof np, "%s%lld/", p.path, (long long)cur.id);
                rc = org_store_unit_move(db, cur.id, p.id, cur.path, np, now);
            }
            if (!rc) {
                json_t *before = json_pack("{s:s,s:s,s:s,s:s}", "name", cur.name, "type", cur.type,
                                           "parent", cur.parent_code, "tz", cur.tz);
                json_t *after = json_pack("{s:s,s:s,s:s,s:s}", "name", name, "type", type, "parent",
                                          parent, "tz", tz);
                struct audit_entry e = {actor_id, actor, cur.id, "unit.updated",
                                        "unit",   code,  before, after};
                rc = audit_append(db, &e);
                json_decref(before);
                json_decref(after);
                (*updated)++;
            }
        } else {
            int64_t id;
            rc = org_store_unit_insert(db, code, name, type, p.id, *parent ? p.path : "/", address,
                                       tz, active, now, &id);
            if (!rc) {
                json_t *after = json_pack("{s:s,s:s,s:s,s:s}", "name", name, "type", type, "parent",
                                          parent, "tz", tz);
                struct audit_entry e = {actor_id, actor, id,   "unit.created",
                                        "unit",   code,  NULL, after};
                rc = audit_append(db, &e);
                json_decref(after);
                (*added)++;
            }
        }
        if (rc) {
            buf_printf(err, "line %d: the database refused the row: %s\n", line, db_errmsg(db));
            problems++;
        }
    }
    return problems ? ZE_INVAL : 0;
}

int
org_unit_import(struct db *db, const char *csv, size_t len, int64_t actor_id, const char *actor,
                struct buf *err, int *added, int *updated)
{
    struct csv_row *rows;
    size_t n;
    *added = *updated = 0;
    int rc = csv_parse(csv, len, &rows, &n, err);
    if (rc)
        return rc;
    if ((rc = db_begin_write(db)) != 0) {
        csv_free(rows, n);
        return rc;
    }
    rc = import_rows(db, rows, n, actor_id, actor, err, added, updated);
    csv_free(rows, n);
    if (rc) {
        db_rollback(db);
        *added = *updated = 0;
        return rc;
    }
    return db_commit(db);
}

static const char *
zone_of(struct csv_row *tz, size_t ntz, const char *province)
{
    for (size_t i = 1; i < ntz; i++)
        if (tz[i].nfields >= 2 && strcmp(tz[i].fields[0], province) == 0)
            return tz[i].fields[1];
    return "WIB";
}

int
org_unit_import_bawaslu(struct db *db, int64_t actor_id, const char *actor, struct buf *err,
                        int *added, int *updated)
{
    struct embed_file fp, fr, ft;
    if (embed_get("data/areas/provinces.csv", &fp) || embed_get("data/areas/regencies.csv", &fr) ||
        embed_get("data/areas/timezones.csv", &ft)) {
        buf_printf(err, "data/areas/ is missing\n");
        return ZE_INVAL;
    }
    struct csv_row *pr = NULL, *rr = NULL, *tr = NULL;
    size_t np = 0, nr = 0, nt = 0;
    int rc = csv_parse((const char *)fp.data, fp.len, &pr, &np, err);
    if (!rc)
        rc = csv_parse((const char *)fr.data, fr.len, &rr, &nr, err);
    if (!rc)
        rc = csv_parse((const char *)ft.data, ft.len, &tr, &nt, err);
    struct buf csv = BUF_INIT;
    if (!rc) {
        buf_puts(&csv, "code,name,type,parent,tz\r\n");
        buf_puts(&csv, "RI,Bawaslu RI,pusat,,WIB\r\n");
        for (size_t i = 1; i < np; i++) {
            if (pr[i].nfields < 2)
                continue;
            buf_printf(&csv, "%s,", pr[i].fields[0]);
            struct buf name = BUF_INIT;
            buf_printf(&name, "Bawaslu Provinsi %s", pr[i].fields[1]);
            csv_cell(&csv, name.p, false);
            buf_free(&name);
            buf_printf(&csv, "provinsi,RI,%s\r\n", zone_of(tr, nt, pr[i].fields[0]));
        }
        for (size_t i = 1; i < nr; i++) {
            if (rr[i].nfields < 3)
                continue;
            const char *nm = rr[i].fields[2];
            bool city = strncmp(nm, "Kota ", 5) == 0;
            buf_printf(&csv, "%s,", rr[i].fields[0]);
            struct buf name = BUF_INIT;
            buf_printf(&name, "Bawaslu %s", nm);
            csv_cell(&csv, name.p, false);
            buf_printf(&csv, "%s,%s,%s\r\n", city ? "kota" : "kabupaten", rr[i].fields[1],
                       zone_of(tr, nt, rr[i].fields[1]));
            buf_free(&name);
        }
        rc = org_unit_import(db, csv.p, csv.len, actor_id, actor, err, added, updated);
    }
    buf_free(&csv);
    csv_free(pr, np);
    csv_free(rr, nr);
    csv_free(tr, nt);
    embed_release(&fp);
    embed_release(&fr);
    embed_release(&ft);
    return rc;
}
