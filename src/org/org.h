/* org: the unit tree (Bawaslu RI, provinces, regencies and cities, or any agency's own tree),
 * people and their transfers, and roles granted on unit subtrees. */
#ifndef ZONA_ORG_ORG_H
#define ZONA_ORG_ORG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct db;

/* --- pure rules (org_calc.c) --- */

/* Checks an NIP: 18 digits = birth date YYYYMMDD (a real date), appointment YYYYMM (a real
 * month, after the birth year), sex 1 or 2, a 3-digit sequence. Returns NULL or a message id. */
const char *org_nip_problem(const char *nip, int current_year);
/* True for the unit types zona knows: pusat, provinsi, kabupaten, kota, unit. */
bool org_unit_type_ok(const char *type);
/* A unit code: 1-32 characters of A-Z a-z 0-9 . - _ */
bool org_unit_code_ok(const char *code);
/* A plausible e-mail address (one @, a dot in the domain, no spaces), at most 160 bytes. */
bool org_email_ok(const char *email);

/* One parsed CSV record: fields point into the parser's copy. */
struct csv_row {
    int line; /* 1-based line where the record starts */
    char **fields;
    int nfields;
};
/* Parses RFC 4180 CSV (quotes, doubled quotes, CRLF or LF, a UTF-8 BOM skipped). Rows are owned
 * by the caller: csv_free. Returns 0, or ZE_INVAL with "line N: ..." in err. Pure; fuzzed. */
int csv_parse(const char *src, size_t len, struct csv_row **rows, size_t *n, struct buf *err);
void csv_free(struct csv_row *rows, size_t n);
/* Writes one CSV cell, quoted when needed, with a leading apostrophe for cells that a
 * spreadsheet would take as a formula (= + - @ tab CR). */
void csv_cell(struct buf *out, const char *s, bool last);

/* --- units (org_store.c, org_units.c) --- */

struct org_unit {
    int64_t id;
    char code[33];
    char name[161];
    char type[16];
    int64_t parent_id;
    char parent_code[33];
    char path[256];
    char address[321];
    char tz[8];
    bool active;
};

int org_unit_by_code(struct db *db, const char *code, struct org_unit *u);
int org_unit_by_id(struct db *db, int64_t id, struct org_unit *u);
/* Units whose path starts with prefix (and whose name or code contains q when not empty), in
 * path order: [{code, name, type, parent, tz, active, path, address}]. */
int org_units_under(struct db *db, const char *prefix, const char *q, json_t *list);

/* Imports units from CSV text (header: code,name,type,parent[,address][,tz][,active]): new
 * codes are added, known codes updated. All or nothing: problems are listed by line in err.
 * Audited with actor. *added and *updated count. */
int org_unit_import(struct db *db, const char *csv, size_t len, int64_t actor_id, const char *actor,
                    struct buf *err, int *added, int *updated);
/* Builds Bawaslu's tree (RI, 38 provinces, 514 regencies/cities) from data/areas/. */
int org_unit_import_bawaslu(struct db *db, int64_t actor_id, const char *actor, struct buf *err,
                            int *added, int *updated);

/* --- people (org_people.c) --- */

struct org_new_user {
    const char *nip, *name, *email, *position, *unit_code;
    const char *roles[16]; /* "koordinator-zi", "anggota-pokja:3" */
    int nroles;
    const char *password; /* NULL: a setup code is issued instead */
};

/* Creates a person with roles on their own unit, in one transaction, audited. On a problem
 * returns ZE_INVAL / ZE_CONFLICT with a message id in *why (and the field in *field). On success
 * *id is the new id and, without a password, code holds the one-time setup code. */
int org_user_create(struct db *db, const struct org_new_user *nu, int64_t actor_id,
                    const char *actor, int64_t *id, char *code, size_t codesz, const char **why,
                    const char **field);
/* Grants role (with area for anggota-pokja) on the unit; audited. why as above. */
int org_grant(struct db *db, int64_t user_id, const char *role, int area, int64_t unit_id,
              int64_t actor_id, const char *actor, const char **why);

/* Records a refused change (bad CSV, invalid person) in a transaction of its own, with why (a
 * message id or the import's problem list) in the entry. */
void org_audit_refusal(struct db *db, int64_t actor_id, const char *actor, int64_t unit_id,
                       const char *action, const char *why);

/* --- routes and demo --- */
struct req;
/* The scope a list page shows: ?lingkup=CODE when the caller holds perm there, else the first
 * unit at the top of their reach for perm. *roots_out (new reference, always set) lists those
 * top units. Returns 0 or ZE_FORBIDDEN (perm held nowhere). */
int org_scope(struct req *rq, const char *perm, struct org_unit *u, json_t **roots_out);
/* The router's resolver for routes about a unit: the unit named by the :code parameter, else by
 * the form field or query parameter "unit". 0 or ZE_NOTFOUND. */
int org_resolve_unit(struct req *rq, int64_t *unit);
void org_routes_register(void);
/* Creates the demo units and accounts (idempotent). Prints the accounts to out. */
int org_demo(struct db *db, struct buf *out);

#endif
