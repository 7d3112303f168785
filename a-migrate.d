migrate.o: src/db/migrate.c src/db/migrate.h src/core/buf.h \
 src/core/clock.h src/core/embed.h src/core/err.h src/core/log.h \
 src/core/xmem.h src/db/db.h
src/db/migrate.h:
src/core/buf.h:
src/core/clock.h:
src/core/embed.h:
src/core/err.h:
src/core/log.h:
src/core/xmem.h:
src/db/db.h:
