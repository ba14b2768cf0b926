import * as zlib from 'node:zlib';

/**
 * Zip archives written byte by byte, so a test can make one that lies: each member is raw deflate data with the
 * sizes its central directory declares (the truth by default, whatever the test says otherwise).
 */
export interface RawMember {
  name: string;
  deflated: Buffer;
  /** The uncompressed size written in the headers. */
  declaredSize: number;
  crc?: number;
}

export function deflatedMember(name: string, data: Buffer): RawMember {
  return { name, deflated: zlib.deflateRawSync(data), declaredSize: data.length, crc: zlib.crc32(data) };
}

export function zipOf(members: RawMember[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(m.crc ?? 0, 14);
    local.writeUInt32LE(m.deflated.length, 18);
    local.writeUInt32LE(m.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(m.crc ?? 0, 16);
    central.writeUInt32LE(m.deflated.length, 20);
    central.writeUInt32LE(m.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, m.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + m.deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/**
 * `head` followed by `zeroMiB` MiB of zeros, as raw deflate, made without ever holding the zeros: one MiB of zeros
 * deflates (flushed, not final) to about a kilobyte that can be repeated, then an empty final block closes it.
 * 1,536 MiB come to about 1.5 MB, the bomb the issue describes.
 */
export function deflatedZeros(head: Buffer, zeroMiB: number): Buffer {
  const flush = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const mib = zlib.deflateRawSync(Buffer.alloc(1024 * 1024), flush);
  return Buffer.concat([zlib.deflateRawSync(head, flush), ...Array.from({ length: zeroMiB }, () => mib), Buffer.from([0x03, 0x00])]);
}

/** The 100-byte header of a polygon .shp, so a parser reads on into what follows. */
export function shpHeader(): Buffer {
  const b = Buffer.alloc(100);
  b.writeInt32BE(9994, 0);
  b.writeInt32BE(50, 24);
  b.writeInt32LE(1000, 28);
  b.writeInt32LE(5, 32);
  return b;
}
