import Foundation
import PlannerStore
import Planning
import Testing

/// What the store keeps for members who look after themselves: sign-ins through a personal
/// link (hashed, short-lived, ended with the link), duty answers, RSVPs, and join requests that
/// expire and go with their data.
@Suite struct MemberSelfServiceTests {
    static func world() throws -> (PlannerStore, Fixture.Clock, Slug) {
        let clock = Fixture.Clock()
        let store = try Fixture.store(clock: clock)
        _ = try store.importGroup(Fixture.plan())
        return (store, clock, Fixture.slug("vienna"))
    }

    @Test func aSignInLastsItsTimeAndEndsWithItsLink() throws {
        let (store, clock, vienna) = try Self.world()
        let link = try store.createToken(in: vienna, scope: .member(Fixture.slug("jonas")), label: "Jonas")
        #expect(link.token.scope.kind == .member)
        let started = try #require(try store.signIn(withLink: link.secret, lasting: 600))
        #expect(started.secret != link.secret)
        #expect(try store.memberSignIn(secret: started.secret)?.member == Fixture.slug("jonas"))
        #expect(try store.token(link.token.id, in: vienna).lastUsed != nil, "the sign-in is the link's use")
        #expect(try store.isFormToken(store.formToken(forSignIn: started.secret), forSignIn: started.secret))
        #expect(try !store.isFormToken(String(repeating: "0", count: 64), forSignIn: started.secret))
        clock.advance(601)
        #expect(try store.memberSignIn(secret: started.secret) == nil, "expired")
        let again = try #require(try store.signIn(withLink: link.secret, lasting: 600))
        _ = try store.rotateToken(link.token.id, in: vienna)
        #expect(try store.memberSignIn(secret: again.secret) == nil, "rotating the link ends its sign-ins")
        #expect(try store.signIn(withLink: link.secret, lasting: 600) == nil, "the old secret signs nobody in")
        let feed = try store.createToken(in: vienna, scope: .membersFeed, label: "feed")
        #expect(try store.signIn(withLink: feed.secret, lasting: 600) == nil, "a feed token is no personal link")
        #expect(throws: StoreError.self) {
            try store.createToken(in: vienna, scope: .member(Fixture.slug("nobody")), label: "nobody")
        }
    }

    @Test func joinRequestsWaitExpireAndGoWithTheirData() throws {
        let (store, clock, vienna) = try Self.world()
        let request = try JoinRequest(
            name: "Lukas Hofer", email: "lukas@example.org", position: "Programme officer", why: "To help.",
            interests: [Fixture.slug("fatherhood")], suggestedBy: "Anton")
        #expect(request.suggestedID == Fixture.slug("lukas-hofer"))
        let unknown = try JoinRequest(
            name: "X", email: "x@example.org", position: "P", why: "W", interests: [Fixture.slug("astrology")])
        #expect(throws: StoreError.self) { try store.recordJoinRequest(unknown, for: vienna, keepingDays: 90) }
        let revision = try store.revision(of: vienna)
        let id = try store.recordJoinRequest(request, for: vienna, keepingDays: 90)
        #expect(try store.revision(of: vienna) == revision, "a request is not part of the plan")
        #expect(try store.pendingJoinRequests(of: vienna).map(\.request) == [request])
        clock.advance(89 * 86_400)
        #expect(try store.pendingJoinRequests(of: vienna).count == 1)
        clock.advance(2 * 86_400)
        #expect(try store.pendingJoinRequests(of: vienna).isEmpty, "expired and deleted")
        let member = try Member(
            id: Fixture.slug("lukas-hofer"), name: request.name, email: request.email, role: .member,
            staffCategory: .national, joined: Fixture.date("2027-04-01"), interests: request.interests,
            capacityPerMonth: 1)
        #expect(throws: StoreError.self) { try store.approveJoinRequest(id, in: vienna, as: member) }
        let second = try store.recordJoinRequest(request, for: vienna, keepingDays: 90)
        try store.approveJoinRequest(second, in: vienna, as: member)
        #expect(
            try store.snapshot(of: vienna).plan.members.contains {
                $0.id == member.id && $0.interests == request.interests
            })
        #expect(try store.pendingJoinRequests(of: vienna).isEmpty, "approved requests are deleted")
        let third = try store.recordJoinRequest(request, for: vienna, keepingDays: 90)
        try store.rejectJoinRequest(third, in: vienna)
        #expect(try store.pendingJoinRequests(of: vienna).isEmpty)
        #expect(throws: StoreError.self) { try store.rejectJoinRequest(third, in: vienna) }
    }

    @Test func aDeclineFreesTheSlotAndAnotherMembersDutyIsNotFound() throws {
        let (store, _, vienna) = try Self.world()
        let session = try #require(try store.snapshot(of: vienna).plan.sessions.first)
        try store.assignOrganisers(
            [Assignment(memberID: Fixture.slug("anton"), role: .chair)], to: session.id, in: vienna)
        let revision = try store.revision(of: vienna)
        #expect(throws: StoreError.self) {
            try store.answerDuty(session.id, of: Fixture.slug("jonas"), in: vienna, answer: .declined, reason: nil)
        }
        #expect(try store.revision(of: vienna) == revision, "nothing changed")
        try store.answerDuty(session.id, of: Fixture.slug("anton"), in: vienna, answer: .declined, reason: "ill")
        let after = try #require(try store.snapshot(of: vienna).plan.sessions.first { $0.id == session.id })
        #expect(after.organisers.isEmpty)
        #expect(after.declinedBy == [Fixture.slug("anton")])
        #expect(try store.dutyAnswers(of: Fixture.slug("anton"), in: vienna)[session.id]?.reason == "ill")
        let revisionAfter = try store.revision(of: vienna)
        try store.recordRSVP(.going, for: session.id, of: Fixture.slug("jonas"), in: vienna)
        try store.recordRSVP(.maybe, for: session.id, of: Fixture.slug("bekzat"), in: vienna)
        try store.recordRSVP(.going, for: session.id, of: Fixture.slug("bekzat"), in: vienna)
        #expect(try store.snapshot(of: vienna).rsvps[session.id] == RSVPCount(going: 2))
        #expect(try store.revision(of: vienna) == revisionAfter, "an RSVP is not part of the plan")
    }
}
