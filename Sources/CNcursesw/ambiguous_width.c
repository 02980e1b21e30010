// East-Asian ambiguous width through curses: `wcwidth`/`wcswidth` interposed for libncursesw.
//
// curses decides how many columns a character takes with libc `wcwidth`, which gives East Asian Ambiguous
// characters (Ⅰ–Ⅳ, …, “”, ·, box drawing) one column. A terminal set up for CJK draws them two columns wide, so
// with `[ui] ambiguous_wide = true` curses' idea of the cursor and the terminal's drift apart by one column per
// such character. libncursesw imports `wcwidth@GLIBC_2.2.5` through the PLT, and the dynamic linker binds it to
// the first definition in global scope: the executable's, when the executable defines (and so exports) one. So
// every program that links this shim gets these definitions; they forward to the real ones in libc (found with
// `dlsym(RTLD_NEXT, …)`) and, only while a classifier is installed, widen what the classifier calls ambiguous.
// With none installed (the default, and in every process that never turns the setting on) nothing changes.
#define _GNU_SOURCE
#include "CNcursesw.h"
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdio.h>

typedef int (*wf_libc_wcwidth_fn)(wchar_t);

static _Atomic(wf_ambiguous_classifier) installed_classifier = NULL;

static wf_libc_wcwidth_fn libc_wcwidth(void) {
    static _Atomic(wf_libc_wcwidth_fn) real = NULL;
    wf_libc_wcwidth_fn fn = atomic_load_explicit(&real, memory_order_acquire);
    if (fn == NULL) {
        fn = (wf_libc_wcwidth_fn)dlsym(RTLD_NEXT, "wcwidth");
        atomic_store_explicit(&real, fn, memory_order_release);
    }
    return fn;
}

int wcwidth(wchar_t c) {
    wf_libc_wcwidth_fn real = libc_wcwidth();
    int width = real != NULL ? real(c) : (c >= 0x20 && c < 0x7f ? 1 : -1);
    if (width == 1 && c >= 0xA0) {
        wf_ambiguous_classifier isAmbiguous = atomic_load_explicit(&installed_classifier, memory_order_acquire);
        if (isAmbiguous != NULL && isAmbiguous((uint32_t)c)) return 2;
    }
    return width;
}

// glibc's own wcswidth calls its internal wcwidth, never this one, so it is defined here too (curses does not use
// it today, but anything that measures a whole string must agree with the per-character answer).
int wcswidth(const wchar_t *s, size_t n) {
    int total = 0;
    for (size_t i = 0; i < n && s[i] != L'\0'; i++) {
        int w = wcwidth(s[i]);
        if (w < 0) return -1;
        total += w;
    }
    return total;
}

void wf_set_ambiguous_classifier(wf_ambiguous_classifier classifier) {
    atomic_store_explicit(&installed_classifier, classifier, memory_order_release);
}

int wf_wcwidth_is_interposed(void) {
    void *bound = dlsym(RTLD_DEFAULT, "wcwidth");
    return bound == (void *)&wcwidth;
}

int wf_curses_cursor_after(const wchar_t *text, const char *terminal) {
    FILE *out = fopen("/dev/null", "w");
    FILE *in = fopen("/dev/null", "r");
    if (out == NULL || in == NULL) {
        if (out) fclose(out);
        if (in) fclose(in);
        return -1;
    }
    int column = -1;
    SCREEN *screen = newterm(terminal, out, in);
    if (screen != NULL) {
        SCREEN *previous = set_term(screen);
        WINDOW *window = newwin(1, 40, 0, 0);
        if (window != NULL) {
            if (mvwaddwstr(window, 0, 0, text) != ERR) column = getcurx(window);
            delwin(window);
        }
        endwin();
        if (previous != NULL) set_term(previous);
        delscreen(screen);
    }
    fclose(out);
    fclose(in);
    return column;
}
