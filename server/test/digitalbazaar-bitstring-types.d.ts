// The few parts of @digitalbazaar/bitstring (which ships no types) that the Open Badges test uses
// as its independent status-list decoder.
declare module '@digitalbazaar/bitstring' {
  export class Bitstring {
    constructor(options: { buffer: Uint8Array });
    readonly length: number;
    get(position: number): boolean;
    static decodeBits(options: { encoded: string }): Promise<Uint8Array>;
  }
}
