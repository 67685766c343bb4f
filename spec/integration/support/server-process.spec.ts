/**
 * The support module that runs the real server programs: started for real, failing for real
 * (a program that exits, one that never listens, one that is not there, apache2 with a broken
 * config), and in every case no process of it left afterwards.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closedPort } from './server.ts';
import { groupMembers, ServerStartError, startServerProcess } from './server-process.ts';

const APACHE2 = existsSync('/usr/sbin/apache2') ? '/usr/sbin/apache2' : 'apache2';
const dir = mkdtempSync(join(tmpdir(), 'httprx-server-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether `pid` is a live process: a zombie (dead, waiting for its parent to reap it) is not. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false; // gone in between
  }
}

/** A Node program given as source, run by this test's own Node. */
const node = (source: string) => ({ command: process.execPath, args: ['-e', source] });

async function failure(start: Promise<unknown>): Promise<ServerStartError> {
  const error = await start.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ServerStartError);
  return error as ServerStartError;
}

describe('startServerProcess', () => {
  it('resolves once the program listens, and stop() leaves none of its processes', async () => {
    const port = await closedPort();
    const server = await startServerProcess({
      name: 'tiny-http',
      ...node(`require('node:http').createServer((q, s) => s.end('hi')).listen(${port}, '127.0.0.1')`),
      port,
    });
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('hi');
    expect(groupMembers(server.pid)).toEqual([server.pid]);
    await server.stop();
    expect(alive(server.pid)).toBe(false);
    expect(groupMembers(server.pid)).toEqual([]);
  });

  it('names the server, its port and its own stderr when it exits before listening', async () => {
    const port = await closedPort();
    const error = await failure(
      startServerProcess({
        name: 'tiny-exit',
        ...node("console.error('tiny-exit: bad config on line 3'); process.exit(3)"),
        port,
      }),
    );
    expect(error.reason).toBe('exit');
    expect(error.message).toContain(
      `tiny-exit did not start on 127.0.0.1:${port}: it exited before listening, code 3`,
    );
    expect(error.message).toContain('  stderr:\n    tiny-exit: bad config on line 3');
    expect(alive(error.pid!)).toBe(false);
  });

  it('stops a program that never listens, and every process it forked', async () => {
    const port = await closedPort();
    const error = await failure(
      startServerProcess({
        name: 'tiny-silent',
        ...node(
          "const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);" +
            "console.error('forked ' + c.pid); setInterval(() => {}, 1000)",
        ),
        port,
        readyTimeoutMs: 1500,
      }),
    );
    expect(error.reason).toBe('timeout');
    expect(error.message).toContain(
      `tiny-silent did not start on 127.0.0.1:${port}: it was not listening after 1500 ms`,
    );
    const forked = Number(/forked (\d+)/.exec(error.message)?.[1]);
    expect(forked).toBeGreaterThan(0);
    expect(alive(error.pid!)).toBe(false);
    expect(alive(forked)).toBe(false);
  });

  it('kills a program that ignores SIGTERM once the grace time is over', async () => {
    const port = await closedPort();
    const server = await startServerProcess({
      name: 'tiny-stubborn',
      ...node(
        `process.on('SIGTERM', () => {}); require('node:net').createServer().listen(${port}, '127.0.0.1')`,
      ),
      port,
      stopGraceMs: 300,
    });
    await server.stop();
    expect(alive(server.pid)).toBe(false);
  });

  it('says the program is not there, and where the tests get their packages', async () => {
    const port = await closedPort();
    const error = await failure(
      startServerProcess({ name: 'nothing', command: '/nonexistent/httprx-server', args: [], port }),
    );
    expect(error.reason).toBe('spawn');
    expect(error.pid).toBeUndefined();
    expect(error.message).toContain(
      `nothing did not start on 127.0.0.1:${port}: spawn /nonexistent/httprx-server ENOENT`,
    );
    expect(error.message).toContain('npm test installs the packages of scripts/debian-packages');
  });

  it("reports apache2's own error for a broken config, with its error log, and leaves no httpd", async () => {
    const port = await closedPort();
    const conf = join(dir, 'broken.conf');
    const errorLog = join(dir, 'error.log');
    writeFileSync(
      conf,
      [
        'ServerName 127.0.0.1',
        `Listen 127.0.0.1:${port}`,
        `PidFile ${join(dir, 'httpd.pid')}`,
        `DefaultRuntimeDir ${dir}`,
        `ErrorLog ${errorLog}`,
        'LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so',
        'NoSuchDirective on',
      ].join('\n'),
    );
    const error = await failure(
      startServerProcess({
        name: 'apache2',
        command: APACHE2,
        args: ['-f', conf, '-D', 'FOREGROUND'],
        port,
        logs: [errorLog],
      }),
    );
    expect(error.reason).toBe('exit');
    expect(error.message).toContain(`apache2 did not start on 127.0.0.1:${port}: it exited before listening`);
    expect(error.message).toContain(`command: ${APACHE2} -f ${conf} -D FOREGROUND`);
    expect(error.message).toContain(`  stderr:\n    AH00526: Syntax error on line 7 of ${conf}:`);
    expect(error.message).toContain("\n    Invalid command 'NoSuchDirective'");
    expect(error.message).toContain(`  ${errorLog}:\n    (not readable: ENOENT`);
    expect(alive(error.pid!)).toBe(false);
  });
});
