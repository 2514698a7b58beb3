import { useState } from 'react';

import type { LocalChatServer } from '../../../electron/contract/local-chat-servers.js';
import { summaryBackendChoices } from '../../../electron/contract/settings.js';

import { Field } from './Field.js';
import type { FieldIssues } from './field-issues.js';
import { describeLocalChatServer, localChatServerChoice } from './local-chat-offer.js';
import { summaryBackendLabels, type SummaryDraft } from './summary-draft.js';

/** The write-only key: a saved one shows as dots with Replace and Remove, never its value. */
function SummaryKeyField({
  draft,
  update,
  issue,
  replacing,
  replace,
}: {
  draft: SummaryDraft;
  update: (patch: Partial<SummaryDraft>) => void;
  issue: string | undefined;
  replacing: boolean;
  replace: () => void;
}) {
  const hint = draft.clearSummaryApiKey ? 'The saved key is removed when you save.' : undefined;
  return (
    <Field id="newSummaryApiKey" label="Key for that server, if it needs one (API key)" issue={issue} hint={hint}>
      {replacing ? (
        <input
          id="newSummaryApiKey"
          type="password"
          autoComplete="off"
          value={draft.newSummaryApiKey}
          onChange={(event) =>
            // Typing a new key after "Remove" means: replace it, not remove it.
            update({
              newSummaryApiKey: event.target.value,
              clearSummaryApiKey: draft.clearSummaryApiKey && event.target.value.trim() === '',
            })
          }
        />
      ) : (
        <span className="masked">
          •••••••• (saved){' '}
          <button type="button" onClick={replace}>
            Replace
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              replace();
              update({ newSummaryApiKey: '', clearSummaryApiKey: true });
            }}
          >
            Remove
          </button>
        </span>
      )}
    </Field>
  );
}

/** The chat model servers the worker found on this computer, each with a button that fills the form in. */
function LocalChatServerOffers({
  servers,
  update,
}: {
  servers: readonly LocalChatServer[];
  update: (patch: Partial<SummaryDraft>) => void;
}) {
  if (servers.length === 0) return null;
  return (
    <div className="field-hint chat-offer" role="group" aria-label="Chat model servers on this computer">
      <p>Chat model servers found on this computer:</p>
      <ul>
        {servers.map((server) => (
          <li key={server.kind}>
            <span>{describeLocalChatServer(server)}</span>
            <button
              type="button"
              disabled={server.models.length === 0}
              onClick={() => update(localChatServerChoice(server))}
            >
              Use it
            </button>
          </li>
        ))}
      </ul>
      <p>&quot;Use it&quot; fills in the fields below with its first model; nothing is sent to it until you save.</p>
    </div>
  );
}

/**
 * Who writes the summaries, and the chat API's URL, model and key. Like the Supabase key, the saved
 * key is never shown: it can only be replaced or removed.
 */
export function SummaryFields({
  draft,
  onChange,
  issues,
  hasStoredKey,
  localChatServers,
}: {
  draft: SummaryDraft;
  onChange: (next: SummaryDraft) => void;
  issues: FieldIssues;
  hasStoredKey: boolean;
  /** What the running worker found at start; empty when none, or while it has reported nothing. */
  localChatServers: readonly LocalChatServer[];
}) {
  const [replacingKey, setReplacingKey] = useState(!hasStoredKey);
  const update = (patch: Partial<SummaryDraft>) => onChange({ ...draft, ...patch });
  const offeredModels = localChatServers.find((server) => server.baseUrl === draft.summaryApiUrl.trim())?.models ?? [];
  const text = (key: 'summaryApiUrl' | 'summaryApiModel' | 'summaryTimeoutSeconds', label: string, type: string) => (
    <Field id={key} label={label} issue={issues[key]}>
      <input
        id={key}
        type={type}
        // The model name field suggests the models of the server whose address is entered.
        list={key === 'summaryApiModel' && offeredModels.length > 0 ? 'offered-chat-models' : undefined}
        value={draft[key]}
        onChange={(event) => update({ [key]: event.target.value })}
        aria-invalid={issues[key] !== undefined}
        aria-describedby={issues[key] === undefined ? undefined : `${key}-issue`}
      />
    </Field>
  );
  return (
    <fieldset>
      <legend>Summaries</legend>
      <Field id="summaryBackend" label="Who writes the summary" issue={issues['summaryBackend']}>
        <select
          id="summaryBackend"
          value={draft.summaryBackend}
          onChange={(event) => update({ summaryBackend: event.target.value as SummaryDraft['summaryBackend'] })}
        >
          {summaryBackendChoices.map((choice) => (
            <option key={choice} value={choice}>
              {summaryBackendLabels[choice]}
            </option>
          ))}
        </select>
      </Field>
      <LocalChatServerOffers servers={localChatServers} update={update} />
      {text('summaryApiUrl', 'Address of a chat model server (OpenAI-compatible API URL)', 'url')}
      {text('summaryApiModel', 'Chat model name', 'text')}
      <datalist id="offered-chat-models">
        {offeredModels.map((model) => (
          <option key={model} value={model} />
        ))}
      </datalist>
      <SummaryKeyField
        draft={draft}
        update={update}
        issue={issues['newSummaryApiKey']}
        replacing={replacingKey}
        replace={() => setReplacingKey(true)}
      />
      {text('summaryTimeoutSeconds', 'Longest wait for one answer (seconds)', 'number')}
      <div className="check-field">
        <input
          id="summaryApiStream"
          type="checkbox"
          checked={draft.summaryApiStream}
          onChange={(event) => update({ summaryApiStream: event.target.checked })}
        />
        <label htmlFor="summaryApiStream">
          Receive the answer as it is written, for servers that need it (streaming, server-sent events)
        </label>
      </div>
      <p className="field-hint">
        Whatever is chosen, a meeting whose summary cannot be written this way gets one built from its own key sentences
        (extractive).
      </p>
    </fieldset>
  );
}
