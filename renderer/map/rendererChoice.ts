/**
 * Which renderer draws the bulk parcel fills: WebGL on a real GPU, canvas when the only WebGL is a
 * software rasteriser (SwiftShader, llvmpipe…: there it is slower than canvas, measured in docs/ui.md)
 * or when there is no WebGL at all. `?renderer=webgl|canvas` in the page address forces one, for
 * testers and for offices whose GPU driver misbehaves.
 */

export type ParcelRendererKind = 'webgl' | 'canvas';

/** Why that renderer: forced by the address, a hardware GPU, only software WebGL, or no WebGL. */
export type ParcelRendererReason = 'forced' | 'gpu' | 'software-webgl' | 'no-webgl';

/** What the browser offers: whether a WebGL context can be made, and the GPU it names. */
export interface WebglProbe {
  available: boolean;
  /** `UNMASKED_RENDERER_WEBGL` (or `RENDERER` when the debug extension is hidden), null without WebGL. */
  gpu: string | null;
}

export interface ParcelRendererChoice {
  kind: ParcelRendererKind;
  reason: ParcelRendererReason;
  gpu: string | null;
}

/** Renderer strings of the software rasterisers Chromium, Firefox and Windows fall back to. */
const SOFTWARE_GPU = /swiftshader|llvmpipe|softpipe|lavapipe|software rasterizer|microsoft basic render driver|apple software renderer/i;

/** True when the WebGL renderer string names a CPU rasteriser rather than a GPU. */
export function isSoftwareRasterizer(gpu: string): boolean {
  return SOFTWARE_GPU.test(gpu);
}

/** Chooses the bulk layer's renderer from the page's query string and the WebGL probe. */
export function chooseParcelRenderer(search: string, probe: WebglProbe): ParcelRendererChoice {
  const forced = new URLSearchParams(search).get('renderer');
  const gpu = probe.gpu;
  if (forced === 'canvas') return { kind: 'canvas', reason: 'forced', gpu };
  if (!probe.available) return { kind: 'canvas', reason: 'no-webgl', gpu };
  if (forced === 'webgl') return { kind: 'webgl', reason: 'forced', gpu };
  if (gpu !== null && isSoftwareRasterizer(gpu)) return { kind: 'canvas', reason: 'software-webgl', gpu };
  return { kind: 'webgl', reason: 'gpu', gpu };
}

/** Asks the browser for a WebGL context and the name of the GPU behind it. */
export function probeWebgl(): WebglProbe {
  try {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return { available: false, gpu: null };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const gpu = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    // Give the context back at once: browsers cap live WebGL contexts, and the map needs its own.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, gpu };
  } catch {
    return { available: false, gpu: null };
  }
}
