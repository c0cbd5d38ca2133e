// Per-restaurant overrides: a restaurant may set its own value of any program setting; the
// rest follow the organization. «Своё значение» marks what the restaurant overrides.
import { useEffect, useState } from 'react';
import { Alert, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { api } from '../../api/client.ts';
import { ApiFailure, problemFor, unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { rowsOf } from '../../ui/lists.ts';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { FieldControl } from './FieldControl.tsx';
import { ALL_FIELDS, getPath, setPath } from './fields.ts';
import { loadProgram } from './SettingsTab.tsx';

export interface Restaurant {
  id: number;
  name: string;
  code: string;
  time_zone: string;
}

export function loadRestaurants() {
  return unwrap(api.GET('/api/admin/v1/restaurants')).then((x) => rowsOf<Restaurant>(x));
}

const FIELDS = ALL_FIELDS.filter((f) => f.overridable);
/** Override paths are relative to the settings object. */
const rel = (path: string) => path.replace(/^settings\./, '');

export function OverridesTab() {
  const { t } = useI18n();
  const { can } = useAuth();
  const data = useLoad(() => Promise.all([loadProgram(), loadRestaurants()]), []);
  const [restaurant, setRestaurant] = useState<string | null>(null);
  const [override, setOverride] = useState<Record<string, unknown>>({});
  const [failure, setFailure] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const [program, restaurants] = data.data ?? [];
  useEffect(() => {
    if (!restaurant && restaurants?.[0]) setRestaurant(String(restaurants[0].id));
  }, [restaurants, restaurant]);
  useEffect(() => {
    const found = program?.restaurant_overrides.find((o) => String(o.restaurant_id) === restaurant);
    setOverride(found?.settings ?? {});
    setFailure(undefined);
  }, [program, restaurant]);

  if (data.error !== undefined) return <LoadError error={data.error} retry={data.reload} />;
  if (!program || !restaurants) return <Loading />;
  const editable = can('program.write');

  const run = async (call: Promise<unknown>) => {
    setFailure(undefined);
    setSaved(false);
    try {
      await unwrap(call as never);
      setSaved(true);
      data.reload();
    } catch (e) {
      setFailure(e);
    }
  };
  const id = Number(restaurant);

  return (
    <Stack>
      <Select
        label={t('program.overrides.restaurant')}
        data={restaurants.map((r) => ({ value: String(r.id), label: `${r.name} (${r.code})` }))}
        value={restaurant}
        onChange={setRestaurant}
        allowDeselect={false}
        maw={480}
      />
      <Text size="sm" c="dimmed">
        {t('program.overrides.help')}
      </Text>
      <Paper withBorder p="md" radius="md">
        <Stack gap="md">
          {FIELDS.map((f) => {
            const own = getPath(override, rel(f.path)) !== undefined;
            return (
              <FieldControl
                key={f.path}
                field={f}
                value={own ? getPath(override, rel(f.path)) : getPath(program, f.path)}
                disabled={!editable}
                error={problemFor(failure, f.path.split('.').at(-1) ?? f.path)}
                inherit={{
                  own,
                  toggle: (on) =>
                    setOverride((o) =>
                      setPath(o, rel(f.path), on ? getPath(program, f.path) : undefined),
                    ),
                }}
                onChange={(v) => setOverride((o) => setPath(o, rel(f.path), v))}
              />
            );
          })}
        </Stack>
      </Paper>
      {editable && restaurant && (
        <Paper withBorder p="sm" radius="md" className="sticky-actions">
          <Group justify="flex-end">
            {failure instanceof ApiFailure && (
              <Alert color="red" p="xs" role="alert" style={{ flex: 1 }}>
                {t('form.failed', { message: failure.message })}
              </Alert>
            )}
            {saved && (
              <Alert color="green" p="xs" role="status">
                {t('form.saved')}
              </Alert>
            )}
            <Button
              variant="default"
              onClick={() =>
                run(
                  api.DELETE('/api/admin/v1/program/restaurants/{id}', {
                    params: { path: { id } },
                  } as never),
                )
              }
            >
              {t('program.overrides.drop')}
            </Button>
            <Button
              onClick={() =>
                run(
                  api.PUT('/api/admin/v1/program/restaurants/{id}', {
                    params: { path: { id } },
                    body: override,
                  } as never),
                )
              }
            >
              {t('form.save')}
            </Button>
          </Group>
        </Paper>
      )}
    </Stack>
  );
}
