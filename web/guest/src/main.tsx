// The guest pages: /join/<token> (a registration link) and /me (the guest's page).
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { I18nContext, saveLang, storedLang, translator, type Lang } from './i18n/index.ts';
import { JoinPage } from './JoinPage.tsx';
import { MePage } from './MePage.tsx';
import './guest.css';

function App() {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const setLang = (l: Lang) => {
    saveLang(l);
    document.documentElement.lang = l;
    setLangState(l);
  };
  const join = /^\/join\/([A-Za-z0-9_-]+)/.exec(location.pathname);
  return (
    <I18nContext.Provider value={{ lang, t: translator(lang), setLang }}>
      {join ? <JoinPage token={join[1] as string} mode="join" /> : <MePage />}
    </I18nContext.Provider>
  );
}

render(<App />, document.getElementById('root') as HTMLElement);
