auth.o: src/auth/auth.c src/auth/auth.h src/auth/auth_store.h \
 src/core/arena.h src/core/clock.h src/core/err.h src/core/log.h \
 src/db/db.h src/http/http.h src/core/buf.h src/core/config.h \
 src/web/i18n.h
src/auth/auth.h:
src/auth/auth_store.h:
src/core/arena.h:
src/core/clock.h:
src/core/err.h:
src/core/log.h:
src/db/db.h:
src/http/http.h:
src/core/buf.h:
src/core/config.h:
src/web/i18n.h:
