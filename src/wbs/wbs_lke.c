/* wbs_lke: the channel's share of the LKE. pemenuhan.5.iv.a asks whether the unit applies the
 * whistle-blowing system as the organisation set it (B) or also innovates on it (A). When zona's
 * channel is in place for a unit — its front door, at least one WBS officer and one identity
 * custodian holding keys over it — zona proposes B to the unit's assessment of the year, with the
 * year's privacy-safe figures as the note and the public front door as the evidence link. A
 * proposal only: the unit takes it with one button (or answers A with its own innovation), and it
 * is never written over an answer. */
#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "db/db.h"
#include "lke/lke_work.h"
#include "org/org.h"
#include "wbs.h"

/* "n" or "<5" of a statistics cell. */
static void
cell(json_t *c, char *out, size_t outsz)
{
    if (json_is_integer(c))
        snprintf(out, outsz, "%lld", (long long)json_integer_value(c));
    else
        snprintf(out, outsz, "%s", json_is_string(c) ? json_string_value(c) : "0");
}

int
wbs_lke_sync(struct db *db, int64_t unit_id, int year, int64_t now)
{
    struct lke_assessment a;
    if (lke_store_get(db, unit_id, year, &a) != 0)
        return 0;
    struct org_unit u;
    int rc = org_unit_by_id(db, unit_id, &u);
    if (rc)
        return rc;
    json_t *officers = json_array(), *custodians = json_array();
    rc = wbs_store_holders(db, "petugas-wbs", u.path, officers);
    if (!rc)
        rc = wbs_store_holders(db, "kustodian-identitas", u.path, custodians);
    size_t no = json_array_size(officers), nc = json_array_size(custodians);
    json_decref(officers);
    json_decref(custodians);
    if (rc || no == 0 || nc == 0)
        return rc;
    json_t *stats = NULL;
    if ((rc = wbs_store_stats(db, u.path, year, true, &stats)) != 0)
        return rc;
    char total[16], closed[16], note[400], link[96];
    cell(json_object_get(stats, "total"), total, sizeof total);
    cell(json_object_get(stats, "closed"), closed, sizeof closed);
    json_decref(stats);
    snprintf(note, sizeof note,
             "WBS zona aktif: kanal publik /lapor/%s, %zu petugas WBS dan %zu kustodian identitas "
             "memegang kunci; laporan %d: %s diterima, %s selesai (angka di bawah 5 ditulis <5)",
             u.code, no, nc, year, total, closed);
    snprintf(link, sizeof link, "/lapor/%s", u.code);
    return lke_store_proposal_set(db, a.id, "pemenuhan.5.iv.a", "\"B\"", "wbs", note, link, now);
}
