/* cal_routes: the working-day calendar's admin pages (see cal_routes.c). */
#ifndef ZONA_ORG_CAL_ROUTES_H
#define ZONA_ORG_CAL_ROUTES_H

void cal_routes_register(void);

#endif
