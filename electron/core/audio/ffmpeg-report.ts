/** What ffmpeg's stderr says about an input, parsed without running anything (pure, tested). */
export interface FfmpegReport {
  /** Duration the container declares, if any ("Duration: 00:01:02.50"). */
  declaredDurationSec: number | null;
  hasAudioStream: boolean;
  /** A reason a person can act on, when ffmpeg refused the input. */
  failure: string | null;
}

const durationPattern = /Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/;

export function parseFfmpegReport(stderr: string, exitCode: number | null): FfmpegReport {
  const duration = durationPattern.exec(stderr);
  const declaredDurationSec =
    duration?.[1] !== undefined && duration[2] !== undefined && duration[3] !== undefined
      ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3])
      : null;
  const hasAudioStream = /Stream #\d+:\d+.*Audio:/.test(stderr);
  return {
    declaredDurationSec,
    hasAudioStream,
    failure: exitCode === 0 ? null : describeFailure(stderr, hasAudioStream),
  };
}

function describeFailure(stderr: string, hasAudioStream: boolean): string {
  if (
    /matches no streams|does not contain any stream|Output file #0 does not contain/i.test(stderr) ||
    !hasAudioStream
  ) {
    if (/Stream #\d+:\d+.*Video:/.test(stderr)) return 'The file is a video without an audio track.';
    // An MP4/M4A writes its index (moov) last: a file cut off in transit has none. Random bytes can
    // also look like MP4 to ffmpeg, but only with a "low score".
    if (/moov atom not found/i.test(stderr) && !/misdetection possible/i.test(stderr)) {
      return 'The recording is incomplete: its index (the MP4 moov box, written last) is missing, as when a file is cut off while it is copied or uploaded. Use the complete file.';
    }
    if (/Invalid data found|could not find codec|Invalid argument|moov atom not found/i.test(stderr)) {
      return 'The file is not a recording PC Worker can read: it is not audio, or it is damaged.';
    }
    return 'The file has no audio track.';
  }
  if (/moov atom not found/i.test(stderr))
    return 'The recording is incomplete (its index is missing): use the complete file.';
  if (/Invalid data found|Error while decoding|corrupt/i.test(stderr)) {
    return 'The recording is damaged and could not be decoded.';
  }
  return 'ffmpeg could not decode the recording.';
}
