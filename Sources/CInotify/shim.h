#ifndef GAZETTE_CINOTIFY_SHIM_H
#define GAZETTE_CINOTIFY_SHIM_H
/* Linux's file-system event API (inotify(7)), which Swift's Glibc module does not export. Part of
   the C library: nothing to link. */
#include <sys/inotify.h>
#endif
