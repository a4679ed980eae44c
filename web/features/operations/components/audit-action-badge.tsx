import { Badge } from '@mantine/core';

/** Colour by what the action did, read from its last segment (user.delete → delete). */
function colorOf(action: string): string {
  const verb = action.split('.').pop() ?? action;
  if (/^(create|add|invite|import|reactivate|publish)/.test(verb)) return 'teal';
  if (/^(delete|remove)/.test(verb)) return 'red';
  if (/^(suspend|archive|unpublish)/.test(verb)) return 'orange';
  if (verb.startsWith('bulk_')) return 'grape';
  return 'blue';
}

export function AuditActionBadge({ action }: { action: string }) {
  return (
    <Badge variant="light" color={colorOf(action)} tt="none" radius="sm" ff="monospace" fw={600}>
      {action}
    </Badge>
  );
}
