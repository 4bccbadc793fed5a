// COpenMPStartup: linking this target into an executable makes libgomp's idle threads wait passively.
//
// libtorch runs its operators on GNU OpenMP (libgomp) threads, which by default spin while they wait for work. On a
// busy machine (more runnable threads than cores) the spinning takes the cores from the threads that have work. The
// cure, OMP_WAIT_POLICY=PASSIVE, is read once, with getenv(), by libgomp's initializer, before main() and before
// any initializer of the executable itself, so the program cannot set it in time. This target defines getenv() in
// the executable: the dynamic linker looks symbols up in the executable first, so every library's getenv() calls,
// libgomp's included, come here. It answers "PASSIVE" for OMP_WAIT_POLICY when the environment does not set that
// variable, and the number of CPUs the process may run on for OMP_NUM_THREADS when that is not set (libtorch and
// libgomp then start with one thread per core, which is what the Torch runtime wants, so it need not call
// at::set_num_threads, which also starts libtorch's pthreadpool and its spinning threads). OMP_NUM_THREADS set to
// anything but one number from 1 to 1024 (OMP_NUM_THREADS=99999 makes libgomp fail to create its threads) is also
// answered with the number of CPUs; the Torch runtime reports that value in one warning line. Every other lookup,
// and these two when they are set to a usable value, even an empty one, is answered exactly as libc's getenv()
// does, from `environ`. Nothing else changes: the environment itself, what child processes inherit and
// what the program reads from `environ` are untouched. (An earlier version restarted the program from a
// .preinit_array function with the variable added, which loaded libtorch twice; setenv() there is lost, because
// libc sets up `environ` only after the preinit functions have run.)
//
// The target has no API; the function below only lets a program or a test ask whether it is linked in.
#ifndef COPENMPSTARTUP_H
#define COPENMPSTARTUP_H

/// Returns 1: the getenv() of this target is linked into this program.
int copenmpstartup_is_linked(void);

#endif
