#!/usr/bin/env python3
"""Write small JSON test vectors so the TypeScript feature extraction / inference can be checked
against Python: resources/models/testvectors/{campplus-zh-en,pyannote-segmentation-3.0,wespeaker-fbank}.json.

Binary arrays are base64 of little-endian buffers (int16 PCM or float32), row-major.
"""
from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA_DIR, MODELS_DIR, kaldi_fbank, load_audio, sha256  # noqa: E402

CLIP = "asr/audio/en/librispeech-test-clean/1089-134686-0000.flac"
OUT_DIR = MODELS_DIR / "testvectors"


def b64(a: np.ndarray, dtype) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype=np.dtype(dtype).newbyteorder("<")).tobytes()).decode()


def r(x, n=6):
    return [round(float(v), n) for v in np.asarray(x).ravel()]


def pcm16(wav: np.ndarray) -> np.ndarray:
    pcm = np.round(wav * 32768.0).astype(np.int64)
    assert np.all(np.abs(pcm) <= 32768)
    pcm = np.clip(pcm, -32768, 32767).astype(np.int16)
    assert np.array_equal(pcm.astype(np.float32) / 32768.0, wav), "clip is not exact 16-bit PCM"
    return pcm


def campplus():
    import onnxruntime as ort
    from convert_campplus import load_torch_model
    onnx_path = MODELS_DIR / "campplus-zh-en/campplus_zh_en_16k.onnx"
    wav = load_audio(DATA_DIR / CLIP)[: 2 * 16000]
    pcm = pcm16(wav)
    raw = kaldi_fbank(wav, cmn=False)
    feats = raw - raw.mean(dim=0, keepdim=True)
    with torch.no_grad():
        emb_torch = load_torch_model()(feats[None]).numpy()[0]
    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    emb = sess.run(["embs"], {"feats": feats[None].numpy()})[0][0]
    out = {
        "model": "campplus-zh-en/campplus_zh_en_16k.onnx",
        "model_sha256": sha256(onnx_path),
        "clip": f"{CLIP} (first 2.000 s, CC-BY-4.0 LibriSpeech)",
        "sample_rate": 16000,
        "waveform": {"encoding": "base64 int16 little-endian PCM; float sample = int16 / 32768",
                     "num_samples": int(len(pcm)), "data": b64(pcm, np.int16)},
        "fbank": {
            "recipe": "torchaudio.compliance.kaldi.fbank(x[None], num_mel_bins=80, sample_frequency=16000, dither=0.0) then feats - feats.mean(0)",
            "num_frames": int(feats.shape[0]), "num_bins": 80,
            "cmn_mean": r(raw.mean(dim=0), 6),
            "raw_first_frame": r(raw[0], 6),
            "raw_last_frame": r(raw[-1], 6),
            "feats_encoding": "base64 float32 little-endian, row-major [num_frames, 80], AFTER mean normalisation (raw = feats + cmn_mean)",
            "feats": b64(feats.numpy(), np.float32),
        },
        "onnx_input": {"name": "feats", "shape": [1, int(feats.shape[0]), 80]},
        "onnx_output": {"name": "embs", "shape": [1, 192]},
        "embedding": r(emb, 7),
        "embedding_torch": r(emb_torch, 7),
        "max_abs_diff_onnx_vs_torch": float(np.abs(emb - emb_torch).max()),
        "tolerance_hint": "fbank abs diff < 1e-3 per bin (log domain); embedding cosine vs expected > 0.9999",
    }
    return out


def segmentation():
    import onnxruntime as ort
    from convert_segmentation import load_torch_model
    onnx_path = MODELS_DIR / "pyannote-segmentation-3.0/segmentation-3.0.onnx"
    rel = "diarization/ami_excerpt_trn00.wav"
    n_real = 3 * 16000
    wav = load_audio(DATA_DIR / rel)[:n_real]
    pcm = pcm16(wav)
    x = np.zeros((1, 1, 160000), dtype=np.float32)
    x[0, 0, :n_real] = wav
    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    lp = sess.run(["log_probs"], {"waveform": x})[0][0]
    model, _ = load_torch_model()
    with torch.no_grad():
        lp_t = model(torch.from_numpy(x)).numpy()[0]
    return {
        "model": "pyannote-segmentation-3.0/segmentation-3.0.onnx",
        "model_sha256": sha256(onnx_path),
        "clip": f"{rel} (first 3.000 s, then zero-padded to 10 s = 160000 samples)",
        "sample_rate": 16000,
        "waveform": {"encoding": "base64 int16 little-endian PCM; float sample = int16 / 32768; append zeros up to padded_num_samples",
                     "num_samples": n_real, "padded_num_samples": 160000, "data": b64(pcm, np.int16)},
        "onnx_input": {"name": "waveform", "shape": [1, 1, 160000]},
        "onnx_output": {"name": "log_probs", "shape": [1, int(lp.shape[0]), 7]},
        "powerset_classes": [[], [0], [1], [2], [0, 1], [0, 2], [1, 2]],
        "log_probs_encoding": "base64 float32 little-endian, row-major [frames, 7]",
        "log_probs": b64(lp, np.float32),
        "argmax": [int(v) for v in lp.argmax(-1)],
        "max_abs_diff_onnx_vs_torch_probs": float(np.abs(np.exp(lp) - np.exp(lp_t)).max()),
        "tolerance_hint": "probabilities (exp(log_probs)) abs diff < 1e-4; argmax identical",
    }


def wespeaker_fbank():
    """The fbank WeSpeaker models (and transformers.js's WeSpeakerFeatureExtractor) use: a hamming
    window on int16-scaled samples. No model: the Hub's WeSpeaker export cannot be fetched here."""
    import torchaudio
    wav = load_audio(DATA_DIR / CLIP)[: 2 * 16000]
    raw = torchaudio.compliance.kaldi.fbank(torch.from_numpy(wav)[None] * 32768, num_mel_bins=80,
                                            sample_frequency=16000, dither=0.0, window_type="hamming")
    return {
        "clip": f"{CLIP} (first 2.000 s, CC-BY-4.0 LibriSpeech; the same samples as campplus-zh-en.json)",
        "recipe": "torchaudio.compliance.kaldi.fbank(x[None] * 32768, num_mel_bins=80, sample_frequency=16000, dither=0.0, window_type='hamming')",
        "num_frames": int(raw.shape[0]),
        "raw_first_frame": r(raw[0], 6),
        "raw_last_frame": r(raw[-1], 6),
    }


VECTORS = {"campplus-zh-en": campplus, "pyannote-segmentation-3.0": segmentation, "wespeaker-fbank": wespeaker_fbank}


def main():
    """Writes every test vector, or only those named on the command line."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, fn in VECTORS.items():
        if len(sys.argv) > 1 and name not in sys.argv[1:]:
            continue
        p = OUT_DIR / f"{name}.json"
        p.write_text(json.dumps(fn(), indent=1) + "\n")
        print(f"wrote {p} ({p.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
