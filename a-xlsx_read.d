xlsx_read.o: src/report/xlsx_read.c src/report/xlsx_read.h src/core/buf.h \
 src/core/err.h src/core/xmem.h
src/report/xlsx_read.h:
src/core/buf.h:
src/core/err.h:
src/core/xmem.h:
