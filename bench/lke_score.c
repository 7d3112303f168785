/* lke_score: how long the one scoring function takes on a complete assessment of the shipped
 * framework (113 questions). Prints the mean and the slowest of N runs in microseconds. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/buf.h"
#include "lke/lke.h"

static double
now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int
by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 20000;
    if (n < 1)
        n = 1;
    struct lke_framework *f;
    struct buf err = BUF_INIT;
    if (lke_framework_shipped(&f, &err) != 0) {
        fprintf(stderr, "%s", buf_cstr(&err));
        return 1;
    }
    json_t *answers = json_object();
    for (size_t i = 0; i < f->nquestions; i++) {
        const struct lke_question *q = &f->questions[i];
        json_t *v = q->type == LKE_YN        ? json_string("ya")
                    : q->type == LKE_OPTIONS ? json_string(q->option_keys[i % (size_t)q->noptions])
                    : q->type == LKE_INDEX   ? json_real(3.4)
                                             : json_real(87.5);
        json_object_set_new(answers, q->code, v);
    }
    double total = 0, worst = 0;
    double *each = calloc((size_t)n, sizeof *each);
    for (int i = 0; i < n; i++) {
        json_t *result = NULL;
        double t0 = now_us();
        if (lke_score(f, answers, &result, &err) != 0) {
            fprintf(stderr, "%s\n", buf_cstr(&err));
            return 1;
        }
        double dt = now_us() - t0;
        json_decref(result);
        total += dt;
        each[i] = dt;
        if (dt > worst)
            worst = dt;
    }
    qsort(each, (size_t)n, sizeof *each, by_value);
    printf("lke_score: %d runs of a complete assessment (%zu questions): mean %.1f us, p99 %.1f "
           "us, slowest %.1f us\n",
           n, f->nquestions, total / n, each[(size_t)n * 99 / 100], worst);
    free(each);
    json_decref(answers);
    lke_framework_free(f);
    buf_free(&err);
    return 0;
}
