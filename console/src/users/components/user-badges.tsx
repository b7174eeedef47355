import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { UserStatus, UserType, UserView } from '../api';

/** Badges keep their full text in narrow table columns. */
const WHOLE = { root: { flexShrink: 0, maxWidth: 'none', overflow: 'visible' }, label: { overflow: 'visible', textOverflow: 'clip' } } as const;

const STATUS_COLOR: Record<UserStatus, string> = { invited: 'yellow', active: 'teal', inactive: 'gray', expired: 'red' };

export function UserStatusBadge({ status }: { status: UserStatus }) {
  const { t } = useTranslation('users');
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" styles={WHOLE} data-testid="user-status" data-status={status}>
      {t(`status.${status}`)}
    </Badge>
  );
}

export function UserTypeBadge({ type }: { type: UserType }) {
  const { t } = useTranslation('users');
  return (
    <Badge color={type === 'reseller' ? 'violet' : type === 'external' ? 'orange' : 'blue'} variant="outline" styles={WHOLE} data-type={type}>
      {t(`type.${type}`)}
    </Badge>
  );
}

/** Own users have this organisation as home; partner users come from another (seed 003). */
export function HomeBadge({ user }: { user: Pick<UserView, 'home'> }) {
  const { t } = useTranslation('users');
  return user.home === 'partner' ? (
    <Badge color="grape" variant="dot" size="sm" styles={WHOLE}>
      {t('home.partner')}
    </Badge>
  ) : null;
}
