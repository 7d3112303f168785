arena.o: src/core/arena.c src/core/arena.h src/core/xmem.h
src/core/arena.h:
src/core/xmem.h:
