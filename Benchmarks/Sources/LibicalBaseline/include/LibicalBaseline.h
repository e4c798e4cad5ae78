#ifndef LIBICAL_BASELINE_H
#define LIBICAL_BASELINE_H

// The benchmark workload written directly against libical, as a C programmer would: the
// baseline the Swift ICalendar module is compared with. No libical type crosses this header.

#include <stddef.h>

/// Builds the workload calendar of `count` items (every tenth a weekly series with two EXDATEs
/// and one moved instance, alternating Europe/Vienna and Asia/Bishkek) and serialises it.
/// Returns a heap string; free it with `baseline_free_string`.
char *baseline_build_and_serialise(int count);

void baseline_free_string(char *text);

/// Parses `text` with a line generator and reads every VEVENT's main properties.
/// Returns the number of VEVENTs read, or -1 if libical returned nothing.
long baseline_parse(const char *text);

/// Parses `text` and keeps the tree for `baseline_expand`; free it with `baseline_free_tree`.
void *baseline_parse_tree(const char *text);

void baseline_free_tree(void *tree);

/// Expands every series in the tree between two UTC instants (seconds since 1970), removes
/// instances replaced by RECURRENCE-ID overrides and adds the overrides. Returns the count.
long baseline_expand(void *tree, long from, long to);

#endif
