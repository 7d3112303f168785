codes.o: src/auth/codes.c src/auth/auth.h src/auth/auth_store.h \
 src/core/clock.h src/core/err.h
src/auth/auth.h:
src/auth/auth_store.h:
src/core/clock.h:
src/core/err.h:
