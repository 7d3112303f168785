/* survey_cli: zona survey index and zona survey sample-size. Both are pure: they open no database,
 * need no settings and work from any directory. Returns the exit status. */
#ifndef ZONA_SURVEY_CLI_H
#define ZONA_SURVEY_CLI_H

int survey_cli(int argc, char **argv);

#endif
