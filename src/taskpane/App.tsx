import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Button, Divider, MessageBar, MessageBarBody, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useRef, useState } from 'react';
import type { Lang, Message } from '../core/message';
import { pick } from '../core/message';
import { shownCounts } from '../core/present';
import { defaultMode } from '../core/optimizer';
import { LoadChart, ShareChart } from './components/Charts';
import { Detection } from './components/Detection';
import { FileOpen } from './components/FileOpen';
import { Findings } from './components/Findings';
import { FirstRun } from './components/FirstRun';
import { Help } from './components/Help';
import { OptimizePanel } from './components/OptimizePanel';
import { OtherWorkbooks } from './components/OtherWorkbooks';
import { RulesForm } from './components/RulesForm';
import { Steps, type StepIndex } from './components/Steps';
import type { PlanHost } from '../core/host';
import { rulesOf } from './settings';
import { stringsFor } from './strings';
import { useOptimizer } from './useOptimizer';
import { useSession } from './useSession';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalM, maxWidth: '720px', margin: '0 auto' },
  header: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: tokens.spacingHorizontalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  planLine: { color: tokens.colorNeutralForeground2 },
});

export interface AppProps {
  host: PlanHost | null;
  lang: Lang;
  onLang?: (lang: Lang) => void;
  /** Standalone mode: open a workbook from a file. */
  onOpenFile?: (file: File) => void;
  fileName?: string;
  openError?: { zh: string; en: string } | null;
  /** Opens the bundled example: in the page, or as a new Excel workbook; what to tell the user after, if anything. */
  onExample?: () => Promise<Message | null>;
  /** Open the help section from the start (the page opened with ?help: the manifest's support link). */
  helpOpen?: boolean;
}

const FIRST_RUN_KEY = 'planBalancer.firstRun';

/** Whether the first-run card was dismissed on this computer (no storage: show it). */
function firstRunDone(): boolean {
  try {
    return localStorage.getItem(FIRST_RUN_KEY) === 'done';
  } catch {
    return false;
  }
}

/** Check → Optimize → Review → Apply, from the optimizer's phase; after restore it is back at Check. */
function stepOf(phase: ReturnType<typeof useOptimizer>['phase']): StepIndex {
  if (phase === 'running' || phase === 'compared') return 1;
  if (phase === 'preview' || phase === 'applying') return 2;
  if (phase === 'applied') return 3;
  return 0;
}

export function App({ host, lang, onLang, onOpenFile, fileName, openError, onExample, helpOpen = false }: AppProps) {
  const styles = useStyles();
  const s = stringsFor(lang);
  const [firstRun, setFirstRun] = useState(() => !firstRunDone());
  const [help, setHelp] = useState<string[]>(helpOpen ? ['help'] : []);
  const [exampleNote, setExampleNote] = useState<Message | null>(null);
  const helpRef = useRef<HTMLDivElement>(null);
  const dismissFirstRun = () => {
    setFirstRun(false);
    try {
      localStorage.setItem(FIRST_RUN_KEY, 'done');
    } catch {
      // No storage here (a locked-down browser): the card simply comes back next time.
    }
  };
  const session = useSession(host);
  const opt = useOptimizer(host, session.scan);
  const [busy, setBusy] = useState(false);
  const plan = session.read?.chosen?.plan;
  const result = session.result;
  // Counted as listed: courses not yet placed are one line, a cell two rules flag is one.
  const counts = shownCounts(result?.findings ?? []);
  const previewing = opt.phase === 'preview' || opt.phase === 'applying';
  const combined = (plan?.sheets ?? []).filter((x) => x.role === 'courses' || x.role === 'practice' || x.role === 'calendar').map((x) => x.sheet);
  // The reader says how sure it is; below 0.9, or with another table that looked like a plan, show how it read the sheet.
  const unsure = !!plan && (plan.confidence < 0.9 || (session.read?.chosen?.alternatives.length ?? 0) > 0);
  // Cells can be selected only in Excel: the page has no sheet to show them in.
  const select = host?.kind === 'excel' && plan ? (cells: string[]) => void host.selectCells(plan.sheet, cells).catch(() => undefined) : undefined;

  // The first-run card: first on an empty pane; below the check's summary once a plan is open, which comes first.
  const firstRunCard = firstRun && (
        <FirstRun
          s={s}
          exampleLabel={host?.kind === 'excel' ? s.firstRunExampleExcel : s.firstRunExample}
          onExample={
            onExample &&
            (() =>
              void onExample().then((note) => {
                setExampleNote(note);
                if (!note) dismissFirstRun();
              }))
          }
          onHelp={() => {
            setHelp(['help']);
            setTimeout(() => helpRef.current?.scrollIntoView({ block: 'start' }), 50);
          }}
          onDismiss={dismissFirstRun}
        />
        );

  return (
    <main className={styles.root}>
      <header className={styles.header}>
        <div>
          <Text as="h1" size={600} weight="semibold" block>
            {s.title}
          </Text>
          <Text size={200}>{s.subtitle}</Text>
        </div>
        {onLang && (
          <Button appearance="subtle" onClick={() => onLang(lang === 'zh' ? 'en' : 'zh')} lang={lang === 'zh' ? 'en' : 'zh'}>
            {s.language}
          </Button>
        )}
      </header>

      {!plan && firstRunCard}
      {exampleNote && (
        <MessageBar intent="info" role="status">
          <MessageBarBody>{pick(exampleNote, lang)}</MessageBarBody>
        </MessageBar>
      )}
      {onOpenFile && <FileOpen s={s} onFile={onOpenFile} fileName={fileName} />}
      {openError && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{lang === 'en' ? openError.en : openError.zh}</MessageBarBody>
        </MessageBar>
      )}

      {host && (
        <div className={styles.actions}>
          <Button
            disabled={session.phase === 'reading' || busy}
            onClick={async () => {
              setBusy(true);
              await session.scan();
              setBusy(false);
            }}
          >
            {s.rescan}
          </Button>
        </div>
      )}
      {session.phase === 'reading' && <Spinner label={s.reading} />}
      {session.error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{lang === 'en' ? session.error.en : session.error.zh}</MessageBarBody>
        </MessageBar>
      )}
      {session.phase === 'ready' && session.read && !plan && (
        <MessageBar intent="warning" role="alert">
          <MessageBarBody>
            <Text weight="semibold">{s.readerFailed}</Text>
            <ul>
              {session.read.sheets.map((r, i) => (
                <li key={i}>{r.ok ? '' : pick(r.error, lang)}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}

      {plan && result && (
        <>
          <Steps current={stepOf(opt.phase)} s={s} />
          {/* Results first: what the plan is and how it stands, then optimizing, then the findings. */}
          <section aria-labelledby="check-title" aria-live="polite">
            <Text as="h2" weight="semibold" size={400} id="check-title">
              {s.checkHeading(counts.error, counts.warning)}
            </Text>
            <Text block size={200} className={styles.planLine}>
              {plan.sheet}
              {plan.level ? ` · ${pick(plan.level.reason, lang)}` : ''}
              {combined.length > 1 ? ` · ${s.combinedSheets(combined)}` : ''}
            </Text>
            <LoadChart series={[{ label: s.loadsTitle, loads: result.loads, color: tokens.colorBrandBackground }]} s={s} />
            <ShareChart shares={result.shares} s={s} />
          </section>
          {firstRunCard}
          <Divider />
          <OptimizePanel
            key={`${plan.sheet}:${defaultMode(plan)}`}
            s={s}
            lang={lang}
            opt={opt}
            canDownload={!!host?.download}
            initialMode={defaultMode(plan)}
            cap={session.rules.weeklyCap}
            onCap={(weeklyCap) => void session.updateSettings({ ...session.settings, overrides: { ...session.settings.overrides, weeklyCap } })}
            onRun={(settings) => void opt.run({ plan, grids: session.grids, read: session.readOptions }, session.rules, settings)}
            semesters={plan.semesters.length}
            onCompare={(settings, scenarios) => void opt.compare({ plan, grids: session.grids, read: session.readOptions }, session.rules, settings, scenarios)}
            onDownload={() => void host?.download?.()}
          />
          <Divider />
          {/* After a preview the findings are the preview's; after apply or restore, the sheet's again. */}
          {previewing && opt.result ? (
            <>
              <Text block weight="semibold" size={300}>
                {s.previewFindings}
              </Text>
              <Findings findings={opt.result.check.findings} s={s} lang={lang} onSelect={select} />
            </>
          ) : (
            <Findings findings={result.findings} s={s} lang={lang} onSelect={select} />
          )}
          <Divider />
          {/* Detection and rules fold away; they open by themselves when the reader is unsure. */}
          <Accordion multiple collapsible defaultOpenItems={unsure ? ['detection'] : []}>
            <AccordionItem value="detection">
              <AccordionHeader>{s.detected}</AccordionHeader>
              <AccordionPanel>
                <Detection
                  key={plan.sheet + plan.headerRows[0]}
                  plan={plan}
                  s={s}
                  lang={lang}
                  override={session.settings.mapping ?? {}}
                  onOverride={(o) => {
                    const mapping = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
                    const has = Object.keys(mapping).length > 0;
                    void session.updateSettings({ ...session.settings, mapping: has ? mapping : undefined, mappingSheet: has ? plan.sheet : undefined });
                  }}
                  onToggleSheet={(sheet, include) => {
                    const rest = (session.settings.excludedSheets ?? []).filter((x) => x !== sheet);
                    void session.updateSettings({ ...session.settings, excludedSheets: include ? rest : [...rest, sheet] });
                  }}
                />
              </AccordionPanel>
            </AccordionItem>
            <AccordionItem value="rules">
              <AccordionHeader>{s.rules}</AccordionHeader>
              <AccordionPanel>
                <RulesForm settings={session.settings} rules={session.rules} s={s} lang={lang} onChange={session.updateSettings} />
              </AccordionPanel>
            </AccordionItem>
          </Accordion>
        </>
      )}
      {/* Many plans at once: open whether or not a plan is loaded here, under this pane's rules. */}
      {session.phase !== 'reading' && (
        <Accordion collapsible>
          <AccordionItem value="review">
            <AccordionHeader>{s.reviewTitle}</AccordionHeader>
            <AccordionPanel>
              <OtherWorkbooks s={s} lang={lang} rulesFor={(level) => rulesOf(session.settings, level)} />
            </AccordionPanel>
          </AccordionItem>
        </Accordion>
      )}
      <div ref={helpRef}>
        <Accordion collapsible openItems={help} onToggle={(_, d) => setHelp(d.openItems as string[])}>
          <AccordionItem value="help">
            <AccordionHeader>{s.helpTitle}</AccordionHeader>
            <AccordionPanel>
              <Help lang={lang} />
            </AccordionPanel>
          </AccordionItem>
        </Accordion>
      </div>
    </main>
  );
}
