#!/usr/bin/python3
"""The differential test's corpus: mutated .pth files and what PyTorch makes of each (PthDifferentialTests).

Usage: /usr/bin/python3 pth_differential.py DIRECTORY [COUNT] [SEED]
Writes DIRECTORY/case-NNNN.pth for COUNT cases (default 600) drawn with random.Random(SEED) (default 19) and
DIRECTORY/manifest.json: [{"file", "mutation", "accepted", "reference", "error", "description", "bends"}, ...].

Each case is a file torch.save wrote (a model's state dict, views sharing storages, a general checkpoint, an Adam
state dict, protocol 4) with structure-aware mutations: pickle opcodes deleted, duplicated, swapped, truncated;
ints, strings and globals replaced by interesting ones (sizes, strides, offsets, storage sizes, keys, dtypes);
memo references inserted; deep nesting, recursive lists and "billion laughs" memo repetition inserted; storage
records truncated, extended, dropped, duplicated or renamed; the version record and the folder layout changed.

The reference is torch.load(f, map_location="cpu", weights_only=True) (torch 1.13: /usr/bin/python3). Where it
refuses only because torch 1.13's weights-only unpickler lacks a protocol-4 opcode that torch 2.x reads (BINFLOAT,
SHORT_BINUNICODE, MEMOIZE, FRAME, ...), the reference is the same load through Python's own unpickler restricted
to the same globals (reference "restricted"). "description" is pth_values.describe of the loaded value.

"bends" lists where the Swift reader refuses, by design, a file the reference accepts (each entry is a phrase its
error must contain): a zip name that appears twice; an opcode outside the weights-only set; an int wider than 64
bits; a string with lone surrogates; a global outside what the runtime represents (other dtypes, sparse or meta
tensors, torch.Tensor, dtype objects), called (a storage class) or left as a value; a byteorder record other than "little" (torch 1.13 ignores it, torch 2.x
swaps bytes); a storage key declared twice differently; a storage record shorter than its
declaration (torch 1.13 reads past it); SETITEM on a list; BUILD other than an OrderedDict's attributes; a key
repeated in a dict of the value; a dict key other than str or int; a negative size beside a zero one (set_ allows it, a tensor
here cannot have it); nesting beyond 1,000 levels (keys included); a container holding itself; memo
repetition beyond 1,000,000 values.
"""
import collections
import io
import json
import os
import pickle
import pickletools
import random
import struct
import sys
import warnings
import zipfile

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pth_values import checkpoint_like, describe  # noqa: E402

OUR_OPCODES = {
    "PROTO", "FRAME", "STOP", "MARK", "NONE", "NEWTRUE", "NEWFALSE", "BININT1", "BININT2", "BININT", "LONG1",
    "BINFLOAT", "BINUNICODE", "SHORT_BINUNICODE", "BINUNICODE8", "SHORT_BINSTRING", "EMPTY_TUPLE", "TUPLE1",
    "TUPLE2", "TUPLE3", "TUPLE", "EMPTY_LIST", "EMPTY_DICT", "APPEND", "APPENDS", "SETITEM", "SETITEMS", "GLOBAL",
    "STACK_GLOBAL", "BINPUT", "LONG_BINPUT", "MEMOIZE", "BINGET", "LONG_BINGET", "BINPERSID", "REDUCE", "BUILD",
}
WEIGHTS_ONLY_1_13_LACKS = {"BINFLOAT", "SHORT_BINUNICODE", "BINUNICODE8", "MEMOIZE", "FRAME", "STACK_GLOBAL"}
STORAGES = ["Float", "Double", "Long", "Int", "Byte", "Bool"]
OUR_GLOBALS = (
    {"collections.OrderedDict", "torch.Size", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor",
     "torch._utils._rebuild_parameter", "torch.storage.UntypedStorage"}
    | {f"torch.{name}Storage" for name in STORAGES}
    | {f"torch.cuda.{name}Storage" for name in STORAGES}
)
ALLOWED = torch._weights_only_unpickler._get_allowed_globals()
OUR_CALLABLES = [collections.OrderedDict, torch.Size, torch._utils._rebuild_tensor_v2, torch._utils._rebuild_tensor,
                 torch._utils._rebuild_parameter]
MAX_DEPTH = 1000
MAX_REPEATED = 1_000_000

INTERESTING_INTS = [0, 1, 2, 3, 4, 5, 6, 7, 12, -1, -2, 255, 256, 65535, 2**31 - 1, 2**31, -(2**31), 2**32, 200000,
                    2**62, 2**63 - 1, -(2**63), 2**64]
EXTRA_STRINGS = ["storage", "0", "1", "2", "3", "9", "cpu", "cuda:0", "weight", "bias", "x", "state", "\udcff",
                 "caf\u00e9"]
GLOBAL_POOL = (
    [f"torch {name}Storage" for name in STORAGES + ["Half", "BFloat16", "Char", "Short"]]
    + ["torch.cuda FloatStorage", "torch.storage UntypedStorage", "torch._utils _rebuild_tensor_v2",
       "torch._utils _rebuild_tensor", "torch._utils _rebuild_parameter", "torch._utils _rebuild_sparse_tensor",
       "collections OrderedDict", "torch Size", "torch Tensor", "torch float32", "builtins dict", "os getcwd"]
)


# MARK: Pickle opcodes as a list, and back

def disassemble(data: bytes) -> list:
    return [(op.name, arg) for op, arg, _ in pickletools.genops(data)]


def encode_string(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def assemble(ops: list) -> bytes:
    out = bytearray()
    for name, arg in ops:
        op = pickletools.code2op[[code for code, o in pickletools.code2op.items() if o.name == name][0]]
        out += op.code.encode("latin-1")
        if name in ("PROTO", "BININT1", "BINPUT", "BINGET"):
            out += bytes([arg & 0xFF])
        elif name == "FRAME":
            out += struct.pack("<Q", arg)
        elif name == "BININT2":
            out += struct.pack("<H", arg & 0xFFFF)
        elif name == "BININT":
            out += struct.pack("<i", arg)
        elif name in ("LONG_BINPUT", "LONG_BINGET"):
            out += struct.pack("<I", arg & 0xFFFFFFFF)
        elif name == "LONG1":
            encoded = pickle.encode_long(arg)
            out += bytes([len(encoded)]) + encoded
        elif name == "BINFLOAT":
            out += struct.pack(">d", arg)
        elif name == "BINUNICODE":
            encoded = encode_string(arg)
            out += struct.pack("<I", len(encoded)) + encoded
        elif name == "SHORT_BINUNICODE":
            encoded = encode_string(arg)[:255]
            out += bytes([len(encoded)]) + encoded
        elif name == "BINUNICODE8":
            encoded = encode_string(arg)
            out += struct.pack("<Q", len(encoded)) + encoded
        elif name == "GLOBAL":
            module, _, attribute = arg.partition(" ")
            out += module.encode() + b"\n" + attribute.encode() + b"\n"
        elif arg is not None:
            raise ValueError(f"cannot assemble {name}")
    return bytes(out)


# MARK: Base files

def saved(value, protocol=2) -> list:
    """The entries (name, bytes) of torch.save(value)."""
    buffer = io.BytesIO()
    torch.save(value, buffer, pickle_protocol=protocol)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def bases() -> list:
    torch.manual_seed(19)
    model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))
    model(torch.randn(5, 3))
    adam = torch.optim.Adam(model.parameters(), lr=0.01)
    model(torch.randn(5, 3)).sum().backward()
    adam.step()
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    views = collections.OrderedDict(
        whole=base, t=base.t(), rows=base[1:], column=base[:, 1], again=base, ints=torch.tensor([1, -2, 3]),
        flags=torch.tensor([True, False]), bytes=torch.tensor([1, 255], dtype=torch.uint8),
        empty=torch.zeros(0, 2), scalar=torch.tensor(2.5, dtype=torch.float64),
        int32=torch.tensor([4, 5], dtype=torch.int32))
    general = {"epoch": 3, "names": ["a", "b"], "shape": (2, 3), "nested": {0: [1, (2, None)], "k": True},
               "first_row": base[0], "flags": [False]}
    return [
        ("state_dict", saved(model.state_dict())),
        ("views", saved(views)),
        ("general", saved(general)),
        ("optimizer", saved(adam.state_dict())),
        ("protocol4", saved(views, protocol=4)),
        ("checkpoint", saved(checkpoint_like())),
    ]


# MARK: Mutations

class Mutator:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def pickle_ops(self, entries):
        index = next(i for i, (name, _) in enumerate(entries) if name.endswith("/data.pkl"))
        return index, disassemble(entries[index][1])

    def mutate(self, entries: list) -> tuple:
        kinds = ["flip", "int", "int", "int", "string", "global", "delete", "duplicate", "swap", "truncate", "memo",
                 "nest", "recursive", "laughs", "storage", "zip", "combo"]
        kind = self.rng.choice(kinds)
        if kind == "combo":
            names = []
            for _ in range(self.rng.randint(2, 3)):
                entries, name = self.apply(self.rng.choice(kinds[:-1]), entries)
                names.append(name)
            return entries, "+".join(names)
        return self.apply(kind, entries)

    def apply(self, kind: str, entries: list) -> tuple:
        rng = self.rng
        entries = list(entries)
        if kind in ("storage", "zip", "flip"):
            return getattr(self, kind)(entries)
        try:
            index, ops = self.pickle_ops(entries)
        except (StopIteration, ValueError):  # an earlier mutation broke the pickle (or dropped it)
            return entries, f"{kind}-skipped"
        ops = [op for op in ops if op[0] != "FRAME"] if rng.random() < 0.9 else ops
        detail = kind
        if kind == "int":
            positions = [i for i, (name, _) in enumerate(ops) if name in ("BININT1", "BININT2", "BININT", "LONG1")]
            if positions:
                position = rng.choice(positions)
                value = rng.choice(INTERESTING_INTS) if rng.random() < 0.8 else ops[position][1] + rng.choice([-1, 1])
                ops[position] = ("LONG1", value)
                detail = f"int@{position}={value}"
        elif kind == "string":
            positions = [i for i, (name, _) in enumerate(ops) if name in ("BINUNICODE", "SHORT_BINUNICODE")]
            pool = [arg for name, arg in ops if name in ("BINUNICODE", "SHORT_BINUNICODE")] + EXTRA_STRINGS
            if positions:
                position = rng.choice(positions)
                ops[position] = ("BINUNICODE", rng.choice(pool))
                detail = f"string@{position}"
        elif kind == "global":
            positions = [i for i, (name, _) in enumerate(ops) if name == "GLOBAL"]
            if positions:
                position = rng.choice(positions)
                ops[position] = ("GLOBAL", rng.choice(GLOBAL_POOL))
                detail = f"global@{position}={ops[position][1]}"
        elif kind in ("delete", "duplicate", "swap"):
            position = rng.randrange(len(ops) - 1)
            if kind == "delete":
                del ops[position]
            elif kind == "duplicate":
                ops.insert(position, ops[position])
            else:
                ops[position], ops[position + 1] = ops[position + 1], ops[position]
            detail = f"{kind}@{position}"
        elif kind == "truncate":
            position = rng.randrange(len(ops))
            ops = ops[:position]
            detail = f"truncate@{position}"
        elif kind == "memo":
            puts = [arg for name, arg in ops if name in ("BINPUT", "LONG_BINPUT")] or [0]
            position = rng.randrange(1, len(ops))
            ops.insert(position, ("LONG_BINGET", rng.choice(puts + [10_000])))
            detail = f"memo@{position}"
        elif kind == "nest":
            position = self.after_push(ops)
            depth = rng.choice([1, 10, 999, 1000, 1001, 5000])
            ops[position:position] = [("TUPLE1", None)] * depth
            detail = f"nest@{position}x{depth}"
        elif kind == "recursive":
            position = self.after_push(ops)
            ops[position:position] = [("EMPTY_LIST", None), ("LONG_BINPUT", 90_000), ("LONG_BINGET", 90_000),
                                      ("APPEND", None), ("TUPLE2", None)]
            detail = f"recursive@{position}"
        elif kind == "laughs":
            position = self.after_push(ops)
            levels = rng.choice([3, 4, 5, 7])
            laughs = [("EMPTY_LIST", None), ("LONG_BINPUT", 80_000), ("MARK", None)] + [("NONE", None)] * 10
            laughs.append(("APPENDS", None))
            for level in range(1, levels + 1):
                laughs += [("EMPTY_LIST", None), ("MARK", None)]
                laughs += [("LONG_BINGET", 80_000 + level - 1)] * 10
                laughs += [("APPENDS", None), ("LONG_BINPUT", 80_000 + level)]
            ops[position:position] = laughs + [("TUPLE2", None)]
            detail = f"laughs@{position}x{levels}"
        try:
            entries[index] = (entries[index][0], assemble(ops))
        except ValueError:  # an earlier byte flip made an opcode this assembler does not write
            return entries, f"{kind}-skipped"
        return entries, detail

    def after_push(self, ops) -> int:
        """A position right after an op that pushed a value (so a TUPLE2 there pairs it with what follows)."""
        pushes = {"BININT1", "BININT", "LONG1", "BINUNICODE", "NONE", "NEWFALSE", "NEWTRUE", "BINGET", "REDUCE",
                  "EMPTY_TUPLE"}
        positions = [i + 1 for i, (name, _) in enumerate(ops) if name in pushes] or [1]
        return self.rng.choice(positions)

    def flip(self, entries):
        index = next((i for i, (name, _) in enumerate(entries) if name.endswith("/data.pkl")), None)
        if index is None:
            return entries, "flip-skipped"
        data = bytearray(entries[index][1])
        flips = []
        for _ in range(self.rng.randint(1, 3)):
            position = self.rng.randrange(len(data))
            data[position] ^= self.rng.randrange(1, 256)
            flips.append(position)
        entries[index] = (entries[index][0], bytes(data))
        return entries, f"flip@{flips}"

    def storage(self, entries):
        positions = [i for i, (name, _) in enumerate(entries) if "/data/" in name]
        if not positions:
            return entries, "storage-none"
        position = self.rng.choice(positions)
        name, data = entries[position]
        action = self.rng.choice(["truncate", "extend", "drop", "duplicate", "duplicate-case", "rename"])
        if action == "truncate":
            entries[position] = (name, data[: self.rng.randrange(len(data) + 1)])
        elif action == "extend":
            entries[position] = (name, data + bytes(self.rng.randrange(1, 9)))
        elif action == "drop":
            del entries[position]
        elif action == "duplicate":
            entries.insert(position + 1, (name, data[::-1]))
        elif action == "duplicate-case":
            entries.insert(position + 1, (name.replace("data", "DATA"), data))
        else:
            entries[position] = (name.rsplit("/", 1)[0] + "/" + self.rng.choice(["0", "1", "7", "x"]), data)
        return entries, f"storage-{action}:{name}"

    def zip(self, entries):
        action = self.rng.choice(["no-version", "version", "byteorder", "folder", "case", "duplicate-pkl"])
        folder = entries[0][0].split("/")[0]
        if action == "no-version":
            entries = [e for e in entries if not e[0].endswith("/version")]
        elif action == "version":
            text = self.rng.choice(["0", "1", "10", "11", "x", " 3junk", "+3", "-3", ""])
            entries = [(n, text.encode() if n.endswith("/version") else d) for n, d in entries]
            action += repr(text)
        elif action == "byteorder":
            entries.append((f"{folder}/byteorder", self.rng.choice([b"big", b"little"])))
        elif action == "folder":
            position = self.rng.randrange(len(entries))
            entries[position] = ("other/" + entries[position][0].split("/", 1)[1], entries[position][1])
        elif action == "case":
            entries = [(n.replace("data.pkl", "DATA.PKL"), d) for n, d in entries]
        else:
            entries.append((f"{folder}/data.pkl", b"\x80\x02}."))
        return entries, f"zip-{action}"


