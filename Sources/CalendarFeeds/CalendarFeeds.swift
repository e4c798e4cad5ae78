import ICalendar
import Planning

/// Planning → iCalendar (feeds) and iCalendar → planning (imports).
public enum CalendarFeedsModule {}
