zip.o: src/report/zip.c src/report/zip.h src/core/buf.h src/core/err.h \
 src/core/xmem.h
src/report/zip.h:
src/core/buf.h:
src/core/err.h:
src/core/xmem.h:
