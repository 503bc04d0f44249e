import Foundation
import Testing
@testable import UserPool

/// The per-address token bucket in front of the unauthenticated sign-in operations.
@Suite("Sign-in throttle")
struct SignInThrottleTests {
    let start = ContinuousClock.now

    @Test("an address gets its burst at once, then the rate; other addresses keep theirs")
    func burstThenRate() {
        let throttle = SignInThrottle(ratePerSecond: 10, burst: 5)
        for _ in 0..<5 { #expect(throttle.allow("192.0.2.1", now: start)) }
        #expect(!throttle.allow("192.0.2.1", now: start))
        #expect(throttle.allow("192.0.2.2", now: start))
        // 10 a second: one request every 100 ms, and not before.
        #expect(!throttle.allow("192.0.2.1", now: start + .milliseconds(99)))
        #expect(throttle.allow("192.0.2.1", now: start + .milliseconds(100)))
        #expect(!throttle.allow("192.0.2.1", now: start + .milliseconds(150)))
        #expect(throttle.allow("192.0.2.1", now: start + .milliseconds(200)))
    }

    @Test("refills accumulate across requests closer together than a millisecond")
    func fineGrainedRefill() {
        let throttle = SignInThrottle(ratePerSecond: 1000, burst: 1)
        #expect(throttle.allow("a", now: start))
        var allowed = 0
        // 2,000 requests 0.5 ms apart over one second: about 1,000 pass, none early.
        for step in 1...2000 where throttle.allow("a", now: start + .microseconds(500 * step)) { allowed += 1 }
        #expect((990...1000).contains(allowed))
    }

    @Test("a quiet address refills only up to its burst")
    func capacity() {
        let throttle = SignInThrottle(ratePerSecond: 100, burst: 3)
        for _ in 0..<3 { #expect(throttle.allow("a", now: start)) }
        let later = start + .seconds(3600)
        for _ in 0..<3 { #expect(throttle.allow("a", now: later)) }
        #expect(!throttle.allow("a", now: later))
    }

    @Test("the table of addresses is bounded")
    func bounded() {
        let throttle = SignInThrottle(ratePerSecond: 1, burst: 2)
        for index in 0..<(SignInThrottle.maximumAddresses + 10) { _ = throttle.allow("10.\(index)", now: start) }
        #expect(throttle.trackedAddresses <= SignInThrottle.maximumAddresses)
    }
}
