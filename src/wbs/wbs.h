/* wbs: the whistleblowing channel (issue #6): reports of suspected corruption, gratification,
 * extortion, abuse of office, conflicts of interest and ethics breaches by staff, anonymous by
 * construction and encrypted at rest (wbs_crypto.h says what protects what).
 *
 * A report has a category (plain: statistics and clocks need it), a state with working-day
 * clocks, and sealed content: the 5W+1H answers and the narrative (one sealed JSON object),
 * messages between the reporter and the officers, files (secretstream, stored as blobs of
 * ciphertext), and optionally the reporter's identity sealed to the identity custodians alone.
 * The reporter follows up with the 16-digit receipt only. Officers (role petugas-wbs on the
 * unit or above it) read reports with their own key pair, which zona keeps wrapped by their
 * password, a recovery key and an escrow copy for the key custodian (kustodian-kunci); during a
 * session the private key is kept wrapped by a key that only the browser's cookie holds.
 *
 * Nothing identifying the reporter is stored or logged: the routes are ROUTE_PRIVATE (no client
 * address in the log), no user agent or referrer is read, audit entries hold ids and states.
 *
 * wbs_calc.c    settings (data/wbs/settings.json), categories, states and transitions, the
 *               reading of a report from a form or JSON (fuzzed), clocks, statistics cells;
 * wbs_store.c   every SQL statement of the part;
 * wbs_keys.c    the lookup secret, officers' keys and their session copies, the auth hooks;
 * wbs_case.c    what combines the two: submit, open by receipt or as an officer, messages,
 *               files, states, identity requests, key sharing, retention;
 * wbs_public.c  the public pages (front door, form, receipt, follow-up) and the public API;
 * wbs_routes.c  the officers' and custodians' pages;
 * wbs_demo.c    the demo's reports. */
#ifndef ZONA_WBS_WBS_H
#define ZONA_WBS_WBS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbs_crypto.h"

struct buf;
struct cal;
struct cal_rule;
struct db;
struct req;
struct resp;

enum {
    WBS_FIELD_MAX = 2000,      /* characters of one 5W+1H answer */
    WBS_NARRATIVE_MAX = 20000, /* characters of the narrative */
    WBS_MESSAGE_MAX = 10000,   /* characters of a message or a note */
    WBS_IDENTITY_MAX = 500,    /* characters of each identity field */
    WBS_REASON_MAX = 2000      /* characters of an identity request's reason or a decision */
};

/* --- settings, states, reading (wbs_calc.c) --------------------------------------------------- */

/* data/wbs/settings.json, loaded once (borrowed). */
json_t *wbs_settings(void);
/* Integer setting at a JSON pointer-like dotted path ("files_max", "stats_min_cell"); def when
 * absent. */
int64_t wbs_setting_int(const char *key, int64_t def);
/* The proof-of-work difficulty: ZONA_WBS_POW_BITS when set (0 disables), else the setting
 * "pow_bits". Clamped to 0..WBS_POW_BITS_MAX. */
unsigned wbs_pow_bits(void);
/* Argon2id cost for receipts and for officers' keys: "min" whenever ZONA_ARGON2=test, else the
 * settings "receipt_kdf" / "officer_kdf". The name is stored with each salt. */
const char *wbs_receipt_kdf_name(void);
const char *wbs_officer_kdf_name(void);

bool wbs_category_ok(const char *code);
/* The channel of a category (its clocks and retention: "channels" in the settings). */
const char *wbs_category_channel(const char *category);
bool wbs_referral_ok(const char *code);
/* The label of a category / state / referral target in lang; the code when unknown. list is
 * "categories", "states" or "referrals". */
const char *wbs_label(const char *list, const char *code, const char *lang);

/* Case states: diterima, ditelaah, diinvestigasi, dilimpahkan, terbukti, tidak_terbukti,
 * selesai. Allowed moves:
 *   diterima       -> ditelaah
 *   ditelaah       -> diinvestigasi | dilimpahkan | selesai (not followed up: outside the
 *                     channel's scope or without enough to go on)
 *   diinvestigasi  -> terbukti | tidak_terbukti | dilimpahkan
 *   dilimpahkan    -> selesai
 *   terbukti       -> selesai
 *   tidak_terbukti -> selesai
 * dilimpahkan needs a referral target (kpk, apip, dkpp, kepolisian). */
