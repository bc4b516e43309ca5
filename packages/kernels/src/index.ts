export { MatvecF32 } from './matvec-f32/matvec-f32.ts';
export { matvecF32Ref } from './matvec-f32/matvec-f32.ref.ts';
