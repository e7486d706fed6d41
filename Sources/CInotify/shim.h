#ifndef GAZETTE_CINOTIFY_SHIM_H
#define GAZETTE_CINOTIFY_SHIM_H
/* Linux's file-system event API (inotify(7)), the eventfd(2) that wakes the folder watcher's
   thread, that thread's kernel id (gettid(2), for setpriority(2) on one thread) and its name,
   which Swift's Glibc module does not export. Part of the C library: nothing to link. */
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* glibc declares gettid() only under _GNU_SOURCE. */
static inline int gazette_gettid(void) { return (int)syscall(SYS_gettid); }

/* Names the calling thread (at most 15 bytes are kept); prctl(2) is variadic, which Swift
   cannot call. */
static inline int gazette_set_thread_name(const char *name) { return prctl(PR_SET_NAME, name, 0, 0, 0); }
#endif
