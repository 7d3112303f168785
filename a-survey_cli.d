survey_cli.o: src/survey/survey_cli.c src/survey/survey_cli.h \
 src/core/buf.h src/core/err.h src/survey/survey.h
src/survey/survey_cli.h:
src/core/buf.h:
src/core/err.h:
src/survey/survey.h:
