import Testing
@Suite struct CLIPlaceholderTests { @Test func nothingYet() {} }
