import CalendarFeeds
import Foundation
import Hummingbird
import PlannerStore
import Planning
import Workflows

/// `/groups/{group}/join`: the group's join form (no login, no JavaScript), and
/// `/api/v1/groups/{group}/join-requests`: a coordinator lists, approves and rejects them.
///
/// Guard rails: a hidden honeypot field filled in (by a bot) is thanked and dropped; one client
/// address may send a group at most `join-requests-per-address` requests (counted in memory,
/// never stored); the answer is the same whether or not the e-mail is already a member's. The
/// form is protected by a double-submit token: the page sets it as a `SameSite=Strict` cookie
/// and in a hidden field, and a post must bring both, equal.
struct JoinController {
    let workflows: Workflows
    let resources: SiteResources
    let rules: JoinRules
    let perAddress: AddressLimit
    let maxBodyBytes: Int
    /// The form's double-submit token.
    let formToken: FormToken

    /// Registers the form (anonymous).
    func addPages(to router: some RouterMethods<PlannerRequestContext>) {
        router.on(.joinForm, .get, use: form)
        router.on(.joinForm, .post, use: submit)
    }

    /// Registers the API (behind ``GroupAccessMiddleware``).
    func addAPI(to api: some RouterMethods<PlannerRequestContext>) {
        api.on(.apiJoinRequests, .get, use: list)
        api.on(.apiApproveJoinRequest, .post, use: approve)
        api.on(.apiRejectJoinRequest, .post, use: reject)
    }

    // MARK: - The form

    @Sendable func form(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let group = try group(context)
        return try page(group, fields: FormFields(""), errors: FormErrors(), token: nil)
    }

    @Sendable func submit(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let group = try group(context)
        let buffer = try await request.body.collect(upTo: maxBodyBytes)
        let fields = FormFields(String(buffer: buffer))
        guard let cookie = formToken.checked(request, posted: fields.first("csrf")) else {
            var response = try page(
                group, fields: fields, errors: FormErrors(page: "this form is out of date: please send it again"),
                token: nil)
            response.status = .forbidden
            return response
        }
        if let website = fields.first("website"), !website.isEmpty { return try thanks(group) }
        let joinRequest: JoinRequest
        do {
            joinRequest = try JoinRequest(
                name: fields.first("name") ?? "", email: fields.first("email") ?? "",
                position: fields.first("position") ?? "", why: fields.first("why") ?? "",
                interests: fields.all("interests").map(Slug.init), suggestedBy: fields.first("suggested-by"))
        } catch let error as PlanningError {
            var errors = FormErrors()
            let field = error.path.hasPrefix("interests") || error.code == .invalidSlug ? "interests" : error.path
            errors.set(field.isEmpty ? "page" : field, error.message)
            var response = try page(group, fields: fields, errors: errors, token: cookie)
            response.status = .badRequest
            return response
        }
        guard perAddress.admit(form: "join/\(group.slug)", address: context.clientAddress) else {
            var response = try page(
                group, fields: fields,
                errors: FormErrors(page: "this device has sent this group enough requests for now; thank you"),
                token: cookie)
            response.status = .tooManyRequests
            return response
        }
        do {
            try workflows.submitJoinRequest(joinRequest, to: group.slug, rules: rules)
        } catch WorkflowError.invalid(let field, let message) {
            var errors = FormErrors()
            errors.set(field, message)
            var response = try page(group, fields: fields, errors: errors, token: cookie)
            response.status = .badRequest
            return response
        }
        return try thanks(group)
    }

    private func group(_ context: PlannerRequestContext) throws -> Group {
        let slug = try context.slug("group")
        do {
            return try workflows.store.snapshot(of: slug).plan.group
        } catch let error as StoreError where error.code == .notFound {
            throw APIError.notFound("no group '\(slug)'")
        }
    }

    private func thanks(_ group: Group) throws -> Response {
        try resources.render(JoinThanks(title: "Thank you", groupName: group.name), template: "joined")
    }

    /// The form, with what was typed and the errors beside their fields; a new form token
    /// (cookie and hidden field) unless `token` keeps the current one.
    private func page(_ group: Group, fields: FormFields, errors: FormErrors, token: String?) throws -> Response {
        let token = token ?? FormToken.make()
        let chosen = Set(fields.all("interests"))
        let themes = try workflows.store.catalogue().themes.map { theme in
            MemberPage.ThemeChoice(
                slug: theme.slug.rawValue, title: theme.title, checked: chosen.contains(theme.slug.rawValue))
        }
        let model = JoinPage(
            title: "Join \(group.name)", groupName: group.name,
            action: SitePath.joinForm(group.slug).description, csrf: token,
            error: errors["page"], name: fields.first("name") ?? "", nameError: errors["name"],
            email: fields.first("email") ?? "", emailError: errors["email"],
            position: fields.first("position") ?? "", positionError: errors["position"],
            why: fields.first("why") ?? "", whyError: errors["why"], themes: themes,
            interestsError: errors["interests"], suggestedBy: fields.first("suggested-by") ?? "",
            suggestedByError: errors["suggested-by"], maxShort: JoinRequest.maxShortText, maxWhy: JoinRequest.maxWhy)
        var response = try resources.render(model, template: "join")
        response.headers[.cacheControl] = "no-store"
        formToken.set(token, path: SitePath.joinForm(group.slug).description, on: &response)
        return response
    }

    // MARK: - The API

    /// A join request as listed to a coordinator.
    struct Listed: Encodable {
        let id: Int64
        let name: String
        let email: String
        let position: String
        let why: String
        let interests: [Slug]
        let suggestedBy: String?
        let received: Date
        let expires: Date
    }

    /// The body of `approve` (optional).
    struct Approval: Decodable {
        /// The new member's id; default: made from the name.
        let id: Slug?
        /// `national` or `international` (default).
        let staffCategory: StaffCategory?
    }

    /// What approving answers.
    struct Approved: Encodable {
        let member: Member
        let warning: String?
    }

    @Sendable func list(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let group = try context.group
        try context.requireCoordinator()
        return try JSONResponse.make(
            workflows.store.pendingJoinRequests(of: group).map { pending in
                let asked = pending.request
                return Listed(
                    id: pending.id, name: asked.name, email: asked.email, position: asked.position, why: asked.why,
                    interests: asked.interests, suggestedBy: asked.suggestedBy, received: pending.received,
                    expires: pending.expires)
            })
    }

    @Sendable func approve(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let group = try context.group
        try context.requireCoordinator()
        let id = try requestID(context)
        let buffer = try await request.body.collect(upTo: maxBodyBytes)
        let approval =
            buffer.readableBytes == 0
            ? Approval(id: nil, staffCategory: nil)
            : try JSONDecoder.api.decode(Approval.self, from: Data(buffer.readableBytesView))
        let approved = try workflows.store.conditionalWrite(request, of: group) { expected in
            try workflows.approveJoinRequest(
                id, in: group, memberID: approval.id, staffCategory: approval.staffCategory ?? .international,
                expectedRevision: expected)
        }
        return try JSONResponse.make(Approved(member: approved.member, warning: approved.warning), status: .created)
    }

    @Sendable func reject(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let group = try context.group
        try context.requireCoordinator()
        let id = try requestID(context)
        try workflows.store.conditionalWrite(request, of: group) { _ in try workflows.rejectJoinRequest(id, in: group) }
        return Response(status: .noContent, headers: [.cacheControl: "private, no-cache"])
    }

    private func requestID(_ context: PlannerRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("request"), let id = Int64(text) else {
            throw APIError.notFound("no join request '\(context.parameters.get("request") ?? "")'")
        }
        return id
    }
}

/// The join form's model.
struct JoinPage {
    let title: String
    let groupName: String
    let action: String
    let csrf: String
    let error: String?
    let name: String
    let nameError: String?
    let email: String
    let emailError: String?
    let position: String
    let positionError: String?
    let why: String
    let whyError: String?
    let themes: [MemberPage.ThemeChoice]
    let interestsError: String?
    let suggestedBy: String
    let suggestedByError: String?
    let maxShort: Int
    let maxWhy: Int
}

/// The page after a join request (the same for every request).
struct JoinThanks {
    let title: String
    let groupName: String
}
