// Machine and version facts for the results header.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, platform, release, totalmem } from 'node:os';
import type { MachineInfo, Versions } from './results.ts';

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  // Read package.json next to the resolved entry (some packages don't export it).
  let dir = require.resolve.paths(name)?.find((base) => {
    try {
      readFileSync(`${base}/${name}/package.json`);
      return true;
    } catch {
      return false;
    }
  });
  dir = dir ? `${dir}/${name}` : name;
  return (JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as { version: string }).version;
}

export function machineInfo(adapters: string[]): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    adapters,
  };
}

export function versions(chromium: string | undefined): Versions {
  return {
    node: process.version,
    ...(chromium === undefined ? {} : { chromium }),
    nodeLlamaCpp: packageVersion('node-llama-cpp'),
    wllama: packageVersion('@wllama/wllama'),
    webgpu: packageVersion('webgpu'),
  };
}
