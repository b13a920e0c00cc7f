/** A time-zone picker: every IANA zone the browser knows, or a text field on a browser that cannot list them. */
import { useState } from 'react';
import { isTimeZone } from '../../domain/time';

export const DEFAULT_ZONE = 'Asia/Shanghai';

/** The browser's own time zone when it knows a real one, else Shanghai (the till's home market). */
export function browserZone(): string {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return tz && tz !== 'UTC' && isTimeZone(tz) ? tz : DEFAULT_ZONE;
}

function knownZones(): string[] | null {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  return intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : null;
}

export function TimeZoneSelect({ value, onChange }: { value: string; onChange: (tz: string) => void }) {
  const [zones] = useState(knownZones);
  if (!zones) return <input value={value} onChange={(e) => onChange(e.target.value)} />;
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)}>
      {(zones.includes(value) ? zones : [value, ...zones]).map((z) => <option key={z} value={z}>{z}</option>)}
    </select>
  );
}
