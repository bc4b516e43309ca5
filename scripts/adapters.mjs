// The environment that selects each Dawn (Node) adapter on this machine: see docs/webgpu-on-cpu.md.
import { join } from 'node:path';

export function adapterEnv(root, adapter) {
  if (adapter === 'swiftshader') {
    // Chromium's package ships SwiftShader's Vulkan ICD and the Vulkan loader next to it.
    return {
      VK_ICD_FILENAMES: '/usr/lib/chromium/vk_swiftshader_icd.json',
      LD_LIBRARY_PATH: '/usr/lib/chromium',
      WGLLM_ADAPTER: adapter,
    };
  }
  if (adapter === 'lavapipe') {
    const mesa = join(root, '.cache/mesa25');
    return {
      VK_ICD_FILENAMES: join(mesa, 'lvp_icd.json'),
      LD_LIBRARY_PATH: join(mesa, 'usr/lib/x86_64-linux-gnu'),
      WGLLM_ADAPTER: adapter,
    };
  }
  throw new Error(`unknown adapter ${adapter}`);
}
