lke_registry.o: src/lke/lke_registry.c src/core/buf.h src/core/embed.h \
 src/core/err.h src/core/xmem.h src/db/db.h src/lke/lke.h \
 src/lke/lke_work.h
src/core/buf.h:
src/core/embed.h:
src/core/err.h:
src/core/xmem.h:
src/db/db.h:
src/lke/lke.h:
src/lke/lke_work.h:
