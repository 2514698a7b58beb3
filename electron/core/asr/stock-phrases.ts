import { basicNormalize } from './text-normalizer.js';

/**
 * What Whisper writes for silence, noise or a trailing breath: its best-known hallucinations, learnt
 * from subtitled videos (closing thanks, subtitle credits), as reported for OpenAI's models and seen
 * on this project's dev set. Stored normalized (Whisper's basic normalizer: lower case, no punctuation).
 */
const stockPhrases = new Set(
  [
    'thank you',
    'thank you very much',
    'thank you so much',
    'thanks',
    'thanks for watching',
    'thank you for watching',
    'thanks for listening',
    'thank you for listening',
    'please subscribe',
    'bye',
    'bye bye',
    'goodbye',
    'you',
    'so',
    'okay',
    'oh',
    'the end',
    'music',
    'applause',
    'silence',
    'untertitel im auftrag des zdf für funk 2017',
    'untertitel der amara org community',
    'vielen dank',
    'danke',
    'tschüss',
    'sous titrage société radio canada',
    'merci',
    'merci d avoir regardé',
    'gracias',
    'gracias por ver',
    'subtítulos realizados por la comunidad de amara org',
    'grazie',
    'grazie a tutti',
    'obrigado',
    'dank je',
    'дякую',
    'спасибо',
    'продолжение следует',
    'ご視聴ありがとうございました',
    'ありがとうございました',
    '字幕由amara org社区提供',
    '谢谢观看',
    '谢谢',
    '감사합니다',
    '시청해주셔서 감사합니다',
  ].map((phrase) => basicNormalize(phrase)),
);

/** True when `text`, normalized, is one of Whisper's stock phrases and nothing else. */
export function isStockPhrase(text: string): boolean {
  const normalized = basicNormalize(text);
  return normalized !== '' && stockPhrases.has(normalized);
}
