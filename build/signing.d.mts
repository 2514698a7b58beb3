// Types for build/signing.mjs (run by tools/dist.mjs, plain JavaScript like the other build hooks).
export interface SigningPlan {
  args: string[];
  env: Record<string, string>;
  notices: string[];
  errors: string[];
}
export function signingPlan(env: Record<string, string | undefined>, target: 'win' | 'mac' | 'linux'): SigningPlan;
