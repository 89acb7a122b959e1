// TokenEstimate: Scalpel's approximate token count of texts, for Benchmarks/token-estimate.sh.
//
//     swift run -c release TokenEstimate < texts.jsonl
//
// Reads one JSON object {"text": "..."} per line of standard input and writes one line per
// input: the estimate in milli-tokens, a tab, then the estimator's features (scalars of each
// class, then run starts of each class) separated by spaces. The Python helper fits the
// weights from the features and measures the estimate against the real tokenizer.

import Scalpel

let parser = JSONParser()
var output = ""
while let line = readLine(strippingNewline: true) {
  guard let value = try? parser.parse(line), let text = value["text"]?.stringValue else {
    output += "-1\t\n"
    continue
  }
  let bytes = Array(text.utf8)
  let features = ApproximateTokenCount.features(of: bytes, in: 0..<bytes.count)
  output += "\(ApproximateTokenCount.milliTokens(of: bytes, in: 0..<bytes.count))\t"
  output += features.map(String.init).joined(separator: " ") + "\n"
  if output.utf8.count > 1 << 16 {
    print(output, terminator: "")
    output = ""
  }
}
print(output, terminator: "")
