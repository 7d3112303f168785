/* org_routes: the home page after sign-in, the unit tree, people and their roles, the audit
 * trail, and GET /api/v1/units. The router has already checked the permission on the unit the
 * URL names; handlers check the units that forms name (a new parent, a target unit). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "auth/auth.h"
#include "auth/auth_routes.h"
#include "auth/frame.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/err.h"
#include "core/xmem.h"
#include "db/db.h"
#include "http/http.h"
#include "org.h"
#include "org_store.h"
#include "web/fmt.h"
#include "web/i18n.h"

enum { PAGE_SIZE = 50 };

/* --- helpers ---------------------------------------------------------------------------- */

static char *
id_str(struct req *rq, int64_t id)
{
    return arena_printf(rq->a, "%lld", (long long)id);
}

static json_t *
roots(struct req *rq, const char *perm)
{
    struct auth_ctx *c = auth_ctx(rq);
    return c ? acl_roots(c->grants, c->ngrants, perm) : json_array();
}

int
org_scope(struct req *rq, const char *perm, struct org_unit *u, json_t **roots_out)
{
    json_t *r = roots(rq, perm);
    *roots_out = r;
    const char *want = req_query(rq, "lingkup");
    if (want && org_unit_by_code(rq->db, want, u) == 0 && auth_may(rq, perm, u->path))
        return 0;
    if (json_array_size(r) == 0)
        return ZE_FORBIDDEN;
    return org_unit_by_code(rq->db,
                            json_string_value(json_object_get(json_array_get(r, 0), "code")), u);
}

static const char *
type_label(struct req *rq, const char *type)
{
    if (strcmp(type, "pusat") == 0)
        return frame_t(rq, N_("National office"));
    if (strcmp(type, "provinsi") == 0)
        return frame_t(rq, N_("Province"));
    if (strcmp(type, "kabupaten") == 0)
        return frame_t(rq, N_("Regency"));
    if (strcmp(type, "kota") == 0)
        return frame_t(rq, N_("City"));
    return frame_t(rq, N_("Unit"));
}

/* --- resolvers: the unit an URL is about ----------------------------------------------- */

int
org_resolve_unit(struct req *rq, int64_t *unit)
{
    struct org_unit u;
    const char *code = req_param(rq, "code");
    if (!code)
        code = req_field(rq, "unit");
    if (!code)
        code = req_query(rq, "unit");
    if (!code || org_unit_by_code(rq->db, code, &u) != 0)
        return ZE_NOTFOUND;
    *unit = u.id;
    return 0;
}

static int
resolve_user(struct req *rq, int64_t *unit)
{
    int64_t id;
    const char *p = req_param(rq, "id");
    if (!p || parse_i64(p, strlen(p), &id) != 0)
        return ZE_NOTFOUND;
    json_t *u = org_store_user_get(rq->db, id);
    if (!u)
        return ZE_NOTFOUND;
    *unit = json_integer_value(json_object_get(u, "unit_id"));
    json_decref(u);
    return 0;
}

static int64_t
param_id(struct req *rq, const char *name)
{
    int64_t id = 0;
    const char *p = req_param(rq, name);
    if (!p || parse_i64(p, strlen(p), &id) != 0)
        return 0;
    return id;
}

/* --- home after sign-in ------------------------------------------------------------------ */

static int
org_routes_get_home(struct req *rq, struct resp *rs)
{
    struct auth_ctx *c = auth_ctx(rq);
    json_t *roles = json_array();
    for (size_t i = 0; i < c->ngrants; i++) {
        json_t *r =
            json_pack("{s:s,s:s,s:s}", "label", acl_role_label(c->grants[i].role, rq->lang),
                      "unit_name", c->grants[i].unit_name, "unit_code", c->grants[i].unit_code);
        if (c->grants[i].area)
            json_object_set_new(r, "area", json_integer(c->grants[i].area));
        json_array_append_new(roles, r);
    }
    json_t *m = json_pack("{s:s,s:s,s:o,s:b,s:b,s:b,s:b,s:b}", "name", c->u.name, "unit_name",
                          c->u.unit_name, "roles", roles, "units",
                          acl_allows_somewhere(c->grants, c->ngrants, "unit.read"), "people",
                          acl_allows_somewhere(c->grants, c->ngrants, "user.read"), "audit",
                          acl_allows_somewhere(c->grants, c->ngrants, "audit.read"), "manage",
                          acl_allows_somewhere(c->grants, c->ngrants, "user.manage"), "lke",
                          acl_allows_somewhere(c->grants, c->ngrants, "lke.read"));
    return frame_render(rq, rs, 200, "org/home", N_("Home"), m);
}

/* --- units ----------------------------------------------------------------------------- */

static int
by_code(const void *a, const void *b)
{
    const char *x = json_string_value(json_object_get(*(json_t *const *)a, "code"));
    const char *y = json_string_value(json_object_get(*(json_t *const *)b, "code"));
    return strcmp(x ? x : "", y ? y : "");
}

/* Paths hold ids, so path order is not code order: siblings are sorted by code here. */
static void
sort_tree(json_t *list)
{
    size_t n = json_array_size(list);
    if (n == 0)
        return;
    json_t **items = xcalloc(n, sizeof(json_t *));
    for (size_t i = 0; i < n; i++) {
        items[i] = json_incref(json_array_get(list, i));
        json_t *kids = json_object_get(items[i], "children");
        json_object_set_new(items[i], "has_children", json_boolean(json_array_size(kids) > 0));
        sort_tree(kids);
    }
    qsort(items, n, sizeof(json_t *), by_code);
    json_array_clear(list);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, items[i]);
    free(items);
}

/* Nests a path-ordered flat list into a tree of {…, children: []}, siblings in code order. */
static json_t *
nest(json_t *flat)
{
    json_t *top = json_array();
    json_t *stack[16];
    int depth = 0;
    size_t i;
    json_t *u;
    json_array_foreach(flat, i, u)
    {
        const char *path = json_string_value(json_object_get(u, "path"));
        while (depth > 0) {
            const char *pp = json_string_value(json_object_get(stack[depth - 1], "path"));
            if (strncmp(path, pp, strlen(pp)) == 0)
                break;
            depth--;
        }
        json_t *node = json_deep_copy(u);
        json_object_set_new(node, "children", json_array());
        json_t *into = depth ? json_object_get(stack[depth - 1], "children") : top;
        json_array_append_new(into, node);
        if (depth < 16)
            stack[depth++] = node;
    }
    sort_tree(top);
    return top;
}

static void
decorate_units(struct req *rq, json_t *list)
{
    size_t i;
    json_t *u;
    json_array_foreach(list, i, u)
    {
        json_object_set_new(
            u, "type_label",
            json_string(type_label(rq, json_string_value(json_object_get(u, "type")))));
        json_object_set_new(
            u, "href",
            json_string(arena_printf(rq->a, "/admin/unit/%s",
                                     json_string_value(json_object_get(u, "code")))));
    }
}

