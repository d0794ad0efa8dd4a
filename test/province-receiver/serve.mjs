// Runs the test receiver as a process of its own (the benchmark uses it as the province):
//   node test/province-receiver/serve.mjs <port> <token> <secret>
// GET /_stats answers its counters. Stops on SIGTERM.
import { startProvinceReceiver } from './province-receiver.mjs';

const [port, token, secret] = process.argv.slice(2);
const receiver = await startProvinceReceiver({ port: Number(port), token, secret });
process.stdout.write(`listening ${receiver.url}\n`);
process.on('SIGTERM', () => {
  void receiver.close().then(() => process.exit(0));
});
