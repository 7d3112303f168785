org_cli.o: src/org/org_cli.c src/org/org_cli.h src/auth/auth.h \
 src/core/buf.h src/core/err.h src/db/db.h src/http/http.h \
 src/core/config.h src/org/org.h src/org/org_store.h src/web/i18n.h
src/org/org_cli.h:
src/auth/auth.h:
src/core/buf.h:
src/core/err.h:
src/db/db.h:
src/http/http.h:
src/core/config.h:
src/org/org.h:
src/org/org_store.h:
src/web/i18n.h:
