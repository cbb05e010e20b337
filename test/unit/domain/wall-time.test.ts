import { instantOfWallTime, wallTimeOf } from '../../../src/domain/wall-time';

describe('wall time in a named zone', () => {
  test.each([
    ['2026-12-03T06:30:00.000Z', 'Asia/Shanghai', '2026-12-03 14:30'],
    ['2026-12-03T18:05:00.000Z', 'Asia/Shanghai', '2026-12-04 02:05'],
    ['2026-07-01T12:00:00.000Z', 'America/New_York', '2026-07-01 08:00'],
    ['2026-12-03T00:00:00.000Z', 'UTC', '2026-12-03 00:00'],
  ])('%s reads %s as %s, and that wall time names the same instant', (iso, zone, wall) => {
    expect(wallTimeOf(iso, zone)).toBe(wall);
    expect(instantOfWallTime(wall, zone)).toBe(iso);
  });

  test('a time typed in Shanghai is eight hours ahead of UTC, whatever zone the browser is in', () => {
    expect(instantOfWallTime('2026-12-03 09:15', 'Asia/Shanghai')).toBe('2026-12-03T01:15:00.000Z');
    expect(instantOfWallTime('2026-12-03T09:15', 'Asia/Shanghai')).toBe('2026-12-03T01:15:00.000Z');
  });

  test('a time skipped by the spring change moves forward by the change', () => {
    // New York: 2026-03-08 02:30 does not exist; clocks go from 02:00 to 03:00.
    expect(wallTimeOf(instantOfWallTime('2026-03-08 02:30', 'America/New_York')!, 'America/New_York')).toBe('2026-03-08 03:30');
  });

  test.each([
    '',
    '3 Dec 2026 14:30',
    '2026-12-03',
    '2026-02-30 10:00',
    '2026-12-03 24:00',
    '2026-12-03 10:60',
    '2026-13-01 10:00',
  ])('%p is not a wall time', (text) => {
    expect(instantOfWallTime(text, 'Asia/Shanghai')).toBeNull();
  });
});

test('a time repeated by the autumn change is read as its first occurrence', () => {
  // New York: 2026-11-01 01:30 happens twice; the first is in daylight time (UTC-4).
  expect(instantOfWallTime('2026-11-01 01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
});
