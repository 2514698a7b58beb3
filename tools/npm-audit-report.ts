/**
 * Reads what `npm audit --json` printed and decides, against the reasoned allowlist, whether CI may
 * go on. Pure (no npm, no files) so that every branch is tested on recorded outputs.
 */

/** An accepted advisory: which package, which advisory, why it cannot hurt us, and until when. */
export interface AllowlistEntry {
  package: string;
  /** The GHSA id (the last part of the advisory URL). */
  advisory: string;
  why: string;
  /** YYYY-MM-DD: after this day the entry no longer counts and CI fails again until reviewed. */
  until: string;
}

/** The three answers, kept apart so that "could not ask" is never read as "clean". */
export type AuditVerdict =
  | { kind: 'clean'; lines: string[] }
  | { kind: 'findings'; lines: string[] }
  | { kind: 'not-checked'; lines: string[] }
  | { kind: 'broken'; lines: string[] };

interface Advisory {
  name?: string;
  title?: string;
  url?: string;
  severity?: string;
  source?: number;
}

interface AuditReport {
  auditReportVersion?: number;
  vulnerabilities?: Record<string, { severity?: string; via?: (string | Advisory)[] }>;
  metadata?: { dependencies?: { total?: number } };
  /** npm's error fields when it could not get a report. */
  message?: string;
  statusCode?: number;
  code?: string;
  error?: { code?: string; summary?: string };
}

const blocking = new Set(['high', 'critical']);
const networkFailure = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|socket hang up/;

/** Checks the allowlist file's shape; a malformed entry is an error, not a silent pass. */
export function parseAllowlist(value: unknown): AllowlistEntry[] {
  const entries = (value as { advisories?: unknown } | null)?.advisories;
  if (!Array.isArray(entries)) throw new Error('the allowlist needs an "advisories" array');
  return entries.map((entry: unknown, index) => {
    const e = entry as Partial<Record<keyof AllowlistEntry, unknown>>;
    const text = (field: keyof AllowlistEntry) => (typeof e[field] === 'string' ? e[field].trim() : '');
    if (text('package') === '' || !/^GHSA(-[\w]{4}){3}$/.test(text('advisory')) || text('why').length < 20) {
      throw new Error(
        `allowlist entry ${index}: needs package, advisory (GHSA-xxxx-xxxx-xxxx) and a why of a sentence`,
      );
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text('until')))
      throw new Error(`allowlist entry ${index}: until must be YYYY-MM-DD`);
    return { package: text('package'), advisory: text('advisory'), why: text('why'), until: text('until') };
  });
}

/** Why npm could not ask the registry, or null when the failure is something else. */
function unansweredBecause(report: AuditReport): string | null {
  const message = report.message ?? '';
  if (typeof report.statusCode === 'number') {
    return `the registry refused the audit request (${message === '' ? `HTTP ${String(report.statusCode)}` : message})`;
  }
  if (networkFailure.test(message) || networkFailure.test(report.code ?? '')) {
    return `the registry could not be reached (${message})`;
  }
  return null;
}

function advisoryId(advisory: Advisory): string {
  return /GHSA(-[\w]{4}){3}/.exec(advisory.url ?? '')?.[0] ?? `npm-${String(advisory.source ?? '?')}`;
}

/** Every high or critical advisory in the report, once per package and advisory. */
function blockingAdvisories(report: AuditReport): { package: string; id: string; severity: string; title: string }[] {
  const found = new Map<string, { package: string; id: string; severity: string; title: string }>();
  for (const [name, entry] of Object.entries(report.vulnerabilities ?? {})) {
    for (const via of entry.via ?? []) {
      // A string names another vulnerable package; its own advisory is listed under that name.
      if (typeof via === 'string' || !blocking.has(via.severity ?? '')) continue;
      const item = {
        package: via.name ?? name,
        id: advisoryId(via),
        severity: via.severity ?? '',
        title: via.title ?? '',
      };
      found.set(`${item.package} ${item.id}`, item);
    }
  }
  return [...found.values()];
}

/**
 * The verdict on one `npm audit --json` output. `today` is YYYY-MM-DD. An allowlist entry counts only
 * for its own package and advisory, and only until its date.
 */
export function evaluateAudit(output: string, allowlist: AllowlistEntry[], today: string): AuditVerdict {
  let report: AuditReport;
  try {
    report = JSON.parse(output) as AuditReport;
  } catch {
    return { kind: 'broken', lines: ['npm audit: printed no JSON report; nothing was checked'] };
  }
  if (report.vulnerabilities === undefined) {
    const because = unansweredBecause(report);
    if (because === null) {
      const reason = report.error?.summary ?? report.message ?? 'no reason given';
      return {
        kind: 'broken',
        lines: [`npm audit: failed before asking the registry (${report.error?.code ?? 'error'}): ${reason}`],
      };
    }
    return { kind: 'not-checked', lines: [`npm audit: NOT CHECKED, ${because}; no advisory was evaluated`] };
  }
  const lines: string[] = [];
  let accepted = 0;
  for (const advisory of blockingAdvisories(report)) {
    const entry = allowlist.find((e) => e.package === advisory.package && e.advisory === advisory.id);
    const what = `${advisory.severity} ${advisory.package} ${advisory.id} (${advisory.title})`;
    if (entry === undefined) lines.push(`${what}: not in tools/npm-audit-allowlist.json`);
    else if (entry.until < today) lines.push(`${what}: its allowlist entry expired on ${entry.until}; review it`);
    else accepted++;
  }
  const total = report.metadata?.dependencies?.total;
  const scope = `${total === undefined ? 'the' : String(total)} dependencies audited`;
  if (lines.length > 0)
    return {
      kind: 'findings',
      lines: [...lines, `npm audit: ${lines.length} high/critical advisory(ies) not accepted (${scope})`],
    };
  return {
    kind: 'clean',
    lines: [
      `npm audit: asked the registry, ${scope}: no high or critical advisory outside the allowlist (${accepted} allowlisted)`,
    ],
  };
}

/** Exit codes: clean and not-checked 0 (the notice says which), findings 1, broken 2. */
export function exitCodeOf(verdict: AuditVerdict, requireAnswer: boolean): number {
  if (verdict.kind === 'findings') return 1;
  if (verdict.kind === 'broken') return 2;
  return verdict.kind === 'not-checked' && requireAnswer ? 3 : 0;
}
