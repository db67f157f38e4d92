// Serves the built app the way the gateway must (docs: web-client/README.md) and forwards everything else to a
// running gateway, so the front end can be tried before (or without) a gateway that serves this jar:
//   node scripts/serve.mjs [--port 8088] [--gateway http://127.0.0.1:8080] [--dir target/classes/META-INF/resources]
// Static files from --dir; /d/{id} answers index.html; /api/** and /ws/** (WebSocket upgrades too) are proxied.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { connect } from 'node:net';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = resolve(root, option('--dir', 'target/classes/META-INF/resources'));
const port = Number(option('--port', '8088'));
const gateway = new URL(option('--gateway', 'http://127.0.0.1:8080'));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.txt': 'text/plain; charset=utf-8' };

const proxied = (path) => path.startsWith('/api/') || path.startsWith('/ws/') || path.startsWith('/q/');

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (proxied(path)) {
    const upstream = request({ host: gateway.hostname, port: gateway.port, method: req.method, path: req.url,
      headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (e) => {
      res.writeHead(502, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ code: 'INTERNAL_ERROR', message: `gateway unreachable: ${e.message}` }));
    });
    req.pipe(upstream);
    return;
  }
  // the app's routes are index.html; everything else is a file of the build
  let file = /^\/(d\/[^/]+\/?)?$/.test(path) ? join(dir, 'index.html') : normalize(join(dir, path));
  if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
    return;
  }
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': file.endsWith('index.html') ? 'no-cache' : 'max-age=31536000, immutable' });
  createReadStream(file).pipe(res);
});

// WebSocket upgrades: replay the request line and headers to the gateway, then pipe both ways
server.on('upgrade', (req, socket, head) => {
  const upstream = connect(Number(gateway.port), gateway.hostname, () => {
    const headers = Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join('\r\n');
    upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers}\r\n\r\n`);
    upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  const close = () => { socket.destroy(); upstream.destroy(); };
  upstream.on('error', close);
  socket.on('error', close);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`web-client: serving ${dir} on http://127.0.0.1:${port}/, proxying /api, /ws and /q to ${gateway.origin}`);
});
