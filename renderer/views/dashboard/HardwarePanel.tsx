import type { SystemInfo } from '../../../electron/contract/events.js';
import { formatBytes } from '../../components/format.js';

export function HardwarePanel({ system }: { system: SystemInfo | null }) {
  return (
    <section className="panel" aria-labelledby="hardware-heading">
      <h2 id="hardware-heading">Hardware</h2>
      {system === null ? (
        <p className="empty">The worker has not reported its hardware yet.</p>
      ) : (
        <dl className="facts">
          <dt>CPU</dt>
          <dd>
            {system.cpuModel} ({system.cpuCores} cores)
          </dd>
          <dt>RAM</dt>
          <dd>{formatBytes(system.totalMemoryBytes)}</dd>
          <dt>GPU</dt>
          <dd>{system.gpus.length === 0 ? 'none detected' : system.gpus.join(', ')}</dd>
          <dt>Backend</dt>
          <dd data-testid="backend">
            <strong>{system.backend.toUpperCase()}</strong> <span className="muted">{system.backendReason}</span>
          </dd>
        </dl>
      )}
    </section>
  );
}
