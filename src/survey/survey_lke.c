/* survey_lke: the surveys' share of the LKE. 35 of the LKE's 100 points come from two indices:
 * IPAK (SPAK) in hasil.1.a and IPKP (SPKP) in hasil.2.a. While the unit's assessment of the year
 * is a draft, the latest closed campaign's index is written into the unit's own answer with the
 * campaign's results page as evidence; once submitted, the answer belongs to the review, and a
 * newer index is only proposed. The count of IKM campaigns of the year is proposed for
 * pemenuhan.6.iv.a and never written. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "db/db.h"
#include "lke/lke_work.h"
#include "org/org.h"
#include "survey_work.h"

/* The option of pemenuhan.6.iv.a for n IKM campaigns, from settings.json. */
static const char *
ikm_option(int n)
{
    json_t *map =
        json_object_get(json_object_get(survey_settings_doc(), "lke"), "ikm_campaign_options");
    size_t k;
    json_t *pair;
    json_array_foreach(map, k, pair)
    {
        if (n >= json_integer_value(json_array_get(pair, 0)))
            return json_string_value(json_array_get(pair, 1));
    }
    return NULL;
}

/* Evidence: the campaign's results page as a link, attached once. */
static int
attach_link(struct db *db, const struct lke_assessment *a, const char *code, const char *name,
            const char *url, const char *date, int64_t now)
{
    json_t *attached = json_object();
    int rc = lke_store_attached(db, a->id, attached);
    size_t k;
    json_t *e;
    bool have = false;
    json_array_foreach(json_object_get(attached, code), k, e) have |=
        strcmp(json_string_value(json_object_get(e, "url")), url) == 0;
    json_decref(attached);
    if (rc || have)
        return rc;
    int64_t id;
    rc = lke_store_evidence_insert(db, a->unit_id, "link", name, NULL, "", 0, url, date, 0, now,
                                   &id);
    return rc ? rc : lke_store_attach(db, a->id, code, id, 0, now);
}

static int
sync_index(struct db *db, const struct lke_assessment *a, const struct org_unit *u,
           const char *instrument, const char *code, int64_t now, const char *base_url,
           bool *changed)
{
    int64_t ids[1];
    int n;
    int rc = survey_store_closed(db, a->unit_id, a->year, instrument, ids, 1, &n);
    if (rc || n == 0)
        return rc;
    struct survey_campaign c;
    if ((rc = survey_store_campaign_get_id(db, ids[0], &c)) != 0)
        return rc;
    json_t *res = NULL;
    rc = survey_results_json(db, &c, &res);
    json_t *index = json_object_get(json_object_get(res, "overall"), "index");
    if (rc || !json_is_number(index)) {
        json_decref(res);
        survey_campaign_clear(&c);
        return rc;
    }
    double v = round(json_number_value(index) * 100.0) / 100.0;
    char value[32], note[400], url[512], name[400], date[11];
    snprintf(value, sizeof value, "%.2f", v);
    snprintf(note, sizeof note, "%s %s (n = %lld)",
             strcmp(instrument, "spak") == 0 ? "IPAK dari" : "IPKP dari", c.title,
             (long long)json_integer_value(json_object_get(json_object_get(res, "overall"), "n")));
    snprintf(url, sizeof url, "%s/survei/%s/%s", base_url ? base_url : "", u->code, c.public_id);
    snprintf(name, sizeof name, "Hasil survei: %s", c.title);
    snprintf(date, sizeof date, "%s", c.ends_on);
    json_decref(res);
    survey_campaign_clear(&c);

    json_t *answers = json_object();
    if ((rc = lke_store_answers(db, a->id, "self", answers)) != 0) {
        json_decref(answers);
        return rc;
    }
    json_t *cur = json_object_get(json_object_get(answers, code), "value");
    bool same = json_is_number(cur) && fabs(json_number_value(cur) - v) < 0.005;
    json_decref(answers);
    if (a->state == LKE_DRAFT) {
        if (!same) {
            int64_t rev;
            if ((rc = lke_store_answer_save(db, a->id, "self", code, value, note, 0, 0, now,
                                            &rev)) != 0)
                return rc;
            *changed = true;
        }
        if ((rc = attach_link(db, a, code, name, url, date, now)) != 0)
            return rc;
        return lke_store_proposal_del(db, a->id, code);
    }
    if (same)
        return lke_store_proposal_del(db, a->id, code);
    return lke_store_proposal_set(db, a->id, code, value, "survey", note, url, now);
}

int
survey_lke_sync(struct db *db, int64_t unit_id, int year, int64_t now, const char *base_url)
{
    struct lke_assessment a;
    if (lke_store_get(db, unit_id, year, &a) != 0)
        return 0; /* no assessment of that year yet: nothing to fill */
    struct org_unit u;
    int rc = org_unit_by_id(db, unit_id, &u);
    bool changed = false;
    if (rc == 0)
        rc = sync_index(db, &a, &u, "spak", "hasil.1.a", now, base_url, &changed);
    if (rc == 0)
        rc = sync_index(db, &a, &u, "spkp", "hasil.2.a", now, base_url, &changed);
    if (rc == 0) {
        int64_t ids[1];
        int n = 0;
        rc = survey_store_closed(db, unit_id, year, "ikm", ids, 1, &n);
        const char *opt = rc == 0 ? ikm_option(n) : NULL;
        if (opt) {
            char value[16], note[160], link[512];
            snprintf(value, sizeof value, "\"%s\"", opt);
            snprintf(note, sizeof note, "%d survei kepuasan masyarakat (IKM) ditutup pada %d", n,
                     year);
            snprintf(link, sizeof link, "%s/survei?lingkup=%s&tahun=%d", base_url ? base_url : "",
                     u.code, year);
            rc = lke_store_proposal_set(db, a.id, "pemenuhan.6.iv.a", value, "survey", note, link,
                                        now);
        }
    }
    if (rc == 0 && changed)
        rc = lke_refresh_summary(db, &a);
    return rc;
}
