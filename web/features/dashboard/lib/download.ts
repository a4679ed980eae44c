import { saveBlob } from '../../../lib/http/stream.js';

/** Saves text as a file (a CSV export, say) with no server round trip. */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  // The byte-order mark makes Excel read the file as UTF-8 (names with accents stay intact).
  saveBlob(new Blob(['\uFEFF', text], { type }), fileName);
}
