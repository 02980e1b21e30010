// CNcursesw: the thin C shim between Swift and ncursesw.
//
// Why it exists: Swift 6 refuses ncurses' mutable C globals (stdscr, LINES, COLS, COLORS, COLOR_PAIRS) and cannot
// call function-like macros (COLOR_PAIR, KEY_F, the A_* attribute macros built from NCURSES_BITS). Each is exposed
// here as a `static inline` function with a `wf_` prefix. Only what WatchfloorTerminal's NcursesBackend needs is
// here; everything else is reached through the normal ncurses import.
#ifndef WATCHFLOOR_CNCURSESW_H
#define WATCHFLOOR_CNCURSESW_H

#define NCURSES_WIDECHAR 1
#include <ncursesw/ncurses.h>
#include <locale.h>
#include <wchar.h>
#include <stdint.h>

// MARK: Globals
static inline WINDOW *wf_stdscr(void) { return stdscr; }
static inline int wf_lines(void) { return LINES; }
static inline int wf_cols(void) { return COLS; }
static inline int wf_colors(void) { return COLORS; }
static inline int wf_color_pairs(void) { return COLOR_PAIRS; }

// MARK: Attributes (macros built from NCURSES_BITS)
static inline attr_t wf_a_normal(void) { return A_NORMAL; }
static inline attr_t wf_a_bold(void) { return A_BOLD; }
static inline attr_t wf_a_dim(void) { return A_DIM; }
static inline attr_t wf_a_reverse(void) { return A_REVERSE; }
static inline attr_t wf_a_underline(void) { return A_UNDERLINE; }
static inline attr_t wf_a_blink(void) { return A_BLINK; }
static inline attr_t wf_a_italic(void) { return A_ITALIC; }
static inline attr_t wf_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }

// MARK: Keys (KEY_F is a macro; the rest are plain constants but kept together for clarity)
static inline int wf_key_f(int n) { return KEY_F(n); }
static inline int wf_key_code_yes(void) { return KEY_CODE_YES; }
static inline int wf_key_resize(void) { return KEY_RESIZE; }

// MARK: Capabilities
/// 1 when this ncurses has init_extended_pair/init_extended_color (ncurses >= 6.1 with extended colours).
static inline int wf_has_extended_colors(void) {
#if defined(NCURSES_EXT_COLORS) && NCURSES_EXT_COLORS
    return 1;
#else
    return 0;
#endif
}

/// Defines colour pair `pair` (fg/bg: colour numbers, -1 = terminal default after use_default_colors()).
/// Uses the extended (int) API when available so pairs beyond 32767 and colours beyond 255 work.
static inline int wf_init_pair(int pair, int fg, int bg) {
#if defined(NCURSES_EXT_COLORS) && NCURSES_EXT_COLORS
    return init_extended_pair(pair, fg, bg);
#else
    return init_pair((short)pair, (short)fg, (short)bg);
#endif
}

// MARK: Wide-character output
/// Draws one cell: a grapheme (base character plus up to CCHARW_MAX-1 combining characters, NUL-terminated) with
/// attributes and a colour pair at (y, x). The pair travels through setcchar's `opts` so extended pairs work.
static inline int wf_put_cell(WINDOW *win, int y, int x, const wchar_t *wstr, attr_t attrs, int pair) {
    cchar_t cc;
    wchar_t buf[CCHARW_MAX + 1];
    int n = 0;
    while (n < CCHARW_MAX && wstr[n] != 0) { buf[n] = wstr[n]; n++; }
    buf[n] = 0;
    if (setcchar(&cc, buf, attrs, (short)(pair < 32767 ? pair : 0), &pair) == ERR) return ERR;
    return mvwadd_wch(win, y, x, &cc);
}

// MARK: Input
/// Reads one key: returns ERR on timeout, else OK (a character in *value) or KEY_CODE_YES (a KEY_* in *value).
static inline int wf_get_wch(WINDOW *win, unsigned int *value) {
    wint_t ch = 0;
    int rc = wget_wch(win, &ch);
    *value = (unsigned int)ch;
    return rc;
}

// MARK: East-Asian ambiguous width (ambiguous_width.c)
/// Answers 1 when a scalar is East Asian Ambiguous (and so drawn two columns wide by a CJK-configured terminal).
typedef int (*wf_ambiguous_classifier)(uint32_t scalar);

/// Installs (or, with NULL, removes) the classifier the interposed `wcwidth` consults: while one is installed,
/// curses measures what it calls ambiguous as two columns, as `[ui] ambiguous_wide = true` says the terminal does.
void wf_set_ambiguous_classifier(wf_ambiguous_classifier classifier);

/// 1 when the process's `wcwidth` (the one libncursesw binds to) is the interposed one, 0 when libc's is used.
int wf_wcwidth_is_interposed(void);

/// The column curses' cursor is at after writing `text` at column 0 of a throwaway screen for `terminal` (a
/// terminfo name) over /dev/null: curses' own measure of the text. -1 when no screen could be made.
int wf_curses_cursor_after(const wchar_t *text, const char *terminal);

// MARK: Restoring the terminal
/// Installs SIGINT/SIGTERM/SIGHUP/SIGQUIT handlers that call endwin() and then re-raise the signal with its default
/// action, so a killed UI never leaves the terminal in raw mode. (endwin is not formally async-signal-safe, but it
/// only writes the reset sequences and restores termios; this is the conventional curses practice.)
void wf_install_restore_handlers(void);

#endif
