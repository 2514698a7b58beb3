const storageKey = 'pc-worker-token';

/**
 * The headless dashboard's token arrives in the address (`/?token=…`, printed by `serve --dashboard`).
 * It is taken out of the address at once, so it does not stay in the history, a bookmark, a screen
 * share or a Referer; this tab keeps it in sessionStorage so that a reload still connects.
 */
export function takePageToken(location: Location, history: History, storage: Storage): string {
  const params = new URLSearchParams(location.search);
  const fromAddress = params.get('token');
  if (fromAddress === null) return storage.getItem(storageKey) ?? '';
  storage.setItem(storageKey, fromAddress);
  params.delete('token');
  const query = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${query === '' ? '' : `?${query}`}${location.hash}`);
  return fromAddress;
}
