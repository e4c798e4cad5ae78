internal import CLibical

// ICalendar: a Swift face of libical 3 that knows nothing about planning.
//
// Values (all Sendable, prefixed `ICS` so they never clash with Foundation's Calendar,
// TimeZone and Date): ICSCalendar → [ICSEvent] → [ICSAlarm]; ICSDateTime (.date, .utc,
// .local(wall time, IANA zone id), .floating); ICSRecurrenceRule; ICSParticipant;
// ICSConference; ICSGeo; ICSDuration; ICSOccurrence.
//
// Operations: ICSCalendar.serialized() / serializedData() (VTIMEZONEs added automatically);
// ICSCalendar.parse(_:options:) for String, Data or a file URL (strict or lenient, with
// ICSProblem lines); ICSCalendar.occurrences(in:) (RRULE, EXDATE, RDATE, RECURRENCE-ID, DST);
// ICSTimeZoneDatabase for zone ids and instants. Errors are ICSError.
//
// Inside: every libical call runs under one recursive lock (Libical.locked); each libical root
// component is owned by a ComponentTree that frees it in deinit; only `_r` string functions
// are used. What libical was seen to do on this platform, traps included, is the team's
// libical-facts note (shared reference, outside this repository).

/// The version of the libical this module runs on, as the library reports it.
public enum ICalendarLibrary {
    /// libical's version string, for example `3.0.16`.
    public static var version: String { ICAL_VERSION }
}