def write_zip(entries: list) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for name, data in entries:
                archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


# MARK: The reference and its analysis

ORIGINAL_READER = torch._C.PyTorchFileReader


class RecordingReader:
    """torch's zip reader, recording each storage it reads and whether its record is shorter than declared."""
    events = None

    def __init__(self, source):
        self.inner = ORIGINAL_READER(source)

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def get_storage_from_record(self, name, nbytes, dtype):
        if RecordingReader.events is not None and len(self.inner.get_record(name)) < nbytes:
            RecordingReader.events.add("storage-short")
        return self.inner.get_storage_from_record(name, nbytes, dtype)


class Analyzer(pickle._Unpickler):
    """Python's own unpickler, restricted to the weights-only globals, with weights-only BUILD/APPEND/SETITEM rules,
    recording what the Swift reader refuses by design."""
    dispatch = dict(pickle._Unpickler.dispatch)
    events = set()

    def find_class(self, module, name):
        full = f"{module}.{name}"
        if full not in ALLOWED:
            raise pickle.UnpicklingError(f"Unsupported class {full}")
        return ALLOWED[full]

    def note_global(self, module, name):
        if f"{module}.{name}" not in OUR_GLOBALS:
            Analyzer.events.add("global")

    # The weights-only unpickler looks globals up itself (torch's wrapper would turn storage classes into
    # StorageType objects): so does this one.
    def load_global(self):
        module = self.readline()[:-1].decode("utf-8")
        name = self.readline()[:-1].decode("utf-8")
        self.note_global(module, name)
        self.append(Analyzer.find_class(self, module, name))

    def load_stack_global(self):
        name = self.stack.pop()
        module = self.stack.pop()
        if type(name) is not str or type(module) is not str:
            raise pickle.UnpicklingError("STACK_GLOBAL requires str")
        self.note_global(module, name)
        self.append(Analyzer.find_class(self, module, name))

    def load_proto(self):
        self.read(1)

    def load_frame(self):
        self.read(8)

    def load_long1(self):
        count = self.read(1)[0]
        if count > 8:
            Analyzer.events.add("wide-int")
        self.append(pickle.decode_long(self.read(count)))

    def push_string(self, data):
        text = str(data, "utf-8", "surrogatepass")
        if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
            Analyzer.events.add("surrogate")
        self.append(text)

    def load_binunicode(self):
        self.push_string(self.read(struct.unpack("<I", self.read(4))[0]))

    def load_short_binunicode(self):
        self.push_string(self.read(self.read(1)[0]))

    def load_binunicode8(self):
        self.push_string(self.read(struct.unpack("<Q", self.read(8))[0]))

    def load_short_binstring(self):
        self.append(self.read(self.read(1)[0]).decode("utf-8"))

    def load_append(self):
        item = self.stack.pop()
        if type(self.stack[-1]) is not list:
            raise RuntimeError("Can only append to lists")
        self.stack[-1].append(item)

    def load_appends(self):
        items = self.pop_mark()
        if type(self.stack[-1]) is not list:
            raise RuntimeError("Can only extend lists")
        self.stack[-1].extend(items)

    def assign(self, target, key, value):
        if type(target) not in (dict, collections.OrderedDict):
            Analyzer.events.add("setitem")
        elif key in target:
            Analyzer.repeated_keys.append(target)  # a bend only if this dict is in the value
        target[key] = value

    def load_setitem(self):
        value = self.stack.pop()
        key = self.stack.pop()
        self.assign(self.stack[-1], key, value)

    def load_setitems(self):
        items = self.pop_mark()
        for i in range(0, len(items), 2):
            self.assign(self.stack[-1], items[i], items[i + 1])

    def load_build(self):
        state = self.stack.pop()
        instance = self.stack[-1]
        if type(instance) is not collections.OrderedDict or not isinstance(state, dict):
            Analyzer.events.add("build")
        if type(instance) is torch.Tensor:
            instance.set_(*state)
        elif type(instance) is torch.nn.Parameter:
            instance.__setstate__(state)
        elif type(instance) is collections.OrderedDict:
            instance.__dict__.update(state)
        else:
            raise RuntimeError(f"Can only build Tensor, parameter or dict objects, but got {type(instance)}")

    def load_reduce(self):
        args = self.stack.pop()
        function = self.stack[-1]
        if function not in ALLOWED.values():
            raise RuntimeError(f"Trying to call reduce for unrecognized function {function}")
        if function not in OUR_CALLABLES:
            Analyzer.events.add("call")
        if function is collections.OrderedDict and args:
            argument = args[0]
            if not isinstance(argument, dict) and not (
                    isinstance(argument, (list, tuple))
                    and all(isinstance(p, (list, tuple)) and len(p) == 2 for p in argument)):
                Analyzer.events.add("ordered-dict-argument")
        self.stack[-1] = function(*args)

    def load_binpersid(self):
        pid = self.stack.pop()
        if type(pid) is tuple and len(pid) == 5 and pid[0] == "storage":
            _, storage_type, key, _, numel = pid
            declared = Analyzer.storages.setdefault(str(key), (storage_type, numel))
            if declared != (storage_type, numel):
                Analyzer.events.add("storage-conflict")
            if type(key) not in (str, int) or type(numel) is not int:
                Analyzer.events.add("storage-fields")
        elif type(pid) is tuple and len(pid) > 0 and pid[0] != "storage":
            raise RuntimeError("Only persistent_load of storage is allowed")
        self.append(self.persistent_load(pid))


for _name in ["global", "stack_global", "proto", "frame", "long1", "binunicode", "short_binunicode", "binunicode8",
              "short_binstring", "append", "appends", "setitem", "setitems", "build", "reduce", "binpersid"]:
    _code = {"global": pickle.GLOBAL, "stack_global": pickle.STACK_GLOBAL, "proto": pickle.PROTO,
             "frame": pickle.FRAME, "long1": pickle.LONG1, "binunicode": pickle.BINUNICODE,
             "short_binunicode": pickle.SHORT_BINUNICODE, "binunicode8": pickle.BINUNICODE8,
             "short_binstring": pickle.SHORT_BINSTRING, "append": pickle.APPEND, "appends": pickle.APPENDS,
             "setitem": pickle.SETITEM, "setitems": pickle.SETITEMS, "build": pickle.BUILD,
             "reduce": pickle.REDUCE, "binpersid": pickle.BINPERSID}[_name]
    Analyzer.dispatch[_code[0]] = getattr(Analyzer, f"load_{_name}")


class AnalyzerModule:
    Unpickler = Analyzer


def executed_opcodes(data: bytes) -> set:
    """The opcodes of the pickle up to STOP or the first undecodable byte."""
    names = set()
    try:
        for op, _, _ in pickletools.genops(data):
            names.add(op.name)
    except Exception:
        pass
    return names


