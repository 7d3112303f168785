fmt.o: src/web/fmt.c src/web/fmt.h src/core/buf.h
src/web/fmt.h:
src/core/buf.h:
