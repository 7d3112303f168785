server.o: src/http/server.c src/core/arena.h src/core/clock.h \
 src/core/err.h src/core/log.h src/core/xmem.h src/db/db.h \
 src/http/form.h src/http/http.h src/core/buf.h src/core/config.h
src/core/arena.h:
src/core/clock.h:
src/core/err.h:
src/core/log.h:
src/core/xmem.h:
src/db/db.h:
src/http/form.h:
src/http/http.h:
src/core/buf.h:
src/core/config.h:
