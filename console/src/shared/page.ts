/** Every list endpoint answers one page with a keyset cursor. */
export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}
