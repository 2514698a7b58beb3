import { describe, expect, it } from 'vitest';

import { identifySpeakers, linkedSpeakerIds } from '../../../../electron/core/speakers/identification/identify.js';
import { unmeasuredCalibration } from '../../../../electron/core/speakers/identification/thresholds.js';
import type { Voiceprint } from '../../../../electron/core/speakers/identification/voiceprint-library.js';
import { cosine, l2Normalise } from '../../../../electron/core/speakers/vectors.js';

const unit = (...values: number[]): Float32Array => l2Normalise(Float32Array.from(values));
const model = 'campplus-zh-en';
const print = (speakerId: string, embedding: Float32Array, overrides: Partial<Voiceprint> = {}): Voiceprint => ({
  speakerId,
  name: `Person ${speakerId}`,
  model,
  embedding,
  sampleCount: 3,
  attendee: false,
  ...overrides,
});
const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
let counter = 0;
const newSpeakerId = (): string => `00000000-0000-4000-8000-1000000000${String(++counter).padStart(2, '0')}`;
const thresholds = { auto: 0.6, suggest: 0.35 };

describe('identifySpeakers', () => {
  it('assigns a close voiceprint, suggests a middling one (keeping its voice) and stores an unknown voice as new', () => {
    const voices = [
      { label: 'S1', embedding: unit(1, 0.1, 0), frames: 1000 },
      { label: 'S2', embedding: unit(2, 1, 0), frames: 1000 },
      { label: 'S3', embedding: unit(0, 0, 1), frames: 1000 },
    ];
    const library = [print(ids[0] ?? '', unit(1, 0, 0)), print(ids[1] ?? '', unit(0, 1, 0))];
    const { speakers, changes } = identifySpeakers(voices, library, { model, score: cosine, thresholds, newSpeakerId });
    expect(speakers.map((s) => s.match)).toEqual(['auto', 'suggested', 'new']);
    expect(speakers[0]).toMatchObject({ speakerId: ids[0], name: `Person ${ids[0] ?? ''}` });
    expect(speakers[1]).toMatchObject({ speakerId: ids[1], name: null });
    expect(changes.map((c) => [c.label, c.action, c.speakerId])).toEqual([
      ['S1', 'update', ids[0]],
      ['S2', 'suggest', ids[1]],
      ['S3', 'create', speakers[2]?.speakerId],
    ]);
    const links = linkedSpeakerIds(speakers);
    expect(links.get('S2')).toBeNull();
    expect(links.get('S3')).toBe(speakers[2]?.speakerId);
  });

  it('with a model not measured here, only suggests even an identical voice', () => {
    const voices = [{ label: 'S1', embedding: unit(1, 0, 0), frames: 1000 }];
    const { speakers } = identifySpeakers(voices, [print(ids[0] ?? '', unit(1, 0, 0))], {
      model,
      score: cosine,
      thresholds: unmeasuredCalibration.voiceprint,
      newSpeakerId,
    });
    expect(speakers[0]).toMatchObject({ match: 'suggested', speakerId: ids[0], name: null });
  });

  it('ignores a voiceprint from another model version, however similar', () => {
    const voices = [{ label: 'S1', embedding: unit(1, 0, 0), frames: 1000 }];
    const library = [print(ids[0] ?? '', unit(1, 0, 0), { model: 'campplus-zh-en@old' })];
    const { speakers } = identifySpeakers(voices, library, { model, score: cosine, thresholds, newSpeakerId });
    expect(speakers[0]).toMatchObject({ match: 'new', score: null });
    expect(speakers[0]?.speakerId).not.toBe(ids[0]);
  });

  it('never gives one voiceprint to two meeting speakers', () => {
    const voices = [
      { label: 'S1', embedding: unit(1, 0.05, 0), frames: 1000 },
      { label: 'S2', embedding: unit(1, 0.3, 0), frames: 1000 },
    ];
    const { speakers } = identifySpeakers(voices, [print(ids[0] ?? '', unit(1, 0, 0))], {
      model,
      score: cosine,
      thresholds,
      newSpeakerId,
    });
    expect(speakers.filter((s) => s.speakerId === ids[0])).toHaveLength(1);
    expect(speakers[0]?.match).toBe('auto');
  });

  it('only suggests a close voiceprint heard for under 2 s (too little speech to trust the score)', () => {
    const library = [print(ids[0] ?? '', unit(1, 0, 0))];
    const brief = [{ label: 'S1', embedding: unit(1, 0.05, 0), frames: 150 }];
    const { speakers, changes } = identifySpeakers(brief, library, { model, score: cosine, thresholds, newSpeakerId });
    expect(speakers[0]).toMatchObject({ match: 'suggested', speakerId: ids[0], name: null });
    expect(changes.map((c) => c.action)).toEqual(['suggest']);
  });

  it('leaves a voice with too little speech unlinked instead of storing it', () => {
    const voices = [{ label: 'S1', embedding: unit(0, 0, 1), frames: 50 }];
    const { speakers, changes } = identifySpeakers(voices, [], { model, score: cosine, thresholds, newSpeakerId });
    expect(speakers[0]).toMatchObject({ match: 'new', speakerId: null });
    expect(changes).toEqual([]);
  });
});
