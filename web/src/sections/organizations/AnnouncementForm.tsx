// The installation operator's letter to every organization: news or a planned-maintenance
// notice, a subject and a text (blank lines are paragraphs), optionally an English version and
// the operator's own HTML. Sent after a confirmation; a refusal stands under its field with
// everything typed kept. The same letter again sends nothing, and the answer says so.
import { useState } from 'react';
import {
  Accordion,
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  Radio,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { api } from '../../api/client.ts';
import type { Answer } from '../../api/answers.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { useSubmit } from '../../ui/useSubmit.ts';

type Sent = Answer<'sendAnnouncement', 201>;
type Kind = Sent['type'];

const FIELDS = ['type', 'subject', 'text', 'html', 'en'];

export function AnnouncementForm(props: { onSent: () => void }) {
  const { t, lang } = useI18n();
  const { timeZone } = useAuth();
  const [type, setType] = useState<Kind>('news');
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const [html, setHtml] = useState('');
  const [english, setEnglish] = useState(false);
  const [subjectEn, setSubjectEn] = useState('');
  const [textEn, setTextEn] = useState('');
  const [htmlEn, setHtmlEn] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<Sent | null>(null);
  const { submit, busy, fieldError, formError } = useSubmit();

  const send = () =>
    submit(() =>
      unwrap<Sent>(
        api.POST('/api/admin/v1/installation/announcements', {
          body: {
            type,
            subject,
            text,
            html: html.trim() || null,
            en: english ? { subject: subjectEn, text: textEn, html: htmlEn.trim() || null } : null,
          },
        }),
      ),
    );
  const typeName = t(`news.type.${type}`);

  return (
    <Paper withBorder p="md" radius="md">
      <form
        noValidate
        aria-label={t('news.form')}
        onSubmit={(e) => {
          e.preventDefault();
          setOutcome(null);
          setConfirming(true);
        }}
      >
        <Stack>
          <Radio.Group
            label={t('news.type')}
            value={type}
            onChange={(v) => setType(v as Kind)}
            error={fieldError('type')}
          >
            <Group mt={6}>
              <Radio value="news" label={t('news.type.news')} />
              <Radio value="maintenance" label={t('news.type.maintenance')} />
            </Group>
          </Radio.Group>
          <TextInput
            label={t('news.subject')}
            required
            maxLength={200}
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
            error={fieldError('subject')}
          />
          <Textarea
            label={t('news.text')}
            description={t('news.textHelp')}
            required
            autosize
            minRows={5}
            maxRows={16}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={fieldError('text')}
          />
          <Checkbox
            label={t('news.english')}
            checked={english}
            onChange={(e) => setEnglish(e.currentTarget.checked)}
          />
          {english && (
            <>
              <TextInput
                label={t('news.subjectEn')}
                required
                maxLength={200}
                value={subjectEn}
                onChange={(e) => setSubjectEn(e.currentTarget.value)}
                error={fieldError('en.subject')}
              />
              <Textarea
                label={t('news.textEn')}
                required
                autosize
                minRows={4}
                maxRows={16}
                value={textEn}
                onChange={(e) => setTextEn(e.currentTarget.value)}
                error={fieldError('en.text')}
              />
            </>
          )}
          <Accordion variant="contained" chevronPosition="left">
            <Accordion.Item value="html">
              <Accordion.Control>{t('news.html')}</Accordion.Control>
              <Accordion.Panel>
                <Stack>
                  <Textarea
                    label={t('news.htmlRu')}
                    description={t('news.htmlHelp')}
                    autosize
                    minRows={3}
                    maxRows={12}
                    styles={{ input: { fontFamily: 'monospace' } }}
                    value={html}
                    onChange={(e) => setHtml(e.currentTarget.value)}
                    error={fieldError('html')}
                  />
                  {english && (
                    <Textarea
                      label={t('news.htmlEn')}
                      autosize
                      minRows={3}
                      maxRows={12}
                      styles={{ input: { fontFamily: 'monospace' } }}
                      value={htmlEn}
                      onChange={(e) => setHtmlEn(e.currentTarget.value)}
                      error={fieldError('en.html')}
                    />
                  )}
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          </Accordion>
          {formError(FIELDS) && (
            <Alert color="red" role="alert">
              {t('form.failed', { message: formError(FIELDS) ?? '' })}
            </Alert>
          )}
          {outcome && (
            <Alert
              color={outcome.created ? 'teal' : 'yellow'}
              role="status"
              data-testid="announcement-outcome"
            >
              {outcome.created
                ? t('news.sent', {
                    organizations: outcome.organizations,
                    letters: outcome.letters,
                  })
                : t('news.repeat', { at: dateTime(outcome.created_at, timeZone, lang) })}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              {t('news.send')}
            </Button>
          </Group>
        </Stack>
      </form>
      {confirming && (
        <ConfirmDialog
          title={t('news.confirmTitle')}
          warning={t('news.confirm', { subject: subject || '—', type: typeName })}
          action={t('news.send')}
          // A refusal is shown at the form's fields: the dialog closes either way.
          run={send}
          onClose={() => setConfirming(false)}
          onDone={(sent) => {
            setConfirming(false);
            if (!sent) return;
            setOutcome(sent);
            if (sent.created) props.onSent();
          }}
        />
      )}
    </Paper>
  );
}
