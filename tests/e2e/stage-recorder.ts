/**
 * Watches the dashboard's "Current meeting" panel from inside the page (10 samples a second), so the
 * test can check afterwards what a person saw: stages reached in order, partial progress, elapsed
 * time, the ETA rule and the transcript growing while the meeting ran.
 */
import type { Page } from 'playwright-core';

import { stageNames } from '../../electron/contract/stages.js';

export interface StageSample {
  stage: string;
  phase: 'waiting' | 'running' | 'done';
  percent: number;
  elapsed: string;
  eta: string;
}

export interface MeetingSample {
  at: number;
  title: string;
  transcript: string;
  lines: number;
  stages: StageSample[];
}

// Runs in the page (a string, as the test code has no DOM types); keeps only samples with a meeting.
const installScript = `(() => {
  const samples = [];
  window.__pcwSamples = samples;
  const text = (root, selector) => root.querySelector(selector)?.textContent ?? '';
  setInterval(() => {
    for (const meeting of document.querySelectorAll('[data-testid="current-meeting"]')) {
      samples.push({
        at: Date.now(),
        title: text(meeting, 'h3'),
        transcript: text(meeting, '[data-testid="live-transcript"]'),
        lines: meeting.querySelectorAll('[data-testid="live-transcript"] p:not(.empty)').length,
        stages: [...meeting.querySelectorAll('[data-testid="stage"]')].map((row) => ({
          stage: row.dataset.stage,
          phase: row.dataset.phase,
          percent: Number(row.querySelector('[role="progressbar"]').getAttribute('aria-valuenow')),
          elapsed: text(row, '[data-testid="stage-elapsed"]'),
          eta: text(row, '[data-testid="stage-eta"]'),
        })),
      });
    }
  }, 100);
})()`;

export async function recordStages(page: Page): Promise<() => Promise<MeetingSample[]>> {
  await page.evaluate(installScript);
  return () => page.evaluate<MeetingSample[]>('window.__pcwSamples');
}

/** Index in the pipeline order of the furthest stage that has started, per sample. */
export function furthestStage(sample: MeetingSample): number {
  const started = sample.stages.filter((stage) => stage.phase !== 'waiting').map((stage) => stage.stage);
  return Math.max(-1, ...started.map((stage) => stageNames.indexOf(stage as (typeof stageNames)[number])));
}

/** Every (sample, stage) pair, flattened, for the checks that look at one stage at a time. */
export function stageRows(samples: MeetingSample[]): Array<StageSample & { at: number }> {
  return samples.flatMap((sample) => sample.stages.map((stage) => ({ ...stage, at: sample.at })));
}
