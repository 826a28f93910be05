#include <freexl.h>

#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>
/// An anonymous in-memory file (Linux memfd_create): lets freexl, which reads from a path,
/// read bytes that are already in memory without writing them to disk. -1 when unavailable.
static inline int cfreexl_memfd(const char *name) {
#ifdef SYS_memfd_create
    return (int)syscall(SYS_memfd_create, name, 1U /* MFD_CLOEXEC */);
#else
    (void)name;
    return -1;
#endif
}
#else
static inline int cfreexl_memfd(const char *name) { (void)name; return -1; }
#endif
