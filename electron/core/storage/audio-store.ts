/** Where meeting audio comes from: Supabase Storage, or the embedded queue's local folder. */
export interface AudioStore {
  /**
   * Streams the object to `destination` (never a whole-file buffer). Fails with DownloadError for a
   * missing object or one over `maxBytes`, and removes any partial file it wrote.
   */
  download(objectPath: string, destination: string, options: DownloadOptions): Promise<{ bytes: number }>;
}

export interface DownloadOptions {
  maxBytes: number;
  signal: AbortSignal;
  onProgress: (receivedBytes: number, totalBytes: number | null) => void;
}
