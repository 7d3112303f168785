db_sqlite.o: src/db/db_sqlite.c src/core/buf.h src/core/err.h \
 src/db/db_impl.h src/db/db.h
src/core/buf.h:
src/core/err.h:
src/db/db_impl.h:
src/db/db.h:
