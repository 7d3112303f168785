lke_xlsx_in.o: src/lke/lke_xlsx_in.c src/lke/lke_xlsx_in.h src/core/buf.h \
 src/core/err.h src/core/xmem.h src/lke/lke.h src/lke/lke_docs.h \
 src/report/xlsx_read.h
src/lke/lke_xlsx_in.h:
src/core/buf.h:
src/core/err.h:
src/core/xmem.h:
src/lke/lke.h:
src/lke/lke_docs.h:
src/report/xlsx_read.h:
