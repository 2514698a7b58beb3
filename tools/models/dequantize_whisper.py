"""Dequantize a transformers.js Whisper q8 export (ONNX Runtime dynamic quantization) to float.

    python3 tools/models/dequantize_whisper.py <in>_quantized.onnx <out>.onnx   # needs the onnx package

The q8 files in ../shared/models (and on the Hub as `*_quantized.onnx`) store int8 weights and run
`DynamicQuantizeLinear` + `MatMulInteger`/`ConvInteger`: ONNX Runtime quantizes every activation to
8 bits per tensor at run time. whisper.cpp, given the very same weights (../shared/peers converts
them to ggml), computes with float activations. Rewriting each quantized product into a float
`MatMul`/`Conv` on the dequantized weights ((W - zero_point) * scale, bit-for-bit the same weights)
measured, through the worker's own path on the first 40 English dev clips with whisper-tiny:
WER 11.44 % -> 7.82 % at the same speed (5.8x -> 6.1x real time), peak RSS 1.25 -> 1.41 GB.

A build-time tool for that measurement (and for filling MODEL_CACHE_DIR by hand); the product does
not run Python. The decoder's If-branches each get their own copy of the float weights (92 MB for
tiny instead of 31 MB): shared outer-scope initializers would halve it.
"""
import sys, numpy as np, onnx
from onnx import numpy_helper, helper

def dequantize_graph(g, outer_inits, outer_producer={}):
    inits = {i.name: i for i in g.initializer}
    allinits = dict(outer_inits); allinits.update(inits)
    consts = {}
    for n in g.node:
        if n.op_type == 'Constant':
            for a in n.attribute:
                if a.name == 'value': consts[n.output[0]] = numpy_helper.to_array(a.t)
    def arr(name):
        if name in allinits: return numpy_helper.to_array(allinits[name])
        if name in consts: return consts[name]
        return None
    producer = dict(outer_producer); producer.update({o: n for n in g.node for o in n.output})
    consumers = {}
    for n in g.node:
        for i in n.input: consumers.setdefault(i, []).append(n)
    new_nodes = []; remove = set(); new_inits = []
    for n in g.node:
        if n.op_type not in ('MatMulInteger', 'ConvInteger'): continue
        xq, wq = n.input[0], n.input[1]
        wzp = n.input[3] if len(n.input) > 3 and n.input[3] else None
        d = producer.get(xq)
        assert d is not None and d.op_type == 'DynamicQuantizeLinear', (n.name, d and d.op_type)
        x = d.input[0]; xscale = d.output[1]
        cast = [c for c in consumers[n.output[0]] if c.op_type == 'Cast']; assert len(cast) == 1
        cast = cast[0]
        mul = consumers[cast.output[0]]; assert len(mul) == 1 and mul[0].op_type == 'Mul', [m.op_type for m in mul]
        mul = mul[0]
        s = [i for i in mul.input if i != cast.output[0]][0]
        smul = producer[s]; assert smul.op_type == 'Mul'
        wscale_name = [i for i in smul.input if i != xscale][0]
        W = arr(wq).astype(np.float32); Wz = arr(wzp).astype(np.float32) if wzp else 0.0; Ws = arr(wscale_name).astype(np.float32)
        if n.op_type == 'MatMulInteger':
            Wd = (W - Wz) * Ws  # per-tensor or per-column [N]
            name = wq + '_deq'
            new_inits.append(numpy_helper.from_array(Wd.astype(np.float32), name))
            new_nodes.append((n, helper.make_node('MatMul', [x, name], [mul.output[0]], name=n.name + '_f')))
        else:
            Wz_ = Wz if np.isscalar(Wz) else np.reshape(Wz, (-1, 1, 1))
            Ws_ = np.reshape(Ws, (-1, 1, 1)) if np.size(Ws) > 1 else Ws
            Wd = (W - Wz_) * Ws_
            name = wq + '_deq'
            new_inits.append(numpy_helper.from_array(Wd.astype(np.float32), name))
            new_nodes.append((n, helper.make_node('Conv', [x, name], [mul.output[0]], name=n.name + '_f', **{a.name: helper.get_attribute_value(a) for a in n.attribute})))
        remove.update([id(n), id(cast), id(mul)])
    kept = []
    repl = {id(old): new for old, new in new_nodes}
    for n in g.node:
        if id(n) in repl: kept.append(repl[id(n)])
        elif id(n) not in remove: kept.append(n)
    # recurse into subgraphs
    for n in kept:
        for a in n.attribute:
            if a.type == onnx.AttributeProto.GRAPH:
                dequantize_graph(a.g, allinits, producer)
    del g.node[:]; g.node.extend(kept)
    g.initializer.extend(new_inits)
    return len(new_nodes)

def prune(g, outer_used=set()):
    # remove nodes whose outputs nobody uses (including subgraph uses)
    def uses(graph):
        u = set()
        for n in graph.node:
            u.update(n.input)
            for a in n.attribute:
                if a.type == onnx.AttributeProto.GRAPH: u |= uses(a.g) | {o.name for o in a.g.output}
        return u
    changed = True
    while changed:
        used = uses(g) | {o.name for o in g.output} | outer_used
        keep = [n for n in g.node if any(o in used for o in n.output)]
        changed = len(keep) != len(g.node)
        del g.node[:]; g.node.extend(keep)
    for n in g.node:
        for a in n.attribute:
            if a.type == onnx.AttributeProto.GRAPH: prune(a.g, uses(g) | {o.name for o in g.output})
    used = uses(g)
    keepi = [i for i in g.initializer if i.name in used or i.name in outer_used]
    del g.initializer[:]; g.initializer.extend(keepi)

if __name__ == '__main__':
    src, dst = sys.argv[1], sys.argv[2]
    model = onnx.load(src)
    dequantize_graph(model.graph, {})
    prune(model.graph)
    onnx.save(model, dst)
    print(f'{src} -> {dst}')
