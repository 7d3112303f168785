buf.o: src/core/buf.c src/core/buf.h src/core/err.h src/core/xmem.h
src/core/buf.h:
src/core/err.h:
src/core/xmem.h:
