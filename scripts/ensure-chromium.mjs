/**
 * The browser tests drive Debian's Chromium (playwright-core ships no browser, and no browser
 * download is possible here). On a machine without it, install it with apt when we may: as root,
 * or through sudo without a password prompt. Otherwise say how, and fail before the tests start.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const KNOWN_PATHS = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);

function chromiumPresent() {
  return KNOWN_PATHS.some((candidate) => existsSync(candidate)) || spawnSync('which', ['chromium']).status === 0;
}

function installer() {
  if (spawnSync('which', ['apt-get']).status !== 0) return undefined;
  if (process.getuid?.() === 0) return [];
  return spawnSync('sudo', ['-n', 'true']).status === 0 ? ['sudo', '-n'] : undefined;
}

if (!chromiumPresent()) {
  const prefix = installer();
  if (!prefix) {
    console.error(
      'The browser tests need Chromium. Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROME_PATH to a Chromium binary.',
    );
    process.exit(1);
  }
  console.log('Installing Debian chromium for the browser tests…');
  const run = (args) =>
    execFileSync(prefix[0] ?? args[0], prefix[0] ? [...prefix.slice(1), ...args] : args.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  run(['apt-get', 'update', '-qq']);
  // With a Chinese font, the zh-CN screenshots show characters instead of empty boxes.
  run(['apt-get', 'install', '-y', '-qq', 'chromium', 'fonts-wqy-zenhei']);
}
