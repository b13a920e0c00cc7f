/**
 * The plain-HTTP side of a server that serves the till over HTTPS (docs/operations.md W4, W5).
 * A tablet cannot open the HTTPS till before it trusts the shop's CA, so `http://<server>:8080/`
 * shows how: the CA to download (`/regulars-shop-ca.crt`), the steps on Android and iPad, and the
 * till's https:// address; any other path is redirected to the same path over HTTPS. With a
 * certificate from a public CA (no shop CA) every request is redirected. The page is in the
 * browser's language (Chinese or English) and carries no script and no style.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import qrcode from 'qrcode-generator';

export const CA_PATH = '/regulars-shop-ca.crt';

type Lang = 'zh-CN' | 'en';
const TEXT: Record<Lang, Record<'title' | 'why' | 'step1' | 'download' | 'android' | 'ipad' | 'step2' | 'open' | 'scan', string>> = {
  'zh-CN': {
    title: '在本店的平板上打开收银台',
    why: '收银台要用 HTTPS 打开，浏览器才允许它核对密码、加密备份和离线使用。每台平板只需信任一次本店的证书。',
    step1: '第一步：下载并安装本店证书',
    download: '下载本店证书',
    android: 'Android：打开下载的文件，或在“设置 → 安全 → 加密与凭据 → 安装证书 → CA 证书”中选择它。',
    ipad: 'iPad：下载后在“设置 → 已下载描述文件”中安装，再到“设置 → 通用 → 关于本机 → 证书信任设置”中打开对它的完全信任。',
    step2: '第二步：打开收银台',
    open: '打开收银台',
    scan: '用另一台平板扫描此码，打开本页：',
  },
  en: {
    title: 'Open the till on this shop’s tablets',
    why: 'The till must be opened over HTTPS: only then does the browser let it check PINs, encrypt backups and work offline. Each tablet trusts the shop’s certificate once.',
    step1: 'Step 1: download and install the shop’s certificate',
    download: 'Download the shop’s certificate',
    android: 'Android: open the downloaded file, or choose it under Settings → Security → Encryption & credentials → Install a certificate → CA certificate.',
    ipad: 'iPad: after downloading, install it under Settings → Profile Downloaded, then turn on full trust for it under Settings → General → About → Certificate Trust Settings.',
    step2: 'Step 2: open the till',
    open: 'Open the till',
    scan: 'Scan this code with another tablet to open this page:',
  },
};

function langOf(req: IncomingMessage): Lang {
  const first = String(req.headers['accept-language'] ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** The host the tablet typed, without its port; anything that is not a plain host name or address is refused. */
function hostOf(req: IncomingMessage): string | null {
  const h = String(req.headers.host ?? '');
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d+)?$/i.exec(h);
  return m?.[1] ?? null;
}

/** A QR code as an SVG path (no style attribute: the page's CSP allows none). */
export function qrSvg(text: string, label: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  let d = '';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c + 2} ${r + 2}h1v1h-1z`;
  return `<svg role="img" aria-label="${esc(label)}" width="200" height="200" viewBox="0 0 ${n + 4} ${n + 4}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}

/** The same QR code for a terminal (the server prints it at start, for the owner to scan with a tablet). */
export function qrText(text: string): string {
  const qr = qrcode(0, 'L');
  qr.addData(text);
  qr.make();
  return qr.createASCII(1, 2);
}

export function trustPage(lang: Lang, tillUrl: string, pageUrl: string): string {
  const t = TEXT[lang];
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(t.title)}</title></head>
<body><main>
<h1>${esc(t.title)}</h1>
<p>${esc(t.why)}</p>
<h2>${esc(t.step1)}</h2>
<p><a href="${CA_PATH}" download="regulars-shop-ca.crt">${esc(t.download)}</a></p>
<ul><li>${esc(t.android)}</li><li>${esc(t.ipad)}</li></ul>
<h2>${esc(t.step2)}</h2>
<p><a href="${esc(tillUrl)}">${esc(t.open)}: ${esc(tillUrl)}</a></p>
<p>${esc(t.scan)}</p>
${qrSvg(pageUrl, pageUrl)}
</main></body></html>`;
}

const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

export interface TrustServerOptions { httpsPort: number; caPem: string | null }

export function trustHandler(opts: TrustServerOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const host = hostOf(req) ?? 'localhost';
    const till = `https://${host}${opts.httpsPort === 443 ? '' : `:${opts.httpsPort}`}`;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', ...PAGE_HEADERS }).end();
    } else if (opts.caPem && path === CA_PATH) {
      res.writeHead(200, {
        ...PAGE_HEADERS, 'content-type': 'application/x-x509-ca-cert', 'cache-control': 'no-cache',
        'content-disposition': 'attachment; filename="regulars-shop-ca.crt"',
      }).end(req.method === 'HEAD' ? undefined : opts.caPem);
    } else if (opts.caPem && path === '/') {
      const page = `http://${String(req.headers.host ?? host)}/`;
      const body = trustPage(langOf(req), `${till}/`, hostOf(req) ? page : `http://${host}/`);
      res.writeHead(200, { ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', vary: 'Accept-Language' })
        .end(req.method === 'HEAD' ? undefined : body);
    } else {
      // The Location keeps the path and query; its host is the checked one above.
      const url = req.url ?? '/';
      res.writeHead(308, { ...PAGE_HEADERS, location: `${till}${url.startsWith('/') ? url : '/'}` }).end();
    }
  };
}

export async function startTrustServer(port: number, host: string, opts: TrustServerOptions): Promise<Server> {
  const server = createServer(trustHandler(opts));
  await new Promise<void>((ok, fail) => { server.once('error', fail); server.listen(port, host, () => ok()); });
  return server;
}
