/* lke_routes: the LKE's pages and API (see lke_routes.c). */
#ifndef ZONA_LKE_LKE_ROUTES_H
#define ZONA_LKE_LKE_ROUTES_H

struct req;

void lke_routes_register(void);
/* The header's inbox count (frame_set_inbox_counter). */
long long lke_inbox_unread(struct req *rq, long long user_id);

#endif
