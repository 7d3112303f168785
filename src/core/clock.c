/* clock: the single source of wall time, so tests can pin it. */
#include "clock.h"

#include <stdatomic.h>
#include <time.h>

static _Atomic int64_t fixed_ms;

int64_t
clock_now_ms(void)
{
    int64_t f = atomic_load(&fixed_ms);
    if (f)
        return f;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
clock_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t
clock_mono_ms(void)
{
    return clock_mono_ns() / 1000000;
}

void
clock_set_fixed_ms(int64_t ms)
{
    atomic_store(&fixed_ms, ms);
}
