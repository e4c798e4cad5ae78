/// The planning domain of a Men for Gender Equality Group: groups, members, themes, GAP
/// priorities, observances, activity kinds, series and sessions, and the engines that plan them.
///
/// Foundation only, no I/O, deterministic: every engine gives the same output for the same input.
public enum PlanningModule {}
