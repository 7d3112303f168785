lke_demo.o: src/lke/lke_demo.c src/auth/auth.h src/core/buf.h \
 src/core/clock.h src/core/err.h src/db/blob.h src/db/db.h src/lke/lke.h \
 src/lke/lke_work.h src/org/org.h src/web/fmt.h
src/auth/auth.h:
src/core/buf.h:
src/core/clock.h:
src/core/err.h:
src/db/blob.h:
src/db/db.h:
src/lke/lke.h:
src/lke/lke_work.h:
src/org/org.h:
src/web/fmt.h:
