import { AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';

import { dropEmptySegments } from '../../electron/core/asr/timestamp-tokens.js';
import { applyModelLocation } from '../../electron/core/models/model-location.js';
import { sharedModelsDir } from '../support/shared-data.js';

/** The private half of WhisperTokenizer the worker uses (see whisper-internals.ts). */
interface WhisperTokenizerInternals {
  timestamp_begin: number;
  _decode_asr(
    sequences: { tokens: bigint[]; token_timestamps: number[]; stride: number[] }[],
    options: object,
  ): [string, { chunks?: { text: string }[] }];
}

let tokenizer: PreTrainedTokenizer & WhisperTokenizerInternals;

beforeAll(async () => {
  applyModelLocation({ modelDir: sharedModelsDir, allowRemoteModels: false });
  tokenizer = (await AutoTokenizer.from_pretrained('Xenova/whisper-tiny')) as never;
});

/**
 * A decode at temperature > 0 on the English dev set produced `<|a|><|b|>` with nothing between, and
 * the real tokenizer's `_decode_asr` threw, failing the whole recording (found by `npm run bench:asr`).
 */
describe('empty timestamp segments with the real Whisper tokenizer', () => {
  const decode = (tokens: bigint[]) =>
    tokenizer._decode_asr([{ tokens, token_timestamps: tokens.map((_, i) => i * 0.1), stride: [30, 0, 0] }], {
      time_precision: 0.02,
      return_timestamps: 'word',
      force_full_sequences: false,
    });

  // Whisper's multilingual vocabulary: end-of-text, then the language tokens.
  const endOfText = 50_257;
  const english = 50_259;

  it.each([
    ['nothing', []],
    ['only a language token', [english]],
  ])('a segment holding %s throws as transformers.js ships, and decodes once dropped', (_, inside: number[]) => {
    expect(tokenizer.decode([english])).toBe('<|en|>');
    const begin = tokenizer.timestamp_begin;
    const text = tokenizer.encode(' Hello there.', { add_special_tokens: false });
    const ids = [begin, ...text, begin + 50, begin + 50, ...inside, begin + 75, begin + 75, ...text, begin + 100];
    const tokens = ids.map(BigInt);
    expect(() => decode(tokens)).toThrow(/non-empty array/);
    const fixed = dropEmptySegments(
      tokens,
      tokens.map((_, i) => i * 0.1),
      { timestampBegin: begin, endOfText },
    );
    const [decoded, extra] = decode(fixed.tokens);
    expect(decoded.trim()).toBe('Hello there. Hello there.');
    expect(extra.chunks?.map((chunk) => chunk.text.trim())).toEqual(['Hello', 'there.', 'Hello', 'there.']);
  });
});
