#!/usr/bin/env python3
"""Checks bench:speakers' DER scorer (tests/bench/speakers-scoring.ts) against pyannote.metrics.

A developer tool (never run by npm test). Venv:  python3 -m venv /tmp/pm && /tmp/pm/bin/pip install pyannote.metrics
  BENCH_RTTM_DIR=/tmp/hyp npm run bench:speakers -- --part report --no-peer ...   # writes the hypotheses
  /tmp/pm/bin/python tools/check_der_scorer.py /tmp/hyp ref1.rttm ref2.rttm ...
Prints, per file, pyannote.metrics' DER without collar and with a 0.25 s collar each side (pyannote's
`collar` is the total width, so 0.5) beside the bench scorer's figures for the same pair.
"""
import json
import os
import subprocess
import sys

from pyannote.core import Annotation, Segment, Timeline
from pyannote.metrics.diarization import DiarizationErrorRate


def read(path):
    annotation = Annotation()
    for line in open(path):
        f = line.split()
        if not f or f[0] != 'SPEAKER':
            continue
        start, duration = float(f[3]), float(f[4])
        annotation[Segment(start, start + duration)] = f[7]
    return annotation


hyp_dir, refs = sys.argv[1], sys.argv[2:]
here = os.path.dirname(os.path.abspath(__file__))
rows = []
for ref in refs:
    name = os.path.basename(ref)[: -len('.rttm')]
    hyp = os.path.join(hyp_dir, name + '.rttm')
    duration = float(subprocess.check_output(['ffprobe', '-v', 'error', '-show_entries', 'format=duration', '-of',
                                              'csv=p=0', ref[: -len('.rttm')] + '.wav'], text=True))
    uem = Timeline([Segment(0, duration)])
    r, h = read(ref), read(hyp)
    ours = json.loads(subprocess.check_output(
        ['node', '--import', 'tsx', os.path.join(here, '..', 'tests', 'bench', 'speakers-score-files.ts'), ref, hyp,
         str(duration)], text=True, cwd=os.path.join(here, '..')))
    theirs = [DiarizationErrorRate(collar=c, skip_overlap=False)(r, h, uem=uem) for c in (0.0, 0.5)]
    rows.append((name, theirs, ours))
    print(f"{name:24s} pyannote.metrics {theirs[0]*100:6.2f} % / collar {theirs[1]*100:6.2f} %   "
          f"bench {ours['plain']*100:6.2f} % / collar {ours['collar']*100:6.2f} %")
