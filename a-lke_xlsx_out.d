lke_xlsx_out.o: src/lke/lke_xlsx_out.c src/core/buf.h src/core/err.h \
 src/core/xmem.h src/lke/lke.h src/lke/lke_docs.h
src/core/buf.h:
src/core/err.h:
src/core/xmem.h:
src/lke/lke.h:
src/lke/lke_docs.h:
