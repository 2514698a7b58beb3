import { useState } from 'react';

import type { ConnectionTestResult, SettingsInput, SettingsView, WorkerApi } from '../../../electron/contract/api.js';
import type { SystemInfo } from '../../../electron/contract/events.js';

import { ConnectionReport } from './ConnectionReport.js';
import { Field } from './Field.js';
import { SpeakerFields } from './SpeakerFields.js';
import { SpeechFields } from './SpeechFields.js';
import { SummaryFields } from './SummaryFields.js';
import { fieldIssues, type FieldIssues } from './field-issues.js';
import { summaryInput, summaryIssues, toSummaryDraft } from './summary-draft.js';
import './settings-help.css';

type Draft = Record<
  | 'supabaseUrl'
  | 'newSupabaseKey'
  | 'workerName'
  | 'workerId'
  | 'maxConcurrentJobs'
  | 'pollingIntervalSeconds'
  | 'gpuDevice'
  | 'whisperModel'
  | 'speakerEmbeddingModel'
  | 'speakerSegmentationModel'
  | 'language'
  | 'audioTempDir'
  | 'modelCacheDir'
  | 'watchFolder',
  string
> & { enableGpu: boolean; startAtLogin: boolean };

function toDraft(view: SettingsView): Draft {
  return {
    supabaseUrl: view.supabaseUrl ?? '',
    newSupabaseKey: '',
    workerName: view.workerName,
    workerId: view.workerId,
    maxConcurrentJobs: String(view.maxConcurrentJobs),
    pollingIntervalSeconds: String(view.pollingIntervalSeconds),
    gpuDevice: String(view.gpuDevice),
    whisperModel: view.whisperModel,
    speakerEmbeddingModel: view.speakerEmbeddingModel,
    speakerSegmentationModel: view.speakerSegmentationModel,
    language: view.language,
    audioTempDir: view.audioTempDir,
    modelCacheDir: view.modelCacheDir ?? '',
    watchFolder: view.watchFolder ?? '',
    enableGpu: view.enableGpu,
    startAtLogin: view.startAtLogin ?? false,
  };
}

function toInput(draft: Draft, view: SettingsView, localMode: boolean): SettingsInput {
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const input: SettingsInput = {
    workerName: draft.workerName,
    workerId: draft.workerId,
    audioTempDir: draft.audioTempDir,
    maxConcurrentJobs: Number(draft.maxConcurrentJobs),
    pollingIntervalSeconds: Number(draft.pollingIntervalSeconds),
    gpuDevice: Number(draft.gpuDevice),
    whisperModel: draft.whisperModel as SettingsInput['whisperModel'],
    speakerEmbeddingModel: draft.speakerEmbeddingModel as SettingsInput['speakerEmbeddingModel'],
    speakerSegmentationModel: draft.speakerSegmentationModel as SettingsInput['speakerSegmentationModel'],
    language: draft.language,
    enableGpu: draft.enableGpu,
    storageBucket: view.storageBucket,
    logLevel: view.logLevel,
    leaseSeconds: view.leaseSeconds,
    allowRemoteModels: view.allowRemoteModels,
    maxAudioMegabytes: view.maxAudioMegabytes,
    maxAudioHours: view.maxAudioHours,
    clearSupabaseKey: localMode,
  };
  const url = localMode ? undefined : optional(draft.supabaseUrl);
  const key = optional(draft.newSupabaseKey);
  const modelDir = optional(draft.modelCacheDir);
  const watchFolder = optional(draft.watchFolder);
  return {
    ...input,
    ...(url === undefined ? {} : { supabaseUrl: url }),
    ...(key === undefined || localMode ? {} : { newSupabaseKey: key }),
    ...(modelDir === undefined ? {} : { modelCacheDir: modelDir }),
    ...(watchFolder === undefined ? {} : { watchFolder }),
    ...(view.startAtLogin === null ? {} : { startAtLogin: draft.startAtLogin }),
    ...(view.logDir === undefined ? {} : { logDir: view.logDir }),
  };
}

export function SettingsForm({
  api,
  view,
  system,
  desktop,
  onSaved,
}: {
  api: WorkerApi;
  view: SettingsView;
  /** What the running worker reported about this machine; null until it has (or when it is not running). */
  system: SystemInfo | null;
  /** In the desktop app a save restarts the worker; a headless worker applies it at its next start. */
  desktop: boolean;
  /** The form may be replaced by a fresh one (the first run is over), so the window shows the message. */
  onSaved: (view: SettingsView, message: string) => void;
}) {
  const [draft, setDraft] = useState(() => toDraft(view));
  const [replacingKey, setReplacingKey] = useState(!view.hasSupabaseKey);
  const [serverIssues, setServerIssues] = useState<FieldIssues>({});
  const [report, setReport] = useState<ConnectionTestResult | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [summary, setSummary] = useState(() => toSummaryDraft(view));
  const input = { ...toInput(draft, view, false), ...summaryInput(summary) };
  const issues = { ...fieldIssues(input, view.hasSupabaseKey), ...summaryIssues(summary), ...serverIssues };
  const set = (key: keyof Draft) => (event: { target: { value: string; checked?: boolean } }) => {
    setServerIssues({});
    setDraft({
      ...draft,
      [key]: key === 'enableGpu' || key === 'startAtLogin' ? event.target.checked === true : event.target.value,
    });
  };
  const text = (key: keyof Draft, label: string, type = 'text') => (
    <Field id={key} label={label} issue={issues[key]}>
      <input
        id={key}
        type={type}
        value={draft[key] as string}
        onChange={set(key)}
        aria-invalid={issues[key] !== undefined}
        aria-describedby={issues[key] === undefined ? undefined : `${key}-issue`}
      />
    </Field>
  );
  const save = (localMode: boolean) => {
    // The same schema guards main: invalid input is never sent, its messages are already beside the fields.
    if (!localMode && Object.keys(issues).length > 0) {
      setStatus('Please fix the marked fields.');
      return;
    }
    setStatus('Saving…');
    api.saveSettings({ ...toInput(draft, view, localMode), ...summaryInput(summary) }).then(
      (result) => {
        if (result.ok) {
          setStatus(null);
          onSaved(
            result.settings,
            desktop
              ? 'Saved. The worker restarts with the new settings.'
              : 'Saved. Restart pc-worker on the server to apply the new settings.',
          );
        } else {
          setServerIssues(Object.fromEntries(result.issues.map((issue) => [issue.field, issue.message])));
          setStatus('Please fix the marked fields.');
        }
      },
      (error: unknown) => setStatus(`Could not save: ${(error as Error).message}`),
    );
  };
  const testConnection = () => {
    setReport(null);
    setStatus('Testing the connection…');
    const key = draft.newSupabaseKey.trim();
    api
      .testConnection({
        supabaseUrl: draft.supabaseUrl.trim(),
        storageBucket: view.storageBucket,
        ...(key === '' ? {} : { supabaseKey: key }),
      })
      .then(
        (result) => {
          setReport(result);
          setStatus(result.ok ? 'Connection works.' : 'The connection test found a problem.');
        },
        (error: unknown) => setStatus(`Could not test the connection: ${(error as Error).message}`),
      );
  };
  return (
    <form
      className="settings"
      onSubmit={(event) => {
        event.preventDefault();
        save(false);
      }}
      noValidate
    >
      {view.firstRun ? (
        <section className="intro" data-testid="first-run" aria-labelledby="first-run-heading">
          <h2 id="first-run-heading">Welcome to PC Worker</h2>
          <p>
            PC Worker turns recorded meetings into transcripts and summaries on this computer. To work for your web app,
            enter its Supabase project address and secret key below, test the connection and save.
          </p>
          <p>
            No Supabase yet? Local mode processes recordings added on this computer; you can connect Supabase later.
          </p>
          <button type="button" onClick={() => save(true)}>
            Use local mode
          </button>
        </section>
      ) : null}
      {view.storedProblems !== undefined && view.storedProblems.length > 0 ? (
        <section className="stored-problems" role="alert" data-testid="stored-problems">
          <h2>Some saved settings are not valid</h2>
          <p>The worker runs with the default for each of these until you save the form:</p>
          <ul>
            {view.storedProblems.map((problem) => (
              <li key={problem.field}>
                <code>{problem.field === '' ? 'settings' : problem.field}</code>: {problem.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <fieldset>
        <legend>Connection to your web app (Supabase)</legend>
        <p className="field-hint section-help" id="supabase-help">
          Both are in your Supabase project&apos;s dashboard under Project Settings: the address under Data API (Project
          URL), the key under API Keys (the secret key; older projects call it service_role). Whoever runs your web app
          can give them to you. Without them PC Worker runs in local mode.
        </p>
        {text('supabaseUrl', 'Project address (Supabase URL)', 'url')}
        <Field id="newSupabaseKey" label="Secret key (Supabase service-role key)" issue={issues['newSupabaseKey']}>
          {replacingKey ? (
            <input
              id="newSupabaseKey"
              type="password"
              autoComplete="off"
              value={draft.newSupabaseKey}
              onChange={set('newSupabaseKey')}
            />
          ) : (
            <span className="masked">
              •••••••• (saved){' '}
              <button type="button" onClick={() => setReplacingKey(true)}>
                Replace
              </button>
            </span>
          )}
        </Field>
        <button type="button" onClick={testConnection} disabled={draft.supabaseUrl.trim() === ''}>
          Test connection
        </button>
        {report === null ? null : <ConnectionReport result={report} />}
      </fieldset>
      <fieldset>
        <legend>This computer</legend>
        {text('workerName', 'Name others see for this computer (worker name)')}
        {text('workerId', 'Unique id: letters, digits, . _ - (worker id)')}
        {text('maxConcurrentJobs', 'Meetings processed at the same time', 'number')}
        {text('pollingIntervalSeconds', 'Look for new meetings every (seconds)', 'number')}
      </fieldset>
      <SpeechFields
        draft={draft}
        change={set}
        issues={issues}
        system={system}
        allowDownloads={view.allowRemoteModels}
      />
      <SpeakerFields draft={draft} change={set} issues={issues} allowDownloads={view.allowRemoteModels} />
      <SummaryFields
        draft={summary}
        onChange={(next) => {
          setServerIssues({});
          setSummary(next);
        }}
        issues={issues}
        hasStoredKey={view.hasSummaryApiKey}
        localChatServers={system?.localChatServers ?? []}
      />
      <fieldset>
        <legend>Folders</legend>
        {text('audioTempDir', 'Working folder for recordings being processed (AUDIO_TEMP_DIR)')}
        {text('modelCacheDir', 'Where the speech models are kept (MODEL_CACHE_DIR)')}
        <Field
          id="watchFolder"
          label="Watch folder (local mode)"
          issue={issues['watchFolder']}
          hint="Each new recording saved in this folder is added to the queue once, when it has finished copying. Leave empty to watch no folder."
        >
          <input
            id="watchFolder"
            type="text"
            value={draft.watchFolder}
            onChange={set('watchFolder')}
            aria-describedby="watchFolder-hint"
          />
        </Field>
      </fieldset>
      {view.startAtLogin === null ? null : (
        <div className="check-field">
          <input id="startAtLogin" type="checkbox" checked={draft.startAtLogin} onChange={set('startAtLogin')} />
          <label htmlFor="startAtLogin">Start PC Worker when I log in</label>
        </div>
      )}
      <div className="actions">
        <button type="submit">Save</button>
        {status === null ? null : <span role="status">{status}</span>}
      </div>
    </form>
  );
}
