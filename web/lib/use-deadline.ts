import { useEffect, useState } from 'react';

/**
 * True once `active` has stayed true for `ms`. Guards and loaders use it so that no spinner
 * can outlive the request timeout, whatever happens underneath.
 */
export function useDeadline(active: boolean, ms: number): boolean {
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    if (!active) {
      setExpired(false);
      return undefined;
    }
    const timer = setTimeout(() => setExpired(true), ms);
    return () => clearTimeout(timer);
  }, [active, ms]);
  return active && expired;
}
