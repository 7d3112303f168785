lke_routes.o: src/lke/lke_routes.c src/lke/lke_routes.h src/auth/auth.h \
 src/auth/frame.h src/core/arena.h src/core/buf.h src/core/clock.h \
 src/core/config.h src/core/err.h src/core/log.h src/core/xmem.h \
 src/db/blob.h src/db/db.h src/http/http.h src/lke/lke.h \
 src/lke/lke_docs.h src/lke/lke_work.h src/org/org.h src/report/zip.h \
 src/web/fmt.h
src/lke/lke_routes.h:
src/auth/auth.h:
src/auth/frame.h:
src/core/arena.h:
src/core/buf.h:
src/core/clock.h:
src/core/config.h:
src/core/err.h:
src/core/log.h:
src/core/xmem.h:
src/db/blob.h:
src/db/db.h:
src/http/http.h:
src/lke/lke.h:
src/lke/lke_docs.h:
src/lke/lke_work.h:
src/org/org.h:
src/report/zip.h:
src/web/fmt.h:
