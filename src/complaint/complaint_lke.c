/* complaint_lke: the complaints' share of the LKE. reform.5.ii.a asks what share of the public's
 * complaints was handled; zona counts them (those owed an answer: every complaint of the year but
 * the archived ones; in process; answered or forwarded) and proposes the three numbers to the
 * unit's assessment of the year. A proposal only: the unit takes it with one button, and it is
 * never written over an answer. */
#include <stdio.h>
#include <string.h>

#include "complaint.h"
#include "core/err.h"
#include "db/db.h"
#include "lke/lke_work.h"
#include "org/org.h"

int
complaint_lke_sync(struct db *db, int64_t unit_id, int year, int64_t now)
{
    struct lke_assessment a;
    if (lke_store_get(db, unit_id, year, &a) != 0)
        return 0;
    struct org_unit u;
    int rc = org_unit_by_id(db, unit_id, &u);
    if (rc)
        return rc;
    json_t *list = json_array();
    /* this unit only, not the units under it: each unit answers its own LKE */
    rc = complaint_store_list(db, u.path, "", year, "9999-12-31", list);
    long owed = 0, open = 0, done = 0;
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c)
    {
        if (json_integer_value(json_object_get(c, "unit_id")) != unit_id)
            continue;
        const char *s = json_string_value(json_object_get(c, "state"));
        if (strcmp(s, "diarsipkan") == 0)
            continue;
        owed++;
        open += strcmp(s, "baru") == 0 || strcmp(s, "diproses") == 0;
        done += strcmp(s, "selesai") == 0 || strcmp(s, "bukan_wewenang") == 0;
    }
    json_decref(list);
    if (rc || owed == 0)
        return rc;
    char value[200], note[200], link[96];
    snprintf(value, sizeof value,
             "{\"inputs\": {\"pengaduan_wajib_tindak_lanjut\": %ld, \"pengaduan_diproses\": %ld, "
             "\"pengaduan_selesai\": %ld}}",
             owed, open, done);
    snprintf(note, sizeof note,
             "%ld pengaduan %d: %ld selesai atau diteruskan, %ld sedang diproses (pengaduan yang "
             "diarsipkan tidak dihitung)",
             owed, year, done, open);
    snprintf(link, sizeof link, "/pengaduan?lingkup=%s&tahun=%d", u.code, year);
    return lke_store_proposal_set(db, a.id, "reform.5.ii.a", value, "complaints", note, link, now);
}
