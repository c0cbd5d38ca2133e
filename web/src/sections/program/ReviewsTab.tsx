// Отзывы: what guests wrote on their page, with the rating, newest first, a page at a time;
// the guest's name links to their card in Гости.
import { Anchor, Button, Rating, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { LoadError } from '../../ui/status.tsx';
import { usePaged } from '../../ui/usePaged.ts';

interface Review {
  id: number;
  guest_id: number;
  first_name: string | null;
  phone: string | null;
  rating: number;
  text: string;
  created_at: string;
}

export function ReviewsTab() {
  const { t, lang } = useI18n();
  const { timeZone } = useAuth();
  const reviews = usePaged<Review>(
    (cursor) =>
      unwrap(
        api.GET('/api/admin/v1/reviews', {
          params: { query: { limit: '50', ...(cursor ? { cursor } : {}) } },
        }),
      ),
    [],
  );
  return (
    <Stack>
      {reviews.error ? <LoadError error={reviews.error} /> : null}
      {!reviews.loading && reviews.rows.length === 0 && !reviews.error && (
        <Text c="dimmed">{t('reviews.none')}</Text>
      )}
      {reviews.rows.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reviews.at')}</Table.Th>
                <Table.Th>{t('reviews.guest')}</Table.Th>
                <Table.Th>{t('reviews.rating')}</Table.Th>
                <Table.Th>{t('reviews.text')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {reviews.rows.map((r) => (
                <Table.Tr key={r.id} data-testid="review-row">
                  <Table.Td>{dateTime(r.created_at, timeZone, lang)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/guests/${r.guest_id}`}>
                      {r.first_name ?? t('guests.noName', { id: r.guest_id })}
                    </Anchor>
                    {r.phone && (
                      <Text size="xs" c="dimmed">
                        {r.phone}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Rating
                      value={r.rating}
                      readOnly
                      aria-label={t('reviews.ratingOf', { n: r.rating })}
                    />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{r.text}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {reviews.more && (
        <Button variant="default" loading={reviews.loading} onClick={() => void reviews.more?.()}>
          {t('list.more')}
        </Button>
      )}
    </Stack>
  );
}
