#ifndef WATCHFLOOR_CLIBPQ_SHIM_H
#define WATCHFLOOR_CLIBPQ_SHIM_H
/* libpq, PostgreSQL's own C client (Debian's libpq-dev): the store's second engine speaks it synchronously,
   like the SQLite engine, and gets LISTEN/NOTIFY through PQsocket/PQconsumeInput/PQnotifies. */
#include <libpq-fe.h>
#endif
