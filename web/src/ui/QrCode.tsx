// A QR code of a link, drawn in the browser by the library and with the options the server
// uses for the guest's page (src/app/guests/qr.ts), so the cabinet shows the same code.
import { useEffect, useState } from 'react';
import { toString as qrString } from 'qrcode';

export function QrCode(props: { value: string; label: string; size?: number }) {
  const size = props.size ?? 168;
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    qrString(props.value, { type: 'svg', margin: 2, width: size, errorCorrectionLevel: 'M' }).then(
      (s) => current && setSvg(s),
      () => current && setSvg(null),
    );
    return () => {
      current = false;
    };
  }, [props.value, size]);
  return (
    <div
      role="img"
      aria-label={props.label}
      data-testid="qr"
      style={{ width: size, height: size, background: '#fff', flex: 'none' }}
      // The library's own SVG of the link: no text of ours is interpolated into the markup.
      dangerouslySetInnerHTML={svg ? { __html: svg } : undefined}
    />
  );
}
