/**
 * `COPY … TO STDOUT` read straight off the connection's socket (ADR 7, verify walk): the CopyData
 * payloads are handed to `sink` as byte ranges of the chunks the socket delivered, synchronously,
 * with no per-message Buffer, no concatenation and no stream of its own in between — what
 * pg-copy-streams does per message (a slice, then one joined copy per chunk) was a third of the
 * walk's Node time. The hashing runs in the socket's 'data' callback, so a slower consumer simply
 * leaves the kernel's buffer full and PostgreSQL waits (no read-ahead buffer to fill).
 *
 * It takes over the connection the way pg-copy-streams does: pg's data listener is removed while
 * the COPY runs, and everything after CopyDone (or from an ErrorResponse on) is handed back to it,
 * so pg sees CommandComplete/ReadyForQuery (or the error) and settles the query.
 *
 * On a connection made with `reusedBufferSocket` (the whole-store walk's own connection), the socket
 * reads into one reused buffer instead of a fresh 64 KB Buffer per read, and the COPY is handed its
 * bytes in place; everything else is copied out of that buffer for pg.
 */
import { Socket, SocketConstructorOpts } from 'node:net';
import { Connection } from 'pg';

/** Receives the COPY's bytes in order: `buf[start, end)` is the next piece of the COPY data. */
export type CopySink = (buf: Buffer, start: number, end: number) => void;

const COPY_DATA = 0x64; // d
const COPY_DONE = 0x63; // c
const COPY_OUT_RESPONSE = 0x48; // H
const NOTICE = 0x4e; // N
const PARAMETER_STATUS = 0x53; // S
const NOTIFICATION = 0x41; // A

type DataSocket = NodeJS.ReadableStream & { on(event: 'data', fn: (chunk: Buffer) => void): unknown };

/** Default read size of a `reusedBufferSocket`: about 600 events of 1.7 KB per read. */
export const REUSED_READ_BYTES = 1024 * 1024;

/** Where a `reusedBufferSocket` hands its reads while a COPY takes them in place. */
const COPY_READER = Symbol('copy reader');
type ReusedBufferSocket = Socket & { [COPY_READER]?: ((chunk: Buffer) => void) | null };

/**
 * A socket for pg's `stream` option (plain TCP or a Unix socket, never TLS: the reads would be
 * ciphertext) that reads into one buffer of `bytes`, reused for every read (net.Socket `onread`): no
 * Buffer allocated per read, and larger reads (fewer system calls and callbacks per event). A
 * CopyOut running on it reads the buffer in place; otherwise each read is copied and given to pg
 * as its 'data', since pg keeps the chunks it is given.
 */
export function reusedBufferSocket(bytes = REUSED_READ_BYTES): Socket {
  const buffer = Buffer.allocUnsafe(bytes);
  // `onread` is in Node's net.Socket options since v15; @types/node's SocketConstructorOpts lacks it.
  const options: SocketConstructorOpts & { onread: { buffer: Buffer; callback: (read: number) => void } } = {
    onread: {
      buffer,
      callback: (read) => {
        const copy = socket[COPY_READER];
        if (copy) copy(buffer.subarray(0, read));
        else socket.emit('data', Buffer.from(buffer.subarray(0, read)));
      },
    },
  };
  const socket: ReusedBufferSocket = new Socket(options);
  socket[COPY_READER] = null;
  return socket;
}

export class CopyOut {
  private socket: DataSocket | null = null;
  /** The socket is a reusedBufferSocket: the COPY's reads arrive through COPY_READER, in place. */
  private inPlace = false;
  private pgData: ((chunk: Buffer) => void) | null = null;
  private readonly onData = (chunk: Buffer): void => this.read(chunk);
  /** A message header (type byte and length word) split across chunks. */
  private header = Buffer.alloc(5);
  private headerBytes = 0;
  private type = 0;
  /** Bytes of the current message still to come. */
  private remaining = 0;
  private settled = false;
  private error: Error | null = null;
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private rejectDone!: (error: Error) => void;

  constructor(
    readonly text: string,
    private readonly sink: CopySink,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    this.done.catch(() => undefined); // the caller awaits it; never an unhandled rejection meanwhile
  }

  /** pg's Submittable: called when the query reaches the connection. */
  submit(connection: Connection): void {
    const socket = (connection as unknown as { stream: DataSocket }).stream;
    if (COPY_READER in socket) {
      this.socket = socket;
      this.inPlace = true;
      (socket as ReusedBufferSocket)[COPY_READER] = this.onData;
      connection.query(this.text);
      return;
    }
    const listeners = socket.listeners('data') as Array<(chunk: Buffer) => void>;
    if (listeners.length !== 1) throw new Error(`COPY: expected pg's one data listener on the socket, found ${listeners.length}`);
    this.socket = socket;
    this.pgData = listeners[0];
    socket.removeListener('data', this.pgData);
    socket.on('data', this.onData);
    connection.query(this.text);
  }

  /** Stops reading (the server then waits); `resume` goes on. For a lane that runs ahead. */
  pause(): void {
    this.socket?.pause();
  }

  resume(): void {
    this.socket?.resume();
  }

  private read(chunk: Buffer): void {
    if (this.settled) return; // failed: the rest of the COPY is dropped; the caller closes the connection
    let pos = 0;
    const end = chunk.length;
    try {
      while (pos < end) {
        if (this.remaining === 0) {
          // A message header: type byte, then its length (which counts itself).
          if (this.headerBytes === 0 && end - pos >= 5) {
            this.type = chunk[pos];
            if (!this.copying(this.type)) return this.handBack(chunk, pos);
            this.remaining = chunk.readUInt32BE(pos + 1) - 4;
            pos += 5;
          } else {
            const take = Math.min(5 - this.headerBytes, end - pos);
            chunk.copy(this.header, this.headerBytes, pos, pos + take);
            if (this.headerBytes === 0 && !this.copying(this.header[0])) return this.handBack(chunk, pos);
            this.headerBytes += take;
            pos += take;
            if (this.headerBytes < 5) return;
            this.headerBytes = 0;
            this.type = this.header[0];
            this.remaining = this.header.readUInt32BE(1) - 4;
          }
          if (this.remaining === 0 && this.type === COPY_DONE) return this.handBack(chunk, pos);
          continue;
        }
        const take = Math.min(this.remaining, end - pos);
        if (this.type === COPY_DATA) this.sink(chunk, pos, pos + take);
        this.remaining -= take;
        pos += take;
        if (this.remaining === 0 && this.type === COPY_DONE) return this.handBack(chunk, pos);
      }
    } catch (error) {
      // The sink refused the data (a malformed COPY). The server is still sending it, so pg must not
      // see it: the rest is dropped here, and the caller closes the connection (release with an error).
      this.fail(error as Error);
    }
  }

  /** Messages that belong to the COPY; anything else ends it (CopyDone is checked by the caller). */
  private copying(type: number): boolean {
    return (
      type === COPY_DATA ||
      type === COPY_DONE ||
      type === COPY_OUT_RESPONSE ||
      type === NOTICE ||
      type === PARAMETER_STATUS ||
      type === NOTIFICATION
    );
  }

  /** The COPY is over (CopyDone read, or a message that is pg's business): pg reads the rest. */
  private handBack(chunk: Buffer, pos: number): void {
    if (this.inPlace) {
      // The buffer is read into again: pg gets its own copy.
      const socket = this.socket;
      this.detach();
      if (socket && pos < chunk.length) socket.emit('data', Buffer.from(chunk.subarray(pos)));
      return;
    }
    const pgData = this.pgData;
    this.detach();
    if (pgData && pos < chunk.length) pgData(chunk.subarray(pos));
  }

  private detach(): void {
    if (this.inPlace) {
      if (this.socket) (this.socket as ReusedBufferSocket)[COPY_READER] = null;
      return;
    }
    if (this.socket && this.pgData) {
      this.socket.removeListener('data', this.onData);
      this.socket.on('data', this.pgData);
    }
    this.pgData = null;
  }

  private fail(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.error = error;
    this.rejectDone(error);
  }

  // pg's Submittable callbacks, once the connection is back in pg's hands.
  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolveDone();
  }

  handleError(error: Error): void {
    this.detach();
    this.fail(error);
  }

  get failure(): Error | null {
    return this.error;
  }
}
