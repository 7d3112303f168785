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
 * grat_cli.c   zona gratification deadline | advise. */
#ifndef ZONA_GRAT_GRAT_H
#define ZONA_GRAT_GRAT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cal;
struct cal_rule;

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
/* Is code in list ("givers", "events", "value_bands", "object_types", "kept_at", "outcomes")? */
bool grat_code_ok(const char *list, const char *code);
/* Its label in lang; the code itself when unknown. */
const char *grat_label(const char *list, const char *code, const char *lang);
/* Does an object type count as cash for the advice (uang, voucher)? */
bool grat_object_is_cash(const char *code);

#endif
