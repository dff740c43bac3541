import { describe, expect, it } from 'vitest';
import { scenariosAlong } from '../src/core/scenario';

describe("the pane's what-if field", () => {
  it('reads caps, internship semesters and modes, two to four of them', () => {
    expect(scenariosAlong('cap', '28, 30，34', 6).scenarios?.map((s) => s.cap)).toEqual([28, 30, 34]);
    expect(scenariosAlong('internship', '4, 5+6', 6).scenarios?.map((s) => s.internship)).toEqual([[4], [5, 6]]);
    expect(scenariosAlong('mode', '', 6, ['keep', 'plan']).scenarios?.map((s) => s.mode)).toEqual(['keep', 'plan']);
  });

  it('names what is wrong, in both languages', () => {
    expect(scenariosAlong('cap', '28', 6).problem?.zh).toContain('2–4');
    expect(scenariosAlong('cap', '28, 30, 32, 34, 36', 6).problem?.en).toContain('2–4');
    expect(scenariosAlong('cap', '28, abc', 6).problem?.zh).toContain('1–80');
    expect(scenariosAlong('internship', '4, 7', 6).problem?.en).toContain('from 1 to 6');
    expect(scenariosAlong('cap', '30, 30', 6).problem?.en).toBe('Two scenarios are the same');
    expect(scenariosAlong('mode', '', 6, ['keep']).problem).toBeDefined();
  });
});
