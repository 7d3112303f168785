/* grat: gratification control (issue #7). Staff report a gift they received or refused: the giver
 * (name, institution, address, relationship), the event, the object (type, description, estimated
 * value in Rupiah), date and place, where it is kept (with the recipient, deposited at the UPG or
 * at the KPK), the chronology and supporting files, optionally asking to keep the object against
 * payment of its value. On the date of receipt zona shows the deadlines, to the UPG (a setting,
 * default 10 working days) and to the KPK (30 working days, UU 20/2001 Pasal 12C), on the
 * working-day calendar, and warns before and after they pass. It says whether the gift must be
 * reported, and why, under the rules in force on the day of receipt: Peraturan KPK 2/2019 until
 * 13 January 2026, Peraturan KPK 1/2026 from 14 January 2026. The rules are data, one file per
 * version in data/gratification/ picked by its effective date, so the next amendment is a new
 * file. The advice never blocks a report: when in doubt, report.
 *
 * The UPG (Unit Pengendalian Gratifikasi) verifies a report (complete, or returned with what is
 * missing; an incomplete report lapses after the rule's working days), forwards it to the KPK in
 * the KPK's field order (PDF and CSV), records the KPK's decision (milik negara, milik penerima, or
 * milik negara against compensation) with the decree's number and date, and closes it when the
 * object is handed over, returned or paid for; deposited objects get a receipt and a register. A
 * province's UPG may take the reports of the regencies below it (a setting). The UPG sees every
 * report of its units, staff their own, a unit's leader counts only. Periodic "laporan nihil"
 * declarations (a setting), a public anti-gratification page per unit, campaign activities kept as
 * LKE evidence (pemenuhan.5.i.a public campaign, 5.i.b a working UPG) and statistics (by status,
 * object type, value band, outcome; time to report, share reported in time) complete the part.
 *
 * grat_calc.c  the rule files (data/gratification/peraturan-*.json), the advice, the deadlines and
 *              the settings (data/gratification/settings.json); pure but for the calendar given;
 * grat_cli.c   zona gratification deadline | advise;
 * grat_flow.c  states and moves, reading a report and a UPG step from a form (pure, fuzzed);
 * grat_store.c every SQL statement of the part;
 * grat_access.c who may see and handle what;
 * grat_routes.c the staff's pages (report, my reports, declarations);
 * grat_upg.c   the UPG's pages (queue, steps, KPK export, deposits, statistics);
 * grat_public.c the public page and poster, the campaign activities;
 * grat_demo.c  the demo's reports. */
#ifndef ZONA_GRAT_GRAT_H
#define ZONA_GRAT_GRAT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct cal;
struct cal_rule;
struct db;
struct req;
struct resp;

/* --- rules and deadlines (grat_calc.c) -------------------------------------------------------- */

/* Who gave: keluarga is family with no conflict of interest with the recipient's position. */
enum grat_giver {
    GRAT_GIVER_KELUARGA,
    GRAT_GIVER_REKAN_KERJA,
    GRAT_GIVER_LAINNYA,
    GRAT_GIVER__MAX
};
/* On what occasion: upacara is an engagement, wedding, birth, aqiqah, baptism, circumcision,
 * tooth-filing or other customary or religious ceremony; musibah a misfortune, bereavement or
 * disaster; pisah-sambut a farewell, retirement, promotion or birthday. */
enum grat_event {
    GRAT_EVENT_UPACARA,
    GRAT_EVENT_MUSIBAH,
    GRAT_EVENT_PISAH_SAMBUT,
    GRAT_EVENT_LAINNYA,
    GRAT_EVENT__MAX
};

enum {
    GRAT_RULES_MAX = 16,      /* rule files */
    GRAT_EXEMPTIONS_MAX = 32, /* exemptions in one rule */
    GRAT_TEXT_MAX = 1000,     /* bytes of one text of a data file */
    GRAT_REASON_MAX = 2048    /* bytes of an advice's reason (texts filled in, with a note) */
};
/* The largest value in Rupiah zona accepts (a thousand trillion). */
#define GRAT_VALUE_MAX INT64_C(1000000000000000)

