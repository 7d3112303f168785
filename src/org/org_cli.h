/* org_cli: zona unit, zona user, zona audit and zona routes. Each returns the exit status. */
#ifndef ZONA_ORG_CLI_H
#define ZONA_ORG_CLI_H

struct db;

int org_cli_unit(struct db *db, int argc, char **argv);
int org_cli_user(struct db *db, int argc, char **argv);
int org_cli_audit(struct db *db, int argc, char **argv);
/* Prints every route: METHOD, pattern, permission ("public" or a permission name). */
int org_cli_routes(void);

#endif
