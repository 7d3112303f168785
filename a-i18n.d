i18n.o: src/web/i18n.c src/web/i18n.h src/core/buf.h src/core/embed.h \
 src/core/err.h src/core/xmem.h
src/web/i18n.h:
src/core/buf.h:
src/core/embed.h:
src/core/err.h:
src/core/xmem.h:
