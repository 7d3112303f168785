tmpl.o: src/web/tmpl.c src/web/tmpl.h src/core/buf.h src/core/embed.h \
 src/core/err.h src/core/xmem.h
src/web/tmpl.h:
src/core/buf.h:
src/core/embed.h:
src/core/err.h:
src/core/xmem.h:
