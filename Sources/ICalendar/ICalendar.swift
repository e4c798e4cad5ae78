internal import CLibical

/// The version of the libical this module runs on, as the library reports it.
public enum ICalendarLibrary {
    /// libical's version string, for example `3.0.16`.
    public static var version: String { ICAL_VERSION }
}
