// A restricted pickle reader, like PyTorch's weights_only unpickler
// (torch/_weights_only_unpickler.py): only the opcodes and globals that torch.save's data need.
// Every GLOBAL of the pickle is checked before anything is built, so a pickle naming any other
// function (os.system, builtins.eval, ...) is refused before anything runs.
import { UnpicklingError } from "./errors";
import { DTYPES, STORAGE_TYPES } from "./storage_types";

/** What a GLOBAL of an allowed name stands for. */
export class Global {
  constructor(readonly name: string) {}
}

/** The globals torchts's unpickler accepts (module.name after __builtin__ → builtins). */
export const ALLOWED_GLOBALS: ReadonlySet<string> = new Set([
  "torch._utils._rebuild_tensor",
  "torch._utils._rebuild_tensor_v2",
  "torch._utils._rebuild_parameter",
  "torch._utils._rebuild_parameter_with_state",
  "collections.OrderedDict",
  "builtins.set",
  "builtins.bytearray",
  "builtins.complex",
  "_codecs.encode",
  "torch.Size",
  "torch.device",
  ...[...STORAGE_TYPES.keys()].map((n) => `torch.${n}`),
  ...[...DTYPES.keys()].map((n) => `torch.${n}`),
]);

/** The allowed globals that are classes, which NEWOBJ may create (the others are functions). */
const NEWOBJ_CLASSES: ReadonlySet<string> = new Set(["collections.OrderedDict", "builtins.set", "builtins.bytearray", "torch.Size"]);

const BLOCKED_MODULES = new Set(["sys", "os", "posix", "nt"]);

/** A Python tuple while unpickling (an array once loaded). */
export class Tuple extends Array<unknown> {}
/** A Python dict while unpickling: keys in order, any key type. */
export class Dict extends Map<unknown, unknown> {}

export interface Callbacks {
  persistent_load(pid: unknown[]): unknown;
  call(fn: Global, args: unknown[]): unknown;
  /**
   * For readers of other pickles than torch.save's (torchvision's CIFAR batches): the globals
   * allowed instead of ALLOWED_GLOBALS, whether Python 2's BINSTRING (read as a latin1 str,
   * as pickle.load(encoding="latin1") does) is allowed, and what BUILD does to an object that
   * is not a dict (returns the object built).
   */
  globals?: ReadonlySet<string>;
  binstring?: boolean;
  build?(inst: unknown, state: unknown): unknown;
  /** NEWOBJ of a class outside the built-in few (torch.load's modules and allowed classes): the object made. */
  newobj?(cls: Global, args: unknown[]): unknown;
  /** The error's text for a GLOBAL that `globals` does not allow (full is Python's module.name). */
  refused?(full: string): string;
  /**
   * For plain pickle.dump's pickles (protocol 4, torch.distributed's object collectives): allow
   * STACK_GLOBAL, whose module and name come from the stack, so they are checked against
   * `globals` when it runs (a refused one throws before anything calls it).
   */
  stack_global?: boolean;
  /** For torch.save's legacy format with weights_only=false: ('module', class, ...) persistent ids (a whole module saved) go to persistent_load too. */
  legacy_module_pids?: boolean;
}

const MARK = Symbol("mark");

function readLine(b: Buffer, p: number, fail: (m: string) => Error): [string, number] {
  const end = b.indexOf(0x0a, p);
  if (end < 0) throw fail("truncated pickle (a global's name without its newline)");
  return [b.toString("utf8", p, end), end + 1];
}

