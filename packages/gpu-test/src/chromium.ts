// Headless Debian Chromium with WebGPU (SwiftShader), driven by playwright-core. Shared by the GPU runner,
// the e2e tests and the benchmarks. See docs/webgpu-on-cpu.md.
import { type Browser, chromium } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface LaunchOptions {
  /** Without it requestAdapter() returns null: used to test the no-WebGPU path. */
  webgpu?: boolean;
}

export function launchChromium({ webgpu = true }: LaunchOptions = {}): Promise<Browser> {
  const args = [
    '--no-sandbox',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  if (webgpu) args.push('--enable-unsafe-webgpu');
  return chromium.launch({ executablePath: chromiumPath, headless: true, args });
}
