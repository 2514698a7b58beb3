import type { SystemInfo } from '../../../electron/contract/events.js';

import { Field } from './Field.js';
import type { FieldIssues } from './field-issues.js';
import { gpuDeviceChoices, languageOptions, whisperModelOptions, type Choice } from './speech-options.js';

export interface SpeechDraft {
  enableGpu: boolean;
  gpuDevice: string;
  whisperModel: string;
  language: string;
}

type Change = (key: keyof SpeechDraft) => (event: { target: { value: string; checked?: boolean } }) => void;

function Options({ choices }: { choices: Choice[] }) {
  return choices.map((choice) => (
    <option key={choice.value} value={choice.value} disabled={choice.disabled === true}>
      {choice.label}
    </option>
  ));
}

/** GPU, model and language: the choices come from what the running worker reported (system-info). */
export function SpeechFields({
  draft,
  change,
  issues,
  system,
  allowDownloads,
}: {
  draft: SpeechDraft;
  change: Change;
  issues: FieldIssues;
  system: SystemInfo | null;
  allowDownloads: boolean;
}) {
  const devices = gpuDeviceChoices(system, Number(draft.gpuDevice));
  return (
    <fieldset>
      <legend>Transcription</legend>
      <div className="check-field">
        <input id="enableGpu" type="checkbox" checked={draft.enableGpu} onChange={change('enableGpu')} />
        <label htmlFor="enableGpu">Use the GPU when it works (the CPU is the fallback)</label>
      </div>
      <Field id="gpuDevice" label="Graphics card (GPU)" issue={issues['gpuDevice']} hint={devices.note}>
        <select
          id="gpuDevice"
          value={draft.gpuDevice}
          onChange={change('gpuDevice')}
          disabled={!devices.selectable || !draft.enableGpu}
          aria-describedby="gpuDevice-hint"
        >
          <Options choices={devices.choices} />
        </select>
      </Field>
      <Field id="whisperModel" label="Accuracy and speed (Whisper model)" issue={issues['whisperModel']}>
        <select id="whisperModel" value={draft.whisperModel} onChange={change('whisperModel')}>
          <Options choices={whisperModelOptions(system, draft.whisperModel, allowDownloads)} />
        </select>
      </Field>
      <Field id="language" label="Language spoken in the meetings" issue={issues['language']}>
        <select id="language" value={draft.language} onChange={change('language')}>
          <Options choices={languageOptions(draft.language, navigator.language)} />
        </select>
      </Field>
    </fieldset>
  );
}