/* The codes as the command line and the data files spell them ("rekan-kerja", "pisah-sambut"). */
const char *grat_giver_code(enum grat_giver g);
const char *grat_event_code(enum grat_event e);
/* 0 or ZE_INVAL. */
int grat_giver_parse(const char *code, enum grat_giver *out);
int grat_event_parse(const char *code, enum grat_event *out);

/* One version of the rules: a JSON file in data/gratification/ other than settings.json, in force
 * from effective_from until the day before the next file's. */
struct grat_rule {
    const char *id;          /* "peraturan-kpk-2-2019" */
    const char *name;        /* "Peraturan KPK Nomor 2 Tahun 2019" */
    int64_t effective_from;  /* first day in force, days since 1970-01-01 */
    int64_t effective_until; /* last day in force; INT64_MAX for the newest */
    int lapse_days;          /* an incomplete report is not followed up after these working days, */
    bool lapse_from_report;  /* counted from the report date (else from the gift's receipt) */
    int late_after_days;     /* a report later than this many working days after receipt may be
                                ruled state property (text "late_report"); 0: no such rule */
    const json_t *doc;       /* the whole file: exemptions, texts */
};

/* The rule files, loaded and checked once (thread-safe), ascending by effective date. A file that
 * does not pass the checks is left out and named in grat_rules_problems(). */
size_t grat_rules_count(void);
const struct grat_rule *grat_rule_at(size_t i);
/* The rule in force on day; NULL before the oldest. */
const struct grat_rule *grat_rule_on(int64_t day);
const struct grat_rule *grat_rule_by_id(const char *id);
/* "" when every file loaded; otherwise one line "PATH: problem" per problem. */
const char *grat_rules_problems(void);
/* A text of the rule ("incomplete_lapse", "late_report", "not_exempt") in lang ("en", else
 * Indonesian) with {rule} and {cite} filled in, into out (truncated to n); "" when it has none. */
void grat_rule_text(const struct grat_rule *rule, const char *key, const char *lang, char *out,
                    size_t n);

/* A gift as the advice sees it. */
struct grat_gift {
    int64_t received; /* day of receipt (or refusal), days since 1970-01-01 */
    int64_t value;    /* estimated value in Rupiah, 0..GRAT_VALUE_MAX */
    enum grat_giver giver;
    enum grat_event event;
    bool cash;          /* money or another means of payment (a voucher counts) */
    int64_t year_total; /* what the same giver already gave this year, Rupiah, 0..GRAT_VALUE_MAX */
};

struct grat_advice {
    bool must_report;
    const struct grat_rule *rule; /* the rule in force on the day of receipt; NULL: none */
    const char *exemption;        /* the exemption that covers the gift, or the one whose limit it
                                     passed; NULL when none applies */
    int64_t threshold;            /* that exemption's limit per gift or per giver; -1: none */
    int64_t year_threshold;       /* its limit a year from the same giver; -1: none */
    char reason[GRAT_REASON_MAX]; /* sentences citing the article, in the language asked */
};

/* Must the gift be reported? Under the rule in force on g->received, a gift is exempt when one
 * exemption whose givers and events match covers it (cash only where the exemption allows cash;
 * the value at most its limit; year_total + value at most its yearly limit); anything else must be
 * reported, with the reason naming the limit passed. A date before every rule must be reported
 * too. lang "en" gives English, anything else Indonesian. 0 or ZE_INVAL (a value, total, giver
 * or event out of range). */
int grat_advise(const struct grat_gift *g, const char *lang, struct grat_advice *out);

struct grat_deadlines {
    int64_t upg;      /* the last day to report to the UPG (grat_upg_days working days) */
    int64_t kpk;      /* the last day to report to the KPK (grat_kpk_days working days) */
    int unknown_year; /* the first year crossed without a holiday list (0: none) */
};

/* The deadlines of a gift received on received, on calendar c with rule r: day 1 is the first
 * working day after receipt, as cal_add counts. 0 or ZE_INVAL (beyond CAL_MAX_YEAR). */
int grat_deadlines(const struct cal *c, const struct cal_rule *r, int64_t received,
                   struct grat_deadlines *out);
