lke_calc.o: src/lke/lke_calc.c src/core/buf.h src/core/err.h \
 src/core/xmem.h src/lke/lke.h
src/core/buf.h:
src/core/err.h:
src/core/xmem.h:
src/lke/lke.h:
