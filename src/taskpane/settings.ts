/** What the pane remembers with the workbook: the preset, rule overrides and the reader's mapping. */

import type { ColumnMapping } from '../core/reader';
import { type PresetId, type Rules, resolveRules } from '../core/rules';

export interface PaneSettings {
  version: 1;
  preset: PresetId;
  /** Only the values the user changed from the preset. */
  overrides: Partial<Rules>;
  mapping?: ColumnMapping;
}

export const DEFAULT_SETTINGS: PaneSettings = { version: 1, preset: 'zhongzhi', overrides: {} };

export function parseSettings(raw: unknown): PaneSettings {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_SETTINGS;
  const s = raw as Partial<PaneSettings>;
  if (s.version !== 1) return DEFAULT_SETTINGS;
  return {
    version: 1,
    preset: s.preset === 'gaozhi' ? 'gaozhi' : 'zhongzhi',
    overrides: typeof s.overrides === 'object' && s.overrides ? s.overrides : {},
    ...(s.mapping ? { mapping: s.mapping } : {}),
  };
}

export function rulesOf(settings: PaneSettings): Rules {
  return resolveRules(settings.preset, settings.overrides).rules;
}
