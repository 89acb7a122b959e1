"""Checks scalpel's program regexes with xgrammar, vLLM's default structured-output backend.

Reads JSON lines {"regex": ..., "text": ..., "matches": true|false} from the file named by
the first argument (the format of regex_check.py) and compiles each distinct regex as vLLM's
xgrammar backend does for "structured_outputs": {"regex": ...}: xgrammar.Grammar.from_regex
(vLLM's request validation) and GrammarCompiler.compile_regex (the grammar the sampler runs).
The compiler gets an empty vocabulary, as xgrammar.testing does, so nothing is downloaded: a
GrammarMatcher then reads each text as a string and must accept it, and end in an accepting
state, exactly when "matches" says so.

Prints "xgrammar check: N cases, F failed (xgrammar V)" and exits 1 when any failed or a
regex did not compile; exits 3 with a one-line reason when xgrammar cannot be imported.
"""
import json
import sys


def main(path):
    try:
        from importlib.metadata import version

        import xgrammar
    except Exception as error:  # ImportError, or a missing dependency raising anything else
        print(f"xgrammar check: skipped: cannot import xgrammar ({type(error).__name__}: {error})")
        return 3
    compiler = xgrammar.GrammarCompiler(xgrammar.TokenizerInfo([]), cache_enabled=False)
    cases = failed = 0
    matchers = {}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            case = json.loads(line)
            regex = case["regex"]
            cases += 1
            if regex not in matchers:
                try:
                    xgrammar.Grammar.from_regex(regex)
                    compiled = compiler.compile_regex(regex)
                    matchers[regex] = xgrammar.GrammarMatcher(
                        compiled, terminate_without_stop_token=True)
                except Exception as error:
                    matchers[regex] = None
                    reason = " ".join(str(error).split())
                    print(f"line {number}: xgrammar rejects the regex ({reason}): {regex!r}")
            matcher = matchers[regex]
            if matcher is None:
                failed += 1
                continue
            matcher.reset()
            accepted = matcher.accept_string(case["text"]) and matcher.is_terminated()
            if accepted != case["matches"]:
                failed += 1
                if failed <= 10:
                    print(f"line {number}: expected matches={case['matches']}: {case['text']!r}")
    print(f"xgrammar check: {cases} cases, {failed} failed (xgrammar {version('xgrammar')})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
