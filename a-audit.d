audit.o: src/auth/audit.c src/auth/auth.h src/auth/auth_store.h \
 src/core/buf.h src/core/clock.h src/core/err.h src/core/xmem.h \
 src/db/blob.h src/db/db.h src/http/http.h src/core/config.h
src/auth/auth.h:
src/auth/auth_store.h:
src/core/buf.h:
src/core/clock.h:
src/core/err.h:
src/core/xmem.h:
src/db/blob.h:
src/db/db.h:
src/http/http.h:
src/core/config.h:
