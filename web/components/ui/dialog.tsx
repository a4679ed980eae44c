import { Modal, type ModalProps } from '@mantine/core';
import { useEffect, useRef } from 'react';

/**
 * Gives focus back to the control that opened a dialog once it closes. Mantine's own focus return
 * only notices `opened` changing on a modal that stays mounted; most of our dialogs are mounted
 * while open (`{editing ? <EditModal opened /> : null}`) so their form state starts fresh, and
 * closing one left focus on the page. This also covers those: the opener is remembered when the
 * dialog opens (or mounts open) and focused again when it closes or unmounts, unless the person
 * has already moved focus elsewhere.
 */
export function useDialogFocusReturn(opened: boolean) {
  const opener = useRef<HTMLElement | null>(null);
  if (opened && opener.current === null && typeof document !== 'undefined' && document.activeElement instanceof HTMLElement) {
    // Read during render, before the dialog's focus trap moves focus inside it.
    opener.current = document.activeElement;
  }
  useEffect(() => {
    if (!opened) {
      opener.current = null;
      return undefined;
    }
    const target = opener.current;
    return () => giveBack(target);
  }, [opened]);
}

function giveBack(target: HTMLElement | null) {
  if (!target) return;
  // The dialog's nodes leave the page after this commit; focus then sits on <body>.
  window.setTimeout(() => {
    const active = document.activeElement;
    if (target.isConnected && (active === null || active === document.body)) target.focus({ preventScroll: true });
  });
}

/** Mantine's Modal that returns focus to its opener however it is closed (see useDialogFocusReturn). */
export function Dialog(props: ModalProps) {
  useDialogFocusReturn(props.opened);
  return <Modal {...props} />;
}
