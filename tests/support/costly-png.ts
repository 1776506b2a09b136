import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { crc32, createDeflate } from "node:zlib";

/**
 * A PNG that is small on the wire and costly to decode: `width`×`height` pixels of RGBA (16-bit
 * by default), Adam7-interlaced by default (so a decoder holds the whole image at once), every
 * pixel zero (so it compresses about a thousandfold). The attack issue 20 names: 7070×7070 is
 * 400 MB to decode in a file of a few hundred KB.
 */
export async function costlyPng(
  width: number,
  height: number,
  { interlaced = true, bitDepth = 16 }: { interlaced?: boolean; bitDepth?: 8 | 16 } = {},
): Promise<Buffer> {
  const bytesPerPixel = 4 * (bitDepth / 8);
  const passes: [number, number, number, number][] = interlaced
    ? [
        [0, 0, 8, 8],
        [4, 0, 8, 8],
        [0, 4, 4, 8],
        [2, 0, 4, 4],
        [0, 2, 2, 4],
        [1, 0, 2, 2],
        [0, 1, 1, 2],
      ]
    : [[0, 0, 1, 1]];
  // Every scanline is a filter byte (0) and zero samples: the raw stream is all zeros, only its length matters.
  let rawLength = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const columns = Math.ceil((width - x0) / dx);
    const rows = Math.ceil((height - y0) / dy);
    if (columns > 0 && rows > 0) rawLength += rows * (1 + columns * bytesPerPixel);
  }
  const zeros = Buffer.alloc(Math.min(rawLength, 16 * 1024 * 1024));
  const chunks = (function* () {
    for (let left = rawLength; left > 0; left -= zeros.length) yield zeros.subarray(0, Math.min(left, zeros.length));
  })();
  const idat = await buffer(Readable.from(chunks).pipe(createDeflate({ level: 9 })));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([bitDepth, 6, 0, 0, interlaced ? 1 : 0], 8); // depth, RGBA, deflate, adaptive filtering, interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", idat),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}
