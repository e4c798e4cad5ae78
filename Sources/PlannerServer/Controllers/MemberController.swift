import CalendarFeeds
import Foundation
import Hummingbird
import PlannerStore
import Planning
import Workflows

/// `/me`: a member's own page, reached through his personal link (a token of kind `member`).
///
/// `/me/sign-in?token=…` checks the link, starts a sign-in and answers 303 to `/me` with a
/// short-lived cookie (`HttpOnly`, `SameSite=Strict`, `Secure` behind https), so the secret
/// leaves the address bar, the history and `Referer` at once. The cookie's secret is kept only
/// hashed; a revoked or rotated link ends its sign-ins. Every form carries the sign-in's form
/// token (an HMAC of the cookie under the store's secret), and a post without it is refused
/// (403) and changes nothing. What the page shows is what ``Visibility`` lets the member see:
/// the public's view and his own record and duties; another member's duty answers 404.
struct MemberController {
    let workflows: Workflows
    let resources: SiteResources
    let links: SiteLinks
    let maxBodyBytes: Int
    /// Whether the site is served over https (the cookie is then `Secure`).
    let secure: Bool
    /// How long a sign-in lasts.
    let lifetime: TimeInterval

    /// The sign-in cookie's name.
    static let cookieName = "planner-member"

    func addRoutes(to router: some RouterMethods<PlannerRequestContext>) {
        router.on(.memberSignIn, .get, use: signIn)
        router.on(.memberPage, .get, use: page)
        router.on(.memberDuty, .post, use: answerDuty)
        router.on(.memberRSVP, .post, use: answerRSVP)
        router.on(.memberAvailability, .post, use: availability)
        router.on(.memberAbsences, .post, use: absences)
        router.on(.memberInterests, .post, use: interests)
        router.on(.memberCapacity, .post, use: capacity)
        router.on(.memberSignOut, .post, use: signOut)
        router.on(.memberCalendar, .post, use: calendar)
    }

    // MARK: - Signing in and out

    @Sendable func signIn(_ request: Request, context: PlannerRequestContext) throws -> Response {
        guard let secret = request.uri.queryParameters.get("token"), !secret.isEmpty else {
            throw APIError.badField("token", "a personal link ends with ?token=…: open the whole link you were given")
        }
        guard let started = try workflows.store.signIn(withLink: secret, lasting: lifetime) else {
            throw APIError.notFound("this link signs nobody in: it may have been replaced; ask your coordinator")
        }
        var response = Self.seeOther(.memberPage)
        response.setCookie(cookie(started.secret, maxAge: Int(lifetime)))
        return response
    }

    @Sendable func signOut(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let (signedIn, _) = try await posted(request)
        try workflows.store.endSignIn(secret: signedIn.secret)
        var response = Self.seeOther(.memberPage)
        response.setCookie(cookie("", maxAge: 0))
        return response
    }

    // MARK: - The page

    @Sendable func page(_ request: Request, context: PlannerRequestContext) throws -> Response {
        guard let signedIn = try signedIn(request) else {
            var response = try resources.render(MemberPage.signedOut, template: "me")
            response.status = .unauthorized
            return response
        }
        return try render(signedIn, errors: FormErrors(), posted: FormFields(""))
    }

    // MARK: - Forms

    @Sendable func answerDuty(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let id = try Self.session(context)
        let (signedIn, fields) = try await posted(request)
        guard let answer = fields.first("answer").flatMap(DutyAnswer.init(rawValue:)) else {
            return try render(signedIn, errors: FormErrors(page: "choose accept or decline"), posted: fields)
        }
        let reason = fields.first("reason")
        return try perform(signedIn, posted: fields) {
            try workflows.answerDuty(
                id, by: signedIn.signIn, answer: answer, reason: reason?.isEmpty == false ? reason : nil)
        }
    }

    @Sendable func answerRSVP(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let id = try Self.session(context)
        let (signedIn, fields) = try await posted(request)
        guard let answer = fields.first("rsvp").flatMap(RSVP.init(rawValue:)) else {
            return try render(signedIn, errors: FormErrors(page: "choose going, maybe or not going"), posted: fields)
        }
        return try perform(signedIn, posted: fields) {
            try workflows.answerRSVP(answer, for: id, by: signedIn.signIn)
        }
    }

