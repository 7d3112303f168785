org_store.o: src/org/org_store.c src/org/org_store.h src/org/org.h \
 src/core/err.h src/core/xmem.h src/db/db.h
src/org/org_store.h:
src/org/org.h:
src/core/err.h:
src/core/xmem.h:
src/db/db.h:
