log.o: src/core/log.c src/core/log.h src/core/clock.h
src/core/log.h:
src/core/clock.h:
