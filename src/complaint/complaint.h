/* complaint: public-service complaints (pengaduan pelayanan publik). A complaint comes in on the
 * web (no account) or is recorded by a counter officer (walk-in, phone, letter, e-mail,
 * WhatsApp, SP4N-LAPOR!); it is classified (aspirasi, pengaduan, permintaan informasi) and given
 * a severity whose deadline in working days (settings in data/complaints/settings.json) runs on
 * zona's calendar from the day it came in; it gets a first response, an answer, and the
 * complainant's rating. Anonymity and confidentiality are enforced here, not left to an admin:
 * an anonymous complaint stores no identity at all, a confidential one is never public.
 *
 * complaint_calc.c: settings and deadlines (pure but for the calendar it is given);
 * complaint_store.c: SQL; complaint_routes.c: the public pages, the officers' pages and the API;
 * complaint_demo.c: the demo's complaints. */
#ifndef ZONA_COMPLAINT_COMPLAINT_H
#define ZONA_COMPLAINT_COMPLAINT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct buf;
struct cal;
struct cal_rule;
struct db;

enum {
    COMPLAINT_SUBJECT_MAX = 200, /* characters */
    COMPLAINT_BODY_MAX = 10000,  /* characters */
    COMPLAINT_NAME_MAX = 120,    /* characters */
    COMPLAINT_CONTACT_MAX = 120, /* characters */
    COMPLAINT_NOTE_MAX = 5000,   /* characters of an answer or note */
    COMPLAINT_TRACKING_LEN = 12  /* "ADU-" and 8 characters without look-alikes */
};

/* --- settings and deadlines (complaint_calc.c) ------------------------------------------------ */

/* data/complaints/settings.json, loaded once (borrowed). */
json_t *complaint_settings(void);
/* Is code one of the classes / severities / channels? */
bool complaint_class_ok(const char *code);
bool complaint_severity_ok(const char *code);
bool complaint_channel_ok(const char *code);
/* The severity a class starts with ("ringan" for aspirasi…). */
const char *complaint_class_severity(const char *klass);
/* The label of a class / severity / channel / state in lang; the code itself when unknown. */
const char *complaint_label(const char *list, const char *code, const char *lang);
/* Working days to the first response, and to the answer for a severity (settings). */
int complaint_first_response_days(void);
int complaint_severity_days(const char *severity);

/* The due dates of a complaint received on received_day ('YYYY-MM-DD' in the unit's zone) of
 * severity, on calendar c with rule r: first response and answer. 0 or ZE_INVAL. */
int complaint_due(const struct cal *c, const struct cal_rule *r, const char *received_day,
                  const char *severity, char first_due[11], char resolve_due[11]);

/* A new tracking number "ADU-XXXXXXXX" (random, no look-alike characters). */
void complaint_new_tracking(char out[COMPLAINT_TRACKING_LEN + 1]);
/* The typed number normalised (case, spaces, a missing "ADU-"): 0 or ZE_INVAL. */
int complaint_tracking_normalise(const char *typed, char out[COMPLAINT_TRACKING_LEN + 1]);

/* A complaint as read from a form or JSON through get(arg, name): "kelas", "layanan", "judul",
 * "isi", "anonim" ("1"/"true"), "rahasia", "nama", "kontak", and for officers "kanal",
 * "tiket_lapor". Checks lengths, UTF-8, the class and channel; an anonymous complaint drops the
 * name and contact. Problems go to errs as {field: message id}. Pure; fuzzed. */
struct complaint_input {
    char klass[32], channel[16], service[512], lapor_ticket[256];
    char *subject, *body, *name, *contact; /* malloc'd: complaint_input_clear */
    bool anonymous, confidential;
};
int complaint_read(const char *(*get)(void *, const char *), void *arg, bool officer,
                   struct complaint_input *in, json_t *errs);
void complaint_input_clear(struct complaint_input *in);

/* --- the database (complaint_store.c) --------------------------------------------------------- */

/* Inserts a complaint of unit received at now (its day in the unit's time zone tz), with due
 * dates from the calendar in the database, and its first event; *tracking receives the number.
 * In the caller's write transaction. */
int complaint_store_insert(struct db *db, int64_t unit_id, const char *tz,
                           const struct complaint_input *in, int64_t recorded_by, int64_t now,
                           char tracking[COMPLAINT_TRACKING_LEN + 1], int64_t *id);
/* The complaint with a tracking number, as JSON: {"id", "tracking", "unit_id", "unit_code",
 * "unit_name", "class", "severity", "channel", "service", "subject", "body", "anonymous",
 * "confidential", "reporter_name", "reporter_contact", "lapor_ticket", "state", "received_at",
 * "received_day", "first_response_due", "resolve_due", "first_response_at", "resolved_at",
 * "rating", "rating_note"}; NULL when unknown. */
json_t *complaint_store_get(struct db *db, const char *tracking);
/* The same by the complaint's id (the officers' pages: their URLs never carry the tracking
 * number, which is the complainant's key, into logs). */
json_t *complaint_store_get_id(struct db *db, int64_t id);
/* Events, oldest first: {"at", "actor", "action", "from", "to", "note", "public"}; public_only
 * for the complainant's page. */
int complaint_store_events(struct db *db, int64_t id, bool public_only, json_t *list);
/* The complaints of units under prefix, newest first, filtered: state ("" any; "terbuka" the
 * open ones; "terlambat" the overdue ones as of today), year (0 any). Rows as complaint_store_get
 * without body, plus "overdue" (bool). */
int complaint_store_list(struct db *db, const char *prefix, const char *state, int year,
                         const char *today, json_t *list);
/* A change by an officer: the new state (or NULL to keep it), severity (NULL to keep; recomputes
 * resolve_due), an answer or note (public or internal), first_response_at set by the first public
 * answer, resolved_at by selesai; one event. In the caller's write transaction. */
int complaint_store_update(struct db *db, int64_t id, const char *state, const char *severity,
                           const char *note, bool public_note, int64_t by, int64_t now);
/* The complainant's rating 1..5 of an answered complaint (once). 0, ZE_CONFLICT (rated or not
 * answered yet). */
int complaint_store_rate(struct db *db, int64_t id, int rating, const char *note, int64_t now);
/* Recomputes the due dates of the open complaints (the calendar changed): cal_on_change. */
int complaint_store_recompute(struct db *db, int64_t now);
/* Statistics of units under prefix in year: {"total", "by_class": {c: n}, "by_state": {s: n},
 * "by_service": {s: n}, "handled", "handled_share" (answered or forwarded over received less
 * the archived ones such as spam: the LKE's reform.5.ii.a; null when none), "on_time",
 * "median_days" (working days to resolve), "rating_mean"}. Cells under stats_min_cell are given as
 * the string "<5" when public. */
int complaint_store_stats(struct db *db, const char *prefix, int year, bool public, json_t **out);
/* The public list of a unit: non-confidential complaints (never a name, a contact or the
 * tracking number, which is the complainant's key), newest first, at most max: {"id", "class",
 * "subject", "state", "received_day", "answer"}. */
int complaint_store_public(struct db *db, int64_t unit_id, int max, json_t *list);

/* --- into the LKE (complaint_lke.c) ------------------------------------------------------------
 */

/* Proposes the year's counts for reform.5.ii.a to the unit's assessment of that year (when there
 * is one): owed an answer, in process, answered or forwarded. In the caller's transaction. */
int complaint_lke_sync(struct db *db, int64_t unit_id, int year, int64_t now);

/* --- web and demo ------------------------------------------------------------------------------
 */
void complaint_routes_register(void);
int complaint_demo(struct db *db, struct buf *out);

#endif
