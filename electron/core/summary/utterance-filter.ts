/**
 * What a spoken sentence sheds before it can stand in a summary: hesitations, repeated words and
 * false starts; and the sentences that carry nothing to summarise (back-channels, greetings, thanks,
 * goodbyes, self-introductions). Rules per language where they are known, the hesitations that
 * speech recognition writes in any language otherwise.
 */

/** Hesitations written out in any language; removed wherever they stand. */
const hesitations = String.raw`u+m+|u+h+|u+h+m+|h+m+|m+h?m+|mm-hmm|uh-huh|uh-uh|e+r+m*|a+h+|e+h+|äh+m*|ähm|euh+|eh+m*|hein`;

/** Phrases that fill time in speech without adding to the sentence. */
const fillerPhrases: Readonly<Record<string, string>> = {
  en: String.raw`you know|i mean|sort of|you see|let's see|i guess|i suppose`,
  de: String.raw`sozusagen|halt|quasi|weißt du`,
  fr: String.raw`tu vois|vous voyez|en fait|du coup|genre|bah|ben|quoi`,
  es: String.raw`o sea|pues|este|bueno|vale|sabes`,
};

/** Words that open a spoken sentence without starting its content ("Okay so um, the buttons…"). */
const openers: Readonly<Record<string, string>> = {
  en: String.raw`okay|ok|so|alright|all right|well|yeah|yes|right|and|but|oh|now|anyway|actually|basically|then|cool|great|good|fine|sure|uh|um`,
  de: String.raw`also|ja|gut|okay|ok|und|aber|naja|na|so|genau`,
  fr: String.raw`alors|donc|bon|ok|okay|et|mais|oui|voilà|ben|bah`,
  es: String.raw`bueno|entonces|pues|vale|ok|okay|y|pero|sí|bien`,
};

/** Greetings, thanks, goodbyes and introductions: nothing of them belongs in a summary. */
const pleasantries: Readonly<Record<string, RegExp>> = {
  en: /\b(hello|hi|hey|good (?:morning|afternoon|evening|night)|thanks|thank you|bye|goodbye|see you|welcome|nice to meet|enjoy|have a (?:good|nice|great)|cheers|my name is|sorry i'?m late)\b/i,
  de: /\b(hallo|guten (?:morgen|tag|abend)|danke|tschüss|auf wiedersehen|bis (?:bald|dann|später)|willkommen|ich heiße|mein name ist)\b/i,
  fr: /\b(bonjour|bonsoir|salut|merci|au revoir|bonne (?:journée|soirée)|à (?:bientôt|plus tard)|bienvenue|je m'appelle|enchanté)\b/i,
  es: /\b(hola|buenos días|buenas (?:tardes|noches)|gracias|adiós|hasta (?:luego|pronto|mañana)|bienvenid[oa]s?|me llamo|mucho gusto)\b/i,
};

function compile(pattern: string): RegExp {
  return new RegExp(String.raw`(?<![\p{L}\p{N}'-])(?:${pattern})(?![\p{L}\p{N}'-])[,.]?`, 'giu');
}

const hesitationPattern = compile(hesitations);
const fillerPatterns = Object.fromEntries(Object.entries(fillerPhrases).map(([code, list]) => [code, compile(list)]));
const openerPatterns = Object.fromEntries(
  Object.entries(openers).map(([code, list]) => [
    code,
    new RegExp(String.raw`^(?:(?:${list})(?![\p{L}\p{N}'])[\s,.!]*)+`, 'iu'),
  ]),
);

/** "the the", "I I I", "it is it is": a word or pair said again at once. */
const repeatedWords = /(?<![\p{L}\p{N}'])((?:[\p{L}\p{N}']+)(?:\s+[\p{L}\p{N}']+)?)(?:\s*,?\s+\1)+(?![\p{L}\p{N}'])/giu;

/** "des design", "th the": a cut-off start of the next word. */
function dropFalseStarts(text: string): string {
  const words = text.split(' ');
  return words
    .filter((word, index) => {
      const next = words[index + 1]?.toLowerCase();
      const lower = word.toLowerCase();
      return !(
        next !== undefined &&
        lower.length >= 1 &&
        lower.length < next.length &&
        next.startsWith(lower) &&
        /^\p{L}+$/u.test(lower) &&
        lower.length <= 4 &&
        lower !== 'a' &&
        lower !== 'i'
      );
    })
    .join(' ');
}

function tidy(text: string): string {
  return text
    .replace(/\s+([,.!?;:])/g, '$1')
    .replace(/([,;:])(?:\s*[,;:])+/g, '$1')
    .replace(/^[\s,.;:-]+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The sentence as a summary may quote it: hesitations, filler phrases, repeated words, false
 * starts and leading discourse words removed, first letter capitalised. Every word left is the
 * speaker's own, in order, so the citation still supports it.
 */
export function cleanUtterance(text: string, language: string): string {
  const code = language.toLowerCase();
  let cleaned = ` ${text} `.replace(hesitationPattern, ' ');
  const fillers = fillerPatterns[code];
  if (fillers !== undefined) cleaned = cleaned.replace(fillers, ' ');
  cleaned = tidy(cleaned).replace(repeatedWords, '$1');
  cleaned = dropFalseStarts(cleaned);
  const opener = openerPatterns[code];
  if (opener !== undefined) cleaned = cleaned.replace(opener, '');
  cleaned = tidy(cleaned);
  return cleaned.charAt(0).toLocaleUpperCase() + cleaned.slice(1);
}

/** "I'm Laura": a capitalised word after "I'm" is a name being given (case matters here). */
const englishIntroduction = /\b(?:I'm|I am) [A-Z][a-z]+\b(?! (?:going|gonna|not|sure|afraid|glad|happy))/;

/** A greeting, thanks, goodbye or self-introduction in the meeting's language (any known one otherwise). */
export function isPleasantry(text: string, language: string): boolean {
  if (language.toLowerCase() === 'en' && englishIntroduction.test(text)) return true;
  const pattern = pleasantries[language.toLowerCase()];
  return pattern === undefined ? Object.values(pleasantries).some((any) => any.test(text)) : pattern.test(text);
}

/** Words a finished sentence does not end on: "…volume and channel control and." was cut off. */
const danglingEnds: Readonly<Record<string, RegExp>> = {
  en: /\b(?:and|or|but|so|because|the|a|an|to|of|with|for|in|on|at|that|which|if|than|like|my|your|our|their|is|are|was|were)[\s,.…-]*$/i,
};

/** The sentence breaks off mid-way (speech that trailed off or was interrupted); English only for now. */
export function breaksOff(text: string, language: string): boolean {
  return danglingEnds[language.toLowerCase()]?.test(text) ?? false;
}
