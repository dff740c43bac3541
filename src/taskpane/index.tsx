/**
 * Entry point. Inside Office (office.js loaded, Office.onReady) the pane works on the open workbook;
 * in a plain browser it is the standalone page: open an .xlsx file, same flow, download the result.
 */
import { FluentProvider, webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import exampleUrl from '../../examples/ecommerce-2024.xlsx';
import { langFromLocale, msg, type Lang } from '../core/message';
import { App } from './App';
import type { PlanHost } from '../core/host';
import { HostError } from '../core/host';
import { bytesOfBase64 } from './dataUrl';

const EXAMPLE_NAME = 'ecommerce-2024.xlsx';
/** ?help opens the help section: the manifest's support link points here. */
const helpOpen = new URLSearchParams(location.search).has('help');

/** The page's background follows the theme too (the pane does not fill a tall window). */
function themed(theme: Theme): Theme {
  document.documentElement.style.background = theme.colorNeutralBackground1;
  document.documentElement.style.colorScheme = theme === webDarkTheme ? 'dark' : 'light';
  return theme;
}

function Standalone({ initialLang, dark }: { initialLang: Lang; dark: boolean }) {
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
  const openExample = async () => {
    await open(new File([bytesOfBase64(exampleUrl) as BlobPart], EXAMPLE_NAME));
    return null;
  };
  return (
    <FluentProvider theme={themed(dark ? webDarkTheme : webLightTheme)} lang={lang === 'en' ? 'en-US' : 'zh-CN'}>
      <App key={fileName} host={host} lang={lang} onLang={setLang} onOpenFile={open} fileName={fileName} openError={openError} onExample={openExample} helpOpen={helpOpen} />
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
    const { excelHost, openWorkbookInExcel } = await import('../excel/host');
    const lang = langFromLocale(Office.context.displayLanguage);
    const dark = !!Office.context.officeTheme?.isDarkTheme;
    document.documentElement.lang = lang === 'en' ? 'en-US' : 'zh-CN';
    // The example opens as a new workbook (ExcelApi 1.8), where the pane can be opened on it.
    const openExample = async () =>
      (await openWorkbookInExcel(exampleUrl.slice(exampleUrl.indexOf(',') + 1)))
        ? msg('示例已在新的 Excel 窗口中打开：在那里点“开始 › 平衡教学计划”。', 'The example opened in a new Excel window: click Home › Balance plan there.')
        : msg('此版本 Excel 不能由加载项新建工作簿；可在独立网页版中打开示例。', 'This Excel cannot create a workbook from an add-in; open the example on the standalone page instead.');
    root.render(
      <StrictMode>
        <FluentProvider theme={themed(dark ? webDarkTheme : webLightTheme)}>
          <App host={excelHost} lang={lang} onExample={openExample} helpOpen={helpOpen} />
        </FluentProvider>
      </StrictMode>,
    );
  } else {
    const lang = langFromLocale(new URLSearchParams(location.search).get('lang'));
    const dark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
    document.documentElement.lang = lang === 'en' ? 'en-US' : 'zh-CN';
    root.render(
      <StrictMode>
        <Standalone initialLang={lang} dark={dark} />
      </StrictMode>,
    );
  }
}

void main();
