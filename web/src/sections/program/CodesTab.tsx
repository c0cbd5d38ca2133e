// Промокоды и коды оплаты: the promo codes the promotions ask for (and how long a code a guest
// entered stays valid), entering one for a guest (support on the phone), and issuing a guest a
// one-time payment code to pay with bonuses without the card.
import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Fieldset,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { GuestPicker } from './GuestPicker.tsx';
import { loadProgram } from './SettingsTab.tsx';
import type { Promotion } from './model.ts';

interface PromoCodes {
  rows: { code: string; promotion_id: string; active: boolean }[];
}

export function CodesTab() {
  const { t } = useI18n();
  const { can } = useAuth();
  const data = useLoad(
    () =>
      Promise.all([
        unwrap<PromoCodes>(api.GET('/api/admin/v1/program/promo-codes')),
        unwrap<{ rows: Promotion[] }>(api.GET('/api/admin/v1/program/promotions')),
        // How long an entered code lives is a program setting (L14).
        loadProgram(),
      ]),
    [],
  );
  if (data.error !== undefined) return <LoadError error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading />;
  const [codes, promotions, program] = data.data;
  const names = new Map(promotions.rows.map((p) => [p.id, p.name]));
  return (
    <Stack>
      <Fieldset legend={t('codes.promo')}>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('codes.promo.help', { minutes: Number(program.settings.promoCodeLifetimeMinutes) })}
          </Text>
          {codes.rows.length === 0 ? (
            <Text c="dimmed">{t('codes.promo.none')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={480}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('codes.code')}</Table.Th>
                    <Table.Th>{t('codes.promotion')}</Table.Th>
                    <Table.Th>{t('promo.state')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {codes.rows.map((c) => (
                    <Table.Tr key={`${c.code}-${c.promotion_id}`} data-testid="promo-code-row">
                      <Table.Td ff="monospace">{c.code}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/program/promotions/${c.promotion_id}`}>
                          {names.get(c.promotion_id) ?? c.promotion_id}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={c.active ? 'teal' : 'gray'}>
                          {t(c.active ? 'promo.active' : 'promo.inactive')}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {can('program.write') && codes.rows.length > 0 && <EnterPromoCode />}
        </Stack>
      </Fieldset>
      {can('program.write') && <IssuePaymentCode />}
    </Stack>
  );
}

function EnterPromoCode() {
  const { t } = useI18n();
  const [guest, setGuest] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { submit, busy, fieldError, formError } = useSubmit();
  const save = async () => {
    if (!guest) return;
    setDone(null);
    const ok = await submit(() =>
      unwrap<{ code: string }>(
        api.POST('/api/admin/v1/program/guests/{id}/promo-codes', {
          params: { path: { id: guest } },
          body: { code },
        }),
      ),
    );
    if (ok) setDone(ok.code);
  };
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack gap="xs">
        <Text fw={500}>{t('codes.enter')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <GuestPicker value={guest} onChange={setGuest} />
          <TextInput
            label={t('codes.code')}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={fieldError('code')}
          />
        </SimpleGrid>
        {formError(['code']) && (
          <Alert color="red" role="alert">
            {formError(['code'])}
          </Alert>
        )}
        {done && (
          <Alert color="teal" role="status">
            {t('codes.entered', { code: done })}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy} disabled={!guest || !code.trim()}>
            {t('codes.enterButton')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function IssuePaymentCode() {
  const { t, lang } = useI18n();
  const { timeZone } = useAuth();
  const [guest, setGuest] = useState<string | null>(null);
  const [minutes, setMinutes] = useState<number>(24 * 60);
  const [issued, setIssued] = useState<{ code: string; expires_at: string } | null>(null);
  const { submit, busy, fieldError, formError } = useSubmit();
  const save = async () => {
    if (!guest) return;
    setIssued(null);
    const ok = await submit(() =>
      unwrap<{ code: string; expires_at: string }>(
        api.POST('/api/admin/v1/program/guests/{id}/payment-code', {
          params: { path: { id: guest } },
          body: { ttl_minutes: minutes },
        }),
      ),
    );
    if (ok) setIssued(ok);
  };
  return (
    <Fieldset legend={t('codes.payment')}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {t('codes.payment.help')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <GuestPicker value={guest} onChange={setGuest} />
            <NumberInput
              label={t('codes.ttl')}
              value={minutes}
              min={1}
              max={43200}
              allowDecimal={false}
              onChange={(v) => setMinutes(Number(v || 0))}
              error={fieldError('ttl_minutes')}
            />
          </SimpleGrid>
          {formError(['ttl_minutes']) && (
            <Alert color="red" role="alert">
              {formError(['ttl_minutes'])}
            </Alert>
          )}
          {issued && (
            <Alert color="teal" role="status" title={t('codes.issued')}>
              <Text ff="monospace" fz={32} fw={700} data-testid="payment-code">
                {issued.code}
              </Text>
              <Text size="sm">
                {t('codes.expires', { at: dateTime(issued.expires_at, timeZone, lang) })}
              </Text>
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={busy} disabled={!guest}>
              {t('codes.issue')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Fieldset>
  );
}
