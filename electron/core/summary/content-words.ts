import stopword from 'stopword';

/** ISO-639-1 (what Whisper reports) to the ISO-639-3 names the stopword lists use. */
const stopwordLists: Readonly<Record<string, readonly string[]>> = {
  en: stopword.eng,
  de: stopword.deu,
  fr: stopword.fra,
  es: stopword.spa,
  it: stopword.ita,
  pt: stopword.por,
  nl: stopword.nld,
  sv: stopword.swe,
  da: stopword.dan,
  fi: stopword.fin,
  pl: stopword.pol,
  ru: stopword.rus,
  tr: stopword.tur,
  ca: stopword.cat,
  cs: stopword.ces,
};

/**
 * Hesitations and back-channels that Whisper writes out in any language; they carry no content and
 * would otherwise dominate term counts in conversation. Also the contractions that the stopword
 * lists keep apart ("we", "will") but Whisper writes joined ("we'll").
 */
const fillers = `
  um uh uhm umm hmm mm mhm mm-hmm uh-huh ah oh eh er erm yeah yep yes no okay ok alright right
  well like just really actually gonna wanna got get thing things it's that's i'm don't 'cause
  cause please ahead sure thanks thank i'll we'll you'll i've we're you're they're let's there's
  what's can't won't isn't didn't doesn't ja oui sí si sim nee nein non
`
  .trim()
  .split(/\s+/);

/**
 * Function words of spoken English that the `stopword` package's short English list lacks; without
 * them "so we'll go" would count as content.
 */
const spokenEnglish = `
  so not will shall there when why its us she hers ours yours does doing done go going goes went
  gone know think mean say says see look kind sort bit lot maybe even yet bye hello hi something
  anything everything somebody anybody everybody someone anyone everyone stuff quite pretty guess
`
  .trim()
  .split(/\s+/);

/** Words shorter than this are keyed whole; longer ones by their first letters (a light stemmer). */
const stemLength = 5;

/** Lower-cased word tokens (letters/digits with inner apostrophes or hyphens), in order. */
export function wordTokens(text: string): string[] {
  const matches = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/’/g, "'")
    .match(/[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu);
  return matches ?? [];
}

/**
 * A word's comparison key: its first five letters, so that "decided"/"decide" and
 * "meetings"/"meeting" match in any Latin-script language without a per-language stemmer.
 */
export function wordKey(word: string): string {
  return Array.from(word).slice(0, stemLength).join('');
}

/** Decides which words carry content in one meeting's language. */
export interface ContentWordFilter {
  isContent(word: string): boolean;
}

/**
 * The stopword list for the language when one is known; otherwise the meeting's own most
 * widespread words (present in over a third of its sentences) stand in for one.
 */
export function contentWordFilter(language: string, sentences: readonly string[] = []): ContentWordFilter {
  const code = language.toLowerCase();
  const stopwords = new Set<string>([
    ...fillers,
    ...(stopwordLists[code] ?? []),
    ...(code === 'en' ? spokenEnglish : []),
  ]);
  if (stopwordLists[code] === undefined) {
    for (const word of widespreadWords(sentences)) stopwords.add(word);
  }
  return {
    isContent: (word) => !stopwords.has(word) && (word.length > 1 || /\p{N}/u.test(word)),
  };
}

function widespreadWords(sentences: readonly string[]): string[] {
  if (sentences.length < 6) return [];
  const documentFrequency = new Map<string, number>();
  for (const sentence of sentences) {
    for (const word of new Set(wordTokens(sentence))) {
      documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
    }
  }
  return [...documentFrequency].filter(([, count]) => count / sentences.length > 1 / 3).map(([word]) => word);
}

/** Content-word keys of a text, in order (with repeats). */
export function contentKeys(text: string, filter: ContentWordFilter): string[] {
  return wordTokens(text)
    .filter((word) => filter.isContent(word))
    .map(wordKey);
}

export function hasStopwordList(language: string): boolean {
  return stopwordLists[language.toLowerCase()] !== undefined;
}