static int
org_routes_get_units(struct req *rq, struct resp *rs)
{
    struct org_unit top;
    json_t *rts;
    int rc = org_scope(rq, "unit.read", &top, &rts);
    if (rc) {
        json_decref(rts);
        return rc;
    }
    const char *q = req_query(rq, "q");
    if (!q)
        q = "";
    json_t *flat = json_array();
    org_store_units_under(rq->db, top.path, q, flat);
    decorate_units(rq, flat);
    json_t *m = json_pack("{s:s,s:s,s:s,s:o,s:I,s:b}", "q", q, "scope_code", top.code, "scope_name",
                          top.name, "scopes", rts, "count", (json_int_t)json_array_size(flat),
                          "searching", *q != '\0');
    json_object_set_new(m, "tree", *q ? json_incref(flat) : nest(flat));
    json_object_set_new(m, "many_scopes", json_boolean(json_array_size(rts) > 1));
    json_decref(flat);
    return frame_render(rq, rs, 200, "org/units", N_("Units"), m);
}

static int
unit_page(struct req *rq, struct resp *rs, int status, const struct org_unit *u, json_t *errors,
          json_t *values)
{
    int64_t children = 0, people = 0;
    org_store_unit_counts(rq->db, u->id, &children, &people);
    json_t *kids = json_array();
    /* direct children only: path = own path + id + "/" */
    json_t *all = json_array();
    org_store_units_under(rq->db, u->path, "", all);
    size_t i;
    json_t *k;
    size_t pl = strlen(u->path);
    json_array_foreach(all, i, k)
    {
        const char *p = json_string_value(json_object_get(k, "path"));
        const char *rest = p + pl;
        if (strlen(p) > pl && strchr(rest, '/') == rest + strlen(rest) - 1)
            json_array_append(kids, k);
    }
    json_decref(all);
    decorate_units(rq, kids);
    json_t *m =
        json_pack("{s:{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b},s:o,s:I,s:I,s:b,s:s,s:b}", "unit", "code",
                  u->code, "name", u->name, "type", u->type, "type_label", type_label(rq, u->type),
                  "parent", u->parent_code, "address", u->address, "tz", u->tz, "active", u->active,
                  "children", kids, "children_active", (json_int_t)children, "people",
                  (json_int_t)people, "can_manage", auth_may(rq, "unit.manage", u->path), "csrf",
                  csrf_token(rq, rs), "is_root", u->parent_id == 0);
    json_object_set_new(m, "types",
                        json_pack("[{s:s,s:s},{s:s,s:s},{s:s,s:s},{s:s,s:s},{s:s,s:s}]", "value",
                                  "pusat", "label", type_label(rq, "pusat"), "value", "provinsi",
                                  "label", type_label(rq, "provinsi"), "value", "kabupaten",
                                  "label", type_label(rq, "kabupaten"), "value", "kota", "label",
                                  type_label(rq, "kota"), "value", "unit", "label",
                                  type_label(rq, "unit")));
    size_t ti;
    json_t *t;
    json_array_foreach(json_object_get(m, "types"), ti, t) json_object_set_new(
        t, "selected",
        json_boolean(strcmp(json_string_value(json_object_get(t, "value")), u->type) == 0));
    json_object_set_new(m, "zones",
                        json_pack("[{s:s,s:b},{s:s,s:b},{s:s,s:b}]", "value", "WIB", "selected",
                                  strcmp(u->tz, "WIB") == 0, "value", "WITA", "selected",
                                  strcmp(u->tz, "WITA") == 0, "value", "WIT", "selected",
                                  strcmp(u->tz, "WIT") == 0));
    struct org_unit parent;
    if (u->parent_id && org_unit_by_id(rq->db, u->parent_id, &parent) == 0) {
        json_object_set_new(m, "parent_name", json_string(parent.name));
        json_object_set_new(m, "parent_visible",
                            json_boolean(auth_may(rq, "unit.read", parent.path)));
    }
    if (errors)
        json_object_set_new(m, "errors", errors);
    json_object_set_new(m, "values", values ? values : json_object());
    return frame_render(rq, rs, status, "org/unit", N_("Unit"), m);
}

static int
org_routes_get_unit(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    if (org_unit_by_code(rq->db, req_param(rq, "code"), &u) != 0)
        return ZE_NOTFOUND;
    return unit_page(rq, rs, 200, &u, NULL, NULL);
}

static int
unit_error(struct req *rq, struct resp *rs, const struct org_unit *u, const char *field,
           const char *msg)
{
    json_t *e = json_object();
    json_object_set_new(e, field, json_string(frame_t(rq, msg)));
    json_t *values = json_object();
    for (int i = 0; i < rq->nfields; i++)
        if (strcmp(rq->fields[i].name, "csrf") != 0)
            json_object_set_new(values, rq->fields[i].name, json_string(rq->fields[i].value));
    return unit_page(rq, rs, 422, u, e, values);
}

static bool
zone_ok(const char *tz)
{
    return strcmp(tz, "WIB") == 0 || strcmp(tz, "WITA") == 0 || strcmp(tz, "WIT") == 0;
}

static int
org_routes_post_unit(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    if (org_unit_by_code(rq->db, req_param(rq, "code"), &u) != 0)
        return ZE_NOTFOUND;
    const char *name = req_field_trimmed(rq, "name"), *type = req_field_trimmed(rq, "type"),
               *address = req_field_trimmed(rq, "address"), *tz = req_field_trimmed(rq, "tz");
    if (!*name || strlen(name) > 160)
        return unit_error(rq, rs, &u, "name",
                          N_("Please enter the name (at most 160 characters)."));
    if (!org_unit_type_ok(type))
        return unit_error(rq, rs, &u, "type", N_("Choose a unit type."));
    if (strlen(address) > 320)
        return unit_error(rq, rs, &u, "address", N_("The address is longer than 320 characters."));
    if (!zone_ok(tz))
        return unit_error(rq, rs, &u, "tz", N_("Choose WIB, WITA or WIT."));
    int rc = db_begin_write(rq->db);
    if (!rc)
        rc = org_store_unit_update(rq->db, u.id, name, type, address, tz, u.active, clock_now_ms());
    if (!rc) {
        json_t *before = json_pack("{s:s,s:s,s:s,s:s}", "name", u.name, "type", u.type, "address",
                                   u.address, "tz", u.tz);
        json_t *after = json_pack("{s:s,s:s,s:s,s:s}", "name", name, "type", type, "address",
                                  address, "tz", tz);
        rc = audit_request(rq, "unit.updated", u.id, "unit", u.code, before, after);
        json_decref(before);
        json_decref(after);
    }
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "/admin/unit/%s", u.code), "unit_saved");
}

