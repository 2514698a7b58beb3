/**
 * What ffmpeg may read of an uploaded recording. ffmpeg follows what a file tells it to: an HLS
 * playlist or a concat list names other files (local paths, URLs) that it opens and decodes, so an
 * upload could make the worker transcribe a file of this machine into someone's meeting (an outside
 * audit did it with an HLS playlist named `.flac`). So inputs are opened only through the file and pipe
 * protocols, and only by demuxers of self-contained audio and video containers.
 */

/** ffmpeg demuxer names (`ffmpeg -demuxers`). ffmpeg matches a demuxer when any of its names is listed. */
const allowedDemuxers = [
  'wav', // also RF64, BW64
  'w64',
  'mp3',
  'flac',
  'ogg', // Opus, Vorbis, FLAC in Ogg
  'mov', // mov, mp4, m4a, 3gp (external data references stay off, ffmpeg's default)
  'matroska', // mkv, webm
  'aac',
  'asf', // wma, wmv
  'aiff',
  'caf',
  'amr',
  'au',
  'avi',
  'mpeg',
  'mpegts',
  'wv',
  'ac3',
  'eac3',
];

/** Demuxers whose input is a list of other files or URLs, not a recording. */
const listDemuxers = new Set(['hls', 'applehttp', 'concat', 'dash', 'hds', 'imf', 'image2', 'webm_dash_manifest']);

/** ffmpeg input options (before `-i`) that hold it to the protocols and demuxers above. */
export function inputRestrictionArgs(): string[] {
  return ['-protocol_whitelist', 'file,pipe', '-format_whitelist', allowedDemuxers.join(',')];
}

const refusedPattern = /\[([\w,]+) @ [^\]]*\] Format not on whitelist/;
const protocolPattern = /Protocol '([^']+)' not on whitelist/;

/** The reason a person reads when ffmpeg refused the input's format or a protocol it named, else null. */
export function refusedInputReason(stderr: string): string | null {
  const format = refusedPattern.exec(stderr)?.[1];
  if (format !== undefined) {
    if (format.split(',').some((name) => listDemuxers.has(name))) {
      return `The file is a playlist or a list of other files (${format}), not a recording: upload the recording itself.`;
    }
    return `The file is not a recording PC Worker can read: its format (${format}) is not an audio or video file it accepts (WAV, MP3, M4A/MP4, FLAC, Ogg/Opus, WebM/MKV, WMA, AAC, AIFF).`;
  }
  const protocol = protocolPattern.exec(stderr)?.[1];
  if (protocol !== undefined) {
    return `The file asks to read other data over '${protocol}', which PC Worker never does: upload the recording itself.`;
  }
  return null;
}
