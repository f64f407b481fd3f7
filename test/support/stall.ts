import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect } from 'vitest';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin/http-timeout-lint.js');

export interface Run {
  code: number | null;
  stderr: string;
  /** From the server accepting the program's connection (or from its start, if it never connected) to its exit. */
  ms: number;
  /**
   * From the program's start to its exit: no bound it sets can have started before, so it holds the lower bound of
   * a wait however long the program took to connect on a loaded machine.
   */
  wallMs: number;
  /**
   * From the last request the server received (the first bytes on a connection) to the exit, or from the program's
   * start if none came: a connection a client opens and closes unused (Node 20's fetch opens one as it aborts) does
   * not move it.
   */
  requestMs: number;
  timedOut: boolean;
}

/**
 * A loopback server that accepts connections and never answers: the peer every runtime proof hangs on. With a
 * `greeting`, it answers the first bytes of each connection with it (part of a response), then goes silent.
 */
export class StallServer {
  accepted = 0;
  /** Connections that sent bytes: the requests a client made, less the connections it opened and left unused. */
  requests = 0;
  private lastAccept = 0;
  private lastRequest = 0;
  private readonly sockets = new Set<net.Socket>();
  private readonly server = net.createServer((socket) => {
    this.accepted++;
    this.lastAccept = Date.now();
    this.sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => this.sockets.delete(socket));
    socket.once('data', () => {
      this.requests++;
      this.lastRequest = Date.now();
      if (this.greeting !== undefined) socket.write(this.greeting);
    });
  });
  port = 0;

  constructor(private readonly greeting?: string) {}

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  url(pathname = '/'): string {
    return `http://127.0.0.1:${this.port}${pathname}`;
  }

  /** Runs a program against the server; kills it after `limitMs` if it is still running. */
  run(command: string, args: string[], env: NodeJS.ProcessEnv, limitMs: number): Promise<Run> {
    const started = Date.now();
    this.lastAccept = 0;
    this.lastRequest = 0;
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, limitMs);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        const now = Date.now();
        resolve({
          code,
          stderr,
          ms: now - (this.lastAccept || started),
          wallMs: now - started,
          requestMs: now - (this.lastRequest || started),
          timedOut,
        });
      });
    });
  }
}

/**
 * A scratch folder for copies of the seeds; throws when the CLI is not built. Its node_modules is the project's, so
 * a copy imports the pinned clients as its seed does (an ES module resolves from its own folder: NODE_PATH is not read).
 */
export function scratch(name: string): string {
  if (!fs.existsSync(path.join(root, 'dist/src/cli/main.js'))) throw new Error('the CLI is not built: run npm run build');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

export function cli(cwd: string, args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
}

/**
 * Copies the seeds into `dir`, each at its path in the project (seeds of several clients share a name), and runs
 * `--fix` on them with these fix values; returns the copies. With `suggestions`, it applies instead the first
 * suggestion of each finding, as an editor's quick fix would, for the rules whose fix is only offered. Throws unless
 * every copy changed and a second lint of the copies is clean.
 */
export function fixCopies(
  dir: string,
  seeds: string[],
  fix: { connectTimeout: number; totalTimeout: number },
  { suggestions = false } = {},
): string[] {
  const files = seeds.map((s) => path.join(dir, s));
  seeds.forEach((s, i) => {
    fs.mkdirSync(path.dirname(files[i]!), { recursive: true });
    fs.copyFileSync(path.join(root, s), files[i]!);
  });
  const config = path.join(dir, 'fix-config.json');
  fs.writeFileSync(config, JSON.stringify({ fix }));
  if (suggestions) applySuggestions(dir, config, files);
  else {
    const fixed = cli(dir, ['--fix', '--config', config, ...files]);
    if (fixed.status !== 0) throw new Error(`--fix exited ${fixed.status}: ${fixed.stderr}${fixed.stdout}`);
  }
  files.forEach((f, i) => {
    if (fs.readFileSync(f, 'utf8') === fs.readFileSync(path.join(root, seeds[i]!), 'utf8')) throw new Error(`${seeds[i]} was not changed`);
  });
  const again = cli(dir, ['--format', 'json', '--config', config, ...files]);
  const left = (JSON.parse(again.stdout) as { messages: unknown[] }[]).flatMap((r) => r.messages);
  if (again.status !== 0 || left.length) throw new Error(`the fixed copies still have findings: ${again.stdout}`);
  return files;
}

interface TextEdit {
  range: [number, number];
  text: string;
}

/** Writes the first suggestion of each finding into its file, from the end back; throws on a finding with none. */
function applySuggestions(dir: string, config: string, files: string[]): void {
  const lint = cli(dir, ['--format', 'json', '--config', config, ...files]);
  const results = JSON.parse(lint.stdout) as { filePath: string; messages: { message: string; suggestions?: { fix: TextEdit }[] }[] }[];
  for (const { filePath, messages } of results) {
    const edits = messages.map((m) => {
      const first = m.suggestions?.[0];
      if (!first) throw new Error(`${filePath}: no suggestion for "${m.message}"`);
      return first.fix;
    });
    let text = fs.readFileSync(filePath, 'utf8');
    let end = Infinity;
    for (const { range, text: insert } of edits.sort((a, b) => b.range[0] - a.range[0])) {
      if (range[1] > end) throw new Error(`${filePath}: suggestions overlap`);
      text = text.slice(0, range[0]) + insert + text.slice(range[1]);
      end = range[0];
    }
    fs.writeFileSync(filePath, text);
  }
}

/** The php binary with ext/curl; tests that need it fail (never skip) with how to install it. */
/** Debian's PHP libraries the runtime proofs load: each one's autoloader, name and package. */
export const DEBIAN_PHP = {
  guzzle: { autoload: '/usr/share/php/GuzzleHttp/autoload.php', name: 'Guzzle', pkg: 'php-guzzlehttp-guzzle' },
  symfony: { autoload: '/usr/share/php/Symfony/Component/HttpClient/autoload.php', name: 'Symfony HttpClient', pkg: 'php-symfony-http-client' },
  httpful: { autoload: '/usr/share/php/Httpful/autoload.php', name: 'Httpful', pkg: 'php-httpful' },
  illuminate: { autoload: '/usr/share/php/Illuminate/Http/autoload.php', name: 'illuminate/http', pkg: 'php-illuminate-http' },
  // Debian packages no Requests of its own: WordPress 6.1 carries Requests 1.8.1.
  requests: { autoload: '/usr/share/wordpress/wp-includes/class-requests.php', name: 'Requests (in WordPress)', pkg: 'wordpress' },
} as const;

/** Fails, saying how to install it, when a Debian PHP library a runtime proof loads is missing. */
export function requireDebianPhp(...libs: (keyof typeof DEBIAN_PHP)[]): void {
  for (const lib of libs) {
    const { autoload, name, pkg } = DEBIAN_PHP[lib];
    if (!fs.existsSync(autoload)) throw new Error(`${name} not found: install it with \`apt-get install -y ${pkg}\``);
  }
}

export function requirePhpCurl(): void {
  const probe = spawnSync('php', ['-r', 'exit(function_exists("curl_init") ? 0 : 3);'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error('php not found: install it with `apt-get install -y php-cli php-curl`');
}

/** A seed of a runtime proof: a program that talks to the server it is given through its environment. */
export interface StallSeed {
  file: string;
  env: (s: StallServer) => NodeJS.ProcessEnv;
  greeting?: string;
}

/** A seed whose fixed copy gives up with its client's own timeout error (`error`), in time. */
export interface TimedSeed extends StallSeed {
  error: RegExp;
  /** The bound that ends it, in ms: the total, unless the fix's connect value bounds an earlier phase. */
  boundMs?: number;
}

/**
 * A server of its own for each seed (so the seeds run side by side), started before the file's tests and stopped
 * after them, and a scratch folder for the fixed copies. `before` runs first (a check that the runtime is there).
 */
export function stallSuite(name: string, seeds: readonly StallSeed[], before?: () => void): { servers: StallServer[]; tmp: () => string } {
  const servers = seeds.map((s) => new StallServer(s.greeting));
  let tmp = '';
  beforeAll(async () => {
    before?.();
    await Promise.all(servers.map((s) => s.start()));
    tmp = scratch(name);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });
  return { servers, tmp: () => tmp };
}

/** Runs each seed with `cmd` against its server for `limitMs`, and expects every one to have connected and still be waiting. */
export async function expectAllWaiting(cmd: string, seeds: readonly StallSeed[], servers: readonly StallServer[], limitMs: number): Promise<void> {
  const runs = await Promise.all(seeds.map((seed, i) => servers[i]!.run(cmd, [path.join(root, seed.file)], seed.env(servers[i]!), limitMs)));
  runs.forEach((run, i) => {
    expect(run.timedOut, `${seeds[i]!.file} exited on its own after ${run.ms} ms: ${run.stderr}`).toBe(true);
    expect(servers[i]!.accepted, `${seeds[i]!.file} never connected`).toBeGreaterThan(0);
  });
}
