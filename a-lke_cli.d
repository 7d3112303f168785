lke_cli.o: src/lke/lke_cli.c src/lke/lke_cli.h src/auth/auth.h \
 src/core/buf.h src/core/clock.h src/core/err.h src/db/db.h src/lke/lke.h \
 src/lke/lke_docs.h src/lke/lke_work.h src/org/org.h src/web/i18n.h
src/lke/lke_cli.h:
src/auth/auth.h:
src/core/buf.h:
src/core/clock.h:
src/core/err.h:
src/db/db.h:
src/lke/lke.h:
src/lke/lke_docs.h:
src/lke/lke_work.h:
src/org/org.h:
src/web/i18n.h:
