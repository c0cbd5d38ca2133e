// Opening hours beyond their format: an interval of no length and overlapping intervals of one
// day are refused at their own entry; past-midnight closes and separate days are fine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateOpeningHours } from '../../src/domain/opening-hours.ts';

const problems = (hours: Parameters<typeof validateOpeningHours>[0]) =>
  validateOpeningHours(hours).map((e) => [e.code, e.details?.field]);

test('sensible weeks pass: lunch and dinner, a night past midnight, the same hours on other days', () => {
  assert.deepEqual(
    problems([
      { day: 'mon', open: '12:00', close: '15:00' },
      { day: 'mon', open: '15:00', close: '23:00' },
      { day: 'fri', open: '18:00', close: '04:00' },
      { day: 'sat', open: '00:00', close: '23:59' },
      { day: 'sun', open: '12:00', close: '15:00' },
    ]),
    [],
  );
});

test('an interval of no length is refused at its close, overlaps at the later open', () => {
  assert.deepEqual(
    problems([
      { day: 'mon', open: '10:00', close: '10:00' },
      { day: 'tue', open: '10:00', close: '16:00' },
      { day: 'tue', open: '15:30', close: '22:00' },
      { day: 'wed', open: '20:00', close: '03:00' },
      { day: 'wed', open: '01:00', close: '02:00' },
    ]),
    [
      ['venue.hours_empty', 'hours.0.close'],
      ['venue.hours_overlap', 'hours.2.open'],
    ],
  );
});

test('the message names the entry and the interval it overlaps', () => {
  const [e] = validateOpeningHours([
    { day: 'thu', open: '09:00', close: '18:00' },
    { day: 'thu', open: '17:00', close: '19:00' },
  ]);
  assert.equal(e?.messageRu, 'hours.1.open: пересекается с интервалом 09:00–18:00 того же дня');
});
