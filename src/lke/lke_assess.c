/* lke_assess: an assessment as a whole: the answers each level is scored on, the cached summary
 * for the overviews, creating a year's assessment from last year's, and the snapshot taken at
 * each submission. Runs inside the caller's transaction. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "db/db.h"
#include "lke.h"
#include "lke_work.h"
#include "org/org.h"
#include "web/fmt.h"

/* {code: value} of one level's own rows (null values left out). */
static json_t *
own_values(struct db *db, int64_t aid, const char *level)
{
    json_t *rows = json_object();
    lke_store_answers(db, aid, level, rows);
    json_t *out = json_object();
    const char *code;
    json_t *row;
    json_object_foreach(rows, code, row)
    {
        json_t *v = json_object_get(row, "value");
        if (v && !json_is_null(v))
            json_object_set(out, code, v);
    }
    json_decref(rows);
    return out;
}

json_t *
lke_effective_answers(struct db *db, const struct lke_assessment *a, const char *level)
{
    int upto = lke_level_index(level);
    if (upto < 0)
        upto = 0;
    json_t *acc = NULL;
    /* self: the snapshot reviewers saw while the unit cannot edit; the live rows otherwise */
    if (!lke_state_unit_edits(a->state) && a->round > 0) {
        json_t *snap = lke_store_snapshot_get(db, a->id, a->round);
        json_t *ans = json_object_get(snap, "answers");
        if (json_is_object(ans)) {
            acc = json_object();
            const char *code;
            json_t *row;
            json_object_foreach(ans, code, row)
            {
                json_t *v = json_object_get(row, "value");
                if (v && !json_is_null(v))
                    json_object_set(acc, code, v);
            }
        }
        json_decref(snap);
    }
    if (!acc)
        acc = own_values(db, a->id, "self");
    for (int i = 1; i <= upto; i++) {
        json_t *mine = own_values(db, a->id, lke_levels[i]);
        json_object_update(acc, mine);
        json_decref(mine);
    }
    return acc;
}

/* The latest level that has answers of its own. */
static const char *
latest_level(struct db *db, const struct lke_assessment *a)
{
    for (int i = 4; i >= 1; i--) {
        json_t *mine = own_values(db, a->id, lke_levels[i]);
        size_t n = json_object_size(mine);
        json_decref(mine);
        if (n)
            return lke_levels[i];
    }
    return "self";
}

int
lke_refresh_summary(struct db *db, const struct lke_assessment *a)
{
    const struct lke_fw *fw = lke_registry_get(a->framework_id, a->framework_version);
    if (!fw)
        return ZE_NOTFOUND;
    const char *level = latest_level(db, a);
    json_t *answers = lke_effective_answers(db, a, level);
    json_t *result = NULL;
    struct buf err = BUF_INIT;
    int rc = lke_score(fw->f, answers, &result, &err);
    buf_free(&err);
    if (rc) {
        json_decref(answers);
        return rc;
    }
    json_t *s = json_pack(
        "{s:s,s:O,s:O,s:O,s:O,s:O,s:O,s:i,s:i}", "level", level, "total",
        json_object_get(result, "total"), "pengungkit", json_object_get(result, "pengungkit"),
        "hasil", json_object_get(result, "hasil"), "areas", json_object_get(result, "areas"), "wbk",
        json_object_get(result, "wbk"), "wbbm", json_object_get(result, "wbbm"), "answered",
        (int)json_object_size(answers), "questions", (int)fw->f->nquestions);
    char *text = json_dumps(s, JSON_COMPACT | JSON_REAL_PRECISION(10));
    rc = lke_store_set_summary(db, a->id, text);
    free(text);
    json_decref(s);
    json_decref(result);
    json_decref(answers);
    return rc;
}

/* Set once at start-up by the application (parts above the LKE fill answers they own). */
static int (*created_hook)(struct db *db, int64_t unit_id, int year, int64_t now);

int
lke_assessment_create(struct db *db, int64_t unit_id, int year, int64_t by, int64_t *id,
                      int *carried, int *flagged)
{
    /* a framework loaded by `zona framework load` while this server runs */
    struct buf err = BUF_INIT;
    lke_registry_init(db, &err);
    buf_free(&err);
    const struct lke_fw *fw = lke_registry_current();
    *carried = *flagged = 0;
    if (!fw)
        return ZE_NOTFOUND;
    struct lke_assessment prev, a;
    bool has_prev = lke_store_get(db, unit_id, year - 1, &prev) == 0;
    int64_t now = clock_now_ms();
    int rc = lke_store_insert(db, unit_id, year, fw->f->id, fw->f->version, has_prev ? prev.id : 0,
                              by, now, id);
    if (rc || !has_prev)
        goto summary;
    const struct lke_fw *old = lke_registry_get(prev.framework_id, prev.framework_version);
    json_t *rows = json_object();
    lke_store_answers(db, prev.id, "self", rows);
    const char *code;
    json_t *row;
    json_object_foreach(rows, code, row)
    {
        json_t *q = json_object_get(fw->by_code, code);
        if (!q || !lke_question(fw->f, code))
            continue; /* the question is gone in the new framework */
        json_t *v = json_object_get(row, "value");
        char *vt = v && !json_is_null(v) ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
        int64_t rev;
        rc = lke_store_answer_save(db, *id, "self", code, vt,
                                   json_string_value(json_object_get(row, "note")), 0, by, now,
                                   &rev);
        free(vt);
        if (rc)
            break;
        (*carried)++;
        json_t *oq = old ? json_object_get(old->by_code, code) : NULL;
        char d1[17], d2[17];
        lke_fw_question_digest(q, d1);
        if (oq)
            lke_fw_question_digest(oq, d2);
        if (!oq || strcmp(d1, d2) != 0) {
            lke_store_answer_flag(db, *id, code, "changed");
            (*flagged)++;
        }
    }
    json_decref(rows);
    if (rc)
        return rc;
    /* evidence carries over: the same vault entries attached to the same questions */
    json_t *att = json_object();
    lke_store_attached(db, prev.id, att);
    json_t *list;
    json_object_foreach(att, code, list)
    {
        if (!lke_question(fw->f, code))
            continue;
        size_t i;
        json_t *e;
        json_array_foreach(list, i, e)
        {
            if ((rc = lke_store_attach(db, *id, code, json_integer_value(json_object_get(e, "id")),
                                       by, now)) != 0)
                break;
        }
    }
    json_decref(att);
summary:
    if (!rc && created_hook)
        rc = created_hook(db, unit_id, year, now);
    if (!rc && lke_store_get_id(db, *id, &a) == 0)
        rc = lke_refresh_summary(db, &a);
    return rc;
}

void
lke_on_create(int (*fn)(struct db *db, int64_t unit_id, int year, int64_t now))
{
    created_hook = fn;
}

int
lke_snapshot_take(struct db *db, const struct lke_assessment *a, int round, int64_t by)
{
    json_t *answers = json_object();
    json_t *evidence = json_object();
    int rc = lke_store_answers(db, a->id, "self", answers);
    if (!rc)
        rc = lke_store_attached(db, a->id, evidence);
    if (!rc) {
        json_t *snap =
            json_pack("{s:i,s:I,s:O,s:O}", "round", round, "taken_at", (json_int_t)clock_now_ms(),
                      "answers", answers, "evidence", evidence);
        char *text = json_dumps(snap, JSON_COMPACT | JSON_SORT_KEYS);
        rc = lke_store_snapshot_put(db, a->id, round, text, by, clock_now_ms());
        free(text);
        json_decref(snap);
    }
    json_decref(answers);
    json_decref(evidence);
    return rc;
}

bool
lke_value_equal(json_t *a, json_t *b)
{
    if (json_is_number(a) && json_is_number(b))
        return fabs(json_number_value(a) - json_number_value(b)) < 1e-9;
    if (json_is_object(a) && json_is_object(b) && json_object_size(a) == json_object_size(b)) {
        const char *k;
        json_t *v;
        json_object_foreach(a, k, v)
        {
            if (!lke_value_equal(v, json_object_get(b, k)))
                return false;
        }
        return true;
    }
    return json_equal(a, b);
}

json_t *
lke_export_answers(struct db *db, const struct lke_assessment *a, const char *level)
{
    json_t *values = lke_effective_answers(db, a, level);
    json_t *rows = json_object(), *evidence = json_object();
    lke_store_answers(db, a->id, level, rows);
    if (strcmp(level, "self") != 0) {
        /* a reviewer level's notes; self notes under them when the reviewer wrote none */
        json_t *self = json_object();
        lke_store_answers(db, a->id, "self", self);
        const char *code;
        json_t *row;
        json_object_foreach(self, code, row)
        {
            if (!json_object_get(rows, code))
                json_object_set(rows, code, row);
        }
        json_decref(self);
    }
    lke_store_attached(db, a->id, evidence);
    json_t *out = json_object();
    const struct lke_fw *fw = lke_registry_get(a->framework_id, a->framework_version);
    for (size_t i = 0; fw && i < fw->f->nquestions; i++) {
        const char *code = fw->f->questions[i].code;
        json_t *v = json_object_get(values, code);
        json_t *row = json_object_get(rows, code);
        json_t *names = json_array();
        size_t k;
        json_t *e;
        json_array_foreach(json_object_get(evidence, code), k, e)
        {
            const char *kind = json_string_value(json_object_get(e, "kind"));
            json_array_append(
                names, json_object_get(e, kind && strcmp(kind, "link") == 0 ? "url" : "name"));
        }
        json_t *note = json_object_get(row, "note");
        if (!v && !json_string_length(note) && !json_array_size(names)) {
            json_decref(names);
            continue;
        }
        json_object_set_new(out, code,
                            json_pack("{s:O,s:O,s:o}", "value", v ? v : json_null(), "note",
                                      note ? note : json_string(""), "evidence", names));
    }
    json_decref(values);
    json_decref(rows);
    json_decref(evidence);
    return out;
}

int
lke_import_apply(struct db *db, const struct lke_assessment *a, json_t *answers, json_t *notes,
                 int64_t by, int *changed)
{
    json_t *rows = json_object();
    int rc = lke_store_answers(db, a->id, "self", rows);
    int64_t now = clock_now_ms(), rev;
    *changed = 0;
    const char *code;
    json_t *v;
    json_object_foreach(answers, code, v)
    {
        if (rc)
            break;
        json_t *row = json_object_get(rows, code);
        json_t *note = json_object_get(notes, code);
        const char *nt =
            note ? json_string_value(note) : json_string_value(json_object_get(row, "note"));
        if (row && lke_value_equal(json_object_get(row, "value"), v) &&
            strcmp(nt ? nt : "", json_string_value(json_object_get(row, "note"))) == 0)
            continue;
        char *vt = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        rc = lke_store_answer_save(db, a->id, "self", code, vt, nt, 0, by, now, &rev);
        free(vt);
        (*changed)++;
    }
    json_object_foreach(notes, code, v)
    {
        if (rc || json_object_get(answers, code))
            continue;
        json_t *row = json_object_get(rows, code);
        if (row &&
            strcmp(json_string_value(json_object_get(row, "note")), json_string_value(v)) == 0)
            continue;
        json_t *cur = json_object_get(row, "value");
        char *vt =
            cur && !json_is_null(cur) ? json_dumps(cur, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
        rc = lke_store_answer_save(db, a->id, "self", code, vt, json_string_value(v), 0, by, now,
                                   &rev);
        free(vt);
        (*changed)++;
    }
    json_decref(rows);
    if (!rc)
        rc = lke_refresh_summary(db, a);
    return rc;
}

int
lke_remind(struct db *db, int64_t now, int *made)
{
    static const int before[] = {30, 14, 7, 1, -1};
    *made = 0;
    int y, m, d;
    fmt_civil_from_days(now / 86400000, &y, &m, &d);
    json_t *list = json_array();
    int rc = lke_store_list(db, "/", y, list);
    char deadline[11];
    if (!rc)
        rc = lke_store_deadline(db, y, deadline);
    if (rc) {
        json_decref(list);
        return rc;
    }
    if ((rc = db_begin_write(db)) != 0) {
        json_decref(list);
        return rc;
    }
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        int s = lke_state_parse(json_string_value(json_object_get(x, "state")));
        if (s < 0 || !lke_state_unit_edits((enum lke_state)s))
            continue;
        struct org_unit u;
        if (org_unit_by_code(db, json_string_value(json_object_get(x, "unit_code")), &u) != 0)
            continue;
        int z = fmt_zone_parse(u.tz);
        int64_t end = lke_deadline_ms(deadline, fmt_zone_offset(z < 0 ? ZONE_WIB : z));
        int64_t days = end > now ? (end - now + 86399999) / 86400000 : -1;
        int step = -2;
        for (size_t k = 0; k < sizeof before / sizeof before[0]; k++)
            if ((before[k] > 0 && days > 0 && days <= before[k]) || (before[k] < 0 && days < 0))
                step = before[k];
        if (step == -2)
            continue;
        char link[64], kind_link[80], subject[256];
        snprintf(link, sizeof link, "/lke/%s/%d", u.code, y % 10000);
        snprintf(kind_link, sizeof kind_link, "%s#tenggat%d", link, step);
        snprintf(subject, sizeof subject, "%s · %d · %s", u.name, y % 10000, deadline);
        const char *kind = step < 0 ? N_("The submission deadline has passed")
                                    : N_("The submission deadline is near");
        json_t *ids = json_array();
        lke_store_people_with_roles(db, u.path, "koordinator-zi,pimpinan", ids);
        size_t k;
        json_t *id;
        json_array_foreach(ids, k, id)
        {
            if (rc || lke_store_inbox_has(db, json_integer_value(id), kind, kind_link))
                continue;
            rc = lke_store_inbox_add(db, json_integer_value(id), kind, u.id, subject, kind_link,
                                     now);
            (*made)++;
        }
        json_decref(ids);
    }
    json_decref(list);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}
