import { Field } from './Field.js';
import type { FieldIssues } from './field-issues.js';
import { speakerModelOptions } from './speaker-options.js';

export interface SpeakerDraft {
  speakerEmbeddingModel: string;
  speakerSegmentationModel: string;
}

type Change = (key: keyof SpeakerDraft) => (event: { target: { value: string } }) => void;

/** Which models tell speakers apart: the shipped ones, or their Hub alternatives. */
export function SpeakerFields({
  draft,
  change,
  issues,
  allowDownloads,
}: {
  draft: SpeakerDraft;
  change: Change;
  issues: FieldIssues;
  allowDownloads: boolean;
}) {
  const select = (key: keyof SpeakerDraft, kind: 'embedding' | 'segmentation', label: string) => (
    <Field id={key} label={label} issue={issues[key]}>
      <select id={key} value={draft[key]} onChange={change(key)}>
        {speakerModelOptions(kind, draft[key], allowDownloads).map((choice) => (
          <option key={choice.value} value={choice.value} disabled={choice.disabled === true}>
            {choice.label}
          </option>
        ))}
      </select>
    </Field>
  );
  return (
    <fieldset>
      <legend>Telling speakers apart</legend>
      {select('speakerSegmentationModel', 'segmentation', 'Finding who speaks when (segmentation model)')}
      {select('speakerEmbeddingModel', 'embedding', 'Recognising voices across meetings (voice model)')}
    </fieldset>
  );
}
