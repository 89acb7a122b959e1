#!/usr/bin/env python3
"""Scalpel's approximate token count against the Qwen tokenizer (issue 12).

Subcommands (Benchmarks/token-estimate.sh runs them in order):

  sample  -o texts.jsonl      Builds the multilingual sample: chunk-sized pieces of whole
                              lines of Examples/web-corpus/corpus.jsonl (originals and
                              refined texts) and generated web-like text in several scripts
                              from the word lists below (no downloads). One object per line:
                              {"script", "text"}. Seeded, so the same on every run.
  report  --texts T --estimates E [--fit]
                              Counts tokens with the real tokenizer (qwen.tiktoken of the
                              `dashscope` package: the byte-level BPE vocabulary of Qwen,
                              shared by Qwen2, Qwen2.5 and Qwen3, with its pre-tokenizer
                              pattern and NFC, as Qwen2's tokenizer does) and compares with
                              the estimates of the TokenEstimate executable (milli-tokens and
                              features per text). Prints, per script, mean signed and mean
                              absolute relative error and the p99 of the absolute relative
                              error. With --fit it also fits the weights (see fit()) on the
                              first, third, … text of each script (not the random-* ones) and prints, for the others (held-out)
                              texts, the errors the fitted weights would give.

The fit is non-negative least squares of relative error: minimise
sum_i w_i * ((features_i . weights - tokens_i) / tokens_i)^2 with weights >= 0, where w_i
gives every script the same total weight. It is solved by the normal equations with an
active set (a negative weight is fixed at 0 and the rest solved again). Weights are printed
in milli-tokens, as ApproximateTokenCount holds them.
"""

import argparse
import json
import math
import os
import random
import sys
import unicodedata

CLASSES = [
    "asciiLetter", "asciiDigit", "space", "newline", "asciiPunctuation", "latin",
    "cyrillic", "greek", "arabicHebrew", "indic", "southeastAsian", "cjkIdeograph", "kana", "hangul", "emoji", "other",
]

# Word lists written for this benchmark: common words of each language.
WORDS = {
    "english": "the of and to in is that for it as was with be by on not he this are or his "
    "from at which but have an they you were her she there been one all we their has would "
    "when if more will who so about other time into some could them after people than first "
    "water after been called made most over said many where before through back years "
    "government important children without information development business together".split(),
    "french": "le la les de des un une et est dans pour que qui sur pas plus avec ce cette "
    "être avoir fait été très où même après année gouvernement développement économie "
    "société français été déjà première système réalité intérêt problème général".split(),
    "german": "der die das und ist nicht ein eine zu den mit von für auf dem sich des im "
    "auch es an werden aus er hat dass sie nach bei um über können müssen Größe schön "
    "Straße Bundesregierung Entwicklung Möglichkeit Wirtschaft Gespräch".split(),
    "spanish": "el la de que y en un ser se no haber por con su para como estar tener le lo "
    "todo pero más hacer o poder decir este ir otro ese año también después información "
    "país niño está educación política económico según además".split(),
    "vietnamese": "của và các có được cho là người trong này những với một không đã đến "
    "khi từ nhiều thì sẽ về năm như làm việc Việt Nam nước phát triển chính phủ".split(),
    "russian": "и в не на я быть он с что а по это она этот к но они мы как из у который то "
    "за свой что весь год от так о для ты же все тот мочь вы человек такой его сказать "
    "только или ещё бы себя один как уже до время если сам когда другой правительство "
    "развитие информация".split(),
    "greek": "και το να του η της την σε που με για από τα είναι δεν θα στο ο οι των στην "
    "ένα μια αυτό κυβέρνηση ανάπτυξη πληροφορίες χρόνια άνθρωποι".split(),
    "arabic": "في من على أن إلى التي الذي عن مع هذا هذه كان قد لا ما بين كل بعد عام الحكومة "
    "التنمية المعلومات الناس العالم الأمم المتحدة الشرق الأوسط".split(),
    "hebrew": "של את על הוא לא זה עם היא כי גם אני אבל היה מה כל יש אם הם בין אחרי שנה "
    "הממשלה פיתוח מידע אנשים העולם ישראל".split(),
    "hindi": "के है में की और को से एक यह पर भी कि था हैं लिए नहीं तो ही या सरकार विकास "
    "जानकारी लोग भारत दुनिया".split(),
    "thai": "ที่ และ ใน การ ของ เป็น ได้ มี ไม่ ให้ ว่า จะ กับ แล้ว รัฐบาล การพัฒนา ข้อมูล "
    "ประชาชน ประเทศไทย โลก".split(),
    "korean": "그리고 하지만 있다 없다 정부 개발 정보 사람들 세계 한국 대한민국 우리는 "
    "이것은 그것은 에서 으로 하는 있는 했다 합니다 입니다 경제 사회 문화".split(),
}

CHINESE = (
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之"
    "过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前"
    "所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声"
    "全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使"
    "教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑"
    "性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果"
    "亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让"
)
JAPANESE_KANA = (
    "です ます した して いる ある こと もの ため よう から まで など について において "
    "ありがとう ございます よろしく お願い します コンピューター インターネット ニュース "
    "サービス ページ ログイン メール ホーム ダウンロード プライバシー クッキー"
).split()
JAPANESE_KANJI = "日本語東京政府情報開発会社世界時間人気経済社会文化技術問題利用記事表示検索"
EMOJI = "😀😂🥰😍🤔👍🙏🔥✨🎉❤️💬📷🍪🔍🖨⭐☀☔⚽✅❌➡"
PUNCT = [", ", ". ", "; ", ": ", " - ", "! ", "? ", " | ", " (", ") "]


def words_text(rng, words, size, joiner=" "):
    """Web-like lines of words with punctuation, digits and now and then a URL or a menu."""
    lines, current, length = [], [], 0
    while length < size:
        kind = rng.random()
        if kind < 0.04:
            piece = str(rng.randint(1, 99999))
        elif kind < 0.06:
            piece = "https://example.com/" + "-".join(rng.choice(WORDS["english"]) for _ in range(3))
        elif kind < 0.14:
            piece = rng.choice(PUNCT).strip()
        else:
            piece = rng.choice(words)
            if rng.random() < 0.05:
                piece = piece.capitalize()
        current.append(piece)
        length += len(piece) + len(joiner)
        if rng.random() < 0.06 or len(current) > 40:
            line = joiner.join(current)
            if rng.random() < 0.1:
                line = " | ".join(current[:5])
            lines.append(line)
            length += 1
            current = []
    if current:
        lines.append(joiner.join(current))
    return "\n".join(lines)


def chinese_text(rng, size):
    out, length = [], 0
    while length < size:
        n = rng.randint(8, 60)
        sentence = "".join(rng.choice(CHINESE) for _ in range(n))
        if rng.random() < 0.2:
            sentence += str(rng.randint(1, 2025)) + "年"
        out.append(sentence + rng.choice(["。", "，", "！", "？", "。\n"]))
        length += n + 1
    return "".join(out)


def japanese_text(rng, size):
    out, length = [], 0
    while length < size:
        if rng.random() < 0.5:
            piece = "".join(rng.choice(JAPANESE_KANJI) for _ in range(rng.randint(1, 4)))
        else:
            piece = rng.choice(JAPANESE_KANA)
        out.append(piece)
        length += len(piece)
        if rng.random() < 0.1:
            out.append(rng.choice(["。", "、", "。\n"]))
            length += 1
    return "".join(out)


def emoji_text(rng, size):
    out, length = [], 0
    while length < size:
        piece = rng.choice(WORDS["english"]) if rng.random() < 0.6 else rng.choice(EMOJI)
        out.append(piece)
        length += len(piece) + 1
    return " ".join(out)


def range_text(rng, size, ranges):
    """Random scalars of `ranges` in space-separated runs: the worst case of a script."""
    out, length = [], 0
    while length < size:
        low, high = rng.choice(ranges)
        run = "".join(chr(rng.randint(low, high)) for _ in range(rng.randint(1, 8)))
        out.append(run)
        length += len(run) + 1
    return " ".join(out)


def corpus_pieces(rng, path):
    """Chunk-sized pieces of whole lines of every original and refined text."""
    pieces = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            for field in ("text", "refined"):
                lines = record.get(field, "").split("\n")
                index = 0
                while index < len(lines):
                    target = rng.choice([300, 1000, 3000, 12000])
                    piece, size = [], 0
                    while index < len(lines) and (size < target or not piece):
                        piece.append(lines[index])
                        size += len(lines[index]) + 1
                        index += 1
                    text = "\n".join(piece)
                    if text.strip():
                        pieces.append(text)
    return pieces


def sample(arguments):
    rng = random.Random(12)
    rows = [("web-corpus", text) for text in corpus_pieces(rng, arguments.corpus)]
    sizes = [300, 1000, 3000, 6000, 12000]
    for _ in range(arguments.per_script):
        size = rng.choice(sizes)
        for name, words in WORDS.items():
            rows.append((name, words_text(rng, words, size)))
        rows.append(("chinese", chinese_text(rng, size)))
        rows.append(("japanese", japanese_text(rng, size)))
        rows.append(("emoji-mixed", emoji_text(rng, size)))
        rows.append(("random-cjk", range_text(rng, size, [(0x4E00, 0x9FFF)])))
        rows.append(("random-hangul", range_text(rng, size, [(0xAC00, 0xD7A3)])))
        rows.append(("random-cyrillic", range_text(rng, size, [(0x0410, 0x044F)])))
        rows.append(("random-latin-ext", range_text(rng, size, [(0x00C0, 0x017F)])))
        rows.append(("code-like", words_text(rng, ["x", "=", "(", ")", "{", "}", "if", "return",
                                                      "self.value", "i++", "->", "::", "0x1F"],
                                             size, joiner="")))
    with open(arguments.output, "w", encoding="utf-8") as handle:
        for script, text in rows:
            handle.write(json.dumps({"script": script, "text": text}, ensure_ascii=False) + "\n")
    print(f"{len(rows)} texts", file=sys.stderr)


def qwen_encoding():
    import tiktoken
    import dashscope.tokenizers.qwen_tokenizer as qwen

    path = os.path.join(os.path.dirname(qwen.__file__), "..", "resources", "qwen.tiktoken")
    ranks = {}
    with open(path, "rb") as handle:
        import base64
        for line in handle:
            if line.strip():
                token, rank = line.split()
                ranks[base64.b64decode(token)] = int(rank)
    return tiktoken.Encoding(name="qwen", pat_str=qwen.PAT_STR, mergeable_ranks=ranks,
                             special_tokens={})


def solve(matrix, vector):
    """Gaussian elimination with partial pivoting; None when singular."""
    n = len(vector)
    a = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        if abs(a[pivot][col]) < 1e-12:
            return None
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(n):
            if r != col:
                f = a[r][col] / a[col][col]
                if f:
                    for c in range(col, n + 1):
                        a[r][c] -= f * a[col][c]
    return [a[i][n] / a[i][i] for i in range(n)]


def fit(features, tokens, sample_weights, fixed):
    """Non-negative weighted least squares of relative error (active set); `fixed` maps
    feature indices to weights known in advance (a digit is always one Qwen token)."""
    width = len(features[0])
    active = [j for j in range(width) if j not in fixed and any(row[j] for row in features)]
    tokens_left = [t - sum(w * row[j] for j, w in fixed.items()) for row, t in zip(features, tokens)]
    while True:
        m = len(active)
        ata = [[0.0] * m for _ in range(m)]
        atb = [0.0] * m
        for row, target, left, weight in zip(features, tokens, tokens_left, sample_weights):
            scale = weight / (target * target)
            values = [row[j] for j in active]
            for p in range(m):
                if values[p]:
                    vp = values[p] * scale
                    atb[p] += vp * left
                    for q in range(m):
                        ata[p][q] += vp * values[q]
        for p in range(m):
            ata[p][p] += 1e-9
        solution = solve(ata, atb)
        weights = [fixed.get(j, 0.0) for j in range(width)]
        for p, j in enumerate(active):
            weights[j] = solution[p]
        negative = [p for p in range(m) if solution[p] < 0]
        if not negative:
            return weights
        worst = min(negative, key=lambda p: solution[p])
        del active[worst]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(p * (len(ordered) - 1)))]