// Python 2's module names, which protocol-2 pickles (torch.save's) spell and Python's unpickler
// maps to Python 3's (_compat_pickle.IMPORT_MAPPING): errors name the global as Python does.
const PY2_MODULES: Record<string, string> = {
  BaseHTTPServer: "http.server", CGIHTTPServer: "http.server", ConfigParser: "configparser", Cookie: "http.cookies",
  Dialog: "tkinter.dialog", DocXMLRPCServer: "xmlrpc.server", FileDialog: "tkinter.filedialog", HTMLParser: "html.parser",
  Queue: "queue", ScrolledText: "tkinter.scrolledtext", SimpleDialog: "tkinter.simpledialog", SimpleHTTPServer: "http.server",
  SimpleXMLRPCServer: "xmlrpc.server", SocketServer: "socketserver", StringIO: "io", Tix: "tkinter.tix",
  Tkconstants: "tkinter.constants", Tkdnd: "tkinter.dnd", Tkinter: "tkinter", UserDict: "collections", UserList: "collections",
  UserString: "collections", __builtin__: "builtins", _abcoll: "collections.abc", _elementtree: "xml.etree.ElementTree",
  _winreg: "winreg", anydbm: "dbm", cPickle: "pickle", cStringIO: "io", commands: "subprocess", cookielib: "http.cookiejar",
  copy_reg: "copyreg", dbhash: "dbm.bsd", dbm: "dbm.ndbm", dumbdbm: "dbm.dumb", dummy_thread: "_dummy_thread", gdbm: "dbm.gnu",
  htmlentitydefs: "html.entities", httplib: "http.client", markupbase: "_markupbase", repr: "reprlib",
  robotparser: "urllib.robotparser", "test.test_support": "test.support", thread: "_thread", tkColorChooser: "tkinter.colorchooser",
  tkCommonDialog: "tkinter.commondialog", tkFileDialog: "tkinter.filedialog", tkFont: "tkinter.font",
  tkMessageBox: "tkinter.messagebox", tkSimpleDialog: "tkinter.simpledialog", ttk: "tkinter.ttk", urllib2: "urllib.request",
  urlparse: "urllib.parse", whichdb: "dbm", xmlrpclib: "xmlrpc.client",
};

function globalName(module: string, name: string): string {
  if (Object.hasOwn(PY2_MODULES, module)) module = PY2_MODULES[module];
  return `${module}.${name}`;
}

// Bytes of argument each opcode takes: a number, or "line2" (GLOBAL), "u32" / "u8" (a length then that many bytes).
const ARGS: Record<number, number | "line2" | "u32" | "u8"> = {
  0x80: 1, 0x95: 8, 0x2e: 0, 0x63: "line2", 0x81: 0, 0x52: 0, 0x62: 0, 0x61: 0, 0x65: 0, 0x73: 0, 0x75: 0,
  0x28: 0, 0x74: 0, 0x85: 0, 0x86: 0, 0x87: 0, 0x4e: 0, 0x89: 0, 0x88: 0, 0x29: 0, 0x5d: 0, 0x7d: 0, 0x8f: 0,
  0x4a: 4, 0x4b: 1, 0x4d: 2, 0x47: 8, 0x58: "u32", 0x8c: "u8", 0x55: "u8", 0x42: "u32", 0x43: "u8", 0x51: 0,
  0x68: 1, 0x6a: 4, 0x71: 1, 0x72: 4, 0x94: 0, 0x8a: "u8", 0x90: 0, 0x30: 0, 0x31: 0,
};

// Pickle opcodes that a weights-only load refuses (Python's weights_only unpickler refuses them
// too: "Unsupported operand"), by name for the error. INST, OBJ, STACK_GLOBAL, NEWOBJ_EX, EXT1/2/4
// and PERSID are the ones that could reach a function or class outside the allowed globals.
const REFUSED: Record<number, string> = {
  0x49: "INT", 0x4c: "LONG", 0x8b: "LONG4", 0x53: "STRING", 0x54: "BINSTRING", 0x8e: "BINBYTES8", 0x96: "BYTEARRAY8",
  0x97: "NEXT_BUFFER", 0x98: "READONLY_BUFFER", 0x56: "UNICODE", 0x8d: "BINUNICODE8", 0x46: "FLOAT", 0x6c: "LIST",
  0x64: "DICT", 0x91: "FROZENSET", 0x32: "DUP", 0x67: "GET", 0x70: "PUT", 0x82: "EXT1", 0x83: "EXT2", 0x84: "EXT4",
  0x93: "STACK_GLOBAL", 0x69: "INST", 0x6f: "OBJ", 0x92: "NEWOBJ_EX", 0x50: "PERSID",
};

