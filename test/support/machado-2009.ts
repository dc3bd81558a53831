// The test oracle for color-vision-deficiency simulation: Machado, Oliveira & Fernandes 2009 ("A Physiologically-based
// Model for Simulation of Color Vision Deficiency", IEEE TVCG 15(6)), the severity 1.0 matrices as the authors
// publish them (supplementary table), transcribed here independently of src/engine/color.ts. Linear sRGB in, out.
import type { Deficiency } from '../../src/engine/types.ts';

export const PUBLISHED_MACHADO_2009: Record<Deficiency, number[][]> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};
