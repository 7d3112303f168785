session.o: src/auth/session.c src/auth/auth.h src/auth/auth_store.h \
 src/core/arena.h src/core/clock.h src/core/config.h src/core/err.h \
 src/http/http.h src/core/buf.h
src/auth/auth.h:
src/auth/auth_store.h:
src/core/arena.h:
src/core/clock.h:
src/core/config.h:
src/core/err.h:
src/http/http.h:
src/core/buf.h:
