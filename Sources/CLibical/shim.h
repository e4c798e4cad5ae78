#ifndef ALLYSHIP_CLIBICAL_SHIM_H
#define ALLYSHIP_CLIBICAL_SHIM_H

// The system libical (Debian: libical-dev). Only the ICalendar module imports this,
// and it does so with `internal import` so no C type leaks into public API.
#include <libical/ical.h>

/// `icalerrno` is a macro over a per-thread variable; Swift cannot import the macro.
static inline icalerrorenum clibical_errno(void) { return *icalerrno_return(); }

/// Resets the per-thread error state before a call whose failure we want to detect.
static inline void clibical_clear_errno(void) { *icalerrno_return() = ICAL_NO_ERROR; }

#endif
