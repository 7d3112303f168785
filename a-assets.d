assets.o: src/http/assets.c src/core/arena.h src/core/embed.h \
 src/core/err.h src/http/http.h src/core/buf.h src/core/config.h
src/core/arena.h:
src/core/embed.h:
src/core/err.h:
src/http/http.h:
src/core/buf.h:
src/core/config.h:
