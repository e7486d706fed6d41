#ifndef GAZETTE_CSQLITE_SHIM_H
#define GAZETTE_CSQLITE_SHIM_H
#include <sqlite3.h>

/* SQLITE_TRANSIENT is a cast macro that Swift cannot import: expose it as a function. */
static inline sqlite3_destructor_type gazette_sqlite_transient(void) { return SQLITE_TRANSIENT; }

/* sqlite3_db_config is variadic; Swift cannot call variadic C functions directly. */
static inline int gazette_sqlite_db_config_int(sqlite3 *db, int op, int value, int *result) {
    return sqlite3_db_config(db, op, value, result);
}
#endif
