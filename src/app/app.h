/* app: the platform's own pages and endpoints (landing page, language switch, health, metrics,
 * OpenAPI, static files), and the wiring of every part's routes into the server. */
#ifndef ZONA_APP_APP_H
#define ZONA_APP_APP_H

/* Loads templates and catalogs and registers every route. Returns 0 or ZE_INVAL (printed). */
int app_init(void);
void app_shutdown(void);

#endif
