/**
 * Removes secrets from text before it is logged or stored. Two nets: the exact values the worker
 * knows are secret (the Supabase key), and shapes that are secrets whatever their value (JWTs,
 * Supabase secret keys, signed-URL tokens, bearer headers, passwords in connection strings).
 */
const secretShapes: RegExp[] = [
  /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /sb_(secret|publishable)_[A-Za-z0-9_-]{8,}/g,
  /([?&]token=)[^&\s"']+/g,
  /(Bearer\s+)[^\s"']+/gi,
  /(postgres(?:ql)?:\/\/[^:\s/]+:)[^@\s]+(@)/gi,
];

export function createRedactor(secretValues: readonly (string | undefined)[]): (text: string) => string {
  const exact = secretValues.filter((value): value is string => value !== undefined && value.length >= 8);
  return (text) => {
    let out = text;
    for (const value of exact) out = out.split(value).join('[redacted]');
    for (const shape of secretShapes) {
      out = out.replace(shape, (...groups: unknown[]) => {
        const prefix = typeof groups[1] === 'string' && groups.length > 4 ? groups[1] : '';
        const suffix = typeof groups[2] === 'string' && groups[2] === '@' ? '@' : '';
        return `${prefix}[redacted]${suffix}`;
      });
    }
    return out;
  };
}
