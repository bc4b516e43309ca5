#!/usr/bin/env python3
"""The PyTorch peer of a device run: the engine's shapes in bf16 on CUDA, timed with CUDA events.

  python3 torch_peer.py --shapes shapes.json --out torch.json [--quick]
                        [--prompt-tokens 128] [--decode-tokens 128] [--prefill 512]

Writes one JSON object to --out, rewritten after each part so a run cut short keeps what it finished:
  copy     device-to-device copy bandwidth (bytes read plus written): the limit the report's ratios use
  matvec   y = W x and Y = W X at the kernel lab's weight shapes, bf16
  models   per model (shapes.json, from `wgllm-device.mjs shapes`): one greedy decode step at the middle of the
           engine's decode run, and a prefill, both as plain torch ops (no fused kernels beyond SDPA), eager
           and replayed from a CUDA graph (no launch gaps)
Exits 3 with one line when torch or a CUDA device is missing, so run.sh can say the peer was skipped.
"""

import argparse
import json
import math
import os
import sys
import time

# The kernel lab's mat-vec weight shapes (rows, cols), as bench/kernels/run.ts had them when this was written.
LAB_SHAPES = [(2048, 2048), (2048, 8192), (8192, 2048), (32000, 2048), (128256, 2048)]
LAB_SHAPES_QUICK = [(2048, 2048), (8192, 2048)]
MATMUL_TOKENS = [64, 512]
REPEATS = 20
# Rotate among enough weight copies that one pass reads several times the L2 (else the cache is timed).
L2_MULTIPLE = 4


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--shapes', required=True, help='JSON list of model shapes')
    p.add_argument('--out', required=True, help='JSON file to write')
    p.add_argument('--quick', action='store_true', help='fewer shapes, a smaller copy')
    p.add_argument('--prompt-tokens', type=int, default=128)
    p.add_argument('--decode-tokens', type=int, default=128)
    p.add_argument('--prefill', type=int, default=512)
    return p.parse_args()


def skip(why):
    print(f'torch peer skipped: {why}', flush=True)
    sys.exit(3)


args = parse_args()
try:
    import torch
    import torch.nn.functional as F
except ImportError as error:
    skip(f'python3 ({sys.executable}) cannot import torch ({error})')
if not torch.cuda.is_available():
    skip(f'torch {torch.__version__} sees no CUDA device')

dev = torch.device('cuda')
bf16 = torch.bfloat16
props = torch.cuda.get_device_properties(0)
l2_bytes = getattr(props, 'L2_cache_size', 64 << 20)
results = {
    'gpu': props.name,
    'torch': torch.__version__,
    'cuda': torch.version.cuda,
    'smCount': props.multi_processor_count,
    'l2Bytes': l2_bytes,
    'memoryBytes': props.total_memory,
}


def dump():
    partial = f'{args.out}.partial'  # then renamed: a run killed mid-write leaves the last whole file
    with open(partial, 'w') as f:
        json.dump(results, f, indent=1)
    os.replace(partial, args.out)


def log(text):
    print(text, flush=True)


