org_routes.o: src/org/org_routes.c src/auth/auth.h src/auth/auth_routes.h \
 src/auth/frame.h src/core/arena.h src/core/buf.h src/core/clock.h \
 src/core/config.h src/core/err.h src/core/xmem.h src/db/db.h \
 src/http/http.h src/org/org.h src/org/org_store.h src/web/fmt.h \
 src/web/i18n.h
src/auth/auth.h:
src/auth/auth_routes.h:
src/auth/frame.h:
src/core/arena.h:
src/core/buf.h:
src/core/clock.h:
src/core/config.h:
src/core/err.h:
src/core/xmem.h:
src/db/db.h:
src/http/http.h:
src/org/org.h:
src/org/org_store.h:
src/web/fmt.h:
src/web/i18n.h:
