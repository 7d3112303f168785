throttle.o: src/auth/throttle.c src/auth/auth.h src/auth/auth_store.h \
 src/core/clock.h src/core/err.h src/db/db.h
src/auth/auth.h:
src/auth/auth_store.h:
src/core/clock.h:
src/core/err.h:
src/db/db.h:
