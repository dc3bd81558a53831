// The yardstick: a bare node:http server returning the same bytes and headers Livery serves, 304 included.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

const body = readFileSync(process.argv[2]!);
const etag = process.argv[3]!;
const headers = {
  'content-type': 'text/css; charset=utf-8',
  etag,
  'cache-control': 'public, max-age=60, stale-while-revalidate=600, stale-if-error=86400',
};
const server = createServer((req, res) => {
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, headers);
  res.end(body);
});
server.listen(0, '127.0.0.1', () =>
  process.send!({ ready: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
);
process.on('disconnect', () => process.exit(0));
