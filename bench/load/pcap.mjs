// A tcpdump capture (classic pcap, Ethernet or Linux "cooked" link layer, IPv4) read into its TCP byte
// streams: Map<"tcp:{from port}:{to port}", [{ t (s since the epoch), data }]>, each in order. Loopback
// only, so no reordering to undo: a segment seen twice (same sequence number) is kept once.
const LINK_HEADER = { 0: 4, 1: 14, 113: 16 }; // BSD loopback, Ethernet, Linux cooked

export function readPcap(file) {
  const magic = file.readUInt32LE(0);
  const nanoseconds = magic === 0xa1b23c4d;
  if (magic !== 0xa1b2c3d4 && !nanoseconds) throw new Error('not a classic little-endian pcap file (tcpdump -w writes one)');
  const linkHeader = LINK_HEADER[file.readUInt32LE(20)];
  if (linkHeader === undefined) throw new Error(`link type ${file.readUInt32LE(20)} is not supported`);
  const streams = new Map();
  const seen = new Map();
  for (let at = 24; at + 16 <= file.length; ) {
    const t = file.readUInt32LE(at) + file.readUInt32LE(at + 4) / (nanoseconds ? 1e9 : 1e6);
    const captured = file.readUInt32LE(at + 8);
    if (captured < file.readUInt32LE(at + 12)) throw new Error('the capture cut packets short: take it with tcpdump -s 0');
    const packet = file.subarray(at + 16, at + 16 + captured);
    at += 16 + captured;
    const ip = packet.subarray(linkHeader);
    if (ip.length < 20 || ip[0] >> 4 !== 4 || ip[9] !== 6) continue;
    const tcp = ip.subarray((ip[0] & 0x0f) * 4, ip.readUInt16BE(2));
    const data = tcp.subarray((tcp[12] >> 4) * 4);
    if (data.length === 0) continue;
    const id = `tcp:${tcp.readUInt16BE(0)}:${tcp.readUInt16BE(2)}`;
    const sequence = tcp.readUInt32BE(4);
    const sequences = seen.get(id) ?? seen.set(id, new Set()).get(id);
    if (sequences.has(sequence)) continue;
    sequences.add(sequence);
    (streams.get(id) ?? streams.set(id, []).get(id)).push({ t, data });
  }
  return streams;
}
