xmem.o: src/core/xmem.c src/core/xmem.h
src/core/xmem.h:
