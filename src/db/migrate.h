/* migrate: applies the embedded sql/NNN_name.sql files in order, each in its own transaction. */
#ifndef ZONA_DB_MIGRATE_H
#define ZONA_DB_MIGRATE_H

struct db;

/* Applies every migration not yet applied. Safe to run from several processes at once (the
 * write transaction, and on PostgreSQL an advisory lock, serialise them). Returns 0 or ZE_DB
 * after logging the file and the database's message. *applied (may be NULL) counts new ones. */
int migrate_run(struct db *db, int *applied);
/* The highest applied version, 0 for an empty database, or a negative ZE_* code. */
int migrate_version(struct db *db);

#endif
