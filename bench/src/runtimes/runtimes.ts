// Every runtime the bench can measure, where it runs, and how its column is labelled.

export type RuntimeId =
  | 'wgllm-node-lavapipe'
  | 'wgllm-node-swiftshader'
  | 'wgllm-node-vulkan'
  | 'wgllm-chromium'
  | 'llamacpp-cpu-1t'
  | 'llamacpp-cpu-mt'
  | 'llamacpp-cuda'
  | 'llamacpp-vulkan'
  | 'wllama-chromium';

export interface RuntimeInfo {
  id: RuntimeId;
  label: string;
  /** 'node': a child process per model (own environment, killable on timeout); 'chromium': a page per model. */
  host: 'node' | 'chromium';
  /** Dawn adapter environment (scripts/adapters.mjs); undefined: the machine's default Vulkan ICD. */
  adapter?: 'lavapipe' | 'swiftshader';
  /** Which family it is, for the ratio columns. */
  family: 'wgllm' | 'llamacpp' | 'wllama';
}

export const runtimes: Record<RuntimeId, RuntimeInfo> = {
  'wgllm-node-lavapipe': {
    id: 'wgllm-node-lavapipe',
    label: 'wgllm Node lavapipe',
    host: 'node',
    adapter: 'lavapipe',
    family: 'wgllm',
  },
  'wgllm-node-swiftshader': {
    id: 'wgllm-node-swiftshader',
    label: 'wgllm Node SwiftShader',
    host: 'node',
    adapter: 'swiftshader',
    family: 'wgllm',
  },
  'wgllm-node-vulkan': { id: 'wgllm-node-vulkan', label: 'wgllm Node Vulkan', host: 'node', family: 'wgllm' },
  'wgllm-chromium': { id: 'wgllm-chromium', label: 'wgllm Chromium', host: 'chromium', family: 'wgllm' },
  'llamacpp-cpu-1t': {
    id: 'llamacpp-cpu-1t',
    label: 'llama.cpp CPU 1 thread',
    host: 'node',
    family: 'llamacpp',
  },
  'llamacpp-cpu-mt': {
    id: 'llamacpp-cpu-mt',
    label: 'llama.cpp CPU default threads',
    host: 'node',
    family: 'llamacpp',
  },
  'llamacpp-cuda': { id: 'llamacpp-cuda', label: 'llama.cpp CUDA', host: 'node', family: 'llamacpp' },
  'llamacpp-vulkan': { id: 'llamacpp-vulkan', label: 'llama.cpp Vulkan', host: 'node', family: 'llamacpp' },
  'wllama-chromium': {
    id: 'wllama-chromium',
    label: 'wllama Chromium (wasm CPU)',
    host: 'chromium',
    family: 'wllama',
  },
};

/** What `npm run bench` measures on this machine. */
export const cpuMachineRuntimes: RuntimeId[] = [
  'wgllm-node-lavapipe',
  'wgllm-node-swiftshader',
  'wgllm-chromium',
  'llamacpp-cpu-1t',
  'llamacpp-cpu-mt',
  'wllama-chromium',
];

export function isRuntimeId(value: string): value is RuntimeId {
  return value in runtimes;
}
