// Плановые задания: the installation's scheduled jobs — what each does and how often, its
// last run (running, succeeded, failed with the error's kind, never run) and its next run, in
// the organization's time zone. Read-only: the jobs are the installation's, not the
// organization's, so no organization role starts one (docs/events.md).
import { Badge, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import type { Job } from './types.ts';

export function JobsTab() {
  const { t, lang } = useI18n();
  const { timeZone } = useAuth();
  const phone = useMediaQuery('(max-width: 40em)');
  const jobs = useLoad(
    () => unwrap<{ rows: Job[] }>(api.GET('/api/admin/v1/scheduled-jobs')).then((x) => x.rows),
    [],
  );
  const when = (iso: string | null) => dateTime(iso, timeZone, lang);
  const next = (job: Job) => (job.next_run_at ? when(job.next_run_at) : t('jobs.notScheduled'));
  if (jobs.error !== undefined) return <LoadError error={jobs.error} retry={jobs.reload} />;
  if (!jobs.data) return <Loading />;
  return (
    <Stack>
      <Text c="dimmed" size="sm" maw={760}>
        {t('jobs.help')} {t('jobs.zone', { zone: timeZone })}
      </Text>
      <Table.ScrollContainer minWidth={phone ? 0 : 860}>
        <Table striped data-testid="jobs" verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('jobs.job')}</Table.Th>
              <Table.Th>{t('jobs.lastRun')}</Table.Th>
              {!phone && <Table.Th>{t('jobs.nextRun')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {jobs.data.map((job) => (
              <Table.Tr key={job.name} data-testid="job" style={{ verticalAlign: 'top' }}>
                <Table.Td maw={phone ? undefined : 420}>
                  <Text size="sm" fw={500}>
                    {job.description[lang]}
                  </Text>
                  <Text size="xs" c="dimmed">
                    <Text span ff="monospace" size="xs">
                      {job.name}
                    </Text>
                    {' · '}
                    {job.schedule[lang]}
                  </Text>
                  {phone && (
                    <Text size="xs" mt={4}>
                      {t('jobs.nextAt', { at: next(job) })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <LastRun job={job} when={when} />
                </Table.Td>
                {!phone && (
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm">{next(job)}</Text>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function LastRun({ job, when }: { job: Job; when: (iso: string | null) => string }) {
  const { t } = useI18n();
  if (!job.last_started_at) {
    return <Badge color="gray">{t('jobs.never')}</Badge>;
  }
  const [color, label] = job.running
    ? ['blue', t('jobs.running')]
    : job.last_error
      ? ['red', t('jobs.failed')]
      : ['teal', t('jobs.ok')];
  return (
    <Stack gap={2} align="flex-start">
      <Badge color={color}>{label}</Badge>
      <Text size="xs" c="dimmed">
        {t('jobs.started', { at: when(job.last_started_at) })}
        {job.last_finished_at && !job.running
          ? `, ${t('jobs.finished', { at: when(job.last_finished_at) })}`
          : ''}
      </Text>
      {job.last_error && (
        <Text size="xs" c="red" style={{ wordBreak: 'break-word' }}>
          {t('jobs.error', { error: job.last_error })}{' '}
          {job.last_success_at ? t('jobs.lastSuccess', { at: when(job.last_success_at) }) : ''}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {t('jobs.counts', { runs: job.runs, failures: job.failures })}
      </Text>
    </Stack>
  );
}
