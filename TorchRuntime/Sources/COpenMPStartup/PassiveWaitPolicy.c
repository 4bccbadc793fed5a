// The .preinit_array hook described in include/COpenMPStartup.h. It runs before libc is initialized, so it calls
// nothing but two system-call wrappers (readlink, execve) and touches no global state of libc.
#include "COpenMPStartup.h"

#include <limits.h>
#include <stddef.h>
#include <unistd.h>

/// The variable and the value it gets; the prefix is what an existing setting starts with.
static const char assignment[] = "OMP_WAIT_POLICY=PASSIVE";
static const size_t prefixLength = sizeof("OMP_WAIT_POLICY=") - 1;

/// The most environment entries copied on the stack; a larger environment is left alone (no re-exec).
enum { maxEntries = 8192 };

static int startsWithPrefix(const char *entry) {
    for (size_t i = 0; i < prefixLength; i++) {
        if (entry[i] != assignment[i]) return 0;
    }
    return 1;
}

static void passiveWaitPolicy(int argc, char **argv, char **envp) {
    (void)argc;
    if (argv == NULL || envp == NULL) return;
    size_t count = 0;
    for (char **entry = envp; *entry != NULL; entry++, count++) {
        if (startsWithPrefix(*entry)) return;  // set by the user (or by the exec below): keep it
    }
    if (count >= maxEntries) return;
    // The program's real path, so that the new image keeps its name (exec of /proc/self/exe would rename it "exe").
    char path[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", path, sizeof(path) - 1);
    if (length <= 0) return;
    path[length] = '\0';
    char *environment[count + 2];
    for (size_t i = 0; i < count; i++) environment[i] = envp[i];
    environment[count] = (char *)assignment;
    environment[count + 1] = NULL;
    execve(path, argv, environment);
    // Only reached when execve failed (the file is gone, no /proc): run on with OpenMP's default policy.
}

__attribute__((section(".preinit_array"), used)) static void (*const preinitEntry)(int, char **, char **) =
    passiveWaitPolicy;

int copenmpstartup_is_linked(void) { return 1; }