bool wbs_state_ok(const char *state);
bool wbs_transition_ok(const char *from, const char *to);
/* The states reachable from state, in order, into out (at most 4); returns how many. */
size_t wbs_next_states(const char *state, const char **out);
/* Working days the channel gives a report in state (diterima: the acknowledgement; ditelaah,
 * diinvestigasi, dilimpahkan, terbukti, tidak_terbukti: the stage); 0 for selesai or none. */
int wbs_stage_days(const char *channel, const char *state);
/* Days (calendar) a report of the channel is kept from its receipt, the warning before that,
 * and the reminder (working days before a stage is due). */
int wbs_retention_days(const char *channel);
int wbs_expiry_warning_days(const char *channel);
int wbs_reminder_days(const char *channel);

/* The due date of a stage entered on day entered ('YYYY-MM-DD'), on calendar c with rule r:
 * entered + wbs_stage_days working days; "" when the state has no clock. The reminder date is
 * the due date less the reminder days (working days), never before entered. 0 or ZE_INVAL. */
int wbs_stage_due(const struct cal *c, const struct cal_rule *r, const char *channel,
                  const char *state, const char *entered, char due[11], char remind[11]);

/* A report as read from a form or JSON through get(arg, name): "category", "what", "who",
 * "when", "where", "why", "how", "narrative", and, when "identity" is "1" or "true",
 * "identity_name", "identity_contact", "identity_note". Checks lengths (characters), UTF-8,
 * control characters, the category; "what" and the narrative are required, and at least one of
 * "who" and "where". Problems go to errs as {field: message id}. The strings are malloc'd and
 * wiped by wbs_input_clear. Pure; fuzzed. Returns 0 or ZE_INVAL (errs has entries). */
struct wbs_input {
    char category[32];
    char *what, *who, *when, *where, *why, *how, *narrative;
    bool identity;
    char *identity_name, *identity_contact, *identity_note;
};
int wbs_read(const char *(*get)(void *, const char *), void *arg, struct wbs_input *in,
             json_t *errs);
void wbs_input_clear(struct wbs_input *in);
/* The sealed content as JSON text: {"what", "who", "when", "where", "why", "how",
 * "narrative"}, and the identity {"name", "contact", "note"}. out is a secret (wbs_buf_wipe). */
void wbs_content_json(const struct wbs_input *in, struct buf *out);
void wbs_identity_json(const struct wbs_input *in, struct buf *out);

/* A typed proof of work: "challenge:nonce" or a JSON object {"challenge", "nonce"}. 0 or
 * ZE_INVAL. */
int wbs_pow_parse(const json_t *pow, const char *text, char challenge[WBS_POW_CHALLENGE_HEX],
                  uint64_t *nonce);

/* Statistics cells: n as a JSON integer, or the string "<5" (the setting stats_min_cell) when
 * 0 < n < min and public. New reference. */
json_t *wbs_stat_cell(int64_t n, bool public);

/* --- the database (wbs_store.c) ----------------------------------------------------------------
 * Blobs are bound with db_bind_blob; every function runs in the caller's transaction. */

struct wbs_report_row {
    int64_t id;
    int64_t unit_id;
    char unit_code[33], unit_name[161], unit_path[256]; /* org: code 1-32, name 1-160 bytes */
    char category[32], channel[32], state[32], referral[32];
    unsigned char pk[WBS_KEY_BYTES];
    unsigned char receipt_salt[WBS_SALT_BYTES];
    char receipt_kdf[16];
    unsigned char receipt_key[WBS_SEALED_KEY_BYTES]; /* report sk sealed to the receipt pk */
    bool has_identity;
    int64_t received_at;
    char received_day[11], stage_day[11], stage_due[11], remind_day[11], expires_day[11];
    int64_t closed_at, updated_at;
};

