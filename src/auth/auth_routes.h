/* auth_routes: the sign-in, second-factor, password and account pages and the session API. */
#ifndef ZONA_AUTH_ROUTES_H
#define ZONA_AUTH_ROUTES_H

#include <jansson.h>

struct req;

void auth_routes_register(void);
/* The signed-in person as the API shows them (GET /api/v1/me). New reference. */
json_t *auth_me_json(struct req *rq);

#endif
