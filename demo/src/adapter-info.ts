// Which GPU this page gets, and what it can do; or, without WebGPU, what the visitor can do about it.

export async function showAdapter(): Promise<boolean> {
  const label = document.getElementById('adapter')!;
  const adapter = await navigator.gpu?.requestAdapter().catch(() => null);
  if (!adapter) {
    label.textContent = 'No WebGPU';
    const message = document.getElementById('no-webgpu')!;
    message.hidden = false;
    message.textContent =
      'This browser does not offer WebGPU, which wgllm needs to run models on your GPU. ' +
      'Use Chrome or Edge 113+ on Windows, macOS or ChromeOS, Chrome 121+ on Android, or Safari 26+. ' +
      'On Linux, enable chrome://flags/#enable-unsafe-webgpu (and Vulkan); in Firefox Nightly set dom.webgpu.enabled.';
    document.querySelector('.layout')?.setAttribute('hidden', '');
    return false;
  }
  const { vendor, architecture, description } = adapter.info;
  const name = [vendor, architecture].filter(Boolean).join(' ') || description || 'unknown GPU';
  // The engine (in its Worker, on this same adapter) enables both features whenever the adapter offers them.
  const f16 = adapter.features.has('shader-f16') ? 'f16 in use' : 'no f16 (f32 path)';
  const subgroups = adapter.features.has('subgroups') ? 'subgroups in use' : 'no subgroups';
  label.textContent = `GPU: ${name} · ${f16} · ${subgroups}`;
  return true;
}
