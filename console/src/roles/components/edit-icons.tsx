/** Small stroke icons for in-place editing (shared/components/icons.tsx has no pencil, check or cross yet). */
function Stroke({ d, width = 2 }: { d: string; width?: number }) {
  return (
    <svg
      width={14}
      height={14}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={width}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
    >
      <path d={d} />
    </svg>
  );
}

export const PencilIcon = () => <Stroke d="M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4Z" />;
export const CheckIcon = () => <Stroke d="M20 6 9 17l-5-5" width={2.5} />;
export const CrossIcon = () => <Stroke d="M18 6 6 18M6 6l12 12" width={2.5} />;
