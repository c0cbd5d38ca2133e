// «Ответы получателя»: every attempt of one delivery — when, how long it took, the receiver's
// HTTP status (or that there was no answer), the start of its answer and the error.
import { Badge, Code, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { eventLabel, type Attempt, type Delivery } from './types.ts';

const ok = (status: number | null) => status !== null && status >= 200 && status < 300;

export function AttemptsDialog(props: { delivery: Delivery; url: string; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { timeZone } = useAuth();
  const attempts = useLoad(
    () =>
      unwrap<{ rows: Attempt[] }>(
        api.GET('/api/admin/v1/webhook-deliveries/{id}/attempts', {
          params: { path: { id: String(props.delivery.id) } },
        }),
      ).then((x) => x.rows),
    [props.delivery.id],
  );
  return (
    <Modal
      opened
      onClose={props.onClose}
      size="lg"
      title={t('hooks.attemptsOf', {
        event: eventLabel(t, props.delivery.event_type),
        url: props.url,
      })}
    >
      {attempts.error !== undefined && <LoadError error={attempts.error} retry={attempts.reload} />}
      {!attempts.data && attempts.loading && <Loading />}
      <Stack data-testid="attempts">
        {/* A retry of a dead delivery numbers its attempts from 1 again: keyed by place. */}
        {attempts.data?.map((a, i) => (
          <Paper key={i} withBorder p="sm" data-testid="attempt">
            <Group justify="space-between" align="flex-start" gap="xs">
              <Text size="sm" fw={600}>
                {t('hooks.attempt', {
                  n: a.attempt,
                  at: dateTime(a.at, timeZone, lang),
                  ms: a.duration_ms,
                })}
              </Text>
              <Badge color={ok(a.status) ? 'teal' : 'red'}>
                {a.status === null ? t('hooks.noAnswer') : `HTTP ${a.status}`}
              </Badge>
            </Group>
            {/* A refusal's error is its status again ("HTTP 500"): said once, on the badge. */}
            {a.error && a.error !== `HTTP ${a.status}` && (
              <Text size="sm" c="red" mt={4} style={{ wordBreak: 'break-word' }}>
                {a.error}
              </Text>
            )}
            {a.response && (
              <Code block mt="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                {a.response}
              </Code>
            )}
          </Paper>
        ))}
      </Stack>
    </Modal>
  );
}
