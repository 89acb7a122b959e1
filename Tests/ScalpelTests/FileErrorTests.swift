import Testing

@testable import Scalpel

@Suite struct FileErrorTests {
  @Test func describesOperationPathAndReason() {
    let error = FileError(
      path: "in/a.jsonl.gz", operation: "read", reason: "unexpected end of file")
    #expect(error.description == "cannot read 'in/a.jsonl.gz': unexpected end of file")
  }

  @Test func usesTheSystemTextForAnErrorNumber() {
    let error = FileError(path: "-", operation: "write", errorNumber: 2)
    #expect(error.reason == "No such file or directory")
    #expect(error.description == "cannot write '-': No such file or directory")
  }
}
