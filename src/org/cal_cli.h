/* cal_cli: zona workdays add and zona workdays count. Without ZONA_DB in the environment they use
 * the calendar shipped in the binary and open no database; with it, the calendar as the admins
 * keep it (and --unit reads the unit's working week). */
#ifndef ZONA_ORG_CAL_CLI_H
#define ZONA_ORG_CAL_CLI_H

struct db;

/* Runs `zona workdays` (argv[0] is "workdays"). open_db is called only when ZONA_DB is set, after
 * the arguments were checked: it loads the settings and opens (and migrates) the database,
 * printing why it could not and returning a non-zero exit status then; cal_cli closes the
 * database. Returns the exit status: 0 (also when a year crossed had no holiday list, which is
 * warned about on stderr), 1 when the calendar or the unit could not be read, 2 for a bad
 * argument. */
int cal_cli(int argc, char **argv, int (*open_db)(struct db **db));

#endif