static int
org_routes_post_unit_move(struct req *rq, struct resp *rs)
{
    struct org_unit u, p;
    if (org_unit_by_code(rq->db, req_param(rq, "code"), &u) != 0)
        return ZE_NOTFOUND;
    const char *parent = req_field_trimmed(rq, "parent");
    if (u.parent_id == 0)
        return unit_error(rq, rs, &u, "parent", N_("The top unit of the tree cannot be moved."));
    if (org_unit_by_code(rq->db, parent, &p) != 0 || !p.active ||
        !auth_may(rq, "unit.manage", p.path))
        return unit_error(
            rq, rs, &u, "parent",
            N_("The new parent unit does not exist or is outside the units you manage."));
    if (strncmp(p.path, u.path, strlen(u.path)) == 0)
        return unit_error(rq, rs, &u, "parent", N_("A unit cannot be moved under itself."));
    char np[300];
    snprintf(np, sizeof np, "%s%lld/", p.path, (long long)u.id);
    int rc = db_begin_write(rq->db);
    if (!rc)
        rc = org_store_unit_move(rq->db, u.id, p.id, u.path, np, clock_now_ms());
    if (!rc) {
        json_t *before = json_pack("{s:s}", "parent", u.parent_code);
        json_t *after = json_pack("{s:s}", "parent", p.code);
        rc = audit_request(rq, "unit.moved", u.id, "unit", u.code, before, after);
        json_decref(before);
        json_decref(after);
    }
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "/admin/unit/%s", u.code), "unit_saved");
}

static int
org_routes_post_unit_archive(struct req *rq, struct resp *rs)
{
    struct org_unit u;
    if (org_unit_by_code(rq->db, req_param(rq, "code"), &u) != 0)
        return ZE_NOTFOUND;
    bool archive = strcmp(req_field_trimmed(rq, "aksi"), "pulihkan") != 0;
    int64_t children = 0, people = 0;
    org_store_unit_counts(rq->db, u.id, &children, &people);
    if (archive && u.parent_id == 0)
        return unit_error(rq, rs, &u, "archive",
                          N_("The top unit of the tree cannot be archived."));
    if (archive && children > 0)
        return unit_error(rq, rs, &u, "archive", N_("Archive the units below it first."));
    struct auth_ctx *c = auth_ctx(rq);
    for (size_t i = 0; archive && i < c->ngrants; i++)
        if (c->grants[i].unit_id == u.id && acl_role_has(c->grants[i].role, "unit.manage"))
            return unit_error(rq, rs, &u, "archive",
                              N_("You cannot archive the unit your own role is held on."));
    if (!archive && u.parent_id) {
        struct org_unit p;
        if (org_unit_by_id(rq->db, u.parent_id, &p) == 0 && !p.active)
            return unit_error(rq, rs, &u, "archive", N_("Restore the unit above it first."));
    }
    int rc = db_begin_write(rq->db);
    if (!rc)
        rc = org_store_unit_update(rq->db, u.id, u.name, u.type, u.address, u.tz, !archive,
                                   clock_now_ms());
    if (!rc) {
        json_t *before = json_pack("{s:b}", "active", u.active);
        json_t *after = json_pack("{s:b}", "active", !archive);
        rc = audit_request(rq, archive ? "unit.archived" : "unit.restored", u.id, "unit", u.code,
                           before, after);
        json_decref(before);
        json_decref(after);
    }
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "/admin/unit/%s", u.code), "unit_saved");
}

static int
org_routes_post_unit_child(struct req *rq, struct resp *rs)
{
    struct org_unit u, exists;
    if (org_unit_by_code(rq->db, req_param(rq, "code"), &u) != 0)
        return ZE_NOTFOUND;
    const char *code = req_field_trimmed(rq, "new_code"), *name = req_field_trimmed(rq, "new_name"),
               *type = req_field_trimmed(rq, "new_type"),
               *address = req_field_trimmed(rq, "new_address"),
               *tz = req_field_trimmed(rq, "new_tz");
    if (!*tz)
        tz = u.tz;
    if (!u.active)
        return unit_error(rq, rs, &u, "new_code",
                          N_("An archived unit cannot have new units below it."));
    if (!org_unit_code_ok(code))
        return unit_error(
            rq, rs, &u, "new_code",
            N_("The code must be 1 to 32 letters, digits, dots, dashes or underscores."));
    if (org_unit_by_code(rq->db, code, &exists) == 0)
        return unit_error(rq, rs, &u, "new_code", N_("A unit with this code already exists."));
    if (!*name || strlen(name) > 160)
        return unit_error(rq, rs, &u, "new_name",
                          N_("Please enter the name (at most 160 characters)."));
    if (!org_unit_type_ok(type))
        return unit_error(rq, rs, &u, "new_type", N_("Choose a unit type."));
    if (strlen(address) > 320)
        return unit_error(rq, rs, &u, "new_address",
                          N_("The address is longer than 320 characters."));
    if (!zone_ok(tz))
        return unit_error(rq, rs, &u, "new_tz", N_("Choose WIB, WITA or WIT."));
    int64_t id;
    int rc = db_begin_write(rq->db);
    if (!rc)
        rc = org_store_unit_insert(rq->db, code, name, type, u.id, u.path, address, tz, true,
                                   clock_now_ms(), &id);
    if (!rc) {
        json_t *after =
            json_pack("{s:s,s:s,s:s,s:s}", "name", name, "type", type, "parent", u.code, "tz", tz);
        rc = audit_request(rq, "unit.created", id, "unit", code, NULL, after);
        json_decref(after);
    }
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "/admin/unit/%s", code), "unit_created");
}

/* --- people ------------------------------------------------------------------------------ */

static int
org_routes_get_people(struct req *rq, struct resp *rs)
{
    struct org_unit top;
    json_t *rts;
    int rc = org_scope(rq, "user.read", &top, &rts);
    if (rc) {
        json_decref(rts);
        return rc;
    }
    const char *q = req_query(rq, "q");
    if (!q)
        q = "";
    int64_t page = 1;
    const char *ps = req_query(rq, "halaman");
    if (ps && (parse_i64(ps, strlen(ps), &page) != 0 || page < 1 || page > 100000))
        page = 1;
    json_t *list = json_array();
    int64_t total = 0;
    org_store_users_under(rq->db, top.path, q, PAGE_SIZE, (int)((page - 1) * PAGE_SIZE), list,
                          &total);
    int64_t pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    json_t *m =
        json_pack("{s:s,s:s,s:s,s:o,s:o,s:I,s:I,s:I,s:b,s:b}", "q", q, "scope_code", top.code,
                  "scope_name", top.name, "scopes", rts, "people", list, "total", (json_int_t)total,
                  "page", (json_int_t)page, "pages", (json_int_t)pages, "can_manage",
                  auth_may(rq, "user.manage", top.path), "many_scopes", json_array_size(rts) > 1);
    if (page > 1)
        json_object_set_new(m, "prev", json_integer(page - 1));
    if (page < pages)
        json_object_set_new(m, "next", json_integer(page + 1));
    return frame_render(rq, rs, 200, "org/people", N_("People"), m);
}

