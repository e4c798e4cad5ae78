extension ICSDuration {
    /// Reads an RFC 5545 duration (§3.3.6): `PT15M`, `-PT1H30M`, `P1D`, `P1DT12H`, `P2W`.
    ///
    /// Strict to the grammar: a `P`, then weeks alone, or days and/or a `T` part whose hours,
    /// minutes and seconds come in that order, each at most once, each with digits. Throws
    /// ``ICSError/invalidValue(property:value:reason:)`` (property `DURATION`) otherwise, or
    /// when the length does not fit in seconds.
    public init(iCalendar text: String) throws(ICSError) {
        func invalid(_ reason: String) -> ICSError {
            .invalidValue(property: "DURATION", value: String(text.prefix(40)), reason: reason)
        }
        var rest = Substring(text)
        var sign = 1
        if rest.first == "+" || rest.first == "-" {
            sign = rest.removeFirst() == "-" ? -1 : 1
        }
        guard rest.first == "P" else { throw invalid("a duration starts with P (after an optional sign), e.g. PT15M") }
        rest.removeFirst()
        // Designators in the order they may appear; `T` switches to the time part.
        let dateUnits: [(Character, Int)] = [("W", 604_800), ("D", 86_400)]
        let timeUnits: [(Character, Int)] = [("H", 3_600), ("M", 60), ("S", 1)]
        var units = dateUnits
        var inTime = false
        var sawWeeks = false
        var sawAny = false
        var sawTimeUnit = false
        var total = 0
        while let next = rest.first {
            if next == "T" {
                guard !inTime, !sawWeeks else { throw invalid("T may appear once, and not after weeks") }
                inTime = true
                units = timeUnits
                rest.removeFirst()
                continue
            }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 9, let value = Int(digits) else {
                throw invalid("expected a number of at most 9 digits before a designator")
            }
            rest.removeFirst(digits.count)
            guard let designator = rest.first, let index = units.firstIndex(where: { $0.0 == designator }) else {
                throw invalid("expected \(units.map { String($0.0) }.joined(separator: ", ")) after \(digits)")
            }
            rest.removeFirst()
            if sawWeeks || (designator == "W" && sawAny) { throw invalid("weeks cannot be combined with other units") }
            let (product, overflow) = value.multipliedReportingOverflow(by: units[index].1)
            guard !overflow, total <= Int(Int32.max) - product else { throw invalid("too long") }
            total += product
            sawAny = true
            sawWeeks = designator == "W"
            if inTime { sawTimeUnit = true }
            // Each unit at most once, in order: only the later units remain possible.
            units.removeFirst(index + 1)
        }
        guard sawAny else { throw invalid("no length given") }
        guard !inTime || sawTimeUnit else { throw invalid("T must be followed by hours, minutes or seconds") }
        self.init(seconds: sign * total)
    }
}
