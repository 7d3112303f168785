lke_flow.o: src/lke/lke_flow.c src/core/err.h src/lke/lke_work.h
src/core/err.h:
src/lke/lke_work.h:
