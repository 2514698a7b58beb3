import { whisperLanguageCodes } from '../../contract/whisper-languages.js';
import { PreprocessingError } from '../errors.js';

const known = new Set<string>(whisperLanguageCodes);

/**
 * The language a meeting is transcribed in: its own requested_language (written by the web app),
 * else the LANGUAGE setting. Checked before any work is done: Whisper refuses a code it has no token
 * for deep inside decoding, which would fail every attempt without a reason a person can act on. A
 * browser-style tag ('en-US', 'pt_BR') means its primary language.
 */
export function meetingLanguage(requested: string | null, setting: string): string {
  const fromMeeting = requested !== null && requested.trim() !== '';
  const given = fromMeeting ? requested : setting;
  const language = given.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (language === 'auto' || known.has(language)) return language;
  const shown = given.length > 40 ? `${given.slice(0, 40)}…` : given;
  const where = fromMeeting ? "the meeting's requested language" : 'the LANGUAGE setting';
  throw new PreprocessingError(
    `Whisper cannot transcribe in "${shown}" (${where}): use 'auto' or a language code such as 'en'.`,
    false,
  );
}
