import { encodeRows, type CategoricalTable } from '../counts';
import { SeededRandom } from './seeded-random';

/** A small skewed, correlated categorical table for tests (no real data). */
export function skewedTable(rows: number, seed: number, cardinalities: readonly number[] = [3, 4, 2, 5]): CategoricalTable {
  const rng = new SeededRandom(seed);
  const columns = cardinalities.map((_, i) => `col${String.fromCharCode(65 + i)}`);
  const data: string[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    let previous = 0;
    cardinalities.forEach((card, i) => {
      // Skewed: low codes are common; correlated: often repeats the previous column's code.
      let v = Math.min(card - 1, Math.floor(card * (rng.uniformInt(1000) / 1000) ** 2.5));
      if (i > 0 && rng.uniformInt(3) === 0) v = previous % card;
      previous = v;
      row.push(`v${v}`);
    });
    data.push(row);
  }
  return encodeRows(columns, data);
}
