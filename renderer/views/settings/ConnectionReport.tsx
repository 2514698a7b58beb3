import type { ConnectionTestResult } from '../../../electron/contract/api.js';

const names = {
  url: 'URL',
  reach: 'Server',
  key: 'Key',
  schema: 'Tables and functions',
  grants: 'Permissions',
  bucket: 'Storage bucket',
};

export function ConnectionReport({ result }: { result: ConnectionTestResult }) {
  return (
    <ul className="checks" data-testid="connection-report" aria-live="polite">
      {result.checks.map((check) => (
        <li key={check.check} className={`check-${check.status}`}>
          <strong>{names[check.check]}:</strong> {check.status === 'skipped' ? 'not checked' : check.message}
        </li>
      ))}
    </ul>
  );
}
