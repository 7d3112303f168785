password.o: src/auth/password.c src/auth/auth.h src/core/buf.h \
 src/core/config.h src/core/embed.h src/core/err.h src/core/xmem.h \
 src/web/i18n.h
src/auth/auth.h:
src/core/buf.h:
src/core/config.h:
src/core/embed.h:
src/core/err.h:
src/core/xmem.h:
src/web/i18n.h:
