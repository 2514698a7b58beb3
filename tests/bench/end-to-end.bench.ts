/**
 * `npm run bench`: the whole pipeline on real recordings through the embedded queue, in-process, with the
 * default model. Prints audio seconds, wall seconds, speed (audio/wall) and peak RSS per stage, and writes
 * the figures as JSON in bench-results/ with the machine's load average (compare idle runs only).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { WorkerEvent } from '../../electron/contract/events.js';
import { enqueueLocalRecording } from '../../electron/core/embedded/local-meetings.js';
import { createLogger } from '../../electron/core/log/logger.js';
import { createWorkerRuntime } from '../../electron/core/worker-runtime.js';
import { offlineSettings } from '../support/offline-settings.js';
import { repoDir, sampleRecording, sharedDir } from '../support/shared-data.js';

const recordings = [
  sampleRecording.file,
  path.join(sharedDir, 'data/diarization/ami_seriously_mixture.wav'),
  path.join(sharedDir, 'data/diarization/spokenwoz_MUL1011.wav'),
];

interface Row {
  recording: string;
  audioSec: number;
  wallSec: number;
  speed: number;
  peakRssMb: number;
  stages: Record<string, { wallSec: number; peakRssMb: number }>;
}

const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const work = mkdtempSync(path.join(os.tmpdir(), 'pcw-bench-'));
  const settings = offlineSettings(work, {
    workerId: 'bench',
  });
  let stage = 'startup';
  let stagePeaks: Record<string, number> = {};
  const sampler = setInterval(() => {
    stagePeaks[stage] = Math.max(stagePeaks[stage] ?? 0, process.memoryUsage().rss);
  }, 50);
  const emit = (event: WorkerEvent): void => {
    if (event.type === 'meeting-progress') stage = event.stage;
  };
  const runtime = await createWorkerRuntime(settings, {
    log: createLogger({ level: 'warn', console: true, secrets: [] }),
    emit,
  });
  const embedded = runtime.embedded;
  if (embedded === null) throw new Error('expected the embedded queue');
  const rows: Row[] = [];
  try {
    for (const recording of recordings) {
      stagePeaks = {};
      const id = await enqueueLocalRecording(embedded.db, embedded.bucketDir, recording);
      const started = performance.now();
      const outcome = await runtime.service.processMeeting(id);
      const wallSec = (performance.now() - started) / 1000;
      if (outcome.outcome !== 'completed') throw new Error(`${recording}: ${outcome.outcome}`);
      const { durationSec, timingsSec } = outcome.result;
      rows.push({
        recording: path.basename(recording),
        audioSec: durationSec,
        wallSec,
        speed: durationSec / wallSec,
        peakRssMb: mb(Math.max(...Object.values(stagePeaks))),
        stages: Object.fromEntries(
          Object.entries(timingsSec).map(([name, sec]) => [
            name,
            { wallSec: sec, peakRssMb: mb(stagePeaks[name] ?? 0) },
          ]),
        ),
      });
    }
  } finally {
    clearInterval(sampler);
    await runtime.close();
    rmSync(work, { recursive: true, force: true });
  }

  // The README's main job as a user runs it: a fresh process, model load included.
  const demoStarted = performance.now();
  const demo = spawnSync('npm', ['run', '--silent', 'demo'], { cwd: repoDir, encoding: 'utf8' });
  const demoWallSec = (performance.now() - demoStarted) / 1000;

  for (const row of rows) {
    console.log(
      `${row.recording.padEnd(36)} audio ${row.audioSec.toFixed(1).padStart(6)} s  wall ${row.wallSec.toFixed(1).padStart(5)} s  speed ${row.speed.toFixed(2).padStart(5)}x  peak RSS ${row.peakRssMb} MB`,
    );
    for (const [name, figures] of Object.entries(row.stages)) {
      console.log(
        `    ${name.padEnd(12)} ${figures.wallSec.toFixed(2).padStart(7)} s  peak RSS ${figures.peakRssMb} MB`,
      );
    }
  }
  console.log(
    `npm run demo (fresh process): ${demoWallSec.toFixed(1)} s wall, exit ${demo.status}, RTF ${(demoWallSec / 10.435).toFixed(2)}`,
  );
  const loadAfter = os.loadavg();
  console.log(
    `load average before ${loadBefore.map((v) => v.toFixed(2)).join(' ')}, after ${loadAfter.map((v) => v.toFixed(2)).join(' ')}`,
  );

  const outDir = path.join(repoDir, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `end-to-end-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: mb(os.totalmem()) / 1024,
    node: process.version,
  };
  writeFileSync(
    file,
    `${JSON.stringify({ machine, loadBefore, loadAfter, model: settings.whisperModel, rows, demoWallSec }, null, 2)}\n`,
  );
  console.log(`written ${path.relative(repoDir, file)}`);
}

await main();
