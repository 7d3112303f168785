/* org_people: creating people and granting roles, shared by the admin pages, the CSV import,
 * the command line and the demo. Each change is audited in its transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "db/db.h"
#include "org.h"
#include "org_store.h"
#include "web/fmt.h"
#include "web/i18n.h"

/* Splits "anggota-pokja:3" into role and area. */
static const char *
split_role(const char *spec, char *role, size_t rolesz, int *area)
{
    const char *colon = strchr(spec, ':');
    *area = 0;
    size_t n = colon ? (size_t)(colon - spec) : strlen(spec);
    if (n >= rolesz)
        return N_("This role does not exist.");
    memcpy(role, spec, n);
    role[n] = '\0';
    if (!acl_role_exists(role))
        return N_("This role does not exist.");
    if (colon) {
        int64_t a;
        if (parse_i64(colon + 1, strlen(colon + 1), &a) != 0 || a < 1 || a > 6)
            return N_("The change area must be a number from 1 to 6.");
        *area = (int)a;
    }
    if (acl_role_needs_area(role) && !*area)
        return N_("This role is held on one change area: write it as anggota-pokja:N (1 to 6).");
    if (!acl_role_needs_area(role) && *area)
        return N_("Only the working-group role is held on a change area.");
    return NULL;
}

int
org_grant(struct db *db, int64_t user_id, const char *spec, int area_in, int64_t unit_id,
          int64_t actor_id, const char *actor, const char **why)
{
    char role[40];
    int area = area_in;
    *why = NULL;
    if (area_in > 0) {
        snprintf(role, sizeof role, "%s", spec);
        if (!acl_role_exists(role)) {
            *why = N_("This role does not exist.");
            return ZE_INVAL;
        }
        if (!acl_role_needs_area(role)) {
            *why = N_("Only the working-group role is held on a change area.");
            return ZE_INVAL;
        }
    } else if ((*why = split_role(spec, role, sizeof role, &area)) != NULL) {
        return ZE_INVAL;
    }
    bool dup;
    int rc = org_store_grant_exists(db, user_id, role, unit_id, area, &dup);
    if (rc)
        return rc;
    if (dup) {
        *why = N_("This person already holds this role on this unit.");
        return ZE_CONFLICT;
    }
    int64_t gid;
    if ((rc = org_store_grant_insert(db, user_id, role, unit_id, area, actor_id, clock_now_ms(),
                                     &gid)) != 0)
        return rc;
    char oid[32];
    snprintf(oid, sizeof oid, "%lld", (long long)gid);
    json_t *after = json_pack("{s:I,s:s,s:I}", "user", (json_int_t)user_id, "role", role, "area",
                              (json_int_t)area);
    struct audit_entry e = {actor_id, actor, unit_id, "role.granted", "grant", oid, NULL, after};
    rc = audit_append(db, &e);
    json_decref(after);
    return rc;
}

int
org_user_create(struct db *db, const struct org_new_user *nu, int64_t actor_id, const char *actor,
                int64_t *id, char *code, size_t codesz, const char **why, const char **field)
{
    *why = NULL;
    *field = NULL;
    if (code && codesz)
        code[0] = '\0';
    const char *p = org_nip_problem(nu->nip, fmt_year_of(clock_now_ms()));
    if (p) {
        *why = p;
        *field = "nip";
        return ZE_INVAL;
    }
    if (!nu->name || !*nu->name || strlen(nu->name) > 160) {
        *why = N_("Please enter the name (at most 160 characters).");
        *field = "name";
        return ZE_INVAL;
    }
    if (!org_email_ok(nu->email)) {
        *why = N_("Please enter a valid e-mail address.");
        *field = "email";
        return ZE_INVAL;
    }
    if (nu->position && strlen(nu->position) > 160) {
        *why = N_("The position is longer than 160 characters.");
        *field = "position";
        return ZE_INVAL;
    }
    struct org_unit unit;
    if (!nu->unit_code || org_store_unit_get(db, nu->unit_code, 0, &unit) != 0 || !unit.active) {
        *why = N_("This unit does not exist or is archived.");
        *field = "unit";
        return ZE_INVAL;
    }
    if (nu->password) {
        const char *pp = password_problem(nu->password, nu->nip, nu->email);
        if (pp) {
            *why = pp;
            *field = "password";
            return ZE_INVAL;
        }
    }
    for (int i = 0; i < nu->nroles; i++) {
        char role[40];
        int area;
        if ((*why = split_role(nu->roles[i], role, sizeof role, &area)) != NULL) {
            *field = "role";
            return ZE_INVAL;
        }
    }
    bool nip_taken, email_taken;
    int rc = org_store_user_exists(db, nu->nip, nu->email, 0, &nip_taken, &email_taken);
    if (rc)
        return rc;
    if (nip_taken) {
        *why = N_("Someone with this NIP already has an account.");
        *field = "nip";
        return ZE_CONFLICT;
    }
    if (email_taken) {
        *why = N_("Someone with this e-mail address already has an account.");
        *field = "email";
        return ZE_CONFLICT;
    }
    int64_t now = clock_now_ms();
    if ((rc = org_store_user_insert(db, nu->nip, nu->name, nu->email,
                                    nu->position ? nu->position : "", unit.id, now, id)) != 0)
        return rc;
    char oid[32];
    snprintf(oid, sizeof oid, "%lld", (long long)*id);
    json_t *after =
        json_pack("{s:s,s:s,s:s,s:s,s:s}", "nip", nu->nip, "name", nu->name, "email", nu->email,
                  "position", nu->position ? nu->position : "", "unit", unit.code);
    struct audit_entry e = {actor_id, actor, unit.id, "user.created", "user", oid, NULL, after};
    rc = audit_append(db, &e);
    json_decref(after);
    for (int i = 0; i < nu->nroles && !rc; i++)
        rc = org_grant(db, *id, nu->roles[i], 0, unit.id, actor_id, actor, why);
    if (rc)
        return rc;
    if (nu->password) {
        rc = auth_set_password(db, *id, nu->password);
    } else if (code) {
        rc = auth_issue_code(db, *id, "setup", actor_id, code, codesz);
    }
    return rc;
}

void
org_audit_refusal(struct db *db, int64_t actor_id, const char *actor, int64_t unit_id,
                  const char *action, const char *why)
{
    if (db_begin_write(db) != 0)
        return;
    /* a long problem list is cut: the entry says that it was refused and why, in short */
    char shortwhy[1024];
    snprintf(shortwhy, sizeof shortwhy, "%s", why ? why : "");
    json_t *after = json_pack("{s:s}", "refused", shortwhy);
    struct audit_entry e = {actor_id, actor, unit_id, action, "request", "", NULL, after};
    if (audit_append(db, &e) == 0)
        db_commit(db);
    else
        db_rollback(db);
    json_decref(after);
}
