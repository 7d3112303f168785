db_pg.o: src/db/db_pg.c /usr/include/postgresql/libpq-fe.h \
 /usr/include/postgresql/postgres_ext.h \
 /usr/include/postgresql/pg_config_ext.h src/core/config.h src/core/err.h \
 src/core/xmem.h src/db/db_impl.h src/db/db.h
/usr/include/postgresql/libpq-fe.h:
/usr/include/postgresql/postgres_ext.h:
/usr/include/postgresql/pg_config_ext.h:
src/core/config.h:
src/core/err.h:
src/core/xmem.h:
src/db/db_impl.h:
src/db/db.h:
