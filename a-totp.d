totp.o: src/auth/totp.c src/auth/auth.h src/core/buf.h src/core/err.h
src/auth/auth.h:
src/core/buf.h:
src/core/err.h:
