#ifndef WATCHFLOOR_CNCURSESW_H
#define WATCHFLOOR_CNCURSESW_H
#define NCURSES_WIDECHAR 1
#include <ncursesw/ncurses.h>
#endif