def median_ms(fn, repeats=REPEATS, warmup=3):
    """Median of `repeats` timings of fn() between two CUDA events, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    times.sort()
    return times[len(times) // 2]


def graphed(fn):
    """fn captured in a CUDA graph (warmed up on a side stream first), as a replay function; None if capture
    fails (the caller then reports eager figures only)."""
    try:
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(3):
                fn()
        torch.cuda.current_stream().wait_stream(side)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            fn()
        return graph.replay
    except RuntimeError as error:
        log(f'  CUDA graph capture failed, eager only: {error}')
        torch.cuda.synchronize()
        return None


def copy_bandwidth():
    n = (512 if args.quick else 2048) << 20
    src = torch.randint(0, 256, (n,), dtype=torch.uint8, device=dev)
    dst = torch.empty_like(src)
    ms = median_ms(lambda: dst.copy_(src))
    results['copy'] = {'bytes': n, 'ms': ms, 'gbPerSecond': 2 * n / ms / 1e6}
    log(f'copy: {n >> 20} MiB in {ms:.3f} ms: {2 * n / ms / 1e6:.0f} GB/s (read + written)')
    del src, dst


def per_call_ms(calls, n):
    """ms per call of `calls(i)` for i in 0..n-1, captured back to back in one graph (eager if capture fails)."""

    def run():
        for i in range(n):
            calls(i)

    replay = graphed(run)
    return median_ms(replay or run, repeats=10) / n


def weight_set(rows, cols):
    copies = max(1, min(32, math.ceil(L2_MULTIPLE * l2_bytes / (rows * cols * 2))))
    return [torch.randn(rows, cols, device=dev, dtype=bf16) for _ in range(copies)]


def matvec():
    rows_out = []
    results['matvec'] = rows_out
    for rows, cols in LAB_SHAPES_QUICK if args.quick else LAB_SHAPES:
        weights = weight_set(rows, cols)
        x = torch.randn(max(MATMUL_TOKENS), cols, device=dev, dtype=bf16)
        k = len(weights)
        mv_ms = per_call_ms(lambda i: torch.mv(weights[i % k], x[0]), 4 * k)
        row = {'rows': rows, 'cols': cols, 'bytes': rows * cols * 2, 'matvecMs': mv_ms,
               'matvecGbPerSecond': rows * cols * 2 / mv_ms / 1e6, 'matmul': []}
        for m in MATMUL_TOKENS if not args.quick else MATMUL_TOKENS[:1]:
            xm = x[:m]
            mm_ms = per_call_ms(lambda i: F.linear(xm, weights[i % k]), 2 * k)
            row['matmul'].append({'tokens': m, 'ms': mm_ms, 'tflops': 2 * rows * cols * m / mm_ms / 1e9})
        rows_out.append(row)
        mm = ', '.join(f"M={r['tokens']} {r['tflops']:.1f} TFLOP/s" for r in row['matmul'])
        log(f"mat-vec {rows}x{cols} bf16: {mv_ms * 1e3:.1f} us, {row['matvecGbPerSecond']:.0f} GB/s; {mm}")
        del weights, x
        dump()


def sdpa_takes_gqa():
    q = torch.randn(1, 4, 1, 8, device=dev, dtype=bf16)
    kv = torch.randn(1, 2, 3, 8, device=dev, dtype=bf16)
    try:
        F.scaled_dot_product_attention(q, kv, kv, enable_gqa=True)
        return True
    except TypeError:
        return False


class TorchModel:
    """A llama-architecture model of one shape in bf16, random weights, its KV cache sized to `context`."""

    def __init__(self, shape, context):
        self.d, self.ff = shape['embedding'], shape['feedForward']
        self.heads, self.kv_heads = shape['heads'], shape['kvHeads']
        self.hd = self.d // self.heads
        self.eps = shape['rmsEpsilon']
        d, hd = self.d, self.hd

        def w(rows, cols):  # (rows, cols) bf16, unit-scale activations
            return torch.randn(rows, cols, device=dev, dtype=bf16) / math.sqrt(cols)

        def ones():
            return torch.ones(d, device=dev, dtype=bf16)

        def cache():  # (1, kv_heads, context, head_dim) bf16
            return torch.randn(1, self.kv_heads, context, hd, device=dev, dtype=bf16)

        self.embd = w(shape['vocab'], d)  # tied: also the output head
        self.out_norm = ones()
        self.layers = [
            {'attn_norm': ones(), 'wq': w(self.heads * hd, d), 'wk': w(self.kv_heads * hd, d),
             'wv': w(self.kv_heads * hd, d), 'wo': w(d, self.heads * hd), 'ffn_norm': ones(),
             'wg': w(self.ff, d), 'wu': w(self.ff, d), 'wd': w(d, self.ff), 'k': cache(), 'v': cache()}
            for _ in range(shape['layers'])
        ]
        self.weight_bytes = sum(t.numel() * 2 for t in [self.embd] + [
            layer[name] for layer in self.layers for name in ('wq', 'wk', 'wv', 'wo', 'wg', 'wu', 'wd')])
        inv_freq = 1.0 / (shape['ropeTheta'] ** (torch.arange(0, hd, 2, device=dev).float() / hd))
        angles = torch.outer(torch.arange(context, device=dev).float(), inv_freq)
        angles = torch.cat([angles, angles], dim=-1)  # (context, head_dim)
        self.cos, self.sin = angles.cos().to(bf16), angles.sin().to(bf16)
        self.gqa = sdpa_takes_gqa()

    def rope(self, x, pos0):  # x (tokens, heads, head_dim)
        t = x.shape[0]
        cos, sin = self.cos[pos0:pos0 + t, None, :], self.sin[pos0:pos0 + t, None, :]
        half = self.hd // 2
        rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
        return x * cos + rotated * sin

    def attention(self, q, layer, pos0, t):
        kv_len = pos0 + t
        keys, values = layer['k'][:, :, :kv_len], layer['v'][:, :, :kv_len]
        q = q.transpose(0, 1).unsqueeze(0)  # (1, heads, tokens, head_dim)
        causal = t > 1  # prefill starts at position 0, so the top-left causal mask is the right one
        if self.gqa:
            out = F.scaled_dot_product_attention(q, keys, values, is_causal=causal, enable_gqa=True)
        else:
            group = self.heads // self.kv_heads
            out = F.scaled_dot_product_attention(
                q, keys.repeat_interleave(group, 1), values.repeat_interleave(group, 1), is_causal=causal)
        return out.squeeze(0).transpose(0, 1).reshape(t, self.heads * self.hd)

    def step(self, ids, pos0):
        """Greedy next token after `ids` (tokens,) placed at pos0..: what one engine run() call does."""
        t = ids.shape[0]
        h = self.embd[ids]  # (tokens, d)
        for layer in self.layers:
            n = F.rms_norm(h, (self.d,), layer['attn_norm'], self.eps)
            q = self.rope(F.linear(n, layer['wq']).view(t, self.heads, self.hd), pos0)
            k = self.rope(F.linear(n, layer['wk']).view(t, self.kv_heads, self.hd), pos0)
            v = F.linear(n, layer['wv']).view(t, self.kv_heads, self.hd)
            layer['k'][0, :, pos0:pos0 + t] = k.transpose(0, 1)
            layer['v'][0, :, pos0:pos0 + t] = v.transpose(0, 1)
            h = h + F.linear(self.attention(q, layer, pos0, t), layer['wo'])
            n = F.rms_norm(h, (self.d,), layer['ffn_norm'], self.eps)
            h = h + F.linear(F.silu(F.linear(n, layer['wg'])) * F.linear(n, layer['wu']), layer['wd'])
        last = F.rms_norm(h[-1:], (self.d,), self.out_norm, self.eps)
        return F.linear(last, self.embd).argmax(-1)  # logits of the last token only, as the engine reads


def timed_step(model, tokens, pos0, vocab):
    ids = torch.randint(259, vocab, (tokens,), device=dev)
    eager = median_ms(lambda: model.step(ids, pos0), repeats=10)
    replay = graphed(lambda: model.step(ids, pos0))
    graph = median_ms(replay, repeats=10) if replay else None
    return {'tokens': tokens, 'eagerMs': eager, 'graphMs': graph}


def models():
    with open(args.shapes) as f:
        shapes = json.load(f)
    out = []
    results['models'] = out
    # The engine's decode run: prompt, then decode tokens; its middle step is the typical one.
    decode_pos = args.prompt_tokens + args.decode_tokens // 2
    context = max(decode_pos + 1, args.prefill)
    for shape in shapes:
        start = time.perf_counter()
        model = TorchModel(shape, context)
        decode = timed_step(model, 1, decode_pos, shape['vocab'])
        prefill = timed_step(model, args.prefill, 0, shape['vocab'])
        row = {'shape': shape['id'], 'layers': shape['layers'], 'weightBytes': model.weight_bytes,
               'decodePosition': decode_pos, 'decode': decode, 'prefill': prefill, 'sdpaGqa': model.gqa}
        out.append(row)
        dump()

        def rate(step):
            ms = step['graphMs'] or step['eagerMs']
            return step['tokens'] * 1000 / ms

        log(f"{shape['id']} {shape['layers']}L bf16: decode {rate(decode):.0f} tok/s, prefill {args.prefill} "
            f"{rate(prefill):.0f} tok/s (graph replay; eager decode {1000 / decode['eagerMs']:.0f} tok/s), "
            f'{time.perf_counter() - start:.1f} s')
        del model
        torch.cuda.empty_cache()


log(f"torch {torch.__version__} on {props.name} ({props.multi_processor_count} SMs, L2 {l2_bytes >> 20} MiB)")
dump()
for part in (copy_bandwidth, matvec, models):
    part()
    dump()