    /// A new link to his organiser feed, shown once on his page (not kept: the page is not cached).
    @Sendable func calendar(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let (signedIn, fields) = try await posted(request)
        let issued = try workflows.memberCalendarToken(signedIn.signIn)
        let feed = issued.feedURL(links).map(SubscribeLinks.init(feedURL:))
        return try render(signedIn, errors: FormErrors(), posted: fields, calendar: feed)
    }

    @Sendable func availability(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let (signedIn, fields) = try await posted(request)
        return try perform(signedIn, posted: fields, errorField: "availability") {
            if let remove = fields.first("remove") {
                try workflows.changeOwnRecord(.removeWindow(Int(remove) ?? -1), by: signedIn.signIn)
                return
            }
            let days = fields.all("days").compactMap(Weekday.init(rawValue:))
            let window = try WorkflowError.reading("availability") {
                try AvailabilityWindow(
                    days: days, from: LocalTime(parsing: fields.first("from") ?? ""),
                    to: LocalTime(parsing: fields.first("to") ?? ""))
            }
            try workflows.changeOwnRecord(.addWindow(window), by: signedIn.signIn)
        }
    }

    @Sendable func absences(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let (signedIn, fields) = try await posted(request)
        return try perform(signedIn, posted: fields, errorField: "absences") {
            if let remove = fields.first("remove") {
                try workflows.changeOwnRecord(.removeAbsence(Int(remove) ?? -1), by: signedIn.signIn)
                return
            }
            let absence = try WorkflowError.reading("absences") {
                try Absence(
                    from: LocalDate(parsing: fields.first("from") ?? ""),
                    to: LocalDate(parsing: fields.first("to") ?? ""),
                    reason: (fields.first("reason") ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
            }
            try workflows.changeOwnRecord(.addAbsence(absence), by: signedIn.signIn)
        }
    }

    @Sendable func interests(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let (signedIn, fields) = try await posted(request)
        return try perform(signedIn, posted: fields, errorField: "interests") {
            let chosen = try WorkflowError.reading("interests") { try fields.all("interests").map(Slug.init) }
            try workflows.changeOwnRecord(.interests(chosen), by: signedIn.signIn)
        }
    }

    @Sendable func capacity(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let (signedIn, fields) = try await posted(request)
        return try perform(signedIn, posted: fields, errorField: "capacity") {
            guard let text = fields.first("capacity"), let value = Int(text.trimmingCharacters(in: .whitespaces))
            else {
                throw WorkflowError.invalid(field: "capacity", message: "a whole number of sessions a month, 0 or more")
            }
            try workflows.changeOwnRecord(.capacity(value), by: signedIn.signIn)
        }
    }

    // MARK: - Steps every form shares

    /// The session the path names (`{activity}/{20270202T1500}`); anything else is a 404.
    static func session(_ context: PlannerRequestContext) throws -> Session.ID {
        let activity = try context.slug("activity")
        guard let ruleDate = LocalDateTime(compact: context.parameters.get("when") ?? "") else {
            throw APIError.notFound("no such session")
        }
        return Session.ID(activity: activity, ruleDate: ruleDate)
    }

    /// A sign-in with the cookie's secret that opened it.
    struct SignedIn {
        let secret: String
        let signIn: MemberSignIn
    }

    /// The sign-in the request's cookie opens, if any.
    private func signedIn(_ request: Request) throws -> SignedIn? {
        guard let secret = request.cookies[Self.cookieName]?.value, !secret.isEmpty,
            let signIn = try workflows.store.memberSignIn(secret: secret)
        else { return nil }
        return SignedIn(secret: secret, signIn: signIn)
    }

    /// The signed-in member and the posted form, whose form token must be his: 401 without a
    /// sign-in, 403 without the right form token (nothing changes either way).
    private func posted(_ request: Request) async throws -> (SignedIn, FormFields) {
        guard let signedIn = try signedIn(request) else {
            throw APIError(.unauthorized, "you are not signed in: open your personal link again")
        }
        let buffer = try await request.body.collect(upTo: maxBodyBytes)
        let fields = FormFields(String(buffer: buffer))
        guard let token = fields.first("csrf"),
            try workflows.store.isFormToken(token, forSignIn: signedIn.secret)
        else {
            throw APIError.forbidden("this form is out of date or came from elsewhere: reload your page and try again")
        }
        return (signedIn, fields)
    }

    /// Runs a form's change: on success 303 back to the page; a broken rule renders the page
    /// again (400) with the message beside the form's field and what was typed kept.
    private func perform(
        _ signedIn: SignedIn, posted fields: FormFields, errorField: String = "page", _ change: () throws -> Void
    ) throws -> Response {
        do {
            try change()
        } catch WorkflowError.invalid(let field, let message) {
            var errors = FormErrors()
            errors.set(field == "record" ? errorField : field, message)
            var response = try render(signedIn, errors: errors, posted: fields)
            response.status = .badRequest
            return response
        } catch WorkflowError.notFound(let message) {
            throw APIError.notFound(message)
        }
        return Self.seeOther(.memberPage)
    }

    private func render(
        _ signedIn: SignedIn, errors: FormErrors, posted fields: FormFields, calendar: SubscribeLinks? = nil
    ) throws -> Response {
        let overview = try workflows.memberOverview(signedIn.signIn)
        let csrf = try workflows.store.formToken(forSignIn: signedIn.secret)
        var page = MemberPage(overview: overview, csrf: csrf, errors: errors, posted: fields)
        page.calendar = calendar
        var response = try resources.render(page, template: "me")
        response.headers[.cacheControl] = "private, no-store"
        return response
    }

    private func cookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: Self.cookieName, value: value, maxAge: maxAge, path: "/me", secure: secure, httpOnly: true,
            sameSite: .strict)
    }

    /// 303 See Other to `path`, never cached (every answer sends no `Referer` onwards).
    static func seeOther(_ path: SitePath) -> Response {
        Response(
            status: .seeOther,
            headers: [.location: path.description, .cacheControl: "no-store"])
    }
}

/// The fields of an `application/x-www-form-urlencoded` body, in order, repeated names kept
/// (check boxes post one field per box).
struct FormFields {
    let pairs: [(String, String)]

    init(_ body: String) {
        pairs = body.split(separator: "&").compactMap { part in
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String? {
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = halves.first.flatMap(decode) else { return nil }
            return (name, halves.count > 1 ? decode(halves[1]) ?? "" : "")
        }
    }

    /// The first value of `name`, if posted.
    func first(_ name: String) -> String? { pairs.first { $0.0 == name }?.1 }

    /// Every value of `name`, in order.
    func all(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }
}

/// The messages to show beside each form of the page.
struct FormErrors {
    var byField: [String: String] = [:]

    init(page: String? = nil) {
        if let page { byField["page"] = page }
    }

    mutating func set(_ field: String, _ message: String) { byField[field] = message }

    subscript(_ field: String) -> String? { byField[field] }
}

/// The member page's model.
struct MemberPage {
    struct Duty {
        let title: String
        let when: String
        let role: String
        let key: String
        let action: String
        let answerText: String?
        let accepted: Bool
        let declined: Bool
    }

    struct Invitation {
        let title: String
        let when: String
        let key: String
        let action: String
        let counts: String?
        let choices: [Choice]
    }

    struct Window {
        let index: Int
        let days: String
        let range: String
    }

    struct AbsenceRow {
        let index: Int
        let from: String
        let to: String
        let reason: String?
    }

    struct Choice {
        let value: String
        let label: String
        let checked: Bool
        var id = ""
    }

    struct ThemeChoice {
        let slug: String
        let title: String
        let checked: Bool
    }

    let title: String
    let signedIn: Bool
    var groupName = ""
    var csrf = ""
    var error: String?
    var duties: [Duty] = []
    var maxReason = Workflows.maxDeclineReason
    var invitations: [Invitation] = []
    var windows: [Window] = []
    var windowError: String?
    var weekdays: [Choice] = []
    var windowFrom = ""
    var windowTo = ""
    var absences: [AbsenceRow] = []
    var absenceError: String?
    var absenceFrom = ""
    var absenceTo = ""
    var absenceReason = ""
    var themes: [ThemeChoice] = []
    var interestsError: String?
    var capacity = ""
    var capacityError: String?
    let availabilityAction = SitePath.memberForm(.memberAvailability).description
    let absencesAction = SitePath.memberForm(.memberAbsences).description
    let interestsAction = SitePath.memberForm(.memberInterests).description
    let capacityAction = SitePath.memberForm(.memberCapacity).description
    let signOutAction = SitePath.memberForm(.memberSignOut).description
    let calendarAction = SitePath.memberForm(.memberCalendar).description
    /// His organiser feed's subscribe links, just made (shown once).
    var calendar: SubscribeLinks?

    /// The page for someone without a sign-in.
    static let signedOut = MemberPage(title: "My page", signedIn: false)

    private init(title: String, signedIn: Bool) {
        self.title = title
        self.signedIn = signedIn
    }

    init(overview: MemberOverview, csrf: String, errors: FormErrors, posted: FormFields) {
        let member = overview.member
        title = "My page: \(member.name)"
        signedIn = true
        groupName = overview.group.name
        self.csrf = csrf
        error = errors["page"] ?? errors["reason"]
        duties = overview.duties.map { duty in
            let session = duty.session
            let role = session.organisers.first { $0.memberID == member.id }?.role.rawValue ?? "declined"
            let answer: String? =
                switch duty.answer {
                case .accepted: "you accepted"
                case .declined: "you declined" + (duty.reason.map { ": \($0)" } ?? "")
                case nil: nil
                }
            return Duty(
                title: duty.title, when: session.start.readable, role: role,
                key: "\(session.activity)-\(session.ruleDate.compact)",
                action: SitePath.memberDuty(activity: session.activity, ruleDate: session.ruleDate).description,
                answerText: answer, accepted: duty.answer == .accepted, declined: duty.answer == .declined)
        }
        invitations = overview.invitations.map { invitation in
            let key = "\(invitation.id.activity)-\(invitation.id.ruleDate.compact)"
            return Invitation(
                title: invitation.session.title, when: invitation.session.start.readable, key: key,
                action: SitePath.memberRSVP(activity: invitation.id.activity, ruleDate: invitation.id.ruleDate)
                    .description,
                counts: invitation.session.rsvps.map { "\($0.going) going" },
                choices: RSVP.allCases.map { answer in
                    Choice(
                        value: answer.rawValue, label: answer.words.prefix(1).uppercased() + answer.words.dropFirst(),
                        checked: invitation.rsvp == answer, id: "rsvp-\(key)-\(answer.rawValue)")
                })
        }
        windows = member.availability.enumerated().map { index, window in
            Window(index: index, days: window.days.map(\.shortName).joined(separator: ", "), range: window.timeRange)
        }
        windowError = errors["availability"] ?? errors["days"]
        let postedWindow = windowError != nil
        let chosenDays = Set(posted.all("days"))
        weekdays = Weekday.allCases.map { day in
            Choice(
                value: day.rawValue, label: day.shortName, checked: postedWindow && chosenDays.contains(day.rawValue))
        }
        windowFrom = postedWindow ? posted.first("from") ?? "" : ""
        windowTo = postedWindow ? posted.first("to") ?? "" : ""
        absences = member.absences.enumerated().map { index, absence in
            AbsenceRow(
                index: index, from: absence.from.readable, to: absence.to.readable,
                reason: absence.reason.isEmpty ? nil : absence.reason)
        }
        absenceError = errors["absences"]
        if absenceError != nil {
            absenceFrom = posted.first("from") ?? ""
            absenceTo = posted.first("to") ?? ""
            absenceReason = posted.first("reason") ?? ""
        }
        interestsError = errors["interests"]
        let chosen = interestsError != nil ? Set(posted.all("interests")) : Set(member.interests.map(\.rawValue))
        themes = overview.themes.map { theme in
            ThemeChoice(slug: theme.slug.rawValue, title: theme.title, checked: chosen.contains(theme.slug.rawValue))
        }
        capacityError = errors["capacity"]
        capacity = capacityError != nil ? posted.first("capacity") ?? "" : String(member.capacityPerMonth)
    }
}
