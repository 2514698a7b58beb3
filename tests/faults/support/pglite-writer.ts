/**
 * A process that adds `count` meeting rows to a data folder's embedded database and prints how many
 * inserts were acknowledged. `raw` opens PGlite directly, as every command did before issue 21;
 * `owned` goes through openOwnedDatabase (the data folder lock). Used by embedded-owner.test.ts.
 */
import path from 'node:path';

import { openEmbeddedDatabase } from '../../../electron/core/embedded/embedded-database.js';
import { defaultSupabaseDir } from '../../../electron/core/embedded/migrations-dir.js';
import { openOwnedDatabase } from '../../../electron/core/embedded/owned-database.js';

const [dataDir = '', mode = 'raw', tag = 'w', count = '100'] = process.argv.slice(2);
const owned =
  mode === 'owned'
    ? await openOwnedDatabase({ dataDir, storageBucket: 'meeting-audio' }, { command: tag, serveApi: false })
    : null;
const db = owned?.db ?? (await openEmbeddedDatabase(path.join(dataDir, 'db'), defaultSupabaseDir()));
let acknowledged = 0;
for (let i = 0; i < Number(count); i++) {
  await db.query(`insert into public.meetings (title, audio_path) values ($1, 'none')`, [`${tag}-${i}`]);
  acknowledged++;
}
if (owned === null) await db.close();
else await owned.close();
process.stdout.write(`${acknowledged}\n`);
