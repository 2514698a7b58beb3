import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { readAsrReferences, sharedDir, type AsrReference } from '../support/shared-data.js';
import { spliceAudio } from '../support/spliced-audio.js';

import { partOfSpeaker, type Part } from './speakers-simulated.js';

/**
 * Windows that end in an unread tail, which the dev set's single sentences seldom do: two English
 * clips of one part's voices (each under 12 s, so both fit one 30 s window) joined by 2.5 s of
 * silence, as in tests/integration/asr-tail-speech.test.ts. "said": the second clip as it is, whose
 * sentence must come back (reference: both). "unsaid": the second clip played backwards, speech to
 * the VAD and words to no one, where Whisper used to invent "Thank you." (reference: the first only).
 * Built once into a temp folder; the same cases every time.
 */
export function splicedRows(part: Part, pairs: number): AsrReference[] {
  const durations = new Map(
    readFileSync(path.join(sharedDir, 'data', 'asr', 'meta.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((row) => row.split('\t'))
      .map(([file = '', , speaker = '', duration = '0']) => [
        path.join(sharedDir, 'data', file),
        { speaker, duration: Number(duration) },
      ]),
  );
  const clips = readAsrReferences()
    .filter((row) => {
      const meta = durations.get(row.file);
      return row.language === 'en' && meta !== undefined && meta.duration < 12 && partOfSpeaker(meta.speaker) === part;
    })
    .sort((a, b) => a.file.localeCompare(b.file));
  const dir = path.join(os.tmpdir(), 'pcw-bench-spliced');
  mkdirSync(dir, { recursive: true });
  const rows: AsrReference[] = [];
  for (let pair = 0; pair < pairs && 2 * pair + 1 < clips.length; pair += 1) {
    const [first, second] = [clips[2 * pair], clips[2 * pair + 1]];
    if (first === undefined || second === undefined) break;
    const name = `${part}-${String(pair).padStart(2, '0')}`;
    const reversed = path.join(dir, `${name}-reversed.wav`);
    if (!existsSync(reversed))
      execFileSync(process.env['FFMPEG_PATH'] ?? 'ffmpeg', [
        '-v',
        'error',
        '-y',
        '-i',
        second.file,
        '-af',
        'areverse',
        reversed,
      ]);
    for (const [kind, last, text] of [
      ['said', second.file, `${first.text} ${second.text}`],
      ['unsaid', reversed, first.text],
    ] as const) {
      const file = path.join(dir, `${name}-${kind}.wav`);
      if (!existsSync(file)) spliceAudio([first.file, 2.5, last], file);
      rows.push({ file, text, language: 'en' });
    }
  }
  return rows;
}