def value_bends(value) -> set:
    """Without recursion: dict keys other than str/int, objects other than the values SavedValue holds, nesting,
    containers holding themselves, memo repetition (every value written out)."""
    bends = set()
    expanded = {}
    opened = set()
    stack = [(value, 1, False)]
    while stack:
        item, depth, closing = stack.pop()
        if not isinstance(item, (list, tuple, dict)):
            if isinstance(item, torch.Tensor):
                if item.layout != torch.strided or item.is_meta or str(item.dtype).split(".")[1] not in (
                        "float32", "float64", "int64", "int32", "uint8", "bool"):
                    bends.add("global")
                if any(size < 0 for size in item.shape):  # set_ allows it beside a zero size
                    bends.add("negative-size")
            elif item is not None and type(item) not in (bool, int, float, str):
                bends |= {"global", "object-value"}
            elif type(item) is int and not -(2**63) <= item < 2**63:
                bends.add("wide-int")
            continue
        children = [part for pair in item.items() for part in pair] if isinstance(item, dict) else list(item)
        if closing:
            opened.discard(id(item))
            expanded[id(item)] = min(1 + sum(expanded.get(id(child), 1) for child in children), 10**8)
            continue
        if id(item) in opened:
            bends.add("cycle")
            continue
        if id(item) in expanded:
            continue
        if depth > MAX_DEPTH:
            bends.add("depth")
            continue
        opened.add(id(item))
        stack.append((item, depth, True))
        if any(item is repeated for repeated in Analyzer.repeated_keys):
            bends.add("duplicate-key")
        if isinstance(item, dict) and any(type(key) not in (str, int) for key in item):
            bends.add("key")
        stack += [(child, depth + 1, False) for child in children]
    if not bends & {"cycle", "depth"} and expanded.get(id(value), 1) > MAX_REPEATED + 20_000:
        bends.add("repeat")
    return bends


BEND_PHRASES = {
    "duplicate-zip": "duplicate zip entry", "opcode": "unsupported pickle opcode", "wide-int": "wider than 64 bits",
    "surrogate": "invalid UTF-8", "global": "unsupported global", "storage-conflict": "declared twice",
    "storage-fields": "storage key of type", "storage-short": "truncated?", "setitem": "not a dict",
    "build": "BUILD of", "ordered-dict-argument": "OrderedDict", "duplicate-key": "duplicate key",
    "key": "dict key of type", "depth": "nested deeper than", "cycle": "contains itself",
    "repeat": "repeated references", "byteorder": "byte order", "negative-size": "negative offset or size",
    "call": "cannot call", "object-value": "object as a value",
}


