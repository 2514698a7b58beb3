"""ROUGE-1/2/L F1 with Google's `rouge-score` (the package QMSum and issue 18 report with).

Settings: rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True) — Porter stemmer,
the package's default tokenizer (lower-case, non-alphanumerics to spaces), sentence-level rougeL
(not rougeLsum), F-measure. Build-time tool only: the bench (tests/bench/summary.bench.ts) pipes
JSON Lines {"id", "prediction", "reference"} to stdin and reads one JSON line per pair
{"id", "rouge1", "rouge2", "rougeL"} (F1 in 0..1) from stdout.

Setup: python3 -m venv tools/rouge/.venv && tools/rouge/.venv/bin/pip install -r tools/rouge/requirements.txt
"""
import json
import sys

from rouge_score import rouge_scorer

scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
for line in sys.stdin:
    if not line.strip():
        continue
    pair = json.loads(line)
    scores = scorer.score(pair["reference"], pair["prediction"])
    out = {"id": pair["id"]}
    out.update({name: score.fmeasure for name, score in scores.items()})
    sys.stdout.write(json.dumps(out) + "\n")
