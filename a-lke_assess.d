lke_assess.o: src/lke/lke_assess.c src/core/buf.h src/core/clock.h \
 src/core/err.h src/db/db.h src/lke/lke.h src/lke/lke_work.h \
 src/org/org.h src/web/fmt.h
src/core/buf.h:
src/core/clock.h:
src/core/err.h:
src/db/db.h:
src/lke/lke.h:
src/lke/lke_work.h:
src/org/org.h:
src/web/fmt.h:
