import { countErrors, scoresByCharacter } from '../../electron/core/asr/text-normalizer.js';

import { countSuspects, formatSuspectCounts, type Suspect } from './asr-hallucinations.js';

interface Counted {
  edits: number;
  units: number;
}

interface Utterance {
  file: string;
  lang: string;
  audio: number;
  wall: number;
  whisper: Counted;
  peer: Counted;
  /** Segments never said (our runs only: the peer bench returns text, not segments). */
  suspects?: Suspect[];
}

export interface GroupSummary {
  utts: number;
  audioSec: number;
  wallSec: number;
  xRealtime: number;
  /** Corpus error rate (total edits / total reference units) with Whisper-style normalization. */
  errorRate: number;
  /** The same with the whisper.cpp peer bench's normalizer (numbers not spelled out). */
  errorRatePeerNorm: number;
}

export interface RunResult {
  engine: string;
  /** The Whisper weights it ran (whisper.cpp: converted from these). */
  modelId: string;
  peakRssMb: number;
  groups: Record<string, GroupSummary>;
  /** Overlapping and stock-phrase segments by kind and origin (null for the peer). */
  suspects: ReturnType<typeof countSuspects> | null;
}

export interface PeerResult {
  peak_rss_mb: number;
  per_utt: { file: string; lang: string; audio: number; wall: number; hyp: string; edits: number; n: number }[];
}

const groups: Record<string, (row: { lang: string; file: string }) => boolean> = {
  en: (row) => row.lang === 'en',
  // The subset comparable with the figures OpenAI published (LibriSpeech test-clean: tiny 7.55 %, base 5.0 %).
  'en LibriSpeech': (row) => row.lang === 'en' && row.file.includes('/librispeech-'),
  'other (WER)': (row) => row.lang !== 'en' && !scoresByCharacter(row.lang),
  'zh+ja (CER)': (row) => scoresByCharacter(row.lang),
};

function summarize(rows: readonly Utterance[]): Record<string, GroupSummary> {
  const out: Record<string, GroupSummary> = {};
  for (const [name, member] of Object.entries(groups)) {
    const group = rows.filter((row) => member(row));
    const sum = (pick: (row: Utterance) => number): number => group.reduce((total, row) => total + pick(row), 0);
    const audioSec = sum((row) => row.audio);
    const wallSec = sum((row) => row.wall);
    out[name] = {
      utts: group.length,
      audioSec,
      wallSec,
      xRealtime: audioSec / Math.max(wallSec, 1e-9),
      errorRate:
        sum((row) => row.whisper.edits) /
        Math.max(
          1,
          sum((row) => row.whisper.units),
        ),
      errorRatePeerNorm:
        sum((row) => row.peer.edits) /
        Math.max(
          1,
          sum((row) => row.peer.units),
        ),
    };
  }
  return out;
}

export function summarizeRun(raw: {
  modelId: string;
  peakRssMb: number;
  utterances: Utterance[];
}): RunResult & { utterances: Utterance[] } {
  return {
    engine: `pc-worker ${raw.modelId}`,
    modelId: raw.modelId,
    peakRssMb: raw.peakRssMb,
    groups: summarize(raw.utterances),
    suspects: countSuspects(raw.utterances.flatMap((row) => row.suspects ?? [])),
    utterances: raw.utterances,
  };
}

/** whisper.cpp's hypotheses rescored with both normalizers, so every figure compares like with like. */
export function summarizePeer(peer: PeerResult, references: Map<string, string>, modelId: string): RunResult {
  const rows = peer.per_utt.map((row) => {
    const reference = references.get(row.file) ?? '';
    return {
      ...row,
      whisper: countErrors(reference, row.hyp, row.lang, 'whisper'),
      peer: countErrors(reference, row.hyp, row.lang, 'peer'),
    };
  });
  return {
    engine: `whisper.cpp ${modelId.replace(/^.*whisper-/, '')} q8`,
    modelId,
    peakRssMb: peer.peak_rss_mb,
    groups: summarize(rows),
    suspects: null,
  };
}

const percent = (value: number): string => `${(100 * value).toFixed(2)} %`;

/** The three ratios for one model: speed, error difference and peak RSS against whisper.cpp. */
function ratios(ours: RunResult, peer: RunResult): string[] {
  const lines = [
    `${ours.engine} vs ${peer.engine} (same weights): speed ratio (>1 = we are faster), error difference in points`,
  ];
  for (const [name, group] of Object.entries(ours.groups)) {
    const theirs = peer.groups[name];
    if (theirs === undefined) continue;
    lines.push(
      `${name}: speed ×${(group.xRealtime / theirs.xRealtime).toFixed(2)}, error ${((group.errorRate - theirs.errorRate) * 100).toFixed(2)} pts (peer norm ${((group.errorRatePeerNorm - theirs.errorRatePeerNorm) * 100).toFixed(2)} pts), peak RSS ×${(ours.peakRssMb / peer.peakRssMb).toFixed(2)}`,
    );
  }
  return lines;
}

export function formatTable(
  runs: readonly RunResult[],
  peers: readonly RunResult[],
  long: readonly {
    audioSec: number;
    wall: number;
    rtf: number;
    whisper: Counted;
    rssTrace: { rssMb: number }[];
    peakRssMb: number;
    modelId: string;
  }[],
): string {
  const lines = [
    'engine | set | utts | error (whisper norm) | error (peer norm) | × real time | peak RSS MB',
    '---|---|---:|---:|---:|---:|---:',
  ];
  for (const run of [...runs, ...peers]) {
    for (const [name, group] of Object.entries(run.groups)) {
      lines.push(
        `${run.engine} | ${name} | ${String(group.utts)} | ${percent(group.errorRate)} | ${percent(group.errorRatePeerNorm)} | ${group.xRealtime.toFixed(2)} | ${String(run.peakRssMb)}`,
      );
    }
  }
  for (const run of runs) {
    if (run.suspects !== null)
      lines.push('', `${run.engine}, segments never said: ${formatSuspectCounts(run.suspects)}`);
  }
  for (const ours of runs) {
    const peer = peers.find((candidate) => candidate.modelId === ours.modelId);
    if (peer !== undefined) lines.push('', ...ratios(ours, peer));
  }
  for (const run of long) {
    const rss = run.rssTrace.map((point) => point.rssMb);
    lines.push(
      '',
      `long input ${run.modelId}: ${(run.audioSec / 60).toFixed(1)} min audio in ${(run.wall / 60).toFixed(1)} min (RTF ${run.rtf.toFixed(3)}), WER ${percent(run.whisper.edits / Math.max(1, run.whisper.units))}, peak RSS ${String(run.peakRssMb)} MB, RSS over the run ${rss.join(' → ')} MB`,
    );
  }
  return lines.join('\n');
}