/* The last day an incomplete report can be completed under rule: rule->lapse_days working days
 * from the report date (1/2026) or from the gift's receipt (2/2019). The UPG's workflow passes the
 * rule in force on the report date. 0 or ZE_INVAL (reported before received, or beyond
 * CAL_MAX_YEAR). */
int grat_lapse(const struct cal *c, const struct cal_rule *r, const struct grat_rule *rule,
               int64_t received, int64_t reported, int64_t *out);
/* Is a report made on reported after the KPK deadline of a gift received on received (the rule's
 * late_after_days, else grat_kpk_days)? */
bool grat_report_late(const struct cal *c, const struct cal_rule *r, const struct grat_rule *rule,
                      int64_t received, int64_t reported);

/* Where a deadline stands on today: open, soon (at most grat_warn_days_before working days left,
 * the due day included), or passed. */
enum grat_due { GRAT_DUE_OPEN, GRAT_DUE_SOON, GRAT_DUE_PASSED };
enum grat_due grat_due_state(const struct cal *c, const struct cal_rule *r, int64_t today,
                             int64_t due);

/* --- settings (grat_calc.c) ------------------------------------------------------------------ */

/* data/gratification/settings.json, loaded once (borrowed). */
json_t *grat_settings(void);
/* Working days to the UPG (1..grat_kpk_days, default 10), from the UPG to the KPK (default 10),
 * to the KPK (default 30), and the warning before a deadline (0..30, default 3). */
int grat_upg_days(void);
int grat_upg_forward_days(void);
int grat_kpk_days(void);
int grat_warn_days_before(void);
/* Does cuti bersama count as a working day for these deadlines (default no)? */
bool grat_cuti_bersama_works(void);
/* Periodic "laporan nihil" declarations: asked for at all, and their period ("semester" or
 * "tahun"). */
bool grat_nihil_enabled(void);
const char *grat_nihil_period(void);
/* May a province's UPG take the reports of the regencies below it? */
bool grat_province_upg_takes_regencies(void);
/* The code of the statistics band of a value ("sd-200rb" … "di-atas-10jt"). */
const char *grat_value_band(int64_t value);
/* Is code in list ("givers", "events", "value_bands", "object_types", "kept_at", "outcomes",
 * "states", "finish_how", "activity_kinds", "report_kinds")? */
bool grat_code_ok(const char *list, const char *code);
/* Its label in lang; the code itself when unknown. */
const char *grat_label(const char *list, const char *code, const char *lang);
/* Does an object type count as cash for the advice (uang, voucher)? */
bool grat_object_is_cash(const char *code);

/* --- reports and their workflow (grat_flow.c: pure) ---------------------------------------------
 * States: diajukan (filed), dikembalikan (returned to the reporter with what is missing),
 * diverifikasi (complete), diteruskan (forwarded to the KPK), ditetapkan (the KPK decided),
 * selesai (the object handed over, returned or paid for), gugur (an incomplete report lapsed).
 * Moves: the reporter: dikembalikan -> diajukan (completing it). The UPG: diajukan ->
 * diverifikasi | dikembalikan; diverifikasi -> diteruskan; diteruskan -> ditetapkan;
 * ditetapkan -> selesai. The system: dikembalikan -> gugur once the lapse day passed. */
bool grat_state_ok(const char *state);
bool grat_transition_ok(const char *from, const char *to, bool upg);
/* The states the reporter (upg false) or the UPG may move a report in state to; at most 2. */
size_t grat_next_states(const char *state, bool upg, const char **out);
/* The label of a state in lang. */
const char *grat_state_label(const char *state, const char *lang);

enum {
    GRAT_NAME_MAX = 200,  /* characters of a name, institution, relationship, place, event */
    GRAT_ADDR_MAX = 500,  /* characters of an address */
    GRAT_DESC_MAX = 5000, /* characters of a description, chronology or note */
    GRAT_PERIOD_LEN = 8   /* "2026-S2" or "2026" and NUL */
};