/* Units where the caller holds perm, for a select box. */
static json_t *
unit_options(struct req *rq, const char *perm, const char *selected)
{
    json_t *rts = roots(rq, perm), *out = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rts, i, r)
    {
        json_t *flat = json_array();
        org_store_units_under(rq->db, json_string_value(json_object_get(r, "path")), "", flat);
        size_t k;
        json_t *u;
        json_array_foreach(flat, k, u)
        {
            if (!json_is_true(json_object_get(u, "active")))
                continue;
            const char *code = json_string_value(json_object_get(u, "code"));
            json_array_append_new(out,
                                  json_pack("{s:s,s:s,s:b}", "code", code, "name",
                                            json_string_value(json_object_get(u, "name")),
                                            "selected", selected && strcmp(code, selected) == 0));
        }
        json_decref(flat);
    }
    json_decref(rts);
    return out;
}

static json_t *
role_options(struct req *rq, const char *selected)
{
    const char *names[64];
    size_t n = acl_roles(names, 64);
    struct auth_ctx *c = auth_ctx(rq);
    bool sysadmin = false;
    for (size_t i = 0; i < c->ngrants; i++)
        if (strcmp(c->grants[i].role, "admin-sistem") == 0)
            sysadmin = true;
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i], "admin-sistem") == 0 && !sysadmin)
            continue;
        json_array_append_new(out, json_pack("{s:s,s:s,s:b,s:b}", "value", names[i], "label",
                                             acl_role_label(names[i], rq->lang), "selected",
                                             selected && strcmp(selected, names[i]) == 0, "area",
                                             acl_role_needs_area(names[i])));
    }
    return out;
}

static int
new_person_page(struct req *rq, struct resp *rs, int status, json_t *errors)
{
    json_t *values = json_object();
    for (int i = 0; i < rq->nfields; i++)
        if (strcmp(rq->fields[i].name, "csrf") != 0)
            json_object_set_new(values, rq->fields[i].name, json_string(rq->fields[i].value));
    const char *unit = req_field(rq, "unit");
    if (!unit)
        unit = req_query(rq, "unit");
    json_t *m = json_pack("{s:s,s:o,s:o,s:o}", "csrf", csrf_token(rq, rs), "units",
                          unit_options(rq, "user.manage", unit), "roles",
                          role_options(rq, req_field(rq, "role")), "values", values);
    if (errors)
        json_object_set_new(m, "errors", errors);
    return frame_render(rq, rs, status, "org/person_new", N_("Add a person"), m);
}

static int
org_routes_get_person_new(struct req *rq, struct resp *rs)
{
    return new_person_page(rq, rs, 200, NULL);
}

static int
code_page(struct req *rq, struct resp *rs, int64_t user_id, const char *name, const char *code,
          const char *kind)
{
    const char *base = config_get()->public_url;
    const char *host = req_header(rq, "Host");
    char *origin = base && *base
                       ? arena_strdup(rq->a, base)
                       : arena_printf(rq->a, "%s://%s", rq->https ? "https" : "http",
                                      host && !strpbrk(host, "\"<> ") ? host : "localhost");
    json_t *m = json_pack("{s:I,s:s,s:s,s:s,s:b}", "id", (json_int_t)user_id, "name", name, "code",
                          code, "link", arena_printf(rq->a, "%s/sandi?kode=%s", origin, code),
                          "reset", strcmp(kind, "reset") == 0);
    int rc = frame_render(rq, rs, 200, "org/person_code", N_("One-time code"), m);
    rs->no_store = true; /* the code must not stay in a browser cache */
    return rc;
}

static int
org_routes_post_person_new(struct req *rq, struct resp *rs)
{
    const char *unit_code = req_field_trimmed(rq, "unit");
    const char *role = req_field_trimmed(rq, "role");
    const char *area = req_field_trimmed(rq, "area");
    struct org_unit unit;
    if (org_unit_by_code(rq->db, unit_code, &unit) != 0 ||
        !auth_may(rq, "user.manage", unit.path)) {
        json_t *e = json_pack("{s:s}", "unit", frame_t(rq, N_("Choose a unit you manage.")));
        return new_person_page(rq, rs, 422, e);
    }
    char spec[64] = "";
    if (*role) {
        if (!auth_may(rq, "role.grant", unit.path) ||
            (strcmp(role, "admin-sistem") == 0 && !auth_may(rq, "role.grant", "/"))) {
            json_t *e = json_pack("{s:s}", "role", frame_t(rq, N_("You may not grant this role.")));
            return new_person_page(rq, rs, 422, e);
        }
        int64_t a = 0;
        if (acl_role_needs_area(role) &&
            (parse_i64(area, strlen(area), &a) != 0 || a < 1 || a > 6)) {
            json_t *e = json_pack("{s:s}", "area",
                                  frame_t(rq, N_("The change area must be a number from 1 to 6.")));
            return new_person_page(rq, rs, 422, e);
        }
        snprintf(spec, sizeof spec, "%s%s%s", role, acl_role_needs_area(role) ? ":" : "",
                 acl_role_needs_area(role) ? area : "");
    }
    struct org_new_user nu = {.nip = req_field_trimmed(rq, "nip"),
                              .name = req_field_trimmed(rq, "name"),
                              .email = req_field_trimmed(rq, "email"),
                              .position = req_field_trimmed(rq, "position"),
                              .unit_code = unit_code,
                              .roles = {spec},
                              .nroles = *role ? 1 : 0};
    struct auth_ctx *c = auth_ctx(rq);
    int64_t id;
    char code[32];
    const char *why, *field;
    int rc = db_begin_write(rq->db);
    if (rc)
        return rc;
    rc = org_user_create(rq->db, &nu, c->u.id, c->u.name, &id, code, sizeof code, &why, &field);
    if (rc) {
        db_rollback(rq->db);
        if (!why)
            return rc;
        org_audit_refusal(rq->db, c->u.id, c->u.name, unit.id, "user.create_refused", why);
        json_t *e = json_object();
        json_object_set_new(e, field ? field : "form", json_string(frame_t(rq, why)));
        return new_person_page(rq, rs, 422, e);
    }
    if ((rc = db_commit(rq->db)) != 0)
        return rc;
    return code_page(rq, rs, id, nu.name, code, "setup");
}

static int
import_page(struct req *rq, struct resp *rs, int status, json_t *extra)
{
    json_t *m = json_pack("{s:s}", "csrf", csrf_token(rq, rs));
    if (extra)
        json_object_update(m, extra);
    json_decref(extra);
    int rc = frame_render(rq, rs, status, "org/person_import", N_("Import people"), m);
    rs->no_store = true;
    return rc;
}

