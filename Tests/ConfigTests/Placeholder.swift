import Testing
import Config
@Test func smoke() { #expect(ConfigValue.int(1) != .int(2)) }
