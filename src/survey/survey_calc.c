/* survey_calc: the arithmetic of PermenPAN-RB 14/2017 and of the ZI perception surveys, with no
 * I/O. NRR per item (blanks left out), the index as the mean of the items' NRRs, IKM × 25 and its
 * grade, a Student's t interval for the index, and the Krejcie–Morgan sample size
 * (zi-regulation.md §4). */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "survey.h"

double
survey_rescale(double v, int k)
{
    if (k == SURVEY_INDEX_SCALE)
        return v;
    return 1.0 + (v - 1.0) * 3.0 / (double)(k - 1);
}

char
survey_grade(double ikm25, const char **label)
{
    /* Hundredths, rounded half up. The small slack makes 64.995 (stored as 64.99499…) round up
     * as it does on paper; it is far below any difference two real answers sets can make. */
    double h = floor(ikm25 * 100.0 + 0.5 + 1e-6);
    char g;
    const char *lab;
    if (h <= 6499) { /* boundary: 64.99 is D, 65.00 is C */
        g = 'D';
        lab = "Tidak baik";
    } else if (h <= 7660) { /* boundary: 76.60 is C, 76.61 is B */
        g = 'C';
        lab = "Kurang baik";
    } else if (h <= 8830) { /* boundary: 88.30 is B, 88.31 is A */
        g = 'B';
        lab = "Baik";
    } else {
        g = 'A';
        lab = "Sangat baik";
    }
    if (label)
        *label = lab;
    return g;
}

void
survey_compute(const struct survey_instrument *in, const struct survey_responses *r,
               struct survey_result *out)
{
    size_t ni = r->nitems < in->nitems ? r->nitems : in->nitems;
    *out = (struct survey_result){.n = r->nrows, .nitems = ni};
    for (size_t row = 0; row < r->nrows; row++) {
        const double *v = r->values + row * r->nitems;
        for (size_t i = 0; i < ni; i++) {
            if (v[i] == SURVEY_SKIPPED)
                continue;
            out->items[i].n++;
            out->items[i].sum += v[i];
        }
    }
    double sum = 0;
    size_t answered = 0;
    for (size_t i = 0; i < ni; i++) {
        struct survey_item_result *it = &out->items[i];
        if (it->n == 0) /* boundary: an item nobody answered stays out of the mean */
            continue;
        it->nrr = it->sum / (double)it->n;
        it->weighted = it->nrr * in->items[i].weight;
        sum += it->nrr;
        answered++;
    }
    if (answered) {
        out->has_index = true;
        out->index = sum / (double)answered;
        out->ikm = out->index * 25.0;
        out->grade = survey_grade(out->ikm, &out->label);
    }

    /* The interval: each respondent's mean of the items they answered; two passes. */
    double msum = 0;
    size_t m = 0;
    for (int pass = 0; pass < 2; pass++) {
        double mean = m ? msum / (double)m : 0, ss = 0;
        for (size_t row = 0; row < r->nrows; row++) {
            const double *v = r->values + row * r->nitems;
            double s = 0;
            size_t k = 0;
            for (size_t i = 0; i < ni; i++)
                if (v[i] != SURVEY_SKIPPED) {
                    s += v[i];
                    k++;
                }
            if (!k)
                continue;
            if (pass == 0) {
                msum += s / (double)k;
                m++;
            } else {
                double d = s / (double)k - mean;
                ss += d * d;
            }
        }
        if (pass == 1 && m >= 2) { /* boundary: one respondent gives no interval */
            double sd = sqrt(ss / (double)(m - 1));
            double half = survey_t_quantile(0.975, (double)(m - 1)) * sd / sqrt((double)m);
            out->has_ci = true;
            out->ci95[0] = mean - half;
            out->ci95[1] = mean + half;
        }
    }
    out->ci_n = m;
}

/* --- Student's t quantile ------------------------------------------------------------------ */

/* The continued fraction of the regularized incomplete beta function (modified Lentz). */
static double
beta_cf(double a, double b, double x)
{
    const double tiny = 1e-300;
    double c = 1, d = 1 - (a + b) * x / (a + 1);
    if (fabs(d) < tiny)
        d = tiny;
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= 100000; m++) {
        double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
        d = 1 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1 / d;
        h *= d * c;
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
        d = 1 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1) < 1e-16)
            break;
    }
    return h;
}

/* I_x(a, b), the regularized incomplete beta function. */
static double
beta_inc(double a, double b, double x)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    int s1, s2, s3;
    double lbt =
        lgamma_r(a + b, &s1) - lgamma_r(a, &s2) - lgamma_r(b, &s3) + a * log(x) + b * log1p(-x);
    double bt = exp(lbt);
    if (x < (a + 1) / (a + b + 2))
        return bt * beta_cf(a, b, x) / a;
    return 1 - bt * beta_cf(b, a, 1 - x) / b;
}

/* The standard normal quantile by bisection on erfc (used for large df only). */
static double
normal_quantile(double p)
{
    double lo = 0, hi = 40;
    for (int i = 0; i < 200; i++) {
        double mid = (lo + hi) / 2;
        if (0.5 * erfc(-mid / M_SQRT2) < p)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

double
survey_t_quantile(double p, double df)
{
    if (!(p > 0.5) || !(df >= 1))
        return 0;
    if (df > 1000) {
        /* Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5): below 1e-14 from here on. */
        double z = normal_quantile(p), z2 = z * z;
        double g1 = (z2 + 1) * z / 4;
        double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
        double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
        double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
        return z + g1 / df + g2 / (df * df) + g3 / (df * df * df) + g4 / (df * df * df * df);
    }
    /* P(|T| > t) = I_x(df/2, 1/2) with x = df / (df + t²): solve for x, which the tail grows
     * with, by bisection. */
    double q = 2 * (1 - p), lo = 0, hi = 1;
    for (int i = 0; i < 200; i++) {
        double mid = (lo + hi) / 2;
        if (beta_inc(df / 2, 0.5, mid) < q)
            lo = mid;
        else
            hi = mid;
    }
    double x = (lo + hi) / 2;
    return sqrt(df * (1 - x) / x);
}

/* --- Krejcie–Morgan ------------------------------------------------------------------------ */

/* The printed table (population → sample), zi-regulation.md §4.2. */
static const struct {
    int64_t population, sample;
} km_table[] = {
    {10, 10},    {15, 14},     {20, 19},     {25, 24},     {30, 28},      {40, 36},    {50, 44},
    {60, 52},    {70, 59},     {80, 66},     {90, 73},     {100, 80},     {120, 92},   {150, 108},
    {200, 132},  {250, 152},   {300, 169},   {400, 196},   {500, 217},    {600, 234},  {700, 248},
    {800, 260},  {900, 269},   {1000, 278},  {1500, 306},  {2000, 322},   {3000, 341}, {4000, 351},
    {5000, 357}, {10000, 370}, {20000, 377}, {50000, 381}, {100000, 384},
};

int
survey_sample_size(int64_t population, int64_t *out)
{
    *out = 0;
    if (population < 1) /* boundary: 1 is the smallest population */
        return ZE_INVAL;
    for (size_t i = 0; i < sizeof km_table / sizeof km_table[0]; i++)
        if (km_table[i].population == population) {
            *out = km_table[i].sample;
            return 0;
        }
    const double chi2 = 3.841, p = 0.5, d = 0.05, n = (double)population;
    double s = chi2 * n * p * (1 - p) / (d * d * (n - 1) + chi2 * p * (1 - p));
    *out = (int64_t)floor(s + 0.5);
    return 0;
}
