// The zip archive of torch.save: uncompressed ("stored") records whose data start at a
// multiple of 64 bytes, as PyTorch's writer (caffe2's PyTorchStreamWriter) lays them out, and
// a reader for any such archive (stored or deflated records, zip64 included).
// zlib's CRC-32 (native, vectorized): a JS byte loop took 3 ms of a 1.3 MB checkpoint's save.
import { crc32 } from "node:zlib";
import { inflateSync } from "fflate";

const ALIGNMENT = 64;

/** The archive as a list of chunks to write one after the other (no copy of the records' data). */
export function zipChunks(records: { name: string; data: Uint8Array }[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of records) {
    const nameBytes = Buffer.from(name, "utf8");
    // Pad the local header with an extra field ("FB" and spaces, as PyTorch does) so that the
    // record's data start on a 64-byte boundary.
    let extraLen = 0;
    const headerEnd = offset + 30 + nameBytes.length;
    if (headerEnd % ALIGNMENT !== 0) {
      extraLen = ALIGNMENT - (headerEnd % ALIGNMENT);
      if (extraLen < 4) extraLen += ALIGNMENT;
    }
    const crc = crc32(data);
    const local = Buffer.alloc(30 + nameBytes.length + extraLen);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(0, 10); // time, date
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(extraLen, 28);
    nameBytes.copy(local, 30);
    if (extraLen > 0) {
      const at = 30 + nameBytes.length;
      local.writeUInt16LE(0x4246, at); // "FB"
      local.writeUInt16LE(extraLen - 4, at + 2);
      local.fill(0x5a, at + 4, at + extraLen);
    }
    const cd = Buffer.alloc(46 + nameBytes.length);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0, 8);
    cd.writeUInt16LE(0, 10);
    cd.writeUInt32LE(0, 12);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(nameBytes.length, 28);
    cd.writeUInt32LE(offset, 42);
    nameBytes.copy(cd, 46);
    central.push(cd);
    chunks.push(local, data);
    offset += local.length + data.length;
    if (offset > 0xffffffff) throw new RangeError("torch.save: checkpoints of 4 GiB or more are not supported by torchts (no zip64 writer)");
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(records.length, 8);
  end.writeUInt16LE(records.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return [...chunks, ...central, end];
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** A read-only view of a zip archive's records; `problem` errors name what is wrong. */
export class ZipReader {
  readonly entries = new Map<string, ZipEntry>();

  constructor(private readonly bytes: Uint8Array, private readonly fail: (problem: string) => Error) {
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const size = b.length;
    if (size < 22 || b.readUInt32LE(0) !== 0x04034b50) {
      throw fail(size < 4 ? "not a zip archive (the file is empty or too short)" : "not a zip archive (no zip signature at its start; a torch.save file is a zip archive)");
    }
    let eocd = -1;
    for (let i = size - 22; i >= Math.max(0, size - 22 - 0xffff); i--) {
      if (b.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw fail("truncated or corrupt zip archive (no end of central directory record)");
    let count = b.readUInt16LE(eocd + 10);
    let cdSize = b.readUInt32LE(eocd + 12);
    let cdOffset = b.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
      const loc = eocd - 20;
      if (loc < 0 || b.readUInt32LE(loc) !== 0x07064b50) throw fail("corrupt zip64 archive (no zip64 locator)");
      const z = Number(b.readBigUInt64LE(loc + 8));
      if (z + 56 > size || b.readUInt32LE(z) !== 0x06064b50) throw fail("corrupt zip64 archive (bad zip64 end record)");
      count = Number(b.readBigUInt64LE(z + 32));
      cdSize = Number(b.readBigUInt64LE(z + 40));
      cdOffset = Number(b.readBigUInt64LE(z + 48));
    }
    if (cdOffset + cdSize > size) throw fail("truncated or corrupt zip archive (central directory past the end of the file)");
    let p = cdOffset;
    for (let i = 0; i < count; i++) {
      if (p + 46 > size || b.readUInt32LE(p) !== 0x02014b50) throw fail("corrupt zip archive (bad central directory entry)");
      const method = b.readUInt16LE(p + 10);
      let compressedSize = b.readUInt32LE(p + 20);
      let usize = b.readUInt32LE(p + 24);
      const nameLen = b.readUInt16LE(p + 28);
      const extraLen = b.readUInt16LE(p + 30);
      const commentLen = b.readUInt16LE(p + 32);
      if (p + 46 + nameLen + extraLen + commentLen > size) throw fail("corrupt zip archive (central directory entry past the end of the file)");
      let localOffset = b.readUInt32LE(p + 42);
      const name = b.toString("utf8", p + 46, p + 46 + nameLen);
      // zip64 extra field: the 64-bit values of the fields that read 0xffffffff, in order.
      let e = p + 46 + nameLen;
      const eEnd = e + extraLen;
      while (e + 4 <= eEnd) {
        const id = b.readUInt16LE(e);
        const len = b.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (e + 4 + len > eEnd) throw fail("corrupt zip archive (bad zip64 extra field)");
          if (usize === 0xffffffff) (usize = Number(b.readBigUInt64LE(q))), (q += 8);
          if (compressedSize === 0xffffffff) (compressedSize = Number(b.readBigUInt64LE(q))), (q += 8);
          if (localOffset === 0xffffffff) localOffset = Number(b.readBigUInt64LE(q));
        }
        e += 4 + len;
      }
      this.entries.set(name, { name, method, compressedSize, size: usize, localOffset });
      p = eEnd + commentLen;
    }
  }

  /** The record's bytes (a view of the file's bytes when stored uncompressed). */
  read(name: string): Uint8Array {
    const entry = this.entries.get(name);
    if (!entry) throw this.fail(`missing record ${name}`);
    const b = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    const at = entry.localOffset;
    if (at + 30 > b.length || b.readUInt32LE(at) !== 0x04034b50) throw this.fail(`corrupt zip archive (bad local header of ${name})`);
    const start = at + 30 + b.readUInt16LE(at + 26) + b.readUInt16LE(at + 28);
    const end = start + entry.compressedSize;
    if (end > b.length) throw this.fail(`truncated file (record ${name} ends past the end of the file)`);
    const raw = this.bytes.subarray(start, end);
    if (entry.method === 0) return raw;
    if (entry.method === 8) {
      // Deflate expands at most 1032:1; a larger claimed size is a lie, refused before it is allocated.
      if (entry.size > entry.compressedSize * 1032 + 1024) {
        throw this.fail(`corrupt zip archive (record ${name} claims ${entry.size} bytes uncompressed from ${entry.compressedSize} compressed, more than deflate can give)`);
      }
      try {
        return inflateSync(raw, { out: new Uint8Array(entry.size) });
      } catch (error) {
        throw this.fail(`corrupt compressed record ${name} (${(error as Error).message})`);
      }
    }
    throw this.fail(`record ${name} uses zip compression method ${entry.method}, which torchts cannot read`);
  }
}