int wbs_store_report_insert(struct db *db, const struct wbs_report_row *r, const char *lookup,
                            const void *content, size_t content_len, int64_t *id);
/* 0 or ZE_NOTFOUND. */
int wbs_store_report_by_lookup(struct db *db, const char *lookup, struct wbs_report_row *out);
int wbs_store_report_get(struct db *db, int64_t id, struct wbs_report_row *out);
/* The sealed content of a report (into out). */
int wbs_store_report_content(struct db *db, int64_t id, struct buf *out);
int wbs_store_report_state(struct db *db, int64_t id, const char *state, const char *referral,
                           const char *stage_day, const char *stage_due, const char *remind_day,
                           int64_t closed_at, int64_t now);
int wbs_store_report_expiry(struct db *db, int64_t id, const char *expires_day, int64_t now);
/* Reports of units under prefix, newest first, as [{"id", "unit_code", "unit_name", "category",
 * "state", "referral", "received_at", "received_day", "stage_due", "remind_day", "expires_day",
 * "has_identity", "has_key" (viewer holds a copy), "awaiting_reply" (the last message is the
 * reporter's)}]; state "" any, "terbuka" not selesai. */
int wbs_store_reports(struct db *db, const char *prefix, int64_t viewer, const char *state,
                      json_t *list);
/* Every open report (not selesai) with its unit, for recomputing clocks: [{"id", "unit_id",
 * "channel", "state", "stage_day"}]. */
int wbs_store_open_reports(struct db *db, json_t *list);
/* Deletes a report and everything of it (keys, messages, files and their blobs, events,
 * identity copies and requests). */
int wbs_store_report_delete(struct db *db, int64_t id);
/* Ids of reports whose expires_day is before today. */
int wbs_store_expired(struct db *db, const char *today, json_t *ids);

/* The report's private key sealed to a holder (an officer): put once per holder. */
int wbs_store_key_put(struct db *db, int64_t report_id, int64_t user_id,
                      const unsigned char sealed[WBS_SEALED_KEY_BYTES]);
/* 0 or ZE_NOTFOUND. */
int wbs_store_key_get(struct db *db, int64_t report_id, int64_t user_id,
                      unsigned char sealed[WBS_SEALED_KEY_BYTES]);
/* Pairs (report, officer) where the officer holds petugas-wbs on the report's unit or above,
 * has a key pair, and lacks a copy; only for reports the giver holds a copy of:
 * [{"report_id", "user_id", "pk" (hex)}]. */
int wbs_store_keys_missing(struct db *db, int64_t giver, json_t *list);
/* Active officers (petugas-wbs, grant on the unit at path or above) with a key pair:
 * [{"user_id", "pk" (hex)}]. role is "petugas-wbs" or "kustodian-identitas". */
int wbs_store_holders(struct db *db, const char *role, const char *unit_path, json_t *list);

/* Messages: author "pelapor" (user_id 0) or "petugas"; sealed to the report key. */
int wbs_store_message_add(struct db *db, int64_t report_id, const char *author, int64_t user_id,
                          const void *sealed, size_t len, int64_t now, int64_t *id);
/* [{"id", "at", "author", "user_name", "sealed" (base64)}], oldest first. */
int wbs_store_messages(struct db *db, int64_t report_id, json_t *list);

/* Files: meta is sealed {"name", "type", "size"}; blob_id the ciphertext's blob. */
int wbs_store_file_add(struct db *db, int64_t report_id, const char *author, int64_t blob_id,
                       const void *meta, size_t meta_len, int64_t now, int64_t *id);
/* [{"id", "at", "author", "meta" (base64)}], oldest first. */
int wbs_store_files(struct db *db, int64_t report_id, json_t *list);
/* The blob of a file of report_id; 0 or ZE_NOTFOUND. */
int wbs_store_file_blob(struct db *db, int64_t report_id, int64_t file_id, int64_t *blob_id);
int64_t wbs_store_file_count(struct db *db, int64_t report_id);

/* Events: state changes and identity steps; note_sealed (may be NULL) is an officer's note
 * sealed to the report key; public events are shown to the reporter. */
int wbs_store_event(struct db *db, int64_t report_id, int64_t actor_id, const char *action,
                    const char *from, const char *to, const void *note_sealed, size_t note_len,
                    bool public, int64_t now);
/* [{"at", "actor", "action", "from", "to", "note" (base64 or absent), "public"}]. */
int wbs_store_events(struct db *db, int64_t report_id, bool public_only, json_t *list);

/* The identity, one copy per identity custodian. */
int wbs_store_identity_put(struct db *db, int64_t report_id, int64_t custodian_id,
                           const void *sealed, size_t len);
int wbs_store_identity_get(struct db *db, int64_t report_id, int64_t custodian_id, struct buf *out);
/* Identity requests: reason sealed to the report key; state menunggu, disetujui, ditolak;
 * on approval the identity re-sealed to the officer. */
int wbs_store_idreq_add(struct db *db, int64_t report_id, int64_t officer_id, const void *reason,
                        size_t len, int64_t now, int64_t *id);
/* The reason sealed to each identity custodian, who holds no report key: put one per custodian,
 * get the copy for one (0 or ZE_NOTFOUND). */
int wbs_store_idreq_reason_put(struct db *db, int64_t req_id, int64_t custodian_id,
                               const void *sealed, size_t len);
int wbs_store_idreq_reason_get(struct db *db, int64_t req_id, int64_t custodian_id,
                               struct buf *out);
int wbs_store_idreq_decide(struct db *db, int64_t req_id, int64_t custodian_id, bool approve,
                           const void *resealed, size_t len, int64_t now);
/* {"id", "report_id", "officer_id", "officer_name", "state", "reason" (base64), "created_at",
 * "decided_at", "custodian_name", "resealed" (base64 or absent)} by id; NULL when unknown. */
json_t *wbs_store_idreq_get(struct db *db, int64_t req_id);
/* Requests of a report (report_id > 0) or, with report_id 0, the pending ones of reports under
 * prefix: a list of what wbs_store_idreq_get gives. */
int wbs_store_idreqs(struct db *db, int64_t report_id, const char *prefix, json_t *list);

/* Officers' keys. */
struct wbs_officer_row {
    int64_t user_id;
    unsigned char pk[WBS_KEY_BYTES];
    unsigned char salt[WBS_SALT_BYTES];
    char kdf[16];
    unsigned char wrapped_pw[WBS_WRAPPED_KEY_BYTES];
    unsigned char wrapped_rec[WBS_WRAPPED_KEY_BYTES];
    int64_t created_at, updated_at;
};
int wbs_store_officer_get(struct db *db, int64_t user_id, struct wbs_officer_row *out);
/* Inserts or replaces. */
int wbs_store_officer_put(struct db *db, const struct wbs_officer_row *o, int64_t now);
/* The escrow copy of an officer's key sealed to a key custodian. */
int wbs_store_escrow_put(struct db *db, int64_t user_id, int64_t custodian_id,
                         const unsigned char sealed[WBS_SEALED_KEY_BYTES], int64_t now);
int wbs_store_escrow_get(struct db *db, int64_t user_id, int64_t custodian_id,
                         unsigned char sealed[WBS_SEALED_KEY_BYTES]);
/* Key custodians (kustodian-kunci, any unit) with a key pair: [{"user_id", "pk" (hex)}]. */
int wbs_store_key_custodians(struct db *db, json_t *list);
/* Active people holding a WBS role (petugas-wbs, kustodian-identitas, kustodian-kunci) on any
 * unit, for the key custodian's page: [{"user_id", "nip", "name", "roles", "has_key",
 * "escrowed" (to custodian_id)}], by name. */
int wbs_store_people(struct db *db, int64_t custodian_id, json_t *list);

/* The session copy of an officer's private key: nonce || secretbox(sk, cookie key), and a
 * recovery key waiting to be shown once (sealed the same way, or NULL). */
int wbs_store_session_put(struct db *db, int64_t session_id, int64_t user_id,
                          const unsigned char wrapped[WBS_WRAPPED_KEY_BYTES], const void *pending,
                          size_t pending_len, int64_t now);
int wbs_store_session_get(struct db *db, int64_t session_id, int64_t *user_id,
                          unsigned char wrapped[WBS_WRAPPED_KEY_BYTES], struct buf *pending);
int wbs_store_session_clear_pending(struct db *db, int64_t session_id);
/* Drops session copies of sessions that ended or expired. */
int wbs_store_session_sweep(struct db *db, int64_t now);

/* Proof-of-work challenges: issued, then accepted once within their life. */
int wbs_store_pow_issue(struct db *db, const char *challenge, int64_t now);
/* 0 and the challenge is used up, or ZE_NOTFOUND (unknown, used or older than max_age_ms). */
int wbs_store_pow_take(struct db *db, const char *challenge, int64_t now, int64_t max_age_ms);

/* Statistics of units under prefix (year 0: all): {"total", "by_category": {c: n},
 * "by_state": {s: n}, "closed", "median_days" (calendar days from receipt to selesai, null
 * when none)}; cells through wbs_stat_cell(n, public). */
int wbs_store_stats(struct db *db, const char *prefix, int year, bool public, json_t **out);

/* --- keys (wbs_keys.c) -------------------------------------------------------------------------
 */

/* Installs the sign-in and password-change hooks in auth. Call once at start. */
void wbs_keys_register(void);
/* The 32-byte lookup secret, kept in ZONA_VAR/wbs-lookup.key (created mode 0600 on first use),
 * never in the database. 0 or ZE_IO. */
int wbs_lookup_secret(unsigned char out[WBS_KEY_BYTES]);
/* True when the person asking holds role on some unit ("petugas-wbs", "kustodian-identitas",
 * "kustodian-kunci"), or any of the three when role is NULL. */
bool wbs_holds(const struct req *rq, const char *role);

enum wbs_key_state {
    WBS_KEY_NONE,   /* no key pair yet (set up at the next sign-in) */
    WBS_KEY_LOCKED, /* a key pair this session cannot open (password reset): recovery needed */
    WBS_KEY_OPEN    /* opened for this session */
};
enum wbs_key_state wbs_key_state(struct req *rq);
/* The signed-in person's key pair, opened with the session's cookie key. 0, ZE_FORBIDDEN
 * (none, or locked). Wipe with wbs_keypair_wipe. */
int wbs_my_key(struct req *rq, struct wbs_keypair *out);
/* A recovery key made at this session's sign-in and not yet shown; shown once then cleared
 * (text NUL when none). */
int wbs_pending_recovery(struct req *rq, char text[WBS_RECOVERY_TEXT]);
/* Unlocks a locked key with a recovery key (or a key the key custodian issued): checks the
 * password against the account, re-wraps under it, makes a new recovery key (new_recovery, to
 * show once) and opens the key for this session. 0, ZE_INVAL (recovery key mistyped),
 * ZE_FORBIDDEN (wrong password or recovery key). */
int wbs_key_unlock(struct req *rq, struct resp *rs, const char *password, const char *recovery,
                   char new_recovery[WBS_RECOVERY_TEXT]);
/* Makes the key pair of user with password when they have none (the demo, whose password is
 * public; people get theirs at sign-in). recovery receives the recovery key, or "" when the
 * key pair existed. In the caller's write transaction. */
int wbs_key_setup(struct db *db, int64_t user_id, const char *password,
                  char recovery[WBS_RECOVERY_TEXT], int64_t now);
/* The key custodian restores an officer's key from the escrow: opens it with the custodian's
 * own key, wraps it under a new recovery key given to the custodian to hand over (out). 0,
 * ZE_NOTFOUND (no escrow copy for this custodian), ZE_FORBIDDEN (custodian's key not open). */
int wbs_key_escrow_restore(struct req *rq, int64_t officer_id, char out[WBS_RECOVERY_TEXT]);

/* --- cases (wbs_case.c) ------------------------------------------------------------------------
 */

/* A file given with a report or a message: its name as the client gave it (sealed; never a
 * path), the type sniffed, and an open descriptor read from its start. */
struct wbs_file_in {
    const char *name;
    int fd;
};

