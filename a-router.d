router.o: src/http/router.c src/core/arena.h src/core/xmem.h \
 src/http/http.h src/core/buf.h src/core/config.h
src/core/arena.h:
src/core/xmem.h:
src/http/http.h:
src/core/buf.h:
src/core/config.h:
