survey_calc.o: src/survey/survey_calc.c src/core/err.h \
 src/survey/survey.h
src/core/err.h:
src/survey/survey.h:
