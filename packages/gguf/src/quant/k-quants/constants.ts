// Constants shared by the K-quant reference quantizers (ggml-quants.c).

/** Elements per K-quant super-block. */
export const QK_K = 256;
/** The float literal 0.1f used by the scale searches. */
export const F32_TENTH = Math.fround(0.1);
