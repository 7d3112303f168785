db.o: src/db/db.c src/core/buf.h src/core/err.h src/core/xmem.h \
 src/db/db_impl.h src/db/db.h
src/core/buf.h:
src/core/err.h:
src/core/xmem.h:
src/db/db_impl.h:
src/db/db.h:
