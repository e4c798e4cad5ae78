import CalendarFeeds
import Foundation
import Hummingbird
import PlannerStore
import Planning
import QRCode
import Synchronization
import Workflows

/// `/groups/{group}/sessions/{activity}/{when}/feedback/{code}`: a session's anonymous feedback
/// form and where it posts. No login and no identity: the code in the link opens the form, an
/// answer stores four values and the day it came. A form without JavaScript, for a phone.
///
/// Guard rails: the form takes answers from the session's start for `feedback-days` days and
/// at most `feedback-max-answers`; one client address may give a session at most
/// `feedback-answers-per-address` answers (counted in memory, never stored); a hidden
/// honeypot field filled in (by a bot) is thanked and dropped; a post without the form's
/// double-submit token (``FormToken``) is refused (403) with the form again.
struct FeedbackController {
    let workflows: Workflows
    let resources: SiteResources
    let rules: FeedbackRules
    let perAddress: AddressLimit
    let maxBodyBytes: Int
    let formToken: FormToken
    let links: SiteLinks

    func addRoutes(to router: some RouterMethods<PlannerRequestContext>) {
        router.on(.feedbackForm, .get, use: form)
        router.on(.feedbackForm, .post, use: submit)
        router.on(.feedbackPoster, .get, use: poster)
    }

    /// The printable poster of the form's address: the same code opens it (without the code,
    /// there is no page), the QR code drawn by libqrencode.
    @Sendable func poster(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let (form, code) = try resolve(context)
        let link = links.url(
            .feedbackForm(form.group.slug, activity: form.session.activity, ruleDate: form.session.ruleDate, code: code)
        )
        let qr = try QRCode(encoding: link).svg(title: "QR code of the feedback form's address", size: 280)
        return try resources.render(
            PosterPage(
                title: "Feedback: \(form.activity.title)", sessionTitle: form.activity.title,
                when: form.session.start.readable, link: link, qr: qr, days: rules.days),
            template: "poster")
    }

    /// What the form posts (`application/x-www-form-urlencoded`).
    struct Posted: Decodable {
        let usefulness: String?
        let again: String?
        let change: String?
        let gender: String?
        /// The honeypot: people never see it, bots fill it in.
        let website: String?
        /// The form's double-submit token.
        let csrf: String?
    }

    /// The form's page model.
    struct FormPage {
        let title: String
        let sessionTitle: String
        let when: String
        let action: String
        let csrf: String
        let closed: String?
        let error: String?
        let maxChange = FeedbackAnswer.maxChange
        let scale: [Choice]
        let again: [Choice]
        let genders: [Choice]
        let change: String
    }

    /// One radio button, checked again when a form comes back with an error.
    struct Choice {
        let value: String
        let label: String
        let id: String
        let checked: Bool
    }

    @Sendable func form(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let (form, code) = try resolve(context)
        return try page(form, code: code, closed: workflows.feedbackClosed(form, rules: rules), error: nil, posted: nil)
    }

    @Sendable func submit(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let (form, code) = try resolve(context)
        let buffer = try await request.body.collect(upTo: maxBodyBytes)
        let posted = try? URLEncodedFormDecoder().decode(Posted.self, from: String(buffer: buffer))
        if let closed = workflows.feedbackClosed(form, rules: rules) {
            return try page(form, code: code, closed: closed, error: nil, posted: nil, status: .gone)
        }
        guard formToken.checked(request, posted: posted?.csrf) != nil else {
            return try page(
                form, code: code, closed: nil, error: "this form is out of date: please send it again",
                posted: posted, status: .forbidden)
        }
        let thanks = ThanksPage(title: "Thank you", sessionTitle: form.activity.title)
        if let website = posted?.website, !website.isEmpty {
            return try resources.render(thanks, template: "thanks")
        }
        let answer: FeedbackAnswer
        do {
            answer = try Self.answer(posted)
        } catch let error as PlanningError {
            return try page(form, code: code, closed: nil, error: error.message, posted: posted, status: .badRequest)
        }
        guard perAddress.admit(session: form.session.id, group: form.group.slug, address: context.clientAddress)
        else {
            return try page(
                form, code: code, closed: nil, error: "this device has already answered for this session; thank you",
                posted: nil, status: .tooManyRequests)
        }
        do {
            try workflows.submitFeedback(answer, to: form, code: code, rules: rules)
        } catch WorkflowError.invalid(_, let message) {
            return try page(form, code: code, closed: message, error: nil, posted: nil, status: .gone)
        }
        return try resources.render(thanks, template: "thanks")
    }

    /// The form the path and its code open; 404 for anything else.
    private func resolve(_ context: PlannerRequestContext) throws -> (FeedbackForm, code: String) {
        let group = try context.slug("group")
        let activity = try context.slug("activity")
        let code = try context.code("code")
        guard let ruleDate = LocalDateTime(compact: context.parameters.get("when") ?? ""),
            let form = try workflows.feedbackForm(
                Session.ID(activity: activity, ruleDate: ruleDate), in: group, code: code)
        else { throw APIError.notFound("no feedback form here: check the link you were given") }
        return (form, code)
    }

    /// The answer the form holds, checked by the domain.
    static func answer(_ posted: Posted?) throws -> FeedbackAnswer {
        guard let text = posted?.usefulness, let usefulness = Int(text) else {
            throw PlanningError(.emptyValue, "say how useful the session was, from 1 to 5", path: "usefulness")
        }
        guard let again = posted?.again.flatMap(FeedbackAnswer.Again.init(rawValue:)) else {
            throw PlanningError(.emptyValue, "say whether you would come again", path: "again")
        }
        let gender = posted?.gender.flatMap { $0.isEmpty ? nil : FeedbackAnswer.Gender(rawValue: $0) }
        return try FeedbackAnswer(usefulness: usefulness, again: again, change: posted?.change, gender: gender)
    }

    private func page(
        _ form: FeedbackForm, code: String, closed: String?, error: String?, posted: Posted?,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let session = form.session
        let activity = form.activity
        let action = SitePath.feedbackForm(
            form.group.slug, activity: session.activity, ruleDate: session.ruleDate, code: code
        ).description
        let labels = ["1": "1, not useful", "2": "2", "3": "3", "4": "4", "5": "5, very useful"]
        let model = FormPage(
            title: "Feedback: \(activity.title)", sessionTitle: activity.title, when: session.start.readable,
            action: action, csrf: FormToken.make(), closed: closed, error: error,
            scale: (1...5).map { value in
                Choice(
                    value: "\(value)", label: labels["\(value)"] ?? "\(value)", id: "useful-\(value)",
                    checked: posted?.usefulness == "\(value)")
            },
            again: [("yes", "Yes"), ("maybe", "Maybe"), ("no", "No")].map { value, label in
                Choice(value: value, label: label, id: "again-\(value)", checked: posted?.again == value)
            },
            genders: [("woman", "Woman"), ("man", "Man"), ("other", "In another way"), ("", "I prefer not to say")]
                .map { value, label in
                    Choice(
                        value: value, label: label, id: "gender-\(value.isEmpty ? "none" : value)",
                        checked: (posted?.gender ?? "") == value && posted != nil)
                },
            change: posted?.change ?? "")
        var response = try resources.render(model, template: "feedback")
        response.status = status
        response.headers[.cacheControl] = "no-store"
        formToken.set(model.csrf, path: action, on: &response)
        return response
    }
}

/// The printable poster of a feedback link.
struct PosterPage {
    let title: String
    let sessionTitle: String
    let when: String
    let link: String
    /// The QR code's SVG, made here (its text escaped by ``QRCode``), so the template inserts it as is.
    let qr: String
    let days: Int
}

/// The thanks page after an answer.
struct ThanksPage {
    let title: String
    let sessionTitle: String
}

/// How many times each client address has used one form (a session's feedback form, a group's
/// join form), in memory only and bounded: the table is emptied when it grows past
/// ``capacity`` entries (a restart empties it too). A rough guard against one device posting
/// many times, never a record of who.
final class AddressLimit: Sendable {
    let perAddress: Int
    static let capacity = 50_000
    private let counts = Mutex<[String: Int]>([:])

    init(perAddress: Int) { self.perAddress = perAddress }

    /// Counts one use of the form `form` from `address`; false when it has had its share.
    func admit(form: String, address: String?) -> Bool {
        let key = "\(form)/\(address ?? "unknown")"
        return counts.withLock { counts in
            if counts.count >= Self.capacity { counts.removeAll() }
            let given = counts[key, default: 0]
            guard given < perAddress else { return false }
            counts[key] = given + 1
            return true
        }
    }

    /// Counts one answer from `address` for the session's feedback form.
    func admit(session: Session.ID, group: Slug, address: String?) -> Bool {
        admit(form: "\(group)/\(session)", address: address)
    }
}
