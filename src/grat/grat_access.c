/* grat_access: who may see and handle a gratification report. A report is personal (it names a
 * gift, a giver and the recipient's account of it), so it is read only by the person who filed
 * it and by the UPG that handles it; a unit's leaders get counts through grat.stats, never a
 * report. The UPG's reach is its grants' subtrees, unless the agency says a province's UPG does
 * not take the regencies' reports: then each grant covers its own unit alone. */
#include <string.h>

#include "auth/auth.h"
#include "grat.h"

bool
grat_may_handle(const struct req *rq, const char *unit_path)
{
    struct auth_ctx *c = auth_ctx(rq);
    if (!c || !unit_path || !*unit_path)
        return false;
    bool subtree = grat_province_upg_takes_regencies();
    for (size_t i = 0; i < c->ngrants; i++) {
        const struct acl_grant *g = &c->grants[i];
        if (!acl_role_has(g->role, "grat.handle") || !*g->unit_path)
            continue;
        size_t n = strlen(g->unit_path);
        if (strncmp(unit_path, g->unit_path, n) != 0)
            continue;
        if (subtree || unit_path[n] == '\0') /* boundary: the grant's own unit always */
            return true;
    }
    return false;
}

bool
grat_may_read(const struct req *rq, int64_t reporter_id, const char *unit_path)
{
    int64_t me = auth_me(rq);
    return (me > 0 && me == reporter_id) || grat_may_handle(rq, unit_path);
}
