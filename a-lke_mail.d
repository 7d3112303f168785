lke_mail.o: src/lke/lke_mail.c src/core/buf.h src/core/clock.h \
 src/core/config.h src/core/err.h src/core/log.h src/db/db.h \
 src/lke/lke_work.h src/web/i18n.h
src/core/buf.h:
src/core/clock.h:
src/core/config.h:
src/core/err.h:
src/core/log.h:
src/db/db.h:
src/lke/lke_work.h:
src/web/i18n.h:
