// The organization's program settings and receipt footer: every setting with its explanation,
// one Save at the bottom right (sticky, as restaurant staff expect it), the server's complaints
// under the fields they concern, and the settings' change history below.
import { useEffect, useState } from 'react';
import { Paper, Stack, Text, Title } from '@mantine/core';
import { api } from '../../api/client.ts';
import { ApiFailure, problemFor, unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { ChangeHistory } from '../../ui/ChangeHistory.tsx';
import { SaveBar } from '../../ui/SaveBar.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { FieldControl } from './FieldControl.tsx';
import { ALL_FIELDS, getPath, GROUPS, setPath } from './fields.ts';

export interface ProgramAnswer {
  settings: Record<string, unknown>;
  footer: Record<string, unknown>;
  version: number;
  restaurant_overrides: { restaurant_id: number; settings: Record<string, unknown> }[];
}

/** The organization's card rules: kept apart from the program, shown among its main rules. */
interface OrganizationRules {
  single_active_card: boolean;
}

type Draft = ProgramAnswer & { organization: OrganizationRules };

export function loadProgram() {
  return unwrap<ProgramAnswer>(api.GET('/api/admin/v1/program'));
}

async function loadDraft(): Promise<Draft> {
  const [program, org] = await Promise.all([
    loadProgram(),
    unwrap<{ settings: OrganizationRules }>(api.GET('/api/admin/v1/organization')),
  ]);
  return { ...program, organization: { single_active_card: org.settings.single_active_card } };
}

/** "settings.accrual.pendingDays" → its name on screen, for the change history. */
export function useFieldLabel() {
  const { t } = useI18n();
  return (path: string) => {
    const f = ALL_FIELDS.find((x) => path === x.path || path.endsWith(`.${x.path}`));
    return f ? t(f.label) : undefined;
  };
}

export function SettingsTab() {
  const { t } = useI18n();
  const { can } = useAuth();
  const program = useLoad(loadDraft, []);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [failure, setFailure] = useState<unknown>();
  const [saved, setSaved] = useState(0);
  const [busy, setBusy] = useState(false);
  const label = useFieldLabel();
  useEffect(() => {
    if (program.data) setDraft(program.data);
  }, [program.data]);

  if (program.error !== undefined)
    return <LoadError error={program.error} retry={program.reload} />;
  if (!draft) return <Loading />;
  const editable = can('program.write') || can('org.write');
  const dirty = JSON.stringify(draft) !== JSON.stringify(program.data);
  const mayChange = (f: (typeof ALL_FIELDS)[number]) => can(f.permission ?? 'program.write');

  const save = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const before = program.data;
      let organization = draft.organization;
      if (
        can('org.write') &&
        JSON.stringify(organization) !== JSON.stringify(before?.organization)
      ) {
        const saved = await unwrap<OrganizationRules>(
          api.PATCH('/api/admin/v1/organization/settings', { body: organization } as never),
        );
        organization = { single_active_card: saved.single_active_card };
      }
      let answer: ProgramAnswer = draft;
      const programPart = (d: Draft | undefined) => JSON.stringify([d?.settings, d?.footer]);
      if (can('program.write') && programPart(draft) !== programPart(before)) {
        answer = await unwrap<ProgramAnswer>(
          api.PUT('/api/admin/v1/program', {
            body: { settings: draft.settings, footer: draft.footer } as never,
          }),
        );
      }
      setDraft({ ...answer, organization });
      program.reload();
      setSaved((n) => n + 1);
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      {GROUPS.map((g) => (
        <Paper key={g.title} withBorder p="md" radius="md">
          <Stack gap="md">
            <Title order={2} size="h4">
              {t(g.title)}
            </Title>
            {g.help && (
              <Text size="sm" c="dimmed">
                {t(g.help)}
              </Text>
            )}
            {g.fields.map((f) => (
              <FieldControl
                key={f.path}
                field={f}
                value={getPath(draft, f.path)}
                disabled={!mayChange(f)}
                error={problemFor(failure, f.path.split('.').at(-1) ?? f.path)}
                onChange={(v) => {
                  setSaved(0);
                  setDraft((d) => d && setPath(d, f.path, v));
                }}
              />
            ))}
          </Stack>
        </Paper>
      ))}
      {editable && (
        <SaveBar
          dirty={dirty}
          busy={busy}
          saved={saved > 0}
          general={failure instanceof ApiFailure ? failure.message : undefined}
          onReset={() => program.data && setDraft(program.data)}
          onSave={() => void save()}
        />
      )}
      <ChangeHistory key={saved} entity="loyalty_program" label={label} />
    </Stack>
  );
}
