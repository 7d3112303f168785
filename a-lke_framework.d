lke_framework.o: src/lke/lke_framework.c src/core/buf.h src/core/embed.h \
 src/core/err.h src/core/xmem.h src/lke/lke.h
src/core/buf.h:
src/core/embed.h:
src/core/err.h:
src/core/xmem.h:
src/lke/lke.h:
