import UAParser from 'ua-parser-js';
import type { DEVICE_KINDS } from '../../shared/account-security.ts';

export type DeviceKind = (typeof DEVICE_KINDS)[number];

export interface DeviceDescription {
  /** Browser name and major version, e.g. "Chrome 131"; null when the parser cannot tell. */
  browser: string | null;
  /** System name and version, e.g. "Windows 10", "iOS 18.1"; null when the parser cannot tell. */
  os: string | null;
  device: DeviceKind;
}

function joined(name: string | undefined, version: string | undefined): string | null {
  if (!name) return null;
  return version ? `${name} ${version}` : name;
}

/**
 * What a person recognises of a browser in a list of their sessions, read by ua-parser-js 1.x
 * (MIT; 2.x is AGPL). ua-parser-js leaves the device type empty for desktop browsers.
 */
export function describeUserAgent(userAgent: string): DeviceDescription {
  const result = new UAParser(userAgent).getResult();
  const type = result.device.type;
  const device: DeviceKind =
    type === 'mobile' || type === 'tablet' ? type : type === undefined && result.os.name && result.browser.name ? 'desktop' : 'other';
  return { browser: joined(result.browser.name, result.browser.major), os: joined(result.os.name, result.os.version), device };
}
