/// One line of `eval`'s output: how the model's program of one labelled chunk compares with
/// the label (Specification §6.4). The one writer of the format.
///
///     {"id":"web-7#0","status":"refined","exact_output":false,"exact_program":false,
///      "chars":{"label":120,"model":95,"both":90},
///      "lines":{"label":[1,2,9],"model":[1,2]},
///      "label":"remove_lines(1, 2)\nremove_lines(9, 9)","model":"remove_lines(1, 2)",
///      "parse_errors":0,"skipped_calls":0,"reply":null}
///
/// `status` is what `apply` would do with the model's program (``ChunkRefinement/Status``);
/// `lines` lists the removed lines (1-based, chunk-local) of each side; `model` is the
/// model's raw output, `null` when it has none; `reply` says why a reply gave no program.
enum EvalComparisonLine {
  static func append(
    label: PairLine, model: ChunkProgram?, evaluation: ChunkEvaluation,
    into writer: inout JSONWriter
  ) {
    let counters = evaluation.counters
    writer.appendObject { line in
      line.appendKey("id")
      line.appendString(label.pairID)
      line.appendKey("status")
      line.appendString(evaluation.refinement.status.rawValue)
      line.appendKey("exact_output")
      line.appendBool(evaluation.isExactOutput)
      line.appendKey("exact_program")
      line.appendBool(evaluation.isExactProgram)
      line.appendKey("chars")
      line.appendObject { chars in
        for (key, value) in [
          ("label", counters.characters.labelCount), ("model", counters.characters.modelCount),
          ("both", counters.characters.bothCount),
        ] {
          chars.appendKey(key)
          chars.appendInteger(value)
        }
      }
      line.appendKey("lines")
      line.appendObject { lines in
        for (key, kinds) in [
          ("label", evaluation.label.lineKinds), ("model", evaluation.model.lineKinds),
        ] {
          lines.appendKey(key)
          lines.appendArray { numbers in
            for (index, kind) in kinds.enumerated() where kind != 0 {
              numbers.appendInteger(index + 1)
            }
          }
        }
      }
      line.appendKey("label")
      line.appendString(label.program)
      line.appendKey("model")
      if let model, model.failure == nil {
        line.appendString(model.output)
      } else {
        line.appendNull()
      }
      line.appendKey("parse_errors")
      line.appendInteger(counters.parseErrorLineCount)
      line.appendKey("skipped_calls")
      line.appendInteger(counters.skippedCallCount)
      line.appendKey("reply")
      if let failure = model?.failure {
        line.appendString(failure.detail)
      } else {
        line.appendNull()
      }
    }
    writer.appendNewline()
  }
}
