/** What the pane remembers with the workbook: the preset, rule overrides and the reader's mapping. */

import type { OptimizeMode, OptimizeSettings } from '../core/optimizer';
import type { ColumnMapping } from '../core/reader';
import { type PresetId, type Rules, resolveRules } from '../core/rules';

export interface PaneSettings {
  version: 1;
  /** 'auto': the preset the workbook's level calls for. */
  preset: PresetId | 'auto';
  /** Only the values the user changed from the preset. */
  overrides: Partial<Rules>;
  mapping?: ColumnMapping;
  /** The sheet the mapping was made for (the plan's main sheet then). */
  mappingSheet?: string;
  /** Sheets the user left out of the plan. */
  excludedSheets?: string[];
}

export const DEFAULT_SETTINGS: PaneSettings = { version: 1, preset: 'auto', overrides: {} };

export function parseSettings(raw: unknown): PaneSettings {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_SETTINGS;
  const s = raw as Partial<PaneSettings>;
  if (s.version !== 1) return DEFAULT_SETTINGS;
  return {
    version: 1,
    preset: s.preset === 'gaozhi' || s.preset === 'zhongzhi' ? s.preset : 'auto',
    overrides: typeof s.overrides === 'object' && s.overrides ? s.overrides : {},
    ...(s.mapping ? { mapping: s.mapping } : {}),
    ...(typeof s.mappingSheet === 'string' ? { mappingSheet: s.mappingSheet } : {}),
    ...(Array.isArray(s.excludedSheets) ? { excludedSheets: s.excludedSheets.filter((x): x is string => typeof x === 'string') } : {}),
  };
}

/** The rules in force: the chosen preset, or the one the workbook's level calls for, with the user's values. */
export function rulesOf(settings: PaneSettings, level: PresetId = 'zhongzhi'): Rules {
  return resolveRules(settings.preset === 'auto' ? level : settings.preset, settings.overrides).rules;
}

export interface PaneOptimizeSettings {
  mode: OptimizeMode;
  timeLimitSec: number;
  maxSpan: number;
  /** Hours a course total may move up or down to meet the shares (0 = totals fixed). */
  totalSlack: number;
  /** The weekly cap (the pane's field, or a what-if scenario's); otherwise the rules' own. One value or one per semester. */
  cap?: number | number[];
}

/** The pane's settings as the core takes them (the CLI builds the same from its options). */
export function paneSettings(s: PaneOptimizeSettings): OptimizeSettings {
  return { mode: s.mode, maxSpan: s.maxSpan, ...(s.totalSlack > 0 ? { totalSlack: s.totalSlack } : {}), ...(s.cap !== undefined ? { cap: s.cap } : {}) };
}