const ONLY_WEIGHTS =
  "torchts loads tensors, parameters, dicts, lists, tuples, sets, numbers, strings, dtypes, devices, the globals allowed by torch.serialization.add_safe_globals and (with weights_only=false) torch.nn modules; it never runs a pickle's code";

/** Checks every opcode and GLOBAL of the pickle without running anything. */
function scan(b: Buffer, fail: (m: string) => Error, cb: Callbacks | undefined, start: number): void {
  const allowed = cb?.globals ?? ALLOWED_GLOBALS;
  let p = start;
  // The last two string constants, to name the global a refused STACK_GLOBAL asks for.
  const strings: string[] = [];
  while (p < b.length) {
    const op = b[p];
    const arg = op === 0x54 && cb?.binstring ? "u32" : op === 0x93 && cb?.stack_global ? 0 : ARGS[op];
    if (arg === undefined) {
      const name = REFUSED[op];
      if (name === undefined) throw fail(`bad pickle opcode 0x${op.toString(16).padStart(2, "0")} at byte ${p} (not a pickle torch.load can read)`);
      let wanted = "";
      if (op === 0x93 && strings.length === 2) wanted = `, for the global ${globalName(strings[0], strings[1])}`;
      if (op === 0x69) {
        const [module, next] = readLine(b, p + 1, fail);
        const [cls] = readLine(b, next, fail);
        wanted = `, for the global ${globalName(module, cls)}`;
      }
      throw fail(`Weights only load failed: Unsupported operand ${op} (${name}) at byte ${p}${wanted}. ${ONLY_WEIGHTS}`);
    }
    p++;
    if (op === 0x2e) return;
    if (arg === "line2") {
      let module: string, name: string;
      [module, p] = readLine(b, p, fail);
      [name, p] = readLine(b, p, fail);
      const full = globalName(module, name);
      if (BLOCKED_MODULES.has(module)) {
        throw fail(`Weights only load failed: Trying to load unsupported GLOBAL ${full} whose module ${module} is blocked. Unsupported global: GLOBAL ${full}`);
      }
      if (!allowed.has(full)) {
        if (cb?.refused) throw fail(cb.refused(full));
        throw fail(`Weights only load failed: Unsupported global: GLOBAL ${full} was not an allowed global. ${ONLY_WEIGHTS}`);
      }
    } else if (arg === "u32" || arg === "u8") {
      if (p + (arg === "u32" ? 4 : 1) > b.length) break;
      const n = arg === "u32" ? b.readUInt32LE(p) : b[p];
      p += arg === "u32" ? 4 : 1;
      if (op === 0x58 || op === 0x8c || op === 0x55 || op === 0x54) {
        strings.push(n <= 256 ? b.toString("utf8", p, Math.min(p + n, b.length)) : "");
        if (strings.length > 2) strings.shift();
      }
      p += n;
    } else {
      p += arg;
    }
  }
  throw fail("truncated pickle (no STOP opcode)");
}

/** Unpickles `data`; `fail(problem)` makes the errors (naming the file). */
export function unpickle(data: Uint8Array, cb: Callbacks, fail: (m: string) => Error): unknown {
  return unpickleAt(data, 0, cb, fail).value;
}