static int
org_routes_get_person_import(struct req *rq, struct resp *rs)
{
    return import_page(rq, rs, 200, NULL);
}

static int
org_routes_post_person_import(struct req *rq, struct resp *rs)
{
    const struct upload *f = req_file(rq, "berkas");
    json_t *problems = json_array();
    if (!f || f->size == 0 || f->size > 5 * 1024 * 1024) {
        json_array_append_new(problems,
                              json_string(frame_t(rq, N_("Choose a CSV file of at most 5 MB."))));
        return import_page(rq, rs, 422, json_pack("{s:o}", "problems", problems));
    }
    struct buf text = BUF_INIT;
    char tmp[65536];
    ssize_t n;
    lseek(f->fd, 0, SEEK_SET);
    while ((n = read(f->fd, tmp, sizeof tmp)) > 0)
        buf_append(&text, tmp, (size_t)n);
    struct csv_row *rows = NULL;
    size_t nr = 0;
    struct buf err = BUF_INIT;
    if (csv_parse(buf_cstr(&text), text.len, &rows, &nr, &err) != 0 || nr < 2) {
        json_array_append_new(
            problems,
            json_string(
                err.len ? arena_printf(rq->a, "%s (%s)",
                                       frame_t(rq, N_("The file could not be read as CSV.")), err.p)
                        : frame_t(rq, N_("The file has no rows below its header."))));
        buf_free(&text);
        buf_free(&err);
        csv_free(rows, nr);
        return import_page(rq, rs, 422, json_pack("{s:o}", "problems", problems));
    }
    buf_free(&text);
    const struct csv_row *h = &rows[0];
    int col[6] = {-1, -1, -1, -1, -1, -1};
    static const char *names[6] = {"nip", "name", "email", "position", "unit", "roles"};
    for (int i = 0; i < h->nfields; i++)
        for (int k = 0; k < 6; k++)
            if (strcasecmp(h->fields[i], names[k]) == 0)
                col[k] = i;
    if (col[0] < 0 || col[1] < 0 || col[2] < 0 || col[4] < 0) {
        json_array_append_new(
            problems,
            json_string(frame_t(
                rq,
                N_("Line 1: the header must name the columns nip, name, email and unit (position and roles are optional)."))));
        csv_free(rows, nr);
        buf_free(&err);
        return import_page(rq, rs, 422, json_pack("{s:o}", "problems", problems));
    }
    struct auth_ctx *c = auth_ctx(rq);
    json_t *created = json_array();
    int rc = db_begin_write(rq->db);
    for (size_t i = 1; i < nr && !rc; i++) {
        const struct csv_row *r = &rows[i];
#define COL(k) (col[k] >= 0 && col[k] < r->nfields ? r->fields[col[k]] : "")
        struct org_unit unit;
        if (org_unit_by_code(rq->db, COL(4), &unit) != 0 ||
            !auth_may(rq, "user.manage", unit.path)) {
            json_array_append_new(
                problems,
                json_string(arena_printf(rq->a, "%s %d: %s", frame_t(rq, N_("Line")), r->line,
                                         frame_t(rq, N_("Choose a unit you manage.")))));
            continue;
        }
        struct org_new_user nu = {.nip = COL(0),
                                  .name = COL(1),
                                  .email = COL(2),
                                  .position = COL(3),
                                  .unit_code = COL(4)};
        char *roles = arena_strdup(rq->a, COL(5));
        for (char *save = NULL, *t = strtok_r(roles, ";| ", &save); t && nu.nroles < 16;
             t = strtok_r(NULL, ";| ", &save))
            nu.roles[nu.nroles++] = t;
        if (nu.nroles && !auth_may(rq, "role.grant", unit.path)) {
            json_array_append_new(
                problems,
                json_string(arena_printf(rq->a, "%s %d: %s", frame_t(rq, N_("Line")), r->line,
                                         frame_t(rq, N_("You may not grant this role.")))));
            continue;
        }
        int64_t id;
        char code[32];
        const char *why = NULL, *field = NULL;
        int urc =
            org_user_create(rq->db, &nu, c->u.id, c->u.name, &id, code, sizeof code, &why, &field);
        if (urc && !why) {
            rc = urc;
            break;
        }
        if (urc) {
            json_array_append_new(
                problems, json_string(arena_printf(rq->a, "%s %d: %s", frame_t(rq, N_("Line")),
                                                   r->line, frame_t(rq, why))));
            continue;
        }
        json_array_append_new(
            created, json_pack("{s:s,s:s,s:s}", "nip", nu.nip, "name", nu.name, "code", code));
#undef COL
    }
    csv_free(rows, nr);
    buf_free(&err);
    if (rc || json_array_size(problems)) {
        db_rollback(rq->db);
        json_decref(created);
        if (rc)
            return rc;
        org_audit_refusal(rq->db, c->u.id, c->u.name, c->u.unit_id, "user.import_refused",
                          json_string_value(json_array_get(problems, 0)));
        return import_page(rq, rs, 422, json_pack("{s:o}", "problems", problems));
    }
    json_decref(problems);
    if ((rc = db_commit(rq->db)) != 0) {
        json_decref(created);
        return rc;
    }
    return import_page(
        rq, rs, 200,
        json_pack("{s:o,s:I}", "created", created, "count", (json_int_t)json_array_size(created)));
}

static int
person_page(struct req *rq, struct resp *rs, int status, int64_t id, json_t *errors)
{
    json_t *u = org_store_user_get(rq->db, id);
    if (!u)
        return ZE_NOTFOUND;
    const char *path = json_string_value(json_object_get(u, "unit_path"));
    json_t *grants = json_array(), *history = json_array();
    org_store_grants_of(rq->db, id, grants);
    org_store_user_history(rq->db, id, history);
    struct auth_ctx *c = auth_ctx(rq);
    const char *tz = c->u.unit_tz;
    size_t i;
    json_t *g;
    json_array_foreach(grants, i, g)
    {
        json_object_set_new(
            g, "label",
            json_string(acl_role_label(json_string_value(json_object_get(g, "role")), rq->lang)));
        json_object_set_new(
            g, "granted", frame_when(rq, json_integer_value(json_object_get(g, "granted_at")), tz));
        json_object_set_new(
            g, "revoked", frame_when(rq, json_integer_value(json_object_get(g, "revoked_at")), tz));
    }
    json_array_foreach(history, i, g)
    {
        json_object_set_new(
            g, "started", frame_when(rq, json_integer_value(json_object_get(g, "started_at")), tz));
        json_object_set_new(g, "ended",
                            frame_when(rq, json_integer_value(json_object_get(g, "ended_at")), tz));
    }
    json_t *values = json_object();
    for (int k = 0; k < rq->nfields; k++)
        if (strcmp(rq->fields[k].name, "csrf") != 0)
            json_object_set_new(values, rq->fields[k].name, json_string(rq->fields[k].value));
    json_t *m = json_pack(
        "{s:o,s:o,s:o,s:b,s:b,s:s,s:o,s:o,s:o}", "person", u, "grants", grants, "history", history,
        "can_manage", auth_may(rq, "user.manage", path), "can_grant",
        auth_may(rq, "role.grant", path), "csrf", csrf_token(rq, rs), "roles",
        role_options(rq, req_field(rq, "role")), "units",
        unit_options(rq, "role.grant", json_string_value(json_object_get(u, "unit_code"))),
        "values", values);
    json_object_set_new(m, "move_units", unit_options(rq, "user.manage", NULL));
    if (errors)
        json_object_set_new(m, "errors", errors);
    return frame_render(rq, rs, status, "org/person", N_("Person"), m);
}