/* Files a report for unit (id, path), in the caller's write transaction: a report key pair;
 * content sealed to it; its private key sealed to the receipt key pair (Argon2id) and to each
 * officer holding a key; the identity (when in->identity) sealed to each identity custodian;
 * files encrypted; clocks from the calendar. receipt receives the 16 digits (a secret: show it
 * once and wipe it). ZE_CONFLICT when in->identity but no identity custodian has a key (the
 * caller says so and keeps the form). */
int wbs_case_submit(struct db *db, int64_t unit_id, const char *unit_path,
                    const struct wbs_input *in, const struct wbs_file_in *files, size_t nfiles,
                    int64_t now, char receipt[WBS_RECEIPT_DIGITS + 1], int64_t *id);
/* The receipt of a report about to be filed: its 16 digits, their lookup hash, the salt and cost,
 * and the key pair Argon2id derives from them. Deriving it is the slow step of filing (tens of
 * milliseconds, by design), so wbs_case_receipt_prepare runs before the write transaction and the
 * database is not held meanwhile. A secret: wbs_receipt_key_wipe. 0, ZE_IO (the lookup secret),
 * ZE_NOMEM. */
struct wbs_receipt_key {
    char receipt[WBS_RECEIPT_DIGITS + 1];
    char lookup[WBS_LOOKUP_HEX];
    unsigned char salt[WBS_SALT_BYTES];
    char kdf[16];
    struct wbs_keypair kp;
};
int wbs_case_receipt_prepare(struct wbs_receipt_key *out);
void wbs_receipt_key_wipe(struct wbs_receipt_key *k);
/* wbs_case_submit with a receipt prepared outside the transaction. ZE_BUSY when its lookup hash
 * is taken already (one chance in 10^16 a report): prepare another and try again. */
int wbs_case_submit_prepared(struct db *db, int64_t unit_id, const char *unit_path,
                             const struct wbs_input *in, const struct wbs_file_in *files,
                             size_t nfiles, const struct wbs_receipt_key *rk, int64_t now,
                             int64_t *id);
/* True when some identity custodian with a key covers the unit at unit_path. */
bool wbs_case_identity_possible(struct db *db, const char *unit_path);

/* Opens a report by a receipt as typed: ZE_INVAL (not 16 digits), ZE_NOTFOUND (no such report),
 * ZE_FORBIDDEN (found but the key does not open: a lookup collision). Fills *row and the
 * report's key pair (wipe it). */
int wbs_case_open_receipt(struct db *db, const char *typed, struct wbs_report_row *row,
                          struct wbs_keypair *report);
/* Opens a report as an officer with their key pair: ZE_NOTFOUND, or ZE_FORBIDDEN when they hold
 * no copy. */
int wbs_case_open_officer(struct db *db, int64_t id, int64_t user_id,
                          const struct wbs_keypair *officer, struct wbs_report_row *row,
                          struct wbs_keypair *report);

/* The report decrypted, for the reporter (officer false: public events only, identity requests
 * shown as what was asked and decided, never the officer's name) or an officer: {"id",
 * "category", "category_label", "state", "state_label", "referral", "received_at",
 * "received_day", "stage_due", "remind_day", "expires_day", "has_identity", "content": {…},
 * "messages": [{"id", "at", "author", "user_name", "text"}], "files": [{"id", "at", "author",
 * "name", "type", "size"}], "events": [{"at", "action", "from", "to", "to_label", "note", and
 * for officers "actor" and "public"}] — actions: diterima, status (a state change), catatan (an
 * internal note), perpanjang (retention extended), identitas_diminta, identitas_disetujui,
 * identitas_ditolak —
 * "identity_requests": [{"id", "state", "reason", "created_at", "decided_at", "officer_name"}]}.
 * New reference; the texts in it are secrets the caller renders and drops. */
json_t *wbs_case_view(struct db *db, const struct wbs_report_row *row,
                      const struct wbs_keypair *report, bool officer, const char *lang);

/* A message from the reporter (user_id 0) or an officer, sealed to the report key. 0, ZE_INVAL
 * (empty, too long, bad UTF-8). */
