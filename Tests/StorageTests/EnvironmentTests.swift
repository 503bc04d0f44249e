import Testing
import TestSupport

@Suite("Test environment")
struct EnvironmentTests {
    @Test("PostgreSQL is available when the test script requires it")
    func postgresPresentWhenRequired() {
        #expect(TestDatabases.checkRequirements() == nil)
    }
}
