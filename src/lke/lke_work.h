/* lke_work: assessments. One per unit per year, its states and the moves between them (pure
 * rules in lke_flow.c), its answers at every level, evidence, snapshots, the TPI team and the
 * inbox (SQL in lke_store.c), and the framework registry that assessments pin. */
#ifndef ZONA_LKE_LKE_WORK_H
#define ZONA_LKE_LKE_WORK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct db;
struct lke_framework;

/* --- states and moves (lke_flow.c, pure) ------------------------------------------------ */

enum lke_state {
    LKE_DRAFT,
    LKE_SUBMITTED,
    LKE_REVIEW_ANGGOTA,
    LKE_REVIEW_KETUA,
    LKE_REVIEW_DALNIS,
    LKE_RETURNED,
    LKE_ACCEPTED,
    LKE_PROPOSED,
    LKE_RESULT,
    LKE_CLOSED,
    LKE_STATE__MAX
};

/* Who may take a move, besides the route permission: a member of the assessment's TPI team at a
 * level, or anyone holding the permission on the unit. */
enum lke_actor { ACTOR_UNIT, ACTOR_ANGGOTA, ACTOR_KETUA, ACTOR_DALNIS, ACTOR_PROPOSER, ACTOR_TPN };

struct lke_move {
    const char *action; /* "submit", "start", "to_ketua", "to_dalnis", "return", "accept",
                           "propose", "result", "close" */
    unsigned from;      /* bit mask of states */
    enum lke_state to;
    const char *perm; /* permission on the unit */
    enum lke_actor actor;
    const char *label; /* message id of the button */
};

const char *lke_state_name(enum lke_state s);  /* "draft" … */
const char *lke_state_label(enum lke_state s); /* message id: "Draft" … */
int lke_state_parse(const char *s);            /* -1 when unknown */
/* The move named action, or NULL. */
const struct lke_move *lke_move_find(const char *action);
/* Every move, in the order the workflow runs; returns how many. */
size_t lke_moves(const struct lke_move **out);
/* True when a move may start from state. */
bool lke_move_from(const struct lke_move *m, enum lke_state s);
/* True while the unit may still change its self-assessment. */
bool lke_state_unit_edits(enum lke_state s);
/* The review level whose answers a state's reviewer edits ("anggota", "ketua", "dalnis", "tpn"),
 * or NULL when no review is under way. */
const char *lke_state_review_level(enum lke_state s);
/* Levels in order: self, anggota, ketua, dalnis, tpn. */
extern const char *const lke_levels[5];
int lke_level_index(const char *level);         /* -1 when unknown */
const char *lke_level_label(const char *level); /* message id */

/* The default submission deadline of a year: 31 May. out: "YYYY-MM-DD". */
void lke_default_deadline(int year, char out[11]);
/* Midnight at the end of deadline (YYYY-MM-DD) in zone offset_min minutes east of UTC, as UTC
 * ms; -1 for a bad date. */
int64_t lke_deadline_ms(const char *deadline, int offset_min);

/* The change area (1..6) of a question or area code ("pemenuhan.3.ii.a" → 3; "hasil.1.a" → 0). */
int lke_code_area(const char *code);

/* --- the framework registry (lke_registry.c) --------------------------------------------- */

/* A framework and its document (texts, options, guidance) together; shared read-only. */
struct lke_fw {
    struct lke_framework *f;
    json_t *doc;     /* f->doc, borrowed */
    json_t *by_code; /* code → the question's, indicator's or area's object in doc */
};
/* Loads the shipped frameworks (and, given db, those loaded with `zona framework load`). */
int lke_registry_init(struct db *db, struct buf *err);
void lke_registry_free(void);
/* The framework an assessment pinned, or NULL. Thread-safe after init. */
const struct lke_fw *lke_registry_get(const char *id, long version);
/* The newest version of the shipped framework: what a new assessment uses. */
const struct lke_fw *lke_registry_current(void);
/* Adds a checked framework document to the database and the registry (zona framework load). */
int lke_registry_load(struct db *db, json_t *doc, const char *by, struct buf *err);
/* The text of key ("text", "guidance", "evidence", "name") of an object in lang, or "". */
const char *lke_fw_text(json_t *obj, const char *key, const char *lang);
/* A digest of what a question asks (text and options in Indonesian), to flag changes between
 * framework versions. out: 17 bytes. */
void lke_fw_question_digest(json_t *q, char out[17]);

/* --- assessments (lke_store.c) ------------------------------------------------------------ */

struct lke_assessment {
    int64_t id;
    int64_t unit_id;
    int year;
    char framework_id[64];
    long framework_version;
    enum lke_state state;
    int round;
    char target[8];
    char result[8]; /* "" until the TPN decided */
    char result_letter[200];
    char result_letter_sha[65];
    int64_t result_at;
    int64_t carried_from;
    int64_t created_at, updated_at;
};

int lke_store_get(struct db *db, int64_t unit_id, int year, struct lke_assessment *a);
int lke_store_get_id(struct db *db, int64_t id, struct lke_assessment *a);
int lke_store_insert(struct db *db, int64_t unit_id, int year, const char *fw_id, long fw_version,
                     int64_t carried_from, int64_t by, int64_t now, int64_t *id);
int lke_store_set_state(struct db *db, int64_t id, enum lke_state s, int round, int64_t now);
int lke_store_set_result(struct db *db, int64_t id, const char *result, const char *letter,
                         const char *letter_sha, int64_t now);
int lke_store_set_summary(struct db *db, int64_t id, const char *summary_json);
/* Assessments of units under prefix for year (0: every year), newest first, with unit code,
 * name, path and summary: [{id, unit_code, unit_name, unit_path, year, state, round, summary}]. */
int lke_store_list(struct db *db, const char *prefix, int year, json_t *list);

/* Answers of a level: {code: {value (JSON or null), note, finding, recommendation, response,
 * flag, rev, updated_at, updated_by_name}}. */
int lke_store_answers(struct db *db, int64_t aid, const char *level, json_t *out);
/* Saves one answer's value and note. expected_rev 0 means "whatever is there"; otherwise a row
 * whose rev differs gives ZE_CONFLICT (another tab saved first). *rev is the new rev. */
int lke_store_answer_save(struct db *db, int64_t aid, const char *level, const char *code,
                          const char *value_json, const char *note, int64_t expected_rev,
                          int64_t by, int64_t now, int64_t *rev);
/* A reviewer's finding and recommendation on a level's row (created when missing). */
int lke_store_finding_save(struct db *db, int64_t aid, const char *level, const char *code,
                           const char *finding, const char *recommendation, int64_t by,
                           int64_t now);
int lke_store_response_save(struct db *db, int64_t aid, const char *level, const char *code,
                            const char *response, int64_t by, int64_t now);
int lke_store_answer_flag(struct db *db, int64_t aid, const char *code, const char *flag);
/* Findings of every reviewer level: [{level, code, finding, recommendation, response}]. */
int lke_store_findings(struct db *db, int64_t aid, json_t *list);

/* Evidence. */
int lke_store_evidence_insert(struct db *db, int64_t unit_id, const char *kind, const char *name,
                              const char *sha256, const char *mime, int64_t size, const char *url,
                              const char *link_date, int64_t by, int64_t now, int64_t *id);
/* {id, unit_id, kind, name, sha256, mime, size, url, link_date, added_at} or NULL. */
json_t *lke_store_evidence_get(struct db *db, int64_t id);
int lke_store_attach(struct db *db, int64_t aid, const char *code, int64_t evidence_id, int64_t by,
                     int64_t now);
int lke_store_detach(struct db *db, int64_t aid, const char *code, int64_t evidence_id);
/* {code: [{id, kind, name, sha256, mime, size, url, link_date}]} for an assessment. */
int lke_store_attached(struct db *db, int64_t aid, json_t *out);
/* The unit's vault, newest first. */
int lke_store_vault(struct db *db, int64_t unit_id, json_t *list);

/* Snapshots. */
int lke_store_snapshot_put(struct db *db, int64_t aid, int round, const char *content, int64_t by,
                           int64_t now);
/* The content of a round (new reference) or NULL. */
json_t *lke_store_snapshot_get(struct db *db, int64_t aid, int round);

/* Team. */
int lke_store_team_add(struct db *db, int64_t aid, int64_t user_id, const char *level, int64_t by,
                       int64_t now);
int lke_store_team_remove(struct db *db, int64_t aid, int64_t user_id, const char *level);
/* [{user_id, name, nip, level, unit_id}] */
int lke_store_team(struct db *db, int64_t aid, json_t *list);
bool lke_store_team_has(struct db *db, int64_t aid, int64_t user_id, const char *level);
/* Ids of people holding one of roles (comma separated) on the unit at path or above it. */
int lke_store_people_with_roles(struct db *db, const char *unit_path, const char *roles,
                                json_t *ids);

/* History. */
int lke_store_event(struct db *db, int64_t aid, int64_t actor, const char *action, const char *from,
                    const char *to, const char *note, int64_t now);
/* [{at, actor_name, action, from_state, to_state, note}] oldest first. */
int lke_store_events(struct db *db, int64_t aid, json_t *list);

