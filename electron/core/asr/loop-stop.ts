/** The shortest loop worth stopping for: a phrase repeated until it fills this many tokens. */
const loopTokens = 24;
const minRepeats = 3;
const longestPhrase = 24;

/** How many times the last `size` tokens repeat back to back at the end of `tokens`. */
function tailRepeats(tokens: readonly bigint[], size: number): number {
  let repeats = 1;
  for (let start = tokens.length - 2 * size; start >= 0; start -= size) {
    for (let offset = 0; offset < size; offset += 1) {
      if (tokens[start + offset] !== tokens[tokens.length - size + offset]) return repeats;
    }
    repeats += 1;
  }
  return repeats;
}

/**
 * True when a decode's text tokens (timestamp tokens aside) end in a phrase repeated back to back,
 * three times or more and over at least 24 tokens. Such a decode is a loop that Whisper's compression
 * test rejects anyway; finishing it to the token limit costs up to 224 decoder steps per attempt.
 */
export function endsInLoop(tokens: readonly bigint[], timestampBegin: number): boolean {
  const text = tokens.filter((token) => Number(token) < timestampBegin);
  for (let size = 1; size <= longestPhrase && 2 * size <= text.length; size += 1) {
    const repeats = tailRepeats(text, size);
    if (repeats >= minRepeats && repeats * size >= loopTokens) return true;
  }
  return false;
}
