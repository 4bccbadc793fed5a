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

char *getenv(const char *name) {
    char *value = lookUp(name);
    if (value != NULL || name == NULL) return value;
    if (strcmp(name, policyVariable) == 0) return passive;
    if (strcmp(name, threadsVariable) == 0) {
        pthread_once(&threadCountOnce, countThreads);
        return threadCount;
    }
    return NULL;
}

int copenmpstartup_is_linked(void) { return 1; }
