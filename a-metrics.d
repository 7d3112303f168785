metrics.o: src/http/metrics.c src/core/clock.h src/db/db.h \
 src/http/http.h src/core/buf.h src/core/config.h
src/core/clock.h:
src/db/db.h:
src/http/http.h:
src/core/buf.h:
src/core/config.h:
