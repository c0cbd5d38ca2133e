// The cabinet's entry: Mantine with the Russian date locale, the language switch, the session.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { MantineProvider, createTheme } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import '@mantine/core/styles.css';
import './app/app.css';
import { I18nProvider, useI18n } from './i18n/index.tsx';
import { AuthProvider } from './app/auth.tsx';
import { App } from './app/App.tsx';

const theme = createTheme({ primaryColor: 'teal', defaultRadius: 'sm' });

function Localized({ children }: { children: React.ReactNode }) {
  const { lang } = useI18n();
  dayjs.locale(lang);
  return <DatesProvider settings={{ locale: lang, firstDayOfWeek: 1 }}>{children}</DatesProvider>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <I18nProvider>
        <Localized>
          <BrowserRouter>
            <AuthProvider>
              <App />
            </AuthProvider>
          </BrowserRouter>
        </Localized>
      </I18nProvider>
    </MantineProvider>
  </StrictMode>,
);
