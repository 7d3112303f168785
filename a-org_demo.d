org_demo.o: src/org/org_demo.c src/auth/auth.h src/core/buf.h \
 src/core/clock.h src/core/err.h src/db/db.h src/org/org.h \
 src/org/org_store.h
src/auth/auth.h:
src/core/buf.h:
src/core/clock.h:
src/core/err.h:
src/db/db.h:
src/org/org.h:
src/org/org_store.h:
