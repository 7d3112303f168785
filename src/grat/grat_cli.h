/* grat_cli: zona gratification deadline and zona gratification advise. The advice never opens a
 * database (the rules are in the binary); the deadline uses the calendar shipped in the binary
 * without ZONA_DB in the environment and opens no database, and with it the calendar as the
 * admins keep it. */
#ifndef ZONA_GRAT_GRAT_CLI_H
#define ZONA_GRAT_GRAT_CLI_H

struct db;

/* Runs `zona gratification` (argv[0] is "gratification"). open_db is called only for the deadline
 * when ZONA_DB is set, after the arguments were checked: it loads the settings and opens (and
 * migrates) the database, printing why it could not and returning a non-zero exit status then;
 * grat_cli closes the database. Returns the exit status: 0 whenever a result was printed (also
 * when a year crossed had no holiday list, which is warned about on stderr), 1 when the calendar
 * could not be read, 2 for a bad argument. */
int grat_cli(int argc, char **argv, int (*open_db)(struct db **db));

#endif
