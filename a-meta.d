meta.o: src/db/meta.c src/core/clock.h src/core/err.h src/db/db.h
src/core/clock.h:
src/core/err.h:
src/db/db.h:
