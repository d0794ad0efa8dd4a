import { createInterface } from 'node:readline';

/**
 * Reads a password without it ever being on the command line: typed at a prompt (not echoed, asked twice)
 * when standard input is a terminal, else the first line of standard input (`… < file`, a pipe).
 */
export async function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) {
      text += String(chunk);
      if (text.includes('\n')) break;
    }
    return text.split(/\r?\n/)[0];
  }
  const first = await askHidden(prompt);
  const again = await askHidden('Again: ');
  if (first !== again) throw new Error('the two passwords differ');
  return first;
}

function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stderr.write(prompt);
    // Echo nothing of what is typed.
    output._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
