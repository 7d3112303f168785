app_routes.o: src/app/app_routes.c src/app/app.h src/auth/auth.h \
 src/auth/auth_routes.h src/auth/frame.h src/core/arena.h src/core/buf.h \
 src/core/config.h src/core/embed.h src/core/err.h src/core/xmem.h \
 src/db/db.h src/http/http.h src/lke/lke_routes.h src/lke/lke_work.h \
 src/org/org.h src/web/i18n.h src/web/tmpl.h
src/app/app.h:
src/auth/auth.h:
src/auth/auth_routes.h:
src/auth/frame.h:
src/core/arena.h:
src/core/buf.h:
src/core/config.h:
src/core/embed.h:
src/core/err.h:
src/core/xmem.h:
src/db/db.h:
src/http/http.h:
src/lke/lke_routes.h:
src/lke/lke_work.h:
src/org/org.h:
src/web/i18n.h:
src/web/tmpl.h:
