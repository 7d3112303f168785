response.o: src/http/response.c src/core/arena.h src/core/err.h \
 src/http/http.h src/core/buf.h src/core/config.h
src/core/arena.h:
src/core/err.h:
src/http/http.h:
src/core/buf.h:
src/core/config.h:
