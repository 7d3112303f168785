form.o: src/http/form.c src/http/form.h src/http/http.h src/core/buf.h \
 src/core/config.h src/core/arena.h src/core/err.h src/db/blob.h
src/http/form.h:
src/http/http.h:
src/core/buf.h:
src/core/config.h:
src/core/arena.h:
src/core/err.h:
src/db/blob.h:
