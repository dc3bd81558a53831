// Node entry point (`npm start`): the Node server (./node-server.ts) on PORT/HOST, stopped by SIGINT or SIGTERM.
import { printWelcome, startNodeServer } from './node-server.ts';

const running = await startNodeServer();
printWelcome(running, (line) => console.log(line));
const stop = () => void running.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