/* A report as the staff member fills it, read from a form through get(arg, name): "jenis"
 * (penerimaan | penolakan), "pemberi_nama", "pemberi_instansi", "pemberi_alamat",
 * "pemberi_hubungan", "pemberi_jenis" (a giver code), "peristiwa_jenis" (an event code),
 * "peristiwa", "objek_jenis" (an object type), "objek_uraian", "nilai" (Rupiah as typed:
 * "1.500.000", "Rp 1.500.000", "1500000"), "tanggal" (YYYY-MM-DD, not after today_day),
 * "tempat", "disimpan" (a kept_at code), "kronologi", "kompensasi" ("1"), "total_tahun"
 * (Rupiah, optional). Required: jenis, pemberi_nama, pemberi_jenis, peristiwa_jenis,
 * objek_jenis, objek_uraian, nilai, tanggal, and disimpan for a receipt (a refusal keeps
 * nothing: kept_at "" unless given; no compensation). cash follows the object type. Problems go
 * to errs (may be NULL) as {field: English message id}. Strings malloc'd, never NULL after
 * grat_read: grat_input_clear. Pure; fuzzed. 0 or ZE_INVAL. */
struct grat_input {
    char kind[16], giver_kind[16], event_kind[16], object_type[16], kept_at[16];
    char received_day[11];
    char *giver_name, *giver_institution, *giver_address, *giver_relation, *event, *description,
        *place, *chronology;
    int64_t value, year_total;
    bool cash, wants_compensation;
};
int grat_read(const char *(*get)(void *, const char *), void *arg, const char *today_day,
              struct grat_input *in, json_t *errs);
void grat_input_clear(struct grat_input *in);
/* Rupiah as typed into an amount: digits with '.' or ' ' as thousands separators (groups of
 * three), an optional "Rp" or "Rp." prefix, ",00" or ",-" allowed at the end. 0 or ZE_INVAL
 * (anything else, above GRAT_VALUE_MAX). */
int grat_parse_rupiah(const char *typed, int64_t *out);
/* The declaration period of a day: "2026-S1"/"2026-S2" (semester) or "2026" (tahun), as
 * grat_nihil_period() says; and the period before one (in the same form). "" when the day or
 * period is not one. */
void grat_period_of(const char *day, char out[GRAT_PERIOD_LEN]);
void grat_period_prev(const char *period, char out[GRAT_PERIOD_LEN]);

/* A step of the UPG, read from its form: what is missing (dikembalikan), the KPK's registration
 * number (diteruskan, optional), the decree's number and day and the outcome, and the
 * compensation in Rupiah for milik_negara_kompensasi (ditetapkan), how it ended (selesai:
 * diserahkan | dikembalikan | dibayar) and a note. Checked against the target state. */
struct grat_step {
    char to[16];
    char missing[GRAT_DESC_MAX + 1];
    char kpk_number[64];
    char decree_number[128];
    char decree_day[11];
    char outcome[32];
    int64_t compensation;
    char finish_how[16];
    char note[GRAT_DESC_MAX + 1];
};
/* Fields "status", "kekurangan", "nomor_kpk", "nomor_sk", "tanggal_sk", "status_kpk",
 * "kompensasi", "penyelesaian", "catatan"; the fields of other targets are ignored. 0 or ZE_INVAL
 * (errs, may be NULL, as grat_read). Pure; fuzzed. */
int grat_step_read(const char *(*get)(void *, const char *), void *arg, const char *from,
                   struct grat_step *step, json_t *errs);

/* --- the database (grat_store.c) ------------------------------------------------------------
 * Every write below runs in the caller's write transaction, or in one of its own when the caller
 * has none. */

/* Files a report of unit (zone tz) by reporter, in the caller's write transaction: the advice
 * (rule, must_report, reason) under the rule in force on the day of receipt, the deadlines on
 * the unit's calendar, late when reported after the KPK deadline, state diajukan, an event. */
int grat_store_insert(struct db *db, int64_t unit_id, const char *tz, int64_t reporter_id,
                      const struct grat_input *in, int64_t now, int64_t *id);
/* The reporter completes a returned report: its fields replaced, state diajukan again. ZE_CONFLICT
 * unless it is dikembalikan. */
int grat_store_complete(struct db *db, int64_t id, const struct grat_input *in, int64_t by,
                        int64_t now);
