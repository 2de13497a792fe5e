import { describe, expect, it } from 'vitest';
import { chooseParcelRenderer, isSoftwareRasterizer } from '../../../renderer/map/rendererChoice.js';

const SWIFTSHADER = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
const LLVMPIPE = 'llvmpipe (LLVM 15.0.6, 256 bits)';
const INTEL = 'ANGLE (Intel, Intel(R) UHD Graphics 620 (0x00005917) Direct3D11 vs_5_0 ps_5_0, D3D11)';
const NVIDIA = 'NVIDIA GeForce GTX 1650/PCIe/SSE2';

describe('isSoftwareRasterizer', () => {
  it('recognises the CPU rasterisers browsers fall back to', () => {
    for (const gpu of [SWIFTSHADER, LLVMPIPE, 'Google SwiftShader', 'Microsoft Basic Render Driver', 'softpipe', 'lavapipe']) {
      expect(isSoftwareRasterizer(gpu), gpu).toBe(true);
    }
  });
  it('does not take real GPUs for software', () => {
    for (const gpu of [INTEL, NVIDIA, 'Apple M1', 'AMD Radeon RX 580', 'Mali-G78']) expect(isSoftwareRasterizer(gpu), gpu).toBe(false);
  });
});

describe('chooseParcelRenderer', () => {
  it('uses WebGL on a hardware GPU and canvas on software WebGL or without WebGL', () => {
    expect(chooseParcelRenderer('', { available: true, gpu: INTEL })).toEqual({ kind: 'webgl', reason: 'gpu', gpu: INTEL });
    expect(chooseParcelRenderer('', { available: true, gpu: SWIFTSHADER })).toEqual({ kind: 'canvas', reason: 'software-webgl', gpu: SWIFTSHADER });
    expect(chooseParcelRenderer('', { available: false, gpu: null })).toEqual({ kind: 'canvas', reason: 'no-webgl', gpu: null });
  });
  it('lets ?renderer= force either, except WebGL where there is none', () => {
    expect(chooseParcelRenderer('?renderer=webgl', { available: true, gpu: SWIFTSHADER }).kind).toBe('webgl');
    expect(chooseParcelRenderer('?renderer=webgl', { available: true, gpu: SWIFTSHADER }).reason).toBe('forced');
    expect(chooseParcelRenderer('?renderer=canvas', { available: true, gpu: NVIDIA })).toEqual({ kind: 'canvas', reason: 'forced', gpu: NVIDIA });
    expect(chooseParcelRenderer('?renderer=webgl', { available: false, gpu: null })).toEqual({ kind: 'canvas', reason: 'no-webgl', gpu: null });
  });
  it('treats an unknown value or a hidden GPU name as no preference', () => {
    expect(chooseParcelRenderer('?renderer=vulkan', { available: true, gpu: NVIDIA }).kind).toBe('webgl');
    expect(chooseParcelRenderer('?lang=vi', { available: true, gpu: 'WebKit WebGL' })).toEqual({ kind: 'webgl', reason: 'gpu', gpu: 'WebKit WebGL' });
  });
});
