frame.o: src/auth/frame.c src/auth/frame.h src/auth/auth.h \
 src/core/arena.h src/core/buf.h src/core/err.h src/core/log.h \
 src/core/xmem.h src/http/http.h src/core/config.h src/web/fmt.h \
 src/web/i18n.h src/web/tmpl.h
src/auth/frame.h:
src/auth/auth.h:
src/core/arena.h:
src/core/buf.h:
src/core/err.h:
src/core/log.h:
src/core/xmem.h:
src/http/http.h:
src/core/config.h:
src/web/fmt.h:
src/web/i18n.h:
src/web/tmpl.h:
