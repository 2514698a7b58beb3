/**
 * Whisper's timestamped output alternates `<|start|> text <|end|>`. A sampled decode (fallback at a
 * temperature above 0) sometimes closes a segment it never filled, `<|1.20|><|2.40|>`, and
 * transformers.js's `_decode_asr` then throws ("token_ids must be a non-empty array of integers"),
 * which failed a whole meeting. A segment that holds only special tokens (a language or end-of-text
 * token sampled mid-sequence; the tokenizer skips them) is just as empty. Such segments carry no
 * words, so they are dropped, with the token times that belong to them (the arrays stay aligned).
 */
export function dropEmptySegments(
  tokens: readonly bigint[],
  times: readonly number[],
  ids: { timestampBegin: number; endOfText: number },
): { tokens: bigint[]; times: number[] } {
  const kept: { token: bigint; time: number }[] = [];
  let opened: bigint | null = null;
  let textSinceOpen = 0;
  tokens.forEach((token, index) => {
    const entry = { token, time: times[index] ?? 0 };
    if (Number(token) < ids.timestampBegin) {
      kept.push(entry);
      // Whisper's special tokens (end-of-text and up) sit between the text and the timestamp tokens.
      if (opened !== null && Number(token) < ids.endOfText) textSinceOpen += 1;
      return;
    }
    if (opened === null) {
      kept.push(entry);
      [opened, textSinceOpen] = [token, 0];
    } else if (token === opened) {
      // The same time again changes nothing in the decoded text.
      kept.push(entry);
    } else if (textSinceOpen === 0) {
      const openedAt = kept.map((k) => k.token).lastIndexOf(opened);
      kept.splice(openedAt, 1);
      opened = null;
    } else {
      kept.push(entry);
      opened = null;
    }
  });
  return { tokens: kept.map((k) => k.token), times: kept.map((k) => k.time) };
}