int wbs_case_message(struct db *db, const struct wbs_report_row *row, int64_t user_id,
                     const char *text, int64_t now);
/* Adds files (at most the setting files_max per report): ZE_LIMIT when over. */
int wbs_case_files(struct db *db, const struct wbs_report_row *row, const char *author,
                   const struct wbs_file_in *files, size_t nfiles, int64_t now);
/* Decrypts file_id of the report into out_fd; name and type receive the sealed metadata. */
int wbs_case_file_read(struct db *db, const struct wbs_report_row *row,
                       const struct wbs_keypair *report, int64_t file_id, int out_fd,
                       struct buf *name, struct buf *type);

/* Moves a report to state (wbs_transition_ok), with a referral target for dilimpahkan and an
 * optional note sealed to the report key (public: shown to the reporter). Recomputes the
 * stage's clock. 0, ZE_INVAL (move not allowed, target missing or unknown). */
int wbs_case_transition(struct db *db, const struct wbs_report_row *row, const char *state,
                        const char *referral, const char *note, bool public_note, int64_t by,
                        int64_t now);
/* Postpones the report's expiry by the channel's retention days from today. */
int wbs_case_extend(struct db *db, const struct wbs_report_row *row, int64_t by, int64_t now);

/* An officer asks for the reporter's identity with a reason (sealed to the report key). 0,
 * ZE_INVAL (no reason, or the report has no identity), ZE_CONFLICT (a request of theirs is
 * pending or approved). */
int wbs_case_identity_request(struct db *db, const struct wbs_report_row *row, int64_t officer_id,
                              const char *reason, int64_t now);
/* The identity custodian decides: on approval the identity is re-sealed from the custodian's
 * copy to the requesting officer's key; both logged as events shown to the reporter. 0,
 * ZE_NOTFOUND, ZE_CONFLICT (decided already), ZE_FORBIDDEN (no copy for this custodian). */
int wbs_case_identity_decide(struct db *db, int64_t req_id, int64_t custodian_id,
                             const struct wbs_keypair *custodian, bool approve, int64_t now);
/* The pending requests of reports under prefix for an identity custodian, reasons opened with
 * their key: [{"id", "report_id", "category", "officer_name", "reason", "created_at",
 * "state"}]. */
int wbs_case_identity_queue(struct db *db, const char *prefix, int64_t custodian_id,
                            const struct wbs_keypair *custodian, json_t *list);
/* The identity for an officer whose request was approved: {"name", "contact", "note"}.
 * ZE_FORBIDDEN when not approved. New reference in *out. */
int wbs_case_identity_read(struct db *db, const struct wbs_report_row *row, int64_t officer_id,
                           const struct wbs_keypair *officer, json_t **out);

/* Seals the report keys the giver holds to eligible officers who lack them (officers appointed
 * after a report came in). Returns how many copies were made, or a negative ZE_*. */
int wbs_case_share(struct db *db, int64_t giver, const struct wbs_keypair *giver_key);

/* Deletes the reports whose retention ended (secure_delete overwrites them on SQLite); n
 * receives how many. Runs at most once a day unless force. */
int wbs_case_sweep(struct db *db, int64_t now, bool force, int *n);

/* Recomputes the clocks of open reports (the calendar changed): cal_on_change. */
int wbs_case_recompute(struct db *db, int64_t now);

/* --- the figures of a unit's year changed (wbs_case.c) -------------------------------------
 * A report filed or closed changes what the LKE's pemenuhan.5.iv.a proposal says. wbs does not
 * include lke (DESIGN §3): the app wires the proposal in (src/app/app_lke.c) through this hook,
 * called inside the caller's write transaction; a non-zero return aborts the change. */
typedef int (*wbs_figures_hook)(struct db *db, int64_t unit_id, int year, int64_t now);
void wbs_on_figures(wbs_figures_hook fn);

/* --- web and demo ------------------------------------------------------------------------------
 */
void wbs_public_register(void);
void wbs_routes_register(void);
int wbs_demo(struct db *db, struct buf *out);

#endif
