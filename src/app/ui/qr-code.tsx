/**
 * A QR code drawn as one SVG path. The encoder (qrcode-generator, ~20 KiB) is loaded on first use,
 * so the till's initial bundle does not carry it.
 */
import { useEffect, useState } from 'react';

type Modules = boolean[][];

async function encode(text: string): Promise<Modules> {
  const { default: qrcode } = await import('qrcode-generator');
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)));
}

export function QrCode({ text, label, size = 160 }: { text: string; label: string; size?: number }) {
  const [modules, setModules] = useState<Modules | null>(null);
  useEffect(() => {
    let live = true;
    void encode(text).then((m) => { if (live) setModules(m); }).catch(() => undefined);
    return () => { live = false; };
  }, [text]);
  const n = modules?.length ?? 0;
  const margin = 2;
  let d = '';
  modules?.forEach((row, r) => row.forEach((dark, c) => { if (dark) d += `M${c + margin} ${r + margin}h1v1h-1z`; }));
  return (
    <svg className="qr" role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${n + margin * 2} ${n + margin * 2}`}
      shapeRendering="crispEdges" data-qr={text}>
      <rect width="100%" height="100%" fill="#fff" />
      {d && <path d={d} fill="#000" />}
    </svg>
  );
}
