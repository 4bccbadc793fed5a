// The getenv() described in include/COpenMPStartup.h.
#define _GNU_SOURCE
#include "COpenMPStartup.h"

#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

/// The variables answered when unset, and their answers (writable, as libc's values are, though no caller may
/// write them).
static const char policyVariable[] = "OMP_WAIT_POLICY";
static char passive[] = "PASSIVE";
static const char threadsVariable[] = "OMP_NUM_THREADS";
static char threadCount[24];
static pthread_once_t threadCountOnce = PTHREAD_ONCE_INIT;

/// The CPUs this process may run on (its affinity mask), as text: one thread per core.
static void countThreads(void) {
    long count = 0;
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0) count = CPU_COUNT(&set);
    if (count <= 0) count = sysconf(_SC_NPROCESSORS_ONLN);
    if (count <= 0) count = 1;
    snprintf(threadCount, sizeof(threadCount), "%ld", count);
}

/// libc's getenv(): the value of the first `name=value` entry of `environ`, or NULL.
static char *lookUp(const char *name) {
    if (name == NULL || environ == NULL) return NULL;
    size_t length = strlen(name);
    if (length == 0) return NULL;
    for (char **entry = environ; *entry != NULL; entry++) {
        if (strncmp(*entry, name, length) == 0 && (*entry)[length] == '=') return *entry + length + 1;
    }
    return NULL;
}

/// Whether `value` is one thread count the runtime accepts, 1 ... 1024 (spaces around it allowed), as
/// Torch.threadCounts; libgomp would also take lists ("4,2"), which the runtime does not use.
static int isThreadCount(const char *value) {
    while (*value == ' ' || *value == '\t') value++;
    long count = 0;
    int digits = 0;
    for (; *value >= '0' && *value <= '9'; value++, digits++) {
        count = count * 10 + (*value - '0');
        if (count > 1024) return 0;
    }
    while (*value == ' ' || *value == '\t') value++;
    return digits > 0 && *value == '\0' && count >= 1;
}

char *getenv(const char *name) {
    char *value = lookUp(name);
    if (name == NULL) return value;
    if (value != NULL) {
        // A thread count libgomp cannot honour (OMP_NUM_THREADS=99999 makes it fail to start its threads at the
        // first parallel region) is answered with the core count; the Torch runtime reports it in one line.
        if (strcmp(name, threadsVariable) == 0 && value[strspn(value, " \t")] != '\0' && !isThreadCount(value)) {
            pthread_once(&threadCountOnce, countThreads);
            return threadCount;
        }
        return value;
    }
    if (strcmp(name, policyVariable) == 0) return passive;
    if (strcmp(name, threadsVariable) == 0) {
        pthread_once(&threadCountOnce, countThreads);
        return threadCount;
    }
    return NULL;
}

int copenmpstartup_is_linked(void) { return 1; }
