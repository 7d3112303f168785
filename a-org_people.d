org_people.o: src/org/org_people.c src/auth/auth.h src/core/buf.h \
 src/core/clock.h src/core/err.h src/db/db.h src/org/org.h \
 src/org/org_store.h src/web/fmt.h src/web/i18n.h
src/auth/auth.h:
src/core/buf.h:
src/core/clock.h:
src/core/err.h:
src/db/db.h:
src/org/org.h:
src/org/org_store.h:
src/web/fmt.h:
src/web/i18n.h:
