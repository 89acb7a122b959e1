"""Checks scalpel's program regexes with Python's re (stdlib only).

Reads JSON lines {"regex": ..., "text": ..., "matches": true|false} from the file named by
the first argument and checks that re.fullmatch(regex, text) matches exactly when "matches"
says so. Prints "regex check: N cases, F failed" and exits 1 when any failed.
"""
import json
import re
import sys


def main(path):
    cases = failed = 0
    compiled = {}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            case = json.loads(line)
            pattern = compiled.get(case["regex"])
            if pattern is None:
                pattern = compiled[case["regex"]] = re.compile(case["regex"])
            cases += 1
            if (pattern.fullmatch(case["text"]) is not None) != case["matches"]:
                failed += 1
                if failed <= 10:
                    print(f"line {number}: expected matches={case['matches']}: {case['text']!r}")
    print(f"regex check: {cases} cases, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
