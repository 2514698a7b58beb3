// Loaded with `node --import` before a worker bundle: gives a plain Node child process what Electron gives
// a utility process (electron/worker/entry.ts needs nothing else), following Electron's contract:
// * process.parentPort: an EventEmitter whose 'message' listeners get a MessageEvent-like { data, ports };
//   messages that arrive before the first 'message' listener wait for it (Electron starts the port when
//   one is added); postMessage(message) sends a structured clone to the parent (here over Node's IPC
//   channel, which the test opens with serialization 'advanced', the structured clone algorithm).
// * process.resourcesPath: the packaged app's resources folder (PCW_RESOURCES_PATH).
import { EventEmitter } from 'node:events';

const port = new EventEmitter();
const waiting = [];
port.postMessage = (message) => process.send(message);
port.on('newListener', (event) => {
  if (event !== 'message') return;
  setImmediate(() => {
    for (const data of waiting.splice(0)) port.emit('message', { data, ports: [] });
  });
});
process.on('message', (data) => {
  if (port.listenerCount('message') === 0) waiting.push(data);
  else port.emit('message', { data, ports: [] });
});
process.parentPort = port;
process.resourcesPath = process.env.PCW_RESOURCES_PATH;
