csrf.o: src/auth/csrf.c src/auth/auth.h src/core/arena.h src/core/err.h \
 src/http/http.h src/core/buf.h src/core/config.h
src/auth/auth.h:
src/core/arena.h:
src/core/err.h:
src/http/http.h:
src/core/buf.h:
src/core/config.h:
