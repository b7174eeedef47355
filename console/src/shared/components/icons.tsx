import type { ReactNode, SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function Icon({ size = 18, children, ...props }: IconProps) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
      {...props}
    >
      {children}
    </svg>
  );
}

/** An icon component drawing `shapes` in the shared frame. */
function drawn(shapes: ReactNode) {
  return function DrawnIcon(props: IconProps) {
    return <Icon {...props}>{shapes}</Icon>;
  };
}

export const KeyIcon = drawn(
  <>
    <circle cx="7.5" cy="15.5" r="4.5" />
    <path d="M10.7 12.3 20 3M16 7l3 3M14 9l2 2" />
  </>,
);

export const GlobeIcon = drawn(
  <>
    <circle cx="12" cy="12" r="9" />
    <path d="M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18" />
  </>,
);

export function ChevronIcon({ direction, ...props }: IconProps & { direction: 'up' | 'down' | 'right' }) {
  const d = { up: 'M6 15l6-6 6 6', down: 'M6 9l6 6 6-6', right: 'M9 6l6 6-6 6' }[direction];
  return (
    <Icon {...props}>
      <path d={d} />
    </Icon>
  );
}

export const SortIcon = drawn(<path d="M8 10l4-4 4 4M8 14l4 4 4-4" />);

export const DotsIcon = drawn(
  <>
    <circle cx="5" cy="12" r="1" />
    <circle cx="12" cy="12" r="1" />
    <circle cx="19" cy="12" r="1" />
  </>,
);

export const DownloadIcon = drawn(<path d="M12 4v11M7 10l5 5 5-5M5 20h14" />);

export const PlusIcon = drawn(<path d="M12 5v14M5 12h14" />);

export const BellIcon = drawn(<path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4l2-2zM10 20a2 2 0 0 0 4 0" />);
