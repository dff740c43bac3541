import { presentConflicts } from '../../core/present';
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Button, Checkbox, Field, Input, Select, MessageBar, MessageBarBody, Radio, RadioGroup, Spinner, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { pick, type Lang } from '../../core/message';
import { MODE_HELP, MODE_NAMES, OPTIMIZE_MODES, type OptimizeMode, type OptimizeResult } from '../../core/optimizer';
import { scenarioName, scenariosAlong, type Scenario, type ScenarioAxis } from '../../core/scenario';
import type { Strings } from '../strings';
import type { PaneOptimizeSettings } from '../settings';
import type { useOptimizer } from '../useOptimizer';
import { LoadChart } from './Charts';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  problem: { color: tokens.colorPaletteRedForeground1 },
  help: { display: 'block', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  // Native tables: header and values share one alignment, and numbers never shrink below their text.
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  table: { borderCollapse: 'collapse', fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  th: { fontWeight: tokens.fontWeightSemibold, textAlign: 'right', padding: '2px 4px', borderBottom: `1px solid ${tokens.colorNeutralStroke1}`, whiteSpace: 'nowrap' },
  thName: { textAlign: 'left' },
  td: { textAlign: 'right', padding: '2px 4px', whiteSpace: 'nowrap', borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
  num: { minWidth: '2.6em' },
  // The course name stays in view while the semesters scroll.
  name: { textAlign: 'left', position: 'sticky', left: 0, backgroundColor: tokens.colorNeutralBackground1, maxWidth: '9em', overflow: 'hidden', textOverflow: 'ellipsis' },
  bound: { textAlign: 'left', whiteSpace: 'normal', color: tokens.colorNeutralForeground2, paddingBottom: tokens.spacingVerticalXS },
  chosen: { backgroundColor: tokens.colorBrandBackground2 },
});

interface Props {
  s: Strings;
  lang: Lang;
  opt: ReturnType<typeof useOptimizer>;
  canDownload: boolean;
  /** The mode the plan calls for (rebalance for a placed plan, keep otherwise). */
  initialMode: OptimizeMode;
  /** The weekly cap in force (one value, or one per semester). */
  cap: number | number[];
  /** The cap typed here becomes the rules' cap (the check uses it too). */
  onCap: (cap: number | number[]) => void;
  onRun: (settings: PaneOptimizeSettings) => void;
  /** The plan's semester count (what-if internship semesters are checked against it). */
  semesters: number;
  /** What-if: the same settings under each scenario, compared. */
  onCompare: (settings: PaneOptimizeSettings, scenarios: Scenario[]) => void;
  onDownload: () => void;
}

const capText = (cap: number | number[]) => (Array.isArray(cap) ? cap.join(',') : String(cap));

/** "28" or "28,28,30,…" (one per semester) → the cap, or null when it is not one. */
function parseCap(text: string, semesters: number): number | number[] | null {
  const n = text.split(/[,，、\s]+/).filter(Boolean).map(Number);
  if (n.length === 0 || !n.every((x) => Number.isFinite(x) && x >= 1 && x <= 80)) return null;
  if (n.length === 1) return n[0];
  return n.length === semesters ? n : null;
}

export function OptimizePanel({ s, lang, opt, canDownload, initialMode, cap, onCap, semesters, onRun, onCompare, onDownload }: Props) {
  const styles = useStyles();
  const [mode, setMode] = useState<OptimizeMode>(initialMode);
  const [capValue, setCapValue] = useState(capText(cap));
  const [capInvalid, setCapInvalid] = useState(false);
  useEffect(() => setCapValue(capText(cap)), [cap]);
  const [timeLimit, setTimeLimit] = useState('30');
  const [maxSpan, setMaxSpan] = useState('4');
  const [totalSlack, setTotalSlack] = useState('0');
  // What-if varies one thing: caps "28, 30, 34", internship semesters "4, 5+6", or two or three modes.
  const [axis, setAxis] = useState<ScenarioAxis>('cap');
  const [axisText, setAxisText] = useState<Record<'cap' | 'internship', string>>({ cap: '28, 30, 34', internship: semesters >= 6 ? `${semesters - 2}, ${semesters - 1}+${semesters}` : `${semesters - 1}, ${semesters}` });
  const [modes, setModes] = useState<OptimizeMode[]>(['keep', 'rebalance']);
  const what = scenariosAlong(axis, axis === 'mode' ? '' : axisText[axis], semesters, modes);
  /** The cap as typed (committed to the rules as it is used), else the rules' own. */
  const commitCap = (): number | number[] => {
    const parsed = parseCap(capValue.trim(), semesters);
    setCapInvalid(!parsed);
    if (parsed && capText(parsed) !== capText(cap)) onCap(parsed);
    return parsed ?? cap;
  };
  const settingsNow = (): PaneOptimizeSettings => ({ mode, cap: commitCap(), timeLimitSec: clampNumber(timeLimit, 1, 600, 30), maxSpan: clampNumber(maxSpan, 1, 12, 4), totalSlack: clampNumber(totalSlack, 0, 360, 0) });
  const running = opt.phase === 'running';
  return (
    <section aria-labelledby="optimize-title" className={styles.stack}>
      <Text as="h2" weight="semibold" size={400} id="optimize-title">
        {s.optimizeTitle}
      </Text>
      {/* What matters most, together: the cap, how, and the button. */}
      <Field label={s.weeklyCap} hint={s.capHelp} validationState={capInvalid ? 'error' : 'none'} validationMessage={capInvalid ? s.capInvalid(semesters) : undefined}>
        <Input value={capValue} onChange={(_, d) => setCapValue(d.value)} onBlur={() => commitCap()} onKeyDown={(e) => e.key === 'Enter' && commitCap()} inputMode="decimal" disabled={running} style={{ maxWidth: 160 }} />
      </Field>
      <Field label={s.modeLabel}>
        <RadioGroup value={mode} onChange={(_, d) => setMode(d.value as OptimizeMode)} disabled={running}>
          {OPTIMIZE_MODES.map((m) => (
            <Radio
              key={m}
              value={m}
              label={
                <>
                  {pick(MODE_NAMES[m], lang)}
                  <span className={styles.help}>{pick(MODE_HELP[m], lang)}</span>
                </>
              }
            />
          ))}
        </RadioGroup>
      </Field>
      <div className={styles.row}>
        {running ? (
          <Button onClick={opt.cancel}>{s.cancel}</Button>
        ) : (
          <Button appearance="primary" onClick={() => onRun(settingsNow())} disabled={opt.phase === 'applying'}>
            {s.run}
          </Button>
        )}
      </div>
      {running && <Spinner size="small" label={s.solving(opt.elapsed)} aria-live="polite" />}
      {running && opt.onPage && (
        <MessageBar intent="warning" role="status">
          <MessageBarBody>{s.solvingOnPage(opt.onPage.timeLimitSec)}</MessageBarBody>
        </MessageBar>
      )}
      <Accordion collapsible>
        <AccordionItem value="advanced">
          <AccordionHeader>{s.advanced}</AccordionHeader>
          <AccordionPanel>
            <div className={styles.row}>
              <Field label={s.timeLimit}>
                <Input value={timeLimit} onChange={(_, d) => setTimeLimit(d.value)} inputMode="numeric" disabled={running} style={{ width: 96 }} />
              </Field>
              <Field label={s.maxSpan}>
                <Input value={maxSpan} onChange={(_, d) => setMaxSpan(d.value)} inputMode="numeric" disabled={running} style={{ width: 96 }} />
              </Field>
              <Field label={s.totalSlack}>
                <Input value={totalSlack} onChange={(_, d) => setTotalSlack(d.value)} inputMode="numeric" disabled={running} style={{ width: 96 }} />
              </Field>
            </div>
          </AccordionPanel>
        </AccordionItem>
      </Accordion>
      <Text as="h3" weight="semibold">
        {s.whatIfTitle}
      </Text>
      <div className={styles.row}>
        <Field label={s.whatIfAxis}>
          <Select value={axis} onChange={(_, d) => setAxis(d.value as ScenarioAxis)} disabled={running}>
            <option value="cap">{s.whatIfAxes.cap}</option>
            <option value="internship">{s.whatIfAxes.internship}</option>
            <option value="mode">{s.whatIfAxes.mode}</option>
          </Select>
        </Field>
        {axis === 'mode' ? (
          // A group, not a Field: a Field gives its one control id to every checkbox inside it.
          <div role="group" aria-labelledby="what-if-modes" aria-describedby={what.problem ? 'what-if-modes-problem' : undefined}>
            <Text id="what-if-modes" block size={300}>
              {s.whatIfModes}
            </Text>
            <div className={styles.row}>
              {OPTIMIZE_MODES.map((m) => (
                <Checkbox
                  key={m}
                  label={pick(MODE_NAMES[m], lang)}
                  checked={modes.includes(m)}
                  disabled={running}
                  onChange={(_, d) => setModes((list) => (d.checked ? OPTIMIZE_MODES.filter((x) => x === m || list.includes(x)) : list.filter((x) => x !== m)))}
                />
              ))}
            </div>
            {what.problem && (
              <Text id="what-if-modes-problem" block size={200} className={styles.problem}>
                {pick(what.problem, lang)}
              </Text>
            )}
          </div>
        ) : (
          <Field label={axis === 'cap' ? s.whatIfCaps : s.whatIfInternship} validationState={what.problem ? 'error' : 'none'} validationMessage={what.problem ? pick(what.problem, lang) : undefined}>
            <Input value={axisText[axis]} onChange={(_, d) => setAxisText((t) => ({ ...t, [axis]: d.value }))} disabled={running} style={{ width: 140 }} />
          </Field>
        )}
        <Button onClick={() => what.scenarios && onCompare(settingsNow(), what.scenarios)} disabled={running || !what.scenarios || opt.phase === 'applying'}>
          {s.whatIfRun}
        </Button>
      </div>
      {opt.scenarios && (opt.phase === 'compared' || opt.phase === 'preview') && <Scenarios s={s} lang={lang} runs={opt.scenarios} chosen={opt.result} onChoose={opt.choose} />}
      {opt.phase === 'cancelled' && (
        <MessageBar intent="info">
          <MessageBarBody>{s.cancelled}</MessageBarBody>
        </MessageBar>
      )}
      {opt.error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{lang === 'en' ? opt.error.en : opt.error.zh}</MessageBarBody>
        </MessageBar>
      )}
      {opt.restored && (
        <MessageBar intent="success">
          <MessageBarBody>{s.restored}</MessageBarBody>
        </MessageBar>
      )}
      {opt.result && (opt.phase === 'preview' || opt.phase === 'applying' || opt.phase === 'applied') && <Preview s={s} lang={lang} result={opt.result} />}
      {opt.phase === 'preview' && (
        <div className={styles.row}>
          <Button appearance="primary" onClick={() => opt.apply()}>
            {s.applyToSheet}
          </Button>
        </div>
      )}
      {opt.phase === 'applying' && <Spinner size="small" label={s.applying} />}
      {opt.phase === 'applied' && opt.report && (
        <>
          <MessageBar intent="success" role="status">
            <MessageBarBody>
              {s.applied(opt.report.cells, opt.report.marks)}
              {opt.patch?.scenarios ? s.appliedScenarios : ''}
              {s.notesFallback[opt.report.notes]} {opt.report.undoGroup ? s.undoHint : ''}
            </MessageBarBody>
          </MessageBar>
          <div className={styles.row}>
            {canDownload && (
              <Button appearance="primary" onClick={onDownload}>
                {s.download}
              </Button>
            )}
            <Button onClick={opt.restore}>{s.restore}</Button>
          </div>
        </>
      )}
    </section>
  );
}

/** What-if scenarios side by side: largest load and what limits it, elective share, changes, conflicts; one is chosen for preview and apply. */
function Scenarios({ s, lang, runs, chosen, onChoose }: { s: Strings; lang: Lang; runs: NonNullable<ReturnType<typeof useOptimizer>['scenarios']>; chosen: OptimizeResult | null; onChoose: (i: number) => void }) {
  const styles = useStyles();
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
  const axis = axisOf(runs[0].scenario);
  const th = mergeClasses(styles.th, styles.num);
  const td = mergeClasses(styles.td, styles.num);
  return (
    <div tabIndex={0} role="region" aria-label={s.whatIfTitle} className={styles.scroll}>
      <table className={styles.table} aria-label={s.whatIfTitle}>
        <thead>
          <tr>
            <th className={mergeClasses(styles.th, styles.thName)} scope="col" title={axis === 'cap' ? s.weeklyCap : undefined}>
              {s.whatIfAxisShort[axis]}
            </th>
            <th className={th} scope="col" title={s.reviewMaxTitle}>
              {s.whatIfMax}
            </th>
            <th className={th} scope="col">
              {s.whatIfElective}
            </th>
            <th className={th} scope="col">
              {s.whatIfMoved}
            </th>
            <th className={th} scope="col">
              {s.whatIfConflicts}
            </th>
            <th className={th} scope="col">
              <span className={styles.help}>{s.whatIfChoose}</span>
            </th>
          </tr>
        </thead>
        {runs.map((r, i) => {
          const isChosen = chosen === r.result;
          const cls = isChosen ? styles.chosen : undefined;
          return (
            <tbody key={r.label} data-scenario={r.label} data-chosen={isChosen || undefined}>
              <tr className={cls}>
                <th scope="row" className={mergeClasses(styles.td, styles.thName)}>
                  {r.scenario.mode ? pick(MODE_NAMES[r.scenario.mode], lang) : r.label}
                </th>
                <td className={td}>{r.line.largestLoad}</td>
                <td className={td}>{pct(r.line.shares.find((x) => x.key === 'elective')?.share)}</td>
                <td className={td}>{r.line.moved + r.line.placed}</td>
                <td className={td}>{r.line.conflicts === 0 ? '✓ 0' : `✗ ${r.line.conflicts}`}</td>
                <td className={td}>
                  <Button size="medium" appearance={isChosen ? 'primary' : 'secondary'} onClick={() => onChoose(i)} aria-label={s.whatIfChooseLabel(axis, r.scenario.mode ? pick(MODE_NAMES[r.scenario.mode], lang) : r.label)}>
                    {isChosen ? s.whatIfChosen : s.whatIfChoose}
                  </Button>
                </td>
              </tr>
              <tr className={cls}>
                <td colSpan={6} className={styles.bound}>
                  {`${scenarioName(r.scenario, lang)}${lang === 'zh' ? '：' : ': '}${pick(r.bound, lang)}`}
                </td>
              </tr>
            </tbody>
          );
        })}
      </table>
      <Text size={200} block>
        {s.whatIfHint}
      </Text>
    </div>
  );
}

