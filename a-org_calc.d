org_calc.o: src/org/org_calc.c src/core/buf.h src/core/err.h \
 src/core/xmem.h src/org/org.h src/web/fmt.h src/web/i18n.h
src/core/buf.h:
src/core/err.h:
src/core/xmem.h:
src/org/org.h:
src/web/fmt.h:
src/web/i18n.h:
