/**
 * Phrases that mark a sentence as a decision, an action item or an open question, per language.
 * Hand-written and deliberately conservative: a missed decision costs less than an invented one.
 */
interface LanguageCues {
  decision: RegExp;
  action: RegExp;
  /** A first-person commitment: the speaker owns the action. */
  selfCommitment: RegExp;
  /** "<Name> will …": captures the named owner. */
  namedOwner: RegExp;
  due: RegExp;
  question: RegExp;
}

const w = String.raw;

/** `\b` that knows letters beyond ASCII ("décidé", "übermorgen"), which plain `\b` does not. */
const unicodeBoundary = w`(?:(?<![\p{L}\p{N}])(?=[\p{L}\p{N}])|(?<=[\p{L}\p{N}])(?![\p{L}\p{N}]))`;

function unicodeCues(cues: LanguageCues): LanguageCues {
  const convert = (pattern: RegExp) =>
    new RegExp(pattern.source.replaceAll(w`\b`, unicodeBoundary), `${pattern.flags.replace('u', '')}u`);
  return {
    decision: convert(cues.decision),
    action: convert(cues.action),
    selfCommitment: convert(cues.selfCommitment),
    namedOwner: convert(cues.namedOwner),
    due: convert(cues.due),
    question: convert(cues.question),
  };
}

/** Verbs that follow "I'll"/"we need to" without making anything happen ("we need to keep in mind…"). */
const weakVerbs = w`be|see|know|think|say|talk|mean|remember|keep in mind|guess|like|want|wonder|just|probably|maybe|not|never|also|have to|go back|come back|stop|start|leave`;

const english: LanguageCues = {
  decision: new RegExp(
    w`(?<!\bas |\bif |\bwhether |\bwhat |\bthat )\b(we(?:'ve| have)? (?:decided|agreed)(?: to| that| on)?|(?:it's|it is) decided|let's go (?:with|for)|we(?:'ll| will) go (?:with|for)|we're going (?:with|for)|the decision is|settled on|we agree (?:on|that|to))\b`,
    'i',
  ),
  // An agent (I, we, you, he, she, they, a name) + a commitment + a verb that does something, and
  // then a word of substance; case-sensitive so that a capitalised word can be a name.
  action: new RegExp(
    w`(?<!\bif |\bwhen |\bunless )\b(?:(?:[Cc]an|[Cc]ould|[Ww]ould|[Ww]ill) you|(?:I|[Ww]e|[Yy]ou|[Hh]e|[Ss]he|[Tt]hey|[A-Z][a-z]+)(?:'ll| will| shall|'m going to| am going to|'re going to| are going to|'s going to| is going to|'m gonna|'re gonna| need to| needs to| have to| has to| must| should))\s+(?!(?:${weakVerbs})\b)[a-z]+\s+(?:\S+\s+){0,6}?\S{4,}`,
  ),
  selfCommitment: /\b(i(?:'ll| will)|i need to|i have to|i'm going to|i'm gonna|let me)\b/i,
  namedOwner: /\b([A-Z][a-z]+) (?:will|is going to|should|needs to|has to)\b/,
  due: /\b((?:by|before|until|on|due) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|the end of (?:the )?(?:day|week|month)|end of (?:the )?(?:day|week|month)|next (?:week|month|meeting)|the next meeting)|tomorrow|tonight|next (?:week|month|meeting)|(?:this|next) (?:monday|tuesday|wednesday|thursday|friday)|in (?:\w+ )?(?:minutes|hours|days|weeks))\b/i,
  question: /\b(?:do we know|any (?:ideas|thoughts)|what (?:do|should) we)\b/i,
};

const german: LanguageCues = {
  decision:
    /\b(wir haben (?:uns )?(?:entschieden|beschlossen|geeinigt)|beschlossen|entschieden|machen wir so|wir nehmen)\b/i,
  action:
    /\b(ich werde|ich kümmere mich|wir werden|du wirst|kannst du|könnten sie|bitte|bis (?:montag|dienstag|mittwoch|donnerstag|freitag|morgen))\b/i,
  selfCommitment: /\b(ich werde|ich kümmere mich|ich mache)\b/i,
  namedOwner: /\b([A-ZÄÖÜ][a-zäöüß]+) (?:wird|soll|kümmert sich)\b/,
  due: /\b((?:bis|am|vor) (?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|morgen|ende der woche|nächste woche)|morgen|nächste woche)\b/i,
  question: /\b(ich frage mich|wissen wir)\b/i,
};

const french: LanguageCues = {
  decision:
    /\b(on a décidé|nous avons décidé|(?:c'est )?décidé|on part sur|on est d'accord|nous sommes d'accord|on retient)\b/i,
  action: /\b(je vais|je m'en occupe|on va|nous allons|tu peux|pouvez-vous|peux-tu|s'il (?:te|vous) plaît|il faut)\b/i,
  selfCommitment: /\b(je vais|je m'en occupe|je ferai)\b/i,
  namedOwner: /\b([A-ZÉ][a-zéèêàç]+) (?:va|doit|s'occupe)\b/,
  due: /\b((?:d'ici|avant|pour) (?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|demain|la semaine prochaine|la fin de la semaine)|demain|la semaine prochaine)\b/i,
  question: /\b(je me demande|est-ce qu'on sait)\b/i,
};

const spanish: LanguageCues = {
  decision: /\b(hemos decidido|decidimos|acordamos|quedamos en|está decidido|vamos con)\b/i,
  action: /\b(voy a|me encargo|vamos a|puedes|podrías|puede usted|por favor|hay que|tienes que)\b/i,
  selfCommitment: /\b(voy a|me encargo|lo hago yo)\b/i,
  namedOwner: /\b([A-ZÁÉÍÓÚ][a-záéíóúñ]+) (?:va a|debe|se encarga)\b/,
  due: /\b((?:para el|antes del|hasta el) (?:lunes|martes|miércoles|jueves|viernes|sábado|domingo)|mañana|la próxima semana|la semana que viene)\b/i,
  question: /\b(me pregunto|sabemos si)\b/i,
};

const italian: LanguageCues = {
  decision: /\b(abbiamo deciso|decidiamo|siamo d'accordo|è deciso|andiamo con)\b/i,
  action: /\b(io (?:faccio|farò)|me ne occupo|faremo|puoi|potresti|per favore|bisogna|devi)\b/i,
  selfCommitment: /\b(io (?:faccio|farò)|me ne occupo|lo faccio io)\b/i,
  namedOwner: /\b([A-Z][a-zàèéìòù]+) (?:farà|deve|si occupa)\b/,
  due: /\b((?:entro|per|prima di) (?:lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|domani|la prossima settimana)|domani|la prossima settimana)\b/i,
  question: /\b(mi chiedo|sappiamo se)\b/i,
};

const portuguese: LanguageCues = {
  decision: /\b(decidimos|ficou decidido|concordamos|vamos com|está decidido)\b/i,
  action: /\b(eu vou|vou fazer|deixa comigo|vamos|você pode|podes|por favor|é preciso|tem que)\b/i,
  selfCommitment: /\b(eu vou|vou fazer|deixa comigo)\b/i,
  namedOwner: /\b([A-ZÁÉÍÓÚ][a-záéíóúãõç]+) (?:vai|deve|fica com)\b/,
  due: /\b((?:até|antes de|na) (?:segunda|terça|quarta|quinta|sexta|sábado|domingo|amanhã|próxima semana)|amanhã|(?:na )?próxima semana)\b/i,
  question: /\b(eu me pergunto|sabemos se)\b/i,
};

const dutch: LanguageCues = {
  decision: /\b(we hebben besloten|besloten|we kiezen voor|afgesproken|we zijn het eens)\b/i,
  action: /\b(ik zal|ik ga|ik regel|we gaan|kun je|kunt u|graag|moet(?:en)?)\b/i,
  selfCommitment: /\b(ik zal|ik ga|ik regel)\b/i,
  namedOwner: /\b([A-Z][a-z]+) (?:zal|gaat|moet)\b/,
  due: /\b((?:voor|tegen|op|uiterlijk) (?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|morgen|volgende week)|morgen|volgende week)\b/i,
  question: /\b(ik vraag me af|weten we)\b/i,
};

const cuesByLanguage: Readonly<Record<string, LanguageCues>> = Object.fromEntries(
  Object.entries({ en: english, de: german, fr: french, es: spanish, it: italian, pt: portuguese, nl: dutch }).map(
    ([language, cues]) => [language, unicodeCues(cues)],
  ),
);

export type CueKind = 'decision' | 'action_item' | 'question';

export interface CueMatch {
  kind: CueKind;
  /** Who the action falls to when the sentence says so: the speaker for "I'll…", a name for "Anna will…". */
  owner: string | null;
  due: string | null;
}

/** Words that start sentences in capitals but never name an owner ("This will…", "It will…"). */
const notNames = new Set(
  // Pronouns and demonstratives of the seven languages: "Ik zal…", "Il va…" commit no named person.
  'This That It There Which What Who He She They We You I Ich Wir Er Sie Du Es Das Je Il Elle On Nous Vous Ils Elles Ce Yo Tú Él Ella Eso Esto Io Lui Lei Noi Voi Eu Ele Ela Nós Isso Ik Hij Zij Ze Wij Jij Het Dat Dit'.split(
    ' ',
  ),
);

function namedOwner(sentence: string, cues: LanguageCues): string | null {
  const named = cues.namedOwner.exec(sentence)?.[1];
  return named !== undefined && !notNames.has(named) ? named : null;
}

function actionItem(
  sentence: string,
  speaker: string | null,
  cues: LanguageCues,
  isQuestion: boolean,
): CueMatch | null {
  const named = namedOwner(sentence, cues);
  if (named === null && !cues.action.test(sentence)) return null;
  const owner = named ?? (cues.selfCommitment.test(sentence) ? speaker : null);
  const due = cues.due.exec(sentence)?.[1] ?? null;
  // "Can you send it by Friday?" is a request, not an open question; "Will you come?" stays a question.
  if (isQuestion && due === null && named === null) return null;
  return { kind: 'action_item', owner, due };
}

/** "…, isn't it?", "right?", "I wonder…": asked of no one, so not a question that wants an answer. */
function isTagOrMusing(sentence: string, language: string): boolean {
  if (language.toLowerCase() !== 'en') return false;
  return /(?:\b(?:isn't|aren't|didn't|doesn't|don't|wasn't|won't|can't|haven't|hasn't|shouldn't|wouldn't|couldn't|is|are|did|does|do|was|will|can|have|has) (?:it|we|you|they|he|she|there|that|i)|\b(?:right|okay|ok|yeah|no|eh|huh|yes|alright))[?？]\s*$|\bi wonder\b|\bwho knows\b|\bwhat do you mean\b|\bsorry\?/i.test(
    sentence,
  );
}

/**
 * The kind of item a sentence makes, if any. Unknown languages get only questions (by their
 * question mark); English cues are not applied to other languages, where they would misfire.
 */
export function matchCue(sentence: string, speaker: string | null, language: string): CueMatch | null {
  const cues = cuesByLanguage[language.toLowerCase()];
  const isQuestion =
    (/[?？]\s*$/u.test(sentence) || (cues?.question.test(sentence) ?? false)) && !isTagOrMusing(sentence, language);
  if (cues === undefined) return isQuestion ? { kind: 'question', owner: null, due: null } : null;
  if (!isQuestion && cues.decision.test(sentence)) {
    return { kind: 'decision', owner: null, due: cues.due.exec(sentence)?.[1] ?? null };
  }
  return (
    actionItem(sentence, speaker, cues, isQuestion) ??
    (isQuestion ? { kind: 'question', owner: null, due: null } : null)
  );
}
