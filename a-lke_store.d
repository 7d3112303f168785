lke_store.o: src/lke/lke_store.c src/core/err.h src/core/xmem.h \
 src/db/db.h src/lke/lke_work.h
src/core/err.h:
src/core/xmem.h:
src/db/db.h:
src/lke/lke_work.h:
