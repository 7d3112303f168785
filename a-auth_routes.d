auth_routes.o: src/auth/auth_routes.c src/auth/auth_routes.h \
 src/auth/auth.h src/auth/auth_store.h src/core/arena.h src/core/buf.h \
 src/core/clock.h src/core/config.h src/core/err.h src/core/log.h \
 src/db/db.h src/auth/frame.h src/http/http.h src/web/fmt.h \
 src/web/i18n.h src/web/tmpl.h
src/auth/auth_routes.h:
src/auth/auth.h:
src/auth/auth_store.h:
src/core/arena.h:
src/core/buf.h:
src/core/clock.h:
src/core/config.h:
src/core/err.h:
src/core/log.h:
src/db/db.h:
src/auth/frame.h:
src/http/http.h:
src/web/fmt.h:
src/web/i18n.h:
src/web/tmpl.h:
