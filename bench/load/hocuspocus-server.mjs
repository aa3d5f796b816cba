// @hocuspocus/server with its defaults (documents in memory, no extensions), on loopback.
import { Server } from '@hocuspocus/server';

const port = Number(process.argv[2]);
const server = new Server({ port, address: '127.0.0.1', quiet: true });
await server.listen();
process.on('SIGTERM', () => process.exit(0));
