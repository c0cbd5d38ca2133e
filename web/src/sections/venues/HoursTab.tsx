// Часы работы: the venue's opening hours, a week of intervals in the venue's local time (a
// close before the open runs into the next morning), saved into the venue card. A time is
// checked here for its form; the server refuses intervals of no length and overlaps, and each
// reason stands under the interval it concerns. org.write edits; others read.
import { useState } from 'react';
import { Button, Divider, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { SaveBar } from '../../ui/SaveBar.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { VenueSelect, useVenues } from './VenuePicker.tsx';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof DAYS)[number];
/** The server takes 21 intervals a week. */
const PER_DAY = 3;
type Bound = 'open' | 'close';
type Interval = Record<Bound, string>;
type Week = Interval[][];
interface Hours extends Interval {
  day: string;
}

const weekOf = (hours: readonly Hours[]): Week =>
  DAYS.map((d) => hours.filter((h) => h.day === d).map(({ open, close }) => ({ open, close })));
const hoursOf = (week: Week): (Interval & { day: Day })[] =>
  week.flatMap((list, i) => list.map((x) => ({ day: DAYS[i] as Day, ...x })));
/** Where an interval stands in what is sent: the server names problems by that index. */
const flatIndex = (week: Week, day: number, j: number) =>
  week.slice(0, day).reduce((n, list) => n + list.length, 0) + j;

/** «9:00», «9.00», «0900» → «09:00»; null when it is no time of day. */
function normalTime(typed: string): string | null {
  const m = /^(\d{1,2})[:.]?(\d{2})$/.exec(typed.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? `${String(h).padStart(2, '0')}:${m[2]}` : null;
}

/** An interval closing before it opens ends the next morning: said beside it. */
function pastMidnight(x: Interval): boolean {
  const open = normalTime(x.open);
  const close = normalTime(x.close);
  return open !== null && close !== null && close < open;
}

export function HoursTab() {
  const { t } = useI18n();
  const venues = useVenues();
  const card = useLoad(
    () =>
      venues.id
        ? unwrap<{ venue: { hours: Hours[] } }>(
            api.GET('/api/admin/v1/restaurants/{id}', { params: { path: { id: venues.id } } }),
          )
        : Promise.resolve(null),
    [venues.id],
  );
  if (venues.venues.error !== undefined) return <LoadError error={venues.venues.error} />;
  if (card.error !== undefined) return <LoadError error={card.error} retry={card.reload} />;
  if (!venues.venue || !card.data) return <Loading />;
  return (
    <Stack>
      <VenueSelect list={venues.list} value={venues.id} onChange={venues.choose} />
      <Text c="dimmed" size="sm" maw={820}>
        {t('hours.help', { zone: venues.venue.time_zone })}
      </Text>
      <WeekForm key={venues.id} restaurant={venues.venue.id} hours={card.data.venue.hours} />
    </Stack>
  );
}

function WeekForm(props: { restaurant: number; hours: Hours[] }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const writable = can('org.write');
  const [saved, setSaved] = useState(() => weekOf(props.hours));
  const [week, setWeek] = useState(saved);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const { submit, busy, fieldError, formError, reset } = useSubmit();
  const dirty = JSON.stringify(week) !== JSON.stringify(saved);

  const dayName = (i: number) => {
    const name = t(`reports.weekday.${i + 1}` as MessageKey);
    return name.charAt(0).toUpperCase() + name.slice(1);
  };
  const edit = (change: (w: Week) => Week) => {
    setDone(false);
    setWeek((w) => change(w.map((list) => [...list])));
  };
  const setTime = (day: number, j: number, bound: Bound, value: string) =>
    edit((w) => {
      w[day] = (w[day] ?? []).map((x, k) => (k === j ? { ...x, [bound]: value } : x));
      return w;
    });
  const errorOf = (day: number, j: number, bound: Bound) =>
    local[`${day}.${j}.${bound}`] ?? fieldError(`hours.${flatIndex(week, day, j)}.${bound}`);

  const save = async () => {
    const problems: Record<string, string> = {};
    const normal = week.map((list, day) =>
      list.map((x, j) => {
        const at = (bound: Bound) => {
          const v = normalTime(x[bound]);
          if (v === null) problems[`${day}.${j}.${bound}`] = t('hours.timeInvalid');
          return v ?? x[bound];
        };
        return { open: at('open'), close: at('close') };
      }),
    );
    setLocal(problems);
    setWeek(normal);
    if (Object.keys(problems).length > 0) return;
    const answer = await submit(() =>
      unwrap<{ hours: Hours[] }>(
        api.PATCH('/api/admin/v1/restaurants/{id}/venue', {
          params: { path: { id: String(props.restaurant) } },
          body: { hours: hoursOf(normal) },
        }),
      ),
    );
    if (answer) {
      const stored = weekOf(answer.hours);
      setSaved(stored);
      setWeek(stored);
      setDone(true);
    }
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack>
        {writable && (
          <Group>
            <Button
              variant="default"
              size="xs"
              onClick={() => edit((w) => w.map(() => [...(w[0] ?? [])]))}
            >
              {t('hours.copyMonday')}
            </Button>
          </Group>
        )}
        <Paper withBorder p="md" radius="md" data-testid="opening-hours">
          <Stack gap="sm">
            {week.map((list, day) => (
              <Stack key={DAYS[day]} gap="sm">
                {day > 0 && <Divider />}
                <Group align="flex-start" gap="md" wrap="wrap">
                  <Text fw={600} w={130} pt={6}>
                    {dayName(day)}
                  </Text>
                  <Stack gap="xs" style={{ flex: '1 1 260px' }}>
                    {list.length === 0 && (
                      <Text c="dimmed" pt={6}>
                        {t('hours.closed')}
                      </Text>
                    )}
                    {list.map((x, j) => (
                      <Group key={j} gap="xs" align="flex-start" wrap="wrap">
                        {(['open', 'close'] as const).map((bound) => (
                          <TextInput
                            key={bound}
                            aria-label={t(`hours.${bound}Of`, { day: dayName(day), n: j + 1 })}
                            placeholder={bound === 'open' ? '09:00' : '23:00'}
                            inputMode="numeric"
                            // The box is a time's width; the reason under it may be wider.
                            styles={{ input: { width: 92 } }}
                            value={x[bound]}
                            readOnly={!writable}
                            onChange={(e) => setTime(day, j, bound, e.currentTarget.value)}
                            error={errorOf(day, j, bound)}
                          />
                        ))}
                        {pastMidnight(x) && (
                          <Text size="sm" c="dimmed" pt={6}>
                            {t('hours.nextMorning')}
                          </Text>
                        )}
                        {writable && (
                          <Button
                            variant="subtle"
                            color="red"
                            size="compact-sm"
                            mt={4}
                            aria-label={t('hours.removeOf', { day: dayName(day), n: j + 1 })}
                            onClick={() =>
                              edit((w) => {
                                w[day] = (w[day] ?? []).filter((_, k) => k !== j);
                                return w;
                              })
                            }
                          >
                            {t('hours.remove')}
                          </Button>
                        )}
                      </Group>
                    ))}
                    {writable && list.length < PER_DAY && (
                      <Group>
                        <Button
                          variant="light"
                          size="compact-sm"
                          aria-label={t('hours.addOf', { day: dayName(day) })}
                          onClick={() =>
                            edit((w) => {
                              w[day] = [...(w[day] ?? []), { open: '', close: '' }];
                              return w;
                            })
                          }
                        >
                          {t('hours.add')}
                        </Button>
                      </Group>
                    )}
                  </Stack>
                </Group>
              </Stack>
            ))}
          </Stack>
        </Paper>
        {writable && (
          <SaveBar
            dirty={dirty}
            busy={busy}
            saved={done}
            general={formError(['hours'])}
            onReset={() => {
              reset();
              setLocal({});
              setWeek(saved);
            }}
          />
        )}
      </Stack>
    </form>
  );
}
