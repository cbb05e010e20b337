import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { basicAuth } from '../support/test-sandbox';

/**
 * `npm start`'s process killed (SIGKILL) while clients create Requirements, then restarted on the
 * same data folder: every creation the sandbox acknowledged is still there, and its scores get
 * computed after the restart even when the kill came before the trigger ran.
 */

const root = path.resolve(__dirname, '../..');
const pm = basicAuth('pm@example.com', 'pm-token');

interface Running {
  child: ChildProcess;
  url: string;
}

function startSandbox(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/start.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', SANDBOX_DATA: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`sandbox did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /sandbox is running: (http:\/\/localhost:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}:\n${output}`)));
  });
}

async function kill(running: Running): Promise<void> {
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGKILL');
  await exited;
}

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'rt-restart-'));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

test('a killed sandbox restarts with every acknowledged write and finishes pending recomputation', async () => {
  let running = await startSandbox(dataDir);
  const fields = (await (await fetch(`${running.url}/rest/api/3/field`, { headers: pm })).json()) as {
    id: string;
    name: string;
  }[];
  const id = (name: string) => fields.find((field) => field.name === name)!.id;
  const acknowledged = new Map<string, number>();

  for (let round = 0; round < 3; round += 1) {
    let stop = false;
    const writer = (async () => {
      for (let index = 0; !stop; index += 1) {
        const urgency = 1 + (index % 5);
        try {
          const response = await fetch(`${running.url}/rest/api/3/issue`, {
            method: 'POST',
            headers: pm,
            body: JSON.stringify({
              fields: {
                project: { key: 'REQ' },
                issuetype: { name: 'Requirement' },
                summary: `round ${round} #${index}`,
                [id('Urgency')]: urgency,
                [id('Importance')]: 4,
                [id('Feasibility')]: 3,
                [id('Customer value')]: 5,
              },
            }),
          });
          if (response.status === 201) acknowledged.set(((await response.json()) as { key: string }).key, urgency);
        } catch {
          return; // the connection died with the process: that request was never acknowledged
        }
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 700));
    stop = true;
    await kill(running);
    await writer;
    running = await startSandbox(dataDir);
  }

  await fetch(`${running.url}/__sandbox/idle`, { method: 'POST' });
  expect(acknowledged.size).toBeGreaterThan(10);
  const found = new Map<string, { urgency: unknown; score: unknown }>();
  let token: string | undefined;
  do {
    const page = (await (
      await fetch(`${running.url}/rest/api/3/search/jql`, {
        method: 'POST',
        headers: pm,
        body: JSON.stringify({
          jql: 'project = REQ AND summary ~ "round"',
          fields: [id('Urgency'), id('Weighted score')],
          maxResults: 100,
          ...(token ? { nextPageToken: token } : {}),
        }),
      })
    ).json()) as { issues: { key: string; fields: Record<string, unknown> }[]; nextPageToken?: string };
    for (const issue of page.issues)
      found.set(issue.key, { urgency: issue.fields[id('Urgency')], score: issue.fields[id('Weighted score')] });
    token = page.nextPageToken;
  } while (token);

  for (const [key, urgency] of acknowledged) {
    // 30 × urgency + 30 × 4 + 20 × 3 + 20 × 5 hundredths
    expect({ key, ...found.get(key) }).toEqual({ key, urgency, score: (30 * urgency + 280) / 100 });
  }
  await kill(running);
}, 180_000);
