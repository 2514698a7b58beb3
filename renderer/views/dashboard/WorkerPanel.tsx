import { useState } from 'react';

import type { WorkerApi, WorkerSnapshot } from '../../../electron/contract/api.js';
import { formatDuration, secondsBetween } from '../../components/format.js';

export function WorkerPanel({ snapshot, api, now }: { snapshot: WorkerSnapshot; api: WorkerApi; now: string }) {
  const [busy, setBusy] = useState(false);
  const paused = snapshot.state === 'paused';
  const toggle = () => {
    setBusy(true);
    void (paused ? api.resume() : api.pause()).finally(() => setBusy(false));
  };
  return (
    <section className="panel" aria-labelledby="worker-heading">
      <h2 id="worker-heading">Worker</h2>
      <dl className="facts">
        <dt>State</dt>
        <dd>
          <span className={`badge state-${snapshot.state}`} data-testid="worker-state">
            {snapshot.state}
          </span>
          {snapshot.detail === null ? null : <span className="detail"> {snapshot.detail}</span>}
        </dd>
        <dt>Name</dt>
        <dd>
          {snapshot.workerName} <span className="muted">({snapshot.workerId})</span>
        </dd>
        <dt>Queue</dt>
        <dd>{snapshot.mode === 'supabase' ? 'Supabase' : 'Local (embedded)'}</dd>
        <dt>Uptime</dt>
        <dd>{formatDuration(secondsBetween(snapshot.startedAt, now))}</dd>
        <dt>Today</dt>
        <dd data-testid="today">
          {snapshot.processedToday} processed, {snapshot.failedToday} failed
        </dd>
      </dl>
      <button
        type="button"
        onClick={toggle}
        disabled={busy || snapshot.state === 'stopping' || snapshot.state === 'stopped'}
      >
        {paused ? 'Resume' : 'Pause'}
      </button>
    </section>
  );
}
