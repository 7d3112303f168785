/* replay: a plain driver for the fuzz targets, built with gcc and without libFuzzer, so that
 * `make test` replays every saved crash and the committed corpus (the kcgi afl-multipart.c
 * pattern). Usage: fuzz-replay/<target> FILE|DIR... Each file, and each regular file directly in
 * a directory (in name order), is read whole and passed once to LLVMFuzzerTestOneInput, after
 * LLVMFuzzerInitialize when the target defines it. The input is placed right before an
 * inaccessible page, so a read past its end crashes here too, not only under AddressSanitizer.
 * Exits 0 when every input ran, 1 when one could not be read, and crashes (naming the input) when a
 * target does. */
#include <sys/mman.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* The input being run, for the crash message: written from the signal handler. */
static char current[4096];

static void
on_crash(int sig)
{
    static const char pre[] = "replay: crashed on input ";
    ssize_t w = write(STDERR_FILENO, pre, sizeof pre - 1);
    w = write(STDERR_FILENO, current, strlen(current));
    w = write(STDERR_FILENO, "\n", 1);
    (void)w;
    signal(sig, SIG_DFL);
    raise(sig);
}

static int
run_file(const char *path, long *ran)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *data = malloc(cap);
    size_t got;
    while (data && (got = fread(data + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            cap *= 2;
            uint8_t *bigger = realloc(data, cap);
            if (!bigger)
                free(data);
            data = bigger;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!data || bad) {
        fprintf(stderr, "replay: %s: read error\n", path);
        free(data);
        return -1;
    }
    /* The input ends where an inaccessible page begins, so that reading one byte past it
     * crashes even without AddressSanitizer (libFuzzer too passes no NUL after the input). */
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t span = (len + page - 1) / page * page;
    uint8_t *map =
        mmap(NULL, span + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED || mprotect(map + span, page, PROT_NONE) != 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        free(data);
        return -1;
    }
    uint8_t *input = map + span - len;
    memcpy(input, data, len);
    free(data);
    snprintf(current, sizeof current, "%s", path);
    LLVMFuzzerTestOneInput(input, len);
    munmap(map, span + page);
    (*ran)++;
    return 0;
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_dir(const char *dir, long *ran)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    char **paths = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        size_t pl = strlen(dir) + strlen(de->d_name) + 2;
        char *p = malloc(pl);
        if (!p) {
            rc = -1;
            break;
        }
        snprintf(p, pl, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(p);
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **bigger = realloc(paths, cap * sizeof *paths);
            if (!bigger) {
                free(p);
                rc = -1;
                break;
            }
            paths = bigger;
        }
        paths[n++] = p;
    }
    closedir(d);
    if (n)
        qsort(paths, n, sizeof *paths, by_name);
    for (size_t i = 0; i < n; i++) {
        if (run_file(paths[i], ran) != 0)
            rc = -1;
        free(paths[i]);
    }
    free(paths);
    return rc;
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    static const int sigs[] = {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        signal(sigs[i], on_crash);
    long ran = 0;
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
        } else if (S_ISDIR(st.st_mode)) {
            if (run_dir(argv[i], &ran) != 0)
                rc = 1;
        } else if (run_file(argv[i], &ran) != 0) {
            rc = 1;
        }
    }
    printf("replay: %ld inputs ran\n", ran);
    return rc;
}
