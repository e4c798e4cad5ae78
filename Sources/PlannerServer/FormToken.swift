import Foundation
import Hummingbird
import PlannerStore

/// The double-submit token of a form anyone may post without signing in (a session's feedback
/// form, a group's join form): the page sets a random token as an `HttpOnly`, `SameSite=Strict`
/// cookie scoped to the form's path and writes the same token in a hidden `csrf` field; a post
/// must bring both, equal. A page of another site can neither read the cookie nor make the
/// browser send it, so it cannot post the form in a visitor's name.
struct FormToken: Sendable {
    /// The cookie's name.
    let cookieName: String
    /// Whether the site is served over https (the cookie is then `Secure`).
    let secure: Bool
    /// How long a form stays valid after it was shown, in seconds.
    static let lifetime = 7_200

    /// 128 random bits, hex.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }

    /// The request's token when its cookie and the posted field agree (in constant time); nil
    /// otherwise.
    func checked(_ request: Request, posted: String?) -> String? {
        guard let cookie = request.cookies[cookieName]?.value, !cookie.isEmpty, let posted,
            PlannerStore.sameCode(cookie, posted)
        else { return nil }
        return cookie
    }

    /// Sets `token` as the form's cookie on `response`, for the form at `path`.
    func set(_ token: String, path: String, on response: inout Response) {
        response.setCookie(
            Cookie(
                name: cookieName, value: token, maxAge: Self.lifetime, path: path, secure: secure, httpOnly: true,
                sameSite: .strict))
    }
}
