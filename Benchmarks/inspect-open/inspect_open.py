"""How fast the inspect page of 2,000 documents opens in headless Chromium.

Run by Benchmarks/inspect-open.sh. The page `scalpel inspect --corpus` writes for 2,000
records (the bundled 300, renamed until there are 2,000) and, as the reference, a bare page
holding the same documents' text in one <pre> each (what Chromium needs just to parse and
lay out that much text), opened alternately, the order reversed every other round. Each
opening is a fresh `chromium --headless --dump-dom` of a wrapper page that loads the page in
an <iframe> 1400 px wide and reads `performance.now()` in the frame once its layout is done
(the same probe as InspectRenderingTests). Prints a Markdown table: median milliseconds over
the rounds, the ratio, and the 2 s target of Specification §6.6.
"""

import argparse
import html
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

WRAPPER = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="f" src="{page}" style="width:1400px;height:900px;border:0;display:block"></iframe>
<pre id="out"></pre>
<script>
var frame = document.getElementById("f"), opened = -1;
frame.addEventListener("load", function () {{
  var w = frame.contentWindow;
  w.document.documentElement.scrollWidth;  // the layout is done
  opened = w.performance.now();
}});
window.addEventListener("load", function () {{
  var d = frame.contentWindow.document;
  var r = {{ openMilliseconds: opened, documents: d.querySelectorAll("article.doc, pre.doc").length }};
  document.getElementById("out").textContent = JSON.stringify(r);
}});
</script></body></html>
"""


def open_once(chromium, directory, page):
    wrapper = os.path.join(directory, "probe-" + page)
    with open(wrapper, "w", encoding="utf-8") as handle:
        handle.write(WRAPPER.format(page=page))
    profile = os.path.join(directory, "chromium-profile")
    dom = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--no-first-run", "--user-data-dir=" + profile, "--allow-file-access-from-files",
         "--window-size=1400,1000", "--dump-dom", "file://" + wrapper],
        check=True, capture_output=True, text=True, timeout=120).stdout
    found = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
    if not found:
        sys.exit("inspect-open: the probe wrote nothing for " + page)
    return json.loads(html.unescape(found.group(1)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scalpel", required=True)
    parser.add_argument("--chromium", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--commit", default="unknown")
    arguments = parser.parse_args()
    arguments.scalpel = os.path.abspath(arguments.scalpel)

    with tempfile.TemporaryDirectory(prefix="scalpel-inspect-open-") as directory:
        with open(arguments.corpus, encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
        documents = []
        with open(os.path.join(directory, "big.jsonl"), "w", encoding="utf-8") as handle:
            for index in range(2000):
                record = dict(records[index % len(records)])
                record["id"] = "copy%d-%s" % (index // len(records), record["id"])
                documents.append(record)
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        subprocess.run(
            [arguments.scalpel, "inspect", "--corpus", "big.jsonl", "--limit", "2000",
             "-o", "big.html"], cwd=directory, check=True, stderr=subprocess.DEVNULL)
        with open(os.path.join(directory, "bare.html"), "w", encoding="utf-8") as handle:
            handle.write('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>\n')
            for record in documents:
                text = record.get("text") or record.get("original") or ""
                handle.write('<pre class="doc">' + html.escape(text) + "</pre>\n")
            handle.write("</body></html>\n")
        sizes = {page: os.path.getsize(os.path.join(directory, page))
                 for page in ("big.html", "bare.html")}

        load_before = os.getloadavg()
        started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        times = {"big.html": [], "bare.html": []}
        for round_index in range(arguments.rounds):
            order = ["big.html", "bare.html"]
            if round_index % 2:
                order.reverse()
            for page in order:
                result = open_once(arguments.chromium, directory, page)
                if result["documents"] != 2000:
                    sys.exit("inspect-open: %s shows %s documents, not 2000" % (page, result["documents"]))
                times[page].append(result["openMilliseconds"])
            print("round %d: inspect %.0f ms, bare %.0f ms" % (
                round_index + 1, times["big.html"][-1], times["bare.html"][-1]), file=sys.stderr)
        load_after = os.getloadavg()

    inspect = statistics.median(times["big.html"])
    bare = statistics.median(times["bare.html"])
    print("# inspect: a page of 2,000 documents in headless Chromium\n")
    print("- Date: %s; commit %s; load average at start %s, at end %s; nproc %d; %d rounds" % (
        started, arguments.commit, " ".join("%.2f" % x for x in load_before),
        " ".join("%.2f" % x for x in load_after), os.cpu_count(), arguments.rounds))
    print("- Milliseconds from the frame's start to its first full layout (`performance.now()`)\n")
    print("| page | bytes | median ms | per round | ÷ bare | target | status |")
    print("|---|---:|---:|---|---:|---|---|")
    print("| `scalpel inspect --corpus` | %d | %.0f | %s | %.2f | < 2000 ms | %s |" % (
        sizes["big.html"], inspect, ", ".join("%.0f" % x for x in times["big.html"]),
        inspect / bare, "met" if inspect < 2000 else "**not met**"))
    print("| same text, one bare `<pre>` per document | %d | %.0f | %s | 1.00 | – | – |" % (
        sizes["bare.html"], bare, ", ".join("%.0f" % x for x in times["bare.html"])))
    return 0 if inspect < 2000 else 1


if __name__ == "__main__":
    sys.exit(main())