/* Year settings. */
/* Answers another part proposes (a survey's index, a count of campaigns): shown beside the
 * question with a button to take it, never written over an answer. value is the answer's JSON. */
int lke_store_proposal_set(struct db *db, int64_t aid, const char *code, const char *value_json,
                           const char *source, const char *note, const char *link, int64_t now);
int lke_store_proposal_del(struct db *db, int64_t aid, const char *code);
/* {code: {"value" (JSON), "source", "note", "link", "created_at"}}. */
int lke_store_proposals(struct db *db, int64_t aid, json_t *out);

int lke_store_deadline(struct db *db, int year, char out[11]); /* default when not set */
int lke_store_deadline_set(struct db *db, int year, const char *deadline, int64_t by, int64_t now);

/* Inbox. */
int lke_store_inbox_add(struct db *db, int64_t user_id, const char *kind, int64_t unit_id,
                        const char *subject, const char *link, int64_t now);
/* [{id, at, kind, subject, link, read}] newest first, at most limit. */
int lke_store_inbox(struct db *db, int64_t user_id, int limit, json_t *list);
int64_t lke_store_inbox_unread(struct db *db, int64_t user_id);
int lke_store_inbox_read(struct db *db, int64_t user_id, int64_t id, int64_t now);
/* Inbox entries newer than since not yet e-mailed: [{id, email, name, kind, subject, link}]. */
int lke_store_mail_pending(struct db *db, int64_t since, json_t *list);
/* Claims an entry for sending: *mine when this caller got it (nobody else sends it). */
int lke_store_mail_claim(struct db *db, int64_t id, int64_t now, bool *mine);
/* Gives a claim back after a failed send, so a later run tries again. */
int lke_store_mail_unclaim(struct db *db, int64_t id);
/* True when an inbox entry of kind with link already exists for the user (reminders once). */
bool lke_store_inbox_has(struct db *db, int64_t user_id, const char *kind, const char *link);

/* --- the assessment as a whole (lke_assess.c) -------------------------------------------- */

/* Effective answers of a level for scoring: its own, falling back level by level to the ones
 * before (a reviewer changes only what they disagree with); self during review is the latest
 * snapshot. {code: value}. */
json_t *lke_effective_answers(struct db *db, const struct lke_assessment *a, const char *level);
/* Recomputes and stores the summary (scores of the latest level with answers). */
int lke_refresh_summary(struct db *db, const struct lke_assessment *a);
/* Creates the assessment of unit for year, carried over from year-1 when there is one (answers,
 * notes and evidence links, with changed questions flagged). In the caller's transaction. */
int lke_assessment_create(struct db *db, int64_t unit_id, int year, int64_t by, int64_t *id,
                          int *carried, int *flagged);
/* Called by lke_assessment_create, in its transaction, once the new assessment exists (the
 * surveys fill the indices of the year). Set once at start-up. */
void lke_on_create(int (*fn)(struct db *db, int64_t unit_id, int year, int64_t now));
/* Freezes the self-assessment of round into a snapshot. */
int lke_snapshot_take(struct db *db, const struct lke_assessment *a, int round, int64_t by);

/* True when two answers are the same (numbers within 1e-9). */
bool lke_value_equal(json_t *a, json_t *b);
/* What the workbook of a level holds: {code: {"value", "note", "evidence": [name or URL]}} (the
 * form lke_xlsx_export reads). */
json_t *lke_export_answers(struct db *db, const struct lke_assessment *a, const char *level);
/* Writes imported answers and notes into the self-assessment (only what differs), in the
 * caller's transaction; *changed counts the rows written. */
int lke_import_apply(struct db *db, const struct lke_assessment *a, json_t *answers, json_t *notes,
                     int64_t by, int *changed);

/* Adds deadline reminders (30, 14, 7 and 1 days before, and on the day after it passed) to the
 * inboxes of the coordinators and leaders of units whose assessment is still a draft or
 * returned; each once. *made counts them. (lke_assess.c) */
int lke_remind(struct db *db, int64_t now, int *made);
/* Sends the inbox entries not yet mailed when ZONA_SMTP_URL is set (lke_mail.c). *sent and
 * *failed count them (a refused recipient does not hold up the others; after three failures in
 * a row the run stops, the server being unreachable); without SMTP it does nothing and returns
 * 0. */
int lke_mail_pending(struct db *db, int *sent, int *failed);
/* The background worker of zona serve: reminders and mail every ten minutes. */
void lke_worker_start(void);
void lke_worker_stop(void);

/* The demo story's assessments (lke_demo.c): idempotent. Prints what it made to out. */
int lke_demo(struct db *db, struct buf *out);

#endif
