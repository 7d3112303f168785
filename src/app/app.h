/* app: the platform's own pages and endpoints (landing page, language switch, health, metrics,
 * OpenAPI, static files), and the wiring of every part's routes into the server. */
#ifndef ZONA_APP_APP_H
#define ZONA_APP_APP_H

#include <stdint.h>

/* Loads templates and catalogs and registers every route. Returns 0 or ZE_INVAL (printed). */
int app_init(void);
void app_shutdown(void);

struct db;
/* The proposals of the whistleblowing channel (pemenuhan.5.iv.a) and of gratification control
 * (pemenuhan.5.i.a, 5.i.b) to the unit's assessment of year, in the caller's transaction; nothing
 * when the unit has none that year (app_lke.c). The parts' figures hooks. */
int app_lke_wbs(struct db *db, int64_t unit_id, int year, int64_t now);
int app_lke_grat(struct db *db, int64_t unit_id, int year, int64_t now);

#endif
