config.o: src/core/config.c src/core/config.h src/core/buf.h \
 src/core/err.h src/core/xmem.h
src/core/config.h:
src/core/buf.h:
src/core/err.h:
src/core/xmem.h:
