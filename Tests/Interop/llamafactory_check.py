"""Loads scalpel's pairs files through LLaMA-Factory's own loader, with the
dataset_info.json that `scalpel build-pairs --dataset-info` wrote.

For each dataset name given, LLaMA-Factory's parser reads the entry from
`<dataset-dir>/dataset_info.json`, its loader reads the file the entry names, and its
converter (`align_dataset`) turns each pair into its internal prompt/response form. The
script asserts that every pair comes through: the user turn holds the numbered document
(after the instruction for alpaca formatting), the response is the program, and, for the
sharegpt entry of `messages` pairs, the system prompt is the instruction. Nothing is
downloaded and no model is built: only the data side is exercised.

Exit status: 0 passed, 1 failed, 77 skipped (LLaMA-Factory is missing; the reason is printed).

    python llamafactory_check.py --dataset-dir out alpaca=pairs-alpaca.jsonl messages=pairs-messages.jsonl
"""

import argparse
import json
import os
import sys

SKIP = 77

try:
    import llamafactory
    from llamafactory.data.loader import _load_single_dataset
    from llamafactory.data.parser import get_dataset_list
    from llamafactory.hparams import DataArguments, ModelArguments
    from transformers import Seq2SeqTrainingArguments
except Exception as error:  # ImportError, or a broken install
    print(f"llamafactory check: skipped: cannot import llamafactory: {error}")
    sys.exit(SKIP)


def expected(row):
    """(system, user, response) that a pair line should become, by its own layout."""
    if "instruction" in row:  # alpaca: instruction and input joined by a newline
        parts = [part for part in (row["instruction"], row["input"]) if part]
        return "", "\n".join(parts), row["output"]
    if "messages" in row:
        by_role = {message["role"]: message["content"] for message in row["messages"]}
        return by_role.get("system", ""), by_role["user"], by_role["assistant"]
    return "", row["prompt"], row["completion"]  # prompt-completion as alpaca prompt/response


def check(name, path, dataset_dir):
    data_args = DataArguments(dataset_dir=dataset_dir, dataset=name)
    model_args = ModelArguments(model_name_or_path="unused")
    training_args = Seq2SeqTrainingArguments(output_dir=os.path.join(dataset_dir, ".lf-output"), report_to="none")
    [attribute] = get_dataset_list([name], dataset_dir)
    aligned = _load_single_dataset(attribute, model_args, data_args, training_args)
    with open(path, encoding="utf-8") as file:
        rows = [json.loads(line) for line in file if line.strip()]
    if len(aligned) != len(rows):
        raise AssertionError(f"{name}: LLaMA-Factory read {len(aligned)} pairs, the file has {len(rows)}")
    for index, (row, example) in enumerate(zip(rows, aligned)):
        system, user, response = expected(row)
        where = f"{name} pair {index} ({row['id']})"
        prompt = example["_prompt"]
        if [message["role"] for message in prompt] != ["user"] or prompt[0]["content"] != user:
            raise AssertionError(f"{where}: the user turn is {prompt!r:.200}, expected the document")
        if [message["content"] for message in example["_response"]] != [response]:
            raise AssertionError(f"{where}: the response is {example['_response']!r:.200}, expected the program")
        if example["_system"] != system:
            raise AssertionError(f"{where}: the system prompt is {example['_system']!r:.80}, expected {system!r:.80}")
    print(f"llamafactory check: {name}: {len(rows)} pairs through {attribute.formatting} formatting "
          f"({attribute.load_from} {attribute.dataset_name})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset-dir", required=True, help="the directory of dataset_info.json")
    parser.add_argument("datasets", nargs="+", metavar="NAME=FILE")
    arguments = parser.parse_args()
    print(f"llamafactory check: llamafactory {llamafactory.__version__}")
    for item in arguments.datasets:
        name, _, path = item.partition("=")
        check(name, path, arguments.dataset_dir)
    print("llamafactory check: passed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        print(f"llamafactory check: FAILED: {error}")
        sys.exit(1)
