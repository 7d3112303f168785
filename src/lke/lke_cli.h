/* lke_cli: zona framework and zona lke. Each returns the exit status. */
#ifndef ZONA_LKE_CLI_H
#define ZONA_LKE_CLI_H

int lke_cli_framework(int argc, char **argv);
int lke_cli_lke(int argc, char **argv);
/* The subcommands that need the database: zona framework load, zona lke export / import /
 * remind. */
struct db;
int lke_cli_framework_load(struct db *db, int argc, char **argv);
int lke_cli_lke_db(struct db *db, int argc, char **argv);

#endif