const axisOf = (sc: Scenario): ScenarioAxis => (sc.mode ? 'mode' : sc.internship ? 'internship' : 'cap');

/** Moved, chosen ("X or Y") and newly placed courses told apart by a mark, not by colour alone. */
const KIND_MARK: Record<OptimizeResult['changes'][number]['kind'], string> = { moved: '↔', chosen: '◐', placed: '＋' };

/** "+72" for a new placement, "−72" for a removed one, "36→72" for a change; colour is never the only signal. */
function cellChange(before: number, after: number): string {
  if (before === after) return after ? String(after) : '';
  if (!before) return `+${after}`;
  if (!after) return `−${before}`;
  return `${before}→${after}`;
}

function clampNumber(v: string, min: number, max: number, fallback: number): number {
  const n = Number(v);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

function Preview({ s, lang, result }: { s: Strings; lang: Lang; result: OptimizeResult }) {
  const styles = useStyles();
  const status = { optimal: s.statusOptimal, feasible: s.statusFeasible, relaxed: s.statusRelaxed, failed: s.statusFailed }[result.status];
  const toLoads = (lines: OptimizeResult['loads']) => lines.map((l) => ({ semester: l.semester, weeks: 0, hours: 0, weeklyHours: l.weeklyHours, cap: l.cap, internship: !l.teaching }));
  const th = mergeClasses(styles.th, styles.num);
  const td = mergeClasses(styles.td, styles.num);
  return (
    <div aria-label={s.preview} className={styles.stack}>
      <Text weight="semibold" block>
        {s.preview}
      </Text>
      <MessageBar intent={result.status === 'optimal' ? 'success' : result.status === 'relaxed' ? 'warning' : 'info'}>
        <MessageBarBody>
          {status}
          {lang === 'zh' ? '，' : ', '}
          {s.solvedIn(result.seconds)}
        </MessageBarBody>
      </MessageBar>
      <LoadChart
        s={s}
        series={[
          // Visible on a light and a dark pane alike.
          { label: s.before, loads: toLoads(result.before), color: tokens.colorNeutralForeground4 },
          { label: s.after, loads: toLoads(result.loads), color: tokens.colorBrandBackground },
        ]}
      />
      {result.conflicts.length > 0 && (
        <>
          <Text as="h3" weight="semibold">
            {s.conflictsTitle}
          </Text>
          <ul className={styles.list}>
            {result.tradeoffs.map((t, i) => (
              <li key={`t${i}`}>
                <Text weight="semibold">⇄ {pick(t, lang)}</Text>
              </li>
            ))}
            {presentConflicts(result.conflicts).map((c, i) => (
              <li key={i} data-conflicts={c.count}>
                <Text>⚠ {pick(c.fix, lang)}</Text>
              </li>
            ))}
          </ul>
        </>
      )}
      {result.notes.map((n, i) => (
        <Text key={i} block size={200}>
          ℹ {pick(n, lang)}
        </Text>
      ))}
      <Text as="h3" weight="semibold">
        {s.changesTitle(result.changes.length)}
      </Text>
      <Text block size={200}>
        {s.changeKinds(result.changes.filter((c) => c.kind === 'moved').length, result.changes.filter((c) => c.kind === 'chosen').length, result.changes.filter((c) => c.kind === 'placed').length)}
      </Text>
      {result.changes.some((c) => c.kind === 'moved') && (
        <ul className={styles.list} aria-label={s.movedWhy}>
          {result.changes
            .filter((c) => c.kind === 'moved')
            .map((c) => (
              <li key={c.row}>
                <Text size={200}>
                  ↔ {c.name}
                  {lang === 'zh' ? '：' : ': '}
                  {pick(c.reason, lang)}
                </Text>
              </li>
            ))}
        </ul>
      )}
      {result.changes.length > 0 && result.loads.length > 6 && (
        <Text block size={200} className={styles.help}>
          {s.changesScroll}
        </Text>
      )}
      {result.changes.length > 0 && (
        <div tabIndex={0} role="region" aria-label={s.changesTitle(result.changes.length)} className={styles.scroll}>
          <table className={styles.table} aria-label={s.changesTitle(result.changes.length)}>
            <thead>
              <tr>
                <th scope="col" className={mergeClasses(styles.th, styles.thName, styles.name)}>
                  {s.course}
                </th>
                {result.loads.map((l) => (
                  <th key={l.semester} scope="col" className={th} title={s.semesterN(l.semester)} aria-label={s.semesterN(l.semester)}>
                    {l.semester}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.changes.map((c) => (
                <tr key={c.row} data-kind={c.kind}>
                  <th scope="row" className={mergeClasses(styles.td, styles.name)} title={`${c.name} — ${pick(c.reason, lang)}`}>
                    {KIND_MARK[c.kind]} {c.name}
                  </th>
                  {c.after.map((h, i) => (
                    <td key={i} className={td}>
                      {cellChange(c.before[i], h)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
