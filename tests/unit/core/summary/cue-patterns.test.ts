import { describe, expect, it } from 'vitest';

import { matchCue } from '../../../../electron/core/summary/cue-patterns.js';

describe('cue patterns', () => {
  it('finds decisions, action items with owner and due date, and questions in English', () => {
    expect(matchCue("Okay, so we've decided to go with the rubber case.", 'S1', 'en')).toEqual({
      kind: 'decision',
      owner: null,
      due: null,
    });
    expect(matchCue("I'll send the drawings by Friday.", 'S2', 'en')).toEqual({
      kind: 'action_item',
      owner: 'S2',
      due: 'by Friday',
    });
    expect(matchCue('Anna will check the battery costs next week.', 'S1', 'en')).toEqual({
      kind: 'action_item',
      owner: 'Anna',
      due: 'next week',
    });
    expect(matchCue('Can you send me the figures by tomorrow?', 'S3', 'en')).toMatchObject({
      kind: 'action_item',
      owner: null,
      due: 'by tomorrow',
    });
    expect(matchCue('What do we know about the users?', 'S1', 'en')).toEqual({
      kind: 'question',
      owner: null,
      due: null,
    });
  });

  it('does not take a plain statement or "that will be" for an action', () => {
    expect(matchCue('That will be the best one for you.', 'S1', 'en')).toBeNull();
    expect(matchCue('The remote control has too many buttons.', 'S1', 'en')).toBeNull();
  });

  it('wants an agent and an act: no "I\'ll see you", no "we need to keep in mind", no "as we\'ve agreed", no tag question', () => {
    expect(matchCue("Okay, I'll see you then.", 'S1', 'en')).toBeNull();
    expect(matchCue('We need to keep in mind that people lose them.', 'S1', 'en')).toBeNull();
    expect(matchCue('If you want we will see.', 'S1', 'en')).toBeNull();
    expect(matchCue("The style, which as we've agreed is a priority.", 'S1', 'en')).toBeNull();
    expect(matchCue("We said we'd do plastic and rubber, didn't we?", 'S1', 'en')).toBeNull();
    expect(matchCue('I wonder what the users think?', 'S1', 'en')).toBeNull();
  });

  it('reads the cues of German, French, Spanish, Italian, Portuguese and Dutch', () => {
    expect(matchCue('Wir haben uns entschieden, das Gehäuse aus Gummi zu machen.', 'S1', 'de')?.kind).toBe('decision');
    expect(matchCue('Ich werde die Zeichnungen bis Freitag schicken.', 'S2', 'de')).toEqual({
      kind: 'action_item',
      owner: 'S2',
      due: 'bis Freitag',
    });
    expect(matchCue('On a décidé de garder le prix.', 'S1', 'fr')?.kind).toBe('decision');
    expect(matchCue("Je vais envoyer le devis d'ici lundi.", 'S1', 'fr')).toMatchObject({
      owner: 'S1',
      due: "d'ici lundi",
    });
    expect(matchCue('Hemos decidido cambiar el diseño.', 'S1', 'es')?.kind).toBe('decision');
    expect(matchCue('Me encargo de llamar al cliente mañana.', 'S2', 'es')).toMatchObject({
      owner: 'S2',
      due: 'mañana',
    });
    expect(matchCue('Abbiamo deciso di usare il legno.', 'S1', 'it')?.kind).toBe('decision');
    expect(matchCue('Ficou decidido que o preço fica igual.', 'S1', 'pt')?.kind).toBe('decision');
    expect(matchCue('Ik zal de offerte voor vrijdag sturen.', 'S1', 'nl')).toMatchObject({
      kind: 'action_item',
      owner: 'S1',
      due: 'voor vrijdag',
    });
  });

  it('in a language without cues, marks only questions, by their question mark', () => {
    expect(matchCue('Kada šaljemo ponudu?', 'S1', 'bs')).toEqual({ kind: 'question', owner: null, due: null });
    expect(matchCue('Odlučili smo poslati ponudu.', 'S1', 'bs')).toBeNull();
  });
});
