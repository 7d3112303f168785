/* lke_flow: the states of an assessment and the moves between them, as a table. Pure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "lke_work.h"

#define BIT(s) (1u << (s))

static const char *const state_names[LKE_STATE__MAX] = {
    "draft",          /* LKE_DRAFT */
    "submitted",      /* LKE_SUBMITTED */
    "review_anggota", /* LKE_REVIEW_ANGGOTA */
    "review_ketua",   /* LKE_REVIEW_KETUA */
    "review_dalnis",  /* LKE_REVIEW_DALNIS */
    "returned",       /* LKE_RETURNED */
    "accepted",       /* LKE_ACCEPTED */
    "proposed",       /* LKE_PROPOSED */
    "result",         /* LKE_RESULT */
    "closed",         /* LKE_CLOSED */
};

static const char *const state_labels[LKE_STATE__MAX] = {
    N_("Draft"),                            /* LKE_DRAFT */
    N_("Submitted to the TPI"),             /* LKE_SUBMITTED */
    N_("TPI review: member"),               /* LKE_REVIEW_ANGGOTA */
    N_("TPI review: team lead"),            /* LKE_REVIEW_KETUA */
    N_("TPI review: technical controller"), /* LKE_REVIEW_DALNIS */
    N_("Returned for revision"),            /* LKE_RETURNED */
    N_("Accepted by the TPI"),              /* LKE_ACCEPTED */
    N_("Proposed to the TPN"),              /* LKE_PROPOSED */
    N_("TPN result recorded"),              /* LKE_RESULT */
    N_("Closed"),                           /* LKE_CLOSED */
};

static const struct lke_move moves[] = {
    {"submit", BIT(LKE_DRAFT) | BIT(LKE_RETURNED), LKE_SUBMITTED, "lke.submit", ACTOR_UNIT,
     N_("Submit to the TPI")},
    {"start", BIT(LKE_SUBMITTED), LKE_REVIEW_ANGGOTA, "lke.review", ACTOR_ANGGOTA,
     N_("Start the review")},
    {"to_ketua", BIT(LKE_REVIEW_ANGGOTA), LKE_REVIEW_KETUA, "lke.review", ACTOR_ANGGOTA,
     N_("Pass to the team lead")},
    {"to_dalnis", BIT(LKE_REVIEW_KETUA), LKE_REVIEW_DALNIS, "lke.review", ACTOR_KETUA,
     N_("Pass to the technical controller")},
    {"return", BIT(LKE_REVIEW_KETUA) | BIT(LKE_REVIEW_DALNIS), LKE_RETURNED, "lke.review",
     ACTOR_KETUA, N_("Return for revision")},
    {"accept", BIT(LKE_REVIEW_DALNIS), LKE_ACCEPTED, "lke.review", ACTOR_DALNIS,
     N_("Accept the assessment")},
    {"propose", BIT(LKE_ACCEPTED), LKE_PROPOSED, "lke.propose", ACTOR_PROPOSER,
     N_("Propose to the TPN")},
    {"result", BIT(LKE_PROPOSED), LKE_RESULT, "lke.tpn", ACTOR_TPN, N_("Record the TPN result")},
    {"close", BIT(LKE_RESULT), LKE_CLOSED, "lke.tpn", ACTOR_TPN, N_("Close the assessment")},
};

const char *const lke_levels[5] = {"self", "anggota", "ketua", "dalnis", "tpn"};

static const char *const level_labels[5] = {
    N_("Self-assessment"),          /* self */
    N_("TPI member"),               /* anggota */
    N_("TPI team lead"),            /* ketua */
    N_("TPI technical controller"), /* dalnis */
    N_("National assessor (TPN)"),  /* tpn */
};

const char *
lke_state_name(enum lke_state s)
{
    return (unsigned)s < LKE_STATE__MAX ? state_names[s] : "draft";
}

const char *
lke_state_label(enum lke_state s)
{
    return (unsigned)s < LKE_STATE__MAX ? state_labels[s] : state_labels[0];
}

int
lke_state_parse(const char *s)
{
    for (int i = 0; s && i < LKE_STATE__MAX; i++)
        if (strcmp(s, state_names[i]) == 0)
            return i;
    return -1;
}

const struct lke_move *
lke_move_find(const char *action)
{
    for (size_t i = 0; action && i < sizeof moves / sizeof moves[0]; i++)
        if (strcmp(moves[i].action, action) == 0)
            return &moves[i];
    return NULL;
}

size_t
lke_moves(const struct lke_move **out)
{
    *out = moves;
    return sizeof moves / sizeof moves[0];
}

bool
lke_move_from(const struct lke_move *m, enum lke_state s)
{
    return (unsigned)s < LKE_STATE__MAX && (m->from & BIT(s)) != 0;
}

bool
lke_state_unit_edits(enum lke_state s)
{
    return s == LKE_DRAFT || s == LKE_RETURNED;
}

const char *
lke_state_review_level(enum lke_state s)
{
    switch (s) {
    case LKE_REVIEW_ANGGOTA:
        return "anggota";
    case LKE_REVIEW_KETUA:
        return "ketua";
    case LKE_REVIEW_DALNIS:
        return "dalnis";
    case LKE_PROPOSED:
        return "tpn";
    default:
        return NULL;
    }
}

int
lke_level_index(const char *level)
{
    for (int i = 0; level && i < 5; i++)
        if (strcmp(level, lke_levels[i]) == 0)
            return i;
    return -1;
}

const char *
lke_level_label(const char *level)
{
    int i = lke_level_index(level);
    return i < 0 ? level_labels[0] : level_labels[i];
}

void
lke_default_deadline(int year, char out[11])
{
    snprintf(out, 11, "%04d-05-31", year < 0 ? 0 : year % 10000);
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

int64_t
lke_deadline_ms(const char *deadline, int offset_min)
{
    int y, m, d;
    char tail;
    if (!deadline || sscanf(deadline, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return -1;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 2000 || y > 2200 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return -1;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap)
        return -1;
    long days = days_from_civil(y, (unsigned)m, (unsigned)d) + 1; /* midnight at the day's end */
    return ((int64_t)days * 86400 - (int64_t)offset_min * 60) * 1000;
}

int
lke_code_area(const char *code)
{
    const char *dot = code ? strchr(code, '.') : NULL;
    if (!dot || (strncmp(code, "pemenuhan.", 10) != 0 && strncmp(code, "reform.", 7) != 0))
        return 0;
    int a = dot[1] - '0';
    return a >= 1 && a <= 6 && (dot[2] == '.' || dot[2] == 0) ? a : 0;
}
