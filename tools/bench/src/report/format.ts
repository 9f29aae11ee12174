/** A figure in its unit, with as many digits as a reader can use. */
export function formatValue(value: number, unit: string): string {
  if (unit === 'tasks/s') {
    return value >= 1000 ? `${(value / 1000).toFixed(value >= 1e5 ? 0 : 1)}k` : value.toFixed(0);
  }
  if (unit === '×' || unit === 'cores') return value.toFixed(2);
  if (unit === '') return Math.round(value).toLocaleString('en');
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function withUnit(value: number, unit: string): string {
  const text = formatValue(value, unit);
  if (unit === '×') return `${text}×`;
  return unit ? `${text} ${unit}` : text;
}