static int
org_routes_get_person(struct req *rq, struct resp *rs)
{
    return person_page(rq, rs, 200, param_id(rq, "id"), NULL);
}

static int
person_error(struct req *rq, struct resp *rs, int64_t id, const char *field, const char *msg)
{
    json_t *e = json_object();
    json_object_set_new(e, field, json_string(frame_t(rq, msg)));
    return person_page(rq, rs, 422, id, e);
}

static int
org_routes_post_person(struct req *rq, struct resp *rs)
{
    int64_t id = param_id(rq, "id");
    json_t *u = org_store_user_get(rq->db, id);
    if (!u)
        return ZE_NOTFOUND;
    const char *name = req_field_trimmed(rq, "name"), *email = req_field_trimmed(rq, "email"),
               *position = req_field_trimmed(rq, "position");
    int rc = 0;
    const char *field = NULL, *msg = NULL;
    bool nip_taken, email_taken;
    if (!*name || strlen(name) > 160) {
        field = "name";
        msg = N_("Please enter the name (at most 160 characters).");
    } else if (!org_email_ok(email)) {
        field = "email";
        msg = N_("Please enter a valid e-mail address.");
    } else if (strlen(position) > 160) {
        field = "position";
        msg = N_("The position is longer than 160 characters.");
    } else if (org_store_user_exists(rq->db, "", email, id, &nip_taken, &email_taken) == 0 &&
               email_taken) {
        field = "email";
        msg = N_("Someone with this e-mail address already has an account.");
    }
    if (field) {
        json_decref(u);
        return person_error(rq, rs, id, field, msg);
    }
    rc = db_begin_write(rq->db);
    if (!rc)
        rc = org_store_user_update(rq->db, id, name, email, position, clock_now_ms());
    if (!rc) {
        json_t *before =
            json_pack("{s:O,s:O,s:O}", "name", json_object_get(u, "name"), "email",
                      json_object_get(u, "email"), "position", json_object_get(u, "position"));
        json_t *after =
            json_pack("{s:s,s:s,s:s}", "name", name, "email", email, "position", position);
        rc = audit_request(rq, "user.updated", json_integer_value(json_object_get(u, "unit_id")),
                           "user", id_str(rq, id), before, after);
        json_decref(before);
        json_decref(after);
    }
    json_decref(u);
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "/admin/pengguna/%lld", (long long)id),
                          "user_saved");
}

static int
org_routes_post_grant(struct req *rq, struct resp *rs)
{
    int64_t id = param_id(rq, "id");
    const char *role = req_field_trimmed(rq, "role"), *unit_code = req_field_trimmed(rq, "unit"),
               *area_s = req_field_trimmed(rq, "area");
    struct org_unit unit;
    if (org_unit_by_code(rq->db, unit_code, &unit) != 0 || !unit.active ||
        !auth_may(rq, "role.grant", unit.path))
        return person_error(rq, rs, id, "unit", N_("Choose a unit where you may grant roles."));
    if (strcmp(role, "admin-sistem") == 0 && !auth_may(rq, "role.grant", "/"))
        return person_error(rq, rs, id, "role", N_("You may not grant this role."));
    bool sysadmin = false;
    struct auth_ctx *c = auth_ctx(rq);
    for (size_t i = 0; i < c->ngrants; i++)
        if (strcmp(c->grants[i].role, "admin-sistem") == 0)
            sysadmin = true;
    if (strcmp(role, "admin-sistem") == 0 && !sysadmin)
        return person_error(rq, rs, id, "role", N_("You may not grant this role."));
    int64_t area = 0;
    if (acl_role_needs_area(role) &&
        (parse_i64(area_s, strlen(area_s), &area) != 0 || area < 1 || area > 6))
        return person_error(rq, rs, id, "area",
                            N_("The change area must be a number from 1 to 6."));
    const char *why = NULL;
    int rc = db_begin_write(rq->db);
    if (!rc)
        rc = org_grant(rq->db, id, role, (int)area, unit.id, c->u.id, c->u.name, &why);
    if (rc) {
        db_rollback(rq->db);
        if (why)
            return person_error(rq, rs, id, "role", why);
        return rc;
    }
    if ((rc = db_commit(rq->db)) != 0)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "/admin/pengguna/%lld", (long long)id),
                          "role_granted");
}

static int
org_routes_post_revoke(struct req *rq, struct resp *rs)
{
    int64_t id = param_id(rq, "id"), gid = param_id(rq, "gid"), user_id, unit_id;
    char role[40];
    bool active;
    if (org_store_grant_get(rq->db, gid, &user_id, &unit_id, role, sizeof role, &active) != 0 ||
        user_id != id)
        return ZE_NOTFOUND;
    struct org_unit unit;
    if (org_unit_by_id(rq->db, unit_id, &unit) != 0 || !auth_may(rq, "role.grant", unit.path))
        return ZE_NOTFOUND;
    if (!active)
        return frame_redirect(rq, rs, arena_printf(rq->a, "/admin/pengguna/%lld", (long long)id),
                              "role_revoked");
    struct auth_ctx *c = auth_ctx(rq);
    int rc = db_begin_write(rq->db);
    if (!rc)
        rc = org_store_grant_revoke(rq->db, gid, c->u.id, clock_now_ms());
    if (!rc) {
        json_t *before = json_pack("{s:I,s:s}", "user", (json_int_t)id, "role", role);
        rc = audit_request(rq, "role.revoked", unit_id, "grant", id_str(rq, gid), before, NULL);
        json_decref(before);
    }
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "/admin/pengguna/%lld", (long long)id),
                          "role_revoked");
}

