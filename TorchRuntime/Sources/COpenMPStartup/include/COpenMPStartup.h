// COpenMPStartup: linking this target into an executable makes libgomp's idle threads wait passively.
//
// libtorch runs its operators on GNU OpenMP (libgomp) threads, which by default spin while they wait for work. On a
// busy machine (more runnable threads than cores) the spinning takes the cores from the threads that have work. The
// cure, OMP_WAIT_POLICY=PASSIVE, is read once, by libgomp's initializer, before main() and before any initializer
// of the executable itself. So this target puts a function in the executable's .preinit_array, which the dynamic
// linker runs before every shared library's initializer: when OMP_WAIT_POLICY is not set, it starts the same program
// again (same process id, same arguments) with OMP_WAIT_POLICY=PASSIVE added to the environment. (A plain setenv()
// there would be lost: libc sets up `environ` only after the preinit functions have run.) A value the user has set is
// kept. The target has no API; the function below only lets a program or a test ask whether it is linked in.
#ifndef COPENMPSTARTUP_H
#define COPENMPSTARTUP_H

/// Returns 1: the startup hook is linked into this program.
int copenmpstartup_is_linked(void);

#endif