def load(data: bytes, pickle_module=None):
    RecordingReader.events = set()
    Analyzer.events = set()
    Analyzer.storages = {}
    Analyzer.repeated_keys = []
    if pickle_module is None:
        value = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    else:
        # torch.load's own steps for a zip, with our unpickler (Debian's torch.load ignores pickle_module unless
        # weights_only, and would run Python's unrestricted unpickler).
        with torch.serialization._open_zipfile_reader(io.BytesIO(data)) as archive:
            value = torch.serialization._load(archive, "cpu", pickle_module, encoding="utf-8")
    return value, RecordingReader.events | Analyzer.events


def reference(data: bytes, entries: list) -> dict:
    pickle_bytes = next((d for n, d in reversed(entries) if n.lower().endswith("/data.pkl")), b"")
    try:
        value, events = load(data)
        used = "weights_only"
    except Exception as error:
        message = (str(error) + " " + str(error.__cause__ or "")).strip() or type(error).__name__
        lacks = {name for name in executed_opcodes(pickle_bytes) if name in WEIGHTS_ONLY_1_13_LACKS}
        if not ("Unsupported operand" in str(error) and lacks):
            return {"accepted": False, "reference": "weights_only", "error": printable(message)}
        try:
            value, events = load(data, AnalyzerModule)
            used = "restricted"
        except Exception as inner:
            return {"accepted": False, "reference": "restricted", "error": printable(str(inner) or type(inner).__name__)}
    # The analysis: an instrumented load of the same bytes (its value is the reference's for "restricted").
    analysis_events = set(events)
    analysed = value  # the analyser's own objects: it knows which of its dicts had a key repeated
    if used == "weights_only":
        try:
            analysed, analysis_events = load(data, AnalyzerModule)
            analysis_events |= events
        except Exception as error:
            analysis_events = events | {"unanalysed:" + printable(str(error))[:100]}
    names = [name.lower() for name, _ in entries]
    bends = set(analysis_events)
    if any(name.endswith("/byteorder") and data != b"little" for (name, data), _ in zip(entries, names)):
        bends.add("byteorder")
    if len(set(names)) != len(names):
        bends.add("duplicate-zip")
    if executed_opcodes(pickle_bytes) - OUR_OPCODES:
        bends.add("opcode")
    bends |= value_bends(analysed)
    unknown = [b for b in bends if b not in BEND_PHRASES]
    result = {"accepted": True, "reference": used, "bends": sorted(BEND_PHRASES[b] for b in bends if b in BEND_PHRASES)}
    if unknown:
        result["unanalysed"] = sorted(unknown)
    if not result["bends"]:
        depth = nesting(value)
        # JSON readers limit nesting (Foundation's to 512 levels): a deep value is described by its depth.
        result["description"] = describe(value) if depth <= 100 else {"value": ["deep", depth], "shared": [], "same": []}
    return result


def nesting(value) -> int:
    """The number of containers on the longest path from `value` (keys included), without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, tuple, dict)):
            deepest = max(deepest, depth)
            parts = [p for pair in item.items() for p in pair] if isinstance(item, dict) else item
            stack += [(part, depth + 1) for part in parts]
    return deepest


def printable(text: str) -> str:
    """One line, without lone surrogates (which JSON readers refuse)."""
    return " ".join(text.encode("utf-8", "replace").decode("utf-8").split())[:300]


def main() -> None:
    directory = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 600
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 19
    sys.setrecursionlimit(20_000)
    torch.serialization.torch._C.PyTorchFileReader = RecordingReader  # see RecordingReader
    rng = random.Random(seed)
    mutator = Mutator(rng)
    corpus = bases()
    manifest = []
    for number in range(count):
        base_name, entries = corpus[number % len(corpus)] if number < len(corpus) else rng.choice(corpus)
        mutation = "none"
        if number >= len(corpus):
            entries, mutation = mutator.mutate(entries)
        data = write_zip(entries)
        name = f"case-{number:04d}.pth"
        with open(os.path.join(directory, name), "wb") as file:
            file.write(data)
        case = {"file": name, "base": base_name, "mutation": mutation}
        case.update(reference(data, entries))
        manifest.append(case)
    with open(os.path.join(directory, "manifest.json"), "w") as file:
        json.dump(manifest, file)
    accepted = sum(case["accepted"] for case in manifest)
    bent = sum(bool(case.get("bends")) for case in manifest)
    print(json.dumps({"torch": torch.__version__, "cases": len(manifest), "accepted": accepted, "bends": bent}))


if __name__ == "__main__":
    main()
