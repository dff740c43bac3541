/** The part of pako 1.x (jszip's own inflater) that the package budget uses: a raw streaming inflate. */
declare module 'pako/lib/inflate' {
  export class Inflate {
    constructor(options?: { raw?: boolean; chunkSize?: number });
    push(data: Uint8Array, mode?: boolean | number): boolean;
    onData(chunk: Uint8Array): void;
    onEnd(status: number): void;
    err: number;
    msg: string;
    ended: boolean;
  }
}
