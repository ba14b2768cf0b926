import { type Readable, Transform } from 'node:stream';
import * as yauzl from 'yauzl';
import { bytes, ImportFileError, UploadCapError, type UploadCaps } from './upload-caps';

export interface ZipMember {
  name: string;
  compressedSize: number;
  /** As the central directory declares it: it can lie, so reads count the real bytes too. */
  uncompressedSize: number;
  entry: yauzl.Entry;
}

type ZipCaps = Pick<UploadCaps, 'maxEntries' | 'maxMemberBytes' | 'maxTotalBytes'>;

/**
 * A zip upload read with yauzl from its buffer: opening it reads only the central directory (entry count and
 * declared sizes are checked against the caps there, nothing is inflated); members are then streamed on demand,
 * counting inflated bytes per member and in total, and the stream is destroyed the moment a cap is passed.
 */
export class ZipUpload {
  private inflated = 0;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    readonly members: ZipMember[],
    private readonly caps: ZipCaps,
  ) {}

  static async open(buffer: Buffer, caps: ZipCaps): Promise<ZipUpload> {
    let zip: yauzl.ZipFile;
    try {
      // validateEntrySizes: a member inflating to more than it declares fails at the first byte over
      zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true });
    } catch (e) {
      throw new ImportFileError(`not a zip archive: ${(e as Error).message}`);
    }
    if (zip.entryCount > caps.maxEntries) {
      zip.close();
      throw new UploadCapError(
        'IMPORT_MAX_ENTRIES',
        `the zip has ${zip.entryCount.toLocaleString('en')} entries; at most ${caps.maxEntries.toLocaleString('en')} are accepted`,
      );
    }
    const members = await new Promise<ZipMember[]>((resolve, reject) => {
      const out: ZipMember[] = [];
      let declared = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith('/')) {
          const m = { name: entry.fileName, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize, entry };
          declared += m.uncompressedSize;
          if (m.uncompressedSize > caps.maxMemberBytes) {
            return reject(
              new UploadCapError(
                'IMPORT_MAX_MEMBER_BYTES',
                `${m.name} unpacks to ${bytes(m.uncompressedSize)}; a zip member may unpack to at most ${bytes(caps.maxMemberBytes)}`,
              ),
            );
          }
          if (declared > caps.maxTotalBytes) {
            return reject(new UploadCapError('IMPORT_MAX_TOTAL_BYTES', `the zip unpacks to more than ${bytes(caps.maxTotalBytes)} in all`));
          }
          out.push(m);
        }
        zip.readEntry();
      });
      zip.on('end', () => resolve(out));
      zip.on('error', (e: Error) => reject(new ImportFileError(`not a readable zip archive: ${e.message}`)));
      zip.readEntry();
    }).catch((e) => {
      zip.close();
      throw e;
    });
    return new ZipUpload(zip, members, caps);
  }

  /** The first member whose name ends with `ext` (case-insensitive), skipping macOS resource forks. */
  find(ext: string): ZipMember | undefined {
    return this.members.find((m) => m.name.toLowerCase().endsWith(ext) && !/(^|\/)__MACOSX\//.test(m.name) && !/(^|\/)\._/.test(m.name));
  }

  /** A member's inflated bytes as a stream that errors (and stops inflating) once `limit` or a cap is passed. */
  async stream(member: ZipMember, limit = this.caps.maxMemberBytes): Promise<Readable> {
    let source: Readable;
    try {
      source = await this.zip.openReadStreamPromise(member.entry);
    } catch (e) {
      throw new ImportFileError(`${member.name} cannot be unpacked: ${(e as Error).message}`);
    }
    let seen = 0;
    const counter = new Transform({
      transform: (chunk: Buffer, _enc, done) => {
        seen += chunk.length;
        this.inflated += chunk.length;
        if (seen > limit)
          return done(
            limit < this.caps.maxMemberBytes
              ? new ImportFileError(`${member.name} is larger than ${bytes(limit)}`)
              : new UploadCapError('IMPORT_MAX_MEMBER_BYTES', `${member.name} unpacks to more than ${bytes(limit)}`),
          );
        if (this.inflated > this.caps.maxTotalBytes)
          return done(new UploadCapError('IMPORT_MAX_TOTAL_BYTES', `the zip unpacks to more than ${bytes(this.caps.maxTotalBytes)} in all`));
        done(null, chunk);
      },
    });
    // an error on either side destroys both, so inflating stops at once; yauzl's errors reach the reader in our words
    source.on('error', (e) => counter.destroy(zipReadError(member, e)));
    counter.on('close', () => source.destroy());
    return source.pipe(counter);
  }

  /** A small member (.prj, .cpg) read whole, refusing more than `limit` bytes. */
  async read(member: ZipMember, limit: number): Promise<Buffer> {
    const s = await this.stream(member, limit);
    const chunks: Buffer[] = [];
    try {
      for await (const c of s) chunks.push(c as Buffer);
    } catch (e) {
      throw e instanceof ImportFileError ? e : zipReadError(member, e as Error);
    }
    return Buffer.concat(chunks);
  }

  close(): void {
    this.zip.close();
  }
}

/** yauzl's complaints as the user's: a member inflating past its declared size is how a lying zip bomb shows. */
export function zipReadError(member: ZipMember, err: Error): ImportFileError {
  if (/too many bytes/i.test(err.message)) {
    return new UploadCapError(
      'IMPORT_MAX_MEMBER_BYTES',
      `${member.name} unpacks to more than the ${bytes(member.uncompressedSize)} its zip entry declares (refused as a zip bomb)`,
    );
  }
  return err instanceof ImportFileError ? err : new ImportFileError(`${member.name} cannot be unpacked: ${err.message}`);
}
