import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A deliberately naive ZIP writer for tests: it writes whatever it is told,
 * including names, sizes, checksums and file types no honest tool would
 * write, so the expander can be fed hostile archives made by our own code.
 */
export interface ZipEntrySpec {
  name: string;
  data?: Buffer | string;
  deflate?: boolean;
  /** Bytes already deflated elsewhere (a bomb streamed through zlib): written as method 8; give `crc` and `declaredSize`. */
  deflated?: Buffer;
  /** Unix mode stored in the external attributes (e.g. 0o120777 for a link). */
  unixMode?: number;
  /** Lie about the unpacked size. */
  declaredSize?: number;
  /** Lie about the CRC-32. */
  crc?: number;
  encrypted?: boolean;
}

export function makeZip(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const raw = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data ?? '');
    const packed = entry.deflated ?? (entry.deflate ? deflateRawSync(raw) : raw);
    // Traditional PKWARE encryption prefixes a 12-byte header to the data.
    const stored = entry.encrypted ? Buffer.concat([Buffer.alloc(12), packed]) : packed;
    const name = Buffer.from(entry.name, 'utf8');
    const method = entry.deflate || entry.deflated ? 8 : 0;
    const flags = 0x800 | (entry.encrypted ? 1 : 0);
    const crc = entry.crc ?? crc32(raw);
    const size = entry.declaredSize ?? raw.length;
    const dosTime = (12 << 11) | (30 << 5);
    const dosDate = ((2024 - 1980) << 9) | (3 << 5) | 15;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, stored);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode is read
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.unixMode ?? (entry.name.endsWith('/') ? 0o040755 : 0o100644)) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + stored.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
