/* Times the drop-in call of any build of the library, so that two builds can
 * be compared in one paired run (bench/results/architecture.md):
 *
 *   dropin_time LIBRARY.so FINDINGS.json [REPEATS]
 *
 * loads LIBRARY.so with dlopen (not the library this program was built next
 * to), calls aegis_compute_attack_paths on the file REPEATS times (default
 * 1) and prints, per call, the seconds it took, the result's length and an
 * FNV-1a hash of its bytes: equal hashes from two builds mean equal output. */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef uint8_t* (*compute_fn)(const uint8_t*, size_t, size_t*);
typedef void (*free_fn)(uint8_t*, size_t);

static uint8_t* read_file(const char* path, size_t* len) {
    FILE* f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t* buf = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long size = ftell(f);
        if (size > 0 && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)size))) {
            if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
                free(buf);
                buf = NULL;
            } else {
                *len = (size_t)size;
            }
        }
    }
    fclose(f);
    return buf;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char** argv) {
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: dropin_time LIBRARY.so FINDINGS.json [REPEATS]\n");
        return 2;
    }
    int repeats = argc == 4 ? atoi(argv[3]) : 1;
    void* lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "dropin_time: %s\n", dlerror());
        return 1;
    }
    compute_fn compute = (compute_fn)dlsym(lib, "aegis_compute_attack_paths");
    free_fn release = (free_fn)dlsym(lib, "aegis_free");
    size_t len = 0;
    uint8_t* input = read_file(argv[2], &len);
    if (!compute || !release || !input) {
        fprintf(stderr, "dropin_time: %s\n", !input ? "cannot read the findings file"
                                                    : "the library lacks the drop-in calls");
        return 1;
    }
    for (int i = 0; i < repeats; ++i) {
        size_t out_len = 0;
        double start = now_seconds();
        uint8_t* out = compute(input, len, &out_len);
        double seconds = now_seconds() - start;
        if (!out) {
            fprintf(stderr, "dropin_time: the call failed\n");
            return 1;
        }
        uint64_t hash = 14695981039346656037ull;
        for (size_t k = 0; k < out_len; ++k) hash = (hash ^ out[k]) * 1099511628211ull;
        release(out, out_len);
        printf("%.4f s  %zu bytes  fnv1a %016llx\n", seconds, out_len, (unsigned long long)hash);
    }
    free(input);
    return 0;
}
