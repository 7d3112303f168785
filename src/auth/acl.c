/* acl: roles and permissions are data (data/roles.json). A grant gives its role's permissions
 * on its unit and every unit below: the unit's path starts with the grant unit's path. */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "auth_store.h"
#include "core/arena.h"
#include "core/embed.h"
#include "core/err.h"
#include "http/http.h"

static json_t *roles_doc; /* owned here from auth_init to auth_shutdown */

int acl_load_roles(void);
void acl_free_roles(void);

int
acl_load_roles(void)
{
    struct embed_file f;
    if (embed_get("data/roles.json", &f) != 0) {
        fprintf(stderr, "zona: data/roles.json is missing\n");
        return ZE_INVAL;
    }
    json_error_t e;
    json_decref(roles_doc);
    roles_doc = json_loadb((const char *)f.data, f.len, JSON_REJECT_DUPLICATES, &e);
    embed_release(&f);
    if (!roles_doc || !json_is_object(json_object_get(roles_doc, "roles"))) {
        fprintf(stderr, "zona: data/roles.json:%d: %s\n", e.line, e.text);
        return ZE_INVAL;
    }
    /* every permission a role names must be declared */
    const char *name;
    json_t *role;
    json_object_foreach(json_object_get(roles_doc, "roles"), name, role)
    {
        size_t i;
        json_t *p;
        json_array_foreach(json_object_get(role, "permissions"), i, p)
        {
            if (!json_object_get(json_object_get(roles_doc, "permissions"), json_string_value(p))) {
                fprintf(stderr, "zona: data/roles.json: role %s names unknown permission %s\n",
                        name, json_string_value(p));
                return ZE_INVAL;
            }
        }
    }
    return 0;
}

void
acl_free_roles(void)
{
    json_decref(roles_doc);
    roles_doc = NULL;
}

static json_t *
role(const char *name)
{
    return name ? json_object_get(json_object_get(roles_doc, "roles"), name) : NULL;
}

bool
acl_role_exists(const char *name)
{
    return role(name) != NULL;
}

bool
acl_role_needs_area(const char *name)
{
    return json_is_true(json_object_get(role(name), "area"));
}

bool
acl_role_needs_totp(const char *name)
{
    return json_is_true(json_object_get(role(name), "totp"));
}

bool
acl_role_has(const char *name, const char *perm)
{
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(role(name), "permissions"), i, p)
    {
        if (strcmp(json_string_value(p), perm) == 0)
            return true;
    }
    return false;
}

const char *
acl_role_label(const char *name, const char *lang)
{
    const char *s =
        json_string_value(json_object_get(role(name), strcmp(lang, "en") == 0 ? "en" : "id"));
    return s ? s : name;
}

size_t
acl_roles(const char **out, size_t max)
{
    size_t n = 0;
    const char *name;
    json_t *r;
    json_object_foreach(json_object_get(roles_doc, "roles"), name, r)
    {
        (void)r;
        if (n < max)
            out[n] = name;
        n++;
    }
    return n < max ? n : max;
}

bool
acl_perm_exists(const char *perm)
{
    return json_object_get(json_object_get(roles_doc, "permissions"), perm) != NULL;
}

bool
acl_allows(const struct acl_grant *g, size_t n, const char *perm, const char *unit_path)
{
    for (size_t i = 0; i < n; i++)
        if (acl_role_has(g[i].role, perm) &&
            strncmp(unit_path, g[i].unit_path, strlen(g[i].unit_path)) == 0)
            return true;
    return false;
}

bool
acl_allows_somewhere(const struct acl_grant *g, size_t n, const char *perm)
{
    for (size_t i = 0; i < n; i++)
        if (acl_role_has(g[i].role, perm))
            return true;
    return false;
}

bool
acl_needs_totp(const struct acl_grant *g, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (acl_role_needs_totp(g[i].role))
            return true;
    return false;
}

/* The units at the top of the caller's reach for perm: grant units not inside another one. */
json_t *
acl_roots(const struct acl_grant *grants, size_t n, const char *perm)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct acl_grant *g = &grants[i];
        if (perm && !acl_role_has(g->role, perm))
            continue;
        bool inside = false;
        for (size_t k = 0; k < n && !inside; k++) {
            const struct acl_grant *o = &grants[k];
            if (k == i || (perm && !acl_role_has(o->role, perm)))
                continue;
            size_t ol = strlen(o->unit_path);
            if (strncmp(g->unit_path, o->unit_path, ol) == 0 &&
                (strlen(g->unit_path) > ol || k < i))
                inside = true;
        }
        if (!inside)
            json_array_append_new(list, json_pack("{s:s,s:s,s:s}", "code", g->unit_code, "name",
                                                  g->unit_name, "path", g->unit_path));
    }
    return list;
}

int
acl_load(struct req *rq, int64_t user_id, struct acl_grant **out, size_t *n)
{
    return auth_store_grants(rq->db, rq->a, user_id, out, n);
}
