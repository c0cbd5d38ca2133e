// A restaurant's FarCards address for r_keeper 7: issue it, or rotate it (the old address stops
// at once), and take ExtDllHttp.ini — the file the FarCards HTTP extension of the cash server
// reads. The file carries the restaurant's secret and is given only when the address is made.
// Under it, once the address exists, the address's soft-offline limits.
import { useState } from 'react';
import {
  Alert,
  Button,
  Code,
  Divider,
  Group,
  Modal,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { api } from '../../api/client.ts';
import { ApiFailure, unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { saveFile } from '../../ui/saveFile.ts';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { OfflineLimitsPanel, type OfflineLimits } from './OfflineLimitsPanel.tsx';

interface Endpoint {
  key_hint: string;
  created_at: string;
  rotated_at: string;
  offline_limits: OfflineLimits;
}

export const INI_NAME = 'ExtDllHttp.ini';

export function FarCardsPanel({ restaurant }: { restaurant: string }) {
  const { t, lang } = useI18n();
  const { can, timeZone } = useAuth();
  const endpoint = useLoad(
    () =>
      unwrap<Endpoint>(
        api.GET('/api/admin/v1/rkeeper/restaurants/{id}/farcards', {
          params: { path: { id: restaurant } },
        }),
      ).catch((e: unknown) => {
        // No address yet is a state of the restaurant, not a failure.
        if (e instanceof ApiFailure && e.code === 'farcards_not_configured') return null;
        throw e;
      }),
    [restaurant],
  );
  const [ini, setIni] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);
  const { submit, busy, formError } = useSubmit();
  const issue = async (rotate: boolean) => {
    setConfirm(false);
    const answer = await submit(() =>
      unwrap<{ ini: string }>(
        api.POST('/api/admin/v1/rkeeper/restaurants/{id}/farcards', {
          params: { path: { id: restaurant }, query: rotate ? { rotate: '1' } : {} },
        }),
      ),
    );
    if (answer) {
      setIni(answer.ini);
      endpoint.reload();
    }
  };
  const refused = formError([]);
  const writable = can('integration.write');

  return (
    <Paper withBorder p="md" radius="md" data-testid="farcards">
      <Stack>
        <Title order={2} size="h4">
          {t('venues.farcards')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('venues.farcardsHint')}
        </Text>
        {endpoint.error !== undefined && (
          <LoadError error={endpoint.error} retry={endpoint.reload} />
        )}
        {endpoint.loading && endpoint.data === undefined && <Loading />}
        {endpoint.data === null && <Text>{t('venues.farcardsNone')}</Text>}
        {endpoint.data && (
          <Text>
            {t('venues.farcardsIssued', {
              hint: endpoint.data.key_hint,
              at: dateTime(endpoint.data.rotated_at, timeZone, lang),
            })}
          </Text>
        )}
        {refused && (
          <Alert color="red" role="alert">
            {refused}
          </Alert>
        )}
        {writable && endpoint.data !== undefined && (
          <Group>
            {endpoint.data === null ? (
              <Button loading={busy} onClick={() => void issue(false)}>
                {t('venues.farcardsIssue')}
              </Button>
            ) : (
              <Button variant="default" loading={busy} onClick={() => setConfirm(true)}>
                {t('venues.farcardsRotate')}
              </Button>
            )}
          </Group>
        )}
        {ini && (
          <Stack gap="xs">
            <Alert color="yellow" title={t('venues.iniOnceTitle')}>
              {t('venues.iniOnce')}
            </Alert>
            <Group>
              <Button
                onClick={() =>
                  saveFile(new Blob([ini], { type: 'text/plain;charset=utf-8' }), INI_NAME)
                }
              >
                {t('venues.iniDownload', { name: INI_NAME })}
              </Button>
            </Group>
            <Code
              block
              data-testid="ini"
              style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
            >
              {ini}
            </Code>
          </Stack>
        )}
        {endpoint.data && (
          <>
            <Divider />
            <OfflineLimitsPanel restaurant={restaurant} limits={endpoint.data.offline_limits} />
          </>
        )}
      </Stack>
      <Modal opened={confirm} onClose={() => setConfirm(false)} title={t('venues.farcardsRotate')}>
        <Stack>
          <Text>{t('venues.farcardsRotateWarning')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(false)}>
              {t('form.cancel')}
            </Button>
            <Button color="red" onClick={() => void issue(true)}>
              {t('venues.farcardsRotate')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
