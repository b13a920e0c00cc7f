/**
 * Camera scan of a member's QR card with the browser's BarcodeDetector (Chromium on Android and
 * ChromeOS tablets). Lazy-loaded: only tills that use it pay for it. The camera stops on close.
 */
import { useEffect, useRef, useState } from 'react';
import { Dialog } from '../../app/ui/dialog';
import { useT } from '../../i18n/use-t';

interface Detector { detect: (source: HTMLVideoElement) => Promise<{ rawValue: string }[]> }
type DetectorCtor = new (opts: { formats: string[] }) => Detector;

export default function CameraScan({ onClose, onCode }: { onClose: () => void; onCode: (code: string) => void }) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  // 'unsupported': this browser cannot read codes from the camera; 'camera': the camera did not open (refused, busy, absent).
  const [error, setError] = useState<'unsupported' | 'camera' | null>(null);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer = 0;
    let stopped = false;
    const Ctor = (window as unknown as { BarcodeDetector?: DetectorCtor }).BarcodeDetector;
    if (!Ctor) { setError('unsupported'); return undefined; }
    if (!navigator.mediaDevices?.getUserMedia) { setError('camera'); return undefined; }
    const detector = new Ctor({ formats: ['qr_code', 'code_128', 'ean_13'] });
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        const v = video.current;
        if (!v || stopped) return;
        v.srcObject = stream;
        await v.play();
        const tick = async () => {
          if (stopped) return;
          const found = await detector.detect(v).catch(() => []);
          const code = found[0]?.rawValue;
          if (code) onCode(code);
          else timer = window.setTimeout(() => void tick(), 250);
        };
        void tick();
      } catch {
        setError('camera');
      }
    })();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, [onCode]);

  return (
    <Dialog title={t('lookup.scanCamera')} onClose={onClose}>
      {error ? <p className="error" role="alert">{t(error === 'unsupported' ? 'lookup.cameraUnsupported' : 'lookup.cameraError')}</p>
        : <video ref={video} className="camera" muted playsInline aria-label={t('lookup.scanCamera')} />}
      <div className="actions">
        <button type="button" className="btn" onClick={onClose}>{t('lookup.cameraStop')}</button>
      </div>
    </Dialog>
  );
}
