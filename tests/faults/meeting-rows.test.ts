import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { resolveFfmpegBinary } from '../../electron/core/audio/ffmpeg-binary.js';
import { buildRenderer } from '../e2e/renderer-build.js';
import { sampleRecording } from '../support/shared-data.js';
import { supabaseClient } from '../support/stack/clients.js';
import { PROJECT_ROOT } from '../support/stack/migrations.js';
import type { WorkerProcess } from '../support/worker-process.js';

import { tapDashboard, type DashboardTap } from './support/dashboard-tap.js';
import { allTerminal, openFaultBed, waitForOutput, type FaultBed } from './support/fault-bed.js';
import { isClean, tally, tallyOutcomes, writeResultsSection, type ScenarioTally } from './support/results-report.js';
import { scanForSecretsDeep } from './support/secret-scan.js';

/**
 * Meeting rows as another application may write them, through one real `pc-worker serve` process on
 * the real stack; and the temp folder that worker finds at start, shared with other workers. Every
 * row ends processed or failed with a reason, and the worker goes on serving the queue.
 */
const shortClip = 'meetings/short.flac';
const settleMs = 150_000;
const megabyteTitle = 'Seminar <b>notes</b> '.repeat(52_429).slice(0, 1_048_576);
const hostileTitle = `Budget'); DROP TABLE public.meetings; -- <script>alert(document.cookie)</script><img src=x onerror=alert(1)> "quoted" \\ $1 %s`;

describe('meeting rows written by another application', { timeout: 240_000 }, () => {
  let bed: FaultBed;
  let worker: WorkerProcess;
  let dashboard: DashboardTap | undefined;
  let liveOwner: ChildProcess;
  const results: ScenarioTally[] = [];
  const service = () => supabaseClient(bed.stack.url, bed.stack.serviceKey);
  const insertRaw = async (row: Record<string, unknown>) => service().from('meetings').insert(row).select('id');
  /** Waits for the meetings to end; a worker that died on the way fails the test at once, with its output. */
  const settle = async (ids: string[]) => {
    const deadline = Date.now() + settleMs;
    for (;;) {
      const rows = await bed.meetings(ids);
      if (allTerminal(rows) || Date.now() > deadline) return rows;
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) {
        throw new Error(`the worker exited:\n${worker.output().slice(-3000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const settingsFile = () => path.join(bed.root, 'rows-data', 'settings.json');
  const leftInTemp = (ids: string[]) => readdirSync(bed.tempDirOf('rows')).filter((name) => ids.includes(name));

  beforeAll(async () => {
    await buildRenderer();
    bed = await openFaultBed();
    // A real 4 s cut of the sample keeps each processed meeting short.
    const clip = execFileSync(resolveFfmpegBinary(), [
      ...['-hide_banner', '-loglevel', 'error', '-i', sampleRecording.file, '-t', '4', '-f', 'flac', '-'],
    ]);
    await bed.upload(shortClip, clip);
    liveOwner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600_000)'], { stdio: 'ignore' });
  });
  afterAll(async () => {
    writeResultsSection(
      'meeting-rows',
      'Meeting rows another application wrote; the temp folder at worker start',
      results,
      'One real `pc-worker serve` process on the real stack; processed meetings use a 4 s cut of the sample clip.',
    );
    liveOwner.kill('SIGKILL');
    dashboard?.close();
    await bed.close();
  });

  it('sweeps a crashed run’s folder at start, keeps a live worker’s folder and trims a resumable one', async () => {
    const temp = bed.tempDirOf('rows');
    const crashed = spawn(process.execPath, ['-e', 'process.exit(0)'], { stdio: 'ignore' });
    await once(crashed, 'exit');
    const owned = (name: string, pid: number, files: string[]) => {
      mkdirSync(path.join(temp, name), { recursive: true });
      writeFileSync(path.join(temp, name, '.owner.json'), JSON.stringify({ pid, host: os.hostname() }));
      for (const file of files) writeFileSync(path.join(temp, name, file), Buffer.alloc(256_000));
    };
    owned('0a0a0a0a-crashed', crashed.pid ?? 0, ['audio.f32', '0a0a0a0a.flac']);
    owned('0b0b0b0b-live', liveOwner.pid ?? 0, ['audio.f32']);
    owned('0c0c0c0c-resume', crashed.pid ?? 0, ['0c0c0c0c.flac', '0c0c0c0c.flac.checkpoint.json', 'audio.f32']);

    // With its dashboard, so that everything it shows a browser during these meetings can be scanned.
    worker = bed.startWorker('rows', { PC_WORKER_SETTINGS: settingsFile() }, ['serve', '--dashboard', '--port', '0']);
    dashboard = await tapDashboard(worker);
    await waitForOutput(worker, /worker started/, 120_000);

    const listed = (name: string) =>
      existsSync(path.join(temp, name)) ? readdirSync(path.join(temp, name)).sort() : null;
    const found = {
      crashed: listed('0a0a0a0a-crashed'),
      live: listed('0b0b0b0b-live'),
      resume: listed('0c0c0c0c-resume'),
    };
    const right = {
      crashed: found.crashed === null,
      live: JSON.stringify(found.live) === JSON.stringify(['.owner.json', 'audio.f32']),
      resume:
        JSON.stringify(found.resume) ===
        JSON.stringify(['.owner.json', '0c0c0c0c.flac', '0c0c0c0c.flac.checkpoint.json']),
    };
    expect(right).toEqual({ crashed: true, live: true, resume: true });
    expect(worker.output()).toMatch(
      /removed what crashed runs left in the temp folder .*removed=1.*keptForResume=1.*live=1/,
    );
    results.push(
      tallyOutcomes(
        'temp folder at start: a crashed run, a live worker, a resumable download',
        Object.values(right).map((ok) => (ok ? 'completed' : 'lost')),
        `dead owner: ${found.crashed === null ? 'removed' : found.crashed.join(', ')}; live owner (another process): ` +
          `${found.live?.join(', ') ?? 'gone'}; dead owner with a fresh checkpoint: ${found.resume?.join(', ') ?? 'gone'}`,
      ),
    );
  });

  it('fails a meeting with a missing or empty audio path at once, with the reason, and leaves nothing', async () => {
    const ids = await bed.insertMeetings([
      { title: 'no audio path', audio_path: null },
      { title: 'empty audio path', audio_path: '' },
      { title: 'blank audio path', audio_path: '   ' },
    ]);
    const rows = await settle(ids);
    const reason = /The meeting has no audio file path/;
    const result = tally('audio path missing, empty or blank', 1, rows, new Map(ids.map((id) => [id, reason])));
    result.notes = `${rows.map((row) => `${row.status} after ${row.attempts} attempt: ${row.error_message ?? ''}`)[0] ?? ''} (all three)`;
    results.push(result);
    expect(isClean(result)).toBe(true);
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
    expect(leftInTemp(ids)).toEqual([]);
  });

  it('refuses an unknown status when it is written, never claims an older row that has one, and serves on', async () => {
    const refused = await insertRaw({ title: 'unknown status', audio_path: shortClip, status: 'archived' });
    expect(refused.error?.message).toMatch(/violates check constraint "meetings_status_known"/);
    const { rows: none } = await bed.stack.sql.query(`select 1 from public.meetings where title = 'unknown status'`);
    expect(none).toEqual([]);
    // A row from before the constraint: the migration must apply over it and leave it alone.
    await bed.stack.sql.query('alter table public.meetings drop constraint meetings_status_known');
    const [legacy = ''] = await bed.insertMeetings([{ title: 'legacy status', status: 'archived' }]);
    const migration = readFileSync(
      path.join(PROJECT_ROOT, 'supabase', 'migrations', '20261130000400_meeting_status_check.sql'),
      'utf8',
    );
    await bed.stack.sql.query(migration);
    const [after = ''] = await bed.insertMeetings([{ title: 'after the odd rows', audio_path: shortClip }]);
    const rows = await settle([after]);
    const [legacyRow] = await bed.meetings([legacy]);
    expect(legacyRow).toMatchObject({ status: 'archived', claimed_by: null, attempts: 0 });
    const result = tally('unknown status', 1, rows, new Map(), '');
    result.notes =
      `insert with status "archived": ${refused.error?.message ?? 'accepted'} (${String(none.length)} rows stored); ` +
      `a row older than the constraint: ${legacyRow?.status ?? '?'}, claimed by ${legacyRow?.claimed_by ?? 'nobody'}, ` +
      `${String(legacyRow?.attempts ?? '?')} attempts; the next meeting ${rows[0]?.status ?? '?'}`;
    result.submitted += 1;
    if (refused.error !== null && none.length === 0) result.failedWithReason += 1;
    else result.lost += 1;
    results.push(result);
    expect(isClean(result)).toBe(true);
    expect(worker.child.exitCode).toBeNull();
  });

  it('processes a meeting with a 1 MB title and one with SQL and HTML in its text, storing both verbatim', async () => {
    const ids = await bed.insertMeetings([
      { title: megabyteTitle, audio_path: shortClip },
      { title: hostileTitle, audio_path: shortClip, requested_language: 'en' },
    ]);
    const started = Date.now();
    const rows = await settle(ids);
    const result = tally('1 MB title; SQL and HTML in the title', 1, rows);
    const stored = await bed.stack.sql.query<{ id: string; title: string }>(
      'select id, title from public.meetings where id = any($1::uuid[])',
      [ids],
    );
    const titles = new Map(stored.rows.map((row) => [row.id, row.title]));
    // Compared as booleans: a failing deep-equal of a 1 MB string would flood the report.
    expect(titles.get(ids[0] ?? '') === megabyteTitle).toBe(true);
    expect(titles.get(ids[1] ?? '') === hostileTitle).toBe(true);
    const { rows: tables } = await bed.stack.sql.query(`select to_regclass('public.meetings') as meetings`);
    expect(tables).toEqual([{ meetings: 'meetings' }]);
    // The title travels in events, never into log lines: the worker's output stays small.
    expect(worker.output().length).toBeLessThan(megabyteTitle.length / 4);
    result.notes = `both completed in ${((Date.now() - started) / 1000).toFixed(0)} s; titles stored byte-identical; tables intact; worker output ${(worker.output().length / 1024).toFixed(0)} kB`;
    results.push(result);
    expect(isClean(result)).toBe(true);
    expect(leftInTemp(ids)).toEqual([]);
  });

  it('fails a meeting whose requested language is unknown or holds SQL at once, with the reason', async () => {
    const ids = await bed.insertMeetings([
      { title: 'language xx', audio_path: shortClip, requested_language: 'xx' },
      { title: 'language sql', audio_path: shortClip, requested_language: "en'); drop table public.meetings; --" },
    ]);
    const rows = await settle(ids);
    const reason = /Whisper cannot transcribe in ".*" \(the meeting's requested language\): use 'auto'/;
    const result = tally('requested language unknown ("xx") or SQL', 1, rows, new Map(ids.map((id) => [id, reason])));
    result.notes = `failed after ${rows.map((row) => row.attempts).join(' and ')} attempt(s), before the download: ${rows[0]?.error_message ?? ''}`;
    results.push(result);
    expect(isClean(result)).toBe(true);
    expect(rows.every((row) => row.attempts === 1 && row.stage === 'queued')).toBe(true);
    expect(leftInTemp(ids)).toEqual([]);
  });

  it('leaves only the live worker’s and the resumable folder behind, and no key in logs, database, dashboard or settings file', async () => {
    expect(readdirSync(bed.tempDirOf('rows')).sort()).toEqual(['0b0b0b0b-live', '0c0c0c0c-resume']);
    // What a person does in the dashboard: look, test the stored connection, save the settings.
    await dashboard?.call('getSnapshot');
    const view = ((await dashboard?.call('getSettings')) as { value: Record<string, unknown> }).value;
    expect(view['hasSupabaseKey']).toBe(true);
    const tested = await dashboard?.call('testConnection', {
      supabaseUrl: bed.stack.url,
      storageBucket: 'meeting-audio',
    });
    expect(tested, JSON.stringify(tested)).toMatchObject({ ok: true, value: { ok: true } });
    // The headless dashboard has no start-at-login preference (null in the view, absent in the form).
    const input = Object.fromEntries(Object.entries(view).filter(([field]) => field !== 'startAtLogin'));
    const saved = await dashboard?.call('saveSettings', input);
    expect(saved, JSON.stringify(saved)).toMatchObject({ ok: true, value: { ok: true } });
    expect(existsSync(settingsFile())).toBe(true);
    const findings = await scanForSecretsDeep(bed, dashboard?.received() ?? []);
    const frames = (dashboard?.received() ?? []).length;
    results.push({
      scenario: 'secret scan: logs, database rows, dashboard pages and WebSocket frames, settings file',
      runs: 1,
      submitted: 1,
      completedOnce: findings.length === 0 ? 1 : 0,
      failedWithReason: 0,
      lost: findings.length === 0 ? 0 : 1,
      duplicated: 0,
      notes: `${frames} dashboard pages/frames, every public table, log files, stdout/stderr and the settings file saved from the dashboard: ${findings.length === 0 ? 'no key or signed-URL token' : findings.join(', ')}`,
    });
    expect(findings).toEqual([]);
  });
});
