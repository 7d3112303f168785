auth_store.o: src/auth/auth_store.c src/auth/auth_store.h src/auth/auth.h \
 src/core/arena.h src/core/err.h src/db/db.h
src/auth/auth_store.h:
src/auth/auth.h:
src/core/arena.h:
src/core/err.h:
src/db/db.h:
