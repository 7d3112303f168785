survey_instrument.o: src/survey/survey_instrument.c src/core/buf.h \
 src/core/embed.h src/core/err.h src/core/xmem.h src/survey/survey.h
src/core/buf.h:
src/core/embed.h:
src/core/err.h:
src/core/xmem.h:
src/survey/survey.h:
