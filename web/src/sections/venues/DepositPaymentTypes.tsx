// Which iiko payment type pays a Kopilka deposit, for each deposit scheme × fiscalization mode.
// The server holds the rule (a credit deposit is paid with a non-fiscal type; a debit deposit
// fiscalized in advance with a fiscal type whose method is «Предоплата»; a mixed deposit cannot
// be fiscalized in advance at all) and checks each choice; the cabinet says it in words and
// shows why a choice is refused, on the row it concerns.
import { useEffect, useState } from 'react';
import { Badge, Button, Checkbox, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { api } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { useSubmit } from '../../ui/useSubmit.ts';

// An allowed combination with nothing chosen yet has no check (null).
type Combination =
  paths['/api/admin/v1/iiko/deposit-payment-types']['get']['responses'][200]['content']['application/json']['rows'][number];

export interface PaymentType {
  ident: string;
  name: string;
  status: string | null;
  attributes: { fiscal?: boolean | null };
}

export const loadPaymentTypes = () =>
  unwrap<{ rows: PaymentType[] }>(
    api.GET('/api/admin/v1/iiko/dictionaries/{refName}', {
      params: { path: { refName: 'payment_types' } },
    }),
  ).then((a) => a.rows);

export function DepositPaymentTypes({ version }: { version: number }) {
  const { t } = useI18n();
  const data = useLoad(
    () =>
      Promise.all([
        unwrap<{ rows: Combination[] }>(api.GET('/api/admin/v1/iiko/deposit-payment-types')).then(
          (a) => a.rows,
        ),
        loadPaymentTypes(),
      ]),
    [version],
  );
  if (data.error !== undefined) return <LoadError error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading />;
  const [rows, types] = data.data;
  return (
    <Paper withBorder p="md" radius="md" data-testid="deposit-payment-types">
      <Stack>
        <Title order={2} size="h4">
          {t('venues.depositTypes')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('venues.depositTypesHint')}
        </Text>
        {types.length === 0 && (
          <Text size="sm" c="orange">
            {t('venues.depositTypesImport')}
          </Text>
        )}
        <Table.ScrollContainer minWidth={900}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('venues.scheme')}</Table.Th>
                <Table.Th>{t('venues.fiscalMode')}</Table.Th>
                <Table.Th>{t('venues.requirement')}</Table.Th>
                <Table.Th>{t('venues.paymentType')}</Table.Th>
                <Table.Th>{t('venues.verdict')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <CombinationRow
                  key={`${r.scheme}:${r.fiscal_mode}`}
                  row={r}
                  types={types}
                  onSaved={data.reload}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Paper>
  );
}

function requirementText(r: Combination): MessageKey {
  if (!r.allowed || !r.requirement) return 'venues.req.forbidden';
  if (!r.requirement.fiscal) return 'venues.req.nonFiscal';
  return 'paymentMethod' in r.requirement
    ? 'venues.req.prepayment'
    : 'venues.req.fiscal';
}

function CombinationRow(props: { row: Combination; types: PaymentType[]; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const r = props.row;
  const [choice, setChoice] = useState({
    id: r.payment_type_id,
    fiscal: r.confirmed_fiscal,
    prepayment: r.confirmed_payment_method === 'prepayment',
  });
  useEffect(
    () =>
      setChoice({
        id: r.payment_type_id,
        fiscal: r.confirmed_fiscal,
        prepayment: r.confirmed_payment_method === 'prepayment',
      }),
    [r],
  );
  const { submit, busy, formError } = useSubmit();
  const chosen = props.types.find((p) => p.ident === choice.id);
  // iiko Server does not always say whether a type is fiscal, and never says its method:
  // then the person confirms what iikoOffice shows.
  const fiscalUnknown = chosen !== undefined && (chosen.attributes.fiscal ?? null) === null;
  const needsMethod = r.requirement !== null && 'paymentMethod' in r.requirement;
  const changed =
    choice.id !== r.payment_type_id ||
    choice.fiscal !== r.confirmed_fiscal ||
    choice.prepayment !== (r.confirmed_payment_method === 'prepayment');
  const editable = can('integration.write') && r.allowed;
  const label = `${t(`venues.scheme.${r.scheme}`)} × ${t(`venues.fiscal.${r.fiscal_mode}`)}`;
  const save = () =>
    submit(() =>
      unwrap(
        api.PUT('/api/admin/v1/iiko/deposit-payment-types', {
          body: {
            scheme: r.scheme,
            fiscal_mode: r.fiscal_mode,
            payment_type_id: choice.id ?? '',
            confirmed_fiscal: fiscalUnknown ? choice.fiscal : null,
            confirmed_payment_method: needsMethod
              ? choice.prepayment
                ? 'prepayment'
                : 'other'
              : null,
          },
        }),
      ),
    ).then((ok) => ok !== undefined && props.onSaved());
  const typeName = (p: PaymentType) => {
    const fiscal = p.attributes.fiscal;
    const note =
      fiscal === true
        ? t('venues.pt.fiscal')
        : fiscal === false
          ? t('venues.pt.nonFiscal')
          : t('venues.pt.unknown');
    return `${p.name} — ${note}${p.status === 'deleted' ? `, ${t('venues.pt.deleted')}` : ''}`;
  };
  const refused = formError([]);
  return (
    <Table.Tr data-testid="combination">
      <Table.Td>{t(`venues.scheme.${r.scheme}`)}</Table.Td>
      <Table.Td>{t(`venues.fiscal.${r.fiscal_mode}`)}</Table.Td>
      <Table.Td maw={220}>
        <Text size="sm">{t(requirementText(r))}</Text>
      </Table.Td>
      {r.allowed ? (
        <>
          <Table.Td miw={280}>
            <Stack gap={4}>
              <Select
                aria-label={t('venues.paymentTypeOf', { combination: label })}
                placeholder={t('venues.paymentTypeChoose')}
                data={props.types.map((p) => ({ value: p.ident, label: typeName(p) }))}
                value={choice.id}
                onChange={(v) => setChoice((c) => ({ ...c, id: v }))}
                readOnly={!editable}
                allowDeselect={false}
                error={refused}
              />
              {editable && fiscalUnknown && (
                <Checkbox
                  label={t('venues.confirmFiscal')}
                  checked={choice.fiscal === true}
                  onChange={(e) => {
                    const v = e.currentTarget.checked;
                    setChoice((c) => ({ ...c, fiscal: v }));
                  }}
                />
              )}
              {editable && needsMethod && (
                <Checkbox
                  label={t('venues.confirmPrepayment')}
                  checked={choice.prepayment}
                  onChange={(e) => {
                    const v = e.currentTarget.checked;
                    setChoice((c) => ({ ...c, prepayment: v }));
                  }}
                />
              )}
              {editable && changed && choice.id && (
                <Button size="xs" loading={busy} onClick={() => void save()} w="fit-content">
                  {t('form.save')}
                </Button>
              )}
            </Stack>
          </Table.Td>
          <Table.Td miw={120}>
            {r.check?.ok === true && (
              <Badge color="teal" variant="light">
                {t('venues.fits')}
              </Badge>
            )}
            {r.check?.ok === false && (
              <Text size="sm" c="red" data-testid="verdict">
                {r.check.message[lang]}
              </Text>
            )}
          </Table.Td>
        </>
      ) : (
        // No choice to make: the rule that forbids the combination, across both columns.
        <Table.Td colSpan={2}>
          <Text size="sm" c="dimmed" data-testid="verdict">
            {r.check?.ok === false ? r.check.message[lang] : ''}
          </Text>
        </Table.Td>
      )}
    </Table.Tr>
  );
}
