import { execFile } from 'node:child_process';

import type { GpuAdapter } from '../contract/events.js';

/** Runs a system tool and resolves with its stdout; rejects when the tool is missing or fails. */
export type RunTool = (file: string, args: readonly string[]) => Promise<string>;

const toolTimeoutMs = 5000;

const runTool: RunTool = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: toolTimeoutMs, windowsHide: true }, (error, stdout) => {
      if (error === null) resolve(stdout);
      else reject(new Error(`${file} failed: ${error.message}`, { cause: error }));
    });
  });

/** `nvidia-smi --query-gpu=index,name --format=csv,noheader`: "0, NVIDIA H200" per line. */
export function parseNvidiaSmi(stdout: string): GpuAdapter[] {
  return stdout.split('\n').flatMap((line) => {
    const match = /^\s*(\d+)\s*,\s*(.+?)\s*$/.exec(line);
    return match?.[1] === undefined || match[2] === undefined ? [] : [{ index: Number(match[1]), name: match[2] }];
  });
}

/**
 * Win32_VideoController names, one per line, in the order Windows lists its adapters (the order
 * DirectML numbers them in on ordinary machines; the Basic Render Driver is not a GPU).
 */
export function parseVideoControllers(stdout: string): GpuAdapter[] {
  return stdout
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((name) => name !== '' && !/Basic (Render|Display)/i.test(name))
    .map((name, index) => ({ index, name }));
}

/** `system_profiler SPDisplaysDataType -json`: a Mac has one GPU that CoreML uses. */
export function parseSystemProfiler(stdout: string): GpuAdapter[] {
  const parsed = JSON.parse(stdout) as { SPDisplaysDataType?: Array<{ sppci_model?: unknown }> };
  return (parsed.SPDisplaysDataType ?? []).flatMap((entry, index) =>
    typeof entry.sppci_model === 'string' ? [{ index, name: entry.sppci_model }] : [],
  );
}

/**
 * The GPUs this machine has, as the settings' device choice lists them, read with the platform's own
 * tool. No tool (a server without the NVIDIA driver, a locked-down PC) means none found, not an error.
 */
export async function listGpuAdapters(
  platform: NodeJS.Platform = process.platform,
  run: RunTool = runTool,
): Promise<GpuAdapter[]> {
  try {
    if (platform === 'linux')
      return parseNvidiaSmi(await run('nvidia-smi', ['--query-gpu=index,name', '--format=csv,noheader']));
    if (platform === 'win32') {
      const query = 'Get-CimInstance Win32_VideoController | Select-Object -ExpandProperty Name';
      return parseVideoControllers(await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', query]));
    }
    if (platform === 'darwin')
      return parseSystemProfiler(await run('system_profiler', ['SPDisplaysDataType', '-json']));
  } catch {
    return [];
  }
  return [];
}
