import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../shared/format';

/** "Try again in N seconds/minutes (at HH:MM:SS)", counting down to the time given by Retry-After. */
export function RetryCountdown({ until, onDone }: { until: number; onDone: () => void }) {
  const { t } = useTranslation('auth');
  const format = useFormatters();
  const [now, setNow] = useState(() => Date.now());
  const seconds = Math.max(0, Math.ceil((until - now) / 1000));

  useEffect(() => {
    if (seconds === 0) {
      onDone();
      return;
    }
    const timer = setTimeout(() => setNow(Date.now()), 1000);
    return () => clearTimeout(timer);
  }, [seconds, now, onDone]);

  const at = format.time(new Date(until));
  return (
    <span data-testid="retry-countdown">
      {seconds >= 120 ? t('login.retryInMinutes', { count: Math.ceil(seconds / 60), at }) : t('login.retryIn', { count: seconds, at })}
    </span>
  );
}