static int
org_routes_post_move_person(struct req *rq, struct resp *rs)
{
    int64_t id = param_id(rq, "id");
    json_t *u = org_store_user_get(rq->db, id);
    if (!u)
        return ZE_NOTFOUND;
    const char *unit_code = req_field_trimmed(rq, "unit"),
               *position = req_field_trimmed(rq, "position");
    struct org_unit unit;
    int64_t old_unit = json_integer_value(json_object_get(u, "unit_id"));
    char *old_code = arena_strdup(rq->a, json_string_value(json_object_get(u, "unit_code")));
    json_decref(u);
    if (org_unit_by_code(rq->db, unit_code, &unit) != 0 || !unit.active ||
        !auth_may(rq, "user.manage", unit.path))
        return person_error(rq, rs, id, "move_unit", N_("Choose a unit you manage."));
    if (unit.id == old_unit)
        return person_error(rq, rs, id, "move_unit", N_("This person already works in that unit."));
    if (strlen(position) > 160)
        return person_error(rq, rs, id, "move_position",
                            N_("The position is longer than 160 characters."));
    struct auth_ctx *c = auth_ctx(rq);
    int64_t now = clock_now_ms();
    int rc = db_begin_write(rq->db);
    /* Mutasi: the roles held end; the history stays. */
    if (!rc)
        rc = org_store_grants_end_all(rq->db, id, c->u.id, now);
    if (!rc)
        rc = org_store_user_move(rq->db, id, unit.id, position, now);
    if (!rc) {
        json_t *before = json_pack("{s:s}", "unit", old_code);
        json_t *after = json_pack("{s:s,s:s}", "unit", unit.code, "position", position);
        /* filed under both units, so the administrators of each see it */
        rc = audit_request(rq, "user.moved", old_unit, "user", id_str(rq, id), before, after);
        if (!rc)
            rc = audit_request(rq, "user.moved_in", unit.id, "user", id_str(rq, id), before, after);
        json_decref(before);
        json_decref(after);
    }
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "/admin/pengguna/%lld", (long long)id),
                          "user_moved");
}

static int
org_routes_post_reset_code(struct req *rq, struct resp *rs)
{
    int64_t id = param_id(rq, "id");
    json_t *u = org_store_user_get(rq->db, id);
    if (!u)
        return ZE_NOTFOUND;
    bool has_password = json_is_true(json_object_get(u, "has_password"));
    const char *kind = has_password ? "reset" : "setup";
    char *name = arena_strdup(rq->a, json_string_value(json_object_get(u, "name")));
    int64_t unit_id = json_integer_value(json_object_get(u, "unit_id"));
    json_decref(u);
    struct auth_ctx *c = auth_ctx(rq);
    char code[32];
    int rc = db_begin_write(rq->db);
    if (!rc)
        rc = auth_issue_code(rq->db, id, kind, c->u.id, code, sizeof code);
    if (!rc) {
        json_t *after = json_pack("{s:s}", "code", kind);
        rc = audit_request(rq, "user.code_issued", unit_id, "user", id_str(rq, id), NULL, after);
        json_decref(after);
    }
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    return code_page(rq, rs, id, name, code, kind);
}

static int
org_routes_post_person_status(struct req *rq, struct resp *rs)
{
    int64_t id = param_id(rq, "id");
    json_t *u = org_store_user_get(rq->db, id);
    if (!u)
        return ZE_NOTFOUND;
    bool active = strcmp(req_field_trimmed(rq, "aksi"), "aktifkan") == 0;
    int64_t unit_id = json_integer_value(json_object_get(u, "unit_id"));
    bool was = json_is_true(json_object_get(u, "active"));
    json_decref(u);
    struct auth_ctx *c = auth_ctx(rq);
    if (!active && id == c->u.id)
        return person_error(rq, rs, id, "status", N_("You cannot deactivate your own account."));
    int rc = db_begin_write(rq->db);
    if (!rc)
        rc = org_store_user_active(rq->db, id, active, clock_now_ms());
    if (!rc && !active)
        rc = session_end_all(rq->db, id, 0);
    if (!rc) {
        json_t *before = json_pack("{s:b}", "active", was);
        json_t *after = json_pack("{s:b}", "active", active);
        rc = audit_request(rq, active ? "user.activated" : "user.deactivated", unit_id, "user",
                           id_str(rq, id), before, after);
        json_decref(before);
        json_decref(after);
    }
    if ((rc = db_commit_or_rollback(rq->db, rc)) != 0)
        return rc;
    return frame_redirect(rq, rs, arena_printf(rq->a, "/admin/pengguna/%lld", (long long)id),
                          "user_saved");
}

/* --- the audit trail --------------------------------------------------------------------- */

static int64_t
day_ms(const char *s, int plus_days, const char *tz)
{
    int y, m, d;
    if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    /* midnight in the scope's zone, the zone the times on the page are shown in */
    return (fmt_days_from_civil(y, m, d) + plus_days) * 86400000LL -
           (int64_t)fmt_zone_offset(fmt_zone_of(tz)) * 60000;
}

static int
audit_query(struct req *rq, json_t **list, int64_t *total, struct org_unit *top, json_t **rts,
            int limit, int64_t page)
{
    int rc = org_scope(rq, "audit.read", top, rts);
    if (rc)
        return rc;
    struct audit_filter f = {
        .prefix = top->path,
        .with_unitless = top->parent_id == 0,
        .action = req_query(rq, "aksi") ? req_query(rq, "aksi") : "",
        .actor = req_query(rq, "pelaku") ? req_query(rq, "pelaku") : "",
        .from = day_ms(req_query(rq, "dari"), 0, top->tz),
        .to = day_ms(req_query(rq, "sampai"), 1, top->tz),
        .limit = limit,
        .offset = (int)((page - 1) * limit),
    };
    *list = json_array();
    return org_store_audit(rq->db, &f, *list, total);
}

static int
org_routes_get_audit(struct req *rq, struct resp *rs)
{
    int64_t page = 1;
    const char *ps = req_query(rq, "halaman");
    if (ps && (parse_i64(ps, strlen(ps), &page) != 0 || page < 1 || page > 1000000))
        page = 1;
    json_t *list = NULL, *rts = NULL;
    int64_t total = 0;
    struct org_unit top;
    int rc = audit_query(rq, &list, &total, &top, &rts, PAGE_SIZE, page);
    if (rc) {
        json_decref(list);
        json_decref(rts);
        return rc;
    }
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e) json_object_set_new(
        e, "when", frame_when(rq, json_integer_value(json_object_get(e, "at")), top.tz));
    int64_t pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    struct buf qs = BUF_INIT;
    const char *keys[] = {"lingkup", "aksi", "pelaku", "dari", "sampai"};
    for (size_t k = 0; k < 5; k++) {
        const char *v = req_query(rq, keys[k]);
        if (v && *v) {
            buf_printf(&qs, "&%s=", keys[k]);
            for (const char *p = v; *p; p++) {
                unsigned char ch = (unsigned char)*p;
                if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_')
                    buf_putc(&qs, (char)ch);
                else
                    buf_printf(&qs, "%%%02X", ch);
            }
        }
    }
    json_t *m = json_pack(
        "{s:o,s:I,s:I,s:I,s:s,s:s,s:o,s:b,s:s,s:s,s:s,s:s,s:s}", "entries", list, "total",
        (json_int_t)total, "page", (json_int_t)page, "pages", (json_int_t)pages, "scope_code",
        top.code, "scope_name", top.name, "scopes", rts, "many_scopes", json_array_size(rts) > 1,
        "aksi", req_query(rq, "aksi") ? req_query(rq, "aksi") : "", "pelaku",
        req_query(rq, "pelaku") ? req_query(rq, "pelaku") : "", "dari",
        req_query(rq, "dari") ? req_query(rq, "dari") : "", "sampai",
        req_query(rq, "sampai") ? req_query(rq, "sampai") : "", "qs", qs.p ? qs.p : "");
    buf_free(&qs);
    if (page > 1)
        json_object_set_new(m, "prev", json_integer(page - 1));
    if (page < pages)
        json_object_set_new(m, "next", json_integer(page + 1));
    return frame_render(rq, rs, 200, "org/audit", N_("Audit trail"), m);
}