/* A report as JSON: every column ("id", "unit_id", "unit_code", "unit_name", "unit_path",
 * "reporter_id", "reporter_name", "reporter_nip", "reporter_position", "kind", "giver_name",
 * "giver_institution", "giver_address", "giver_relation", "giver_kind", "event_kind", "event",
 * "object_type", "description", "value", "cash", "received_day", "place", "kept_at",
 * "chronology", "wants_compensation", "year_total", "rule_id", "must_report", "advice", "state",
 * "missing", "upg_due", "kpk_due", "forward_due", "lapse_due", "late", "reported_at",
 * "reported_day", "forwarded_day", "kpk_number", "decree_number", "decree_day", "outcome",
 * "compensation", "finish_how", "finish_note", "deposit_number", "deposited_at", "closed_at", and
 * "value_band", "unit_tz", "verified_at", "forwarded_at", "updated_at"); texts "" and numbers
 * (compensation, the times) null when not set. NULL when unknown. */
json_t *grat_store_get(struct db *db, int64_t id);
/* Reports of units under prefix (reporter_id > 0: only theirs), newest first; state "" any,
 * "terbuka" not selesai/gugur; year 0 any (of the day of receipt). Rows as grat_store_get
 * without chronology and advice. */
int grat_store_list(struct db *db, const char *prefix, int64_t reporter_id, const char *state,
                    int year, json_t *list);
/* A UPG step (grat_transition_ok(from, step->to, true) is the caller's check): the state and the
 * step's fields, forward_due when verified (grat_upg_forward_days after the report day, not
 * after kpk_due while that is ahead), lapse_due when returned (grat_lapse under the rule in force
 * on the report day), forwarded_day the unit's day, closed_at when selesai; an event with the
 * note (when returned: what is missing, then the note). ZE_NOTFOUND; ZE_CONFLICT when the report
 * is not in a state the move starts from; ZE_INVAL for a decision without number, day or known
 * outcome, or an ending that does not fit the decision (dibayar needs milik_negara_kompensasi,
 * dikembalikan milik_penerima, diserahkan milik_negara or milik_negara_kompensasi). */
int grat_store_transition(struct db *db, int64_t id, const struct grat_step *step, int64_t by,
                          int64_t now);
/* Records that the object was deposited with the UPG: a receipt number "TT/<unit code>/<year>/
 * <seq>" (seq per unit and year of the unit's day, three digits at least: "TT/51.05/2026/001"),
 * kept_at upg, an event; ZE_CONFLICT when it has one or the report is selesai or gugur. */
int grat_store_deposit(struct db *db, int64_t id, int64_t by, int64_t now, char number[64]);
/* The register of deposited objects of units under prefix in year (of the deposit; 0 any), by
 * unit and number: rows as grat_store_list. */
int grat_store_deposits(struct db *db, const char *prefix, int year, json_t *list);
/* Supporting files (blobs). */
int grat_store_file_add(struct db *db, int64_t report_id, int64_t blob_id, const char *name,
                        const char *mime, int64_t size, int64_t by, int64_t now);
/* [{"id", "blob_id", "sha256", "name", "mime", "size", "at"}]. */
int grat_store_files(struct db *db, int64_t report_id, json_t *list);
/* [{"at", "actor", "action", "from", "to", "note"}], oldest first; action: report, complete,
 * state (a UPG step), deposit (note: the receipt number), lapse; actor "" for the system. */
int grat_store_events(struct db *db, int64_t report_id, json_t *list);
/* Returned reports whose lapse day passed (lapse_due before today, 'YYYY-MM-DD') become gugur,
 * closed_at now (an event each, actor none); n how many. ZE_INVAL for a bad today. */
int grat_store_lapse(struct db *db, const char *today, int64_t now, int *n);
/* Statistics of units under prefix in year: {"total", "by_state": {s: n}, "by_object": {t: n},
 * "by_band": {b: n}, "by_outcome": {o: n}, "refusals", "median_days_to_report" (calendar days
 * from receipt to report; null when none), "in_time" (reported by the UPG deadline),
 * "in_time_share" (null when none)}. */
int grat_store_stats(struct db *db, const char *prefix, int year, json_t **out);

/* "Laporan nihil": a staff member declares they received nothing reportable in period. 0, or
 * ZE_CONFLICT when they did already (the caller's transaction stays usable). */
