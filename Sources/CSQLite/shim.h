#ifndef WATCHFLOOR_CSQLITE_SHIM_H
#define WATCHFLOOR_CSQLITE_SHIM_H
#include <sqlite3.h>
/* SQLITE_TRANSIENT is a cast macro Swift cannot import. */
static inline sqlite3_destructor_type wf_sqlite_transient(void) { return SQLITE_TRANSIENT; }
/* sqlite3_config is variadic, which Swift cannot call. Turning off the allocator's statistics removes a global
   mutex from every sqlite3_malloc; it must run before SQLite initialises (the first open). */
static inline int wf_sqlite_disable_memstatus(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
#endif
