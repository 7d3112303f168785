blob.o: src/db/blob.c src/db/blob.h src/core/clock.h src/core/err.h \
 src/core/xmem.h src/db/db.h
src/db/blob.h:
src/core/clock.h:
src/core/err.h:
src/core/xmem.h:
src/db/db.h:
