import { ActionIcon, Menu } from '@mantine/core';
import { IconDots } from '@tabler/icons-react';
import { Fragment, useRef, type ReactNode } from 'react';
import { DANGER_TEXT } from '../../lib/danger-text.js';

export interface RowAction {
  label: string;
  icon?: ReactNode;
  onClick: () => void;
  /** Destructive: red, and set apart by a divider. */
  danger?: boolean;
  /** Left out of the menu (e.g. "Suspend" on yourself). */
  hidden?: boolean;
}

/**
 * For a menu whose items open dialogs: the item is gone once the menu closes, so a dialog it opens
 * must remember (and give focus back to) the menu's button instead. `fromMenu(fn)` moves focus to
 * `button` first, then runs `fn`. Put `button` on the Menu.Target.
 */
export function useMenuOpener() {
  const button = useRef<HTMLButtonElement>(null);
  const fromMenu = (run: () => void) => () => {
    button.current?.focus({ preventScroll: true });
    run();
  };
  return { button, fromMenu };
}

/** The "⋯" menu at the end of a row. `label` names the row for screen readers ("Actions for Mia"). */
export function RowActions({ label, actions }: { label: string; actions: RowAction[] }) {
  const { button, fromMenu } = useMenuOpener();
  const shown = actions.filter((a) => !a.hidden);
  if (shown.length === 0) return null;
  const firstDanger = shown.findIndex((a) => a.danger);
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon ref={button} variant="subtle" color="gray" aria-label={label}>
          <IconDots size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {shown.map((action, index) => (
          <Fragment key={action.label}>
            {index === firstDanger && index > 0 ? <Menu.Divider /> : null}
            <Menu.Item color={action.danger ? DANGER_TEXT : undefined} leftSection={action.icon} onClick={fromMenu(action.onClick)}>
              {action.label}
            </Menu.Item>
          </Fragment>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
