// The floor of the exact JPEG path's decode: libjpeg-turbo alone (TurboJPEG, the accurate integer IDCT, fancy
// upsampling: TorchVision's and PIL's settings), per image on one thread, over the same files as
// `vision-bench --stages`, read into memory first. What `decode` costs above this is the caller's own overhead.
//
//   cc -O2 TorchRuntime/scripts/turbojpeg_floor.c -o /tmp/turbojpeg_floor -lturbojpeg
//   /tmp/turbojpeg_floor '/tmp/vb/train/*/*.jpg' [REPEATS]
//
// Prints, per repeat, the mean thread CPU time per image of each step, then the medians.
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <turbojpeg.h>

static double microseconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s 'GLOB' [REPEATS]\n", argv[0]);
        return 2;
    }
    int repeats = argc > 2 ? atoi(argv[2]) : 7;
    if (repeats < 1 || repeats > 100) repeats = 7;
    glob_t files;
    if (glob(argv[1], 0, NULL, &files) != 0 || files.gl_pathc == 0) {
        fprintf(stderr, "no file matches %s\n", argv[1]);
        return 1;
    }
    size_t n = files.gl_pathc;
    unsigned char **data = malloc(n * sizeof *data);
    unsigned long *sizes = malloc(n * sizeof *sizes);
    for (size_t i = 0; i < n; i++) {
        FILE *f = fopen(files.gl_pathv[i], "rb");
        if (!f) return 1;
        fseek(f, 0, SEEK_END);
        sizes[i] = (unsigned long)ftell(f);
        fseek(f, 0, SEEK_SET);
        data[i] = malloc(sizes[i]);
        if (fread(data[i], 1, sizes[i], f) != sizes[i]) return 1;
        fclose(f);
    }
    const char *names[] = {"handle", "header", "allocate", "decompress", "total"};
    double results[5][100];
    for (int r = 0; r < repeats; r++) {
        double sums[5] = {0};
        for (size_t i = 0; i < n; i++) {
            double t0 = microseconds();
            tjhandle handle = tjInitDecompress();
            double t1 = microseconds();
            int width, height, subsampling, colorspace;
            if (tjDecompressHeader3(handle, data[i], sizes[i], &width, &height, &subsampling, &colorspace) != 0)
                return 1;
            double t2 = microseconds();
            unsigned char *out = calloc((size_t)width * height * 3, 1);  // zeroed, as Swift's [UInt8](repeating:)
            double t3 = microseconds();
            if (tjDecompress2(handle, data[i], sizes[i], out, width, 0, height, TJPF_RGB, TJFLAG_ACCURATEDCT) != 0)
                return 1;
            double t4 = microseconds();
            free(out);
            tjDestroy(handle);
            double t5 = microseconds();
            sums[0] += (t1 - t0) + (t5 - t4);
            sums[1] += t2 - t1;
            sums[2] += t3 - t2;
            sums[3] += t4 - t3;
            sums[4] += t5 - t0;
        }
        printf("repeat %d:", r + 1);
        for (int s = 0; s < 5; s++) {
            results[s][r] = sums[s] / n;
            printf(" %s %.1f us", names[s], results[s][r]);
        }
        printf("\n");
    }
    printf("median of %d, %zu images:", repeats, n);
    for (int s = 0; s < 5; s++) {
        qsort(results[s], repeats, sizeof(double), compare);
        printf(" %s %.1f us", names[s], results[s][repeats / 2]);
    }
    printf("\n");
    return 0;
}
