embed.o: src/core/embed.c src/core/embed.h src/core/buf.h src/core/err.h \
 src/core/xmem.h
src/core/embed.h:
src/core/buf.h:
src/core/err.h:
src/core/xmem.h:
