/**
 * The utility process's environment: main's own, minus what must not leak into the engine. Replacing the
 * environment instead (PATH + NODE_ENV only) breaks the worker on Windows: without SystemRoot, Winsock
 * cannot start (WSAEPROVIDERFAILEDINIT), so Supabase and the Hub are unreachable, and TEMP, USERPROFILE,
 * APPDATA and the proxy variables are lost. VS Code builds its extension host's environment the same way.
 */

/** Variables that would change how the worker's runtime starts, or that only main's Electron should read. */
const deniedNames = new Set([
  'ELECTRON_RUN_AS_NODE',
  'ELECTRON_NO_ATTACH_CONSOLE',
  'ELECTRON_ENABLE_LOGGING',
  'ELECTRON_ENABLE_STACK_DUMPING',
  'NODE_OPTIONS',
  'NODE_REPL_EXTERNAL_MODULE',
  'VITE_DEV_SERVER_URL',
]);
/** Prefixes of the same kind: debugger attach, Chromium/Electron switches, npm's script variables. */
const deniedPrefixes = ['ELECTRON_', 'CHROME_', 'npm_', 'VSCODE_'];

/**
 * `parent` minus the deny-list, plus what the worker needs. The worker's settings (and the keys) travel
 * in `init`, never in the environment, so nothing secret is added here.
 */
export function workerEnvironment(
  parent: Record<string, string | undefined>,
  needs: { nodeEnv: string },
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined || deniedNames.has(name)) continue;
    if (deniedPrefixes.some((prefix) => name.startsWith(prefix))) continue;
    env[name] = value;
  }
  env['NODE_ENV'] = parent['NODE_ENV'] ?? needs.nodeEnv;
  return env;
}
