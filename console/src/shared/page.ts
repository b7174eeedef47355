/** Every list endpoint answers one page with a keyset cursor. */
export interface Page<T> {
  items: T[];
  total: number;
  /** The user list at scale: `atLeast` when more match than its capped count — shown as "10,000+". */
  totalKind?: 'exact' | 'atLeast';
  nextCursor: string | null;
}
