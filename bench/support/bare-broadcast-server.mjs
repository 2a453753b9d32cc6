// The floor for broadcast latency: a bare socket.io server, nothing else, that broadcasts what
// its parent sends it (over IPC) to every connected client, stamped with the time it emits.
import { createServer } from 'node:http';

import { Server } from 'socket.io';

const port = Number(process.argv[2]);
const http = createServer();
const io = new Server(http, { transports: ['websocket'] });
http.listen(port, '127.0.0.1', () => process.send?.({ ready: true }));
process.on('message', (message) => {
  if (message === 'stop') {
    io.close();
    process.exit(0);
  }
  io.emit('payment.updated', { ...message.payload, sentAt: Date.now() });
});
