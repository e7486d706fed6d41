#ifndef GAZETTE_CINOTIFY_SHIM_H
#define GAZETTE_CINOTIFY_SHIM_H
/* Linux's file-system event API (inotify(7)), the eventfd(2) that wakes the folder watcher's
   thread, and that thread's kernel id (gettid(2), for setpriority(2) on one thread), which Swift's
   Glibc module does not export. Part of the C library: nothing to link. */
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <unistd.h>

/* glibc declares gettid() only under _GNU_SOURCE. */
static inline int gazette_gettid(void) { return (int)syscall(SYS_gettid); }
#endif
