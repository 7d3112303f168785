survey_csv.o: src/survey/survey_csv.c src/core/buf.h src/core/err.h \
 src/core/xmem.h src/org/org.h src/survey/survey.h
src/core/buf.h:
src/core/err.h:
src/core/xmem.h:
src/org/org.h:
src/survey/survey.h:
