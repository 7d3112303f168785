/* survey_work: surveys in the database and on the web. Campaigns of a unit (survey_store.c), the
 * reading and checking of one response from a form, a paper questionnaire or the API, and the
 * intake that writes responses durably with grouped commits and guards open campaigns against
 * stuffing (survey_intake.c), the results with their breakdowns (survey_results.c), and the flow
 * of the indices into the unit's LKE assessment (survey_lke.c). */
#ifndef ZONA_SURVEY_SURVEY_WORK_H
#define ZONA_SURVEY_SURVEY_WORK_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "survey.h"

struct buf;
struct db;

/* --- the shipped data (survey_intake.c) ----------------------------------------------------- */

/* The instrument of a campaign ("ikm", "spak", "spkp"), loaded once from data/surveys and shared
 * (read-only); NULL for another name. */
const struct survey_instrument *survey_instrument_get(const char *id);
/* data/surveys/respondent.json and settings.json, loaded once (borrowed references). */
json_t *survey_respondent_doc(void);
json_t *survey_settings_doc(void);
/* An integer setting of settings.json by a dotted path ("stuffing.per_client_per_hour"), or def. */
long long survey_setting_int(const char *path, long long def);
/* The text of an object {"id": …, "en": …} in lang (falling back to "id"); "" when absent. */
const char *survey_text(json_t *obj, const char *lang);

/* --- campaigns (survey_store.c) -------------------------------------------------------------- */

struct survey_campaign {
    int64_t id;
    char public_id[16]; /* 10 characters of [a-z2-9], random */
    int64_t unit_id;
    char instrument[8];
    char title[256];
    int year;
    char starts_on[11], ends_on[11]; /* 'YYYY-MM-DD' */
    json_t *services;                /* array of strings (owned) */
    json_t *own_items;               /* array of {"code", "text"} (owned) */
    int64_t population, target;
    char access[8]; /* "open" or "code" */
    char state[8];  /* "draft", "open" or "closed" */
    int64_t opened_at, closed_at, created_at, updated_at;
};
void survey_campaign_clear(struct survey_campaign *c);

/* Inserts c (its id and public_id are set here; target from population). 0 or ZE_DB. */
int survey_store_campaign_insert(struct db *db, struct survey_campaign *c, int64_t by, int64_t now);
/* Saves title, dates, services, own items, population (and target), access. */
int survey_store_campaign_update(struct db *db, struct survey_campaign *c, int64_t now);
int survey_store_campaign_state(struct db *db, int64_t id, const char *state, int64_t now);
/* 0 or ZE_NOTFOUND. c must be cleared with survey_campaign_clear. */
int survey_store_campaign_get(struct db *db, const char *public_id, struct survey_campaign *c);
int survey_store_campaign_get_id(struct db *db, int64_t id, struct survey_campaign *c);
/* Appends the campaigns of the units under unit path prefix (of year, 0: all years), newest
 * first, to list: {"public_id", "unit_code", "unit_name", "instrument", "title", "year",
 * "starts_on", "ends_on", "state", "access", "target", "n"}. */
int survey_store_campaigns(struct db *db, const char *prefix, int year, json_t *list);
/* The closed campaigns of a unit's year of one instrument, the latest closed first (ids). */
int survey_store_closed(struct db *db, int64_t unit_id, int year, const char *instrument,
                        int64_t *ids, int max, int *n);
/* Responses of a campaign: every row; *pending: comments awaiting moderation. */
int survey_store_counts(struct db *db, int64_t campaign_id, int64_t *n, int64_t *pending);

/* Rows of responses for results and exports, oldest first (see survey_export_csv for the
 * shape). pending_too: include comments not yet approved (staff). */
int survey_store_responses(struct db *db, int64_t campaign_id, json_t *list);
/* Comments waiting for moderation (or all with a comment when all): {"id", "comment",
 * "comment_state", "created_at", "kelompok", "service"}. */
int survey_store_comments(struct db *db, int64_t campaign_id, bool all, json_t *list);
/* Sets a comment's state (approved / rejected); ZE_NOTFOUND when the response is not of the
 * campaign or has no comment. */
int survey_store_moderate(struct db *db, int64_t campaign_id, int64_t response_id,
                          const char *state, int64_t by, int64_t now);
/* Approved comments, newest first, at most max. */
int survey_store_public_comments(struct db *db, int64_t campaign_id, int max, json_t *list);

/* Follow-up per item: {item: {"action", "updated_at"}}. */
int survey_store_followups(struct db *db, int64_t campaign_id, json_t *out);
/* An empty action removes the item's follow-up. */
int survey_store_followup_set(struct db *db, int64_t campaign_id, const char *item,
                              const char *action, int64_t by, int64_t now);

/* One-time codes: makes n (1..SURVEY_MAX_CODES) new codes of SURVEY_CODE_LEN characters from an
 * alphabet without look-alikes, stores their keyed hashes, and appends the plain codes to out
 * (shown once). */
enum { SURVEY_MAX_CODES = 500, SURVEY_CODE_LEN = 8 };
int survey_codes_issue(struct db *db, int64_t campaign_id, int n, const char *service, int64_t by,
                       int64_t now, json_t *out);
/* The keyed hash of a code as typed (spaces, dashes and case ignored), for lookup. 0 or ZE_INVAL
 * when it cannot be a code. */
int survey_code_hash(struct db *db, const char *typed, char out[65]);
/* Issued and used codes of a campaign. */
int survey_codes_counts(struct db *db, int64_t campaign_id, int64_t *issued, int64_t *used);

/* A keyed hash (the installation's secret) of s for purpose, as 64 hex digits. */
int survey_keyed_hash(struct db *db, const char *purpose, const char *s, char out[65]);

/* Kiosks: registers a device of a unit; *token (64 hex, shown once) goes into the device's
 * cookie. */
int survey_kiosk_register(struct db *db, int64_t unit_id, const char *name, int64_t by, int64_t now,
                          char token[65], int64_t *id);
/* The kiosk a cookie token names (not revoked): 0 with *id and *unit_id, or ZE_NOTFOUND. */
int survey_kiosk_find(struct db *db, const char *token, int64_t *id, int64_t *unit_id);
int survey_kiosk_revoke(struct db *db, int64_t unit_id, int64_t id, int64_t now);
/* {"id", "name", "registered_at", "revoked_at", "last_seen_at", "responses"} of a unit. */
int survey_kiosks(struct db *db, int64_t unit_id, json_t *list);

/* --- one response (survey_intake.c) ---------------------------------------------------------- */

/* A response on its way in. The reader fills the answers; the caller sets the channel and who
 * or what vouches for it (code, kiosk, staff); survey_intake_submit fills the outcome. */
struct survey_submission {
    int64_t campaign_id;
    const char *channel; /* "web", "api", "kiosk", "paper", "import" */
    char code_hash[65];  /* a one-time code's hash, "" for none */
    int64_t kiosk_id;    /* 0 for none */
    int64_t entered_by;  /* staff keying in paper, 0 for none */
    bool open_guard;     /* an open submission: rate limit and duplicates apply */
    char client_hash[65];
    char fingerprint[65];
    char service[128], kelompok[48], umur[16], jenis_kelamin[8], pendidikan[16], pekerjaan[32];
    char *answers; /* canonical JSON object (malloc'd; survey_submission_clear) */
    char *own;
    char *comment;
    int64_t created_at;
    /* the outcome */
    int rc;          /* 0, ZE_CONFLICT (code spent, duplicate), ZE_NOTFOUND (no such code),
                        ZE_LIMIT (too many from this client), ZE_UNAVAIL (campaign not open), ZE_BUSY */
    const char *why; /* message id for rc */
    int64_t id;      /* the new response */
    /* the intake's own */
    struct survey_submission *next;
    bool done, lead;
    pthread_cond_t cv;
};
void survey_submission_clear(struct survey_submission *s);

/* Reads one response through get(arg, name) (a form field or a JSON member as text; NULL when
 * absent): the items by code ("u1", "spak3"), the unit's own items as "own_CODE", "kelompok",
 * "layanan", "umur", "jenis_kelamin", "pendidikan", "pekerjaan", "saran". Checks values against
 * the instrument's scale, the campaign's services and the respondent options; at least one item
 * answered; kelompok required. Problems go to errs as {field: message id}. Returns 0 or ZE_INVAL.
 * Pure. */
int survey_response_read(const struct survey_campaign *c, const char *(*get)(void *, const char *),
                         void *arg, struct survey_submission *s, json_t *errs);

/* Where a CSV of paper questionnaires went wrong: why is a message id of survey_response_read
 * ("survey.bad_answer"…) or "survey.bad_csv" (detail: the CSV reader's "line N: …"),
 * "survey.empty_file", "survey.unknown_column"; line and column (a field name, "-" for the
 * whole row) where it happened. */
struct survey_import_error {
    const char *why; /* points to a literal or into id */
    char id[48];
    int line;
    char column[64];
    char detail[160];
};
/* Reads paper questionnaires: a header row naming the columns (item codes, own_CODE, kelompok,
 * layanan, umur, jenis_kelamin, pendidikan, pekerjaan, saran) and a row each, every one read as
 * survey_response_read reads a form. All or nothing: 0 with *out (n submissions of channel
 * "import", each to be survey_submission_clear'd, the array freed), or ZE_INVAL with *e. Pure;
 * fuzzed. */
int survey_import_read(const struct survey_campaign *c, const char *src, size_t len,
                       struct survey_submission **out, size_t *n, struct survey_import_error *e);

/* The client's hash of the day (keyed, rotates every UTC day) and the fingerprint of the
 * client's answers of the day. */
int survey_client_hash(struct db *db, const char *client_addr, int64_t now, char out[65]);
void survey_fingerprint(struct survey_submission *s);

/* Writes s durably: the callers of many threads wait together and one of them commits them all
 * in one transaction (grouped commits; on SQLite with synchronous=FULL for it), each with its own
 * checks: the campaign is open, the code unspent (and then spent), the open guard's rate limit
 * and duplicates. Returns s->rc: 0 when written, else the refusal (s->why) or the database error
 * that failed the whole group. */
int survey_intake_submit(struct db *db, struct survey_submission *s);

/* The same checks and write for one response inside the caller's write transaction (an import
 * of many rows, all or none): 0 with s->rc the outcome, or a database error. */
int survey_intake_write(struct db *db, struct survey_submission *s);

/* --- results (survey_results.c) --------------------------------------------------------------- */

/* {"n", "items": {code: {"n", "nrr"}}, "index", "ikm", "grade", "ci95"} of r (ikm and grade
 * only when the instrument converts): what `zona survey index` prints. With extra, each item also
 * has "weighted" and the result "label" (converting instruments). New reference. Pure. */
json_t *survey_result_json(const struct survey_instrument *in, const struct survey_result *r,
                           bool extra);
/* Every response of the campaign: {"overall": R, "by_kelompok": {k: R}, "by_service": {s: R},
 * "by_month": {"YYYY-MM": R}, "own": {code: {"n", "nrr"}}}. */
int survey_results_json(struct db *db, const struct survey_campaign *c, json_t **out);

/* --- into the LKE (survey_lke.c) ----------------------------------------------------------------
 */

/* After a campaign of the unit's year closed (or an assessment began): the latest closed SPAK
 * campaign's index fills hasil.1.a and the SPKP's hasil.2.a of the unit's assessment of that
 * year while it is a draft (self level, with a link to the campaign as evidence); after
 * submission the index is only proposed. The number of IKM campaigns of the year is proposed for
 * pemenuhan.6.iv.a. base_url makes the evidence link absolute. Inside the caller's transaction. */
int survey_lke_sync(struct db *db, int64_t unit_id, int year, int64_t now, const char *base_url);

/* --- demo (survey_demo.c) ------------------------------------------------------------------------
 */
int survey_demo(struct db *db, struct buf *out);

#endif
