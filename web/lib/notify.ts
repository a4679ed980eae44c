import { notifications, type NotificationData } from '@mantine/notifications';
import { i18n } from './i18n.js';

/** A notification whose close button has a name (Mantine's has none, which screen readers and axe flag). */
export function notify(data: NotificationData): void {
  notifications.show({ ...data, closeButtonProps: { 'aria-label': i18n.t('common:actions.close') } });
}
