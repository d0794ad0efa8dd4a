// The attacks of `npm run bench:security`, in a process of their own so that sending them costs the measuring
// process nothing. `node security-attackers.mjs nested <port> <token>` sends 8 MB bodies of nested arrays in
// loops: to the login with and without a length, and from an editor to the route that takes the largest
// bodies. `node security-attackers.mjs slow <port> <connections>` keeps that many connections sending a login
// body one byte a second, opening a new one whenever the server closes one.
// Every few seconds it prints one JSON line of counts; it runs until killed.
import { request } from 'node:http';
import { connect } from 'node:net';

const [mode, portArg, arg] = process.argv.slice(2);
const port = Number(portArg);
const counts = {};
const count = (key) => (counts[key] = (counts[key] ?? 0) + 1);
setInterval(() => process.stdout.write(`${JSON.stringify(counts)}\n`), 2_000).unref();

if (mode === 'nested') {
  const levels = 4_190_000; // 8.4 MB
  const body = Buffer.from(`{"username":"x","password":"y","x":${'['.repeat(levels)}${']'.repeat(levels)}}`);
  const send = (path, headers) =>
    new Promise((resolve) => {
      const req = request(
        { host: '127.0.0.1', port, path, method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(String(res.statusCode)));
          res.on('error', () => resolve(String(res.statusCode)));
        },
      );
      req.on('error', () => resolve('cut'));
      req.end(body);
    });
  const loop = async (name, path, headers) => {
    for (;;) count(`${name} ${await send(path, headers)}`);
  };
  void loop('login', '/api/v1/auth/login', {});
  void loop('login chunked', '/api/v1/auth/login', { 'Transfer-Encoding': 'chunked' });
  void loop('editor', '/api/v1/documents', { Authorization: `Bearer ${arg}` });
} else if (mode === 'slow') {
  const connections = Number(arg);
  const body = `{"username":"slow","password":"${'p'.repeat(3_900)}"}`;
  const open = () => {
    const socket = connect(port, '127.0.0.1');
    let sent = 0;
    let answer = '';
    const timer = setInterval(() => {
      if (sent < body.length) socket.write(body[sent++]);
    }, 1_000);
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      count(`closed ${/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 'without answer'}`);
      setTimeout(open, 100);
    });
    socket.write(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
    );
    count('opened');
  };
  for (let i = 0; i < connections; i++) open();
} else {
  process.stderr.write('usage: security-attackers.mjs nested <port> <token> | slow <port> <connections>\n');
  process.exit(64);
}
