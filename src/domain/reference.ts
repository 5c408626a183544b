// Human reference numbers: year and a per-year sequence, e.g. 2026-0001. Sortable as text within
// a year up to 9999 incidents; the sequence keeps growing beyond that (2026-10000).
export function formatReference(year: number, sequence: number): string {
  return `${year}-${String(sequence).padStart(4, "0")}`;
}

export const REFERENCE_PATTERN = /^(\d{4})-(\d{4,})$/;

export function isReference(text: string): boolean {
  return REFERENCE_PATTERN.test(text);
}