int grat_store_declare(struct db *db, int64_t user_id, int64_t unit_id, const char *period,
                       int64_t now);
bool grat_store_declared(struct db *db, int64_t user_id, const char *period);
/* Completion per unit under prefix for period, units with active staff in tree order:
 * [{"unit_id", "unit_code", "unit_name", "staff" (active people whose home unit it is),
 * "declared" (those of them who declared)}]. */
int grat_store_declarations(struct db *db, const char *prefix, const char *period, json_t *list);

/* Campaign activities (socialisation, posters, announcements) with evidence files, kept as LKE
 * evidence for pemenuhan.5.i.a. kind: sosialisasi | poster | pengumuman | lainnya (settings
 * "activity_kinds"); ZE_INVAL for another kind, an empty title, a bad day or participants < 0. */
int grat_store_activity_add(struct db *db, int64_t unit_id, const char *kind, const char *title,
                            const char *held_day, const char *description, int64_t participants,
                            int64_t by, int64_t now, int64_t *id);
int grat_store_activity_file_add(struct db *db, int64_t activity_id, int64_t blob_id,
                                 const char *name, const char *mime, int64_t size, int64_t now);
/* Activities of a unit in year (0 any), newest first: [{"id", "kind", "title", "held_day",
 * "description", "participants", "created_by_name", "unit_id", "created_at", "files": [{"id",
 * "blob_id", "sha256", "name", "mime", "size"}]}]. */
int grat_store_activities(struct db *db, int64_t unit_id, int year, json_t *list);

/* --- access (grat_access.c) --------------------------------------------------------------------
 * Staff report for their own home unit with any session; the UPG (grat.handle) handles the
 * reports of the units its grants cover (only its own unit's when a province's UPG does not take
 * the regencies' reports: grat_province_upg_takes_regencies); grat.stats sees counts only. */
bool grat_may_handle(const struct req *rq, const char *unit_path);
/* The reporter, or a UPG that may handle it. */
bool grat_may_read(const struct req *rq, int64_t reporter_id, const char *unit_path);

/* --- the figures of a unit's year changed (grat_store.c) --------------------------------------
 * A report filed or moved, a declaration or a campaign activity changes what the LKE's
 * pemenuhan.5.i.a (campaign) and 5.i.b (a working UPG) proposals say. grat does not include lke
 * (DESIGN §3): the app wires the proposals in (src/app/app_lke.c) through this hook. The callers
 * call grat_figures_changed inside their write transaction; a non-zero return aborts it. */
typedef int (*grat_figures_hook)(struct db *db, int64_t unit_id, int year, int64_t now);
void grat_on_figures(grat_figures_hook fn);
int grat_figures_changed(struct db *db, int64_t unit_id, int year, int64_t now);

/* --- web and demo ------------------------------------------------------------------------------
 */
void grat_routes_register(void); /* staff: grat_routes.c */
void grat_upg_register(void);    /* the UPG: grat_upg.c */
void grat_public_register(void); /* the public page, campaign: grat_public.c */
/* The keys templates/partials/grat_upg_actions.html reads, added to model (the staff's detail
 * page of report, a grat_store_get object, borrowed): "upg" (the UPG's forms for the report's
 * state, deposit and export links, csrf), "upg_values" ({field: value} of the step sent; NULL:
 * none), "upg_errors" ({field: message}, from errs {field: message id}; NULL: none),
 * "upg_error_list" [{field, message}], "upg_has_errors". Call it only when grat_may_handle. */
void grat_upg_detail_keys(struct req *rq, struct resp *rs, json_t *model, json_t *report,
                          json_t *values, json_t *errs);
/* The staff's detail page of report (a grat_store_get object, borrowed) with status, for a reader
 * the caller let through (grat_may_read): for a UPG that may handle it, upg_values and upg_errs
 * (borrowed; NULL: none) go to grat_upg_detail_keys, so a refused step shows its problems in
 * place. 0 or a ZE_* code. grat_routes.c. */
int grat_routes_detail(struct req *rq, struct resp *rs, int status, json_t *report,
                       json_t *upg_values, json_t *upg_errs);
int grat_demo(struct db *db, struct buf *out);

#endif
