"""Loads scalpel's pairs files as TRL does and checks where TRL puts the loss.

For each pairs file (prompt-completion and conversational), this script loads it with
`datasets`, builds a tiny Llama model from a config and a word-level tokenizer trained on
the pairs themselves (nothing is downloaded), lets TRL's own `SFTTrainer` prepare the
dataset, and asserts its completion mask: every token of the program is 1, every token of
the numbered document (the web page) is 0. With `--train-step` it also runs one optimizer
step on CPU. A `messages` file, if given, is prepared too and the share of its trained
tokens printed: TRL's default loss covers the whole conversation there.

Exit status: 0 passed, 1 failed, 77 skipped (a package is missing; the reason is printed).

    python trl_check.py --prompt-completion pc.jsonl --conversational conv.jsonl
"""

import argparse
import os
import sys
import tempfile

SKIP = 77

try:
    import datasets
    import torch
    import transformers
    import trl
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast
    from trl import SFTConfig, SFTTrainer
except Exception as error:  # ImportError, or a broken install
    print(f"trl check: skipped: cannot import datasets/torch/transformers/trl/tokenizers: {error}")
    sys.exit(SKIP)

CHAT_TEMPLATE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
    "{{ message['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
SPECIAL_TOKENS = ["[UNK]", "[PAD]", "<|im_start|>", "<|im_end|>", "</s>"]


def texts_of(example):
    """Every string a pair holds: what the tokenizer must know."""
    for value in example.values():
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            for message in value:
                yield message["role"]
                yield message["content"]


def make_tokenizer(rows):
    """A word-level tokenizer trained on the pairs, with a ChatML-like chat template."""
    tokenizer = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    corpus = [text for row in rows for text in texts_of(row)] + ["system user assistant"]
    tokenizer.train_from_iterator(corpus, trainers.WordLevelTrainer(special_tokens=SPECIAL_TOKENS))
    wrapped = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, unk_token="[UNK]", pad_token="[PAD]", eos_token="</s>",
        bos_token=None, additional_special_tokens=["<|im_start|>", "<|im_end|>"])
    wrapped.chat_template = CHAT_TEMPLATE
    return wrapped


def make_model(tokenizer):
    """A 2-layer Llama with random weights, small enough to train a step on CPU."""
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
        num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=8192,
        pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id, bos_token_id=None)
    return LlamaForCausalLM(config)


def find(sequence, part, start=0):
    """The first index at or after `start` where `part` occurs in `sequence`, or -1."""
    for index in range(start, len(sequence) - len(part) + 1):
        if sequence[index:index + len(part)] == part:
            return index
    return -1


def document_and_program(row):
    """The numbered document (the last user message, or the prompt) and the program."""
    if isinstance(row["prompt"], str):
        return row["prompt"], row["completion"]
    user = [m["content"] for m in row["prompt"] if m["role"] == "user"][-1]
    assistant = [m["content"] for m in row["completion"] if m["role"] == "assistant"][-1]
    return user, assistant


def prepare(path, tokenizer, model, output_dir, train_step):
    """TRL's own preparation of the file: SFTTrainer with default options."""
    dataset = datasets.load_dataset("json", data_files=path, split="train")
    config = SFTConfig(
        output_dir=output_dir, max_steps=1 if train_step else 0, per_device_train_batch_size=2,
        report_to="none", save_strategy="no", logging_strategy="no", use_cpu=True,
        max_length=None, dataset_num_proc=None)
    trainer = SFTTrainer(model=model, args=config, train_dataset=dataset, processing_class=tokenizer)
    return dataset, trainer


def check_completion_mask(name, path, tokenizer, model, output_dir, train_step):
    dataset, trainer = prepare(path, tokenizer, model, output_dir, train_step)
    prepared = trainer.train_dataset
    if not trainer.completion_only_loss:
        raise AssertionError(f"{name}: TRL did not choose completion_only_loss for {dataset.column_names}")
    # TRL 0.2x keeps a `completion_mask` column; later versions fold it into `labels` (-100 where
    # the mask is 0) and drop it. Either is the mask the loss uses.
    if "completion_mask" not in prepared.column_names and "labels" not in prepared.column_names:
        raise AssertionError(f"{name}: neither completion_mask nor labels among {prepared.column_names}")
    for index, (row, example) in enumerate(zip(dataset, prepared)):
        ids = example["input_ids"]
        if "completion_mask" in example:
            mask = example["completion_mask"]
        else:
            mask = [0 if label == -100 else 1 for label in example["labels"]]
        document, program = document_and_program(row)
        document_ids = tokenizer(document, add_special_tokens=False)["input_ids"]
        program_ids = tokenizer(program, add_special_tokens=False)["input_ids"]
        where = f"{name} pair {index} ({row['id']})"
        if tokenizer.unk_token_id in document_ids + program_ids:
            raise AssertionError(f"{where}: the tokenizer does not know every word")
        document_at = find(ids, document_ids)
        if document_at < 0:
            raise AssertionError(f"{where}: the document's tokens are not in input_ids")
        program_at = find(ids, program_ids, document_at + len(document_ids))
        if program_at < 0:
            raise AssertionError(f"{where}: the program's tokens do not follow the document")
        document_mask = mask[document_at:document_at + len(document_ids)]
        program_mask = mask[program_at:program_at + len(program_ids)]
        if any(document_mask):
            raise AssertionError(f"{where}: {sum(document_mask)} document tokens have completion_mask 1")
        if not all(program_mask):
            raise AssertionError(
                f"{where}: {len(program_mask) - sum(program_mask)} program tokens have completion_mask 0")
        trained = sum(mask)
        # Besides the program, only the end of the turn is trained (eos or <|im_end|>\n).
        if trained > len(program_ids) + 3:
            raise AssertionError(f"{where}: {trained} tokens trained for a {len(program_ids)}-token program")
        if "labels" in example:
            labels = example["labels"]
            if any(labels[i] != -100 for i in range(document_at, document_at + len(document_ids))):
                raise AssertionError(f"{where}: labels train document tokens")
    print(f"trl check: {name}: {len(prepared)} pairs, program tokens in the loss (completion mask 1), "
          "document tokens not (0)")
    if train_step:
        result = trainer.train()
        print(f"trl check: {name}: one training step on CPU, loss {result.training_loss:.3f}")


def report_messages(path, tokenizer, model, output_dir):
    dataset, trainer = prepare(path, tokenizer, model, output_dir, False)
    example = trainer.train_dataset[0]
    labels = example.get("labels")
    trained = len(example["input_ids"]) if labels is None else sum(1 for label in labels if label != -100)
    print(
        f"trl check: messages: TRL's default loss covers {trained} of {len(example['input_ids'])} tokens "
        "of the first pair (the web page too); use --format conversational to train the program only")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompt-completion", required=True)
    parser.add_argument("--conversational", required=True)
    parser.add_argument("--messages")
    parser.add_argument("--train-step", action="store_true")
    arguments = parser.parse_args()
    print(f"trl check: trl {trl.__version__}, transformers {transformers.__version__}, "
          f"torch {torch.__version__}, datasets {datasets.__version__}")
    paths = [arguments.prompt_completion, arguments.conversational] + (
        [arguments.messages] if arguments.messages else [])
    rows = [row for path in paths for row in datasets.load_dataset("json", data_files=path, split="train")]
    tokenizer = make_tokenizer(rows)
    with tempfile.TemporaryDirectory() as output_dir:
        for name, path in [("prompt-completion", arguments.prompt_completion),
                           ("conversational", arguments.conversational)]:
            check_completion_mask(name, path, tokenizer, make_model(tokenizer), output_dir,
                                  arguments.train_step)
        if arguments.messages:
            report_messages(arguments.messages, tokenizer, make_model(tokenizer), output_dir)
    print("trl check: passed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        print(f"trl check: FAILED: {error}")
        sys.exit(1)
