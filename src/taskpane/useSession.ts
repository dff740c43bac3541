/** The pane's state: read → plan → check, re-run whenever the rules or the mapping change. */

import { useCallback, useEffect, useMemo, useState } from 'react';
import { check, type CheckResult } from '../core/checker';
import type { Grid } from '../core/grid';
import { type CombineOptions, readWorkbook, type WorkbookRead } from '../core/reader';
import { HostError, type PlanHost } from '../core/host';
import { readOptionsOf } from '../core/rules';
import { DEFAULT_SETTINGS, parseSettings, rulesOf, type PaneSettings } from './settings';

export type Phase = 'idle' | 'reading' | 'ready' | 'error';

export interface SessionError {
  zh: string;
  en: string;
}

function toSessionError(e: unknown): SessionError {
  if (e instanceof HostError) return { zh: e.zh, en: e.en };
  return { zh: `出现意外错误：${String(e)}`, en: `Something went wrong: ${String(e)}` };
}

export function useSession(host: PlanHost | null) {
  const [phase, setPhase] = useState<Phase>('idle');
  const [error, setError] = useState<SessionError | null>(null);
  const [grids, setGrids] = useState<Grid[]>([]);
  const [settings, setSettings] = useState<PaneSettings>(DEFAULT_SETTINGS);

  const scan = useCallback(async () => {
    if (!host) return;
    setPhase('reading');
    setError(null);
    try {
      const [g, saved] = await Promise.all([host.readGrids(), host.loadSettings()]);
      setGrids(g);
      setSettings(parseSettings(saved));
      setPhase('ready');
    } catch (e) {
      setError(toSessionError(e));
      setPhase('error');
    }
  }, [host]);

  useEffect(() => {
    void scan();
  }, [scan]);

  // Reading needs only the weeks settings, which no preset changes; the level then picks the preset.
  const readRules = useMemo(() => rulesOf(settings), [settings]);
  const readOptions: CombineOptions = useMemo(
    () => ({
      ...readOptionsOf(readRules),
      ...(settings.mapping ? { mapping: settings.mapping, ...(settings.mappingSheet ? { mappingSheet: settings.mappingSheet } : {}) } : {}),
      ...(settings.excludedSheets?.length ? { exclude: settings.excludedSheets } : {}),
    }),
    [readRules, settings.mapping, settings.mappingSheet, settings.excludedSheets],
  );
  const read: WorkbookRead | null = useMemo(() => (grids.length ? readWorkbook(grids, readOptions) : null), [grids, readOptions]);
  const level = read?.chosen?.plan.level?.level;
  const rules = useMemo(() => rulesOf(settings, level), [settings, level]);
  const result: CheckResult | null = useMemo(() => (read?.chosen ? check(read.chosen.plan, rules) : null), [read, rules]);

  const updateSettings = useCallback(
    async (next: PaneSettings) => {
      setSettings(next);
      try {
        await host?.saveSettings(next);
      } catch (e) {
        setError(toSessionError(e));
      }
    },
    [host],
  );

  return { phase, error, grids, read, readOptions, result, rules, settings, scan, updateSettings };
}
