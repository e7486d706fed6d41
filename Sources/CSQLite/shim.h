#ifndef GAZETTE_CSQLITE_SHIM_H
#define GAZETTE_CSQLITE_SHIM_H
#include <sqlite3.h>

/* SQLITE_TRANSIENT is a cast macro that Swift cannot import: expose it as a function. */
static inline sqlite3_destructor_type gazette_sqlite_transient(void) { return SQLITE_TRANSIENT; }

#endif