/** Unpickles the pickle at byte `start` of `data`; `end` is the byte after its STOP (where a next pickle may start). */
export function unpickleAt(data: Uint8Array, start: number, cb: Callbacks, fail: (m: string) => Error): { value: unknown; end: number } {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  scan(b, fail, cb, start);
  let stack: unknown[] = [];
  const metastack: unknown[][] = [];
  const memo = new Map<number, unknown>();
  let p = start;
  const popMark = (): unknown[] => {
    const items = stack;
    const prev = metastack.pop();
    if (prev === undefined) throw fail("corrupt pickle (no MARK)");
    stack = prev;
    return items;
  };
  const pop = (): unknown => {
    if (stack.length === 0) throw fail(`corrupt pickle (stack underflow at byte ${p})`);
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) throw fail(`corrupt pickle (stack underflow at byte ${p})`);
    return stack[stack.length - 1];
  };
  const pushGlobal = (module: string, name: string): void => {
    const full = globalName(module, name);
    if (full.startsWith("torch.") && DTYPES.has(name)) stack.push(DTYPES.get(name));
    else stack.push(new Global(full));
  };
  const setItem = (d: unknown, k: unknown, v: unknown): void => {
    if (!(d instanceof Dict)) throw fail("corrupt pickle (SETITEM on something that is not a dict)");
    d.set(k, v);
  };
  for (;;) {
    const op = b[p++];
    switch (op) {
      case 0x80: p += 1; break; // PROTO
      case 0x95: p += 8; break; // FRAME
      case 0x2e: // STOP
        if (stack.length !== 1) throw fail("corrupt pickle (STOP with a stack that does not hold one value)");
        return { value: stack[0], end: p };
      case 0x63: {
        let module: string, name: string;
        [module, p] = readLine(b, p, fail);
        [name, p] = readLine(b, p, fail);
        pushGlobal(module, name);
        break;
      }
      case 0x93: { // STACK_GLOBAL (scan let it through only with cb.stack_global)
        const name = pop();
        const module = pop();
        if (typeof module !== "string" || typeof name !== "string") throw fail("corrupt pickle (STACK_GLOBAL needs two strings)");
        const full = globalName(module, name);
        if (BLOCKED_MODULES.has(module) || !(cb.globals ?? ALLOWED_GLOBALS).has(full)) {
          throw fail(cb.refused ? cb.refused(full) : `Unsupported global: GLOBAL ${full} was not an allowed global. ${ONLY_WEIGHTS}`);
        }
        pushGlobal(module, name);
        break;
      }
      case 0x52: { // REDUCE
        const args = pop();
        const fn = top();
        if (!(fn instanceof Global) || !(args instanceof Tuple)) throw fail("corrupt pickle (REDUCE needs a global and a tuple)");
        stack[stack.length - 1] = cb.call(fn, args);
        break;
      }
      case 0x81: { // NEWOBJ
        const args = pop();
        const cls = top();
        if (!(cls instanceof Global) || !(args instanceof Tuple)) throw fail("corrupt pickle (NEWOBJ needs a class and a tuple)");
        if (!NEWOBJ_CLASSES.has(cls.name) && cb.newobj) {
          stack[stack.length - 1] = cb.newobj(cls, args);
          break;
        }
        if (!NEWOBJ_CLASSES.has(cls.name)) throw fail(`Weights only load failed: NEWOBJ can only create objects of the allowed classes, but got ${cls.name}`);
        stack[stack.length - 1] = cb.call(cls, args);
        break;
      }
      case 0x62: { // BUILD: OrderedDict attributes (a state_dict's _metadata) are dropped
        const state = pop();
        const inst = top();
        if (cb.build && !(inst instanceof Dict)) {
          stack[stack.length - 1] = cb.build(inst, state);
          break;
        }
        if (!(inst instanceof Dict)) throw fail(`torchts cannot BUILD a ${typeof inst} (state ${typeof state})`);
        break;
      }
      case 0x61: { // APPEND
        const item = pop();
        const list = top();
        if (!Array.isArray(list) || list instanceof Tuple) throw fail("corrupt pickle (APPEND to something that is not a list)");
        list.push(item);
        break;
      }
      case 0x65: { // APPENDS
        const items = popMark();
        const list = top();
        if (!Array.isArray(list) || list instanceof Tuple) throw fail("corrupt pickle (APPENDS to something that is not a list)");
        for (const x of items) list.push(x);
        break;
      }
      case 0x90: { // ADDITEMS
        const items = popMark();
        const set = top();
        if (!(set instanceof Set)) throw fail("corrupt pickle (ADDITEMS to something that is not a set)");
        for (const x of items) set.add(x);
        break;
      }
      case 0x73: { // SETITEM
        const v = pop();
        const k = pop();
        setItem(top(), k, v);
        break;
      }
      case 0x75: { // SETITEMS
        const items = popMark();
        if (items.length % 2 !== 0) throw fail("corrupt pickle (SETITEMS with an odd number of items)");
        const d = top();
        for (let i = 0; i < items.length; i += 2) setItem(d, items[i], items[i + 1]);
        break;
      }
      case 0x28: metastack.push(stack); stack = []; break; // MARK
      case 0x74: { const items = popMark(); stack.push(Tuple.from(items) as Tuple); break; } // TUPLE
      case 0x85: { const a = pop(); stack.push(Tuple.of(a)); break; }
      case 0x86: { const y = pop(); const x = pop(); stack.push(Tuple.of(x, y)); break; }
      case 0x87: { const z = pop(); const y = pop(); const x = pop(); stack.push(Tuple.of(x, y, z)); break; }
      case 0x4e: stack.push(null); break;
      case 0x89: stack.push(false); break;
      case 0x88: stack.push(true); break;
      case 0x29: stack.push(new Tuple()); break;
      case 0x5d: stack.push([]); break;
      case 0x7d: stack.push(new Dict()); break;
      case 0x8f: stack.push(new Set()); break;
      case 0x4a: stack.push(b.readInt32LE(p)); p += 4; break;
      case 0x4b: stack.push(b[p]); p += 1; break;
      case 0x4d: stack.push(b.readUInt16LE(p)); p += 2; break;
      case 0x47: stack.push(b.readDoubleBE(p)); p += 8; break;
      case 0x58: case 0x8c: case 0x55: case 0x54: { // BINUNICODE, SHORT_BINUNICODE, SHORT_BINSTRING, BINSTRING (scan allowed it)
        const long = op === 0x58 || op === 0x54;
        const n = long ? b.readUInt32LE(p) : b[p];
        p += long ? 4 : 1;
        stack.push(b.toString(op === 0x55 || op === 0x54 ? "latin1" : "utf8", p, p + n));
        p += n;
        break;
      }
      case 0x42: case 0x43: { // BINBYTES, SHORT_BINBYTES
        const n = op === 0x42 ? b.readUInt32LE(p) : b[p];
        p += op === 0x42 ? 4 : 1;
        stack.push(Uint8Array.from(b.subarray(p, p + n)));
        p += n;
        break;
      }
      case 0x51: { // BINPERSID
        const pid = pop();
        // Python 2's files may name the kind as bytes (torch.serialization._maybe_decode_ascii)
        const kind = pid instanceof Tuple && pid[0] instanceof Uint8Array ? Buffer.from(pid[0]).toString("ascii") : pid instanceof Tuple ? pid[0] : undefined;
        if (kind !== "storage" && !(kind === "module" && cb.legacy_module_pids)) throw fail("Weights only load failed: only persistent ids of storages are allowed");
        stack.push(cb.persistent_load(pid as Tuple));
        break;
      }
      case 0x68: case 0x6a: { // BINGET, LONG_BINGET
        const i = op === 0x68 ? b[p] : b.readUInt32LE(p);
        p += op === 0x68 ? 1 : 4;
        if (!memo.has(i)) throw fail(`corrupt pickle (memo ${i} is not set)`);
        stack.push(memo.get(i));
        break;
      }
      case 0x71: case 0x72: { // BINPUT, LONG_BINPUT
        const i = op === 0x71 ? b[p] : b.readUInt32LE(p);
        p += op === 0x71 ? 1 : 4;
        memo.set(i, top());
        break;
      }
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x8a: { // LONG1
        const n = b[p];
        p += 1;
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[p + i]);
        if (n > 0 && b[p + n - 1] & 0x80) v -= 1n << BigInt(8 * n);
        p += n;
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      default:
        throw fail(`bad pickle opcode 0x${(op ?? 0).toString(16)} at byte ${p - 1}`);
    }
  }
}
