/* Time: UTC Unix milliseconds, replaceable in tests so no test ever sleeps. */
#ifndef ZONA_CORE_CLOCK_H
#define ZONA_CORE_CLOCK_H

#include <stdint.h>

/* Now, in UTC Unix milliseconds. Thread-safe. */
int64_t clock_now_ms(void);
/* Monotonic milliseconds for durations and timeouts. */
int64_t clock_mono_ms(void);
/* Monotonic nanoseconds for latency measurement. */
int64_t clock_mono_ns(void);
/* Replaces (or, with 0, restores) the wall clock; also set by ZONA_TEST_NOW_MS at start. */
void clock_set_fixed_ms(int64_t ms);

#endif
