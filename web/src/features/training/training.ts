// Pure helpers of the training page: the codes the API knows, the colour of a duty's status,
// amounts of dong, the unit a user starts from, the years one may look at.
import type { Unit } from '../../api';

export const courseKinds = ['awareness', 'specialist', 'drill_preparation'] as const;
export const audienceCodes = ['officials', 'pupils', 'citizens'] as const;
export const channelCodes = ['meeting', 'press', 'radio', 'website', 'social', 'print', 'school', 'message'] as const;

export const dutyColor: Record<string, string> = { met: 'success', due: 'warning', missed: 'error', not_declared: 'default' };

/// "1.500.000 đ", as Vietnamese documents write amounts.
export function money(amount: number): string {
  return `${amount.toLocaleString('vi-VN')} đ`;
}

/// The highest unit the user sees (the shortest path; the first by path among equals).
export function rootUnit(units: Unit[]): Unit | undefined {
  let best: Unit | undefined;
  for (const u of units) {
    if (!best || u.path.length < best.path.length || (u.path.length === best.path.length && u.path < best.path)) best = u;
  }
  return best;
}

/// This year, next year (targets are set ahead) and the four before, newest first.
export function yearsUpTo(year: number): number[] {
  return [year + 1, year, year - 1, year - 2, year - 3, year - 4];
}
