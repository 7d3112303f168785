/* lke_cli: zona framework and zona lke. Each returns the exit status. */
#ifndef ZONA_LKE_CLI_H
#define ZONA_LKE_CLI_H

int lke_cli_framework(int argc, char **argv);
int lke_cli_lke(int argc, char **argv);

#endif