def table(rows, title):
    print(f"\n{title}\n")
    print("| script | texts | mean tokens | mean signed error | mean abs error | p99 abs error |")
    print("| ------ | ----: | ----------: | ----------------: | -------------: | ------------: |")
    by_script = {}
    for script, real, estimate in rows:
        by_script.setdefault(script, []).append((real, estimate))
    everything = []
    for script in list(by_script) + ["all"]:
        pairs = everything if script == "all" else by_script[script]
        if script != "all":
            everything.extend(pairs)
        errors = [(estimate - real) / real for real, estimate in pairs]
        print(f"| {script} | {len(pairs)} | {sum(r for r, _ in pairs) / len(pairs):.0f} "
              f"| {100 * sum(errors) / len(errors):+.1f}% "
              f"| {100 * sum(abs(e) for e in errors) / len(errors):.1f}% "
              f"| {100 * percentile([abs(e) for e in errors], 0.99):.1f}% |")


def report(arguments):
    encoding = qwen_encoding()
    texts = [json.loads(line) for line in open(arguments.texts, encoding="utf-8")]
    estimates = []
    for line in open(arguments.estimates, encoding="utf-8"):
        milli, features = line.rstrip("\n").split("\t")
        estimates.append((int(milli), [int(x) for x in features.split()]))
    assert len(texts) == len(estimates), "one estimate per text"
    real = [len(encoding.encode_ordinary(unicodedata.normalize("NFC", t["text"]))) for t in texts]
    rows = [(t["script"], r, max(1, math.ceil(e[0] / 1000)))
            for t, r, e in zip(texts, real, estimates) if r > 0]
    table(rows, "Current weights (ApproximateTokenCount), all texts:")
    if not arguments.fit:
        return
    seen = {}
    parity = []
    for t in texts:
        seen[t["script"]] = seen.get(t["script"], 0) + 1
        parity.append(seen[t["script"]] % 2)
    train = [i for i in range(len(texts)) if parity[i] == 1 and real[i] > 0
             and not texts[i]["script"].startswith("random-")]
    test = [i for i in range(len(texts)) if parity[i] == 0 and real[i] > 0]
    per_script = {}
    for i in train:
        per_script[texts[i]["script"]] = per_script.get(texts[i]["script"], 0) + 1
    fixed = {CLASSES.index("asciiDigit"): 1.0, len(CLASSES) + CLASSES.index("asciiDigit"): 0.0}
    weights = fit([estimates[i][1] for i in train], [real[i] for i in train],
                  [1.0 / per_script[texts[i]["script"]] for i in train], fixed)
    milli = [max(0, round(1000 * w)) for w in weights]
    n = len(CLASSES)
    print("\nFitted weights (milli-tokens), on every other text of each script (not random-*):\n")
    print("| class | per scalar | per run start |")
    print("| ----- | ---------: | ------------: |")
    for j, name in enumerate(CLASSES):
        print(f"| {name} | {milli[j]} | {milli[n + j]} |")
    print("\n    scalarWeights: " + ", ".join(str(m) for m in milli[:n]))
    print("    runWeights: " + ", ".join(str(m) for m in milli[n:]))
    rows = []
    for i in test:
        value = sum(m * f for m, f in zip(milli, estimates[i][1]))
        rows.append((texts[i]["script"], real[i], max(1, math.ceil(value / 1000))))
    table(rows, "Fitted weights, held-out texts (the other half of each script):")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    sampling = commands.add_parser("sample")
    sampling.add_argument("-o", "--output", required=True)
    sampling.add_argument("--corpus", default="Examples/web-corpus/corpus.jsonl")
    sampling.add_argument("--per-script", type=int, default=60)
    reporting = commands.add_parser("report")
    reporting.add_argument("--texts", required=True)
    reporting.add_argument("--estimates", required=True)
    reporting.add_argument("--fit", action="store_true")
    arguments = parser.parse_args()
    {"sample": sample, "report": report}[arguments.command](arguments)


if __name__ == "__main__":
    main()