static int
org_routes_get_audit_csv(struct req *rq, struct resp *rs)
{
    json_t *list = NULL, *rts = NULL;
    int64_t total = 0;
    struct org_unit top;
    int rc = audit_query(rq, &list, &total, &top, &rts, 100000, 1);
    json_decref(rts);
    if (rc) {
        json_decref(list);
        return rc;
    }
    struct buf out = BUF_INIT;
    buf_puts(&out, "\xEF\xBB\xBFid,time,actor,unit,action,object_type,object_id,before,after\r\n");
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e)
    {
        struct buf t = BUF_INIT;
        fmt_iso8601(&t, json_integer_value(json_object_get(e, "at")), fmt_zone_of(top.tz));
        buf_printf(&out, "%lld,", (long long)json_integer_value(json_object_get(e, "id")));
        csv_cell(&out, t.p, false);
        buf_free(&t);
        csv_cell(&out, json_string_value(json_object_get(e, "actor")), false);
        csv_cell(&out, json_string_value(json_object_get(e, "unit_code")), false);
        csv_cell(&out, json_string_value(json_object_get(e, "action")), false);
        csv_cell(&out, json_string_value(json_object_get(e, "object_type")), false);
        csv_cell(&out, json_string_value(json_object_get(e, "object_id")), false);
        csv_cell(&out, json_string_value(json_object_get(e, "before")), false);
        csv_cell(&out, json_string_value(json_object_get(e, "after")), true);
    }
    json_decref(list);
    resp_text(rs, 200, "text/csv; charset=utf-8", out.p, out.len);
    buf_free(&out);
    resp_header(rs, "Content-Disposition",
                arena_printf(rq->a, "attachment; filename=\"jejak-audit-%s.csv\"", top.code));
    rs->no_store = true;
    return 0;
}

/* --- API ------------------------------------------------------------------------------- */

static void
api_unit_clean(json_t *tree)
{
    size_t i;
    json_t *u;
    json_array_foreach(tree, i, u)
    {
        json_object_del(u, "path");
        json_object_del(u, "address");
        json_object_del(u, "has_children");
        api_unit_clean(json_object_get(u, "children"));
    }
}

static int
org_routes_get_api_units(struct req *rq, struct resp *rs)
{
    json_t *rts = roots(rq, NULL), *out = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rts, i, r)
    {
        json_t *flat = json_array();
        org_store_units_under(rq->db, json_string_value(json_object_get(r, "path")), "", flat);
        json_t *tree = nest(flat);
        api_unit_clean(tree);
        json_array_extend(out, tree);
        json_decref(tree);
        json_decref(flat);
    }
    json_decref(rts);
    json_t *body = json_pack("{s:o}", "units", out);
    resp_json(rs, 200, body);
    json_decref(body);
    return 0;
}

static const struct route org_routes[] = {
    {HTTP_GET, "/beranda", "session", NULL, org_routes_get_home, 0, NULL},
    {HTTP_GET, "/admin/unit", "unit.read", NULL, org_routes_get_units, 0, NULL},
    {HTTP_GET, "/admin/unit/:code", "unit.read", org_resolve_unit, org_routes_get_unit, 0, NULL},
    {HTTP_POST, "/admin/unit/:code", "unit.manage", org_resolve_unit, org_routes_post_unit, 0,
     NULL},
    {HTTP_POST, "/admin/unit/:code/pindah", "unit.manage", org_resolve_unit,
     org_routes_post_unit_move, 0, NULL},
    {HTTP_POST, "/admin/unit/:code/arsip", "unit.manage", org_resolve_unit,
     org_routes_post_unit_archive, 0, NULL},
    {HTTP_POST, "/admin/unit/:code/anak", "unit.manage", org_resolve_unit,
     org_routes_post_unit_child, 0, NULL},
    {HTTP_GET, "/admin/pengguna", "user.read", NULL, org_routes_get_people, 0, NULL},
    {HTTP_GET, "/admin/pengguna/baru", "user.manage", NULL, org_routes_get_person_new, 0, NULL},
    {HTTP_POST, "/admin/pengguna", "user.manage", NULL, org_routes_post_person_new, 0, NULL},
    {HTTP_GET, "/admin/pengguna/impor", "user.manage", NULL, org_routes_get_person_import, 0, NULL},
    {HTTP_POST, "/admin/pengguna/impor", "user.manage", NULL, org_routes_post_person_import,
     ROUTE_UPLOAD, NULL},
    {HTTP_GET, "/admin/pengguna/:id", "user.read", resolve_user, org_routes_get_person, 0, NULL},
    {HTTP_POST, "/admin/pengguna/:id", "user.manage", resolve_user, org_routes_post_person, 0,
     NULL},
    {HTTP_POST, "/admin/pengguna/:id/peran", "role.grant", resolve_user, org_routes_post_grant, 0,
     NULL},
    {HTTP_POST, "/admin/pengguna/:id/peran/:gid/cabut", "role.grant", resolve_user,
     org_routes_post_revoke, 0, NULL},
    {HTTP_POST, "/admin/pengguna/:id/mutasi", "user.manage", resolve_user,
     org_routes_post_move_person, 0, NULL},
    {HTTP_POST, "/admin/pengguna/:id/kode", "user.manage", resolve_user, org_routes_post_reset_code,
     0, NULL},
    {HTTP_POST, "/admin/pengguna/:id/status", "user.manage", resolve_user,
     org_routes_post_person_status, 0, NULL},
    {HTTP_GET, "/admin/audit", "audit.read", NULL, org_routes_get_audit, 0, NULL},
    {HTTP_GET, "/admin/audit.csv", "audit.read", NULL, org_routes_get_audit_csv, 0, NULL},
    {HTTP_GET, "/api/v1/units", "session", NULL, org_routes_get_api_units, 0, NULL},
};

void
org_routes_register(void)
{
    router_add(org_routes, sizeof org_routes / sizeof org_routes[0]);
}
