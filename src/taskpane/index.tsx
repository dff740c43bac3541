/**
 * Entry point. Inside Office (office.js loaded, Office.onReady) the pane works on the open workbook;
 * in a plain browser it is the standalone page: open an .xlsx file, same flow, download the result.
 */
import { FluentProvider, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { langFromLocale, type Lang } from '../core/message';
import { App } from './App';
import type { PlanHost } from '../core/host';
import { HostError } from '../core/host';

function Standalone({ initialLang }: { initialLang: Lang }) {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [host, setHost] = useState<PlanHost | null>(null);
  const [fileName, setFileName] = useState<string>();
  const [openError, setOpenError] = useState<{ zh: string; en: string } | null>(null);
  const open = async (file: File) => {
    setOpenError(null);
    try {
      const { openFileHost } = await import(/* webpackChunkName: "xlsx" */ '../xlsx/browser/fileHost');
      const h = await openFileHost(file);
      setFileName(file.name);
      setHost(h);
    } catch (e) {
      setOpenError(e instanceof HostError ? { zh: e.zh, en: e.en } : { zh: String(e), en: String(e) });
    }
  };
  return (
    <FluentProvider theme={webLightTheme} lang={lang === 'en' ? 'en-US' : 'zh-CN'}>
      <App key={fileName} host={host} lang={lang} onLang={setLang} onOpenFile={open} fileName={fileName} openError={openError} />
    </FluentProvider>
  );
}

async function inOffice(): Promise<boolean> {
  if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') return false;
  const info = await Promise.race([Office.onReady(), new Promise<null>((r) => setTimeout(() => r(null), 3000))]);
  return !!info && info.host === Office.HostType.Excel;
}

async function main() {
  const container = document.getElementById('root')!;
  const root = createRoot(container);
  if (await inOffice()) {
    const { excelHost } = await import('../excel/host');
    const lang = langFromLocale(Office.context.displayLanguage);
    const dark = !!Office.context.officeTheme?.isDarkTheme;
    document.documentElement.lang = lang === 'en' ? 'en-US' : 'zh-CN';
    root.render(
      <StrictMode>
        <FluentProvider theme={dark ? webDarkTheme : webLightTheme}>
          <App host={excelHost} lang={lang} />
        </FluentProvider>
      </StrictMode>,
    );
  } else {
    const lang = langFromLocale(new URLSearchParams(location.search).get('lang'));
    document.documentElement.lang = lang === 'en' ? 'en-US' : 'zh-CN';
    root.render(
      <StrictMode>
        <Standalone initialLang={lang} />
      </StrictMode>,
    );
  }
}

void main();
