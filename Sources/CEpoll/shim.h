#ifndef GAZETTE_CEPOLL_SHIM_H
#define GAZETTE_CEPOLL_SHIM_H
/* Linux's readiness API and the eventfd that wakes a loop's thread, which Swift's Glibc module
   does not export. Part of the C library: nothing to link. */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#endif
