// js-yaml ships no types; the config test needs only `load`.
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
