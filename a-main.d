main.o: src/main.c src/app/app.h src/core/clock.h src/core/config.h \
 src/core/embed.h src/core/err.h src/core/log.h src/db/db.h \
 src/db/migrate.h src/http/http.h src/core/buf.h src/core/config.h \
 src/lke/lke_cli.h src/lke/lke_work.h src/org/org.h src/org/org_cli.h \
 src/survey/survey_cli.h
src/app/app.h:
src/core/clock.h:
src/core/config.h:
src/core/embed.h:
src/core/err.h:
src/core/log.h:
src/db/db.h:
src/db/migrate.h:
src/http/http.h:
src/core/buf.h:
src/core/config.h:
src/lke/lke_cli.h:
src/lke/lke_work.h:
src/org/org.h:
src/org/org_cli.h:
src/survey/survey_cli.h:
