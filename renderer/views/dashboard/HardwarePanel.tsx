import type { SystemInfo } from '../../../electron/contract/events.js';
import { backendLabel, formatBytes } from '../../components/format.js';

function gpuText(system: SystemInfo): string {
  if (system.gpus.length > 0) return system.gpus.map((gpu) => `${gpu.index}: ${gpu.name}`).join(', ');
  if (system.gpuBackends.length === 0) return 'none found';
  return `no adapter listed (backends: ${system.gpuBackends.map(backendLabel).join(', ')})`;
}

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
          <dd data-testid="gpus">{gpuText(system)}</dd>
          <dt>Backend</dt>
          <dd data-testid="backend">
            <strong>{backendLabel(system.backend)}</strong> <span className="muted">{system.backendReason}</span>
          </dd>
        </dl>
      )}
    </section>
  );
}
